//! Compensated running sums.

/// A running sum with Neumaier's compensation: the rounding error of each addition is
/// carried separately, so a sum of many terms is as accurate as one rounding. Needed
/// where a cumulative probability approaches 1 and its complement 1 − sum is used: plain
/// summation would leave an error of (terms × 1e-16) in that complement.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct CompensatedSum {
    sum: f64,
    compensation: f64,
}

impl CompensatedSum {
    /// Adds `x`.
    #[inline]
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    /// The sum so far.
    #[inline]
    pub(crate) fn value(&self) -> f64 {
        self.sum + self.compensation
    }

    /// 1 − the sum, with the compensation applied after the subtraction (exact when the
    /// sum is near 1), clamped to [0, 1].
    #[inline]
    pub(crate) fn complement(&self) -> f64 {
        ((1.0 - self.sum) - self.compensation).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_small_terms_sum_to_one_exactly() {
        let mut s = CompensatedSum::default();
        for _ in 0..1_000_000 {
            s.add(1e-6);
        }
        assert!((s.value() - 1.0).abs() < 1e-15);
        assert!(s.complement() < 1e-15);
    }
}
