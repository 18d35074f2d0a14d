//! Agents on duty per interval and date, and how available they were while present.
//!
//! Presence comes from service records (see [`crate::observed::sessions_of`]). The
//! availability estimator looks only at moments when at least one caller was waiting in
//! the queue: then every agent who was present and available should have been serving,
//! so the share of present agent-time spent serving estimates the share of time agents
//! are available:
//!
//! `availability = Σ busy agent-seconds while callers wait ÷ Σ present agent-seconds while
//! callers wait`.
//!
//! The idle stretches that begin inside those moments (an agent ends a call while a
//! caller waits and does not take the next one at once) measure the away spells. Each
//! lasts until the agent's next service, or is right-censored when the queue empties
//! first (from then on the agent may simply have had nobody to serve). On the bank log
//! four in five stretches are the few seconds an agent takes to pick up the next call
//! and the rest are breaks of minutes, so the stretches are fitted by a mixture of two
//! exponentials (censored EM, [`fit_exponential_mixture`]) and the long component's mean
//! is the away spell (`away_mean_s`); the pick-ups' time stays in the unavailable share.
//! One exponential over all stretches would give spells of under a minute that come and
//! go too fast to hold callers up as real breaks do (on held-out days of the bank log it
//! under-predicted ASA by 7 s; the mixture's spells remove that bias). With too few
//! stretches for two components, the censored exponential MLE is used.

use super::estimate::{ExponentialMixture, fit_exponential_mixture};
use crate::calllog::CallRecord;
use crate::observed::Session;

/// Presence of one date per interval of a grid from midnight, in agents (agent-seconds ÷
/// interval length).
pub fn presence_by_interval(sessions: &[Session], interval_s: u32, n_grid: usize) -> Vec<f64> {
    let step = interval_s as f64;
    (0..n_grid)
        .map(|i| {
            let a = i as f64 * step;
            sessions
                .iter()
                .map(|s| s.overlap_s(a, a + step))
                .sum::<f64>()
                / step
        })
        .collect()
}

/// What the availability estimator measured.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AvailabilityFit {
    /// Agent-seconds present while at least one caller waited.
    pub present_s: f64,
    /// Agent-seconds serving while at least one caller waited.
    pub busy_s: f64,
    /// Idle stretches that began while callers waited: (seconds until the agent's next
    /// service or until the queue emptied, whether the next service came first).
    stretches: Vec<(f64, bool)>,
    /// The away spells, once [`AvailabilityFit::finish`] has fitted them.
    pub away: Option<AwayFit>,
}

/// The away spells as fitted from the idle stretches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AwayFit {
    /// Idle stretches that began while callers waited.
    pub stretches: u64,
    /// Of these, ended by the agent's next service (the others are censored).
    pub ended: u64,
    /// The mean away spell, seconds.
    pub mean_s: f64,
    /// The two-component fit the mean comes from; `None` when the censored exponential
    /// MLE (time idle ÷ stretches ended) was used instead.
    pub mixture: Option<ExponentialMixture>,
}

impl AvailabilityFit {
    /// The estimated available share, `None` when callers never waited.
    pub fn share(&self) -> Option<f64> {
        (self.present_s > 0.0).then(|| (self.busy_s / self.present_s).clamp(0.01, 1.0))
    }

    /// The estimated mean away spell, seconds.
    pub fn away_mean_s(&self) -> Option<f64> {
        self.away.map(|a| a.mean_s)
    }

    /// Fits the away spells to the stretches gathered by [`AvailabilityFit::add_date`]
    /// and lets the stretches go.
    pub fn finish(&mut self) {
        let stretches = std::mem::take(&mut self.stretches);
        let ended = stretches.iter().filter(|s| s.1).count() as u64;
        if ended == 0 {
            self.away = None;
            return;
        }
        let mixture = fit_exponential_mixture(&stretches);
        let mean_s = match mixture {
            Some(m) => m.long_mean_s,
            None => stretches.iter().map(|s| s.0).sum::<f64>() / ended as f64,
        };
        self.away = Some(AwayFit {
            stretches: stretches.len() as u64,
            ended,
            mean_s,
            mixture,
        });
    }

    /// Adds one date's measurements: its records and their presence sessions.
    pub fn add_date(&mut self, records: &[CallRecord], sessions: &[Session]) {
        let waiting = waiting_periods(records);
        if waiting.is_empty() {
            return;
        }
        let overlap = |a: f64, b: f64| -> f64 {
            // `waiting` is sorted and disjoint: skip to the first period ending after `a`.
            let start = waiting.partition_point(|p| p.1 <= a);
            let mut s = 0.0;
            for &(x, y) in &waiting[start..] {
                if x >= b {
                    break;
                }
                s += y.min(b) - x.max(a);
            }
            s.max(0.0)
        };
        // The waiting period holding `t`, if any.
        let period_at = |t: f64| {
            let i = waiting.partition_point(|p| p.1 <= t);
            waiting.get(i).filter(|p| p.0 <= t).copied()
        };
        let mut services: Vec<(u32, f64, f64)> = records
            .iter()
            .filter_map(|r| Some((r.agent?, r.service_start_s?, r.service_end_s?)))
            .collect();
        services.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        for s in sessions {
            self.present_s += overlap(s.start_s, s.end_s);
        }
        for w in services.windows(2) {
            let ((a1, _, e1), (a2, s2, _)) = (w[0], w[1]);
            if a1 == a2
                && s2 > e1
                && s2 - e1 <= crate::observed::SESSION_GAP_S
                && let Some((_, until)) = period_at(e1)
            {
                let ended = s2 <= until;
                self.stretches.push((s2.min(until) - e1, ended));
            }
        }
        for (_, s, e) in services {
            self.busy_s += overlap(s, e);
        }
    }
}

/// The union of the periods in which at least one caller waited in the queue, sorted.
fn waiting_periods(records: &[CallRecord]) -> Vec<(f64, f64)> {
    let mut q: Vec<(f64, f64)> = records
        .iter()
        .filter_map(|r| Some((r.queue_start_s?, r.queue_exit_s?)))
        .filter(|(a, b)| b > a)
        .collect();
    q.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (a, b) in q {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}
