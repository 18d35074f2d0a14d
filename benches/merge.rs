//! `ccplan merge` of the tender scenario's 100 replications sharded 100 ways: reading and
//! checking the 100 part files, adding their replications to the estimates, and the
//! whole merge with the output folder written (tables, charts, report). The parts are
//! simulated once, first. Run: `cargo bench --bench merge`. Budget: the whole merge under
//! 2 s.

use std::path::{Path, PathBuf};

use ccplan::commands::merge::{merge_into, read_parts};
use ccplan::engine::RunSettings;
use ccplan::scenario;
use ccplan::shard::{self, Shard};
use criterion::{Criterion, criterion_group, criterion_main};

const SHARDS: u32 = 100;

fn merge(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/seguranca-social-2017.yaml");
    let (sc, source) = scenario::load_with_text(&path).unwrap_or_else(|e| panic!("{e}"));
    let settings = RunSettings::from_scenario(&sc);
    assert_eq!(settings.replications, 100);
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = (0..SHARDS)
        .map(|index| {
            let shard = Shard {
                index,
                count: SHARDS,
            };
            let part = shard::run::simulate(&sc, &source, "tender.yaml", settings, shard, &|| {});
            let file = dir.path().join(format!("part-{index}.ccpart"));
            part.write(&file).unwrap();
            file
        })
        .collect();
    let out = dir.path().join("merged");

    let mut group = c.benchmark_group("merge_tender_100_parts");
    group.sample_size(10);
    group.bench_function("read_and_check", |b| b.iter(|| read_parts(&files).unwrap()));
    let parts = read_parts(&files).unwrap();
    group.bench_function("add_replications", |b| {
        b.iter(|| shard::run::merge(&parts).unwrap())
    });
    group.bench_function("whole_merge_with_outputs", |b| {
        b.iter(|| merge_into(&read_parts(&files).unwrap(), Some(&out)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, merge);
criterion_main!(benches);
