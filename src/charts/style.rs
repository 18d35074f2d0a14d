//! What every chart shares: size, palette, text styles, the frame (title, subtitle, legend,
//! note) and the helper that renders one drawing to both PNG and SVG.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, anyhow};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::{self, FAMILY};
use crate::atomic;

/// Size of every chart, px (the SVG's user units are the same).
pub const SIZE: (u32, u32) = (1200, 700);

/// What a drawing step returns on a given backend.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart's body: drawn once, on whichever backend [`render`] hands it.
pub trait Body {
    /// Draws the plot(s) into `area`, the space the frame leaves below the legend.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// The frame around a body.
pub struct Frame<'a> {
    /// Bold, top left: what the chart shows, for which line.
    pub title: String,
    /// Under the title, wrapped onto a second line if need be: definitions, the day, the
    /// threshold, the verdict.
    pub subtitle: String,
    /// Keys of the body's series, drawn in a row above the plot.
    pub legend: Vec<Key>,
    /// Small print at the bottom right (the run it came from); empty for none.
    pub note: &'a str,
}

/// Renders `frame` and `body` to `<stem>.png` and `<stem>.svg` in `dir`, each written under
/// a temporary name in `dir` and renamed into place (the SVG first). Returns both paths,
/// PNG first.
pub fn render(dir: &Path, stem: &str, frame: &Frame, body: &impl Body) -> Result<Vec<PathBuf>> {
    font::ensure_registered()?;
    let png = dir.join(format!("{stem}.png"));
    let svg = dir.join(format!("{stem}.svg"));

    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, SIZE).into_drawing_area();
        draw_all(&root, frame, body)
            .and_then(|()| root.present())
            .map_err(|e| anyhow!("drawing {}: {e}", svg.display()))?;
    }
    atomic::write(&svg, text.as_bytes())?;

    // The bitmap backend encodes through the `image` crate, which picks the format from the
    // file's extension: the temporary name must end in `.png`.
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let tmp = dir.join(format!(
        ".{stem}.tmp-{}-{}.png",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| -> Result<()> {
        {
            let root = BitMapBackend::new(&tmp, SIZE).into_drawing_area();
            draw_all(&root, frame, body)
                .and_then(|()| root.present())
                .map_err(|e| anyhow!("drawing {}: {e}", png.display()))?;
        }
        fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("syncing {}", tmp.display()))?;
        fs::rename(&tmp, &png)
            .with_context(|| format!("renaming {} to {}", tmp.display(), png.display()))
    })();
    if result.is_err() {
        // The backend, dropped unpresented, may have saved a partial image: remove it.
        let _ = fs::remove_file(&tmp);
    }
    result?;
    Ok(vec![png, svg])
}

fn draw_all<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    body: &impl Body,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let room = (w - 2 * MARGIN) as u32;
    let title = fit(root, &frame.title, 26.0, room, true)?.color(&INK);
    root.draw_text(&frame.title, &title, (MARGIN, 14))?;
    let subtitle = wrap(root, &frame.subtitle, &text(17.0), room)?;
    let sub = fit(
        root,
        subtitle.last().map_or("", String::as_str),
        17.0,
        room,
        false,
    )?;
    for (i, line) in subtitle.iter().enumerate() {
        root.draw_text(line, &sub.color(&MUTED), (MARGIN, 48 + 22 * i as i32))?;
    }
    if !frame.note.is_empty() {
        let style = text(13.0)
            .color(&MUTED)
            .pos(Pos::new(HPos::Right, VPos::Bottom));
        root.draw_text(frame.note, &style, (w - MARGIN, h - 6))?;
    }
    let mut top = 76 + 22 * (subtitle.len() as i32 - 1);
    if !frame.legend.is_empty() {
        let rows = legend(root, &frame.legend, (MARGIN, top + 4), w - MARGIN)?;
        top += 28 * rows;
    }
    let body_area = root.margin(top, 22, 8, MARGIN);
    body.draw(&body_area)
}

/// `line` split at spaces into at most two lines that fit in `room` px in `style` (the
/// second may still be too long; [`fit`] then shrinks it).
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    line: &str,
    style: &TextStyle,
    room: u32,
) -> Result<Vec<String>, DrawingAreaErrorKind<DB::ErrorType>> {
    if area.estimate_text_size(line, style)?.0 <= room {
        return Ok(vec![line.to_owned()]);
    }
    let words: Vec<&str> = line.split(' ').collect();
    let mut first = 0;
    for k in 1..words.len() {
        if area.estimate_text_size(&words[..k].join(" "), style)?.0 > room {
            break;
        }
        first = k;
    }
    if first == 0 {
        return Ok(vec![line.to_owned()]);
    }
    Ok(vec![words[..first].join(" "), words[first..].join(" ")])
}

/// The text style of at most `size` px, shrunk down to 12 px if need be, in which `line`
/// fits in `room` px.
fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    line: &str,
    size: f64,
    room: u32,
    is_bold: bool,
) -> Result<TextStyle<'static>, DrawingAreaErrorKind<DB::ErrorType>> {
    let make = |s: f64| if is_bold { bold(s) } else { text(s) };
    let mut s = size;
    while s > 12.0 && area.estimate_text_size(line, &make(s))?.0 > room {
        s -= 1.0;
    }
    Ok(make(s))
}

/// Left and right margin of the frame's text, px.
const MARGIN: i32 = 20;

// Palette: Okabe–Ito colours, distinguishable with the common colour-vision deficiencies,
// and greys for text and grid.

/// Text.
pub const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// Subtitles, notes, secondary text.
pub const MUTED: RGBColor = RGBColor(0x5a, 0x5a, 0x5a);
/// Grid lines (at the ticks; charts draw no minor grid).
pub const GRID_BOLD: RGBColor = RGBColor(0xd4, 0xd4, 0xd4);
/// Blue: the main series (normal periods, mean service level, agents available, 1st line).
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
/// Vermillion: peaks, abandoned calls, shortfalls.
pub const VERMILLION: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
/// Bluish green: answered calls.
pub const GREEN: RGBColor = RGBColor(0x00, 0x9e, 0x73);
/// Orange: e-mails received.
pub const ORANGE: RGBColor = RGBColor(0xe6, 0x9f, 0x00);
/// Reddish purple: the 2nd line.
pub const PURPLE: RGBColor = RGBColor(0xcc, 0x79, 0xa7);
/// Targets and thresholds.
pub const TARGET: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Cells or points without a value.
pub const MISSING: RGBColor = RGBColor(0xc8, 0xc8, 0xc8);
/// Sky blue: the sixth sweep series.
pub const SKY: RGBColor = RGBColor(0x56, 0xb4, 0xe9);

/// Colour of the `i`-th line (1st line blue, 2nd purple).
pub fn line_colour(i: usize) -> RGBColor {
    [BLUE, PURPLE, GREEN, ORANGE][i % 4]
}

/// Opacity of confidence bands.
pub const BAND_ALPHA: f64 = 0.22;

/// Regular text of `size` px in the bundled font.
pub fn text(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Normal).into()
}

/// Bold text of `size` px in the bundled font.
pub fn bold(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Bold).into()
}

/// Tick labels.
pub fn tick_text() -> TextStyle<'static> {
    text(15.0).color(&INK)
}

/// Axis titles.
pub fn axis_text() -> TextStyle<'static> {
    text(16.0).color(&INK)
}

/// A panel title, above a plot.
pub fn panel_text() -> TextStyle<'static> {
    bold(18.0).color(&INK)
}

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
fn legend<DB: DrawingBackend>(
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

/// A share as a percentage for a tick or label: `0.8` → `"80%"`, `0.025` → `"2.5%"`.
pub fn percent(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 1e-6 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A share as a percentage with one decimal, for values read off a chart: `"71.3%"`.
pub fn percent_1(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A round number of calls, agents or e-mails for a tick: `1234.0` → `"1 234"`.
pub fn count(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            // A thin space groups thousands without implying a decimal mark.
            out.push('\u{2009}');
        }
        out.push(c);
    }
    if n < 0 { format!("−{out}") } else { out }
}

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
    values: &super::data::Estimates,
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

/// `"average working day"` → `"Average working day"`.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
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
