//! `ccplan completions SHELL`: a completion script for bash, zsh or fish, generated from the
//! same clap definition that parses the command line, so it never lags behind a new flag.

use crate::cli::{CompletionsArgs, Shell};
use crate::error::{Outcome, Result};

pub fn run(args: &CompletionsArgs) -> Result<Outcome> {
    let mut out = std::io::stdout().lock();
    write(args.shell, &mut out);
    Ok(Outcome::Ok)
}

/// Writes the script for `shell` to `out`.
pub fn write(shell: Shell, out: &mut dyn std::io::Write) {
    let mut cmd = crate::cli::command();
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut cmd, "ccplan", out);
}
