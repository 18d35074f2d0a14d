//! Shift breaks in the engine, pinned by the call trace, identities and Erlang C:
//! - nobody starts a call while the whole block is on break, a call in hand at the break's
//!   start is finished first and the break then taken in full;
//! - a break taken late that runs past the shift's end sends the agent home, with no
//!   overtime;
//! - agent time adds up: busy time is the sum of the traced services, never more than the
//!   agents available in any interval, and the available time is the roster's less the
//!   breaks;
//! - at low load a break changes no caller's fate, and the agents available in each
//!   interval are exactly those on shift less those on break;
//! - a block of 2c agents with c of them on a long break behaves, inside the break, as an
//!   M/M/c queue (Erlang C).

use std::collections::BTreeMap;

use ccplan::engine::{Setup, SimCall, SimOutcome, simulate};
use ccplan::scenario::{self, Scenario};
use ccplan::stats::ReplicationStats;

use crate::common::mean_ci99;

const FIRST: usize = 0;
const HOUR: f64 = 3600.0;
const EPS: f64 = 1e-6;

fn parse(yaml: &str) -> Scenario {
    scenario::parse_str(yaml, "engine-breaks.yaml").expect("valid scenario")
}

use crate::engine_rules::traced;

/// Day index of a traced call.
fn day_of(sc: &Scenario, c: &SimCall) -> usize {
    sc.calendar.working_days.binary_search(&c.date).unwrap()
}

/// First-line services of each (day, agent), in start order: `(start, end)`.
fn services(sc: &Scenario, calls: &[SimCall]) -> BTreeMap<(usize, u32), Vec<(f64, f64)>> {
    let mut out: BTreeMap<(usize, u32), Vec<(f64, f64)>> = BTreeMap::new();
    for c in calls {
        if let (SimOutcome::Answered, Some(s), Some(a)) = (c.outcome, c.service, c.agent) {
            out.entry((day_of(sc, c), a)).or_default().push(s);
        }
    }
    for v in out.values_mut() {
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    out
}

// ----- a break of the whole block -------------------------------------------------------

/// Ten agents, 08:00–20:00, all on break 13:00–13:30; 9 erlangs of calls with patience,
/// so the queue is never empty for long.
const ALL_ON_BREAK: &str = r#"
name: all-on-break
calendar: {start: 2024-01-08, days: 4, holidays: none, open: "08:00", close: "20:00", interval_min: 30}
demand: {calls_per_day: 1296, intraday_profile: flat}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}
callers:
  patience: {dist: exponential, mean_s: 300}
lines:
  first:
    shifts: [{start: "08:00", end: "20:00", agents: 10, breaks: [{start: "13:00", minutes: 30}]}]
"#;

#[test]
fn no_call_starts_while_the_block_is_on_break_and_the_call_in_hand_is_finished_first() {
    let sc = parse(ALL_ON_BREAK);
    let (b_start, b_len) = (13.0 * HOUR, 1800.0);
    let mut in_hand = 0;
    let mut back_at_once = 0;
    for (r, calls) in traced(&sc, 4) {
        // Callers' stays in the queue, per day.
        let mut queued: Vec<Vec<(f64, f64)>> = vec![Vec::new(); r.n_days];
        for c in &calls {
            if let Some(q) = c.queue {
                queued[day_of(&sc, c)].push(q);
            }
        }
        // The trace: no service starts inside the break window.
        for c in &calls {
            if let Some((start, _)) = c.service {
                assert!(
                    !(b_start..b_start + b_len).contains(&start),
                    "a call started at {start} s, during the break"
                );
            }
        }
        for ((d, agent), s) in services(&sc, &calls) {
            // The call in hand at the break's start (if any) runs past it; the agent's
            // break starts when that call ends and lasts the full 30 minutes.
            let before = s.iter().rfind(|x| x.0 < b_start);
            let leaves = match before {
                Some(&(_, end)) if end > b_start => {
                    in_hand += 1;
                    end
                }
                _ => b_start,
            };
            let back = leaves + b_len;
            let next = s.iter().find(|x| x.0 >= b_start).map(|x| x.0);
            let Some(next) = next else { continue };
            assert!(
                next >= back - EPS,
                "day {d}: agent {agent} left at {leaves}, took a call at {next}"
            );
            if next - back < EPS {
                back_at_once += 1;
            } else {
                // Idle from its return to its next call: nobody may have waited meanwhile.
                let waiting = queued[d]
                    .iter()
                    .find(|&&(qs, qe)| qe > back + EPS && qs < next - EPS);
                assert!(
                    waiting.is_none(),
                    "day {d}: agent {agent} back at {back}, idle until {next}, while a caller waited {waiting:?}"
                );
            }
        }
        // The agents available: none for the whole break window but those finishing a
        // call; busy time never exceeds them.
        for d in 0..r.n_days {
            for i in 0..=r.n_intervals {
                let c = r.cell(d, i, FIRST);
                assert!(
                    c.busy_s <= c.available_s + EPS,
                    "day {d} interval {i}: {c:?}"
                );
            }
            // 13:00–13:30 is interval 10: only agents finishing their call in hand.
            let c = r.cell(d, 10, FIRST);
            assert!(c.available_s < 10.0 * 1800.0 / 2.0, "day {d}: {c:?}");
            assert!((c.available_s - c.busy_s).abs() < EPS, "day {d}: {c:?}");
        }
    }
    // Under this load most agents are busy when the break starts ...
    assert!(in_hand > 20, "{in_hand} calls in hand at the break's start");
    // ... and the queue that built up during the break is waiting for them when they come
    // back: many take a caller the moment they return.
    assert!(back_at_once > 40, "{back_at_once} took a call on return");
}

// ----- identities with staggered breaks ----------------------------------------------------

/// Two half-blocks of six, each on a one-hour break (12:00 and 13:00), with availability
/// away spells on top; 8 erlangs.
const STAGGERED: &str = r#"
name: staggered
calendar: {start: 2024-01-08, days: 4, holidays: none, open: "08:00", close: "20:00", interval_min: 30}
demand: {calls_per_day: 1150, intraday_profile: flat}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: lognormal, mean_s: 300, cv: 0.8}}}
callers:
  patience: {dist: exponential, mean_s: 400}
lines:
  first:
    shifts:
      - {start: "08:00", end: "20:00", agents: 6, breaks: [{start: "12:00", minutes: 60}]}
      - {start: "08:00", end: "20:00", agents: 6, breaks: [{start: "13:00", minutes: 60}]}
    availability: {share: 0.9, away_mean_s: 300}
"#;

#[test]
fn agent_time_adds_up_with_staggered_breaks() {
    let sc = parse(STAGGERED);
    for (r, calls) in traced(&sc, 4) {
        let mut served = vec![0.0; r.n_days];
        for c in &calls {
            if let Some((start, end)) = c.service {
                served[day_of(&sc, c)] += end - start;
            }
        }
        for (d, &served) in served.iter().enumerate() {
            let cells = (0..=r.n_intervals).map(|i| r.cell(d, i, FIRST));
            let (busy, available) = cells.fold((0.0, 0.0), |(b, a), c| {
                assert!(c.busy_s <= c.available_s + EPS, "day {d}: {c:?}");
                (b + c.busy_s, a + c.available_s)
            });
            // Busy agent-time is the traced service time (offered work that was served).
            assert!(
                (busy - served).abs() < EPS * served,
                "day {d}: {busy} vs {served}"
            );
            // Available agent-time: 12 agents × 12 h, less one hour of break each (every
            // break is taken whole, late or not), plus the overtime after close.
            let line = r.days[d * 2 + FIRST];
            let expected = 12.0 * 12.0 * HOUR - 12.0 * HOUR + line.overtime_s;
            assert!(
                (available - expected).abs() < EPS * expected,
                "day {d}: available {available} s, expected {expected} s"
            );
            assert!(line.away_s > 0.0);
        }
    }
}

// ----- a break taken late, past the end of the shift ---------------------------------------

/// An early shift (agents 0–4) with a break at 11:45, its last quarter-hour, beside a
/// shift to close; calls of 10 minutes on average, so many early agents are in a call at
/// 11:45 and take their break late, past 12:00.
const LATE: &str = r#"
name: late-break
calendar: {start: 2024-01-08, days: 5, holidays: none, open: "08:00", close: "14:00", interval_min: 30}
demand: {calls_per_day: 324, intraday_profile: flat}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 600}}}
callers:
  patience: {dist: exponential, mean_s: 600}
lines:
  first:
    shifts:
      - {start: "08:00", end: "12:00", agents: 5, breaks: [{start: "11:45", minutes: 15}]}
      - {start: "08:00", end: "14:00", agents: 5}
"#;

#[test]
fn a_break_running_past_the_shift_end_sends_the_agent_home_without_overtime() {
    let sc = parse(LATE);
    let (b_start, end) = (11.75 * HOUR, 12.0 * HOUR);
    let mut late = 0;
    for (r, calls) in traced(&sc, 8) {
        let mut early_overtime = vec![0.0; r.n_days];
        for ((d, agent), s) in services(&sc, &calls) {
            if agent >= 5 {
                continue;
            }
            // After the break's start an early agent only finishes the call in hand: back
            // from the break (≥ 12:00) its shift is over.
            assert!(
                s.iter().all(|x| x.0 < b_start),
                "day {d}: early agent {agent} took a call after 11:45: {s:?}"
            );
            let last_end = s.last().map_or(0.0, |x| x.1);
            if last_end > b_start && last_end < end {
                late += 1;
            }
            early_overtime[d] += (last_end - end).max(0.0);
        }
        for (d, &early) in early_overtime.iter().enumerate() {
            // The line's overtime: the late shift's after close, and the early agents'
            // calls running past 12:00; nothing for breaks running past it.
            let line = r.days[d * 2 + FIRST];
            let after_close = r.cell(d, r.n_intervals, FIRST).available_s;
            assert!(
                (line.overtime_s - after_close - early).abs() < EPS,
                "day {d}: overtime {} s, after close {after_close} s, early shift {early} s",
                line.overtime_s
            );
        }
    }
    assert!(
        late > 10,
        "{late} breaks began between 11:45 and 12:00 after a call"
    );
}

// ----- low load ---------------------------------------------------------------------------

/// Twelve callers a day for 12 agents in two staggered half-blocks: at least six agents
/// are always free.
fn low_load(breaks: bool) -> Scenario {
    let b = |at: &str| {
        if breaks {
            format!(", breaks: [{{start: \"{at}\", minutes: 60}}]")
        } else {
            String::new()
        }
    };
    parse(&format!(
        r#"
name: low-load
calendar: {{start: 2024-01-08, days: 10, holidays: none, open: "08:00", close: "20:00", interval_min: 30}}
demand: {{calls_per_day: 12, intraday_profile: flat}}
contact_types:
  - {{name: all, share: 1.0, first_line: {{handle: {{dist: exponential, mean_s: 120}}}}}}
callers:
  patience: {{dist: exponential, mean_s: 60}}
lines:
  first:
    shifts:
      - {{start: "08:00", end: "20:00", agents: 6{}}}
      - {{start: "08:00", end: "20:00", agents: 6{}}}
"#,
        b("12:00"),
        b("13:00")
    ))
}

#[test]
fn at_low_load_breaks_change_no_callers_fate_and_remove_exactly_the_agents_on_break() {
    let (with, without) = (low_load(true), low_load(false));
    let n = 40;
    let (tw, tn) = (traced(&with, n), traced(&without, n));
    let mut diff = Vec::new();
    let mut exact_days = 0;
    for ((rw, cw), (rn, _)) in tw.iter().zip(&tn) {
        let answered = |r: &ReplicationStats| {
            (0..r.n_days)
                .flat_map(|d| (0..=r.n_intervals).map(move |i| (d, i)))
                .map(|(d, i)| r.cell(d, i, FIRST).answered as f64)
                .sum::<f64>()
        };
        diff.push(answered(rw) - answered(rn));
        // Days with no call in service when a break starts: every break is on time, and
        // the agents available in each interval are the 12 on shift less those on break.
        let mut busy_at_break = vec![false; rw.n_days];
        for c in cw {
            if let Some((s, e)) = c.service {
                for b in [12.0 * HOUR, 13.0 * HOUR] {
                    busy_at_break[day_of(&with, c)] |= s <= b && b < e;
                }
            }
        }
        for d in (0..rw.n_days).filter(|&d| !busy_at_break[d]) {
            exact_days += 1;
            for i in 0..rw.n_intervals {
                let on_break = if (8..12).contains(&i) { 6.0 } else { 0.0 };
                let expected = (12.0 - on_break) * 1800.0;
                let got = rw.cell(d, i, FIRST).available_s;
                assert!((got - expected).abs() < EPS, "day {d} interval {i}: {got}");
            }
        }
    }
    // Same callers (common random numbers), same service: the throughput does not move.
    let (mean, ci) = mean_ci99(&diff);
    assert!(mean.abs() <= ci + EPS, "answered differ by {mean} ± {ci}");
    assert!(exact_days >= n as usize * 8, "{exact_days} exact days");
}

// ----- stationary: Erlang C inside a long break ------------------------------------------

/// Two blocks of 10 agents, 08:00–20:00; the second is on break 12:00–16:00. Calls at 8
/// erlangs (exponential 180 s), no abandonment: from 13:00 (an hour for the queue to
/// settle) to 16:00 the line is an M/M/10 queue at 8 erlangs.
const ERLANG: &str = r#"
name: erlang-inside-a-break
calendar: {start: 2024-01-08, days: 10, holidays: none, open: "08:00", close: "20:00", interval_min: 60}
demand: {calls_per_day: 1920, intraday_profile: flat}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 180}}}
lines:
  first:
    shifts:
      - {start: "08:00", end: "20:00", agents: 10}
      - {start: "08:00", end: "20:00", agents: 10, breaks: [{start: "12:00", minutes: 240}]}
"#;

#[test]
fn half_a_block_on_break_leaves_an_erlang_c_queue() {
    let sc = parse(ERLANG);
    let setup = Setup::new(&sc);
    let (mut p_wait, mut asa, mut p_wait_outside) = (Vec::new(), Vec::new(), Vec::new());
    for rep in 0..40 {
        let r = simulate(&setup, 2026, rep);
        let (mut offered, mut waited, mut wait_s) = (0u64, 0u64, 0.0);
        let (mut offered_out, mut waited_out) = (0u64, 0u64);
        for d in 0..r.n_days {
            // 13:00–16:00: intervals 5, 6, 7.
            for i in 5..8 {
                let c = r.cell(d, i, FIRST);
                offered += c.offered;
                waited += c.waited;
                wait_s += c.wait_all_s;
            }
            // 09:00–12:00, with all 20 agents.
            for i in 1..4 {
                let c = r.cell(d, i, FIRST);
                offered_out += c.offered;
                waited_out += c.waited;
            }
        }
        p_wait.push(waited as f64 / offered as f64);
        asa.push(wait_s / offered as f64);
        p_wait_outside.push(waited_out as f64 / offered_out as f64);
    }
    let exact_c = ccplan::erlang::erlang_c(10, 8.0).unwrap();
    let exact_asa = ccplan::erlang::erlang_c_asa_s(10.0, 8.0, 180.0).unwrap();
    eprintln!(
        "inside the break: P(wait) {:?} (Erlang C {exact_c:.4}), ASA {:?} s (Erlang C {exact_asa:.2} s)",
        mean_ci99(&p_wait),
        mean_ci99(&asa)
    );
    let (m, ci) = mean_ci99(&p_wait);
    assert!(
        (m - exact_c).abs() <= ci + 0.01,
        "P(wait) {m:.4} ± {ci:.4}, Erlang C {exact_c:.4}"
    );
    let (m, ci) = mean_ci99(&asa);
    assert!(
        (m - exact_asa).abs() <= ci + 1.0,
        "ASA {m:.2} ± {ci:.2} s, Erlang C {exact_asa:.2} s"
    );
    // Outside the break the same load meets 20 agents: Erlang C with 20.
    let exact_20 = ccplan::erlang::erlang_c(20, 8.0).unwrap();
    let (m, ci) = mean_ci99(&p_wait_outside);
    assert!(
        (m - exact_20).abs() <= ci + 0.005,
        "P(wait) with 20: {m:.4} ± {ci:.4}, Erlang C {exact_20:.4}"
    );
}
