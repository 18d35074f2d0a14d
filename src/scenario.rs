//! Scenarios: YAML files read with serde-saphyr into raw structs, then validated into the
//! checked types of `model` that the rest of ccplan trusts.

mod model;
mod plan;

pub use model::*;
pub use plan::{AgentBlock, weekday_index};

/// Every problem found in one or more scenario files, rendered for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioErrors {
    pub rendered: String,
}

impl std::fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::error::Error for ScenarioErrors {}
