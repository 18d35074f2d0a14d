//! The engine's end-of-day rule, pinned with exact limits: after close an agent on shift
//! at close finishes the call in hand, then stays only while its own line has callers
//! queued or callers who can still reach it (the menu, or a transfer from the 1st line).

use ccplan::engine::{Setup, simulate};
use ccplan::scenario::{self, Scenario};
use ccplan::stats::ReplicationStats;

const FIRST: usize = 0;
const SECOND: usize = 1;
/// 08:00 to 09:00.
const CLOSE_S: f64 = 9.0 * 3600.0;

/// One day open 08:00–09:00; every call is transferred; fixed handling times; no patience
/// limit, no menu, no redials.
fn two_lines(calls: u32, first: (u32, f64), second: (u32, f64)) -> Scenario {
    let yaml = format!(
        r#"
name: end-of-day
calendar: {{start: 2024-01-08, days: 1, holidays: none, open: "08:00", close: "09:00", interval_min: 30}}
demand: {{calls_per_day: {calls}, intraday_profile: flat}}
contact_types:
  - name: all
    share: 1.0
    first_line: {{handle: {{dist: fixed, s: {}}}}}
    to_second_line: 1.0
    second_line: {{handle: {{dist: fixed, s: {}}}}}
lines:
  first: {{shifts: [{{start: "08:00", end: "09:00", agents: {}}}]}}
  second: {{shifts: [{{start: "08:00", end: "09:00", agents: {}}}]}}
"#,
        first.1, second.1, first.0, second.0
    );
    scenario::parse_str(&yaml, "end-of-day.yaml").expect("valid scenario")
}

fn replications(sc: &Scenario, n: u32) -> Vec<ReplicationStats> {
    let setup = Setup::new(sc);
    (0..n).map(|r| simulate(&setup, 14, r)).collect()
}

/// A line's present agent-seconds after close (the after-close slot of day 0).
fn present_after_close(r: &ReplicationStats, line: usize) -> f64 {
    r.cell(0, r.n_intervals, line).available_s
}

#[test]
fn the_first_line_goes_home_before_the_second_line_has_finished() {
    // 40 calls an hour on 5 agents at 60 s each: the 1st line is idle at close, or nearly
    // so. Every call then spends an hour on the 2nd line, whose 40 agents answer at once.
    let sc = two_lines(40, (5, 60.0), (40, 3600.0));
    for r in replications(&sc, 20) {
        let total = r.line_total(SECOND);
        assert!(total.answered > 0 && total.abandoned == 0);
        let (first, second) = (r.days[FIRST], r.days[SECOND]);
        // The 2nd line works until its last call ends, an hour after the last transfer.
        assert!(second.last_departure_s > CLOSE_S + 60.0, "{second:?}");
        // The 1st line's agents finish at most the call in hand (60 s), then leave:
        // nothing can reach them any more.
        assert!(
            first.last_departure_s <= CLOSE_S + 60.0 + 1e-6,
            "1st line left at {} s, 2nd at {} s",
            first.last_departure_s,
            second.last_departure_s
        );
        assert!(first.last_departure_s < second.last_departure_s);
        let after = present_after_close(&r, FIRST);
        assert!(
            after <= 5.0 * 60.0 + 1e-6,
            "1st line present {after} s after close"
        );
        assert!((first.overtime_s - after).abs() < 1e-6 * (1.0 + after));
    }
}

#[test]
fn transfers_still_coming_keep_the_second_line() {
    // One 1st-line agent at 1,500 s a call cannot keep up with 12 calls an hour: at close
    // callers are still queued on the 1st line, each to be transferred. The 2nd line
    // (2 s a call) is idle at close, yet must stay until the last transfer is answered.
    let sc = two_lines(12, (1, 1500.0), (3, 2.0));
    let mut queued_at_close = 0;
    for r in replications(&sc, 20) {
        let (first, second) = (r.line_total(FIRST), r.line_total(SECOND));
        // Every caller reaching the 1st line is answered there and then on the 2nd line.
        assert_eq!(first.abandoned + second.abandoned, 0);
        assert_eq!(second.answered, first.answered);
        let (d1, d2) = (r.days[FIRST], r.days[SECOND]);
        // The last transfer reaches the 2nd line when the 1st line's agent leaves; it is
        // answered at once and takes 2 s.
        assert!(
            (d2.last_departure_s - (d1.last_departure_s + 2.0)).abs() < 1e-6,
            "1st line left at {} s, 2nd at {} s",
            d1.last_departure_s,
            d2.last_departure_s
        );
        queued_at_close += (d1.last_departure_s > CLOSE_S + 1500.0) as u32;
    }
    assert!(
        queued_at_close > 10,
        "too few days with transfers after close"
    );
}

#[test]
fn agents_of_one_line_do_not_wait_for_each_other() {
    // 2 agents at 900 s a call for 30 calls an hour: both still busy at close, with a
    // queue they drain. Once it is empty, the agent finishing first leaves at once rather
    // than idling until the other's call ends (nothing can reach the line any more).
    let yaml = r#"
name: one-line
calendar: {start: 2024-01-08, days: 1, holidays: none, open: "08:00", close: "09:00", interval_min: 30}
demand: {calls_per_day: 30, intraday_profile: flat}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: fixed, s: 900}}}
lines: {first: {shifts: [{start: "08:00", end: "09:00", agents: 2}]}}
"#;
    let sc = scenario::parse_str(yaml, "one-line.yaml").unwrap();
    for r in replications(&sc, 20) {
        assert_eq!(r.line_total(FIRST).abandoned, 0);
        let d = r.days[FIRST];
        let last = d.last_departure_s - CLOSE_S;
        assert!(last > 900.0, "{d:?}");
        // The other agent's overtime: from its last call's end, less than 900 s before
        // the last departure (their calls are back to back and started apart), to close.
        let other = d.overtime_s - last;
        assert!(other > last - 900.0 && other < last - 1e-6, "{d:?}");
        assert!((present_after_close(&r, FIRST) - d.overtime_s).abs() < 1e-6 * d.overtime_s);
    }
}
