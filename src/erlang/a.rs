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
//!
//! Far above the agents (λ well beyond Nμ) almost all the mass sits around the mode of the
//! queue, j* ≈ (λ − Nμ)/θ, and the states from 0 up to N + j* − (many standard
//! deviations) weigh less than 1e-17 of the total. The pass then starts inside the queue,
//! at a state j₀ chosen from the log-weights, and skips both the Erlang B recursion over
//! the agents and the queue states below j₀; see [`Chain::queue_sums_from`] for the bound
//! that makes this rigorous, checked after the pass. The cumulative quantities the pass
//! carries along the queue are taken at j₀ in closed form: the harmonic sums through the
//! digamma function, the incomplete-beta sums as exactly 1 once a Chernoff bound shows the
//! negative-binomial terms beyond j₀ to be negligible (and by their recursion otherwise).

use super::b::inverse_erlang_b;
use super::error::ErlangError;
use super::figures::{Figures, ModelKind, ServiceLevels};
use super::scaled::{RESCALE_AT, RESCALE_BITS, Scaled, Underflowing, pow2};
use super::sum::CompensatedSum;

/// Stop summing once the tail of the queue weights is below this share of the total; the
/// states skipped below a window's start are held to the same share.
const TAIL_EPS: f64 = 1e-17;
/// Start a pass inside the queue only when that skips at least this many states.
const MIN_SKIPPED_STATES: f64 = 256.0;
/// Slack [nepers] between the estimated weight of the window's first state and the share
/// the checked bound allows, against the rounding of the log-gamma estimate.
const WINDOW_SLACK: f64 = 4.0;
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
    /// two taken out). Returns whether the tail beyond is negligible.
    ///
    /// The bound: the ratios r_k = w_{k+1}/w_k never increase with k (the death rates
    /// grow), so once r = r_j < 1 every later ratio is at most r and, with w = w_{j+1},
    /// Σ_{k>j} w_k ≤ w/(1 − r) and Σ_{k>j} (k+1)·w_k ≤ w·((j+2)/(1 − r) + r/(1 − r)²)
    /// ≤ w·(j + 2 + 1/(1 − r))/(1 − r). The sums carry per-state values v_k of at most 1
    /// (the probabilities) or growing by at most one per state (the queue length; θ times
    /// the waits grows by 1/(c+k+1) ≤ 1 per state), so v_k ≤ v_j + (k − j). Stopping once
    /// the latter bound is below `TAIL_EPS` of the weight summed so far leaves out less
    /// than `TAIL_EPS` × (1 + v_j) × that weight from each sum: below 1e-17 relative for
    /// the probabilities, and for the means relative to their value at the last state.
    fn advance(&mut self, w: &mut f64, ratio: f64, jf: f64, shift: &mut i32) -> bool {
        *w *= ratio;
        if *w > RESCALE_AT {
            self.scale(pow2(-RESCALE_BITS));
            *w = libm::scalbn(*w, -RESCALE_BITS);
            *shift += RESCALE_BITS;
        }
        // w·(j + 2 + 1/(1 − r)) < TAIL_EPS·(1 − r)·all, times 1 − r > 0 (no division).
        let spare = 1.0 - ratio;
        ratio < 1.0 && *w * ((jf + 2.0) * spare + 1.0) < TAIL_EPS * spare * spare * self.all
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
        self.figures_windowed(threshold_s, kind, true)
    }

    /// [`Chain::figures`], summing from π_N up even where a window would do when `window`
    /// is false (to check the window against).
    fn figures_windowed(
        &self,
        threshold_s: f64,
        kind: ModelKind,
        window: bool,
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

        let (sums, shift, with_below) = if self.theta > 0.0 {
            self.queue_sums_with_patience(threshold_s, window)?
        } else {
            let (sums, shift) = self.queue_sums_without_patience(threshold_s)?;
            (sums, shift, true)
        };

        // Normalise: total = below + queue·2^shift. A pass that started inside the queue
        // has shown the states below N to be negligible and left them out.
        let (p_below, g) = if with_below {
            // States below N relative to π_N: Σ_{k<N} π_k/π_N = (N/A)·1/B(N−1, A).
            let inv_prev = inverse_erlang_b(0.0, || 1.0, n - 1, load);
            let below = Scaled::new(inv_prev.mantissa * (f64::from(n) / load), inv_prev.exp2);
            let top = below.exp2.max(shift);
            let below_w = libm::scalbn(below.mantissa, below.exp2 - top);
            let queue_w = pow2(shift - top);
            let total = below_w + sums.all * queue_w;
            (below_w / total, queue_w / total)
        } else {
            (0.0, 1.0 / sums.all)
        };

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
        let p_block = inverse_erlang_b(0.0, || 1.0, lines, load).recip_f64();
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

    /// The queue sums with exponential patience θ > 0, and whether the states below N
    /// must be added (`false` when the pass started inside the queue and showed them, with
    /// the queue states it skipped, to be negligible).
    fn queue_sums_with_patience(
        &self,
        t: f64,
        window: bool,
    ) -> Result<(Sums, i32, bool), ErlangError> {
        if let Some(start) = self.window_start().filter(|_| window) {
            let (sums, shift) = self.queue_sums_from(t, start)?;
            if let Some(sums) = sums {
                return Ok((sums, shift, false));
            }
        }
        let (sums, shift) = self.queue_sums_from(t, 0)?;
        Ok((
            sums.expect("a pass from the first queue state skips nothing"),
            shift,
            true,
        ))
    }

    /// The first queue state j₀ of a pass that skips the states below it, or `None` when
    /// starting at 0 is as good.
    ///
    /// The queue weights w_j = Π_{i<j} r_i, r_i = y/(c+i+1), rise up to the mode j_m (the
    /// first j with r_j ≤ 1) and fall after it. With ln(w_j/w_{j_m}) =
    /// lnΓ(c+j_m+1) − lnΓ(c+j+1) − (j_m − j)·ln y, the largest j₀ is picked whose weight
    /// relative to the mode is below what [`Chain::queue_sums_from`] will demand (with
    /// `WINDOW_SLACK` to spare). The log-gamma values are only an estimate: the bound is
    /// checked with the computed sums, and a failed check falls back to a full pass.
    fn window_start(&self) -> Option<u64> {
        let c = f64::from(self.agents) * self.mu / self.theta;
        let y = self.lambda / self.theta;
        let mut mode = (y - c - 1.0).ceil();
        if let Some(last) = self.last_queue_state() {
            mode = mode.min(last as f64);
        }
        if mode <= MIN_SKIPPED_STATES {
            return None;
        }
        let ln_y = y.ln();
        let ln_mode = libm::lgamma(c + mode + 1.0);
        // ln of the bound's allowance at j: TAIL_EPS / (q/(1−q) · F), with the last state
        // of the pass guessed by symmetry about the mode (F as in `queue_sums_from`).
        let fits = |j: f64| {
            let ln_weight = ln_mode - libm::lgamma(c + j + 1.0) - (mode - j) * ln_y;
            let q_odds = (c + j) / (y - c - j);
            let end = 2.0 * mode - j;
            let factor = (c + end + 1.0) / c;
            ln_weight <= TAIL_EPS.ln() - (q_odds * factor).ln() - WINDOW_SLACK
        };
        // `fits` holds at 0 (or nothing can be skipped) and fails at the mode; bisect.
        let (mut lo, mut hi) = (0.0f64, mode);
        if !fits(lo) {
            return None;
        }
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (lo >= MIN_SKIPPED_STATES).then_some(lo as u64)
    }

    /// One pass over the queue states from `start` with exponential patience θ > 0.
    ///
    /// From `start` = 0 the weights are relative to π_N and the sums are always returned.
    /// From `start` = j₀ > 0 the weights are relative to π_{N+j₀}, the states below N and
    /// the queue states below j₀ are left out, and the sums are returned only if that
    /// provably changes no figure by more than `TAIL_EPS` (relative; absolute for the
    /// service levels), as follows.
    ///
    /// Every state k of the chain moves down at rate d(k) = min(k, N)μ + (k − N)⁺θ, which
    /// never decreases in k, and up at rate λ, so π_{k−1}/π_k = d(k)/λ. For every state
    /// k < N + j₀ that ratio is at most q = d(N + j₀)/λ = (c + j₀)/y < 1, hence
    /// π_{N+j₀−i} ≤ q^i·π_{N+j₀} and the skipped states weigh at most
    /// Σ_{i≥1} q^i = q/(1 − q) times the first kept one (weight 1 here).
    ///
    /// Each figure is a ratio of sums of weight × a per-state value v ≥ 0. For the
    /// probabilities of waiting, abandoning and the mean waits and queue (v = 1, or v
    /// non-decreasing in the state and 0 below N), a skipped state's value is at most the
    /// smallest kept one, so they change by at most the skipped share of the weight. The
    /// answered share v = c/(c+j+1) (1 below N) is largest in the skipped states: its
    /// ratio to the smallest kept value is at most F = (c + j_end + 1)/c, where j_end is
    /// the last state summed; the mean wait of answered calls, v = c/(c+j+1)·Σ_{i≤j}
    /// 1/(c+1+i), is bounded the same way. The service-level sums have v ∈ [0, 1] and
    /// change by at most the skipped share in absolute terms. So it suffices that
    /// q/(1 − q) · F ≤ TAIL_EPS · (sum of the kept weights), which is checked here.
    fn queue_sums_from(&self, t: f64, start: u64) -> Result<(Option<Sums>, i32), ErlangError> {
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
        // d_j = x^c (1−x)^j Γ(c+j)/(Γ(c) j!), starting at x^c = e^{−Nμ T}; i_c and i_c1
        // are I_x(c, j+1) and I_x(c+1, j+1), the sums of d_b and d_b·x(c+b)/c over b ≤ j.
        let mut d = Underflowing::from_ln(-nmu * t);
        let (mut i_c, mut i_c1) = (CompensatedSum::default(), CompensatedSum::default());
        // I_x(c, j+1) and I_x(c+1, j+1) held at this value over the whole pass (see
        // below), or `None` while they are summed.
        let mut beta_fixed: Option<f64> = None;
        let ln_x = -theta * t;
        // θ·E[V | j] = Σ_{i≤j} 1/(c+i) and Σ_{i≤j} 1/(c+1+i), before state j's term.
        let (mut h, mut h1) = (0.0, 0.0);
        if start > 0 {
            h = harmonic_sum(c, start);
            h1 = harmonic_sum(c + 1.0, start);
            // d_b is the negative-binomial probability of b failures before c successes
            // of probability x (and for I_x(c+1, ·), before c+1 successes, a
            // stochastically larger count), so I_x(c, j+1) = P(B_c ≤ j). When the count
            // under c+1 reaches `start` with probability below TAIL_EPS, both sums are 1
            // from `start` on to within that; when the count under c stays at or below the
            // planned end of the pass with probability below TAIL_EPS, both are 0 up to
            // there (checked again at the actual end). The error is then below TAIL_EPS in
            // absolute terms, and the sums enter only the service levels, as 1 − I and x·I.
            let planned_end = 2.0 * (2.0 * (y - c).max(0.0) - start as f64);
            if negative_binomial_tail_ln(c + 1.0, ln_x, one_minus_x, start as f64, true)
                < TAIL_EPS.ln()
            {
                beta_fixed = Some(1.0);
            } else if negative_binomial_tail_ln(c, ln_x, one_minus_x, planned_end, false)
                < TAIL_EPS.ln()
            {
                beta_fixed = Some(0.0);
            } else {
                for b in 0..start {
                    let bf = b as f64;
                    let db = d.value();
                    i_c.add(db);
                    i_c1.add(db * x_over_c * (c + bf));
                    d.mul(one_minus_x * (c + bf) / (bf + 1.0));
                }
            }
        }
        let mut j: u64 = start;
        let mut inv_c_j = 1.0 / (c + j as f64);
        loop {
            let jf = j as f64;
            let inv_c_j1 = 1.0 / (c + jf + 1.0);
            let blocked = last == Some(j);
            if blocked {
                s.block += w;
            } else {
                let served = c * inv_c_j1;
                let lost = (jf + 1.0) * inv_c_j1;
                h += inv_c_j;
                h1 += inv_c_j1;
                let (v_within, waiting_at_t, served_within) = match beta_fixed {
                    None => {
                        let dj = d.value();
                        i_c.add(dj);
                        i_c1.add(dj * x_over_c * (c + jf));
                        d.mul(one_minus_x * (c + jf) / (jf + 1.0));
                        let served_within = served * i_c1.complement();
                        (i_c.complement(), x * i_c.value().min(1.0), served_within)
                    }
                    Some(i) => (1.0 - i, x * i, served * (1.0 - i)),
                };
                s.wait += w;
                s.served += w * served;
                s.lost += w * lost;
                s.served_within += w * served_within;
                s.not_abandoned_within += w * (waiting_at_t + served_within);
                s.virtual_within += w * v_within;
                s.virtual_wait += w * h;
                s.served_wait += w * served * h1;
                s.time_in_queue += w * lost;
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
        if start > 0 {
            // The bound on the skipped states (see above), in the sums' scale 2^-shift.
            let q = (c + start as f64) / y;
            let factor = (c + j as f64 + 1.0) / c;
            let skipped = q / (1.0 - q) * factor * pow2(-shift);
            if !(q < 1.0 && skipped <= TAIL_EPS * s.all) {
                return Ok((None, shift));
            }
            if beta_fixed == Some(0.0)
                && negative_binomial_tail_ln(c, ln_x, one_minus_x, j as f64, false) >= TAIL_EPS.ln()
            {
                return Ok((None, shift));
            }
        }
        // Means were accumulated in units of 1/θ.
        let per_theta = 1.0 / theta;
        s.virtual_wait *= per_theta;
        s.served_wait *= per_theta;
        s.time_in_queue *= per_theta;
        Ok((Some(s), shift))
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

/// Σ_{i=0}^{n−1} 1/(c+i) = ψ(c+n) − ψ(c) for c > 0, to about one rounding.
///
/// Terms are added one by one while c + i < 16; from there
/// ψ(b) − ψ(a) = ln(b/a) + 1/(2a) − 1/(2b) + R(a) − R(b), with
/// R(z) = Σ_k B_{2k}/(2k·z^{2k}) = 1/(12z²) − 1/(120z⁴) + … taken to z^{-14}, whose
/// remainder is below 3617/(8160·16^16) ≈ 2e-20 for z ≥ 16.
fn harmonic_sum(c: f64, n: u64) -> f64 {
    const ASYMPTOTIC_FROM: f64 = 16.0;
    let mut sum = 0.0;
    let mut a = c;
    let mut left = n;
    while left > 0 && a < ASYMPTOTIC_FROM {
        sum += 1.0 / a;
        a += 1.0;
        left -= 1;
    }
    if left == 0 {
        return sum;
    }
    let b = a + left as f64;
    let r = |z: f64| {
        let z2 = 1.0 / (z * z);
        z2 * (1.0 / 12.0
            - z2 * (1.0 / 120.0
                - z2 * (1.0 / 252.0
                    - z2 * (1.0 / 240.0
                        - z2 * (1.0 / 132.0 - z2 * (691.0 / 32760.0 - z2 / 12.0))))))
    };
    sum + (left as f64 / a).ln_1p() + (0.5 / a - 0.5 / b) + (r(a) - r(b))
}

/// An upper bound on ln P(B ≥ m) (`upper`) or ln P(B ≤ m) (otherwise) for B
/// negative-binomial: the failures before `r` successes, each trial a success with
/// probability x = e^{ln_x} (1 − x = `one_minus_x`).
///
/// Chernoff: P(B ≥ m) ≤ e^{−τm}·E[e^{τB}] for τ > 0 and P(B ≤ m) ≤ e^{−τm}·E[e^{τB}] for
/// τ < 0, with E[e^{τB}] = (x/(1 − (1−x)e^τ))^r while (1−x)e^τ < 1. The best τ,
/// (1−x)e^τ = m/(m+r), gives in both cases
/// ln P ≤ −m·ln(m/((1−x)(m+r))) − r·ln(r/(x(m+r))) (the first term 0 at m = 0); that τ
/// is positive above the mean r(1−x)/x and negative below it. On the wrong side of the
/// mean the bound is the trivial 0.
fn negative_binomial_tail_ln(r: f64, ln_x: f64, one_minus_x: f64, m: f64, upper: bool) -> f64 {
    let x = ln_x.exp();
    let right_side = if upper {
        m * x > r * one_minus_x
    } else {
        m * x < r * one_minus_x
    };
    if !right_side {
        return 0.0;
    }
    let total = m + r;
    let failures = if m > 0.0 {
        m * ((m / total).ln() - one_minus_x.ln())
    } else {
        0.0
    };
    let exponent = failures + r * ((r / total).ln() - ln_x);
    // Rounding in the logarithms is far below a nat; leave one for it.
    (1.0 - exponent).min(0.0)
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

    /// Every figure, for comparing two computations.
    fn all_figures(f: &Figures) -> [f64; 14] {
        let sl = f.service_level;
        [
            f.p_block,
            f.p_wait,
            f.p_abandon,
            f.asa_s,
            f.mean_wait_s,
            f.mean_virtual_wait_s,
            f.mean_queue_length,
            f.occupancy,
            f.offered_load_erlangs,
            f.attempts_per_hour,
            sl.offered,
            sl.answered,
            sl.excluding_short_abandons,
            sl.virtual_wait,
        ]
    }

    #[test]
    fn window_above_the_agents_matches_the_full_sum() {
        // Loads from just above the agents to 20×, patience from 1/100 to 1,000 handling
        // times, thresholds from 0 to long waits, with and without a line limit. The
        // service levels (last four figures) may be tiny: they are compared in absolute
        // terms, to their documented accuracy. The full pass builds 1 − I_x by a recursion
        // over every queue state, each step rounding d_b once, so its own error grows
        // like (queue length) × 1e-16; the window starts the recursion at 1 where the
        // remaining terms are provably negligible, and is the more accurate of the two.
        // Everything else is compared relative.
        let mut windowed = 0;
        let mut cases = 0;
        for agents in [1u32, 30, 800, 20_000, 100_000] {
            for overload in [1.02, 1.3, 2.0, 20.0] {
                for patience_per_aht in [0.01, 1.0, 30.0, 1000.0] {
                    for t in [0.0, 20.0, 300.0, 5000.0] {
                        for lines in [None, Some(3 * agents)] {
                            let load = overload * f64::from(agents);
                            let mut ch = chain(agents, load, 300.0 * patience_per_aht, lines);
                            if ch.check_size().is_err() {
                                continue;
                            }
                            if lines.is_some() {
                                ch.theta = ch.theta.max(1e-9);
                            }
                            let kind = ModelKind::ErlangA;
                            let fast = ch.figures_windowed(t, kind, true).unwrap();
                            let full = ch.figures_windowed(t, kind, false).unwrap();
                            let (fast_v, full_v) = (all_figures(&fast), all_figures(&full));
                            for (i, (a, b)) in fast_v.iter().zip(full_v).enumerate() {
                                let tol = if i >= 10 {
                                    1e-12 + 1e-15 * full.mean_queue_length
                                } else {
                                    1e-12 * b.abs().max(1e-300)
                                };
                                assert!(
                                    (a - b).abs() <= tol,
                                    "N {agents}, {overload}×, patience {patience_per_aht}×AHT, \
                                     T {t}, lines {lines:?}: figure {i}: {a} vs {b}"
                                );
                            }
                            cases += 1;
                            if ch.window_start().is_some()
                                && !ch.queue_sums_with_patience(t, true).unwrap().2
                            {
                                windowed += 1;
                            }
                        }
                    }
                }
            }
        }
        // The window must actually have been used, in most of the heavily loaded cases.
        assert!(windowed * 4 > cases, "{windowed} of {cases} windowed");
    }

    #[test]
    fn harmonic_sum_matches_direct_summation() {
        for c in [1e-3, 0.5, 7.0, 15.9, 16.0, 300.0, 1e5] {
            for n in [1u64, 2, 17, 1000, 50_000] {
                let mut direct = CompensatedSum::default();
                for i in 0..n {
                    direct.add(1.0 / (c + i as f64));
                }
                let got = harmonic_sum(c, n);
                assert!(
                    (got - direct.value()).abs() <= 1e-14 * got,
                    "c {c}, n {n}: {got} vs {}",
                    direct.value()
                );
            }
        }
    }

    #[test]
    fn negative_binomial_tail_bounds_hold() {
        // Against exact tails summed from the probabilities, for a few shapes.
        for (r, x) in [(1.0f64, 0.3f64), (5.5, 0.9), (40.0, 0.5), (300.0, 0.2)] {
            let mut p = x.powf(r);
            let mut cdf = 0.0f64;
            for m in 0u32..20_000 {
                let m = f64::from(m);
                let upper = (1.0 - cdf).max(0.0);
                cdf += p;
                let bound = |upper| negative_binomial_tail_ln(r, x.ln(), 1.0 - x, m, upper).exp();
                assert!(
                    upper <= bound(true) * (1.0 + 1e-9) + 1e-13,
                    "r {r} x {x} ≥{m}"
                );
                assert!(
                    cdf <= bound(false) * (1.0 + 1e-9) + 1e-300,
                    "r {r} x {x} ≤{m}"
                );
                p *= (1.0 - x) * (r + m) / (m + 1.0);
            }
        }
        // Far from the mean (about 6,900 here) the bounds are tiny: the sums are taken as
        // exactly 1 above it and 0 below it.
        let (ln_x, one_minus_x) = (-20.0 / 300.0, -(-20.0f64 / 300.0).exp_m1());
        assert!(negative_binomial_tail_ln(1e5, ln_x, one_minus_x, 9e4, true) < -1e3);
        assert!(negative_binomial_tail_ln(1e5, ln_x, one_minus_x, 3e3, false) < -1e3);
        assert_eq!(
            negative_binomial_tail_ln(1e5, ln_x, one_minus_x, 3e3, true),
            0.0
        );
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
