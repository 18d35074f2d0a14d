//! Counters of one (day, interval, line) — or any other grouping — and the figures read
//! from them. Counting is done here once; every table derives its rates from `Figures`.

use crate::service_level::SlDefinition;

/// Most waiting-time thresholds a run counts (the five standard ones and the target's).
pub const MAX_THRESHOLDS: usize = 6;
/// Wait bands: one per threshold and one above them all.
pub const BANDS: usize = MAX_THRESHOLDS + 1;

/// Band of a wait among ascending `thresholds`: the number of thresholds it exceeds.
#[inline]
pub fn band(wait: f64, thresholds: &[f64]) -> usize {
    // Ascending thresholds: those exceeded are a prefix, so counting them all (no early
    // exit, no branch to mispredict per call) gives the prefix's length.
    debug_assert!(thresholds.is_sorted());
    thresholds.iter().map(|&t| (wait > t) as usize).sum()
}

/// Streamed counters. Calls are attributed to the interval in which they reached the line
/// (the switch for the 1st line, the transfer for the 2nd); agent time to the interval in
/// which it was spent.
///
/// Counts are `u64` because cells are also the accumulation type: contact-type cells and
/// horizon totals sum every call of a replication, and validation accepts 10,000,000 calls
/// a day (before day-of-week and peak factors) over 2,000 days, 2 × 10¹⁰ calls, beyond
/// `u32`. At a billion simulated calls a second `u64` would last centuries.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cell {
    /// Attempts reaching the line (1st line: the switch, including redials; 2nd line:
    /// transfers).
    pub offered: u64,
    /// Of `offered`, attempts that were redials.
    pub redials: u64,
    pub self_served: u64,
    pub blocked: u64,
    pub answered: u64,
    pub abandoned: u64,
    /// Calls that reached the queue and waited more than 0 s.
    pub waited: u64,
    /// Answered calls by wait band: band `b` holds waits above threshold `b − 1` and at
    /// most threshold `b` (thresholds ascending; the last band is above them all). One
    /// increment per call instead of one per threshold.
    pub answered_band: [u64; BANDS],
    /// Abandoned calls by time waited, in the same bands.
    pub abandoned_band: [u64; BANDS],
    /// Abandoned calls by virtual wait (what they would have waited had they been
    /// patient). An answered call's virtual wait is its wait.
    pub abandoned_virtual_band: [u64; BANDS],
    /// Sum of waits of answered calls, seconds.
    pub wait_answered_s: f64,
    /// Sum of time in queue of all queued calls (abandoners until they left), seconds.
    pub wait_all_s: f64,
    /// Agent-seconds spent on calls.
    pub busy_s: f64,
    /// Agent-seconds spent on e-mail.
    pub email_busy_s: f64,
    /// Agent-seconds present.
    pub available_s: f64,
}

impl Cell {
    /// Adds another cell's counters.
    pub fn add(&mut self, o: &Cell) {
        self.offered += o.offered;
        self.redials += o.redials;
        self.self_served += o.self_served;
        self.blocked += o.blocked;
        self.answered += o.answered;
        self.abandoned += o.abandoned;
        self.waited += o.waited;
        for b in 0..BANDS {
            self.answered_band[b] += o.answered_band[b];
            self.abandoned_band[b] += o.abandoned_band[b];
            self.abandoned_virtual_band[b] += o.abandoned_virtual_band[b];
        }
        self.wait_answered_s += o.wait_answered_s;
        self.wait_all_s += o.wait_all_s;
        self.busy_s += o.busy_s;
        self.email_busy_s += o.email_busy_s;
        self.available_s += o.available_s;
    }

    /// Calls that reached the queue (answered or abandoned).
    pub fn reached_queue(&self) -> u64 {
        self.answered + self.abandoned
    }

    /// Figures from these counters; rates with an empty denominator are NaN.
    pub fn figures(&self) -> Figures {
        let reached = self.reached_queue() as f64;
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        Figures {
            p_wait: ratio(self.waited as f64, reached),
            asa_s: ratio(self.wait_answered_s, self.answered as f64),
            mean_wait_s: ratio(self.wait_all_s, reached),
            abandonment_rate: ratio(self.abandoned as f64, reached),
            occupancy: ratio(self.busy_s + self.email_busy_s, self.available_s),
        }
    }

    /// Answered calls that waited at most threshold number `k`.
    pub fn answered_within(&self, k: usize) -> u64 {
        self.answered_band[..=k].iter().sum()
    }

    /// Abandoned calls that hung up within threshold number `k`.
    pub fn abandoned_within(&self, k: usize) -> u64 {
        self.abandoned_band[..=k].iter().sum()
    }

    /// Abandoned calls whose virtual wait was within threshold number `k`.
    pub fn abandoned_virtual_within(&self, k: usize) -> u64 {
        self.abandoned_virtual_band[..=k].iter().sum()
    }

    /// Service level at threshold number `k` under `definition`; NaN with no calls.
    pub fn service_level(&self, definition: SlDefinition, k: usize) -> f64 {
        let reached = self.reached_queue() as f64;
        let hit = self.answered_within(k) as f64;
        let (num, den) = match definition {
            SlDefinition::Offered => (hit, reached),
            SlDefinition::Answered => (hit, self.answered as f64),
            SlDefinition::ExcludingShortAbandons => {
                (hit, reached - self.abandoned_within(k) as f64)
            }
            SlDefinition::Virtual => (hit + self.abandoned_virtual_within(k) as f64, reached),
        };
        if den > 0.0 { num / den } else { f64::NAN }
    }
}

/// Rates read from a [`Cell`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Share of calls reaching the queue that waited more than 0 s.
    pub p_wait: f64,
    /// Mean wait of answered calls, seconds.
    pub asa_s: f64,
    /// Mean time in queue of all queued calls, seconds.
    pub mean_wait_s: f64,
    /// Abandoned over calls that reached the queue.
    pub abandonment_rate: f64,
    /// Busy (calls + e-mail) over present agent-seconds.
    pub occupancy: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_counts_the_thresholds_a_wait_exceeds() {
        let thresholds = [0.0, 10.0, 20.0, 30.0, 45.0, 60.0];
        let first_not_exceeded = |w: f64| thresholds.iter().take_while(|&&t| w > t).count();
        for w in [
            0.0, 1e-9, 9.99, 10.0, 10.5, 30.0, 44.9, 45.0, 60.0, 60.1, 1e9,
        ] {
            assert_eq!(band(w, &thresholds), first_not_exceeded(w), "{w}");
        }
        assert_eq!(band(0.0, &thresholds), 0);
        assert_eq!(band(10.0, &thresholds), 1);
        assert_eq!(band(1e9, &thresholds), BANDS - 1);
    }
}
