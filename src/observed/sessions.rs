//! Agents on duty, measured from their service records.
//!
//! A log does not say when an agent logged in or out, only when they served. An agent's
//! services on one date are merged into presence sessions: from the start of a service to
//! the end of the last service that follows with no gap longer than [`SESSION_GAP_S`].
//! A longer gap (a meal break, the end of a shift) ends the session. Short gaps (after-call
//! work, short breaks, outbound calls, waiting for the next caller) stay inside it; the
//! share of session time an agent is really available for calls is estimated separately
//! (see `fit`'s availability estimator).

use crate::calllog::CallRecord;

/// The longest gap between two services of one agent that still counts as present, s.
pub const SESSION_GAP_S: f64 = 1800.0;

/// One agent's presence: from `start_s` to `end_s`, seconds since midnight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Session {
    pub agent: u32,
    pub start_s: f64,
    pub end_s: f64,
}

impl Session {
    /// Length, seconds.
    pub fn len_s(&self) -> f64 {
        self.end_s - self.start_s
    }

    /// Seconds of this session inside `[from_s, to_s)`.
    pub fn overlap_s(&self, from_s: f64, to_s: f64) -> f64 {
        (self.end_s.min(to_s) - self.start_s.max(from_s)).max(0.0)
    }
}

/// Presence sessions of every agent in `records` (one date), sorted by (agent, start).
pub fn sessions_of(records: &[CallRecord]) -> Vec<Session> {
    let mut services: Vec<(u32, f64, f64)> = records
        .iter()
        .filter_map(|r| Some((r.agent?, r.service_start_s?, r.service_end_s?)))
        .collect();
    services.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<Session> = Vec::new();
    for (agent, start_s, end_s) in services {
        match out.last_mut() {
            Some(s) if s.agent == agent && start_s - s.end_s <= SESSION_GAP_S => {
                s.end_s = s.end_s.max(end_s);
            }
            _ => out.push(Session {
                agent,
                start_s,
                end_s: end_s.max(start_s),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calllog::Outcome;

    fn served(agent: u32, a: f64, b: f64) -> CallRecord {
        CallRecord {
            date: jiff::civil::date(1999, 2, 1),
            arrival_s: a,
            ivr_entry_s: None,
            ivr_exit_s: None,
            queue_start_s: None,
            queue_exit_s: None,
            outcome: Outcome::Answered,
            service_start_s: Some(a),
            service_end_s: Some(b),
            agent: Some(agent),
            caller: None,
            call_type: None,
            source_line: 0,
        }
    }

    #[test]
    fn gaps_up_to_the_limit_stay_in_one_session() {
        let recs = [
            served(1, 100.0, 200.0),
            served(0, 50.0, 60.0),
            served(1, 200.0 + SESSION_GAP_S, 2200.0),
            served(1, 2200.0 + SESSION_GAP_S + 1.0, 5000.0),
        ];
        let s = sessions_of(&recs);
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].agent, s[0].start_s, s[0].end_s), (0, 50.0, 60.0));
        assert_eq!((s[1].agent, s[1].start_s, s[1].end_s), (1, 100.0, 2200.0));
        assert_eq!(s[2].start_s, 2200.0 + SESSION_GAP_S + 1.0);
        assert_eq!(s[1].overlap_s(0.0, 150.0), 50.0);
        assert_eq!(s[1].overlap_s(3000.0, 4000.0), 0.0);
    }
}
