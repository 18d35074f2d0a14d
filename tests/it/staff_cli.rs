//! `ccplan staff` end to end: every method runs and writes its files, ISA's roster meets
//! the targets in every interval (checked here by simulating the written scenario
//! independently of the command), the per-date format round-trips, and bad input exits
//! with 2 and writes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{ccplan_out, exit_code, read_json, repo, write_file};
use ccplan::engine::{self, RunSettings, Setup};
use ccplan::planning::staff::{Plan, fragment, roster_plan, staffed_scenario};
use ccplan::scenario::{self, LineId, Staffing};
use ccplan::stats::RunStats;
use serde_json::Value;

/// Two lines, two working days (a Monday with ×1.2 demand, a Tuesday), 09:00–12:00 in
/// 30-minute intervals with a morning peak, patience, redials and e-mail on the 2nd line.
pub(crate) const SMALL: &str = r#"name: small
calendar: {start: 2024-01-08, days: 2, holidays: none, open: "09:00", close: "12:00", interval_min: 30}
demand:
  calls_per_day: 900
  intraday_profile: [2, 4, 3, 2, 1, 1]
  day_of_week: {mon: 1.2}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: lognormal, mean_s: 240, cv: 1.0}}, to_second_line: 0.2, second_line: {handle: {dist: exponential, mean_s: 480}}}
callers:
  patience: {dist: exponential, mean_s: 300}
  redial: {probability: 0.3, after: {dist: exponential, mean_s: 600}}
email: {per_day: 30, line: second, handle: {dist: exponential, mean_s: 300}}
# The staffing the command replaces.
lines:
  first:
    shrinkage: 0.2
    shifts: [{start: "09:00", end: "12:00", agents: 20}]
  second:
    shifts: [{start: "09:00", end: "12:00", agents: 6}]
# Targets follow.
targets:
  service_level: {within_s: 60, at_least: 0.8}
  abandonment: {at_most: 0.08}
  email: {within_h: 6, at_least: 0.8}
simulation: {replications: 6, seed: 7}
"#;

const REPLICATIONS: &str = "6";

fn staff(scenario: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    ccplan_out("staff", [scenario], out, extra)
}

#[test]
fn every_method_writes_its_files_and_a_loadable_roster() {
    let dir = tempfile::tempdir().unwrap();
    let scenario_path = write_file(dir.path(), "small.yaml", SMALL);
    let sc = scenario::load(&scenario_path).unwrap();
    for method in ["sipp", "lagged-sipp", "mol"] {
        let out = dir.path().join(method);
        let a = staff(
            &scenario_path,
            &out,
            &["--method", method, "--replications", REPLICATIONS],
        );
        let code = exit_code(&a);
        assert!(code == 0 || code == 1, "{method}: exit {code}");
        for f in [
            "requirement.parquet",
            "requirement.csv",
            "staffing.yaml",
            "scenario-staffed.yaml",
            "report.md",
            "staff.json",
            "charts/requirement_first_line.png",
            "charts/requirement_first_line.svg",
            "charts/requirement_second_line.svg",
        ] {
            assert!(out.join(f).is_file(), "{method}: {f} missing");
        }
        let json: Value = read_json(&out.join("staff.json"));
        assert_eq!(json["method"], method);
        let meets = json["verification"]["targets_met_in_every_interval"]
            .as_bool()
            .unwrap();
        // The independent check decides the exit code: 1 exactly when it falls short.
        let holds = json["independent_check"]["targets_met_in_every_interval"]
            .as_bool()
            .unwrap();
        assert_eq!(holds, code == 0, "{method}");
        let stdout = String::from_utf8_lossy(&a.get_output().stdout).to_string();
        assert!(
            stdout.contains(&format!(
                "targets met in every interval of the independent check: {}",
                if holds { "yes" } else { "NO" }
            )),
            "{stdout}"
        );
        // A verification that falls short says where.
        if !meets {
            assert!(stdout.contains("intervals below target:"), "{stdout}");
            assert!(
                !json["verification"]["below_target"]
                    .as_array()
                    .unwrap()
                    .is_empty()
                    || !json["verification"]["email"]["met"].as_bool().unwrap()
            );
        }
        // The staffed scenario loads, keeps everything but the lines, and is staffed by
        // the requirement table's rostered counts.
        let staffed = scenario::load(&out.join("scenario-staffed.yaml")).unwrap();
        assert_eq!(staffed.demand, sc.demand);
        assert_eq!(staffed.targets, sc.targets);
        assert!(
            fs::read_to_string(out.join("scenario-staffed.yaml"))
                .unwrap()
                .contains("# Targets follow.")
        );
        let csv = fs::read_to_string(out.join("requirement.csv")).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next().unwrap(),
            "date,interval_start,line,agents_required,agents_rostered_required,agents_roster,shortfall_agents"
        );
        let roster = roster_plan(&staffed);
        let mut rows = 0;
        for row in lines {
            let f: Vec<&str> = row.split(',').collect();
            let day = sc
                .calendar
                .working_days
                .iter()
                .position(|d| d.to_string() == f[0])
                .unwrap();
            let interval = (0..sc.calendar.intervals_per_day())
                .find(|&i| {
                    let s = sc.calendar.interval_start_s(i);
                    format!("{:02}:{:02}", s / 3600, s / 60 % 60) == f[1]
                })
                .unwrap();
            let line = if f[2] == "first_line" {
                LineId::First
            } else {
                LineId::Second
            };
            let required: u32 = f[3].parse().unwrap();
            assert_eq!(roster.get(day, interval, line), required, "{row}");
            // The scenario's roster: 20 × 0.8 = 16 on the 1st line, 6 on the 2nd.
            let own: u32 = f[5].parse().unwrap();
            assert_eq!(own, if line == LineId::First { 16 } else { 6 });
            assert_eq!(
                f[6].parse::<u32>().unwrap(),
                required.saturating_sub(own),
                "{row}"
            );
            rows += 1;
        }
        assert_eq!(rows, 2 * 6 * 2);
        // The fragment is the `lines:` block with one count per interval.
        let fragment: Value =
            serde_saphyr::from_str(&fs::read_to_string(out.join("staffing.yaml")).unwrap())
                .unwrap();
        let every_day = fragment["lines"]["first"]["agents_by_interval"]
            .as_array()
            .unwrap();
        assert_eq!(every_day.len(), 6);
        assert!(fragment["lines"]["first"].get("reinforcement").is_none());
    }
}

/// A cell with calls: (day, interval, line, mean service level, mean abandonment).
type CellMean = (usize, usize, usize, f64, f64);

/// Mean across replications of each cell's service level and abandonment, computed here
/// from the engine's counters (not by the command's code), and the run's statistics.
fn cell_means(sc: &scenario::Scenario, settings: RunSettings) -> (Vec<CellMean>, RunStats) {
    let setup = Setup::new(sc);
    let k = setup.target_threshold.unwrap();
    let def = sc.targets.service_level.unwrap().definition;
    let (days, n) = (setup.days.len(), setup.n_intervals);
    let mut sums = vec![(0.0, 0u32, 0.0, 0u32); days * n * 2];
    let stats = engine::run_with(sc, settings, &|| {}, |_, r| {
        for d in 0..days {
            for i in 0..n {
                for l in 0..2 {
                    let c = r.cell(d, i, l);
                    let s = &mut sums[(d * n + i) * 2 + l];
                    if c.reached_queue() > 0 {
                        s.0 += c.service_level(def, k);
                        s.1 += 1;
                        s.2 += c.abandoned as f64 / c.reached_queue() as f64;
                        s.3 += 1;
                    }
                }
            }
        }
    });
    let mut out = Vec::new();
    for d in 0..days {
        for i in 0..n {
            for l in 0..2 {
                let s = sums[(d * n + i) * 2 + l];
                if s.1 > 0 {
                    out.push((d, i, l, s.0 / s.1 as f64, s.2 / s.3 as f64));
                }
            }
        }
    }
    (out, stats)
}

#[test]
fn isa_meets_the_targets_in_every_interval() {
    let dir = tempfile::tempdir().unwrap();
    let scenario_path = write_file(dir.path(), "small.yaml", SMALL);
    let out = dir.path().join("isa");
    let a = staff(&scenario_path, &out, &["--replications", REPLICATIONS]);
    let json: Value = read_json(&out.join("staff.json"));
    // The exit code is the independent check's verdict.
    let holds = json["independent_check"]["targets_met_in_every_interval"]
        .as_bool()
        .unwrap();
    assert_eq!(
        exit_code(&a),
        if holds { 0 } else { 1 },
        "{}",
        String::from_utf8_lossy(&a.get_output().stdout)
    );
    assert_eq!(json["method"], "isa");
    assert_eq!(json["verification"]["intervals_below_target"], 0);
    assert_eq!(json["search"]["polished"], true);
    // The out-of-sample check ran on other replications and counted every cell.
    let check = &json["independent_check"];
    assert_ne!(check["seed"], json["verification"]["seed"]);
    assert_eq!(check["replications"], json["verification"]["replications"]);
    assert_eq!(
        check["cells_with_calls"],
        json["verification"]["cells_with_calls"]
    );
    assert!(check["intervals_below_target"].as_u64().is_some());

    // Independently: simulate the written scenario and check each cell.
    let staffed = scenario::load(&out.join("scenario-staffed.yaml")).unwrap();
    let settings = RunSettings {
        replications: REPLICATIONS.parse().unwrap(),
        seed: 7,
    };
    let (cells, stats) = cell_means(&staffed, settings);
    assert_eq!(cells.len(), 2 * 6 * 2, "every cell has calls");
    for (d, i, l, sl, ab) in cells {
        assert!(
            sl >= 0.8,
            "day {d} interval {i} line {l}: service level {sl}"
        );
        assert!(
            ab <= 0.08,
            "day {d} interval {i} line {l}: abandonment {ab}"
        );
    }
    // The e-mail target holds too.
    let email = ccplan::report::summary_json::target_checks(&staffed, &stats)
        .into_iter()
        .find(|c| c.name == "email")
        .unwrap();
    assert!(email.achieved.mean >= 0.8, "{:?}", email.achieved);
}

#[test]
fn per_date_staffing_round_trips_through_the_scenario_text() {
    let sc = scenario::parse_str(SMALL, "small.yaml").unwrap();
    let mut plan = Plan::zeros(&sc);
    for (d, i) in plan.cells() {
        plan.set(d, i, LineId::First, 10 + (d * 3 + i) as u32);
        plan.set(d, i, LineId::Second, 2 + i as u32 % 2);
    }
    let fragment::StaffedText {
        text,
        scenario: loaded,
        ..
    } = fragment::staffed_text(&sc, SMALL, &plan, "staffed.yaml").unwrap();
    assert!(text.contains("agents_by_date:"), "{text}");
    assert!(text.contains("\n  second:\n"), "{text}");
    assert_eq!(roster_plan(&loaded), plan);
    assert_eq!(loaded.lines, staffed_scenario(&sc, &plan).lines);
    let Staffing::ByInterval { by_date, .. } = &loaded.lines.first.staffing else {
        panic!("staffed by interval");
    };
    // Two days that differ: one is the every-day counts, the other its override.
    assert_eq!(by_date.len(), 1);
    let again = scenario::parse_str(&text, "again.yaml").unwrap();
    assert_eq!(again, loaded);
}

#[test]
fn a_fitted_scenario_keeps_its_availability_and_agent_factors_when_staffed() {
    // The bank scenario from `ccplan fit` has agents who step away (`availability`); the
    // staffed scenario once dropped it, and `staff --method sipp` stopped with "lines
    // differ from the plan".
    let source = fs::read_to_string(repo("scenarios/anonymous-bank-1999.yaml")).unwrap();
    let sc = scenario::parse_str(&source, "bank.yaml").unwrap();
    let availability = sc.lines.first.availability.expect("fitted availability");
    let mut plan = Plan::zeros(&sc);
    for (d, i) in plan.cells() {
        plan.set(d, i, LineId::First, 3 + (i % 4) as u32);
    }
    let fragment::StaffedText {
        scenario: loaded, ..
    } = fragment::staffed_text(&sc, &source, &plan, "staffed.yaml").unwrap();
    assert_eq!(loaded.lines.first.availability, Some(availability));
    // So do its agents' handling factors (read by `backtest`).
    assert!(!sc.lines.first.handle_factor_by_agent.is_empty());
    assert_eq!(loaded.lines, staffed_scenario(&sc, &plan).lines);
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let scenario_path = write_file(dir.path(), "small.yaml", SMALL);
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/agents-by-date.yaml");
    let cases: Vec<(PathBuf, Vec<&str>)> = vec![
        (scenario_path.clone(), vec!["--method", "erlang"]),
        (broken, vec!["--method", "sipp"]),
        (scenario_path.clone(), vec!["--replications", "0"]),
        (dir.path().join("missing.yaml"), vec!["--method", "sipp"]),
    ];
    for (k, (path, extra)) in cases.iter().enumerate() {
        let out = dir.path().join(format!("out{k}"));
        let a = staff(path, &out, extra);
        assert_eq!(exit_code(&a), 2, "{extra:?}");
        assert!(!out.exists(), "{extra:?}: output written");
    }
}
