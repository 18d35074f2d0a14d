//! Agents required per interval by the exact Erlang formulas, for the `agents_required`
//! column of `intervals`.

use std::collections::BTreeMap;

use crate::erlang::{ErlangError, MIN_LOAD_ERLANGS, Model, Target, required_agents};
use crate::scenario::Scenario;
use crate::service_level::SlDefinition;

/// The service level sized for when the scenario states no call target: 80% answered
/// within 20 s, abandoned calls counted as misses.
pub const DEFAULT_TARGET: Target = Target::ServiceLevel {
    definition: SlDefinition::Offered,
    threshold_s: 20.0,
    at_least: 0.8,
};

/// The scenario's call targets as staffing targets; [`DEFAULT_TARGET`] when it states none
/// (the flag says so).
pub fn scenario_targets(sc: &Scenario) -> (Vec<Target>, bool) {
    let t = &sc.targets;
    let mut targets = Vec::new();
    if let Some(sl) = t.service_level {
        targets.push(Target::ServiceLevel {
            definition: sl.definition,
            threshold_s: sl.within_s,
            at_least: sl.at_least,
        });
    }
    if let Some(at_most) = t.abandonment_at_most {
        targets.push(Target::Abandonment { at_most });
    }
    if let Some(at_most_s) = t.asa_at_most_s {
        targets.push(Target::Asa { at_most_s });
    }
    if let Some(at_most) = t.occupancy_at_most {
        targets.push(Target::Occupancy { at_most });
    }
    if targets.is_empty() {
        (vec![DEFAULT_TARGET], true)
    } else {
        (targets, false)
    }
}

/// The scenario's call targets (as [`scenario_targets`]) and the threshold service levels
/// are counted at, seconds: the service-level target's, 20 s without one.
pub fn targets_and_threshold(sc: &Scenario) -> (Vec<Target>, f64) {
    let (targets, _) = scenario_targets(sc);
    let threshold_s = targets
        .iter()
        .find_map(|t| match *t {
            Target::ServiceLevel { threshold_s, .. } => Some(threshold_s),
            _ => None,
        })
        .unwrap_or(20.0);
    (targets, threshold_s)
}

/// Sizes intervals for a scenario's targets, remembering answers: many intervals share
/// the same demand.
#[derive(Debug)]
pub struct Staffing {
    targets: Vec<Target>,
    threshold_s: f64,
    patience_s: Option<f64>,
    /// Keyed by the bits of (arrivals per hour, mean handle seconds).
    known: BTreeMap<(u64, u64), Result<u32, ErlangError>>,
}

impl Staffing {
    pub fn new(sc: &Scenario) -> Self {
        let (targets, threshold_s) = targets_and_threshold(sc);
        Staffing {
            targets,
            threshold_s,
            patience_s: sc.callers.patience.as_ref().map(|p| p.mean_s()),
            known: BTreeMap::new(),
        }
    }

    /// Fewest agents meeting every target at `arrivals_per_hour` with mean handling time
    /// `handle_s` (Erlang A with the patience mean, Erlang C without patience): 0 without
    /// load, `None` when no staffing meets the targets or the solver's range is exceeded.
    ///
    /// A load below [`MIN_LOAD_ERLANGS`] (the solver's smallest, 10⁻⁹ erlangs: less than a
    /// ten-thousandth of a second of work in a day) is no load: it needs no agent.
    /// Such loads come from the modified offered load, whose exponential tail after the
    /// last arrivals decays towards 0 without reaching it.
    pub fn required(&mut self, arrivals_per_hour: f64, handle_s: f64) -> Option<u32> {
        self.try_required(arrivals_per_hour, handle_s).ok()
    }

    /// As [`Staffing::required`], with the solver's reason when there is no answer.
    ///
    /// # Errors
    /// The [`ErlangError`] of the model or of the staffing search.
    pub fn try_required(
        &mut self,
        arrivals_per_hour: f64,
        handle_s: f64,
    ) -> Result<u32, ErlangError> {
        if !(arrivals_per_hour > 0.0 && handle_s > 0.0)
            || arrivals_per_hour * handle_s / 3600.0 < MIN_LOAD_ERLANGS
        {
            return Ok(0);
        }
        let key = (arrivals_per_hour.to_bits(), handle_s.to_bits());
        if let Some(known) = self.known.get(&key) {
            return known.clone();
        }
        let answer = (|| {
            let mut model = Model::new(arrivals_per_hour, handle_s)?;
            if let Some(p) = self.patience_s {
                model = model.with_patience_s(p)?;
            }
            required_agents(&model, &self.targets, self.threshold_s).map(|r| r.agents)
        })();
        self.known.insert(key, answer.clone());
        answer
    }
}
