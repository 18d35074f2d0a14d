//! `ccplan regress SCENARIO... --baseline FILE [--update] [--junit FILE]`: CI regression
//! of staffing models against stored headline figures.

use std::path::PathBuf;

use crate::atomic;
use crate::cli::RegressArgs;
use crate::engine::RunSettings;
use crate::error::{Error, Outcome, Result};
use crate::planning::output;
use crate::planning::regress::{self, Baseline, ScenarioDiff, junit};
use crate::scenario::{self, Scenario, ScenarioErrors};

/// A scenario as read: its checked model and its text.
struct Input {
    file: String,
    sc: Scenario,
    text: String,
}

pub fn run(args: &RegressArgs) -> Result<Outcome> {
    let sim = args.sim.check()?;
    // Every input is checked before anything is simulated or written.
    let mut inputs = Vec::new();
    let mut errors = ScenarioErrors::default();
    for path in &args.scenarios {
        match scenario::load_with_text(path) {
            Ok((sc, text)) => {
                inputs.push(Input {
                    file: path.display().to_string(),
                    sc,
                    text,
                });
            }
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    for (i, a) in inputs.iter().enumerate() {
        if let Some(b) = inputs[..i].iter().find(|b| b.sc.name == a.sc.name) {
            return Err(Error::Usage(format!(
                "{} and {} are both named `{}`: the baseline keys scenarios by name",
                b.file, a.file, a.sc.name
            )));
        }
    }
    let baseline_file = args.baseline.display().to_string();
    let stored = Baseline::read(&args.baseline)?;
    if !args.update && stored.is_none() {
        return Err(Error::Usage(format!(
            "no baseline at {baseline_file}: run with --update to create it"
        )));
    }
    let settings_of = |sc: &Scenario| -> RunSettings {
        let mut s = sim.settings(sc);
        if !args.update
            && let Some(r) = stored.as_ref().and_then(|b| b.scenarios.get(&sc.name))
        {
            // The stored replications and seed, so that an unchanged model reproduces
            // the stored numbers exactly; flags still override.
            s.replications = sim.replications.unwrap_or(r.replications);
            s.seed = sim.seed.unwrap_or(r.seed);
        }
        s
    };
    for a in &inputs {
        if settings_of(&a.sc).replications < 2 {
            return Err(Error::Usage(format!(
                "{}: regress needs at least 2 replications (95% intervals define the tolerance)",
                a.file
            )));
        }
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs").join("regress"));

    let total: u64 = inputs
        .iter()
        .filter(|a| {
            args.update
                || stored
                    .as_ref()
                    .is_some_and(|b| b.scenarios.contains_key(&a.sc.name))
        })
        .map(|a| settings_of(&a.sc).replications as u64)
        .sum();
    let bar = sim.progress("regress", total, "replications");
    let mut records = Vec::new();
    let mut diffs: Vec<ScenarioDiff> = Vec::new();
    for a in &inputs {
        let old = stored.as_ref().and_then(|b| b.scenarios.get(&a.sc.name));
        if !args.update && old.is_none() {
            diffs.push(regress::missing(&a.sc.name, &a.file, &baseline_file));
            continue;
        }
        bar.set_message(a.sc.name.clone());
        let settings = settings_of(&a.sc);
        let rec =
            sim.install(|| regress::record(&a.sc, &a.file, &a.text, settings, &|| bar.inc(1)))?;
        if let Some(old) = old.filter(|_| !args.update) {
            diffs.push(regress::compare(&a.sc.name, old, &rec));
        }
        records.push((a.sc.name.clone(), rec));
    }
    bar.finish_and_clear();

    output::create_dir(&out)?;
    if args.update {
        let mut b = stored.unwrap_or_default();
        for (name, rec) in &records {
            b.scenarios.insert(name.clone(), rec.clone());
        }
        b.write(&args.baseline)?;
        let md = regress::markdown_update(&records, &baseline_file);
        output::write_text(&out, "regress.md", &md)?;
        print!("{md}");
        println!("baseline written to {baseline_file}");
        return Ok(Outcome::Ok);
    }
    let md = regress::markdown(&diffs, &baseline_file);
    if let Some(path) = &args.junit {
        atomic::write(path, junit::xml(&diffs).as_bytes())?;
    }
    output::write_text(&out, "regress.md", &md)?;
    print!("{md}");
    let failures: usize = diffs.iter().map(ScenarioDiff::failures).sum();
    if failures > 0 {
        for d in &diffs {
            for c in d.cases.iter().filter(|c| c.status == regress::Status::Fail) {
                eprintln!("FAIL {}: {}", d.name, c.message);
            }
        }
        Ok(Outcome::CheckFailed)
    } else {
        Ok(Outcome::Ok)
    }
}
