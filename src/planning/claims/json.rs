//! `check.json`: its types (field order is key order in the file; the schema
//! `outputs/schemas/check.schema.json` is generated from them) and how a check fills them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::report::{EXIT_RULE, VERDICT_RULE};
use super::{CapacityBound, CapacityResult, CheckReport};
use crate::planning::output::finite;
use crate::report::summary_json::bound_key;
use crate::stats::Estimate;

/// `check.json`: every claim of a bid and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckJson {
    pub scenario: String,
    pub scenario_file: String,
    pub claims_file: String,
    pub bidder: Option<String>,
    /// The line the call claims are about: `first_line` or `second_line`.
    pub line: String,
    pub line_label: String,
    pub ccplan_version: String,
    pub replications: u32,
    pub seed: u64,
    pub working_days: usize,
    pub first_day: String,
    pub last_day: String,
    pub scenario_calls_per_day: f64,
    /// Simulations run (each of `replications` replications).
    pub simulations: u32,
    /// Every claim SUPPORTED or COMPLIES (the exit code is 0).
    pub all_hold: bool,
    pub verdict_rule: String,
    pub exit_rule: String,
    pub call_claims: Vec<CallClaimJson>,
    /// `null` when the bid claims no capacity.
    pub capacity: Option<CapacityJson>,
    pub staffing: Vec<StaffingJson>,
}

/// A call claim judged on simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CallClaimJson {
    /// `service_level`, `abandonment` or `asa`.
    pub claim: String,
    /// `all_days`, `any_peak` or the peak's name.
    pub scope: String,
    pub description: String,
    #[schemars(extend("enum" = ["at_least", "at_most"]))]
    pub bound: String,
    pub limit: f64,
    /// `share` or `s`.
    pub unit: String,
    pub estimate: Estimate,
    #[schemars(extend("enum" = ["supported", "not_supported", "inconclusive"]))]
    pub verdict: String,
    pub days_in_scope: usize,
    /// Simulated days (replications × days in scope).
    pub days_counted: u64,
    /// Of these, the days whose own figure met the claim.
    pub days_holding: u64,
    /// `null` when no day was counted.
    pub days_holding_share: Option<f64>,
    /// For an INCONCLUSIVE claim: roughly how many replications in all would decide it.
    pub replications_to_decide: Option<u64>,
    /// Agents to spare (positive) or short (negative).
    pub margin_agents: Option<i64>,
    pub margin_kind: String,
}

/// The capacity claim judged on simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CapacityJson {
    pub claimed_calls_per_day: f64,
    #[schemars(extend("enum" = ["supported", "not_supported", "inconclusive"]))]
    pub verdict: String,
    /// The all-days call claims at exactly the claimed calls per day.
    pub at_claimed: Vec<AtClaimedJson>,
    /// `null` when no day was counted.
    pub days_all_claims_holding_share: Option<f64>,
    pub days_counted: u64,
    pub step_calls_per_day: f64,
    pub found_at_mean: BoundJson,
    pub all_supported_up_to: BoundJson,
    pub none_refuted_up_to: BoundJson,
    pub margin_calls_per_day: f64,
    /// Every demand simulated by the search.
    pub tried: Vec<TriedJson>,
}

/// One all-days call claim at the claimed capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AtClaimedJson {
    pub claim: String,
    pub estimate: Estimate,
    #[schemars(extend("enum" = ["supported", "not_supported", "inconclusive"]))]
    pub verdict: String,
}

/// A capacity found by the search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BoundJson {
    pub calls_per_day: f64,
    /// `exact`, `at_least` or `below` (the search range).
    pub kind: String,
}

/// One demand the capacity search simulated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TriedJson {
    pub calls_per_day: f64,
    pub means_hold: bool,
    pub all_supported: bool,
    pub none_refuted: bool,
}

/// A staffing claim checked on the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StaffingJson {
    /// `posts`, `permanent_share`, `reinforcement:<peak>`.
    pub claim: String,
    pub description: String,
    pub found: String,
    /// The number compared with the claim; `null` when undefined.
    pub value: Option<f64>,
    #[schemars(extend("enum" = ["complies", "does_not_comply"]))]
    pub verdict: String,
}

/// `check.json` of a finished check.
pub fn json(r: &CheckReport, scenario_file: &str, claims_file: &str) -> CheckJson {
    let call_claims = r
        .call_claims
        .iter()
        .map(|c| CallClaimJson {
            claim: c.claim.key().to_owned(),
            scope: c.claim.scope.key(),
            description: c.claim.describe(),
            bound: bound_key(c.claim.bound.at_least).to_owned(),
            limit: c.claim.bound.limit,
            unit: c.claim.unit().to_owned(),
            estimate: c.estimate,
            verdict: c.verdict.claim_key().to_owned(),
            days_in_scope: c.days_in_scope,
            days_counted: c.days.counted,
            days_holding: c.days.held,
            days_holding_share: finite(c.days.share()),
            replications_to_decide: c.replications_to_decide,
            margin_agents: c.margin.agents(),
            margin_kind: c.margin.kind().to_owned(),
        })
        .collect();
    let staffing = r
        .staffing
        .iter()
        .map(|s| StaffingJson {
            claim: s.key.clone(),
            description: s.claim.clone(),
            found: s.found.clone(),
            value: finite(s.value),
            verdict: s.verdict.key().to_owned(),
        })
        .collect();
    CheckJson {
        scenario: r.scenario.clone(),
        scenario_file: scenario_file.to_owned(),
        claims_file: claims_file.to_owned(),
        bidder: r.bidder.clone(),
        line: r.line.key().to_owned(),
        line_label: r.line_label.clone(),
        ccplan_version: env!("CARGO_PKG_VERSION").to_owned(),
        replications: r.settings.replications,
        seed: r.settings.seed,
        working_days: r.working_days,
        first_day: r.first_day.clone(),
        last_day: r.last_day.clone(),
        scenario_calls_per_day: r.scenario_calls_per_day,
        simulations: r.simulations,
        all_hold: r.all_hold(),
        verdict_rule: VERDICT_RULE.to_owned(),
        exit_rule: EXIT_RULE.to_owned(),
        call_claims,
        capacity: r.capacity.as_ref().map(|c| capacity(r, c)),
        staffing,
    }
}

fn capacity(r: &CheckReport, c: &CapacityResult) -> CapacityJson {
    let bound = |b: CapacityBound| BoundJson {
        calls_per_day: b.value(),
        kind: b.kind().to_owned(),
    };
    CapacityJson {
        claimed_calls_per_day: c.claimed_calls_per_day,
        verdict: c.verdict.claim_key().to_owned(),
        at_claimed: c
            .at_claimed
            .iter()
            .map(|(i, e, v)| AtClaimedJson {
                claim: r.call_claims[*i].claim.key().to_owned(),
                estimate: *e,
                verdict: v.claim_key().to_owned(),
            })
            .collect(),
        days_all_claims_holding_share: finite(c.joint_days.share()),
        days_counted: c.joint_days.counted,
        step_calls_per_day: c.search.step,
        found_at_mean: bound(c.search.at_mean),
        all_supported_up_to: bound(c.search.supported),
        none_refuted_up_to: bound(c.search.not_refuted),
        margin_calls_per_day: c.search.at_mean.value() - c.claimed_calls_per_day,
        tried: c
            .search
            .tried
            .iter()
            .map(|(x, s)| TriedJson {
                calls_per_day: *x,
                means_hold: s[0],
                all_supported: s[1],
                none_refuted: s[2],
            })
            .collect(),
    }
}
