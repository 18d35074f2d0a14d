//! `ccplan compare`: the difference B − A in each headline figure of one unit, with its
//! paired 95% interval (thick, coloured by better / worse / neither) and the unpaired
//! Welch interval (thin, grey) beneath it for contrast; a vertical line at 0.

use std::path::{Path, PathBuf};

use anyhow::{Result, ensure};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, Body, DrawResult, Frame, Key, Swatch, Ticked};
use crate::stats::Estimate;

/// One figure's difference.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub label: String,
    /// B − A with the paired interval.
    pub paired: Estimate,
    /// B − A with Welch's interval.
    pub unpaired: Estimate,
    /// `better`, `worse`, `higher`, `lower`, `same`.
    pub direction: String,
    pub significant: bool,
}

/// The differences of the figures of one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareChart {
    /// `share` (drawn in percentage points), `s`, `calls/day`, …
    pub unit: String,
    pub title: String,
    pub subtitle: String,
    pub rows: Vec<Difference>,
}

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &CompareChart, note: &str) -> Result<Vec<PathBuf>> {
    ensure!(!data.rows.is_empty(), "{}: no figures to draw", data.title);
    let legend = vec![
        Key::new("better", Swatch::Line(style::GREEN, 5)),
        Key::new("worse", Swatch::Line(style::VERMILLION, 5)),
        Key::new("no direction", Swatch::Line(style::BLUE, 5)),
        Key::new("unpaired (Welch) 95%", Swatch::Line(style::MISSING, 2)),
        Key::new("hollow: not significant", Swatch::Dot(style::MUTED)),
    ];
    let frame = Frame {
        title: format!(
            "Differences B − A in {} — {}",
            unit_name(&data.unit),
            data.title
        ),
        subtitle: data.subtitle.clone(),
        legend,
        note,
    };
    style::render(dir, stem, &frame, &CompareBody(data))
}

fn unit_name(unit: &str) -> &str {
    match unit {
        "share" => "shares (percentage points)",
        "s" => "seconds",
        u => u,
    }
}

/// A difference as plotted: shares in percentage points.
fn scale(unit: &str) -> f64 {
    if unit == "share" { 100.0 } else { 1.0 }
}

fn format_x(x: f64, unit: &str) -> String {
    let s = match unit {
        "share" => format!("{x:+.1} pp"),
        "s" => format!("{x:+.0} s"),
        _ if x.abs() >= 100.0 => format!("{x:+.0}"),
        _ => format!("{x:+.1}"),
    };
    if x == 0.0 { "0".into() } else { s }
}

/// Symmetric-enough round ticks covering `[lo, hi]` and 0.
fn axis(lo: f64, hi: f64) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let step = style::round_step(span);
    let (from, to, ticks) = style::round_ticks(lo, hi, step);
    if to - from < step {
        // Widened by a step each side, without rounding the ends again.
        let (from, to) = (from - step, to + step);
        (from, to, style::ticks_every(from, to, step))
    } else {
        (from, to, ticks)
    }
}

struct CompareBody<'a>(&'a CompareChart);

impl Body for CompareBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let k = scale(&d.unit);
        let values = d
            .rows
            .iter()
            .flat_map(|r| {
                [
                    r.paired.mean,
                    r.paired.ci95_low,
                    r.paired.ci95_high,
                    r.unpaired.ci95_low,
                    r.unpaired.ci95_high,
                ]
            })
            .filter(|v| v.is_finite())
            .map(|v| v * k);
        let (lo, hi) = values.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let (x0, x1, ticks) = axis(lo, hi);
        let n = d.rows.len();
        let labels: Vec<String> = d.rows.iter().map(|r| r.label.clone()).collect();
        let label_style = style::tick_text();
        let widest = style::widest(area, &labels, &label_style)?;
        let mut chart = ChartBuilder::on(area)
            .margin_right(20)
            .margin_top(6)
            .x_label_area_size(52)
            .y_label_area_size(widest + 24)
            .build_cartesian_2d(
                Ticked::new(x0..x1, ticks),
                Ticked::new(0.0..n as f64, vec![]),
            )?;
        let x_fmt = |x: &f64| format_x(*x, &d.unit);
        chart
            .configure_mesh()
            .x_label_formatter(&x_fmt)
            .x_desc(format!("B − A ({})", unit_name(&d.unit)))
            .label_style(style::tick_text())
            .axis_desc_style(style::axis_text())
            .bold_line_style(style::GRID_BOLD)
            .draw()?;
        // Labels at row centres, top row first, right-aligned against the axis.
        let right = Pos::new(HPos::Right, VPos::Center);
        for (i, label) in labels.iter().enumerate() {
            let y = (n - 1 - i) as f64 + 0.5;
            let (px, py) = chart.backend_coord(&(x0, y));
            area.draw_text(
                label,
                &label_style.clone().pos(right),
                (
                    px - 10 - area.get_base_pixel().0,
                    py - area.get_base_pixel().1,
                ),
            )?;
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            style::TARGET.stroke_width(2),
        )))?;
        for (i, r) in d.rows.iter().enumerate() {
            let y = (n - 1 - i) as f64 + 0.5;
            let colour = match r.direction.as_str() {
                "better" => style::GREEN,
                "worse" => style::VERMILLION,
                _ => style::BLUE,
            };
            let (ul, uh) = (r.unpaired.ci95_low * k, r.unpaired.ci95_high * k);
            if ul.is_finite() && uh.is_finite() {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(ul, y - 0.22), (uh, y - 0.22)],
                    style::MISSING.stroke_width(3),
                )))?;
            }
            let (pl, ph) = (r.paired.ci95_low * k, r.paired.ci95_high * k);
            if pl.is_finite() && ph.is_finite() {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(pl, y), (ph, y)],
                    colour.stroke_width(5),
                )))?;
            }
            let m = r.paired.mean * k;
            if m.is_finite() {
                let dot = if r.significant {
                    Circle::new((m, y), 6, colour.filled())
                } else {
                    Circle::new((m, y), 6, colour.stroke_width(2))
                };
                chart.draw_series(std::iter::once(dot))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_includes_zero_and_the_values() {
        let (a, b, t) = axis(0.5, 3.2);
        assert!(a <= 0.0 && b >= 3.2 && t.contains(&0.0), "{a} {b} {t:?}");
        let (a, b, _) = axis(-7.0, -2.0);
        assert!(a <= -7.0 && b >= 0.0);
        let (a, b, _) = axis(0.0, 0.0);
        assert!(a < b);
    }
}
