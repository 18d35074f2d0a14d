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

use std::fmt::Write as _;
use std::io::Write as _;

use serde::Serialize;

use crate::cli::erlang::{Erlang, erlang};
use crate::cli::{ErlangArgs, Format};
use crate::erlang::json::{Required, Row};
use crate::erlang::{Figures, ModelKind, Target};
use crate::error::{Outcome, Result};
use crate::planning::first_day::{self, FirstDay};
use crate::planning::interval::{Answer, Ask, Query, fmt_agents};
use crate::scenario::Scenario;
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

/// A header naming the model, then one line per row, then the definitions.
fn table(query: &Query, rows: &[Figures], preamble: Option<&str>) -> String {
    let m = &query.model;
    let kind = m.kind();
    let mut out = String::new();
    let mut model_line = format!(
        "{}: {} calls/h, AHT {} s, offered load {:.3} erlangs",
        kind.name(),
        m.arrivals_per_hour(),
        m.aht_s(),
        m.offered_load_erlangs()
    );
    match kind {
        ModelKind::ErlangC => model_line.push_str(", callers never hang up"),
        _ => {
            if let Some(p) = m.patience_s() {
                write!(model_line, ", exponential patience of mean {p} s").unwrap();
            }
            if let Some(k) = m.lines() {
                write!(model_line, ", {k} lines").unwrap();
            }
            if m.redial() > 0.0 {
                write!(model_line, ", redial probability {}", m.redial()).unwrap();
            }
        }
    }
    writeln!(out, "{model_line}").unwrap();
    if let Some(p) = preamble {
        out.push_str(p);
    }

    let t = query.sl_threshold_s;
    let mut columns: Vec<Column> = vec![(
        "agents".into(),
        Box::new(|f: &Figures| fmt_agents(f.agents)),
    )];
    if kind == ModelKind::ErlangX {
        columns.push((
            "attempts/h".into(),
            Box::new(|f: &Figures| format!("{:.1}", f.attempts_per_hour)),
        ));
        columns.push((
            "P(block)".into(),
            Box::new(|f: &Figures| format!("{:.4}", f.p_block)),
        ));
    }
    columns.push((
        "P(wait)".into(),
        Box::new(|f: &Figures| format!("{:.4}", f.p_wait)),
    ));
    if kind != ModelKind::ErlangC {
        columns.push((
            "P(abandon)".into(),
            Box::new(|f: &Figures| format!("{:.4}", f.p_abandon)),
        ));
    }
    columns.push((
        "ASA s".into(),
        Box::new(|f: &Figures| format!("{:.1}", f.asa_s)),
    ));
    if kind != ModelKind::ErlangC {
        columns.push((
            "mean wait s".into(),
            Box::new(|f: &Figures| format!("{:.1}", f.mean_wait_s)),
        ));
    }
    if kind == ModelKind::ErlangC {
        columns.push((
            format!("SL {}s", fmt_num(t)),
            Box::new(|f: &Figures| format!("{:.4}", f.service_level.offered)),
        ));
    } else {
        for d in SlDefinition::ALL {
            columns.push((
                format!("SL {} {}s", short_name(d), fmt_num(t)),
                Box::new(move |f: &Figures| format!("{:.4}", f.service_level.get(d))),
            ));
        }
    }
    columns.push((
        "occupancy".into(),
        Box::new(|f: &Figures| format!("{:.4}", f.occupancy)),
    ));

    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|f| columns.iter().map(|(_, c)| c(f)).collect())
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, (h, _))| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .chain([h.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |values: Vec<&str>| -> String {
        let padded: Vec<String> = values
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:>w$}", w = *w))
            .collect();
        padded.join("  ")
    };
    writeln!(
        out,
        "{}",
        line(columns.iter().map(|(h, _)| h.as_str()).collect())
    )
    .unwrap();
    for r in &cells {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect())).unwrap();
    }

    if kind == ModelKind::ErlangC {
        writeln!(
            out,
            "SL {}s: share answered within {} s; nobody abandons, so the offered, answered, \
             excluding_short_abandons and virtual definitions coincide.",
            fmt_num(t),
            fmt_num(t)
        )
        .unwrap();
    } else {
        writeln!(
            out,
            "Service level within T = {} s, by definition:",
            fmt_num(t)
        )
        .unwrap();
        for d in SlDefinition::ALL {
            writeln!(
                out,
                "  {:<8} ({}): {}",
                short_name(d),
                d.key(),
                d.describe()
            )
            .unwrap();
        }
        if kind == ModelKind::ErlangX {
            writeln!(
                out,
                "Erlang X: attempts/h include redials; P(block) is per attempt, every other \
                 figure per admitted call."
            )
            .unwrap();
        }
    }
    out
}

/// A table column: its heading and how a row's cell is printed.
type Column = (String, Box<dyn Fn(&Figures) -> String>);

/// The note printed when neither `--agents` nor a target was given.
fn default_note(targets: &[Target]) -> String {
    format!(
        "No --agents or target given: showing the agents required for {} (set --agents, or \
         --target-sl/--sl-s/--sl-definition, --target-asa-s, --max-abandon, --max-occupancy).",
        targets
            .iter()
            .map(Target::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    )
}

/// Short column label of a definition.
fn short_name(d: SlDefinition) -> &'static str {
    match d {
        SlDefinition::Offered => "offered",
        SlDefinition::Answered => "answered",
        SlDefinition::ExcludingShortAbandons => "excl.ab",
        SlDefinition::Virtual => "virtual",
    }
}

/// A number in its shortest exact form (`20`, `20.5`).
fn fmt_num(x: f64) -> String {
    format!("{x}")
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

// ---------------------------------------------------------------------------------------
// --scenario
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// --scenario
// ---------------------------------------------------------------------------------------

/// The first working day's requirement of `scenario` in `format`.
fn scenario_report(scenario: &Scenario, format: Format) -> Result<String> {
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
