//! Chart 3: calls offered, answered and abandoned per interval of one day; calls served by
//! the menu and calls blocked at the switch are drawn too when there are any, so that the
//! legend's shares account for every offered call.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::CallsByInterval;
use super::style::{self, Body, DrawResult, Frame, Key, Swatch, centres};

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
    let mut legend = vec![
        Key::new("offered", Swatch::Line(style::INK, 3)),
        Key::new(
            format!("answered{}", share(&data.answered)),
            Swatch::Line(style::GREEN, 3),
        ),
        Key::new(
            format!("abandoned{}", share(&data.abandoned)),
            Swatch::LineBand(style::VERMILLION),
        ),
    ];
    if total(&data.self_served) > 0.0 {
        legend.push(Key::new(
            format!("self-served{}", share(&data.self_served)),
            Swatch::Dashed(style::MUTED),
        ));
    }
    if total(&data.blocked) > 0.0 {
        legend.push(Key::new(
            format!("blocked{}", share(&data.blocked)),
            Swatch::Line(style::PURPLE, 3),
        ));
    }
    let frame = Frame {
        title: format!("Calls per interval — {}", data.line),
        subtitle: format!(
            "{}: mean calls per interval over replications; {} offered in the day",
            style::capitalise(&data.day),
            style::count(offered)
        ),
        legend,
        note,
    };
    style::render(dir, stem, &frame, &CallsBody(data))
}

struct CallsBody<'a>(&'a CallsByInterval);

impl Body for CallsBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let all = d
            .offered
            .iter()
            .chain(&d.answered)
            .chain(&d.abandoned)
            .chain(&d.self_served)
            .chain(&d.blocked);
        let y = style::count_y_axis(all, "calls per interval");
        let mut chart =
            style::interval_chart(area, "", &d.intervals, "interval start (hh:mm)", &y)?;
        chart.draw_series(AreaSeries::new(
            centres(&d.abandoned),
            0.0,
            style::VERMILLION.mix(style::BAND_ALPHA),
        ))?;
        chart.draw_series(LineSeries::new(
            centres(&d.abandoned),
            style::VERMILLION.stroke_width(3),
        ))?;
        if d.blocked.iter().any(|b| *b > 0.0) {
            chart.draw_series(LineSeries::new(
                centres(&d.blocked),
                style::PURPLE.stroke_width(3),
            ))?;
        }
        if d.self_served.iter().any(|s| *s > 0.0) {
            chart.draw_series(DashedLineSeries::new(
                centres(&d.self_served),
                8,
                5,
                style::MUTED.stroke_width(2),
            ))?;
        }
        chart.draw_series(LineSeries::new(
            centres(&d.answered),
            style::GREEN.stroke_width(3),
        ))?;
        chart.draw_series(LineSeries::new(
            centres(&d.offered),
            style::INK.stroke_width(3),
        ))?;
        Ok(())
    }
}
