//! Samples held as sorted distinct values with their counts, so that a likelihood, a
//! Kaplan–Meier curve or a moment over a million logged durations costs one term per
//! distinct value rather than one per call.
//!
//! Logs record whole seconds (or milliseconds), so a large sample repeats its values and
//! grouping equal values is exact: Σ ln f(xᵢ) = Σ c · ln f(v) over the distinct values v
//! with counts c, equal up to the order of floating-point summation.
//!
//! Samples of more than [`GRID_MIN_N`] values (events and censorings together) are also
//! grouped on a grid of [`GRID_S`]: values in the same cell (those with the same
//! `round(x / GRID_S)`) are replaced by their mean. A cell holding one distinct value keeps
//! it exactly, so whole seconds, tenths or hundredths are never moved; only finer values
//! (milliseconds, simulated fractions) are. For a
//! log-likelihood term g (ln f or ln S), replacing the cₖ values of cell k by their mean
//! x̄ changes Σ g(xᵢ) by Σ ½ g″(ξᵢ)(xᵢ − x̄)² (the first-order term vanishes because x̄ is
//! the mean), at most ½ · GRID_S² · sup |g″| = 5e-5 · sup |g″| per value, the supremum over
//! the cell. g″ falls off as 1/x²: for the gamma log density g″ = −(shape − 1)/x², a
//! change of at most 2e-4 · |shape − 1| per value at the 0.5-s floor and 6e-8 · |shape − 1|
//! at 30 s; the other families' terms behave alike. Sums, so the mean and the exposure,
//! are unchanged up to rounding. A data quantile moves by less than GRID_S, and the KS
//! distance by at most the model's probability in one cell.

/// Samples with more values than this are grouped on the [`GRID_S`] grid as well.
pub const GRID_MIN_N: usize = 100_000;
/// The width [s] of the grid cells of large samples.
pub const GRID_S: f64 = 0.01;

/// A sample as distinct values in increasing order, each with how often it occurs.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Grouped {
    /// `(value, count)`, values strictly increasing, counts ≥ 1.
    points: Vec<(f64, usize)>,
    /// Σ counts: the sample size.
    n: usize,
}

impl Grouped {
    /// Groups equal values of `values_s`, which must all be finite.
    pub(super) fn exact(values_s: &[f64]) -> Grouped {
        let mut sorted = values_s.to_vec();
        sorted.sort_unstable_by(f64::total_cmp);
        let mut points: Vec<(f64, usize)> = Vec::new();
        for v in sorted {
            match points.last_mut() {
                // `==` so that −0 and +0 are one value, as a comparison sees them.
                Some((last, c)) if *last == v => *c += 1,
                _ => points.push((v, 1)),
            }
        }
        Grouped {
            points,
            n: values_s.len(),
        }
    }

    /// Groups equal values of `values_s`, then, when the sample they belong to has more
    /// than [`GRID_MIN_N`] values in all (`sample_n`: events and censorings together for a
    /// censored fit), merges the values of each [`GRID_S`] cell into their mean (see the
    /// module documentation for what that changes). The representative stays within its
    /// cell's values.
    pub(super) fn for_fitting(values_s: &[f64], sample_n: usize) -> Grouped {
        let exact = Grouped::exact(values_s);
        if sample_n <= GRID_MIN_N {
            return exact;
        }
        let cell = |v: f64| (v / GRID_S).round();
        let mut points: Vec<(f64, usize)> = Vec::with_capacity(exact.points.len());
        let mut i = 0;
        while i < exact.points.len() {
            let k = cell(exact.points[i].0);
            let run = exact.points[i..]
                .iter()
                .take_while(|(v, _)| cell(*v) == k)
                .count();
            let members = &exact.points[i..i + run];
            if let [single] = members {
                points.push(*single);
            } else {
                let count: usize = members.iter().map(|&(_, c)| c).sum();
                let sum: f64 = members.iter().map(|&(v, c)| v * c as f64).sum();
                let (lo, hi) = (members[0].0, members[run - 1].0);
                points.push(((sum / count as f64).clamp(lo, hi), count));
            }
            i += run;
        }
        Grouped { points, n: exact.n }
    }

    /// The `(value, count)` pairs in increasing value.
    pub(super) fn points(&self) -> &[(f64, usize)] {
        &self.points
    }

    /// The sample size Σ counts.
    pub(super) fn n(&self) -> usize {
        self.n
    }

    /// Σ count · value.
    pub(super) fn sum(&self) -> f64 {
        self.points.iter().map(|&(v, c)| v * c as f64).sum()
    }

    /// The largest value, 0 when empty.
    pub(super) fn max(&self) -> f64 {
        self.points.last().map_or(0.0, |&(v, _)| v.max(0.0))
    }

    /// Σ count · g(value): a sum over the sample with one evaluation per distinct value.
    pub(super) fn sum_of(&self, g: impl Fn(f64) -> f64) -> f64 {
        self.points.iter().map(|&(v, c)| c as f64 * g(v)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_equal_values_in_order() {
        let g = Grouped::exact(&[3.0, 1.0, 3.0, 0.0, -0.0, 2.5, 3.0]);
        assert_eq!(g.n(), 7);
        assert_eq!(g.points().len(), 4);
        assert_eq!(&g.points()[1..], &[(1.0, 1), (2.5, 1), (3.0, 3)]);
        assert_eq!(g.points()[0].1, 2);
        assert_eq!(g.sum(), 12.5);
        assert_eq!(g.max(), 3.0);
        assert_eq!(g.sum_of(|v| v * v), 1.0 + 6.25 + 27.0);
        let empty = Grouped::exact(&[]);
        assert_eq!((empty.n(), empty.max(), empty.sum()), (0, 0.0, 0.0));
    }

    #[test]
    fn the_grid_merges_only_large_samples_of_fine_values() {
        // Whole seconds: every cell holds one value, so the grid changes nothing.
        let whole: Vec<f64> = (0..GRID_MIN_N + 1).map(|i| (i % 600) as f64).collect();
        assert_eq!(
            Grouped::for_fitting(&whole, whole.len()),
            Grouped::exact(&whole)
        );
        // Milliseconds: ten values per cell, merged into their mean; the sum is kept.
        let ms: Vec<f64> = (0..GRID_MIN_N + 1)
            .map(|i| (i % 60_000) as f64 / 1000.0)
            .collect();
        let g = Grouped::for_fitting(&ms, ms.len());
        assert_eq!(g.n(), ms.len());
        assert!(g.points().len() <= 6001, "{}", g.points().len());
        let exact_sum: f64 = ms.iter().sum();
        assert!((g.sum() - exact_sum).abs() < 1e-9 * exact_sum);
        for &(v, _) in g.points() {
            assert!((v / GRID_S - (v / GRID_S).round()).abs() < 0.5 + 1e-9);
        }
        // A small sample of the same values is grouped exactly.
        assert_eq!(
            Grouped::for_fitting(&ms[..1000], 1000),
            Grouped::exact(&ms[..1000])
        );
    }

    #[test]
    fn the_grid_barely_moves_the_likelihood_of_a_continuous_sample() {
        // Two ways to ln L: term by term over the raw values, and over the grid cells.
        use super::super::family::{Family, Model};
        use super::super::fitted::{grouped_log_likelihood, log_likelihood, prepare_observed};
        use super::super::test_support::sample;
        let truth = Model::new(Family::Gamma, 120.0, 0.8).unwrap();
        let x = prepare_observed(&sample(&truth, GRID_MIN_N + 50_000, 5)).unwrap();
        let (events, censored) = x.split_at(x.len() / 2);
        let n = x.len();
        let (g_events, g_censored) = (
            Grouped::for_fitting(events, n),
            Grouped::for_fitting(censored, n),
        );
        assert!(g_events.points().len() < events.len() / 2);
        for family in Family::ALL {
            let m = Model::new(family, 110.0, 0.9).unwrap();
            let raw = log_likelihood(&m, events, censored);
            let grid = grouped_log_likelihood(&m, &g_events, &g_censored);
            let per_value = (raw - grid).abs() / n as f64;
            eprintln!("{family:?}: |Δ ln L| per value {per_value:.2e}");
            assert!(per_value < 1e-7, "{family:?}: {per_value}");
        }
    }
}
