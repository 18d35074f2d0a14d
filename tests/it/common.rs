//! Helpers shared by integration tests: scenarios built in code, so engine tests do not
//! depend on the YAML loader.
#![allow(dead_code)]

use ccplan::scenario::*;
use ccplan::service_level::SlDefinition;
use jiff::civil::date;

/// A stationary one-line scenario: `calls_per_day` spread evenly over `hours` hours from
/// 08:00, `agents` all day, the given handling and patience, no menu, no trunk limit.
pub fn stationary(
    calls_per_day: f64,
    hours: u32,
    agents: u32,
    handle: Dist,
    patience: Option<Dist>,
) -> Scenario {
    let open_s = 8 * 3600;
    let close_s = open_s + hours * 3600;
    let interval_s = 1800;
    let n = ((close_s - open_s) / interval_s) as usize;
    let start = date(2024, 1, 8);
    let days = 5;
    let working_days: Vec<_> = (0..7)
        .map(|i| start.checked_add(jiff::Span::new().days(i)).unwrap())
        .filter(|d| weekday_index(*d) < 5)
        .take(days)
        .collect();
    Scenario {
        name: "stationary".into(),
        description: None,
        calendar: Calendar {
            start,
            days: days as u32,
            holidays: HolidayRule::None,
            open_s,
            close_s,
            interval_s,
            working_days,
            skipped: vec![],
        },
        demand: Demand {
            calls_per_day,
            profile: vec![1.0 / n as f64; n],
            day_of_week: [1.0; 7],
            day_to_day_cv: 0.0,
            peaks: vec![],
        },
        contact_types: vec![ContactType {
            name: "all".into(),
            share: 1.0,
            self_service: 0.0,
            first_line_handle: handle,
            to_second_line: 0.0,
            second_line_handle: None,
        }],
        callers: Callers {
            patience,
            redial: None,
            self_service_time: None,
        },
        email: None,
        lines: Lines {
            first: Line {
                label: "1st line".into(),
                posts: None,
                permanent_share: 1.0,
                temporary_handle_factor: 1.0,
                shrinkage: 0.0,
                staffing: Staffing::Shifts(vec![Shift {
                    start_s: open_s,
                    end_s: close_s,
                    agents,
                }]),
                reinforcement: vec![],
            },
            second: None,
        },
        trunks: None,
        targets: Targets {
            service_level: Some(ServiceLevelTarget {
                within_s: 20.0,
                at_least: 0.8,
                definition: SlDefinition::Offered,
            }),
            ..Targets::default()
        },
        simulation: SimulationSettings {
            replications: 10,
            seed: 1,
        },
    }
}

/// Mean and 99% half-width (Student t) of a sample.
pub fn mean_ci99(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    // t quantile 0.995 for the replication counts used in tests (df 39).
    let t = match xs.len() {
        40 => 2.707_913_4,
        _ => 2.576 + 2.0 / n, // close enough for larger samples; tests use 40
    };
    (mean, t * (var / n).sqrt())
}
