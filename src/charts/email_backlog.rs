//! Chart 6b: the e-mail backlog at each working day's close across the horizon, with the
//! 95% confidence band of its mean, and the e-mails received and answered each day.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::EmailBacklog;
use super::style::{self, Body, DrawResult, Frame, Key, Swatch, centres};

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &EmailBacklog, note: &str) -> Result<Vec<PathBuf>> {
    data.check().context("e-mail backlog")?;
    let last = data.backlog_at_close.mean.last().copied().flatten();
    let end = last
        .map(|b| format!("; {} waiting at the last close", style::count(b)))
        .unwrap_or_default();
    let frame = Frame {
        title: "E-mail backlog across the horizon".to_owned(),
        subtitle: format!(
            "E-mails waiting at each working day's close, mean over replications with its 95% band{end}"
        ),
        legend: vec![
            Key::new("backlog at close", Swatch::LineBand(style::BLUE)),
            Key::new("received in the day", Swatch::Line(style::ORANGE, 2)),
            Key::new("answered in the day", Swatch::Line(style::GREEN, 2)),
        ],
        note,
    };
    style::render(dir, stem, &frame, &BacklogBody(data))
}

struct BacklogBody<'a>(&'a EmailBacklog);

impl Body for BacklogBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let n = d.days.len();
        let b = &d.backlog_at_close;
        let max = b
            .high
            .iter()
            .chain(&b.mean)
            .flatten()
            .chain(&d.received)
            .chain(&d.handled)
            .fold(0.0, |a: f64, b| a.max(*b));
        let (max, ticks) = style::count_axis(max);
        // Days are categories: ticks and points at the centre of each day's slot.
        let room = area.dim_in_pixel().0.saturating_sub(100);
        let step = style::label_step(area, &d.days, &style::tick_text(), room)?;
        let day_ticks: Vec<f64> = (0..n).step_by(step).map(|i| i as f64 + 0.5).collect();
        let x_fmt = |x: &f64| {
            let i = (*x - 0.5).round();
            if i >= 0.0 && (i as usize) < n {
                d.days[i as usize].clone()
            } else {
                String::new()
            }
        };
        let mut chart = ChartBuilder::on(area)
            .margin_right(14)
            .margin_top(6)
            .x_label_area_size(52)
            .y_label_area_size(84)
            .build_cartesian_2d(
                style::Ticked::new(0.0..n as f64, day_ticks),
                style::Ticked::new(0.0..max, ticks),
            )?;
        chart
            .configure_mesh()
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|y| style::count(*y))
            .x_desc("working day")
            .y_desc("e-mails")
            .label_style(style::tick_text())
            .axis_desc_style(style::axis_text())
            .bold_line_style(style::GRID_BOLD)
            .draw()?;
        chart.draw_series(LineSeries::new(
            centres(&d.received),
            style::ORANGE.stroke_width(2),
        ))?;
        chart.draw_series(LineSeries::new(
            centres(&d.handled),
            style::GREEN.stroke_width(2),
        ))?;
        style::draw_estimates(&mut chart, b, style::BLUE)?;
        // A dot per day while days are far enough apart to tell them apart.
        if n <= 60 {
            let dots = b.mean.iter().enumerate().filter_map(|(i, m)| {
                m.map(|m| Circle::new((i as f64 + 0.5, m), 4, style::BLUE.filled()))
            });
            chart.draw_series(dots)?;
        }
        Ok(())
    }
}
