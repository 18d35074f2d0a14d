//! The Nelder–Mead simplex method, for the censored likelihoods that have no closed form.

/// Reflection, expansion, contraction and shrink coefficients (the standard choice).
const REFLECT: f64 = 1.0;
const EXPAND: f64 = 2.0;
const CONTRACT: f64 = 0.5;
const SHRINK: f64 = 0.5;
/// Evaluation budget per run.
const MAX_EVALUATIONS: usize = 10_000;

/// When a minimisation counts as converged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Tolerance {
    /// Largest spread of the objective over the simplex.
    pub f: f64,
    /// Largest distance, coordinate by coordinate, of a vertex from the best one.
    pub x: f64,
}

/// A minimum `(x, f(x))` of `f` from the simplex spanned by `start` and `start` plus
/// `step` along each axis. The method stops when both the objective's spread and the
/// simplex's size are within `tolerance`, then restarts once from the best vertex with a
/// fresh simplex, since a simplex can collapse short of a minimum; the result is accepted
/// only if the restart does not improve on it by more than the tolerance. Non-finite
/// values of `f` (outside its domain) count as worse than any finite one. `None` if the
/// budget runs out first or the start is outside the domain.
pub(super) fn minimize<const N: usize>(
    f: impl Fn(&[f64; N]) -> f64,
    start: [f64; N],
    step: [f64; N],
    tolerance: Tolerance,
) -> Option<([f64; N], f64)> {
    let (x, fx) = run(&f, start, step, tolerance)?;
    let (x2, fx2) = run(&f, x, step, tolerance)?;
    (fx - fx2 <= tolerance.f).then_some((x2, fx2))
}

fn run<const N: usize>(
    f: &impl Fn(&[f64; N]) -> f64,
    start: [f64; N],
    step: [f64; N],
    tolerance: Tolerance,
) -> Option<([f64; N], f64)> {
    let value = |x: &[f64; N]| {
        let v = f(x);
        if v.is_nan() { f64::INFINITY } else { v }
    };
    let mut simplex: Vec<([f64; N], f64)> = Vec::with_capacity(N + 1);
    simplex.push((start, value(&start)));
    if !simplex[0].1.is_finite() {
        return None;
    }
    for i in 0..N {
        let mut x = start;
        x[i] += step[i];
        simplex.push((x, value(&x)));
    }
    let mut evaluations = N + 1;
    while evaluations < MAX_EVALUATIONS {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, best_f) = simplex[0];
        let (worst, worst_f) = simplex[N];
        let spread_f = worst_f - best_f;
        let size = simplex
            .iter()
            .flat_map(|(x, _)| x.iter().zip(&best).map(|(a, b)| (a - b).abs()))
            .fold(0.0f64, f64::max);
        if spread_f <= tolerance.f && size <= tolerance.x {
            return Some((best, best_f));
        }
        let mut centroid = [0.0; N];
        for (x, _) in &simplex[..N] {
            for (c, xi) in centroid.iter_mut().zip(x) {
                *c += xi / N as f64;
            }
        }
        let toward = |t: f64| -> [f64; N] {
            let mut p = centroid;
            for (pi, w) in p.iter_mut().zip(&worst) {
                *pi += t * (*pi - w);
            }
            p
        };
        let reflected = toward(REFLECT);
        let reflected_f = value(&reflected);
        evaluations += 1;
        let second_worst_f = simplex[N - 1].1;
        if reflected_f < best_f {
            let expanded = toward(EXPAND);
            let expanded_f = value(&expanded);
            evaluations += 1;
            simplex[N] = if expanded_f < reflected_f {
                (expanded, expanded_f)
            } else {
                (reflected, reflected_f)
            };
        } else if reflected_f < second_worst_f {
            simplex[N] = (reflected, reflected_f);
        } else {
            // Contract outside if the reflection helped a little, inside otherwise.
            let (contracted, bar) = if reflected_f < worst_f {
                (toward(CONTRACT), reflected_f)
            } else {
                (toward(-CONTRACT), worst_f)
            };
            let contracted_f = value(&contracted);
            evaluations += 1;
            if contracted_f < bar {
                simplex[N] = (contracted, contracted_f);
            } else {
                for vertex in simplex.iter_mut().skip(1) {
                    for (xi, b) in vertex.0.iter_mut().zip(&best) {
                        *xi = b + SHRINK * (*xi - b);
                    }
                    vertex.1 = value(&vertex.0);
                }
                evaluations += N;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIGHT: Tolerance = Tolerance { f: 1e-14, x: 1e-8 };

    #[test]
    fn minimises_rosenbrock() {
        let rosenbrock = |x: &[f64; 2]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let (x, fx) = minimize(rosenbrock, [-1.2, 1.0], [0.5, 0.5], TIGHT).unwrap();
        assert!(
            (x[0] - 1.0).abs() < 1e-6 && (x[1] - 1.0).abs() < 1e-6,
            "{x:?}"
        );
        assert!(fx < 1e-12);
    }

    #[test]
    fn respects_a_domain_and_rejects_a_bad_start() {
        // Minimum of (x − 3)² on x ≥ 1 with the infeasible side returning +∞.
        let f = |x: &[f64; 1]| {
            if x[0] < 1.0 {
                f64::INFINITY
            } else {
                (x[0] - 3.0).powi(2)
            }
        };
        let (x, _) = minimize(f, [1.5], [0.3], TIGHT).unwrap();
        assert!((x[0] - 3.0).abs() < 1e-6);
        assert!(minimize(f, [0.0], [0.3], TIGHT).is_none());
    }
}
