//! Chart 4: agents available against agents required per interval of one day, the
//! shortfall (required above available) shaded red so it is seen at once.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::StaffingByInterval;
use super::style::{self, Body, DrawResult, Frame, Key, Swatch};

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(
    dir: &Path,
    stem: &str,
    data: &StaffingByInterval,
    note: &str,
) -> Result<Vec<PathBuf>> {
    data.check()
        .with_context(|| format!("staffing by interval of {}", data.line))?;
    let gaps: Vec<f64> = data
        .required
        .iter()
        .zip(&data.available)
        .map(|(r, a)| r - a)
        .filter(|g| *g > 1e-9)
        .collect();
    let verdict = if gaps.is_empty() {
        "no interval short of agents".to_owned()
    } else {
        format!(
            "short in {} of {} intervals, by up to {} agents",
            gaps.len(),
            data.intervals.len(),
            style::count(gaps.iter().fold(0.0, |a: f64, b| a.max(*b)).ceil())
        )
    };
    let frame = Frame {
        title: format!("Agents available vs required — {}", data.line),
        subtitle: format!(
            "{}; required by {}; {verdict}",
            style::capitalise(&data.day),
            data.requirement
        ),
        legend: vec![
            Key::new("available (mean present)", Swatch::Line(style::BLUE, 3)),
            Key::new("required", Swatch::Line(style::INK, 2)),
            style::shortfall_key(),
        ],
        note,
    };
    style::render(dir, stem, &frame, &StaffingBody(data))
}

struct StaffingBody<'a>(&'a StaffingByInterval);

impl Body for StaffingBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let y = style::count_y_axis(d.available.iter().chain(&d.required), "agents");
        let mut chart =
            style::interval_chart(area, "", &d.intervals, "interval start (hh:mm)", &y)?;
        style::draw_shortfall(&mut chart, &d.required, &d.available)?;
        style::draw_steps(&mut chart, &d.required, style::INK, 2)?;
        style::draw_steps(&mut chart, &d.available, style::BLUE, 3)
    }
}
