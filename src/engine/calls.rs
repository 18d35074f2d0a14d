//! Simulated calls, one record per caller attempt at the switch, for call logs.
//!
//! The engine hands each finished attempt to a [`CallSink`]. A run without a call log uses
//! [`NoCalls`], whose `ACTIVE = false` compiles the bookkeeping away: nothing is stored or
//! allocated per call, so such a run is exactly as fast and its numbers are unchanged.

use jiff::civil::Date;

/// How a simulated attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimOutcome {
    /// Answered by a first-line agent.
    Answered,
    /// Hung up in the first-line queue (or still queued when the last agent left).
    Abandoned,
    /// Ended in the menu by self-service: no queue.
    SelfServed,
    /// Found every trunk busy: no menu, no queue.
    Blocked,
}

/// One caller attempt that reached the switch. Times are seconds since midnight of `date`.
///
/// A first-line service ends the record; a transfer to the second line is not recorded
/// (its wait and service are not part of the switch's attempt).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimCall {
    pub replication: u32,
    pub date: Date,
    /// The caller's number within the replication, from 1; a redial keeps it. `u64`:
    /// validation accepts 10,000,000 calls a day over 2,000 days, beyond `u32`.
    pub caller: u64,
    /// Index of the contact type in the scenario's `contact_types`.
    pub ty: u16,
    /// When the attempt reached the switch (menu entry when there is menu time).
    pub arrival_s: f64,
    /// Menu exit, when the attempt spent time in the menu.
    pub menu_exit_s: Option<f64>,
    /// First-line queue entry and exit; `None` when answered at once or never queued.
    pub queue: Option<(f64, f64)>,
    pub outcome: SimOutcome,
    /// First-line service start and end (answered attempts).
    pub service: Option<(f64, f64)>,
    /// Index of the first-line agent in the day's roster (answered attempts).
    pub agent: Option<u32>,
}

/// Receives every simulated attempt as it ends, in the order the attempts end.
pub trait CallSink {
    /// Whether the engine keeps per-call traces at all; `false` compiles them away.
    const ACTIVE: bool = true;
    fn record(&mut self, call: SimCall);
}

/// No call log: the engine keeps no trace.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCalls;

impl CallSink for NoCalls {
    const ACTIVE: bool = false;
    fn record(&mut self, _: SimCall) {}
}

impl CallSink for Vec<SimCall> {
    fn record(&mut self, call: SimCall) {
        self.push(call);
    }
}
