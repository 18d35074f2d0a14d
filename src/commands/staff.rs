//! `ccplan staff`: agents required per line and interval to meet the scenario's targets,
//! the roster that provides them, and a verification run of that roster.

use std::path::Path;

use crate::charts::requirement;
use crate::cli::{StaffArgs, StaffMethod};
use crate::error::{Outcome, Result};
use crate::planning::cost::AgentHours;
use crate::planning::output::{self, create_dir, write_json, write_table, write_text};
use crate::planning::staff::measure::CellTargets;
use crate::planning::staff::{
    Method, analytic, fragment, isa, lines_of, roster_plan, tables, verify,
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
    args.sim.check()?;
    let (sc, source) = scenario::load_with_text(&args.scenario)?;
    let settings = args.sim.settings(&sc);
    let method = Method::from(args.method);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| output::default_dir("staff", &sc.name));

    // Everything is computed before the first file is written.
    let started = std::time::Instant::now();
    let (plan, trace) = match method {
        Method::Isa => {
            let bar = args
                .sim
                .progress("ISA", settings.replications as u64, "replications");
            let result = args.sim.install(|| {
                isa::search(
                    &sc,
                    settings,
                    &|phase, k| {
                        bar.set_position(0);
                        bar.set_message(format!("ISA simulation {k} ({phase})"));
                    },
                    &|| bar.inc(1),
                )
            })??;
            bar.finish_and_clear();
            (result.0, Some(result.1))
        }
        m => (analytic::requirement(&sc, m)?, None),
    };
    let searched = started.elapsed();
    let roster = roster_plan(&sc);
    let staffed_path = out.join("scenario-staffed.yaml");
    let staffed = fragment::staffed_text(&sc, &source, &plan, &staffed_path.display().to_string())?;
    // The targets of the scenario verified (the staffing does not change them).
    let targets = CellTargets::of(&staffed.scenario);

    let bar = args
        .sim
        .progress("verification", settings.replications as u64, "replications");
    let verification = args
        .sim
        .install(|| verify::verify(&staffed.scenario, &targets, settings, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    let fresh = verify::independent_settings(settings);
    let bar = args.sim.progress(
        "independent check",
        fresh.replications as u64,
        "replications",
    );
    let independent = args
        .sim
        .install(|| verify::verify(&staffed.scenario, &targets, fresh, &|| bar.inc(1)))?;
    bar.finish_and_clear();

    let report = tables::StaffReport {
        sc: &sc,
        method,
        plan: &plan,
        roster: &roster,
        roster_hours: AgentHours::of(&sc),
        verification: &verification,
        independent: &independent,
        trace: trace.as_ref(),
    };
    write_outputs(&out, &report, &staffed)?;
    print!("{}", report.terminal());
    println!(
        "requirement computed in {:.2} s; written to {}",
        searched.as_secs_f64(),
        out.display()
    );
    Ok(if verification.meets() {
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
        let data = tables::chart_data(r.sc, r.plan, r.roster, line, r.method);
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
