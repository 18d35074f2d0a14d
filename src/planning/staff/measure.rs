//! What a simulation says about each (day, interval, line) cell: the means across
//! replications of its service level, abandonment, ASA, occupancy and offered load, with
//! their spread, and whether the cell meets the targets at the stated confidence. Figures
//! are accumulated replication by replication (Welford), so memory does not grow with
//! the number of replications.

use crate::engine::{self, RunSettings};
use crate::erlang::Target;
use crate::scenario::{LineId, Scenario};
use crate::service_level::SlDefinition;
use crate::stats::student::t_quantile;
use crate::stats::{LineGrid, ReplicationStats, RunStats, Welford};

use super::targets_and_threshold;

/// A mean over the replications in which a figure was defined (finite), with its spread.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Mean {
    w: Welford,
}

impl Mean {
    pub(crate) fn add(&mut self, x: f64) {
        if x.is_finite() {
            self.w.push(x);
        }
    }

    /// NaN when never defined.
    pub fn get(&self) -> f64 {
        self.w.mean()
    }

    /// Replications in which the figure was defined.
    pub fn count(&self) -> u32 {
        self.w.count()
    }

    /// The one-sided bound at confidence `c`: the mean plus (`upper`) or minus `t` × its
    /// standard error, `t` the `c` quantile of Student's t with n − 1 degrees of freedom.
    /// At `c = 0.5`, or with fewer than two values (no spread to estimate), the mean.
    pub fn bound(&self, c: &Confidence, upper: bool) -> f64 {
        let n = self.w.count();
        let mean = self.w.mean();
        if n < 2 || c.level == 0.5 {
            return mean;
        }
        let half = c.t(n - 1) * (self.w.variance() / f64::from(n)).sqrt();
        if upper { mean + half } else { mean - half }
    }
}

/// The confidence at which a cell must meet its targets over replications: a target
/// "at most x" holds when the one-sided upper `level` Student-t bound of the cell's mean
/// is at most x, a target "at least x" when the lower bound is at least x. `level = 0.5`
/// judges the means themselves.
#[derive(Debug, Clone, PartialEq)]
pub struct Confidence {
    pub level: f64,
    /// `t_quantile(level, df)` for df = 1, 2, … (the replications of one run).
    quantiles: Vec<f64>,
}

impl Confidence {
    /// The means themselves.
    pub fn mean() -> Self {
        Confidence::new(0.5, 0)
    }

    /// `level` in [0.5, 1), with the quantiles for up to `replications` values ready.
    pub fn new(level: f64, replications: u32) -> Self {
        let quantiles = if level == 0.5 {
            vec![]
        } else {
            (1..replications.max(2))
                .map(|df| t_quantile(level, df))
                .collect()
        };
        Confidence { level, quantiles }
    }

    /// The t multiplier for `df ≥ 1` degrees of freedom.
    pub fn t(&self, df: u32) -> f64 {
        self.quantiles
            .get(df as usize - 1)
            .copied()
            .unwrap_or_else(|| t_quantile(self.level, df))
    }
}

/// One cell's means across replications.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CellMeans {
    /// Service level at the target's threshold, by the target's definition.
    pub service_level: Mean,
    pub abandonment: Mean,
    pub asa_s: Mean,
    pub occupancy: Mean,
    /// ISA's offered load, erlangs: agent-seconds on calls in the cell plus the cell's
    /// abandoned calls × the line's mean handling time, over the interval length.
    pub offered_load: Mean,
    /// Calls reaching the queue, summed over replications.
    pub reached_queue: u64,
    /// Agents available for calls in the cell as the engine simulated them (agent-seconds
    /// available over the interval length: breaks taken late, overtime and absences
    /// included).
    pub agents_available: Mean,
}

impl CellMeans {
    /// Whether the cell had calls and misses a target at `t`'s confidence.
    pub fn misses(&self, t: &CellTargets) -> bool {
        if self.reached_queue == 0 {
            return false;
        }
        let c = &t.confidence;
        // A figure undefined in every replication (no answered call for the ASA) cannot
        // be judged; NaN comparisons below are false, so it does not count as a miss…
        // except a service level, whose denominator is the calls that reached the queue.
        t.targets.iter().any(|target| match *target {
            Target::ServiceLevel { at_least, .. } => {
                let sl = self.service_level.bound(c, false);
                sl.is_nan() || sl < at_least
            }
            Target::Abandonment { at_most } => self.abandonment.bound(c, true) > at_most,
            Target::Asa { at_most_s } => self.asa_s.bound(c, true) > at_most_s,
            Target::Occupancy { at_most } => self.occupancy.bound(c, true) > at_most,
        })
    }
}

/// A scenario's targets as checked per cell, at a confidence. They depend on the
/// scenario's targets only, not on its staffing, so one value serves every staffing of a
/// scenario.
#[derive(Debug, Clone)]
pub struct CellTargets {
    pub targets: Vec<Target>,
    /// Definition and threshold index of the service-level target.
    pub definition: SlDefinition,
    pub threshold: usize,
    pub confidence: Confidence,
}

impl CellTargets {
    /// The targets of `sc`, judged on the cells' means.
    pub fn of(sc: &Scenario) -> Self {
        Self::with_confidence(sc, Confidence::mean())
    }

    /// The same targets judged at another confidence.
    pub fn at(&self, confidence: Confidence) -> Self {
        CellTargets {
            confidence,
            ..self.clone()
        }
    }

    pub fn with_confidence(sc: &Scenario, confidence: Confidence) -> Self {
        let (targets, threshold_s) = targets_and_threshold(sc);
        let threshold = engine::thresholds(sc)
            .0
            .iter()
            .position(|t| *t == threshold_s)
            .unwrap_or(0);
        let definition = targets
            .iter()
            .find_map(|t| match *t {
                Target::ServiceLevel { definition, .. } => Some(definition),
                _ => None,
            })
            .unwrap_or_default();
        CellTargets {
            targets,
            definition,
            threshold,
            confidence,
        }
    }
}

/// Whether the scenario's e-mail is answered well enough: the share answered within the
/// e-mail target (mean over replications) reaches it; without a target, the backlog left
/// at the end of the horizon is at most one day's e-mails (it does not keep growing).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmailCheck {
    pub line: LineId,
    pub achieved: f64,
    pub required: f64,
    /// True when `achieved` must be at least `required`; false when at most.
    pub at_least: bool,
}

impl EmailCheck {
    pub fn met(&self) -> bool {
        if self.at_least {
            self.achieved >= self.required
        } else {
            self.achieved <= self.required
        }
    }

    pub fn describe(&self) -> String {
        if self.at_least {
            format!(
                "e-mail answered within target {:.1}% (at least {:.1}%)",
                self.achieved * 100.0,
                self.required * 100.0
            )
        } else {
            format!(
                "e-mail backlog at the end {:.0} (at most one day's {:.0})",
                self.achieved, self.required
            )
        }
    }
}

/// Per-cell means of one simulation, and the e-mail figures.
#[derive(Debug, Clone)]
pub struct Measured {
    pub n_days: usize,
    pub n_intervals: usize,
    /// `[day][interval][line]` ([`LineGrid`]).
    pub cells: Vec<CellMeans>,
    pub email_within: Mean,
    pub email_backlog_end: Mean,
}

impl Measured {
    pub fn cell(&self, day: usize, interval: usize, line: LineId) -> &CellMeans {
        &self.cells[LineGrid::new(self.n_intervals).index(day, interval, line.index())]
    }

    /// Whether the cell had calls and misses a target at `t`'s confidence (on its means
    /// at confidence 0.5).
    pub fn misses(&self, t: &CellTargets, day: usize, interval: usize, line: LineId) -> bool {
        self.cell(day, interval, line).misses(t)
    }

    /// The e-mail check, `None` without e-mail.
    pub fn email(&self, sc: &Scenario) -> Option<EmailCheck> {
        let e = sc.email.as_ref()?;
        Some(match sc.targets.email {
            Some(t) => EmailCheck {
                line: e.line,
                achieved: self.email_within.get(),
                required: t.at_least,
                at_least: true,
            },
            None => EmailCheck {
                line: e.line,
                achieved: self.email_backlog_end.get(),
                required: e.per_day,
                at_least: false,
            },
        })
    }
}

/// Simulates `sc` and measures every cell, service levels as `t` (the targets of `sc`)
/// defines them. Returns the run's statistics too.
pub fn simulate(
    sc: &Scenario,
    t: &CellTargets,
    settings: RunSettings,
    progress: &(dyn Fn() + Sync),
) -> (Measured, RunStats) {
    let n_days = sc.calendar.working_days.len();
    let n_intervals = sc.calendar.intervals_per_day();
    let interval_s = f64::from(sc.calendar.interval_s);
    let aht = [
        sc.line_workload(LineId::First).1,
        sc.line_workload(LineId::Second).1,
    ];
    let mut m = Measured {
        n_days,
        n_intervals,
        cells: vec![CellMeans::default(); LineGrid::new(n_intervals).len(n_days)],
        email_within: Mean::default(),
        email_backlog_end: Mean::default(),
    };
    let stats = engine::run_with(sc, settings, progress, |_, r: &ReplicationStats| {
        for d in 0..n_days {
            for i in 0..n_intervals {
                for line in LineId::ALL {
                    let c = r.cell(d, i, line.index());
                    let acc = &mut m.cells[LineGrid::new(n_intervals).index(d, i, line.index())];
                    let f = c.figures();
                    acc.service_level
                        .add(c.service_level(t.definition, t.threshold));
                    acc.abandonment.add(f.abandonment_rate);
                    acc.asa_s.add(f.asa_s);
                    acc.occupancy.add(f.occupancy);
                    acc.offered_load
                        .add((c.busy_s + c.abandoned as f64 * aht[line.index()]) / interval_s);
                    acc.reached_queue += c.reached_queue();
                    acc.agents_available.add(c.available_s / interval_s);
                }
            }
        }
        if r.email_decided > 0 {
            m.email_within
                .add(r.email_within_target as f64 / r.email_decided as f64);
        }
        m.email_backlog_end.add(r.email_backlog_end as f64);
    });
    (m, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell whose abandonment was `xs` in successive replications.
    fn cell(xs: &[f64]) -> CellMeans {
        let mut c = CellMeans {
            reached_queue: 100,
            ..CellMeans::default()
        };
        for &x in xs {
            c.abandonment.add(x);
            c.service_level.add(0.9);
        }
        c
    }

    fn targets(level: f64, n: u32) -> CellTargets {
        CellTargets {
            targets: vec![Target::Abandonment { at_most: 0.05 }],
            definition: SlDefinition::default(),
            threshold: 0,
            confidence: Confidence::new(level, n),
        }
    }

    #[test]
    fn a_mean_that_meets_the_target_can_miss_at_a_confidence() {
        // Mean 4.5%, sample sd 1.87%, n = 6: the upper 95% bound is
        // 0.045 + 2.015 × 0.0187 / √6 = 6.04% > 5%.
        let xs = [0.02, 0.03, 0.04, 0.05, 0.06, 0.07];
        let c = cell(&xs);
        assert!((c.abandonment.get() - 0.045).abs() < 1e-15);
        let sd = (xs.iter().map(|x| (x - 0.045_f64).powi(2)).sum::<f64>() / 5.0).sqrt();
        let upper = 0.045 + 2.015_048_373 * sd / 6f64.sqrt();
        let bound = c.abandonment.bound(&Confidence::new(0.95, 6), true);
        assert!((bound - upper).abs() < 1e-9, "{bound} {upper}");
        assert!(!c.misses(&targets(0.5, 6)));
        assert!(c.misses(&targets(0.95, 6)));
        // At 60% the bound is 0.045 + 0.267 × 0.0187 / √6 = 4.70%: met.
        assert!(!c.misses(&targets(0.6, 6)));
        // The lower bound judges an "at least" target.
        let sl = c.service_level.bound(&Confidence::new(0.95, 6), false);
        assert!((sl - 0.9).abs() < 1e-12, "no spread, no margin: {sl}");
        // A quantile asked beyond the prepared ones is computed on the spot.
        assert!((Confidence::new(0.95, 2).t(9) - 1.833_112_933).abs() < 1e-8);
    }
}
