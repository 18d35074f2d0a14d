//! Everything the engine needs from a scenario, precomputed once and shared read-only by
//! all replications: per-day demand curves and rosters, samplers, thresholds, peak flags.

use jiff::civil::Date;

use super::sampler::Sampler;
use crate::scenario::{AgentBlock, LineId, Scenario};
use crate::service_level::STANDARD_THRESHOLDS_S;
use crate::stats::MAX_THRESHOLDS;

/// One contact type, ready for the engine.
#[derive(Debug, Clone)]
pub struct TypeSetup {
    /// Cumulative share up to and including this type (the last is 1).
    pub cumulative_share: f64,
    pub self_service: f64,
    pub to_second_line: f64,
    pub first_handle: Sampler,
    pub second_handle: Sampler,
    /// Handling-time multipliers per interval of first arrival, `[line][interval]`; empty
    /// when the contact type states none (no multiplication at all).
    pub handle_factor: [Vec<f64>; 2],
    /// Patience of this type's callers: its own, else the callers'; `None` = they never
    /// hang up.
    pub patience: Option<Sampler>,
}

/// Exponential available and away spells of a line's agents.
#[derive(Debug, Clone, Copy)]
pub struct AvailabilitySetup {
    /// Mean available spell, seconds (finite: a share of 1 has no setup).
    pub available_mean_s: f64,
    /// Mean away spell, seconds.
    pub away_mean_s: f64,
}

/// One working day.
#[derive(Debug, Clone)]
pub struct DaySetup {
    pub date: Date,
    /// Seconds from the horizon's epoch (midnight of the first working day) to this day's
    /// midnight.
    pub midnight_s: f64,
    /// The day's opening and closing times, seconds since midnight (within the week's
    /// envelope `Setup::open_s`..`Setup::close_s`; no new call from `close_s` on).
    pub open_s: f64,
    pub close_s: f64,
    /// First interval after the day's close: `n_intervals` when the day closes with the
    /// envelope; time from the day's close on counts in the after-close slot.
    pub end_slot: usize,
    /// Expected arrivals (before busyness) at each interval boundary of the grid from the
    /// envelope's open: `cumulative[0] = 0`, `cumulative[n] =` the day's expected calls;
    /// flat over intervals outside the day's hours.
    pub cumulative: Vec<f64>,
    /// Agent blocks per line, clamped to the day's opening hours.
    pub roster: [Vec<AgentBlock>; 2],
    /// Open seconds of all working days before this one (the working-hours clock).
    pub working_s_before: f64,
}

/// E-mail setup.
#[derive(Debug, Clone)]
pub struct EmailSetup {
    pub per_s: f64,
    pub line: usize,
    pub handle: Sampler,
    pub reserve_idle_agents: u32,
    /// Target response time, working seconds (infinite without a target).
    pub within_s: f64,
}

/// The scenario, ready for the engine.
#[derive(Debug, Clone)]
pub struct Setup {
    pub days: Vec<DaySetup>,
    pub n_intervals: usize,
    pub open_s: f64,
    pub close_s: f64,
    pub interval_s: f64,
    /// Waiting-time thresholds counted, seconds, ascending (at most [`MAX_THRESHOLDS`]).
    pub thresholds: Vec<f64>,
    /// Index into `thresholds` of the service-level target's threshold, if any.
    pub target_threshold: Option<usize>,
    pub types: Vec<TypeSetup>,
    pub menu: Sampler,
    pub redial: Option<(f64, Sampler)>,
    /// Trunks; `u32::MAX` when unlimited.
    pub trunks: u32,
    pub email: Option<EmailSetup>,
    pub has_second_line: bool,
    pub temporary_factor: [f64; 2],
    /// Per line: agents alternating available and away spells; `None` = always available
    /// (no availability stated, or a share of 1), and then no event or draw happens.
    pub availability: [Option<AvailabilitySetup>; 2],
    /// Gamma(1/cv², cv²) busyness, `None` when `day_to_day_cv` is 0.
    pub busyness: Option<rand_distr::Gamma<f64>>,
    /// `[day * n_intervals + interval]`: whether the interval belongs to the peak period.
    pub peak: Vec<bool>,
}

impl Setup {
    pub fn new(sc: &Scenario) -> Self {
        let cal = &sc.calendar;
        let n = cal.intervals_per_day();
        let epoch = cal.working_days[0];

        // Open seconds of the days before, summed in whole seconds (exact in an f64).
        let mut worked_s = 0.0;
        let days: Vec<DaySetup> = cal
            .working_days
            .iter()
            .map(|&date| {
                let (open_s, close_s) = cal.hours_on(date).unwrap_or((cal.open_s, cal.close_s));
                let mut cumulative = Vec::with_capacity(n + 1);
                cumulative.push(0.0);
                let mut acc = 0.0;
                for c in sc.expected_curve(date) {
                    acc += c;
                    cumulative.push(acc);
                }
                let clamp = |blocks: Vec<AgentBlock>| -> Vec<AgentBlock> {
                    blocks
                        .into_iter()
                        .map(|b| b.clamped(open_s, close_s))
                        .filter(|b| b.end_s > b.start_s && b.agents() > 0)
                        .collect()
                };
                let working_s_before = worked_s;
                worked_s += f64::from(close_s - open_s);
                DaySetup {
                    date,
                    midnight_s: (date - epoch).get_days() as f64 * 86_400.0,
                    open_s: f64::from(open_s),
                    close_s: f64::from(close_s),
                    end_slot: cal.open_intervals(date).end,
                    cumulative,
                    roster: [
                        clamp(sc.roster(LineId::First, date)),
                        clamp(sc.roster(LineId::Second, date)),
                    ],
                    working_s_before,
                }
            })
            .collect();

        let (thresholds, target_threshold) = thresholds(sc);

        let mut cumulative = 0.0;
        let types = sc
            .contact_types
            .iter()
            .map(|c| {
                cumulative += c.share;
                TypeSetup {
                    cumulative_share: cumulative,
                    self_service: c.self_service,
                    to_second_line: c.to_second_line,
                    first_handle: Sampler::new(&c.first_line_handle),
                    second_handle: Sampler::optional(c.second_line_handle.as_ref()),
                    handle_factor: [
                        c.first_line_handle_factor.clone(),
                        c.second_line_handle_factor.clone(),
                    ],
                    patience: c
                        .patience
                        .as_ref()
                        .or(sc.callers.patience.as_ref())
                        .map(Sampler::new),
                }
            })
            .collect();

        let cv = sc.demand.day_to_day_cv;
        let busyness = (cv > 0.0)
            .then(|| rand_distr::Gamma::new(1.0 / (cv * cv), cv * cv).ok())
            .flatten();

        let line_factor = |id: LineId| sc.lines.get(id).map_or(1.0, |l| l.temporary_handle_factor);

        Setup {
            peak: peak_flags(sc, &days, n),
            days,
            n_intervals: n,
            open_s: cal.open_s as f64,
            close_s: cal.close_s as f64,
            interval_s: cal.interval_s as f64,
            thresholds,
            target_threshold,
            types,
            menu: Sampler::optional(sc.callers.self_service_time.as_ref()),
            redial: sc
                .callers
                .redial
                .as_ref()
                .map(|r| (r.probability, Sampler::new(&r.after))),
            trunks: sc.trunks.unwrap_or(u32::MAX),
            email: sc.email.as_ref().map(|e| EmailSetup {
                per_s: e.per_day / 86_400.0,
                line: e.line.index(),
                handle: Sampler::new(&e.handle),
                reserve_idle_agents: e.reserve_idle_agents,
                within_s: sc
                    .targets
                    .email
                    .map_or(f64::INFINITY, |t| t.within_h * 3600.0),
            }),
            has_second_line: sc.lines.second.is_some(),
            temporary_factor: [line_factor(LineId::First), line_factor(LineId::Second)],
            availability: LineId::ALL.map(|id| {
                sc.lines
                    .get(id)
                    .and_then(|l| l.availability)
                    .filter(|a| a.share < 1.0)
                    .map(|a| AvailabilitySetup {
                        available_mean_s: a.available_mean_s(),
                        away_mean_s: a.away_mean_s,
                    })
            }),
            busyness,
        }
    }

    /// Interval of a time of day (seconds since midnight) on day `day`: `n_intervals`
    /// from the day's close on; times before open count in the first interval.
    #[inline]
    pub fn slot(&self, day: usize, t: f64) -> usize {
        if t <= self.open_s {
            return 0;
        }
        let slot = (((t - self.open_s) / self.interval_s) as usize).min(self.n_intervals);
        if slot >= self.days[day].end_slot {
            self.n_intervals
        } else {
            slot
        }
    }

    /// The slot after `slot` on day `day`: the after-close slot once past the day's close.
    #[inline]
    pub fn next_slot(&self, day: usize, slot: usize) -> usize {
        if slot + 1 >= self.days[day].end_slot {
            self.n_intervals
        } else {
            slot + 1
        }
    }

    /// End of `slot` on day `day`, seconds since midnight (infinite for the after-close
    /// slot).
    #[inline]
    pub fn slot_end(&self, day: usize, slot: usize) -> f64 {
        if slot >= self.days[day].end_slot {
            f64::INFINITY
        } else {
            self.open_s + (slot + 1) as f64 * self.interval_s
        }
    }
}

/// The wait thresholds the engine counts answers within, seconds, ascending (so that a
/// wait's band is the number of thresholds it exceeds): the standard ones plus the
/// service-level target's; and the target's index among them. Cheap, unlike [`Setup::new`].
pub fn thresholds(sc: &Scenario) -> (Vec<f64>, Option<usize>) {
    let mut thresholds: Vec<f64> = STANDARD_THRESHOLDS_S.to_vec();
    if let Some(t) = sc.targets.service_level
        && !thresholds.contains(&t.within_s)
    {
        thresholds.push(t.within_s);
        thresholds.sort_by(f64::total_cmp);
    }
    let target_threshold = sc
        .targets
        .service_level
        .and_then(|t| thresholds.iter().position(|&x| x == t.within_s));
    debug_assert!(thresholds.len() <= MAX_THRESHOLDS);
    (thresholds, target_threshold)
}

/// Peak period: intervals on a day a named peak is in force, plus the busiest tenth of all
/// intervals of the horizon by expected arrivals (ties broken by position; none when
/// demand is flat). A named peak in force on every working day of the horizon marks no day
/// out (it is the horizon's normal, e.g. a month-long surge simulated alone), so that peak
/// and normal periods still compare something.
fn peak_flags(sc: &Scenario, days: &[DaySetup], n: usize) -> Vec<bool> {
    let mut days_in_force = vec![0usize; sc.demand.peaks.len()];
    for day in days {
        for p in sc.peaks_on(day.date) {
            days_in_force[p] += 1;
        }
    }
    let mut flags = vec![false; days.len() * n];
    let mut load: Vec<(f64, usize)> = Vec::with_capacity(flags.len());
    for (d, day) in days.iter().enumerate() {
        let named = sc.peaks_on(day.date).any(|p| days_in_force[p] < days.len());
        for i in 0..n {
            flags[d * n + i] = named;
            load.push((day.cumulative[i + 1] - day.cumulative[i], d * n + i));
        }
    }
    load.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let busiest = load.len().div_ceil(10);
    // With flat demand no tenth is busier than the rest: flag none rather than an
    // arbitrary first tenth.
    let flat = match (load.first(), load.last()) {
        (Some(max), Some(min)) => max.0 <= min.0 * (1.0 + 1e-12),
        _ => true,
    };
    if !flat {
        for &(_, idx) in load.iter().take(busiest) {
            flags[idx] = true;
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/minimal.yaml");
        crate::scenario::load(&path).expect("minimal scenario loads")
    }

    #[test]
    fn flat_demand_has_no_busiest_tenth() {
        let setup = Setup::new(&minimal());
        assert!(setup.peak.iter().all(|p| !p));
    }

    /// The minimal scenario with demand rising through the day, and its intervals per day.
    fn rising() -> (Scenario, usize) {
        let mut sc = minimal();
        let n = sc.demand.profile.len();
        sc.demand.profile = (0..n).map(|i| (i + 1) as f64).collect();
        let total: f64 = sc.demand.profile.iter().sum();
        sc.demand.profile.iter_mut().for_each(|w| *w /= total);
        (sc, n)
    }

    #[test]
    fn the_busiest_tenth_is_flagged_when_demand_varies() {
        let (sc, n) = rising();
        let setup = Setup::new(&sc);
        let flagged = setup.peak.iter().filter(|p| **p).count();
        assert_eq!(flagged, setup.peak.len().div_ceil(10));
        // The last (busiest) interval of each day is among them.
        assert!(setup.peak[n - 1]);
    }

    #[test]
    fn a_peak_over_the_whole_horizon_is_its_normal() {
        let (mut sc, n) = rising();
        let tenth_only = Setup::new(&sc).peak;
        let days = &sc.calendar.working_days;
        let peak = |name: &str, to: usize, factor: f64| crate::scenario::Peak {
            name: name.into(),
            dates: Some((days[0], days[to])),
            days_of_month: Vec::new(),
            factor,
        };
        sc.demand.peaks = vec![peak("surge", days.len() - 1, 2.0)];
        assert_eq!(Setup::new(&sc).peak, tenth_only);
        // A peak on the first day only still marks that whole day (a factor of 1 leaves
        // the busiest tenth where it was).
        sc.demand.peaks.push(peak("first-day", 0, 1.0));
        let flags = Setup::new(&sc).peak;
        assert!(flags[..n].iter().all(|p| *p));
        assert_eq!(flags[n..], tenth_only[n..]);
    }
}
