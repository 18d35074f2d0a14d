//! `compare.json`: its types (field order is key order in the file; the schema
//! `outputs/schemas/compare.schema.json` is generated from them) and how a comparison
//! fills them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Comparison, Row, Side};
use crate::stats::Estimate;

/// `compare.json`: B against A, figure by figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompareJson {
    pub a: SideJson,
    pub b: SideJson,
    pub seed: u64,
    pub replications: u32,
    /// The horizons differ: replications then share only part of their random numbers.
    pub calendars_differ: bool,
    /// Keys of figures only A has.
    pub only_in_a: Vec<String>,
    /// Keys of figures only B has.
    pub only_in_b: Vec<String>,
    /// Figures present in both, in A's order.
    pub figures: Vec<FigureJson>,
}

/// One scenario and its targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SideJson {
    pub file: String,
    pub scenario: String,
    pub targets: Vec<TargetJson>,
}

/// A target of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetJson {
    pub target: String,
    pub line: Option<String>,
    pub describe: String,
    pub achieved: Estimate,
    pub met: bool,
    #[schemars(extend("enum" = ["met", "missed", "inconclusive"]))]
    pub verdict: String,
}

/// One figure of both scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FigureJson {
    pub key: String,
    pub label: String,
    pub unit: String,
    #[schemars(extend("enum" = ["higher", "lower", "neither"]))]
    pub better: String,
    pub a: Estimate,
    pub b: Estimate,
    /// B − A, replication by replication.
    pub difference: Estimate,
    /// B − A as if the runs were independent (Welch).
    pub unpaired_difference: Estimate,
    /// The paired 95% interval excludes 0.
    pub significant: bool,
    #[schemars(extend("enum" = ["better", "worse", "higher", "lower", "same", "undefined"]))]
    pub direction: String,
}

impl Comparison {
    /// `compare.json`.
    pub fn json(&self) -> CompareJson {
        CompareJson {
            a: side(&self.a),
            b: side(&self.b),
            seed: self.settings.seed,
            replications: self.settings.replications,
            calendars_differ: self.calendars_differ,
            only_in_a: self.only_a.clone(),
            only_in_b: self.only_b.clone(),
            figures: self.rows.iter().map(figure).collect(),
        }
    }
}

fn side(s: &Side) -> SideJson {
    SideJson {
        file: s.file.clone(),
        scenario: s.name.clone(),
        targets: s
            .checks
            .iter()
            .map(|c| TargetJson {
                target: c.name.to_owned(),
                line: c.line.map(|l| l.key().to_owned()),
                describe: c.describe.clone(),
                achieved: c.achieved,
                met: c.met,
                verdict: c.verdict.key().to_owned(),
            })
            .collect(),
    }
}

fn figure(r: &Row) -> FigureJson {
    FigureJson {
        key: r.figure.key.clone(),
        label: r.figure.label.clone(),
        unit: r.figure.unit.to_owned(),
        better: r.figure.better.key().to_owned(),
        a: r.a,
        b: r.b,
        difference: r.paired,
        unpaired_difference: r.unpaired,
        significant: r.significant(),
        direction: r.direction().to_owned(),
    }
}
