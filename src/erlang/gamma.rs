//! The incomplete gamma function's series and continued fraction: Jagerman's formula for
//! Erlang B at a fractional number of agents uses them at small shape, and the gamma
//! distribution fitted by `ccplan fit` at any shape.

/// Relative accuracy at which the series and the continued fraction stop.
const EPS: f64 = 1e-16;
/// Guard against a zero denominator in Lentz's algorithm.
const TINY: f64 = 1e-300;
/// Iteration cap: both expansions need about √a + 10 terms where they are used (the
/// series for x < a + 1, the fraction for x ≥ a + 1), far fewer than this.
const MAX_ITER: usize = 100_000;

/// 1/B(f, A) = e^A · A^-f · Γ(f+1, A), the reciprocal of Erlang B at `f` ∈ [0, 1) agents
/// and offered load `load` > 0 [erlangs] (Jagerman 1974).
///
/// Evaluated without forming e^A or Γ(f+1, A) on their own, so it neither overflows nor
/// underflows for loads up to 1e5 and beyond: for A ≥ f + 2 through the continued
/// fraction of Γ(a, x)·e^x·x^-a (modified Lentz), below that through the series of the
/// lower incomplete gamma function.
pub(crate) fn inverse_erlang_b_base(f: f64, load: f64) -> f64 {
    debug_assert!((0.0..1.0).contains(&f) && load > 0.0);
    let a = f + 1.0;
    let x = load;
    if x >= a + 1.0 {
        // Γ(a, x) = e^-x x^a · h, so 1/B = x^(a-f) · h = x · h.
        x * upper_gamma_cf(a, x)
    } else {
        // Γ(a, x) = Γ(a) − γ(a, x), γ(a, x) = e^-x x^a · S.
        let s = lower_gamma_series(a, x);
        libm::tgamma(a) * x.exp() * x.powf(-f) - x * s
    }
}

/// h with Γ(a, x) = e^-x · x^a · h, by the continued fraction (converges for x > a − 1).
pub(crate) fn upper_gamma_cf(a: f64, x: f64) -> f64 {
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..MAX_ITER {
        let i = i as f64;
        let an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// S with γ(a, x) = e^-x · x^a · S, S = Σ_{n≥0} x^n / (a (a+1) … (a+n)).
pub(crate) fn lower_gamma_series(a: f64, x: f64) -> f64 {
    let mut term = 1.0 / a;
    let mut sum = term;
    let mut ap = a;
    for _ in 0..MAX_ITER {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if term < sum * EPS {
            break;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_agents_block_every_call() {
        // B(0, A) = 1 for every load: both branches must give 1/B = 1.
        for load in [0.01, 0.5, 1.9, 2.0, 2.5, 10.0, 1e3, 1e5] {
            let inv = inverse_erlang_b_base(0.0, load);
            assert!((inv - 1.0).abs() < 1e-14, "load {load}: {inv}");
        }
    }

    #[test]
    fn branches_agree_at_the_switch() {
        // Both expansions are exact; at the switch they must agree.
        for f in [0.1, 0.5, 0.9] {
            let a = f + 1.0;
            let x = a + 1.0;
            let cf = x * upper_gamma_cf(a, x);
            let series = libm::tgamma(a) * x.exp() * x.powf(-f) - x * lower_gamma_series(a, x);
            assert!((cf - series).abs() < 1e-13 * cf, "f {f}: {cf} vs {series}");
        }
    }

    #[test]
    fn one_agent_matches_the_closed_form() {
        // B(1, A) = A / (1 + A), reached from f → 1 by continuity: check f = 1 − 1e-12.
        for load in [0.3, 3.0, 300.0] {
            let inv = inverse_erlang_b_base(1.0 - 1e-12, load);
            let exact = (1.0 + load) / load;
            assert!(
                (inv - exact).abs() < 1e-9 * exact,
                "load {load}: {inv} vs {exact}"
            );
        }
    }
}
