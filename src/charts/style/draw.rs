//! Series every chart draws alike: estimates with their intervals, steps, reference lines and shortfalls.

use super::*;

/// Splits a series with gaps into its runs of defined points.
pub fn runs<T: Copy>(points: impl IntoIterator<Item = Option<T>>) -> Vec<Vec<T>> {
    let mut out: Vec<Vec<T>> = vec![];
    let mut cur = vec![];
    for p in points {
        match p {
            Some(p) => cur.push(p),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Draws a horizontal dashed line at `y` across `chart`, with `label` above its right end.
/// Drawn after the series, so that the label is on top.
pub fn draw_hline<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    y: f64,
    label: &str,
) -> DrawResult<DB> {
    let x = chart.x_range();
    chart.draw_series(DashedLineSeries::new(
        [(x.start, y), (x.end, y)],
        8,
        5,
        TARGET.stroke_width(2),
    ))?;
    // On a white box, so that it stays readable where a series runs behind it.
    let style = text(15.0)
        .color(&TARGET)
        .pos(Pos::new(HPos::Right, VPos::Bottom));
    let (w, h) = chart.plotting_area().estimate_text_size(label, &style)?;
    let (w, h) = (w as i32, h as i32);
    chart.draw_series(std::iter::once(
        EmptyElement::at((x.end, y))
            + Rectangle::new([(-w - 10, -h - 8), (-2, -3)], WHITE.mix(0.85).filled())
            + Text::new(label.to_owned(), (-6, -5), style),
    ))?;
    Ok(())
}

/// Draws `values` (one per interval, `None` for gaps) as a band between `low` and `high`
/// and a line through `mean` at the interval centres, in `colour`. A lone point between
/// gaps is drawn as a dot so it does not vanish.
pub fn draw_estimates<
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    values: &crate::charts::data::Estimates,
    colour: RGBColor,
) -> DrawResult<DB> {
    let centre = |i: usize| i as f64 + 0.5;
    let band = values
        .low
        .iter()
        .zip(&values.high)
        .enumerate()
        .map(|(i, (l, h))| l.zip(*h).map(|(l, h)| (centre(i), l, h)));
    for run in runs(band) {
        let mut poly: Vec<(f64, f64)> = run.iter().map(|(x, l, _)| (*x, *l)).collect();
        poly.extend(run.iter().rev().map(|(x, _, h)| (*x, *h)));
        if run.len() == 1 {
            let (x, l, h) = run[0];
            poly = vec![(x - 0.3, l), (x + 0.3, l), (x + 0.3, h), (x - 0.3, h)];
        }
        chart.draw_series(std::iter::once(Polygon::new(
            poly,
            colour.mix(BAND_ALPHA).filled(),
        )))?;
    }
    let mean = values
        .mean
        .iter()
        .enumerate()
        .map(|(i, m)| m.map(|m| (centre(i), m)));
    for run in runs(mean) {
        if run.len() == 1 {
            chart.draw_series(std::iter::once(Circle::new(run[0], 3, colour.filled())))?;
        } else {
            chart.draw_series(LineSeries::new(run, colour.stroke_width(3)))?;
        }
    }
    Ok(())
}

/// Opacity of the shortfall shading (required above available).
pub const SHORTFALL_ALPHA: f64 = 0.45;

/// The legend key of [`draw_shortfall`]'s shading.
pub fn shortfall_key() -> Key {
    Key::new("shortfall", Swatch::Fill(VERMILLION, SHORTFALL_ALPHA))
}

/// Step points of per-interval values: agents change only between intervals, so a
/// series is drawn as steps, not slopes.
pub fn steps(v: &[f64]) -> Vec<(f64, f64)> {
    v.iter()
        .enumerate()
        .flat_map(|(i, y)| [(i as f64, *y), (i as f64 + 1.0, *y)])
        .collect()
}

/// Per-interval (or per-day) values as points at the centres of their slots.
pub fn centres(v: &[f64]) -> Vec<(f64, f64)> {
    v.iter()
        .enumerate()
        .map(|(i, y)| (i as f64 + 0.5, *y))
        .collect()
}

/// Shades, interval by interval, the shortfall where `required` is above `available`.
pub fn draw_shortfall<
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    required: &[f64],
    available: &[f64],
) -> DrawResult<DB> {
    let short = required
        .iter()
        .zip(available)
        .enumerate()
        .filter(|(_, (r, a))| *r > *a)
        .map(|(i, (r, a))| {
            Rectangle::new(
                [(i as f64, *a), (i as f64 + 1.0, *r)],
                VERMILLION.mix(SHORTFALL_ALPHA).filled(),
            )
        });
    chart.draw_series(short)?;
    Ok(())
}

/// Draws per-interval values `v` as [`steps`] in `colour`, `width` px wide.
pub fn draw_steps<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    v: &[f64],
    colour: RGBColor,
    width: u32,
) -> DrawResult<DB> {
    chart.draw_series(LineSeries::new(steps(v), colour.stroke_width(width)))?;
    Ok(())
}
