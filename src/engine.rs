//! The discrete-event engine: turns a checked scenario into statistics. No I/O.
//!
//! A replication simulates every working day of the horizon (see `replication`); a run
//! executes replications in parallel with rayon and adds them to the estimates in
//! replication order, so the thread count never changes a number.

pub mod arrivals;
pub mod calls;
pub mod events;
pub mod replication;
pub mod rng;
pub mod sampler;
pub mod setup;
pub mod station;

use rayon::prelude::*;

use crate::scenario::Scenario;
use crate::stats::run::RunShape;
use crate::stats::{ReplicationStats, RunStats};
pub use calls::{CallSink, NoCalls, SimCall, SimOutcome};
pub use replication::{simulate, simulate_with};
pub use setup::{Setup, thresholds};

/// How many replications and which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSettings {
    pub replications: u32,
    pub seed: u64,
}

impl RunSettings {
    /// The scenario's own settings.
    pub fn from_scenario(sc: &Scenario) -> Self {
        RunSettings {
            replications: sc.simulation.replications,
            seed: sc.simulation.seed,
        }
    }
}

/// An empty `RunStats` shaped for `setup`.
pub fn empty_stats(sc: &Scenario, setup: &Setup) -> RunStats {
    let target = sc.targets.service_level;
    RunStats::new(&RunShape {
        n_days: setup.days.len(),
        n_intervals: setup.n_intervals,
        n_types: setup.types.len(),
        interval_s: setup.interval_s,
        day_open_s: setup.days.iter().map(|d| d.close_s - d.open_s).collect(),
        thresholds: setup.thresholds.clone(),
        definition: target.map(|t| t.definition).unwrap_or_default(),
        target_threshold: setup.target_threshold,
        target_at_least: target.map(|t| t.at_least),
    })
}

/// Runs all replications on the current rayon pool. `progress` is called once per
/// finished replication (from worker threads).
pub fn run(sc: &Scenario, settings: RunSettings, progress: &(dyn Fn() + Sync)) -> RunStats {
    run_with(sc, settings, progress, |_, _| {})
}

/// [`run`], also handing each replication's statistics to `visit`, in replication order
/// (whatever the thread count), before they are merged: for figures read per replication
/// (paired comparisons, staffing iterations) without a second pass.
pub fn run_with(
    sc: &Scenario,
    settings: RunSettings,
    progress: &(dyn Fn() + Sync),
    mut visit: impl FnMut(u32, &ReplicationStats),
) -> RunStats {
    let setup = Setup::new(sc);
    run_batches(
        sc,
        &setup,
        settings,
        progress,
        STATS_BATCH_PER_THREAD,
        |r| (simulate(&setup, settings.seed, r), ()),
        |r, s, ()| visit(r, s),
    )
}

/// [`run`], also handing each replication's simulated calls (every caller attempt at the
/// switch, in the order the attempts ended) to `calls`, in replication order whatever the
/// thread count. The statistics are those of [`run`]; the calls of a batch of
/// replications are held in memory at a time.
pub fn run_with_calls(
    sc: &Scenario,
    settings: RunSettings,
    progress: &(dyn Fn() + Sync),
    mut calls: impl FnMut(u32, &[SimCall]),
) -> RunStats {
    let setup = Setup::new(sc);
    run_batches(
        sc,
        &setup,
        settings,
        progress,
        CALLS_BATCH_PER_THREAD,
        |r| {
            let mut sink = Vec::new();
            let s = simulate_with(&setup, settings.seed, r, &mut sink);
            (s, sink)
        },
        |r, _, sink| calls(r, &sink),
    )
}

/// Replications per thread in a batch when only statistics are kept. Each batch ends at
/// a barrier (the slowest thread's last replication), which idles the other threads for
/// part of a replication: the larger the batch, the smaller that share. A replication's
/// statistics take well under a megabyte, so 16 per thread cost little memory.
const STATS_BATCH_PER_THREAD: usize = 16;
/// Replications per thread in a batch when their simulated calls are kept too (a
/// replication's calls can take hundreds of megabytes).
const CALLS_BATCH_PER_THREAD: usize = 4;

/// Simulates replications a batch at a time with `sim` and hands each result to `each` in
/// replication order before merging it.
fn run_batches<T: Send>(
    sc: &Scenario,
    setup: &Setup,
    settings: RunSettings,
    progress: &(dyn Fn() + Sync),
    per_thread: usize,
    sim: impl Fn(u32) -> (ReplicationStats, T) + Sync,
    mut each: impl FnMut(u32, &ReplicationStats, T),
) -> RunStats {
    let mut stats = empty_stats(sc, setup);
    // Replications are simulated a batch at a time and merged in order; a batch holds a
    // few replications per thread, which bounds memory whatever the replication count.
    let batch = (per_thread * rayon::current_num_threads()).max(4) as u32;
    let mut start = 0;
    while start < settings.replications {
        let end = (start + batch).min(settings.replications);
        let results: Vec<_> = (start..end)
            .into_par_iter()
            .map(|r| {
                let s = sim(r);
                progress();
                s
            })
            .collect();
        for (r, (result, extra)) in (start..end).zip(results) {
            each(r, &result, extra);
            stats.add(&result);
        }
        start = end;
    }
    stats
}
