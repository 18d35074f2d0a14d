//! Staffing: the fewest agents that meet one or more targets.
//!
//! Every target here improves as agents are added (service levels rise; ASA, abandonment
//! and occupancy fall), so "all targets met" is monotone in the agents. The search starts
//! at the square-root staffing guess N = R + β√R, brackets the answer by doubling steps
//! away from it and closes the bracket by bisection: O(log N) evaluations, each O(N).

use std::collections::BTreeMap;
use std::fmt;

use super::error::{ErlangError, non_negative, positive, probability};
use super::figures::Figures;
use super::model::Model;
use crate::service_level::SlDefinition;

/// Safety factor β of the starting guess R + β√R.
const GUESS_BETA: f64 = 1.0;
/// Beyond R + WAIT_VANISHES_BETA·√R (+ margin) waiting has vanished to double precision:
/// if a target is not met there, more agents cannot meet it.
const WAIT_VANISHES_BETA: f64 = 40.0;
/// Agents added to that bound for small loads.
const WAIT_VANISHES_MARGIN: f64 = 100.0;
/// Largest staffing the search considers [agents]; each evaluation costs O(agents).
const MAX_SEARCH_AGENTS: f64 = 1e7;

/// A staffing target for one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// At least `at_least` [probability, < 1] answered within `threshold_s` [s], counted
    /// by `definition`.
    ServiceLevel {
        /// How abandoned calls are counted.
        definition: SlDefinition,
        /// Threshold T [s].
        threshold_s: f64,
        /// Smallest acceptable service level [probability].
        at_least: f64,
    },
    /// Mean wait of answered calls at most `at_most_s` [s].
    Asa {
        /// Largest acceptable ASA [s], above 0.
        at_most_s: f64,
    },
    /// P(abandon) of admitted calls at most `at_most` [probability].
    Abandonment {
        /// Largest acceptable abandonment probability.
        at_most: f64,
    },
    /// Occupancy at most `at_most` [probability, above 0].
    Occupancy {
        /// Largest acceptable occupancy.
        at_most: f64,
    },
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Target::ServiceLevel {
                definition,
                threshold_s,
                at_least,
            } => write!(
                f,
                "service level ({}) at least {} within {} s",
                definition.key(),
                at_least,
                threshold_s
            ),
            Target::Asa { at_most_s } => write!(f, "ASA at most {at_most_s} s"),
            Target::Abandonment { at_most } => write!(f, "abandonment at most {at_most}"),
            Target::Occupancy { at_most } => write!(f, "occupancy at most {at_most}"),
        }
    }
}

impl Target {
    /// Whether `figures` meet the target. A service-level target is judged at its own
    /// threshold: `None` when `figures` were computed at another one.
    pub fn is_met(&self, figures: &Figures) -> Option<bool> {
        Some(match *self {
            Target::ServiceLevel {
                definition,
                threshold_s,
                at_least,
            } => {
                if figures.sl_threshold_s != threshold_s {
                    return None;
                }
                figures.service_level.get(definition) >= at_least
            }
            Target::Asa { at_most_s } => figures.asa_s <= at_most_s,
            Target::Abandonment { at_most } => figures.p_abandon <= at_most,
            Target::Occupancy { at_most } => figures.occupancy <= at_most,
        })
    }

    /// The service-level threshold the target is judged at, if any [s].
    fn threshold_s(&self) -> Option<f64> {
        match *self {
            Target::ServiceLevel { threshold_s, .. } => Some(threshold_s),
            _ => None,
        }
    }

    /// Rejects targets out of range or that no staffing of `model` can meet.
    fn check(&self, model: &Model) -> Result<(), ErlangError> {
        let infeasible = |reason: &str| ErlangError::Infeasible {
            target: self.to_string(),
            reason: reason.to_owned(),
        };
        match *self {
            Target::ServiceLevel {
                threshold_s,
                at_least,
                ..
            } => {
                non_negative("sl_threshold_s", threshold_s)?;
                probability("target_sl", at_least)?;
                if at_least >= 1.0 {
                    return Err(infeasible(
                        "waiting times have an unbounded tail, so no finite number of agents \
                         answers every call within the threshold; aim below 100%",
                    ));
                }
            }
            Target::Asa { at_most_s } => {
                positive("target_asa_s", at_most_s)?;
            }
            Target::Abandonment { at_most } => {
                probability("max_abandon", at_most)?;
                if at_most == 0.0
                    && model.patience_s().is_some()
                    && model.lines().is_none()
                    && model.arrivals_per_hour() > 0.0
                {
                    return Err(infeasible(
                        "with finite patience any caller who waits may hang up, so the \
                         abandonment probability is above 0 at every staffing",
                    ));
                }
            }
            Target::Occupancy { at_most } => {
                probability("max_occupancy", at_most)?;
                if at_most == 0.0 && model.arrivals_per_hour() > 0.0 {
                    return Err(infeasible(
                        "agents who answer calls are busy some of the time",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The answer of a staffing search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Requirement {
    /// The fewest agents meeting every target [agents].
    pub agents: u32,
    /// Figures at that many agents, with the service level at the threshold asked for.
    pub figures: Figures,
}

/// Square-root staffing N = R + β√R [agents] for an offered load `load_erlangs` = R
/// [erlangs] and a quality factor β (Halfin–Whitt; β ≈ 1 gives P(wait) ≈ 0.2).
pub fn square_root_staffing(load_erlangs: f64, beta: f64) -> f64 {
    load_erlangs + beta * load_erlangs.sqrt()
}

/// The fewest agents with which `model` meets every target in `targets` (several targets
/// give the largest of their single requirements), with the figures at that count and
/// the service level reported at `sl_threshold_s` [s].
///
/// # Errors
/// [`ErlangError::Infeasible`] when no staffing meets a target (a service level of 100%,
/// an abandonment cap of 0 with patience, an occupancy cap of 0, or a target still missed
/// once waiting has vanished); [`ErlangError::InvalidInput`] for targets out of range or an
/// empty list; [`ErlangError::TooLarge`] when the answer could exceed 10 million agents;
/// model errors other than Erlang C instability, which only means "too few".
pub fn required_agents(
    model: &Model,
    targets: &[Target],
    sl_threshold_s: f64,
) -> Result<Requirement, ErlangError> {
    non_negative("sl_threshold_s", sl_threshold_s)?;
    if targets.is_empty() {
        return Err(ErlangError::InvalidInput {
            name: "targets",
            value: 0.0,
            expected: "at least one target",
        });
    }
    for t in targets {
        t.check(model)?;
    }
    let load = model.offered_load_erlangs();
    let mut guess = square_root_staffing(load, GUESS_BETA);
    let mut cap = square_root_staffing(load, WAIT_VANISHES_BETA) + WAIT_VANISHES_MARGIN;
    for t in targets {
        if let Target::Occupancy { at_most } = *t {
            // The carried load never exceeds the offered load of first attempts (each
            // caller is answered at most once), so A / cap agents always meet the cap
            // (without arrivals any agent does, even with a cap of 0).
            if load > 0.0 {
                guess = guess.max(load / at_most);
                cap = cap.max(load / at_most + 2.0);
            }
        }
    }
    if cap > MAX_SEARCH_AGENTS {
        return Err(ErlangError::TooLarge {
            what: "staffing search",
            detail: format!(
                "up to {cap:.3e} agents may be needed; the search stops at {MAX_SEARCH_AGENTS:e}"
            ),
        });
    }
    let cap = cap.ceil() as u32;
    let meets = |n: u32| meets_all(model, targets, n);

    let guess = (guess.ceil() as u32).clamp(1, cap);
    // Bracket: `lo` fails (0 always does), `hi` meets.
    let (mut lo, mut hi) = if meets(guess)? {
        let mut hi = guess;
        let mut step = 1u32;
        loop {
            let lo = hi.saturating_sub(step);
            if lo == 0 || !meets(lo)? {
                break (lo, hi);
            }
            hi = lo;
            step = step.saturating_mul(2);
        }
    } else {
        let mut lo = guess;
        let mut step = 1u32;
        loop {
            let hi = lo.saturating_add(step).min(cap);
            if meets(hi)? {
                break (lo, hi);
            }
            if hi == cap {
                let missed = targets
                    .iter()
                    .find(|t| !meets_all(model, std::slice::from_ref(t), cap).unwrap_or(false))
                    .unwrap_or(&targets[0]);
                return Err(ErlangError::Infeasible {
                    target: missed.to_string(),
                    reason: format!(
                        "still missed with {cap} agents, where waiting has vanished to double \
                         precision for an offered load of {load:.3} erlangs"
                    ),
                });
            }
            lo = hi;
            step = step.saturating_mul(2);
        }
    };
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if meets(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(Requirement {
        agents: hi,
        figures: model.figures(f64::from(hi), sl_threshold_s)?,
    })
}

/// Whether `n` agents meet every target; too few agents for a steady state do not.
fn meets_all(model: &Model, targets: &[Target], n: u32) -> Result<bool, ErlangError> {
    if n == 0 {
        return Ok(false);
    }
    // One evaluation per distinct service-level threshold (the other targets do not depend
    // on it); keyed by the threshold's bits.
    let mut by_threshold: BTreeMap<u64, Figures> = BTreeMap::new();
    let default_t = targets.iter().find_map(Target::threshold_s).unwrap_or(0.0);
    for t in targets {
        let thr = t.threshold_s().unwrap_or(default_t);
        let figures = match by_threshold.get(&thr.to_bits()) {
            Some(f) => *f,
            None => match model.figures(f64::from(n), thr) {
                Ok(f) => *by_threshold.entry(thr.to_bits()).or_insert(f),
                Err(ErlangError::Unstable { .. }) => return Ok(false),
                Err(e) => return Err(e),
            },
        };
        if t.is_met(&figures) != Some(true) {
            return Ok(false);
        }
    }
    Ok(true)
}
