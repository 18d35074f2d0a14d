//! Legend entries ([`Key`], [`Swatch`]) and drawing the legend row of a chart's frame.

use super::*;

/// How a legend key looks.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A line of the colour and width.
    Line(RGBColor, u32),
    /// A dashed line of the colour.
    Dashed(RGBColor),
    /// A filled box of the colour and opacity.
    Fill(RGBColor, f64),
    /// A dot of the colour.
    Dot(RGBColor),
    /// A line of the colour over a box of its band.
    LineBand(RGBColor),
}

/// One legend entry.
#[derive(Debug, Clone)]
pub struct Key {
    /// What the series is.
    pub label: String,
    /// How it is drawn.
    pub swatch: Swatch,
}

impl Key {
    /// A key labelled `label` drawn as `swatch`.
    pub fn new(label: impl Into<String>, swatch: Swatch) -> Self {
        Key {
            label: label.into(),
            swatch,
        }
    }
}

/// Draws legend keys left to right from `(x, y)` (top left), wrapping before `right`;
/// returns the number of rows used.
pub(super) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    keys: &[Key],
    (left, y): (i32, i32),
    right: i32,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let style = text(16.0)
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let (mut x, mut mid, mut rows) = (left, y + 10, 1);
    for key in keys {
        let (w, _) = area.estimate_text_size(&key.label, &style)?;
        let width = 30 + 8 + w as i32;
        if x > left && x + width > right {
            (x, mid, rows) = (left, mid + 28, rows + 1);
        }
        let (x0, x1) = (x, x + 30);
        match key.swatch {
            Swatch::Line(c, w) => area.draw(&PathElement::new(
                vec![(x0, mid), (x1, mid)],
                c.stroke_width(w),
            ))?,
            Swatch::Dashed(c) => {
                for s in (x0..x1).step_by(8) {
                    area.draw(&PathElement::new(
                        vec![(s, mid), ((s + 4).min(x1), mid)],
                        c.stroke_width(2),
                    ))?;
                }
            }
            Swatch::Fill(c, a) => area.draw(&Rectangle::new(
                [(x0, mid - 7), (x1, mid + 7)],
                c.mix(a).filled(),
            ))?,
            Swatch::Dot(c) => area.draw(&Circle::new((x0 + 15, mid), 5, c.filled()))?,
            Swatch::LineBand(c) => {
                area.draw(&Rectangle::new(
                    [(x0, mid - 7), (x1, mid + 7)],
                    c.mix(BAND_ALPHA).filled(),
                ))?;
                area.draw(&PathElement::new(
                    vec![(x0, mid), (x1, mid)],
                    c.stroke_width(3),
                ))?;
            }
        }
        area.draw_text(&key.label, &style, (x1 + 8, mid))?;
        x += width + 28;
    }
    Ok(rows)
}
