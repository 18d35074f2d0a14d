//! `ccplan run`'s folder holds one run: whole or nothing of it, never files of an earlier
//! run beside it, and never at the cost of a file the user put there.

use std::fs;
use std::path::{Path, PathBuf};

use ccplan::report::folder::is_run_output;

use crate::common::{ccplan_out, exit_code, repo, write_file};

/// Every file under `root`, relative to it, sorted.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        for entry in fs::read_dir(root.join(&rel)).unwrap() {
            let entry = entry.unwrap();
            let path = rel.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_second_scenario_replaces_the_first_and_keeps_the_users_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let reps = ["--replications", "2"];
    ccplan_out(
        "run",
        [repo("scenarios/seguranca-social-2017.yaml")],
        &out,
        &reps,
    )
    .success();
    let tender = files(&out);
    // The tender writes every kind of file a run can: each is recognised as ccplan's, so
    // a later run can clear it.
    for f in &tender {
        assert!(
            is_run_output(f),
            "{} is not known as a run's output",
            f.display()
        );
    }
    assert!(tender.contains(&PathBuf::from("charts/email_backlog.png")));
    assert!(tender.contains(&PathBuf::from("charts/wait_distribution_second_line.svg")));
    write_file(&out, "notes.txt", "my notes\n");
    write_file(&out.join("charts"), "mine.png", "not a chart of ccplan's");

    let minimal = repo("scenarios/minimal.yaml");
    ccplan_out("run", [&minimal], &out, &reps).success();
    let fresh = tmp.path().join("fresh");
    ccplan_out("run", [&minimal], &fresh, &reps).success();

    let mut expected = files(&fresh);
    expected.push("charts/mine.png".into());
    expected.push("notes.txt".into());
    expected.sort();
    assert_eq!(files(&out), expected);
    for f in files(&fresh) {
        assert_eq!(
            fs::read(out.join(&f)).unwrap(),
            fs::read(fresh.join(&f)).unwrap(),
            "{} differs from a fresh run's",
            f.display()
        );
    }
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).unwrap(),
        "my notes\n"
    );
    // Nothing is left beside the folder either.
    let mut beside: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["fresh", "run"]);
}

const TINY_THRESHOLD: &str = r#"
name: tiny-threshold
calendar: {start: 2024-01-08, days: 1, holidays: none, open: "08:00", close: "10:00", interval_min: 30}
demand: {calls_per_day: 300, intraday_profile: flat}
contact_types:
  - {name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 120}}}
lines: {first: {shifts: [{start: "08:00", end: "10:00", agents: 8}]}}
targets: {service_level: {within_s: WITHIN, at_least: 0.8}}
simulation: {replications: 2, seed: 3}
"#;

#[test]
fn a_threshold_no_output_can_serve_is_refused_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = write_file(
        tmp.path(),
        "tiny.yaml",
        &TINY_THRESHOLD.replace("WITHIN", "0.0001"),
    );
    let out = tmp.path().join("out");
    let a = ccplan_out("run", [&sc], &out, &[]);
    assert_eq!(exit_code(&a), 2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        err.contains("targets.service_level.within_s") && err.contains("tiny.yaml:"),
        "{err}"
    );
    assert!(err.contains("from 1 to"), "{err}");
    assert!(!out.exists());

    // An existing run's folder is left as it was.
    let ok = write_file(
        tmp.path(),
        "one.yaml",
        &TINY_THRESHOLD.replace("WITHIN", "1"),
    );
    ccplan_out("run", [&ok], &out, &[]).success();
    let before: Vec<_> = files(&out)
        .into_iter()
        .map(|f| (fs::read(out.join(&f)).unwrap(), f))
        .collect();
    assert!(
        before
            .iter()
            .any(|(_, f)| f.ends_with("wait_distribution_first_line.png"))
    );
    assert_eq!(exit_code(&ccplan_out("run", [&sc], &out, &[])), 2);
    let after: Vec<_> = files(&out)
        .into_iter()
        .map(|f| (fs::read(out.join(&f)).unwrap(), f))
        .collect();
    assert!(before == after, "a refused run changed the folder");
}
