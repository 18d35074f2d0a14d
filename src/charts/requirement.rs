//! `ccplan staff`'s chart: agents required against the scenario's roster per interval,
//! for the busiest day (solid) and the average working day (dashed) of one line, the
//! busiest day's shortfall shaded.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, Body, DrawResult, Frame, Key, Swatch};

/// Requirement and roster of one line, agents available (after shrinkage).
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementByInterval {
    /// Line name for the title.
    pub line: String,
    /// How the requirement was computed (`SIPP`, `ISA`, …).
    pub method: String,
    /// The busiest day, for the subtitle (`Mon 2018-01-08`).
    pub busiest_day: String,
    /// Interval starts `HH:MM`.
    pub intervals: Vec<String>,
    pub busiest_required: Vec<f64>,
    pub busiest_roster: Vec<f64>,
    pub average_required: Vec<f64>,
    pub average_roster: Vec<f64>,
    /// Agents available for calls on the busiest day as the independent check simulated
    /// them (means over replications): the roster less breaks taken late, plus overtime.
    pub busiest_simulated: Vec<f64>,
}

impl RequirementByInterval {
    /// Every series has one finite, non-negative value per interval.
    pub fn check(&self) -> Result<()> {
        let n = self.intervals.len();
        ensure!(n > 0, "no intervals");
        for (name, v) in [
            ("busiest_required", &self.busiest_required),
            ("busiest_roster", &self.busiest_roster),
            ("average_required", &self.average_required),
            ("average_roster", &self.average_roster),
            ("busiest_simulated", &self.busiest_simulated),
        ] {
            ensure!(
                v.len() == n,
                "{name} has {} values for {n} intervals",
                v.len()
            );
            ensure!(
                v.iter().all(|x| x.is_finite() && *x >= 0.0),
                "{name} holds a negative or non-finite value"
            );
        }
        Ok(())
    }
}

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(
    dir: &Path,
    stem: &str,
    data: &RequirementByInterval,
    note: &str,
) -> Result<Vec<PathBuf>> {
    data.check()
        .with_context(|| format!("requirement by interval of {}", data.line))?;
    let short = data
        .busiest_required
        .iter()
        .zip(&data.busiest_roster)
        .filter(|(r, a)| *r > *a)
        .count();
    let verdict = if short == 0 {
        "the roster covers every interval of the busiest day".to_owned()
    } else {
        format!(
            "the roster is short in {short} of {} intervals of the busiest day",
            data.intervals.len()
        )
    };
    let frame = Frame {
        title: format!("Agents required vs rostered — {}", data.line),
        subtitle: format!(
            "{} requirement, agents available after shrinkage; busiest day {}; {verdict}",
            data.method, data.busiest_day
        ),
        legend: vec![
            Key::new("required, busiest day", Swatch::Line(style::INK, 2)),
            Key::new("roster, busiest day", Swatch::Line(style::BLUE, 3)),
            Key::new("required, average day", Swatch::Dashed(style::MUTED)),
            Key::new("roster, average day", Swatch::Dashed(style::BLUE)),
            Key::new("simulated, busiest day", Swatch::Line(style::ORANGE, 2)),
            style::shortfall_key(),
        ],
        note,
    };
    style::render(dir, stem, &frame, &RequirementBody(data))
}

struct RequirementBody<'a>(&'a RequirementByInterval);

/// Dashes along a polyline: on for `on`, off for `off` x units.
fn dashes(points: &[(f64, f64)], on: f64, off: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    for w in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if (x1 - x0).abs() < 1e-12 {
            out.push(vec![w[0], w[1]]);
            continue;
        }
        let mut x = x0;
        while x < x1 {
            let end = (x + on).min(x1);
            let y = |t: f64| y0 + (y1 - y0) * (t - x0) / (x1 - x0);
            out.push(vec![(x, y(x)), (end, y(end))]);
            x += on + off;
        }
    }
    out
}

impl Body for RequirementBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let all = [
            &d.busiest_required,
            &d.busiest_roster,
            &d.average_required,
            &d.average_roster,
            &d.busiest_simulated,
        ];
        let y = style::count_y_axis(all.into_iter().flatten(), "agents available");
        let mut chart =
            style::interval_chart(area, "", &d.intervals, "interval start (hh:mm)", &y)?;
        style::draw_shortfall(&mut chart, &d.busiest_required, &d.busiest_roster)?;
        for (v, colour) in [
            (&d.average_required, style::MUTED),
            (&d.average_roster, style::BLUE),
        ] {
            for dash in dashes(&style::steps(v), 0.25, 0.15) {
                chart.draw_series(LineSeries::new(dash, colour.stroke_width(2)))?;
            }
        }
        style::draw_steps(&mut chart, &d.busiest_required, style::INK, 2)?;
        style::draw_steps(&mut chart, &d.busiest_roster, style::BLUE, 3)?;
        style::draw_steps(&mut chart, &d.busiest_simulated, style::ORANGE, 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> RequirementByInterval {
        RequirementByInterval {
            line: "1st line".into(),
            method: "SIPP".into(),
            busiest_day: "Mon 2018-01-08".into(),
            intervals: vec!["09:00".into(), "09:30".into(), "10:00".into()],
            busiest_required: vec![10.0, 14.0, 12.0],
            busiest_roster: vec![12.0, 12.0, 12.0],
            average_required: vec![8.0, 11.0, 10.0],
            average_roster: vec![12.0, 12.0, 12.0],
            busiest_simulated: vec![11.6, 11.9, 12.3],
        }
    }

    #[test]
    fn renders_png_and_svg() {
        let dir = tempfile::tempdir().unwrap();
        let files = render(dir.path(), "requirement_first_line", &data(), "test").unwrap();
        assert_eq!(files.len(), 2);
        assert!(
            files
                .iter()
                .all(|f| std::fs::metadata(f).unwrap().len() > 1000)
        );
        let svg = std::fs::read_to_string(&files[1]).unwrap();
        assert!(svg.contains("short in 1 of 3 intervals"), "verdict missing");
    }

    #[test]
    fn malformed_data_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = data();
        d.average_roster.pop();
        assert!(render(dir.path(), "r", &d, "").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
