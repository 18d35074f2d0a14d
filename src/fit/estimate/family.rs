//! The four candidate families, each parameterised as ccplan scenarios are: by the mean
//! [s] and the coefficient of variation (standard deviation / mean).

use super::special::{gamma_p_inverse, ln_1m_exp, ln_gamma, ln_gamma_p_q, ln_normal_sf};
use crate::engine::sampler::inverse_normal;

/// Smallest and largest coefficient of variation a two-parameter model accepts. The bounds
/// keep the Weibull shape solvable (k from about 0.09 to 1300) and every density finite.
pub const CV_RANGE: (f64, f64) = (1e-3, 100.0);

/// A distribution family ccplan can fit and simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Exponential: one parameter, cv = 1.
    Exponential,
    /// Lognormal: ln X is normal.
    Lognormal,
    /// Gamma with shape 1/cv² and scale mean · cv².
    Gamma,
    /// Weibull with shape k solved from the cv and scale from the mean.
    Weibull,
}

impl Family {
    /// All families, in the order reports list them.
    pub const ALL: [Family; 4] = [
        Family::Exponential,
        Family::Lognormal,
        Family::Gamma,
        Family::Weibull,
    ];

    /// The number of free parameters (the k of AIC = 2k − 2 ln L).
    pub fn parameter_count(self) -> usize {
        match self {
            Family::Exponential => 1,
            _ => 2,
        }
    }

    /// The family's name as scenario files spell it.
    pub fn name(self) -> &'static str {
        match self {
            Family::Exponential => "exponential",
            Family::Lognormal => "lognormal",
            Family::Gamma => "gamma",
            Family::Weibull => "weibull",
        }
    }
}

/// The natural parameters, precomputed once per model.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Natural {
    Exponential { mean_s: f64 },
    Lognormal { mu: f64, sigma: f64 },
    Gamma { shape: f64, scale_s: f64 },
    Weibull { shape: f64, scale_s: f64 },
}

/// A fully specified distribution of durations [s].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    family: Family,
    mean_s: f64,
    cv: f64,
    natural: Natural,
}

impl Model {
    /// The model of `family` with mean `mean_s` [s] > 0 and coefficient of variation `cv`
    /// in [`CV_RANGE`] (ignored for the exponential, whose cv is 1). `None` outside.
    pub fn new(family: Family, mean_s: f64, cv: f64) -> Option<Model> {
        if !(mean_s > 0.0 && mean_s.is_finite()) {
            return None;
        }
        if family != Family::Exponential && !(CV_RANGE.0..=CV_RANGE.1).contains(&cv) {
            return None;
        }
        let (cv, natural) = match family {
            Family::Exponential => (1.0, Natural::Exponential { mean_s }),
            Family::Lognormal => {
                let sigma2 = cv.powi(2).ln_1p();
                let natural = Natural::Lognormal {
                    mu: mean_s.ln() - sigma2 / 2.0,
                    sigma: sigma2.sqrt(),
                };
                (cv, natural)
            }
            Family::Gamma => {
                let (shape, scale_s) = gamma_shape_scale(mean_s, cv)?;
                (cv, Natural::Gamma { shape, scale_s })
            }
            Family::Weibull => {
                let shape = weibull_shape_from_cv(cv)?;
                let scale_s = mean_s / ln_gamma(1.0 + 1.0 / shape).exp();
                (cv, Natural::Weibull { shape, scale_s })
            }
        };
        Some(Model {
            family,
            mean_s,
            cv,
            natural,
        })
    }

    /// The family.
    pub fn family(&self) -> Family {
        self.family
    }

    /// The mean [s].
    pub fn mean_s(&self) -> f64 {
        self.mean_s
    }

    /// The coefficient of variation.
    pub fn cv(&self) -> f64 {
        self.cv
    }

    /// The Weibull shape k, or the gamma shape 1/cv²; `None` for the other families.
    pub fn shape(&self) -> Option<f64> {
        match self.natural {
            Natural::Gamma { shape, .. } | Natural::Weibull { shape, .. } => Some(shape),
            _ => None,
        }
    }

    /// ln f(x), the log density at `x_s` [s]; −∞ at x ≤ 0 or where f underflows.
    pub fn ln_pdf(&self, x_s: f64) -> f64 {
        if !(x_s > 0.0 && x_s.is_finite()) {
            return f64::NEG_INFINITY;
        }
        match self.natural {
            Natural::Exponential { mean_s } => -mean_s.ln() - x_s / mean_s,
            Natural::Lognormal { mu, sigma } => {
                let z = (x_s.ln() - mu) / sigma;
                -0.5 * z * z - x_s.ln() - sigma.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
            }
            Natural::Gamma { shape, scale_s } => {
                (shape - 1.0) * x_s.ln() - x_s / scale_s - ln_gamma(shape) - shape * scale_s.ln()
            }
            Natural::Weibull { shape, scale_s } => {
                let ln_y = (x_s / scale_s).ln();
                shape.ln() - scale_s.ln() + (shape - 1.0) * ln_y - (shape * ln_y).exp()
            }
        }
    }

    /// The density f(x) [1/s].
    pub fn pdf(&self, x_s: f64) -> f64 {
        self.ln_pdf(x_s).exp()
    }

    /// ln S(x) = ln P(X > x), finite far into the upper tail.
    pub fn ln_survival(&self, x_s: f64) -> f64 {
        if x_s <= 0.0 {
            return 0.0;
        }
        match self.natural {
            Natural::Exponential { mean_s } => -x_s / mean_s,
            Natural::Lognormal { mu, sigma } => ln_normal_sf((x_s.ln() - mu) / sigma),
            Natural::Gamma { shape, scale_s } => ln_gamma_p_q(shape, x_s / scale_s).1,
            Natural::Weibull { shape, scale_s } => -(x_s / scale_s).powf(shape),
        }
    }

    /// ln F(x) = ln P(X ≤ x), finite far into the lower tail.
    pub fn ln_cdf(&self, x_s: f64) -> f64 {
        if x_s <= 0.0 {
            return f64::NEG_INFINITY;
        }
        match self.natural {
            Natural::Lognormal { mu, sigma } => ln_normal_sf(-(x_s.ln() - mu) / sigma),
            Natural::Gamma { shape, scale_s } => ln_gamma_p_q(shape, x_s / scale_s).0,
            _ => ln_1m_exp(self.ln_survival(x_s)),
        }
    }

    /// The survival function S(x) = P(X > x).
    pub fn survival(&self, x_s: f64) -> f64 {
        self.ln_survival(x_s).exp()
    }

    /// The distribution function F(x) = P(X ≤ x).
    pub fn cdf(&self, x_s: f64) -> f64 {
        self.ln_cdf(x_s).exp()
    }

    /// The p-quantile [s], the x with F(x) = p, for p in [0, 1]; `None` outside.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        if !(0.0..=1.0).contains(&p) {
            return None;
        }
        if p == 0.0 {
            return Some(0.0);
        }
        if p == 1.0 {
            return Some(f64::INFINITY);
        }
        // −ln(1 − p), the unit-exponential quantile, without cancellation near p = 0.
        let e = -(-p).ln_1p();
        Some(match self.natural {
            Natural::Exponential { mean_s } => mean_s * e,
            Natural::Lognormal { mu, sigma } => (mu + sigma * inverse_normal(p)).exp(),
            Natural::Gamma { shape, scale_s } => scale_s * gamma_p_inverse(shape, p)?,
            Natural::Weibull { shape, scale_s } => scale_s * e.powf(1.0 / shape),
        })
    }
}

/// The gamma shape 1/cv² and scale mean · cv² [s] of the gamma with mean `mean_s` [s] and
/// coefficient of variation `cv`; `None` unless both are positive and finite.
pub fn gamma_shape_scale(mean_s: f64, cv: f64) -> Option<(f64, f64)> {
    let ok = |v: f64| v > 0.0 && v.is_finite();
    if !(ok(mean_s) && ok(cv)) {
        return None;
    }
    let cv2 = cv * cv;
    Some((1.0 / cv2, mean_s * cv2))
}

/// ln(1 + cv²) of a Weibull of shape k: lnΓ(1 + 2/k) − 2 lnΓ(1 + 1/k), decreasing in k.
pub fn weibull_ln_1p_cv2(shape: f64) -> f64 {
    ln_gamma(1.0 + 2.0 / shape) - 2.0 * ln_gamma(1.0 + 1.0 / shape)
}

/// The Weibull shape k whose cv is `cv`: the root of Γ(1+2/k)/Γ(1+1/k)² = 1 + cv², found by
/// bisection on ln k (the left side is monotone in k). `None` outside [`CV_RANGE`].
pub fn weibull_shape_from_cv(cv: f64) -> Option<f64> {
    if !(CV_RANGE.0..=CV_RANGE.1).contains(&cv) {
        return None;
    }
    let target = cv.powi(2).ln_1p();
    // k = 0.05 gives cv ≈ 1.6e9 and k = 1e4 gives cv ≈ 1.3e-4: the root lies between.
    let (mut lo, mut hi) = (0.05f64.ln(), 1e4f64.ln());
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if weibull_ln_1p_cv2(mid.exp()) > target {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-14 {
            break;
        }
    }
    Some((0.5 * (lo + hi)).exp())
}

/// The coefficient of variation of a Weibull of shape k.
pub fn weibull_cv(shape: f64) -> f64 {
    weibull_ln_1p_cv2(shape).exp_m1().max(0.0).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn weibull_shape_round_trips_and_matches_known_points() {
        // k = 1 is the exponential (cv 1); k = 2 is the Rayleigh, cv = √(4/π − 1).
        assert!((weibull_shape_from_cv(1.0).unwrap() - 1.0).abs() < 1e-10);
        let rayleigh_cv = (4.0 / std::f64::consts::PI - 1.0).sqrt();
        assert!((weibull_shape_from_cv(rayleigh_cv).unwrap() - 2.0).abs() < 1e-10);
        for cv in [1e-3, 0.05, 0.3, 0.9, 2.0, 7.0, 100.0] {
            let k = weibull_shape_from_cv(cv).unwrap();
            assert!((weibull_cv(k) - cv).abs() < 1e-8 * cv, "cv={cv} k={k}");
        }
        assert_eq!(weibull_shape_from_cv(0.0), None);
    }

    #[test]
    fn models_reject_bad_parameters() {
        assert!(Model::new(Family::Gamma, 0.0, 1.0).is_none());
        assert!(Model::new(Family::Gamma, f64::NAN, 1.0).is_none());
        assert!(Model::new(Family::Lognormal, 10.0, -1.0).is_none());
        assert!(Model::new(Family::Exponential, 10.0, f64::NAN).is_some());
        assert_eq!(gamma_shape_scale(200.0, 0.5), Some((4.0, 50.0)));
    }

    #[test]
    fn exponential_members_agree_at_cv_one() {
        // Gamma and Weibull with cv 1 are the exponential; check every function.
        let e = Model::new(Family::Exponential, 180.0, 1.0).unwrap();
        for family in [Family::Gamma, Family::Weibull] {
            let m = Model::new(family, 180.0, 1.0).unwrap();
            for x in [0.5, 10.0, 180.0, 2000.0] {
                assert!(
                    (m.ln_pdf(x) - e.ln_pdf(x)).abs() < 1e-8,
                    "{family:?} pdf {x}"
                );
                assert!((m.ln_survival(x) - e.ln_survival(x)).abs() < 1e-8 * (1.0 + x));
                assert!((m.cdf(x) - e.cdf(x)).abs() < 1e-10);
            }
            assert!((m.quantile(0.9).unwrap() - e.quantile(0.9).unwrap()).abs() < 1e-6);
        }
    }

    #[test]
    fn densities_integrate_to_the_cdf() {
        // Trapezoid integral of the pdf against the cdf: two ways to the same number.
        for family in Family::ALL {
            let m = Model::new(family, 100.0, 0.6).unwrap();
            let (a, b, n) = (20.0, 300.0, 20_000);
            let h = (b - a) / n as f64;
            let integral: f64 = (0..n)
                .map(|i| 0.5 * h * (m.pdf(a + i as f64 * h) + m.pdf(a + (i + 1) as f64 * h)))
                .sum();
            let exact = m.cdf(b) - m.cdf(a);
            assert!(
                (integral - exact).abs() < 1e-7,
                "{family:?}: {integral} vs {exact}"
            );
        }
    }

    #[test]
    fn mean_and_cv_are_the_distributions_moments() {
        // Moments by numerical integration of the survival function: E X = ∫ S,
        // E X² = ∫ 2x S.
        for family in Family::ALL {
            let m = Model::new(family, 50.0, 0.8).unwrap();
            let (n, top) = (400_000, 5000.0);
            let h = top / n as f64;
            let (mut m1, mut m2) = (0.0, 0.0);
            for i in 0..n {
                let x = (i as f64 + 0.5) * h;
                let s = m.survival(x);
                m1 += s * h;
                m2 += 2.0 * x * s * h;
            }
            let cv = (m2 - m1 * m1).sqrt() / m1;
            let want_cv = if family == Family::Exponential {
                1.0
            } else {
                0.8
            };
            assert!((m1 - 50.0).abs() < 1e-4, "{family:?}: mean {m1}");
            assert!((cv - want_cv).abs() < 1e-4, "{family:?}: cv {cv}");
        }
    }

    proptest! {
        #[test]
        fn quantile_inverts_cdf(
            family_index in 0usize..4,
            mean_s in 1.0f64..5000.0,
            cv in 0.05f64..4.0,
            z in -4.0f64..3.0,
        ) {
            let m = Model::new(Family::ALL[family_index], mean_s, cv).unwrap();
            let x = mean_s * z.exp();
            let p = m.cdf(x);
            // Far in either tail F(x) rounds to 0 or 1 and no quantile can recover x.
            prop_assume!(p > 1e-10 && p < 1.0 - 1e-10);
            let back = m.quantile(p).unwrap();
            // The quantile's conditioning: an error of one ulp in p moves x by
            // ulp(p) / f(x); allow a thousand of those on top of 1e-9 relative.
            let slack = 1e3 * f64::EPSILON * p.max(1.0 - p) / m.pdf(x);
            prop_assert!(
                (back - x).abs() <= 1e-9 * x + slack,
                "{:?} mean {} cv {}: x {} p {} back {}", m.family(), mean_s, cv, x, p, back
            );
            // The two tails are complementary.
            prop_assert!((m.cdf(x) + m.survival(x) - 1.0).abs() < 1e-12);
        }
    }
}
