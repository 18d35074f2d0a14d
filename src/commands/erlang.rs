//! `ccplan erlang`: exact Erlang C/A/X figures and staffing for one stationary interval,
//! or per interval of a scenario's first working day.
//!
//! The flags are checked here, once, into a [`Query`]; the analytic core
//! ([`crate::erlang`]) does the work; this module only prints.
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

pub mod json;

use std::fmt::Write as _;
use std::io::Write as _;

use serde::Serialize;

use self::json::{IntervalRow, Required, Row};
use crate::cli::{ErlangArgs, Format};
use crate::erlang::{ErlangError, Figures, Model, ModelKind, Target, required_agents};
use crate::error::{Error, Outcome, Result};
use crate::scenario::{LineId, Scenario};
use crate::service_level::SlDefinition;

/// Most rows an `--agents` range may ask for.
const MAX_ROWS: u32 = 10_000;
/// Service level targeted when neither `--agents` nor a target is given.
const DEFAULT_TARGET_SL: f64 = 0.8;

/// Runs `ccplan erlang`.
pub fn run(args: &ErlangArgs) -> Result<Outcome> {
    let text = match &args.scenario {
        Some(path) => {
            reject_with_scenario(args)?;
            let scenario = crate::scenario::load(path)?;
            scenario_report(&scenario, args.format)?
        }
        None => {
            let query = Query::from_args(args)?;
            query.answer(args.format)?
        }
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

// ---------------------------------------------------------------------------------------
// Checking the flags
// ---------------------------------------------------------------------------------------

/// What the user asked about, checked.
#[derive(Debug)]
struct Query {
    model: Model,
    sl_threshold_s: f64,
    ask: Ask,
}

/// Figures at given agent counts, or the agents a set of targets requires.
#[derive(Debug)]
enum Ask {
    Agents(Vec<f64>),
    /// `defaulted`: no target was given, so the default one is used (and said so).
    Required {
        targets: Vec<Target>,
        defaulted: bool,
    },
}

fn usage(flag: &str, value: impl std::fmt::Display, expected: &str) -> Error {
    Error::Usage(format!("{flag} {value}: expected {expected}"))
}

fn positive(flag: &str, v: f64) -> Result<f64> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(usage(flag, v, "a number above 0"))
    }
}

fn non_negative(flag: &str, v: f64) -> Result<f64> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(usage(flag, v, "a number of at least 0"))
    }
}

fn probability(flag: &str, v: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(usage(flag, v, "a probability between 0 and 1"))
    }
}

/// `--scenario` takes demand, handling, patience and targets from the file.
fn reject_with_scenario(args: &ErlangArgs) -> Result<()> {
    let given = [
        ("--arrivals-per-hour", args.arrivals_per_hour.is_some()),
        ("--aht-s", args.aht_s.is_some()),
        ("--agents", args.agents.is_some()),
        ("--patience-s", args.patience_s.is_some()),
        ("--lines", args.lines.is_some()),
        ("--redial", args.redial.is_some()),
        ("--target-sl", args.target_sl.is_some()),
        ("--target-asa-s", args.target_asa_s.is_some()),
        ("--max-abandon", args.max_abandon.is_some()),
        ("--max-occupancy", args.max_occupancy.is_some()),
    ];
    let clashing: Vec<&str> = given
        .iter()
        .filter(|(_, on)| *on)
        .map(|(f, _)| *f)
        .collect();
    if clashing.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{} cannot be combined with --scenario, which takes demand, handling times, \
             patience, roster and targets from the file",
            clashing.join(", ")
        )))
    }
}

impl Query {
    fn from_args(args: &ErlangArgs) -> Result<Query> {
        let missing = |flag: &str| Error::Usage(format!("{flag} is required without --scenario"));
        let arrivals = non_negative(
            "--arrivals-per-hour",
            args.arrivals_per_hour
                .ok_or_else(|| missing("--arrivals-per-hour"))?,
        )?;
        let aht_s = positive("--aht-s", args.aht_s.ok_or_else(|| missing("--aht-s"))?)?;
        if !(args.sl_s.is_finite() && args.sl_s >= 0.0) {
            return Err(usage(
                "--sl-s",
                args.sl_s,
                "a number of seconds of at least 0",
            ));
        }
        let core = |flag: &str, e: ErlangError| Error::Usage(format!("{flag}: {e}"));
        let mut model =
            Model::new(arrivals, aht_s).map_err(|e| core("--arrivals-per-hour/--aht-s", e))?;
        if let Some(p) = args.patience_s {
            model = model
                .with_patience_s(positive("--patience-s", p)?)
                .map_err(|e| core("--patience-s", e))?;
        }
        if let Some(k) = args.lines {
            if k == 0 {
                return Err(usage("--lines", 0, "at least 1 line"));
            }
            model = model.with_lines(k).map_err(|e| core("--lines", e))?;
        }
        if let Some(r) = args.redial {
            if args.patience_s.is_none() && args.lines.is_none() {
                return Err(Error::Usage(
                    "--redial needs --patience-s or --lines: without abandonment or blocking \
                     no caller is lost, so nobody redials"
                        .into(),
                ));
            }
            model = model
                .with_redial(probability("--redial", r)?)
                .map_err(|e| core("--redial", e))?;
        }

        let mut targets = Vec::new();
        if let Some(level) = args.target_sl {
            targets.push(Target::ServiceLevel {
                definition: args.sl_definition,
                threshold_s: args.sl_s,
                at_least: probability("--target-sl", level)?,
            });
        }
        if let Some(asa) = args.target_asa_s {
            targets.push(Target::Asa {
                at_most_s: positive("--target-asa-s", asa)?,
            });
        }
        if let Some(cap) = args.max_abandon {
            targets.push(Target::Abandonment {
                at_most: probability("--max-abandon", cap)?,
            });
        }
        if let Some(cap) = args.max_occupancy {
            let cap = probability("--max-occupancy", cap)?;
            if cap == 0.0 {
                return Err(usage(
                    "--max-occupancy",
                    cap,
                    "a share above 0 and at most 1",
                ));
            }
            targets.push(Target::Occupancy { at_most: cap });
        }

        let ask = match (&args.agents, targets.is_empty()) {
            (Some(_), false) => {
                return Err(Error::Usage(
                    "--agents and targets (--target-sl, --target-asa-s, --max-abandon, \
                     --max-occupancy) are alternatives: give agents to see their figures, or \
                     targets to find the agents"
                        .into(),
                ));
            }
            (Some(spec), true) => {
                let counts = parse_agents(spec)?;
                if model.kind() != ModelKind::ErlangC && counts.iter().any(|&n| n < 1.0) {
                    return Err(usage(
                        "--agents",
                        spec,
                        "at least 1 agent with --patience-s, --lines or --redial (fractional \
                         counts between whole ones are interpolated)",
                    ));
                }
                Ask::Agents(counts)
            }
            (None, false) => Ask::Required {
                targets,
                defaulted: false,
            },
            (None, true) => Ask::Required {
                targets: vec![Target::ServiceLevel {
                    definition: args.sl_definition,
                    threshold_s: args.sl_s,
                    at_least: DEFAULT_TARGET_SL,
                }],
                defaulted: true,
            },
        };
        Ok(Query {
            model,
            sl_threshold_s: args.sl_s,
            ask,
        })
    }

    fn answer(&self, format: Format) -> Result<String> {
        match &self.ask {
            Ask::Agents(counts) => {
                let (rows, note) = self.rows(counts)?;
                if let Some(n) = &note
                    && format != Format::Table
                {
                    eprintln!("note: {n}");
                }
                Ok(match format {
                    Format::Table => self.table(&rows, note.map(|n| n + "\n").as_deref()),
                    Format::Csv => csv(&rows, None),
                    Format::Json => json(&rows.iter().map(Row::from).collect::<Vec<_>>()),
                })
            }
            Ask::Required { targets, defaulted } => {
                let need = required_agents(&self.model, targets, self.sl_threshold_s)
                    .map_err(|e| self.model_error(e))?;
                if *defaulted && format != Format::Table {
                    eprintln!("note: {}", default_note(targets));
                }
                Ok(match format {
                    Format::Table => {
                        let mut head = String::new();
                        if *defaulted {
                            writeln!(head, "{}", default_note(targets)).unwrap();
                        }
                        let named: Vec<String> = targets.iter().map(Target::to_string).collect();
                        writeln!(
                            head,
                            "Agents required: {} (for {})",
                            need.agents,
                            named.join("; ")
                        )
                        .unwrap();
                        self.table(&[need.figures], Some(&head))
                    }
                    Format::Csv => csv(&[need.figures], Some(need.agents)),
                    Format::Json => json(&Required {
                        agents_required: need.agents,
                        row: Row::from(&need.figures),
                    }),
                })
            }
        }
    }

    /// Figures at every count, and a note on the counts left out.
    ///
    /// Under Erlang C, counts at or below the offered load have no steady state. A single
    /// count (or a range made only of such counts) is an error; a range that reaches
    /// stable counts prints those and names the counts left out.
    fn rows(&self, counts: &[f64]) -> Result<(Vec<Figures>, Option<String>)> {
        let load = self.model.offered_load_erlangs();
        let mut note = None;
        let mut counts = counts;
        if self.model.kind() == ModelKind::ErlangC {
            let stable_from = counts
                .iter()
                .position(|&n| n > load)
                .unwrap_or(counts.len());
            if stable_from == counts.len() {
                return Err(self.unstable(counts[0], counts[counts.len() - 1]));
            }
            if stable_from > 0 {
                note = Some(format!(
                    "Agents {}..{} left out: Erlang C has no steady state at or below the \
                     offered load of {load:.3} erlangs (add --patience-s for Erlang A, defined \
                     at any load).",
                    fmt_agents(counts[0]),
                    fmt_agents(counts[stable_from - 1])
                ));
            }
            counts = &counts[stable_from..];
        }
        let rows = counts
            .iter()
            .map(|&n| {
                self.model
                    .figures(n, self.sl_threshold_s)
                    .map_err(|e| self.model_error(e))
            })
            .collect::<Result<_>>()?;
        Ok((rows, note))
    }

    /// Translates a core error into the user's terms.
    fn model_error(&self, e: ErlangError) -> Error {
        match e {
            ErlangError::Unstable { agents, .. } => self.unstable(agents, agents),
            ErlangError::InvalidInput { .. } => Error::Usage(e.to_string()),
            other => Error::Model(other.to_string()),
        }
    }

    /// The message for agents `from..=to` at or below the offered load under Erlang C.
    fn unstable(&self, from: f64, to: f64) -> Error {
        let m = &self.model;
        let load = m.offered_load_erlangs();
        let which = if from == to {
            format!("{} agents", fmt_agents(from))
        } else {
            format!(
                "agents {}..{} of the range",
                fmt_agents(from),
                fmt_agents(to)
            )
        };
        let stable = load.floor() as u64 + 1;
        let target = Target::ServiceLevel {
            definition: SlDefinition::Offered,
            threshold_s: self.sl_threshold_s,
            at_least: DEFAULT_TARGET_SL,
        };
        let for_target = required_agents(m, &[target], self.sl_threshold_s)
            .map(|r| {
                format!(
                    ", {} for 80% answered within {} s",
                    r.agents, self.sl_threshold_s
                )
            })
            .unwrap_or_default();
        Error::Model(format!(
            "Erlang C has no steady state with {which}: the offered load is {load:.3} erlangs \
             ({} calls/h × {} s AHT), so without abandonment the queue grows without bound. \
             At least {stable} agents are needed for a finite wait{for_target}. Add \
             --patience-s to model callers who hang up (Erlang A), which is defined at any load.",
            m.arrivals_per_hour(),
            m.aht_s(),
        ))
    }

    /// A header naming the model, then one line per row, then the definitions.
    fn table(&self, rows: &[Figures], preamble: Option<&str>) -> String {
        let m = &self.model;
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

        let t = self.sl_threshold_s;
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

/// `--agents`: `105`, `104.5`, `95..115` or `95..=115` (inclusive, whole numbers).
fn parse_agents(spec: &str) -> Result<Vec<f64>> {
    let bad = |why: &str| usage("--agents", spec, why);
    let expected =
        "a positive count (`105`, `104.5`) or an inclusive range of whole counts (`95..115`)";
    let s = spec.trim();
    if let Some((from, to)) = s.split_once("..") {
        let to = to.strip_prefix('=').unwrap_or(to);
        let parse = |x: &str| x.trim().parse::<u32>().map_err(|_| bad(expected));
        let (from, to) = (parse(from)?, parse(to)?);
        if from == 0 {
            return Err(bad("a range starting at 1 agent or more"));
        }
        if from > to {
            return Err(bad("a range whose start is not above its end"));
        }
        if to - from >= MAX_ROWS {
            return Err(bad("a range of at most 10000 counts"));
        }
        Ok((from..=to).map(f64::from).collect())
    } else {
        let n: f64 = s.parse().map_err(|_| bad(expected))?;
        if !(n.is_finite() && n > 0.0 && n <= f64::from(u32::MAX)) {
            return Err(bad(expected));
        }
        Ok(vec![n])
    }
}

/// Whole agents without a decimal point, fractional ones as given.
fn fmt_agents(n: f64) -> String {
    fmt_num(n)
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

/// `HH:MM` from seconds since midnight.
fn clock(s: u32) -> String {
    format!("{:02}:{:02}", s / 3600, s % 3600 / 60)
}

/// The scenario's targets, or the default one (and a note saying so).
fn scenario_targets(scenario: &Scenario) -> (Vec<Target>, Option<String>) {
    let (targets, defaulted) = crate::tables::staffing::scenario_targets(scenario);
    let note = defaulted.then(|| {
        format!(
            "The scenario states no call target: agents required for {}.",
            targets[0]
        )
    });
    (targets, note)
}

fn scenario_report(scenario: &Scenario, format: Format) -> Result<String> {
    let Some(&date) = scenario.calendar.working_days.first() else {
        return Err(Error::Usage(format!(
            "scenario `{}` has no working day to plan",
            scenario.name
        )));
    };
    let (targets, note) = scenario_targets(scenario);
    let threshold_s = targets
        .iter()
        .find_map(|t| match t {
            Target::ServiceLevel { threshold_s, .. } => Some(*threshold_s),
            _ => None,
        })
        .unwrap_or(20.0);
    let patience = scenario.callers.patience.as_ref();
    let interval_s = f64::from(scenario.calendar.interval_s);

    let mut rows = Vec::new();
    for line in LineId::ALL {
        if scenario.lines.get(line).is_none() {
            continue;
        }
        for i in 0..scenario.calendar.intervals_per_day() {
            // The interval's mean handling (with `handle_factor_by_interval`).
            let (calls_per_call, handle_s) = scenario.line_workload_at(line, i);
            let start_s = scenario.calendar.interval_start_s(i);
            let load = scenario.offered_load_erlangs(date, line, i);
            let arrivals_per_hour =
                scenario.expected_in(date, i) / interval_s * calls_per_call * 3600.0;
            let agents_available = scenario.agents_available(line, date, start_s);
            let agents_required = if load > 0.0 && handle_s > 0.0 {
                let at = || format!("{} {} on {date}", line.key(), clock(start_s));
                let mut model = Model::new(arrivals_per_hour, handle_s)
                    .map_err(|e| Error::Model(format!("{}: {e}", at())))?;
                if let Some(p) = patience {
                    model = model
                        .with_patience_s(p.mean_s())
                        .map_err(|e| Error::Model(format!("{}: {e}", at())))?;
                }
                required_agents(&model, &targets, threshold_s)
                    .map_err(|e| Error::Model(format!("{}: {e}", at())))?
                    .agents
            } else {
                0
            };
            rows.push(IntervalRow {
                line: line.key().to_owned(),
                interval_start: clock(start_s),
                arrivals_per_hour,
                aht_s: handle_s,
                offered_load_erlangs: load,
                agents_available,
                agents_required,
            });
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_specs() {
        assert_eq!(parse_agents("105").unwrap(), vec![105.0]);
        assert_eq!(parse_agents("104.5").unwrap(), vec![104.5]);
        assert_eq!(parse_agents("95..97").unwrap(), vec![95.0, 96.0, 97.0]);
        assert_eq!(parse_agents("95..=96").unwrap(), vec![95.0, 96.0]);
        for bad in [
            "", "abc", "-3", "0", "10..5", "0..5", "1.5..3", "nan", "inf",
        ] {
            assert!(matches!(parse_agents(bad), Err(Error::Usage(_))), "{bad}");
        }
    }

    #[test]
    fn clock_format() {
        assert_eq!(clock(9 * 3600 + 30 * 60), "09:30");
    }
}
