//! What the planning commands write: a folder per command and scenario, documented
//! tables (Parquet + CSV), markdown and JSON reports — every file atomically, and only
//! after every input has been checked, so bad input never leaves a partial folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use polars::prelude::DataFrame;

use crate::atomic;
use crate::report::summary_json::TargetCheck;
use crate::stats::Estimate;

/// `outputs/<command>-<name>`: where a command writes when `--out` is not given.
pub fn default_dir(command: &str, name: &str) -> PathBuf {
    PathBuf::from("outputs").join(format!("{command}-{name}"))
}

/// Creates `dir` (and its parents).
pub fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

/// One documented column of a planning table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDoc {
    pub name: String,
    pub unit: &'static str,
    pub definition: String,
}

impl ColumnDoc {
    pub fn new(name: impl Into<String>, unit: &'static str, definition: impl Into<String>) -> Self {
        ColumnDoc {
            name: name.into(),
            unit,
            definition: definition.into(),
        }
    }
}

/// A planning table: its name (file stem), what a row is, and its columns in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDoc {
    pub name: String,
    pub rows: String,
    pub columns: Vec<ColumnDoc>,
}

impl TableDoc {
    /// The columns as a markdown table (for the command's report).
    pub fn markdown(&self) -> String {
        let mut s = format!("`{}` — one row per {}.\n\n", self.name, self.rows);
        s.push_str("| column | unit | definition |\n|---|---|---|\n");
        for c in &self.columns {
            s.push_str(&format!(
                "| `{}` | {} | {} |\n",
                c.name, c.unit, c.definition
            ));
        }
        s
    }
}

/// Writes `df` as `<name>.parquet` and `<name>.csv` after checking that its columns are
/// exactly the documented ones, in order.
pub fn write_table(dir: &Path, doc: &TableDoc, df: &DataFrame) -> Result<()> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let documented: Vec<String> = doc.columns.iter().map(|c| c.name.clone()).collect();
    anyhow::ensure!(
        names == documented,
        "table {}: columns {names:?} differ from the documented {documented:?}",
        doc.name
    );
    let columns: Vec<(String, &str, String)> = doc
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.unit, c.definition.clone()))
        .collect();
    crate::tables::io::write_frame(dir, &doc.name, &columns, df)
}

/// Creates `dir`, writes the documented table `doc` into it and creates `dir/charts`
/// (returned): the start of a command's folder.
pub fn write_table_and_chart_dir(dir: &Path, doc: &TableDoc, df: &DataFrame) -> Result<PathBuf> {
    create_dir(dir)?;
    write_table(dir, doc, df)?;
    let chart_dir = dir.join("charts");
    create_dir(&chart_dir)?;
    Ok(chart_dir)
}

/// The `## Charts` and `## Table` sections that end a command's `report.md`: each chart
/// (label, path relative to the report) as an image, then the table's documentation.
pub fn charts_and_table_markdown(charts: &[(String, String)], doc: &TableDoc) -> String {
    let mut s = String::from("\n## Charts\n\n");
    for (label, file) in charts {
        s.push_str(&format!("![{label}]({file})\n\n"));
    }
    s.push_str("## Table\n\n");
    s.push_str(&doc.markdown());
    s
}

/// Writes a text file atomically.
pub fn write_text(dir: &Path, name: &str, text: &str) -> Result<()> {
    atomic::write(&dir.join(name), text.as_bytes())
}

/// Writes a JSON document atomically (pretty-printed, with a final newline).
pub fn write_json<T: serde::Serialize>(dir: &Path, name: &str, value: &T) -> Result<()> {
    atomic::write_json(&dir.join(name), value)
}

/// A number for a JSON field that is `null` where undefined: `None` when it is NaN or
/// infinite.
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// A value in its unit for people: shares as percentages (`80.4%`), seconds with one
/// decimal (`12.3 s`), counts and hours without or with one decimal.
pub fn format_value(x: f64, unit: &str) -> String {
    if x.is_nan() {
        return "–".into();
    }
    match unit {
        "share" => format!("{:.1}%", x * 100.0),
        "s" => format!("{x:.1} s"),
        "h" => format!("{x:.1} h"),
        "calls/day" | "e-mails" | "calls" => format!("{x:.0}"),
        _ => format!("{x:.1}"),
    }
}

/// A difference in its unit (`+1.2 pp` for shares).
pub fn format_difference(x: f64, unit: &str) -> String {
    if x.is_nan() {
        return "–".into();
    }
    match unit {
        "share" => format!("{:+.2} pp", x * 100.0),
        "s" => format!("{x:+.1} s"),
        "calls/day" | "e-mails" | "calls" => format!("{x:+.0}"),
        _ => format!("{x:+.1}"),
    }
}

/// An estimate with its 95% interval: `80.4% [79.9%, 80.9%]`.
pub fn format_estimate(e: Estimate, unit: &str) -> String {
    if e.ci95_low.is_nan() {
        return format_value(e.mean, unit);
    }
    format!(
        "{} [{}, {}]",
        format_value(e.mean, unit),
        format_value(e.ci95_low, unit),
        format_value(e.ci95_high, unit)
    )
}

/// A markdown table.
pub fn markdown_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut s = format!("| {} |\n|", headers.join(" | "));
    for _ in headers {
        s.push_str("---|");
    }
    s.push('\n');
    for r in rows {
        s.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    s
}

/// A share's interval clipped to the possible range [0, 1] for display (tables and JSON
/// keep the Student-t bounds as computed); other units unchanged.
pub fn clipped(e: Estimate, unit: &str) -> Estimate {
    if unit != "share" {
        return e;
    }
    Estimate {
        mean: e.mean,
        ci95_low: e.ci95_low.clamp(0.0, 1.0),
        ci95_high: e.ci95_high.clamp(0.0, 1.0),
    }
}

/// An estimate with its 95% interval, a share's clipped to [0, 1]: see [`clipped`].
pub fn format_clipped(e: Estimate, unit: &str) -> String {
    format_estimate(clipped(e, unit), unit)
}

/// A target check's description with its line: `80% answered within 20 s [first_line]`.
pub fn check_label(c: &TargetCheck) -> String {
    format!(
        "{}{}",
        c.describe,
        c.line
            .map(|l| format!(" [{}]", l.key()))
            .unwrap_or_default()
    )
}

/// What a target check achieved, for people: ASA in seconds, the others as shares
/// (clipped to [0, 1]).
pub fn format_achieved(c: &TargetCheck) -> String {
    let unit = if c.name == "asa" { "s" } else { "share" };
    format_clipped(c.achieved, unit)
}
