//! How `ccplan staff` reports the stated confidence and the independent checks: the
//! sentences of the terminal and `report.md`, and their `staff.json` keys.

use super::holdout::Holdout;
use super::json::{ConfidenceJson, RepairJson};

/// The repair in simulation of an analytic plan at a confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InSample {
    pub simulations: usize,
    /// Every cell met the targets at the confidence within the simulation limit.
    pub finished: bool,
}

/// What the confidence means, in one sentence.
pub fn confidence_sentence(level: f64, replications: u32) -> String {
    if level == 0.5 {
        format!(
            "confidence 0.5: a cell meets its targets when its means over the {replications} replications do"
        )
    } else {
        format!(
            "confidence {level}: a cell meets its targets when the one-sided {pct}% Student-t bound of each figure's mean over the {replications} replications does (upper bound for abandonment, ASA and occupancy, lower bound for service level; a figure defined in fewer than 2 replications is judged on its mean)",
            pct = level * 100.0
        )
    }
}

/// The rule of the independent check, in one sentence.
pub const CHECK_RULE: &str = "each check simulates the plan with as many replications from a seed not used before and judges every cell on its means; cells below target get one agent more (the e-mail line one more in every interval if the e-mail check fails) and the repaired plan is checked on the next seed, so the last check's seed never influenced the plan it judges";

/// One line per check: seed, intervals below target, cells repaired.
pub fn rounds_lines(h: &Holdout) -> Vec<String> {
    h.rounds
        .iter()
        .enumerate()
        .map(|(k, r)| {
            format!(
                "check {} (seed {}): {} of {} intervals below target, {:.1} agent-hours{}{}",
                k + 1,
                r.seed,
                r.intervals_below_target,
                r.cells_with_calls,
                r.agent_hours,
                r.email_met.map_or(String::new(), |m| format!(
                    ", e-mail {}",
                    if m { "met" } else { "missed" }
                )),
                if r.cells_repaired > 0 {
                    format!(" → {} cells repaired", r.cells_repaired)
                } else {
                    String::new()
                }
            )
        })
        .collect()
}

/// `staff.json`'s `confidence` object.
pub fn confidence_json(level: f64, replications: u32, seed: u64) -> ConfidenceJson {
    ConfidenceJson {
        level,
        definition: if level == 0.5 {
            "mean"
        } else {
            "one-sided Student-t bound of the mean over replications"
        }
        .to_owned(),
        replications,
        seed,
    }
}

/// `staff.json`'s list of independent checks.
pub fn rounds_json(h: &Holdout, repairs_allowed: usize) -> RepairJson {
    RepairJson {
        repairs_allowed,
        repairs_run: h.repairs(),
        rule: CHECK_RULE.to_owned(),
        checks: h.rounds.clone(),
    }
}
