//! One stationary interval, as `ccplan erlang` asks about it: the figures at given agent
//! counts, or the fewest agents meeting a set of targets, by the exact formulas of
//! [`crate::erlang`] (Erlang C, A or X after the model). A count without a steady state
//! (Erlang C at or below the offered load) is left out of a range with a note, or refused
//! with what would be needed.

use crate::erlang::{ErlangError, Figures, Model, ModelKind, Target, required_agents};
use crate::error::{Error, Result};
use crate::service_level::SlDefinition;

/// Service level targeted when neither agents nor a target is given.
pub const DEFAULT_TARGET_SL: f64 = 0.8;

/// What is asked about one interval, checked.
#[derive(Debug)]
pub struct Query {
    pub model: Model,
    /// The service-level threshold every figure is computed at, seconds.
    pub sl_threshold_s: f64,
    pub ask: Ask,
}

/// Figures at given agent counts, or the agents a set of targets requires.
#[derive(Debug)]
pub enum Ask {
    Agents(Vec<f64>),
    /// `defaulted`: no target was given, so the default one is used (and said so).
    Required {
        targets: Vec<Target>,
        defaulted: bool,
    },
}

/// The answer to a [`Query`].
#[derive(Debug)]
pub enum Answer {
    /// The figures at each count with a steady state, and a note on the counts left out.
    Rows {
        rows: Vec<Figures>,
        note: Option<String>,
    },
    /// The fewest agents meeting the targets, and the figures there.
    Required { agents: u32, figures: Figures },
}

impl Query {
    /// Computes the answer.
    ///
    /// # Errors
    /// [`Error::Model`] for counts without a steady state (with the agents needed) or a
    /// solver failure; [`Error::Usage`] for an input the solver refuses.
    pub fn answer(&self) -> Result<Answer> {
        match &self.ask {
            Ask::Agents(counts) => {
                let (rows, note) = self.rows(counts)?;
                Ok(Answer::Rows { rows, note })
            }
            Ask::Required { targets, .. } => {
                let need = required_agents(&self.model, targets, self.sl_threshold_s)
                    .map_err(|e| self.model_error(e))?;
                Ok(Answer::Required {
                    agents: need.agents,
                    figures: need.figures,
                })
            }
        }
    }

    /// Figures at every count, and a note on the counts left out.
    ///
    /// Under Erlang C, counts at or below the offered load have no steady state. A single
    /// count (or a range made only of such counts) is an error; a range that reaches
    /// stable counts prints those and names the counts left out.
    fn rows(&self, counts: &[f64]) -> Result<(Vec<Figures>, Option<String>)> {
        let load = self.model.offered_load_erlangs();
        let mut note = None;
        let mut counts = counts;
        if self.model.kind() == ModelKind::ErlangC {
            let stable_from = counts
                .iter()
                .position(|&n| n > load)
                .unwrap_or(counts.len());
            if stable_from == counts.len() {
                return Err(self.unstable(counts[0], counts[counts.len() - 1]));
            }
            if stable_from > 0 {
                note = Some(format!(
                    "Agents {}..{} left out: Erlang C has no steady state at or below the \
                     offered load of {load:.3} erlangs (add --patience-s for Erlang A, defined \
                     at any load).",
                    fmt_agents(counts[0]),
                    fmt_agents(counts[stable_from - 1])
                ));
            }
            counts = &counts[stable_from..];
        }
        let rows = counts
            .iter()
            .map(|&n| {
                self.model
                    .figures(n, self.sl_threshold_s)
                    .map_err(|e| self.model_error(e))
            })
            .collect::<Result<_>>()?;
        Ok((rows, note))
    }

    /// Translates a core error into the user's terms.
    fn model_error(&self, e: ErlangError) -> Error {
        match e {
            ErlangError::Unstable { agents, .. } => self.unstable(agents, agents),
            ErlangError::InvalidInput { .. } => Error::Usage(e.to_string()),
            other => Error::Model(other.to_string()),
        }
    }

    /// The message for agents `from..=to` at or below the offered load under Erlang C.
    fn unstable(&self, from: f64, to: f64) -> Error {
        let m = &self.model;
        let load = m.offered_load_erlangs();
        let which = if from == to {
            format!("{} agents", fmt_agents(from))
        } else {
            format!(
                "agents {}..{} of the range",
                fmt_agents(from),
                fmt_agents(to)
            )
        };
        let stable = load.floor() as u64 + 1;
        let target = Target::ServiceLevel {
            definition: SlDefinition::Offered,
            threshold_s: self.sl_threshold_s,
            at_least: DEFAULT_TARGET_SL,
        };
        let for_target = required_agents(m, &[target], self.sl_threshold_s)
            .map(|r| {
                format!(
                    ", {} for 80% answered within {} s",
                    r.agents, self.sl_threshold_s
                )
            })
            .unwrap_or_default();
        Error::Model(format!(
            "Erlang C has no steady state with {which}: the offered load is {load:.3} erlangs \
             ({} calls/h × {} s AHT), so without abandonment the queue grows without bound. \
             At least {stable} agents are needed for a finite wait{for_target}. Add \
             --patience-s to model callers who hang up (Erlang A), which is defined at any load.",
            m.arrivals_per_hour(),
            m.aht_s(),
        ))
    }
}

/// Whole agents without a decimal point, fractional ones as given (`105`, `104.5`).
pub fn fmt_agents(n: f64) -> String {
    format!("{n}")
}
