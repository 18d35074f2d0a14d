//! Everything one replication measured: counters per (day, interval, line) and per
//! (contact type, line), wait histograms per (line, period), daily line and e-mail
//! figures. Its size depends on the horizon, never on the number of calls.

use super::{Cell, DayResponses, Histogram, LINES, LineGrid};
use crate::service_level::SlDefinition;

/// Periods a wait distribution is split into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Intervals on a day a named peak is in force (unless it is in force on every day of
    /// the horizon), or among the busiest tenth of the horizon's intervals by expected demand.
    Peak = 1,
    /// Every other interval.
    Normal = 0,
}

/// Wait-time histograms of one line in one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaitHistograms {
    /// Waits of answered calls (zeros included), seconds.
    pub answered: Histogram,
    /// Time abandoned calls waited before hanging up, seconds.
    pub abandoned: Histogram,
    /// Virtual waits of abandoned calls (what they would have waited had they been
    /// patient); for answered calls the virtual wait is the wait itself.
    pub abandoned_virtual: Histogram,
}

impl WaitHistograms {
    pub fn merge(&mut self, o: &WaitHistograms) {
        self.answered.merge(&o.answered);
        self.abandoned.merge(&o.abandoned);
        self.abandoned_virtual.merge(&o.abandoned_virtual);
    }

    /// Virtual waits of every call that reached the queue.
    pub fn virtual_wait(&self) -> Histogram {
        let mut all = self.answered.clone();
        all.merge(&self.abandoned_virtual);
        all
    }
}

/// One line's figures for one day that are not per interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DayLine {
    /// Agent-seconds worked after the end of shifts (finishing calls, draining the queue
    /// after close).
    pub overtime_s: f64,
    /// Time integral of the number of calls waiting, call-seconds (Little's law: equals
    /// the total time queued calls spent waiting).
    pub queue_area_s: f64,
    /// When the last agent of the line left, seconds since midnight (0 if none came).
    pub last_departure_s: f64,
    /// Redials that fell after close and were lost.
    pub redials_after_close: u64,
    /// Agent-seconds present but away (lines with `availability`): part of the present
    /// time, not available for calls or e-mail. Not exported; read by tests.
    pub away_s: f64,
}

/// One day's e-mail figures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EmailDay {
    /// E-mails that arrived since the previous working day's close, up to this close.
    pub received: u64,
    /// E-mails answered during this day.
    pub handled: u64,
    /// E-mails waiting, not yet picked up, at close.
    pub backlog_at_close: u64,
}

/// Everything one replication measured.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationStats {
    pub n_days: usize,
    pub n_intervals: usize,
    pub n_types: usize,
    /// `[day][slot][line]`, slot `n_intervals` holding agent time after close.
    pub cells: Vec<Cell>,
    /// `[type][line]` over the whole horizon.
    pub by_type: Vec<Cell>,
    /// `[line][period]`.
    pub waits: [[WaitHistograms; 2]; 2],
    /// `[day][line]`.
    pub days: Vec<DayLine>,
    pub email_days: Vec<EmailDay>,
    /// Response times of answered e-mails, working seconds.
    pub email_response: Histogram,
    /// `[day]`: response times of the e-mails answered that day (for per-day quantiles).
    pub email_response_days: Vec<DayResponses>,
    /// E-mails answered within the target, and e-mails decided (answered, or still open
    /// past the target at the end of the horizon).
    pub email_within_target: u64,
    pub email_decided: u64,
    /// E-mails left unanswered at the end of the horizon.
    pub email_backlog_end: u64,
    /// Busyness factor drawn for each day.
    pub busyness: Vec<f64>,
}

impl ReplicationStats {
    pub fn new(n_days: usize, n_intervals: usize, n_types: usize) -> Self {
        ReplicationStats {
            n_days,
            n_intervals,
            n_types,
            cells: vec![Cell::default(); LineGrid::new(n_intervals + 1).len(n_days)],
            by_type: vec![Cell::default(); n_types * LINES],
            waits: Default::default(),
            days: vec![DayLine::default(); n_days * LINES],
            email_days: vec![EmailDay::default(); n_days],
            email_response: Histogram::new(),
            email_response_days: vec![DayResponses::default(); n_days],
            email_within_target: 0,
            email_decided: 0,
            email_backlog_end: 0,
            busyness: vec![1.0; n_days],
        }
    }

    /// Index into `cells` of (day, slot, line); slot `n_intervals` is after close.
    #[inline]
    pub fn cell_index(&self, day: usize, slot: usize, line: usize) -> usize {
        LineGrid::new(self.n_intervals + 1).index(day, slot, line)
    }

    /// The counters of one (day, interval, line).
    pub fn cell(&self, day: usize, slot: usize, line: usize) -> &Cell {
        &self.cells[self.cell_index(day, slot, line)]
    }

    /// The share of `line`'s intervals (over every day) whose service level, counted by
    /// `def` at threshold index `k`, is at least `at_least`; intervals where it is
    /// undefined (no call reached the queue) are not counted. NaN when none counts.
    pub fn intervals_meeting(
        &self,
        line: usize,
        def: SlDefinition,
        k: usize,
        at_least: f64,
    ) -> f64 {
        let (mut met, mut counted) = (0u32, 0u32);
        for day in 0..self.n_days {
            for i in 0..self.n_intervals {
                let sl = self.cell(day, i, line).service_level(def, k);
                if !sl.is_nan() {
                    counted += 1;
                    met += (sl >= at_least) as u32;
                }
            }
        }
        if counted > 0 {
            met as f64 / counted as f64
        } else {
            f64::NAN
        }
    }

    /// One line's counters summed over the horizon (after-close agent time included).
    pub fn line_total(&self, line: usize) -> Cell {
        let mut total = Cell::default();
        for c in self.cells.iter().skip(line).step_by(2) {
            total.add(c);
        }
        total
    }

    /// One line's counters summed over one day.
    pub fn day_total(&self, day: usize, line: usize) -> Cell {
        let mut total = Cell::default();
        for slot in 0..=self.n_intervals {
            total.add(self.cell(day, slot, line));
        }
        total
    }

    /// One line's wait histograms over both periods.
    pub fn waits_all(&self, line: usize) -> WaitHistograms {
        let mut all = self.waits[line][0].clone();
        all.merge(&self.waits[line][1]);
        all
    }
}
