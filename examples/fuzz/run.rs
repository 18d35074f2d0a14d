//! The fuzzing loop: make input after input, feed each to its reader under
//! `catch_unwind`, and keep every input that panicked.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use super::targets::{self, Context, Target};

/// An input that made a reader panic.
#[derive(Debug, Clone)]
pub struct Panic {
    /// The input's number: `targets::make(ctx, target, seed, index)` makes it again.
    pub index: u64,
    pub message: String,
    pub input: Vec<u8>,
}

/// What a run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub inputs: u64,
    /// Inputs the reader accepted (the rest it refused with an error).
    pub accepted: u64,
    pub panics: Vec<Panic>,
    /// The slowest input and how long its reader took.
    pub slowest: (Duration, u64),
    pub elapsed: Duration,
}

/// Feeds inputs `first..first + count` of the run seeded `seed` to `target`; `on_panic`
/// hears of each panic as it happens (while the panic hook's record of it is fresh).
pub fn fuzz(
    ctx: &Context,
    target: Target,
    seed: u64,
    (first, count): (u64, u64),
    on_panic: &mut dyn FnMut(&Panic),
) -> Report {
    let started = Instant::now();
    let mut report = Report::default();
    for index in first..first + count {
        let input = targets::make(ctx, target, seed, index);
        let t0 = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| targets::run(ctx, target, &input)));
        let took = t0.elapsed();
        if took > report.slowest.0 {
            report.slowest = (took, index);
        }
        report.inputs += 1;
        match outcome {
            Ok(accepted) => report.accepted += accepted as u64,
            Err(payload) => {
                let p = Panic {
                    index,
                    message: payload
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "(a panic without a message)".into()),
                    input: input.bytes,
                };
                on_panic(&p);
                report.panics.push(p);
            }
        }
    }
    report.elapsed = started.elapsed();
    report
}
