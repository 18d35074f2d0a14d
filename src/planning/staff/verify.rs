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
    }
}
