//! `ccplan sweep`: one headline figure against the swept value, one series per
//! combination of the other swept values, each with its 95% band (error bars where a
//! series has a single point), and the target marked as a horizontal line.

use std::path::{Path, PathBuf};

use anyhow::{Result, ensure};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::Estimates;
use super::style::{self, Body, DrawResult, Frame, Key, Swatch, Ticked};

/// One series: a combination of the values not on the x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSeries {
    /// `lines.first.shifts[1].agents=20` (empty when nothing else is swept).
    pub label: String,
    /// The figure, one entry per x position; `None` where it is undefined.
    pub values: Estimates,
}

/// A figure across the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepChart {
    /// The figure's label (`1st line: SL 60 s (offered)`).
    pub figure: String,
    /// `share` (drawn as percentages), `s`, `calls/day`, …
    pub unit: String,
    /// The swept path on the x axis.
    pub x_desc: String,
    /// Positions on the x axis: the values when numeric, else 0, 1, 2, …
    pub x: Vec<f64>,
    /// Tick labels for categorical values (`None`: numeric axis).
    pub x_labels: Option<Vec<String>>,
    pub series: Vec<SweepSeries>,
    /// The target's limit, if the figure has one.
    pub target: Option<f64>,
    /// Under the title: the run (replications, seed).
    pub subtitle: String,
}

impl SweepChart {
    fn check(&self) -> Result<()> {
        ensure!(!self.x.is_empty(), "{}: no x values", self.figure);
        ensure!(
            self.x.iter().all(|x| x.is_finite()),
            "{}: an x value is not finite",
            self.figure
        );
        for s in &self.series {
            let v = &s.values;
            ensure!(
                v.mean.len() == self.x.len()
                    && v.low.len() == self.x.len()
                    && v.high.len() == self.x.len(),
                "{}: series `{}` has {} values for {} x positions",
                self.figure,
                s.label,
                v.mean.len(),
                self.x.len()
            );
        }
        if let Some(l) = &self.x_labels {
            ensure!(
                l.len() == self.x.len(),
                "{}: x labels and x differ",
                self.figure
            );
        }
        Ok(())
    }
}

/// Colours of the series, in order (Okabe–Ito, then repeated).
const COLOURS: [RGBColor; 6] = [
    style::BLUE,
    style::VERMILLION,
    style::GREEN,
    style::PURPLE,
    style::ORANGE,
    style::SKY,
];

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &SweepChart, note: &str) -> Result<Vec<PathBuf>> {
    data.check()?;
    let mut legend: Vec<Key> = data
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let label = if s.label.is_empty() {
                "mean over replications, with its 95% interval".to_owned()
            } else {
                s.label.clone()
            };
            Key::new(label, Swatch::LineBand(COLOURS[i % COLOURS.len()]))
        })
        .collect();
    if let Some(t) = data.target {
        legend.push(Key::new(
            format!("target {}", format_y(t, &data.unit)),
            Swatch::Dashed(style::TARGET),
        ));
    }
    let frame = Frame {
        title: format!("{} by {}", style::capitalise(&data.figure), data.x_desc),
        subtitle: data.subtitle.clone(),
        legend,
        note,
    };
    style::render(dir, stem, &frame, &SweepBody(data))
}

/// A y value in the figure's unit, for ticks and labels.
fn format_y(y: f64, unit: &str) -> String {
    match unit {
        "share" => style::percent(y),
        "s" => format!("{y:.0} s"),
        _ if y.abs() >= 100.0 => style::count(y),
        _ => format!("{y:.1}"),
    }
}

/// `[lo, hi]` widened to round ticks: 4 to 8 steps of 1, 2, 2.5 or 5 × 10ᵏ.
fn nice_axis(lo: f64, hi: f64) -> (f64, f64, Vec<f64>) {
    let (mut lo, mut hi) = (lo, hi);
    if !(hi - lo).is_normal() || hi <= lo {
        let pad = if lo.abs() > 0.0 { lo.abs() * 0.05 } else { 1.0 };
        lo -= pad;
        hi += pad;
    }
    style::round_ticks(lo, hi, style::round_step(hi - lo))
}

struct SweepBody<'a>(&'a SweepChart);

impl Body for SweepBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let values = d
            .series
            .iter()
            .flat_map(|s| {
                let v = &s.values;
                v.low.iter().chain(&v.high).chain(&v.mean)
            })
            .flatten()
            .copied()
            .chain(d.target)
            .filter(|v| v.is_finite());
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
        let (y0, y1, y_ticks) = nice_axis(lo, hi);

        let (x_lo, x_hi) =
            d.x.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
        let pad = if x_hi > x_lo {
            (x_hi - x_lo) * 0.04
        } else {
            0.5
        };
        let (x0, x1) = (x_lo - pad, x_hi + pad);
        let x_ticks: Vec<f64> = match &d.x_labels {
            Some(_) => d.x.clone(),
            None if d.x.len() <= 12 => d.x.clone(),
            None => nice_axis(x_lo, x_hi).2,
        };
        let mut chart = ChartBuilder::on(area)
            .margin_right(14)
            .margin_top(6)
            .x_label_area_size(52)
            .y_label_area_size(96)
            .build_cartesian_2d(Ticked::new(x0..x1, x_ticks), Ticked::new(y0..y1, y_ticks))?;
        let x_fmt = |x: &f64| match &d.x_labels {
            Some(labels) => {
                d.x.iter()
                    .position(|v| (v - x).abs() < 1e-9)
                    .map(|i| labels[i].clone())
                    .unwrap_or_default()
            }
            None => {
                if (x - x.round()).abs() < 1e-9 {
                    format!("{x:.0}")
                } else {
                    let s = format!("{x:.6}");
                    s.trim_end_matches('0').to_owned()
                }
            }
        };
        let y_fmt = |y: &f64| format_y(*y, &d.unit);
        let y_desc = match d.unit.as_str() {
            "share" => "share (%)".to_owned(),
            u => u.to_owned(),
        };
        chart
            .configure_mesh()
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(d.x_desc.as_str())
            .y_desc(y_desc)
            .label_style(style::tick_text())
            .axis_desc_style(style::axis_text())
            .bold_line_style(style::GRID_BOLD)
            .draw()?;

        let cap = (x1 - x0) * 0.006;
        for (i, series) in d.series.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let s = &series.values;
            let band =
                d.x.iter()
                    .enumerate()
                    .map(|(k, &x)| s.low[k].zip(s.high[k]).map(|(l, h)| (x, l, h)));
            for run in style::runs(band) {
                if run.len() == 1 {
                    // A single point: an error bar.
                    let (x, l, h) = run[0];
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(x, l), (x, h)],
                        colour.stroke_width(2),
                    )))?;
                    for y in [l, h] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            vec![(x - cap, y), (x + cap, y)],
                            colour.stroke_width(2),
                        )))?;
                    }
                } else {
                    let mut poly: Vec<(f64, f64)> = run.iter().map(|(x, l, _)| (*x, *l)).collect();
                    poly.extend(run.iter().rev().map(|(x, _, h)| (*x, *h)));
                    chart.draw_series(std::iter::once(Polygon::new(
                        poly,
                        colour.mix(style::BAND_ALPHA).filled(),
                    )))?;
                }
            }
            let mean = d.x.iter().zip(&s.mean).map(|(&x, m)| m.map(|m| (x, m)));
            for run in style::runs(mean) {
                if run.len() > 1 {
                    chart.draw_series(LineSeries::new(run.clone(), colour.stroke_width(3)))?;
                }
                chart.draw_series(run.into_iter().map(|p| Circle::new(p, 4, colour.filled())))?;
            }
        }
        if let Some(t) = d.target {
            style::draw_hline(&mut chart, t, &format!("target {}", format_y(t, &d.unit)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axis_covers_the_values_on_round_ticks() {
        let (a, b, t) = nice_axis(0.62, 0.91);
        assert!(
            a <= 0.62 && b >= 0.91 && t.len() >= 4 && t.len() <= 9,
            "{a} {b} {t:?}"
        );
        let (a, b, _) = nice_axis(5.0, 5.0);
        assert!(a < 5.0 && b > 5.0);
    }
}
