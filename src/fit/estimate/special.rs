//! Special functions for the fitted families: log-gamma, digamma, trigamma, the regularized
//! incomplete gamma functions and their inverse, and the standard normal tails.

use crate::erlang::gamma::{lower_gamma_series, upper_gamma_cf};

/// ln Γ(x) for x > 0.
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// The digamma function ψ(x) = d ln Γ(x) / dx for x > 0: shifted up to x ≥ 10 by the
/// recurrence ψ(x) = ψ(x + 1) − 1/x, then the asymptotic series to the x⁻¹² term (the
/// first term left out is below 1e-15 there).
pub fn digamma(x: f64) -> f64 {
    let mut x = x;
    let mut shift = 0.0;
    while x < 10.0 {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let r = 1.0 / (x * x);
    let series = r
        * (1.0 / 12.0
            - r * (1.0 / 120.0
                - r * (1.0 / 252.0
                    - r * (1.0 / 240.0 - r * (1.0 / 132.0 - r * (691.0 / 32760.0))))));
    shift + x.ln() - 0.5 / x - series
}

/// The trigamma function ψ′(x) for x > 0, by the recurrence ψ′(x) = ψ′(x + 1) + 1/x² and
/// the asymptotic series to the x⁻¹¹ term at x ≥ 10.
pub fn trigamma(x: f64) -> f64 {
    let mut x = x;
    let mut shift = 0.0;
    while x < 10.0 {
        shift += 1.0 / (x * x);
        x += 1.0;
    }
    let r = 1.0 / (x * x);
    let series = 1.0 / x
        + r / 2.0
        + r / x
            * (1.0 / 6.0
                - r * (1.0 / 30.0 - r * (1.0 / 42.0 - r * (1.0 / 30.0 - r * (5.0 / 66.0)))));
    shift + series
}

/// ln of the prefactor e^−x · x^a / Γ(a) shared by the series and the continued fraction.
fn ln_prefactor(a: f64, x: f64) -> f64 {
    -x + a * x.ln() - ln_gamma(a)
}

/// ln P(a, x) and ln Q(a, x), the logs of the regularized lower and upper incomplete gamma
/// functions, for shape a > 0 and x ≥ 0. Each is computed directly where it is small, so
/// neither loses precision in its own tail.
pub fn ln_gamma_p_q(a: f64, x: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (f64::NEG_INFINITY, 0.0);
    }
    if x.is_infinite() {
        return (0.0, f64::NEG_INFINITY);
    }
    if x < a + 1.0 {
        let ln_p = ln_prefactor(a, x) + lower_gamma_series(a, x).ln();
        (ln_p, ln_1m_exp(ln_p))
    } else {
        let ln_q = ln_prefactor(a, x) + upper_gamma_cf(a, x).ln();
        (ln_1m_exp(ln_q), ln_q)
    }
}

/// The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a).
pub fn gamma_p(a: f64, x: f64) -> f64 {
    ln_gamma_p_q(a, x).0.exp()
}

/// The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x).
pub fn gamma_q(a: f64, x: f64) -> f64 {
    ln_gamma_p_q(a, x).1.exp()
}

/// ln(1 − e^y) for y ≤ 0, accurate at both ends (Mächler 2012).
pub fn ln_1m_exp(y: f64) -> f64 {
    if y > -std::f64::consts::LN_2 {
        (-y.exp_m1()).ln()
    } else {
        (-y.exp()).ln_1p()
    }
}

/// The x with P(a, x) = p, for a > 0 and p in [0, 1]: Numerical Recipes' starting guess
/// (Wilson–Hilferty above a = 1, the small-x power law below), then Halley steps on
/// whichever of P and Q is below one half, so the upper tail keeps its precision.
/// Returns `None` for arguments outside the domain.
pub fn gamma_p_inverse(a: f64, p: f64) -> Option<f64> {
    if !(a > 0.0 && a.is_finite() && (0.0..=1.0).contains(&p)) {
        return None;
    }
    if p == 0.0 {
        return Some(0.0);
    }
    if p == 1.0 {
        return Some(f64::INFINITY);
    }
    let ln_ga = ln_gamma(a);
    let mut x = if a > 1.0 {
        let pp = if p < 0.5 { p } else { 1.0 - p };
        let t = (-2.0 * pp.ln()).sqrt();
        let z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t;
        let z = if p < 0.5 { z } else { -z };
        (a * (1.0 - 1.0 / (9.0 * a) + z / (3.0 * a.sqrt())).powi(3)).max(1e-3 * a)
    } else {
        let t = 1.0 - a * (0.253 + a * 0.12);
        if p < t {
            // (p/t)^(1/a) in logs: it may be far below f64's smallest normal for tiny a.
            ((p / t).ln() / a).exp().max(f64::MIN_POSITIVE)
        } else {
            1.0 - (-(p - t) / (1.0 - t)).ln_1p()
        }
    };
    let upper = p > 0.5;
    let target = if upper { 1.0 - p } else { p };
    for _ in 0..100 {
        let (ln_p, ln_q) = ln_gamma_p_q(a, x);
        // err is P(x) − p, written through Q in the upper half.
        let err = if upper {
            target - ln_q.exp()
        } else {
            ln_p.exp() - target
        };
        let density = ((a - 1.0) * x.ln() - x - ln_ga).exp();
        if !(density > 0.0 && density.is_finite()) {
            break;
        }
        let u = err / density;
        // Halley's correction uses f''/f' = (a − 1)/x − 1 for the gamma density.
        let step = u / (1.0 - 0.5 * (u * ((a - 1.0) / x - 1.0)).min(1.0));
        let mut next = x - step;
        if next <= 0.0 {
            next = 0.5 * x;
        }
        let converged = (next - x).abs() <= 1e-15 * next;
        x = next;
        if converged {
            break;
        }
    }
    Some(x)
}

/// ln Φ̄(z) = ln P(Z > z) for a standard normal Z, finite far into the upper tail.
pub fn ln_normal_sf(z: f64) -> f64 {
    if z < 37.0 {
        (0.5 * libm::erfc(z / std::f64::consts::SQRT_2)).ln()
    } else {
        // Beyond z = 37, erfc underflows; the asymptotic series is exact to f64 there.
        let r = 1.0 / (z * z);
        -0.5 * z * z - z.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
            + (1.0 - r * (1.0 - 3.0 * r * (1.0 - 5.0 * r))).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// P(χ²_k ≤ x) for even k = 2m is 1 − e^(−x/2) Σ_{j<m} (x/2)^j / j!: the Poisson sum.
    fn chi_square_cdf_even(k: u32, x: f64) -> f64 {
        let h = x / 2.0;
        let mut term = 1.0;
        let mut sum = 0.0;
        for j in 0..k / 2 {
            if j > 0 {
                term *= h / j as f64;
            }
            sum += term;
        }
        1.0 - (-h).exp() * sum
    }

    #[test]
    fn gamma_p_matches_chi_square_poisson_sums() {
        for k in [2u32, 4, 10, 30, 100] {
            for x in [0.1, 1.0, 3.0, 10.0, 29.0, 31.0, 80.0, 120.0] {
                let exact = chi_square_cdf_even(k, x);
                let got = gamma_p(k as f64 / 2.0, x / 2.0);
                assert!((got - exact).abs() < 1e-13, "k={k} x={x}: {got} vs {exact}");
            }
        }
        // Tail precision: Q(1, x) = e^−x exactly.
        let ln_q = ln_gamma_p_q(1.0, 700.0).1;
        assert!((ln_q + 700.0).abs() < 1e-9, "{ln_q}");
        // A published value: P(0.5, 2) = erf(√2) = 0.954499736103642.
        assert!((gamma_p(0.5, 2.0) - 0.954_499_736_103_642).abs() < 1e-14);
    }

    #[test]
    fn digamma_and_trigamma_match_known_values() {
        let euler = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + euler).abs() < 1e-13);
        assert!((digamma(0.5) + euler + 2.0 * std::f64::consts::LN_2).abs() < 1e-13);
        let pi2_6 = std::f64::consts::PI.powi(2) / 6.0;
        assert!((trigamma(1.0) - pi2_6).abs() < 1e-13);
        assert!((trigamma(0.5) - 3.0 * pi2_6).abs() < 1e-12);
        assert!((digamma(100.0) - 4.600_161_852_738_087).abs() < 1e-13);
    }

    #[test]
    fn gamma_p_inverse_inverts_gamma_p() {
        for a in [0.05, 0.3, 1.0, 2.5, 40.0, 1e4] {
            for p in [1e-12, 1e-4, 0.1, 0.5, 0.9, 0.9999, 1.0 - 1e-12] {
                let x = gamma_p_inverse(a, p).unwrap();
                let (ln_p, ln_q) = ln_gamma_p_q(a, x);
                let err = if p > 0.5 {
                    (ln_q.exp() - (1.0 - p)).abs() / (1.0 - p)
                } else {
                    (ln_p.exp() - p).abs() / p
                };
                assert!(err < 1e-9, "a={a} p={p}: x={x} err={err}");
            }
        }
        assert_eq!(gamma_p_inverse(-1.0, 0.5), None);
        assert_eq!(gamma_p_inverse(1.0, 1.5), None);
    }

    #[test]
    fn normal_tail_is_continuous_across_the_switch() {
        let below = ln_normal_sf(37.0 - 1e-9);
        let above = ln_normal_sf(37.0 + 1e-9);
        assert!((below - above).abs() < 1e-6, "{below} vs {above}");
        assert!((ln_normal_sf(0.0) - 0.5f64.ln()).abs() < 1e-15);
    }
}
