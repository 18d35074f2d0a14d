//! The fuzzer of `examples/fuzz` (see `docs/fuzzing.md`), run briefly in the debug build:
//! a thousand or two mutated inputs per reader, none of which may panic. The release run of
//! millions of inputs is `cargo run --release --example fuzz`.

#[path = "../../examples/fuzz/corpus.rs"]
mod corpus;
#[path = "../../examples/fuzz/mutate.rs"]
mod mutate;
#[path = "../../examples/fuzz/rng.rs"]
mod rng;
#[path = "../../examples/fuzz/run.rs"]
mod run;
#[path = "../../examples/fuzz/targets.rs"]
mod targets;

use targets::{Context, Target};

/// Inputs per target: seconds each in a debug build. `--set` edits and re-validates the
/// tender up to three times an input, so it gets fewer.
fn inputs(target: Target) -> u64 {
    match target {
        Target::Set => 1_000,
        _ => 2_000,
    }
}

fn fuzz_briefly(target: Target) {
    let ctx = Context::new();
    let n = inputs(target);
    let r = run::fuzz(&ctx, target, 2026, (0, n), &mut |_| {});
    eprintln!(
        "{}: {} inputs, {} accepted, {} panics in {:.1} s",
        target.name(),
        r.inputs,
        r.accepted,
        r.panics.len(),
        r.elapsed.as_secs_f64()
    );
    let found: Vec<String> = r
        .panics
        .iter()
        .map(|p| {
            format!(
                "input {}: {}\n{}",
                p.index,
                p.message,
                String::from_utf8_lossy(&p.input)
            )
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n----\n"));
    assert_eq!(r.inputs, n);
    // The mutations keep enough inputs valid to reach past the first parse error, and
    // spoil enough to exercise the error paths.
    assert!(
        r.accepted > n / 100 && r.accepted < n,
        "{}: {} of {n} accepted",
        target.name(),
        r.accepted
    );
}

#[test]
fn the_scenario_reader_survives_mutated_scenarios() {
    fuzz_briefly(Target::Scenario);
}

#[test]
fn the_claims_reader_survives_mutated_claims() {
    fuzz_briefly(Target::Claims);
}

#[test]
fn set_survives_generated_paths_and_values() {
    fuzz_briefly(Target::Set);
}

#[test]
fn the_call_log_reader_survives_mutated_logs() {
    fuzz_briefly(Target::CallLog);
}

#[test]
fn inputs_are_made_again_from_the_seed_and_their_number() {
    let ctx = Context::new();
    for target in Target::ALL {
        for i in [0, 7, 1_000_003] {
            let a = targets::make(&ctx, target, 11, i).bytes;
            let b = targets::make(&ctx, target, 11, i).bytes;
            assert_eq!(a, b, "{} input {i}", target.name());
        }
        let differ = (0..20)
            .map(|i| targets::make(&ctx, target, 11, i).bytes)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        assert!(
            differ > 10,
            "{}: only {differ} distinct inputs",
            target.name()
        );
    }
}

#[test]
fn a_log_read_from_memory_is_the_log_read_from_its_file() {
    use ccplan::calllog::{self, LogFormat};
    for name in ["generic.csv", "timestamps.csv", "contradictions.csv"] {
        let path = corpus::root().join("tests/calllog").join(name);
        let text = std::fs::read(&path).unwrap();
        let file = path.display().to_string();
        let from_file = calllog::read(std::slice::from_ref(&path), &LogFormat::default());
        let from_text = calllog::read_delimited(&text, &file, b',', &LogFormat::default());
        match (from_file, from_text) {
            (Ok(a), Ok(b)) => assert_eq!(a.records, b.records, "{name}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
            (a, b) => panic!("{name}: {a:?} from the file, {b:?} from memory"),
        }
    }
}
