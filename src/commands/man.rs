//! `ccplan man [--out DIR]`: the man page in roff, generated from the clap definition (every
//! command's flags and example). Without `--out` it prints `ccplan.1`; with it, it writes
//! `ccplan.1` and one `ccplan-<command>.1` per command into DIR, each file atomically.

use anyhow::Context;

use crate::cli::ManArgs;
use crate::error::{Outcome, Result};
use crate::report::atomic;

pub fn run(args: &ManArgs) -> Result<Outcome> {
    let pages = pages()?;
    match &args.out {
        None => {
            use std::io::Write;
            let (_, text) = &pages[0];
            std::io::stdout()
                .lock()
                .write_all(text)
                .context("writing the man page to standard output")?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            for (name, text) in &pages {
                atomic::write(&dir.join(name), text)?;
            }
            println!("{} man pages written to {}", pages.len(), dir.display());
        }
    }
    Ok(Outcome::Ok)
}

/// `(file name, roff text)` of `ccplan.1` first, then one page per command
/// (`ccplan-run.1`, …: clap names a built subcommand `ccplan-run`).
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = crate::cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = vec![render(cmd.clone())?];
    for sub in cmd.get_subcommands() {
        pages.push(render(sub.clone())?);
    }
    Ok(pages)
}

fn render(cmd: clap::Command) -> Result<(String, Vec<u8>)> {
    let man = clap_mangen::Man::new(cmd);
    let mut buffer = Vec::new();
    man.render(&mut buffer).context("rendering the man page")?;
    Ok((man.get_filename(), buffer))
}
