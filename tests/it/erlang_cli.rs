//! `ccplan erlang` end to end: the documented invocations, the JSON and CSV shapes, and
//! the exit codes (0 answered, 2 bad input or a question Erlang C cannot answer).

use assert_cmd::Command;
use serde_json::Value;

/// The example system: 1,200 calls an hour of 5 minutes (100 erlangs).
const BASE: [&str; 5] = ["erlang", "--arrivals-per-hour", "1200", "--aht-s", "300"];

/// Keys every JSON row carries, in the documented order.
const ROW_KEYS: [&str; 8] = [
    "agents",
    "p_wait",
    "asa_s",
    "mean_wait_s",
    "service_level",
    "p_abandon",
    "p_block",
    "occupancy",
];
/// Keys of the `service_level` object: one per definition.
const SL_KEYS: [&str; 4] = ["offered", "answered", "excluding_short_abandons", "virtual"];

fn ccplan(extra: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("ccplan")
        .unwrap()
        .args(BASE)
        .args(extra)
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

fn json(extra: &[&str]) -> Value {
    let mut args = extra.to_vec();
    args.extend(["--format", "json"]);
    let a = ccplan(&args).success();
    serde_json::from_str(&stdout(&a)).expect("valid JSON")
}

/// The row has exactly the documented keys, finite numbers and probabilities in [0, 1].
fn check_row(row: &Value) {
    let obj = row.as_object().expect("object");
    for k in ROW_KEYS {
        assert!(obj.contains_key(k), "missing {k} in {row}");
    }
    let sl = row["service_level"]
        .as_object()
        .expect("service_level object");
    assert_eq!(
        sl.keys().map(String::as_str).collect::<Vec<_>>().len(),
        SL_KEYS.len()
    );
    for k in SL_KEYS {
        let v = sl[k]
            .as_f64()
            .unwrap_or_else(|| panic!("service_level.{k} not a number"));
        assert!((0.0..=1.0).contains(&v), "service_level.{k} = {v}");
    }
    for k in ["p_wait", "p_abandon", "p_block", "occupancy"] {
        let v = row[k].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&v), "{k} = {v}");
    }
    for k in ["asa_s", "mean_wait_s"] {
        let v = row[k].as_f64().unwrap();
        assert!(v.is_finite() && v >= 0.0, "{k} = {v}");
    }
}

#[test]
fn erlang_c_example() {
    let a = ccplan(&["--agents", "105", "--sl-s", "20"]).success();
    let out = stdout(&a);
    for needle in [
        "Erlang C",
        "P(wait)",
        "ASA",
        "SL 20s",
        "occupancy",
        "0.5157",
        "0.9524",
    ] {
        assert!(out.contains(needle), "no `{needle}` in:\n{out}");
    }
    // The table says the definitions coincide, naming them.
    for d in SL_KEYS {
        assert!(out.contains(d), "definition {d} not named in:\n{out}");
    }
}

#[test]
fn erlang_a_names_every_definition_and_abandonment() {
    let a = ccplan(&["--agents", "105", "--sl-s", "20", "--patience-s", "180"]).success();
    let out = stdout(&a);
    for needle in [
        "Erlang A",
        "P(abandon)",
        "SL offered",
        "SL answered",
        "SL virtual",
    ] {
        assert!(out.contains(needle), "no `{needle}` in:\n{out}");
    }
    for d in SL_KEYS {
        assert!(out.contains(d), "definition {d} not named in:\n{out}");
    }
}

#[test]
fn erlang_x_reports_blocking() {
    let args = [
        "--agents",
        "100",
        "--patience-s",
        "180",
        "--lines",
        "110",
        "--redial",
        "0.5",
    ];
    let out = stdout(&ccplan(&args).success());
    assert!(
        out.contains("Erlang X") && out.contains("P(block)"),
        "{out}"
    );
    let rows = json(&args);
    let row = &rows.as_array().unwrap()[0];
    check_row(row);
    assert!(row["p_block"].as_f64().unwrap() > 0.0);
}

#[test]
fn a_range_prints_one_row_per_count() {
    let rows = json(&["--agents", "95..115", "--patience-s", "180"]);
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 21);
    for (i, row) in rows.iter().enumerate() {
        check_row(row);
        assert_eq!(row["agents"].as_u64(), Some(95 + i as u64));
    }
    let csv = stdout(
        &ccplan(&[
            "--agents",
            "95..115",
            "--patience-s",
            "180",
            "--format",
            "csv",
        ])
        .success(),
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 22);
    assert_eq!(
        lines[0],
        "agents,p_wait,asa_s,mean_wait_s,service_level_offered,service_level_answered,\
         service_level_excluding_short_abandons,service_level_virtual,p_abandon,p_block,occupancy"
    );
}

#[test]
fn an_erlang_c_range_through_the_load_keeps_the_stable_counts() {
    let a = ccplan(&["--agents", "95..115", "--format", "json"]).success();
    let rows: Value = serde_json::from_str(&stdout(&a)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 15, "101..=115");
    assert_eq!(rows[0]["agents"].as_u64(), Some(101));
    rows.iter().for_each(check_row);
    assert!(stderr(&a).contains("95..100"), "{}", stderr(&a));
}

#[test]
fn json_rows_have_the_documented_shape() {
    let rows = json(&["--agents", "105"]);
    let rows = rows
        .as_array()
        .expect("an array, one object per agent count");
    assert_eq!(rows.len(), 1);
    check_row(&rows[0]);
    assert_eq!(rows[0]["agents"], Value::from(105));
    assert!((rows[0]["p_wait"].as_f64().unwrap() - 0.515_707_426_812_308_7).abs() < 1e-12);
    // Fractional agents are kept as given.
    assert_eq!(
        json(&["--agents", "104.5"])[0]["agents"],
        Value::from(104.5)
    );
}

#[test]
fn target_queries_answer_agents_required() {
    let v = json(&["--target-sl", "0.8", "--sl-s", "60"]);
    let n = v["agents_required"].as_u64().expect("agents_required");
    assert_eq!(v["agents"].as_u64(), Some(n));
    check_row(&v);
    assert!(v["service_level"]["offered"].as_f64().unwrap() >= 0.8);

    let table = stdout(&ccplan(&["--target-sl", "0.8", "--sl-s", "60"]).success());
    assert!(table.contains(&format!("Agents required: {n}")), "{table}");

    // Combined targets: the largest single requirement.
    let single = |args: &[&str]| json(args)["agents_required"].as_u64().unwrap();
    let both = single(&[
        "--target-asa-s",
        "10",
        "--max-occupancy",
        "0.88",
        "--patience-s",
        "180",
    ]);
    let asa = single(&["--target-asa-s", "10", "--patience-s", "180"]);
    let occ = single(&["--max-occupancy", "0.88", "--patience-s", "180"]);
    assert_eq!(both, asa.max(occ));
    let ab = json(&["--max-abandon", "0.02", "--patience-s", "180"]);
    assert!(ab["p_abandon"].as_f64().unwrap() <= 0.02);
}

#[test]
fn no_agents_and_no_target_shows_the_default_requirement() {
    let out = stdout(&ccplan(&[]).success());
    assert!(out.contains("No --agents or target given"), "{out}");
    assert!(out.contains("Agents required: 108"), "{out}");
}

#[test]
fn overloaded_erlang_c_is_an_error_with_advice() {
    let a = ccplan(&["--agents", "100"]).code(2);
    let err = stderr(&a);
    for needle in [
        "no steady state",
        "100.000 erlangs",
        "100 agents",
        "101",
        "--patience-s",
    ] {
        assert!(err.contains(needle), "no `{needle}` in: {err}");
    }
    assert!(stdout(&a).is_empty());
    ccplan(&["--agents", "80..90"]).code(2);
}

#[test]
fn overloaded_erlang_a_is_answered() {
    // Twice as much work as agents: valid with abandonment.
    let v = json(&["--agents", "50", "--patience-s", "180"]);
    let row = &v[0];
    check_row(row);
    assert!(row["p_abandon"].as_f64().unwrap() > 0.45);
    assert!(row["p_wait"].as_f64().unwrap() > 0.99);
}

#[test]
fn bad_values_are_usage_errors_naming_the_flag() {
    let cases: [(&[&str], &str); 11] = [
        (&["--aht-s=-3"], "--aht-s"),
        (&["--agents", "abc"], "--agents"),
        (&["--agents", "10..5"], "--agents"),
        (&["--agents", "0"], "--agents"),
        (&["--agents", "0.5", "--patience-s", "180"], "--agents"),
        (&["--sl-s=-1"], "--sl-s"),
        (&["--patience-s", "0"], "--patience-s"),
        (&["--lines", "0"], "--lines"),
        (&["--lines", "120", "--redial", "1.5"], "--redial"),
        (&["--target-sl", "1.2"], "--target-sl"),
        (&["--max-abandon", "2"], "--max-abandon"),
    ];
    for (args, flag) in cases {
        let a = ccplan(args).code(2);
        let err = stderr(&a);
        assert!(err.contains(flag), "{args:?}: `{flag}` not named in: {err}");
    }
    // The arrivals themselves (BASE already gives them, so without it).
    for arrivals in ["-5", "nan", "inf"] {
        let a = Command::cargo_bin("ccplan")
            .unwrap()
            .args(["erlang", "--aht-s", "300", "--arrivals-per-hour", arrivals])
            .assert()
            .code(2);
        assert!(stderr(&a).contains("--arrivals-per-hour"), "{}", stderr(&a));
    }
    // Not a number at all: clap rejects it, also with exit code 2.
    ccplan(&["--aht-s", "abc"]).code(2);
    // Contradictions.
    ccplan(&["--redial", "0.3"]).code(2);
    ccplan(&["--agents", "105", "--target-sl", "0.8"]).code(2);
}

#[test]
fn fractional_agents_under_erlang_a_interpolate() {
    fn args(agents: &str) -> [&str; 6] {
        ["--agents", agents, "--patience-s", "120", "--sl-s", "20"]
    }
    // 90 calls an hour of 5 minutes: 7.5 erlangs, so 7.5 agents are overloaded.
    let small = |agents: &str| -> Value {
        let a = Command::cargo_bin("ccplan")
            .unwrap()
            .args(["erlang", "--arrivals-per-hour", "90", "--aht-s", "300"])
            .args(args(agents))
            .args(["--format", "json"])
            .assert()
            .success();
        serde_json::from_str::<Value>(&stdout(&a)).unwrap()[0].clone()
    };
    let (lo, mid, hi) = (small("7"), small("7.5"), small("8"));
    check_row(&mid);
    assert_eq!(mid["agents"], Value::from(7.5));
    let num = |row: &Value, k: &str| row[k].as_f64().unwrap();
    for k in ["p_wait", "asa_s", "mean_wait_s", "p_abandon", "occupancy"] {
        let want = 0.5 * (num(&lo, k) + num(&hi, k));
        assert!((num(&mid, k) - want).abs() <= 1e-12 * want, "{k}: {mid}");
        assert!(
            num(&hi, k) < num(&mid, k) && num(&mid, k) < num(&lo, k),
            "{k}"
        );
    }
    let sl = |row: &Value| row["service_level"]["offered"].as_f64().unwrap();
    assert!(sl(&lo) < sl(&mid) && sl(&mid) < sl(&hi));
    // The table says which model and prints the count as given.
    let out = stdout(
        &Command::cargo_bin("ccplan")
            .unwrap()
            .args(["erlang", "--arrivals-per-hour", "90", "--aht-s", "300"])
            .args(args("7.5"))
            .assert()
            .success(),
    );
    assert!(out.contains("Erlang A") && out.contains("7.5"), "{out}");
}

#[test]
fn no_arrivals_give_exact_limits() {
    for extra in [&[][..], &["--patience-s", "120"][..]] {
        let a = Command::cargo_bin("ccplan")
            .unwrap()
            .args(["erlang", "--arrivals-per-hour", "0", "--aht-s", "300"])
            .args(["--agents", "3", "--format", "json"])
            .args(extra)
            .assert()
            .success();
        let rows: Value = serde_json::from_str(&stdout(&a)).unwrap();
        let row = &rows[0];
        check_row(row);
        for k in [
            "p_wait",
            "asa_s",
            "mean_wait_s",
            "p_abandon",
            "p_block",
            "occupancy",
        ] {
            assert_eq!(row[k].as_f64(), Some(0.0), "{extra:?} {k}: {row}");
        }
        for k in SL_KEYS {
            assert_eq!(row["service_level"][k].as_f64(), Some(1.0), "{extra:?} {k}");
        }
        // A target query answers with the fewest agents there are: one.
        let a = Command::cargo_bin("ccplan")
            .unwrap()
            .args(["erlang", "--arrivals-per-hour", "0", "--aht-s", "300"])
            .args(["--target-sl", "0.8", "--format", "json"])
            .args(extra)
            .assert()
            .success();
        let v: Value = serde_json::from_str(&stdout(&a)).unwrap();
        assert_eq!(v["agents_required"].as_u64(), Some(1), "{v}");
    }
}

#[test]
fn infeasible_targets_exit_2() {
    ccplan(&["--target-sl", "1.0"]).code(2);
    let a = ccplan(&["--max-abandon", "0", "--patience-s", "180"]).code(2);
    assert!(stderr(&a).contains("abandonment"), "{}", stderr(&a));
}

mod scenario {
    use super::*;

    fn minimal() -> String {
        format!("{}/scenarios/minimal.yaml", env!("CARGO_MANIFEST_DIR"))
    }

    fn run(extra: &[&str]) -> assert_cmd::assert::Assert {
        Command::cargo_bin("ccplan")
            .unwrap()
            .args(["erlang", "--scenario", &minimal()])
            .args(extra)
            .assert()
    }

    #[test]
    fn json_has_one_row_per_line_and_interval() {
        let a = run(&["--format", "json"]).success();
        let rows: Value = serde_json::from_str(&stdout(&a)).unwrap();
        let rows = rows.as_array().expect("array");
        assert!(!rows.is_empty());
        for row in rows {
            for k in [
                "line",
                "interval_start",
                "arrivals_per_hour",
                "aht_s",
                "offered_load_erlangs",
                "agents_available",
                "agents_required",
            ] {
                assert!(row.get(k).is_some(), "missing {k} in {row}");
            }
            let load = row["offered_load_erlangs"].as_f64().unwrap();
            let need = row["agents_required"].as_u64().unwrap() as f64;
            let line = row["line"].as_str().unwrap();
            assert!(line == "first_line" || line == "second_line");
            // Without patience (Erlang C) the requirement exceeds the load.
            assert!(load == 0.0 || need > load, "{row}");
            let start = row["interval_start"].as_str().unwrap();
            assert!(start.len() == 5 && &start[2..3] == ":", "{start}");
        }
    }

    #[test]
    fn table_and_csv() {
        let out = stdout(&run(&[]).success());
        assert!(
            out.contains("first_line") && out.contains("required"),
            "{out}"
        );
        let csv = stdout(&run(&["--format", "csv"]).success());
        assert!(csv.starts_with(
            "line,interval_start,arrivals_per_hour,aht_s,offered_load_erlangs,agents_available,agents_required\n"
        ));
    }

    #[test]
    fn model_flags_clash_with_a_scenario() {
        run(&["--patience-s", "100"]).code(2);
        Command::cargo_bin("ccplan")
            .unwrap()
            .args(["erlang", "--scenario", "no/such/file.yaml"])
            .assert()
            .code(2);
    }
}
