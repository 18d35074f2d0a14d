//! Erlang B: the share of calls blocked when `N` agents serve Poisson calls and nobody
//! waits (M/M/N/N), at whole and fractional numbers of agents.

use super::error::{ErlangError, non_negative};
use super::gamma::inverse_erlang_b_base;
use super::scaled::{RESCALE_AT, RESCALE_BITS, Scaled, pow2};

/// Erlang B blocking probability B(N, A) for `agents` = N whole agents and an offered load
/// `load_erlangs` = A [erlangs].
///
/// Uses the stable recursion in its inverse form, 1/B_k = 1 + (k/A)·1/B_{k-1}, with no
/// division, factorial or power in the loop; far above a few hundred erlangs it starts
/// near the load (see [`window_start`]), and 100,000 agents take about 10 µs.
/// Below the smallest `f64` the result is 0 (see [`ln_erlang_b`] for its logarithm).
///
/// # Errors
/// [`ErlangError::InvalidInput`] when the load is negative or not finite.
pub fn erlang_b(agents: u32, load_erlangs: f64) -> Result<f64, ErlangError> {
    non_negative("offered_load_erlangs", load_erlangs)?;
    if load_erlangs == 0.0 {
        return Ok(if agents == 0 { 1.0 } else { 0.0 });
    }
    Ok(inverse_erlang_b(0.0, || 1.0, agents, load_erlangs).recip_f64())
}

/// Natural logarithm of Erlang B, ln B(N, A), accurate where B itself underflows
/// (B(1000, 1) ≈ 10^-2568).
///
/// # Errors
/// [`ErlangError::InvalidInput`] when the load is not finite and above 0.
pub fn ln_erlang_b(agents: u32, load_erlangs: f64) -> Result<f64, ErlangError> {
    super::error::positive("offered_load_erlangs", load_erlangs)?;
    Ok(-inverse_erlang_b(0.0, || 1.0, agents, load_erlangs).ln())
}

/// Erlang B at a fractional number of agents `agents` = x ≥ 0, by Jagerman's continuation
/// B(x, A) = A^x e^-A / Γ(x+1, A), for a load `load_erlangs` = A [erlangs].
///
/// B is evaluated at the fractional part of x through the regularised upper incomplete
/// gamma function (continued fraction or series, with e^A and Γ never formed on their own)
/// and then carried up the integer part by the same recursion as [`erlang_b`]. It
/// decreases smoothly in x and agrees with [`erlang_b`] at whole numbers (to about 1e-15).
///
/// # Errors
/// [`ErlangError::InvalidInput`] when the agents or the load are negative or not finite.
pub fn erlang_b_fractional(agents: f64, load_erlangs: f64) -> Result<f64, ErlangError> {
    Ok(inverse_erlang_b_fractional(agents, load_erlangs)?.recip_f64())
}

/// 1/B(x, A) for fractional x, with its extended exponent.
pub(crate) fn inverse_erlang_b_fractional(agents: f64, load: f64) -> Result<Scaled, ErlangError> {
    non_negative("agents", agents)?;
    non_negative("offered_load_erlangs", load)?;
    if agents > f64::from(u32::MAX) {
        return Err(ErlangError::InvalidInput {
            name: "agents",
            value: agents,
            expected: "at most 4294967295",
        });
    }
    if load == 0.0 {
        // B(x, 0) = 0 for x > 0: an infinite reciprocal.
        return Ok(if agents == 0.0 {
            Scaled::new(1.0, 0)
        } else {
            Scaled::new(1.0, i32::MAX / 2)
        });
    }
    let whole = agents.floor();
    let f = agents - whole;
    Ok(inverse_erlang_b(
        f,
        || inverse_erlang_b_base(f, load),
        whole as u32,
        load,
    ))
}

/// Skip the Erlang B recursion's early steps only when that saves at least this many.
const MIN_SKIPPED_STEPS: u32 = 256;
/// The error a windowed start leaves in 1/B, relative to 1/B itself.
const WINDOW_EPS: f64 = 1e-17;
/// Slack [nepers] between the planned window and the checked bound, against the rounding
/// of the log-gamma differences in [`window_start`].
const WINDOW_SLACK: f64 = 4.0;

/// 1/B(x0 + steps, A) from 1/B(x0, A) = `inv0()`, by 1/B_k = 1 + ((x0 + k)/A)·1/B_{k-1}
/// (`inv0` is called only when the recursion has to start at x0; see [`window_start`]).
///
/// The running value is rescaled by an exact power of two before it can overflow, so the
/// result keeps full relative accuracy however small B is.
pub(crate) fn inverse_erlang_b(
    x0: f64,
    inv0: impl FnOnce() -> f64,
    steps: u32,
    load: f64,
) -> Scaled {
    match window_start(x0, steps, load) {
        Some((k0, start)) => recursion(x0, start, k0, steps, load),
        None => recursion(x0, inv0(), 0, steps, load),
    }
}

/// Where the recursion may start without changing 1/B(x0 + steps, A) by more than
/// `WINDOW_EPS` of itself, and the value to start from; `None` = start at x0.
///
/// With t_k = (x0 + k)/A, write v_k = 1/B(x0 + k, A) = 1 + t_k·v_{k−1}. Then
/// 1 ≤ v_k ≤ 1/(1 − t_k) while t_k < 1: v_1 = 1 + t_1·v_0 with v_0 ≤ 1/B(1, A) = 1 + 1/A
/// (B falls with the agents) and t_1 ≥ 1/A, so (1 + 1/A)(1 − t_1) ≤ 1 − 1/A² gives the
/// bound at k = 1, and since t_k grows, v_k ≤ 1 + t_k/(1 − t_{k−1}) ≤ 1/(1 − t_k) carries
/// it on. Starting at k0 from s = 1/(1 − t_{k0}) is thus off by δ ≤ t_{k0}/(1 − t_{k0}),
/// an error the recursion multiplies by Π_{k0<k≤N} t_k. The result itself is a sum of
/// positive terms that includes Π_{j<k≤N} t_k for every j; taking j = j*, the last step
/// with t_k < 1 (or N), the relative error is at most δ·Π_{k0<k≤j*} t_k, a product of
/// factors below 1 whose logarithm is a difference of log-gamma values:
/// ln Γ(x0 + j* + 1) − ln Γ(x0 + k0 + 1) − (j* − k0)·ln A. The start is kept only when
/// that bound, with the log-gamma rounding allowed for, is below `WINDOW_EPS`.
///
/// Near A the factors are about 1 − m/A at m steps below j*, so the product falls like
/// e^{−d²/2A} over d steps: about 9√A steps suffice, and at 100,000 agents the recursion
/// takes some 3,000 steps instead of 100,000.
pub(crate) fn window_start(x0: f64, steps: u32, load: f64) -> Option<(u32, f64)> {
    // j*: the last k ≤ steps with t_k < 1, i.e. x0 + k < A.
    let below_load = (load - x0).ceil() - 1.0;
    if below_load < 1.0 {
        return None;
    }
    let j_star = below_load.min(f64::from(steps));
    // ln δ ≤ ln(1/(1 − t)) ≤ ln A once t ≤ 1 − 1/A; plan d with the quadratic estimate.
    let ln_budget = -WINDOW_EPS.ln() + WINDOW_SLACK + load.ln();
    let d = (2.0 * load * ln_budget).sqrt().ceil();
    let k0 = j_star - d;
    if k0 < f64::from(MIN_SKIPPED_STEPS) {
        return None;
    }
    let t0 = (x0 + k0) / load;
    let ln_delta = (t0 / (1.0 - t0)).ln();
    let ln_product =
        libm::lgamma(x0 + j_star + 1.0) - libm::lgamma(x0 + k0 + 1.0) - (j_star - k0) * load.ln();
    // lgamma near 1e6 is good to about 1e-9 in absolute terms: far inside the slack.
    if ln_delta + ln_product + WINDOW_SLACK < WINDOW_EPS.ln() {
        Some((k0 as u32, 1.0 / (1.0 - t0)))
    } else {
        None
    }
}

/// 1/B(x0 + steps, A) from 1/B(x0 + k0, A) = `inv_k0`.
///
/// The loop is latency-bound (each step waits for the previous one), so it takes four
/// steps at a time: with t_k = (x0 + k)/A,
/// 1/B_{k+4} = (1 + t₄ + t₄t₃ + t₄t₃t₂) + t₄t₃t₂t₁·1/B_k, whose coefficients do not
/// depend on the running value and are computed alongside it.
fn recursion(x0: f64, inv_k0: f64, k0: u32, steps: u32, load: f64) -> Scaled {
    let per_erlang = 1.0 / load;
    let t = |k: u32| (x0 + f64::from(k)) * per_erlang;
    let mut inv = inv_k0;
    // The "1" of the recursion, in the current scale (2^-exp2).
    let mut one = 1.0;
    let mut exp2 = 0i32;
    let mut k = k0;
    while steps - k >= 4 {
        let (t1, t2, t3, t4) = (t(k + 1), t(k + 2), t(k + 3), t(k + 4));
        let t43 = t4 * t3;
        let t432 = t43 * t2;
        let constant = one * (1.0 + t4 + t43 + t432);
        inv = constant + (t432 * t1) * inv;
        k += 4;
        if inv > RESCALE_AT {
            inv = libm::scalbn(inv, -RESCALE_BITS);
            exp2 += RESCALE_BITS;
            one = pow2(-exp2);
        }
    }
    while k < steps {
        k += 1;
        inv = one + t(k) * inv;
        if inv > RESCALE_AT {
            inv = libm::scalbn(inv, -RESCALE_BITS);
            exp2 += RESCALE_BITS;
            one = pow2(-exp2);
        }
    }
    Scaled::new(inv, exp2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cases_match_closed_forms() {
        // B(1, A) = A/(1+A); B(2, A) = (A²/2)/(1 + A + A²/2).
        let a: f64 = 1.7;
        assert!((erlang_b(1, a).unwrap() - a / (1.0 + a)).abs() < 1e-15);
        let b2 = (a * a / 2.0) / (1.0 + a + a * a / 2.0);
        assert!((erlang_b(2, a).unwrap() - b2).abs() < 1e-15);
        assert_eq!(erlang_b(0, a).unwrap(), 1.0);
    }

    #[test]
    fn logarithm_survives_underflow() {
        // ln B(1000, 1) = -ln(Σ_{k≤1000} 1000!/k!) ≈ -ln(1000!·e).
        let ln_b = ln_erlang_b(1000, 1.0).unwrap();
        let expected = -(libm::lgamma(1001.0) + 1.0);
        assert!((ln_b - expected).abs() < 1e-9, "{ln_b} vs {expected}");
        assert_eq!(erlang_b(1000, 1.0).unwrap(), 0.0);
    }

    #[test]
    fn four_step_recursion_matches_single_steps() {
        // Plain single steps, with the same rescaling.
        let single = |n: u32, a: f64| {
            let (mut inv, mut one) = (1.0f64, 1.0f64);
            let mut ln_scale = 0.0;
            for k in 1..=n {
                inv = one + f64::from(k) / a * inv;
                if inv > 1e200 {
                    inv /= 1e200;
                    one /= 1e200;
                    ln_scale += 200.0 * std::f64::consts::LN_10;
                }
            }
            -(inv.ln() + ln_scale)
        };
        for (n, a) in [
            (1u32, 0.7),
            (2, 3.0),
            (3, 3.0),
            (5, 2.0),
            (1001, 1000.0),
            (2000, 10.0),
        ] {
            let got = ln_erlang_b(n, a).unwrap();
            let want = single(n, a);
            assert!(
                (got - want).abs() < 1e-12 * want.abs().max(1.0),
                "{n} {a}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn windowed_start_matches_the_full_recursion() {
        // (x0, agents, load): around, below and above the load, whole and fractional.
        for (x0, n, a) in [
            (0.0, 100_000u32, 99_500.0),
            (0.0, 100_000, 200_000.0),
            (0.0, 20_000, 20_000.0),
            (0.0, 12_000, 10_000.0),
            (0.0, 3_000, 2_950.0),
            (0.37, 50_000, 49_000.5),
        ] {
            let (k0, _) = window_start(x0, n, a).expect("a window this far above 256 agents");
            assert!(k0 > n / 2, "{n} {a}: starts at {k0}");
            let inv0 = if x0 == 0.0 {
                1.0
            } else {
                inverse_erlang_b_base(x0, a)
            };
            let full = recursion(x0, inv0, 0, n, a);
            let windowed = inverse_erlang_b(x0, || unreachable!(), n, a);
            let rel = (windowed.ln() - full.ln()).abs();
            assert!(rel < 1e-14, "{x0} {n} {a}: {windowed:?} vs {full:?}");
        }
    }

    #[test]
    fn no_window_where_it_would_skip_little() {
        assert!(window_start(0.0, 105, 100.0).is_none());
        assert!(window_start(0.0, 300, 290.0).is_none());
        // Far below the load every step matters to the last: B(N, A) ≈ 1 − N/A.
        assert!(window_start(0.0, 100, 1_000.0).is_none());
    }

    #[test]
    fn fractional_matches_integer_recursion() {
        for (n, a) in [(1u32, 0.5), (7, 3.0), (105, 100.0), (10_000, 9_800.0)] {
            let whole = erlang_b(n, a).unwrap();
            let frac = erlang_b_fractional(f64::from(n), a).unwrap();
            assert!(
                (whole - frac).abs() <= 1e-12 * whole,
                "{n} {a}: {whole} vs {frac}"
            );
        }
    }
}
