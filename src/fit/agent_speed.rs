//! How fast each agent handles calls, relative to the per-type means and the factor by
//! time of day.
//!
//! Each answered call `i` served by agent `a` has an expected handling time `p_i = m_t ×
//! f_h` (its type's fitted mean times the factor of the hour it sought an agent). The
//! agent's raw factor is `r_a = Σ x_i ÷ Σ p_i` over the agent's calls (`x_i` the observed
//! handling). An agent with few calls has a noisy ratio, so the factors are shrunk toward
//! the mean by empirical Bayes (method of moments): `σ²` is the variance of `x_i ÷ p_i`
//! around the agent's own ratio (within agents, per call), `τ²` the variance of the true
//! factors between agents (`Σ n_a (r_a − r̄)² ÷ N − σ² A ÷ N`, `A` agents, `N` calls), and
//! each agent's factor is `(n_a r_a + n₀ r̄) ÷ (n_a + n₀)` with `n₀ = σ² ÷ τ²`. The factors
//! are then divided by their call-weighted mean, so that the per-type means keep their
//! meaning (the typical call is handled at its type's mean). With no spread between
//! agents beyond sampling noise (`τ² ≤ 0`) there are no factors.
//!
//! On the bank log the agents differ far beyond noise and consistently from week to week
//! (e.g. 0.80 and 0.86 in each half of February for one agent, 1.47 and 1.65 for another):
//! who is on duty sets how fast a day's calls are handled.

use crate::calllog::CallLog;

/// One agent's handling factor.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentSpeed {
    pub agent: String,
    /// Answered calls the agent served.
    pub calls: usize,
    /// Observed ÷ expected handling over the agent's calls (before shrinkage).
    pub raw: f64,
    /// The shrunk, normalised factor written to the scenario.
    pub factor: f64,
}

/// The agents' handling factors and the variances they were shrunk by.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentSpeedFit {
    /// Per-call variance of observed ÷ expected handling within agents.
    pub within_var: f64,
    /// Variance of the agents' true factors (method of moments; ≤ 0 = no spread).
    pub between_var: f64,
    /// Prior weight in calls (`σ² ÷ τ²`); infinite when `τ² ≤ 0`.
    pub prior_calls: f64,
    /// By agent name; empty when the agents do not differ beyond noise.
    pub agents: Vec<AgentSpeed>,
}

/// Fits the agents' factors; `expected(i)` is the expected handling time of record `i`
/// (`None` for records that are not answered calls with a known handling time).
pub fn fit_agent_speed(
    log: &CallLog,
    expected: impl Fn(usize) -> Option<f64>,
) -> Option<AgentSpeedFit> {
    let n_agents = log.agents.len();
    if n_agents == 0 {
        return None;
    }
    let mut obs = vec![0.0; n_agents];
    let mut pred = vec![0.0; n_agents];
    let mut n = vec![0usize; n_agents];
    for (i, r) in log.records.iter().enumerate() {
        let (Some(a), Some(x), Some(p)) = (r.agent, r.handle_s(), expected(i)) else {
            continue;
        };
        if p > 0.0 {
            let a = a as usize;
            obs[a] += x;
            pred[a] += p;
            n[a] += 1;
        }
    }
    let used: Vec<usize> = (0..n_agents).filter(|&a| n[a] > 0).collect();
    let total: usize = used.iter().map(|&a| n[a]).sum();
    if used.len() < 2 || total < 2 {
        return None;
    }
    let raw: Vec<f64> = (0..n_agents)
        .map(|a| if pred[a] > 0.0 { obs[a] / pred[a] } else { 1.0 })
        .collect();
    // Within-agent variance of x ÷ p around the agent's own ratio.
    let mut ss = 0.0;
    for (i, r) in log.records.iter().enumerate() {
        let (Some(a), Some(x), Some(p)) = (r.agent, r.handle_s(), expected(i)) else {
            continue;
        };
        if p > 0.0 {
            ss += (x / p - raw[a as usize]).powi(2);
        }
    }
    let big_n = total as f64;
    let within_var = ss / big_n;
    let mean = used.iter().map(|&a| n[a] as f64 * raw[a]).sum::<f64>() / big_n;
    let spread = used
        .iter()
        .map(|&a| n[a] as f64 * (raw[a] - mean).powi(2))
        .sum::<f64>()
        / big_n;
    let between_var = spread - within_var * used.len() as f64 / big_n;
    if between_var <= 0.0 {
        return Some(AgentSpeedFit {
            within_var,
            between_var,
            prior_calls: f64::INFINITY,
            agents: Vec::new(),
        });
    }
    let prior_calls = within_var / between_var;
    let shrunk: Vec<f64> = used
        .iter()
        .map(|&a| (n[a] as f64 * raw[a] + prior_calls * mean) / (n[a] as f64 + prior_calls))
        .collect();
    let norm = used
        .iter()
        .zip(&shrunk)
        .map(|(&a, g)| n[a] as f64 * g)
        .sum::<f64>()
        / big_n;
    let mut agents: Vec<AgentSpeed> = used
        .iter()
        .zip(&shrunk)
        .map(|(&a, g)| AgentSpeed {
            agent: log.agents[a].clone(),
            calls: n[a],
            raw: raw[a],
            factor: g / norm,
        })
        .collect();
    agents.sort_by(|x, y| x.agent.cmp(&y.agent));
    Some(AgentSpeedFit {
        within_var,
        between_var,
        prior_calls,
        agents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calllog::{CallRecord, Outcome};

    /// A log of answered calls: agent `a`'s `k`-th call takes `speeds[a] × 100 ×
    /// spread[k % 4]` seconds (the spread averages 1).
    fn log(speeds: &[f64], calls_each: usize) -> CallLog {
        let spread = [0.25, 0.75, 1.25, 1.75];
        let mut records = Vec::new();
        for (a, s) in speeds.iter().enumerate() {
            for k in 0..calls_each {
                let start = (k * 1000) as f64;
                records.push(CallRecord {
                    date: jiff::civil::date(2024, 1, 8),
                    arrival_s: start,
                    ivr_entry_s: None,
                    ivr_exit_s: None,
                    queue_start_s: None,
                    queue_exit_s: None,
                    outcome: Outcome::Answered,
                    service_start_s: Some(start),
                    service_end_s: Some(start + s * 100.0 * spread[k % 4]),
                    agent: Some(a as u32),
                    caller: None,
                    call_type: None,
                    source_line: records.len() as u64 + 2,
                });
            }
        }
        CallLog {
            records,
            agents: (0..speeds.len()).map(|a| format!("a{a}")).collect(),
            types: vec![],
            excluded: Default::default(),
            rows_read: 0,
            files: vec![],
        }
    }

    #[test]
    fn agents_that_differ_get_their_factors_shrunk_a_little_and_normalised() {
        let l = log(&[0.5, 1.5], 400);
        let fit = fit_agent_speed(&l, |_| Some(100.0)).unwrap();
        // Per call x/p within an agent: the spread × speed, variance 0.3125 × s².
        assert!((fit.within_var - 0.3125 * (0.25 + 2.25) / 2.0).abs() < 1e-9);
        assert!(fit.between_var > 0.2, "{fit:?}");
        let [fast, slow] = [&fit.agents[0], &fit.agents[1]];
        assert_eq!((fast.agent.as_str(), fast.calls), ("a0", 400));
        assert!((fast.raw - 0.5).abs() < 1e-9 && (slow.raw - 1.5).abs() < 1e-9);
        // Shrunk toward the mean by n₀ ÷ (n + n₀) with n₀ = σ² ÷ τ² of about 2 calls.
        assert!(fast.factor > 0.5 && fast.factor < 0.51, "{fast:?}");
        assert!(slow.factor < 1.5 && slow.factor > 1.49, "{slow:?}");
        assert!(
            (fast.factor + slow.factor - 2.0).abs() < 1e-9,
            "call-weighted mean 1"
        );
    }

    #[test]
    fn agents_that_differ_by_noise_alone_get_no_factors() {
        // Identical agents: their ratios are equal, the spread between them is nothing
        // beyond what the calls' own variance predicts.
        let l = log(&[1.0, 1.0, 1.0], 200);
        let fit = fit_agent_speed(&l, |_| Some(100.0)).unwrap();
        assert!(fit.between_var <= 0.0, "{fit:?}");
        assert!(fit.agents.is_empty());
        assert!(fit.prior_calls.is_infinite());
    }

    #[test]
    fn a_single_agent_has_nothing_to_compare_with() {
        assert_eq!(fit_agent_speed(&log(&[1.3], 50), |_| Some(100.0)), None);
    }
}
