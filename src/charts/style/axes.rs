//! Axes: round tick steps, count and share axes, interval axes and how many of their labels fit.

use super::*;

/// The smallest round step — 1, 2, 2.5 or 5 × 10ᵏ — that covers `span` in at most 8
/// steps (it takes more than 4).
pub fn round_step(span: f64) -> f64 {
    let mag = 10f64.powf((span / 5.0).log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| span / s <= 8.0)
        .unwrap_or(10.0 * mag)
}

/// `[lo, hi]` widened outwards to whole multiples of `step` (e.g. a [`round_step`]): the
/// axis's ends and its ticks, every `step` (see [`ticks_every`]).
pub fn round_ticks(lo: f64, hi: f64, step: f64) -> (f64, f64, Vec<f64>) {
    let from = (lo / step).floor() * step;
    let to = (hi / step).ceil() * step;
    (from, to, ticks_every(from, to, step))
}

/// Ticks every `step` from `from` to `to`, both included (`to - from` is taken as a whole
/// number of steps, rounded).
pub fn ticks_every(from: f64, to: f64, step: f64) -> Vec<f64> {
    let n = ((to - from) / step).round() as usize;
    (0..=n).map(|i| from + i as f64 * step).collect()
}

/// A count axis for values up to `max`: its top (a little headroom, on a tick) and its
/// ticks, 4 to 8 round steps (1, 2, 2.5 or 5 × 10ᵏ, see [`round_step`]) from 0. Counts
/// are whole, so is the step: at least 1, and 5 where [`round_step`] gives 2.5 (whose
/// ticks 2.5, 7.5 would be labelled "3", "8").
pub fn count_axis(max: f64) -> (f64, Vec<f64>) {
    let max = if max.is_finite() && max > 0.0 {
        max * 1.06
    } else {
        1.0
    };
    let step = round_step(max);
    let step = if step < 1.0 {
        1.0
    } else if step.fract() != 0.0 {
        2.0 * step
    } else {
        step
    };
    let n = (max / step).ceil() as usize;
    let ticks = (0..=n).map(|i| i as f64 * step).collect();
    (n as f64 * step, ticks)
}

/// The y axis of an [`interval_chart`] of counts titled `desc`, from 0 to a little above
/// the largest of `values` (see [`count_axis`]), ticks labelled by [`count`].
pub fn count_y_axis<'v>(values: impl IntoIterator<Item = &'v f64>, desc: &str) -> YAxis<'static> {
    let max = values.into_iter().fold(0.0, |a: f64, b| a.max(*b));
    let (max, ticks) = count_axis(max);
    YAxis {
        max,
        ticks,
        desc: desc.to_owned(),
        format: &count_label,
    }
}

fn count_label(y: &f64) -> String {
    count(*y)
}

/// A share axis from 0 to 100%: a little headroom above 100% so a line at 100% is not
/// drawn on the frame, ticks every 20%.
pub fn share_axis() -> (f64, Vec<f64>) {
    (1.04, (0..=5).map(|i| i as f64 * 0.2).collect())
}

/// How the y axis of an [`interval_chart`] looks.
pub struct YAxis<'f> {
    /// Top of the axis (the bottom is 0).
    pub max: f64,
    /// Tick positions.
    pub ticks: Vec<f64>,
    /// Axis title, with its unit.
    pub desc: String,
    /// Tick label.
    pub format: &'f dyn Fn(&f64) -> String,
}

/// A chart whose x axis is the intervals of a day, `[i, i + 1)` for interval `i`.
pub type IntervalChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// A linear axis with ticks (and grid lines) exactly where given.
///
/// plotters' own `with_key_points` wrapper loses the `f64` tick formatting that
/// `configure_mesh` needs, so charts use this instead.
#[derive(Debug, Clone)]
pub struct Ticked {
    from: f64,
    to: f64,
    ticks: Vec<f64>,
}

impl Ticked {
    /// The axis from `range.start` to `range.end` with `ticks`.
    pub fn new(range: std::ops::Range<f64>, ticks: Vec<f64>) -> Self {
        Ticked {
            from: range.start,
            to: range.end,
            ticks,
        }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        if self.to == self.from {
            return (limit.0 + limit.1) / 2;
        }
        let u = (v - self.from) / (self.to - self.from);
        limit.0 + (f64::from(limit.1 - limit.0) * u).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Light (minor) grid lines are not wanted: only the given ticks.
        if hint.weight().allow_light_points() {
            vec![]
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.from..self.to
    }
}

/// Builds an [`IntervalChart`] on `area` with its mesh drawn: hour ticks labelled with the
/// interval starts, the y axis as `y`, `caption` (if not empty) above.
pub fn interval_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    intervals: &[String],
    x_desc: &str,
    y: &YAxis,
) -> Result<IntervalChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let n = intervals.len() as f64;
    let ticks = interval_ticks(intervals, 13);
    let mut builder = ChartBuilder::on(area);
    builder
        .margin_right(14)
        .margin_top(6)
        .x_label_area_size(if x_desc.is_empty() { 30 } else { 52 })
        .y_label_area_size(84);
    if !caption.is_empty() {
        builder.caption(caption, panel_text());
    }
    let mut chart = builder.build_cartesian_2d(
        Ticked::new(0.0..n, ticks),
        Ticked::new(0.0..y.max, y.ticks.clone()),
    )?;
    let x_fmt = |x: &f64| interval_label(intervals, *x);
    let mut mesh = chart.configure_mesh();
    mesh.x_label_formatter(&x_fmt)
        .y_label_formatter(y.format)
        .y_desc(y.desc.as_str())
        .label_style(tick_text())
        .axis_desc_style(axis_text())
        .bold_line_style(GRID_BOLD);
    if !x_desc.is_empty() {
        mesh.x_desc(x_desc);
    }
    mesh.draw()?;
    Ok(chart)
}

/// Tick positions for an interval axis of `labels.len()` intervals, where interval `i`
/// spans `[i, i + 1)`: at most `max_ticks` ticks, every tick on a whole hour ("09:00",
/// "11:00") when the labels allow, else evenly from the first interval.
pub fn interval_ticks(labels: &[String], max_ticks: usize) -> Vec<f64> {
    let n = labels.len();
    let ticks = |step: usize| -> Vec<usize> {
        let offset = (0..step.min(n))
            .find(|&i| labels[i].ends_with(":00"))
            .unwrap_or(0);
        (offset..n).step_by(step).collect()
    };
    let steps = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 96, 192];
    let fits = |t: &Vec<usize>| t.len() <= max_ticks.max(1);
    let on_hours = |t: &Vec<usize>| t.iter().all(|&i| labels[i].ends_with(":00"));
    let chosen = steps
        .iter()
        .map(|&s| ticks(s))
        .find(|t| fits(t) && on_hours(t))
        .or_else(|| steps.iter().map(|&s| ticks(s)).find(fits))
        .unwrap_or_else(|| vec![0]);
    chosen.into_iter().map(|i| i as f64).collect()
}

/// The label of the tick at `x` on an interval axis: the start of interval `x`.
pub fn interval_label(labels: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
        labels[i as usize].clone()
    } else {
        String::new()
    }
}

/// Every how many categories to label an axis of `labels` spread over `room` px, so that
/// no two labels in `style` overlap.
pub fn label_step<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
    style: &TextStyle,
    room: u32,
) -> Result<usize, DrawingAreaErrorKind<DB::ErrorType>> {
    let widest = widest(area, labels, style)?.max(1);
    let per_label = f64::from(room) / labels.len().max(1) as f64;
    Ok(((f64::from(widest) + 18.0) / per_label).ceil().max(1.0) as usize)
}

/// The width of the widest of `labels` in `style`, px.
pub fn widest<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
    style: &TextStyle,
) -> Result<u32, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut widest = 0;
    for l in labels {
        widest = widest.max(area.estimate_text_size(l, style)?.0);
    }
    Ok(widest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_axis_steps_are_whole_and_round() {
        for max in [
            0.0, 0.4, 1.0, 3.0, 5.0, 8.0, 12.0, 16.0, 17.0, 19.0, 23.0, 60.0, 170.0, 1234.0,
        ] {
            let (top, ticks) = count_axis(max);
            assert!(top >= max && ticks[0] == 0.0 && *ticks.last().unwrap() == top);
            let step = ticks[1] - ticks[0];
            assert!(step >= 1.0 && step.fract() == 0.0, "{max}: {ticks:?}");
            let mag = 10f64.powf(step.log10().floor());
            assert!(
                [1.0, 2.0, 2.5, 5.0].contains(&(step / mag)),
                "{max}: {ticks:?}"
            );
            assert!(ticks.len() <= 9, "{max}: {ticks:?}");
        }
        // Where the round step would be 2.5, whole counts take 5.
        assert_eq!(count_axis(17.0).1, vec![0.0, 5.0, 10.0, 15.0, 20.0]);
        // Larger counts keep 25.
        assert_eq!(count_axis(170.0).1[1], 25.0);
        assert_eq!(count_axis(3.0).1, vec![0.0, 1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn round_step_takes_four_to_eight_steps() {
        for span in [0.29, 1.0, 3.2, 7.0, 17.0, 64.0, 999.0] {
            let s = round_step(span);
            let n = span / s;
            assert!(n > 4.0 && n <= 8.0, "{span}: {s}");
        }
        assert_eq!(round_step(18.0), 2.5);
    }
}
