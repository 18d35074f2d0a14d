//! ccplan's integration tests, built as one test binary: each module below used to be its
//! own binary, and every binary links polars, which cost about 800 MB of disk apiece in a
//! debug build and ran CI out of space. One binary links once.

mod common;

mod backtest;
mod calibration_charts;
mod calllog;
mod charts;
mod check_cli;
mod cli_conventions;
mod compare_cli;
mod docs_examples;
mod engine_breaks;
mod engine_features;
mod engine_paths;
mod engine_rules;
mod erlang_cli;
mod erlang_props;
mod erlang_reference;
mod fit_counts;
mod fuzz;
mod layers;
mod notebook;
mod regress_cli;
mod report_cli;
mod roundtrip;
mod run_cli;
mod run_folder;
mod scenario_broken;
mod scenario_fuzz;
mod scenario_load;
mod scenario_reference;
mod scenario_week;
mod schedule_cli;
mod schemas;
mod shard_cli;
mod sim_validation;
mod staff_cli;
mod staff_confidence;
mod sweep_cli;
mod tables;
mod validate_cli;
