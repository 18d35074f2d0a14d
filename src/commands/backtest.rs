//! `ccplan backtest SCENARIO LOG...`: replay a centre's log under a scenario and measure
//! how well the scenario predicts what happened.

use super::logs::date_window;
use crate::backtest::output::{self, BacktestJson};
use crate::backtest::{self, Settings, report};
use crate::cli::BacktestArgs;
use crate::error::{Error, Outcome, Result};
use crate::planning::output::{create_dir, default_dir};
use crate::scenario;

pub fn run(args: &BacktestArgs) -> Result<Outcome> {
    args.sim.check()?;
    let (from, to) = date_window(args.from.as_deref(), args.to.as_deref())?;
    for (flag, v) in [
        ("--max-abandonment-mae", args.max_abandonment_mae),
        ("--max-asa-mae-s", args.max_asa_mae_s),
    ] {
        if let Some(v) = v
            && !(v.is_finite() && v >= 0.0)
        {
            return Err(Error::Usage(format!(
                "{flag}: found {v}, expected a number ≥ 0"
            )));
        }
    }
    let (sc, _text) = scenario::load_with_text(&args.scenario)?;
    let log = args.log.read()?;
    let run_settings = args.sim.settings(&sc);
    let settings = Settings {
        replications: run_settings.replications,
        seed: run_settings.seed,
        min_calls: args.min_calls,
        from,
        to,
    };
    let bt = args
        .sim
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
        args.max_abandonment_mae,
        &mut failed,
    );
    check(
        "hourly ASA",
        json.hourly.asa_s.mae,
        args.max_asa_mae_s,
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
