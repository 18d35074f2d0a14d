//! `summary.json`: the machine-readable contract of a run.
//!
//! Every figure is `{"mean", "ci95_low", "ci95_high"}` over independent replications
//! (Student t), `null` where undefined. Counts are totals over the horizon per
//! replication. When this layout changes, update README.md ("summary.json") and
//! `tests/it/run_cli.rs`.

use serde_json::{Map, Value, json};

use crate::engine::RunSettings;
use crate::scenario::{LineId, Scenario};
use crate::service_level::SlDefinition;
use crate::stats::run::{LineAcc, WAIT_QUANTILES, fig, threshold_key};
use crate::stats::{Bound, Estimate, RunStats};

fn est(e: Estimate) -> Value {
    serde_json::to_value(e).unwrap_or(Value::Null)
}

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

fn line_block(stats: &RunStats, acc: &LineAcc) -> Value {
    let mut m = Map::new();
    for (i, name) in fig::BASE.iter().enumerate() {
        m.insert(name.to_string(), est(acc.figures.estimate(i)));
    }
    let def = SlDefinition::ALL
        .iter()
        .position(|d| *d == stats.names.definition)
        .unwrap_or(0);
    let by_threshold = |d: usize| -> Value {
        let mut o = Map::new();
        for (k, &t) in stats.names.thresholds.iter().enumerate() {
            o.insert(threshold_key(t), est(acc.service_levels[d][k].estimate()));
        }
        Value::Object(o)
    };
    m.insert("service_level_at_s".into(), by_threshold(def));
    let mut all = Map::new();
    for (d, definition) in SlDefinition::ALL.iter().enumerate() {
        all.insert(definition.key().into(), by_threshold(d));
    }
    m.insert("service_level_by_definition".into(), Value::Object(all));
    let mut q = Map::new();
    for (j, (name, _)) in WAIT_QUANTILES.iter().enumerate() {
        q.insert(name.to_string(), est(acc.wait_quantiles[j].estimate()));
    }
    m.insert("wait_quantiles_s".into(), Value::Object(q));
    m.insert(
        "overtime_agent_hours_per_day".into(),
        est(acc.overtime_h_per_day.estimate()),
    );
    m.insert(
        "intervals_meeting_target_share".into(),
        est(acc.intervals_meeting_target.estimate()),
    );
    Value::Object(m)
}

/// Builds `summary.json`.
pub fn summary_json(sc: &Scenario, settings: RunSettings, stats: &RunStats) -> Value {
    let cal = &sc.calendar;
    let mut root = Map::new();
    root.insert("scenario".into(), json!(sc.name));
    root.insert("description".into(), json!(sc.description));
    root.insert("seed".into(), json!(settings.seed));
    root.insert("replications".into(), json!(settings.replications));
    root.insert("working_days".into(), json!(cal.working_days.len()));
    root.insert(
        "first_day".into(),
        json!(cal.working_days.first().map(|d| d.to_string())),
    );
    root.insert(
        "last_day".into(),
        json!(cal.working_days.last().map(|d| d.to_string())),
    );
    root.insert("interval_min".into(), json!(cal.interval_s / 60));
    root.insert(
        "service_level_definition".into(),
        json!(stats.names.definition.key()),
    );
    root.insert(
        "service_level_definition_text".into(),
        json!(stats.names.definition.describe()),
    );
    root.insert(
        "notes".into(),
        json!({
            "counts": "totals over the horizon per replication",
            "intervals": "mean over independent replications with 95% Student-t bounds",
            "p_wait": "calls that reached the line's queue and waited more than 0 s / calls that reached the queue",
            "asa_s": "mean wait of answered calls",
            "mean_wait_s": "mean time in queue of all queued calls (abandoners until they hung up)",
            "wait_quantiles_s": "quantiles of answered calls' waits (zeros included), per replication",
            "occupancy": "agent time on calls and e-mail / agent time present (overtime included)",
        }),
    );
    for line in LineId::ALL {
        let block = match sc.lines.get(line) {
            Some(_) => line_block(stats, &stats.lines[line.index()]),
            None => Value::Null,
        };
        root.insert(line.key().into(), block);
    }
    let email = sc.email.as_ref().map(|e| {
        let a = &stats.email;
        let mut q = Map::new();
        for (j, (name, _)) in WAIT_QUANTILES.iter().enumerate() {
            q.insert(name.to_string(), est(a.response_quantiles_h[j].estimate()));
        }
        json!({
            "line": if e.line == LineId::First { "first_line" } else { "second_line" },
            "received": est(a.received.estimate()),
            "handled": est(a.handled.estimate()),
            "backlog_end": est(a.backlog_end.estimate()),
            "mean_response_working_h": est(a.mean_response_h.estimate()),
            "response_quantiles_working_h": q,
            "answered_within_target_share": est(a.within_target.estimate()),
        })
    });
    root.insert("email".into(), email.unwrap_or(Value::Null));
    let mut targets = Map::new();
    for c in target_checks(sc, stats) {
        let key = match c.line {
            Some(line) => format!("{}.{}", c.name, line.key()),
            None => c.name.to_string(),
        };
        targets.insert(
            key,
            json!({
                "target": c.describe,
                "line": c.line.map(|l| l.key()),
                c.bound: c.limit,
                "achieved": est(c.achieved),
                "met": c.met,
                "verdict": c.verdict.key(),
            }),
        );
    }
    root.insert("targets".into(), Value::Object(targets));
    Value::Object(root)
}
