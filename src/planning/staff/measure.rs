//! What a simulation says about each (day, interval, line) cell: the means across
//! replications of its service level, abandonment, ASA, occupancy and offered load, and
//! whether the cell meets the targets. Sums are accumulated replication by replication,
//! so memory does not grow with the number of replications.

use crate::engine::{self, RunSettings};
use crate::erlang::Target;
use crate::scenario::{LineId, Scenario};
use crate::service_level::SlDefinition;
use crate::stats::{LineGrid, ReplicationStats, RunStats};

use super::targets_and_threshold;

/// A mean over the replications in which a figure was defined.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Mean {
    sum: f64,
    n: u32,
}

impl Mean {
    fn add(&mut self, x: f64) {
        if x.is_finite() {
            self.sum += x;
            self.n += 1;
        }
    }

    /// NaN when never defined.
    pub fn get(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.sum / f64::from(self.n)
        }
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
}

/// A scenario's targets as checked per cell. They depend on the scenario's targets only,
/// not on its staffing, so one value serves every staffing of a scenario.
#[derive(Debug, Clone)]
pub struct CellTargets {
    pub targets: Vec<Target>,
    /// Definition and threshold index of the service-level target.
    pub definition: SlDefinition,
    pub threshold: usize,
}

impl CellTargets {
    pub fn of(sc: &Scenario) -> Self {
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

    /// Whether the cell had calls and misses a target (by its means).
    pub fn misses(&self, t: &CellTargets, day: usize, interval: usize, line: LineId) -> bool {
        let c = self.cell(day, interval, line);
        if c.reached_queue == 0 {
            return false;
        }
        // A figure undefined in every replication (no answered call for the ASA) cannot
        // be judged; NaN comparisons below are false, so it does not count as a miss…
        // except a service level, whose denominator is the calls that reached the queue.
        t.targets.iter().any(|target| match *target {
            Target::ServiceLevel { at_least, .. } => {
                let sl = c.service_level.get();
                sl.is_nan() || sl < at_least
            }
            Target::Abandonment { at_most } => c.abandonment.get() > at_most,
            Target::Asa { at_most_s } => c.asa_s.get() > at_most_s,
            Target::Occupancy { at_most } => c.occupancy.get() > at_most,
        })
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
