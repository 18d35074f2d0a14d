//! `ccplan sweep` end to end: reproducibility across thread counts, monotone service level
//! over agents and the cheapest point, `[*]` and ranges, clean failure on bad `--set`
//! (exit 2, nothing written), and `--set` edits that round-trip.

use std::fs;
use std::path::Path;

use ccplan::planning::edit::{Document, Setting};

use crate::common::{assert_same_whatever_the_threads, ccplan_out, read_json, repo, write_file};

/// One short day of `minimal.yaml`'s centre (900 calls an hour × 300 s = 75 erlangs),
/// with a service-level target so that a cheapest point can be named.
const SCENARIO: &str = r#"
name: sweep-test
calendar: {start: 2024-01-08, days: 1, holidays: none, open: "08:00", close: "11:00", interval_min: 30}
demand: {calls_per_day: 2700, intraday_profile: flat}
contact_types:
  - {name: a, share: 0.5, self_service: 0.1, first_line: {handle: {dist: exponential, mean_s: 300}}}
  - {name: b, share: 0.5, self_service: 0.1, first_line: {handle: {dist: exponential, mean_s: 300}}}
callers: {patience: {dist: exponential, mean_s: 300}}
lines: {first: {shifts: [{start: "08:00", end: "11:00", agents: 70}]}}
targets: {service_level: {within_s: 20, at_least: 0.8}}
simulation: {replications: 4, seed: 7}
"#;

fn sweep(scenario: &Path, out: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    ccplan_out("sweep", [scenario], out, args)
}

#[test]
fn sweep_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write_file(dir.path(), "sweep-test.yaml", SCENARIO);
    let sets = [
        "--set",
        "lines.first.shifts[0].agents=70..82:6",
        "--set",
        "demand.calls_per_day=2400,2700",
        "--replications",
        "3",
    ];
    let (one, _) = assert_same_whatever_the_threads(
        "sweep",
        [&sc],
        dir.path(),
        &sets,
        &["sweep.parquet", "sweep.csv", "sweep.json", "report.md"],
    );
    // 3 agent counts × 2 volumes, and a chart per headline figure (PNG and SVG).
    let json = read_json(&one.join("sweep.json"));
    assert_eq!(json["points"].as_array().unwrap().len(), 6);
    let charts = fs::read_dir(one.join("charts")).unwrap().count();
    assert_eq!(charts, 2 * json["figures"].as_array().unwrap().len());
    assert!(
        one.join("charts/sweep_first_line_service_level.svg")
            .exists()
    );
}

#[test]
fn more_agents_raise_the_service_level_and_the_cheapest_point_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write_file(dir.path(), "sweep-test.yaml", SCENARIO);
    let out = dir.path().join("out");
    let assert = sweep(
        &sc,
        &out,
        &["--set", "lines.first.shifts[0].agents=66..90:6"],
    )
    .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let json = read_json(&out.join("sweep.json"));
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 5);
    let sl: Vec<f64> = points
        .iter()
        .map(|p| {
            p["figures"]["first_line.service_level"]["mean"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert!(
        sl.windows(2).all(|w| w[1] > w[0]),
        "SL not increasing: {sl:?}"
    );
    // 66 agents on 67.5 erlangs (after 10% self-service) miss 80% in 20 s; 90 meet it.
    assert_eq!(points[0]["all_targets_met"], false);
    assert_eq!(points[4]["all_targets_met"], true);

    // The cheapest point is the meeting point with the fewest agent-hours, from the table.
    let csv = fs::read_to_string(out.join("sweep.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (hours, met, point) = (
        col("agent_hours_per_day"),
        col("all_targets_met"),
        col("point"),
    );
    let expected = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|r| r[met] == "true")
        .min_by(|a, b| {
            let h = |r: &Vec<&str>| r[hours].parse::<f64>().unwrap();
            h(a).total_cmp(&h(b))
        })
        .map(|r| r[point].parse::<u64>().unwrap())
        .unwrap();
    assert_eq!(json["cheapest_meeting_targets"]["point"], expected);
    assert!(
        stdout.contains(&format!(
            "Cheapest point meeting every target:** point {expected} "
        )),
        "{stdout}"
    );
    assert!(stdout.contains("verdicts are"), "{stdout}");
    let report = fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains(&format!("point {expected} (lines.first.shifts[0].agents=")));
}

#[test]
fn star_paths_and_decimal_ranges_set_every_element() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write_file(dir.path(), "sweep-test.yaml", SCENARIO);
    let out = dir.path().join("out");
    sweep(
        &sc,
        &out,
        &[
            "--set",
            "contact_types[*].self_service=0.1..0.3:0.1",
            "--replications",
            "2",
        ],
    )
    .success();
    let json = read_json(&out.join("sweep.json"));
    let points = json["points"].as_array().unwrap();
    let values: Vec<f64> = points
        .iter()
        .map(|p| {
            p["values"]["contact_types[*].self_service"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert_eq!(values, [0.1, 0.2, 0.3]);
    // Both types deflect more: fewer calls reach the agents, point after point.
    let answered: Vec<f64> = points
        .iter()
        .map(|p| {
            p["figures"]["first_line.calls_answered_per_day"]["mean"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert!(answered.windows(2).all(|w| w[1] < w[0]), "{answered:?}");
}

#[test]
fn bad_set_arguments_exit_2_name_the_problem_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write_file(dir.path(), "sweep-test.yaml", SCENARIO);
    let cases = [
        ("lines.frist.shifts[0].agents=70", "did you mean `first`"),
        ("lines.first.shifts[4].agents=70", "out of range"),
        (
            "lines.first.shifts[0].agents=abc",
            "agents = `abc`: expected a number",
        ),
        ("lines.first.shifts[0].agents=60..50:5", "below the start"),
        ("lines.first.shifts[0].agents=60..90:0", "greater than 0"),
        (
            "lines.first.shifts[0].agents=abc..90:5",
            "`abc` is not a number",
        ),
        (
            "lines.first.shifts[0].agents=70,-3",
            "agents = `-3`: must not be negative",
        ),
        ("demand.calls_per_dya=100", "unknown key `calls_per_dya`"),
        ("lines.first.shifts[0].agents", "PATH=VALUES"),
    ];
    for (i, (set, expected)) in cases.iter().enumerate() {
        let out = dir.path().join(format!("out{i}"));
        let assert = sweep(&sc, &out, &["--set", set]).code(2);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains(expected), "--set {set}: {stderr}");
        assert!(!out.exists(), "--set {set} created {}", out.display());
    }
}

#[test]
fn setting_a_value_to_itself_gives_the_same_scenario() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "scenarios/minimal.yaml",
            &[
                "lines.first.shifts[0].agents=80",
                "demand.calls_per_day=9000",
                "calendar.start=2024-01-08",
                "calendar.open=08:00",
                "contact_types[*].share=1.0",
            ],
        ),
        (
            "scenarios/seguranca-social-2017.yaml",
            &[
                "calendar.start=2018-01-02",
                "calendar.close=18:00",
                "lines.first.shifts[1].agents=40",
                "lines.first.shrinkage=0.15",
                "trunks=600",
                "targets.service_level.at_least=0.80",
                "calendar.holidays=PT",
            ],
        ),
        (
            "scenarios/self-service-plus-15.yaml",
            &["contact_types[5].self_service=0.0", "email.per_day=800"],
        ),
    ];
    for (file, sets) in cases {
        let doc = Document::load(&repo(file)).unwrap();
        // No edit at all: the YAML round trip keeps every date, time and number.
        assert_eq!(doc.apply(&[]).unwrap(), doc.scenario, "{file} round trip");
        for set in sets {
            let s = Setting::parse(set).unwrap();
            let edited = doc.apply(&[(&s, 0)]).unwrap();
            assert_eq!(
                edited, doc.scenario,
                "{file}: --set {set} changed the scenario"
            );
        }
    }
    // And a real change does change it (the comparison above can fail).
    let doc = Document::load(&repo("scenarios/minimal.yaml")).unwrap();
    let s = Setting::parse("lines.first.shifts[0].agents=81").unwrap();
    assert_ne!(doc.apply(&[(&s, 0)]).unwrap(), doc.scenario);
}
