//! `ccplan run`: simulate a scenario and write its tables.

use std::path::PathBuf;

use crate::calllog::SimLogFile;
use crate::cli::RunArgs;
use crate::engine::{self, RunSettings};
use crate::error::{Error, Outcome, Result};
use crate::planning::output::check_label;
use crate::report::{self, summary_json::target_checks};
use crate::scenario::{self, LineId, Scenario};
use crate::stats::run::{WAIT_QUANTILES, fig, threshold_key};
use crate::stats::{Estimate, RunStats};

pub fn run(args: &RunArgs) -> Result<Outcome> {
    if args.shard.shard.is_some() {
        return super::shard::run(args);
    }
    let sim = args.sim.check()?;
    // A call log that could not be written is refused before anything is simulated.
    let call_log = args
        .call_log
        .as_deref()
        .map(SimLogFile::new)
        .transpose()
        .map_err(|e| Error::Usage(format!("{e:#}")))?;
    // The text is kept beside the results: the very bytes simulated.
    let (sc, source) = scenario::load_with_text(&args.scenario)?;
    let settings = sim.settings(&sc);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs").join(&sc.name));

    let bar = sim.progress(&sc.name, settings.replications as u64, "replications");
    let started = std::time::Instant::now();
    let stats = match &call_log {
        None => sim.install(|| engine::run(&sc, settings, &|| bar.inc(1)))?,
        Some(file) => {
            let types: Vec<String> = sc.contact_types.iter().map(|t| t.name.clone()).collect();
            sim.install(|| {
                file.write(&types, |calls| {
                    engine::run_with_calls(&sc, settings, &|| bar.inc(1), calls)
                })
            })??
        }
    };
    bar.finish_and_clear();
    let simulated = started.elapsed();

    let written = std::time::Instant::now();
    report::write_run(&out, &sc, &source, settings, &stats)?;
    let written = written.elapsed();
    print!("{}", summary_table(&sc, settings, &stats));
    println!(
        "{} replications simulated in {:.2} s; tables, charts and report written in {:.2} s to {}",
        settings.replications,
        simulated.as_secs_f64(),
        written.as_secs_f64(),
        out.display()
    );
    if let Some(file) = &call_log {
        println!("call log written to {}", file.path().display());
    }
    Ok(Outcome::Ok)
}

fn pm(e: Estimate, scale: f64, decimals: usize) -> String {
    if e.mean.is_nan() {
        return "-".into();
    }
    if e.ci95_low.is_nan() {
        return format!("{:.*}", decimals, e.mean * scale);
    }
    format!(
        "{:.*} ± {:.*}",
        decimals,
        e.mean * scale,
        decimals,
        e.half_width() * scale
    )
}

/// The short table `run` prints.
pub(super) fn summary_table(sc: &Scenario, settings: RunSettings, stats: &RunStats) -> String {
    let days = stats.n_days as f64;
    let per_day = |e: Estimate| Estimate {
        mean: e.mean / days,
        ci95_low: e.ci95_low / days,
        ci95_high: e.ci95_high / days,
    };
    let mut s = format!(
        "{} — {} working days, {} replications, seed {} (95% intervals)\n",
        sc.name, stats.n_days, settings.replications, settings.seed
    );
    let def = stats.names.definition;
    let k = stats.target_threshold.unwrap_or(2);
    let t = stats.names.thresholds[k];
    let d = crate::service_level::SlDefinition::ALL
        .iter()
        .position(|x| *x == def)
        .unwrap_or(0);
    s.push_str(&format!(
        "{:<12} {:>16} {:>16} {:>14} {:>16} {:>14} {:>14} {:>12}\n",
        "line",
        "offered/day",
        "answered/day",
        "abandoned %",
        format!("SL {} s %", threshold_key(t)),
        "ASA s",
        "p95 wait s",
        "occupancy %"
    ));
    for line in LineId::ALL {
        if sc.lines.get(line).is_none() {
            continue;
        }
        let a = &stats.lines[line.index()];
        let p95 = WAIT_QUANTILES
            .iter()
            .position(|(n, _)| *n == "p95")
            .unwrap_or(3);
        s.push_str(&format!(
            "{:<12} {:>16} {:>16} {:>14} {:>16} {:>14} {:>14} {:>12}\n",
            line.key(),
            pm(per_day(a.figures.estimate(fig::CALLS_OFFERED)), 1.0, 0),
            pm(per_day(a.figures.estimate(fig::CALLS_ANSWERED)), 1.0, 0),
            pm(a.figures.estimate(fig::ABANDONMENT_RATE), 100.0, 1),
            pm(a.service_levels[d][k].estimate(), 100.0, 1),
            pm(a.figures.estimate(fig::ASA_S), 1.0, 1),
            pm(a.wait_quantiles[p95].estimate(), 1.0, 1),
            pm(a.figures.estimate(fig::OCCUPANCY), 100.0, 1),
        ));
    }
    s.push_str(&format!("service level counted as: {}\n", def.describe()));
    for c in target_checks(sc, stats) {
        let scale = if c.name == "asa" { 1.0 } else { 100.0 };
        let unit = if c.name == "asa" { " s" } else { " %" };
        s.push_str(&format!(
            "target {}: {}{} -> {}\n",
            check_label(&c),
            pm(c.achieved, scale, 1),
            unit,
            c.verdict.key().to_uppercase()
        ));
    }
    s
}
