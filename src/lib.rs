//! ccplan: contact-centre capacity simulation and planning.
//!
//! Data flows one way: a YAML **scenario** is parsed and validated into a checked
//! [`scenario::Scenario`]; the **engine** simulates it replication by replication (no I/O)
//! into streamed **statistics**; **reports** turn statistics into files. The analytic
//! core ([`erlang`]) computes exact Erlang B, C, A and X figures, against which the
//! simulator is tested.
//!
//! ```
//! use ccplan::engine::{self, RunSettings};
//! use ccplan::scenario;
//! use ccplan::stats::run::fig;
//!
//! let yaml = r#"
//! name: example
//! calendar: {start: 2024-01-08, days: 1, open: "08:00", close: "10:00", interval_min: 30}
//! demand: {calls_per_day: 1200, intraday_profile: flat}
//! contact_types:
//!   - {name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}
//! lines: {first: {shifts: [{start: "08:00", end: "10:00", agents: 55}]}}
//! "#;
//! let sc = scenario::parse_str(yaml, "example.yaml").expect("valid scenario");
//! let stats = engine::run(&sc, RunSettings { replications: 4, seed: 7 }, &|| {});
//! // 600 calls an hour × 300 s = 50 erlangs on 55 agents: most calls are answered at once.
//! let answered = stats.lines[0].figures.estimate(fig::CALLS_ANSWERED);
//! assert!(answered.mean > 1000.0);
//!
//! // The same interval, exactly (Erlang C):
//! let exact = ccplan::erlang::Model::new(600.0, 300.0).unwrap().figures(55.0, 20.0).unwrap();
//! assert!(exact.p_wait > 0.2 && exact.p_wait < 0.5);
//! ```

pub mod atomic;
pub mod backtest;
pub mod calllog;
pub mod charts;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod erlang;
pub mod error;
pub mod fit;
pub mod json_schemas;
pub mod observed;
pub mod planning;
pub mod report;
pub mod scenario;
pub mod service_level;
pub mod shard;
pub mod stats;
pub mod tables;
pub mod yaml;
