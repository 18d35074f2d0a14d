//! A structure-aware mutation fuzzer for ccplan's readers, run on the stable toolchain
//! (cargo-fuzz needs nightly). See `docs/fuzzing.md`.
//!
//! ```text
//! cargo run --profile fuzz --example fuzz -- --inputs 250000 --seed 1 --target scenario
//! cargo run --profile fuzz --example fuzz -- --inputs 1000000 --target all --first 5000000
//! cargo run --release --example fuzz -- --inputs 1000000
//! ```
//!
//! Every input is made from `(seed, number)` alone, so a run can be continued with
//! `--first` (the number of the first input) and any input found can be made again.
//! Inputs that panic are written to `--crashes` (default `target/fuzz-crashes`); the exit
//! code is 1 when any input panicked.

mod corpus;
mod mutate;
mod rng;
mod run;
mod targets;

use std::process::ExitCode;
use std::sync::Mutex;

use targets::{Context, Target};

/// Where the last panic happened (the hook keeps it; the payload has only the message).
static LAST_LOCATION: Mutex<String> = Mutex::new(String::new());

struct Args {
    inputs: u64,
    first: u64,
    seed: u64,
    targets: Vec<Target>,
    crashes: std::path::PathBuf,
}

fn usage() -> ! {
    eprintln!(
        "usage: fuzz [--inputs N] [--first I] [--seed S] \
         [--target scenario|claims|set|calllog|all] [--crashes DIR]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut a = Args {
        inputs: 10_000,
        first: 0,
        seed: 1,
        targets: Target::ALL.to_vec(),
        crashes: corpus::root().join("target/fuzz-crashes"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| usage());
        let number = || {
            value
                .replace('_', "")
                .parse::<u64>()
                .unwrap_or_else(|_| usage())
        };
        match flag.as_str() {
            "--inputs" => a.inputs = number(),
            "--first" => a.first = number(),
            "--seed" => a.seed = number(),
            "--target" if value == "all" => a.targets = Target::ALL.to_vec(),
            "--target" => {
                let t = Target::ALL.into_iter().find(|t| t.name() == value);
                a.targets = vec![t.unwrap_or_else(|| usage())];
            }
            "--crashes" => a.crashes = value.into(),
            _ => usage(),
        }
    }
    a
}

fn main() -> ExitCode {
    let args = parse_args();
    // Panics are expected and counted; say nothing when one happens, but keep its place.
    std::panic::set_hook(Box::new(|info| {
        if let Some(l) = info.location()
            && let Ok(mut last) = LAST_LOCATION.lock()
        {
            *last = l.to_string();
        }
    }));
    let ctx = Context::new();
    let per_target = args.inputs / args.targets.len() as u64;
    let mut panicked = false;
    let mut total = 0;
    for &target in &args.targets {
        // Progress in chunks, so that a long run says how far it is.
        let chunk = 100_000.min(per_target.max(1));
        let mut done = 0;
        let mut all = run::Report::default();
        let crashes = &args.crashes;
        let mut on_panic = |p: &run::Panic| {
            let at = LAST_LOCATION.lock().map(|l| l.clone()).unwrap_or_default();
            let file = crashes.join(format!("{}-{}-{}", target.name(), args.seed, p.index));
            let saved =
                std::fs::create_dir_all(crashes).and_then(|()| std::fs::write(&file, &p.input));
            eprintln!(
                "PANIC {} input {} at {at}: {} (input {})",
                target.name(),
                p.index,
                p.message,
                match saved {
                    Ok(()) => file.display().to_string(),
                    Err(e) => format!("not saved: {e}"),
                }
            );
        };
        while done < per_target {
            let n = chunk.min(per_target - done);
            let r = run::fuzz(
                &ctx,
                target,
                args.seed,
                (args.first + done, n),
                &mut on_panic,
            );
            done += n;
            all.inputs += r.inputs;
            all.accepted += r.accepted;
            all.elapsed += r.elapsed;
            if r.slowest.0 > all.slowest.0 {
                all.slowest = r.slowest;
            }
            all.panics.extend(r.panics);
            eprintln!("  {} {done}/{per_target}", target.name());
        }
        total += all.inputs;
        panicked |= !all.panics.is_empty();
        println!(
            "{}: {} inputs (seed {}, from {}), {} accepted, {} panics, {:.1} s ({:.0} inputs/s), slowest input {} ({:.1} ms)",
            target.name(),
            all.inputs,
            args.seed,
            args.first,
            all.accepted,
            all.panics.len(),
            all.elapsed.as_secs_f64(),
            all.inputs as f64 / all.elapsed.as_secs_f64().max(1e-9),
            all.slowest.1,
            all.slowest.0.as_secs_f64() * 1e3,
        );
    }
    println!(
        "total: {total} inputs, {}",
        if panicked { "PANICS FOUND" } else { "no panic" }
    );
    if panicked {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
