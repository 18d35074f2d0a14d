//! Chart 6a: agent occupancy per interval of every line, each with the 95% confidence band
//! of its mean, and the occupancy ceiling when the scenario sets one.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::OccupancyByInterval;
use super::style::{self, Body, DrawResult, Frame, Key, Swatch, YAxis};

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(
    dir: &Path,
    stem: &str,
    data: &OccupancyByInterval,
    note: &str,
) -> Result<Vec<PathBuf>> {
    data.check().context("occupancy by interval")?;
    let mut legend: Vec<Key> = data
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| Key::new(l.line.clone(), Swatch::LineBand(style::line_colour(i))))
        .collect();
    if let Some(t) = data.max_target {
        legend.push(Key::new(
            format!("ceiling {}", style::percent(t)),
            Swatch::Dashed(style::TARGET),
        ));
    }
    let frame = Frame {
        title: "Agent occupancy by interval".to_owned(),
        subtitle: format!(
            "{}: time on calls and e-mail / time present; mean over replications with its 95% band",
            style::capitalise(&data.day)
        ),
        legend,
        note,
    };
    style::render(dir, stem, &frame, &OccupancyBody(data))
}

struct OccupancyBody<'a>(&'a OccupancyByInterval);

impl Body for OccupancyBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let (max, ticks) = style::share_axis();
        let y = YAxis {
            max,
            ticks,
            desc: "occupancy".to_owned(),
            format: &|y| style::percent(*y),
        };
        let mut chart =
            style::interval_chart(area, "", &d.intervals, "interval start (hh:mm)", &y)?;
        for (i, l) in d.lines.iter().enumerate() {
            style::draw_estimates(&mut chart, &l.occupancy, style::line_colour(i))?;
        }
        if let Some(t) = d.max_target {
            style::draw_hline(&mut chart, t, &format!("ceiling {}", style::percent(t)))?;
        }
        Ok(())
    }
}
