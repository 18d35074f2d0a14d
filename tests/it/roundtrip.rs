//! Round trip: `ccplan run --call-log` writes a scenario's simulated calls; `ccplan fit`
//! must recover the scenario's parameters from them, and `ccplan backtest` of the true
//! scenario on its own log must be as accurate as chance allows.

use std::path::Path;

use ccplan::calllog::{self, LogFormat, Outcome};

use crate::common::{ccplan_out, exit_code, read_json, write_file};

/// One line, Monday to Friday 08:00–20:00, 4,000 first attempts a day (about 20,000 in
/// all), lognormal handling (mean 240 s, cv 1), exponential patience (mean 180 s), 30 % of
/// abandoners redial after an exponential 120 s, 20 s in the menu; 22 agents for 22.2
/// erlangs, so about one caller in ten abandons.
const TRUTH: &str = r#"
name: truth
calendar: {start: 2024-01-08, days: 5, open: "08:00", close: "20:00", interval_min: 30}
demand: {calls_per_day: 4000, intraday_profile: flat}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: lognormal, mean_s: 240, cv: 1.0}}}
callers:
  patience: {dist: exponential, mean_s: 180}
  redial: {probability: 0.3, after: {dist: exponential, mean_s: 120}}
  self_service_time: {dist: fixed, s: 20}
lines: {first: {shifts: [{start: "08:00", end: "20:00", agents: 22}]}}
simulation: {replications: 1, seed: 11}
"#;

fn within(name: &str, fitted: f64, truth: f64, rel: f64) {
    let err = (fitted - truth).abs() / truth;
    assert!(
        err <= rel,
        "{name}: fitted {fitted:.4}, true {truth}, off by {:.1} % (tolerance {:.1} %)",
        100.0 * err,
        100.0 * rel
    );
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn fit_recovers_the_simulated_truth_and_backtest_reaches_the_noise_floor() {
    let dir = tempfile::tempdir().unwrap();
    let truth = write_file(dir.path(), "truth.yaml", TRUTH);
    let log = dir.path().join("calls.csv");
    let a = ccplan_out(
        "run",
        [&truth],
        &dir.path().join("run"),
        &["--call-log", log.to_str().unwrap()],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());

    // The log is the run: as many attempts, answers and abandonments as summary.json counts.
    let calls = calllog::read(std::slice::from_ref(&log), &LogFormat::default()).unwrap();
    let summary = read_json(&dir.path().join("run/summary.json"));
    let count = |o: Outcome| calls.records.iter().filter(|r| r.outcome == o).count() as f64;
    let s = &summary["first_line"];
    assert_eq!(calls.records.len() as f64, f(&s["calls_offered"]["mean"]));
    assert_eq!(count(Outcome::Answered), f(&s["calls_answered"]["mean"]));
    assert_eq!(count(Outcome::Abandoned), f(&s["calls_abandoned"]["mean"]));
    assert!(
        calls.records.len() > 19_000,
        "{} calls",
        calls.records.len()
    );

    let fit = dir.path().join("fit");
    let a = ccplan_out("fit", [&log], &fit, &[]);
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let j = read_json(&fit.join("fit.json"));
    // Redials found by caller number are exactly the engine's.
    assert_eq!(f(&j["redial_calls"]), f(&s["redials"]["mean"]));

    // Tolerances, from the sample sizes (one replication, seed 11):
    // - first attempts: Poisson, about 20,000 in all, sd 0.7 %: 3 % is over 4 sd;
    let arrivals = &j["arrivals"];
    assert_eq!(arrivals["working_dates"], 5);
    within(
        "first attempts per day",
        f(&arrivals["calls_per_day"]),
        4000.0,
        0.03,
    );
    // - handling: about 18,000 answered; the mean's sd is 240/√18,000 = 1.8 s (0.75 %),
    //   the lognormal maximum-likelihood cv's about 1 %: 3 % and 5 %;
    let handle = &j["handle_pooled"]["chosen"];
    assert_eq!(handle["family"], "lognormal");
    within("handling mean", f(&handle["mean_s"]), 240.0, 0.03);
    within("handling cv", f(&handle["cv"]), 1.0, 0.05);
    // - patience: the censored exponential maximum-likelihood mean over about 2,000
    //   abandonments has an sd of 180/√2,000 = 4 s (2.2 %): 8 %;
    let exponential = j["patience"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["family"] == "exponential")
        .expect("an exponential patience candidate");
    within("patience mean", f(&exponential["mean_s"]), 180.0, 0.08);
    assert_eq!(j["patience"]["chosen"]["family"], "exponential");
    // - redial probability: a proportion over about 2,000 abandoners, sd 0.010: ±0.035;
    //   the delay: about 650 redials, sd of the mean 120/√650 = 4.7 s (3.9 %): 15 %.
    let p = f(&j["redial"]["probability"]);
    assert!((p - 0.3).abs() <= 0.035, "redial probability {p}");
    within(
        "redial delay mean",
        f(&j["redial"]["after"]["chosen"]["mean_s"]),
        120.0,
        0.15,
    );
    // - menu time: a fixed 20 s; every call shows it, so it is fitted as fixed, exactly.
    within("menu time", f(&j["menu_time_fixed_s"]), 20.0, 1e-6);
    assert!(j["menu_time"].is_null());
    // - agents: the engine's agents all handle at their types' rates, so each fitted
    //   factor is 1 up to noise (about 800 calls an agent with handling cv 1: sd of a
    //   ratio 1/√800 = 3.5 %, and shrunk toward 1; none when the spread is all noise):
    //   8 %.
    let by_agent = &j["handle_by_agent"];
    assert!(f(&by_agent["within_var"]) > 0.0);
    for a in by_agent["agents"].as_array().unwrap() {
        let g = f(&a["factor"]);
        assert!((g - 1.0).abs() <= 0.08, "agent {}: factor {g}", a["agent"]);
    }
    let fitted = std::fs::read_to_string(fit.join("scenario.yaml")).unwrap();
    assert!(
        fitted.contains("self_service_time: {dist: fixed, s: 20.000}"),
        "{fitted}"
    );

    // The true scenario replayed on its own log. The noise floor is the mean absolute
    // difference between one replication and the mean of the others: the error of a
    // perfect model, since the log is one draw and the prediction a mean. The truth is a
    // perfect model of this log, so its MAE must sit at the floor; 1.5× leaves room for
    // the floor's own sampling error over 60 hours, while a wrong model (say patience or
    // handling off by a fifth) moves the hourly figures by more than the floor.
    let bt = dir.path().join("bt");
    let a = ccplan_out("backtest", [&truth, &log], &bt, &["--replications", "20"]);
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let b = read_json(&bt.join("backtest.json"));
    assert_eq!(b["dates"].as_array().unwrap().len(), 5);
    for figure in ["abandonment_rate", "asa_s"] {
        let mae = f(&b["hourly"][figure]["mae"]);
        let floor = f(&b["noise_floor_hourly"][figure]["mae"]);
        assert!(b["hourly"][figure]["n"].as_u64().unwrap() >= 50);
        assert!(
            mae <= 1.5 * floor,
            "{figure}: hourly MAE {mae:.4} against a noise floor of {floor:.4}"
        );
    }
}

fn run_log(scenario: &Path, out: &Path, log: &Path, threads: &str) {
    let a = ccplan_out(
        "run",
        [scenario],
        out,
        &[
            "--replications",
            "3",
            "--threads",
            threads,
            "--call-log",
            log.to_str().unwrap(),
        ],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
}

#[test]
fn call_logs_are_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write_file(dir.path(), "truth.yaml", TRUTH);
    for ext in ["csv", "parquet"] {
        let one = dir.path().join(format!("one.{ext}"));
        let two = dir.path().join(format!("two.{ext}"));
        run_log(&scenario, &dir.path().join("one"), &one, "1");
        run_log(&scenario, &dir.path().join("two"), &two, "2");
        let (a, b) = (std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap());
        assert!(!a.is_empty());
        assert!(a == b, "{ext} call logs differ between 1 and 2 threads");
        // Every replication's attempts are there, each caller numbered within its
        // replication: as many rows as the run offered calls on the first line.
        let calls = calllog::read(&[one], &LogFormat::default()).unwrap();
        let summary = read_json(&dir.path().join("one/summary.json"));
        let offered = f(&summary["first_line"]["calls_offered"]["mean"]) * 3.0;
        assert_eq!(calls.records.len() as f64, offered, "{ext}");
        let reps: std::collections::BTreeSet<u64> = calls
            .records
            .iter()
            .filter_map(|r| r.caller)
            .map(|c| c >> 32)
            .collect();
        assert_eq!(reps.into_iter().collect::<Vec<_>>(), [0, 1, 2]);
    }
}

#[test]
fn a_call_log_of_another_kind_exits_2_before_simulating() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = crate::common::repo("scenarios/minimal.yaml");
    let out = dir.path().join("out");
    let log = dir.path().join("calls.json");
    let a = ccplan_out(
        "run",
        [&scenario],
        &out,
        &["--call-log", log.to_str().unwrap()],
    );
    assert_eq!(exit_code(&a), 2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains(".csv or .parquet"));
    assert!(!out.exists() && !log.exists());
}

/// Two call types whose callers differ only in patience: exponential, mean 100 s and
/// 400 s; the callers' own patience (300 s) applies to neither.
const TWO_PATIENCES: &str = r#"
name: two-patiences
calendar: {start: 2024-01-08, days: 5, open: "08:00", close: "20:00", interval_min: 30}
demand: {calls_per_day: 4000, intraday_profile: flat}
contact_types:
  - {name: quick, share: 0.5, first_line: {handle: {dist: exponential, mean_s: 240}},
     patience: {dist: exponential, mean_s: 100}}
  - {name: slow, share: 0.5, first_line: {handle: {dist: exponential, mean_s: 240}},
     patience: {dist: exponential, mean_s: 400}}
callers:
  patience: {dist: exponential, mean_s: 300}
lines: {first: {shifts: [{start: "08:00", end: "20:00", agents: 22}]}}
simulation: {replications: 1, seed: 5}
"#;

#[test]
fn each_call_types_patience_is_simulated_fitted_and_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let truth = write_file(dir.path(), "truth.yaml", TWO_PATIENCES);
    let log = dir.path().join("calls.csv");
    let a = ccplan_out(
        "run",
        [&truth],
        &dir.path().join("run"),
        &["--call-log", log.to_str().unwrap()],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let fit = dir.path().join("fit");
    let a = ccplan_out("fit", [&log], &fit, &[]);
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let j = read_json(&fit.join("fit.json"));
    // The impatient type abandons far more: on the order of 1,500 abandonments against
    // 500. The exponential candidate's censored maximum-likelihood mean has a relative sd
    // of 1/√abandonments (3 % and 5 %): 12 % and 20 % are four sd.
    for (name, truth_s, rel) in [("quick", 100.0, 0.12), ("slow", 400.0, 0.20)] {
        let t = j["types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("type {name} in {j}"));
        let p = &t["patience"];
        assert_eq!(p["criterion"], "pooled_family", "{p}");
        assert_eq!(p["chosen"]["family"], j["patience"]["chosen"]["family"]);
        let exponential = p["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["family"] == "exponential")
            .expect("an exponential candidate");
        within(
            &format!("{name} patience mean"),
            f(&exponential["mean_s"]),
            truth_s,
            rel,
        );
        within(
            &format!("{name} chosen patience mean"),
            f(&p["chosen"]["mean_s"]),
            truth_s,
            rel,
        );
    }
    let fitted = std::fs::read_to_string(fit.join("scenario.yaml")).unwrap();
    assert_eq!(
        fitted.matches("    patience: {dist:").count(),
        2,
        "{fitted}"
    );
    // Every simulated caller has a number, so no class of callers is served first.
    assert_eq!(j["priority"]["identified_first"], false);
    assert!(!fitted.contains("served_first"), "{fitted}");

    // The truth replayed on its own log sits at the noise floor, which it would not if the
    // replay gave both types one patience: the types' abandonment differs by a factor of
    // about three.
    let bt = dir.path().join("bt");
    let a = ccplan_out("backtest", [&truth, &log], &bt, &["--replications", "20"]);
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let b = read_json(&bt.join("backtest.json"));
    for figure in ["abandonment_rate", "asa_s"] {
        let mae = f(&b["hourly"][figure]["mae"]);
        let floor = f(&b["noise_floor_hourly"][figure]["mae"]);
        assert!(
            mae <= 1.5 * floor,
            "{figure}: hourly MAE {mae:.4} against a noise floor of {floor:.4}"
        );
        let bias = f(&b["daily"][figure]["bias"]).abs();
        assert!(bias <= floor, "{figure}: daily bias {bias:.4}");
    }
}
