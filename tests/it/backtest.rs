//! `ccplan fit` and `ccplan backtest`: the replay against exact Erlang A, the fitted
//! scenario of the bank log, and the backtest's contract and failures.

use ccplan::backtest::replay::{
    Availability, HOURS, HandleMix, HandlePart, ReplayModel, ReplayStreams, Scratch, replay_day,
};
use ccplan::engine::rng::{Purpose, Stream};
use ccplan::engine::sampler::Sampler;
use ccplan::observed::{DayTrace, Figure, Session, Tally, TraceCall};

use crate::calllog::bank_log;
use crate::common::{ccplan_out, exit_code, mean_ci99, read_json};

/// A stationary day: Poisson callers at `per_hour` for `hours`, `agents` present all day.
fn poisson_day(per_hour: f64, hours: f64, agents: u32, seed: u64) -> DayTrace {
    let mut s = Stream::new(seed, 0, Purpose::Arrivals);
    let mut t = 0.0;
    let mut calls = Vec::new();
    loop {
        t += -3600.0 / per_hour * s.open01().ln();
        if t >= hours * 3600.0 {
            break;
        }
        calls.push(TraceCall {
            identified: false,
            seek_s: t,
            call_type: None,
            answered: true,
            wait_s: 0.0,
            handle_s: None,
        });
    }
    let sessions = (0..agents)
        .map(|a| Session {
            agent: a,
            start_s: 0.0,
            end_s: hours * 3600.0 + 1e6,
        })
        .collect();
    DayTrace {
        date: jiff::civil::date(2024, 1, 8),
        calls,
        sessions,
    }
}

fn model(aht_s: f64, patience_s: f64, availability: Option<Availability>) -> ReplayModel {
    let mix = HandleMix {
        parts: vec![HandlePart {
            cumulative_share: 1.0,
            sampler: Sampler::Exponential { mean_s: aht_s },
            mean_s: aht_s,
            factor: vec![],
        }],
    };
    ReplayModel {
        handle_by_type: vec![],
        handle_default: mix,
        grid_open_s: 0.0,
        grid_step_s: 900.0,
        patience: Some(Sampler::Exponential { mean_s: patience_s }),
        patience_by_type: vec![],
        identified_first: false,
        agent_factor: vec![],
        availability,
        threshold_s: 60.0,
    }
}

fn streams(r: u32) -> ReplayStreams {
    ReplayStreams {
        routing: Stream::new(9, r, Purpose::Routing),
        handling: Stream::new(9, r, Purpose::Handling),
        patience: Stream::new(9, r, Purpose::Patience),
        availability: Stream::new(9, r, Purpose::Availability),
    }
}

/// Per replication, the figures of hours 2..10 (the first two hours warm up).
fn replicate(m: &ReplayModel, agents: u32) -> Vec<[f64; 4]> {
    (0..40)
        .map(|r| {
            let day = poisson_day(1200.0, 10.0, agents, 100 + r as u64);
            let mut out = [Tally::default(); HOURS];
            replay_day(&day, m, &mut streams(r), &mut Scratch::default(), &mut out);
            let mut t = Tally::default();
            for h in &out[2..10] {
                t.merge(h);
            }
            Figure::ALL.map(|f| t.value(f).unwrap())
        })
        .collect()
}

/// Exact Erlang A of the replays below: 1,200 calls an hour × 300 s on 100 agents,
/// patience 180 s, service level within 60 s.
fn exact_erlang_a_100_erlangs() -> ccplan::erlang::Figures {
    ccplan::erlang::Model::new(1200.0, 300.0)
        .unwrap()
        .with_patience_s(180.0)
        .unwrap()
        .figures(100.0, 60.0)
        .unwrap()
}

#[test]
fn replay_of_a_stationary_day_matches_exact_erlang_a() {
    // 1,200 calls an hour × 300 s = 100 erlangs on 100 agents, patience 180 s.
    let m = model(300.0, 180.0, None);
    let reps = replicate(&m, 100);
    let exact = exact_erlang_a_100_erlangs();
    let expected = [
        exact.p_abandon,
        exact.asa_s,
        exact.p_wait,
        exact.service_level.offered,
    ];
    for (f, want) in expected.into_iter().enumerate() {
        let xs: Vec<f64> = reps.iter().map(|r| r[f]).collect();
        let (mean, half) = mean_ci99(&xs);
        assert!(
            (mean - want).abs() <= half,
            "{}: simulated {mean} ± {half}, exact {want}",
            Figure::ALL[f].key()
        );
    }
}

#[test]
fn an_agents_factor_scales_the_handling_of_the_calls_it_answers() {
    // Every agent 1.5 times slower than the 200 s the callers bring: the pool is exact
    // Erlang A with 300 s handling.
    let mut m = model(200.0, 180.0, None);
    m.agent_factor = vec![1.5; 100];
    let reps = replicate(&m, 100);
    let exact = exact_erlang_a_100_erlangs();
    for (f, want) in [exact.p_abandon, exact.asa_s].into_iter().enumerate() {
        let xs: Vec<f64> = reps.iter().map(|r| r[f]).collect();
        let (mean, half) = mean_ci99(&xs);
        assert!(
            (mean - want).abs() <= half,
            "{}: simulated {mean} ± {half}, exact {want}",
            Figure::ALL[f].key()
        );
    }
    // Half the agents twice as slow: the factor follows the agent who answers, so the
    // pool lies between every agent at 250 s and every agent at 500 s.
    let mut mixed = model(250.0, 180.0, None);
    mixed.agent_factor = (0..100)
        .map(|a| if a % 2 == 0 { 1.0 } else { 2.0 })
        .collect();
    let abandon = |m: &ReplayModel| {
        let v = replicate(m, 100);
        v.iter().map(|r| r[0]).sum::<f64>() / v.len() as f64
    };
    let (fast, mixed, slow) = (
        abandon(&model(250.0, 180.0, None)),
        abandon(&mixed),
        abandon(&model(500.0, 180.0, None)),
    );
    assert!(
        fast + 0.02 < mixed && mixed + 0.02 < slow,
        "abandonment {fast} < {mixed} < {slow}"
    );
}

#[test]
fn factors_of_one_replay_exactly_as_no_factors() {
    let mut ones = model(300.0, 180.0, None);
    ones.agent_factor = vec![1.0; 100];
    assert_eq!(
        replicate(&ones, 100),
        replicate(&model(300.0, 180.0, None), 100)
    );
}

#[test]
fn away_spells_cost_capacity_like_fewer_agents() {
    // Availability 0.9 with short spells costs capacity: more abandonment than 100 agents
    // always available. A spell that falls due during a call waits for its end, so agents
    // are away less than 10% of the time and the pool does better than 90 agents.
    let full = replicate(&model(300.0, 180.0, None), 100);
    let away = replicate(
        &model(300.0, 180.0, Availability::from_share(0.9, 30.0)),
        100,
    );
    let fewer = replicate(&model(300.0, 180.0, None), 90);
    let mean = |v: &[[f64; 4]], f: usize| v.iter().map(|r| r[f]).sum::<f64>() / v.len() as f64;
    let (a_full, a_away, a_fewer) = (mean(&full, 0), mean(&away, 0), mean(&fewer, 0));
    assert!(
        a_away > a_full + 0.02,
        "abandonment {a_away} vs full {a_full}"
    );
    assert!(
        a_away < a_fewer - 0.01,
        "abandonment {a_away} vs 90 agents {a_fewer}"
    );
    assert!(Availability::from_share(1.0, 30.0).is_none());
}

#[test]
fn identified_callers_served_first_overtake_the_anonymous_queue() {
    // One agent; twenty anonymous callers queue in the last seconds of hour 0 and one
    // identified caller joins in hour 1 while they wait; nobody hangs up. In order, the
    // identified caller waits for the twenty calls ahead (about 20 × 60 s); served first,
    // only for the call in progress (60 s on average, exponential).
    let call = |t: f64, identified: bool| TraceCall {
        identified,
        seek_s: t,
        call_type: None,
        answered: true,
        wait_s: 0.0,
        handle_s: None,
    };
    let mut calls: Vec<TraceCall> = (0..20).map(|i| call(3500.0 + i as f64, false)).collect();
    calls.push(call(3700.0, true));
    let day = DayTrace {
        date: jiff::civil::date(2024, 1, 8),
        calls,
        sessions: vec![Session {
            agent: 0,
            start_s: 0.0,
            end_s: 86_000.0,
        }],
    };
    let wait_of_identified = |first: bool| {
        let mut m = model(60.0, 1e9, None);
        m.identified_first = first;
        let waits: Vec<f64> = (0..20)
            .map(|r| {
                let mut out = [Tally::default(); HOURS];
                replay_day(&day, &m, &mut streams(r), &mut Scratch::default(), &mut out);
                assert_eq!(out[0].sought + out[1].sought, 21);
                assert_eq!(out[1].sought, 1);
                out[1].value(Figure::AsaS).unwrap()
            })
            .collect();
        waits.iter().sum::<f64>() / waits.len() as f64
    };
    let in_order = wait_of_identified(false);
    let first = wait_of_identified(true);
    assert!(in_order > 700.0, "in order: {in_order} s");
    assert!(first < 150.0, "served first: {first} s");
}

#[test]
fn fit_then_backtest_on_the_bank_log() {
    let dir = tempfile::tempdir().unwrap();
    let fit = dir.path().join("fit");
    let log = bank_log();
    let a = ccplan_out(
        "fit",
        [log.as_os_str()],
        &fit,
        &["--log-format", "anonymous-bank", "--name", "bank"],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let scenario = fit.join("scenario.yaml");
    // The fitted scenario loads as it is, and its working week is the bank's.
    let sc = ccplan::scenario::load(&scenario).expect("fitted scenario validates");
    assert_eq!(sc.name, "bank");
    let fj = read_json(&fit.join("fit.json"));
    assert_eq!(fj["arrivals"]["dates"].as_array().unwrap().len(), 14);
    let share = fj["availability"]["share"].as_f64().unwrap();
    assert!(share > 0.3 && share < 1.0, "availability {share}");
    assert!(fit.join("report.md").is_file());
    // Identified callers overtake anonymous ones waiting ahead of them (about 78 % of the
    // time, against 2–4 % the other way), so the scenario serves them first.
    let pr = &fj["priority"];
    assert_eq!(pr["identified_first"], true, "{pr}");
    assert!(
        pr["identified_overtook_share"].as_f64().unwrap() > 0.6,
        "{pr}"
    );
    assert!(
        pr["anonymous_overtook_share"].as_f64().unwrap() < 0.1,
        "{pr}"
    );
    assert!(sc.callers.identified_first);
    // Prospects (NW) hang up sooner than regular customers (PS): each has its own
    // patience, in the pooled family.
    let patience_of = |name: &str| {
        let t = fj["types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap();
        assert_eq!(
            t["patience"]["chosen"]["family"],
            fj["patience"]["chosen"]["family"]
        );
        t["patience"]["chosen"]["mean_s"].as_f64().unwrap()
    };
    let (nw, ps) = (patience_of("NW"), patience_of("PS"));
    assert!(nw < 0.8 * ps, "NW {nw} s, PS {ps} s");
    let nw_type = sc.contact_types.iter().find(|t| t.name == "NW").unwrap();
    assert!(nw_type.patience.is_some());

    let out = dir.path().join("bt");
    let a = ccplan_out(
        "backtest",
        [scenario.as_os_str(), log.as_os_str()],
        &out,
        &[
            "--log-format",
            "anonymous-bank",
            "--from",
            "1999-02-08",
            "--replications",
            "8",
        ],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let j = read_json(&out.join("backtest.json"));
    let keys: Vec<&str> = j.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "scenario",
            "replications",
            "seed",
            "dates",
            "hourly",
            "daily",
            "erlang_a_hourly",
            "noise_floor_hourly"
        ]
    );
    for block in ["hourly", "daily", "erlang_a_hourly"] {
        for f in Figure::ALL {
            let acc = &j[block][f.key()];
            let names: Vec<&str> = acc
                .as_object()
                .unwrap()
                .keys()
                .map(|k| k.as_str())
                .collect();
            assert_eq!(
                names,
                ["mae", "bias", "wape", "r", "n"],
                "{block}.{}",
                f.key()
            );
        }
    }
    assert_eq!(j["dates"].as_array().unwrap().len(), 7);
    assert!(j["hourly"]["abandonment_rate"]["n"].as_u64().unwrap() > 50);
    for f in ["hourly", "daily"] {
        assert!(
            out.join(format!("{f}.parquet")).is_file() && out.join(format!("{f}.csv")).is_file()
        );
    }
    // Holding the model to an accuracy it cannot reach exits 1.
    let a = ccplan_out(
        "backtest",
        [scenario.as_os_str(), log.as_os_str()],
        &dir.path().join("bt-strict"),
        &[
            "--log-format",
            "anonymous-bank",
            "--replications",
            "4",
            "--max-asa-mae-s",
            "0.001",
        ],
    );
    assert_eq!(exit_code(&a), 1);
}

#[test]
fn backtest_bad_input_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = crate::common::repo("scenarios/minimal.yaml");
    let out = dir.path().join("out");
    let missing = dir.path().join("missing.csv");
    let a = ccplan_out(
        "backtest",
        [scenario.as_os_str(), missing.as_os_str()],
        &out,
        &[],
    );
    assert_eq!(exit_code(&a), 2);
    assert!(!out.exists());
    let a = ccplan_out(
        "backtest",
        [scenario.as_os_str(), bank_log().as_os_str()],
        &out,
        &["--log-format", "anonymous-bank", "--from", "2001-01-01"],
    );
    assert_eq!(exit_code(&a), 2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("no date"));
    assert!(!out.exists());
}

#[test]
fn fit_holds_days_out_with_from_and_to() {
    let dir = tempfile::tempdir().unwrap();
    let log = bank_log();
    let out = dir.path().join("week1");
    let a = ccplan_out(
        "fit",
        [log.as_os_str()],
        &out,
        &["--log-format", "anonymous-bank", "--to", "1999-02-07"],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let j = read_json(&out.join("fit.json"));
    let dates: Vec<&str> = j["arrivals"]["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(dates.first(), Some(&"1999-02-01"));
    assert_eq!(dates.last(), Some(&"1999-02-07"));
    // The held-out week is counted as set aside, and every row is accounted for.
    let set_aside = j["excluded"]["outside_dates"].as_u64().unwrap();
    assert!(set_aside > 7_000, "{set_aside}");
    let excluded: u64 = j["excluded"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(
        j["records_used"].as_u64().unwrap() + excluded,
        j["rows_read"].as_u64().unwrap()
    );
    let sc = ccplan::scenario::load(&out.join("scenario.yaml")).expect("validates");
    assert_eq!(sc.calendar.days, 7);

    for (flags, says) in [
        (
            ["--from", "1999-02-09", "--to", "1999-02-08"],
            "before --from",
        ),
        (
            ["--from", "2001-01-01", "--to", "2001-01-02"],
            "no call from",
        ),
        (
            ["--from", "1999-02-31", "--to", "1999-03-01"],
            "expected a date",
        ),
    ] {
        let out = dir.path().join("bad");
        let mut args = vec!["--log-format", "anonymous-bank"];
        args.extend(flags);
        let a = ccplan_out("fit", [log.as_os_str()], &out, &args);
        assert_eq!(exit_code(&a), 2);
        assert!(
            String::from_utf8_lossy(&a.get_output().stderr).contains(says),
            "{flags:?}"
        );
        assert!(!out.exists());
    }
}

#[test]
fn a_single_day_fits_into_a_scenario_that_validates() {
    // One day of heavily censored waits (3 and 14 Feb) once gave a lognormal patience and
    // redial delay with a cv above validation's limit of 10, and fit refused its own
    // scenario. Families a scenario cannot hold are never chosen.
    let dir = tempfile::tempdir().unwrap();
    let log = bank_log();
    for date in ["1999-02-03", "1999-02-14"] {
        let out = dir.path().join(date);
        let a = ccplan_out(
            "fit",
            [log.as_os_str()],
            &out,
            &[
                "--log-format",
                "anonymous-bank",
                "--from",
                date,
                "--to",
                date,
            ],
        );
        assert_eq!(exit_code(&a), 0, "{date}: {:?}", a.get_output());
        let sc = ccplan::scenario::load(&out.join("scenario.yaml")).expect("validates");
        assert_eq!(sc.calendar.days, 1);
    }
}
