//! The staffing margin of each call claim: how many agents the claim's line could lose,
//! or must gain, for the claim's mean to hold, found by bisection over scenarios with
//! agents added or removed uniformly over the opening hours.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{Evaluation, Evaluator, MARGIN_PEAK, MAX_AGENTS_ADDED, bisect};
use crate::scenario::{LineId, Peak, Reinforcement, Scenario, Staffing};

/// The base scenario with `delta` agents on `line`, uniformly over the opening hours:
/// added as temporary agents present open to close every day (a reinforcement tied to an
/// always-in-force peak of factor 1, which leaves demand untouched); removed from the
/// shifts spanning the whole opening window, the last written first. `None` when fewer
/// agents than that are on such shifts (or the line is staffed by interval).
pub fn with_agents(sc: &Scenario, line: LineId, delta: i64) -> Option<Scenario> {
    let mut out = sc.clone();
    if delta == 0 {
        return Some(out);
    }
    let (open, close) = (sc.calendar.open_s, sc.calendar.close_s);
    if delta > 0 {
        out.demand.peaks.push(Peak {
            name: MARGIN_PEAK.into(),
            dates: None,
            days_of_month: Vec::new(),
            factor: 1.0,
        });
        let peak = out.demand.peaks.len() - 1;
        let l = line_mut(&mut out, line)?;
        l.reinforcement.push(Reinforcement {
            peak,
            extra_agents: u32::try_from(delta).ok()?,
        });
        return Some(out);
    }
    let mut left = delta.unsigned_abs();
    if removable_agents(sc, line) < left {
        return None;
    }
    let l = line_mut(&mut out, line)?;
    if let Staffing::Shifts(shifts) = &mut l.staffing {
        for s in shifts.iter_mut().rev() {
            if s.start_s == open && s.end_s == close && left > 0 {
                let take = left.min(s.agents as u64);
                s.agents -= take as u32;
                left -= take;
            }
        }
    }
    (left == 0).then_some(out)
}

/// Agents on `line`'s shifts that span the whole opening window (what [`with_agents`] can
/// remove).
pub fn removable_agents(sc: &Scenario, line: LineId) -> u64 {
    let (open, close) = (sc.calendar.open_s, sc.calendar.close_s);
    match sc.lines.get(line).map(|l| &l.staffing) {
        Some(Staffing::Shifts(shifts)) => shifts
            .iter()
            .filter(|s| s.start_s == open && s.end_s == close)
            .map(|s| s.agents as u64)
            .sum(),
        _ => 0,
    }
}

fn line_mut(sc: &mut Scenario, line: LineId) -> Option<&mut crate::scenario::Line> {
    match line {
        LineId::First => Some(&mut sc.lines.first),
        LineId::Second => sc.lines.second.as_mut(),
    }
}

/// Agents that could be removed from, or must be added to, the claim's line for its mean
/// to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Margin {
    /// The claim holds with this many agents fewer (and not with one more removed).
    Spare(u64),
    /// The claim holds even with every agent of the open–close shifts removed: at least
    /// this many are spare.
    SpareAtLeast(u64),
    /// The claim holds only with this many agents more (and not with one fewer).
    Short(u64),
    /// The claim does not hold even with this many agents added.
    ShortMoreThan(u64),
    /// The figure is undefined (no call in the claim's days).
    Undefined,
}

impl Margin {
    /// Signed agents: positive spare, negative short (`None` when undefined).
    pub fn agents(self) -> Option<i64> {
        match self {
            Margin::Spare(n) | Margin::SpareAtLeast(n) => Some(n as i64),
            Margin::Short(n) | Margin::ShortMoreThan(n) => Some(-(n as i64)),
            Margin::Undefined => None,
        }
    }

    /// `exact`, `at_least` (spare), `more_than` (short), `undefined`.
    pub fn kind(self) -> &'static str {
        match self {
            Margin::Spare(_) | Margin::Short(_) => "exact",
            Margin::SpareAtLeast(_) => "at_least",
            Margin::ShortMoreThan(_) => "more_than",
            Margin::Undefined => "undefined",
        }
    }

    pub fn describe(self) -> String {
        let s = |n: u64| if n == 1 { "" } else { "s" };
        match self {
            Margin::Spare(0) => "0 (no agent to spare)".into(),
            Margin::Spare(n) => format!("+{n} (agent{} could be removed)", s(n)),
            Margin::SpareAtLeast(n) => format!("≥ +{n} (every open–close agent could be removed)"),
            Margin::Short(n) => format!("−{n} (agent{} must be added)", s(n)),
            Margin::ShortMoreThan(n) => format!("< −{n} (not met even with {n} added)"),
            Margin::Undefined => "–".into(),
        }
    }
}

/// Finds the margin of every claim by bracketing and bisection over the agents added or
/// removed, with every variant simulated once (results are shared between claims).
pub fn margins(ev: &mut Evaluator<'_>, at_zero: &Evaluation) -> Vec<Margin> {
    let mut cache: HashMap<i64, Evaluation> = HashMap::new();
    cache.insert(0, at_zero.clone());
    let removable = removable_agents(&ev.base, ev.line);
    let claims = ev.claims;
    (0..claims.len())
        .map(|i| {
            if at_zero.estimates[i].mean.is_nan() {
                return Margin::Undefined;
            }
            let mut holds = |delta: i64, ev: &mut Evaluator<'_>| -> bool {
                if let Entry::Vacant(slot) = cache.entry(delta) {
                    let sc = with_agents(&ev.base, ev.line, delta)
                        .expect("deltas searched are within the removable agents");
                    let what = if delta > 0 {
                        format!("margins: {delta} agents added")
                    } else {
                        format!("margins: {} agents removed", -delta)
                    };
                    let e = ev.evaluate(&sc, &what);
                    slot.insert(e);
                }
                cache[&delta].mean_holds(claims, i)
            };
            if at_zero.mean_holds(claims, i) {
                // Largest m ≤ removable with the claim holding at −m.
                let (mut good, mut bad) = (0u64, None);
                let mut m = 1u64;
                while m <= removable {
                    if holds(-(m as i64), ev) {
                        good = m;
                        m *= 2;
                    } else {
                        bad = Some(m);
                        break;
                    }
                }
                let bad = match bad {
                    Some(bad) => bad,
                    None => {
                        if good == removable || removable == 0 {
                            return if removable == 0 {
                                Margin::Spare(0)
                            } else {
                                Margin::SpareAtLeast(removable)
                            };
                        }
                        if holds(-(removable as i64), ev) {
                            return Margin::SpareAtLeast(removable);
                        }
                        // Held at `good`, not at `removable`: bisect between them.
                        removable
                    }
                };
                let (good, _) = bisect(good as i64, bad as i64, |m| holds(-m, ev));
                Margin::Spare(good as u64)
            } else {
                // Smallest m ≥ 1 with the claim holding at +m.
                let (mut bad, mut good) = (0u64, None);
                let mut m = 1u64;
                while m <= MAX_AGENTS_ADDED as u64 {
                    if holds(m as i64, ev) {
                        good = Some(m);
                        break;
                    }
                    bad = m;
                    m *= 2;
                }
                let Some(good) = good else {
                    return Margin::ShortMoreThan(bad);
                };
                // Below the boundary the claim fails, above it holds.
                let (_, good) = bisect(bad as i64, good as i64, |m| !holds(m, ev));
                Margin::Short(good as u64)
            }
        })
        .collect()
}
