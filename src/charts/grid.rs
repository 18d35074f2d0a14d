//! Small multiples: a grid of panels that share their axes, with each axis title drawn
//! once for the whole grid (left and bottom) rather than in every panel.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, Ticked};

/// Width of the strip left of the grid that holds the y axis title, px.
const Y_TITLE_W: u32 = 28;
/// Height of the strip under the grid that holds the x axis title, px.
const X_TITLE_H: u32 = 26;

/// Columns of a grid of `n` panels in a 1200 × 700 chart: about 1.5 times as many
/// columns as rows (7 panels → 4 × 2, 14 → 5 × 3).
pub fn columns(n: usize) -> usize {
    ((n as f64 * 1.5).sqrt().ceil() as usize).clamp(1, n.max(1))
}

/// Splits `area` into the panels of a grid for `n` panels, in reading order, after
/// drawing `y_desc` (rotated, at the left) and `x_desc` (centred, at the bottom).
pub fn panels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    n: usize,
    x_desc: &str,
    y_desc: &str,
) -> Result<Vec<DrawingArea<DB, Shift>>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = area.dim_in_pixel();
    let (left, rest) = area.split_horizontally(Y_TITLE_W);
    let (grid, bottom) = rest.split_vertically(h.saturating_sub(X_TITLE_H));
    let y_style = style::axis_text()
        .transform(FontTransform::Rotate270)
        .pos(Pos::new(HPos::Center, VPos::Center));
    left.draw_text(y_desc, &y_style, (Y_TITLE_W as i32 / 2, h as i32 / 2))?;
    let x_style = style::axis_text().pos(Pos::new(HPos::Center, VPos::Center));
    let x_mid = (w.saturating_sub(Y_TITLE_W) / 2) as i32;
    bottom.draw_text(x_desc, &x_style, (x_mid, X_TITLE_H as i32 / 2))?;
    let cols = columns(n);
    let rows = n.div_ceil(cols).max(1);
    Ok(grid
        .split_evenly((rows, cols))
        .into_iter()
        .take(n)
        .collect())
}

/// A panel of a grid: `caption` above, small tick labels, ticks and grid lines where the
/// axes say.
pub fn panel_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    x: Ticked,
    y: Ticked,
    x_fmt: &dyn Fn(&f64) -> String,
    y_fmt: &dyn Fn(&f64) -> String,
) -> Result<style::IntervalChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut chart = ChartBuilder::on(area)
        .caption(caption, style::bold(15.0).color(&style::INK))
        .margin(6)
        .margin_top(2)
        .x_label_area_size(22)
        .y_label_area_size(50)
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .x_label_formatter(x_fmt)
        .y_label_formatter(y_fmt)
        .label_style(style::text(13.0).color(&style::INK))
        .bold_line_style(style::GRID_BOLD)
        .draw()?;
    Ok(chart)
}

/// A message centred in a panel that has nothing to plot.
pub fn empty_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    caption: &str,
    message: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = area.dim_in_pixel();
    let title = style::bold(15.0)
        .color(&style::INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    area.draw_text(caption, &title, (w as i32 / 2, 2))?;
    let body = style::text(13.0)
        .color(&style::MUTED)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(message, &body, (w as i32 / 2, h as i32 / 2))?;
    Ok(())
}

/// A value axis from 0 to a little above `max`, on a round tick, with 2 to 5 steps.
pub fn value_axis(max: f64) -> Ticked {
    value_axis_steps(max, 5)
}

/// A value axis from 0 to a little above `max`, on a round tick, with at most
/// `max_steps` (≥ 4) steps.
pub fn value_axis_steps(max: f64, max_steps: usize) -> Ticked {
    let max = if max.is_finite() && max > 0.0 {
        max * 1.05
    } else {
        1.0
    };
    let mut step = style::round_step(max);
    while max / step > max_steps as f64 {
        step *= 2.0;
    }
    let (_, to, ticks) = style::round_ticks(0.0, max, step);
    Ticked::new(0.0..to, ticks)
}
