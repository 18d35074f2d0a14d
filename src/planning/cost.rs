//! What a staffing plan costs, in agent-hours over the horizon: the measure `staff` and
//! `sweep` minimise and `check` reports margins in.
//!
//! Hours are counted from the roster the engine simulates (after shrinkage, reinforcement
//! included on the days its peak is in force), for each working day, open to close —
//! overtime after close is a result of the simulation, not part of the plan. Shift breaks
//! are rostered (paid) time and count in full.

use crate::scenario::{LineId, Scenario};

/// Agent-hours available for calls over the whole horizon, per line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgentHours {
    /// Indexed by [`LineId::index`]; 0 for a line that does not exist.
    pub per_line: [f64; 2],
    /// Working days in the horizon.
    pub days: usize,
}

impl AgentHours {
    pub fn of(sc: &Scenario) -> Self {
        let mut per_line = [0.0; 2];
        for &date in &sc.calendar.working_days {
            for line in LineId::ALL {
                per_line[line.index()] += sc
                    .roster(line, date)
                    .iter()
                    .map(|b| b.agents() as f64 * (b.end_s - b.start_s) as f64 / 3600.0)
                    .sum::<f64>();
            }
        }
        AgentHours {
            per_line,
            days: sc.calendar.working_days.len(),
        }
    }

    /// All lines, whole horizon.
    pub fn total(&self) -> f64 {
        self.per_line.iter().sum()
    }

    /// All lines, per working day on average.
    pub fn per_day(&self) -> f64 {
        self.total() / self.days.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_shifts_after_shrinkage_and_reinforcement_on_peak_days() {
        let yaml = r#"
name: t
calendar: {start: 2024-01-08, days: 5, holidays: none, open: "08:00", close: "18:00", interval_min: 30}
demand:
  calls_per_day: 900
  peaks: [{name: p, from: 2024-01-09, to: 2024-01-10, factor: 1.2}]
contact_types: [{name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}]
lines:
  first:
    shrinkage: 0.2
    shifts: [{start: "08:00", end: "18:00", agents: 10}, {start: "08:00", end: "12:00", agents: 5}]
    reinforcement: [{during: p, extra_agents: 5}]
"#;
        let sc = crate::scenario::parse_str(yaml, "t.yaml").unwrap();
        let h = AgentHours::of(&sc);
        // Per day: 8 agents × 10 h + 4 × 4 h = 96; two peak days add 4 × 10 h each.
        assert_eq!(h.days, 5);
        assert!(
            (h.per_line[0] - (5.0 * 96.0 + 2.0 * 40.0)).abs() < 1e-9,
            "{h:?}"
        );
        assert_eq!(h.per_line[1], 0.0);
        assert!((h.per_day() - 112.0).abs() < 1e-9);
        // Breaks are paid time: the hours do not change.
        let with_breaks = yaml.replace(
            "agents: 10}",
            "agents: 10, breaks: [{start: \"12:00\", minutes: 60}]}",
        );
        assert_ne!(with_breaks, yaml);
        let sc = crate::scenario::parse_str(&with_breaks, "t.yaml").unwrap();
        assert_eq!(AgentHours::of(&sc), h);
    }
}
