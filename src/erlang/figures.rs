//! The figures one evaluation of a queueing model produces.
//!
//! When a field is added or renamed, update the `ccplan erlang` output schema in
//! `src/commands/erlang.rs` (table, CSV and JSON) and its tests in `tests/it/erlang_cli.rs`.

use crate::service_level::SlDefinition;

/// Which exact model produced the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelKind {
    /// M/M/N: unlimited queue, callers never hang up.
    ErlangC,
    /// M/M/N+M: callers hang up after an exponential patience.
    ErlangA,
    /// Erlang C or A with a finite number of lines (blocking) and/or redials.
    ErlangX,
}

impl ModelKind {
    /// `Erlang C`, `Erlang A` or `Erlang X`.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::ErlangC => "Erlang C",
            ModelKind::ErlangA => "Erlang A",
            ModelKind::ErlangX => "Erlang X",
        }
    }

    /// `erlang_c`, `erlang_a` or `erlang_x`: the spelling used in machine-readable output.
    pub fn key(self) -> &'static str {
        match self {
            ModelKind::ErlangC => "erlang_c",
            ModelKind::ErlangA => "erlang_a",
            ModelKind::ErlangX => "erlang_x",
        }
    }
}

/// The service level at one threshold under each [`SlDefinition`] [probability].
///
/// Under Erlang C nobody abandons and all four coincide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceLevels {
    /// P(answered and waited ≤ T) over all admitted calls; abandoned calls are misses.
    pub offered: f64,
    /// P(waited ≤ T | answered).
    pub answered: f64,
    /// P(answered and waited ≤ T) / (1 − P(abandoned before T)).
    pub excluding_short_abandons: f64,
    /// P(virtual wait ≤ T): the wait an infinitely patient caller would have had.
    pub virtual_wait: f64,
}

impl ServiceLevels {
    /// The same value under every definition (no abandonment).
    pub fn all(value: f64) -> Self {
        ServiceLevels {
            offered: value,
            answered: value,
            excluding_short_abandons: value,
            virtual_wait: value,
        }
    }

    /// The service level under `definition`.
    pub fn get(&self, definition: SlDefinition) -> f64 {
        match definition {
            SlDefinition::Offered => self.offered,
            SlDefinition::Answered => self.answered,
            SlDefinition::ExcludingShortAbandons => self.excluding_short_abandons,
            SlDefinition::Virtual => self.virtual_wait,
        }
    }

    /// Every definition with its value, in [`SlDefinition::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (SlDefinition, f64)> + '_ {
        SlDefinition::ALL.into_iter().map(|d| (d, self.get(d)))
    }
}

/// Steady-state figures of one stationary interval at a given number of agents.
///
/// Probabilities and means are per *admitted* call (a call that found a free line), except
/// `p_block`, which is per attempt. Without a line limit every attempt is admitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// The model that produced them.
    pub model: ModelKind,
    /// Agents [agents]; fractional counts are Jagerman's continuation under Erlang C and
    /// interpolated between the whole counts either side under Erlang A and X.
    pub agents: f64,
    /// Call attempts reaching the lines, redials included [calls·h⁻¹].
    pub attempts_per_hour: f64,
    /// Offered load of those attempts, attempts × mean handling time [erlangs].
    pub offered_load_erlangs: f64,
    /// P(an attempt finds every line busy and is blocked) [probability]; 0 without a line
    /// limit.
    pub p_block: f64,
    /// P(an admitted call waits > 0) [probability].
    pub p_wait: f64,
    /// P(an admitted call hangs up before being answered) [probability].
    pub p_abandon: f64,
    /// Average speed of answer: mean wait of answered calls [s].
    pub asa_s: f64,
    /// Mean time in queue of all admitted calls, abandoned ones until they hang up [s].
    pub mean_wait_s: f64,
    /// Mean virtual wait: what an infinitely patient caller would wait [s].
    pub mean_virtual_wait_s: f64,
    /// Time-average number of callers waiting in the queue [calls].
    pub mean_queue_length: f64,
    /// Carried load per agent: the share of agent time spent handling calls [probability].
    pub occupancy: f64,
    /// The threshold T of `service_level` [s].
    pub sl_threshold_s: f64,
    /// Share answered within `sl_threshold_s`, under each definition.
    pub service_level: ServiceLevels,
}
