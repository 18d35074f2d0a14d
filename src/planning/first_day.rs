//! The scenario's per-interval requirement on its first working day, as `ccplan erlang
//! --scenario` prints it: per line and interval, the arrivals reaching that line's agents,
//! their mean handling time, the offered load, the agents rostered (after shrinkage) and
//! the agents the scenario's targets require, each interval solved on its own (SIPP) by
//! [`Staffing`], as the run's `intervals` table sizes it (Erlang A with the patience mean,
//! treated as exponential; Erlang C without patience).
//!
//! Unlike `staff --method sipp` ([`super::staff`]), which sizes the 2nd line for the 1st
//! line's *answered* transfers over every day of the horizon, this is the scenario's
//! offered demand of one day, every transfer counted: the quick look a planner takes
//! before simulating.

use jiff::civil::Date;

use crate::erlang::Target;
use crate::erlang::json::IntervalRow;
use crate::error::{Error, Result};
use crate::scenario::{LineId, Scenario, hhmm};
use crate::tables::staffing::{Staffing, scenario_targets};

/// The first working day's requirement, and what it was computed for.
#[derive(Debug, Clone)]
pub struct FirstDay {
    /// The scenario's first working day.
    pub date: Date,
    /// The targets sized for: the scenario's, or the default one.
    pub targets: Vec<Target>,
    /// Set when the scenario states no call target, saying which default was used.
    pub default_note: Option<String>,
    /// One row per line (1st, then 2nd when present) and interval of the day.
    pub rows: Vec<IntervalRow>,
}

/// The requirement of `scenario`'s first working day.
///
/// # Errors
/// [`Error::Usage`] when the scenario has no working day; [`Error::Model`] naming the line,
/// interval and date when the solver cannot size an interval.
pub fn requirement(scenario: &Scenario) -> Result<FirstDay> {
    let Some(&date) = scenario.calendar.working_days.first() else {
        return Err(Error::Usage(format!(
            "scenario `{}` has no working day to plan",
            scenario.name
        )));
    };
    let (targets, defaulted) = scenario_targets(scenario);
    let default_note = defaulted.then(|| {
        format!(
            "The scenario states no call target: agents required for {}.",
            targets[0]
        )
    });
    let mut staffing = Staffing::new(scenario);
    let interval_s = f64::from(scenario.calendar.interval_s);

    let mut rows = Vec::new();
    for line in LineId::ALL {
        if scenario.lines.get(line).is_none() {
            continue;
        }
        for i in 0..scenario.calendar.intervals_per_day() {
            // The interval's mean handling (with `handle_factor_by_interval`).
            let (calls_per_call, handle_s) = scenario.line_workload_at(line, i);
            let start_s = scenario.calendar.interval_start_s(i);
            let arrivals_per_hour =
                scenario.expected_in(date, i) / interval_s * calls_per_call * 3600.0;
            let agents_required =
                staffing
                    .try_required(arrivals_per_hour, handle_s)
                    .map_err(|e| {
                        Error::Model(format!("{} {} on {date}: {e}", line.key(), hhmm(start_s)))
                    })?;
            rows.push(IntervalRow {
                line: line.key().to_owned(),
                interval_start: hhmm(start_s),
                arrivals_per_hour,
                aht_s: handle_s,
                offered_load_erlangs: scenario.offered_load_erlangs(date, line, i),
                agents_available: scenario.agents_available(line, date, start_s),
                agents_required,
            });
        }
    }
    Ok(FirstDay {
        date,
        targets,
        default_note,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erlang::Model;

    fn minimal() -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/minimal.yaml");
        crate::scenario::load(&path).unwrap()
    }

    #[test]
    fn each_row_is_erlang_a_on_the_interval_s_own_load() {
        let sc = minimal();
        let day = requirement(&sc).unwrap();
        assert_eq!(day.date, sc.calendar.working_days[0]);
        assert_eq!(day.rows.len(), sc.calendar.intervals_per_day());
        let (targets, threshold_s) = crate::tables::staffing::targets_and_threshold(&sc);
        let patience_s = sc.callers.patience.as_ref().map(|p| p.mean_s());
        for r in &day.rows {
            // Little's law: offered load = arrival rate × mean handling time.
            let load = r.arrivals_per_hour / 3600.0 * r.aht_s;
            assert!((load - r.offered_load_erlangs).abs() <= 1e-9 * load.max(1.0));
            if load == 0.0 {
                assert_eq!(r.agents_required, 0);
                continue;
            }
            // The requirement meets every target, and one agent fewer does not.
            let mut m = Model::new(r.arrivals_per_hour, r.aht_s).unwrap();
            if let Some(p) = patience_s {
                m = m.with_patience_s(p).unwrap();
            }
            let meets = |n: u32| {
                n > 0
                    && m.figures(f64::from(n), threshold_s)
                        .is_ok_and(|f| targets.iter().all(|t| t.is_met(&f) == Some(true)))
            };
            assert!(meets(r.agents_required), "{r:?}");
            assert!(!meets(r.agents_required - 1), "{r:?}");
        }
    }
}
