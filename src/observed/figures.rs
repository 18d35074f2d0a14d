//! The four service figures a backtest compares, and the counts they are computed from.
//!
//! Definitions (the same for the log and for the simulation):
//! - abandonment rate: abandoned ÷ calls that sought an agent (answered + abandoned in
//!   the queue);
//! - ASA: mean wait of answered calls, seconds;
//! - P(wait > 0): calls that waited ÷ calls that sought an agent. Logs record waits in
//!   whole seconds, so a wait counts as one when it is at least [`WAITED_FROM_S`] (a
//!   simulated wait that would be written as 0 s is not counted);
//! - service level, `offered` definition: answered within the threshold ÷ calls that
//!   sought an agent (abandoned calls count as misses).

use serde::Serialize;

/// A wait of at least this many seconds counts as having waited (half a logged second).
pub const WAITED_FROM_S: f64 = 0.5;

/// One of the figures compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    AbandonmentRate,
    AsaS,
    PWait,
    ServiceLevel,
}

impl Figure {
    pub const ALL: [Figure; 4] = [
        Figure::AbandonmentRate,
        Figure::AsaS,
        Figure::PWait,
        Figure::ServiceLevel,
    ];

    /// JSON key and column stem.
    pub fn key(self) -> &'static str {
        match self {
            Figure::AbandonmentRate => "abandonment_rate",
            Figure::AsaS => "asa_s",
            Figure::PWait => "p_wait",
            Figure::ServiceLevel => "service_level",
        }
    }

    /// Short label for reports and charts.
    pub fn label(self) -> &'static str {
        match self {
            Figure::AbandonmentRate => "abandonment (abandoned / sought an agent)",
            Figure::AsaS => "ASA, s (mean wait of answered calls)",
            Figure::PWait => "P(wait > 0)",
            Figure::ServiceLevel => "service level (offered)",
        }
    }
}

/// Counts of one hour (or day) of calls that sought an agent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tally {
    pub sought: u32,
    pub answered: u32,
    pub abandoned: u32,
    /// Calls that waited at least [`WAITED_FROM_S`].
    pub waited: u32,
    /// Answered within the service-level threshold.
    pub within: u32,
    /// Sum of the waits of answered calls, seconds.
    pub answered_wait_s: f64,
}

impl Tally {
    /// Counts one call: answered (else abandoned) after waiting `wait_s`.
    #[inline]
    pub fn add(&mut self, answered: bool, wait_s: f64, threshold_s: f64) {
        self.sought += 1;
        if wait_s >= WAITED_FROM_S {
            self.waited += 1;
        }
        if answered {
            self.answered += 1;
            self.answered_wait_s += wait_s;
            if wait_s <= threshold_s {
                self.within += 1;
            }
        } else {
            self.abandoned += 1;
        }
    }

    /// Adds another tally's counts.
    pub fn merge(&mut self, o: &Tally) {
        self.sought += o.sought;
        self.answered += o.answered;
        self.abandoned += o.abandoned;
        self.waited += o.waited;
        self.within += o.within;
        self.answered_wait_s += o.answered_wait_s;
    }

    /// The figure's value, or `None` where it is undefined (no call; ASA without an
    /// answered call).
    pub fn value(&self, f: Figure) -> Option<f64> {
        let n = self.sought as f64;
        match f {
            _ if self.sought == 0 => None,
            Figure::AbandonmentRate => Some(self.abandoned as f64 / n),
            Figure::AsaS if self.answered == 0 => None,
            Figure::AsaS => Some(self.answered_wait_s / self.answered as f64),
            Figure::PWait => Some(self.waited as f64 / n),
            Figure::ServiceLevel => Some(self.within as f64 / n),
        }
    }
}

/// Per-figure values, in [`Figure::ALL`] order.
pub type FigureTally = [Option<f64>; 4];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_follow_their_definitions() {
        let mut t = Tally::default();
        t.add(true, 0.0, 20.0);
        t.add(true, 30.0, 20.0);
        t.add(false, 12.0, 20.0);
        t.add(true, 0.4, 20.0);
        assert_eq!(t.value(Figure::AbandonmentRate), Some(0.25));
        assert_eq!(t.value(Figure::AsaS), Some(30.4 / 3.0));
        assert_eq!(t.value(Figure::PWait), Some(0.5));
        assert_eq!(t.value(Figure::ServiceLevel), Some(0.5));
        assert_eq!(Tally::default().value(Figure::PWait), None);
    }
}
