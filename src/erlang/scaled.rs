//! Positive numbers carried with a separate binary exponent.
//!
//! Sums over birth–death chains run far outside the range of `f64` (1/B(1000, 1) is about
//! 10^2567), yet only their ratios matter. Keeping `mantissa × 2^exponent` lets the
//! recursions stay in plain floating point and rescale by exact powers of two, which adds
//! no rounding error.

use std::f64::consts::LN_2;

/// Rescale once a running value passes 2^RESCALE_BITS; far from overflow, and a power of
/// two so the rescaling is exact.
pub(crate) const RESCALE_BITS: i32 = 600;
/// 2^RESCALE_BITS.
pub(crate) const RESCALE_AT: f64 = 4.149_515_568_880_993e180;

/// `mantissa × 2^exp2`, a positive (or zero) number with an extended exponent range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scaled {
    pub(crate) mantissa: f64,
    pub(crate) exp2: i32,
}

impl Scaled {
    /// `mantissa × 2^exp2`, normalised so that the mantissa is in [0.5, 1).
    pub(crate) fn new(mantissa: f64, exp2: i32) -> Self {
        if mantissa == 0.0 || !mantissa.is_finite() {
            return Scaled { mantissa, exp2 };
        }
        let (m, e) = libm::frexp(mantissa);
        Scaled {
            mantissa: m,
            exp2: exp2.saturating_add(e),
        }
    }

    /// Natural logarithm.
    pub(crate) fn ln(self) -> f64 {
        self.mantissa.ln() + f64::from(self.exp2) * LN_2
    }

    /// The reciprocal as an `f64` (0 when it underflows).
    pub(crate) fn recip_f64(self) -> f64 {
        libm::scalbn(1.0 / self.mantissa, -self.exp2)
    }
}

/// 2^e as an `f64` (0 below the subnormal range, infinite above the range).
pub(crate) fn pow2(e: i32) -> f64 {
    libm::scalbn(1.0, e)
}

/// A term of a positive series that may start far below the smallest `f64` and climb into
/// range, such as the negative-binomial weights `x^c (1-x)^b …` with `x^c = e^{-6667}`.
///
/// The true value is `scaled × 2^-shift`; `shift` falls to 0 as the term climbs, exactly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Underflowing {
    scaled: f64,
    shift: i32,
    unscale: f64,
}

impl Underflowing {
    /// A term whose natural logarithm is `ln_value` (at most 0).
    pub(crate) fn from_ln(ln_value: f64) -> Self {
        if ln_value > -600.0 {
            return Underflowing {
                scaled: ln_value.exp(),
                shift: 0,
                unscale: 1.0,
            };
        }
        // Pick the shift so that the scaled term starts near 1.
        let shift = (-ln_value / LN_2).ceil().min(f64::from(i32::MAX / 2)) as i32;
        let scaled = (ln_value + f64::from(shift) * LN_2).exp();
        Underflowing {
            scaled,
            shift,
            unscale: pow2(-shift),
        }
    }

    /// The term's value (0 while it is below the `f64` range).
    #[inline]
    pub(crate) fn value(&self) -> f64 {
        self.scaled * self.unscale
    }

    /// Multiplies the term by `factor` (positive).
    #[inline]
    pub(crate) fn mul(&mut self, factor: f64) {
        self.scaled *= factor;
        if self.shift > 0 && self.scaled > RESCALE_AT {
            let k = self.shift.min(RESCALE_BITS);
            self.scaled = libm::scalbn(self.scaled, -k);
            self.shift -= k;
            self.unscale = pow2(-self.shift);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rescale_constant_is_a_power_of_two() {
        assert_eq!(RESCALE_AT, pow2(RESCALE_BITS));
    }

    #[test]
    fn underflowing_term_climbs_into_range_exactly() {
        // e^-1000 · e^1000 = 1, reached through 1000 multiplications by e.
        let mut t = Underflowing::from_ln(-1000.0);
        assert_eq!(t.value(), 0.0);
        for _ in 0..1000 {
            t.mul(std::f64::consts::E);
        }
        assert!((t.value() - 1.0).abs() < 1e-12, "{}", t.value());
    }

    #[test]
    fn scaled_round_trips() {
        let s = Scaled::new(3.0, 2000);
        assert!((s.ln() - (3.0f64.ln() + 2000.0 * LN_2)).abs() < 1e-12);
        assert_eq!(s.recip_f64(), 0.0);
        assert_eq!(Scaled::new(3.0, 2).recip_f64(), 1.0 / 12.0);
    }
}
