//! Turning run statistics into files: `summary.json`, `intervals.csv`. Reports read
//! `RunStats`, never engine internals, and write atomically.

pub mod atomic;
pub mod intervals_csv;
pub mod summary_json;

use std::path::Path;

use anyhow::{Context, Result};

use crate::engine::{RunSettings, Setup};
use crate::scenario::Scenario;
use crate::stats::RunStats;

/// Names of the files a run writes.
pub const SUMMARY_JSON: &str = "summary.json";
pub const INTERVALS_CSV: &str = "intervals.csv";

/// Writes every output of a run into `dir` (created if missing).
pub fn write_run(dir: &Path, sc: &Scenario, settings: RunSettings, stats: &RunStats) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let setup = Setup::new(sc);
    let summary = summary_json::summary_json(sc, settings, stats);
    let mut json = serde_json::to_string_pretty(&summary).context("encoding summary.json")?;
    json.push('\n');
    atomic::write(&dir.join(SUMMARY_JSON), json.as_bytes())?;
    let csv = intervals_csv::intervals_csv(sc, &setup, stats);
    atomic::write(&dir.join(INTERVALS_CSV), csv.as_bytes())?;
    Ok(())
}
