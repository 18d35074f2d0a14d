//! The verdict of an estimate against a bound, one type for every judgement ccplan makes:
//! a scenario's targets (`summary.json`, `sweep`, `regress`) and a bidder's claims
//! (`check`). Each is judged by its 95% interval: on the right side of the bound, on the
//! wrong side, or straddling it. The words differ by audience ("met" for a target,
//! "SUPPORTED" for a claim); the rule and the type are the same.

use super::Estimate;

/// A one-sided bound on a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// `true`: the figure must be at least `limit`; `false`: at most.
    pub at_least: bool,
    pub limit: f64,
}

impl Bound {
    /// Whether `x` is on the right side of the bound.
    pub fn holds(&self, x: f64) -> bool {
        if self.at_least {
            x >= self.limit
        } else {
            x <= self.limit
        }
    }

    /// The bound's key in machine-readable outputs: `"at_least"` or `"at_most"`.
    pub fn key(&self) -> &'static str {
        bound_key(self.at_least)
    }
}

/// A bound's key in machine-readable outputs: `"at_least"` or `"at_most"`.
pub fn bound_key(at_least: bool) -> &'static str {
    if at_least { "at_least" } else { "at_most" }
}

/// How an estimate's 95% interval compares with a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The whole 95% interval is on the right side (a target met, a claim supported).
    Met,
    /// The whole 95% interval is on the wrong side (a target missed, a claim not
    /// supported).
    Missed,
    /// The interval straddles the bound: more replications would decide.
    Inconclusive,
}

impl Verdict {
    /// Of a claim: by its 95% interval; an undefined estimate or interval (a single
    /// replication) decides nothing, so it is inconclusive.
    pub fn of_claim(e: Estimate, bound: Bound) -> Self {
        if e.mean.is_nan() || e.ci95_low.is_nan() || e.ci95_high.is_nan() {
            return Verdict::Inconclusive;
        }
        Self::of_interval(e.ci95_low, e.ci95_high, bound)
    }

    /// Of a target: by its 95% interval, or by the mean alone when the interval is
    /// undefined (a single replication), since a plan must be judged either way.
    pub fn of_target(e: Estimate, bound: Bound) -> Self {
        if e.ci95_low.is_nan() {
            if bound.holds(e.mean) {
                Verdict::Met
            } else {
                Verdict::Missed
            }
        } else {
            Self::of_interval(e.ci95_low, e.ci95_high, bound)
        }
    }

    fn of_interval(low: f64, high: f64, bound: Bound) -> Self {
        match (bound.holds(low), bound.holds(high)) {
            (true, true) => Verdict::Met,
            (false, false) => Verdict::Missed,
            _ => Verdict::Inconclusive,
        }
    }

    /// Several verdicts taken together: met when all are, missed when any is,
    /// inconclusive otherwise (and met when there are none).
    pub fn all(verdicts: impl IntoIterator<Item = Verdict>) -> Self {
        let mut out = Verdict::Met;
        for v in verdicts {
            match v {
                Verdict::Missed => return Verdict::Missed,
                Verdict::Inconclusive => out = Verdict::Inconclusive,
                Verdict::Met => {}
            }
        }
        out
    }

    /// A target's verdict in machine-readable outputs: `met`, `missed`, `inconclusive`.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::Inconclusive => "inconclusive",
        }
    }

    /// A claim's verdict in machine-readable outputs: `supported`, `not_supported`,
    /// `inconclusive`.
    pub fn claim_key(self) -> &'static str {
        match self {
            Verdict::Met => "supported",
            Verdict::Missed => "not_supported",
            Verdict::Inconclusive => "inconclusive",
        }
    }

    /// A claim's verdict for people: `SUPPORTED`, `NOT SUPPORTED`, `INCONCLUSIVE`.
    pub fn claim_label(self) -> &'static str {
        match self {
            Verdict::Met => "SUPPORTED",
            Verdict::Missed => "NOT SUPPORTED",
            Verdict::Inconclusive => "INCONCLUSIVE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64, low: f64, high: f64) -> Estimate {
        Estimate {
            mean,
            ci95_low: low,
            ci95_high: high,
        }
    }

    const AT_LEAST_80: Bound = Bound {
        at_least: true,
        limit: 0.8,
    };

    #[test]
    fn the_interval_decides_for_targets_and_claims_alike() {
        for (e, v) in [
            (est(0.85, 0.81, 0.89), Verdict::Met),
            (est(0.75, 0.71, 0.79), Verdict::Missed),
            (est(0.80, 0.78, 0.82), Verdict::Inconclusive),
        ] {
            assert_eq!(Verdict::of_target(e, AT_LEAST_80), v);
            assert_eq!(Verdict::of_claim(e, AT_LEAST_80), v);
        }
        let at_most = Bound {
            at_least: false,
            limit: 0.8,
        };
        assert_eq!(
            Verdict::of_claim(est(0.85, 0.81, 0.89), at_most),
            Verdict::Missed
        );
    }

    #[test]
    fn without_an_interval_a_target_goes_by_its_mean_and_a_claim_is_undecided() {
        let one = est(0.85, f64::NAN, f64::NAN);
        assert_eq!(Verdict::of_target(one, AT_LEAST_80), Verdict::Met);
        assert_eq!(Verdict::of_claim(one, AT_LEAST_80), Verdict::Inconclusive);
        let low = est(0.70, f64::NAN, f64::NAN);
        assert_eq!(Verdict::of_target(low, AT_LEAST_80), Verdict::Missed);
    }

    #[test]
    fn taken_together_any_miss_decides_then_any_doubt() {
        use Verdict::*;
        assert_eq!(Verdict::all([Met, Inconclusive, Missed]), Missed);
        assert_eq!(Verdict::all([Met, Inconclusive]), Inconclusive);
        assert_eq!(Verdict::all([Met, Met]), Met);
        assert_eq!(Verdict::all([]), Met);
    }
}
