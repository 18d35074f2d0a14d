//! E-mail response times of one day, in working hours: a small fixed histogram (quarter-hour
//! bins up to 72 working hours, then one overflow bin) so that per-day quantiles can be
//! estimated without storing individual e-mails: 1.1 KiB per day whatever the volume.

/// Width of a bin, working hours.
pub const BIN_H: f64 = 0.25;
/// Upper end of the resolved range, working hours; longer responses share the overflow bin
/// and a quantile falling there reads as this value.
pub const RANGE_H: f64 = 72.0;
const BINS: usize = (RANGE_H / BIN_H) as usize;

/// Response times of the e-mails answered on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayResponses {
    /// `BINS` quarter-hour bins, then the overflow bin.
    counts: [u32; BINS + 1],
    total: u32,
    /// Sum of the response times, working seconds (the mean is exact).
    sum_s: f64,
}

impl Default for DayResponses {
    fn default() -> Self {
        DayResponses {
            counts: [0; BINS + 1],
            total: 0,
            sum_s: 0.0,
        }
    }
}

impl DayResponses {
    /// Records one response time, working seconds; negative values count as zero.
    #[inline]
    pub fn record(&mut self, response_s: f64) {
        let s = response_s.max(0.0);
        let bin = ((s / 3600.0 / BIN_H) as usize).min(BINS);
        self.counts[bin] += 1;
        self.total += 1;
        self.sum_s += s;
    }

    /// E-mails recorded.
    /// The raw state (bin counts, total, sum of seconds), for an exact copy in another
    /// process (shard parts, see [`crate::shard`]).
    pub fn raw(&self) -> (&[u32], u32, f64) {
        (&self.counts, self.total, self.sum_s)
    }

    /// Day responses from [`DayResponses::raw`]'s parts; `None` when `counts` has the
    /// wrong length or does not add up to `total`.
    pub fn from_raw(counts: &[u32], total: u32, sum_s: f64) -> Option<DayResponses> {
        let counts: [u32; BINS + 1] = counts.try_into().ok()?;
        let adds_up = counts
            .iter()
            .try_fold(0u32, |a, &c| a.checked_add(c))
            .is_some_and(|t| t == total);
        adds_up.then_some(DayResponses {
            counts,
            total,
            sum_s,
        })
    }

    pub fn total(&self) -> u32 {
        self.total
    }

    /// Mean response, working hours; NaN when empty.
    pub fn mean_h(&self) -> f64 {
        if self.total == 0 {
            f64::NAN
        } else {
            self.sum_s / self.total as f64 / 3600.0
        }
    }

    /// The `q`-quantile (0 ≤ q ≤ 1), working hours, interpolated linearly inside its bin
    /// (error at most a quarter hour); [`RANGE_H`] when it falls in the overflow bin, NaN
    /// when empty.
    pub fn quantile_h(&self, q: f64) -> f64 {
        if self.total == 0 {
            return f64::NAN;
        }
        let rank = q.clamp(0.0, 1.0) * self.total as f64;
        let mut before = 0u64;
        for (i, &c) in self.counts.iter().enumerate() {
            let upto = before + u64::from(c);
            if c > 0 && upto as f64 >= rank {
                if i == BINS {
                    return RANGE_H;
                }
                let within = ((rank - before as f64) / f64::from(c)).clamp(0.0, 1.0);
                return (i as f64 + within) * BIN_H;
            }
            before = upto;
        }
        f64::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_within_a_bin_and_capped() {
        let mut d = DayResponses::default();
        assert!(d.quantile_h(0.5).is_nan() && d.mean_h().is_nan());
        // 1,000 responses spread evenly over 0–10 working hours.
        for i in 0..1000 {
            d.record(i as f64 * 36.0);
        }
        for q in [0.5, 0.8, 0.9, 0.95, 0.99] {
            let exact = q * 10.0;
            assert!((d.quantile_h(q) - exact).abs() <= BIN_H, "q={q}");
        }
        assert!((d.mean_h() - 4.995).abs() < 1e-9);
        d.record(1e9);
        assert_eq!(d.quantile_h(1.0), RANGE_H);
        assert_eq!(d.total(), 1001);
    }
}
