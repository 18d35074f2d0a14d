//! What `ccplan backtest` writes: `backtest.json` (typed), the `hourly` and `daily` tables
//! and `report.md`.

use std::path::Path;

use anyhow::Result;
use polars::prelude::{Column, DataFrame};
use serde::{Deserialize, Serialize};

use super::{Accuracy, Backtest, ByFigure, Row};
use crate::atomic;
use crate::observed::Figure;
use crate::planning::output::{ColumnDoc, TableDoc, write_table};

/// One value per figure, keyed by the figure's name.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PerFigure<T> {
    pub abandonment_rate: T,
    pub asa_s: T,
    pub p_wait: T,
    pub service_level: T,
}

impl<T: Copy> PerFigure<T> {
    /// The value of figure `f`.
    pub fn get(&self, f: Figure) -> T {
        match f {
            Figure::AbandonmentRate => self.abandonment_rate,
            Figure::AsaS => self.asa_s,
            Figure::PWait => self.p_wait,
            Figure::ServiceLevel => self.service_level,
        }
    }

    /// From values in [`Figure::ALL`] order.
    pub fn from_array(a: [T; 4]) -> Self {
        PerFigure {
            abandonment_rate: a[0],
            asa_s: a[1],
            p_wait: a[2],
            service_level: a[3],
        }
    }
}

/// The noise floor of one figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NoiseFloor {
    /// MAE a perfect model would show (one replication against the mean of the others).
    pub mae: Option<f64>,
}

/// `backtest.json`: the machine-readable result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BacktestJson {
    /// The scenario's name.
    pub scenario: String,
    pub replications: u32,
    pub seed: u64,
    /// Dates replayed, `YYYY-MM-DD`.
    pub dates: Vec<String>,
    /// Simulation against actual, per hour with at least `--min-calls` callers.
    pub hourly: PerFigure<Accuracy>,
    /// Simulation against actual, per date.
    pub daily: PerFigure<Accuracy>,
    /// Stationary Erlang A against actual, per hour (the same hours).
    pub erlang_a_hourly: PerFigure<Accuracy>,
    pub noise_floor_hourly: PerFigure<NoiseFloor>,
}

impl BacktestJson {
    pub fn new(scenario: &str, replications: u32, seed: u64, b: &Backtest) -> Self {
        let acc = |a: &ByFigure| PerFigure::from_array(*a);
        BacktestJson {
            scenario: scenario.to_owned(),
            replications,
            seed,
            dates: b.dates.iter().map(|d| d.to_string()).collect(),
            hourly: acc(&b.accuracy_hourly),
            daily: acc(&b.accuracy_daily),
            erlang_a_hourly: acc(&b.accuracy_erlang_a_hourly),
            noise_floor_hourly: PerFigure::from_array(
                b.noise_floor_hourly.map(|mae| NoiseFloor { mae }),
            ),
        }
    }
}

/// The documented columns of the `hourly` (with `hourly = true`) or `daily` table.
pub fn table_doc(hourly: bool) -> TableDoc {
    let mut columns = vec![ColumnDoc::new("date", "date", "date replayed, YYYY-MM-DD")];
    if hourly {
        columns.push(ColumnDoc::new(
            "hour",
            "h",
            "hour of the day in which the callers sought an agent (0–23; 24+ after midnight)",
        ));
        columns.push(ColumnDoc::new(
            "included",
            "bool",
            "the hour has at least --min-calls callers and counts in the accuracy figures",
        ));
    }
    columns.push(ColumnDoc::new(
        "calls",
        "calls",
        "callers who sought an agent (answered or abandoned in the queue), as in the log",
    ));
    columns.push(ColumnDoc::new(
        "agents_present",
        "agents",
        "agents on duty on average: presence measured from service records ÷ the period",
    ));
    for f in Figure::ALL {
        let k = f.key();
        let l = f.label();
        columns.push(ColumnDoc::new(
            format!("{k}_actual"),
            unit(f),
            format!("{l}, as the log recorded it"),
        ));
        columns.push(ColumnDoc::new(
            format!("{k}_simulated"),
            unit(f),
            format!("{l}, mean over replications of the replay"),
        ));
        columns.push(ColumnDoc::new(
            format!("{k}_simulated_ci95_low"),
            unit(f),
            "lower bound of the 95% Student-t interval of the simulated mean",
        ));
        columns.push(ColumnDoc::new(
            format!("{k}_simulated_ci95_high"),
            unit(f),
            "upper bound of the 95% Student-t interval of the simulated mean",
        ));
        if hourly {
            columns.push(ColumnDoc::new(
                format!("{k}_erlang_a"),
                unit(f),
                format!("{l}, stationary Erlang A on the hour's callers, handling, agents × availability and patience"),
            ));
        }
    }
    TableDoc {
        name: if hourly { "hourly" } else { "daily" }.to_owned(),
        rows: if hourly {
            "date and hour with callers".to_owned()
        } else {
            "date".to_owned()
        },
        columns,
    }
}

fn unit(f: Figure) -> &'static str {
    match f {
        Figure::AsaS => "s",
        _ => "share",
    }
}

fn frame(rows: &[Row], included: Option<&[bool]>) -> Result<DataFrame> {
    let doc = table_doc(included.is_some());
    let mut cols: Vec<Column> = Vec::new();
    let mut names = doc.columns.iter().map(|c| c.name.as_str());
    let mut next = || names.next().unwrap_or_default().into();
    cols.push(Column::new(
        next(),
        rows.iter().map(|r| r.date.to_string()).collect::<Vec<_>>(),
    ));
    if let Some(inc) = included {
        cols.push(Column::new(
            next(),
            rows.iter()
                .map(|r| r.hour.map(u32::from))
                .collect::<Vec<_>>(),
        ));
        cols.push(Column::new(next(), inc.to_vec()));
    }
    cols.push(Column::new(
        next(),
        rows.iter().map(|r| r.calls).collect::<Vec<_>>(),
    ));
    cols.push(Column::new(
        next(),
        rows.iter().map(|r| r.agents_present).collect::<Vec<_>>(),
    ));
    let finite = |x: f64| x.is_finite().then_some(x);
    for f in 0..4 {
        cols.push(Column::new(
            next(),
            rows.iter().map(|r| r.actual[f]).collect::<Vec<_>>(),
        ));
        cols.push(Column::new(
            next(),
            rows.iter()
                .map(|r| finite(r.simulated[f].mean))
                .collect::<Vec<_>>(),
        ));
        cols.push(Column::new(
            next(),
            rows.iter()
                .map(|r| finite(r.simulated[f].ci95_low))
                .collect::<Vec<_>>(),
        ));
        cols.push(Column::new(
            next(),
            rows.iter()
                .map(|r| finite(r.simulated[f].ci95_high))
                .collect::<Vec<_>>(),
        ));
        if included.is_some() {
            cols.push(Column::new(
                next(),
                rows.iter().map(|r| r.erlang_a[f]).collect::<Vec<_>>(),
            ));
        }
    }
    Ok(DataFrame::new_infer_height(cols)?)
}

/// Writes `backtest.json`, the tables and `report.md` into `dir` (which must exist).
pub fn write_all(dir: &Path, json: &BacktestJson, b: &Backtest, report_md: &str) -> Result<()> {
    atomic::write_json(&dir.join("backtest.json"), json)?;
    write_table(
        dir,
        &table_doc(true),
        &frame(&b.hourly, Some(&b.hourly_included))?,
    )?;
    write_table(dir, &table_doc(false), &frame(&b.daily, None)?)?;
    atomic::write(&dir.join("report.md"), report_md.as_bytes())?;
    Ok(())
}

/// The accuracy table printed on the console and in the report (markdown).
pub fn accuracy_markdown(json: &BacktestJson) -> String {
    let mut s = String::from(
        "| figure | hourly MAE | hourly bias | Erlang A MAE | Erlang A bias | noise floor MAE | daily MAE | daily bias | hours | days |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let n = |x: Option<f64>, asa: bool| match x {
        Some(v) if asa => format!("{v:.1}"),
        Some(v) => format!("{v:.3}"),
        None => "—".into(),
    };
    for f in Figure::ALL {
        let k = f.key();
        let asa = f == Figure::AsaS;
        let (h, e, nf, d) = (
            json.hourly.get(f),
            json.erlang_a_hourly.get(f),
            json.noise_floor_hourly.get(f),
            json.daily.get(f),
        );
        s.push_str(&format!(
            "| {k} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            n(h.mae, asa),
            n(h.bias, asa),
            n(e.mae, asa),
            n(e.bias, asa),
            n(nf.mae, asa),
            n(d.mae, asa),
            n(d.bias, asa),
            h.n,
            d.n
        ));
    }
    s
}
