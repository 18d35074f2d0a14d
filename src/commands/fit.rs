//! `ccplan fit LOG...`: a scenario fitted to a centre's call log, with `fit.json` and a
//! report of what was observed beside what was fitted.

use crate::atomic;
use crate::calllog;
use crate::cli::logs::date_window;
use crate::cli::{FitArgs, LogFormatArg};
use crate::error::{Error, Outcome, Result};
use crate::fit::{self, report, yaml};
use crate::planning::output::{create_dir, default_dir};
use crate::scenario;
use jiff::civil::Date;

pub fn run(args: &FitArgs) -> Result<Outcome> {
    let (from, to) = date_window(args.from.as_deref(), args.to.as_deref())?;
    if args.log.log_format == LogFormatArg::ArrivalCounts {
        return run_counts(args, from, to);
    }
    let mut log = args.log.read()?;
    log.keep_dates(from, to);
    if log.records.is_empty() && (from.is_some() || to.is_some()) {
        return Err(no_dates(from, to));
    }
    let name = name_of(args);
    let fitted = fit::fit(&log, args.interval_min).map_err(|e| Error::Usage(e.to_string()))?;
    let files = args.log.file_names();
    let json = report::FitJson::new(&fitted, &log, &files);
    let description = format!(
        "Fitted by `ccplan fit` (ccplan {}) from {} ({} calls used of {} rows, {} to {}). Every value is estimated from the log; see fit.json and report.md beside it for how.",
        env!("CARGO_PKG_VERSION"),
        files.join(", "),
        json.records_used,
        json.rows_read,
        json.arrivals.dates.first().cloned().unwrap_or_default(),
        json.arrivals.dates.last().cloned().unwrap_or_default(),
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
    let note = format!("ccplan fit {name}");
    fit::charts::render_all(&out.join("charts"), &fitted, &log, &note)?;
    atomic::write(&out.join("report.md"), md.as_bytes())?;
    if args.quiet {
        return Ok(Outcome::Ok);
    }
    println!(
        "fitted {} dates, {:.0} first attempts per working day, {} call types; patience {}; availability {}",
        json.arrivals.dates.len(),
        json.arrivals.calls_per_day,
        json.types.as_ref().map_or(0, Vec::len),
        json.patience
            .as_ref()
            .map_or("none".to_owned(), |p| format!(
                "{} mean {:.0} s",
                p.chosen.family, p.chosen.mean_s
            )),
        json.availability
            .as_ref()
            .and_then(|a| a.share)
            .map_or("—".to_owned(), |v| format!("{v:.3}")),
    );
    println!("written to {}", out.display());
    Ok(Outcome::Ok)
}

/// Arrival counts fit the calendar and demand only: `arrivals.yaml` holds those blocks,
/// to complete with contact types and lines; the report says what needs call records.
fn run_counts(args: &FitArgs, from: Option<Date>, to: Option<Date>) -> Result<Outcome> {
    if args.log.columns.is_some() {
        return Err(Error::Usage(
            "--columns maps call-record columns; arrival counts need `date`, `time` and `calls`"
                .into(),
        ));
    }
    let mut per_file = Vec::new();
    for path in &args.log.logs {
        per_file.push(calllog::read_counts(path)?);
    }
    let mut counts = per_file.remove(0);
    for more in per_file {
        counts.step_s = counts.step_s.min(more.step_s);
        counts.rows.extend(more.rows);
    }
    counts
        .rows
        .retain(|r| from.is_none_or(|f| r.0 >= f) && to.is_none_or(|t| r.0 <= t));
    if counts.rows.is_empty() {
        return Err(no_dates(from, to));
    }
    counts.rows.sort_by_key(|r| (r.0, r.1));
    let demand =
        fit::fit_counts(&counts, args.interval_min).map_err(|e| Error::Usage(e.to_string()))?;
    let files = args.log.file_names();
    let json = report::FitJson::arrivals_only(&demand, counts.rows.len() as u64, &files);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_dir("fit", &name_of(args)));
    create_dir(&out)?;
    let md = report::markdown(&json, &out.join("arrivals.yaml").display().to_string());
    let text = format!(
        "# Calendar and demand fitted by `ccplan fit` from arrival counts ({}).\n# Handling, patience, redials and agents need call records: add contact_types and lines.\n{}",
        files.join(", "),
        demand.yaml_blocks()
    );
    atomic::write(&out.join("arrivals.yaml"), text.as_bytes())?;
    atomic::write_json(&out.join("fit.json"), &json)?;
    atomic::write(&out.join("report.md"), md.as_bytes())?;
    if !args.quiet {
        println!(
            "fitted arrivals of {} dates: {:.0} calls per working day, day-to-day cv {:.3}; handling, patience and agents need call records",
            json.arrivals.dates.len(),
            json.arrivals.calls_per_day,
            json.arrivals.day_to_day_cv
        );
        println!("written to {}", out.display());
    }
    Ok(Outcome::Ok)
}

fn no_dates(from: Option<Date>, to: Option<Date>) -> Error {
    let show = |d: Option<Date>, end: &str| d.map_or(end.to_owned(), |d| d.to_string());
    Error::Usage(format!(
        "the log has no call from {} to {}",
        show(from, "the start"),
        show(to, "the end")
    ))
}

fn name_of(args: &FitArgs) -> String {
    match &args.name {
        Some(n) => n.clone(),
        None => args
            .log
            .logs
            .first()
            .and_then(|p| p.file_stem())
            .map(|s| sanitize(&s.to_string_lossy()))
            .unwrap_or_else(|| "fitted".to_owned()),
    }
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
