//! `staff.json`: its types (field order is key order in the file; the schema
//! `outputs/schemas/staff.schema.json` is generated from them) and how a staffing result
//! fills them.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::holdout::CheckRound;
use super::holdout_report::{confidence_json, rounds_json};
use super::lines_of;
use super::tables::{StaffReport, shortfall_agent_hours};
use super::verify::{Below, Verification};
use crate::planning::output::finite;
use crate::report::summary_json::bound_key;
use crate::scenario::hhmm;
use crate::stats::Estimate;

/// `staff.json`: the requirement's agent-hours, the search and both verifications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StaffJson {
    pub scenario: String,
    /// `sipp`, `lagged-sipp`, `mol` or `isa`.
    #[schemars(extend("enum" = ["sipp", "lagged-sipp", "mol", "isa"]))]
    pub method: String,
    /// The confidence at which cells were judged in the search and the verification.
    pub confidence: ConfidenceJson,
    /// Agent-hours of the method's own plan and of the final, repaired plan.
    pub agent_hours: PlanHours,
    /// The repair in simulation of an analytic plan at the confidence; `null` when none
    /// ran (ISA, or confidence 0.5).
    pub analytic_repair: Option<AnalyticRepair>,
    /// Agent-hours over the horizon, keyed `first_line` / `second_line` (the lines the
    /// scenario has).
    pub lines: IndexMap<String, LineHours>,
    /// The ISA search; `null` for the analytic methods.
    pub search: Option<Search>,
    /// The required roster simulated on the search's replications.
    pub verification: VerificationJson,
    /// The same roster on replications the search never saw.
    pub independent_check: IndependentCheck,
}

/// One line's agent-hours over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LineHours {
    pub required_agent_hours: f64,
    pub scenario_roster_agent_hours: f64,
    pub shortfall_agent_hours: f64,
    pub verified_agent_hours: f64,
}

/// How the iterative staffing search went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Search {
    pub fixed_point_rounds: usize,
    pub cycle_length: usize,
    pub stalled: bool,
    pub email_allowance_agents: u32,
    pub polished: bool,
    /// Cells the last repair left missing their bound in sample because their bound
    /// straddles the target (their means meet), for the independent check to judge.
    pub cells_left_in_noise: usize,
    pub simulations: usize,
    /// Replications simulated over all the search's simulations.
    pub replications_simulated: u64,
}

/// The stated confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ConfidenceJson {
    /// One-sided confidence level, 0.5 ≤ level < 1 (0.5: judged on the means).
    pub level: f64,
    #[schemars(extend("enum" = ["mean", "one-sided Student-t bound of the mean over replications"]))]
    pub definition: String,
    pub replications: u32,
    pub seed: u64,
}

/// Agent-hours (agents available) before and after the repairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanHours {
    pub method_plan: f64,
    pub final_plan: f64,
}

/// The repair in simulation of an analytic plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AnalyticRepair {
    pub simulations: usize,
    /// Every cell met the targets at the confidence within the simulation limit.
    pub finished: bool,
}

/// The independent checks and their repairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RepairJson {
    pub repairs_allowed: usize,
    pub repairs_run: usize,
    pub rule: String,
    pub checks: Vec<CheckRound>,
}

/// An interval below its targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cell {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub interval_start: String,
    pub line: String,
    /// `null` when undefined.
    pub service_level: Option<f64>,
    /// `null` when undefined.
    pub abandonment_rate: Option<f64>,
}

/// The e-mail target on the verification's replications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EmailResult {
    pub line: String,
    /// `null` when undefined.
    pub achieved: Option<f64>,
    pub required: f64,
    #[schemars(extend("enum" = ["at_least", "at_most"]))]
    pub bound: String,
    pub met: bool,
}

/// A scenario target over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetJson {
    /// `service_level`, `abandonment`, `asa`, `occupancy` or `email`.
    pub target: String,
    pub line: Option<String>,
    #[schemars(extend("enum" = ["at_least", "at_most"]))]
    pub bound: String,
    pub limit: f64,
    pub achieved: Estimate,
    #[schemars(extend("enum" = ["met", "missed", "inconclusive"]))]
    pub verdict: String,
}

/// The verification of the required roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct VerificationJson {
    pub replications: u32,
    pub seed: u64,
    pub agent_hours: f64,
    pub agent_hours_per_day: f64,
    pub cells_with_calls: usize,
    pub intervals_below_target: usize,
    pub worst_interval: Option<Cell>,
    pub below_target: Vec<Cell>,
    pub email: Option<EmailResult>,
    pub targets: Vec<TargetJson>,
    pub targets_met_in_every_interval: bool,
}

/// The verification on independent replications, in short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndependentCheck {
    pub replications: u32,
    pub seed: u64,
    pub cells_with_calls: usize,
    pub intervals_below_target: usize,
    pub worst_interval: Option<Cell>,
    pub email_met: Option<bool>,
    pub targets_met_in_every_interval: bool,
    /// How cells are judged in the independent checks: always `means`.
    #[schemars(extend("enum" = ["means"]))]
    pub judged_on: String,
    pub repair: RepairJson,
}

impl StaffReport<'_> {
    /// `staff.json`.
    pub fn json(&self) -> StaffJson {
        let v = self.verification;
        let short = shortfall_agent_hours(self.sc, self.plan, self.roster);
        let plan_hours = self.plan.agent_hours(self.sc.calendar.interval_s);
        let lines = lines_of(self.sc)
            .into_iter()
            .map(|l| {
                let k = l.index();
                let hours = LineHours {
                    required_agent_hours: plan_hours[k],
                    scenario_roster_agent_hours: self.roster_hours.per_line[k],
                    shortfall_agent_hours: short[k],
                    verified_agent_hours: v.agent_hours.per_line[k],
                };
                (l.key().to_owned(), hours)
            })
            .collect();
        let (method_plan, final_plan) = self.hours_before_after();
        StaffJson {
            scenario: self.sc.name.clone(),
            method: self.method.key().to_owned(),
            confidence: confidence_json(self.confidence, v.replications, v.seed),
            agent_hours: PlanHours {
                method_plan,
                final_plan,
            },
            analytic_repair: self.in_sample.map(|r| AnalyticRepair {
                simulations: r.simulations,
                finished: r.finished,
            }),
            lines,
            search: self.trace.map(|t| Search {
                fixed_point_rounds: t.fixed_point_rounds(),
                cycle_length: t.cycle_length,
                stalled: t.stalled,
                email_allowance_agents: t.email_allowance,
                polished: t.polished,
                cells_left_in_noise: t.tail_left,
                simulations: t.steps.len(),
                replications_simulated: t.steps.iter().map(|s| u64::from(s.replications)).sum(),
            }),
            verification: VerificationJson {
                replications: v.replications,
                seed: v.seed,
                agent_hours: v.agent_hours.total(),
                agent_hours_per_day: v.agent_hours.per_day(),
                cells_with_calls: v.cells_with_calls,
                intervals_below_target: v.below.len(),
                worst_interval: v.worst.as_ref().map(|b| self.cell(b)),
                below_target: v.below.iter().map(|b| self.cell(b)).collect(),
                email: v.email.map(|e| EmailResult {
                    line: e.line.key().to_owned(),
                    achieved: finite(e.achieved),
                    required: e.required,
                    bound: bound_key(e.at_least).to_owned(),
                    met: e.met(),
                }),
                targets: v
                    .checks
                    .iter()
                    .map(|c| TargetJson {
                        target: c.name.to_owned(),
                        line: c.line.map(|l| l.key().to_owned()),
                        bound: c.bound.to_owned(),
                        limit: c.limit,
                        achieved: c.achieved,
                        verdict: c.verdict.key().to_owned(),
                    })
                    .collect(),
                targets_met_in_every_interval: v.meets(),
            },
            independent_check: independent(
                self.independent,
                |b| self.cell(b),
                rounds_json(self.holdout, self.repairs),
            ),
        }
    }

    fn cell(&self, b: &Below) -> Cell {
        Cell {
            date: self.sc.calendar.working_days[b.day].to_string(),
            interval_start: hhmm(self.sc.calendar.interval_start_s(b.interval)),
            line: b.line.key().to_owned(),
            service_level: finite(b.service_level),
            abandonment_rate: finite(b.abandonment),
        }
    }
}

fn independent(
    i: &Verification,
    cell: impl Fn(&Below) -> Cell,
    repair: RepairJson,
) -> IndependentCheck {
    IndependentCheck {
        replications: i.replications,
        seed: i.seed,
        cells_with_calls: i.cells_with_calls,
        intervals_below_target: i.below.len(),
        worst_interval: i.worst.as_ref().map(cell),
        email_met: i.email.map(|e| e.met()),
        targets_met_in_every_interval: i.meets(),
        judged_on: "means".to_owned(),
        repair,
    }
}
