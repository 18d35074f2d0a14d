//! Writing a run's outputs: building the tables from the statistics, writing them as
//! Parquet and CSV, and the whole `report::write_run` (summary.json and the tables), for
//! the tender scenario with 100 replications (the statistics are simulated once, first).
//!
//! Run: `cargo bench --bench tables`. The budget for tables, charts and report together is
//! 2 s.

use std::path::Path;

use ccplan::engine::{self, RunSettings};
use ccplan::report;
use ccplan::scenario;
use ccplan::tables;
use criterion::{Criterion, criterion_group, criterion_main};

fn tables(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/seguranca-social-2017.yaml");
    let sc = scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let source = std::fs::read_to_string(&path).unwrap();
    let settings = RunSettings {
        replications: 100,
        seed: sc.simulation.seed,
    };
    let stats = engine::run(&sc, settings, &|| {});
    let dir = tempfile::tempdir().unwrap();

    let mut group = c.benchmark_group("tender_100_replications");
    group.sample_size(10);
    group.bench_function("build_tables", |b| {
        b.iter(|| tables::build_tables(&sc, &stats).unwrap())
    });
    let built = tables::build_tables(&sc, &stats).unwrap();
    group.bench_function("write_tables", |b| {
        b.iter(|| tables::write_tables(dir.path(), &built).unwrap())
    });
    group.bench_function("write_run", |b| {
        b.iter(|| report::write_run(dir.path(), &sc, &source, settings, &stats).unwrap())
    });
    group.finish();
}

criterion_group!(benches, tables);
criterion_main!(benches);
