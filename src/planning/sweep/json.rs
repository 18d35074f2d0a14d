//! `sweep.json`: its types (field order is key order in the file; the schema
//! `outputs/schemas/sweep.schema.json` is generated from them) and how a sweep fills them.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Sweep;
use crate::planning::headline::Figure;
use crate::report::summary_json::{TargetCheck, bound_key};
use crate::stats::Estimate;

/// `sweep.json`: the run, the settings, the figures and every point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SweepJson {
    pub scenario: String,
    /// The scenario file as given on the command line.
    pub file: String,
    /// The first point's seed (`null` without points).
    pub seed: Option<u64>,
    pub replications: Option<u32>,
    /// Each `--set`, in order.
    pub sets: Vec<SetJson>,
    /// Every figure of any point, in order of first appearance.
    pub figures: Vec<FigureJson>,
    /// The point with the fewest agent-hours per day whose every target's mean is met.
    pub cheapest_meeting_targets: Option<PointRef>,
    /// The same among points whose every target's 95% interval is on the right side.
    pub cheapest_meeting_targets_conclusively: Option<PointRef>,
    pub points: Vec<PointJson>,
}

/// A value set by `--set`: a number, a boolean or text, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SetValue {
    Integer(i64),
    Number(f64),
    Bool(bool),
    Text(String),
}

impl From<&Value> for SetValue {
    fn from(v: &Value) -> Self {
        match v {
            Value::Number(n) => match n.as_i64() {
                Some(i) => SetValue::Integer(i),
                None => SetValue::Number(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::Bool(b) => SetValue::Bool(*b),
            Value::String(s) => SetValue::Text(s.clone()),
            other => SetValue::Text(other.to_string()),
        }
    }
}

/// One `--set`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SetJson {
    /// The argument as given (`lines.first.shifts[0].agents=50..60:5`).
    pub arg: String,
    /// The YAML path set.
    pub path: String,
    pub values: Vec<SetValue>,
}

/// A headline figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FigureJson {
    /// `first_line.service_level`, `email.within_target`, …
    pub key: String,
    pub label: String,
    pub unit: String,
    #[schemars(extend("enum" = ["higher", "lower", "neither"]))]
    pub better: String,
    /// The first point's target on this figure.
    pub target: Option<BoundJson>,
}

/// A bound on a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BoundJson {
    #[schemars(extend("enum" = ["at_least", "at_most"]))]
    pub bound: String,
    pub limit: f64,
}

/// A grid point named by number and values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PointRef {
    /// From 1, in grid order.
    pub point: usize,
    /// `path=value` of each `--set`.
    pub values: Vec<String>,
}

/// One grid point's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PointJson {
    pub point: usize,
    /// The value of each `--set`, keyed by its path.
    pub values: IndexMap<String, SetValue>,
    pub seed: u64,
    pub replications: u32,
    pub agent_hours_per_day: f64,
    /// Every target's mean on the right side; `null` without targets.
    pub all_targets_met: Option<bool>,
    /// `null` without targets.
    #[schemars(extend("enum" = ["met", "missed", "inconclusive", null]))]
    pub targets_verdict: Option<String>,
    pub targets: Vec<TargetJson>,
    /// Each figure's estimate, keyed by the figure's key.
    pub figures: IndexMap<String, Estimate>,
}

/// A target of a point's scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetJson {
    pub target: String,
    pub line: Option<String>,
    pub describe: String,
    #[schemars(extend("enum" = ["at_least", "at_most"]))]
    pub bound: String,
    pub limit: f64,
    pub achieved: Estimate,
    pub met: bool,
    #[schemars(extend("enum" = ["met", "missed", "inconclusive"]))]
    pub verdict: String,
}

impl Sweep {
    /// `sweep.json`.
    pub fn json(&self) -> SweepJson {
        let first = self.results.first().map(|r| r.settings);
        let points = self
            .points()
            .map(|(i, p, r)| PointJson {
                point: i + 1,
                values: self
                    .grid
                    .chosen(p)
                    .map(|(s, v)| (s.path_text.clone(), SetValue::from(v)))
                    .collect(),
                seed: r.settings.seed,
                replications: r.settings.replications,
                agent_hours_per_day: r.agent_hours_per_day,
                all_targets_met: r.all_met(),
                targets_verdict: r.verdict().map(|v| v.key().to_owned()),
                targets: r.checks.iter().map(target_json).collect(),
                figures: r
                    .figures
                    .iter()
                    .zip(&r.estimates)
                    .map(|(f, e)| (f.key.clone(), *e))
                    .collect(),
            })
            .collect();
        let point_ref = |i: Option<usize>| {
            i.map(|i| PointRef {
                point: i + 1,
                values: self.grid.describe(&self.grid.points[i]),
            })
        };
        SweepJson {
            scenario: self.grid.document.scenario.name.clone(),
            file: self.grid.document.file.clone(),
            seed: first.map(|s| s.seed),
            replications: first.map(|s| s.replications),
            sets: self
                .grid
                .settings
                .iter()
                .map(|s| SetJson {
                    arg: s.raw.clone(),
                    path: s.path_text.clone(),
                    values: s.values.iter().map(SetValue::from).collect(),
                })
                .collect(),
            figures: self.figures.iter().map(figure_json).collect(),
            cheapest_meeting_targets: point_ref(self.cheapest()),
            cheapest_meeting_targets_conclusively: point_ref(self.cheapest_conclusive()),
            points,
        }
    }
}

fn figure_json(f: &Figure) -> FigureJson {
    FigureJson {
        key: f.key.clone(),
        label: f.label.clone(),
        unit: f.unit.to_owned(),
        better: f.better.key().to_owned(),
        target: f.target.map(|b| BoundJson {
            bound: bound_key(b.at_least).to_owned(),
            limit: b.limit,
        }),
    }
}

fn target_json(c: &TargetCheck) -> TargetJson {
    TargetJson {
        target: c.name.to_owned(),
        line: c.line.map(|l| l.key().to_owned()),
        describe: c.describe.clone(),
        bound: c.bound.to_owned(),
        limit: c.limit,
        achieved: c.achieved,
        met: c.met,
        verdict: c.verdict.key().to_owned(),
    }
}
