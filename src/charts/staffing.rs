//! Chart 4: agents available against agents required per interval of one day, the
//! shortfall (required above available) shaded red so it is seen at once.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::StaffingByInterval;
use super::style::{self, Body, DrawResult, Frame, Key, Swatch, YAxis};

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(
    dir: &Path,
    stem: &str,
    data: &StaffingByInterval,
    note: &str,
) -> Result<Vec<PathBuf>> {
    data.check()
        .with_context(|| format!("staffing by interval of {}", data.line))?;
    let gaps: Vec<f64> = data
        .required
        .iter()
        .zip(&data.available)
        .map(|(r, a)| r - a)
        .filter(|g| *g > 1e-9)
        .collect();
    let verdict = if gaps.is_empty() {
        "no interval short of agents".to_owned()
    } else {
        format!(
            "short in {} of {} intervals, by up to {} agents",
            gaps.len(),
            data.intervals.len(),
            style::count(gaps.iter().fold(0.0, |a: f64, b| a.max(*b)).ceil())
        )
    };
    let frame = Frame {
        title: format!("Agents available vs required — {}", data.line),
        subtitle: format!(
            "{}; required for {}; {verdict}",
            style::capitalise(&data.day),
            data.requirement
        ),
        legend: vec![
            Key::new("available (mean present)", Swatch::Line(style::BLUE, 3)),
            Key::new("required", Swatch::Line(style::INK, 2)),
            Key::new("shortfall", Swatch::Fill(style::VERMILLION, SHORT_ALPHA)),
        ],
        note,
    };
    style::render(dir, stem, &frame, &StaffingBody(data))
}

const SHORT_ALPHA: f64 = 0.45;

struct StaffingBody<'a>(&'a StaffingByInterval);

impl Body for StaffingBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let max = d
            .available
            .iter()
            .chain(&d.required)
            .fold(0.0, |a: f64, b| a.max(*b));
        let (max, ticks) = style::count_axis(max);
        let y = YAxis {
            max,
            ticks,
            desc: "agents".to_owned(),
            format: &|y| style::count(*y),
        };
        let mut chart =
            style::interval_chart(area, "", &d.intervals, "interval start (hh:mm)", &y)?;
        // Agents change only between intervals: steps, not slopes.
        let steps = |v: &[f64]| -> Vec<(f64, f64)> {
            v.iter()
                .enumerate()
                .flat_map(|(i, y)| [(i as f64, *y), (i as f64 + 1.0, *y)])
                .collect()
        };
        let short = d
            .required
            .iter()
            .zip(&d.available)
            .enumerate()
            .filter(|(_, (r, a))| *r > *a)
            .map(|(i, (r, a))| {
                Rectangle::new(
                    [(i as f64, *a), (i as f64 + 1.0, *r)],
                    style::VERMILLION.mix(SHORT_ALPHA).filled(),
                )
            });
        chart.draw_series(short)?;
        chart.draw_series(LineSeries::new(
            steps(&d.required),
            style::INK.stroke_width(2),
        ))?;
        chart.draw_series(LineSeries::new(
            steps(&d.available),
            style::BLUE.stroke_width(3),
        ))?;
        Ok(())
    }
}
