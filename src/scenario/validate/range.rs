//! Intervals of acceptable numbers, and how a value outside one is worded.

use super::format::fmt_bound;
use super::{MAX_DURATION_S, MAX_FACTOR};

/// A closed, half-open or open interval of acceptable numbers.
#[derive(Debug, Clone, Copy)]
pub(super) struct Range {
    pub(super) lo: f64,
    pub(super) lo_open: bool,
    pub(super) hi: f64,
    pub(super) hi_open: bool,
}

impl Range {
    pub(super) const fn closed(lo: f64, hi: f64) -> Self {
        Range {
            lo,
            lo_open: false,
            hi,
            hi_open: false,
        }
    }
    /// `(0, hi]`.
    pub(super) const fn positive(hi: f64) -> Self {
        Range {
            lo: 0.0,
            lo_open: true,
            hi,
            hi_open: false,
        }
    }
    pub(super) const SHARE: Range = Range::closed(0.0, 1.0);
    pub(super) const DURATION: Range = Range::positive(MAX_DURATION_S);
    pub(super) const FACTOR: Range = Range::positive(MAX_FACTOR);

    pub(super) fn contains(&self, x: f64) -> bool {
        let above = if self.lo_open {
            x > self.lo
        } else {
            x >= self.lo
        };
        let below = if self.hi_open {
            x < self.hi
        } else {
            x <= self.hi
        };
        above && below
    }

    /// What `x` (outside the range) violates: "must not be negative", "must be at most 10", …
    pub(super) fn violation(&self, x: f64) -> String {
        let (lo, hi) = (fmt_bound(self.lo), fmt_bound(self.hi));
        let closed = !self.lo_open && !self.hi_open;
        let below = x < self.lo || (x == self.lo && self.lo_open);
        if below && self.lo == 0.0 && !self.lo_open {
            "must not be negative".to_string()
        } else if closed {
            format!("must be between {lo} and {hi}")
        } else if below && self.lo_open {
            format!("must be greater than {lo}")
        } else if below {
            format!("must be at least {lo}")
        } else if self.hi_open {
            format!("must be less than {hi}")
        } else {
            format!("must be at most {hi}")
        }
    }

    /// "a number from 0 to 1", "a number > 0 and ≤ 10", …
    pub(super) fn describe(&self) -> String {
        let (lo, hi) = (fmt_bound(self.lo), fmt_bound(self.hi));
        match (self.lo_open, self.hi_open) {
            (false, false) => format!("a number from {lo} to {hi}"),
            (true, false) => format!("a number > {lo} and ≤ {hi}"),
            (false, true) => format!("a number ≥ {lo} and < {hi}"),
            (true, true) => format!("a number > {lo} and < {hi}"),
        }
    }
}
