//! Call-log reading and fitting speed: a generic CSV of 1,000,000 calls (deterministic,
//! written once into a temporary folder) read into a `CallLog`, the same calls as
//! Parquet, and `ccplan fit`'s estimation on the log in memory.
//!
//! Run: `cargo bench --bench calllog`. Criterion reports "elements/s" = calls/s.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ccplan::calllog::{self, LogFormat};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const CALLS: u64 = 1_000_000;
const DAYS: u64 = 20;

/// A small deterministic generator (SplitMix64), so the file is the same on every run.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn clock(out: &mut String, t_ms: u64) {
    let s = t_ms / 1000;
    let _ = write!(out, "{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    if !t_ms.is_multiple_of(1000) {
        let _ = write!(out, ".{:03}", t_ms % 1000);
    }
}

/// Writes `CALLS` calls over `DAYS` days: 90% answered, 8% abandoned, 2% other; a menu,
/// a queue, 200 agents, 6 call types, callers mostly known.
fn generate(path: &Path) {
    let mut rng = Mix(2024);
    let mut text = String::with_capacity(120 * CALLS as usize);
    text.push_str(
        "date,arrival,ivr_entry,ivr_exit,queue_start,queue_exit,outcome,service_start,\
         service_end,agent,caller,type\n",
    );
    let per_day = CALLS / DAYS;
    let types = [
        "pensions", "benefits", "family", "payments", "other", "english",
    ];
    for day in 0..DAYS {
        let date = jiff::civil::date(2024, 3, 1)
            .checked_add(jiff::Span::new().days(day as i64))
            .expect("a date in range");
        let mut t_ms = 8 * 3_600_000;
        for _ in 0..per_day {
            t_ms += rng.below(2 * 12 * 3_600_000 / per_day);
            let menu = 5_000 + rng.below(30_000);
            let q0 = t_ms + menu;
            let wait = rng.below(120_000);
            let kind = rng.below(100);
            let _ = write!(text, "{date},");
            for x in [t_ms, t_ms, q0, q0] {
                clock(&mut text, x);
                text.push(',');
            }
            clock(&mut text, q0 + wait);
            let (outcome, agent) = match kind {
                0..90 => ("answered", true),
                90..98 => ("abandoned", false),
                _ => ("other", false),
            };
            let _ = write!(text, ",{outcome},");
            if agent {
                let s0 = q0 + wait;
                clock(&mut text, s0);
                text.push(',');
                clock(&mut text, s0 + 30_000 + rng.below(600_000));
                let _ = write!(text, ",agent{:03}", rng.below(200));
            } else {
                text.push_str(",,");
            }
            let caller = if rng.below(4) == 0 {
                0
            } else {
                351_900_000_000 + rng.below(5_000_000)
            };
            let ty = types[rng.below(types.len() as u64) as usize];
            let _ = writeln!(text, ",{caller},{ty}");
        }
    }
    std::fs::write(path, text).expect("writing the benchmark log");
}

fn read(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let csv: PathBuf = dir.path().join("calls.csv");
    generate(&csv);
    let format = LogFormat::default();
    let log = calllog::read(std::slice::from_ref(&csv), &format).expect("a valid log");
    assert_eq!(log.rows_read, CALLS);
    let parquet = dir.path().join("calls.parquet");
    calllog::write(&parquet, &log).expect("writing Parquet");
    drop(log);

    let mut group = c.benchmark_group("read_million_calls");
    group.sample_size(10);
    group.throughput(Throughput::Elements(CALLS));
    group.bench_function("csv", |b| {
        b.iter(|| calllog::read(std::slice::from_ref(&csv), &format).expect("a valid log"))
    });
    group.bench_function("parquet", |b| {
        b.iter(|| calllog::read(std::slice::from_ref(&parquet), &format).expect("a valid log"))
    });
    group.finish();

    // Fitting: everything `ccplan fit` estimates (calendar, arrivals, handling per type
    // and hour, censored patience, redials, menu time, agents and availability) from the
    // log already in memory.
    let log = calllog::read(std::slice::from_ref(&csv), &format).expect("a valid log");
    let mut group = c.benchmark_group("fit_million_calls");
    group.sample_size(10);
    group.throughput(Throughput::Elements(CALLS));
    group.bench_function("fit", |b| {
        b.iter(|| ccplan::fit::fit(&log, 15).expect("a fit"))
    });
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
