//! Service-level definitions shared by the analytic core, the simulator and the reports.
//!
//! The same system gives service levels that differ by several points depending on how
//! abandoned calls are counted (Jouini, Koole & Roubos), so every figure ccplan prints
//! names the definition it uses.

use serde::{Deserialize, Serialize};

/// How a "share answered within T seconds" is counted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SlDefinition {
    /// Answered within T over every call that reached the queue (answered or abandoned);
    /// abandoned calls count as misses.
    #[default]
    Offered,
    /// Answered within T over answered calls only; abandoned calls are ignored.
    Answered,
    /// Answered within T over calls that reached the queue, leaving out calls that
    /// abandoned before T (short abandons are neither hits nor misses).
    ExcludingShortAbandons,
    /// Share of calls whose *virtual* wait (what an infinitely patient caller would have
    /// waited) is at most T.
    Virtual,
}

impl SlDefinition {
    /// Every definition, in the order reports list them.
    pub const ALL: [SlDefinition; 4] = [
        SlDefinition::Offered,
        SlDefinition::Answered,
        SlDefinition::ExcludingShortAbandons,
        SlDefinition::Virtual,
    ];

    /// The name used in scenarios, JSON keys and column names.
    pub fn key(self) -> &'static str {
        match self {
            SlDefinition::Offered => "offered",
            SlDefinition::Answered => "answered",
            SlDefinition::ExcludingShortAbandons => "excluding_short_abandons",
            SlDefinition::Virtual => "virtual",
        }
    }

    /// One sentence a report can print next to the figure.
    pub fn describe(self) -> &'static str {
        match self {
            SlDefinition::Offered => {
                "answered within T / calls that reached the queue (abandoned calls count as misses)"
            }
            SlDefinition::Answered => "answered within T / answered calls",
            SlDefinition::ExcludingShortAbandons => {
                "answered within T / (calls that reached the queue - calls abandoned before T)"
            }
            SlDefinition::Virtual => {
                "calls whose virtual wait (an infinitely patient caller's) is at most T / calls that reached the queue"
            }
        }
    }

    /// Parses the scenario / CLI spelling.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.key() == key)
    }
}

/// Waiting-time thresholds (seconds) every run reports, besides the target's own.
pub const STANDARD_THRESHOLDS_S: [f64; 5] = [20.0, 30.0, 60.0, 120.0, 300.0];
