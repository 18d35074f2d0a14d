//! `summary.json`: the machine-readable contract of a run, built as a typed [`Summary`]
//! (see [`file`]).
//!
//! Every figure is `{"mean", "ci95_low", "ci95_high"}` over independent replications
//! (Student t), `null` where undefined. Counts are totals over the horizon per
//! replication. When this layout changes, regenerate the schemas
//! (`CCPLAN_UPDATE_SCHEMAS=1 cargo test --locked --test it schemas`) and update
//! docs/outputs-json.md and `tests/it/run_cli.rs`.

pub mod file;

use indexmap::IndexMap;

pub use self::file::{
    ByDefinition, EmailBlock, LineBlock, Notes, Quantiles, Summary, TargetResult,
};
use crate::engine::RunSettings;
use crate::scenario::{LineId, Scenario};
use crate::service_level::SlDefinition;
use crate::stats::run::{LineAcc, fig, threshold_key};
use crate::stats::{Bound, Estimate, RunStats, Welford};

pub use crate::stats::verdict::{Verdict, bound_key};

/// One target checked against one estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    pub name: &'static str,
    pub line: Option<LineId>,
    /// `"at_least"` or `"at_most"`.
    pub bound: &'static str,
    pub limit: f64,
    pub achieved: Estimate,
    /// The mean is on the right side.
    pub met: bool,
    pub verdict: Verdict,
    /// Human description (`80% answered within 60 s (offered)`).
    pub describe: String,
}

/// Whether the mean of `achieved` is on the right side of the bound (`at_least` or at
/// most `limit`), and the verdict of its 95% interval (see [`Verdict::of_target`]).
pub fn judge(at_least: bool, limit: f64, achieved: Estimate) -> (bool, Verdict) {
    let bound = Bound { at_least, limit };
    (
        bound.holds(achieved.mean),
        Verdict::of_target(achieved, bound),
    )
}

fn check(
    name: &'static str,
    line: Option<LineId>,
    at_least: bool,
    limit: f64,
    achieved: Estimate,
    describe: String,
) -> TargetCheck {
    let (met, verdict) = judge(at_least, limit, achieved);
    TargetCheck {
        name,
        line,
        bound: bound_key(at_least),
        limit,
        achieved,
        met,
        verdict,
        describe,
    }
}

/// Every target of the scenario checked on every line present (call targets) and on
/// e-mail.
pub fn target_checks(sc: &Scenario, stats: &RunStats) -> Vec<TargetCheck> {
    let mut out = Vec::new();
    let t = &sc.targets;
    for line in LineId::ALL {
        if sc.lines.get(line).is_none() {
            continue;
        }
        let acc = &stats.lines[line.index()];
        if let (Some(sl), Some(k)) = (t.service_level, stats.target_threshold) {
            let d = SlDefinition::ALL
                .iter()
                .position(|x| *x == sl.definition)
                .unwrap_or(0);
            out.push(check(
                "service_level",
                Some(line),
                true,
                sl.at_least,
                acc.service_levels[d][k].estimate(),
                format!(
                    "{:.0}% answered within {} s ({})",
                    sl.at_least * 100.0,
                    threshold_key(sl.within_s),
                    sl.definition.key()
                ),
            ));
        }
        if let Some(max) = t.abandonment_at_most {
            out.push(check(
                "abandonment",
                Some(line),
                false,
                max,
                acc.figures.estimate(fig::ABANDONMENT_RATE),
                format!("abandonment at most {:.1}%", max * 100.0),
            ));
        }
        if let Some(max) = t.asa_at_most_s {
            out.push(check(
                "asa",
                Some(line),
                false,
                max,
                acc.figures.estimate(fig::ASA_S),
                format!("mean wait of answered calls at most {max} s"),
            ));
        }
        if let Some(max) = t.occupancy_at_most {
            out.push(check(
                "occupancy",
                Some(line),
                false,
                max,
                acc.figures.estimate(fig::OCCUPANCY),
                format!("occupancy at most {:.0}%", max * 100.0),
            ));
        }
    }
    if let (Some(e), Some(_)) = (t.email, &sc.email) {
        out.push(check(
            "email",
            None,
            true,
            e.at_least,
            stats.email.within_target.estimate(),
            format!(
                "{:.0}% of e-mails answered within {} working hours",
                e.at_least * 100.0,
                e.within_h
            ),
        ));
    }
    out
}

fn line_block(stats: &RunStats, acc: &LineAcc) -> LineBlock {
    let e = |i: usize| acc.figures.estimate(i);
    let def = SlDefinition::ALL
        .iter()
        .position(|d| *d == stats.names.definition)
        .unwrap_or(0);
    let by_threshold = |d: usize| -> IndexMap<String, Estimate> {
        stats
            .names
            .thresholds
            .iter()
            .enumerate()
            .map(|(k, &t)| (threshold_key(t), acc.service_levels[d][k].estimate()))
            .collect()
    };
    LineBlock {
        calls_offered: e(fig::CALLS_OFFERED),
        calls_self_served: e(fig::CALLS_SELF_SERVED),
        calls_blocked: e(fig::CALLS_BLOCKED),
        calls_answered: e(fig::CALLS_ANSWERED),
        calls_abandoned: e(fig::CALLS_ABANDONED),
        redials: e(fig::REDIALS),
        p_wait: e(fig::P_WAIT),
        asa_s: e(fig::ASA_S),
        mean_wait_s: e(fig::MEAN_WAIT_S),
        abandonment_rate: e(fig::ABANDONMENT_RATE),
        occupancy: e(fig::OCCUPANCY),
        agents_available: e(fig::AGENTS_AVAILABLE),
        service_level_at_s: by_threshold(def),
        service_level_by_definition: ByDefinition {
            offered: by_threshold(0),
            answered: by_threshold(1),
            excluding_short_abandons: by_threshold(2),
            virtual_wait: by_threshold(3),
        },
        wait_quantiles_s: quantiles(&acc.wait_quantiles),
        overtime_agent_hours_per_day: acc.overtime_h_per_day.estimate(),
        intervals_meeting_target_share: acc.intervals_meeting_target.estimate(),
    }
}

/// Quantile estimates in `WAIT_QUANTILES` order.
fn quantiles(w: &[Welford]) -> Quantiles {
    Quantiles::from_array(std::array::from_fn(|j| w[j].estimate()))
}

/// Builds `summary.json`.
pub fn summary_json(sc: &Scenario, settings: RunSettings, stats: &RunStats) -> Summary {
    let cal = &sc.calendar;
    let line = |line: LineId| {
        sc.lines
            .get(line)
            .map(|_| line_block(stats, &stats.lines[line.index()]))
    };
    let email = sc.email.as_ref().map(|e| {
        let a = &stats.email;
        EmailBlock {
            line: e.line.key().to_owned(),
            received: a.received.estimate(),
            handled: a.handled.estimate(),
            backlog_end: a.backlog_end.estimate(),
            mean_response_working_h: a.mean_response_h.estimate(),
            response_quantiles_working_h: quantiles(&a.response_quantiles_h),
            answered_within_target_share: a.within_target.estimate(),
        }
    });
    let targets = target_checks(sc, stats)
        .into_iter()
        .map(|c| {
            let key = match c.line {
                Some(line) => format!("{}.{}", c.name, line.key()),
                None => c.name.to_string(),
            };
            let at_least = c.bound == bound_key(true);
            let result = TargetResult {
                target: c.describe,
                line: c.line.map(|l| l.key().to_owned()),
                at_least: at_least.then_some(c.limit),
                at_most: (!at_least).then_some(c.limit),
                achieved: c.achieved,
                met: c.met,
                verdict: c.verdict.key().to_owned(),
            };
            (key, result)
        })
        .collect();
    Summary {
        scenario: sc.name.clone(),
        description: sc.description.clone(),
        seed: settings.seed,
        replications: settings.replications,
        working_days: cal.working_days.len(),
        first_day: cal.working_days.first().map(|d| d.to_string()),
        last_day: cal.working_days.last().map(|d| d.to_string()),
        interval_min: cal.interval_s / 60,
        service_level_definition: stats.names.definition,
        service_level_definition_text: stats.names.definition.describe().to_owned(),
        notes: Notes::standard(),
        first_line: line(LineId::First),
        second_line: line(LineId::Second),
        email,
        targets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::run::WAIT_QUANTILES;

    /// The line block's keys are the tables' base figures, in their order, then the
    /// service levels, quantiles, overtime and interval share.
    #[test]
    fn line_block_keys_follow_the_figure_order() {
        let e = Estimate {
            mean: 1.0,
            ci95_low: 0.5,
            ci95_high: 1.5,
        };
        let by = || IndexMap::from([("20".to_owned(), e)]);
        let block = LineBlock {
            calls_offered: e,
            calls_self_served: e,
            calls_blocked: e,
            calls_answered: e,
            calls_abandoned: e,
            redials: e,
            p_wait: e,
            asa_s: e,
            mean_wait_s: e,
            abandonment_rate: e,
            occupancy: e,
            agents_available: e,
            service_level_at_s: by(),
            service_level_by_definition: ByDefinition {
                offered: by(),
                answered: by(),
                excluding_short_abandons: by(),
                virtual_wait: by(),
            },
            wait_quantiles_s: Quantiles::from_array([e; 5]),
            overtime_agent_hours_per_day: e,
            intervals_meeting_target_share: e,
        };
        let v = serde_json::to_value(&block).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys[..fig::BASE.len()], fig::BASE);
        let defs: Vec<&str> = v["service_level_by_definition"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(defs, SlDefinition::ALL.map(|d| d.key()));
        let q: Vec<&str> = v["wait_quantiles_s"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(q, WAIT_QUANTILES.map(|(name, _)| name));
    }
}
