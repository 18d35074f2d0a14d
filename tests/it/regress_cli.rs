//! `ccplan regress` end to end: a stable baseline, a worsened scenario caught and named,
//! JUnit XML that parses and counts, and bad input refused before anything is written.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// A small one-line centre with targets: 75 erlangs on 80 agents, 5 days, 8 replications.
fn scenario(agents: u32) -> String {
    format!(
        r#"name: regress-probe
calendar: {{start: 2024-01-08, days: 5, holidays: none, open: "08:00", close: "18:00", interval_min: 30}}
demand: {{calls_per_day: 9000, intraday_profile: flat}}
contact_types:
  - {{name: all, share: 1.0, first_line: {{handle: {{dist: exponential, mean_s: 300}}}}}}
callers: {{patience: {{dist: exponential, mean_s: 300}}}}
lines: {{first: {{shifts: [{{start: "08:00", end: "18:00", agents: {agents}}}]}}}}
targets:
  service_level: {{within_s: 20, at_least: 0.8}}
  abandonment: {{at_most: 0.08}}
simulation: {{replications: 8, seed: 7}}
"#
    )
}

fn regress(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("ccplan")
        .unwrap()
        .current_dir(dir)
        .arg("regress")
        .args(args)
        .args(["--quiet", "--out", "out"])
        .assert()
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// A minimal XML well-formedness check: tags nest and close, attribute values are quoted,
/// every `&` starts a known entity. Returns the (name, attributes) of every element.
fn parse_xml(xml: &str) -> Vec<(String, String)> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut elements = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        check_entities(&rest[..i]);
        let end = rest[i..].find('>').expect("unclosed tag") + i;
        let tag = &rest[i + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, attrs) = tag.split_once(' ').unwrap_or((tag, ""));
            assert_eq!(
                attrs.matches('"').count() % 2,
                0,
                "unbalanced quotes in <{tag}>"
            );
            check_entities(attrs);
            elements.push((name.to_string(), attrs.to_string()));
            if !self_closing {
                stack.push(name.to_string());
            }
        }
        rest = &rest[end + 1..];
    }
    assert!(
        rest.trim().is_empty() && stack.is_empty(),
        "unclosed {stack:?}"
    );
    elements
}

fn check_entities(s: &str) {
    for (i, _) in s.match_indices('&') {
        let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
            .iter()
            .any(|e| s[i..].starts_with(e));
        assert!(ok, "bad entity in {s}");
    }
}

fn attr(attrs: &str, key: &str) -> String {
    // A leading space so that `name` does not match inside `classname`.
    let attrs = format!(" {attrs}");
    let start = attrs.find(&format!(" {key}=\"")).unwrap() + key.len() + 3;
    let len = attrs[start..].find('"').unwrap();
    attrs[start..start + len].to_string()
}

#[test]
fn baseline_is_stable_and_a_worse_scenario_fails() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("probe.yaml"), scenario(80)).unwrap();

    regress(d, &["probe.yaml", "--baseline", "base.json", "--update"]).code(0);
    let stored = fs::read_to_string(d.join("base.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&stored).unwrap();
    let rec = &json["scenarios"]["regress-probe"];
    assert_eq!(rec["replications"], 8);
    assert_eq!(rec["seed"], 7);
    assert!(
        rec["scenario_hash"]
            .as_str()
            .unwrap()
            .starts_with("fnv1a64:")
    );
    assert_eq!(rec["ccplan_version"], env!("CARGO_PKG_VERSION"));
    let sl = &rec["figures"][0];
    assert_eq!(sl["key"], "first_line.service_level");
    assert!(sl["ci95_low"].as_f64().unwrap() < sl["mean"].as_f64().unwrap());
    assert_eq!(sl["target"]["met"], true, "{sl}");

    // Unchanged: passes, and the same numbers come out again.
    let a = regress(
        d,
        &["probe.yaml", "--baseline", "base.json", "--junit", "ok.xml"],
    )
    .code(0);
    assert!(text(&a.get_output().stdout).contains("**0 failed**"));
    let els = parse_xml(&fs::read_to_string(d.join("ok.xml")).unwrap());
    assert_eq!(attr(&els[0].1, "failures"), "0");
    let cases = els.iter().filter(|e| e.0 == "testcase").count();
    assert_eq!(attr(&els[0].1, "tests"), cases.to_string());
    // 9 figures (service level … agent-hours, intervals meeting the target) + 2 targets.
    assert_eq!(cases, 11);
    regress(d, &["probe.yaml", "--baseline", "again.json", "--update"]).code(0);
    assert_eq!(fs::read_to_string(d.join("again.json")).unwrap(), stored);

    // Fewer agents, same scenario name, another folder: the service level moves beyond
    // its tolerance and the target flips.
    fs::create_dir(d.join("worse")).unwrap();
    fs::write(d.join("worse/probe.yaml"), scenario(76)).unwrap();
    let a = regress(
        d,
        &[
            "worse/probe.yaml",
            "--baseline",
            "base.json",
            "--junit",
            "worse.xml",
        ],
    )
    .code(1);
    let stdout = text(&a.get_output().stdout);
    let stderr = text(&a.get_output().stderr);
    assert!(
        stderr.contains(
            "FAIL regress-probe: first_line.service_level (1st line: SL 20 s (offered)) moved -"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("(worse)"), "{stderr}");
    assert!(
        stderr.contains("first_line.service_level: target ≥ 80.0% flipped from met to missed"),
        "{stderr}"
    );
    assert!(
        stdout.contains("the scenario text changed since the baseline"),
        "{stdout}"
    );
    assert_eq!(
        stored,
        fs::read_to_string(d.join("base.json")).unwrap(),
        "baseline touched"
    );
    assert!(
        fs::read_to_string(d.join("out/regress.md"))
            .unwrap()
            .contains("**FAIL**")
    );
    let xml = fs::read_to_string(d.join("worse.xml")).unwrap();
    let els = parse_xml(&xml);
    let failures = els.iter().filter(|e| e.0 == "failure").count();
    assert!(failures >= 2, "{xml}");
    assert_eq!(attr(&els[0].1, "failures"), failures.to_string());
    assert!(els.iter().any(|e| e.0 == "testcase"
        && attr(&e.1, "name") == "first_line.service_level target"
        && attr(&e.1, "classname") == "regress-probe"));
}

#[test]
fn scenario_missing_from_the_baseline_fails_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("probe.yaml"), scenario(80)).unwrap();
    fs::write(
        d.join("other.yaml"),
        scenario(80).replace("name: regress-probe", "name: other"),
    )
    .unwrap();
    regress(d, &["probe.yaml", "--baseline", "base.json", "--update"]).code(0);
    let a = regress(
        d,
        &[
            "probe.yaml",
            "other.yaml",
            "--baseline",
            "base.json",
            "--junit",
            "j.xml",
        ],
    )
    .code(1);
    let stderr = text(&a.get_output().stderr);
    assert!(
        stderr.contains("scenario `other` is not in the baseline base.json"),
        "{stderr}"
    );
    assert!(stderr.contains("--update"), "{stderr}");
    let els = parse_xml(&fs::read_to_string(d.join("j.xml")).unwrap());
    assert_eq!(attr(&els[0].1, "failures"), "1");
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("probe.yaml"), scenario(80)).unwrap();
    let nothing_written = || {
        assert!(!d.join("out").exists());
        assert!(!d.join("j.xml").exists());
    };
    // No baseline and no --update.
    let a = regress(
        d,
        &["probe.yaml", "--baseline", "none.json", "--junit", "j.xml"],
    )
    .code(2);
    assert!(text(&a.get_output().stderr).contains("no baseline at none.json: run with --update"));
    nothing_written();
    // A broken baseline, with or without --update.
    fs::write(
        d.join("broken.json"),
        "{\"format\": \"ccplan-regress-baseline/1\", \"scenarios\": [",
    )
    .unwrap();
    for extra in [&[][..], &["--update"][..]] {
        let mut args = vec![
            "probe.yaml",
            "--baseline",
            "broken.json",
            "--junit",
            "j.xml",
        ];
        args.extend_from_slice(extra);
        let a = regress(d, &args).code(2);
        let stderr = text(&a.get_output().stderr);
        assert!(stderr.contains("broken.json:1:"), "{stderr}");
        assert!(stderr.contains("not a ccplan regress baseline"), "{stderr}");
        nothing_written();
    }
    // Zero replications.
    let a = regress(
        d,
        &[
            "probe.yaml",
            "--baseline",
            "new.json",
            "--update",
            "--replications",
            "0",
        ],
    )
    .code(2);
    assert!(text(&a.get_output().stderr).contains("--replications must be at least 1"));
    assert!(!d.join("new.json").exists());
    nothing_written();
    // A broken scenario among good ones.
    fs::write(
        d.join("bad.yaml"),
        scenario(80).replace("share: 1.0", "share: 1.5"),
    )
    .unwrap();
    let a = regress(
        d,
        &[
            "probe.yaml",
            "bad.yaml",
            "--baseline",
            "new.json",
            "--update",
        ],
    )
    .code(2);
    assert!(
        text(&a.get_output().stderr).contains("bad.yaml:5:"),
        "{}",
        text(&a.get_output().stderr)
    );
    assert!(!d.join("new.json").exists());
    nothing_written();
}
