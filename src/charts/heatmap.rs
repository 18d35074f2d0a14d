//! Chart 5: the service level of every interval of the horizon, one row per working day,
//! one column per interval. Red below the target, green at or above it, darker the
//! further from it; grey where no call reached the queue. A colour bar on the right reads
//! the colours back as percentages.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::ServiceLevelHeatmap;
use super::style::{self, Body, DrawResult, Frame, Key, Swatch};

/// Where the colour scale turns from red to green when there is no target.
const DEFAULT_PIVOT: f64 = 0.8;

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(
    dir: &Path,
    stem: &str,
    data: &ServiceLevelHeatmap,
    note: &str,
) -> Result<Vec<PathBuf>> {
    data.check()
        .with_context(|| format!("service-level heat map of {}", data.line))?;
    let pivot = data.target.unwrap_or(DEFAULT_PIVOT);
    let cells = data.values.iter().flatten().flatten();
    let (n, below) = cells.fold((0, 0), |(n, b), v| (n + 1, b + usize::from(*v < pivot)));
    let scale = match data.target {
        Some(t) => format!(
            "{below} of {n} intervals below the {} target",
            style::percent(t)
        ),
        None => format!(
            "no target set: colours turn at {}",
            style::percent(DEFAULT_PIVOT)
        ),
    };
    let frame = Frame {
        title: format!("Service level by day and interval — {}", data.line),
        subtitle: format!(
            "Mean share answered within {:.0} s, every interval of {} working days; {scale}",
            data.threshold_s,
            data.days.len()
        ),
        legend: vec![
            Key::new(
                "below target",
                Swatch::Fill(colour(pivot * 0.75, pivot), 1.0),
            ),
            Key::new(
                "at or above target",
                Swatch::Fill(colour((1.0 + pivot) / 2.0, pivot), 1.0),
            ),
            Key::new(
                "no call reached the queue",
                Swatch::Fill(style::MISSING, 1.0),
            ),
        ],
        note,
    };
    style::render(dir, stem, &frame, &HeatmapBody { data, pivot })
}

/// The colour of service level `v` on a scale turning at `pivot`: dark red at 0 to light
/// orange just below the pivot; light green at the pivot to dark green at 100%. The jump
/// at the pivot is deliberate: below and above target must not be confused.
pub fn colour(v: f64, pivot: f64) -> RGBColor {
    const DARK_RED: (f64, f64, f64) = (165.0, 0.0, 38.0);
    const LIGHT_ORANGE: (f64, f64, f64) = (253.0, 174.0, 97.0);
    const LIGHT_GREEN: (f64, f64, f64) = (196.0, 230.0, 140.0);
    const DARK_GREEN: (f64, f64, f64) = (0.0, 104.0, 55.0);
    let lerp = |a: (f64, f64, f64), b: (f64, f64, f64), u: f64| {
        let u = u.clamp(0.0, 1.0);
        let c = |x: f64, y: f64| (x + (y - x) * u).round() as u8;
        RGBColor(c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
    };
    if v < pivot {
        lerp(DARK_RED, LIGHT_ORANGE, v / pivot)
    } else if pivot < 1.0 {
        lerp(LIGHT_GREEN, DARK_GREEN, (v - pivot) / (1.0 - pivot))
    } else {
        lerp(LIGHT_GREEN, LIGHT_GREEN, 0.0)
    }
}

struct HeatmapBody<'a> {
    data: &'a ServiceLevelHeatmap,
    pivot: f64,
}

impl Body for HeatmapBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.data;
        let (main, bar) = area.split_horizontally(area.dim_in_pixel().0 as i32 - 170);
        let (n_i, n_d) = (d.intervals.len(), d.days.len());

        // Days run down the chart, first at the top: row r (from the bottom) is day
        // n_d - 1 - r. Ticks sit at row centres.
        let day_step = n_d.div_ceil(24).max(1);
        let day_ticks: Vec<f64> = (0..n_d)
            .step_by(day_step)
            .map(|day| (n_d - 1 - day) as f64 + 0.5)
            .collect();
        let day_label = |y: &f64| {
            let r = (*y - 0.5).round();
            if r >= 0.0 && (r as usize) < n_d {
                d.days[n_d - 1 - r as usize].clone()
            } else {
                String::new()
            }
        };
        let x_fmt = |x: &f64| style::interval_label(&d.intervals, *x);
        let mut chart = ChartBuilder::on(&main)
            .margin_right(10)
            .margin_top(6)
            .x_label_area_size(52)
            .y_label_area_size(style::widest(area, &d.days, &style::tick_text())? + 18)
            .build_cartesian_2d(
                style::Ticked::new(0.0..n_i as f64, style::interval_ticks(&d.intervals, 13)),
                style::Ticked::new(0.0..n_d as f64, day_ticks),
            )?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&day_label)
            .x_desc("interval start (hh:mm)")
            .label_style(style::tick_text())
            .axis_desc_style(style::axis_text())
            .draw()?;
        let cells = d.values.iter().enumerate().flat_map(|(day, row)| {
            let y = (n_d - 1 - day) as f64;
            row.iter().enumerate().map(move |(i, v)| {
                let fill = v.map_or(style::MISSING, |v| colour(v, self.pivot));
                Rectangle::new([(i as f64, y), (i as f64 + 1.0, y + 1.0)], fill.filled())
            })
        });
        chart.draw_series(cells)?;
        // Thin white lines between days keep rows apart when they are tall enough to
        // read one by one.
        if n_d <= 60 {
            let seps = (1..n_d).map(|r| {
                PathElement::new(
                    vec![(0.0, r as f64), (n_i as f64, r as f64)],
                    WHITE.stroke_width(1),
                )
            });
            chart.draw_series(seps)?;
        }

        colour_bar(&bar, self.pivot, d.target.is_some())
    }
}

/// A vertical colour bar from 0% (bottom) to 100% (top), ticks every 20% and the pivot
/// marked.
fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pivot: f64,
    is_target: bool,
) -> DrawResult<DB> {
    let mut chart = ChartBuilder::on(area)
        .margin_top(6)
        .margin_bottom(52)
        .margin_left(66)
        .margin_right(62)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
    let steps = 200;
    let strips = (0..steps).map(|k| {
        let (lo, hi) = (k as f64 / steps as f64, (k + 1) as f64 / steps as f64);
        Rectangle::new(
            [(0.0, lo), (1.0, hi)],
            colour((lo + hi) / 2.0, pivot).filled(),
        )
    });
    chart.draw_series(strips)?;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(0.0, 0.0), (1.0, 1.0)],
        style::MUTED.stroke_width(1),
    )))?;
    let tick = style::tick_text().pos(Pos::new(HPos::Left, VPos::Center));
    let ticks = (0..=5).map(|i| i as f64 * 0.2).map(|y| {
        EmptyElement::at((1.0, y))
            + PathElement::new(vec![(0, 0), (5, 0)], style::INK.stroke_width(1))
            + Text::new(style::percent(y), (8, 0), tick.clone())
    });
    chart.draw_series(ticks)?;
    let label = if is_target { "target" } else { "pivot" };
    let mark = style::bold(15.0)
        .color(&style::INK)
        .pos(Pos::new(HPos::Right, VPos::Center));
    chart.draw_series(std::iter::once(
        EmptyElement::at((0.0, pivot))
            + PathElement::new(vec![(-6, 0), (0, 0)], style::INK.stroke_width(2))
            + Text::new(label, (-10, 0), mark),
    ))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, pivot), (1.0, pivot)],
        style::INK.stroke_width(2),
    )))?;
    Ok(())
}
