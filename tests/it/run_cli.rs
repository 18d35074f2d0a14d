//! `ccplan run` end to end: outputs, their contract, reproducibility across thread counts,
//! every bundled scenario, and clean failure on bad input.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

use crate::common::{assert_same_whatever_the_threads, ccplan_out, read_json, repo};
use serde_json::Value;

fn run(scenario: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    ccplan_out("run", [scenario], out, extra)
}

#[test]
fn outputs_are_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo("scenarios/seguranca-social-2017.yaml");
    let mut files = vec!["summary.json".to_owned()];
    for table in ccplan::tables::schema::TABLES {
        files.push(format!("{}.parquet", table.name));
        files.push(format!("{}.csv", table.name));
    }
    let (one, two) = assert_same_whatever_the_threads(
        "run",
        [&scenario],
        dir.path(),
        &["--replications", "4"],
        &files,
    );
    // Nothing half-written is left behind: every write is a temporary renamed into place.
    for dir in [&one, &two] {
        for entry in fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.starts_with('.'), "temporary file {name} left behind");
        }
    }
}

#[test]
fn summary_json_holds_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    run(
        &repo("scenarios/seguranca-social-2017.yaml"),
        dir.path(),
        &["--replications", "3"],
    )
    .success();
    let s: Value = read_json(&dir.path().join("summary.json"));
    assert_eq!(s["scenario"], "seguranca-social-2017");
    assert_eq!(s["replications"], 3);
    assert_eq!(s["seed"], 20180102u64);
    assert_eq!(s["working_days"], 20);
    assert_eq!(s["service_level_definition"], "offered");
    for line in ["first_line", "second_line"] {
        let b = &s[line];
        for key in [
            "calls_offered",
            "calls_self_served",
            "calls_blocked",
            "calls_answered",
            "calls_abandoned",
            "redials",
            "p_wait",
            "asa_s",
            "mean_wait_s",
            "abandonment_rate",
            "occupancy",
        ] {
            let e = &b[key];
            assert!(e["mean"].is_number(), "{line}.{key}: {e}");
            let (lo, m, hi) = (
                e["ci95_low"].as_f64().unwrap(),
                e["mean"].as_f64().unwrap(),
                e["ci95_high"].as_f64().unwrap(),
            );
            assert!(lo <= m && m <= hi, "{line}.{key}: {e}");
        }
        for t in ["20", "30", "60", "120", "300"] {
            assert!(
                b["service_level_at_s"][t]["mean"].is_number(),
                "{line} SL {t}"
            );
        }
        for q in ["p50", "p80", "p90", "p95", "p99"] {
            assert!(b["wait_quantiles_s"][q]["mean"].is_number(), "{line} {q}");
        }
        // Conservation on the means: offered = self-served + blocked + answered + abandoned.
        let m = |k: &str| b[k]["mean"].as_f64().unwrap();
        let parts = m("calls_self_served")
            + m("calls_blocked")
            + m("calls_answered")
            + m("calls_abandoned");
        assert!((m("calls_offered") - parts).abs() < 1e-6 * m("calls_offered"));
    }
    assert!(s["email"]["received"]["mean"].as_f64().unwrap() > 0.0);
    let targets = s["targets"].as_object().unwrap();
    assert!(targets.contains_key("service_level.first_line"));
    assert!(targets.contains_key("abandonment.first_line"));
    assert!(targets.contains_key("email"));
    for (_, t) in targets {
        assert!(t["met"].is_boolean());
        assert!(t["achieved"]["mean"].is_number());
    }
}

#[test]
fn intervals_csv_has_a_row_per_date_interval_and_line() {
    let dir = tempfile::tempdir().unwrap();
    run(
        &repo("scenarios/minimal.yaml"),
        dir.path(),
        &["--replications", "2"],
    )
    .success();
    let csv = fs::read_to_string(dir.path().join("intervals.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in [
        "date",
        "interval_start",
        "line",
        "offered_load_erlangs",
        "agents_available",
        "sl_20s",
        "sl_20s_ci95_low",
    ] {
        assert!(header.contains(&col), "missing column {col}");
    }
    let rows: Vec<&str> = lines.collect();
    // 5 days × 20 half-hour intervals × 1 line.
    assert_eq!(rows.len(), 100);
    assert!(rows[0].starts_with("2024-01-08,08:00,first_line,"));
    for row in &rows {
        assert_eq!(row.split(',').count(), header.len());
    }
    // The same table in Parquet, and the other tables beside it.
    let tables = ccplan::tables::read_tables(dir.path()).unwrap();
    assert_eq!(tables.intervals.height(), 100);
    assert_eq!(tables.intervals.width(), header.len());
    assert_eq!(tables.days.height(), 5);
    assert_eq!(tables.replications.height(), 2);
}

#[test]
fn every_bundled_scenario_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut count = 0;
    for entry in fs::read_dir(repo("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let out = dir.path().join(path.file_stem().unwrap());
            run(&path, &out, &["--replications", "2"]).success();
            assert!(out.join("summary.json").is_file(), "{}", path.display());
            count += 1;
        }
    }
    assert!(count >= 2);
}

#[test]
fn a_bad_scenario_fails_cleanly_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    let text = fs::read_to_string(repo("scenarios/minimal.yaml"))
        .unwrap()
        .replace("agents: 80", "agents: -80");
    fs::write(&bad, text).unwrap();
    let out = dir.path().join("out");
    let assert = run(&bad, &out, &[]).code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("bad.yaml:"), "{stderr}");
    assert!(!out.exists(), "output folder created for a bad scenario");
}

#[test]
fn bad_flags_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    run(
        &repo("scenarios/minimal.yaml"),
        dir.path(),
        &["--replications", "0"],
    )
    .code(2);
    run(
        &repo("scenarios/minimal.yaml"),
        dir.path(),
        &["--threads", "0"],
    )
    .code(2);
    Command::cargo_bin("ccplan")
        .unwrap()
        .args(["run", "no/such/file.yaml"])
        .assert()
        .code(2);
}
