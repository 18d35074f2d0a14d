//! Timings of the analytic core at contact-centre and national scales.
//!
//! Run with `cargo bench --bench erlang -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use ccplan::erlang::{Model, Target, erlang_c, required_agents};
use ccplan::service_level::SlDefinition;
use criterion::{Criterion, criterion_group, criterion_main};

/// 80% answered within 20 s, abandoned calls counted as misses.
const SL_80_20: Target = Target::ServiceLevel {
    definition: SlDefinition::Offered,
    threshold_s: 20.0,
    at_least: 0.8,
};

fn erlang_c_100k(c: &mut Criterion) {
    c.bench_function("erlang_c p_wait, 100,000 agents, 99,500 erlangs", |b| {
        b.iter(|| erlang_c(black_box(100_000), black_box(99_500.0)).unwrap())
    });
    let model = Model::from_load(99_500.0, 300.0).unwrap();
    c.bench_function("erlang_c figures, 100,000 agents", |b| {
        b.iter(|| model.figures(black_box(100_000.0), 20.0).unwrap())
    });
}

fn staffing_10k(c: &mut Criterion) {
    let model = Model::from_load(10_000.0, 300.0).unwrap();
    c.bench_function("staffing erlang_c, 10,000 erlangs, 80/20", |b| {
        b.iter(|| required_agents(black_box(&model), &[SL_80_20], 20.0).unwrap())
    });
    let model = model.with_patience_s(180.0).unwrap();
    c.bench_function("staffing erlang_a, 10,000 erlangs, 80/20", |b| {
        b.iter(|| required_agents(black_box(&model), &[SL_80_20], 20.0).unwrap())
    });
}

fn erlang_a(c: &mut Criterion) {
    for agents in [1_000u32, 10_000] {
        // Loaded at 98%, patience 3 minutes: a busy but typical interval.
        let model = Model::from_load(0.98 * f64::from(agents), 300.0)
            .unwrap()
            .with_patience_s(180.0)
            .unwrap();
        c.bench_function(&format!("erlang_a figures, {agents} agents"), |b| {
            b.iter(|| model.figures(black_box(f64::from(agents)), 20.0).unwrap())
        });
    }
    // Twice as much work as agents: a queue of about 100,000 callers.
    let model = Model::from_load(200_000.0, 300.0)
        .unwrap()
        .with_patience_s(300.0)
        .unwrap();
    c.bench_function("erlang_a figures, 100,000 agents, overloaded 2x", |b| {
        b.iter(|| model.figures(black_box(100_000.0), 20.0).unwrap())
    });
}

fn erlang_x(c: &mut Criterion) {
    let model = Model::from_load(1_000.0, 300.0)
        .unwrap()
        .with_patience_s(180.0)
        .unwrap()
        .with_lines(1_100)
        .unwrap()
        .with_redial(0.5)
        .unwrap();
    c.bench_function("erlang_x figures (redial fixed point), 1,000 agents", |b| {
        b.iter(|| model.figures(black_box(1_000.0), 20.0).unwrap())
    });
}

criterion_group!(benches, erlang_c_100k, staffing_10k, erlang_a, erlang_x);
criterion_main!(benches);
