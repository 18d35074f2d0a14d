//! Estimates across replications for a whole run: per line, per (day, interval, line), per
//! (day, line), per (contact type, line), e-mail, and the pooled wait distributions.
//!
//! Replications are added one at a time in replication order; each figure is computed per
//! replication first (a ratio of that replication's counts) and then averaged, so the
//! intervals are those of independent replications (Student t, 95%).

use super::replication::WaitHistograms;
use super::{Cell, Estimate, Histogram, LINES, LineGrid, ReplicationStats, Welford, by_line};
use crate::service_level::SlDefinition;

/// Quantiles reported for wait distributions.
pub const WAIT_QUANTILES: [(&str, f64); 5] = [
    ("p50", 0.50),
    ("p80", 0.80),
    ("p90", 0.90),
    ("p95", 0.95),
    ("p99", 0.99),
];

/// The figures read from a cell, in a fixed order shared by every table.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureNames {
    pub names: Vec<String>,
    /// Waiting-time thresholds, seconds, in the order of the `sl_<T>s` figures.
    pub thresholds: Vec<f64>,
    pub definition: SlDefinition,
}

/// Index of each base figure in a figure vector.
pub mod fig {
    pub const CALLS_OFFERED: usize = 0;
    pub const CALLS_SELF_SERVED: usize = 1;
    pub const CALLS_BLOCKED: usize = 2;
    pub const CALLS_ANSWERED: usize = 3;
    pub const CALLS_ABANDONED: usize = 4;
    pub const REDIALS: usize = 5;
    pub const P_WAIT: usize = 6;
    pub const ASA_S: usize = 7;
    pub const MEAN_WAIT_S: usize = 8;
    pub const ABANDONMENT_RATE: usize = 9;
    pub const OCCUPANCY: usize = 10;
    pub const AGENTS_AVAILABLE: usize = 11;
    /// First service-level figure; one per threshold follows.
    pub const SL_FIRST: usize = 12;
    pub const BASE: [&str; 12] = [
        "calls_offered",
        "calls_self_served",
        "calls_blocked",
        "calls_answered",
        "calls_abandoned",
        "redials",
        "p_wait",
        "asa_s",
        "mean_wait_s",
        "abandonment_rate",
        "occupancy",
        "agents_available",
    ];
}

/// Formats a threshold as used in keys: `60` for 60 s, `7.5` for 7.5 s.
pub fn threshold_key(t: f64) -> String {
    if t.fract() == 0.0 {
        format!("{}", t as i64)
    } else {
        format!("{t}")
    }
}

impl FigureNames {
    pub fn new(thresholds: &[f64], definition: SlDefinition) -> Self {
        let mut names: Vec<String> = fig::BASE.iter().map(|s| s.to_string()).collect();
        names.extend(
            thresholds
                .iter()
                .map(|&t| format!("sl_{}s", threshold_key(t))),
        );
        FigureNames {
            names,
            thresholds: thresholds.to_vec(),
            definition,
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The figures of `cell`; `span_s` is the time the cell covers (for the mean number of
    /// agents available).
    pub fn compute(&self, cell: &Cell, span_s: f64, out: &mut Vec<f64>) {
        let f = cell.figures();
        out.clear();
        out.extend_from_slice(&[
            cell.offered as f64,
            cell.self_served as f64,
            cell.blocked as f64,
            cell.answered as f64,
            cell.abandoned as f64,
            cell.redials as f64,
            f.p_wait,
            f.asa_s,
            f.mean_wait_s,
            f.abandonment_rate,
            f.occupancy,
            cell.available_s / span_s,
        ]);
        out.extend((0..self.thresholds.len()).map(|k| cell.service_level(self.definition, k)));
    }
}

/// Welford accumulators for one vector of figures.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureAcc(pub Vec<Welford>);

impl FigureAcc {
    fn new(n: usize) -> Self {
        FigureAcc(vec![Welford::default(); n])
    }

    fn push(&mut self, values: &[f64]) {
        for (w, &v) in self.0.iter_mut().zip(values) {
            w.push(v);
        }
    }

    pub fn estimate(&self, i: usize) -> Estimate {
        self.0[i].estimate()
    }
}

/// Line-level accumulators over the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct LineAcc {
    pub figures: FigureAcc,
    /// `[definition][threshold]` service levels.
    pub service_levels: Vec<Vec<Welford>>,
    /// Quantiles of answered calls' waits, in `WAIT_QUANTILES` order.
    pub wait_quantiles: Vec<Welford>,
    /// Overtime agent-hours per day.
    pub overtime_h_per_day: Welford,
    /// Little's law check: time-average queue length × horizon vs total queued time.
    pub queue_area_s: Welford,
    pub wait_all_s: Welford,
    /// Share of intervals meeting the service-level target (if any).
    pub intervals_meeting_target: Welford,
}

/// E-mail accumulators.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EmailAcc {
    pub received: Welford,
    pub handled: Welford,
    pub backlog_end: Welford,
    pub within_target: Welford,
    /// Response-time quantiles, working hours.
    pub response_quantiles_h: Vec<Welford>,
    pub mean_response_h: Welford,
    /// `[day]`: the day's figures.
    pub days: Vec<EmailDayAcc>,
    pub pooled_response: Histogram,
}

/// One day's e-mail accumulators (per replication, then across replications).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EmailDayAcc {
    /// E-mails that arrived since the previous working day's close, up to this close.
    pub received: Welford,
    /// E-mails answered during the day.
    pub handled: Welford,
    /// E-mails waiting, not yet picked up, at close.
    pub backlog_at_close: Welford,
    /// Mean response time of the day's answered e-mails, working hours.
    pub mean_response_h: Welford,
    /// Response-time quantiles of the day's answered e-mails, working hours, in
    /// `WAIT_QUANTILES` order (read off [`DayResponses`](super::DayResponses)).
    pub response_quantiles_h: [Welford; WAIT_QUANTILES.len()],
}

/// Everything a run estimated.
#[derive(Debug, Clone, PartialEq)]
pub struct RunStats {
    pub replications: u32,
    pub n_days: usize,
    pub n_intervals: usize,
    pub n_types: usize,
    pub interval_s: f64,
    /// Open seconds of each day: the span of its day-level figures (a day with shorter
    /// hours than the week's envelope covers only its own).
    pub day_open_s: Vec<f64>,
    pub names: FigureNames,
    /// Index into the thresholds of the target's, if any.
    pub target_threshold: Option<usize>,
    /// Target service level (`at_least`), if any, for the per-interval share.
    pub target_at_least: Option<f64>,
    pub lines: [LineAcc; 2],
    /// `[day][interval][line]` (no after-close slot: its agent time is in `days`).
    pub intervals: Vec<FigureAcc>,
    /// `[day][line]`.
    pub days: Vec<FigureAcc>,
    /// `[type][line]`.
    pub types: Vec<FigureAcc>,
    /// `[line][period]`, pooled over replications.
    pub waits: [[WaitHistograms; 2]; 2],
    pub email: EmailAcc,
    /// Headline figures of each replication, for the spread: `[line]` figure vectors.
    pub per_replication: Vec<[Vec<f64>; 2]>,
    /// Whether each replication kept offered = self-served + blocked + answered +
    /// abandoned on both lines (a bookkeeping invariant; always true).
    pub conservation_held: bool,
}

/// The dimensions and definitions a run's estimates are shaped by.
#[derive(Debug, Clone, PartialEq)]
pub struct RunShape {
    pub n_days: usize,
    pub n_intervals: usize,
    pub n_types: usize,
    pub interval_s: f64,
    /// Open seconds of each day, `n_days` of them.
    pub day_open_s: Vec<f64>,
    /// Waiting-time thresholds counted, seconds.
    pub thresholds: Vec<f64>,
    /// The definition of the per-interval `sl_<T>s` figures.
    pub definition: SlDefinition,
    /// Index into `thresholds` of the service-level target's threshold, if any.
    pub target_threshold: Option<usize>,
    /// The service-level target's `at_least`, if any.
    pub target_at_least: Option<f64>,
}

impl RunStats {
    pub fn new(shape: &RunShape) -> Self {
        let RunShape {
            n_days,
            n_intervals,
            n_types,
            interval_s,
            ref day_open_s,
            ref thresholds,
            definition,
            target_threshold,
            target_at_least,
        } = *shape;
        let names = FigureNames::new(thresholds, definition);
        let k = names.len();
        let line = || LineAcc {
            figures: FigureAcc::new(k),
            service_levels: vec![
                vec![Welford::default(); thresholds.len()];
                SlDefinition::ALL.len()
            ],
            wait_quantiles: vec![Welford::default(); WAIT_QUANTILES.len()],
            overtime_h_per_day: Welford::default(),
            queue_area_s: Welford::default(),
            wait_all_s: Welford::default(),
            intervals_meeting_target: Welford::default(),
        };
        RunStats {
            replications: 0,
            n_days,
            n_intervals,
            n_types,
            interval_s,
            day_open_s: day_open_s.clone(),
            names,
            target_threshold,
            target_at_least,
            lines: [line(), line()],
            intervals: vec![FigureAcc::new(k); LineGrid::new(n_intervals).len(n_days)],
            days: vec![FigureAcc::new(k); n_days * LINES],
            types: vec![FigureAcc::new(k); n_types * LINES],
            waits: Default::default(),
            email: EmailAcc {
                response_quantiles_h: vec![Welford::default(); WAIT_QUANTILES.len()],
                days: vec![Default::default(); n_days],
                pooled_response: Histogram::new(),
                ..Default::default()
            },
            per_replication: Vec::new(),
            conservation_held: true,
        }
    }

    /// Index into `intervals` of (day, interval, line).
    pub fn interval_index(&self, day: usize, interval: usize, line: usize) -> usize {
        LineGrid::new(self.n_intervals).index(day, interval, line)
    }

    /// Adds one replication. Must be called in replication order.
    pub fn add(&mut self, r: &ReplicationStats) {
        self.replications += 1;
        let mut buf = Vec::with_capacity(self.names.len());
        let horizon_s: f64 = self.day_open_s.iter().sum();

        for day in 0..self.n_days {
            for i in 0..self.n_intervals {
                for line in 0..2 {
                    self.names
                        .compute(r.cell(day, i, line), self.interval_s, &mut buf);
                    let idx = self.interval_index(day, i, line);
                    self.intervals[idx].push(&buf);
                }
            }
            for line in 0..2 {
                self.names
                    .compute(&r.day_total(day, line), self.day_open_s[day], &mut buf);
                self.days[by_line(day, line)].push(&buf);
            }
        }
        for ty in 0..self.n_types {
            for line in 0..2 {
                self.names
                    .compute(&r.by_type[by_line(ty, line)], horizon_s, &mut buf);
                self.types[by_line(ty, line)].push(&buf);
            }
        }

        let mut headline: [Vec<f64>; 2] = Default::default();
        for (line, headline) in headline.iter_mut().enumerate() {
            let total = r.line_total(line);
            let conserved = total.offered
                == total.self_served + total.blocked + total.answered + total.abandoned;
            self.conservation_held &= conserved;
            self.names.compute(&total, horizon_s, &mut buf);
            let acc = &mut self.lines[line];
            acc.figures.push(&buf);
            *headline = buf.clone();
            for (d, def) in SlDefinition::ALL.iter().enumerate() {
                for k in 0..self.names.thresholds.len() {
                    acc.service_levels[d][k].push(total.service_level(*def, k));
                }
            }
            let waits = r.waits_all(line);
            for (j, (_, q)) in WAIT_QUANTILES.iter().enumerate() {
                acc.wait_quantiles[j].push(waits.answered.quantile(*q));
            }
            let days = (0..self.n_days).map(|d| r.days[by_line(d, line)]);
            let (overtime, area) = days.fold((0.0, 0.0), |(o, a), d| {
                (o + d.overtime_s, a + d.queue_area_s)
            });
            acc.overtime_h_per_day
                .push(overtime / 3600.0 / self.n_days as f64);
            acc.queue_area_s.push(area);
            acc.wait_all_s.push(total.wait_all_s);
            if let (Some(k), Some(at_least)) = (self.target_threshold, self.target_at_least) {
                // NaN (no interval counted) is skipped by the accumulator.
                acc.intervals_meeting_target.push(r.intervals_meeting(
                    line,
                    self.names.definition,
                    k,
                    at_least,
                ));
            }
            for period in 0..2 {
                self.waits[line][period].merge(&r.waits[line][period]);
            }
        }
        self.per_replication.push(headline);

        let e = &mut self.email;
        let received: u64 = r.email_days.iter().map(|d| d.received).sum();
        let handled: u64 = r.email_days.iter().map(|d| d.handled).sum();
        e.received.push(received as f64);
        e.handled.push(handled as f64);
        e.backlog_end.push(r.email_backlog_end as f64);
        e.within_target.push(if r.email_decided > 0 {
            r.email_within_target as f64 / r.email_decided as f64
        } else {
            f64::NAN
        });
        for (j, (_, q)) in WAIT_QUANTILES.iter().enumerate() {
            e.response_quantiles_h[j].push(r.email_response.quantile(*q) / 3600.0);
        }
        e.mean_response_h.push(r.email_response.mean() / 3600.0);
        for ((acc, d), resp) in e
            .days
            .iter_mut()
            .zip(&r.email_days)
            .zip(&r.email_response_days)
        {
            acc.received.push(d.received as f64);
            acc.handled.push(d.handled as f64);
            acc.backlog_at_close.push(d.backlog_at_close as f64);
            acc.mean_response_h.push(resp.mean_h());
            for (w, (_, q)) in acc.response_quantiles_h.iter_mut().zip(WAIT_QUANTILES) {
                w.push(resp.quantile_h(q));
            }
        }
        e.pooled_response.merge(&r.email_response);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The largest horizon validation accepts, before demand factors: 10,000,000 calls a
    /// day over 2,000 working days, read through the scenario reader.
    fn largest_horizon() -> (u64, usize) {
        let yaml = format!(
            "name: limits\n\
             calendar: {{start: 2024-01-01, days: 2000, holidays: none, open: \"08:00\", close: \"09:00\", interval_min: 60}}\n\
             demand: {{calls_per_day: {}, intraday_profile: flat}}\n\
             contact_types:\n  - {{name: all, share: 1.0, first_line: {{handle: {{dist: exponential, mean_s: 1}}}}}}\n\
             lines: {{first: {{shifts: [{{start: \"08:00\", end: \"09:00\", agents: 1}}]}}}}\n",
            crate::scenario::MAX_CALLS_PER_DAY
        );
        let sc = crate::scenario::parse_str(&yaml, "limits.yaml").expect("at the limits");
        (
            sc.demand.calls_per_day as u64,
            sc.calendar.working_days.len(),
        )
    }

    #[test]
    fn horizon_totals_hold_the_largest_demand_validation_accepts() {
        let (per_day, days) = largest_horizon();
        assert_eq!((per_day, days), (10_000_000, 2000));
        let mut r = ReplicationStats::new(days, 1, 1);
        for d in 0..days {
            let i = r.cell_index(d, 0, 0);
            let c = &mut r.cells[i];
            (c.offered, c.answered, c.answered_band[0]) = (per_day, per_day, per_day);
            r.by_type[0].add(&r.cells[i].clone());
            r.email_days[d].received = per_day;
            r.email_days[d].handled = per_day;
        }
        let expected = per_day * days as u64;
        assert!(
            expected > u64::from(u32::MAX),
            "the limit fits u32: test it elsewhere"
        );
        let total = r.line_total(0);
        assert_eq!(total.offered, expected);
        assert_eq!(total.answered_within(0), expected);
        assert_eq!(r.by_type[0].answered, expected);

        let mut run = RunStats::new(&RunShape {
            n_days: days,
            n_intervals: 1,
            n_types: 1,
            interval_s: 3600.0,
            day_open_s: vec![3600.0; days],
            thresholds: vec![20.0],
            definition: SlDefinition::Offered,
            target_threshold: None,
            target_at_least: None,
        });
        run.add(&r);
        assert!(run.conservation_held);
        let line = &run.lines[0];
        assert_eq!(
            line.figures.estimate(fig::CALLS_OFFERED).mean,
            expected as f64
        );
        assert_eq!(
            run.types[0].estimate(fig::CALLS_ANSWERED).mean,
            expected as f64
        );
        assert_eq!(line.service_levels[0][0].estimate().mean, 1.0);
        assert_eq!(run.email.received.estimate().mean, expected as f64);
    }
}
