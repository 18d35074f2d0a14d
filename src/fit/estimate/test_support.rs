//! Test helpers: seeded samples from each family and standard errors from the observed
//! information.

use rand::SeedableRng;
use rand_distr::{Distribution, Exp, Gamma, LogNormal, Weibull};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::family::{Family, Model, gamma_shape_scale, weibull_shape_from_cv};
use super::fitted::log_likelihood;
use super::special::ln_gamma;

/// `n` draws from `model` by rand_distr's samplers (independent of the code under test).
pub(super) fn sample(model: &Model, n: usize, seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let (mean_s, cv) = (model.mean_s(), model.cv());
    match model.family() {
        Family::Exponential => {
            let d = Exp::new(1.0 / mean_s).unwrap();
            (0..n).map(|_| d.sample(&mut rng)).collect()
        }
        Family::Lognormal => {
            let sigma2 = (cv * cv).ln_1p();
            let d = LogNormal::new(mean_s.ln() - sigma2 / 2.0, sigma2.sqrt()).unwrap();
            (0..n).map(|_| d.sample(&mut rng)).collect()
        }
        Family::Gamma => {
            let (shape, scale) = gamma_shape_scale(mean_s, cv).unwrap();
            let d = Gamma::new(shape, scale).unwrap();
            (0..n).map(|_| d.sample(&mut rng)).collect()
        }
        Family::Weibull => {
            let k = weibull_shape_from_cv(cv).unwrap();
            let d = Weibull::new(mean_s / ln_gamma(1.0 + 1.0 / k).exp(), k).unwrap();
            (0..n).map(|_| d.sample(&mut rng)).collect()
        }
    }
}

/// Splits patience `patience_s` by independent exponential waits of mean `wait_mean_s`:
/// a caller whose patience is below the wait abandons (observed), the others are answered
/// after their wait (censored there).
pub(super) fn censor(patience_s: &[f64], wait_mean_s: f64, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let waits = Exp::new(1.0 / wait_mean_s).unwrap();
    let (mut observed, mut censored) = (Vec::new(), Vec::new());
    for &p in patience_s {
        let w = waits.sample(&mut rng);
        if p <= w {
            observed.push(p);
        } else {
            censored.push(w);
        }
    }
    (observed, censored)
}

/// Standard errors of the fitted mean and cv from the observed information: the inverse
/// of the negative Hessian of ln L in (ln mean, ln cv), by central differences, mapped
/// back by the delta method. The exponential has no cv; its cv error is 0.
pub(super) fn standard_errors(fit: &Model, observed: &[f64], censored: &[f64]) -> (f64, f64) {
    let family = fit.family();
    let at = |u: f64, v: f64| {
        let m = Model::new(family, fit.mean_s() * u.exp(), fit.cv() * v.exp()).unwrap();
        log_likelihood(&m, observed, censored)
    };
    let h = 1e-3;
    let huu = (at(h, 0.0) - 2.0 * at(0.0, 0.0) + at(-h, 0.0)) / (h * h);
    if family == Family::Exponential {
        return (fit.mean_s() / (-huu).sqrt(), 0.0);
    }
    let hvv = (at(0.0, h) - 2.0 * at(0.0, 0.0) + at(0.0, -h)) / (h * h);
    let huv = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4.0 * h * h);
    // Covariance = (−H)⁻¹ for the 2×2 information matrix.
    let det = huu * hvv - huv * huv;
    let var_u = -hvv / det;
    let var_v = -huu / det;
    (fit.mean_s() * var_u.sqrt(), fit.cv() * var_v.sqrt())
}
