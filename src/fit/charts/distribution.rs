//! A fitted distribution against the data's: the empirical CDF (or Kaplan–Meier survival)
//! as a step line, each fitted family as a smooth one, the chosen family bold and the
//! others lighter; one panel per sample, side by side.

use std::path::{Path, PathBuf};

use anyhow::{Result, ensure};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::charts::style::{self, Body, DrawResult, Frame, Key, Swatch, Ticked};

/// One fitted family's curve.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelCurve {
    /// Family name as scenarios spell it (`lognormal`).
    pub family: String,
    /// The family the fit chose (by its stated criterion).
    pub chosen: bool,
    pub mean_s: f64,
    pub cv: f64,
    /// Kolmogorov–Smirnov distance to the data.
    pub ks_distance: f64,
    /// `(t [s], value)`, value a CDF or a survival, 0–1.
    pub points: Vec<(f64, f64)>,
}

/// One sample: the data's curve against the families fitted to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Above the panel; empty for none.
    pub caption: String,
    /// The data's step curve as points `(t [s], value)`, already in step form.
    pub data: Vec<(f64, f64)>,
    pub models: Vec<ModelCurve>,
    /// End of the x axis, s.
    pub x_max_s: f64,
}

/// A chart of one or more panels.
#[derive(Debug, Clone, PartialEq)]
pub struct Distributions {
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub y_desc: String,
    /// Legend label of the data's curve.
    pub data_label: String,
    /// Survival curves (falling from 1) rather than CDFs (rising to 1).
    pub survival: bool,
    pub panels: Vec<Panel>,
}

impl Distributions {
    fn check(&self) -> Result<()> {
        ensure!(!self.panels.is_empty(), "{}: no panel", self.title);
        for p in &self.panels {
            ensure!(
                p.x_max_s.is_finite() && p.x_max_s > 0.0,
                "{}: x axis end {}",
                self.title,
                p.x_max_s
            );
            let points = p.data.iter().chain(p.models.iter().flat_map(|m| &m.points));
            for (t, v) in points {
                ensure!(
                    t.is_finite() && v.is_finite(),
                    "{}: a non-finite point",
                    self.title
                );
            }
        }
        Ok(())
    }
}

/// Colour of a family, the same on every chart.
pub fn family_colour(family: &str) -> RGBColor {
    match family {
        "exponential" => style::VERMILLION,
        "lognormal" => style::BLUE,
        "gamma" => style::GREEN,
        _ => style::PURPLE,
    }
}

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &Distributions, note: &str) -> Result<Vec<PathBuf>> {
    data.check()?;
    let mut legend = vec![Key::new(
        data.data_label.clone(),
        Swatch::Line(style::INK, 3),
    )];
    // One key per family, in the first panel's order; with one panel the key carries
    // the fit.
    let one = data.panels.len() == 1;
    for m in &data.panels[0].models {
        let label = if one {
            format!(
                "{}{} (mean {:.0} s, cv {:.2}, KS {:.3})",
                m.family,
                if m.chosen { ", chosen" } else { "" },
                m.mean_s,
                m.cv,
                m.ks_distance
            )
        } else {
            m.family.clone()
        };
        let colour = family_colour(&m.family);
        legend.push(Key::new(
            label,
            if !one {
                Swatch::Line(colour, 3)
            } else if m.chosen {
                Swatch::Line(colour, 4)
            } else {
                Swatch::Line(on_white(colour, 0.6), 2)
            },
        ));
    }
    let frame = Frame {
        title: data.title.clone(),
        subtitle: data.subtitle.clone(),
        legend,
        note,
    };
    style::render(dir, stem, &frame, &DistributionBody(data))
}

/// `colour` at `alpha` over white, as a plain colour (legend swatches take `RGBColor`).
fn on_white(colour: RGBColor, alpha: f64) -> RGBColor {
    let mix = |c: u8| (f64::from(c) * alpha + 255.0 * (1.0 - alpha)).round() as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

struct DistributionBody<'a>(&'a Distributions);

impl Body for DistributionBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let panels = area.split_evenly((1, d.panels.len()));
        for (p, panel_area) in d.panels.iter().zip(&panels) {
            let step = style::round_step(p.x_max_s);
            let x_ticks = style::ticks_every(0.0, (p.x_max_s / step).floor() * step, step);
            let (_, y_ticks) = style::share_axis();
            let mut builder = ChartBuilder::on(panel_area);
            builder
                .margin_right(18)
                .margin_top(6)
                .x_label_area_size(52)
                .y_label_area_size(84);
            if !p.caption.is_empty() {
                builder.caption(&p.caption, style::panel_text());
            }
            let mut chart = builder.build_cartesian_2d(
                Ticked::new(0.0..p.x_max_s, x_ticks),
                Ticked::new(0.0..1.04, y_ticks),
            )?;
            chart
                .configure_mesh()
                .x_label_formatter(&|x| format!("{x:.0}"))
                .y_label_formatter(&|y| style::percent(*y))
                .x_desc(d.x_desc.as_str())
                .y_desc(d.y_desc.as_str())
                .label_style(style::tick_text())
                .axis_desc_style(style::axis_text())
                .bold_line_style(style::GRID_BOLD)
                .draw()?;
            // The data first, the lighter families over it, the chosen one on top.
            chart.draw_series(LineSeries::new(
                p.data.iter().copied(),
                style::INK.stroke_width(3),
            ))?;
            for m in p.models.iter().filter(|m| !m.chosen) {
                let colour = family_colour(&m.family).mix(0.6);
                chart.draw_series(LineSeries::new(
                    m.points.iter().copied(),
                    colour.stroke_width(2),
                ))?;
            }
            for m in p.models.iter().filter(|m| m.chosen) {
                chart.draw_series(LineSeries::new(
                    m.points.iter().copied(),
                    family_colour(&m.family).stroke_width(4),
                ))?;
            }
            if d.panels.len() > 1 {
                // Several panels share the legend: each says its own fit.
                if let Some(m) = p.models.iter().find(|m| m.chosen) {
                    let text = format!(
                        "chosen: {}, mean {:.0} s, cv {:.2}, KS {:.3}",
                        m.family, m.mean_s, m.cv, m.ks_distance
                    );
                    let style = style::text(15.0).color(&style::INK).pos(
                        plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Right,
                            plotters::style::text_anchor::VPos::Bottom,
                        ),
                    );
                    let (w, h) = chart.plotting_area().estimate_text_size(&text, &style)?;
                    let (w, h) = (w as i32, h as i32);
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((p.x_max_s, if d.survival { 0.9 } else { 0.08 }))
                            + Rectangle::new([(-w - 12, -h - 8), (-4, 0)], WHITE.mix(0.9).filled())
                            + Text::new(text, (-8, -4), style),
                    ))?;
                }
            }
        }
        Ok(())
    }
}
