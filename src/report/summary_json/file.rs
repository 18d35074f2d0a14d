//! The types of `summary.json`: what [`super::summary_json`] writes and what the report
//! reads back. Field order is key order in the file; its schema is generated from these
//! types (`outputs/schemas/summary.schema.json`).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::scenario::LineId;
use crate::service_level::SlDefinition;
use crate::stats::Estimate;

/// `summary.json`: the machine-readable contract of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// The scenario's `name`.
    pub scenario: String,
    pub description: Option<String>,
    pub seed: u64,
    pub replications: u32,
    pub working_days: usize,
    /// First working day, `YYYY-MM-DD`.
    pub first_day: Option<String>,
    /// Last working day, `YYYY-MM-DD`.
    pub last_day: Option<String>,
    pub interval_min: u32,
    /// How every `service_level_at_s` figure is counted.
    pub service_level_definition: SlDefinition,
    pub service_level_definition_text: String,
    /// What the figures mean, in words.
    pub notes: Notes,
    /// `null` when the scenario has no such line.
    pub first_line: Option<LineBlock>,
    /// `null` when the scenario has no such line.
    pub second_line: Option<LineBlock>,
    /// `null` when the scenario has no e-mail.
    pub email: Option<EmailBlock>,
    /// Every target checked, keyed `<target>.<line>` (call targets) or `email`.
    pub targets: IndexMap<String, TargetResult>,
}

impl Summary {
    /// The block of `line`, `None` when the scenario has no such line.
    pub fn line(&self, line: LineId) -> Option<&LineBlock> {
        match line {
            LineId::First => self.first_line.as_ref(),
            LineId::Second => self.second_line.as_ref(),
        }
    }
}

/// The definitions printed in `summary.json` beside the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Notes {
    pub counts: String,
    pub intervals: String,
    pub p_wait: String,
    pub asa_s: String,
    pub mean_wait_s: String,
    pub wait_quantiles_s: String,
    pub occupancy: String,
}

impl Notes {
    /// The notes ccplan writes.
    pub fn standard() -> Self {
        Notes {
            counts: "totals over the horizon per replication".into(),
            intervals: "mean over independent replications with 95% Student-t bounds".into(),
            p_wait: "calls that reached the line's queue and waited more than 0 s / calls that reached the queue".into(),
            asa_s: "mean wait of answered calls".into(),
            mean_wait_s: "mean time in queue of all queued calls (abandoners until they hung up)".into(),
            wait_quantiles_s: "quantiles of answered calls' waits (zeros included), per replication".into(),
            occupancy: "agent time on calls and e-mail / agent time present (overtime included)".into(),
        }
    }
}

/// One line's headline figures over the horizon (counts are totals per replication).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LineBlock {
    pub calls_offered: Estimate,
    pub calls_self_served: Estimate,
    pub calls_blocked: Estimate,
    pub calls_answered: Estimate,
    pub calls_abandoned: Estimate,
    pub redials: Estimate,
    pub p_wait: Estimate,
    pub asa_s: Estimate,
    pub mean_wait_s: Estimate,
    pub abandonment_rate: Estimate,
    pub occupancy: Estimate,
    pub agents_available: Estimate,
    /// Service level under the run's definition, keyed by threshold in seconds (`"20"`,
    /// `"7.5"`).
    pub service_level_at_s: IndexMap<String, Estimate>,
    /// The same under every definition.
    pub service_level_by_definition: ByDefinition,
    pub wait_quantiles_s: Quantiles,
    pub overtime_agent_hours_per_day: Estimate,
    pub intervals_meeting_target_share: Estimate,
}

/// Service levels by threshold under each definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ByDefinition {
    pub offered: IndexMap<String, Estimate>,
    pub answered: IndexMap<String, Estimate>,
    pub excluding_short_abandons: IndexMap<String, Estimate>,
    #[serde(rename = "virtual")]
    pub virtual_wait: IndexMap<String, Estimate>,
}

/// Quantiles of a time, in [`crate::stats::run::WAIT_QUANTILES`] order.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quantiles {
    pub p50: Estimate,
    pub p80: Estimate,
    pub p90: Estimate,
    pub p95: Estimate,
    pub p99: Estimate,
}

impl Quantiles {
    /// From estimates in `WAIT_QUANTILES` order.
    pub fn from_array([p50, p80, p90, p95, p99]: [Estimate; 5]) -> Self {
        Quantiles {
            p50,
            p80,
            p90,
            p95,
            p99,
        }
    }

    /// Each quantile with its key, in `WAIT_QUANTILES` order.
    pub fn named(&self) -> [(&'static str, &Estimate); 5] {
        [
            ("p50", &self.p50),
            ("p80", &self.p80),
            ("p90", &self.p90),
            ("p95", &self.p95),
            ("p99", &self.p99),
        ]
    }
}

/// E-mail over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EmailBlock {
    /// The line whose agents answer e-mail: `first_line` or `second_line`.
    pub line: String,
    pub received: Estimate,
    pub handled: Estimate,
    pub backlog_end: Estimate,
    pub mean_response_working_h: Estimate,
    pub response_quantiles_working_h: Quantiles,
    pub answered_within_target_share: Estimate,
}

/// One target and how the run fared against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("oneOf" = [{"required": ["at_least"]}, {"required": ["at_most"]}]))]
pub struct TargetResult {
    /// The target in words (`80% answered within 60 s (offered)`).
    pub target: String,
    /// `first_line` or `second_line`; `null` for the e-mail target.
    pub line: Option<String>,
    /// The bound, when the target is a minimum (exactly one of `at_least`, `at_most`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "f64")]
    pub at_least: Option<f64>,
    /// The bound, when the target is a maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "f64")]
    pub at_most: Option<f64>,
    pub achieved: Estimate,
    /// The mean is on the right side.
    pub met: bool,
    /// `met` or `missed` when the whole 95% interval is on one side, else `inconclusive`.
    #[schemars(extend("enum" = ["met", "missed", "inconclusive"]))]
    pub verdict: String,
}
