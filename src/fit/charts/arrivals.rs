//! Arrivals by weekday: the first attempts observed per interval, the mean over each
//! working weekday's dates, against what the fitted scenario expects; a panel per weekday.

use std::path::{Path, PathBuf};

use anyhow::{Result, ensure};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::charts::grid;
use crate::charts::style::{self, Body, DrawResult, Frame, Key, Swatch, Ticked, centres};

/// One working weekday.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekdayArrivals {
    /// "Monday".
    pub weekday: String,
    /// Dates of this weekday in the log.
    pub dates: usize,
    /// Its fitted hours, "07:00–24:00".
    pub hours: String,
    /// Mean first attempts per interval over its dates, one per interval of the envelope.
    pub observed: Vec<f64>,
    /// Expected by the fit: `calls_per_day` × weekday factor × the profile restricted to
    /// the weekday's hours.
    pub fitted: Vec<f64>,
}

/// Arrivals of every working weekday.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalsByWeekday {
    pub interval_min: u32,
    pub calls_per_day: f64,
    /// Interval starts of the envelope, `HH:MM`.
    pub intervals: Vec<String>,
    pub weekdays: Vec<WeekdayArrivals>,
}

impl ArrivalsByWeekday {
    fn check(&self) -> Result<()> {
        let n = self.intervals.len();
        ensure!(n > 0, "arrivals: no intervals");
        ensure!(!self.weekdays.is_empty(), "arrivals: no working weekday");
        for w in &self.weekdays {
            ensure!(
                w.observed.len() == n && w.fitted.len() == n,
                "arrivals of {}: not one value per interval",
                w.weekday
            );
            ensure!(
                w.observed
                    .iter()
                    .chain(&w.fitted)
                    .all(|x| x.is_finite() && *x >= 0.0),
                "arrivals of {}: a negative or non-finite value",
                w.weekday
            );
        }
        Ok(())
    }
}

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(
    dir: &Path,
    stem: &str,
    data: &ArrivalsByWeekday,
    note: &str,
) -> Result<Vec<PathBuf>> {
    data.check()?;
    let frame = Frame {
        title: "Arrivals by weekday — observed against fitted".into(),
        subtitle: format!(
            "First attempts (identified redials left out) per {}-min interval: the mean over each weekday's dates, \
             against calls per day ({:.0}) × weekday factor × intraday profile, restricted to the weekday's hours",
            data.interval_min, data.calls_per_day
        ),
        legend: vec![
            Key::new(
                "observed (mean over the weekday's dates)",
                Swatch::Fill(style::MUTED, 0.45),
            ),
            Key::new("fitted expectation", Swatch::Line(style::BLUE, 3)),
        ],
        note,
    };
    style::render(dir, stem, &frame, &ArrivalsBody(data))
}

struct ArrivalsBody<'a>(&'a ArrivalsByWeekday);

impl Body for ArrivalsBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let n = d.intervals.len() as f64;
        let top = d
            .weekdays
            .iter()
            .flat_map(|w| w.observed.iter().chain(&w.fitted))
            .fold(0.0, |a: f64, b| a.max(*b));
        let y = grid::value_axis(top);
        let cols = grid::columns(d.weekdays.len());
        let x_ticks = style::interval_ticks(&d.intervals, if cols > 2 { 4 } else { 7 });
        let panels = grid::panels(
            area,
            d.weekdays.len(),
            "interval start (hh:mm)",
            &format!("calls per {}-min interval", d.interval_min),
        )?;
        for (w, panel) in d.weekdays.iter().zip(&panels) {
            let observed: f64 = w.observed.iter().sum();
            let fitted: f64 = w.fitted.iter().sum();
            let caption = format!(
                "{} {} · {} date{}",
                w.weekday.get(..3).unwrap_or(&w.weekday),
                w.hours,
                w.dates,
                if w.dates == 1 { "" } else { "s" },
            );
            let mut chart = grid::panel_chart(
                panel,
                &caption,
                Ticked::new(0.0..n, x_ticks.clone()),
                y.clone(),
                &|x| style::interval_label(&d.intervals, *x),
                &|v| style::count(*v),
            )?;
            chart.draw_series(w.observed.iter().enumerate().map(|(i, v)| {
                Rectangle::new(
                    [(i as f64 + 0.08, 0.0), (i as f64 + 0.92, *v)],
                    style::MUTED.mix(0.45).filled(),
                )
            }))?;
            chart.draw_series(LineSeries::new(
                centres(&w.fitted),
                style::BLUE.stroke_width(3),
            ))?;
            // The day's totals, top left inside the plot.
            let totals = style::text(13.0)
                .color(&style::INK)
                .pos(Pos::new(HPos::Left, VPos::Top));
            let y_top = y.range().end;
            chart.draw_series(std::iter::once(
                EmptyElement::at((0.0, y_top))
                    + Text::new(
                        format!(
                            "{} observed, {} fitted a day",
                            style::count(observed),
                            style::count(fitted)
                        ),
                        (6, 3),
                        totals,
                    ),
            ))?;
        }
        Ok(())
    }
}
