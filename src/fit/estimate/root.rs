//! A safeguarded Newton root finder for the monotone shape equations of the MLEs.

/// Relative step at which the root is accepted.
const TOLERANCE: f64 = 1e-13;
/// Iteration cap: bisection alone would reach the tolerance in well under 200 halvings.
const MAX_ITER: usize = 200;

/// The root in [`lo`, `hi`] of a function given with its derivative by `f`, which must
/// change sign over the bracket; Newton steps that would leave the bracket are replaced
/// by bisection, so convergence is guaranteed. `None` if the bracket holds no sign change
/// or a value is not finite.
pub(super) fn newton_bisect(f: impl Fn(f64) -> (f64, f64), lo: f64, hi: f64) -> Option<f64> {
    let (mut lo, mut hi) = (lo, hi);
    let (f_lo, _) = f(lo);
    let (f_hi, _) = f(hi);
    if !(f_lo.is_finite() && f_hi.is_finite()) || f_lo.signum() == f_hi.signum() {
        return None;
    }
    let rising = f_hi > 0.0;
    let mut x = 0.5 * (lo + hi);
    for _ in 0..MAX_ITER {
        let (fx, dfx) = f(x);
        if !fx.is_finite() {
            return None;
        }
        if fx == 0.0 {
            return Some(x);
        }
        if (fx > 0.0) == rising {
            hi = x;
        } else {
            lo = x;
        }
        let newton = x - fx / dfx;
        let next = if newton > lo && newton < hi && dfx.is_finite() {
            newton
        } else {
            0.5 * (lo + hi)
        };
        let done = (next - x).abs() <= TOLERANCE * x.abs().max(1.0);
        x = next;
        if done || hi - lo <= TOLERANCE * x.abs().max(1.0) {
            return Some(x);
        }
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roots_and_rejects_brackets_without_one() {
        let root = newton_bisect(|x| (x * x - 2.0, 2.0 * x), 0.0, 5.0).unwrap();
        assert!((root - 2f64.sqrt()).abs() < 1e-14);
        // A falling function, and a derivative that misleads Newton (cube root).
        let root = newton_bisect(|x| (-x.cbrt(), 0.0), -1.0, 8.0).unwrap();
        assert!(root.abs() < 1e-12);
        assert_eq!(newton_bisect(|x| (x * x + 1.0, 2.0 * x), -1.0, 1.0), None);
    }
}
