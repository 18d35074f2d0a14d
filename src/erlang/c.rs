//! Erlang C: Poisson calls, exponential handling, `N` agents, an unlimited queue and
//! callers who never hang up (M/M/N).

use super::b::inverse_erlang_b_fractional;
use super::error::{ErlangError, non_negative, positive};
use super::scaled::Scaled;

/// Erlang C: the probability P(wait > 0) that a call has to queue, with `agents` = N whole
/// agents and offered load `load_erlangs` = A [erlangs].
///
/// C = N·B / (N − A(1 − B)) with B from the Erlang B recursion. Below the smallest `f64`
/// the result is 0 (see [`ln_erlang_c`]).
///
/// # Errors
/// [`ErlangError::Unstable`] when A ≥ N (the queue grows without bound);
/// [`ErlangError::InvalidInput`] when the load is negative or not finite.
pub fn erlang_c(agents: u32, load_erlangs: f64) -> Result<f64, ErlangError> {
    erlang_c_fractional(f64::from(agents), load_erlangs)
}

/// Erlang C at a fractional number of agents `agents` = x [agents], through Jagerman's
/// continuation of Erlang B: C = x·B(x, A) / (x − A(1 − B(x, A))).
///
/// Decreases in x and agrees with [`erlang_c`] at whole numbers.
///
/// # Errors
/// As [`erlang_c`].
pub fn erlang_c_fractional(agents: f64, load_erlangs: f64) -> Result<f64, ErlangError> {
    let inv_b = stable_inverse_b(agents, load_erlangs)?;
    if load_erlangs == 0.0 {
        return Ok(0.0);
    }
    Ok(from_inverse_b(agents, load_erlangs, inv_b))
}

/// Natural logarithm of Erlang C, accurate where C itself underflows.
///
/// # Errors
/// As [`erlang_c`]; also when the load is 0 (ln 0).
pub fn ln_erlang_c(agents: u32, load_erlangs: f64) -> Result<f64, ErlangError> {
    positive("offered_load_erlangs", load_erlangs)?;
    let n = f64::from(agents);
    let inv_b = stable_inverse_b(n, load_erlangs)?;
    let b = inv_b.recip_f64();
    // ln C = ln N − ln(1/B) − ln(N − A + A·B).
    Ok(n.ln() - inv_b.ln() - (n - load_erlangs + load_erlangs * b).ln())
}

/// Mean wait of all calls [s] (every call is answered): ASA = C·AHT / (N − A).
///
/// # Errors
/// As [`erlang_c_fractional`], and for a handling time that is not positive.
pub fn erlang_c_asa_s(agents: f64, load_erlangs: f64, aht_s: f64) -> Result<f64, ErlangError> {
    positive("aht_s", aht_s)?;
    let c = erlang_c_fractional(agents, load_erlangs)?;
    Ok(c * aht_s / (agents - load_erlangs))
}

/// P(wait ≤ `threshold_s`) = 1 − C·e^{−(N−A)·t/AHT}: the service level at `threshold_s`
/// seconds [probability].
///
/// # Errors
/// As [`erlang_c_asa_s`], and for a negative threshold.
pub fn erlang_c_service_level(
    agents: f64,
    load_erlangs: f64,
    aht_s: f64,
    threshold_s: f64,
) -> Result<f64, ErlangError> {
    positive("aht_s", aht_s)?;
    non_negative("sl_threshold_s", threshold_s)?;
    let c = erlang_c_fractional(agents, load_erlangs)?;
    Ok(1.0 - c * (-(agents - load_erlangs) * threshold_s / aht_s).exp())
}

/// 1/B(N, A) after checking N > A.
pub(crate) fn stable_inverse_b(agents: f64, load: f64) -> Result<Scaled, ErlangError> {
    non_negative("agents", agents)?;
    non_negative("offered_load_erlangs", load)?;
    if load >= agents {
        return Err(ErlangError::Unstable {
            load_erlangs: load,
            agents,
        });
    }
    inverse_erlang_b_fractional(agents, load)
}

/// C from 1/B: N·B / (N − A(1 − B)), for N > A.
pub(crate) fn from_inverse_b(agents: f64, load: f64, inv_b: Scaled) -> f64 {
    let b = inv_b.recip_f64();
    // N − A + A·B > 0 and the numerator ≤ denominator, so 0 ≤ C ≤ 1.
    (agents * b / (agents - load + load * b)).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_agent_is_the_utilisation() {
        // M/M/1: P(wait) = ρ.
        assert!((erlang_c(1, 0.3).unwrap() - 0.3).abs() < 1e-15);
    }

    #[test]
    fn unstable_is_an_error_not_a_number() {
        assert!(matches!(
            erlang_c(100, 100.0),
            Err(ErlangError::Unstable { .. })
        ));
        assert!(matches!(
            erlang_c_asa_s(99.5, 100.0, 300.0),
            Err(ErlangError::Unstable { .. })
        ));
    }

    #[test]
    fn logarithm_matches_where_representable() {
        let c = erlang_c(120, 100.0).unwrap();
        assert!((ln_erlang_c(120, 100.0).unwrap() - c.ln()).abs() < 1e-12);
    }
}
