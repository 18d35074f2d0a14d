//! What the analytic core refuses to answer, and why.

/// An input the exact formulas cannot serve.
///
/// Every variant names the quantity at fault and its value, so the command line can pass
/// the message on unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ErlangError {
    /// Erlang C has no steady state when the offered load reaches the agents: the queue
    /// grows without bound, so waits are infinite rather than merely long.
    #[error(
        "no steady state: an offered load of {load_erlangs} erlangs needs more than {agents} \
         agents without abandonment (Erlang C is defined only for load < agents)"
    )]
    Unstable {
        /// Offered load [erlangs].
        load_erlangs: f64,
        /// Agents offered [agents].
        agents: f64,
    },
    /// A parameter outside its domain (a negative rate, a probability above 1, …).
    #[error("{name} = {value}: must be {expected}")]
    InvalidInput {
        /// Name of the parameter, with its unit suffix (`aht_s`, `redial`, …).
        name: &'static str,
        /// The value given.
        value: f64,
        /// What is allowed, in words.
        expected: &'static str,
    },
    /// No number of agents meets the target.
    #[error("target cannot be met: {target}: {reason}")]
    Infeasible {
        /// The target, as the user would write it (`abandonment at most 0`).
        target: String,
        /// Why no staffing meets it.
        reason: String,
    },
    /// Redials feed back more attempts than the agents and lines can ever clear, so the
    /// attempt rate has no finite equilibrium.
    #[error("no redial equilibrium: {detail}")]
    NoEquilibrium {
        /// Which rates were compared.
        detail: String,
    },
    /// The exact sums would take more terms than the core is willing to add up.
    #[error("{what}: too large to compute exactly ({detail})")]
    TooLarge {
        /// What was being computed.
        what: &'static str,
        /// The size that was too large.
        detail: String,
    },
}

/// Checks that `value` is finite and strictly positive.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, ErlangError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(ErlangError::InvalidInput {
            name,
            value,
            expected: "a finite number above 0",
        })
    }
}

/// Checks that `value` is finite and not negative.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64, ErlangError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(ErlangError::InvalidInput {
            name,
            value,
            expected: "a finite number of at least 0",
        })
    }
}

/// Checks that `value` is a probability in [0, 1].
pub(crate) fn probability(name: &'static str, value: f64) -> Result<f64, ErlangError> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(ErlangError::InvalidInput {
            name,
            value,
            expected: "a probability between 0 and 1",
        })
    }
}
