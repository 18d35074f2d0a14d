//! One module per subcommand: each turns checked arguments into library calls and output.

pub mod backtest;
pub mod check;
pub mod compare;
pub mod completions;
pub mod erlang;
pub mod fit;
mod logs;
pub mod man;
pub mod merge;
pub mod regress;
pub mod report;
pub mod run;
mod shard;
mod sim;
pub mod staff;
pub mod sweep;
pub mod validate;
