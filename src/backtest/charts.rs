//! Charts of `ccplan backtest`: simulated against actual, hour by hour and as a scatter.
//!
//! | file stem | chart | input |
//! |---|---|---|
//! | `backtest_<figure>_by_hour` | per date, the simulated mean with its 95% interval against the actual value, hour by hour (abandonment and ASA) | [`by_hour::HourlyByDate`] |
//! | `backtest_scatter_<figure>` | simulated and Erlang A against actual, one point per hour, with y = x and the accuracy figures | [`scatter::Scatter`] |
//!
//! `<figure>` is the figure's key ([`Figure::key`]). Only the hours that count in the
//! accuracy figures (at least `--min-calls` callers) are drawn.

pub mod by_hour;
pub mod scatter;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::backtest::Backtest;
use crate::observed::Figure;
use by_hour::{DayHours, HourValues, HourlyByDate};
use scatter::{Scatter, ScatterPoint};

/// The figures drawn hour by hour per date.
pub const BY_HOUR: [Figure; 2] = [Figure::AbandonmentRate, Figure::AsaS];

/// The stems of every chart [`render_all`] writes, in its order.
pub fn stems() -> Vec<String> {
    let mut out: Vec<String> = BY_HOUR
        .iter()
        .map(|f| format!("backtest_{}_by_hour", f.key()))
        .collect();
    out.extend(
        Figure::ALL
            .iter()
            .map(|f| format!("backtest_scatter_{}", f.key())),
    );
    out
}

/// Draws every backtest chart of `b` into `dir` (created if missing); `min_calls` is the
/// backtest's `--min-calls`, for the subtitles. Returns the files, PNG then SVG of each
/// chart, in the order of [`stems`].
pub fn render_all(dir: &Path, b: &Backtest, min_calls: u32, note: &str) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut files = Vec::new();
    for f in BY_HOUR {
        let data = hourly_by_date(b, f, min_calls);
        files.extend(by_hour::render(
            dir,
            &format!("backtest_{}_by_hour", f.key()),
            &data,
            note,
        )?);
    }
    for f in Figure::ALL {
        let data = scatter_of(b, f, min_calls);
        files.extend(scatter::render(
            dir,
            &format!("backtest_scatter_{}", f.key()),
            &data,
            note,
        )?);
    }
    Ok(files)
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The included hours of every date of `b`, for figure `f`.
pub fn hourly_by_date(b: &Backtest, f: Figure, min_calls: u32) -> HourlyByDate {
    let i = f as usize;
    let dates = b
        .dates
        .iter()
        .map(|&date| DayHours {
            label: date.strftime("%a %d %b").to_string(),
            hours: b
                .hourly
                .iter()
                .zip(&b.hourly_included)
                .filter(|(r, inc)| **inc && r.date == date)
                .filter_map(|(r, _)| {
                    Some(HourValues {
                        hour: r.hour?,
                        actual: r.actual[i],
                        mean: finite(r.simulated[i].mean),
                        low: finite(r.simulated[i].ci95_low),
                        high: finite(r.simulated[i].ci95_high),
                    })
                })
                .collect(),
        })
        .collect();
    HourlyByDate {
        figure: f,
        threshold_s: b.threshold_s,
        min_calls,
        span: span(b),
        dates,
    }
}

/// "07 Feb to 13 Feb 1999".
fn span(b: &Backtest) -> String {
    match (b.dates.first(), b.dates.last()) {
        (Some(a), Some(z)) if a == z => a.strftime("%d %b %Y").to_string(),
        (Some(a), Some(z)) => format!("{} to {}", a.strftime("%d %b"), z.strftime("%d %b %Y")),
        _ => String::new(),
    }
}

/// Every included hour of `b` as a point of the scatter of figure `f`.
pub fn scatter_of(b: &Backtest, f: Figure, min_calls: u32) -> Scatter {
    let i = f as usize;
    let points = b
        .hourly
        .iter()
        .zip(&b.hourly_included)
        .filter(|(_, inc)| **inc)
        .filter_map(|(r, _)| {
            Some(ScatterPoint {
                actual: r.actual[i]?,
                simulated: finite(r.simulated[i].mean),
                erlang_a: r.erlang_a[i].and_then(finite),
            })
        })
        .collect();
    Scatter {
        figure: f,
        threshold_s: b.threshold_s,
        min_calls,
        dates: b.dates.len(),
        span: span(b),
        points,
        simulated: b.accuracy_hourly[i],
        erlang_a: b.accuracy_erlang_a_hourly[i],
        noise_floor: b.noise_floor_hourly[i],
    }
}

/// How a figure is named and written on the charts.
pub(crate) mod figure {
    use crate::charts::style;
    use crate::observed::Figure;

    /// Short name for titles.
    pub fn name(f: Figure) -> &'static str {
        match f {
            Figure::AbandonmentRate => "Abandonment",
            Figure::AsaS => "ASA",
            Figure::PWait => "P(wait > 0)",
            Figure::ServiceLevel => "Service level",
        }
    }

    /// The figure's definition, for subtitles.
    pub fn definition(f: Figure, threshold_s: f64) -> String {
        match f {
            Figure::AbandonmentRate => "abandoned ÷ callers who sought an agent".into(),
            Figure::AsaS => "mean wait of answered calls".into(),
            Figure::PWait => "callers who waited ≥ 0.5 s ÷ callers who sought an agent".into(),
            Figure::ServiceLevel => format!(
                "answered within {threshold_s:.0} s ÷ callers who sought an agent (offered)"
            ),
        }
    }

    /// The value axis title, with its unit.
    pub fn axis(f: Figure) -> &'static str {
        match f {
            Figure::AbandonmentRate => "abandonment (% of callers)",
            Figure::AsaS => "ASA (s)",
            Figure::PWait => "P(wait > 0) (% of callers)",
            Figure::ServiceLevel => "service level (% of callers)",
        }
    }

    /// A tick label.
    pub fn tick(f: Figure, x: f64) -> String {
        match f {
            Figure::AsaS => format!("{x:.0}"),
            _ => style::percent(x),
        }
    }

    /// An error (MAE) in the figure's unit: percentage points for shares.
    pub fn error(f: Figure, x: f64) -> String {
        match f {
            Figure::AsaS => format!("{x:.1} s"),
            _ => format!("{:.1} pts", x * 100.0),
        }
    }

    /// A signed error (bias).
    pub fn signed(f: Figure, x: f64) -> String {
        let s = error(f, x.abs());
        if x < 0.0 {
            format!("−{s}")
        } else {
            format!("+{s}")
        }
    }
}
