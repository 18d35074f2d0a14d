//! The call-log reader and writer: the real Anonymous Bank log counted two ways, fixtures
//! for each kind of error, round trips through CSV and Parquet, column maps, and random
//! damage to a valid log (never a panic).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ccplan::calllog::{
    self, CallLog, CallRecord, ColumnMap, Excluded, LogError, LogFormat, Outcome,
};
use jiff::civil::date;
use proptest::prelude::*;

use crate::common::repo;

/// The bank log of `../shared/data`.
pub fn bank_log() -> PathBuf {
    crate::common::shared_data("anonymous_bank_1999_02_first_half.tsv")
}

fn fixture(name: &str) -> PathBuf {
    repo("tests/calllog").join(name)
}

fn generic() -> LogFormat {
    LogFormat::default()
}

fn read_err(paths: &[PathBuf], format: &LogFormat) -> String {
    match calllog::read(paths, format) {
        Ok(log) => panic!("expected an error, read {} records", log.records.len()),
        Err(e) => e.to_string(),
    }
}

fn by_line(log: &CallLog, line: u64) -> CallRecord {
    *log.records
        .iter()
        .find(|r| r.source_line == line)
        .unwrap_or_else(|| panic!("no record from line {line}"))
}

fn agent<'a>(log: &'a CallLog, r: &CallRecord) -> Option<&'a str> {
    r.agent.map(|a| log.agents[a as usize].as_str())
}

/// Counts of the bank log computed without the reader: split lines and tabs, look at the
/// outcome, server and service columns.
#[derive(Debug, Default)]
struct Tally {
    rows: u64,
    outcomes: BTreeMap<String, u64>,
    agent_without_server: u64,
    agent_without_service: u64,
}

fn tally(path: &Path) -> Tally {
    let text = std::fs::read_to_string(path).unwrap();
    let mut t = Tally::default();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
        t.rows += 1;
        *t.outcomes.entry(f[12].to_owned()).or_default() += 1;
        if f[12] == "AGENT" && f[16] == "NO_SERVER" {
            t.agent_without_server += 1;
        } else if f[12] == "AGENT" && (f[13] == "0:00:00" || f[14] == "0:00:00") {
            t.agent_without_service += 1;
        }
    }
    t
}

#[test]
fn the_bank_log_is_read_whole_and_counted_as_an_independent_pass_counts_it() {
    let path = bank_log();
    let t = tally(&path);
    let log = calllog::read(std::slice::from_ref(&path), &LogFormat::AnonymousBank)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.rows, 17_456);
    assert_eq!(log.rows_read, t.rows);
    let excluded = |k| log.excluded.get(&k).copied().unwrap_or(0);
    assert_eq!(excluded(Excluded::Phantom), t.outcomes["PHANTOM"]);
    assert_eq!(
        excluded(Excluded::ServiceWithoutAgent),
        t.agent_without_server
    );
    assert_eq!(
        excluded(Excluded::AnsweredWithoutService),
        t.agent_without_service
    );
    let count = |o| log.records.iter().filter(|r| r.outcome == o).count() as u64;
    assert_eq!(
        count(Outcome::Answered),
        t.outcomes["AGENT"] - t.agent_without_server - t.agent_without_service
    );
    assert_eq!(count(Outcome::Abandoned), t.outcomes["HANG"]);
    assert_eq!(count(Outcome::Other), 0);
    assert_eq!(
        log.records.len() as u64 + log.excluded.values().sum::<u64>(),
        log.rows_read
    );
    // The figures the issue quotes, so a change in the data is noticed.
    assert_eq!(
        (
            t.outcomes["AGENT"],
            t.outcomes["HANG"],
            t.outcomes["PHANTOM"]
        ),
        (14_405, 2_908, 143)
    );
    assert_eq!((t.agent_without_server, t.agent_without_service), (275, 25));
    assert_eq!(
        (
            log.records.len(),
            count(Outcome::Answered),
            count(Outcome::Abandoned)
        ),
        (17_013, 14_105, 2_908)
    );
    assert_eq!(log.dates().len(), 14);
    assert!(
        log.records
            .windows(2)
            .all(|w| (w[0].date, w[0].arrival_s) <= (w[1].date, w[1].arrival_s))
    );
    assert_eq!(log.types, ["IN", "NE", "NW", "PE", "PS", "TT"]);

    // Line 2: answered straight from the menu.
    let r = by_line(&log, 2);
    assert_eq!(r.date, date(1999, 2, 1));
    assert_eq!(r.arrival_s, 7.0 * 3600.0 + 2.0 * 60.0 + 47.0);
    assert_eq!(r.ivr_exit_s, Some(25_376.0));
    assert_eq!((r.queue_start_s, r.queue_exit_s), (None, None));
    assert_eq!(
        (r.service_start_s, r.service_end_s),
        (Some(25_375.0), Some(25_541.0))
    );
    assert_eq!(agent(&log, &r), Some("DORIT"));
    assert_eq!(r.caller, None);
    assert_eq!(log.types[r.call_type.unwrap() as usize], "PS");
    assert_eq!(r.wait_s(), Some(0.0));
    // Line 5: abandoned in the queue, known caller.
    let r = by_line(&log, 5);
    assert_eq!(r.outcome, Outcome::Abandoned);
    assert_eq!(r.caller, Some(23_317_894));
    assert_eq!(r.wait_s(), Some(5.0));
    assert_eq!(r.agent, None);
    // Line 333: a customer id a spreadsheet rounded (6.02701E+11) identifies no one.
    assert_eq!(by_line(&log, 333).caller, None);
    // Line 3206: service ends after midnight.
    let r = by_line(&log, 3206);
    assert_eq!(r.date, date(1999, 2, 8));
    assert_eq!(r.service_end_s, Some(86_400.0 + 55.0));
    assert_eq!(r.handle_s(), Some(515.0));
    // Line 7219: answered after midnight without queueing.
    let r = by_line(&log, 7219);
    assert_eq!(r.service_start_s, Some(86_407.0));
    assert_eq!(r.handle_s(), Some(126.0));
}

#[test]
fn bank_rows_with_a_bad_time_name_file_line_column_and_value() {
    let msg = read_err(&[fixture("bank_bad_time.tsv")], &LogFormat::AnonymousBank);
    assert!(
        msg.contains(
            "bank_bad_time.tsv:11:7 (column vru_entry): found \"7:6x:00\", expected a time \
             H:MM:SS"
        ),
        "{msg}"
    );
    assert!(msg.ends_with("1 error in the call log"), "{msg}");
}

#[test]
fn a_generic_log_is_read_with_its_rules() {
    let log =
        calllog::read(&[fixture("generic.csv")], &generic()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.rows_read, 8);
    assert_eq!(log.excluded[&Excluded::Phantom], 1);
    assert_eq!(log.excluded[&Excluded::ServiceWithoutAgent], 1);
    assert_eq!(log.excluded[&Excluded::AnsweredWithoutService], 1);
    assert_eq!(log.records.len(), 5);
    assert_eq!(log.agents, ["Silva, Rui", "ana"]);
    // Sorted by arrival, then line: 08:00:00, 08:00:30 (twice), 08:01:10.5, 23:59:30.
    let lines: Vec<u64> = log.records.iter().map(|r| r.source_line).collect();
    assert_eq!(lines, [2, 4, 6, 3, 5]);
    let r = by_line(&log, 3);
    assert_eq!(r.arrival_s, 8.0 * 3600.0 + 70.5);
    assert_eq!(r.caller, None);
    let r = by_line(&log, 2);
    assert_eq!(r.caller, Some(351_912_345_678));
    assert_eq!(r.ivr_exit_s, Some(28_820.0));
    let r = by_line(&log, 5);
    assert_eq!(r.queue_exit_s, Some(86_440.0));
    assert_eq!(r.service_end_s, Some(86_640.0));
    let r = by_line(&log, 6);
    assert_eq!(
        (r.outcome, r.arrival_s, r.call_type),
        (Outcome::Other, 28_830.0, None)
    );
}

#[test]
fn timestamps_without_a_date_column_give_the_arrival_date() {
    let log =
        calllog::read(&[fixture("timestamps.csv")], &generic()).unwrap_or_else(|e| panic!("{e}"));
    let r = by_line(&log, 2);
    assert_eq!(r.date, date(2024, 3, 4));
    assert_eq!(r.queue_exit_s, Some(86_410.0));
    assert_eq!(r.service_end_s, Some(86_580.0));
    let r = by_line(&log, 3);
    assert_eq!(r.date, date(2024, 3, 5));
    assert_eq!(r.service_end_s, Some(28_860.25));
}

#[test]
fn a_centres_own_layout_is_read_through_its_column_map() {
    let map = ColumnMap::from_yaml_file(&fixture("centre.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let log = calllog::read(&[fixture("centre.csv")], &LogFormat::Generic(map))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.rows_read, 3);
    assert_eq!(log.excluded[&Excluded::Phantom], 1);
    assert_eq!(log.records.len(), 2);
    let r = by_line(&log, 2);
    assert_eq!(r.date, date(2024, 3, 4));
    assert_eq!(
        (r.queue_start_s, r.service_end_s),
        (Some(28_805.0), Some(28_800.0 + 300.0))
    );
    assert_eq!(agent(&log, &r), Some("op7"));
    let r = by_line(&log, 3);
    assert_eq!(
        (r.outcome, r.agent, r.service_start_s),
        (Outcome::Abandoned, None, None)
    );
}

#[test]
fn a_column_map_with_a_typo_gets_a_located_error() {
    let e = ColumnMap::from_yaml_file(&fixture("map_typo.yaml")).unwrap_err();
    let LogError::ColumnMap { line, column, .. } = &e else {
        panic!("{e}")
    };
    let msg = e.to_string();
    assert_eq!((*line, *column), (4, 3), "{msg}");
    assert!(
        msg.starts_with(&format!("{}:4:3: ", fixture("map_typo.yaml").display())),
        "{msg}"
    );
    assert!(msg.contains("arival"), "{msg}");
}

#[test]
fn a_missing_column_is_named_with_the_header() {
    let msg = read_err(&[fixture("missing_column.csv")], &generic());
    assert!(
        msg.contains(
            "missing_column.csv:1: missing required column \"queue_exit\"; \
             the header has: date, arrival, queue_start, outcome, service_start, service_end, \
             agent"
        ),
        "{msg}"
    );
}

#[test]
fn service_before_arrival_beyond_a_second_is_an_error() {
    let msg = read_err(&[fixture("service_before_arrival.csv")], &generic());
    // Line 3 starts service 1 s early (rounding, accepted); line 4 90 s early.
    assert!(!msg.contains(":3:"), "{msg}");
    assert!(
        msg.contains(
            "service_before_arrival.csv:4:6 (column service_start): found \"09:58:30\", \
             expected a time not before the call's arrival \"10:00:00\""
        ),
        "{msg}"
    );
}

#[test]
fn contradictions_and_unknown_outcomes_are_errors_all_reported() {
    let msg = read_err(&[fixture("contradictions.csv")], &generic());
    let lines: Vec<&str> = msg.lines().collect();
    assert_eq!(lines.len(), 4, "{msg}");
    assert!(
        lines[0].contains(
            "contradictions.csv:2:4 (column queue_exit): found \"08:00:10\", expected a time \
             not before the queue start \"08:00:30\""
        ),
        "{msg}"
    );
    assert!(
        lines[1].contains("contradictions.csv:3:7 (column service_end): found \"09:00:01\""),
        "{msg}"
    );
    assert!(
        lines[2].contains(
            "contradictions.csv:4:5 (column outcome): found \"transferred\", expected an \
             outcome: one of answered, abandoned, other, phantom"
        ),
        "{msg}"
    );
    assert_eq!(lines[3], "3 errors in the call log");
}

#[test]
fn empty_and_header_only_files_are_errors() {
    let msg = read_err(
        &[fixture("empty.csv"), fixture("header_only.csv")],
        &generic(),
    );
    assert!(msg.contains("empty.csv: the file is empty"), "{msg}");
    assert!(
        msg.contains("header_only.csv: the file has a header but no data rows"),
        "{msg}"
    );
    assert!(msg.ends_with("2 errors in the call log"), "{msg}");
    assert!(matches!(
        calllog::read(&[], &generic()),
        Err(LogError::NoFiles)
    ));
    let e = read_err(&[PathBuf::from("calls.xlsx")], &generic());
    assert!(e.contains("calls.xlsx: unknown call-log format"), "{e}");
    let e = read_err(&[PathBuf::from("/nonexistent/calls.csv")], &generic());
    assert!(e.contains("/nonexistent/calls.csv: cannot read"), "{e}");
}

#[test]
fn at_most_fifty_problems_per_file_are_kept_and_all_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "date,arrival,queue_start,queue_exit,outcome,service_start,service_end,agent\n",
    );
    for _ in 0..120 {
        text.push_str("2024-03-04,8:00:00,,,maybe,,,\n");
    }
    let path = crate::common::write_file(dir.path(), "many.csv", &text);
    match calllog::read(&[path], &generic()) {
        Err(LogError::Invalid { problems, total }) => {
            assert_eq!(problems.len(), 50);
            assert_eq!(total, 120);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn crlf_lf_and_a_byte_order_mark_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let lf = std::fs::read_to_string(fixture("generic.csv")).unwrap();
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let a = crate::common::write_file(dir.path(), "lf.csv", &lf);
    let b = crate::common::write_file(dir.path(), "crlf.csv", &crlf);
    let a = calllog::read(&[a], &generic()).unwrap();
    let mut b = calllog::read(&[b], &generic()).unwrap();
    b.files = a.files.clone();
    assert_eq!(a, b);
    // The bank log's CRLF lines read as LF lines do.
    let dir_bank = tempfile::tempdir().unwrap();
    let excerpt: String = std::fs::read_to_string(bank_log())
        .unwrap()
        .lines()
        .take(200)
        .map(|l| format!("{l}\n"))
        .collect();
    let crlf_path = crate::common::write_file(dir_bank.path(), "crlf.tsv", &excerpt);
    let lf_path = crate::common::write_file(dir_bank.path(), "lf.tsv", &excerpt.replace('\r', ""));
    let x = calllog::read(&[crlf_path], &LogFormat::AnonymousBank).unwrap();
    let mut y = calllog::read(&[lf_path], &LogFormat::AnonymousBank).unwrap();
    y.files = x.files.clone();
    assert_eq!(
        x.records.len(),
        199 - x.excluded.values().sum::<u64>() as usize
    );
    assert_eq!(x, y);
}

/// Asserts two logs hold the same calls, times within 1 ms.
fn assert_same_calls(a: &CallLog, b: &CallLog) {
    assert_eq!(a.records.len(), b.records.len());
    assert_eq!(a.agents, b.agents);
    assert_eq!(a.types, b.types);
    let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-3,
        (None, None) => true,
        _ => false,
    };
    for (x, y) in a.records.iter().zip(&b.records) {
        let same = x.date == y.date
            && close(Some(x.arrival_s), Some(y.arrival_s))
            && close(x.ivr_entry_s, y.ivr_entry_s)
            && close(x.ivr_exit_s, y.ivr_exit_s)
            && close(x.queue_start_s, y.queue_start_s)
            && close(x.queue_exit_s, y.queue_exit_s)
            && close(x.service_start_s, y.service_start_s)
            && close(x.service_end_s, y.service_end_s)
            && (x.outcome, x.agent, x.caller, x.call_type)
                == (y.outcome, y.agent, y.caller, y.call_type);
        assert!(same, "{x:?}\n{y:?}");
    }
}

#[test]
fn generic_csv_and_parquet_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = calllog::read(&[bank_log()], &LogFormat::AnonymousBank).unwrap();
    // Fractional times, as a simulation writes them (every time of a call shifted alike).
    for (i, r) in log.records.iter_mut().enumerate().step_by(7) {
        let shift = (i % 1000) as f64 / 1000.0 + 0.000_4;
        r.arrival_s += shift;
        for t in [
            &mut r.ivr_entry_s,
            &mut r.ivr_exit_s,
            &mut r.queue_start_s,
            &mut r.queue_exit_s,
            &mut r.service_start_s,
            &mut r.service_end_s,
        ] {
            *t = t.map(|x| x + shift);
        }
    }
    log.records.sort_by(|a, b| {
        (a.date, a.arrival_s)
            .partial_cmp(&(b.date, b.arrival_s))
            .unwrap()
    });
    for ext in ["csv", "parquet"] {
        let path = dir.path().join(format!("calls.{ext}"));
        calllog::write(&path, &log).unwrap();
        let back = calllog::read(&[path], &generic()).unwrap_or_else(|e| panic!("{ext}: {e}"));
        assert_eq!(back.rows_read, log.records.len() as u64, "{ext}");
        assert!(back.excluded.is_empty(), "{ext}");
        assert_same_calls(&log, &back);
        if ext == "parquet" {
            // Parquet keeps the seconds exactly.
            for (x, y) in log.records.iter().zip(&back.records) {
                assert_eq!(x.arrival_s, y.arrival_s);
            }
        }
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "no temporary left: {names:?}");
    assert!(calllog::write(&dir.path().join("calls.json"), &log).is_err());
}

#[test]
fn a_csv_written_by_hand_and_read_back_matches_its_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let log = calllog::read(&[fixture("generic.csv")], &generic()).unwrap();
    let path = dir.path().join("out.csv");
    calllog::write(&path, &log).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with(
            "date,arrival,ivr_entry,ivr_exit,queue_start,queue_exit,outcome,service_start,\
         service_end,agent,caller,type\n2024-03-04,8:00:00,8:00:00,8:00:20,8:00:20,8:00:45,\
         answered,8:00:45,8:05:10,ana,351912345678,pensions\n"
        ),
        "{text}"
    );
    assert!(text.contains(",\"Silva, Rui\","), "{text}");
    assert!(
        text.contains("2024-03-04,23:59:30,,,23:59:30,24:00:40,answered,24:00:40,24:04:00"),
        "{text}"
    );
    let back = calllog::read(&[path], &generic()).unwrap();
    assert_same_calls(&log, &back);
}

const VALID: &str = "date,arrival,ivr_entry,ivr_exit,queue_start,queue_exit,outcome,service_start,service_end,agent,caller,type
2024-03-04,08:00:00,08:00:00,08:00:20,08:00:20,08:00:45,answered,08:00:45,08:05:10,ana,351912345678,pensions
2024-03-04,08:01:10.5,,,08:01:10.5,08:02:00,abandoned,,,,0,pensions
2024-03-04,\"08:00:30\",,,,,Answered,08:00:30,08:03:00,\"Silva, Rui\",,unemployment
2024-03-04,23:59:30,,,23:59:30,00:00:40,answered,00:00:40,00:04:00,ana,,pensions
2024-03-04,28830,,,,,other,,,,,
2024-03-05,09:00:00,,,09:00:00,09:00:05,answered,,,bruno,,
";

/// Ten rows of the bank log (CRLF), one with a bad time.
const BANK: &str = include_str!("../calllog/bank_bad_time.tsv");

#[derive(Debug, Clone)]
enum Damage {
    Byte(usize, u8),
    Truncate(usize),
    SwapFields(usize, usize, usize),
    DropLine(usize),
    DuplicateLine(usize),
}

fn damage(text: &str, sep: u8, d: &Damage) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = text.lines().map(|l| l.as_bytes().to_vec()).collect();
    let n = lines.len();
    match *d {
        Damage::Byte(at, b) => {
            let mut all = text.as_bytes().to_vec();
            let at = at % all.len();
            all[at] = b;
            return all;
        }
        Damage::Truncate(at) => return text.as_bytes()[..at % text.len()].to_vec(),
        Damage::SwapFields(line, i, j) => {
            let l = &mut lines[line % n];
            let mut f: Vec<Vec<u8>> = l.split(|c| *c == sep).map(<[u8]>::to_vec).collect();
            let m = f.len();
            f.swap(i % m, j % m);
            *l = f.join(&sep);
        }
        Damage::DropLine(line) => {
            lines.remove(line % n);
        }
        Damage::DuplicateLine(line) => {
            let l = lines[line % n].clone();
            lines.insert(line % n, l);
        }
    }
    let mut out = lines.join(&b'\n');
    out.push(b'\n');
    out
}

fn damages() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Damage::Byte(a, b)),
        (
            any::<usize>(),
            prop::sample::select(b",\"\n\r:.-0 \t9".to_vec())
        )
            .prop_map(|(a, b)| Damage::Byte(a, b)),
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(l, i, j)| Damage::SwapFields(l, i, j)),
        any::<usize>().prop_map(Damage::DropLine),
        any::<usize>().prop_map(Damage::DuplicateLine),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// Whatever the damage, reading returns a log or errors that render; it never panics.
    #[test]
    fn damaged_logs_never_panic(
        ds in prop::collection::vec(damages(), 1..4),
        crlf in any::<bool>(),
        bank in any::<bool>(),
    ) {
        let (text, sep, name, format) = if bank {
            (BANK, b'\t', "fuzz.tsv", LogFormat::AnonymousBank)
        } else {
            (VALID, b',', "fuzz.csv", generic())
        };
        let mut bytes = text.as_bytes().to_vec();
        for d in &ds {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if text.is_empty() { break; }
            bytes = damage(&text, sep, d);
        }
        if crlf {
            bytes = String::from_utf8_lossy(&bytes).replace('\n', "\r\n").into_bytes();
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        match calllog::read(&[path], &format) {
            Ok(log) => {
                prop_assert!(log.records.len() as u64 <= log.rows_read);
                prop_assert_eq!(log.records.len() as u64 + log.excluded.values().sum::<u64>(), log.rows_read);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
