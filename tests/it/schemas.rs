//! The published JSON Schemas (`outputs/schemas/`): current with the types, and every JSON
//! file of every command validates against its schema and reads back as its type byte for
//! byte. Rewrite the schemas after changing an output's type with
//! `CCPLAN_UPDATE_SCHEMAS=1 cargo test --locked --test it schemas`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ccplan::json_schemas::{SCHEMA_DIR, outputs};

use crate::common::{
    ccplan_out, check_output, exit_code, output_of, repo, schema_output, shared_data, validate,
};

#[test]
fn published_schemas_match_the_types() {
    let dir = repo(SCHEMA_DIR);
    let update = std::env::var_os("CCPLAN_UPDATE_SCHEMAS").is_some_and(|v| v == "1");
    let known: Vec<String> = outputs().iter().map(|o| o.schema_file.to_owned()).collect();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
        for o in outputs() {
            std::fs::write(dir.join(o.schema_file), o.schema_text()).unwrap();
        }
    }
    let mut problems = Vec::new();
    for o in outputs() {
        match std::fs::read_to_string(dir.join(o.schema_file)) {
            Ok(text) if text == o.schema_text() => {}
            Ok(_) => problems.push(format!("{} differs from its type", o.schema_file)),
            Err(e) => problems.push(format!("{}: {e}", o.schema_file)),
        }
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".schema.json") && !known.contains(&name) {
            problems.push(format!("{name} is the schema of no output"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}: {}\nRegenerate with: CCPLAN_UPDATE_SCHEMAS=1 cargo test --locked --test it schemas",
        dir.display(),
        problems.join("; ")
    );
}

/// Every `.json` file under `dir`, recursively.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(json_files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    out
}

/// `ccplan erlang <args…> --format json`'s standard output.
fn erlang_json(args: &[&str]) -> String {
    let out = assert_cmd::Command::cargo_bin("ccplan")
        .unwrap()
        .arg("erlang")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_json_file_of_every_command_validates_against_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = |name: &str| repo(&format!("scenarios/{name}.yaml"));
    let (minimal, tender) = (scenario("minimal"), scenario("seguranca-social-2017"));
    let two = ["--replications", "2"];
    let ok = |a: assert_cmd::assert::Assert| {
        let code = exit_code(&a);
        // 1 is a verdict (a target or claim missed), not a failure to write.
        assert!(code == 0 || code == 1, "{:?}", a.get_output());
    };
    // run: one line without e-mail; two lines with e-mail and targets. Then report.
    ok(ccplan_out("run", [&minimal], &d.join("run-minimal"), &two));
    ok(ccplan_out("run", [&tender], &d.join("run-tender"), &two));
    let report = assert_cmd::Command::cargo_bin("ccplan")
        .unwrap()
        .arg("report")
        .arg(d.join("run-tender"))
        .assert();
    ok(report);
    ok(ccplan_out("staff", [&minimal], &d.join("staff-isa"), &two));
    ok(ccplan_out(
        "staff",
        [&tender],
        &d.join("staff-sipp"),
        &["--method", "sipp", "--replications", "2"],
    ));
    // The minimal scenario with targets, so that every point has its verdicts.
    let targeted = crate::common::write_file(
        d,
        "targeted.yaml",
        &(std::fs::read_to_string(&minimal).unwrap()
            + "targets:\n  service_level: {within_s: 20, at_least: 0.8, definition: offered}\n  abandonment: {at_most: 0.05}\n"),
    );
    ok(ccplan_out(
        "sweep",
        [&targeted],
        &d.join("sweep"),
        &[
            "--set",
            "lines.first.shifts[0].agents=78,85",
            "--set",
            "targets.service_level.definition=offered,answered",
            "--replications",
            "2",
        ],
    ));
    ok(ccplan_out(
        "compare",
        [&tender, &scenario("self-service-plus-15")],
        &d.join("compare"),
        &two,
    ));
    ok(ccplan_out(
        "check",
        [&tender],
        &d.join("check"),
        &[
            "--claims",
            repo("scenarios/claims/tender-holds.yaml").to_str().unwrap(),
            "--days",
            "1",
            "--capacity-step",
            "2000",
            "--replications",
            "2",
        ],
    ));
    let baseline = d.join("regress").join("baseline.json");
    ok(ccplan_out(
        "regress",
        [&minimal],
        &d.join("regress"),
        &[
            "--baseline",
            baseline.to_str().unwrap(),
            "--update",
            "--replications",
            "2",
        ],
    ));
    let small = crate::common::write_file(d, "small-schedule.yaml", crate::schedule_cli::SMALL);
    let a = ccplan_out(
        "schedule",
        [&small],
        &d.join("schedule"),
        &["--method", "sipp", "--iterations", "2", "--repairs", "0"],
    );
    assert!(
        matches!(crate::common::exit_code(&a), 0 | 1),
        "schedule failed"
    );
    let log = shared_data("anonymous_bank_1999_02_first_half.tsv");
    let bank = ["--log-format", "anonymous-bank"];
    ok(ccplan_out("fit", [&log], &d.join("fit"), &bank));
    let counts = shared_data("bank_calls_2003_5min.csv");
    ok(ccplan_out(
        "fit",
        [&counts],
        &d.join("fit-counts"),
        &["--log-format", "arrival-counts"],
    ));
    ok(ccplan_out(
        "backtest",
        [d.join("fit/scenario.yaml"), log],
        &d.join("backtest"),
        &[
            "--log-format",
            "anonymous-bank",
            "--from",
            "1999-02-12",
            "--replications",
            "2",
        ],
    ));

    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for path in json_files(d) {
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let output = output_of(&path, &value)
            .unwrap_or_else(|| panic!("{} has no published schema", path.display()));
        check_output(&output, &text, &path.display().to_string());
        *seen.entry(output.schema_file).or_default() += 1;
    }
    let erlang = schema_output("erlang.schema.json");
    let base = ["--arrivals-per-hour", "90", "--aht-s", "300"];
    for extra in [
        &["--agents", "8..10"][..],
        &["--agents", "7.5", "--patience-s", "120"],
        &["--target-sl", "0.8"],
        &[
            "--max-abandon",
            "0.05",
            "--patience-s",
            "100",
            "--lines",
            "12",
        ],
    ] {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        check_output(&erlang, &erlang_json(&args), &format!("erlang {args:?}"));
    }
    let with_scenario = ["--scenario", tender.to_str().unwrap()];
    check_output(&erlang, &erlang_json(&with_scenario), "erlang --scenario");
    *seen.entry(erlang.schema_file).or_default() += 5;

    let unseen: Vec<&str> = outputs()
        .iter()
        .map(|o| o.schema_file)
        .filter(|f| !seen.contains_key(f))
        .collect();
    assert!(unseen.is_empty(), "no output checked against {unseen:?}");
    // run ×2, staff ×2, fit ×2, one of each other.
    assert_eq!(seen["summary.schema.json"], 2, "{seen:?}");
    assert_eq!(seen["staff.schema.json"], 2, "{seen:?}");
    assert_eq!(seen["fit.schema.json"], 2, "{seen:?}");
}

/// The schemas are not vacuous: a renamed key, a missing key, an extra key and a wrong
/// type are each refused.
#[test]
fn a_schema_refuses_a_renamed_missing_extra_or_mistyped_key() {
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo(SCHEMA_DIR).join("summary.schema.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let a = ccplan_out(
        "run",
        [repo("scenarios/minimal.yaml")],
        dir.path(),
        &["--replications", "2"],
    );
    assert!(exit_code(&a) <= 1, "{:?}", a.get_output());
    let text = std::fs::read_to_string(dir.path().join("summary.json")).unwrap();
    let good: serde_json::Value = serde_json::from_str(&text).unwrap();
    validate(&summary, &good).unwrap();
    let broken = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    let renamed = broken(&|v| {
        let block = v["first_line"].as_object_mut().unwrap();
        let x = block.shift_remove("calls_offered").unwrap();
        block.insert("calls_offer".into(), x);
    });
    let missing = broken(&|v| {
        v.as_object_mut().unwrap().shift_remove("seed");
    });
    let extra = broken(&|v| {
        v["first_line"]["p_wait"]["median"] = 0.5.into();
    });
    let mistyped = broken(&|v| v["replications"] = "two".into());
    let bad_verdict = broken(&|v| {
        if let Some(t) = v["targets"]
            .as_object_mut()
            .and_then(|t| t.values_mut().next())
        {
            t["verdict"] = "passed".into();
        } else {
            v["service_level_definition"] = "somehow".into();
        }
    });
    for (what, v) in [
        ("renamed", renamed),
        ("missing", missing),
        ("extra", extra),
        ("mistyped", mistyped),
        ("bad verdict", bad_verdict),
    ] {
        assert!(validate(&summary, &v).is_err(), "{what} key accepted");
        let output = schema_output("summary.schema.json");
        if what != "extra" && what != "bad verdict" {
            assert!(
                output
                    .reserialize(&serde_json::to_string_pretty(&v).unwrap())
                    .is_err(),
                "{what} key read as a Summary"
            );
        }
    }
}
