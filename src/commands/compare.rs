//! `ccplan compare A B`: both scenarios simulated with the same seed and replications,
//! differences B − A with paired 95% intervals, written and printed.

use crate::cli::CompareArgs;
use crate::engine::RunSettings;
use crate::error::{Error, Outcome, Result};
use crate::planning::compare;
use crate::planning::output;
use crate::scenario::{self, ScenarioErrors};

pub fn run(args: &CompareArgs) -> Result<Outcome> {
    let sim = args.sim.check()?;
    // Both files are read before either error is reported, so one run shows every problem.
    let (a, b) = match (scenario::load(&args.a), scenario::load(&args.b)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let mut errors = ScenarioErrors::default();
            for r in [a, b] {
                if let Err(e) = r {
                    errors.extend(e);
                }
            }
            return Err(Error::Scenario(errors));
        }
    };
    // Same seed and replications for both: the flags, else A's `simulation`.
    let settings = sim.settings(&a);
    let b_own = RunSettings::from_scenario(&b);
    if b_own != RunSettings::from_scenario(&a) && (sim.seed.is_none() || sim.replications.is_none())
    {
        eprintln!(
            "note: {} asks for seed {} and {} replications; both scenarios run with seed {} and {} replications so that they are paired",
            args.b.display(),
            b_own.seed,
            b_own.replications,
            settings.seed,
            settings.replications
        );
    }
    if a.calendar != b.calendar {
        eprintln!(
            "warning: {} and {} have different calendars: their replications share random numbers only where the horizons coincide, so pairing removes less noise",
            args.a.display(),
            args.b.display()
        );
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| output::default_dir("compare", &format!("{}-vs-{}", a.name, b.name)));
    let bar = sim.progress(
        &format!("compare {} vs {}", a.name, b.name),
        2 * u64::from(settings.replications),
        "replications",
    );
    let (fa, fb) = (args.a.display().to_string(), args.b.display().to_string());
    let result =
        sim.install(|| compare::compare((&fa, &a), (&fb, &b), settings, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    result.write(&out)?;
    print!("{}", result.summary_markdown(&out));
    Ok(Outcome::Ok)
}
