//! `ccplan check SCENARIO --claims CLAIMS`: a bidder's claims against simulation.

use crate::cli::CheckArgs;
use crate::error::{Error, Outcome, Result};
use crate::planning::claims::{self, CheckSettings, report};
use crate::planning::output;
use crate::scenario::{self, Scenario};

pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let sim = args.sim.check()?;
    let capacity_step = args.capacity_step()?;
    let mut sc = scenario::load(&args.scenario)?;
    if let Some(days) = args.days {
        first_days(&mut sc, days)?;
    }
    let claims = claims::load(&args.claims, &sc).map_err(|e| Error::Usage(e.to_string()))?;
    let settings = sim.settings(&sc);
    if settings.replications < 2 {
        return Err(Error::Usage(
            "check needs at least 2 replications: a verdict rests on a 95% interval".into(),
        ));
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| output::default_dir("check", &sc.name));

    let bar = sim.progress(&sc.name, 0, "replications");
    let on_start = |n: u32, what: &str| {
        bar.inc_length(n as u64);
        bar.set_message(what.to_owned());
    };
    let result = sim.install(|| {
        claims::check(
            &sc,
            &claims,
            CheckSettings {
                run: settings,
                capacity_step,
            },
            &on_start,
            &|| bar.inc(1),
        )
    })?;
    bar.finish_and_clear();

    let scenario_file = args.scenario.display().to_string();
    let claims_file = &claims.file;
    let md = report::markdown(&result, &scenario_file, claims_file);
    output::create_dir(&out)?;
    output::write_json(
        &out,
        "check.json",
        &crate::planning::claims::json::json(&result, &scenario_file, claims_file),
    )?;
    output::write_text(&out, "check.md", &md)?;
    print!("{md}");
    println!("\nwritten to {}", out.display());
    Ok(if result.all_hold() {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

/// Keeps the first `days` working days of the horizon.
fn first_days(sc: &mut Scenario, days: u32) -> Result<()> {
    let have = sc.calendar.working_days.len();
    if days == 0 || days as usize > have {
        return Err(Error::Usage(format!(
            "--days must be from 1 to the scenario's {have} working days, found {days}"
        )));
    }
    let cal = &mut sc.calendar;
    cal.working_days.truncate(days as usize);
    cal.days = days;
    let last = *cal.working_days.last().expect("at least one day");
    cal.skipped.retain(|(d, _)| *d <= last);
    Ok(())
}
