//! Simulation speed in calls per second: one replication of the minimal scenario (a
//! stationary M/M/c) and of the tender scenario on one thread, and a batch of
//! replications on one and on two threads (the parallel speed-up).
//!
//! Run: `cargo bench --bench engine`. Criterion reports "elements/s" = calls/s, where a
//! call is an attempt reaching the switch (first attempts and redials).

use std::path::Path;

use ccplan::engine::{self, RunSettings, Setup, simulate};
use ccplan::scenario::{self, Scenario};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn load(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn calls(setup: &Setup, seed: u64, replications: u32) -> u64 {
    (0..replications)
        .map(|r| simulate(setup, seed, r).line_total(0).offered as u64)
        .sum()
}

fn one_replication(c: &mut Criterion) {
    let mut group = c.benchmark_group("one_replication");
    for name in ["minimal.yaml", "seguranca-social-2017.yaml"] {
        let sc = load(name);
        let setup = Setup::new(&sc);
        let seed = sc.simulation.seed;
        group.throughput(Throughput::Elements(calls(&setup, seed, 1)));
        group.bench_function(name, |b| b.iter(|| simulate(&setup, seed, 0)));
    }
    group.finish();
}

fn threads(c: &mut Criterion) {
    let mut group = c.benchmark_group("eight_replications");
    group.sample_size(10);
    let sc = load("seguranca-social-2017.yaml");
    let settings = RunSettings {
        replications: 8,
        seed: sc.simulation.seed,
    };
    group.throughput(Throughput::Elements(calls(
        &Setup::new(&sc),
        settings.seed,
        8,
    )));
    for n in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        group.bench_function(format!("tender_threads_{n}"), |b| {
            b.iter(|| pool.install(|| engine::run(&sc, settings, &|| {})))
        });
    }
    group.finish();
}

criterion_group!(benches, one_replication, threads);
criterion_main!(benches);
