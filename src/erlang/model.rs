//! The checked description of one stationary interval: demand, handling, patience, lines
//! and redials; and the dispatch to the exact model that fits it.

use super::a::Chain;
use super::c::{from_inverse_b, stable_inverse_b};
use super::error::{ErlangError, non_negative, positive, probability};
use super::figures::{Figures, ModelKind, ServiceLevels};
use super::x::with_redials;

/// Smallest offered load accepted [erlangs]; below it the recursions lose meaning.
const MIN_LOAD_ERLANGS: f64 = 1e-9;
/// Largest offered load accepted [erlangs].
const MAX_LOAD_ERLANGS: f64 = 1e8;

/// One stationary interval: Poisson arrivals, exponential handling and, optionally,
/// exponential patience, a line limit and redials. Built only through checked
/// constructors, so every value is in range.
///
/// * no patience, no lines → [`ModelKind::ErlangC`];
/// * patience, no lines, no redials → [`ModelKind::ErlangA`];
/// * a line limit, or redials with patience → [`ModelKind::ErlangX`].
///
/// Redials without patience and without a line limit change nothing (nobody is lost), so
/// such a model is Erlang C.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    arrivals_per_hour: f64,
    aht_s: f64,
    patience_s: Option<f64>,
    lines: Option<u32>,
    redial: f64,
}

impl Model {
    /// Erlang C: `arrivals_per_hour` first attempts [calls·h⁻¹], each handled for an
    /// exponential time of mean `aht_s` [s].
    ///
    /// # Errors
    /// [`ErlangError::InvalidInput`] unless both are finite and positive and the offered
    /// load is between 1e-9 and 1e8 erlangs.
    pub fn new(arrivals_per_hour: f64, aht_s: f64) -> Result<Self, ErlangError> {
        positive("arrivals_per_hour", arrivals_per_hour)?;
        positive("aht_s", aht_s)?;
        let load = arrivals_per_hour * aht_s / 3600.0;
        if !(MIN_LOAD_ERLANGS..=MAX_LOAD_ERLANGS).contains(&load) {
            return Err(ErlangError::InvalidInput {
                name: "offered_load_erlangs",
                value: load,
                expected: "between 1e-9 and 1e8 (arrivals per hour × AHT / 3600)",
            });
        }
        Ok(Model {
            arrivals_per_hour,
            aht_s,
            patience_s: None,
            lines: None,
            redial: 0.0,
        })
    }

    /// The same interval given by its offered load [erlangs] and mean handling time [s].
    ///
    /// # Errors
    /// As [`Model::new`].
    pub fn from_load(load_erlangs: f64, aht_s: f64) -> Result<Self, ErlangError> {
        positive("offered_load_erlangs", load_erlangs)?;
        positive("aht_s", aht_s)?;
        Self::new(load_erlangs * 3600.0 / aht_s, aht_s)
    }

    /// Callers hang up after an exponential patience of mean `mean_patience_s` [s]
    /// (Erlang A).
    ///
    /// # Errors
    /// [`ErlangError::InvalidInput`] unless finite and positive.
    pub fn with_patience_s(self, mean_patience_s: f64) -> Result<Self, ErlangError> {
        positive("patience_s", mean_patience_s)?;
        Ok(Model {
            patience_s: Some(mean_patience_s),
            ..self
        })
    }

    /// At most `lines` calls (answered or queued) in the system; further attempts are
    /// blocked (Erlang X).
    ///
    /// # Errors
    /// [`ErlangError::InvalidInput`] when `lines` is 0.
    pub fn with_lines(self, lines: u32) -> Result<Self, ErlangError> {
        if lines == 0 {
            return Err(ErlangError::InvalidInput {
                name: "lines",
                value: 0.0,
                expected: "at least 1",
            });
        }
        Ok(Model {
            lines: Some(lines),
            ..self
        })
    }

    /// A blocked or abandoned caller tries again with probability `redial` (Erlang X).
    /// Redials are immediate in steady state: only their rate matters.
    ///
    /// # Errors
    /// [`ErlangError::InvalidInput`] unless in [0, 1].
    pub fn with_redial(self, probability_: f64) -> Result<Self, ErlangError> {
        probability("redial", probability_)?;
        Ok(Model {
            redial: probability_,
            ..self
        })
    }

    /// First attempts [calls·h⁻¹].
    pub fn arrivals_per_hour(&self) -> f64 {
        self.arrivals_per_hour
    }

    /// Mean handling time [s].
    pub fn aht_s(&self) -> f64 {
        self.aht_s
    }

    /// Mean patience [s], if callers hang up.
    pub fn patience_s(&self) -> Option<f64> {
        self.patience_s
    }

    /// Line limit [calls in the system], if any.
    pub fn lines(&self) -> Option<u32> {
        self.lines
    }

    /// Redial probability [probability].
    pub fn redial(&self) -> f64 {
        self.redial
    }

    /// Offered load of first attempts, arrivals × AHT [erlangs].
    pub fn offered_load_erlangs(&self) -> f64 {
        self.arrivals_per_hour * self.aht_s / 3600.0
    }

    /// The exact model these inputs call for.
    pub fn kind(&self) -> ModelKind {
        match (self.patience_s, self.lines) {
            (None, None) => ModelKind::ErlangC,
            (_, Some(_)) => ModelKind::ErlangX,
            (Some(_), None) if self.redial > 0.0 => ModelKind::ErlangX,
            (Some(_), None) => ModelKind::ErlangA,
        }
    }

    /// Steady-state figures with `agents` agents and the service level at
    /// `sl_threshold_s` [s].
    ///
    /// `agents` may be fractional under Erlang C (Jagerman's continuation); the other
    /// models need a whole number of at least 1.
    ///
    /// # Errors
    /// [`ErlangError::Unstable`] under Erlang C when the load reaches the agents;
    /// [`ErlangError::InvalidInput`] for a negative threshold or unsuitable agents;
    /// [`ErlangError::TooLarge`] / [`ErlangError::NoEquilibrium`] for queues too long to
    /// sum or redials that never settle.
    pub fn figures(&self, agents: f64, sl_threshold_s: f64) -> Result<Figures, ErlangError> {
        non_negative("sl_threshold_s", sl_threshold_s)?;
        non_negative("agents", agents)?;
        let kind = self.kind();
        if kind == ModelKind::ErlangC {
            return self.erlang_c_figures(agents, sl_threshold_s);
        }
        if agents.fract() != 0.0 || agents < 1.0 || agents > f64::from(u32::MAX) {
            return Err(ErlangError::InvalidInput {
                name: "agents",
                value: agents,
                expected: "a whole number of at least 1 (fractional agents need Erlang C)",
            });
        }
        let mu = 1.0 / self.aht_s;
        let chain = Chain {
            lambda: self.arrivals_per_hour / 3600.0,
            mu,
            theta: self.patience_s.map_or(0.0, |p| 1.0 / p),
            agents: agents as u32,
            lines: self.lines,
        };
        match kind {
            ModelKind::ErlangA => chain.figures(sl_threshold_s, kind),
            _ => with_redials(chain, chain.lambda, self.redial, sl_threshold_s),
        }
    }

    /// Erlang C in closed form.
    fn erlang_c_figures(&self, agents: f64, t: f64) -> Result<Figures, ErlangError> {
        let load = self.offered_load_erlangs();
        let inv_b = stable_inverse_b(agents, load)?;
        let p_wait = from_inverse_b(agents, load, inv_b);
        let spare = agents - load;
        let asa_s = p_wait * self.aht_s / spare;
        let sl = (1.0 - p_wait * (-spare * t / self.aht_s).exp()).clamp(0.0, 1.0);
        Ok(Figures {
            model: ModelKind::ErlangC,
            agents,
            attempts_per_hour: self.arrivals_per_hour,
            offered_load_erlangs: load,
            p_block: 0.0,
            p_wait,
            p_abandon: 0.0,
            asa_s,
            mean_wait_s: asa_s,
            mean_virtual_wait_s: asa_s,
            // Little: E[Q] = λ·E[W].
            mean_queue_length: self.arrivals_per_hour / 3600.0 * asa_s,
            occupancy: load / agents,
            sl_threshold_s: t,
            service_level: ServiceLevels::all(sl),
        })
    }
}
