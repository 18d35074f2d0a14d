//! Engine features beyond the classic queue, each measured against what it should do:
//! agents' availability (away spells), handling time by time of day, Weibull durations and
//! empirical durations read from a data file.

use crate::common::{ccplan, mean_ci99, stationary, write_file};
use ccplan::engine::rng::{Purpose, Stream};
use ccplan::engine::sampler::Sampler;
use ccplan::engine::{Setup, simulate};
use ccplan::erlang::Model;
use ccplan::planning::staff::{Method, analytic};
use ccplan::scenario::{self, Availability, Dist, LineId, Scenario, Shift, Staffing};
use ccplan::stats::{Cell, ReplicationStats};

const REPLICATIONS: u32 = 20;

fn replications(sc: &Scenario, n: u32) -> Vec<ReplicationStats> {
    let setup = Setup::new(sc);
    (0..n).map(|r| simulate(&setup, 2024, r)).collect()
}

/// Cells of the 1st line for intervals from `first` on, summed over all days.
fn pooled(r: &ReplicationStats, first: usize) -> Cell {
    let mut c = Cell::default();
    for day in 0..r.n_days {
        for i in first..r.n_intervals {
            c.add(r.cell(day, i, 0));
        }
    }
    c
}

/// Share of the 1st line's present agent-time spent away during opening hours (agents
/// away at close leave, so all away time falls before it; agents draining the queue after
/// close are never away and would dilute the share).
fn away_share(r: &ReplicationStats) -> f64 {
    let present: f64 = (0..r.n_days)
        .flat_map(|d| (0..r.n_intervals).map(move |i| (d, i)))
        .map(|(d, i)| r.cell(d, i, 0).available_s)
        .sum();
    let away: f64 = (0..r.n_days).map(|d| r.days[d * 2].away_s).sum();
    away / present
}

fn with_availability(mut sc: Scenario, share: f64, away_mean_s: f64) -> Scenario {
    sc.lines.first.availability = Some(Availability { share, away_mean_s });
    sc
}

#[test]
fn without_calls_agents_are_away_the_alternating_renewal_share() {
    // 50 agents for 10 hours, no calls: each alternates exponential available spells
    // (mean A = 480 s) and away spells (mean W = 120 s), starting available. The expected
    // away share of a shift of length L is (1 − s)(1 − (1 − e^{−θL}) / (θL)), θ = 1/A + 1/W.
    let (share, away_mean_s, hours) = (0.8, 120.0, 10);
    let sc = with_availability(
        stationary(0.0, hours, 50, Dist::Exponential { mean_s: 300.0 }, None),
        share,
        away_mean_s,
    );
    let available_mean_s = away_mean_s * share / (1.0 - share);
    let theta = 1.0 / available_mean_s + 1.0 / away_mean_s;
    let tl = theta * f64::from(hours) * 3600.0;
    let exact = (1.0 - share) * (1.0 - (1.0 - (-tl).exp()) / tl);
    let shares: Vec<f64> = replications(&sc, REPLICATIONS)
        .iter()
        .map(away_share)
        .collect();
    let (mean, half) = mean_ci99(&shares);
    eprintln!("away share: simulated {mean:.5} ± {half:.5}, exact {exact:.5}");
    assert!(
        (mean - exact).abs() <= half,
        "away share {mean} ± {half} does not cover {exact}"
    );
    assert!((mean - (1.0 - share)).abs() < 0.003, "away share {mean}");
}

#[test]
fn agents_away_when_their_shift_ends_simply_leave() {
    // No calls; a morning shift ends at 13:00 with some of its agents away. Had they come
    // back first, they would have left after the end of their shift, as overtime.
    let mut sc = with_availability(
        stationary(0.0, 10, 0, Dist::Exponential { mean_s: 300.0 }, None),
        0.5,
        600.0,
    );
    let open_s = sc.calendar.open_s;
    sc.lines.first.staffing = Staffing::Shifts(vec![
        Shift {
            start_s: open_s,
            end_s: open_s + 5 * 3600,
            agents: 40,
            breaks: vec![],
            days: None,
            temporary: false,
        },
        Shift {
            start_s: open_s,
            end_s: sc.calendar.close_s,
            agents: 10,
            breaks: vec![],
            days: None,
            temporary: false,
        },
    ]);
    for r in replications(&sc, 3) {
        for d in 0..r.n_days {
            let day = &r.days[d * 2];
            assert_eq!(day.overtime_s, 0.0, "day {d}: overtime");
            assert!(day.away_s > 0.0, "day {d}: nobody away");
            assert_eq!(day.last_departure_s, f64::from(sc.calendar.close_s));
        }
        // Present time is exactly the roster: 40 × 5 h + 10 × 10 h a day.
        let present: f64 = (0..r.n_days)
            .flat_map(|d| (0..=r.n_intervals).map(move |i| (d, i)))
            .map(|(d, i)| r.cell(d, i, 0).available_s)
            .sum();
        let rostered = r.n_days as f64 * (40.0 * 5.0 + 10.0 * 10.0) * 3600.0;
        assert!(
            (present / rostered - 1.0).abs() < 1e-12,
            "{present} vs {rostered}"
        );
    }
}

#[test]
fn availability_of_one_is_no_availability_at_all() {
    // A share of 1 schedules no spell and draws nothing: identical statistics.
    let sc = stationary(12_000.0, 10, 105, Dist::Exponential { mean_s: 300.0 }, None);
    let always = with_availability(sc.clone(), 1.0, 60.0);
    assert_eq!(replications(&sc, 2), replications(&always, 2));
}

#[test]
fn availability_close_to_one_matches_erlang_c() {
    // 100 erlangs on 105 agents, each away 0.01% of the time in spells of a minute.
    let hours = 10;
    let sc = with_availability(
        stationary(
            1200.0 * f64::from(hours),
            hours,
            105,
            Dist::Exponential { mean_s: 300.0 },
            None,
        ),
        0.9999,
        60.0,
    );
    let exact = Model::new(1200.0, 300.0)
        .unwrap()
        .figures(105.0, 20.0)
        .unwrap();
    let reps = replications(&sc, 40);
    let p_wait: Vec<f64> = reps.iter().map(|r| pooled(r, 2).figures().p_wait).collect();
    let asa: Vec<f64> = reps.iter().map(|r| pooled(r, 2).figures().asa_s).collect();
    for (what, sample, exact) in [
        ("P(wait)", &p_wait, exact.p_wait),
        ("ASA", &asa, exact.asa_s),
    ] {
        let (mean, half) = mean_ci99(sample);
        eprintln!("{what}: simulated {mean:.5} ± {half:.5}, Erlang C {exact:.5}");
        assert!(
            (mean - exact).abs() <= half,
            "{what}: simulated {mean} ± {half} does not cover Erlang C {exact}"
        );
    }
    assert!(reps.iter().any(|r| away_share(r) > 0.0), "nobody went away");
}

#[test]
fn agents_away_make_callers_wait_more() {
    // 100 erlangs on 120 agents, available 90% of the time in spells of a minute away.
    let hours = 10;
    let base = stationary(
        1200.0 * f64::from(hours),
        hours,
        120,
        Dist::Exponential { mean_s: 300.0 },
        None,
    );
    let (share, away_mean_s, handle_s) = (0.9, 60.0, 300.0);
    let away = with_availability(base.clone(), share, away_mean_s);
    let p_wait = |reps: &[ReplicationStats]| {
        let xs: Vec<f64> = reps.iter().map(|r| pooled(r, 2).figures().p_wait).collect();
        mean_ci99(&xs)
    };
    let (full_reps, away_reps) = (
        replications(&base, REPLICATIONS),
        replications(&away, REPLICATIONS),
    );
    let (full, full_half) = p_wait(&full_reps);
    let (less, less_half) = p_wait(&away_reps);
    eprintln!(
        "P(wait): always available {full:.4} ± {full_half:.4}, 90% {less:.4} ± {less_half:.4}"
    );
    assert!(less - less_half > full + full_half);
    // An agent due to go away finishes its call first, which lengthens the available
    // spell by the call's remaining time (≤ the mean handle for exponential calls): the
    // available share lies between `share` and (A + h) / (A + h + W).
    let a = away_mean_s * share / (1.0 - share);
    let upper = (a + handle_s) / (a + handle_s + away_mean_s);
    for r in &away_reps {
        let available = 1.0 - away_share(r);
        assert!(
            available > share && available < upper,
            "available share {available} outside ({share}, {upper})"
        );
        // More precisely, the delay is the remaining handle h of a call in hand, which
        // is in hand with about the occupancy of available time ρ.
        let c = pooled(r, 0);
        let rho = c.busy_s / (c.available_s * available);
        let delay = rho * handle_s;
        let predicted = (a + delay) / (a + delay + away_mean_s);
        eprintln!("available share {available:.4}, predicted {predicted:.4} (ρ {rho:.3})");
        assert!(
            (available - predicted).abs() < 0.003,
            "available share {available}, predicted {predicted} (occupancy {rho})"
        );
    }
    // Agent-hours (cost) are unchanged: away agents count as present.
    let present = |r: &ReplicationStats| pooled(r, 0).available_s;
    assert_eq!(present(&full_reps[0]), present(&away_reps[0]));
}

/// Factors by interval cycling through four values.
const FACTORS: [f64; 4] = [1.0, 2.0, 0.5, 3.0];

#[test]
fn handling_time_follows_the_factor_of_the_arrival_interval() {
    // Fixed 1-second calls, 1 per second, 60 agents (hardly anyone waits), 20 intervals
    // of 30 minutes whose factors cycle through FACTORS.
    let base_s = 1.0;
    let mut sc = stationary(36_000.0, 10, 60, Dist::Fixed { s: base_s }, None);
    let n = sc.calendar.intervals_per_day();
    let factors: Vec<f64> = (0..n).map(|i| FACTORS[i % 4]).collect();
    sc.contact_types[0].first_line_handle_factor = factors.clone();
    for r in replications(&sc, 3) {
        // Answered calls and busy seconds per interval over all days; the last entry is
        // after close (the last calls' tails).
        let per_interval = |f: &dyn Fn(&Cell) -> f64| -> Vec<f64> {
            (0..=n)
                .map(|i| (0..r.n_days).map(|d| f(r.cell(d, i, 0))).sum())
                .collect()
        };
        let answered = per_interval(&|c| c.answered as f64);
        let busy = per_interval(&|c| c.busy_s);
        let mut work_expected = 0.0;
        for ((i, factor), (answered, busy)) in
            factors.iter().enumerate().zip(answered.iter().zip(&busy))
        {
            work_expected += answered * base_s * factor;
            // Busy time spills over interval ends: the calls in hand at the boundary,
            // about 3 × 1.5 s against at least 900 s of the interval's own work.
            let mean_handle = busy / answered;
            let want = base_s * factor;
            assert!(
                (mean_handle / want - 1.0).abs() < 0.01,
                "interval {i}: mean handle {mean_handle} s, want {want} s"
            );
        }
        // Every call answered, so all the work done is the factored work (exactly, up to
        // rounding of the sums).
        let busy_total: f64 = busy.iter().sum();
        assert!(
            (busy_total / work_expected - 1.0).abs() < 1e-9,
            "busy {busy_total} s against {work_expected} s of factored work"
        );
    }
}

#[test]
fn the_analytic_requirement_uses_the_factor_of_each_interval() {
    // SIPP sizes each interval for its own handling time: an interval whose factor is f
    // needs what the same interval needs when every call takes f times as long.
    let hours = 10;
    let handle = |mean_s| Dist::Exponential { mean_s };
    let mut sc = stationary(1200.0 * f64::from(hours), hours, 105, handle(300.0), None);
    let n = sc.calendar.intervals_per_day();
    sc.contact_types[0].first_line_handle_factor = (0..n).map(|i| FACTORS[i % 4]).collect();
    let plan = analytic::requirement(&sc, Method::Sipp).unwrap();
    let date = sc.calendar.working_days[0];
    for (k, f) in FACTORS.iter().enumerate() {
        let scaled = stationary(
            1200.0 * f64::from(hours),
            hours,
            105,
            handle(300.0 * f),
            None,
        );
        let scaled_plan = analytic::requirement(&scaled, Method::Sipp).unwrap();
        for i in (k..n).step_by(4) {
            assert_eq!(
                plan.get(0, i, LineId::First),
                scaled_plan.get(0, i, LineId::First),
                "interval {i}, factor {f}"
            );
            let load = sc.offered_load_erlangs(date, LineId::First, i);
            assert!(
                (load - 100.0 * f).abs() < 1e-9,
                "interval {i}: {load} erlangs"
            );
        }
    }
    // The factors matter: the factor-3 intervals need more agents than the factor-1 ones.
    assert!(plan.get(0, 3, LineId::First) > plan.get(0, 0, LineId::First));
}

#[test]
fn weibull_draws_have_the_stated_mean_and_cv() {
    let n = 400_000;
    for (mean_s, cv) in [(180.0, 0.5), (60.0, 1.8), (300.0, 1.0), (90.0, 0.2)] {
        let sampler = Sampler::new(&Dist::Weibull { mean_s, cv });
        let mut s = Stream::new(11, 0, Purpose::Patience);
        let xs: Vec<f64> = (0..n).map(|_| sampler.sample(&mut s)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let sd = (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
        let se = mean_s * cv / (n as f64).sqrt();
        assert!(
            (m - mean_s).abs() < 5.0 * se,
            "weibull({mean_s}, {cv}): mean {m}"
        );
        assert!(
            (sd / m - cv).abs() < 0.03 * cv,
            "weibull({mean_s}, {cv}): cv {}",
            sd / m
        );
    }
}

/// A small scenario whose patience is `patience` (a flow mapping).
fn yaml_with_patience(patience: &str) -> String {
    format!(
        r#"name: features
calendar: {{start: 2024-01-08, days: 2, open: "08:00", close: "12:00", interval_min: 60}}
demand: {{calls_per_day: 400}}
contact_types:
  - {{name: all, share: 1.0, first_line: {{handle: {{dist: weibull, mean_s: 240, cv: 0.7}}}}}}
callers:
  patience: {patience}
lines: {{first: {{shifts: [{{start: "08:00", end: "12:00", agents: 8}}]}}}}
simulation: {{replications: 2, seed: 3}}
"#
    )
}

#[test]
fn empirical_durations_load_from_a_data_file_and_travel_with_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    write_file(
        &dir.path().join("data"),
        "patience.txt",
        "# patience of callers who hung up, seconds\n\n15\n42.5  # a trailing comment\n90\n\n  7\n",
    );
    let path = write_file(
        dir.path(),
        "features.yaml",
        &yaml_with_patience(r#"{dist: empirical, file: "data/patience.txt"}"#),
    );
    let (sc, text) = scenario::load_with_text(&path).unwrap();
    let values = vec![15.0, 42.5, 90.0, 7.0];
    assert_eq!(
        sc.callers.patience,
        Some(Dist::Empirical {
            values_s: values.clone()
        })
    );
    assert!(matches!(
        sc.contact_types[0].first_line_handle,
        Dist::Weibull { .. }
    ));
    // The sampler reproduces the file's mean.
    let want = values.iter().sum::<f64>() / values.len() as f64;
    let sampler = Sampler::new(sc.callers.patience.as_ref().unwrap());
    let mut s = Stream::new(5, 0, Purpose::Patience);
    let n = 200_000;
    let got = (0..n).map(|_| sampler.sample(&mut s)).sum::<f64>() / f64::from(n);
    assert!(
        (got / want - 1.0).abs() < 0.01,
        "mean {got}, file mean {want}"
    );

    // The text handed on (kept as scenario.yaml) carries the values itself, and reads
    // back as the same scenario from any folder.
    assert!(text.contains("values_s: [15, 42.5, 90, 7]"), "{text}");
    assert!(!text.contains("patience.txt"), "{text}");
    assert_eq!(
        scenario::parse_str(&text, "/elsewhere/scenario.yaml").unwrap(),
        sc
    );

    // `ccplan run` keeps that text; `ccplan report` redraws from the run folder alone.
    let out = dir.path().join("run");
    ccplan("run", [&path], &out)
        .args(["--replications", "1"])
        .assert()
        .success();
    let stored = std::fs::read_to_string(out.join("scenario.yaml")).unwrap();
    assert_eq!(stored, text);
    std::fs::remove_dir_all(dir.path().join("data")).unwrap();
    assert_cmd::Command::cargo_bin("ccplan")
        .unwrap()
        .arg("report")
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn a_scenario_without_data_files_is_handed_on_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = yaml_with_patience("{dist: empirical, values_s: [15, 42.5]}");
    let path = write_file(dir.path(), "inline.yaml", &text);
    let (_, handed_on) = scenario::load_with_text(&path).unwrap();
    assert_eq!(handed_on, text);
}

#[test]
fn data_files_are_found_beside_the_scenario_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let load = |data: &str| {
        write_file(dir.path(), "d.txt", data);
        let path = write_file(
            dir.path(),
            "s.yaml",
            &yaml_with_patience("{dist: empirical, file: d.txt}"),
        );
        scenario::load(&path)
    };
    assert!(load("12\n30\n").is_ok());
    for (data, fragment) in [
        ("# only a comment\n\n", "holds no values"),
        ("0\n0\n", "every value is 0"),
        ("12\n-3\n", "line 2: `-3` is not a duration"),
        ("12\n1e7\n", "line 2: `1e7` is not a duration"),
    ] {
        let errors = load(data).unwrap_err();
        let d = &errors.diagnostics[0];
        assert_eq!(errors.len(), 1, "{errors}");
        assert_eq!(d.path, "callers.patience.file");
        assert_eq!(d.line, 7);
        assert!(d.to_string().contains(fragment), "{d}");
    }
    // `values_s` and `file` together are refused at `file`.
    let path = write_file(
        dir.path(),
        "both.yaml",
        &yaml_with_patience("{dist: empirical, values_s: [3], file: d.txt}"),
    );
    let errors = scenario::load(&path).unwrap_err();
    assert_eq!(errors.diagnostics[0].path, "callers.patience.file");
    assert_eq!(errors.len(), 1, "{errors}");
}
