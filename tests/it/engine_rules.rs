//! The engine's richer paths, each pinned by an identity or an exact limit rather than a
//! tolerance: e-mail conservation and the reserve rule, agents leaving at the end of a
//! shift after the call in hand, redials after close lost, and temporary agents' slower
//! handling. (Trunks as Erlang B are in `sim_validation`, the end-of-day rule in
//! `engine_paths`.)
//!
//! Where a rule is about individual calls, the test reads the engine's own call trace
//! (`simulate_with` and a `Vec<SimCall>` sink): which agent served whom, when.

use std::collections::BTreeMap;

use ccplan::engine::{Setup, SimCall, SimOutcome, simulate, simulate_with};
use ccplan::scenario::{self, Scenario};
use ccplan::stats::ReplicationStats;

use crate::common::mean_ci99;

const FIRST: usize = 0;
const HOUR: f64 = 3600.0;

fn parse(yaml: &str) -> Scenario {
    scenario::parse_str(yaml, "engine-rules.yaml").expect("valid scenario")
}

fn replications(sc: &Scenario, n: u32) -> Vec<ReplicationStats> {
    let setup = Setup::new(sc);
    (0..n).map(|r| simulate(&setup, 2026, r)).collect()
}

/// Replications with every attempt at the switch, as the engine traced it.
pub(crate) fn traced(sc: &Scenario, n: u32) -> Vec<(ReplicationStats, Vec<SimCall>)> {
    let setup = Setup::new(sc);
    (0..n)
        .map(|r| {
            let mut calls = Vec::new();
            let stats = simulate_with(&setup, 2026, r, &mut calls);
            (stats, calls)
        })
        .collect()
}

// ----- e-mail ------------------------------------------------------------------------

/// Eight working days (a weekend inside: e-mail keeps arriving), calls with patience on
/// a line that also answers e-mail; the backlog grows and shrinks from day to day. Callers
/// still in the menu at close keep agents after close, when no e-mail may be picked up.
const EMAIL_YAML: &str = r#"
name: email-conservation
calendar: {start: 2024-01-08, days: 8, holidays: none, open: "08:00", close: "12:00", interval_min: 30}
demand: {calls_per_day: 300, intraday_profile: flat, day_to_day_cv: 0.3}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 240}}}
callers:
  patience: {dist: exponential, mean_s: 200}
  self_service_time: {dist: exponential, mean_s: 40}
email:
  per_day: 150
  line: first
  handle: {dist: lognormal, mean_s: 480, cv: 0.8}
  reserve_idle_agents: 1
lines: {first: {shifts: [{start: "08:00", end: "12:00", agents: 8}]}}
"#;

#[test]
fn every_email_received_is_handled_or_still_open() {
    let sc = parse(EMAIL_YAML);
    let mut handled_all = 0;
    let mut carried_over = 0;
    for r in replications(&sc, 10) {
        let days = &r.email_days;
        let received: u64 = days.iter().map(|d| d.received).sum();
        let handled: u64 = days.iter().map(|d| d.handled).sum();
        assert!(received > 0);
        // Over the horizon: received = handled + still open at the end.
        assert_eq!(received, handled + r.email_backlog_end, "{days:?}");
        // Day by day: the backlog at close is yesterday's, plus today's arrivals (those of
        // the night included), less today's answers (e-mail in hand at close is finished
        // that day, and none is picked up after close).
        let mut open = 0;
        for (d, day) in days.iter().enumerate() {
            assert_eq!(
                day.backlog_at_close,
                open + day.received - day.handled,
                "day {d}: {days:?}"
            );
            open = day.backlog_at_close;
            // Each answered e-mail has one response time, on the day it was answered.
            assert_eq!(r.email_response_days[d].total(), day.handled, "day {d}");
            carried_over += (day.backlog_at_close > 0) as u32;
        }
        assert_eq!(open, r.email_backlog_end);
        assert_eq!(r.email_response.total(), handled);
        handled_all += handled;
    }
    // The case exercises both answering and carrying e-mail over.
    assert!(
        handled_all > 1000 && carried_over > 10,
        "{handled_all} {carried_over}"
    );
}

/// 10 agents, a deep e-mail backlog and (almost) no calls: `reserve` agents must stay
/// idle at every moment of the opening hours.
fn reserve_case(reserve: u32) -> Scenario {
    parse(&format!(
        r#"
name: reserve
calendar: {{start: 2024-01-08, days: 3, holidays: none, open: "08:00", close: "10:00", interval_min: 30}}
demand: {{calls_per_day: 0.000001, intraday_profile: flat}}
contact_types:
  - {{name: all, share: 1.0, first_line: {{handle: {{dist: fixed, s: 60}}}}}}
email:
  per_day: 3000
  line: first
  handle: {{dist: fixed, s: 420}}
  reserve_idle_agents: {reserve}
lines: {{first: {{shifts: [{{start: "08:00", end: "10:00", agents: 10}}]}}}}
"#
    ))
}

#[test]
fn the_reserve_keeps_exactly_that_many_agents_off_email() {
    for reserve in [0, 3, 9] {
        let sc = reserve_case(reserve);
        for r in replications(&sc, 3) {
            assert_eq!(r.line_total(FIRST).offered, 0, "a call arrived");
            for day in 0..r.n_days {
                // The backlog never runs dry, so every agent the rule allows is on
                // e-mail all the time: exactly 10 − reserve of them.
                assert!(r.email_days[day].backlog_at_close > 0);
                for i in 0..r.n_intervals {
                    let c = r.cell(day, i, FIRST);
                    let on_email = c.email_busy_s / 1800.0;
                    assert!(
                        (on_email - f64::from(10 - reserve)).abs() < 1e-9,
                        "reserve {reserve}, day {day}, interval {i}: {on_email} agents on e-mail"
                    );
                    assert!((c.available_s - 10.0 * 1800.0).abs() < 1e-9);
                }
            }
        }
    }
}

#[test]
fn a_reserve_as_large_as_the_line_answers_no_email() {
    let sc = reserve_case(10);
    for r in replications(&sc, 3) {
        let received: u64 = r.email_days.iter().map(|d| d.received).sum();
        assert!(received > 1000);
        assert!(r.email_days.iter().all(|d| d.handled == 0));
        assert_eq!(r.email_backlog_end, received);
        assert_eq!(r.line_total(FIRST).email_busy_s, 0.0);
    }
}

#[test]
fn no_email_is_picked_up_while_a_call_waits() {
    // A line overloaded with calls all morning (a queue from the first minutes to close,
    // callers patient) takes no e-mail at all, however deep the backlog; the same line
    // without calls answers e-mail all day.
    let yaml = |calls: &str| {
        format!(
            r#"
name: calls-first
calendar: {{start: 2024-01-08, days: 2, holidays: none, open: "08:00", close: "10:00", interval_min: 30}}
demand: {{calls_per_day: {calls}, intraday_profile: flat}}
contact_types:
  - {{name: all, share: 1.0, first_line: {{handle: {{dist: fixed, s: 300}}}}}}
email: {{per_day: 500, line: first, handle: {{dist: fixed, s: 300}}, reserve_idle_agents: 0}}
lines: {{first: {{shifts: [{{start: "08:00", end: "10:00", agents: 5}}]}}}}
"#
        )
    };
    // 5 agents answer 60 calls an hour; 200 arrive.
    for r in replications(&parse(&yaml("400")), 5) {
        let total = r.line_total(FIRST);
        // Agents start at open with nobody waiting, so each takes one e-mail at 08:00
        // sharp; from then on a call always waits, and no other e-mail is taken.
        let handled: u64 = r.email_days.iter().map(|d| d.handled).sum();
        assert_eq!(handled, 5 * 2, "e-mails answered under a queue");
        assert!(total.answered > 100);
    }
    for r in replications(&parse(&yaml("0.000001")), 2) {
        let handled: u64 = r.email_days.iter().map(|d| d.handled).sum();
        assert_eq!(handled, 2 * 5 * 24, "5 agents × 24 e-mails of 5 min a day");
    }
}

// ----- end of a shift ------------------------------------------------------------------

#[test]
fn agents_leave_at_the_end_of_their_shift_after_the_call_in_hand() {
    // Open 08:00–10:00. Agents 0–3 work 08:00–09:00, agents 4–7 08:00–10:00. 200 calls
    // an hour of 300 s each overload both (a queue all morning): at 09:00 each early agent
    // is in a call, finishes it, and takes no other.
    let sc = parse(
        r#"
name: shift-end
calendar: {start: 2024-01-08, days: 3, holidays: none, open: "08:00", close: "10:00", interval_min: 30}
demand: {calls_per_day: 400, intraday_profile: flat}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: fixed, s: 300}}}
callers: {patience: {dist: exponential, mean_s: 600}}
lines:
  first:
    shifts:
      - {start: "08:00", end: "09:00", agents: 4}
      - {start: "08:00", end: "10:00", agents: 4}
"#,
    );
    let shift_end = 9.0 * HOUR;
    for (r, calls) in traced(&sc, 5) {
        let dates = dates_of(&calls);
        assert_eq!(dates.len(), r.n_days);
        // Per (day, early agent): when its last call ended.
        let mut last_end: BTreeMap<(usize, u32), f64> = BTreeMap::new();
        for c in &calls {
            let (Some((start, end)), Some(agent)) = (c.service, c.agent) else {
                continue;
            };
            if agent < 4 {
                assert!(start < shift_end, "agent {agent} took a call at {start} s");
                let d = dates.binary_search(&c.date).unwrap();
                let e = last_end.entry((d, agent)).or_default();
                *e = e.max(end);
            }
        }
        assert_eq!(last_end.len(), 4 * r.n_days, "every early agent served");
        let mut early_overtime = vec![0.0; r.n_days];
        for (&(d, agent), &end) in &last_end {
            // In a call at 09:00 (a queue all morning), done within one handling time.
            assert!(
                end > shift_end && end <= shift_end + 300.0 + 1e-6,
                "day {d}: agent {agent} left at {end} s"
            );
            early_overtime[d] += end - shift_end;
        }
        for (d, &early) in early_overtime.iter().enumerate() {
            // Their overtime is all the line's overtime but the late shift's, which falls
            // after close; and it is the only extra presence between 09:00 and 09:30.
            let line = r.days[d * 2 + FIRST];
            let after_close = r.cell(d, r.n_intervals, FIRST).available_s;
            assert!(
                (line.overtime_s - after_close - early).abs() < 1e-6,
                "day {d}: overtime {} s, after close {after_close} s, early shift {early} s",
                line.overtime_s
            );
            let present = r.cell(d, 2, FIRST).available_s;
            assert!(
                (present - (4.0 * 1800.0 + early)).abs() < 1e-6,
                "day {d}: {present} agent-seconds present 09:00–09:30"
            );
        }
    }
}

/// The dates of a replication's calls, ascending: day `d` of the horizon is `dates[d]`
/// (every day of these cases has calls).
fn dates_of(calls: &[SimCall]) -> Vec<jiff::civil::Date> {
    let mut d: Vec<_> = calls.iter().map(|c| c.date).collect();
    d.sort();
    d.dedup();
    d
}

// ----- redials ---------------------------------------------------------------------------

/// When an attempt ended without an agent (blocked, or hung up in the queue).
fn ended_unanswered(c: &SimCall) -> Option<f64> {
    match c.outcome {
        SimOutcome::Blocked => Some(c.arrival_s),
        SimOutcome::Abandoned => c.queue.map(|(_, exit)| exit),
        _ => None,
    }
}

#[test]
fn redials_falling_after_close_are_lost() {
    // Every blocked or abandoned caller redials exactly 10 minutes later. Redials due
    // before close are new attempts; those due after close are counted as lost and never
    // reach the switch.
    let sc = parse(
        r#"
name: redials
calendar: {start: 2024-01-08, days: 4, holidays: none, open: "08:00", close: "10:00", interval_min: 30}
demand: {calls_per_day: 300, intraday_profile: flat}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 240}}}
callers:
  patience: {dist: exponential, mean_s: 90}
  redial: {probability: 1.0, after: {dist: fixed, s: 600}}
lines: {first: {shifts: [{start: "08:00", end: "10:00", agents: 9}]}}
trunks: 14
"#,
    );
    let close = 10.0 * HOUR;
    let (mut lost_all, mut redials_all) = (0, 0);
    for (r, calls) in traced(&sc, 5) {
        let dates = dates_of(&calls);
        assert_eq!(dates.len(), r.n_days);
        for (d, date) in dates.iter().enumerate() {
            let ends: Vec<f64> = calls
                .iter()
                .filter(|c| c.date == *date)
                .filter_map(ended_unanswered)
                .collect();
            let lost = ends.iter().filter(|&&t| t + 600.0 >= close).count() as u64;
            let redialled = ends.len() as u64 - lost;
            let day = r.day_total(d, FIRST);
            assert_eq!(
                r.days[d * 2 + FIRST].redials_after_close,
                lost,
                "day {d}: lost redials"
            );
            assert_eq!(day.redials, redialled, "day {d}: redials made");
            // Nothing reaches the switch after close.
            assert_eq!(r.cell(d, r.n_intervals, FIRST).offered, 0);
            assert!(
                calls
                    .iter()
                    .filter(|c| c.date == *date)
                    .all(|c| c.arrival_s < close)
            );
            lost_all += lost;
            redials_all += redialled;
        }
        // And in the counters alone: with probability 1, every blocked or abandoned
        // attempt is followed by a redial, made or lost.
        let total = r.line_total(FIRST);
        let lost: u64 = (0..r.n_days)
            .map(|d| r.days[d * 2 + FIRST].redials_after_close)
            .sum();
        assert_eq!(total.blocked + total.abandoned, total.redials + lost);
    }
    assert!(
        lost_all > 20 && redials_all > 200,
        "{lost_all} {redials_all}"
    );
}

// ----- temporary agents --------------------------------------------------------------------

fn temporary_case(handle: &str) -> Scenario {
    // 10 posts, 60% permanent: agents 0–5 are permanent, 6–9 temporary and 1.5 times
    // slower.
    parse(&format!(
        r#"
name: temporary-agents
calendar: {{start: 2024-01-08, days: 5, holidays: none, open: "08:00", close: "16:00", interval_min: 30}}
demand: {{calls_per_day: 900, intraday_profile: flat}}
contact_types:
  - {{name: all, share: 1.0, first_line: {{handle: {handle}}}}}
lines:
  first:
    posts: 10
    permanent_share: 0.6
    temporary_handle_factor: 1.5
    shifts: [{{start: "08:00", end: "16:00", agents: 10}}]
"#
    ))
}

/// Handling times of first-line services, split into permanent (agents 0–5) and
/// temporary (6–9) agents.
fn handling_by_contract(calls: &[SimCall]) -> (Vec<f64>, Vec<f64>) {
    let (mut permanent, mut temporary) = (Vec::new(), Vec::new());
    for c in calls {
        if let (Some((a, b)), Some(agent)) = (c.service, c.agent) {
            if agent < 6 {
                permanent.push(b - a);
            } else {
                temporary.push(b - a);
            }
        }
    }
    (permanent, temporary)
}

#[test]
fn temporary_agents_take_the_factor_times_longer_exactly() {
    let sc = temporary_case("{dist: fixed, s: 200}");
    for (r, calls) in traced(&sc, 2) {
        let (permanent, temporary) = handling_by_contract(&calls);
        assert!(permanent.len() > 1000 && temporary.len() > 500);
        assert!(permanent.iter().all(|&h| (h - 200.0).abs() < 1e-6));
        assert!(temporary.iter().all(|&h| (h - 300.0).abs() < 1e-6));
        // The agents were busy for exactly those services: the trace is what happened.
        let busy = r.line_total(FIRST).busy_s;
        let traced: f64 = permanent.iter().chain(&temporary).sum();
        assert!((busy - traced).abs() < 1e-6 * busy, "{busy} vs {traced}");
    }
}

#[test]
fn temporary_agents_measured_mean_is_the_factor_times_the_base() {
    // Exponential handling, mean 200 s: per replication, the mean handling time of each
    // contract; across 40 replications the 99% intervals must cover 200 s and 300 s.
    let sc = temporary_case("{dist: exponential, mean_s: 200}");
    let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
    let (mut permanent, mut temporary) = (Vec::new(), Vec::new());
    for (_, calls) in traced(&sc, 40) {
        let (p, t) = handling_by_contract(&calls);
        permanent.push(mean(&p));
        temporary.push(mean(&t));
    }
    for (what, sample, exact) in [
        ("permanent", &permanent, 200.0),
        ("temporary", &temporary, 300.0),
    ] {
        let (m, half) = mean_ci99(sample);
        eprintln!("{what}: mean handling {m:.2} ± {half:.2} s, expected {exact} s");
        assert!((m - exact).abs() <= half, "{what}: {m} ± {half} vs {exact}");
        assert!(half < 0.02 * exact, "{what}: interval too wide ({half})");
    }
}
