//! The verification run: the staffed scenario simulated once more, every cell judged on
//! its means across replications, and the horizon-level target verdicts of `ccplan run`.

use crate::engine::RunSettings;
use crate::planning::cost::AgentHours;
use crate::report::summary_json::{TargetCheck, target_checks};
use crate::scenario::{LineId, Scenario};

use super::lines_of;
use super::measure::{self, CellTargets, EmailCheck};

/// A cell with calls that misses a target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Below {
    pub day: usize,
    pub interval: usize,
    pub line: LineId,
    /// Mean service level across replications (target's definition and threshold).
    pub service_level: f64,
    pub abandonment: f64,
}

/// What the verification run found.
#[derive(Debug, Clone)]
pub struct Verification {
    pub replications: u32,
    pub seed: u64,
    /// Agent-hours of the staffed roster (after shrinkage).
    pub agent_hours: AgentHours,
    /// Cells (day, interval, line) in which calls reached a queue.
    pub cells_with_calls: usize,
    /// Cells with calls missing a target, in (day, interval, line) order.
    pub below: Vec<Below>,
    /// The lowest mean service level of a cell with calls, and where.
    pub worst: Option<Below>,
    pub email: Option<EmailCheck>,
    /// Horizon-level verdicts, as `ccplan run` prints them.
    pub checks: Vec<TargetCheck>,
    /// Mean agents available for calls per cell as simulated, indexed by
    /// [`crate::stats::LineGrid`] (day, interval, line).
    pub agents_available: Vec<f64>,
}

impl Verification {
    /// Every cell meets its targets and the e-mail check holds.
    pub fn meets(&self) -> bool {
        self.below.is_empty() && self.email.is_none_or(|e| e.met())
    }
}

/// The settings of the independent check of round `round` (0 first): as many
/// replications, from a seed whose streams the search never drew (every stream is hashed
/// from the seed and the replication, so another seed gives independent replications).
/// Round k's seed is the search seed xor (k + 1) × the 64-bit golden ratio, an odd
/// constant, so every round's seed differs from the search's and from the others'.
pub fn independent_settings(settings: RunSettings, round: usize) -> RunSettings {
    const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
    RunSettings {
        replications: settings.replications,
        seed: settings.seed ^ GOLDEN.wrapping_mul(round as u64 + 1),
    }
}

/// Simulates `staffed` with `settings` and judges it against `t` (its targets).
pub fn verify(
    staffed: &Scenario,
    t: &CellTargets,
    settings: RunSettings,
    progress: &(dyn Fn() + Sync),
) -> Verification {
    let (m, stats) = measure::simulate(staffed, t, settings, progress);
    let lines = lines_of(staffed);
    let mut below = Vec::new();
    let mut worst: Option<Below> = None;
    let mut cells_with_calls = 0;
    for d in 0..m.n_days {
        for i in 0..m.n_intervals {
            for &line in &lines {
                let c = m.cell(d, i, line);
                if c.reached_queue == 0 {
                    continue;
                }
                cells_with_calls += 1;
                let b = Below {
                    day: d,
                    interval: i,
                    line,
                    service_level: c.service_level.get(),
                    abandonment: c.abandonment.get(),
                };
                if worst.is_none_or(|w| b.service_level < w.service_level) {
                    worst = Some(b);
                }
                if m.misses(t, d, i, line) {
                    below.push(b);
                }
            }
        }
    }
    Verification {
        replications: settings.replications,
        seed: settings.seed,
        agent_hours: AgentHours::of(staffed),
        cells_with_calls,
        below,
        worst,
        email: m.email(staffed),
        checks: target_checks(staffed, &stats),
        agents_available: m.cells.iter().map(|c| c.agents_available.get()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::LineGrid;

    /// Agents available as simulated: exactly the roster where nobody is on break and no
    /// call runs past a shift's end; fewer during a break, but never fewer than the agents
    /// not on it.
    #[test]
    fn simulated_agents_follow_the_roster_and_its_breaks() {
        let yaml = r#"
name: t
calendar: {start: 2024-01-08, days: 1, holidays: none, open: "08:00", close: "18:00", interval_min: 30}
demand: {calls_per_day: 400}
contact_types: [{name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}]
lines:
  first:
    shifts:
      - {start: "08:00", end: "18:00", agents: 10, breaks: [{start: "12:00", minutes: 30}]}
      - {start: "08:00", end: "18:00", agents: 4}
"#;
        let sc = crate::scenario::parse_str(yaml, "t.yaml").unwrap();
        let settings = RunSettings {
            replications: 8,
            seed: 3,
        };
        let v = verify(&sc, &CellTargets::of(&sc), settings, &|| {});
        let n = sc.calendar.intervals_per_day();
        let at = |i: usize| v.agents_available[LineGrid::new(n).index(0, i, 0)];
        // 09:00 (interval 2) and 15:00 (interval 14): all 14 agents, exactly.
        assert_eq!(at(2), 14.0);
        assert_eq!(at(14), 14.0);
        // 12:00–12:30 (interval 8): the ten go on break as their calls end, so some of
        // them are still there; those who left late owe their break into 12:30–13:00.
        assert!(at(8) > 4.0 && at(8) < 14.0, "{}", at(8));
        assert!(at(9) < 14.0, "{}", at(9));
        // Every break is taken in full: 14 agents × 10 h less 10 × 30 min, plus overtime.
        let total_s: f64 = (0..n).map(|i| at(i) * 1800.0).sum();
        assert!(
            total_s >= 14.0 * 36_000.0 - 10.0 * 1800.0 - 1e-6,
            "{total_s}"
        );
    }
}
