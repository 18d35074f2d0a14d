//! One module per subcommand: each turns checked arguments into library calls and output.

pub mod erlang;
pub mod report;
pub mod run;
pub mod validate;
