//! The rows `ccplan erlang` prints, as JSON and CSV: their types (field order is key and
//! column order; the schema `outputs/schemas/erlang.schema.json` is generated from
//! [`ErlangJson`]). The names and units are documented in docs/commands/erlang.md.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Figures;

/// Whatever `ccplan erlang --format json` prints: one row per agent count, a target
/// query's answer, or one row per line and interval of a scenario's first day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ErlangJson {
    /// `--agents N` or `--agents A..B`.
    Rows(Vec<Row>),
    /// A target (`--target-sl`, `--target-asa-s`, `--max-abandon`, `--max-occupancy`, or
    /// none of these nor `--agents`).
    Required(Required),
    /// `--scenario`.
    Scenario(Vec<IntervalRow>),
}

/// An agent count: serialised as an integer when whole.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema)]
#[schemars(with = "f64")]
pub struct Agents(pub f64);

impl Serialize for Agents {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
            s.serialize_u64(self.0 as u64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// The figures at one agent count; see the command's module documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    pub agents: Agents,
    pub p_wait: f64,
    pub asa_s: f64,
    pub mean_wait_s: f64,
    pub service_level: SlRow,
    pub p_abandon: f64,
    pub p_block: f64,
    pub occupancy: f64,
}

/// The service level under each definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SlRow {
    pub offered: f64,
    pub answered: f64,
    pub excluding_short_abandons: f64,
    #[serde(rename = "virtual")]
    pub virtual_wait: f64,
}

impl From<&Figures> for Row {
    fn from(f: &Figures) -> Self {
        Row {
            agents: Agents(f.agents),
            p_wait: f.p_wait,
            asa_s: f.asa_s,
            mean_wait_s: f.mean_wait_s,
            service_level: SlRow {
                offered: f.service_level.offered,
                answered: f.service_level.answered,
                excluding_short_abandons: f.service_level.excluding_short_abandons,
                virtual_wait: f.service_level.virtual_wait,
            },
            p_abandon: f.p_abandon,
            p_block: f.p_block,
            occupancy: f.occupancy,
        }
    }
}

/// A target query's answer: the fewest agents meeting it, and the figures there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Required {
    pub agents_required: u32,
    #[serde(flatten)]
    pub row: Row,
}

/// One line and interval of the scenario's first working day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IntervalRow {
    /// `first_line` or `second_line`.
    pub line: String,
    /// `HH:MM`.
    pub interval_start: String,
    pub arrivals_per_hour: f64,
    pub aht_s: f64,
    pub offered_load_erlangs: f64,
    pub agents_available: u32,
    pub agents_required: u32,
}
