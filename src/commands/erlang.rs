//! `ccplan erlang`: exact Erlang C/A/X figures and staffing for one stationary interval,
//! or per interval of a scenario's first working day.
//!
//! The flags are checked once, by the cli layer ([`crate::cli::erlang`]), into a
//! [`Query`] or a scenario to read; the library answers ([`crate::planning::interval`],
//! [`crate::planning::first_day`]); this module only prints.
//!
//! # Output schema
//!
//! One row per agent count. JSON is an array of objects, CSV has a header line; both use
//! these names (CSV flattens `service_level` into `service_level_<definition>` columns):
//!
//! | name | unit | meaning |
//! |---|---|---|
//! | `agents` | agents | agents on the phones; fractional counts are Jagerman's continuation under Erlang C and a linear interpolation between the whole counts either side under Erlang A and X |
//! | `p_wait` | probability | P(an admitted call waits > 0) |
//! | `asa_s` | s | mean wait of answered calls |
//! | `mean_wait_s` | s | mean time in queue of all admitted calls, abandoned ones until they hang up |
//! | `service_level.offered` | probability | answered within `--sl-s` / admitted calls (abandons are misses) |
//! | `service_level.answered` | probability | answered within `--sl-s` / answered calls |
//! | `service_level.excluding_short_abandons` | probability | answered within `--sl-s` / (admitted − abandoned before `--sl-s`) |
//! | `service_level.virtual` | probability | P(virtual wait ≤ `--sl-s`): an infinitely patient caller's wait |
//! | `p_abandon` | probability | P(an admitted call hangs up before an answer); 0 under Erlang C |
//! | `p_block` | probability | P(an attempt finds every line busy), per attempt; 0 without `--lines` |
//! | `occupancy` | probability | carried load / agents |
//!
//! A target query prints one object (one CSV row) with `agents_required` first and the
//! same names at that count. Under Erlang X (`--lines`, `--redial`) every figure except
//! `p_block` is per admitted call, at the attempt rate that includes redials.
//!
//! With `--scenario`, one row per line and interval: `line` (`first_line`/`second_line`),
//! `interval_start` (`HH:MM`), `arrivals_per_hour` (calls reaching that line's agents),
//! `aht_s` (their mean handling time, s), `offered_load_erlangs`, `agents_available`
//! (rostered, after shrinkage) and `agents_required` (by the scenario's targets).

mod scenario;
mod table;

use std::fmt::Write as _;
use std::io::Write as _;

use serde::Serialize;

use self::scenario::scenario_report;
use self::table::{default_note, table};
use crate::cli::erlang::{Erlang, erlang};
use crate::cli::{ErlangArgs, Format};
use crate::erlang::json::{Required, Row};
use crate::erlang::{Figures, Target};
use crate::error::{Outcome, Result};
use crate::planning::interval::{Answer, Ask, Query, fmt_agents};
use crate::service_level::SlDefinition;

/// Runs `ccplan erlang`.
pub fn run(args: &ErlangArgs) -> Result<Outcome> {
    let text = match erlang(args)? {
        Erlang::Scenario(path) => {
            let scenario = crate::scenario::load(&path)?;
            scenario_report(&scenario, args.format)?
        }
        Erlang::Query(query) => answer(&query, args.format)?,
    };
    emit(&text)?;
    Ok(Outcome::Ok)
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(anyhow::Error::new(e)
            .context("cannot write to standard output")
            .into()),
        _ => Ok(()),
    }
}

/// The answer to `query` in `format`; notes go to stderr in CSV and JSON.
fn answer(query: &Query, format: Format) -> Result<String> {
    let answer = query.answer()?;
    Ok(match (answer, &query.ask) {
        (Answer::Rows { rows, note }, _) => {
            if let Some(n) = &note
                && format != Format::Table
            {
                eprintln!("note: {n}");
            }
            match format {
                Format::Table => table(query, &rows, note.map(|n| n + "\n").as_deref()),
                Format::Csv => csv(&rows, None),
                Format::Json => json(&rows.iter().map(Row::from).collect::<Vec<_>>()),
            }
        }
        (Answer::Required { agents, figures }, ask) => {
            let (targets, defaulted): (&[Target], bool) = match ask {
                Ask::Required { targets, defaulted } => (targets, *defaulted),
                Ask::Agents(_) => (&[], false),
            };
            if defaulted && format != Format::Table {
                eprintln!("note: {}", default_note(targets));
            }
            match format {
                Format::Table => {
                    let mut head = String::new();
                    if defaulted {
                        writeln!(head, "{}", default_note(targets)).unwrap();
                    }
                    let named: Vec<String> = targets.iter().map(Target::to_string).collect();
                    writeln!(
                        head,
                        "Agents required: {} (for {})",
                        agents,
                        named.join("; ")
                    )
                    .unwrap();
                    table(query, &[figures], Some(&head))
                }
                Format::Csv => csv(&[figures], Some(agents)),
                Format::Json => json(&Required {
                    agents_required: agents,
                    row: Row::from(&figures),
                }),
            }
        }
    })
}

// ---------------------------------------------------------------------------------------
// CSV and JSON
// ---------------------------------------------------------------------------------------

fn json(value: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("figures serialise");
    s.push('\n');
    s
}

/// CSV with the JSON names flattened; `agents_required` first for a target query.
fn csv(rows: &[Figures], required: Option<u32>) -> String {
    let mut header = vec!["agents", "p_wait", "asa_s", "mean_wait_s"];
    let sl_columns: Vec<String> = SlDefinition::ALL
        .iter()
        .map(|d| format!("service_level_{}", d.key()))
        .collect();
    header.extend(sl_columns.iter().map(String::as_str));
    header.extend(["p_abandon", "p_block", "occupancy"]);
    if required.is_some() {
        header.insert(0, "agents_required");
    }
    let mut out = header.join(",");
    out.push('\n');
    for f in rows {
        let mut cells: Vec<String> = Vec::new();
        if let Some(n) = required {
            cells.push(n.to_string());
        }
        cells.push(fmt_agents(f.agents));
        cells.extend([f.p_wait, f.asa_s, f.mean_wait_s].map(|v| v.to_string()));
        cells.extend(f.service_level.iter().map(|(_, v)| v.to_string()));
        cells.extend([f.p_abandon, f.p_block, f.occupancy].map(|v| v.to_string()));
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
