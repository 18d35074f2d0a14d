//! The working week, opening hours and arrivals of a log.
//!
//! - A weekday is a working day when the log has calls on it.
//! - Its hours run from the first to the end of the last interval (of a grid from
//!   midnight) in which calls arrived on at least half of that weekday's dates; calls
//!   outside those hours are counted and reported.
//! - A working weekday's date missing from the log, inside the log's span, is a holiday.
//! - Arrivals count first attempts: calls identified as redials (see `callers`) are left
//!   out, since the scenario adds redials itself.
//! - `calls_per_day` is the mean over working weekdays of each weekday's mean daily count,
//!   and each weekday's factor its mean over that; the intraday profile is the share of
//!   calls per interval over the dates whose hours are the whole envelope.
//! - Day-to-day variation: the method-of-moments cv of a gamma-mixed Poisson
//!   ([`day_to_day_cv`]) with each date's weekday mean as its expectation.

use jiff::civil::Date;

use super::estimate::day_to_day_cv;
use crate::scenario::weekday_index;

/// Arrivals of one date on the interval grid from midnight.
#[derive(Debug, Clone, PartialEq)]
pub struct DateCounts {
    pub date: Date,
    /// First-attempt arrivals per interval from midnight (after-midnight calls in the last).
    /// `u64`: an arrival-counts file may give up to `u32::MAX` calls per row, and several
    /// rows fall in one interval of the grid.
    pub per_interval: Vec<u64>,
}

/// The fitted calendar and demand.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandFit {
    pub interval_s: u32,
    /// Hours per weekday, Monday first: `(open_s, close_s)`, or `None` = closed.
    pub week: [Option<(u32, u32)>; 7],
    /// The envelope: earliest open and latest close.
    pub open_s: u32,
    pub close_s: u32,
    pub dates: Vec<Date>,
    pub holidays: Vec<Date>,
    pub calls_per_day: f64,
    /// Factor per weekday, Monday first (1 where closed).
    pub day_of_week: [f64; 7],
    /// Shares per interval of the envelope.
    pub profile: Vec<f64>,
    pub day_to_day_cv: f64,
    /// First attempts arriving outside the fitted hours of their date.
    pub outside_hours: u64,
    /// Mean first attempts per date, by weekday (Monday first; `None` when closed).
    pub mean_by_weekday: [Option<f64>; 7],
    /// First attempts per date.
    pub daily: Vec<(Date, u64)>,
}

impl DemandFit {
    /// Dates that fall on a working weekday: the horizon of a fitted scenario.
    pub fn working_dates(&self) -> u32 {
        self.dates
            .iter()
            .filter(|d| self.week[weekday_index(**d)].is_some())
            .count() as u32
    }

    /// The `calendar` and `demand` blocks of a scenario, as YAML.
    pub fn yaml_blocks(&self) -> String {
        super::yaml::calendar_and_demand(self)
    }
}

/// Per-date counts on a grid of `interval_s` from arrival counts of a finer step.
pub fn date_counts_from(
    counts: &crate::calllog::ArrivalCounts,
    interval_s: u32,
) -> Vec<DateCounts> {
    let n_grid = (86_400 / interval_s) as usize;
    let mut out: Vec<DateCounts> = Vec::new();
    for &(date, t, n) in &counts.rows {
        if out.last().is_none_or(|c| c.date != date) {
            out.push(DateCounts {
                date,
                per_interval: vec![0; n_grid],
            });
        }
        if let Some(c) = out.last_mut() {
            c.per_interval[((t / interval_s) as usize).min(n_grid - 1)] += u64::from(n);
        }
    }
    out
}

/// Fits the calendar and demand to per-date counts (dates ascending, at least one).
pub fn fit_demand(counts: &[DateCounts], interval_s: u32) -> Option<DemandFit> {
    let first = counts.first()?;
    let n_grid = first.per_interval.len();
    let mut week = [None; 7];
    let mut mean_by_weekday = [None; 7];
    for (w, slot) in week.iter_mut().enumerate() {
        let of_w: Vec<&DateCounts> = counts
            .iter()
            .filter(|c| weekday_index(c.date) == w)
            .collect();
        if of_w.is_empty() {
            continue;
        }
        let need = of_w.len().div_ceil(2);
        let busy = |i: usize| of_w.iter().filter(|c| c.per_interval[i] > 0).count() >= need;
        let open = (0..n_grid).find(|&i| busy(i));
        let close = (0..n_grid).rev().find(|&i| busy(i));
        if let (Some(o), Some(c)) = (open, close) {
            *slot = Some((o as u32 * interval_s, (c as u32 + 1) * interval_s));
            let total: u64 = of_w
                .iter()
                .map(|c| c.per_interval.iter().sum::<u64>())
                .sum();
            mean_by_weekday[w] = Some(total as f64 / of_w.len() as f64);
        }
    }
    let open_s = week.iter().flatten().map(|h| h.0).min()?;
    let close_s = week.iter().flatten().map(|h| h.1).max()?;
    let working: Vec<f64> = mean_by_weekday.iter().flatten().copied().collect();
    let calls_per_day = working.iter().sum::<f64>() / working.len() as f64;
    if calls_per_day <= 0.0 {
        return None;
    }
    let day_of_week =
        std::array::from_fn(|w| mean_by_weekday[w].map_or(1.0, |m| m / calls_per_day));

    let lo = (open_s / interval_s) as usize;
    let hi = (close_s / interval_s) as usize;
    let full: Vec<&DateCounts> = counts
        .iter()
        .filter(|c| week[weekday_index(c.date)] == Some((open_s, close_s)))
        .collect();
    let basis: Vec<&DateCounts> = if full.is_empty() {
        counts.iter().collect()
    } else {
        full
    };
    let mut profile = vec![0.0; hi - lo];
    for c in &basis {
        for (i, p) in profile.iter_mut().enumerate() {
            *p += c.per_interval[lo + i] as f64;
        }
    }
    let total: f64 = profile.iter().sum();
    if total > 0.0 {
        profile.iter_mut().for_each(|p| *p /= total);
    }

    let mut outside_hours = 0u64;
    let mut daily = Vec::new();
    let mut observed = Vec::new();
    let mut expected = Vec::new();
    for c in counts {
        let w = weekday_index(c.date);
        let n: u64 = c.per_interval.iter().sum();
        daily.push((c.date, n));
        if let Some((o, cl)) = week[w] {
            let (a, b) = ((o / interval_s) as usize, (cl / interval_s) as usize);
            outside_hours += c.per_interval[..a]
                .iter()
                .chain(&c.per_interval[b..])
                .sum::<u64>();
            if let Some(m) = mean_by_weekday[w] {
                observed.push(n as f64);
                expected.push(m);
            }
        }
    }
    let day_to_day_cv = day_to_day_cv(&observed, &expected).unwrap_or(0.0).min(2.0);
    let dates: Vec<Date> = counts.iter().map(|c| c.date).collect();
    let mut holidays = Vec::new();
    let mut d = first.date;
    let last = *dates.last()?;
    while d <= last {
        if week[weekday_index(d)].is_some() && !dates.contains(&d) {
            holidays.push(d);
        }
        d = d.tomorrow().ok()?;
    }
    Some(DemandFit {
        interval_s,
        week,
        open_s,
        close_s,
        dates,
        holidays,
        calls_per_day,
        day_of_week,
        profile,
        day_to_day_cv,
        outside_hours,
        mean_by_weekday,
        daily,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calllog::ArrivalCounts;
    use jiff::civil::date;

    #[test]
    fn counts_beyond_u32_are_added_up_without_overflow() {
        // Arrival counts take up to u32::MAX calls a row; two such rows in one half hour,
        // on two Mondays, add up far beyond u32 in an interval, a date and a weekday.
        let max = u32::MAX;
        let counts = ArrivalCounts {
            step_s: 900,
            rows: vec![
                (date(2024, 1, 8), 9 * 3600, max),
                (date(2024, 1, 8), 9 * 3600 + 900, max),
                (date(2024, 1, 15), 9 * 3600, max),
                (date(2024, 1, 15), 9 * 3600 + 900, max),
            ],
        };
        let by_date = date_counts_from(&counts, 1800);
        let big = 2 * u64::from(max);
        assert_eq!(by_date.len(), 2);
        assert_eq!(by_date[0].per_interval[18], big);
        let fit = fit_demand(&by_date, 1800).expect("a fit");
        assert_eq!(
            fit.daily,
            vec![(date(2024, 1, 8), big), (date(2024, 1, 15), big)]
        );
        assert_eq!(fit.mean_by_weekday[0], Some(big as f64));
        assert_eq!(fit.calls_per_day, big as f64);
        assert_eq!(fit.week[0], Some((9 * 3600, 19 * 1800)));
    }
}
