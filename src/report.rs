//! Turning a run into files: `scenario.yaml` (the scenario as given), `summary.json`, the
//! tables (`intervals`, `days`, `contact_types`, `email`, `wait_distribution`,
//! `replications`, each as Parquet and CSV; see [`crate::tables`]), the charts under
//! `charts/` and `report.md` / `report.html`. Charts and the report read the tables and
//! `summary.json`, never engine internals, so [`render`] can redraw a saved run. Every
//! file is written atomically ([`crate::atomic`]).

pub mod document;
pub mod folder;
pub mod summary_json;

use std::path::Path;

use anyhow::{Context, Result};

use self::summary_json::Summary;
use crate::atomic;
use crate::charts;
use crate::engine::RunSettings;
use crate::scenario::{LineId, Scenario};
use crate::stats::RunStats;
use crate::tables::{self, Tables};

/// Names of the files a run writes (besides the other tables' `<table>.parquet` and
/// `<table>.csv`).
pub const SUMMARY_JSON: &str = "summary.json";
pub const INTERVALS_CSV: &str = "intervals.csv";
pub const SCENARIO_YAML: &str = "scenario.yaml";
pub const CHARTS_DIR: &str = "charts";
pub const REPORT_MD: &str = "report.md";
pub const REPORT_HTML: &str = "report.html";

/// Writes every output of a run into `dir` (created if missing), whole or not at all:
/// the files of an earlier run there that this run does not write are removed, files
/// ccplan did not write are kept (see [`folder`]). `source` is the scenario file's text,
/// kept beside the results for provenance.
pub fn write_run(
    dir: &Path,
    sc: &Scenario,
    source: &str,
    settings: RunSettings,
    stats: &RunStats,
) -> Result<()> {
    folder::replace_with(dir, |dir| {
        atomic::write(&dir.join(SCENARIO_YAML), source.as_bytes())?;
        let summary = summary_json::summary_json(sc, settings, stats);
        atomic::write_json(&dir.join(SUMMARY_JSON), &summary)?;
        let tables = tables::build_tables(sc, stats).context("building the tables")?;
        tables::write_tables(dir, &tables)?;
        render(dir, &summary, &tables, sc)
    })
}

/// A chart's title for the report, from its file stem.
fn chart_title(stem: &str, sc: &Scenario) -> String {
    let label = |key: &str| {
        LineId::ALL
            .into_iter()
            .find(|l| key.ends_with(l.key()))
            .and_then(|l| sc.lines.get(l))
            .map_or(String::new(), |l| format!(" — {}", l.label))
    };
    let what = match stem {
        s if s.starts_with("wait_distribution") => {
            "Waits of answered calls, peak against normal periods"
        }
        s if s.starts_with("service_level_by_interval") => {
            "Service level by interval, busiest and average day"
        }
        s if s.starts_with("calls_by_interval") => {
            "Offered, answered and abandoned calls by interval"
        }
        s if s.starts_with("staffing_by_interval") => "Agents present against agents required",
        s if s.starts_with("service_level_heatmap") => "Service level, day × interval",
        "occupancy_by_interval" => "Occupancy by interval",
        "email_backlog" => "E-mail backlog across days",
        other => other,
    };
    format!("{what}{}", label(stem))
}

/// Draws the charts and writes `report.md` and `report.html` from a run's saved results.
pub fn render(dir: &Path, summary: &Summary, tables: &Tables, sc: &Scenario) -> Result<()> {
    let note = format!(
        "ccplan · {} · {} replications · seed {}",
        sc.name, summary.replications, summary.seed
    );
    let set = charts::from_tables::chart_set(tables, sc, note).context("preparing the charts")?;
    let charts_dir = dir.join(CHARTS_DIR);
    let files = charts::render_all(&charts_dir, &set).context("drawing the charts")?;
    let mut stems: Vec<String> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    stems.dedup();
    let charts: Vec<(String, String)> = stems
        .into_iter()
        .map(|s| (chart_title(&s, sc), s))
        .collect();
    let blocks = document::blocks(summary, tables, sc, &charts)?;
    atomic::write(&dir.join(REPORT_MD), document::markdown(&blocks).as_bytes())?;
    let html = document::html(&blocks, &charts_dir)?;
    atomic::write(&dir.join(REPORT_HTML), html.as_bytes())?;
    Ok(())
}

/// Re-renders charts and report of a saved run from its files alone.
pub fn rerender(dir: &Path) -> Result<()> {
    let source = std::fs::read_to_string(dir.join(SCENARIO_YAML))
        .with_context(|| format!("reading {}", dir.join(SCENARIO_YAML).display()))?;
    let sc = crate::scenario::parse_str(&source, &dir.join(SCENARIO_YAML).to_string_lossy())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let summary: Summary = serde_json::from_str(
        &std::fs::read_to_string(dir.join(SUMMARY_JSON))
            .with_context(|| format!("reading {}", dir.join(SUMMARY_JSON).display()))?,
    )
    .with_context(|| format!("parsing {}", dir.join(SUMMARY_JSON).display()))?;
    let tables = tables::read_tables(dir)?;
    render(dir, &summary, &tables, &sc)
}
