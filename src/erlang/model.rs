//! The checked description of one stationary interval: demand, handling, patience, lines
//! and redials; and the dispatch to the exact model that fits it.

use super::a::Chain;
use super::c::{from_inverse_b, stable_inverse_b};
use super::error::{ErlangError, non_negative, positive, probability};
use super::figures::{Figures, ModelKind, ServiceLevels};
use super::x::with_redials;

/// Smallest positive offered load accepted [erlangs]; below it the recursions lose
/// meaning. A load of exactly 0 (no arrivals) is accepted and answered by its limits.
pub const MIN_LOAD_ERLANGS: f64 = 1e-9;
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
    /// No arrivals at all (`arrivals_per_hour` = 0) is a valid interval: its figures are
    /// the limits as the arrivals vanish (nobody waits, abandons or is blocked, every
    /// service level is 1 and occupancy 0).
    ///
    /// # Errors
    /// [`ErlangError::InvalidInput`] unless the arrivals are finite and not negative, the
    /// handling time finite and positive, and the offered load 0 or between 1e-9 and 1e8
    /// erlangs.
    pub fn new(arrivals_per_hour: f64, aht_s: f64) -> Result<Self, ErlangError> {
        non_negative("arrivals_per_hour", arrivals_per_hour)?;
        positive("aht_s", aht_s)?;
        let load = arrivals_per_hour * aht_s / 3600.0;
        if load != 0.0 && !(MIN_LOAD_ERLANGS..=MAX_LOAD_ERLANGS).contains(&load) {
            return Err(ErlangError::InvalidInput {
                name: "offered_load_erlangs",
                value: load,
                expected: "0 or between 1e-9 and 1e8 (arrivals per hour × AHT / 3600)",
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
        non_negative("offered_load_erlangs", load_erlangs)?;
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
    /// `agents` may be fractional. Under Erlang C it is Jagerman's continuation of
    /// Erlang B, so any x > load is allowed. Under Erlang A and X (at least 1 agent) every
    /// figure is interpolated linearly between ⌊x⌋ and ⌈x⌉ agents, with weight x − ⌊x⌋ on
    /// ⌈x⌉: the figures of an interval staffed with ⌈x⌉ agents for that share of the time
    /// and ⌊x⌋ otherwise, each part in its steady state. For the per-call probabilities
    /// (P(wait), P(abandon), P(block), service levels) and the time averages (queue length)
    /// this mixture is exact, since calls arrive at the same rate in both parts; ASA,
    /// occupancy and the mean waits are ratios and are interpolated in the same way. Whole
    /// x gives the whole-agent figures exactly, and every figure lies between its values
    /// at ⌊x⌋ and ⌈x⌉, so it is as monotone in the agents as those are.
    ///
    /// Without arrivals every model gives its limits as the arrivals vanish: no wait,
    /// abandonment or blocking, ASA 0, service levels 1 and occupancy 0.
    ///
    /// # Errors
    /// [`ErlangError::Unstable`] under Erlang C when the load reaches the agents;
    /// [`ErlangError::InvalidInput`] for a negative threshold or unsuitable agents (fewer
    /// than 1 under Erlang A and X);
    /// [`ErlangError::TooLarge`] / [`ErlangError::NoEquilibrium`] for queues too long to
    /// sum or redials that never settle.
    pub fn figures(&self, agents: f64, sl_threshold_s: f64) -> Result<Figures, ErlangError> {
        non_negative("sl_threshold_s", sl_threshold_s)?;
        non_negative("agents", agents)?;
        let kind = self.kind();
        if kind == ModelKind::ErlangC {
            return self.erlang_c_figures(agents, sl_threshold_s);
        }
        if !(1.0..=f64::from(u32::MAX)).contains(&agents) {
            return Err(ErlangError::InvalidInput {
                name: "agents",
                value: agents,
                expected: "at least 1 and at most 4294967295 under Erlang A and X",
            });
        }
        if self.arrivals_per_hour == 0.0 {
            return Ok(idle_figures(kind, agents, sl_threshold_s));
        }
        let below = agents.floor();
        let share = agents - below;
        // `agents` ≤ u32::MAX, so ⌊x⌋ and (when x is fractional) ⌊x⌋ + 1 fit a u32.
        let at_below = self.whole_figures(kind, below as u32, sl_threshold_s)?;
        if share == 0.0 {
            return Ok(at_below);
        }
        let at_above = self.whole_figures(kind, below as u32 + 1, sl_threshold_s)?;
        Ok(interpolate(&at_below, &at_above, share, agents))
    }

    /// Erlang A or X at a whole number of agents, with arrivals.
    fn whole_figures(&self, kind: ModelKind, agents: u32, t: f64) -> Result<Figures, ErlangError> {
        let chain = Chain {
            lambda: self.arrivals_per_hour / 3600.0,
            mu: 1.0 / self.aht_s,
            theta: self.patience_s.map_or(0.0, |p| 1.0 / p),
            agents,
            lines: self.lines,
        };
        match kind {
            ModelKind::ErlangA => chain.figures(t, kind),
            _ => with_redials(chain, chain.lambda, self.redial, t),
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

/// The limits of every figure as the arrivals vanish, with `agents` ≥ 1: an arrival finds
/// the system empty, so nobody waits, abandons or is blocked.
fn idle_figures(kind: ModelKind, agents: f64, t: f64) -> Figures {
    Figures {
        model: kind,
        agents,
        attempts_per_hour: 0.0,
        offered_load_erlangs: 0.0,
        p_block: 0.0,
        p_wait: 0.0,
        p_abandon: 0.0,
        asa_s: 0.0,
        mean_wait_s: 0.0,
        mean_virtual_wait_s: 0.0,
        mean_queue_length: 0.0,
        occupancy: 0.0,
        sl_threshold_s: t,
        service_level: ServiceLevels::all(1.0),
    }
}

/// Every figure at `agents`, a share `share` ∈ (0, 1) of the way from `lo` (⌊agents⌋) to
/// `hi` (⌈agents⌉).
fn interpolate(lo: &Figures, hi: &Figures, share: f64, agents: f64) -> Figures {
    let at = |a: f64, b: f64| a + share * (b - a);
    let (sl_lo, sl_hi) = (&lo.service_level, &hi.service_level);
    Figures {
        model: lo.model,
        agents,
        attempts_per_hour: at(lo.attempts_per_hour, hi.attempts_per_hour),
        offered_load_erlangs: at(lo.offered_load_erlangs, hi.offered_load_erlangs),
        p_block: at(lo.p_block, hi.p_block),
        p_wait: at(lo.p_wait, hi.p_wait),
        p_abandon: at(lo.p_abandon, hi.p_abandon),
        asa_s: at(lo.asa_s, hi.asa_s),
        mean_wait_s: at(lo.mean_wait_s, hi.mean_wait_s),
        mean_virtual_wait_s: at(lo.mean_virtual_wait_s, hi.mean_virtual_wait_s),
        mean_queue_length: at(lo.mean_queue_length, hi.mean_queue_length),
        occupancy: at(lo.occupancy, hi.occupancy),
        sl_threshold_s: lo.sl_threshold_s,
        service_level: ServiceLevels {
            offered: at(sl_lo.offered, sl_hi.offered),
            answered: at(sl_lo.answered, sl_hi.answered),
            excluding_short_abandons: at(
                sl_lo.excluding_short_abandons,
                sl_hi.excluding_short_abandons,
            ),
            virtual_wait: at(sl_lo.virtual_wait, sl_hi.virtual_wait),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn erlang_a() -> Model {
        Model::new(1200.0, 300.0)
            .unwrap()
            .with_patience_s(180.0)
            .unwrap()
    }

    #[test]
    fn fractional_agents_interpolate_between_whole_counts() {
        let m = erlang_a();
        let (lo, hi) = (
            m.figures(104.0, 20.0).unwrap(),
            m.figures(105.0, 20.0).unwrap(),
        );
        let mid = m.figures(104.25, 20.0).unwrap();
        assert_eq!(mid.agents, 104.25);
        assert!((mid.p_wait - (0.75 * lo.p_wait + 0.25 * hi.p_wait)).abs() < 1e-15);
        assert!((mid.asa_s - (0.75 * lo.asa_s + 0.25 * hi.asa_s)).abs() < 1e-12);
        let sl = 0.75 * lo.service_level.offered + 0.25 * hi.service_level.offered;
        assert!((mid.service_level.offered - sl).abs() < 1e-15);
        // Erlang X as well, redial equilibrium and blocking included.
        let x = erlang_a()
            .with_lines(110)
            .unwrap()
            .with_redial(0.5)
            .unwrap();
        let (lo, hi) = (
            x.figures(100.0, 20.0).unwrap(),
            x.figures(101.0, 20.0).unwrap(),
        );
        let mid = x.figures(100.5, 20.0).unwrap();
        assert!((mid.p_block - 0.5 * (lo.p_block + hi.p_block)).abs() < 1e-15);
        assert!(
            (mid.attempts_per_hour - 0.5 * (lo.attempts_per_hour + hi.attempts_per_hour)).abs()
                < 1e-9
        );
    }

    #[test]
    fn fewer_than_one_agent_is_refused_outside_erlang_c() {
        for agents in [0.0, 0.5] {
            let r = erlang_a().figures(agents, 20.0);
            assert!(
                matches!(r, Err(ErlangError::InvalidInput { name: "agents", .. })),
                "{r:?}"
            );
        }
    }

    #[test]
    fn no_arrivals_give_the_exact_limits() {
        let idle_c = Model::new(0.0, 300.0).unwrap();
        let idle_a = idle_c.with_patience_s(180.0).unwrap();
        let idle_x = idle_a.with_lines(3).unwrap().with_redial(0.7).unwrap();
        for (model, agents) in [
            (idle_c, 0.5),
            (idle_c, 3.0),
            (idle_a, 1.0),
            (idle_a, 2.5),
            (idle_x, 7.0),
        ] {
            let f = model.figures(agents, 20.0).unwrap();
            assert_eq!(f.model, model.kind());
            assert_eq!(f.agents, agents);
            for v in [
                f.p_wait,
                f.p_abandon,
                f.p_block,
                f.asa_s,
                f.mean_wait_s,
                f.mean_virtual_wait_s,
                f.mean_queue_length,
                f.occupancy,
                f.offered_load_erlangs,
            ] {
                assert_eq!(v, 0.0, "{f:?}");
            }
            assert_eq!(f.service_level, ServiceLevels::all(1.0));
        }
        assert_eq!(Model::from_load(0.0, 300.0).unwrap(), idle_c);
        // Without agents there is still no steady state to speak of under Erlang C.
        assert!(matches!(
            idle_c.figures(0.0, 20.0),
            Err(ErlangError::Unstable { .. })
        ));
        assert!(Model::new(-1.0, 300.0).is_err());
    }
}
