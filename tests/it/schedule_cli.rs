//! `ccplan schedule` end to end on a small scenario: the roster's files, its schema, the
//! written scenario loads and runs with the roster's coverage, the same output whatever
//! the threads, and rules no roster can meet exit 2 naming the interval and the rule.

use std::path::Path;

use crate::common::{
    assert_same_whatever_the_threads, ccplan_out, exit_code, read_json, write_file,
};
use ccplan::engine::{self, RunSettings};
use ccplan::scenario;
use serde_json::Value;

/// One line, two working days (a Monday with ×1.2 demand, a Tuesday), 09:00–13:00 in
/// 30-minute intervals, with shift rules: starts every 30 min to 11:00, full-time 4 h
/// with a paid 30-min break 1.5–2.5 h in, part-time 2 h (at most half the agents), 90%
/// permanent of 40 posts with temporary 2-h shifts beside.
pub(crate) const SMALL: &str = r#"name: small-schedule
calendar: {start: 2024-01-08, days: 2, holidays: none, open: "09:00", close: "13:00", interval_min: 30}
demand:
  calls_per_day: 900
  intraday_profile: [2, 4, 4, 3, 2, 2, 1, 1]
  day_of_week: {mon: 1.2}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: lognormal, mean_s: 240, cv: 1.0}}}
callers:
  patience: {dist: exponential, mean_s: 300}
lines:
  first:
    posts: 40
    permanent_share: 0.9
    shrinkage: 0.1
    shifts: [{start: "09:00", end: "13:00", agents: 20}]
    shift_rules:
      starts: {from: "09:00", to: "11:00", every_min: 30}
      short_break: {minutes: 30, after_h: [1.5, 2.5], shifts_from_h: 4}
      contracts:
        - {name: full-time, lengths_h: [4]}
        - {name: part-time, lengths_h: [2], max_share: 0.5}
        - {name: temporary, lengths_h: [2], permanent: false, cost_per_hour: 1.2}
targets:
  service_level: {within_s: 60, at_least: 0.8}
  abandonment: {at_most: 0.08}
simulation: {replications: 6, seed: 7}
"#;

fn schedule(scenario: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    ccplan_out("schedule", [scenario], out, extra)
}

#[test]
fn the_roster_is_written_validated_and_runs_as_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "small.yaml", SMALL);
    let out = dir.path().join("out");
    let a = schedule(&path, &out, &["--method", "sipp"]);
    let code = exit_code(&a);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    for f in [
        "schedule.parquet",
        "schedule.csv",
        "schedule.json",
        "scenario-scheduled.yaml",
        "report.md",
        "charts/coverage_first_line.png",
        "charts/coverage_first_line.svg",
        "charts/shifts_first_line.png",
        "charts/shifts_first_line.svg",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    // Validated against its published schema and read back byte for byte.
    let j: Value = read_json(&out.join("schedule.json"));
    let meets = j["independent_check"]["targets_met_in_every_interval"]
        .as_bool()
        .unwrap();
    assert_eq!(code, if meets { 0 } else { 1 });
    // Planned with a margin by default: cells judged at 90% confidence in the search.
    assert_eq!(j["confidence"].as_f64(), Some(0.9));
    let by_line: f64 = j["agent_hours_by_line"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_f64().unwrap())
        .sum();
    assert!((by_line - j["agent_hours"].as_f64().unwrap()).abs() < 1e-6);
    assert!(j["posts"].as_u64().unwrap() <= 40);
    assert!(j["permanent_share"].as_f64().unwrap() >= 0.9 - 1e-12);
    let (h, lb) = (
        j["agent_hours"].as_f64().unwrap(),
        j["lower_bound_agent_hours"].as_f64().unwrap(),
    );
    assert!(lb > 0.0 && lb <= h + 1e-9, "{lb} {h}");
    assert!(j["gap"].as_f64().unwrap() <= 0.01, "{j}");
    for key in ["verification", "independent_check"] {
        for k in ["intervals", "intervals_below_target", "worst_interval"] {
            assert!(j[key].get(k).is_some(), "{key}.{k}");
        }
    }

    // The paid hours in the table are the JSON's: agents × paid hours × days.
    let csv = std::fs::read_to_string(out.join("schedule.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let from_table: f64 = lines
        .map(|l| {
            let v: Vec<&str> = l.split(',').collect();
            v[col("agents")].parse::<f64>().unwrap()
                * v[col("paid_h")].parse::<f64>().unwrap()
                * v[col("days")].parse::<f64>().unwrap()
        })
        .sum();
    assert!((from_table - h).abs() < 1e-6, "{from_table} vs {h}");

    // The written scenario loads; its agents at work each interval are at least the
    // requirement the roster was solved for, and it runs.
    let sc = scenario::load(&out.join("scenario-scheduled.yaml")).unwrap();
    let avail = ccplan::planning::staff::roster_plan(&sc);
    assert!(avail.agent_hours(sc.calendar.interval_s)[0] > 0.0);
    let stats = engine::run(
        &sc,
        RunSettings {
            replications: 2,
            seed: 3,
        },
        &|| {},
    );
    assert_eq!(stats.replications, 2);
}

#[test]
fn the_files_are_the_same_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "small.yaml", SMALL);
    assert_same_whatever_the_threads(
        "schedule",
        [&path],
        dir.path(),
        &["--method", "sipp", "--iterations", "2", "--repairs", "1"],
        &[
            "schedule.json",
            "schedule.csv",
            "scenario-scheduled.yaml",
            "report.md",
        ],
    );
}

#[test]
fn rules_no_roster_can_meet_exit_2_naming_the_interval_and_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    // Two posts cannot cover the morning peak.
    let text = SMALL.replace("posts: 40", "posts: 2");
    let path = write_file(dir.path(), "tight.yaml", &text);
    let out = dir.path().join("out");
    let a = schedule(&path, &out, &["--method", "sipp"]);
    assert_eq!(exit_code(&a), 2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("tight.yaml:13:12"), "{err}");
    assert!(err.contains("lines.first.posts"), "{err}");
    assert!(err.contains("interval 09:"), "{err}");
    assert!(!out.exists(), "nothing is written on an error");

    // Shifts from 09:00 only, 2 h long, leave 11:00–13:00 uncovered.
    let text = SMALL
        .replace(r#"to: "11:00""#, r#"to: "09:00""#)
        .replace("lengths_h: [4]}", "lengths_h: [2]}");
    let path = write_file(dir.path(), "late.yaml", &text);
    let a = schedule(&path, &out, &["--method", "sipp"]);
    assert_eq!(exit_code(&a), 2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("lines.first.shift_rules.starts"), "{err}");
    assert!(err.contains("interval 11:00"), "{err}");
}

#[test]
fn bad_shift_rules_are_located_validation_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to, path_part) in [
        (
            "every_min: 30}",
            "every_min: 20}",
            "shift_rules.starts.every_min",
        ),
        (
            "lengths_h: [4]}",
            "lengths_h: [4.2]}",
            "contracts[0].lengths_h[0]",
        ),
        (
            "lengths_h: [4]}",
            "lengths_h: [5]}",
            "contracts[0].lengths_h",
        ),
        ("after_h: [1.5, 2.5]", "after_h: [2.5, 1.5]", "after_h[1]"),
        ("max_share: 0.5", "max_share: 1.5", "max_share"),
    ] {
        let text = SMALL.replace(from, to);
        assert_ne!(text, SMALL, "{from}");
        let path = write_file(dir.path(), "bad.yaml", &text);
        let err = scenario::load(&path).unwrap_err().to_string();
        assert!(err.contains(path_part), "{to}: {err}");
        assert!(err.contains("bad.yaml:"), "{err}");
    }
}

/// Agents at work (before shrinkage, not on a break) of `line`'s shifts on `date`, per
/// interval, counted from the scenario's shifts as written.
fn at_work_from_shifts(sc: &scenario::Scenario, date: jiff::civil::Date) -> Vec<u32> {
    let scenario::Staffing::Shifts(shifts) = &sc.lines.first.staffing else {
        panic!("the scheduled line is written as shifts");
    };
    (0..sc.calendar.intervals_per_day())
        .map(|i| {
            let t = sc.calendar.interval_start_s(i);
            shifts
                .iter()
                .filter(|s| s.works_on(date) && s.start_s <= t && t < s.end_s)
                .filter(|s| !s.breaks.iter().any(|b| b.start_s <= t && t < b.end_s()))
                .map(|s| s.agents)
                .sum()
        })
        .collect()
}

#[test]
fn the_written_shifts_are_the_programs_coverage_day_by_day() {
    use ccplan::planning::schedule::{self, Days};
    let sc = scenario::parse_str(SMALL, "small.yaml").unwrap();
    let plan =
        ccplan::planning::staff::analytic::requirement(&sc, ccplan::planning::staff::Method::Sipp)
            .unwrap();
    for days in [Days::Weekday, Days::All] {
        let patterns = schedule::patterns(&sc, days);
        let roster = schedule::solve(&sc, &plan, &patterns).unwrap();
        let scheduled = schedule::scheduled_scenario(&sc, &plan, &roster);
        let n = sc.calendar.working_days.len();
        let coverage = roster.day_coverage(&roster.lines[0], n);
        // Monday's demand is 20% higher: the days differ, so some shifts carry `days`.
        assert_ne!(coverage[0], coverage[1]);
        for (d, &date) in sc.calendar.working_days.iter().enumerate() {
            assert_eq!(
                at_work_from_shifts(&scheduled, date),
                coverage[d],
                "{days:?} day {d}"
            );
        }
        // Written and read back, the shifts are the same.
        let block = ccplan::planning::staff::fragment::lines_block(&scheduled);
        let text = ccplan::planning::staff::fragment::substitute_lines(SMALL, &block).unwrap();
        let loaded = scenario::parse_str(&text, "scheduled.yaml").unwrap();
        assert_eq!(loaded.lines, scheduled.lines);
        assert!(
            text.contains("days: [mon]") || text.contains("days: [2024-01-08]"),
            "{text}"
        );
    }
}

#[test]
fn a_run_of_the_written_scenario_reproduces_the_independent_check() {
    use ccplan::planning::schedule::json;
    use ccplan::planning::staff::measure::{CellTargets, Confidence};
    use ccplan::planning::staff::verify;
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "small.yaml", SMALL);
    let out = dir.path().join("out");
    let a = schedule(&path, &out, &["--method", "sipp"]);
    assert!(exit_code(&a) <= 1);
    let j: Value = read_json(&out.join("schedule.json"));
    let ind = &j["independent_check"];
    // The written file, simulated on the check's replications and seed, judged on means.
    let sc = scenario::load(&out.join("scenario-scheduled.yaml")).unwrap();
    let settings = RunSettings {
        replications: ind["replications"].as_u64().unwrap() as u32,
        seed: ind["seed"].as_u64().unwrap(),
    };
    let targets = CellTargets::with_confidence(&sc, Confidence::mean());
    let v = verify::verify(&sc, &targets, settings, &|| {});
    let again = serde_json::to_string(&json::check(&sc, &v)).unwrap();
    assert_eq!(again, serde_json::to_string(ind).unwrap());
    assert!(ind["intervals"].as_u64().unwrap() > 0);
}

#[test]
fn one_replication_judges_the_means_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "small.yaml", SMALL);
    let out = dir.path().join("one");
    let a = schedule(&path, &out, &["--method", "sipp", "--replications", "1"]);
    assert!(exit_code(&a) <= 1);
    let j: Value = read_json(&out.join("schedule.json"));
    assert_eq!(j["confidence"].as_f64(), Some(0.5));
    let a = schedule(
        &path,
        &dir.path().join("two"),
        &[
            "--method",
            "sipp",
            "--replications",
            "1",
            "--confidence",
            "0.9",
        ],
    );
    assert_eq!(exit_code(&a), 2);
}
