//! `ccplan staff`: the agents each line needs in each interval of each working day to
//! meet the scenario's targets, by four methods, and the roster that provides them.
//!
//! A requirement is a [`Plan`]: agents *available* (after shrinkage) per (working day,
//! interval, line). The analytic methods ([`analytic`]) size every interval with the exact
//! Erlang A solver on a load derived from the demand curve; the iterative staffing
//! algorithm ([`isa`]) sizes on loads measured in simulations of the full model and then
//! polishes the plan until every interval meets the targets in simulation. Whatever the
//! method, the plan becomes a scenario ([`staffed_scenario`], [`fragment`]) that the
//! command simulates once more to verify it ([`measure`]).
//!
//! | method | load sized for in interval `[t, t + Δ)` |
//! |---|---|
//! | SIPP | λ(t) × AHT, the interval's own arrivals |
//! | lagged SIPP | the mean of λ over `[t − AHT, t + Δ − AHT)` × AHT (nothing before open) |
//! | MOL | the mean over the interval of m(t), m′ = λ − m / AHT, m(open) = 0 |
//! | ISA | measured in simulation: agent time on calls + abandoned calls × AHT, per second |

pub mod analytic;
pub mod fragment;
pub mod holdout;
pub mod holdout_report;
pub mod isa;
pub mod json;
pub mod measure;
pub mod step;
pub mod tables;
pub mod verify;

use crate::scenario::{LineId, Scenario, Staffing};
use crate::stats::LineGrid;
// Shared with the `intervals` table's sizing.
pub use crate::tables::staffing::targets_and_threshold;

/// How the requirement is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Stationary independent period-by-period: Erlang A on each interval's own load.
    Sipp,
    /// SIPP on the arrival rate shifted back by the mean handling time.
    LaggedSipp,
    /// Erlang A on the modified offered load (infinite-server mean number busy).
    Mol,
    /// Iterative staffing algorithm on the full simulated model, then polished.
    Isa,
}

impl Method {
    pub const ALL: [Method; 4] = [Method::Sipp, Method::LaggedSipp, Method::Mol, Method::Isa];

    /// The name on the command line and in `staff.json`.
    pub fn key(self) -> &'static str {
        match self {
            Method::Sipp => "sipp",
            Method::LaggedSipp => "lagged-sipp",
            Method::Mol => "mol",
            Method::Isa => "isa",
        }
    }

    /// One sentence for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Method::Sipp => {
                "SIPP: Erlang A on each interval's own expected arrivals (stationary, independent periods)"
            }
            Method::LaggedSipp => {
                "lagged SIPP: Erlang A on the arrival rate shifted back by the mean handling time (Green, Kolesar & Soares 2001)"
            }
            Method::Mol => {
                "MOL: Erlang A on the modified offered load, the infinite-server mean number busy (Jennings, Mandelbaum, Massey & Whitt 1996)"
            }
            Method::Isa => {
                "ISA: Erlang A on offered loads measured by simulating the full model, iterated to a fixed point, then polished interval by interval in simulation (after Feldman, Mandelbaum, Massey & Whitt 2008)"
            }
        }
    }

    /// Whether the method simulates (and so accounts for redials, e-mail and trunks).
    pub fn simulates(self) -> bool {
        self == Method::Isa
    }
}

/// Agents available (after shrinkage) per (working day, interval, line).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plan {
    pub n_days: usize,
    pub n_intervals: usize,
    /// `[day][interval][line]` ([`LineGrid`]).
    agents: Vec<u32>,
}

impl Plan {
    /// No agents anywhere, shaped for `sc`.
    pub fn zeros(sc: &Scenario) -> Self {
        let n_days = sc.calendar.working_days.len();
        let n_intervals = sc.calendar.intervals_per_day();
        Plan {
            n_days,
            n_intervals,
            agents: vec![0; LineGrid::new(n_intervals).len(n_days)],
        }
    }

    #[inline]
    fn index(&self, day: usize, interval: usize, line: LineId) -> usize {
        LineGrid::new(self.n_intervals).index(day, interval, line.index())
    }

    pub fn get(&self, day: usize, interval: usize, line: LineId) -> u32 {
        self.agents[self.index(day, interval, line)]
    }

    pub fn set(&mut self, day: usize, interval: usize, line: LineId, agents: u32) {
        let i = self.index(day, interval, line);
        self.agents[i] = agents;
    }

    /// One day's counts of one line, interval by interval.
    pub fn day(&self, day: usize, line: LineId) -> Vec<u32> {
        (0..self.n_intervals)
            .map(|i| self.get(day, i, line))
            .collect()
    }

    /// Every (day, interval) of the plan, day-major.
    pub fn cells(&self) -> impl Iterator<Item = (usize, usize)> + use<> {
        let n = self.n_intervals;
        (0..self.n_days * n).map(move |c| (c / n, c % n))
    }

    /// Cells (day, interval, line) whose counts differ between `self` and `other`.
    pub fn differences(&self, other: &Plan) -> usize {
        self.agents
            .iter()
            .zip(&other.agents)
            .filter(|(a, b)| a != b)
            .count()
    }

    /// The larger count of each cell.
    pub fn max(&self, other: &Plan) -> Plan {
        Plan {
            agents: self
                .agents
                .iter()
                .zip(&other.agents)
                .map(|(a, b)| *a.max(b))
                .collect(),
            ..self.clone()
        }
    }

    /// Agent-hours of the plan (agents available), per line: counts × interval length.
    pub fn agent_hours(&self, interval_s: u32) -> [f64; 2] {
        let mut h = [0.0; 2];
        for (k, a) in self.agents.iter().enumerate() {
            h[k % 2] += f64::from(*a) * f64::from(interval_s) / 3600.0;
        }
        h
    }
}

/// Agents on shift (after shrinkage) that leave `available` agents available on average
/// on `line`: with `availability` each agent on shift is available a long-run share
/// `share` of the time (the engine's alternating available and away spells), so `M`
/// agents on shift give `M × share` available on average and the fewest that give at
/// least `available` is ⌈available / share⌉. Without `availability`, `available` itself.
pub fn on_shift(sc: &Scenario, line: LineId, available: u32) -> u32 {
    let share = sc
        .lines
        .get(line)
        .and_then(|l| l.availability)
        .map_or(1.0, |a| a.share);
    if share >= 1.0 || available == 0 {
        return available;
    }
    // The relative tolerance keeps an exact multiple (6 agents at share 0.75 → 8) from
    // rounding up to the next count through a last-bit error in the division.
    (f64::from(available) / share * (1.0 - 1e-12)).ceil() as u32
}

/// The fewest rostered agents that leave at least `available` after shrinkage: the
/// smallest `c` with `round(c × (1 − shrinkage)) ≥ available` (the roster's own rounding).
pub fn rostered_needed(available: u32, shrinkage: f64) -> u32 {
    let keep = 1.0 - shrinkage;
    let shrunk = |c: u32| (f64::from(c) * keep).round() as u32;
    // The rounded count grows by at most one per agent (keep ≤ 1), so it reaches every
    // value; start just below the real-valued answer and step up.
    let mut c = ((f64::from(available) - 0.5) / keep).floor().max(0.0) as u32;
    c = c.saturating_sub(1);
    while shrunk(c) < available {
        c += 1;
    }
    c
}

/// One line's rostered counts (before shrinkage) as scenario staffing: the counts shared
/// by most days as `agents_by_interval` (the earliest such day on a tie) and every other
/// day in `agents_by_date`.
pub fn line_staffing(sc: &Scenario, plan: &Plan, line: LineId) -> Staffing {
    let shrinkage = sc.lines.get(line).map_or(0.0, |l| l.shrinkage);
    let days: Vec<Vec<u32>> = (0..plan.n_days)
        .map(|d| {
            plan.day(d, line)
                .into_iter()
                .map(|a| rostered_needed(a, shrinkage))
                .collect()
        })
        .collect();
    Staffing::from_days(&sc.calendar.working_days, &days)
}

/// `sc` staffed by `plan`: every line present takes the plan's counts (rostered, before
/// shrinkage) by interval and date; reinforcement is dropped, being part of the counts.
pub fn staffed_scenario(sc: &Scenario, plan: &Plan) -> Scenario {
    let mut out = sc.clone();
    out.lines.first.staffing = line_staffing(sc, plan, LineId::First);
    out.lines.first.reinforcement.clear();
    // The staffed text keeps no shift rules: its roster is per interval.
    out.lines.first.shift_rules = None;
    if let Some(second) = out.lines.second.as_mut() {
        second.staffing = line_staffing(sc, plan, LineId::Second);
        second.reinforcement.clear();
        second.shift_rules = None;
    }
    out
}

/// Agents available in the scenario's own roster per cell, at each interval's start.
pub fn roster_plan(sc: &Scenario) -> Plan {
    let mut plan = Plan::zeros(sc);
    for (d, i) in plan.cells() {
        let date = sc.calendar.working_days[d];
        let t = sc.calendar.interval_start_s(i);
        for line in LineId::ALL {
            plan.set(d, i, line, sc.agents_available(line, date, t));
        }
    }
    plan
}

/// The lines the scenario has.
pub fn lines_of(sc: &Scenario) -> Vec<LineId> {
    LineId::ALL
        .into_iter()
        .filter(|l| sc.lines.get(*l).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rostered_needed_is_the_smallest_roster_leaving_enough() {
        for shrinkage in [0.0, 0.1, 0.15, 0.3, 0.5, 0.9] {
            for available in 0..300 {
                let c = rostered_needed(available, shrinkage);
                let shrunk = |c: u32| (f64::from(c) * (1.0 - shrinkage)).round() as u32;
                assert!(shrunk(c) >= available, "{available} {shrinkage}");
                assert!(
                    c == 0 || shrunk(c - 1) < available,
                    "{available} {shrinkage}"
                );
                // Shrinkage below 1 reaches every count exactly.
                assert_eq!(shrunk(c), available, "{available} {shrinkage}");
            }
        }
    }

    #[test]
    fn staffing_uses_the_commonest_day_and_overrides_the_rest() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/minimal.yaml");
        let sc = crate::scenario::load(&path).unwrap();
        let mut plan = Plan::zeros(&sc);
        for (d, i) in plan.cells() {
            plan.set(
                d,
                i,
                LineId::First,
                if d == 2 { 90 } else { 80 + i as u32 % 2 },
            );
        }
        let staffed = staffed_scenario(&sc, &plan);
        let Staffing::ByInterval { every_day, by_date } = &staffed.lines.first.staffing else {
            panic!()
        };
        assert_eq!(every_day[0..2], [80, 81]);
        assert_eq!(
            by_date.keys().copied().collect::<Vec<_>>(),
            vec![sc.calendar.working_days[2]]
        );
        assert_eq!(roster_plan(&staffed), plan);
    }
}
