//! `ccplan compare` end to end: reproducibility across thread counts, common random
//! numbers making the paired interval much narrower than Welch's, the calendar warning,
//! and clean failure on a bad file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{assert_same_whatever_the_threads, ccplan_out, read_json, write_file};

/// Two hours of a 40-erlang line with impatient callers: A has 40 agents, B one more.
const A: &str = r#"
name: compare-a
calendar: {start: 2024-01-08, days: 1, holidays: none, open: "08:00", close: "10:00", interval_min: 30}
demand: {calls_per_day: 960, intraday_profile: flat}
contact_types: [{name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}]
callers: {patience: {dist: exponential, mean_s: 300}}
lines: {first: {shifts: [{start: "08:00", end: "10:00", agents: 40}]}}
targets: {service_level: {within_s: 20, at_least: 0.8}}
simulation: {replications: 20, seed: 5}
"#;

fn files(dir: &Path, b_edit: (&str, &str)) -> (PathBuf, PathBuf) {
    let b = A
        .replace("compare-a", "compare-b")
        .replace(b_edit.0, b_edit.1);
    (write_file(dir, "a.yaml", A), write_file(dir, "b.yaml", &b))
}

fn compare(a: &Path, b: &Path, out: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    ccplan_out("compare", [a, b], out, args)
}

fn figure<'a>(json: &'a Value, key: &str) -> &'a Value {
    json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no figure {key}"))
}

fn half_width(e: &Value) -> f64 {
    (e["ci95_high"].as_f64().unwrap() - e["ci95_low"].as_f64().unwrap()) / 2.0
}

#[test]
fn compare_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = files(dir.path(), ("agents: 40", "agents: 41"));
    let (one, _) = assert_same_whatever_the_threads(
        "compare",
        [&a, &b],
        dir.path(),
        &["--replications", "6"],
        &[
            "compare.parquet",
            "compare.csv",
            "compare.json",
            "report.md",
        ],
    );
    assert!(one.join("charts/differences_share.png").exists());
    assert!(one.join("charts/differences_s.svg").exists());
}

#[test]
fn common_random_numbers_make_the_paired_interval_much_narrower() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = files(dir.path(), ("agents: 40", "agents: 41"));
    let out = dir.path().join("out");
    let assert = compare(&a, &b, &out, &[]).success();
    let json = read_json(&out.join("compare.json"));
    assert_eq!(json["replications"], 20);
    let sl = figure(&json, "first_line.service_level");
    let (paired, welch) = (
        half_width(&sl["difference"]),
        half_width(&sl["unpaired_difference"]),
    );
    // One more agent: a better service level, and pairing removes most of the noise.
    assert!(sl["difference"]["mean"].as_f64().unwrap() > 0.0);
    assert_eq!(sl["direction"], "better");
    assert!(paired * 3.0 < welch, "paired ±{paired} vs Welch ±{welch}");
    assert_eq!(sl["significant"], true);
    // Volumes are the same callers in both: the difference is exactly 0.
    let offered = figure(&json, "first_line.calls_offered_per_day");
    assert_eq!(offered["difference"]["mean"].as_f64().unwrap(), 0.0);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("| 1st line: SL 20 s (offered) |"),
        "{stdout}"
    );
    assert!(stdout.contains("better"), "{stdout}");
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(!stderr.contains("different calendars"), "{stderr}");
}

#[test]
fn different_calendars_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = files(dir.path(), ("start: 2024-01-08", "start: 2024-01-09"));
    let out = dir.path().join("out");
    let assert = compare(&a, &b, &out, &["--replications", "3"]).success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("different calendars"), "{stderr}");
    assert_eq!(
        read_json(&out.join("compare.json"))["calendars_differ"],
        true
    );
}

#[test]
fn a_bad_scenario_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = files(dir.path(), ("share: 1.0", "share: 1.5"));
    let out = dir.path().join("out");
    let assert = compare(&a, &b, &out, &[]).code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("contact_types[0].share"), "{stderr}");
    assert!(!out.exists());
    let assert = compare(&a, &a, &out, &["--replications", "0"]).code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("--replications"), "{stderr}");
    assert!(!out.exists());
}
