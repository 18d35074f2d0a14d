//! A mergeable log-linear histogram of non-negative durations (seconds).
//!
//! 64 buckets per power of two from 2⁻⁷ s (8 ms) to 2¹⁷ s (36 h): a bucket spans at most
//! 1/64 of its lower bound, so a quantile read at the bucket's midpoint is within 0.8% of
//! the true value. Exact zeros (calls answered at once) have a bucket of their own, since
//! they are often the largest single mass. Recording is a few bit operations, merging is
//! adding counts, and the size is fixed (12 KiB) whatever the number of calls.

/// Sub-buckets per power of two, as a power of two.
const SUB_BITS: u32 = 6;
const SUB: usize = 1 << SUB_BITS;
/// Smallest and largest powers of two resolved.
const MIN_EXP: i32 = -7;
const MAX_EXP: i32 = 17;
const OCTAVES: usize = (MAX_EXP - MIN_EXP) as usize;
/// Bucket 0: exactly zero; 1: (0, 2^MIN_EXP); then the log-linear range; last: overflow.
const LEN: usize = 2 + OCTAVES * SUB + 1;
const OVERFLOW: usize = LEN - 1;

/// Largest relative error of a quantile read off this histogram (half a bucket).
pub const QUANTILE_RELATIVE_ERROR: f64 = 0.5 / SUB as f64;

#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    counts: Box<[u64]>,
    total: u64,
    sum: f64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

impl Histogram {
    pub fn new() -> Self {
        Histogram {
            counts: vec![0; LEN].into_boxed_slice(),
            total: 0,
            sum: 0.0,
        }
    }

    #[inline]
    fn index(x: f64) -> usize {
        if x <= 0.0 {
            return 0;
        }
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i32 - 1023;
        if exp < MIN_EXP {
            return 1;
        }
        if exp >= MAX_EXP {
            return OVERFLOW;
        }
        let sub = ((bits >> (52 - SUB_BITS)) as usize) & (SUB - 1);
        2 + (exp - MIN_EXP) as usize * SUB + sub
    }

    /// Lower and upper bound (seconds) of bucket `i`; the overflow bucket's upper bound is
    /// infinite.
    pub fn bucket_bounds(i: usize) -> (f64, f64) {
        match i {
            0 => (0.0, 0.0),
            1 => (0.0, 2f64.powi(MIN_EXP)),
            OVERFLOW => (2f64.powi(MAX_EXP), f64::INFINITY),
            _ => {
                let k = i - 2;
                let base = 2f64.powi(MIN_EXP + (k / SUB) as i32);
                let sub = (k % SUB) as f64;
                (
                    base * (1.0 + sub / SUB as f64),
                    base * (1.0 + (sub + 1.0) / SUB as f64),
                )
            }
        }
    }

    /// Records one value (seconds); negative values count as zero.
    #[inline]
    pub fn record(&mut self, x: f64) {
        self.counts[Self::index(x)] += 1;
        self.total += 1;
        self.sum += x.max(0.0);
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += b;
        }
        self.total += other.total;
        self.sum += other.sum;
    }

    /// The raw state (bucket counts, total, sum), for an exact copy in another process
    /// (shard parts, see [`crate::shard`]).
    pub fn raw(&self) -> (&[u64], u64, f64) {
        (&self.counts, self.total, self.sum)
    }

    /// A histogram from [`Histogram::raw`]'s parts; `None` when `counts` has the wrong
    /// length or does not add up to `total`.
    pub fn from_raw(counts: Vec<u64>, total: u64, sum: f64) -> Option<Histogram> {
        let adds_up = counts
            .iter()
            .try_fold(0u64, |a, &c| a.checked_add(c))
            .is_some_and(|t| t == total);
        (counts.len() == LEN && adds_up).then(|| Histogram {
            counts: counts.into_boxed_slice(),
            total,
            sum,
        })
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// Mean of the recorded values (exact: sums are kept), NaN when empty.
    pub fn mean(&self) -> f64 {
        self.sum / self.total as f64
    }

    /// The `q`-quantile (0 ≤ q ≤ 1): the midpoint of the bucket holding it, within
    /// [`QUANTILE_RELATIVE_ERROR`]. NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.total == 0 {
            return f64::NAN;
        }
        let rank = (q.clamp(0.0, 1.0) * self.total as f64).ceil().max(1.0) as u64;
        let mut seen = 0u64;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let (lo, hi) = Self::bucket_bounds(i);
                return if hi.is_infinite() {
                    lo
                } else {
                    (lo + hi) / 2.0
                };
            }
        }
        f64::NAN
    }

    /// Share of recorded values at most `x` (counting whole buckets whose upper bound is
    /// at most `x`).
    pub fn share_at_most(&self, x: f64) -> f64 {
        let below: u64 = self
            .counts
            .iter()
            .enumerate()
            .take_while(|(i, _)| Self::bucket_bounds(*i).1 <= x)
            .map(|(_, c)| c)
            .sum();
        below as f64 / self.total as f64
    }

    /// Values recorded as exactly zero (the `[0, 0]` bucket).
    pub fn zeros(&self) -> u64 {
        self.counts[0]
    }

    /// Non-empty buckets as `(lower_s, upper_s, count)`, in increasing order.
    pub fn buckets(&self) -> impl Iterator<Item = (f64, f64, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, &c)| {
                let (lo, hi) = Self::bucket_bounds(i);
                (lo, hi, c)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_within_stated_error() {
        let mut h = Histogram::new();
        let xs: Vec<f64> = (1..=100_000).map(|i| i as f64 * 0.037).collect();
        for &x in &xs {
            h.record(x);
        }
        for q in [0.5, 0.8, 0.9, 0.95, 0.99] {
            let exact = xs[(q * xs.len() as f64).ceil() as usize - 1];
            let got = h.quantile(q);
            assert!(
                (got - exact).abs() <= QUANTILE_RELATIVE_ERROR * exact * 1.0001,
                "q={q}: {got} vs {exact}"
            );
        }
        assert!((h.mean() - xs.iter().sum::<f64>() / xs.len() as f64).abs() < 1e-9);
    }

    #[test]
    fn zeros_and_extremes_have_their_buckets() {
        let mut h = Histogram::new();
        h.record(0.0);
        h.record(1e-6);
        h.record(1e9);
        assert_eq!(h.quantile(0.0), 0.0);
        assert_eq!(h.quantile(1.0), 2f64.powi(MAX_EXP));
        assert_eq!(h.buckets().count(), 3);
    }

    #[test]
    fn buckets_tile_the_line() {
        for i in 2..OVERFLOW - 1 {
            assert_eq!(
                Histogram::bucket_bounds(i).1,
                Histogram::bucket_bounds(i + 1).0
            );
        }
        for x in [0.01, 0.5, 1.0, 59.99, 60.0, 3600.0, 100_000.0] {
            let (lo, hi) = Histogram::bucket_bounds(Histogram::index(x));
            assert!(lo <= x && x < hi, "{x} in [{lo}, {hi})");
        }
    }

    #[test]
    fn merge_equals_recording_everything_in_one() {
        let (mut a, mut b, mut all) = (Histogram::new(), Histogram::new(), Histogram::new());
        for i in 0..1000 {
            let x = (i as f64).sqrt();
            if i % 3 == 0 {
                a.record(x)
            } else {
                b.record(x)
            }
            all.record(x);
        }
        a.merge(&b);
        assert_eq!(a.counts, all.counts);
        assert_eq!(a.total(), all.total());
    }
}
