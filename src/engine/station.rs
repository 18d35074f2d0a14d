//! One line's agents and queue.

use std::collections::VecDeque;

/// One agent of a line on the current day.
#[derive(Debug, Clone, Copy)]
pub struct Agent {
    pub temporary: bool,
    /// Scheduled end of the shift, seconds since midnight.
    pub shift_end_s: f64,
    /// Shift ends at close: after close, finishes the call in hand, then stays while its
    /// line still has callers queued or callers who can still reach it (see
    /// [`Station::ahead`]).
    pub drains: bool,
    pub present: bool,
    pub busy: bool,
    /// The call in hand (valid while busy with a call).
    pub call: u32,
    /// Working-clock arrival of the e-mail in hand (valid while busy with e-mail).
    pub email_arrival_w: f64,
    /// Away (break, outbound call, after-call work): present but taking no work.
    pub away: bool,
    /// The available spell ended during a task: goes away when the task ends.
    pub away_due: bool,
    /// When the current away spell began, seconds since midnight (valid while away).
    pub away_since_s: f64,
    /// On a shift's break: present (on shift) but not counted among the agents
    /// available, taking no work.
    pub on_break: bool,
    /// Break time fallen due while busy, away or on another break, seconds: taken as soon
    /// as the task or spell ends (0: none owed).
    pub break_owed_s: f64,
}

/// A place in a queue. An entry whose `generation` no longer matches its call's is a
/// caller who abandoned: it stays in line (no removal from the middle of the queue) and is
/// skipped when reached — which is exactly when that caller, had they been patient, would
/// have been answered, so the skip gives their virtual wait.
#[derive(Debug, Clone, Copy)]
pub struct QueueEntry {
    pub call: u32,
    pub generation: u32,
    pub enqueued_s: f64,
    pub cell: u32,
    pub ty: u16,
    pub peak: bool,
}

/// A step function of time (agents present, agents busy, calls waiting) and when it last
/// changed; the engine integrates it into agent-seconds. The interval holding `since`
/// is cached so that the common case, a change within the same interval, needs no
/// division.
#[derive(Debug, Clone, Copy, Default)]
pub struct Level {
    pub level: u32,
    pub since: f64,
    /// Interval (slot) of `since`, and the end of that slot.
    pub slot: usize,
    pub slot_end: f64,
}

/// A line's agents and queue on the current day.
#[derive(Debug, Default)]
pub struct Station {
    pub agents: Vec<Agent>,
    /// First agent of each roster block, plus a final end marker.
    pub block_start: Vec<u32>,
    /// Idle agents, longest idle first.
    pub idle: VecDeque<u32>,
    pub queue: VecDeque<QueueEntry>,
    /// Live callers in `queue` (abandoned entries not counted).
    pub waiting: Level,
    pub present: Level,
    pub busy: Level,
    pub email_busy: Level,
    /// Callers holding a trunk who still wait for an agent of this line: queued on it, or
    /// still to reach it — on the 1st line, callers in the menu who will not self-serve;
    /// on the 2nd, those callers and the 1st line's callers (queued or in service) who will
    /// be transferred. After close, the line's agents on shift at close go home when it
    /// falls to 0.
    pub ahead: u32,
}

impl Station {
    /// Empties the station for a new day, keeping allocations.
    pub fn reset(&mut self) {
        self.agents.clear();
        self.block_start.clear();
        self.idle.clear();
        self.queue.clear();
        self.waiting = Level::default();
        self.present = Level::default();
        self.busy = Level::default();
        self.email_busy = Level::default();
        self.ahead = 0;
    }
}
