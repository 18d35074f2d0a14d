//! Duration samplers with parameters precomputed once per scenario.
//!
//! Continuous distributions other than gamma are drawn by inversion (one uniform per
//! draw), so a stream stays in step across scenarios that change a mean or a CV: the
//! k-th call gets the k-th uniform whatever its distribution's parameters, which is what
//! makes common random numbers effective.

use rand_distr::Distribution;

use super::rng::Stream;
use crate::scenario::Dist;

/// A ready-to-draw duration distribution, seconds.
#[derive(Debug, Clone)]
pub enum Sampler {
    /// Always zero (an absent menu time).
    Zero,
    Fixed(f64),
    Exponential {
        mean_s: f64,
    },
    /// `exp(mu + sigma · z)`, `z` standard normal.
    Lognormal {
        mu: f64,
        sigma: f64,
    },
    Gamma(rand_distr::Gamma<f64>),
    /// `scale · (−ln u)^(1/shape)`, by inversion.
    Weibull {
        scale: f64,
        inv_shape: f64,
    },
    Empirical(Box<[f64]>),
}

impl Sampler {
    /// Precomputes a sampler for a validated distribution.
    pub fn new(dist: &Dist) -> Self {
        match dist {
            Dist::Fixed { s } => Sampler::Fixed(*s),
            Dist::Exponential { mean_s } => Sampler::Exponential { mean_s: *mean_s },
            Dist::Lognormal { mean_s, cv } if *cv == 0.0 => Sampler::Fixed(*mean_s),
            Dist::Lognormal { mean_s, cv } => {
                let sigma2 = (1.0 + cv * cv).ln();
                Sampler::Lognormal {
                    mu: mean_s.ln() - sigma2 / 2.0,
                    sigma: sigma2.sqrt(),
                }
            }
            Dist::Gamma { mean_s, cv } if *cv == 0.0 => Sampler::Fixed(*mean_s),
            Dist::Gamma { mean_s, cv } => {
                let shape = 1.0 / (cv * cv);
                let scale = mean_s / shape;
                // Validation guarantees shape > 0 and scale > 0, for which `Gamma::new`
                // cannot fail; fall back to the mean rather than panic all the same.
                rand_distr::Gamma::new(shape, scale)
                    .map(Sampler::Gamma)
                    .unwrap_or(Sampler::Fixed(*mean_s))
            }
            Dist::Weibull { mean_s, cv } => {
                let shape = weibull_shape(*cv);
                Sampler::Weibull {
                    scale: mean_s / libm::tgamma(1.0 + 1.0 / shape),
                    inv_shape: 1.0 / shape,
                }
            }
            Dist::Empirical { values_s } => Sampler::Empirical(values_s.clone().into_boxed_slice()),
        }
    }

    /// A sampler for an optional distribution (`None` draws zero).
    pub fn optional(dist: Option<&Dist>) -> Self {
        dist.map_or(Sampler::Zero, Sampler::new)
    }

    /// Draws one duration, seconds.
    #[inline(always)]
    pub fn sample(&self, stream: &mut Stream) -> f64 {
        // The cheap cases are inlined at every call site; the others share one body.
        match self {
            Sampler::Zero => 0.0,
            Sampler::Fixed(s) => *s,
            Sampler::Exponential { mean_s } => -mean_s * stream.open01().ln(),
            _ => self.sample_general(stream),
        }
    }

    #[inline(never)]
    fn sample_general(&self, stream: &mut Stream) -> f64 {
        match self {
            Sampler::Zero => 0.0,
            Sampler::Fixed(s) => *s,
            Sampler::Gamma(g) => g.sample(stream.rng()),
            _ => self.invert(stream.open01()),
        }
    }

    /// Takes from `stream` what [`Sampler::sample`] would, without turning it into a
    /// duration yet: [`Sampler::value`] does that, giving exactly (bit for bit) what
    /// `sample` would have. For the samplers by inversion the draw is the uniform, so a
    /// duration never needed (the second line's handling time of a caller who is not
    /// transferred, the patience of one answered at once) costs no logarithm or
    /// exponential, while the stream advances as it always did.
    #[inline(always)]
    pub fn draw(&self, stream: &mut Stream) -> Drawn {
        match self {
            Sampler::Exponential { .. }
            | Sampler::Lognormal { .. }
            | Sampler::Weibull { .. }
            | Sampler::Empirical(_) => Drawn(stream.open01()),
            // No uniform (constant), or a variable number of them (rejection): drawn now.
            Sampler::Zero | Sampler::Fixed(_) | Sampler::Gamma(_) => Drawn(self.sample(stream)),
        }
    }

    /// The duration of a [`Sampler::draw`] by this sampler, seconds.
    #[inline(always)]
    pub fn value(&self, drawn: Drawn) -> f64 {
        let u = drawn.0;
        match self {
            Sampler::Exponential { mean_s } => -mean_s * u.ln(),
            Sampler::Zero | Sampler::Fixed(_) | Sampler::Gamma(_) => u,
            _ => self.value_general(u),
        }
    }

    #[inline(never)]
    fn value_general(&self, u: f64) -> f64 {
        self.invert(u)
    }

    /// The duration of uniform `u` for the samplers by inversion; for the others `u` is
    /// already the duration ([`Sampler::draw`] drew it whole).
    #[inline(always)]
    fn invert(&self, u: f64) -> f64 {
        match self {
            Sampler::Zero | Sampler::Fixed(_) | Sampler::Gamma(_) => u,
            Sampler::Exponential { mean_s } => -mean_s * u.ln(),
            Sampler::Lognormal { mu, sigma } => (mu + sigma * inverse_normal(u)).exp(),
            Sampler::Weibull { scale, inv_shape } => scale * (-u.ln()).powf(*inv_shape),
            Sampler::Empirical(values) => {
                let i = (u * values.len() as f64) as usize;
                values[i.min(values.len() - 1)]
            }
        }
    }

    /// Whether every draw is zero (lets the engine skip a scheduling step).
    pub fn is_zero(&self) -> bool {
        matches!(self, Sampler::Zero) || matches!(self, Sampler::Fixed(s) if *s == 0.0)
    }
}

/// A draw taken from a stream by [`Sampler::draw`], to be turned into a duration by the
/// same sampler's [`Sampler::value`] (the uniform itself for samplers by inversion, the
/// duration for the others).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Drawn(f64);

/// The Weibull shape `k` whose coefficient of variation is `cv` (> 0): the root of
/// `Γ(1 + 2/k) / Γ(1 + 1/k)² = 1 + cv²`, found by bisection on `ln k` (the left side falls
/// as `k` grows). A cv of 1 gives `k = 1`, the exponential.
pub fn weibull_shape(cv: f64) -> f64 {
    let target = cv * cv;
    // cv² as a function of k, computed as expm1 of a difference of log-gammas so that it
    // stays accurate for the small cvs of large shapes.
    let cv2 = |k: f64| (libm::lgamma(1.0 + 2.0 / k) - 2.0 * libm::lgamma(1.0 + 1.0 / k)).exp_m1();
    // k from 0.02 (cv ≈ 1e7) to 1e7 (cv ≈ 1.3e-7) brackets every cv accepted (0 < cv ≤ 10)
    // but the tiniest, where k = π / (√6 · cv) is the asymptote.
    let (mut lo, mut hi) = (0.02f64.ln(), 1e7f64.ln());
    if cv2(hi.exp()) >= target {
        return std::f64::consts::PI / (6.0f64.sqrt() * cv);
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if cv2(mid.exp()) > target {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-15 {
            break;
        }
    }
    (0.5 * (lo + hi)).exp()
}

/// The standard normal quantile Φ⁻¹(p) for p in (0, 1), by Wichura's algorithm AS 241
/// (PPND16), accurate to about 1e-16 relative.
// The coefficients are kept exactly as published, digits beyond f64 included, so they can
// be checked against the paper.
#[allow(clippy::excessive_precision)]
pub fn inverse_normal(p: f64) -> f64 {
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        133.141_667_891_784_377_45,
        1_971.590_950_306_551_442_7,
        13_731.693_765_509_461_125,
        45_921.953_931_549_871_457,
        67_265.770_927_008_700_853,
        33_430.575_583_588_128_105,
        2_509.080_928_730_122_672_7,
    ];
    const B: [f64; 8] = [
        1.0,
        42.313_330_701_600_911_252,
        687.187_007_492_057_908_3,
        5_394.196_021_424_751_107_7,
        21_213.794_301_586_595_867,
        39_307.895_800_092_710_61,
        28_729.085_735_721_942_674,
        5_226.495_278_852_854_561,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        0.241_780_725_177_450_611_77,
        0.022_723_844_989_269_184_583_3,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        0.689_767_334_985_100_004_55,
        0.148_103_976_427_480_074_59,
        0.015_198_666_563_616_457_196_6,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        0.296_560_571_828_504_891_23,
        0.026_532_189_526_576_123_093,
        0.001_242_660_947_388_078_438_6,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        0.599_832_206_555_887_937_69,
        0.136_929_880_922_735_805_31,
        0.014_875_361_290_850_614_852_5,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    fn poly(c: &[f64; 8], x: f64) -> f64 {
        c.iter().rev().fold(0.0, |acc, &k| acc * x + k)
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let z = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -z } else { z }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Purpose;

    #[test]
    fn inverse_normal_matches_known_quantiles() {
        // Values from standard normal tables (R's qnorm).
        let cases = [
            (0.5, 0.0),
            (0.975, 1.959_963_984_540_054),
            (0.025, -1.959_963_984_540_054),
            (0.841_344_746_068_542_9, 1.0),
            (1e-10, -6.361_340_902_404_056),
            (1e-20, -9.262_340_089_798_408),
        ];
        for (p, z) in cases {
            let got = inverse_normal(p);
            assert!(
                (got - z).abs() <= 1e-12 * z.abs().max(1.0),
                "p={p}: {got} vs {z}"
            );
        }
    }

    #[test]
    fn inverse_normal_is_continuous_at_region_boundaries() {
        // r = sqrt(-ln p) = 5 switches to the far-tail coefficients.
        let p = (-25.0f64).exp();
        let below = inverse_normal(p * (1.0 - 1e-12));
        let above = inverse_normal(p * (1.0 + 1e-12));
        assert!((below - above).abs() < 1e-9, "{below} vs {above}");
        let a = inverse_normal(0.075 - 1e-13);
        let b = inverse_normal(0.075 + 1e-13);
        assert!((a - b).abs() < 1e-9);
    }

    fn moments(sampler: &Sampler, n: usize) -> (f64, f64) {
        let mut s = Stream::new(7, 0, Purpose::Handling);
        let xs: Vec<f64> = (0..n).map(|_| sampler.sample(&mut s)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (mean, var.sqrt() / mean)
    }

    #[test]
    fn a_deferred_draw_is_the_sample_bit_for_bit_and_takes_the_same_uniforms() {
        for dist in [
            Dist::Fixed { s: 12.5 },
            Dist::Exponential { mean_s: 300.0 },
            Dist::Lognormal {
                mean_s: 240.0,
                cv: 1.0,
            },
            Dist::Lognormal {
                mean_s: 240.0,
                cv: 0.0,
            },
            Dist::Gamma {
                mean_s: 420.0,
                cv: 0.7,
            },
            Dist::Empirical {
                values_s: vec![10.0, 20.0, 60.0],
            },
            Dist::Weibull {
                mean_s: 60.0,
                cv: 1.8,
            },
        ] {
            let sampler = Sampler::new(&dist);
            let mut a = Stream::new(11, 3, Purpose::Handling);
            let mut b = a.clone();
            for _ in 0..100_000 {
                let sampled = sampler.sample(&mut a);
                let deferred = sampler.value(sampler.draw(&mut b));
                assert_eq!(sampled.to_bits(), deferred.to_bits(), "{dist:?}");
            }
            // Both streams are at the same place.
            assert_eq!(a.open01(), b.open01(), "{dist:?}");
        }
        let zero = Sampler::optional(None);
        let mut s = Stream::new(1, 0, Purpose::Handling);
        assert_eq!(zero.value(zero.draw(&mut s)), 0.0);
    }

    #[test]
    fn weibull_shape_solves_the_cv_equation() {
        // cv 1 is the exponential; the others checked against the moment formula.
        assert!((weibull_shape(1.0) - 1.0).abs() < 1e-9);
        for cv in [1e-4, 0.05, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0] {
            let k = weibull_shape(cv);
            let g1 = libm::tgamma(1.0 + 1.0 / k);
            let g2 = libm::tgamma(1.0 + 2.0 / k);
            let got = (g2 / (g1 * g1) - 1.0).sqrt();
            assert!(
                (got - cv).abs() < 1e-6 * cv.max(1e-2),
                "cv {cv}: k {k} gives {got}"
            );
        }
        // k = 2 is the Rayleigh: cv = sqrt(4/π − 1).
        let rayleigh = (4.0 / std::f64::consts::PI - 1.0).sqrt();
        assert!((weibull_shape(rayleigh) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn samplers_reproduce_mean_and_cv() {
        let n = 400_000;
        for dist in [
            Dist::Exponential { mean_s: 300.0 },
            Dist::Lognormal {
                mean_s: 240.0,
                cv: 1.0,
            },
            Dist::Gamma {
                mean_s: 420.0,
                cv: 0.7,
            },
            Dist::Empirical {
                values_s: vec![10.0, 20.0, 60.0],
            },
            Dist::Weibull {
                mean_s: 180.0,
                cv: 0.5,
            },
            Dist::Weibull {
                mean_s: 60.0,
                cv: 1.8,
            },
        ] {
            let (mean, cv) = moments(&Sampler::new(&dist), n);
            // Five standard errors of the mean; the CV check is looser (heavier tails).
            let se = dist.mean_s() * dist.cv() / (n as f64).sqrt();
            assert!(
                (mean - dist.mean_s()).abs() < 5.0 * se,
                "{dist:?}: mean {mean}"
            );
            assert!(
                (cv - dist.cv()).abs() < 0.05 * dist.cv().max(0.1),
                "{dist:?}: cv {cv}"
            );
        }
        assert_eq!(
            Sampler::new(&Dist::Fixed { s: 5.0 }).sample(&mut Stream::new(1, 0, Purpose::Handling)),
            5.0
        );
    }
}
