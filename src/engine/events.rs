//! The future-event list: a binary heap ordered by time, ties broken first-in first-out
//! by a sequence number, so that simultaneous events are handled in the order they were
//! scheduled and a run never depends on heap internals.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// What happens at an event. Payloads are indices into the engine's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A call leaves the automatic menu.
    MenuDone { call: u32 },
    /// An agent finishes a call.
    CallDone { line: u8, agent: u32 },
    /// An agent finishes an e-mail.
    EmailDone { line: u8, agent: u32 },
    /// A queued call's patience runs out (ignored if it was answered meanwhile).
    Abandon {
        line: u8,
        call: u32,
        generation: u32,
    },
    /// A blocked or abandoned caller calls again.
    Redial { call: u32 },
    /// A block of agents starts its shift.
    ShiftStart { line: u8, block: u32 },
    /// A block of agents reaches the end of its shift.
    ShiftEnd { line: u8, block: u32 },
    /// A block's agents reach the start of break `brk` of their shift: the idle ones go
    /// on break, the others when their task or away spell ends.
    BreakStart { line: u8, block: u32, brk: u16 },
    /// An agent comes back from a break.
    BreakEnd { line: u8, agent: u32 },
    /// The line closes: no new calls.
    Close,
    /// An agent's available spell ends: it goes away now, or after the task in hand.
    /// Each present agent of a line with `availability` has exactly one of these or of
    /// `Back` pending; dropped if the agent has left meanwhile.
    AwayDue { line: u8, agent: u32 },
    /// An agent comes back from an away spell (dropped if it has left meanwhile).
    Back { line: u8, agent: u32 },
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Bits of a non-negative time: they order like the times themselves.
    time_bits: u64,
    seq: u64,
    event: Event,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.time_bits == other.time_bits && self.seq == other.seq
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    // Reversed: BinaryHeap is a max-heap and we want the earliest event first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time_bits
            .cmp(&self.time_bits)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// Pending events of one replication; keeps its allocation across days.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
}

impl EventQueue {
    /// Schedules `event` at time `t` (seconds since midnight, ≥ 0).
    #[inline]
    pub fn push(&mut self, t: f64, event: Event) {
        debug_assert!(t >= 0.0 && t.is_finite());
        self.seq += 1;
        self.heap.push(Entry {
            time_bits: t.to_bits(),
            seq: self.seq,
            event,
        });
    }

    /// Time of the next event, if any.
    #[inline]
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| f64::from_bits(e.time_bits))
    }

    /// Removes and returns the next event.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, Event)> {
        self.heap
            .pop()
            .map(|e| (f64::from_bits(e.time_bits), e.event))
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_and_fifo_on_ties() {
        let mut q = EventQueue::default();
        q.push(5.0, Event::Close);
        q.push(1.0, Event::Redial { call: 1 });
        q.push(1.0, Event::Redial { call: 2 });
        q.push(0.0, Event::Redial { call: 3 });
        let order: Vec<Event> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(
            order,
            vec![
                Event::Redial { call: 3 },
                Event::Redial { call: 1 },
                Event::Redial { call: 2 },
                Event::Close
            ]
        );
    }
}
