//! A mixture of two exponentials fitted by maximum likelihood (EM) to right-censored
//! durations: the idle stretches of agents while callers wait are mostly the few seconds
//! an agent takes to pick up the next call, and sometimes a break of minutes; one
//! exponential would average the two into a spell neither kind has.
//!
//! With weights `w`, `1 − w` and means `m₁ < m₂`, an observed stretch `x` contributes the
//! density `w e^{−x/m₁}/m₁ + (1 − w) e^{−x/m₂}/m₂` and a censored one the survival
//! `w e^{−x/m₁} + (1 − w) e^{−x/m₂}`. EM's M-step has a closed form: `w` the mean
//! responsibility, and each mean the responsibility-weighted time at risk over the
//! responsibility-weighted number of observed ends (the censored exponential MLE).

/// Two exponential components, the shorter first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExponentialMixture {
    /// Share of stretches from the short component.
    pub short_weight: f64,
    /// Mean of the short component, seconds.
    pub short_mean_s: f64,
    /// Mean of the long component, seconds.
    pub long_mean_s: f64,
    /// EM iterations run.
    pub iterations: u32,
}

/// Fewest observed ends for a two-component fit.
pub const MIN_EVENTS: usize = 30;

const MAX_ITERATIONS: u32 = 5_000;
const TOLERANCE: f64 = 1e-10;

/// Fits the mixture to `(length_s, ended)` pairs (`ended` false = right-censored at
/// `length_s`). `None` with fewer than [`MIN_EVENTS`] observed ends, a negative or
/// non-finite length, or when the data hold no second component (the two means merge).
pub fn fit_exponential_mixture(stretches: &[(f64, bool)]) -> Option<ExponentialMixture> {
    if stretches.iter().any(|&(x, _)| !(x.is_finite() && x >= 0.0)) {
        return None;
    }
    let events = stretches.iter().filter(|s| s.1).count();
    if events < MIN_EVENTS {
        return None;
    }
    let groups = grouped(stretches);
    let total_s: f64 = stretches.iter().map(|s| s.0).sum();
    let mean = total_s / events as f64;
    if mean <= 0.0 {
        return None;
    }
    let (mut w, mut m1, mut m2): (f64, f64, f64) = (0.5, mean / 10.0, mean * 3.0);
    let mut iterations = 0;
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        let (mut r_sum, mut r_x, mut r_ev, mut q_x, mut q_ev, mut n) =
            (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for &(x, ended, count) in &groups {
            // Log-domain responsibilities: long stretches underflow the short component.
            let (l1, l2) = if ended {
                (-x / m1 - m1.ln(), -x / m2 - m2.ln())
            } else {
                (-x / m1, -x / m2)
            };
            let a = w.ln() + l1;
            let b = (1.0 - w).ln() + l2;
            let r = 1.0 / (1.0 + (b - a).exp());
            let ev = if ended { 1.0 } else { 0.0 };
            r_sum += count * r;
            r_x += count * r * x;
            r_ev += count * r * ev;
            q_x += count * (1.0 - r) * x;
            q_ev += count * (1.0 - r) * ev;
            n += count;
        }
        if r_ev <= 0.0 || q_ev <= 0.0 {
            return None;
        }
        let (w_new, m1_new, m2_new) = (r_sum / n, r_x / r_ev, q_x / q_ev);
        let change = (w_new - w).abs() + (m1_new - m1).abs() / m1 + (m2_new - m2).abs() / m2;
        (w, m1, m2) = (w_new, m1_new, m2_new);
        if !(w > 0.0 && w < 1.0 && m1 > 0.0 && m2 > 0.0) {
            return None;
        }
        if change < TOLERANCE {
            break;
        }
    }
    let (short_weight, short_mean_s, long_mean_s) = if m1 <= m2 {
        (w, m1, m2)
    } else {
        (1.0 - w, m2, m1)
    };
    // Components that merged (or one that holds next to nothing) are no mixture.
    if long_mean_s < 1.5 * short_mean_s || !(0.001..=0.999).contains(&short_weight) {
        return None;
    }
    Some(ExponentialMixture {
        short_weight,
        short_mean_s,
        long_mean_s,
        iterations,
    })
}

/// Distinct `(length, ended)` pairs with their counts: logs record whole seconds, so a
/// million stretches hold a few thousand distinct values.
fn grouped(stretches: &[(f64, bool)]) -> Vec<(f64, bool, f64)> {
    let mut v: Vec<(f64, bool)> = stretches.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<(f64, bool, f64)> = Vec::new();
    for (x, e) in v {
        match out.last_mut() {
            Some(last) if last.0 == x && last.1 == e => last.2 += 1.0,
            _ => out.push((x, e, 1.0)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_distr::{Bernoulli, Distribution, Exp};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Stretches from a known mixture, each censored at an exponential window end.
    fn sample(n: usize, w: f64, m1: f64, m2: f64, window_s: f64, seed: u64) -> Vec<(f64, bool)> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let short = Exp::new(1.0 / m1).unwrap();
        let long = Exp::new(1.0 / m2).unwrap();
        let window = Exp::new(1.0 / window_s).unwrap();
        let pick_short = Bernoulli::new(w).unwrap();
        (0..n)
            .map(|_| {
                let x = if pick_short.sample(&mut rng) {
                    short.sample(&mut rng)
                } else {
                    long.sample(&mut rng)
                };
                let c = window.sample(&mut rng);
                if x <= c { (x, true) } else { (c, false) }
            })
            .collect()
    }

    #[test]
    fn recovers_a_known_mixture_through_censoring() {
        // The bank's shape: four in five stretches a pick-up of ~8 s, the rest breaks of
        // minutes, cut by waiting periods of ~10 minutes.
        let x = sample(40_000, 0.8, 8.0, 160.0, 600.0, 11);
        let m = fit_exponential_mixture(&x).unwrap();
        assert!((m.short_weight - 0.8).abs() < 0.02, "{m:?}");
        assert!((m.short_mean_s / 8.0 - 1.0).abs() < 0.05, "{m:?}");
        assert!((m.long_mean_s / 160.0 - 1.0).abs() < 0.05, "{m:?}");
        // Ignoring the censoring would shorten the long spells.
        let naive: Vec<(f64, bool)> = x.iter().map(|&(v, _)| (v, true)).collect();
        let n = fit_exponential_mixture(&naive).unwrap();
        assert!(n.long_mean_s < 0.9 * m.long_mean_s, "{n:?} vs {m:?}");
    }

    #[test]
    fn one_exponential_is_no_mixture() {
        let x = sample(20_000, 1.0, 60.0, 60.0, 1e9, 12);
        assert!(fit_exponential_mixture(&x).is_none());
    }

    #[test]
    fn too_few_or_bad_values_fit_nothing() {
        let few: Vec<(f64, bool)> = (0..29).map(|i| (i as f64, true)).collect();
        assert!(fit_exponential_mixture(&few).is_none());
        let mut bad = sample(1_000, 0.8, 8.0, 160.0, 600.0, 13);
        bad[5].0 = f64::NAN;
        assert!(fit_exponential_mixture(&bad).is_none());
        bad[5].0 = -1.0;
        assert!(fit_exponential_mixture(&bad).is_none());
        let all_censored: Vec<(f64, bool)> = (0..100).map(|i| (i as f64, false)).collect();
        assert!(fit_exponential_mixture(&all_censored).is_none());
    }
}
