//! `ccplan check` end to end: the shipped claims examples and their verdicts, the capacity
//! found checked by an independent run through the library, and bad input refused with
//! file, line and column before anything is written.

use std::fs;
use std::path::Path;

use ccplan::planning::claims::{self, Evaluator, Scope};
use ccplan::stats::Verdict;

use crate::common::{ccplan_out, read_json, repo};

/// Few days and replications so that a debug build runs it in seconds.
const FAST: [&str; 6] = [
    "--days",
    "3",
    "--replications",
    "3",
    "--capacity-step",
    "200",
];

fn check(scenario: &Path, claims: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let inputs = [
        scenario.as_os_str(),
        "--claims".as_ref(),
        claims.as_os_str(),
    ];
    ccplan_out("check", inputs, out, extra)
}

#[test]
fn tender_claims_hold() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = check(
        &repo("scenarios/seguranca-social-2017.yaml"),
        &repo("scenarios/claims/tender-holds.yaml"),
        &out,
        &FAST,
    )
    .code(0);
    let stdout = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(stdout.contains("**Every claim holds.**"), "{stdout}");
    assert_eq!(
        fs::read_to_string(out.join("check.md")).unwrap().trim(),
        stdout.split("\nwritten to").next().unwrap().trim()
    );
    let j = read_json(&out.join("check.json"));
    assert_eq!(j["all_hold"], true);
    let calls = j["call_claims"].as_array().unwrap();
    // Service level and abandonment, on all days and on the renewals peak.
    assert_eq!(calls.len(), 4);
    for c in calls {
        assert_eq!(c["verdict"], "supported", "{c}");
        assert!(c["margin_agents"].as_i64().unwrap() > 0, "{c}");
        assert!(c["days_holding_share"].as_f64().unwrap() > 0.5, "{c}");
    }
    assert_eq!(calls[2]["scope"], "peak:january-renewals");
    let cap = &j["capacity"];
    assert_eq!(cap["verdict"], "supported");
    assert!(
        cap["found_at_mean"]["calls_per_day"].as_f64().unwrap() >= 12000.0,
        "{cap}"
    );
    assert!(cap["margin_calls_per_day"].as_f64().unwrap() >= 0.0);
    for s in j["staffing"].as_array().unwrap() {
        assert_eq!(s["verdict"], "complies", "{s}");
    }
    assert_eq!(j["staffing"].as_array().unwrap().len(), 3);
}

#[test]
fn overpromising_bid_is_not_supported_and_its_capacity_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let scenario = repo("scenarios/claims/overpromising-bid.yaml");
    let claims_file = repo("scenarios/claims/overpromise.yaml");
    let a = check(&scenario, &claims_file, &out, &FAST).code(1);
    let stdout = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    for named in [
        "at least 80% answered within 60 s (offered), all days: NOT SUPPORTED",
        "abandonment at most 5%, all days: NOT SUPPORTED",
        "capacity 12000 calls/day: NOT SUPPORTED",
        "at least 90.0% permanent: DOES NOT COMPLY",
        "during `january-renewals`: DOES NOT COMPLY",
    ] {
        assert!(stdout.contains(named), "`{named}` not named in:\n{stdout}");
    }
    let j = read_json(&out.join("check.json"));
    assert_eq!(j["all_hold"], false);
    for c in j["call_claims"].as_array().unwrap() {
        assert_eq!(c["verdict"], "not_supported", "{c}");
        assert!(c["margin_agents"].as_i64().unwrap() < 0, "{c}");
    }
    let staffing: Vec<(&str, &str)> = j["staffing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["claim"].as_str().unwrap(), s["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        staffing,
        [
            ("posts", "complies"),
            ("permanent_share", "does_not_comply"),
            ("reinforcement:january-renewals", "does_not_comply")
        ]
    );

    // The capacity found: every all-days claim's mean holds there and not one step above,
    // by an independent run through the library with the same settings.
    let cap = &j["capacity"];
    assert_eq!(cap["verdict"], "not_supported");
    assert_eq!(cap["found_at_mean"]["kind"], "exact");
    let found = cap["found_at_mean"]["calls_per_day"].as_f64().unwrap();
    let step = cap["step_calls_per_day"].as_f64().unwrap();
    assert_eq!(step, 200.0);
    assert!(found < 12000.0 && found > 0.0, "{cap}");

    let mut sc = ccplan::scenario::load(&scenario).unwrap();
    sc.calendar.working_days.truncate(3);
    sc.calendar.days = 3;
    let c = claims::load(&claims_file, &sc).unwrap();
    let call_claims = claims::evaluate::call_claims(&c);
    let settings = ccplan::engine::RunSettings {
        replications: 3,
        seed: sc.simulation.seed,
    };
    let (on_start, on_replication) = (|_: u32, _: &str| {}, || {});
    let mut ev = Evaluator::new(&sc, &c, &call_claims, settings, &on_start, &on_replication);
    let all_days: Vec<usize> = (0..call_claims.len())
        .filter(|&i| call_claims[i].scope == Scope::AllDays)
        .collect();
    let mut at = |calls: f64| {
        let mut v = ev.base.clone();
        v.demand.calls_per_day = calls;
        ev.evaluate(&v, "test")
    };
    let meets = at(found);
    assert!(
        all_days.iter().all(|&i| meets.mean_holds(&call_claims, i)),
        "claims not met at the capacity found {found}: {:?}",
        meets.estimates
    );
    let above = at(found + step);
    assert!(
        !all_days.iter().all(|&i| above.mean_holds(&call_claims, i)),
        "claims still met one step above the capacity found {found}: {:?}",
        above.estimates
    );
    // And at the claimed capacity the verdicts are those reported.
    let claimed = at(12000.0);
    for (k, &i) in all_days.iter().enumerate() {
        let v = Verdict::of_claim(claimed.estimates[i], call_claims[i].bound);
        assert_eq!(cap["at_claimed"][k]["verdict"], v.claim_key());
        assert_eq!(
            cap["at_claimed"][k]["estimate"]["mean"].as_f64().unwrap(),
            claimed.estimates[i].mean
        );
    }
}

fn bad_input(claims_text: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims.yaml");
    fs::write(&claims, claims_text).unwrap();
    let out = dir.path().join("out");
    let a = check(&repo("scenarios/minimal.yaml"), &claims, &out, extra).code(2);
    assert!(!out.exists(), "output written on bad input");
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    stderr.replace(&dir.path().display().to_string(), "DIR")
}

#[test]
fn unknown_key_is_refused_with_its_position() {
    let e = bad_input(
        "service_level:\n  within_s: 60\n  at_least: 0.8\nabandonment: {at_mots: 0.05}\n",
        &[],
    );
    assert!(e.contains("DIR/claims.yaml:4:15"), "{e}");
    assert!(
        e.contains("abandonment.at_mots: unknown key `at_mots`"),
        "{e}"
    );
    assert!(e.contains("did you mean `at_most`?"), "{e}");
}

#[test]
fn bad_values_are_refused_with_their_positions() {
    let e = bad_input(
        "service_level: {within_s: 60, at_least: 1.5, definition: answerd}\n\
         on_peak_days: [payday]\n",
        &[],
    );
    assert!(
        e.contains("error: service_level.at_least: must be at most 1"),
        "{e}"
    );
    assert!(e.contains("DIR/claims.yaml:1:41"), "{e}");
    assert!(e.contains("found `1.5`"), "{e}");
    assert!(e.contains("= allowed: a share from 0 to 1"), "{e}");
    assert!(
        e.contains("service_level.definition: unknown service-level definition `answerd`"),
        "{e}"
    );
    assert!(e.contains("did you mean `answered`?"), "{e}");
    assert!(
        e.contains("on_peak_days[0]: no peak `payday` in the scenario"),
        "{e}"
    );
    assert!(e.contains("DIR/claims.yaml:2:16"), "{e}");
    assert!(e.contains("3 problems, claims not checked"), "{e}");
}

#[test]
fn zero_or_one_replication_is_refused() {
    let claims = "service_level: {within_s: 20, at_least: 0.8}\n";
    let e = bad_input(claims, &["--replications", "0"]);
    assert!(e.contains("--replications must be at least 1"), "{e}");
    let e = bad_input(claims, &["--replications", "1"]);
    assert!(e.contains("at least 2 replications"), "{e}");
    let e = bad_input(claims, &["--days", "6"]);
    assert!(
        e.contains("--days must be from 1 to the scenario's 5 working days"),
        "{e}"
    );
}
