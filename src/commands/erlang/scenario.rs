//! `ccplan erlang --scenario`: the first working day's requirement, as a table, CSV or
//! JSON.

use std::fmt::Write as _;

use super::json;
use crate::cli::Format;
use crate::erlang::Target;
use crate::error::Result;
use crate::planning::first_day::{self, FirstDay};
use crate::scenario::Scenario;

/// The first working day's requirement of `scenario` in `format`.
pub(super) fn scenario_report(scenario: &Scenario, format: Format) -> Result<String> {
    let FirstDay {
        date,
        targets,
        default_note: note,
        rows,
    } = first_day::requirement(scenario)?;
    let patience = scenario.callers.patience.as_ref();
    Ok(match format {
        Format::Json => {
            if let Some(n) = &note {
                eprintln!("note: {n}");
            }
            json(&rows)
        }
        Format::Csv => {
            if let Some(n) = &note {
                eprintln!("note: {n}");
            }
            let mut out = String::from(
                "line,interval_start,arrivals_per_hour,aht_s,offered_load_erlangs,agents_available,agents_required\n",
            );
            for r in &rows {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{}",
                    r.line,
                    r.interval_start,
                    r.arrivals_per_hour,
                    r.aht_s,
                    r.offered_load_erlangs,
                    r.agents_available,
                    r.agents_required
                )
                .unwrap();
            }
            out
        }
        Format::Table => {
            let mut out = String::new();
            let model = match patience {
                Some(p) => format!(
                    "Erlang A, patience treated as exponential with mean {:.1} s (scenario: {})",
                    p.mean_s(),
                    p.kind()
                ),
                None => {
                    "Erlang C (the scenario gives no patience: callers never hang up)".to_owned()
                }
            };
            writeln!(
                out,
                "Scenario `{}`, {date} (first working day): {model}",
                scenario.name
            )
            .unwrap();
            writeln!(
                out,
                "Handling times are treated as exponential with the scenario's means."
            )
            .unwrap();
            writeln!(
                out,
                "Targets: {}",
                targets
                    .iter()
                    .map(Target::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )
            .unwrap();
            if let Some(n) = &note {
                writeln!(out, "{n}").unwrap();
            }
            writeln!(
                out,
                "{:<11}  {:>5}  {:>9}  {:>7}  {:>11}  {:>9}  {:>8}",
                "line", "start", "arrivals/h", "AHT s", "load erl", "available", "required"
            )
            .unwrap();
            for r in &rows {
                writeln!(
                    out,
                    "{:<11}  {:>5}  {:>10.1}  {:>7.1}  {:>11.3}  {:>9}  {:>8}",
                    r.line,
                    r.interval_start,
                    r.arrivals_per_hour,
                    r.aht_s,
                    r.offered_load_erlangs,
                    r.agents_available,
                    r.agents_required
                )
                .unwrap();
            }
            writeln!(
                out,
                "Stationary per-interval staffing (SIPP): each interval is solved on its own, \
                 which understates needs when handling times are long against the interval."
            )
            .unwrap();
            out
        }
    })
}
