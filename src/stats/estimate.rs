//! Estimates across independent replications: Welford's streaming mean and variance, and
//! 95% Student-t confidence intervals.
//!
//! Welford's update is used instead of sums of squares because it does not lose precision
//! when the variance is small against the mean (service levels near 1); values are added
//! in replication order, so the result does not depend on the thread count.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// Streaming mean and variance of the defined (non-NaN) values pushed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Welford {
    n: u32,
    mean: f64,
    m2: f64,
}

impl Welford {
    /// Adds one replication's value; NaN (a figure undefined in that replication, e.g. a
    /// rate with no calls) is skipped.
    #[inline]
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    pub fn count(&self) -> u32 {
        self.n
    }

    /// Mean; NaN when no value was pushed.
    pub fn mean(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.mean }
    }

    /// Sample variance (n − 1 denominator); NaN below two values.
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            self.m2 / (self.n - 1) as f64
        }
    }

    /// The mean with its 95% Student-t interval.
    pub fn estimate(&self) -> Estimate {
        let mean = self.mean();
        let half = if self.n < 2 {
            f64::NAN
        } else {
            t_quantile_975(self.n - 1) * (self.variance() / self.n as f64).sqrt()
        };
        Estimate {
            mean,
            ci95_low: mean - half,
            ci95_high: mean + half,
        }
    }
}

/// A figure estimated over replications. Serialises as
/// `{"mean", "ci95_low", "ci95_high"}` with `null` where undefined, and reads `null` back
/// as NaN.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    /// Mean over the replications where the figure is defined; `null` when it is
    /// defined in none.
    #[serde(serialize_with = "finite_or_null", deserialize_with = "nan_if_null")]
    #[schemars(with = "Option<f64>")]
    pub mean: f64,
    /// Lower bound of the 95% Student-t interval; `null` with fewer than two defined
    /// replications.
    #[serde(serialize_with = "finite_or_null", deserialize_with = "nan_if_null")]
    #[schemars(with = "Option<f64>")]
    pub ci95_low: f64,
    /// Upper bound of the 95% Student-t interval; `null` like the lower bound.
    #[serde(serialize_with = "finite_or_null", deserialize_with = "nan_if_null")]
    #[schemars(with = "Option<f64>")]
    pub ci95_high: f64,
}

impl Estimate {
    /// Half-width of the interval.
    pub fn half_width(&self) -> f64 {
        (self.ci95_high - self.ci95_low) / 2.0
    }
}

/// Serialises NaN and infinities as JSON `null`.
pub fn finite_or_null<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(*x)
    } else {
        s.serialize_none()
    }
}

/// Reads JSON `null` as NaN (the inverse of [`finite_or_null`]).
pub fn nan_if_null<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom (two-sided 95%).
///
/// Exact tabled values to 30 degrees of freedom, then the Cornish–Fisher expansion about
/// the normal quantile (Abramowitz & Stegun 26.7.5, four terms), whose error there is
/// below 3e-8.
pub fn t_quantile_975(df: u32) -> f64 {
    const TABLE: [f64; 30] = [
        12.706_204_736,
        4.302_652_730,
        3.182_446_305,
        2.776_445_105,
        2.570_581_836,
        2.446_911_851,
        2.364_624_252,
        2.306_004_135,
        2.262_157_163,
        2.228_138_852,
        2.200_985_160,
        2.178_812_830,
        2.160_368_656,
        2.144_786_688,
        2.131_449_546,
        2.119_905_299,
        2.109_815_578,
        2.100_922_040,
        2.093_024_054,
        2.085_963_447,
        2.079_613_845,
        2.073_873_068,
        2.068_657_610,
        2.063_898_562,
        2.059_538_553,
        2.055_529_439,
        2.051_830_516,
        2.048_407_142,
        2.045_229_642,
        2.042_272_456,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df as usize - 1],
        _ => {
            let z: f64 = 1.959_963_984_540_054;
            let n = df as f64;
            let (z3, z5, z7, z9) = (z.powi(3), z.powi(5), z.powi(7), z.powi(9));
            z + (z3 + z) / (4.0 * n)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * n.powi(2))
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * n.powi(3))
                + (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z)
                    / (92_160.0 * n.powi(4))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_tables() {
        assert!((t_quantile_975(99) - 1.984_216_952).abs() < 1e-6);
        assert!((t_quantile_975(199) - 1.971_956_544).abs() < 1e-6);
        // The expansion joins the table smoothly.
        assert!((t_quantile_975(31) - 2.039_513_446).abs() < 1e-7);
    }

    #[test]
    fn welford_agrees_with_two_pass() {
        let xs = [0.81, 0.79, 0.83, 0.80, f64::NAN, 0.82];
        let mut w = Welford::default();
        xs.iter().for_each(|&x| w.push(x));
        let v: Vec<f64> = xs.iter().copied().filter(|x| !x.is_nan()).collect();
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
        assert_eq!(w.count(), 5);
        assert!((w.mean() - mean).abs() < 1e-15);
        assert!((w.variance() - var).abs() < 1e-15);
        let e = w.estimate();
        assert!((e.half_width() - 2.776_445_105 * (var / 5.0).sqrt()).abs() < 1e-12);
    }
}
