//! The plain inputs of the charts: one struct per chart, with everything the chart shows
//! and nothing from the engine. An adapter fills them from the run's tables.
//!
//! Conventions: shares (service level, occupancy, shares of calls) are fractions 0–1 and
//! are drawn as percentages; per-interval vectors are as long as `intervals`; `None` marks
//! a value that is undefined (e.g. the service level of an interval no call reached) and
//! leaves a gap. Labels are shown as given, so they may carry accents
//! ("1.ª linha — atendimento").
//!
//! When a struct changes, update the chart that draws it (`src/charts/<chart>.rs`), the
//! adapter that fills it, and `tests/it/charts.rs`.

use anyhow::{Context, Result, ensure};

/// Everything [`render_all`](super::render_all) draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSet {
    /// A short note printed at the bottom right of every chart, naming the run (scenario,
    /// replications, seed), so a chart copied into a report still says where it came
    /// from. Empty for none.
    pub note: String,
    /// The charts of the 1st line.
    pub first_line: LineCharts,
    /// The charts of the 2nd line; `None` when the scenario has no 2nd line.
    pub second_line: Option<LineCharts>,
    /// Occupancy per interval of every line, on one chart.
    pub occupancy: OccupancyByInterval,
    /// The e-mail backlog; `None` when the scenario has no e-mail.
    pub email: Option<EmailBacklog>,
}

/// The charts drawn for one line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineCharts {
    /// Waits of answered calls, peak against normal periods.
    pub waits: WaitDistribution,
    /// Service level per interval on the busiest and the average day.
    pub service_level: ServiceLevelByInterval,
    /// Offered, answered and abandoned calls per interval.
    pub calls: CallsByInterval,
    /// Agents available against agents required per interval.
    pub staffing: StaffingByInterval,
    /// Service level of every interval of the horizon, day × interval.
    pub heatmap: ServiceLevelHeatmap,
}

/// One bar of a wait histogram: the share of answered calls that waited at least `from_s`
/// and less than `to_s` seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// Lower edge, s (inclusive).
    pub from_s: f64,
    /// Upper edge, s (exclusive).
    pub to_s: f64,
    /// Share of all answered calls of the period, 0–1.
    pub share: f64,
}

/// Waits of the answered calls of one kind of period.
///
/// `at_once`, the bins and `overflow` together hold every answered call: they add up to 1,
/// or are all 0 when no call was answered in such a period.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitHistogram {
    /// Share of answered calls that did not wait at all (0 s), 0–1. It is written in the
    /// legend and starts the cumulative curve rather than drawn as a bar that would dwarf
    /// the others.
    pub at_once: f64,
    /// Waits above 0 s, in consecutive bins starting at 0 s, in increasing order (each
    /// bin's `from_s` is the previous bin's `to_s`), e.g. 10 s wide up to 180 s.
    pub bins: Vec<Bin>,
    /// Share of answered calls that waited the last bin's `to_s` or longer, 0–1.
    pub overflow: f64,
    /// How many (day, interval) cells of the horizon are of this kind of period; 0 when
    /// there are none (a named peak covering the whole horizon leaves no normal period).
    pub intervals: usize,
}

/// Chart 1: the distribution of waits at peak against normal periods.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitDistribution {
    /// The line's name, e.g. "1.ª linha — atendimento".
    pub line: String,
    /// The service-level threshold, s: a vertical line on both panels.
    pub threshold_s: f64,
    /// The target share of answered calls within the threshold, 0–1: a horizontal line on
    /// the cumulative panel. `None` without a service-level target.
    pub target: Option<f64>,
    /// Waits in peak periods (intervals flagged `peak_period`).
    pub peak: WaitHistogram,
    /// Waits in the other intervals.
    pub normal: WaitHistogram,
}

/// Estimates over replications for each point of a series: the mean and the bounds of its
/// 95% confidence interval, `None` where undefined. The three vectors have one entry per
/// point.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Estimates {
    /// Mean over replications.
    pub mean: Vec<Option<f64>>,
    /// Lower bound of the 95% confidence interval of the mean.
    pub low: Vec<Option<f64>>,
    /// Upper bound of the 95% confidence interval of the mean.
    pub high: Vec<Option<f64>>,
}

/// The service level per interval of one day.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceLevelDay {
    /// Which day, shown as the panel's title, e.g. "Busiest day — Mon 22 Jan 2024".
    pub label: String,
    /// Service level per interval, 0–1.
    pub service_level: Estimates,
}

/// Chart 2: service level per interval, busiest day and average day.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceLevelByInterval {
    /// The line's name.
    pub line: String,
    /// Start of each interval of the day, e.g. "08:00".
    pub intervals: Vec<String>,
    /// Threshold of the service level, s.
    pub threshold_s: f64,
    /// How the service level is counted, in words, e.g. "answered within 60 s / calls
    /// reaching the queue".
    pub definition: String,
    /// The target service level, 0–1, drawn as a horizontal line; `None` without one.
    pub target: Option<f64>,
    /// The busiest day of the horizon.
    pub busiest: ServiceLevelDay,
    /// Each interval averaged over the horizon's working days.
    pub average: ServiceLevelDay,
}

/// Chart 3: calls offered, answered and abandoned per interval of one day, with the calls
/// the menu served and the calls the switch blocked, so that every offered call is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct CallsByInterval {
    /// The line's name.
    pub line: String,
    /// Which day the counts describe, e.g. "average working day".
    pub day: String,
    /// Start of each interval of the day.
    pub intervals: Vec<String>,
    /// Calls offered to the line per interval (mean over replications).
    pub offered: Vec<f64>,
    /// Calls answered per interval.
    pub answered: Vec<f64>,
    /// Calls abandoned per interval.
    pub abandoned: Vec<f64>,
    /// Calls served by the automatic menu per interval (0 on a line without a menu).
    pub self_served: Vec<f64>,
    /// Calls that found every trunk busy per interval.
    pub blocked: Vec<f64>,
}

/// Chart 4: agents available against agents required per interval of one day.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffingByInterval {
    /// The line's name.
    pub line: String,
    /// Which day, e.g. "busiest day — Mon 22 Jan 2024".
    pub day: String,
    /// How `required` is sized, read after "required by", e.g. "Erlang A for 80% within 60 s".
    pub requirement: String,
    /// Start of each interval of the day.
    pub intervals: Vec<String>,
    /// Agents present per interval (mean).
    pub available: Vec<f64>,
    /// Fewest agents meeting the requirement per interval.
    pub required: Vec<f64>,
}

/// Chart 5: the service level of every interval of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceLevelHeatmap {
    /// The line's name.
    pub line: String,
    /// Each working day of the horizon (rows, top to bottom), e.g. "Mon 08 Jan".
    pub days: Vec<String>,
    /// Start of each interval of the day (columns).
    pub intervals: Vec<String>,
    /// Threshold of the service level, s.
    pub threshold_s: f64,
    /// The target, 0–1: the colour scale turns from red to green there. Without one the
    /// scale is centred on 80% and says so.
    pub target: Option<f64>,
    /// Mean service level, 0–1, per day (outer) and interval (inner); `None` where no
    /// call reached the queue (drawn grey).
    pub values: Vec<Vec<Option<f64>>>,
}

/// The occupancy of one line per interval.
#[derive(Debug, Clone, PartialEq)]
pub struct LineOccupancy {
    /// The line's name.
    pub line: String,
    /// Occupancy per interval, 0–1.
    pub occupancy: Estimates,
}

/// Chart 6a: occupancy per interval of every line.
#[derive(Debug, Clone, PartialEq)]
pub struct OccupancyByInterval {
    /// Which day, e.g. "average working day".
    pub day: String,
    /// Start of each interval of the day.
    pub intervals: Vec<String>,
    /// One series per line (one or two).
    pub lines: Vec<LineOccupancy>,
    /// Highest acceptable occupancy, 0–1, drawn as a line; `None` without such a target.
    pub max_target: Option<f64>,
}

/// Chart 6b: the e-mail backlog across the horizon's working days.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailBacklog {
    /// Each working day, e.g. "Mon 08 Jan".
    pub days: Vec<String>,
    /// E-mails waiting, not yet picked up, at each day's close.
    pub backlog_at_close: Estimates,
    /// E-mails received per day (mean).
    pub received: Vec<f64>,
    /// E-mails answered per day (mean).
    pub handled: Vec<f64>,
}

// Checks: each chart checks its input first, so a malformed struct is an error naming the
// field rather than a panic or a silently wrong picture.

fn check_share(what: &str, x: f64) -> Result<()> {
    ensure!(
        x.is_finite() && (-1e-9..=1.0 + 1e-9).contains(&x),
        "{what} = {x} is not a share from 0 to 1"
    );
    Ok(())
}

fn check_len(what: &str, len: usize, expected: usize) -> Result<()> {
    ensure!(
        len == expected,
        "{what} has {len} values, expected {expected} (one per point)"
    );
    Ok(())
}

fn check_counts(what: &str, values: &[f64], expected: usize) -> Result<()> {
    check_len(what, values.len(), expected)?;
    if let Some(x) = values.iter().find(|x| !x.is_finite() || **x < 0.0) {
        anyhow::bail!("{what} holds {x}, not a count ≥ 0");
    }
    Ok(())
}

impl ChartSet {
    /// Checks every chart's input, naming the chart and line of the first problem.
    pub fn check(&self) -> Result<()> {
        let lines = [Some(&self.first_line), self.second_line.as_ref()];
        for l in lines.into_iter().flatten() {
            let w = &l.waits;
            w.check()
                .with_context(|| format!("wait distribution of {}", w.line))?;
            let s = &l.service_level;
            s.check()
                .with_context(|| format!("service level by interval of {}", s.line))?;
            let c = &l.calls;
            c.check()
                .with_context(|| format!("calls by interval of {}", c.line))?;
            let st = &l.staffing;
            st.check()
                .with_context(|| format!("staffing by interval of {}", st.line))?;
            let h = &l.heatmap;
            h.check()
                .with_context(|| format!("service-level heat map of {}", h.line))?;
        }
        self.occupancy.check().context("occupancy by interval")?;
        if let Some(e) = &self.email {
            e.check().context("e-mail backlog")?;
        }
        Ok(())
    }
}

impl WaitHistogram {
    /// Share of answered calls that waited at most `t_s` seconds, read off the bins with
    /// linear interpolation inside a bin; `None` beyond the last bin or without calls.
    pub fn share_within(&self, t_s: f64) -> Option<f64> {
        if self.total() <= 0.0 {
            return None;
        }
        let mut cum = self.at_once;
        for b in &self.bins {
            if t_s < b.to_s {
                let part = ((t_s - b.from_s) / (b.to_s - b.from_s)).clamp(0.0, 1.0);
                return Some(cum + part * b.share);
            }
            cum += b.share;
        }
        (self.bins.last().is_some_and(|b| t_s <= b.to_s)).then_some(cum)
    }

    /// Sum of every share: 1, or 0 without answered calls.
    pub fn total(&self) -> f64 {
        self.at_once + self.bins.iter().map(|b| b.share).sum::<f64>() + self.overflow
    }

    fn check(&self, what: &str) -> Result<()> {
        ensure!(!self.bins.is_empty(), "{what}.bins is empty");
        check_share(&format!("{what}.at_once"), self.at_once)?;
        check_share(&format!("{what}.overflow"), self.overflow)?;
        let mut edge = 0.0;
        for (i, b) in self.bins.iter().enumerate() {
            check_share(&format!("{what}.bins[{i}].share"), b.share)?;
            ensure!(
                b.from_s == edge && b.to_s > b.from_s && b.to_s.is_finite(),
                "{what}.bins[{i}] is [{}, {}) s; bins must be consecutive from 0 s",
                b.from_s,
                b.to_s
            );
            edge = b.to_s;
        }
        let total = self.total();
        ensure!(
            total == 0.0 || (total - 1.0).abs() <= 1e-3,
            "{what}: at_once + bins + overflow add up to {total}, not 1 (or 0 without calls)"
        );
        Ok(())
    }
}

impl WaitDistribution {
    /// Checks the shares, the bins and that both histograms share their bin edges.
    pub fn check(&self) -> Result<()> {
        ensure!(
            self.threshold_s.is_finite() && self.threshold_s > 0.0,
            "threshold_s = {} must be > 0",
            self.threshold_s
        );
        if let Some(t) = self.target {
            check_share("target", t)?;
        }
        self.peak.check("peak")?;
        self.normal.check("normal")?;
        let edges = |h: &WaitHistogram| {
            h.bins
                .iter()
                .map(|b| (b.from_s, b.to_s))
                .collect::<Vec<_>>()
        };
        ensure!(
            edges(&self.peak) == edges(&self.normal),
            "peak and normal must have the same bins"
        );
        Ok(())
    }
}

impl Estimates {
    /// Checks there are `n` points; with `shares`, that every value is a share 0–1.
    pub fn check(&self, what: &str, n: usize, shares: bool) -> Result<()> {
        for (name, v) in [
            ("mean", &self.mean),
            ("low", &self.low),
            ("high", &self.high),
        ] {
            check_len(&format!("{what}.{name}"), v.len(), n)?;
            for (i, x) in v.iter().enumerate() {
                let Some(x) = *x else { continue };
                let at = format!("{what}.{name}[{i}]");
                if shares {
                    check_share(&at, x)?;
                } else {
                    ensure!(x.is_finite() && x >= 0.0, "{at} = {x} is not a count ≥ 0");
                }
            }
        }
        Ok(())
    }
}

impl ServiceLevelByInterval {
    /// Checks both days have one share per interval.
    pub fn check(&self) -> Result<()> {
        let n = self.intervals.len();
        ensure!(n > 0, "intervals is empty");
        if let Some(t) = self.target {
            check_share("target", t)?;
        }
        self.busiest
            .service_level
            .check("busiest.service_level", n, true)?;
        self.average
            .service_level
            .check("average.service_level", n, true)
    }
}

impl CallsByInterval {
    /// Checks one count ≥ 0 per interval in each series.
    pub fn check(&self) -> Result<()> {
        let n = self.intervals.len();
        ensure!(n > 0, "intervals is empty");
        check_counts("offered", &self.offered, n)?;
        check_counts("answered", &self.answered, n)?;
        check_counts("abandoned", &self.abandoned, n)?;
        check_counts("self_served", &self.self_served, n)?;
        check_counts("blocked", &self.blocked, n)
    }
}

impl StaffingByInterval {
    /// Checks one count ≥ 0 per interval in each series.
    pub fn check(&self) -> Result<()> {
        let n = self.intervals.len();
        ensure!(n > 0, "intervals is empty");
        check_counts("available", &self.available, n)?;
        check_counts("required", &self.required, n)
    }
}

impl ServiceLevelHeatmap {
    /// Checks one row per day and one share per interval in each row.
    pub fn check(&self) -> Result<()> {
        ensure!(!self.days.is_empty(), "days is empty");
        ensure!(!self.intervals.is_empty(), "intervals is empty");
        if let Some(t) = self.target {
            check_share("target", t)?;
        }
        check_len("values", self.values.len(), self.days.len())?;
        for (d, row) in self.values.iter().enumerate() {
            check_len(&format!("values[{d}]"), row.len(), self.intervals.len())?;
            for (i, x) in row.iter().enumerate() {
                if let Some(x) = *x {
                    check_share(&format!("values[{d}][{i}]"), x)?;
                }
            }
        }
        Ok(())
    }
}

impl OccupancyByInterval {
    /// Checks one or more lines, each with one share per interval.
    pub fn check(&self) -> Result<()> {
        let n = self.intervals.len();
        ensure!(n > 0, "intervals is empty");
        ensure!(!self.lines.is_empty(), "lines is empty");
        if let Some(t) = self.max_target {
            check_share("max_target", t)?;
        }
        for (i, l) in self.lines.iter().enumerate() {
            l.occupancy
                .check(&format!("lines[{i}].occupancy"), n, true)?;
        }
        Ok(())
    }
}

impl EmailBacklog {
    /// Checks one count ≥ 0 per day in each series.
    pub fn check(&self) -> Result<()> {
        let n = self.days.len();
        ensure!(n > 0, "days is empty");
        self.backlog_at_close.check("backlog_at_close", n, false)?;
        check_counts("received", &self.received, n)?;
        check_counts("handled", &self.handled, n)
    }
}
