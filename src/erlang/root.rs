//! Brent's method for a bracketed root of a function of one variable.

/// Finds x in [lo, hi] with f(x) = 0, given f(lo) and f(hi) of opposite signs (or zero),
/// to a relative tolerance `rel_tol` in x.
///
/// Brent's method: inverse quadratic interpolation and secant steps, falling back to
/// bisection whenever they would leave the bracket or converge slowly, so it never does
/// worse than bisection. `f` may fail; the first error is returned.
pub(crate) fn brent<E>(
    mut f: impl FnMut(f64) -> Result<f64, E>,
    lo: f64,
    hi: f64,
    rel_tol: f64,
) -> Result<f64, E> {
    const MAX_ITER: usize = 200;
    let (mut a, mut b) = (lo, hi);
    let (mut fa, mut fb) = (f(a)?, f(b)?);
    if fa == 0.0 {
        return Ok(a);
    }
    if fb == 0.0 {
        return Ok(b);
    }
    debug_assert!(fa.signum() != fb.signum(), "root not bracketed");
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..MAX_ITER {
        if fb.signum() == fc.signum() {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * rel_tol * b.abs().max(f64::MIN_POSITIVE);
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb == 0.0 {
            return Ok(b);
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            // Interpolate: secant when only two points are distinct, else inverse quadratic.
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                (2.0 * m * s, 1.0 - s)
            } else {
                let q = fa / fc;
                let r = fb / fc;
                (
                    s * (2.0 * m * q * (q - r) - (b - a) * (r - 1.0)),
                    (q - 1.0) * (r - 1.0) * (s - 1.0),
                )
            };
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if 2.0 * p < (3.0 * m * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = m;
                e = m;
            }
        } else {
            d = m;
            e = m;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol.copysign(m) };
        fb = f(b)?;
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cube_root() {
        let r: Result<f64, ()> = brent(|x| Ok(x * x * x - 2.0), 0.0, 2.0, 1e-14);
        assert!((r.unwrap() - 2f64.cbrt()).abs() < 1e-13);
    }
}
