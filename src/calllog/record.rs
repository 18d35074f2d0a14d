//! The in-memory call log: one [`CallRecord`] per call, agents and call types interned.

use std::collections::BTreeMap;

use jiff::civil::Date;

/// How a call ended, as the log says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// Served by an agent.
    Answered,
    /// Hung up: in the queue (an abandonment) or, without a queue entry, in the menu.
    Abandoned,
    /// Anything else the log records (the bank's PHANTOM calls, transfers out, …).
    Other,
}

/// One call that reached the system. All times are seconds since midnight of `date`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallRecord {
    pub date: Date,
    /// When the call reached the system (menu entry when there is a menu, else queue entry).
    pub arrival_s: f64,
    /// Menu (IVR) entry and exit, when the log has them and the call used the menu.
    pub ivr_entry_s: Option<f64>,
    pub ivr_exit_s: Option<f64>,
    /// Queue entry and exit; `None` when the call never queued (answered at once, or it
    /// ended in the menu).
    pub queue_start_s: Option<f64>,
    pub queue_exit_s: Option<f64>,
    pub outcome: Outcome,
    /// Service start and end, for answered calls.
    pub service_start_s: Option<f64>,
    pub service_end_s: Option<f64>,
    /// Index into [`CallLog::agents`]; `None` when no agent is recorded.
    pub agent: Option<u32>,
    /// Caller identity when the log has one (0 / empty in the source = unknown = `None`).
    pub caller: Option<u64>,
    /// Index into [`CallLog::types`]; `None` when the log has no call type.
    pub call_type: Option<u16>,
    /// 1-based line of the source file the record came from (row number for Parquet).
    pub source_line: u64,
}

impl CallRecord {
    /// The moment the caller started to seek an agent: queue entry if queued, else the
    /// service start (answered without queueing), else `None` (ended in the menu).
    pub fn seek_s(&self) -> Option<f64> {
        self.queue_start_s.or(match self.outcome {
            Outcome::Answered => self.service_start_s,
            _ => None,
        })
    }

    /// Time spent waiting for an agent, seconds (0 when answered without queueing);
    /// `None` for calls that never sought an agent.
    pub fn wait_s(&self) -> Option<f64> {
        match (self.queue_start_s, self.queue_exit_s) {
            (Some(a), Some(b)) => Some((b - a).max(0.0)),
            _ => self.seek_s().map(|_| 0.0),
        }
    }

    /// Handling time, seconds, for answered calls with both service times.
    pub fn handle_s(&self) -> Option<f64> {
        match (self.service_start_s, self.service_end_s) {
            (Some(a), Some(b)) => Some((b - a).max(0.0)),
            _ => None,
        }
    }
}

/// Why a row of the log is not used by the model. Each is counted, never dropped silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Excluded {
    /// The log's own "phantom" calls (the bank's PHANTOM outcome).
    Phantom,
    /// Marked answered but with no agent recorded (the bank's `NO_SERVER` service rows).
    ServiceWithoutAgent,
    /// Marked answered but without both service times.
    AnsweredWithoutService,
    /// Dated outside the window asked for (`ccplan fit --from/--to`): usable, set aside.
    OutsideDates,
}

impl Excluded {
    /// Key used in reports and JSON (`phantom`, `service_without_agent`, …).
    pub fn key(self) -> &'static str {
        match self {
            Excluded::Phantom => "phantom",
            Excluded::ServiceWithoutAgent => "service_without_agent",
            Excluded::AnsweredWithoutService => "answered_without_service",
            Excluded::OutsideDates => "outside_dates",
        }
    }
}

/// A whole call log: usable records sorted by (date, arrival), the rest counted by kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallLog {
    /// Records the model can use, sorted by date, then arrival time, then source line.
    pub records: Vec<CallRecord>,
    /// Agent names, indexed by [`CallRecord::agent`].
    pub agents: Vec<String>,
    /// Call-type names, indexed by [`CallRecord::call_type`].
    pub types: Vec<String>,
    /// Rows read but not usable, by reason.
    pub excluded: BTreeMap<Excluded, u64>,
    /// Rows read in all (usable + excluded).
    pub rows_read: u64,
    /// The files read, in order.
    pub files: Vec<String>,
}

impl CallLog {
    /// Distinct dates in the log, ascending.
    pub fn dates(&self) -> Vec<Date> {
        let mut d: Vec<Date> = self.records.iter().map(|r| r.date).collect();
        d.dedup();
        d
    }

    /// Keeps the records dated from `from` to `to` (inclusive; `None` leaves that end
    /// open) and counts the others as [`Excluded::OutsideDates`], so held-out days are
    /// never fitted and the report says how many calls were set aside.
    pub fn keep_dates(&mut self, from: Option<Date>, to: Option<Date>) {
        let before = self.records.len();
        self.records
            .retain(|r| from.is_none_or(|f| r.date >= f) && to.is_none_or(|t| r.date <= t));
        let set_aside = (before - self.records.len()) as u64;
        if set_aside > 0 {
            *self.excluded.entry(Excluded::OutsideDates).or_default() += set_aside;
        }
    }
}
