//! The future-event list: a 4-ary heap ordered by time, ties broken first-in first-out
//! by a sequence number, so that simultaneous events are handled in the order they were
//! scheduled and a run never depends on heap internals.

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
    /// Scheduling order among the pending events (see [`EventQueue::renumber`]).
    seq: u32,
    event: Event,
}

impl Entry {
    /// Whether `self` comes strictly before `other`: earlier, or as early and scheduled
    /// first. Written without short-circuits so that it compiles to flag arithmetic
    /// rather than branches, which the heap's child selection cannot predict.
    #[inline(always)]
    fn before(&self, other: &Entry) -> bool {
        (self.time_bits < other.time_bits)
            | ((self.time_bits == other.time_bits) & (self.seq < other.seq))
    }
}

/// Children per heap node: a 4-ary heap is half as deep as a binary one, and a node's
/// children sit side by side in memory.
const ARITY: usize = 4;

/// Pending events of one replication; keeps its allocation across days.
///
/// A 4-ary min-heap on (time, sequence number). The key is a strict total order (no
/// two pending events share a sequence number), so every correct priority queue pops
/// the same events in the same order: the heap's shape never shows in a run's outputs.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: Vec<Entry>,
    /// Sequence number of the last event scheduled.
    seq: u32,
    /// The root was handed out by [`EventQueue::pop`] but is still in `heap[0]`: the next
    /// push takes its place (one sift-down, instead of a sift-down to remove it and a
    /// sift-up to add the new event); anything else removes it first. Handling an event
    /// usually schedules one (a call ends, the agent starts the next), so most pops cost
    /// no separate restructuring.
    root_taken: bool,
}

impl EventQueue {
    /// Schedules `event` at time `t` (seconds since midnight, ≥ 0).
    #[inline]
    pub fn push(&mut self, t: f64, event: Event) {
        debug_assert!(t >= 0.0 && t.is_finite());
        if self.seq == u32::MAX {
            self.settle();
            self.renumber();
        }
        self.seq += 1;
        let entry = Entry {
            time_bits: t.to_bits(),
            seq: self.seq,
            event,
        };
        if self.root_taken {
            // The new event takes the place of the one handed out.
            self.root_taken = false;
            self.sift_down_from_root(entry);
            return;
        }
        // Sift up from a hole at the end.
        let heap = &mut self.heap;
        let mut pos = heap.len();
        heap.push(entry);
        while pos > 0 {
            let parent = (pos - 1) / ARITY;
            if !entry.before(&heap[parent]) {
                break;
            }
            heap[pos] = heap[parent];
            pos = parent;
        }
        heap[pos] = entry;
    }

    /// Time of the next event, if any.
    #[inline]
    pub fn peek_time(&mut self) -> Option<f64> {
        self.settle();
        self.heap.first().map(|e| f64::from_bits(e.time_bits))
    }

    /// Removes and returns the next event. Its slot stays in the heap until the next
    /// push fills it or another call removes it (see `root_taken`).
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, Event)> {
        self.settle();
        let top = *self.heap.first()?;
        self.root_taken = true;
        Some((f64::from_bits(top.time_bits), top.event))
    }

    /// Removes the root handed out by the last pop, if no push has taken its place.
    #[inline]
    fn settle(&mut self) {
        if self.root_taken {
            self.root_taken = false;
            let last = self.heap.pop().expect("a taken root is in the heap");
            if !self.heap.is_empty() {
                self.sift_down_from_root(last);
            }
        }
    }

    /// Moves `entry` into the hole at the root and down to its place.
    #[inline]
    fn sift_down_from_root(&mut self, entry: Entry) {
        let heap = &mut self.heap[..];
        let len = heap.len();
        let mut pos = 0;
        loop {
            let first = ARITY * pos + 1;
            if first >= len {
                break;
            }
            let child = if first + ARITY <= len {
                // All four children: a tournament of three branch-free comparisons.
                let a = first + heap[first + 1].before(&heap[first]) as usize;
                let b = first + 2 + heap[first + 3].before(&heap[first + 2]) as usize;
                if heap[b].before(&heap[a]) { b } else { a }
            } else {
                let mut m = first;
                for c in first + 1..len {
                    if heap[c].before(&heap[m]) {
                        m = c;
                    }
                }
                m
            };
            if !heap[child].before(&entry) {
                break;
            }
            heap[pos] = heap[child];
            pos = child;
        }
        heap[pos] = entry;
    }

    /// Renumbers the pending events 1, 2, … in their order, when the sequence numbers
    /// run out (after 4 billion events without the queue emptying). The order of every
    /// pending event, and so every later pop, is unchanged; a sorted array is a heap.
    #[cold]
    fn renumber(&mut self) {
        self.heap.sort_unstable_by_key(|e| (e.time_bits, e.seq));
        for (i, e) in self.heap.iter_mut().enumerate() {
            e.seq = i as u32 + 1;
        }
        self.seq = self.heap.len() as u32;
    }

    pub fn is_empty(&self) -> bool {
        self.heap.len() == self.root_taken as usize
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

    /// Pops everything, in order.
    fn drain(q: &mut EventQueue) -> Vec<(f64, Event)> {
        std::iter::from_fn(|| q.pop()).collect()
    }

    #[test]
    fn matches_a_sorted_reference_under_random_use() {
        // Random interleavings of pushes and pops, with many exact ties, against a
        // reference that sorts by (time, scheduling order); starting the sequence
        // numbers near their end forces renumbering in the middle of the run.
        use crate::engine::rng::{Purpose, Stream};
        for (seed, start_seq) in [(1u64, 0u32), (2, u32::MAX - 500), (3, u32::MAX - 3)] {
            let mut rng = Stream::new(seed, 0, Purpose::Arrivals);
            let mut q = EventQueue {
                seq: start_seq,
                ..EventQueue::default()
            };
            let mut reference: Vec<(f64, u64, Event)> = Vec::new();
            let mut order = 0u64;
            let mut now = 0.0f64;
            for step in 0..20_000u32 {
                if rng.open01() < 0.55 || reference.is_empty() {
                    // Coarse times make ties common.
                    let t = now + (rng.open01() * 40.0).floor() * 0.25;
                    let ev = Event::Redial { call: step };
                    q.push(t, ev);
                    order += 1;
                    reference.push((t, order, ev));
                } else {
                    let next = reference
                        .iter()
                        .map(|r| r.0)
                        .min_by(f64::total_cmp)
                        .unwrap();
                    assert_eq!(q.peek_time(), Some(next), "seed {seed} step {step}");
                    let i = (0..reference.len())
                        .min_by(|&a, &b| {
                            let (x, y) = (&reference[a], &reference[b]);
                            x.0.total_cmp(&y.0).then(x.1.cmp(&y.1))
                        })
                        .unwrap();
                    let (t, _, ev) = reference.swap_remove(i);
                    assert_eq!(q.pop(), Some((t, ev)), "seed {seed} step {step}");
                    now = t;
                }
            }
            reference.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            let expected: Vec<(f64, Event)> = reference.iter().map(|&(t, _, e)| (t, e)).collect();
            assert_eq!(drain(&mut q), expected, "seed {seed}");
            assert_eq!(q.peek_time(), None);
            assert!(q.is_empty());
        }
    }
}
