//! Chart 3: calls offered, answered and abandoned per interval of one day.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::CallsByInterval;
use super::style::{self, Body, DrawResult, Frame, Key, Swatch, YAxis};

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &CallsByInterval, note: &str) -> Result<Vec<PathBuf>> {
    data.check()
        .with_context(|| format!("calls by interval of {}", data.line))?;
    let total = |v: &[f64]| v.iter().sum::<f64>();
    let offered = total(&data.offered);
    let share = |v: &[f64]| {
        if offered > 0.0 {
            format!(" ({} of offered)", style::percent_1(total(v) / offered))
        } else {
            String::new()
        }
    };
    let frame = Frame {
        title: format!("Calls per interval — {}", data.line),
        subtitle: format!(
            "{}: mean calls per interval over replications; {} offered in the day",
            style::capitalise(&data.day),
            style::count(offered)
        ),
        legend: vec![
            Key::new("offered", Swatch::Line(style::INK, 3)),
            Key::new(
                format!("answered{}", share(&data.answered)),
                Swatch::Line(style::GREEN, 3),
            ),
            Key::new(
                format!("abandoned{}", share(&data.abandoned)),
                Swatch::LineBand(style::VERMILLION),
            ),
        ],
        note,
    };
    style::render(dir, stem, &frame, &CallsBody(data))
}

struct CallsBody<'a>(&'a CallsByInterval);

impl Body for CallsBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let max = d
            .offered
            .iter()
            .chain(&d.answered)
            .chain(&d.abandoned)
            .fold(0.0, |a: f64, b| a.max(*b));
        let (max, ticks) = style::count_axis(max);
        let y = YAxis {
            max,
            ticks,
            desc: "calls per interval".to_owned(),
            format: &|y| style::count(*y),
        };
        let mut chart =
            style::interval_chart(area, "", &d.intervals, "interval start (hh:mm)", &y)?;
        let points = |v: &[f64]| -> Vec<(f64, f64)> {
            v.iter()
                .enumerate()
                .map(|(i, y)| (i as f64 + 0.5, *y))
                .collect()
        };
        chart.draw_series(AreaSeries::new(
            points(&d.abandoned),
            0.0,
            style::VERMILLION.mix(style::BAND_ALPHA),
        ))?;
        chart.draw_series(LineSeries::new(
            points(&d.abandoned),
            style::VERMILLION.stroke_width(3),
        ))?;
        chart.draw_series(LineSeries::new(
            points(&d.answered),
            style::GREEN.stroke_width(3),
        ))?;
        chart.draw_series(LineSeries::new(
            points(&d.offered),
            style::INK.stroke_width(3),
        ))?;
        Ok(())
    }
}
