//! The capacity at target: the most calls per day at which the call claims still hold,
//! searched on a grid of `--capacity-step` calls.

use std::collections::HashMap;

use super::{CallClaim, Evaluation, Evaluator, bisect};
use crate::scenario::MAX_CALLS_PER_DAY;
use crate::stats::Verdict;

/// The largest calls per day meeting a condition, on a grid of `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CapacityBound {
    /// Met at this value, missed one step above.
    Exactly(f64),
    /// Met at the largest value tried.
    AtLeast(f64),
    /// Missed even at one step.
    Below(f64),
}

impl CapacityBound {
    pub fn value(self) -> f64 {
        match self {
            CapacityBound::Exactly(x) | CapacityBound::AtLeast(x) => x,
            CapacityBound::Below(_) => 0.0,
        }
    }

    pub fn kind(self) -> &'static str {
        match self {
            CapacityBound::Exactly(_) => "exact",
            CapacityBound::AtLeast(_) => "at_least",
            CapacityBound::Below(_) => "below",
        }
    }

    pub fn describe(self) -> String {
        match self {
            CapacityBound::Exactly(x) => format!("{x:.0}"),
            CapacityBound::AtLeast(x) => format!("≥ {x:.0} (largest tried)"),
            CapacityBound::Below(x) => format!("< {x:.0} (missed at one step)"),
        }
    }
}

/// What the capacity search found.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacitySearch {
    pub step: f64,
    /// Largest calls per day at which every all-days claim's mean holds.
    pub at_mean: CapacityBound,
    /// Largest calls per day at which every all-days claim is SUPPORTED (whole interval).
    pub supported: CapacityBound,
    /// Largest calls per day at which no all-days claim is NOT SUPPORTED.
    pub not_refuted: CapacityBound,
    /// Calls per day simulated, with whether the three conditions held there.
    pub tried: Vec<(f64, [bool; 3])>,
}

/// Searches `calls_per_day` on a grid of `step` (bracketing from `anchor` by doubling,
/// then bisection), with the bid's staffing, for the three conditions of
/// [`CapacitySearch`]. `at_anchor` is the evaluation at `anchor`, already run.
pub fn capacity(
    ev: &mut Evaluator<'_>,
    anchor: f64,
    step: f64,
    at_anchor: &Evaluation,
) -> CapacitySearch {
    let claims = ev.claims;
    let max_units = (MAX_CALLS_PER_DAY / step).floor() as i64;
    let anchor_units = ((anchor / step).round() as i64).clamp(1, max_units);
    let mut cache: HashMap<i64, [bool; 3]> = HashMap::new();
    if (anchor_units as f64 * step - anchor).abs() < 1e-9 {
        cache.insert(anchor_units, conditions(at_anchor, claims, &ev.all_days));
    }
    let mut status = |u: i64, ev: &mut Evaluator<'_>| -> [bool; 3] {
        if let Some(s) = cache.get(&u) {
            return *s;
        }
        let mut sc = ev.base.clone();
        sc.demand.calls_per_day = u as f64 * step;
        let e = ev.evaluate(&sc, &format!("capacity: {:.0} calls/day", u as f64 * step));
        let s = conditions(&e, claims, &ev.all_days);
        cache.insert(u, s);
        s
    };
    let mut search = |which: usize, ev: &mut Evaluator<'_>| -> CapacityBound {
        let (mut good, mut bad);
        if status(anchor_units, ev)[which] {
            good = anchor_units;
            let mut jump = 1;
            loop {
                let u = (good + jump).min(max_units);
                if u == good {
                    return CapacityBound::AtLeast(good as f64 * step);
                }
                if status(u, ev)[which] {
                    good = u;
                    jump *= 2;
                } else {
                    bad = u;
                    break;
                }
            }
        } else {
            bad = anchor_units;
            let mut jump = 1;
            loop {
                let u = (bad - jump).max(1);
                if u == bad {
                    return CapacityBound::Below(step);
                }
                if status(u, ev)[which] {
                    good = u;
                    break;
                }
                bad = u;
                jump *= 2;
            }
        }
        let (good, _) = bisect(good, bad, |u| status(u, ev)[which]);
        CapacityBound::Exactly(good as f64 * step)
    };
    let at_mean = search(0, ev);
    let supported = search(1, ev);
    let not_refuted = search(2, ev);
    let mut tried: Vec<(f64, [bool; 3])> = cache
        .into_iter()
        .map(|(u, s)| (u as f64 * step, s))
        .collect();
    tried.sort_by(|a, b| a.0.total_cmp(&b.0));
    CapacitySearch {
        step,
        at_mean,
        supported,
        not_refuted,
        tried,
    }
}

/// `[every mean holds, every claim supported, no claim not supported]` over the all-days
/// claims.
fn conditions(e: &Evaluation, claims: &[CallClaim], all_days: &[usize]) -> [bool; 3] {
    let verdicts: Vec<Verdict> = all_days
        .iter()
        .map(|&i| Verdict::of_claim(e.estimates[i], claims[i].bound))
        .collect();
    [
        all_days.iter().all(|&i| e.mean_holds(claims, i)),
        verdicts.iter().all(|v| *v == Verdict::Met),
        verdicts.iter().all(|v| *v != Verdict::Missed),
    ]
}
