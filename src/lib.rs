//! ccplan: contact-centre capacity simulation and planning.

pub mod cli;
pub mod commands;
pub mod erlang;
pub mod error;
pub mod scenario;
pub mod service_level;
pub mod engine;
pub mod stats;
pub mod report;
