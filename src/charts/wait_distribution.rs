//! Chart 1: how long answered calls waited, at peak against normal periods.
//!
//! Top panel: the share of answered calls in each wait bin, peak and normal side by side,
//! with an overflow bar for the longest waits. Bottom panel: the cumulative share answered
//! within each wait, read at the service-level threshold. The calls answered at once (0 s)
//! would dwarf every bar, so they start the cumulative curve and are counted in the legend
//! instead.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::{WaitDistribution, WaitHistogram};
use super::style::{self, Body, DrawResult, Frame, Key, Swatch};

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &WaitDistribution, note: &str) -> Result<Vec<PathBuf>> {
    data.check()
        .with_context(|| format!("wait distribution of {}", data.line))?;
    let t = data.threshold_s;
    let key = |name: &str, h: &WaitHistogram| {
        if h.intervals == 0 {
            return format!("{name}: none in this horizon");
        }
        if h.total() <= 0.0 {
            return format!("{name}: no answered calls");
        }
        let within = h
            .share_within(t)
            .map(|s| format!(", {} within {}", style::percent_1(s), seconds(t)))
            .unwrap_or_default();
        format!(
            "{name}: {} answered at once{within}",
            style::percent_1(h.at_once)
        )
    };
    let target = data
        .target
        .map(|x| format!("; target {} answered within it", style::percent(x)))
        .unwrap_or_default();
    let (peak, all) = (
        data.peak.intervals,
        data.peak.intervals + data.normal.intervals,
    );
    let frame = Frame {
        title: format!("Wait before answer — {}", data.line),
        subtitle: format!(
            "Waits of answered calls, peak ({peak} of {all} intervals) against normal periods; \
             service-level threshold {}{target}",
            seconds(t)
        ),
        legend: vec![
            Key::new(
                key("Peak periods", &data.peak),
                Swatch::Fill(style::VERMILLION, 1.0),
            ),
            Key::new(
                key("Normal periods", &data.normal),
                Swatch::Fill(style::BLUE, 1.0),
            ),
        ],
        note,
    };
    style::render(dir, stem, &frame, &WaitBody(data))
}

/// `60.0` → `"60 s"`.
fn seconds(t: f64) -> String {
    if t.fract() == 0.0 {
        format!("{t:.0} s")
    } else {
        format!("{t} s")
    }
}

struct WaitBody<'a>(&'a WaitDistribution);

impl Body for WaitBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let bins = &d.peak.bins;
        let last = bins.last().map_or(1.0, |b| b.to_s);
        let width = bins.last().map_or(1.0, |b| b.to_s - b.from_s);
        // One more slot after the last bin holds the overflow bar.
        let x_max = last + width;
        // Ticks on multiples of the bin width; the overflow slot is labelled at its centre
        // instead of the last edge, whose label it would overlap.
        let step = [1.0, 2.0, 3.0, 4.0, 6.0, 12.0, 30.0, 60.0, 120.0, 360.0]
            .into_iter()
            .map(|k| k * width)
            .find(|s| last / s <= 10.0)
            .unwrap_or(last);
        let mut ticks: Vec<f64> = (0..)
            .map(|i| i as f64 * step)
            .take_while(|x| *x < last - 1e-9)
            .collect();
        ticks.push(last + width / 2.0);
        let x_fmt = |x: &f64| {
            if *x > last + 1e-9 {
                format!("≥{last:.0}")
            } else {
                format!("{x:.0}")
            }
        };

        let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 * 56 / 100);

        // Histogram.
        let top_share = d
            .peak
            .bins
            .iter()
            .chain(&d.normal.bins)
            .map(|b| b.share)
            .chain([d.peak.overflow, d.normal.overflow])
            .fold(0.0, f64::max);
        let (y_max, y_ticks) = share_ticks(top_share);
        let mut chart = ChartBuilder::on(&top)
            .caption(
                format!(
                    "Share of answered calls by wait (bins of {})",
                    seconds(width)
                ),
                style::panel_text(),
            )
            .margin_right(12)
            .x_label_area_size(32)
            .y_label_area_size(78)
            .build_cartesian_2d(
                style::Ticked::new(0.0..x_max, ticks.clone()),
                style::Ticked::new(0.0..y_max, y_ticks),
            )?;
        chart
            .configure_mesh()
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|y| style::percent(*y))
            .y_desc("share of answered calls")
            .label_style(style::tick_text())
            .axis_desc_style(style::axis_text())
            .bold_line_style(style::GRID_BOLD)
            .disable_x_mesh()
            .draw()?;
        let slots: Vec<(f64, f64, f64, f64)> = bins
            .iter()
            .zip(&d.normal.bins)
            .map(|(p, n)| (p.from_s, p.to_s, p.share, n.share))
            .chain([(last, x_max, d.peak.overflow, d.normal.overflow)])
            .collect();
        let gap = width * 0.08;
        for (from, to, peak, normal) in slots {
            let mid = (from + to) / 2.0;
            chart.draw_series([
                Rectangle::new([(from + gap, 0.0), (mid, peak)], style::VERMILLION.filled()),
                Rectangle::new([(mid, 0.0), (to - gap, normal)], style::BLUE.filled()),
            ])?;
        }
        threshold_line(&mut chart, d.threshold_s, y_max, true)?;

        // Cumulative share.
        let mut chart = ChartBuilder::on(&bottom)
            .caption(
                "Cumulative share of answered calls within each wait",
                style::panel_text(),
            )
            .margin_right(12)
            .margin_top(6)
            .x_label_area_size(52)
            .y_label_area_size(78)
            .build_cartesian_2d(style::Ticked::new(0.0..x_max, ticks), {
                // Headroom above 100% for the label of a curve read near the top.
                let (_, ticks) = style::share_axis();
                style::Ticked::new(0.0..1.1, ticks)
            })?;
        chart
            .configure_mesh()
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|y| style::percent(*y))
            .x_desc("wait before answer (s)")
            .y_desc("answered within")
            .label_style(style::tick_text())
            .axis_desc_style(style::axis_text())
            .bold_line_style(style::GRID_BOLD)
            .disable_x_mesh()
            .draw()?;
        threshold_line(&mut chart, d.threshold_s, 1.1, false)?;
        let curves = [(&d.peak, style::VERMILLION), (&d.normal, style::BLUE)];
        for (h, colour) in curves {
            if h.total() <= 0.0 {
                continue;
            }
            let mut cum = h.at_once;
            let mut points = vec![(0.0, cum)];
            for b in &h.bins {
                cum += b.share;
                points.push((b.to_s, cum));
            }
            chart.draw_series(LineSeries::new(points, colour.stroke_width(3)))?;
        }
        if let Some(target) = d.target {
            style::draw_hline(
                &mut chart,
                target,
                &format!("target {}", style::percent(target)),
            )?;
        }
        // The value of each curve at the threshold, the higher labelled above its point and
        // the lower below, so that close values do not overlap.
        let mut marks: Vec<(f64, RGBColor)> = curves
            .iter()
            .filter_map(|(h, c)| h.share_within(d.threshold_s).map(|s| (s, *c)))
            .collect();
        marks.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (i, (s, colour)) in marks.into_iter().enumerate() {
            let (pos, dy) = if i == 0 {
                (Pos::new(HPos::Right, VPos::Bottom), -8)
            } else {
                (Pos::new(HPos::Left, VPos::Top), 8)
            };
            let dx = if i == 0 { -8 } else { 8 };
            let label = style::bold(16.0).color(&colour).pos(pos);
            chart.draw_series(std::iter::once(
                EmptyElement::at((d.threshold_s, s))
                    + Circle::new((0, 0), 5, colour.filled())
                    + Text::new(style::percent_1(s), (dx, dy), label),
            ))?;
        }
        Ok(())
    }
}

/// A share axis for bars up to `max`: its top (headroom for the threshold label, on a
/// tick) and ticks every 5% (every 10% above 30%).
fn share_ticks(max: f64) -> (f64, Vec<f64>) {
    let step = if max > 0.3 { 0.1 } else { 0.05 };
    let n = ((max * 1.12) / step).ceil().max(1.0);
    let top = (n * step).min(1.0);
    let ticks = (0..=n as usize)
        .map(|i| i as f64 * step)
        .filter(|t| *t <= top + 1e-9)
        .collect();
    (top, ticks)
}

/// The service-level threshold: a vertical dashed line, labelled at the top on `labelled`.
fn threshold_line<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    t: f64,
    y_max: f64,
    labelled: bool,
) -> DrawResult<DB> {
    chart.draw_series(DashedLineSeries::new(
        [(t, 0.0), (t, y_max)],
        8,
        5,
        style::TARGET.stroke_width(2),
    ))?;
    if labelled {
        let label = style::bold(16.0)
            .color(&style::TARGET)
            .pos(Pos::new(HPos::Left, VPos::Top));
        chart.draw_series(std::iter::once(
            EmptyElement::at((t, y_max)) + Text::new(seconds(t), (6, 4), label),
        ))?;
    }
    Ok(())
}
