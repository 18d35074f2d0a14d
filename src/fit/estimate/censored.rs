//! Maximum-likelihood fits to right-censored samples: caller patience from queue waits.
//!
//! An abandoned call's wait is an observed patience; an answered call's wait is a
//! right-censored one (the caller would have waited at least that long). The likelihood is
//! Π f(observed) · Π S(censored).

use super::family::{CV_RANGE, Family, Model};
use super::fitted::{Fitted, grouped_log_likelihood, prepare_observed, summarize, valid_censored};
use super::grouped::Grouped;
use super::nelder_mead::{Tolerance, minimize};

/// The box searched for the mean [s]; a maximum on its edge means the data do not bound
/// the mean (too few events) and no fit is returned.
const MEAN_RANGE_S: (f64, f64) = (1e-3, 1e9);
/// Convergence of the simplex, on ln L per value and on (ln mean, ln cv).
const TOLERANCE: Tolerance = Tolerance { f: 1e-13, x: 1e-9 };
/// How close to the search box's edge [in ln units] a maximum counts as on it.
const EDGE: f64 = 1e-6;

/// Fits `family` to event times `observed_s` [s] (raised to at least
/// [`MIN_DURATION_S`](super::fitted::MIN_DURATION_S)) and right-censoring times
/// `censored_s` [s] by maximum likelihood.
///
/// The exponential has the closed form mean = (Σ observed + Σ censored) / #observed:
/// total exposure over events. The other families are maximised over (ln mean, ln cv) by
/// Nelder–Mead from the exponential fit (cv 1), with a convergence check and a restart.
/// A censoring time of 0 contributes ln S(0) = 0, as it should: it says nothing.
/// Each evaluation of the likelihood costs one density or survival per distinct value, with
/// large samples grouped as in [`fit_uncensored`](super::fit_uncensored).
///
/// `None` on a negative or non-finite value, with no events (one-parameter) or fewer than
/// two events (two-parameter families), or when the maximum is not found inside mean
/// 1e-3..1e9 s and [`CV_RANGE`](super::family::CV_RANGE).
pub fn fit_censored(observed_s: &[f64], censored_s: &[f64], family: Family) -> Option<Fitted> {
    let (observed, censored) = group_censored(observed_s, censored_s)?;
    fit_grouped(&observed, &censored, family)
}

/// The events `observed_s`, prepared, and the censorings `censored_s`, grouped for
/// fitting; `None` on a negative or non-finite value.
pub(super) fn group_censored(observed_s: &[f64], censored_s: &[f64]) -> Option<(Grouped, Grouped)> {
    let observed = prepare_observed(observed_s)?;
    if !valid_censored(censored_s) {
        return None;
    }
    let n = observed.len() + censored_s.len();
    Some((
        Grouped::for_fitting(&observed, n),
        Grouped::for_fitting(censored_s, n),
    ))
}

/// [`fit_censored`] on prepared, grouped data.
pub(super) fn fit_grouped(
    observed: &Grouped,
    censored: &Grouped,
    family: Family,
) -> Option<Fitted> {
    if observed.n() < family.parameter_count() {
        return None;
    }
    let exposure_s = observed.sum() + censored.sum();
    let exponential_mean_s = exposure_s / observed.n() as f64;
    let model = match family {
        Family::Exponential => Model::new(family, exponential_mean_s, 1.0)?,
        _ => maximise(family, observed, censored, exponential_mean_s)?,
    };
    summarize(model, observed, censored)
}

fn maximise(
    family: Family,
    observed: &Grouped,
    censored: &Grouped,
    start_mean_s: f64,
) -> Option<Model> {
    let n = (observed.n() + censored.n()) as f64;
    let (ln_mean_lo, ln_mean_hi) = (MEAN_RANGE_S.0.ln(), MEAN_RANGE_S.1.ln());
    let (ln_cv_lo, ln_cv_hi) = (CV_RANGE.0.ln(), CV_RANGE.1.ln());
    let inside = |p: &[f64; 2]| {
        (ln_mean_lo..=ln_mean_hi).contains(&p[0]) && (ln_cv_lo..=ln_cv_hi).contains(&p[1])
    };
    // −ln L per value, so that the tolerance does not depend on the sample size.
    let objective = |p: &[f64; 2]| {
        if !inside(p) {
            return f64::INFINITY;
        }
        Model::new(family, p[0].exp(), p[1].exp()).map_or(f64::INFINITY, |m| {
            -grouped_log_likelihood(&m, observed, censored) / n
        })
    };
    let start = [start_mean_s.ln().clamp(ln_mean_lo, ln_mean_hi), 0.0];
    let (best, _) = minimize(objective, start, [0.3, 0.3], TOLERANCE)?;
    let on_edge = best[0] - ln_mean_lo < EDGE
        || ln_mean_hi - best[0] < EDGE
        || best[1] - ln_cv_lo < EDGE
        || ln_cv_hi - best[1] < EDGE;
    if on_edge {
        return None;
    }
    Model::new(family, best[0].exp(), best[1].exp())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{censor, sample, standard_errors};
    use super::super::uncensored::fit_uncensored;
    use super::*;

    #[test]
    fn recovers_patience_under_independent_exponential_waits() {
        let n = 20_000;
        for (i, (family, mean_s, cv)) in [
            (Family::Exponential, 180.0, 1.0),
            (Family::Lognormal, 150.0, 1.3),
            (Family::Gamma, 200.0, 0.7),
            // A cv of 0.8 keeps under 0.1% of the mass below MIN_DURATION_S (see there).
            (Family::Weibull, 150.0, 0.8),
        ]
        .into_iter()
        .enumerate()
        {
            let truth = Model::new(family, mean_s, cv).unwrap();
            let patience = sample(&truth, n, 200 + i as u64);
            // Waits with mean 120 s censor between a third and a half of the callers.
            let (observed, censored) = censor(&patience, 120.0, 300 + i as u64);
            let fit = fit_censored(&observed, &censored, family).unwrap();
            let (se_mean, se_cv) = standard_errors(&fit.model, &observed, &censored);
            let (err_mean, err_cv) = (fit.model.mean_s() - mean_s, fit.model.cv() - cv);
            eprintln!(
                "{family:?}: {} events, {} censored; mean {:.3} (err {err_mean:+.3}, se \
                 {se_mean:.3}), cv {:.4} (err {err_cv:+.4}, se {se_cv:.4}), KS {:.4}",
                observed.len(),
                censored.len(),
                fit.model.mean_s(),
                fit.model.cv(),
                fit.ks_distance
            );
            assert!(err_mean.abs() < 4.0 * se_mean, "{family:?} mean");
            assert!(se_mean < 0.05 * mean_s, "{family:?} mean se {se_mean}");
            if family != Family::Exponential {
                assert!(err_cv.abs() < 4.0 * se_cv, "{family:?} cv");
                assert!(se_cv < 0.1 * cv, "{family:?} cv se {se_cv}");
            }
            assert!(fit.ks_distance < 0.03, "{family:?} KS {}", fit.ks_distance);
        }
    }

    #[test]
    fn without_censoring_it_agrees_with_the_closed_forms() {
        // Two routes to the same maximum: Nelder–Mead and the uncensored MLE equations.
        let truth = Model::new(Family::Gamma, 90.0, 0.5).unwrap();
        let x = sample(&truth, 3000, 17);
        for family in Family::ALL {
            let direct = fit_uncensored(&x, family).unwrap();
            let simplex = fit_censored(&x, &[], family).unwrap();
            let rel = |a: f64, b: f64| (a - b).abs() / b;
            assert!(
                rel(simplex.model.mean_s(), direct.model.mean_s()) < 1e-6,
                "{family:?}"
            );
            assert!(
                rel(simplex.model.cv(), direct.model.cv()) < 1e-6,
                "{family:?}"
            );
            assert!((simplex.log_likelihood - direct.log_likelihood).abs() < 1e-6);
        }
    }

    #[test]
    fn zero_waits_and_degenerate_inputs() {
        // Answered at once: censored at 0 leaves the likelihood unchanged.
        let observed = [30.0, 50.0, 70.0, 200.0];
        let a = fit_censored(&observed, &[100.0], Family::Lognormal).unwrap();
        let b = fit_censored(&observed, &[100.0, 0.0, 0.0], Family::Lognormal).unwrap();
        assert!((a.log_likelihood - b.log_likelihood).abs() < 1e-9);
        assert!((a.model.mean_s() - b.model.mean_s()).abs() < 1e-6 * a.model.mean_s());
        // Exponential: exposure over events.
        let e = fit_censored(&[10.0, 20.0], &[0.0, 30.0], Family::Exponential).unwrap();
        assert!((e.model.mean_s() - 30.0).abs() < 1e-12);
        assert!(fit_censored(&[], &[5.0], Family::Exponential).is_none());
        assert!(fit_censored(&[5.0], &[5.0], Family::Gamma).is_none());
        assert!(fit_censored(&[5.0, 6.0], &[-1.0], Family::Exponential).is_none());
    }
}
