//! Chart 2: the service level per interval of the busiest and of the average day, each
//! with the 95% confidence band of its mean, the target, and the intervals whose mean
//! misses it marked in red.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{ServiceLevelByInterval, ServiceLevelDay};
use super::style::{self, Body, DrawResult, Frame, Key, Swatch, YAxis};

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(
    dir: &Path,
    stem: &str,
    data: &ServiceLevelByInterval,
    note: &str,
) -> Result<Vec<PathBuf>> {
    data.check()
        .with_context(|| format!("service level by interval of {}", data.line))?;
    let mut legend = vec![Key::new(
        "mean over replications, with its 95% confidence band",
        Swatch::LineBand(style::BLUE),
    )];
    if let Some(t) = data.target {
        legend.push(Key::new(
            format!("target {}", style::percent(t)),
            Swatch::Dashed(style::TARGET),
        ));
        legend.push(Key::new(
            "interval below target",
            Swatch::Dot(style::VERMILLION),
        ));
    }
    let frame = Frame {
        title: format!("Service level by interval — {}", data.line),
        subtitle: format!(
            "Service level within {:.0} s: {}",
            data.threshold_s, data.definition
        ),
        legend,
        note,
    };
    style::render(dir, stem, &frame, &ServiceLevelBody(data))
}

struct ServiceLevelBody<'a>(&'a ServiceLevelByInterval);

impl Body for ServiceLevelBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 * 47 / 100);
        panel(&top, d, &d.busiest, "")?;
        panel(&bottom, d, &d.average, "interval start (hh:mm)")
    }
}

fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &ServiceLevelByInterval,
    day: &ServiceLevelDay,
    x_desc: &str,
) -> DrawResult<DB> {
    let (max, ticks) = style::share_axis();
    let y = YAxis {
        max,
        ticks,
        desc: format!("service level ({:.0} s)", d.threshold_s),
        format: &|y| style::percent(*y),
    };
    let mut chart = style::interval_chart(area, &day.label, &d.intervals, x_desc, &y)?;
    style::draw_estimates(&mut chart, &day.service_level, style::BLUE)?;
    if let Some(t) = d.target {
        style::draw_hline(&mut chart, t, &format!("target {}", style::percent(t)))?;
    }
    if let Some(t) = d.target {
        let below = day
            .service_level
            .mean
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.filter(|m| *m < t).map(|m| (i as f64 + 0.5, m)));
        chart.draw_series(below.map(|p| Circle::new(p, 5, style::VERMILLION.filled())))?;
    }
    Ok(())
}
