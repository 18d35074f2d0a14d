//! The baseline file: JSON, one record per scenario keyed by the scenario's `name`,
//! written atomically.
//!
//! ```json
//! {
//!   "format": "ccplan-regress-baseline/1",
//!   "tolerance_rule": "…",
//!   "scenarios": {
//!     "minimal": {
//!       "file": "scenarios/minimal.yaml",
//!       "scenario_hash": "fnv1a64:…",
//!       "ccplan_version": "0.1.0",
//!       "replications": 10, "seed": 1, "working_days": 5,
//!       "figures": [
//!         {"key": "first_line.service_level", "label": "1st line: SL 20 s (offered)",
//!          "unit": "share", "better": "higher",
//!          "mean": 0.81, "ci95_low": 0.79, "ci95_high": 0.83,
//!          "target": {"bound": "at_least", "limit": 0.8, "met": true, "verdict": "inconclusive"}}
//!       ]
//!     }
//!   }
//! }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::planning::output::format_value;
use crate::stats::Estimate;

/// The `format` key of a baseline file.
pub const FORMAT: &str = "ccplan-regress-baseline/1";

/// A whole baseline file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub format: String,
    pub tolerance_rule: String,
    /// By scenario name.
    pub scenarios: BTreeMap<String, ScenarioRecord>,
}

/// One scenario's stored run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRecord {
    /// The file as given when stored (for advice; scenarios are matched by name).
    pub file: String,
    pub scenario_hash: String,
    pub ccplan_version: String,
    pub replications: u32,
    pub seed: u64,
    pub working_days: usize,
    pub figures: Vec<FigureRecord>,
}

/// One headline figure with its 95% interval (`null` where undefined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureRecord {
    pub key: String,
    pub label: String,
    pub unit: String,
    /// `higher`, `lower` or `neither`.
    pub better: String,
    pub mean: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub target: Option<TargetRecord>,
}

impl FigureRecord {
    /// The 95% half-width; 0 when undefined (a figure defined in one replication only).
    pub fn half_width(&self) -> f64 {
        match (self.ci95_low, self.ci95_high) {
            (Some(lo), Some(hi)) => (hi - lo) / 2.0,
            _ => 0.0,
        }
    }

    /// `80.4% [79.9%, 80.9%]`.
    pub fn display(&self) -> String {
        crate::planning::output::format_estimate(
            Estimate {
                mean: self.mean.unwrap_or(f64::NAN),
                ci95_low: self.ci95_low.unwrap_or(f64::NAN),
                ci95_high: self.ci95_high.unwrap_or(f64::NAN),
            },
            &self.unit,
        )
    }
}

/// A scenario target on a figure, and how the run fared against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetRecord {
    /// `at_least` or `at_most`.
    pub bound: String,
    pub limit: f64,
    /// The mean is on the right side.
    pub met: bool,
    /// `met`, `missed` or `inconclusive` by the 95% interval.
    pub verdict: String,
}

impl TargetRecord {
    /// `≥ 80.0%`.
    pub fn describe(&self, unit: &str) -> String {
        let op = if self.bound == "at_least" {
            "≥"
        } else {
            "≤"
        };
        format!("{op} {}", format_value(self.limit, unit))
    }
}

impl Baseline {
    pub fn new() -> Self {
        Baseline {
            format: FORMAT.to_string(),
            tolerance_rule: super::TOLERANCE_RULE.to_string(),
            scenarios: BTreeMap::new(),
        }
    }

    /// Reads a baseline; `Ok(None)` when the file does not exist.
    pub fn read(path: &Path) -> anyhow::Result<Option<Self>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => anyhow::bail!("cannot read the baseline {}: {e}", path.display()),
        };
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not a ccplan regress baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        anyhow::ensure!(
            b.format == FORMAT,
            "{}: baseline format `{}` is not `{FORMAT}`; run with --update to rewrite it",
            path.display(),
            b.format
        );
        for (name, r) in &b.scenarios {
            anyhow::ensure!(
                r.replications >= 2,
                "{}: scenario `{name}` stores {} replications; at least 2 are needed",
                path.display(),
                r.replications
            );
        }
        Ok(Some(b))
    }

    /// Writes the baseline atomically (pretty JSON, final newline).
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        crate::atomic::write_json(path, self)
    }
}

impl Default for Baseline {
    fn default() -> Self {
        Self::new()
    }
}
