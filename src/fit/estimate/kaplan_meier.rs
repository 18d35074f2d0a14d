//! The Kaplan–Meier product-limit estimator of a survival curve from right-censored data,
//! and its restricted mean.

use super::grouped::Grouped;

/// The Kaplan–Meier estimate of S(t) = P(T > t) from event times `observed_s` [s] and
/// right-censoring times `censored_s` [s] (the event had not happened by then).
///
/// Returns one `(t_s, survival)` point per distinct event time, in increasing time, with
/// the survival just after t (the curve is a right-continuous step function, 1 before the
/// first event). At a time shared by events and censorings the events come first: a
/// censoring at t counts as still at risk at t. With no censoring the curve is one minus
/// the empirical distribution function. `None` if any value is negative or not finite.
pub fn kaplan_meier(observed_s: &[f64], censored_s: &[f64]) -> Option<Vec<(f64, f64)>> {
    let valid = |v: &f64| v.is_finite() && *v >= 0.0;
    if !observed_s.iter().all(valid) || !censored_s.iter().all(valid) {
        return None;
    }
    Some(curve(
        &Grouped::exact(observed_s),
        &Grouped::exact(censored_s),
    ))
}

/// [`kaplan_meier`] of grouped, already checked event and censoring times.
pub(super) fn curve(events: &Grouped, censored: &Grouped) -> Vec<(f64, f64)> {
    let total = events.n() + censored.n();
    let censored = censored.points();
    let mut curve = Vec::with_capacity(events.points().len());
    let mut survival = 1.0;
    // Events before t, and censorings strictly before t (they have left the risk set;
    // those at t have not).
    let (mut gone_events, mut gone_censored) = (0, 0);
    let mut j = 0;
    for &(t, ties) in events.points() {
        while j < censored.len() && censored[j].0 < t {
            gone_censored += censored[j].1;
            j += 1;
        }
        let at_risk = total - gone_events - gone_censored;
        survival *= 1.0 - ties as f64 / at_risk as f64;
        curve.push((t, survival));
        gone_events += ties;
    }
    curve
}

/// The restricted mean ∫₀^τ S(t) dt [s] of a Kaplan–Meier curve up to `tau_s` [s]: the
/// mean of min(T, τ). Usually τ is the largest time observed, events and censorings alike,
/// beyond which the curve says nothing. `None` if τ is negative or not finite.
pub fn restricted_mean_s(curve: &[(f64, f64)], tau_s: f64) -> Option<f64> {
    if !(tau_s >= 0.0 && tau_s.is_finite()) {
        return None;
    }
    let mut area = 0.0;
    let (mut last_t, mut last_s) = (0.0, 1.0);
    for &(t, s) in curve {
        if t >= tau_s {
            break;
        }
        area += last_s * (t - last_t);
        (last_t, last_s) = (t, s);
    }
    Some(area + last_s * (tau_s - last_t))
}

/// The survival of a Kaplan–Meier curve at `t_s` [s] (right-continuous).
pub fn survival_at(curve: &[(f64, f64)], t_s: f64) -> f64 {
    let after = curve.partition_point(|&(t, _)| t <= t_s);
    if after == 0 { 1.0 } else { curve[after - 1].1 }
}

/// The p-quantile of a Kaplan–Meier curve: the first event time at which 1 − S(t) ≥ p
/// (the inverse of the empirical distribution function when nothing is censored); `None`
/// if the curve never gets that far (too much censoring) or p is outside (0, 1].
pub fn quantile_s(curve: &[(f64, f64)], p: f64) -> Option<f64> {
    if !(p > 0.0 && p <= 1.0) {
        return None;
    }
    // The tolerance absorbs rounding in the product, so that with no censoring the p = 0.5
    // quantile of 2n values is exactly the n-th, as 1 − n/(2n) would give.
    curve
        .iter()
        .find(|&&(_, s)| 1.0 - s >= p - 1e-12)
        .map(|&(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_example_with_ties() {
        // Events at 1, 2, 2, 4; censored at 2, 3. At t = 2 the censoring is still at risk.
        let curve = kaplan_meier(&[1.0, 2.0, 2.0, 4.0], &[2.0, 3.0]).unwrap();
        let s1 = 5.0 / 6.0;
        let s2 = s1 * (1.0 - 2.0 / 5.0);
        let s4 = s2 * (1.0 - 1.0 / 1.0);
        let want = [(1.0, s1), (2.0, s2), (4.0, s4)];
        assert_eq!(curve.len(), 3);
        for ((t, s), (wt, ws)) in curve.iter().zip(want) {
            assert_eq!(*t, wt);
            assert!((s - ws).abs() < 1e-15);
        }
        // ∫₀^4 S = 1·1 + s1·1 + s2·2.
        let rmst = restricted_mean_s(&curve, 4.0).unwrap();
        assert!((rmst - (1.0 + s1 + 2.0 * s2)).abs() < 1e-12);
        assert_eq!(survival_at(&curve, 0.5), 1.0);
        assert_eq!(survival_at(&curve, 2.0), s2);
        assert_eq!(quantile_s(&curve, 0.5), Some(2.0));
    }

    #[test]
    fn without_censoring_it_is_the_empirical_distribution() {
        let xs = [5.0, 3.0, 3.0, 9.0, 1.0, 7.0, 7.0, 7.0];
        let curve = kaplan_meier(&xs, &[]).unwrap();
        for &(t, s) in &curve {
            let below = xs.iter().filter(|&&x| x <= t).count() as f64 / xs.len() as f64;
            assert!((1.0 - s - below).abs() < 1e-15, "t={t}");
        }
        // The restricted mean to the largest value is the sample mean.
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((restricted_mean_s(&curve, 9.0).unwrap() - mean).abs() < 1e-12);
        assert_eq!(quantile_s(&curve, 0.5), Some(5.0));
        assert_eq!(quantile_s(&curve, 1.0), Some(9.0));
    }

    #[test]
    fn rejects_bad_input_and_handles_empty() {
        assert_eq!(kaplan_meier(&[1.0, -1.0], &[]), None);
        assert_eq!(kaplan_meier(&[1.0], &[f64::NAN]), None);
        assert_eq!(kaplan_meier(&[], &[3.0]), Some(vec![]));
        assert_eq!(restricted_mean_s(&[], 3.0), Some(3.0));
        assert_eq!(quantile_s(&[(1.0, 0.8)], 0.5), None);
    }
}

#[cfg(test)]
mod against_exact {
    use super::super::family::{Family, Model};
    use super::super::test_support::{censor, sample};
    use super::*;

    #[test]
    fn tracks_the_exact_survival_curve_under_censoring() {
        let truth = Model::new(Family::Weibull, 150.0, 0.9).unwrap();
        let patience = sample(&truth, 20_000, 11);
        let (observed, censored) = censor(&patience, 200.0, 12);
        let curve = kaplan_meier(&observed, &censored).unwrap();
        // Greenwood's standard error is at most about 0.006 where S ≥ 0.1 here; a
        // supremum over the curve gets 0.02.
        let worst = curve
            .iter()
            .filter(|&&(t, _)| truth.survival(t) >= 0.1)
            .map(|&(t, s)| (s - truth.survival(t)).abs())
            .fold(0.0f64, f64::max);
        eprintln!("KM sup |Ŝ − S| where S ≥ 0.1: {worst:.4}");
        assert!(worst < 0.02, "{worst}");
        // Restricted mean to the true 80th percentile, against ∫ S by the midpoint rule.
        let tau = truth.quantile(0.8).unwrap();
        let steps = 100_000;
        let h = tau / steps as f64;
        let exact: f64 = (0..steps)
            .map(|i| truth.survival((i as f64 + 0.5) * h) * h)
            .sum();
        let got = restricted_mean_s(&curve, tau).unwrap();
        eprintln!("restricted mean to {tau:.1} s: KM {got:.3}, exact {exact:.3}");
        assert!((got - exact).abs() < 0.01 * exact);
    }
}
