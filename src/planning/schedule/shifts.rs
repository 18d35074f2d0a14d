//! The roster as the scenario's own shifts: one shift per shift kind (contract, start,
//! length, breaks) and number of agents, with the day patterns it serves as its `days`
//! (none when it serves them all), permanent contracts first so that the engine's rule
//! (the first `posts × permanent_share` agents of a day are permanent) finds them first;
//! the shifts of contracts that are not permanent are written `temporary: true`.

use std::collections::BTreeMap;

use crate::scenario::{Shift, ShiftBreak, ShiftDays, ShiftRules, WEEKDAY_KEYS, weekday_index};

use super::{LineRoster, Pattern};

/// A shift of the roster and the contract kind its agents are on (index into the rules'
/// contracts).
#[derive(Debug, Clone, PartialEq)]
pub struct RosterShift {
    pub contract: usize,
    pub shift: Shift,
}

/// The shifts of one line's roster, in the order the scenario lists them: permanent
/// contracts first, then by shift kind (contract, length, start, breaks) and the first
/// pattern served.
pub fn line_shifts(
    rules: &ShiftRules,
    line: &LineRoster,
    patterns: &[Pattern],
    working_days: &[jiff::civil::Date],
) -> Vec<RosterShift> {
    // (column, agents) → the patterns with that many agents on that kind.
    let mut groups: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
    for (p, s) in line.solved.iter().enumerate() {
        for (k, &a) in s.agents.iter().enumerate() {
            if a > 0 {
                groups.entry((k, a)).or_default().push(p);
            }
        }
    }
    let mut keyed: Vec<((bool, usize, usize, u32), RosterShift)> = groups
        .into_iter()
        .map(|((k, agents), served)| {
            let c = &line.columns[k];
            let days = (served.len() < patterns.len())
                .then(|| shift_days(served.iter().map(|&p| &patterns[p]), working_days));
            let permanent = rules.contracts[c.contract].permanent;
            let shift = Shift {
                start_s: c.start_s,
                end_s: c.start_s + c.length_s,
                agents,
                breaks: c
                    .breaks
                    .iter()
                    .map(|&(start_s, length_s)| ShiftBreak { start_s, length_s })
                    .collect(),
                days,
                temporary: !permanent,
            };
            (
                (!permanent, k, served[0], agents),
                RosterShift {
                    contract: c.contract,
                    shift,
                },
            )
        })
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, s)| s).collect()
}

/// The days of `patterns`: weekday keys for weekday patterns, dates for the others.
fn shift_days<'a>(
    patterns: impl Iterator<Item = &'a Pattern>,
    working_days: &[jiff::civil::Date],
) -> ShiftDays {
    let mut out = ShiftDays::default();
    for p in patterns {
        if WEEKDAY_KEYS.contains(&p.label.as_str()) {
            for &d in &p.days {
                out.weekdays[weekday_index(working_days[d])] = true;
            }
        } else {
            out.dates.extend(p.days.iter().map(|&d| working_days[d]));
        }
    }
    out
}
