//! One date of a log as a trace: the callers who sought an agent and the agents on duty.

use jiff::civil::Date;

use super::sessions::{Session, sessions_of};
use crate::calllog::{CallLog, CallRecord, Outcome};

/// A caller who sought an agent, as the log recorded them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TraceCall {
    /// When the caller started to seek an agent, seconds since midnight.
    pub seek_s: f64,
    pub call_type: Option<u16>,
    /// The log knows the caller (a caller id).
    pub identified: bool,
    /// Answered (else abandoned in the queue).
    pub answered: bool,
    /// Recorded wait, seconds.
    pub wait_s: f64,
    /// Recorded handling time, seconds (answered calls).
    pub handle_s: Option<f64>,
}

/// One date of a log.
#[derive(Debug, Clone, PartialEq)]
pub struct DayTrace {
    pub date: Date,
    /// Callers who sought an agent, by seek time.
    pub calls: Vec<TraceCall>,
    /// Agents on duty (presence sessions), by (agent, start).
    pub sessions: Vec<Session>,
}

impl DayTrace {
    /// Agent-seconds present within `[from_s, to_s)`.
    pub fn presence_s(&self, from_s: f64, to_s: f64) -> f64 {
        self.sessions
            .iter()
            .map(|s| s.overlap_s(from_s, to_s))
            .sum()
    }
}

/// Splits a log into dates (ascending). Calls that never sought an agent (they ended in
/// the menu) are left out of `calls`; outcomes other than answered and abandoned are too.
pub fn day_traces(log: &CallLog) -> Vec<DayTrace> {
    let mut out = Vec::new();
    for chunk in log.records.chunk_by(|a, b| a.date == b.date) {
        out.push(day_trace(chunk));
    }
    out
}

fn day_trace(records: &[CallRecord]) -> DayTrace {
    let mut calls: Vec<TraceCall> = records
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Answered | Outcome::Abandoned))
        .filter_map(|r| {
            Some(TraceCall {
                seek_s: r.seek_s()?,
                call_type: r.call_type,
                identified: r.caller.is_some(),
                answered: r.outcome == Outcome::Answered,
                wait_s: r.wait_s()?,
                handle_s: r.handle_s(),
            })
        })
        .collect();
    calls.sort_by(|a, b| a.seek_s.total_cmp(&b.seek_s));
    DayTrace {
        date: records[0].date,
        calls,
        sessions: sessions_of(records),
    }
}
