//! `ccplan staff`: agents required per line and interval to meet the scenario's targets,
//! the roster that provides them, and a verification run of that roster.

use std::path::Path;

use crate::charts::requirement;
use crate::cli::{StaffArgs, StaffMethod};
use crate::error::{Error, Outcome, Result};
use crate::planning::cost::AgentHours;
use crate::planning::output::{self, create_dir, write_json, write_table, write_text};
use crate::planning::staff::measure::{CellTargets, Confidence};
use crate::planning::staff::{
    Method, analytic, fragment, holdout, holdout_report, isa, lines_of, roster_plan, tables, verify,
};
use crate::scenario;

impl From<StaffMethod> for Method {
    fn from(m: StaffMethod) -> Self {
        match m {
            StaffMethod::Sipp => Method::Sipp,
            StaffMethod::LaggedSipp => Method::LaggedSipp,
            StaffMethod::Mol => Method::Mol,
            StaffMethod::Isa => Method::Isa,
        }
    }
}

pub fn run(args: &StaffArgs) -> Result<Outcome> {
    let sim = args.sim.check()?;
    if !(0.5..1.0).contains(&args.confidence) {
        return Err(Error::Usage(format!(
            "--confidence {}: must be at least 0.5 (the means) and below 1",
            args.confidence
        )));
    }
    let (sc, source) = scenario::load_with_text(&args.scenario)?;
    let settings = sim.settings(&sc);
    if args.confidence > 0.5 && settings.replications < 2 {
        return Err(Error::Usage(format!(
            "--confidence {} needs at least 2 replications to bound a mean (got {})",
            args.confidence, settings.replications
        )));
    }
    let method = Method::from(args.method);
    let repairs = args
        .repairs
        .unwrap_or(if method.simulates() { 3 } else { 0 });
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| output::default_dir("staff", &sc.name));
    // The scenario's targets at the stated confidence; staffing does not change them, so
    // they serve every staffed variant of the scenario.
    let targets =
        CellTargets::with_confidence(&sc, Confidence::new(args.confidence, settings.replications));

    // Everything is computed before the first file is written.
    let started = std::time::Instant::now();
    let (method_plan, trace) = match method {
        Method::Isa => {
            let result = isa_search(&sim, &sc, &targets, settings)?;
            (result.0, Some(result.1))
        }
        m => (analytic::requirement(&sc, m)?, None),
    };
    // An analytic plan meets the targets on Erlang A's means; at a stated confidence it
    // is repaired in simulation on the search's replications.
    let (plan, in_sample) = if !method.simulates() && args.confidence > 0.5 {
        let bar = sim.progress("repair", settings.replications as u64, "replications");
        let (p, sims, done) = sim.install(|| {
            holdout::repair_in_sample(
                &sc,
                &method_plan,
                &targets,
                settings,
                isa::MAX_SIMULATIONS,
                &|k| {
                    bar.set_position(0);
                    bar.set_message(format!("repair simulation {}", k + 1));
                },
                &|| bar.inc(1),
            )
        })?;
        bar.finish_and_clear();
        (
            p,
            Some(holdout_report::InSample {
                simulations: sims,
                finished: done,
            }),
        )
    } else {
        (method_plan.clone(), None)
    };
    let bar = sim.progress(
        "independent check",
        settings.replications as u64,
        "replications",
    );
    let holdout = sim.install(|| {
        holdout::check_and_repair(
            &sc,
            &plan,
            &targets,
            settings,
            repairs,
            &|k| {
                bar.set_position(0);
                bar.set_message(format!("independent check {}", k + 1));
            },
            &|| bar.inc(1),
        )
    })?;
    bar.finish_and_clear();
    let plan = holdout.plan.clone();
    let searched = started.elapsed();
    let roster = roster_plan(&sc);
    let staffed_path = out.join("scenario-staffed.yaml");
    let staffed = fragment::staffed_text(&sc, &source, &plan, &staffed_path.display().to_string())?;

    let bar = sim.progress("verification", settings.replications as u64, "replications");
    let verification =
        sim.install(|| verify::verify(&staffed.scenario, &targets, settings, &|| bar.inc(1)))?;
    bar.finish_and_clear();

    let report = tables::StaffReport {
        sc: &sc,
        method,
        confidence: args.confidence,
        method_plan: &method_plan,
        in_sample,
        plan: &plan,
        roster: &roster,
        roster_hours: AgentHours::of(&sc),
        verification: &verification,
        holdout: &holdout,
        repairs,
        independent: &holdout.last,
        trace: trace.as_ref(),
    };
    write_outputs(&out, &report, &staffed)?;
    print!("{}", report.terminal());
    println!(
        "requirement computed in {:.2} s; written to {}",
        searched.as_secs_f64(),
        out.display()
    );
    Ok(if report.meets() {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

fn write_outputs(
    out: &Path,
    r: &tables::StaffReport<'_>,
    staffed: &fragment::StaffedText,
) -> Result<()> {
    create_dir(out)?;
    let df = tables::requirement_frame(r.sc, r.plan, r.roster)?;
    write_table(out, &tables::requirement_doc(), &df)?;
    let charts = out.join("charts");
    create_dir(&charts)?;
    let note = format!("ccplan staff --method {} {}", r.method.key(), r.sc.name);
    for line in lines_of(r.sc) {
        let data = tables::chart_data(r.sc, r.plan, r.roster, r.independent, line, r.method);
        requirement::render(
            &charts,
            &format!("requirement_{}", line.key()),
            &data,
            &note,
        )?;
    }
    write_text(
        out,
        "staffing.yaml",
        &format!(
            "# `ccplan staff --method {}` for scenario `{}`: rostered agents (before shrinkage)\n# per interval; `agents_by_date` lists the days that differ. Replace the scenario's\n# `lines:` block with this one (reinforcement is included in the counts).\n{block}",
            r.method.key(),
            r.sc.name,
            block = staffed.block
        ),
    )?;
    write_text(out, "scenario-staffed.yaml", &staffed.text)?;
    write_text(out, "report.md", &r.markdown())?;
    write_json(out, "staff.json", &r.json())?;
    Ok(())
}

/// The ISA search on `sim`'s threads, with its progress bar.
pub(crate) fn isa_search(
    sim: &crate::cli::sim::Sim,
    sc: &scenario::Scenario,
    targets: &CellTargets,
    settings: crate::engine::RunSettings,
) -> Result<(crate::planning::staff::Plan, isa::Trace)> {
    let bar = sim.progress("ISA", settings.replications as u64, "replications");
    let result = sim.install(|| {
        isa::search(
            sc,
            targets,
            settings,
            &|phase, k| {
                bar.set_position(0);
                bar.set_message(format!("ISA simulation {k} ({phase})"));
            },
            &|| bar.inc(1),
        )
    })??;
    bar.finish_and_clear();
    Ok(result)
}
