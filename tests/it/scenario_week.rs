//! Working weeks with opening hours per weekday (`calendar.week`) and demand given per date
//! (`demand.by_date`): the calendar they make, and what the engine simulates on them.

use ccplan::engine::{self, RunSettings, Setup};
use ccplan::scenario::{self, LineId, Scenario, SkipReason};
use ccplan::stats::RunStats;
use ccplan::stats::run::fig;
use ccplan::tables::build_tables;
use jiff::civil::{Date, date};

const H: u32 = 3600;

/// An Israeli bank's week: Sunday to Thursday 07:00–24:00, Friday 07:00–14:00, hourly
/// intervals, Tuesday 2024-01-09 a holiday, `days` working days from Friday 2024-01-05.
/// `extra_demand` is appended to `demand`.
fn bank(days: u32, extra_demand: &str) -> String {
    format!(
        r#"
name: bank
calendar:
  start: 2024-01-05
  days: {days}
  holidays: [2024-01-09]
  interval_min: 60
  week:
    sun: {{open: "07:00", close: "24:00"}}
    mon: {{open: "07:00", close: "24:00"}}
    tue: {{open: "07:00", close: "24:00"}}
    wed: {{open: "07:00", close: "24:00"}}
    thu: {{open: "07:00", close: "24:00"}}
    fri: {{open: "07:00", close: "14:00"}}
demand:
  calls_per_day: 1700
{extra_demand}
contact_types:
  - {{name: all, share: 1.0, first_line: {{handle: {{dist: exponential, mean_s: 120}}}}}}
lines:
  first:
    shifts: [{{start: "07:00", end: "24:00", agents: 12}}]
simulation: {{replications: 20, seed: 7}}
"#
    )
}

fn parse(text: &str) -> Scenario {
    scenario::parse_str(text, "bank.yaml").unwrap_or_else(|e| panic!("{e}"))
}

fn run(sc: &Scenario, replications: u32) -> RunStats {
    let settings = RunSettings {
        replications,
        seed: sc.simulation.seed,
    };
    engine::run(sc, settings, &|| {})
}

fn offered(stats: &RunStats, day: usize, interval: usize) -> f64 {
    stats.intervals[stats.interval_index(day, interval, 0)]
        .estimate(fig::CALLS_OFFERED)
        .mean
}

#[test]
fn a_sunday_to_thursday_week_with_a_short_friday() {
    let sc = parse(&bank(7, ""));
    let cal = &sc.calendar;
    // Friday 5th, Sunday 7th, Monday 8th, (Tuesday 9th a holiday), Wednesday 10th,
    // Thursday 11th, Friday 12th, Sunday 14th.
    let expect: Vec<Date> = [5, 7, 8, 10, 11, 12, 14].map(|d| date(2024, 1, d)).to_vec();
    assert_eq!(cal.working_days, expect);
    let skipped: Vec<(Date, SkipReason)> = vec![
        (date(2024, 1, 6), SkipReason::Weekend),
        (
            date(2024, 1, 9),
            SkipReason::Holiday("listed holiday".into()),
        ),
        (date(2024, 1, 13), SkipReason::Weekend),
    ];
    assert_eq!(cal.skipped, skipped);
    // The grid is the week's envelope; each day keeps its own hours.
    assert_eq!((cal.open_s, cal.close_s), (7 * H, 24 * H));
    assert_eq!(cal.intervals_per_day(), 17);
    assert_eq!(cal.hours_on(date(2024, 1, 12)), Some((7 * H, 14 * H)));
    assert_eq!(cal.hours_on(date(2024, 1, 14)), Some((7 * H, 24 * H)));
    assert_eq!(cal.hours_on(date(2024, 1, 13)), None);
    assert_eq!(cal.hours_on(date(2024, 1, 9)), None);
    assert_eq!(cal.open_intervals(date(2024, 1, 12)), 0..7);
    // A short day keeps its expected calls, spread over its own hours only.
    let friday = sc.expected_curve(date(2024, 1, 12));
    assert!(friday[..7].iter().all(|c| (c - 1700.0 / 7.0).abs() < 1e-9));
    assert!(friday[7..].iter().all(|&c| c == 0.0));
    assert!((sc.expected_calls(date(2024, 1, 12)) - 1700.0).abs() < 1e-9);
    // Agents: the envelope shift is cut to Friday's hours.
    let roster = sc.roster(LineId::First, date(2024, 1, 12));
    assert_eq!((roster[0].start_s, roster[0].end_s), (7 * H, 14 * H));
    assert_eq!(
        sc.agents_available(LineId::First, date(2024, 1, 12), 15 * H),
        0
    );
    // The working-hours clock counts each day's own open hours.
    let setup = Setup::new(&sc);
    let before: Vec<f64> = setup.days.iter().map(|d| d.working_s_before).collect();
    let h = f64::from(H);
    let expect = [0.0, 7.0, 24.0, 41.0, 58.0, 75.0, 82.0].map(|x| x * h);
    assert_eq!(before, expect);

    let summary = scenario::summary::render(&sc, "bank.yaml");
    assert!(
        summary.contains("week       Mon–Thu 07:00–24:00, Fri 07:00–14:00, Sun 07:00–24:00"),
        "{summary}"
    );
    assert!(
        summary.contains("2 closed weekdays, 1 holiday"),
        "{summary}"
    );
}

#[test]
fn calls_arrive_only_within_each_days_hours() {
    let sc = parse(&bank(7, ""));
    let replications = 20;
    let stats = run(&sc, replications);
    let tables = build_tables(&sc, &stats).unwrap();
    let n = sc.calendar.intervals_per_day();
    let iv = &tables.intervals;
    let col = |name: &str| -> Vec<f64> {
        iv.column(name)
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .map(|x| x.unwrap_or(0.0))
            .collect()
    };
    let (offered_t, rostered, available) = (
        col("calls_offered"),
        col("agents_rostered"),
        col("agents_available"),
    );
    let starts: Vec<String> = iv
        .column("interval_start")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.unwrap().to_string())
        .collect();
    assert_eq!(iv.height(), sc.calendar.working_days.len() * n);
    for (d, &date) in sc.calendar.working_days.iter().enumerate() {
        let open = sc.calendar.open_intervals(date);
        let mut total = 0.0;
        for i in 0..n {
            let row = d * n + i;
            assert_eq!(starts[row], format!("{:02}:00", 7 + i));
            assert_eq!(offered_t[row], offered(&stats, d, i));
            if open.contains(&i) {
                assert!(offered_t[row] > 40.0, "{date} interval {i}");
                assert!(rostered[row] == 12.0, "{date} interval {i}");
            } else {
                // Closed: no call, no agent rostered, no agent time (agents finishing
                // after close count after close).
                assert_eq!(offered_t[row], 0.0, "{date} interval {i}");
                assert_eq!(rostered[row], 0.0, "{date} interval {i}");
                assert_eq!(available[row], 0.0, "{date} interval {i}");
            }
            total += offered_t[row];
        }
        // Every day, long or short, gets its 1700 expected calls: Poisson, so the mean
        // over the replications has a standard error of sqrt(1700 / replications).
        let se = (1700.0 / f64::from(replications)).sqrt();
        assert!((total - 1700.0).abs() < 4.0 * se, "{date}: {total}");
    }
}

#[test]
fn a_days_own_curve_is_simulated() {
    let curve = [
        0, 10, 40, 80, 160, 120, 100, 60, 50, 45, 40, 30, 25, 20, 15, 10, 0,
    ];
    let list: Vec<String> = curve.iter().map(|c| c.to_string()).collect();
    let demand = format!(
        "  day_of_week: {{mon: 1.3}}\n  by_date:\n    2024-01-08: [{}]\n    2024-01-05: [30, 60, 90, 60, 30, 20, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n",
        list.join(", ")
    );
    let sc = parse(&bank(5, &demand));
    let monday = date(2024, 1, 8);
    assert_eq!(sc.calendar.working_days[2], monday);
    // The curve replaces calls_per_day × day of week × profile.
    let total: f64 = curve.iter().map(|&c| f64::from(c)).sum();
    assert_eq!(sc.expected_calls(monday), total);
    assert_eq!(sc.expected_in(monday, 4), 160.0);
    assert_eq!(
        sc.offered_load_erlangs(monday, LineId::First, 4),
        160.0 / 3600.0 * 120.0
    );
    let summary = scenario::summary::render(&sc, "bank.yaml");
    assert!(
        summary.contains("by date    2 dates with their own curve"),
        "{summary}"
    );

    let replications = 40;
    let stats = run(&sc, replications);
    for (i, &c) in curve.iter().enumerate() {
        let expected = f64::from(c);
        let mean = offered(&stats, 2, i);
        if c == 0 {
            assert_eq!(mean, 0.0, "interval {i}");
            continue;
        }
        let se = (expected / f64::from(replications)).sqrt();
        assert!(
            (mean - expected).abs() < 4.0 * se,
            "interval {i}: {mean} calls offered on average, {expected} expected"
        );
    }
    // A day without its own curve still follows calls_per_day × profile.
    let sunday = (0..17).map(|i| offered(&stats, 1, i)).sum::<f64>();
    let se = (1700.0 / f64::from(replications)).sqrt();
    assert!((sunday - 1700.0).abs() < 4.0 * se, "{sunday}");
}

#[test]
fn without_a_week_the_hours_are_monday_to_friday() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/minimal.yaml");
    let sc = scenario::load(&path).unwrap();
    let cal = &sc.calendar;
    let day = Some((cal.open_s, cal.close_s));
    assert_eq!(cal.week, [day, day, day, day, day, None, None]);
    assert!(cal.uniform_hours());
    assert_eq!(cal.hours_on(cal.working_days[0]), day);
    assert_eq!(
        sc.day_shares(cal.working_days[0]).as_ref(),
        sc.demand.profile
    );
}

#[test]
fn a_profile_without_weight_in_a_short_days_hours_is_refused() {
    let profile = format!(
        "  intraday_profile: [{}]\n",
        (0..17)
            .map(|i| if i < 8 { "0" } else { "1" })
            .collect::<Vec<_>>()
            .join(", ")
    );
    let errors = scenario::parse_str(&bank(3, &profile), "bank.yaml").unwrap_err();
    assert_eq!(errors.len(), 1, "{errors}");
    let d = &errors.diagnostics[0];
    assert_eq!(d.path, "demand.intraday_profile");
    assert!(
        d.to_string()
            .contains("all weights within `fri`'s hours 07:00–14:00 are 0"),
        "{d}"
    );
    // Giving that Friday its own curve instead is accepted (3 working days from Friday
    // 5th: the only Friday is the 5th).
    let curve = format!(
        "{profile}  by_date:\n    2024-01-05: [{}]\n",
        ["5"; 7]
            .into_iter()
            .chain(["0"; 10])
            .collect::<Vec<_>>()
            .join(", ")
    );
    parse(&bank(3, &curve));
}

#[test]
fn a_week_with_no_day_is_refused() {
    let text = bank(3, "");
    let (from, to) = (
        text.find("  week:\n").unwrap(),
        text.find("demand:").unwrap(),
    );
    let text = format!("{}  week: {{}}\n{}", &text[..from], &text[to..]);
    let errors = scenario::parse_str(&text, "bank.yaml").unwrap_err();
    assert_eq!(errors.len(), 1, "{errors}");
    let d = &errors.diagnostics[0];
    // Line 1 of the text is empty; `week` is on line 8.
    assert_eq!((d.path.as_str(), d.line), ("calendar.week", 8), "{d}");
    assert!(d.to_string().contains("no weekday is listed"), "{d}");
}
