//! `ccplan schedule`: shifts and breaks covering the requirement at least cost under the
//! scenario's shift rules, verified by simulating the roster (see [`crate::planning::schedule`]).

use std::path::Path;

use crate::charts::requirement;
use crate::charts::shifts::{self, ShiftBar, ShiftGantt};
use crate::cli::{ScheduleArgs, ScheduleDays};
use crate::error::{Error, Outcome, Result};
use crate::planning::output::{self, create_dir, write_json, write_table, write_text};
use crate::planning::schedule::{self, Days, Effort, LineInfeasible, json, report, tables};
use crate::planning::staff::measure::{CellTargets, Confidence};
use crate::planning::staff::tables as staff_tables;
use crate::planning::staff::{Method, Plan, analytic, fragment, roster_plan};
use crate::scenario::{self, Scenario, hhmm};

/// The search's confidence when `--confidence` is not given (and there are replications
/// to bound a mean): a roster planned on the means leaves its edge cells to the luck of
/// the fresh replications (on the tender, repairs at 0.5 chased noise: 2, 17, 2, 5 cells
/// below target in four checks); at 0.9 its first independent check held.
pub const DEFAULT_CONFIDENCE: f64 = 0.9;

pub fn run(args: &ScheduleArgs) -> Result<Outcome> {
    if let Some(c) = args.confidence
        && !(0.5..1.0).contains(&c)
    {
        return Err(Error::Usage(format!(
            "--confidence {c}: must be at least 0.5 (the means) and below 1"
        )));
    }
    if args.iterations == 0 {
        return Err(Error::Usage("--iterations must be at least 1".into()));
    }
    let (sc, source) = scenario::load_with_text(&args.scenario)?;
    let file = args.scenario.display().to_string();
    if scenario::LineId::ALL
        .iter()
        .all(|l| sc.lines.get(*l).is_none_or(|x| x.shift_rules.is_none()))
    {
        return Err(Error::Usage(format!(
            "{file}: no line has `shift_rules`; `ccplan schedule` builds shifts by them (see docs/commands/schedule.md)"
        )));
    }
    if !sc.calendar.uniform_hours() {
        return Err(Error::Usage(format!(
            "{file}: `ccplan schedule` needs the same opening hours every working day (the calendar has a `week:` with different hours)"
        )));
    }
    let sim = args.sim.check()?;
    let settings = sim.settings(&sc);
    let confidence = match args.confidence {
        Some(c) if c > 0.5 && settings.replications < 2 => {
            return Err(Error::Usage(format!(
                "--confidence {c} needs at least 2 replications to bound a mean (got {})",
                settings.replications
            )));
        }
        Some(c) => c,
        None if settings.replications < 2 => 0.5,
        None => DEFAULT_CONFIDENCE,
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| output::default_dir("schedule", &sc.name));
    let targets =
        CellTargets::with_confidence(&sc, Confidence::new(confidence, settings.replications));
    let (requirement, source_label) = requirement(args, &sim, &sc, &targets, settings)?;
    let days = match args.days {
        ScheduleDays::Weekday => Days::Weekday,
        ScheduleDays::All => Days::All,
    };
    let days_label = match days {
        Days::Weekday => "weekday",
        Days::All => "all",
    };
    let patterns = schedule::patterns(&sc, days);

    let started = std::time::Instant::now();
    let bar = sim.progress("schedule", settings.replications as u64, "replications");
    let outcome = sim.install(|| {
        schedule::search(
            &sc,
            &requirement,
            &targets,
            settings,
            Effort {
                patterns: &patterns,
                max_in_sample: args.iterations,
                repairs: args.repairs,
            },
            &|msg| {
                bar.set_position(0);
                bar.set_message(msg);
            },
            &|| bar.inc(1),
        )
    })?;
    bar.finish_and_clear();
    let outcome = outcome.map_err(|e| infeasible(&file, &source, &sc, &e))?;
    let elapsed = started.elapsed();

    // Everything is computed; write the folder.
    let path = out.join("scenario-scheduled.yaml");
    let block = fragment::lines_block(&outcome.scheduled);
    let text = fragment::substitute_lines(&source, &block)?;
    let loaded = scenario::parse_str(&text, &path.display().to_string())
        .map_err(|e| anyhow::anyhow!("{e}"))
        .map_err(|e| {
            e.context("the scheduled scenario does not load (a bug in `ccplan schedule`)")
        })?;
    if loaded.lines != outcome.scheduled.lines {
        return Err(anyhow::anyhow!(
            "the scheduled scenario's lines differ from the roster (a bug in `ccplan schedule`)"
        )
        .into());
    }
    let j = json::json(&sc, &outcome, &source_label, days_label, confidence);
    let df = tables::schedule_frame(&sc, &outcome.roster)?;
    write_outputs(
        &out,
        &sc,
        &outcome,
        Method::from(args.method),
        &j,
        &df,
        &text,
    )?;
    print_summary(&j);
    println!(
        "roster found and verified in {:.1} s; written to {}",
        elapsed.as_secs_f64(),
        out.display()
    );
    Ok(if j.independent_check.targets_met_in_every_interval {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

/// The requirement: read from a `staff` folder, or computed by the method.
fn requirement(
    args: &ScheduleArgs,
    sim: &crate::cli::sim::Sim,
    sc: &Scenario,
    targets: &CellTargets,
    settings: crate::engine::RunSettings,
) -> Result<(Plan, String)> {
    if let Some(dir) = &args.requirement {
        let path = dir.join("scenario-staffed.yaml");
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "--requirement {}: no scenario-staffed.yaml there (give a `ccplan staff` output folder)",
                dir.display()
            )));
        }
        let staffed = scenario::load(&path)?;
        if staffed.calendar != sc.calendar {
            return Err(Error::Usage(format!(
                "--requirement {}: its calendar differs from {}'s (another horizon or opening hours)",
                path.display(),
                args.scenario.display()
            )));
        }
        return Ok((
            roster_plan(&staffed),
            format!("requirement {}", dir.display()),
        ));
    }
    let method = Method::from(args.method);
    let plan = match method {
        Method::Isa => super::staff::isa_search(sim, sc, targets, settings)?.0,
        m => analytic::requirement(sc, m)?,
    };
    Ok((plan, method.key().to_owned()))
}

/// The infeasible rule as a located scenario error (exit 2).
fn infeasible(file: &str, source: &str, sc: &Scenario, e: &LineInfeasible) -> Error {
    let i = &e.infeasible;
    let t = sc.calendar.interval_start_s(i.interval);
    let msg = format!(
        "no roster meets {}'s shift rules ({} pattern), interval {}: {}",
        e.line.key(),
        e.pattern,
        hhmm(t),
        i.message
    );
    Error::Scenario(scenario::rule_error(
        file,
        source,
        &i.rule,
        msg,
        "rules under which some roster covers every interval's requirement",
    ))
}

/// The table's rows as text, for the report.
fn table_rows(df: &polars::prelude::DataFrame) -> Result<Vec<Vec<String>>> {
    let mut rows = vec![Vec::new(); df.height()];
    for c in df.columns() {
        let s = c.as_materialized_series();
        for (k, row) in rows.iter_mut().enumerate() {
            let v = s.get(k).map_err(anyhow::Error::from)?;
            row.push(v.to_string().trim_matches('"').to_string());
        }
    }
    Ok(rows)
}

fn write_outputs(
    out: &Path,
    sc: &Scenario,
    o: &schedule::Outcome,
    method: Method,
    j: &json::ScheduleJson,
    df: &polars::prelude::DataFrame,
    text: &str,
) -> Result<()> {
    let rows = table_rows(df)?;
    create_dir(out)?;
    write_table(out, &tables::schedule_doc(), df)?;
    let charts = out.join("charts");
    create_dir(&charts)?;
    let scheduled = roster_plan(&o.scheduled);
    let note = format!("ccplan schedule {}", sc.name);
    for l in &o.roster.lines {
        let data =
            staff_tables::chart_data(sc, &o.plan, &scheduled, o.last_check(), l.line, method);
        requirement::render(&charts, &format!("coverage_{}", l.line.key()), &data, &note)?;
        if let Some(gantt) = gantt_data(sc, &o.roster, l) {
            shifts::render(&charts, &format!("shifts_{}", l.line.key()), &gantt, &note)?;
        }
    }
    write_text(out, "scenario-scheduled.yaml", text)?;
    write_text(out, "report.md", &report::markdown(j, &rows))?;
    write_json(out, "schedule.json", j)?;
    Ok(())
}

/// The Gantt chart's data: the shifts of `l`'s busiest day pattern (most agents; the
/// first of equals), by start, end and contract.
fn gantt_data(
    sc: &Scenario,
    roster: &schedule::Roster,
    l: &schedule::LineRoster,
) -> Option<ShiftGantt> {
    let rules = sc.lines.get(l.line)?.shift_rules.as_ref()?;
    let total = |p: usize| l.solved[p].agents.iter().sum::<u32>();
    let busiest = (0..l.solved.len()).rev().max_by_key(|&p| total(p))?;
    let grid = roster.grid;
    let at = |t: u32| f64::from(t - grid.open_s) / f64::from(grid.interval_s);
    let mut bars: Vec<ShiftBar> = l
        .columns
        .iter()
        .zip(&l.solved[busiest].agents)
        .filter(|(_, a)| **a > 0)
        .map(|(c, &agents)| ShiftBar {
            contract: c.contract,
            start: at(c.start_s),
            end: at(c.start_s + c.length_s),
            breaks: c
                .breaks
                .iter()
                .map(|&(b, len)| (at(b), at(b + len)))
                .collect(),
            agents,
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    bars.sort_by(|a, b| {
        (a.start, a.end, a.contract)
            .partial_cmp(&(b.start, b.end, b.contract))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let p = &roster.patterns[busiest];
    let days = match p.days.len() {
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    };
    let pattern = if roster.patterns.len() == 1 {
        format!("{}, {days}", p.label)
    } else {
        format!(
            "{} (the busiest of {} day patterns), {days}",
            p.label,
            roster.patterns.len()
        )
    };
    Some(ShiftGantt {
        line: sc.lines.get(l.line)?.label.clone(),
        pattern,
        intervals: (0..grid.n()).map(|i| grid.clock(i)).collect(),
        contracts: rules.contracts.iter().map(|c| c.name.clone()).collect(),
        bars,
    })
}

fn print_summary(j: &json::ScheduleJson) {
    println!(
        "{}: {:.1} paid agent-hours (LP bound {:.1}; gap on cost {:.2}%), at most {} agents a day, permanent share ≥ {:.1}%",
        j.scenario,
        j.agent_hours,
        j.lower_bound_agent_hours,
        100.0 * j.gap,
        j.posts,
        100.0 * j.permanent_share
    );
    println!(
        "search replications: {} of {} intervals below target; independent check: {} of {} ({} rounds)",
        j.verification.intervals_below_target,
        j.verification.intervals,
        j.independent_check.intervals_below_target,
        j.independent_check.intervals,
        j.iterations
    );
}
