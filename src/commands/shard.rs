//! `ccplan run --shard` and `ccplan sweep --shard`: simulate one shard's block and write
//! its part file (see [`crate::shard`]).

use std::path::{Path, PathBuf};

use crate::cli::sim::Sim;
use crate::cli::{RunArgs, ShardArgs, SweepArgs};
use crate::error::{Error, Outcome, Result};
use crate::planning::sweep::Grid;
use crate::scenario;
use crate::shard::{self, Part, Shard};

/// The shard named by the flags (`K/N`, or `auto` from the environment).
fn resolve(flags: &ShardArgs) -> Result<Shard> {
    let arg = flags.shard.as_deref().unwrap_or("auto");
    Shard::resolve(arg, flags.shard_count, &|k| std::env::var(k).ok())
}

/// Where the part goes: `--out` itself, or `part-K-of-N.ccpart` inside it when it is a
/// folder.
fn part_path(out: Option<&Path>, shard: Shard) -> Result<PathBuf> {
    let out = out.ok_or_else(|| {
        Error::Usage("--shard needs --out: the part file to write (or a folder for it)".into())
    })?;
    // `--out parts/` names a folder, made if missing.
    if out
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR)
    {
        std::fs::create_dir_all(out)
            .map_err(|e| Error::Other(anyhow::anyhow!("creating {}: {e}", out.display())))?;
    }
    if out.is_dir() {
        return Ok(out.join(format!(
            "part-{:04}-of-{:04}.{}",
            shard.index + 1,
            shard.count,
            shard::part::EXTENSION
        )));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::Other(anyhow::anyhow!("creating {}: {e}", parent.display())))?;
    }
    Ok(out.to_path_buf())
}

fn write(part: &Part, path: &Path, started: std::time::Instant) -> Result<Outcome> {
    part.write(path)?;
    let h = &part.header;
    println!(
        "shard {}/{}: {} of {} simulated in {:.2} s; part written to {} ({} bytes)",
        h.shard,
        h.shards,
        h.block_text(),
        h.items,
        started.elapsed().as_secs_f64(),
        path.display(),
        h.body_bytes
    );
    Ok(Outcome::Ok)
}

/// `ccplan run --shard`.
pub(super) fn run(args: &RunArgs) -> Result<Outcome> {
    let sim = args.sim.check()?;
    if args.call_log.is_some() {
        return Err(Error::Usage(
            "--call-log cannot go with --shard: write the call log from an unsharded run".into(),
        ));
    }
    let shard = resolve(&args.shard)?;
    let path = part_path(args.out.as_deref(), shard)?;
    let (sc, source) = scenario::load_with_text(&args.scenario)?;
    let settings = sim.settings(&sc);
    let block = shard.block(settings.replications);
    let bar = sim.progress(
        &format!("{} shard {shard}", sc.name),
        u64::from(block.end - block.start),
        "replications",
    );
    let started = std::time::Instant::now();
    let file = args.scenario.display().to_string();
    let part =
        sim.install(|| shard::run::simulate(&sc, &source, &file, settings, shard, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    write(&part, &path, started)
}

/// `ccplan sweep --shard`, once the flags (`sim`) and the grid are built and checked.
pub(super) fn sweep(args: &SweepArgs, sim: Sim, grid: &Grid) -> Result<Outcome> {
    let shard = resolve(&args.shard)?;
    let path = part_path(args.out.as_deref(), shard)?;
    let block = shard.block(grid.points.len() as u32);
    let total: u64 = grid.points[block.start as usize..block.end as usize]
        .iter()
        .map(|p| u64::from(sim.settings(&p.scenario).replications))
        .sum();
    let bar = sim.progress(
        &format!("sweep {} shard {shard}", grid.document.scenario.name),
        total,
        "replications",
    );
    let job = shard::sweep::SweepJob {
        grid,
        sets: args.set.clone(),
        replications_flag: sim.replications,
        seed: sim.settings(&grid.document.scenario).seed,
    };
    let started = std::time::Instant::now();
    let part = sim
        .install(|| shard::sweep::simulate(&job, &|sc| sim.settings(sc), shard, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    write(&part, &path, started)
}
