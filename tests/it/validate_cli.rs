//! `ccplan validate`: summaries on stdout and exit 0 for valid files; every diagnostic of
//! every bad file on stderr and exit 2.

use std::path::PathBuf;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ccplan() -> Command {
    let mut cmd = Command::cargo_bin("ccplan").unwrap();
    cmd.current_dir(root());
    cmd
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = ccplan().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn valid_scenario_prints_a_summary() {
    let (code, out, err) = run(&["validate", "scenarios/seguranca-social-2017.yaml"]);
    assert_eq!(code, 0, "stderr:\n{err}");
    assert!(err.is_empty(), "{err}");
    for expected in [
        "seguranca-social-2017 (scenarios/seguranca-social-2017.yaml): ok",
        "Centro Nacional de Contacto",
        "20 working days, Tue 2018-01-02 to Mon 2018-01-29",
        "8 weekend days",
        "12,000 calls on an average working day; 25% answered by self-service",
        "busiest    Mon 2018-01-08",
        "january-renewals ×1.25",
        "busiest interval Mon 2018-01-08 10:15–10:30",
        "erlangs offered, 111 agents available",
        "150 posts, 90% permanent",
        "trunks       600 simultaneous calls",
        "service level ≥ 80% within 60 s (offered); abandonment ≤ 5%",
        "100 replications, seed 20180102",
    ] {
        assert!(out.contains(expected), "`{expected}` missing from:\n{out}");
    }
    assert!(out.lines().count() < 40, "more than a screen:\n{out}");
}

#[test]
fn holidays_are_listed_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("easter.yaml");
    let text = std::fs::read_to_string(root().join("scenarios/seguranca-social-2017.yaml"))
        .unwrap()
        .replace("start: 2018-01-02", "start: 2018-03-26")
        .replace("days: 20 ", "days: 25 ");
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Fri 2018-03-30 Sexta-feira Santa"), "{out}");
    assert!(out.contains("Wed 2018-04-25 Dia da Liberdade"), "{out}");
    assert!(out.contains("Tue 2018-05-01 Dia do Trabalhador"), "{out}");
    assert!(
        out.contains("10 weekend days, 3 holidays (Portugal's national holidays):"),
        "{out}"
    );
}

#[test]
fn broken_scenario_exits_2_with_positions() {
    let (code, out, err) = run(&["validate", "tests/broken/several-mistakes.yaml"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    for position in [
        "several-mistakes.yaml:11:10",
        "several-mistakes.yaml:27:19",
        "several-mistakes.yaml:50:9",
    ] {
        assert!(err.contains(position), "`{position}` missing from:\n{err}");
    }
    assert!(
        err.contains("error: calendar.start: month 13 does not exist"),
        "{err}"
    );
    assert!(err.contains("7 problems, scenario not loaded"), "{err}");
}

#[test]
fn several_files_at_once() {
    let (code, out, err) = run(&[
        "validate",
        "scenarios/minimal.yaml",
        "tests/broken/unknown-key.yaml",
        "scenarios/seguranca-social-2017.yaml",
        "tests/broken/nan.yaml",
    ]);
    assert_eq!(code, 2, "one bad file makes the exit code 2");
    // Both valid files are summarised...
    assert!(
        out.contains("minimal (scenarios/minimal.yaml): ok"),
        "{out}"
    );
    assert!(
        out.contains("seguranca-social-2017 (scenarios/seguranca-social-2017.yaml): ok"),
        "{out}"
    );
    // ... and every bad file's problems are reported.
    assert!(err.contains("tests/broken/unknown-key.yaml:6:3"), "{err}");
    assert!(err.contains("did you mean `days`?"), "{err}");
    assert!(err.contains("tests/broken/nan.yaml:12:18"), "{err}");
    assert!(err.contains("must be a finite number"), "{err}");

    let (code, out, _) = run(&[
        "validate",
        "scenarios/minimal.yaml",
        "scenarios/seguranca-social-2017.yaml",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.matches(": ok").count(), 2);
}

#[test]
fn missing_file_exits_2() {
    let (code, _, err) = run(&["validate", "scenarios/does-not-exist.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("scenarios/does-not-exist.yaml"), "{err}");
    assert!(err.contains("cannot read the file"), "{err}");
}

#[test]
fn no_file_is_a_usage_error() {
    let (code, _, err) = run(&["validate"]);
    assert_eq!(code, 2);
    assert!(err.contains("FILES"), "{err}");
}
