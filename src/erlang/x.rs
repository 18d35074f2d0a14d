//! Erlang X: redials. Callers who are blocked or who abandon try again with probability r,
//! so the attempt rate λ solves λ = λ₀ + r·λ·(P_block + P_abandon per attempt).

use super::a::Chain;
use super::error::ErlangError;
use super::figures::{Figures, ModelKind};
use super::root::brent;

/// Relative tolerance on the attempt rate.
const RATE_REL_TOL: f64 = 1e-13;
/// With r = 1 the bracket is grown up to this multiple of the first-attempt rate.
const MAX_GROWTH: f64 = 1e9;

/// Figures at the attempt rate that balances first attempts and redials.
///
/// `first_attempts` = λ₀ [calls·s⁻¹]; `template` carries the service and patience rates,
/// agents and lines (its own `lambda` is ignored). The share lost per attempt,
/// P_block + (1 − P_block)·P(abandon | admitted), rises with λ, so
/// f(λ) = λ₀ + r·λ·lost(λ) − λ is positive at λ₀ and negative at λ₀/(1 − r): the root is
/// bracketed and found by Brent's method.
pub(crate) fn with_redials(
    template: Chain,
    first_attempts: f64,
    redial: f64,
    threshold_s: f64,
) -> Result<Figures, ErlangError> {
    let at = |lambda: f64| Chain { lambda, ..template }.figures(threshold_s, ModelKind::ErlangX);
    let lost = |f: &Figures| f.p_block + (1.0 - f.p_block) * f.p_abandon;
    let balance = |lambda: f64| -> Result<f64, ErlangError> {
        let f = at(lambda)?;
        Ok(first_attempts + redial * lambda * lost(&f) - lambda)
    };
    if redial == 0.0 {
        return at(first_attempts);
    }
    let lo = first_attempts;
    if balance(lo)? <= 0.0 {
        return at(lo);
    }
    let hi = if redial < 1.0 {
        first_attempts / (1.0 - redial)
    } else {
        // r = 1: every lost attempt returns, so every caller is answered in the end; that
        // needs the agents (on at most `lines` calls) to answer faster than λ₀.
        let busy = template
            .lines
            .map_or(template.agents, |k| k.min(template.agents));
        if first_attempts >= f64::from(busy) * template.mu {
            return Err(no_equilibrium(first_attempts));
        }
        // Grow the bracket until the agents answer more than the first attempts.
        let mut hi = 2.0 * lo;
        while balance(hi)? > 0.0 {
            hi *= 2.0;
            if hi > MAX_GROWTH * lo {
                return Err(no_equilibrium(first_attempts));
            }
        }
        hi
    };
    let lambda = brent(balance, lo, hi, RATE_REL_TOL)?;
    at(lambda)
}

/// Every lost caller redials and the agents cannot answer them all.
fn no_equilibrium(first_attempts: f64) -> ErlangError {
    ErlangError::NoEquilibrium {
        detail: format!(
            "every lost caller redials, and {:.1} first attempts per hour are more than the \
             agents can answer",
            first_attempts * 3600.0
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(agents: u32, lines: Option<u32>) -> Chain {
        let mu = 1.0 / 300.0;
        Chain {
            lambda: 0.0,
            mu,
            theta: 1.0 / 180.0,
            agents,
            lines,
        }
    }

    #[test]
    fn attempt_rate_balances_first_attempts_and_redials() {
        let first = 1200.0 / 3600.0;
        for (agents, lines, r) in [
            (95, Some(110), 0.5),
            (100, None, 0.8),
            (110, Some(120), 1.0),
        ] {
            let f = with_redials(template(agents, lines), first, r, 20.0).unwrap();
            let lambda = f.attempts_per_hour / 3600.0;
            let lost = f.p_block + (1.0 - f.p_block) * f.p_abandon;
            let residual = first + r * lambda * lost - lambda;
            assert!(
                residual.abs() < 1e-11 * lambda,
                "{agents} {lines:?} {r}: {residual}"
            );
            assert!(lambda >= first);
        }
    }

    #[test]
    fn redialling_everyone_into_too_few_agents_has_no_equilibrium() {
        // 60 agents answer at most 720 calls an hour; 1,200 callers who never give up
        // cannot all be served.
        for lines in [Some(70), None] {
            let r = with_redials(template(60, lines), 1200.0 / 3600.0, 1.0, 20.0);
            assert!(matches!(r, Err(ErlangError::NoEquilibrium { .. })), "{r:?}");
        }
    }

    #[test]
    fn without_redials_or_a_binding_line_limit_it_is_erlang_a() {
        let first = 1200.0 / 3600.0;
        let x = with_redials(template(105, Some(100_000)), first, 0.0, 20.0).unwrap();
        let a = Chain {
            lambda: first,
            ..template(105, None)
        }
        .figures(20.0, ModelKind::ErlangA)
        .unwrap();
        assert!((x.p_wait - a.p_wait).abs() < 1e-14);
        assert!((x.service_level.offered - a.service_level.offered).abs() < 1e-14);
        assert!(x.p_block < 1e-300);
    }
}
