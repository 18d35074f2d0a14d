//! One module per subcommand: each takes the settings the cli layer checked, calls the
//! library and presents the output. [`run`] parses the command line (defined in
//! [`crate::cli`]) and hands it to the subcommand's module; `cli` knows no command.

pub mod backtest;
pub mod check;
pub mod compare;
pub mod completions;
pub mod erlang;
pub mod fit;
pub mod man;
pub mod merge;
pub mod regress;
pub mod report;
pub mod run;
pub mod schedule;
mod shard;
pub mod staff;
pub mod sweep;
pub mod validate;

use clap::FromArgMatches;

use crate::cli::{self, Cli, Command};
use crate::error::{Outcome, Result};

/// Parses the process arguments and runs the command.
pub fn run() -> Result<Outcome> {
    let cli = Cli::from_arg_matches(&cli::command().get_matches()).unwrap_or_else(|err| err.exit());
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Erlang(args) => erlang::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Staff(args) => staff::run(&args),
        Command::Schedule(args) => schedule::run(&args),
        Command::Sweep(args) => sweep::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Regress(args) => regress::run(&args),
        Command::Fit(args) => fit::run(&args),
        Command::Backtest(args) => backtest::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Merge(args) => merge::run(&args),
    }
}
