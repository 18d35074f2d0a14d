//! Agents on duty per interval, as measured from service records: every working date
//! (thin), the mean over full days (the fit's `agents_by_interval` before rounding), and
//! that mean times the availability share.

use std::path::{Path, PathBuf};

use anyhow::{Result, ensure};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::charts::style::{self, Body, DrawResult, Frame, Key, Swatch};

/// The thin lines of single dates: darker than the grid, lighter than the series.
const DATE_GREY: RGBColor = RGBColor(0x9a, 0x9a, 0x9a);

/// Agents on duty per interval of the fit's envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentsByInterval {
    /// Interval starts, `HH:MM`.
    pub intervals: Vec<String>,
    /// Every working date's agents on duty (rounded, as `agents_by_date`).
    pub by_date: Vec<Vec<f64>>,
    /// Dates open for the whole envelope (0: none, and the mean is over every date).
    pub full_days: usize,
    /// Mean agents on duty over those dates (not rounded).
    pub mean_full_days: Vec<f64>,
    /// Share of present time agents are available (busy ÷ present while callers
    /// waited); `None` when callers never waited.
    pub availability: Option<f64>,
    /// Mean away spell, s.
    pub away_mean_s: Option<f64>,
}

impl AgentsByInterval {
    fn check(&self) -> Result<()> {
        let n = self.intervals.len();
        ensure!(n > 0, "agents: no intervals");
        for v in self.by_date.iter().chain([&self.mean_full_days]) {
            ensure!(v.len() == n, "agents: not one value per interval");
            ensure!(
                v.iter().all(|x| x.is_finite() && *x >= 0.0),
                "agents: a negative or non-finite value"
            );
        }
        Ok(())
    }
}

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &AgentsByInterval, note: &str) -> Result<Vec<PathBuf>> {
    data.check()?;
    let availability = match (data.availability, data.away_mean_s) {
        (Some(a), Some(s)) => format!(
            "availability {} (busy ÷ present agent-time while callers waited), away spells of {s:.0} s on average",
            style::percent_1(a)
        ),
        (Some(a), None) => format!(
            "availability {} (busy ÷ present agent-time while callers waited)",
            style::percent_1(a)
        ),
        _ => "availability not estimated (callers never waited)".into(),
    };
    let mut legend = vec![
        Key::new(
            format!("each working date ({})", data.by_date.len()),
            Swatch::Line(DATE_GREY, 1),
        ),
        Key::new(
            if data.full_days > 0 {
                format!("mean over full days ({})", data.full_days)
            } else {
                format!("mean over working dates ({})", data.by_date.len())
            },
            Swatch::Line(style::BLUE, 3),
        ),
    ];
    if data.availability.is_some() {
        legend.push(Key::new(
            "mean × availability (agents available)",
            Swatch::Dashed(style::GREEN),
        ));
    }
    let frame = Frame {
        title: "Agents on duty per interval — from the log's service records".into(),
        subtitle: format!(
            "Presence: an agent's services less than 30 minutes apart form one session; {availability}"
        ),
        legend,
        note,
    };
    style::render(dir, stem, &frame, &AgentsBody(data))
}

struct AgentsBody<'a>(&'a AgentsByInterval);

impl Body for AgentsBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let all = d.by_date.iter().flatten().chain(&d.mean_full_days);
        let y = style::count_y_axis(all, "agents on duty");
        let mut chart =
            style::interval_chart(area, "", &d.intervals, "interval start (hh:mm)", &y)?;
        for row in &d.by_date {
            style::draw_steps(&mut chart, row, DATE_GREY, 1)?;
        }
        if let Some(a) = d.availability {
            let available: Vec<f64> = d.mean_full_days.iter().map(|m| m * a).collect();
            chart.draw_series(DashedLineSeries::new(
                style::steps(&available),
                8,
                5,
                style::GREEN.stroke_width(3),
            ))?;
        }
        style::draw_steps(&mut chart, &d.mean_full_days, style::BLUE, 3)?;
        Ok(())
    }
}
