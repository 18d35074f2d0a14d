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
//! The idle stretches inside those moments (an agent between two calls while a caller
//! waits) are away spells. Waiting periods cut spells short at both ends, so their mean
//! length is estimated as for a renewal process seen through windows: the away time
//! inside waiting periods divided by the number of spells that *began* inside one
//! (`away_mean_s`); dividing by every stretch seen would count each cut spell as a short
//! one. The second or two an agent takes to pick up the next call counts as away.

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
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AvailabilityFit {
    /// Agent-seconds present while at least one caller waited.
    pub present_s: f64,
    /// Agent-seconds serving while at least one caller waited.
    pub busy_s: f64,
    /// Away spells that began while callers waited (an agent finished a service and did
    /// not take the next caller at once).
    pub spells: u64,
    /// Idle time of present agents while callers waited, seconds.
    pub spells_s: f64,
}

impl AvailabilityFit {
    /// The estimated available share, `None` when callers never waited.
    pub fn share(&self) -> Option<f64> {
        (self.present_s > 0.0).then(|| (self.busy_s / self.present_s).clamp(0.01, 1.0))
    }

    /// The estimated mean away spell, seconds.
    pub fn away_mean_s(&self) -> Option<f64> {
        (self.spells > 0).then(|| self.spells_s / self.spells as f64)
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
        let in_waiting = |t: f64| {
            let i = waiting.partition_point(|p| p.1 <= t);
            waiting.get(i).is_some_and(|p| p.0 <= t)
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
            if a1 == a2 && s2 > e1 && s2 - e1 <= crate::observed::SESSION_GAP_S {
                self.spells_s += overlap(e1, s2);
                if in_waiting(e1) && s2 > e1 {
                    self.spells += 1;
                }
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
