//! `ccplan merge`: check that parts make up one whole sharded run or sweep, then write
//! the files one process would have written (see [`crate::shard`]).

use std::path::{Path, PathBuf};

use crate::cli::MergeArgs;
use crate::error::{Error, Outcome, Result};
use crate::planning::output;
use crate::report;
use crate::shard::{self, Kind, Named, Part};

/// The part files named: files as given, folders expanded to their `.ccpart` files in
/// name order.
fn part_files(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for a in args {
        if !a.is_dir() {
            out.push(a.clone());
            continue;
        }
        let entries = std::fs::read_dir(a)
            .map_err(|e| Error::Usage(format!("{}: cannot read the folder: {e}", a.display())))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == shard::part::EXTENSION))
            .collect();
        if found.is_empty() {
            return Err(Error::Usage(format!(
                "{}: no .{} files in this folder",
                a.display(),
                shard::part::EXTENSION
            )));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Reads every part, checks they belong together and returns them in block order.
pub fn read_parts(args: &[PathBuf]) -> Result<Vec<Named>> {
    let parts = part_files(args)?
        .iter()
        .map(|f| {
            Ok(Named {
                name: f.display().to_string(),
                part: Part::read(f)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    shard::check::whole_job(parts)
}

/// Merges the parts into `out` (or the default folder of their command); returns the
/// folder written and the summary `run` or `sweep` would have printed.
pub fn merge_into(parts: &[Named], out: Option<&Path>) -> Result<(PathBuf, String)> {
    let Some(first) = parts.first() else {
        return Err(Error::Usage("merge needs at least one part".into()));
    };
    match first.part.header.kind {
        Kind::Run => {
            let m = shard::run::merge(parts)?;
            let out = out.map_or_else(
                || PathBuf::from("outputs").join(&m.scenario.name),
                Path::to_path_buf,
            );
            report::write_run(&out, &m.scenario, &m.source, m.settings, &m.stats)?;
            let summary = super::run::summary_table(&m.scenario, m.settings, &m.stats);
            Ok((out, summary))
        }
        Kind::Sweep => {
            let sweep = shard::sweep::merge(parts)?;
            let out = out.map_or_else(
                || output::default_dir("sweep", &sweep.grid.document.scenario.name),
                Path::to_path_buf,
            );
            sweep.write(&out)?;
            let summary = sweep.summary_markdown(&out);
            Ok((out, summary))
        }
    }
}

pub fn run(args: &MergeArgs) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let parts = read_parts(&args.parts)?;
    let n = parts.len();
    let (out, summary) = merge_into(&parts, args.out.as_deref())?;
    print!("{summary}");
    println!(
        "{n} parts merged in {:.2} s into {}",
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(Outcome::Ok)
}
