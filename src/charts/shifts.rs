//! `ccplan schedule`'s Gantt chart of a roster: one bar per shift of one day pattern,
//! from its start to its end over the day's intervals, coloured by contract kind, its
//! breaks cut out of the bar (hatched gaps), its agents written at the bar's start.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, Body, DrawResult, Frame, Key, Swatch, YAxis};

/// One bar: a shift kind of the pattern and its agents. Times are in intervals from the
/// first interval of the day (`1.5` is half-way through the second interval).
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftBar {
    /// Index into [`ShiftGantt::contracts`].
    pub contract: usize,
    pub start: f64,
    pub end: f64,
    /// Breaks as (start, end), inside the bar.
    pub breaks: Vec<(f64, f64)>,
    pub agents: u32,
}

/// The shifts of one line on one day pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftGantt {
    /// Line name for the title.
    pub line: String,
    /// The day pattern drawn (`Mon, 4 days`) and why it was chosen.
    pub pattern: String,
    /// Interval starts `HH:MM`.
    pub intervals: Vec<String>,
    /// Contract kinds' names, in the rules' order (colours follow it).
    pub contracts: Vec<String>,
    /// The bars, top to bottom.
    pub bars: Vec<ShiftBar>,
}

impl ShiftGantt {
    /// Bars inside the day, breaks inside their bars, every contract index known.
    pub fn check(&self) -> Result<()> {
        let n = self.intervals.len() as f64;
        ensure!(n > 0.0, "no intervals");
        ensure!(!self.bars.is_empty(), "no shifts");
        for (k, b) in self.bars.iter().enumerate() {
            ensure!(
                b.contract < self.contracts.len(),
                "bar {k}: contract {} of {}",
                b.contract,
                self.contracts.len()
            );
            ensure!(
                b.start.is_finite() && b.end.is_finite() && 0.0 <= b.start && b.start < b.end,
                "bar {k}: runs {}–{}",
                b.start,
                b.end
            );
            ensure!(b.end <= n + 1e-9, "bar {k} ends after the day");
            ensure!(
                b.breaks
                    .iter()
                    .all(|&(s, e)| b.start <= s && s < e && e <= b.end + 1e-9),
                "bar {k}: a break outside the shift"
            );
        }
        Ok(())
    }

    fn agents(&self) -> u32 {
        self.bars.iter().map(|b| b.agents).sum()
    }
}

/// Colour of contract kind `k`.
fn contract_colour(k: usize) -> RGBColor {
    [
        style::BLUE,
        style::ORANGE,
        style::GREEN,
        style::PURPLE,
        style::SKY,
    ][k % 5]
}

/// Renders `data` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render(dir: &Path, stem: &str, data: &ShiftGantt, note: &str) -> Result<Vec<PathBuf>> {
    data.check()
        .with_context(|| format!("shifts of {}", data.line))?;
    let mut legend: Vec<Key> = data
        .contracts
        .iter()
        .enumerate()
        .filter(|(k, _)| data.bars.iter().any(|b| b.contract == *k))
        .map(|(k, name)| Key::new(name.clone(), Swatch::Fill(contract_colour(k), 0.85)))
        .collect();
    if data.bars.iter().any(|b| !b.breaks.is_empty()) {
        legend.push(Key::new("break", Swatch::Fill(style::MISSING, 1.0)));
    }
    let frame = Frame {
        title: format!("Shifts — {}", data.line),
        subtitle: format!(
            "{}: {} shift kinds, {} agents; a bar per shift from start to end, breaks cut out, its agents at its start",
            data.pattern,
            data.bars.len(),
            data.agents()
        ),
        legend,
        note,
    };
    style::render(dir, stem, &frame, &GanttBody(data))
}

struct GanttBody<'a>(&'a ShiftGantt);

impl Body for GanttBody<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.0;
        let rows = d.bars.len();
        // Row r (from the top) spans [rows − r − 1, rows − r); no tick labels.
        let none = |_: &f64| String::new();
        let y = YAxis {
            max: rows as f64,
            ticks: Vec::new(),
            desc: "shifts (agents on each at its start)".to_owned(),
            format: &none,
        };
        let mut chart = style::interval_chart(area, "", &d.intervals, "time of day (hh:mm)", &y)?;
        let pad = if rows > 40 { 0.08 } else { 0.15 };
        for (r, b) in d.bars.iter().enumerate() {
            let (lo, hi) = ((rows - r - 1) as f64 + pad, (rows - r) as f64 - pad);
            let colour = contract_colour(b.contract);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(b.start, lo), (b.end, hi)],
                colour.mix(0.85).filled(),
            )))?;
            for &(s, e) in &b.breaks {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(s, lo), (e, hi)],
                    style::MISSING.filled(),
                )))?;
                // Hatching: a diagonal every quarter interval.
                let mut x = s;
                while x < e - 1e-9 {
                    let x1 = (x + 0.25).min(e);
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(x, lo), (x1, hi)],
                        style::MUTED.stroke_width(1),
                    )))?;
                    x += 0.25;
                }
            }
            let size = if rows > 40 { 11.0 } else { 14.0 };
            chart.draw_series(std::iter::once(Text::new(
                format!(" {}", b.agents),
                (b.start, (lo + hi) / 2.0),
                style::bold(size)
                    .color(&style::INK)
                    .pos(plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Left,
                        plotters::style::text_anchor::VPos::Center,
                    )),
            )))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> ShiftGantt {
        ShiftGantt {
            line: "1st line".into(),
            pattern: "Mon (the busiest pattern), 4 days".into(),
            intervals: (9..13)
                .flat_map(|h| [format!("{h:02}:00"), format!("{h:02}:30")])
                .collect(),
            contracts: vec!["full-time".into(), "part-time".into()],
            bars: vec![
                ShiftBar {
                    contract: 0,
                    start: 0.0,
                    end: 8.0,
                    breaks: vec![(3.0, 4.0)],
                    agents: 12,
                },
                ShiftBar {
                    contract: 1,
                    start: 1.0,
                    end: 5.0,
                    breaks: vec![],
                    agents: 3,
                },
            ],
        }
    }

    #[test]
    fn renders_png_and_svg_with_the_agents_and_contracts() {
        let dir = tempfile::tempdir().unwrap();
        let files = render(dir.path(), "shifts_first_line", &data(), "test").unwrap();
        assert_eq!(files.len(), 2);
        let svg = std::fs::read_to_string(&files[1]).unwrap();
        for want in [
            "2 shift kinds, 15 agents",
            "full-time",
            "part-time",
            "break",
            " 12",
        ] {
            assert!(svg.contains(want), "{want} missing");
        }
    }

    #[test]
    fn a_break_outside_its_shift_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = data();
        d.bars[1].breaks.push((6.0, 7.0));
        assert!(render(dir.path(), "s", &d, "").is_err());
        d.bars[1].breaks.clear();
        d.bars[0].contract = 5;
        assert!(render(dir.path(), "s", &d, "").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
