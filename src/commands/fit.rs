//! `ccplan fit LOG...`: a scenario fitted to a centre's call log, with `fit.json` and a
//! report of what was observed beside what was fitted.

use crate::cli::FitArgs;
use crate::error::{Error, Outcome, Result};
use crate::fit::{self, report, yaml};
use crate::planning::output::{create_dir, default_dir};
use crate::report::atomic;
use crate::scenario;

pub fn run(args: &FitArgs) -> Result<Outcome> {
    let log = args.log.read()?;
    let name = match &args.name {
        Some(n) => n.clone(),
        None => args
            .log
            .logs
            .first()
            .and_then(|p| p.file_stem())
            .map(|s| sanitize(&s.to_string_lossy()))
            .unwrap_or_else(|| "fitted".to_owned()),
    };
    let fitted = fit::fit(&log, args.interval_min).map_err(|e| Error::Usage(e.to_string()))?;
    let files: Vec<String> = args
        .log
        .logs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let json = report::FitJson::new(&fitted, &log, &files);
    let description = format!(
        "Fitted by `ccplan fit` (ccplan {}) from {} ({} calls used of {} rows, {} to {}). Every value is estimated from the log; see fit.json and report.md beside it for how.",
        env!("CARGO_PKG_VERSION"),
        files.join(", "),
        json.records_used,
        json.rows_read,
        json.dates.first().cloned().unwrap_or_default(),
        json.dates.last().cloned().unwrap_or_default(),
    );
    let text = yaml::scenario_yaml(&fitted, &name, &description);
    // The scenario must load as written; a failure here is ccplan's fault, not the log's.
    if let Err(e) = scenario::parse_str(&text, "scenario.yaml") {
        return Err(Error::Other(anyhow::anyhow!(
            "the fitted scenario does not validate (a bug in ccplan fit):\n{e}"
        )));
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_dir("fit", &name));
    create_dir(&out)?;
    let md = report::markdown(&json, &out.join("scenario.yaml").display().to_string());
    atomic::write(&out.join("scenario.yaml"), text.as_bytes())?;
    atomic::write_json(&out.join("fit.json"), &json)?;
    atomic::write(&out.join("report.md"), md.as_bytes())?;
    if args.quiet {
        return Ok(Outcome::Ok);
    }
    println!(
        "fitted {} dates, {:.0} first attempts per working day, {} call types; patience {}; availability {}",
        json.dates.len(),
        json.calls_per_day,
        json.types.len(),
        json.patience
            .as_ref()
            .map_or("none".to_owned(), |p| format!(
                "{} mean {:.0} s",
                p.chosen.family, p.chosen.mean_s
            )),
        json.availability
            .share
            .map_or("—".to_owned(), |v| format!("{v:.3}")),
    );
    println!("written to {}", out.display());
    Ok(Outcome::Ok)
}

/// A scenario name from a file name: letters, digits, `-`, `_`, `.`; others become `-`.
fn sanitize(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .take(100)
        .collect();
    let t = t.trim_start_matches('.').to_owned();
    if t.is_empty() { "fitted".to_owned() } else { t }
}
