//! `schedule.json`: its types (field order is key order in the file; the schema
//! `outputs/schemas/schedule.schema.json` is generated from them) and how a search's
//! outcome fills them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Outcome;
use crate::planning::cost::AgentHours;
use crate::planning::output::finite;
use crate::planning::staff::json::Cell;
use crate::planning::staff::verify::{Below, Verification};
use crate::scenario::{Scenario, hhmm};

/// `schedule.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScheduleJson {
    pub scenario: String,
    /// Where the requirement came from: a method (`isa`, `lagged-sipp`, …) or `requirement
    /// DIR`.
    pub requirement: String,
    /// `weekday` (one pattern per weekday) or `all` (one per working date).
    #[schemars(extend("enum" = ["weekday", "all"]))]
    pub days: String,
    /// The confidence at which cells are judged on the search's replications (0.5: their
    /// means); the independent check judges means.
    pub confidence: f64,
    /// The lines scheduled by their shift rules (`first_line`, `second_line`); the others are
    /// staffed by the requirement per interval.
    pub scheduled_lines: Vec<String>,
    /// Paid agent-hours of the roster over the horizon (shift lengths less unpaid breaks,
    /// before shrinkage), lines with shift rules.
    pub agent_hours: f64,
    /// `agent_hours` line by line, in `scheduled_lines` order.
    pub agent_hours_by_line: Vec<f64>,
    /// The LP relaxation's least paid agent-hours under the same rules and requirement: no
    /// roster can do with fewer.
    pub lower_bound_agent_hours: f64,
    /// (cost − LP bound on cost) / cost of the final program.
    pub gap: f64,
    /// Cost over the horizon: paid hours × each contract kind's cost per hour.
    pub cost: f64,
    pub lower_bound_cost: f64,
    /// The most agents on shift on any day (lines with shift rules), against the posts.
    pub posts: u32,
    /// The lowest share of a day's agents on permanent contracts.
    pub permanent_share: f64,
    /// Agent-hours available for calls (after shrinkage) of the scheduled scenario, every
    /// line, as `staff` and `check` count them; and of the input scenario's own roster.
    pub available_agent_hours: f64,
    pub scenario_roster_available_agent_hours: f64,
    /// Solve → simulate rounds: on the search's replications, then independent checks.
    pub iterations: usize,
    pub solver: SolverJson,
    /// The final roster on the search's replications (the last in-sample simulation of
    /// the roster; the same roster when no independent repair changed it).
    pub verification: CheckJson,
    /// The final roster on replications the search never saw, judged on means.
    pub independent_check: CheckJson,
    /// Every simulation of the loop, in order.
    pub rounds: Vec<RoundJson>,
}

/// The integer program's solver and effort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SolverJson {
    pub name: String,
    /// Programs solved for the final roster (lines × day patterns).
    pub programs: usize,
    /// Shift kinds (columns) per program, summed over lines.
    pub shift_kinds: usize,
    /// Branch-and-bound nodes for the final roster, all programs.
    pub nodes: u64,
    pub node_limit: u64,
    pub mip_gap_allowed: f64,
}

/// A simulation's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckJson {
    pub replications: u32,
    pub seed: u64,
    /// Cells (day, interval, line) in which calls reached a queue.
    pub intervals: usize,
    pub intervals_below_target: usize,
    /// The cell with the lowest mean service level; `null` with no calls.
    pub worst_interval: Option<Cell>,
    pub email_met: Option<bool>,
    pub targets_met_in_every_interval: bool,
}

/// One round of the loop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RoundJson {
    #[schemars(extend("enum" = ["search", "independent"]))]
    pub kind: String,
    pub seed: u64,
    pub agent_hours: f64,
    pub intervals_below_target: usize,
}

fn cell(sc: &Scenario, b: &Below) -> Cell {
    Cell {
        date: sc.calendar.working_days[b.day].to_string(),
        interval_start: hhmm(sc.calendar.interval_start_s(b.interval)),
        line: b.line.key().to_owned(),
        service_level: finite(b.service_level),
        abandonment_rate: finite(b.abandonment),
    }
}

/// A simulation's verdict as written in `schedule.json`.
pub fn check(sc: &Scenario, v: &Verification) -> CheckJson {
    CheckJson {
        replications: v.replications,
        seed: v.seed,
        intervals: v.cells_with_calls,
        intervals_below_target: v.below.len(),
        worst_interval: v.worst.as_ref().map(|b| cell(sc, b)),
        email_met: v.email.map(|e| e.met()),
        targets_met_in_every_interval: v.meets(),
    }
}

/// `schedule.json` of `o` for scenario `sc`.
pub fn json(
    sc: &Scenario,
    o: &Outcome,
    requirement: &str,
    days: &str,
    confidence: f64,
) -> ScheduleJson {
    let r = &o.roster;
    let (posts, permanent_share) = r.posts_and_permanent_share(sc);
    let rounds: Vec<RoundJson> = o
        .in_sample
        .iter()
        .map(|x| ("search", x))
        .chain(o.independent.iter().map(|x| ("independent", x)))
        .map(|(kind, x)| RoundJson {
            kind: kind.to_owned(),
            seed: x.seed,
            agent_hours: x.paid_hours,
            intervals_below_target: x.check.below.len(),
        })
        .collect();
    let in_sample = &o.in_sample.last().expect("one search simulation").check;
    ScheduleJson {
        scenario: sc.name.clone(),
        requirement: requirement.to_owned(),
        days: days.to_owned(),
        confidence,
        scheduled_lines: r.lines.iter().map(|l| l.line.key().to_owned()).collect(),
        agent_hours: r.paid_hours(),
        agent_hours_by_line: r.lines.iter().map(|l| r.line_paid_hours(l)).collect(),
        lower_bound_agent_hours: r.lp_paid_hours(),
        gap: r.gap(),
        cost: r.cost(),
        lower_bound_cost: r.lp_cost(),
        posts,
        permanent_share,
        available_agent_hours: AgentHours::of(&o.scheduled).total(),
        scenario_roster_available_agent_hours: AgentHours::of(sc).total(),
        iterations: o.iterations(),
        solver: SolverJson {
            name: "microlp 0.7 (pure-Rust simplex and branch and bound)".to_owned(),
            programs: r.lines.iter().map(|l| l.solved.len()).sum(),
            shift_kinds: r.lines.iter().map(|l| l.columns.len()).sum(),
            nodes: r
                .lines
                .iter()
                .flat_map(|l| l.solved.iter().map(|s| s.nodes))
                .sum(),
            node_limit: super::program::NODE_LIMIT,
            mip_gap_allowed: super::program::MIP_GAP,
        },
        verification: check(sc, in_sample),
        independent_check: check(sc, o.last_check()),
        rounds,
    }
}
