//! One figure, simulated against actual: a point per hour for the replay's mean and one
//! for stationary Erlang A, the line y = x where a perfect prediction would fall, and
//! the accuracy figures of both beside the plot.

use std::path::{Path, PathBuf};

use anyhow::{Result, ensure};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::figure;
use crate::backtest::Accuracy;
use crate::charts::grid;
use crate::charts::style::{self, Body, DrawResult, Frame, Key, Swatch};
use crate::observed::Figure;

/// One hour: what the log recorded against the two predictions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScatterPoint {
    pub actual: f64,
    /// Mean over replications of the replay; `None` where undefined.
    pub simulated: Option<f64>,
    /// Stationary Erlang A on the hour's inputs; `None` where it has no answer.
    pub erlang_a: Option<f64>,
}

/// One figure over the hours that count in the accuracy figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Scatter {
    pub figure: Figure,
    /// Service-level threshold, s (for the definition).
    pub threshold_s: f64,
    /// The backtest's `--min-calls`.
    pub min_calls: u32,
    /// Dates replayed and their span, for the subtitle.
    pub dates: usize,
    pub span: String,
    pub points: Vec<ScatterPoint>,
    /// The backtest's hourly accuracy of the replay and of Erlang A.
    pub simulated: Accuracy,
    pub erlang_a: Accuracy,
    /// The MAE a perfect model would show.
    pub noise_floor: Option<f64>,
}

impl Scatter {
    fn check(&self) -> Result<()> {
        for p in &self.points {
            for v in [Some(p.actual), p.simulated, p.erlang_a]
                .into_iter()
                .flatten()
            {
                ensure!(
                    v.is_finite() && v >= 0.0,
                    "{}: a negative or non-finite value",
                    self.figure.key()
                );
            }
        }
        Ok(())
    }
}

/// "MAE 2.1 pts, bias +0.4 pts".
fn mae_bias(f: Figure, a: &Accuracy) -> String {
    match (a.mae, a.bias) {
        (Some(m), Some(b)) => format!("MAE {}, bias {}", figure::error(f, m), figure::signed(f, b)),
        _ => "no hour to compare".into(),
    }
}

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &Scatter, note: &str) -> Result<Vec<PathBuf>> {
    data.check()?;
    let f = data.figure;
    let frame = Frame {
        title: format!(
            "{} per hour — simulated and Erlang A against actual",
            figure::name(f)
        ),
        subtitle: format!(
            "{}: {}; one point per hour with at least {} callers who sought an agent, {} date{} ({})",
            figure::name(f),
            figure::definition(f, data.threshold_s),
            data.min_calls,
            data.dates,
            if data.dates == 1 { "" } else { "s" },
            data.span
        ),
        legend: vec![
            Key::new(
                format!(
                    "replay, mean over replications ({})",
                    mae_bias(f, &data.simulated)
                ),
                Swatch::Dot(style::BLUE),
            ),
            Key::new(
                format!("Erlang A ({})", mae_bias(f, &data.erlang_a)),
                Swatch::Dot(style::VERMILLION),
            ),
            Key::new("y = x (perfect prediction)", Swatch::Dashed(style::TARGET)),
        ],
        note,
    };
    style::render(dir, stem, &frame, &ScatterBody(data))
}

struct ScatterBody<'a>(&'a Scatter);

impl Body for ScatterBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let f = d.figure;
        let (_, h) = area.dim_in_pixel();
        // A square plot: the x label area (52 px) is 32 px shorter than the y one (84).
        let (left, right) = area.split_horizontally(h + 44);
        let main = d
            .points
            .iter()
            .flat_map(|p| [Some(p.actual), p.simulated])
            .flatten()
            .fold(0.0, f64::max);
        let erlang = d
            .points
            .iter()
            .filter_map(|p| p.erlang_a)
            .fold(0.0, f64::max);
        // An Erlang A far off the data's range would squash every other point: beyond
        // 1.5 times it, its points are drawn at the axis's end, as open circles.
        let top = if erlang > 1.5 * main {
            main
        } else {
            main.max(erlang)
        };
        let axis = grid::value_axis_steps(top, 8);
        let end = axis.range().end;
        let mut chart = ChartBuilder::on(&left)
            .margin_right(14)
            .margin_top(6)
            .x_label_area_size(52)
            .y_label_area_size(84)
            .build_cartesian_2d(axis.clone(), axis)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|x| figure::tick(f, *x))
            .y_label_formatter(&|y| figure::tick(f, *y))
            .x_desc(format!("actual, {}", figure::axis(f)))
            .y_desc(format!("predicted, {}", figure::axis(f)))
            .label_style(style::tick_text())
            .axis_desc_style(style::axis_text())
            .bold_line_style(style::GRID_BOLD)
            .draw()?;
        chart.draw_series(DashedLineSeries::new(
            [(0.0, 0.0), (end, end)],
            8,
            5,
            style::TARGET.stroke_width(2),
        ))?;
        let mut clipped = 0;
        for p in &d.points {
            let Some(e) = p.erlang_a else { continue };
            if e > end {
                clipped += 1;
                chart.draw_series(std::iter::once(Circle::new(
                    (p.actual.min(end), end),
                    4,
                    style::VERMILLION.stroke_width(2),
                )))?;
            } else {
                chart.draw_series(std::iter::once(Circle::new(
                    (p.actual, e),
                    4,
                    style::VERMILLION.mix(0.75).filled(),
                )))?;
            }
        }
        chart.draw_series(d.points.iter().filter_map(|p| {
            let s = p.simulated?;
            Some(Circle::new(
                (p.actual, s.min(end)),
                4,
                style::BLUE.mix(0.8).filled(),
            ))
        }))?;
        table(&right, d, clipped)
    }
}

/// The accuracy table beside the plot.
fn table<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Scatter,
    clipped: usize,
) -> DrawResult<DB> {
    let f = d.figure;
    let head = style::bold(17.0)
        .color(&style::INK)
        .pos(Pos::new(HPos::Left, VPos::Top));
    let cell = style::text(16.0)
        .color(&style::INK)
        .pos(Pos::new(HPos::Left, VPos::Top));
    let small = style::text(14.0)
        .color(&style::MUTED)
        .pos(Pos::new(HPos::Left, VPos::Top));
    let (x0, x1, x2) = (24, 190, 340);
    let mut y = 16;
    area.draw_text("Hourly accuracy", &head, (x0, y))?;
    y += 34;
    area.draw_text("replay", &head, (x1, y))?;
    area.draw_text("Erlang A", &head, (x2, y))?;
    y += 30;
    let opt = |x: Option<f64>, g: &dyn Fn(f64) -> String| x.map_or("—".to_owned(), g);
    let rows: [(&str, String, String); 5] = [
        (
            "MAE",
            opt(d.simulated.mae, &|v| figure::error(f, v)),
            opt(d.erlang_a.mae, &|v| figure::error(f, v)),
        ),
        (
            "bias",
            opt(d.simulated.bias, &|v| figure::signed(f, v)),
            opt(d.erlang_a.bias, &|v| figure::signed(f, v)),
        ),
        (
            "WAPE",
            opt(d.simulated.wape, &style::percent_1),
            opt(d.erlang_a.wape, &style::percent_1),
        ),
        (
            "Pearson's r",
            opt(d.simulated.r, &|v| format!("{v:.2}")),
            opt(d.erlang_a.r, &|v| format!("{v:.2}")),
        ),
        ("hours", d.simulated.n.to_string(), d.erlang_a.n.to_string()),
    ];
    for (label, a, b) in rows {
        area.draw_text(label, &cell, (x0, y))?;
        area.draw_text(&a, &cell, (x1, y))?;
        area.draw_text(&b, &cell, (x2, y))?;
        y += 28;
    }
    y += 14;
    let notes = [
        format!(
            "Noise floor: MAE {}",
            d.noise_floor
                .map_or("—".to_owned(), |v| figure::error(f, v))
        ),
        "(what a perfect model would still show: one".to_owned(),
        "replication against the mean of the others).".to_owned(),
        String::new(),
        "Bias: predicted − actual (positive: the".to_owned(),
        "model predicts too high).".to_owned(),
    ];
    for line in notes {
        area.draw_text(&line, &small, (x0, y))?;
        y += 21;
    }
    if clipped > 0 {
        y += 10;
        for line in [
            if clipped == 1 {
                "1 Erlang A point lies above the axis:".to_owned()
            } else {
                format!("{clipped} Erlang A points lie above the axis:")
            },
            "drawn at its top as open circles.".to_owned(),
        ] {
            area.draw_text(&line, &small, (x0, y))?;
            y += 21;
        }
    }
    Ok(())
}
