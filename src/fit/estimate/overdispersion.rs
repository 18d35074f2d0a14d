//! Day-to-day overdispersion of daily call counts, as ccplan's `day_to_day_cv` models it.
//!
//! The simulator multiplies each day's expected calls μ by a busyness factor G, gamma with
//! mean 1 and coefficient of variation cv, and draws Poisson arrivals at that rate: the
//! daily count N is gamma-mixed Poisson (negative binomial) with E N = μ and
//! Var N = μ + cv² μ². Plain Poisson has cv = 0.

/// The method-of-moments estimate of the busyness cv from daily counts `counts` and their
/// expected values `expected` (the same days, in the same order; for example each weekday's
/// mean count): cv² = max(0, Σ((n − μ)² − μ) / Σ μ²), each day's squared deviation less its
/// Poisson variance, pooled with weights μ² so busy days count most. Clamped at 0 when
/// the counts vary no more than Poisson would. Estimating μ from the same counts biases
/// the deviations slightly low (by the lost degrees of freedom).
///
/// `None` if the slices are empty or differ in length, a count is negative or not finite,
/// or an expected value is not positive and finite.
pub fn day_to_day_cv(counts: &[f64], expected: &[f64]) -> Option<f64> {
    if counts.is_empty() || counts.len() != expected.len() {
        return None;
    }
    let (mut excess, mut weight) = (0.0, 0.0);
    for (&n, &mu) in counts.iter().zip(expected) {
        if !(n.is_finite() && n >= 0.0 && mu.is_finite() && mu > 0.0) {
            return None;
        }
        excess += (n - mu).powi(2) - mu;
        weight += mu * mu;
    }
    Some((excess / weight).max(0.0).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_distr::{Distribution, Gamma, Poisson};
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn recovers_the_busyness_cv() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(77);
        let days = 4000;
        let weekday = [1300.0, 1100.0, 1000.0, 950.0, 900.0];
        for cv in [0.0, 0.08, 0.2] {
            let expected: Vec<f64> = (0..days).map(|d| weekday[d % 5]).collect();
            let counts: Vec<f64> = expected
                .iter()
                .map(|&mu| {
                    let g = if cv > 0.0 {
                        Gamma::new(1.0 / (cv * cv), cv * cv)
                            .unwrap()
                            .sample(&mut rng)
                    } else {
                        1.0
                    };
                    Poisson::new(mu * g).unwrap().sample(&mut rng)
                })
                .collect();
            let got = day_to_day_cv(&counts, &expected).unwrap();
            // Each day's (n − μ)² − μ has variance about 2 Var(N)²; pooled over the days
            // and divided by Σ μ², the standard error of cv² follows.
            let var_n = |mu: f64| mu + cv * cv * mu * mu;
            let se_cv2 = (expected
                .iter()
                .map(|&m| 2.0 * var_n(m).powi(2))
                .sum::<f64>())
            .sqrt()
                / expected.iter().map(|m| m * m).sum::<f64>();
            eprintln!("day-to-day cv {cv}: estimate {got:.4}, se of cv² {se_cv2:.2e}");
            assert!((got * got - cv * cv).abs() < 4.0 * se_cv2, "cv {cv}: {got}");
        }
    }

    #[test]
    fn checks_its_input() {
        assert_eq!(day_to_day_cv(&[], &[]), None);
        assert_eq!(day_to_day_cv(&[1.0], &[1.0, 2.0]), None);
        assert_eq!(day_to_day_cv(&[1.0], &[0.0]), None);
        assert_eq!(day_to_day_cv(&[-1.0], &[3.0]), None);
        // Counts exactly at their means vary less than Poisson: clamped to 0.
        assert_eq!(day_to_day_cv(&[10.0, 20.0], &[10.0, 20.0]), Some(0.0));
        // n = 20 against μ = 10 twice: cv² = 2 (100 − 10) / 200.
        let cv = day_to_day_cv(&[20.0, 20.0], &[10.0, 10.0]).unwrap();
        assert!((cv - 0.9f64.sqrt()).abs() < 1e-15);
    }
}
