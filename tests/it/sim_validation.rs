//! The simulator against exact formulas: Erlang C, Erlang A, Erlang B, Little's law and
//! call conservation. Each check pools the intervals past the first hour of every day
//! (the system starts empty each morning) in each replication, then asks whether the 99%
//! Student-t interval across replications holds the exact value.

use crate::common::{mean_ci99, stationary};
use ccplan::engine::{Setup, simulate};
use ccplan::erlang::Model;
use ccplan::scenario::{Dist, Scenario, Shift, Staffing};
use ccplan::service_level::SlDefinition;
use ccplan::stats::{Cell, ReplicationStats};

const REPLICATIONS: u32 = 40;
/// Thresholds are counted in this order by the engine: 20, 30, 60, 120, 300 s.
const T20: usize = 0;
const T60: usize = 2;

/// Cells of line 0 for intervals from `first` on, summed over all days.
fn pooled(r: &ReplicationStats, first: usize) -> Cell {
    let mut c = Cell::default();
    for day in 0..r.n_days {
        for i in first..r.n_intervals {
            c.add(r.cell(day, i, 0));
        }
    }
    c
}

fn replications(sc: &Scenario) -> Vec<ReplicationStats> {
    let setup = Setup::new(sc);
    (0..REPLICATIONS)
        .map(|r| simulate(&setup, 2024, r))
        .collect()
}

/// Asserts that `exact` lies in the 99% interval of `sample`.
fn assert_covers(what: &str, sample: &[f64], exact: f64) {
    let (mean, half) = mean_ci99(sample);
    assert!(
        (mean - exact).abs() <= half,
        "{what}: simulated {mean:.5} ± {half:.5} (99%) does not cover exact {exact:.5}"
    );
    eprintln!("{what}: simulated {mean:.5} ± {half:.5}, exact {exact:.5}");
}

#[test]
fn mmc_matches_erlang_c() {
    // 1,200 calls/h, AHT 300 s: 100 erlangs on 105 agents.
    let hours = 10;
    let sc = stationary(
        1200.0 * hours as f64,
        hours,
        105,
        Dist::Exponential { mean_s: 300.0 },
        None,
    );
    let exact = Model::new(1200.0, 300.0)
        .unwrap()
        .figures(105.0, 20.0)
        .unwrap();
    let reps = replications(&sc);
    let cells: Vec<Cell> = reps.iter().map(|r| pooled(r, 2)).collect();
    let p_wait: Vec<f64> = cells.iter().map(|c| c.figures().p_wait).collect();
    let asa: Vec<f64> = cells.iter().map(|c| c.figures().asa_s).collect();
    let sl20: Vec<f64> = cells
        .iter()
        .map(|c| c.service_level(SlDefinition::Offered, T20))
        .collect();
    assert_covers("Erlang C P(wait)", &p_wait, exact.p_wait);
    assert_covers("Erlang C ASA", &asa, exact.asa_s);
    assert_covers("Erlang C SL20", &sl20, exact.service_level.offered);
    for c in &cells {
        assert_eq!(c.abandoned, 0);
    }
}

#[test]
fn mmc_with_patience_matches_erlang_a() {
    // Overloaded on purpose: 110 erlangs on 100 agents, patience 180 s.
    let hours = 10;
    let sc = stationary(
        1320.0 * hours as f64,
        hours,
        100,
        Dist::Exponential { mean_s: 300.0 },
        Some(Dist::Exponential { mean_s: 180.0 }),
    );
    let exact = Model::new(1320.0, 300.0)
        .unwrap()
        .with_patience_s(180.0)
        .unwrap()
        .figures(100.0, 60.0)
        .unwrap();
    let reps = replications(&sc);
    let cells: Vec<Cell> = reps.iter().map(|r| pooled(r, 2)).collect();
    let abandon: Vec<f64> = cells.iter().map(|c| c.figures().abandonment_rate).collect();
    let p_wait: Vec<f64> = cells.iter().map(|c| c.figures().p_wait).collect();
    assert_covers("Erlang A P(abandon)", &abandon, exact.p_abandon);
    assert_covers("Erlang A P(wait)", &p_wait, exact.p_wait);
    for def in SlDefinition::ALL {
        let sl: Vec<f64> = cells.iter().map(|c| c.service_level(def, T60)).collect();
        assert_covers(
            &format!("Erlang A SL60 {}", def.key()),
            &sl,
            exact.service_level.get(def),
        );
    }
    let asa: Vec<f64> = cells.iter().map(|c| c.figures().asa_s).collect();
    assert_covers("Erlang A ASA (answered)", &asa, exact.asa_s);
    let mean_wait: Vec<f64> = cells.iter().map(|c| c.figures().mean_wait_s).collect();
    assert_covers("Erlang A mean wait (all)", &mean_wait, exact.mean_wait_s);
}

#[test]
fn trunks_alone_match_erlang_b() {
    // Everyone is self-served after an exponential menu of 120 s: the switch is an
    // M/M/K/K loss system with 60 erlangs on 64 trunks.
    let hours = 10;
    let mut sc = stationary(
        1800.0 * hours as f64,
        hours,
        1,
        Dist::Exponential { mean_s: 300.0 },
        None,
    );
    sc.contact_types[0].self_service = 1.0;
    sc.callers.self_service_time = Some(Dist::Exponential { mean_s: 120.0 });
    sc.trunks = Some(64);
    let exact = ccplan::erlang::erlang_b(64, 60.0).unwrap();
    let reps = replications(&sc);
    let blocking: Vec<f64> = reps
        .iter()
        .map(|r| {
            let c = pooled(r, 2);
            c.blocked as f64 / c.offered as f64
        })
        .collect();
    assert_covers("Erlang B blocking", &blocking, exact);
    for r in &reps {
        let c = r.line_total(0);
        assert_eq!(c.answered + c.abandoned, 0);
        assert_eq!(c.offered, c.blocked + c.self_served);
    }
}

#[test]
fn littles_law_and_conservation_hold_on_the_tender_like_model() {
    // Two lines, patience, redials, trunks, a menu, shifts that end mid-day: every call is
    // accounted for, and the queue-length integral equals the time callers spent queued.
    let hours = 9;
    let mut sc = stationary(
        9000.0,
        hours,
        60,
        Dist::Lognormal {
            mean_s: 240.0,
            cv: 1.0,
        },
        Some(Dist::Exponential { mean_s: 200.0 }),
    );
    sc.contact_types[0].self_service = 0.3;
    sc.contact_types[0].to_second_line = 0.2;
    sc.contact_types[0].second_line_handle = Some(Dist::Gamma {
        mean_s: 500.0,
        cv: 0.8,
    });
    sc.callers.self_service_time = Some(Dist::Lognormal {
        mean_s: 60.0,
        cv: 0.5,
    });
    sc.callers.redial = Some(ccplan::scenario::Redial {
        probability: 0.5,
        after: Dist::Exponential { mean_s: 600.0 },
    });
    sc.trunks = Some(70);
    sc.lines.first.staffing = Staffing::Shifts(vec![
        Shift {
            start_s: 8 * 3600,
            end_s: 17 * 3600,
            agents: 40,
            breaks: vec![],
            days: None,
            temporary: false,
        },
        Shift {
            start_s: 8 * 3600,
            end_s: 12 * 3600,
            agents: 20,
            breaks: vec![],
            days: None,
            temporary: false,
        },
    ]);
    let mut second = sc.lines.first.clone();
    second.staffing = Staffing::Shifts(vec![Shift {
        start_s: 8 * 3600,
        end_s: 17 * 3600,
        agents: 12,
        breaks: vec![],
        days: None,
        temporary: false,
    }]);
    sc.lines.second = Some(second);
    let reps = replications(&sc);
    for r in &reps {
        for line in 0..2 {
            let c = r.line_total(line);
            assert_eq!(
                c.offered,
                c.self_served + c.blocked + c.answered + c.abandoned,
                "line {line}"
            );
            let area: f64 = (0..r.n_days)
                .map(|d| r.days[d * 2 + line].queue_area_s)
                .sum();
            assert!(
                (area - c.wait_all_s).abs() <= 1e-6 * c.wait_all_s.max(1.0),
                "Little's law, line {line}: queue area {area} vs waits {}",
                c.wait_all_s
            );
            assert!(c.busy_s <= c.available_s * (1.0 + 1e-12));
        }
        let first = r.line_total(0);
        let second = r.line_total(1);
        assert!(first.redials > 0 && first.blocked > 0 && first.abandoned > 0);
        // Transfers come from answered 1st-line calls only.
        assert!(second.offered <= first.answered);
    }
}
