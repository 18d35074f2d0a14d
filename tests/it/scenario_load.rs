//! The example scenarios load into the values they state, defaults fill what they omit,
//! and the calendar knows Portugal's holidays.

use std::path::Path;

use ccplan::scenario::calendar::{easter_sunday, portugal_holidays, working_days};
use ccplan::scenario::{self, Dist, HolidayRule, LineId, Scenario, SkipReason, Staffing, Targets};
use ccplan::service_level::SlDefinition;
use jiff::civil::{Date, date};

fn load(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    scenario::load(&path).unwrap_or_else(|e| panic!("{name} should load:\n{e}"))
}

/// A small valid scenario with `extra` spliced in (YAML flow keys).
fn tiny(calendar_extra: &str, extra: &str) -> Result<Scenario, scenario::ScenarioErrors> {
    let text = format!(
        "name: tiny\n\
         calendar: {{start: 2024-01-08, days: 5, open: \"08:00\", close: \"18:00\", interval_min: 30{calendar_extra}}}\n\
         demand: {{calls_per_day: 1000}}\n\
         contact_types: [{{name: all, share: 1, first_line: {{handle: {{dist: fixed, s: 180}}}}}}]\n\
         lines: {{first: {{shifts: [{{start: \"08:00\", end: \"18:00\", agents: 10}}]}}}}\n\
         {extra}"
    );
    scenario::parse_str(&text, "tiny.yaml")
}

const EPS: f64 = 1e-12;

#[test]
fn tender_calendar() {
    let s = load("seguranca-social-2017.yaml");
    let cal = &s.calendar;
    assert_eq!(s.name, "seguranca-social-2017");
    assert!(
        s.description
            .as_deref()
            .unwrap()
            .starts_with("Centro Nacional de Contacto")
    );
    assert_eq!(cal.start, date(2018, 1, 2));
    assert_eq!(cal.days, 20);
    assert_eq!(cal.holidays, HolidayRule::Portugal);
    assert_eq!(
        (cal.open_s, cal.close_s, cal.interval_s),
        (9 * 3600, 18 * 3600, 900)
    );
    assert_eq!(cal.intervals_per_day(), 36);
    assert_eq!(cal.working_days.len(), 20);
    assert_eq!(cal.working_days[0], date(2018, 1, 2));
    assert_eq!(*cal.working_days.last().unwrap(), date(2018, 1, 29));
    let skipped: Vec<Date> = cal.skipped.iter().map(|(d, _)| *d).collect();
    let weekend: Vec<Date> = [6, 7, 13, 14, 20, 21, 27, 28]
        .into_iter()
        .map(|d| date(2018, 1, d))
        .collect();
    assert_eq!(skipped, weekend);
    assert!(cal.skipped.iter().all(|(_, r)| *r == SkipReason::Weekend));
}

#[test]
fn tender_demand() {
    let s = load("seguranca-social-2017.yaml");
    let d = &s.demand;
    assert_eq!(d.calls_per_day, 12000.0);
    assert_eq!(d.profile.len(), 36);
    assert!((d.profile.iter().sum::<f64>() - 1.0).abs() < EPS);
    let raw_sum = 35.99; // sum of the weights written in the file
    assert!((d.profile[5] - 1.18 / raw_sum).abs() < 1e-9);
    assert_eq!(d.day_of_week, [1.12, 1.01, 0.95, 0.95, 0.97, 1.0, 1.0]);
    assert_eq!(d.day_to_day_cv, 0.06);

    let renewals = &d.peaks[0];
    assert_eq!(renewals.name, "january-renewals");
    assert_eq!(renewals.dates, Some((date(2018, 1, 2), date(2018, 1, 12))));
    assert!(renewals.applies(date(2018, 1, 2)));
    assert!(renewals.applies(date(2018, 1, 12)));
    assert!(!renewals.applies(date(2018, 1, 15)));
    let payment = &d.peaks[1];
    assert_eq!(payment.days_of_month, vec![20, 21, 22]);
    assert!(payment.applies(date(2018, 1, 22)));
    assert!(payment.applies(date(2018, 2, 20)));
    assert!(!payment.applies(date(2018, 1, 23)));

    // Tuesday 2 January: Tuesday factor × renewals.
    assert!((s.expected_calls(date(2018, 1, 2)) - 12000.0 * 1.01 * 1.25).abs() < 1e-6);
    // Monday 22 January: Monday factor × payment days.
    assert!((s.expected_calls(date(2018, 1, 22)) - 12000.0 * 1.12 * 1.15).abs() < 1e-6);
}

#[test]
fn tender_contact_types_and_callers() {
    let s = load("seguranca-social-2017.yaml");
    assert_eq!(s.contact_types.len(), 6);
    assert!((s.contact_types.iter().map(|c| c.share).sum::<f64>() - 1.0).abs() < 1e-9);
    let desemprego = &s.contact_types[0];
    assert_eq!(desemprego.name, "desemprego");
    assert_eq!(desemprego.self_service, 0.35);
    assert_eq!(
        desemprego.first_line_handle,
        Dist::Lognormal {
            mean_s: 240.0,
            cv: 1.0
        }
    );
    assert_eq!(desemprego.to_second_line, 0.15);
    assert_eq!(
        desemprego.second_line_handle,
        Some(Dist::Lognormal {
            mean_s: 540.0,
            cv: 0.8
        })
    );
    let outros = &s.contact_types[5];
    assert_eq!(outros.self_service, 0.0);
    assert_eq!(outros.first_line_handle.cv(), 1.1);
    assert!((s.self_service_share() - 0.25).abs() < 1e-9);

    assert_eq!(
        s.callers.patience,
        Some(Dist::Exponential { mean_s: 300.0 })
    );
    let redial = s.callers.redial.as_ref().unwrap();
    assert_eq!(redial.probability, 0.5);
    assert_eq!(redial.after.mean_s(), 900.0);
    assert_eq!(
        s.callers.self_service_time,
        Some(Dist::Lognormal {
            mean_s: 90.0,
            cv: 0.5
        })
    );
    let email = s.email.as_ref().unwrap();
    assert_eq!(
        (email.per_day, email.line, email.reserve_idle_agents),
        (800.0, LineId::Second, 2)
    );
}

#[test]
fn tender_roster_after_shrinkage() {
    let s = load("seguranca-social-2017.yaml");
    let first = &s.lines.first;
    assert!(first.label.starts_with("1.ª linha"));
    assert_eq!(first.posts, Some(150));
    assert_eq!(first.permanent_share, 0.9);
    assert_eq!(first.permanent_agents(), Some(135));
    assert_eq!(first.temporary_handle_factor, 1.15);
    assert_eq!(first.shrinkage, 0.15);
    assert_eq!(s.rostered_agents(LineId::First), 145);
    assert_eq!(first.reinforcement.len(), 1);
    assert_eq!(
        s.demand.peaks[first.reinforcement[0].peak].name,
        "january-renewals"
    );

    // 70 → 60 (59.5 rounds up), 40 → 34, 35 → 30 (29.75), reinforcement 20 → 17.
    let renewals_day = date(2018, 1, 2);
    let plain_day = date(2018, 1, 15);
    assert_eq!(
        s.agents_available(LineId::First, renewals_day, 10 * 3600),
        60 + 34 + 17
    );
    assert_eq!(
        s.agents_available(LineId::First, plain_day, 10 * 3600),
        60 + 34
    );
    assert_eq!(
        s.agents_available(LineId::First, plain_day, 13 * 3600 + 1800),
        60 + 34 + 30
    );
    assert_eq!(
        s.agents_available(LineId::First, plain_day, 17 * 3600),
        60 + 30
    );
    // Shifts fill permanent posts first: 135 permanent = 70 + 40 + 25 of the last shift.
    let roster = s.roster(LineId::First, plain_day);
    let temporary: u32 = roster.iter().map(|b| b.temporary).sum();
    assert!(temporary > 0 && temporary < 35);

    let second = s.lines.second.as_ref().unwrap();
    assert!(second.label.starts_with("2.ª linha"));
    assert_eq!(second.posts, None);
    assert_eq!(second.shrinkage, 0.0);
    assert_eq!(s.agents_available(LineId::Second, plain_day, 9 * 3600), 36);
    assert_eq!(s.agents_available(LineId::Second, plain_day, 18 * 3600), 0);
}

#[test]
fn tender_trunks_targets_simulation() {
    let s = load("seguranca-social-2017.yaml");
    assert_eq!(s.trunks, Some(600));
    let sl = s.targets.service_level.unwrap();
    assert_eq!(
        (sl.within_s, sl.at_least, sl.definition),
        (60.0, 0.8, SlDefinition::Offered)
    );
    assert_eq!(s.targets.abandonment_at_most, Some(0.05));
    assert_eq!(s.targets.asa_at_most_s, None);
    let email = s.targets.email.unwrap();
    assert_eq!((email.within_h, email.at_least), (16.0, 0.9));
    assert_eq!(
        (s.simulation.replications, s.simulation.seed),
        (100, 20180102)
    );
}

#[test]
fn minimal_takes_the_documented_defaults() {
    let s = load("minimal.yaml");
    assert_eq!(s.name, "minimal");
    assert_eq!(s.description, None);
    assert_eq!(s.calendar.holidays, HolidayRule::None);
    assert_eq!(s.calendar.working_days.len(), 5);
    assert!(s.calendar.skipped.is_empty());
    assert_eq!(s.demand.profile, vec![0.05; 20]);
    assert_eq!(s.demand.day_of_week, [1.0; 7]);
    assert_eq!(s.demand.day_to_day_cv, 0.0);
    assert!(s.demand.peaks.is_empty());
    let all = &s.contact_types[0];
    assert_eq!(
        (all.share, all.self_service, all.to_second_line),
        (1.0, 0.0, 0.0)
    );
    assert_eq!(all.second_line_handle, None);
    assert_eq!(s.callers.patience, None);
    assert_eq!(s.callers.redial, None);
    assert_eq!(s.callers.self_service_time, None);
    assert_eq!(s.email, None);
    let first = &s.lines.first;
    assert_eq!(first.label, "1st line");
    assert_eq!((first.posts, first.permanent_share), (None, 1.0));
    assert_eq!((first.temporary_handle_factor, first.shrinkage), (1.0, 0.0));
    assert!(first.reinforcement.is_empty());
    assert_eq!(s.lines.second, None);
    assert_eq!(s.trunks, None);
    assert_eq!(s.targets, Targets::default());
    assert_eq!((s.simulation.replications, s.simulation.seed), (10, 1));
    assert_eq!(
        s.agents_available(LineId::First, date(2024, 1, 8), 8 * 3600),
        80
    );
    // 9000 calls over 10 hours at 300 s each: 75 erlangs in every interval.
    assert!((s.offered_load_erlangs(date(2024, 1, 8), LineId::First, 0) - 75.0).abs() < 1e-9);
}

#[test]
fn defaults_when_sections_are_omitted() {
    let s = tiny("", "").unwrap();
    assert_eq!((s.simulation.replications, s.simulation.seed), (30, 1));
    assert_eq!(s.calendar.holidays, HolidayRule::None);
    // interval_min defaults to 15.
    let text = "name: t\ncalendar: {start: 2024-01-08, days: 1, open: \"08:00\", close: \"09:00\"}\n\
                demand: {calls_per_day: 10}\n\
                contact_types: [{name: a, share: 1, first_line: {handle: {dist: exponential, mean_s: 60}}}]\n\
                lines: {first: {agents_by_interval: [1, 2, 3, 4]}}\n";
    let s = scenario::parse_str(text, "t.yaml").unwrap();
    assert_eq!(s.calendar.interval_s, 900);
    assert_eq!(
        s.lines.first.staffing,
        Staffing::by_interval(vec![1, 2, 3, 4])
    );
    assert_eq!(
        s.agents_available(LineId::First, date(2024, 1, 8), 8 * 3600 + 2700),
        4
    );
}

#[test]
fn profile_weights_are_normalised() {
    let text = "name: t\ncalendar: {start: 2024-01-08, days: 1, open: \"08:00\", close: \"10:00\", interval_min: 30}\n\
                demand: {calls_per_day: 10, intraday_profile: [2, 6, 0, 2]}\n\
                contact_types: [{name: a, share: 1, first_line: {handle: {dist: empirical, values_s: [60, 120]}}}]\n\
                lines: {first: {shifts: [{start: \"08:00\", end: \"10:00\", agents: 2}]}}\n";
    let s = scenario::parse_str(text, "t.yaml").unwrap();
    assert_eq!(s.demand.profile, vec![0.2, 0.6, 0.0, 0.2]);
    assert_eq!(s.contact_types[0].first_line_handle.mean_s(), 90.0);
}

#[test]
fn listed_holidays_and_skip_reasons() {
    let s = tiny(", holidays: [2024-01-09, 2024-01-13]", "").unwrap();
    let cal = &s.calendar;
    assert_eq!(
        cal.working_days,
        [8, 10, 11, 12, 15].map(|d| date(2024, 1, d)).to_vec()
    );
    assert_eq!(
        cal.skipped,
        vec![
            (
                date(2024, 1, 9),
                SkipReason::Holiday("listed holiday".into())
            ),
            (date(2024, 1, 13), SkipReason::Weekend),
            (date(2024, 1, 14), SkipReason::Weekend),
        ]
    );
}

#[test]
fn easter_and_movable_feasts() {
    assert_eq!(easter_sunday(2018), date(2018, 4, 1));
    assert_eq!(easter_sunday(2020), date(2020, 4, 12));
    assert_eq!(easter_sunday(2024), date(2024, 3, 31));
    let pt2018 = portugal_holidays(2018);
    let named =
        |y: &[(Date, &str)], name: &str| y.iter().find(|(_, n)| *n == name).map(|(d, _)| *d);
    assert_eq!(named(&pt2018, "Sexta-feira Santa"), Some(date(2018, 3, 30)));
    assert_eq!(named(&pt2018, "Corpo de Deus"), Some(date(2018, 5, 31)));
    assert_eq!(pt2018.len(), 13);
    let pt2020 = portugal_holidays(2020);
    assert_eq!(named(&pt2020, "Sexta-feira Santa"), Some(date(2020, 4, 10)));
    assert_eq!(named(&pt2020, "Corpo de Deus"), Some(date(2020, 6, 11)));
}

#[test]
fn holidays_suspended_2013_to_2015() {
    for year in 2013..=2015 {
        let days: Vec<Date> = portugal_holidays(year).iter().map(|(d, _)| *d).collect();
        assert_eq!(days.len(), 9, "{year}");
        for (m, d) in [(10, 5), (11, 1), (12, 1)] {
            assert!(!days.contains(&date(year, m, d)), "{year}-{m}-{d}");
        }
        let corpus_christi = easter_sunday(year)
            .checked_add(jiff::Span::new().days(60))
            .unwrap();
        assert!(!days.contains(&corpus_christi), "{year} Corpus Christi");
    }
    for year in [2012, 2016] {
        let days: Vec<Date> = portugal_holidays(year).iter().map(|(d, _)| *d).collect();
        assert!(days.contains(&date(year, 12, 1)), "{year}");
        assert!(days.contains(&date(year, 10, 5)), "{year}");
    }
    // Monday 1 December 2014 was a working day; Thursday 1 December 2016 was not.
    let (w, _) = working_days(date(2014, 12, 1), 1, &HolidayRule::Portugal).unwrap();
    assert_eq!(w, vec![date(2014, 12, 1)]);
    let (w, s) = working_days(date(2016, 12, 1), 1, &HolidayRule::Portugal).unwrap();
    assert_eq!(w, vec![date(2016, 12, 2)]);
    assert_eq!(
        s,
        vec![(
            date(2016, 12, 1),
            SkipReason::Holiday("Restauração da Independência".into())
        )]
    );
}

#[test]
fn easter_week_and_a_holiday_start() {
    // Wednesday 28 March 2018, 5 working days: Good Friday and the Easter weekend skipped.
    let (w, s) = working_days(date(2018, 3, 28), 5, &HolidayRule::Portugal).unwrap();
    assert_eq!(
        w,
        vec![
            date(2018, 3, 28),
            date(2018, 3, 29),
            date(2018, 4, 2),
            date(2018, 4, 3),
            date(2018, 4, 4)
        ]
    );
    assert_eq!(
        s,
        vec![
            (
                date(2018, 3, 30),
                SkipReason::Holiday("Sexta-feira Santa".into())
            ),
            (date(2018, 3, 31), SkipReason::Weekend),
            (date(2018, 4, 1), SkipReason::Weekend),
        ]
    );
    // A scenario starting on New Year's Day reports it as skipped.
    let s = tiny("", "").unwrap();
    assert!(s.calendar.skipped.is_empty());
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/seguranca-social-2017.yaml"),
    )
    .unwrap()
    .replace("start: 2018-01-02", "start: 2018-01-01");
    let s = scenario::parse_str(&text, "t.yaml").unwrap();
    assert_eq!(
        s.calendar.skipped[0],
        (date(2018, 1, 1), SkipReason::Holiday("Ano Novo".into()))
    );
    assert_eq!(s.calendar.working_days[0], date(2018, 1, 2));
    assert_eq!(
        HolidayRule::Portugal
            .holiday_on(date(2018, 12, 25))
            .as_deref(),
        Some("Natal")
    );
    assert_eq!(HolidayRule::None.holiday_on(date(2018, 12, 25)), None);
}

#[test]
fn summary_names_the_busiest_interval() {
    let s = load("seguranca-social-2017.yaml");
    let b = scenario::summary::busiest(&s);
    // Monday 8 January: Monday factor × renewals; the profile peaks at 10:15.
    assert_eq!(b.date, date(2018, 1, 8));
    assert_eq!(b.interval, 5);
    let text = scenario::summary::render(&s, "tender.yaml");
    assert!(
        text.contains("20 working days, Tue 2018-01-02 to Mon 2018-01-29"),
        "{text}"
    );
    assert!(text.contains("8 weekend days"), "{text}");
    assert!(
        text.contains("busiest interval Mon 2018-01-08 10:15–10:30"),
        "{text}"
    );
    assert!(text.contains("111 agents available"), "{text}");
    assert!(text.contains("150 posts, 90% permanent"), "{text}");
    assert!(text.contains("trunks       600"), "{text}");
}

/// `agents_by_date` overrides `agents_by_interval` on its dates only; the roster, the
/// rostered maximum and the summary follow.
#[test]
fn agents_by_date_overrides_the_every_day_counts() {
    let text = "name: t\ncalendar: {start: 2024-01-08, days: 3, holidays: none, open: \"08:00\", close: \"10:00\", interval_min: 30}\n\
                demand: {calls_per_day: 100}\n\
                contact_types: [{name: a, share: 1, first_line: {handle: {dist: exponential, mean_s: 60}}}]\n\
                lines:\n  first:\n    shrinkage: 0.5\n    agents_by_interval: [2, 4, 6, 8]\n    agents_by_date:\n      2024-01-09: [10, 12, 14, 16]\n";
    let s = scenario::parse_str(text, "t.yaml").unwrap();
    let Staffing::ByInterval { every_day, by_date } = &s.lines.first.staffing else {
        panic!("{:?}", s.lines.first.staffing)
    };
    assert_eq!(every_day, &vec![2, 4, 6, 8]);
    assert_eq!(by_date.len(), 1);
    assert_eq!(by_date[&date(2024, 1, 9)], vec![10, 12, 14, 16]);
    // After 50% shrinkage: half of each count, on the overridden date only.
    let at = |d, i: u32| s.agents_available(LineId::First, d, 8 * 3600 + i * 1800);
    assert_eq!((at(date(2024, 1, 8), 0), at(date(2024, 1, 8), 3)), (1, 4));
    assert_eq!((at(date(2024, 1, 9), 0), at(date(2024, 1, 9), 3)), (5, 8));
    assert_eq!((at(date(2024, 1, 10), 0), at(date(2024, 1, 10), 3)), (1, 4));
    assert_eq!(s.rostered_agents(LineId::First), 16);
}
