//! `ccplan backtest SCENARIO LOG...`: replay a centre's log under a scenario and measure
//! how well the scenario predicts what happened.

use crate::backtest::output::{self, BacktestJson};
use crate::backtest::{self, Settings, report};
use crate::cli::BacktestArgs;
use crate::cli::logs::date_window;
use crate::error::{Error, Outcome, Result};
use crate::planning::output::{create_dir, default_dir};
use crate::scenario;

pub fn run(args: &BacktestArgs) -> Result<Outcome> {
    let sim = args.sim.check()?;
    let (from, to) = date_window(args.from.as_deref(), args.to.as_deref())?;
    let (max_abandonment_mae, max_asa_mae_s) = args.tolerances()?;
    let (sc, _text) = scenario::load_with_text(&args.scenario)?;
    let log = args.log.read()?;
    let run_settings = sim.settings(&sc);
    let settings = Settings {
        replications: run_settings.replications,
        seed: run_settings.seed,
        min_calls: args.min_calls,
        from,
        to,
    };
    let bt = sim
        .install(|| backtest::run(&sc, &log, settings))?
        .map_err(|e| Error::Usage(e.to_string()))?;
    let json = BacktestJson::new(&sc.name, settings.replications, settings.seed, &bt);
    let files = args.log.file_names();
    let md = report::markdown(
        &sc,
        &args.scenario.display().to_string(),
        &files,
        &log,
        &json,
        &bt,
    );
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_dir("backtest", &sc.name));
    create_dir(&out)?;
    output::write_all(&out, &json, &bt, &md)?;
    let note = format!(
        "ccplan backtest {}, {} replications, seed {}",
        sc.name, settings.replications, settings.seed
    );
    crate::backtest::charts::render_all(&out.join("charts"), &bt, args.min_calls, &note)?;

    println!(
        "backtest of {} on {} dates ({} replications, seed {}); service level within {} s",
        sc.name,
        bt.dates.len(),
        settings.replications,
        settings.seed,
        bt.threshold_s
    );
    print!("{}", output::accuracy_markdown(&json));
    println!("written to {}", out.display());

    let mut failed = Vec::new();
    let check = |name: &str, mae: Option<f64>, max: Option<f64>, failed: &mut Vec<String>| {
        if let (Some(m), Some(max)) = (mae, max)
            && m > max
        {
            failed.push(format!("{name} MAE {m:.4} exceeds {max}"));
        }
    };
    check(
        "hourly abandonment",
        json.hourly.abandonment_rate.mae,
        max_abandonment_mae,
        &mut failed,
    );
    check(
        "hourly ASA",
        json.hourly.asa_s.mae,
        max_asa_mae_s,
        &mut failed,
    );
    for f in &failed {
        println!("FAILED: {f}");
    }
    Ok(if failed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}
