//! `ccplan sweep`: build and validate every grid point, simulate them all with common
//! random numbers, write the results and print a markdown summary.

use crate::cli::SweepArgs;
use crate::error::{Outcome, Result};
use crate::planning::edit::{Document, Setting};
use crate::planning::output;
use crate::planning::sweep::{self, Grid};

pub fn run(args: &SweepArgs) -> Result<Outcome> {
    let sim = args.sim.check()?;
    // Everything is checked before anything is simulated or written.
    let settings = args
        .set
        .iter()
        .map(|s| Setting::parse(s))
        .collect::<Result<Vec<_>>>()?;
    let document = Document::load(&args.scenario)?;
    let grid = Grid::build(document, settings)?;
    if args.shard.shard.is_some() {
        return super::shard::sweep(args, sim, &grid);
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| output::default_dir("sweep", &grid.document.scenario.name));

    let total: u64 = grid
        .points
        .iter()
        .map(|p| u64::from(sim.settings(&p.scenario).replications))
        .sum();
    let bar = sim.progress(
        &format!("sweep {}", grid.document.scenario.name),
        total,
        "replications",
    );
    let result = sim.install(|| sweep::run(grid, &|sc| sim.settings(sc), &|| bar.inc(1)))?;
    bar.finish_and_clear();
    result.write(&out)?;
    print!("{}", result.summary_markdown(&out));
    Ok(Outcome::Ok)
}
