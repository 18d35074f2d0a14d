//! Erlang A (M/M/N+M) and its finite-lines generalisation, exactly, through the
//! birth–death chain of the number of calls in the system.
//!
//! State k (calls present) moves up at rate λ and down at rate min(k, N)·μ + (k − N)⁺·θ,
//! where μ = 1/AHT and θ = 1/mean patience. With a line limit K the chain stops at K and
//! an attempt arriving there is blocked (PASTA: P_block = π_K).
//!
//! Relative to π_N the states below N sum to (N/A)·1/B(N−1, A) (the Erlang B recursion),
//! and the queue weights are q_j = Π_{i=1..j} λ/(Nμ + iθ) = y^j / Π_{i=1..j}(c + i) with
//! c = Nμ/θ and y = λ/θ. A call arriving to find j callers queued (all agents busy) has a
//! virtual wait V = −ln(B)/θ with B ~ Beta(c, j+1), since V is a sum of exponential phases
//! with rates (c + i)θ, i = 0..j. Hence, with x = e^{−θT} and I_x the regularised
//! incomplete beta function:
//!
//! * P(V > T | j) = I_x(c, j+1);
//! * P(answered | j) = E[B] = c/(c+j+1);
//! * P(answered, V ≤ T | j) = c/(c+j+1)·(1 − I_x(c+1, j+1));
//! * P(abandoned by T | j) = 1 − x·I_x(c, j+1) − c/(c+j+1)·(1 − I_x(c+1, j+1));
//! * E[V | j] = (1/θ)·Σ_{i=0..j} 1/(c+i), E[V; answered | j] = c/(c+j+1)·(1/θ)·Σ 1/(c+1+i);
//! * E[time in queue | j] = E[min(V, patience)] = (1/θ)·(j+1)/(c+j+1).
//!
//! I_x(c, j+1) grows with j by the positive-term recursion I_x(a, b+1) = I_x(a, b) + d_b,
//! d_0 = x^a, d_{b+1} = d_b·(1−x)(a+b)/(b+1), and d_b for a = c+1 is d_b·x(c+b)/c; so one
//! pass over the queue states, with O(1) work each, yields every figure. Without patience
//! (θ = 0, only with a line limit) V given j is Erlang(j+1, Nμ) and P(V > T | j) is a
//! Poisson cumulative sum built the same way.
//!
//! Terms are kept relative to π_N and rescaled by exact powers of two before they can
//! overflow; the sum stops once the geometric tail bound is below 1e-17 of the total.

use super::b::inverse_erlang_b;
use super::error::ErlangError;
use super::figures::{Figures, ModelKind, ServiceLevels};
use super::scaled::{RESCALE_AT, RESCALE_BITS, Scaled, Underflowing, pow2};
use super::sum::CompensatedSum;

/// Stop summing once the tail of the queue weights is below this share of the total.
const TAIL_EPS: f64 = 1e-17;
/// Refuse chains whose queue would need more terms than this.
pub(crate) const MAX_QUEUE_STATES: u64 = 20_000_000;

/// One stationary M/M/N+M/K system, in rates per second.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chain {
    /// Attempts per second, λ > 0.
    pub(crate) lambda: f64,
    /// Service rate per agent, μ = 1/AHT > 0.
    pub(crate) mu: f64,
    /// Abandonment rate per waiting caller, θ = 1/mean patience; 0 = nobody hangs up
    /// (then `lines` must be finite).
    pub(crate) theta: f64,
    /// Agents, at least 1.
    pub(crate) agents: u32,
    /// Most calls in the system (agents + queue); `None` = unlimited.
    pub(crate) lines: Option<u32>,
}

/// Weighted sums over the queue states, relative to π_N (times 2^-shift).
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    /// Every state from N up (blocked one included).
    all: f64,
    /// States from N whose arrivals are admitted (they wait).
    wait: f64,
    /// The blocked state K.
    block: f64,
    /// Admitted and eventually answered.
    served: f64,
    /// Admitted and eventually abandoned.
    lost: f64,
    /// Answered within T.
    served_within: f64,
    /// Not abandoned by T: answered within T, or still waiting at T.
    not_abandoned_within: f64,
    /// Virtual wait at most T.
    virtual_within: f64,
    /// Virtual wait [s].
    virtual_wait: f64,
    /// Wait of answered calls, counted for answered calls only [s].
    served_wait: f64,
    /// Time in queue of all admitted calls [s].
    time_in_queue: f64,
    /// Callers in the queue.
    queue: f64,
}

impl Sums {
    /// Moves the weight `w` of state j to state j + 1 (times `ratio`), rescaling the sums
    /// and the weight together when the weight grows large (`shift` counts the powers of
    /// two taken out). Returns whether the tail beyond is negligible: the weights decrease
    /// geometrically from here and what is left is below `TAIL_EPS` of the total.
    fn advance(&mut self, w: &mut f64, ratio: f64, jf: f64, shift: &mut i32) -> bool {
        *w *= ratio;
        if *w > RESCALE_AT {
            self.scale(pow2(-RESCALE_BITS));
            *w = libm::scalbn(*w, -RESCALE_BITS);
            *shift += RESCALE_BITS;
        }
        ratio < 1.0 && *w * (jf + 2.0) < TAIL_EPS * (1.0 - ratio) * self.all
    }

    fn scale(&mut self, k: f64) {
        self.all *= k;
        self.wait *= k;
        self.block *= k;
        self.served *= k;
        self.lost *= k;
        self.served_within *= k;
        self.not_abandoned_within *= k;
        self.virtual_within *= k;
        self.virtual_wait *= k;
        self.served_wait *= k;
        self.time_in_queue *= k;
        self.queue *= k;
    }
}

impl Chain {
    /// Steady-state figures with the service level at `threshold_s` [s].
    pub(crate) fn figures(
        &self,
        threshold_s: f64,
        kind: ModelKind,
    ) -> Result<Figures, ErlangError> {
        let n = self.agents;
        debug_assert!(n >= 1 && self.lambda > 0.0 && self.mu > 0.0 && self.theta >= 0.0);
        debug_assert!(self.theta > 0.0 || self.lines.is_some());
        let load = self.lambda / self.mu;
        if let Some(k) = self.lines
            && k <= n
        {
            return Ok(self.loss_only(k, threshold_s, kind));
        }
        self.check_size()?;

        // States below N relative to π_N: Σ_{k<N} π_k/π_N = (N/A)·1/B(N−1, A).
        let inv_prev = inverse_erlang_b(0.0, 1.0, n - 1, load);
        let below = Scaled::new(inv_prev.mantissa * (f64::from(n) / load), inv_prev.exp2);

        let (sums, shift) = if self.theta > 0.0 {
            self.queue_sums_with_patience(threshold_s)?
        } else {
            self.queue_sums_without_patience(threshold_s)?
        };

        // Normalise: total = below + queue·2^shift.
        let top = below.exp2.max(shift);
        let below_w = libm::scalbn(below.mantissa, below.exp2 - top);
        let queue_w = pow2(shift - top);
        let total = below_w + sums.all * queue_w;
        let g = queue_w / total;
        let p_below = below_w / total;

        let admitted = p_below + g * sums.wait;
        let served = p_below + g * sums.served;
        let answered_within = p_below + g * sums.served_within;
        let prob = |x: f64| x.clamp(0.0, 1.0);
        let service_level = ServiceLevels {
            offered: prob(answered_within / admitted),
            answered: prob(answered_within / served),
            excluding_short_abandons: prob(
                answered_within / (p_below + g * sums.not_abandoned_within),
            ),
            virtual_wait: prob((p_below + g * sums.virtual_within) / admitted),
        };
        Ok(Figures {
            model: kind,
            agents: f64::from(n),
            attempts_per_hour: self.lambda * 3600.0,
            offered_load_erlangs: load,
            p_block: prob(g * sums.block),
            p_wait: prob(g * sums.wait / admitted),
            p_abandon: prob(g * sums.lost / admitted),
            asa_s: g * sums.served_wait / served,
            mean_wait_s: g * sums.time_in_queue / admitted,
            mean_virtual_wait_s: g * sums.virtual_wait / admitted,
            mean_queue_length: g * sums.queue,
            occupancy: prob(load * served / f64::from(n)),
            sl_threshold_s: threshold_s,
            service_level,
        })
    }

    /// Refuses chains whose queue would take too many terms to sum.
    fn check_size(&self) -> Result<(), ErlangError> {
        let nmu = f64::from(self.agents) * self.mu;
        let expected_queue = if self.theta > 0.0 {
            (self.lambda - nmu).max(0.0) / self.theta
        } else if self.lambda >= nmu {
            // Without abandonment an overloaded queue fills every line.
            f64::INFINITY
        } else {
            0.0
        };
        let limit = self
            .lines
            .map_or(f64::INFINITY, |k| f64::from(k - self.agents));
        if expected_queue.min(limit) > MAX_QUEUE_STATES as f64 / 2.0 {
            return Err(ErlangError::TooLarge {
                what: "exact queue sum",
                detail: format!(
                    "about {:.3e} callers would be waiting; the exact sum is limited to {} queue states",
                    expected_queue.min(limit),
                    MAX_QUEUE_STATES
                ),
            });
        }
        Ok(())
    }

    /// Lines ≤ agents: nobody ever waits; the chain is Erlang B on `lines` servers.
    fn loss_only(&self, lines: u32, threshold_s: f64, kind: ModelKind) -> Figures {
        let load = self.lambda / self.mu;
        let p_block = inverse_erlang_b(0.0, 1.0, lines, load).recip_f64();
        Figures {
            model: kind,
            agents: f64::from(self.agents),
            attempts_per_hour: self.lambda * 3600.0,
            offered_load_erlangs: load,
            p_block,
            p_wait: 0.0,
            p_abandon: 0.0,
            asa_s: 0.0,
            mean_wait_s: 0.0,
            mean_virtual_wait_s: 0.0,
            mean_queue_length: 0.0,
            occupancy: load * (1.0 - p_block) / f64::from(self.agents),
            sl_threshold_s: threshold_s,
            service_level: ServiceLevels::all(1.0),
        }
    }

    /// The last queue index j (state N + j) the chain reaches, if lines are limited.
    fn last_queue_state(&self) -> Option<u64> {
        self.lines.map(|k| u64::from(k - self.agents))
    }

    /// One pass over the queue states with exponential patience θ > 0.
    fn queue_sums_with_patience(&self, t: f64) -> Result<(Sums, i32), ErlangError> {
        let nmu = f64::from(self.agents) * self.mu;
        let theta = self.theta;
        let c = nmu / theta;
        let y = self.lambda / theta;
        let x = (-theta * t).exp();
        let one_minus_x = -(-theta * t).exp_m1();
        let x_over_c = x / c;
        let last = self.last_queue_state();

        let mut s = Sums::default();
        let mut shift = 0i32;
        let mut w = 1.0;
        // d_j = x^c (1−x)^j Γ(c+j)/(Γ(c) j!), starting at x^c = e^{−Nμ T}.
        let mut d = Underflowing::from_ln(-nmu * t);
        let (mut i_c, mut i_c1) = (CompensatedSum::default(), CompensatedSum::default());
        // θ·E[V | j] = Σ_{i≤j} 1/(c+i) and Σ_{i≤j} 1/(c+1+i).
        let (mut h, mut h1) = (0.0, 0.0);
        let mut inv_c_j = 1.0 / c;
        let mut j: u64 = 0;
        loop {
            let jf = j as f64;
            let inv_c_j1 = 1.0 / (c + jf + 1.0);
            let blocked = last == Some(j);
            if blocked {
                s.block += w;
            } else {
                let served = c * inv_c_j1;
                let lost = (jf + 1.0) * inv_c_j1;
                let dj = d.value();
                i_c.add(dj);
                i_c1.add(dj * x_over_c * (c + jf));
                h += inv_c_j;
                h1 += inv_c_j1;
                let v_within = i_c.complement();
                let served_within = served * i_c1.complement();
                s.wait += w;
                s.served += w * served;
                s.lost += w * lost;
                s.served_within += w * served_within;
                s.not_abandoned_within += w * (x * i_c.value().min(1.0) + served_within);
                s.virtual_within += w * v_within;
                s.virtual_wait += w * h;
                s.served_wait += w * served * h1;
                s.time_in_queue += w * lost;
                d.mul(one_minus_x * (c + jf) / (jf + 1.0));
            }
            s.queue += w * jf;
            s.all += w;
            if blocked {
                break;
            }
            let ratio = y * inv_c_j1;
            if s.advance(&mut w, ratio, jf, &mut shift) {
                break;
            }
            inv_c_j = inv_c_j1;
            j += 1;
            if j > MAX_QUEUE_STATES {
                return Err(self.too_long());
            }
        }
        // Means were accumulated in units of 1/θ.
        let per_theta = 1.0 / theta;
        s.virtual_wait *= per_theta;
        s.served_wait *= per_theta;
        s.time_in_queue *= per_theta;
        Ok((s, shift))
    }

    /// One pass over the queue states of M/M/N/K without abandonment.
    fn queue_sums_without_patience(&self, t: f64) -> Result<(Sums, i32), ErlangError> {
        let nmu = f64::from(self.agents) * self.mu;
        let ratio = self.lambda / nmu;
        let st = nmu * t;
        let last = self
            .last_queue_state()
            .expect("no patience needs a line limit");

        let mut s = Sums::default();
        let mut shift = 0i32;
        let mut w = 1.0;
        // Poisson(Nμ·T) probabilities: V > T given j ahead iff fewer than j+1 services by T.
        let mut p = Underflowing::from_ln(-st);
        let mut v_over = CompensatedSum::default();
        for j in 0..=last {
            let jf = j as f64;
            if j == last {
                s.block += w;
            } else {
                v_over.add(p.value());
                let v_within = v_over.complement();
                let mean_v = (jf + 1.0) / nmu;
                s.wait += w;
                s.served += w;
                s.served_within += w * v_within;
                s.not_abandoned_within += w;
                s.virtual_within += w * v_within;
                s.virtual_wait += w * mean_v;
                s.served_wait += w * mean_v;
                s.time_in_queue += w * mean_v;
                p.mul(st / (jf + 1.0));
            }
            s.queue += w * jf;
            s.all += w;
            if s.advance(&mut w, ratio, jf, &mut shift) {
                break;
            }
        }
        Ok((s, shift))
    }

    fn too_long(&self) -> ErlangError {
        ErlangError::TooLarge {
            what: "exact queue sum",
            detail: format!("more than {MAX_QUEUE_STATES} queue states carry weight"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(agents: u32, load: f64, patience_s: f64, lines: Option<u32>) -> Chain {
        let mu = 1.0 / 300.0;
        Chain {
            lambda: load * mu,
            mu,
            theta: 1.0 / patience_s,
            agents,
            lines,
        }
    }

    #[test]
    fn abandonment_two_ways() {
        for (n, load) in [(7, 8.3), (100, 100.0), (50, 100.0), (2000, 1900.0)] {
            let ch = chain(n, load, 180.0, None);
            let f = ch.figures(20.0, ModelKind::ErlangA).unwrap();
            let via_queue = ch.theta * f.mean_queue_length / ch.lambda;
            assert!(
                (f.p_abandon - via_queue).abs() < 1e-12 * f.p_abandon.max(1e-300),
                "{n}"
            );
        }
    }

    #[test]
    fn heavily_overloaded_large_system_is_finite() {
        // λ = 2Nμ with 100,000 agents: a queue of about 200,000 callers.
        let f = chain(100_000, 200_000.0, 600.0, None)
            .figures(20.0, ModelKind::ErlangA)
            .unwrap();
        assert!((f.p_abandon - 0.5).abs() < 1e-3, "{}", f.p_abandon);
        assert!(f.p_wait > 0.999999 && f.p_wait <= 1.0);
        assert!(f.asa_s.is_finite() && f.mean_virtual_wait_s.is_finite());
        assert!((f.occupancy - 1.0).abs() < 1e-6);
    }

    #[test]
    fn lines_below_agents_is_erlang_b() {
        let f = chain(20, 10.0, 180.0, Some(12))
            .figures(20.0, ModelKind::ErlangX)
            .unwrap();
        let b = crate::erlang::erlang_b(12, 10.0).unwrap();
        assert!((f.p_block - b).abs() < 1e-15);
        assert_eq!(f.p_wait, 0.0);
    }

    #[test]
    fn finite_lines_without_patience_tend_to_erlang_c() {
        let mu = 1.0 / 300.0;
        let ch = Chain {
            lambda: 90.0 * mu,
            mu,
            theta: 0.0,
            agents: 100,
            lines: Some(5000),
        };
        let f = ch.figures(20.0, ModelKind::ErlangX).unwrap();
        let c = crate::erlang::erlang_c(100, 90.0).unwrap();
        assert!((f.p_wait - c).abs() < 1e-13, "{} vs {c}", f.p_wait);
        let sl = crate::erlang::erlang_c_service_level(100.0, 90.0, 300.0, 20.0).unwrap();
        assert!((f.service_level.offered - sl).abs() < 1e-13);
        let asa = crate::erlang::erlang_c_asa_s(100.0, 90.0, 300.0).unwrap();
        assert!((f.asa_s - asa).abs() < 1e-11 * asa);
    }
}
