//! One figure hour by hour, a panel per date replayed: the simulated mean with the 95%
//! interval of the mean against what the log recorded.

use std::path::{Path, PathBuf};

use anyhow::{Result, ensure};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::figure;
use crate::charts::grid;
use crate::charts::style::{self, Body, DrawResult, Frame, Key, Swatch, Ticked, runs};
use crate::observed::Figure;

/// One hour of one date.
#[derive(Debug, Clone, PartialEq)]
pub struct HourValues {
    /// Hour of the day (0–23; 24 and more after midnight).
    pub hour: u8,
    /// As the log recorded it; `None` where undefined (no answered call for ASA).
    pub actual: Option<f64>,
    /// Mean over replications and its 95% interval; `None` where undefined.
    pub mean: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// The hours of one date that count in the accuracy figures (possibly none).
#[derive(Debug, Clone, PartialEq)]
pub struct DayHours {
    /// The panel's title, e.g. "Mon 08 Feb".
    pub label: String,
    /// In hour order.
    pub hours: Vec<HourValues>,
}

/// One figure, hour by hour, for every date.
#[derive(Debug, Clone, PartialEq)]
pub struct HourlyByDate {
    pub figure: Figure,
    /// Service-level threshold, s (for the definition).
    pub threshold_s: f64,
    /// The backtest's `--min-calls`: hours with fewer callers are not drawn.
    pub min_calls: u32,
    /// The dates replayed, for the subtitle ("08 Feb to 14 Feb 1999").
    pub span: String,
    pub dates: Vec<DayHours>,
}

impl HourlyByDate {
    fn check(&self) -> Result<()> {
        ensure!(!self.dates.is_empty(), "no dates");
        for d in &self.dates {
            for h in &d.hours {
                // The interval's lower bound may fall below 0 (it is drawn from 0).
                for v in [h.actual, h.mean, h.low, h.high].into_iter().flatten() {
                    ensure!(v.is_finite(), "{} {}h: a non-finite value", d.label, h.hour);
                }
            }
        }
        Ok(())
    }

    /// The hours on the x axis, `[first, last + 1)` over every date (8–18 without any).
    fn hour_range(&self) -> (f64, f64) {
        let hours = self
            .dates
            .iter()
            .flat_map(|d| d.hours.iter().map(|h| h.hour));
        let lo = hours.clone().min().map_or(8.0, f64::from);
        let hi = hours.max().map_or(17.0, f64::from) + 1.0;
        (lo, hi)
    }
}

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &HourlyByDate, note: &str) -> Result<Vec<PathBuf>> {
    data.check()?;
    let f = data.figure;
    let frame = Frame {
        title: format!(
            "{} hour by hour — simulated against actual, {}",
            figure::name(f),
            data.span
        ),
        subtitle: format!(
            "{}: {}; trace-driven replay of each date, hours with at least {} callers who sought an agent",
            figure::name(f),
            figure::definition(f, data.threshold_s),
            data.min_calls
        ),
        legend: vec![
            Key::new(
                "simulated: mean over replications and its 95% interval",
                Swatch::LineBand(style::BLUE),
            ),
            Key::new("actual (the log)", Swatch::Line(style::INK, 2)),
        ],
        note,
    };
    style::render(dir, stem, &frame, &ByHourBody(data))
}

struct ByHourBody<'a>(&'a HourlyByDate);

impl Body for ByHourBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let f = d.figure;
        let (lo, hi) = d.hour_range();
        let top = d
            .dates
            .iter()
            .flat_map(|day| &day.hours)
            .flat_map(|h| [h.actual, h.mean, h.high])
            .flatten()
            .fold(0.0, f64::max);
        let y = grid::value_axis(top);
        let span = hi - lo;
        let step = [1.0, 2.0, 3.0, 4.0, 6.0]
            .into_iter()
            .find(|s| span / s <= 5.0)
            .unwrap_or(6.0);
        let x_ticks: Vec<f64> = (0..)
            .map(|k| (lo / step).ceil() * step + k as f64 * step)
            .take_while(|x| *x <= hi)
            .collect();
        let panels = grid::panels(area, d.dates.len(), "hour of day (h)", figure::axis(f))?;
        for (day, panel) in d.dates.iter().zip(&panels) {
            if day.hours.is_empty() {
                grid::empty_panel(
                    panel,
                    &day.label,
                    &format!("no hour with ≥ {} callers", d.min_calls),
                )?;
                continue;
            }
            let mut chart = grid::panel_chart(
                panel,
                &day.label,
                Ticked::new(lo..hi, x_ticks.clone()),
                y.clone(),
                &|x| format!("{x:.0}"),
                &|v| figure::tick(f, *v),
            )?;
            // Consecutive hours join; a missing hour leaves a gap.
            let slots = |value: &dyn Fn(&HourValues) -> Option<f64>| {
                let mut out: Vec<Option<(f64, f64)>> = Vec::new();
                let mut prev: Option<u8> = None;
                for h in &day.hours {
                    if prev.is_some_and(|p| p + 1 != h.hour) {
                        out.push(None);
                    }
                    out.push(value(h).map(|v| (f64::from(h.hour) + 0.5, v)));
                    prev = Some(h.hour);
                }
                out
            };
            let lows = slots(&|h| h.low.zip(h.high).map(|(l, _)| l.max(0.0)));
            let highs = slots(&|h| h.low.zip(h.high).map(|(_, u)| u));
            let band: Vec<Option<(f64, f64, f64)>> = lows
                .iter()
                .zip(&highs)
                .map(|(l, u)| l.zip(*u).map(|((x, l), (_, u))| (x, l, u)))
                .collect();
            for run in runs(band) {
                let mut poly: Vec<(f64, f64)> = run.iter().map(|(x, l, _)| (*x, *l)).collect();
                poly.extend(run.iter().rev().map(|(x, _, u)| (*x, *u)));
                if run.len() == 1 {
                    let (x, l, u) = run[0];
                    poly = vec![(x - 0.3, l), (x + 0.3, l), (x + 0.3, u), (x - 0.3, u)];
                }
                chart.draw_series(std::iter::once(Polygon::new(
                    poly,
                    style::BLUE.mix(style::BAND_ALPHA).filled(),
                )))?;
            }
            for (series, colour) in [
                (slots(&|h| h.mean), style::BLUE),
                (slots(&|h| h.actual), style::INK),
            ] {
                for run in runs(series) {
                    chart.draw_series(std::iter::once(PathElement::new(
                        run.clone(),
                        colour.stroke_width(2),
                    )))?;
                    chart
                        .draw_series(run.into_iter().map(|p| Circle::new(p, 2, colour.filled())))?;
                }
            }
        }
        Ok(())
    }
}
