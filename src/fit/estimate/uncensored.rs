//! Maximum-likelihood fits to complete (uncensored) samples, such as handling times.

use super::family::{Family, Model, weibull_cv};
use super::fitted::{Fitted, prepare_observed, summarize};
use super::grouped::Grouped;
use super::root::newton_bisect;
use super::special::{digamma, ln_gamma, trigamma};

/// Fits `family` to durations `values_s` [s] by maximum likelihood, after raising values
/// below [`MIN_DURATION_S`](super::fitted::MIN_DURATION_S) to it.
///
/// - exponential: the mean;
/// - lognormal: the mean μ and standard deviation σ (divisor n) of ln x, converted to
///   mean = e^(μ + σ²/2) and cv = √(e^σ² − 1);
/// - gamma: the shape a solving ln a − ψ(a) = ln x̄ − mean(ln x), scale x̄ / a;
/// - Weibull: the shape k solving Σ xᵏ ln x / Σ xᵏ − 1/k = mean(ln x), scale
///   (mean of xᵏ)^(1/k).
///
/// Every sum runs over the distinct values with their counts; samples of more than
/// [`GRID_MIN_N`](super::GRID_MIN_N) values first have their values merged on a grid of
/// [`GRID_S`](super::GRID_S) (a change to each log-likelihood term bounded in the
/// `grouped` module).
///
/// `None` if the sample is empty, holds a negative or non-finite value, has fewer than two
/// distinct values (two-parameter families), or the fitted cv falls outside
/// [`CV_RANGE`](super::family::CV_RANGE).
pub fn fit_uncensored(values_s: &[f64], family: Family) -> Option<Fitted> {
    fit_grouped(&group_uncensored(values_s)?, family)
}

/// The prepared sample `values_s` grouped for fitting; `None` on a negative or non-finite
/// value.
pub(super) fn group_uncensored(values_s: &[f64]) -> Option<Grouped> {
    let x = prepare_observed(values_s)?;
    Some(Grouped::for_fitting(&x, x.len()))
}

/// [`fit_uncensored`] on a prepared, grouped sample.
pub(super) fn fit_grouped(x: &Grouped, family: Family) -> Option<Fitted> {
    if x.n() == 0 {
        return None;
    }
    let model = match family {
        Family::Exponential => Model::new(family, mean(x), 1.0),
        Family::Lognormal => lognormal_mle(x),
        Family::Gamma => gamma_mle(x),
        Family::Weibull => weibull_mle(x),
    }?;
    summarize(model, x, &Grouped::default())
}

fn mean(x: &Grouped) -> f64 {
    x.sum() / x.n() as f64
}

/// The mean and the variance (divisor n) of ln x, by two passes for accuracy.
fn log_mean_variance(x: &Grouped) -> (f64, f64) {
    let n = x.n() as f64;
    let mu = x.sum_of(f64::ln) / n;
    let var = x.sum_of(|v| (v.ln() - mu).powi(2)) / n;
    (mu, var)
}

fn lognormal_mle(x: &Grouped) -> Option<Model> {
    let (mu, sigma2) = log_mean_variance(x);
    if !(sigma2 > 0.0 && sigma2.is_finite()) {
        return None;
    }
    Model::new(
        Family::Lognormal,
        (mu + sigma2 / 2.0).exp(),
        sigma2.exp_m1().sqrt(),
    )
}

fn gamma_mle(x: &Grouped) -> Option<Model> {
    let x_bar = mean(x);
    let (mean_ln, _) = log_mean_variance(x);
    // s ≥ 0 by Jensen's inequality; 0 only when every value is the same.
    let s = x_bar.ln() - mean_ln;
    if !(s > 0.0 && s.is_finite()) {
        return None;
    }
    // g(u) = ln a − ψ(a) − s with a = eᵘ falls from +∞ to −s; dg/du = a (1/a − ψ′(a)).
    let g = |u: f64| {
        let a = u.exp();
        (a.ln() - digamma(a) - s, 1.0 - a * trigamma(a))
    };
    // a from 1e-5 to 1e7 covers cv from 316 down to 3e-4, beyond CV_RANGE on both sides.
    let shape = newton_bisect(g, 1e-5f64.ln(), 1e7f64.ln())?.exp();
    Model::new(Family::Gamma, x_bar, 1.0 / shape.sqrt())
}

fn weibull_mle(x: &Grouped) -> Option<Model> {
    let (mean_ln, var_ln) = log_mean_variance(x);
    if !(var_ln > 0.0 && var_ln.is_finite()) {
        return None;
    }
    // Work with y = x / max(x) ≤ 1 so that yᵏ never overflows; the shape equation is
    // unchanged by the scaling, as both of its means of ln shift by the same constant.
    let x_max = x.max();
    let ln_y: Vec<(f64, f64)> = x
        .points()
        .iter()
        .map(|&(v, c)| ((v / x_max).ln(), c as f64))
        .collect();
    let mean_ln_y = mean_ln - x_max.ln();
    // h(k) = Σ yᵏ ln y / Σ yᵏ − 1/k − mean(ln y) rises from −∞ to −mean(ln y) > 0; in
    // u = ln k, dh/du = k (weighted variance of ln y + 1/k²).
    let moments = |k: f64| {
        let (mut s0, mut s1, mut s2) = (0.0, 0.0, 0.0);
        for &(l, c) in &ln_y {
            let w = c * (k * l).exp();
            s0 += w;
            s1 += w * l;
            s2 += w * l * l;
        }
        (s0, s1 / s0, s2 / s0)
    };
    let h = |u: f64| {
        let k = u.exp();
        let (_, m1, m2) = moments(k);
        (
            m1 - 1.0 / k - mean_ln_y,
            k * ((m2 - m1 * m1).max(0.0) + 1.0 / (k * k)),
        )
    };
    // k from 0.02 to 1e5 covers cv from 1e12 down to 1.3e-5, beyond CV_RANGE.
    let shape = newton_bisect(h, 0.02f64.ln(), 1e5f64.ln())?.exp();
    let (s0, _, _) = moments(shape);
    let ln_scale = x_max.ln() + (s0 / x.n() as f64).ln() / shape;
    let mean_s = (ln_scale + ln_gamma(1.0 + 1.0 / shape)).exp();
    Model::new(Family::Weibull, mean_s, weibull_cv(shape))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{sample, standard_errors};
    use super::*;

    #[test]
    fn recovers_mean_and_cv_of_each_family() {
        let n = 20_000;
        for (i, (family, mean_s, cv)) in [
            (Family::Exponential, 300.0, 1.0),
            (Family::Lognormal, 240.0, 1.2),
            (Family::Gamma, 420.0, 0.6),
            (Family::Weibull, 180.0, 0.8),
        ]
        .into_iter()
        .enumerate()
        {
            let truth = Model::new(family, mean_s, cv).unwrap();
            let x = sample(&truth, n, 100 + i as u64);
            let fit = fit_uncensored(&x, family).unwrap();
            let (se_mean, se_cv) = standard_errors(&fit.model, &prepare_observed(&x).unwrap(), &[]);
            let (err_mean, err_cv) = (fit.model.mean_s() - mean_s, fit.model.cv() - cv);
            eprintln!(
                "{family:?}: mean {:.3} (err {err_mean:+.3}, se {se_mean:.3}), cv {:.4} \
                 (err {err_cv:+.4}, se {se_cv:.4}), KS {:.4}",
                fit.model.mean_s(),
                fit.model.cv(),
                fit.ks_distance
            );
            // Four standard errors: a correct estimator fails this once in 16,000 runs.
            assert!(err_mean.abs() < 4.0 * se_mean, "{family:?} mean");
            assert!(se_mean < 0.02 * mean_s, "{family:?} mean se {se_mean}");
            if family != Family::Exponential {
                assert!(err_cv.abs() < 4.0 * se_cv, "{family:?} cv");
                assert!(se_cv < 0.05 * cv, "{family:?} cv se {se_cv}");
            }
            // With n = 20,000 the KS distance of the true family is about 0.9/√n ≈ 0.006.
            assert!(fit.ks_distance < 1.63 / (n as f64).sqrt(), "{family:?} KS");
        }
    }

    #[test]
    fn fits_are_likelihood_maxima() {
        // Nudging either parameter of the fit lowers the likelihood.
        let truth = Model::new(Family::Weibull, 60.0, 1.5).unwrap();
        let x = prepare_observed(&sample(&truth, 2000, 9)).unwrap();
        for family in [Family::Lognormal, Family::Gamma, Family::Weibull] {
            let fit = fit_uncensored(&x, family).unwrap();
            let (m, c) = (fit.model.mean_s(), fit.model.cv());
            for (dm, dc) in [(1.001, 1.0), (0.999, 1.0), (1.0, 1.001), (1.0, 0.999)] {
                let other = Model::new(family, m * dm, c * dc).unwrap();
                let ln_l = super::super::fitted::log_likelihood(&other, &x, &[]);
                assert!(ln_l < fit.log_likelihood, "{family:?} {dm} {dc}");
            }
        }
    }

    #[test]
    fn degenerate_and_bad_samples_give_none() {
        assert!(fit_uncensored(&[], Family::Exponential).is_none());
        assert!(fit_uncensored(&[5.0, -1.0], Family::Exponential).is_none());
        for family in [Family::Lognormal, Family::Gamma, Family::Weibull] {
            assert!(
                fit_uncensored(&[7.0, 7.0, 7.0], family).is_none(),
                "{family:?}"
            );
        }
        // Zeros are raised to 0.5 s, so a sample with zeros still fits.
        let fit = fit_uncensored(&[0.0, 0.0, 1.0, 2.0, 3.0], Family::Gamma).unwrap();
        assert!(fit.log_likelihood.is_finite());
        assert!((fit.model.mean_s() - 7.0 / 5.0).abs() < 1e-12);
    }
}
