//! Working days: weekends are closed, and so are the holidays of the scenario's
//! [`HolidayRule`] — Portugal's national holidays, an explicit list of dates, or none.
//!
//! Portugal's national holidays (Código do Trabalho, art. 234.º): 1 January, Good Friday,
//! Easter Sunday, 25 April, 1 May, Corpus Christi, 10 June, 15 August, 5 October,
//! 1 November, 1 December, 8 December and 25 December. Corpus Christi, 5 October,
//! 1 November and 1 December were suspended from 2013 to 2015 (Lei n.º 23/2012) and
//! restored in 2016 (Lei n.º 8/2016). Carnival Tuesday is optional and municipal holidays
//! do not close a national line, so neither is a closure here.
//!
//! ```
//! use ccplan::scenario::calendar::{easter_sunday, portugal_holidays};
//! use jiff::civil::date;
//!
//! assert_eq!(easter_sunday(2018), date(2018, 4, 1));
//! let names: Vec<&str> = portugal_holidays(2014).iter().map(|(_, name)| *name).collect();
//! assert!(!names.contains(&"Corpo de Deus"));
//! ```

use std::borrow::Cow;
use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

use super::model::{HolidayRule, SkipReason};

/// Easter Sunday of `year` in the Gregorian calendar (anonymous Gregorian algorithm,
/// Meeus/Jones/Butcher). Valid for years 1583–9999.
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as i8, day as i8)
}

/// Whether the holidays suspended by Lei n.º 23/2012 (Corpus Christi, 5 October,
/// 1 November, 1 December) were suspended in `year`.
fn suspended(year: i16) -> bool {
    (2013..=2015).contains(&year)
}

/// Portugal's national holidays of `year`, in date order, with their Portuguese names.
pub fn portugal_holidays(year: i16) -> Vec<(Date, &'static str)> {
    let easter = easter_sunday(year);
    let shift = |days: i32| {
        easter
            .checked_add(days.days())
            .expect("Easter ± 60 days stays in range")
    };
    let mut days = vec![
        (date(year, 1, 1), "Ano Novo"),
        (shift(-2), "Sexta-feira Santa"),
        (easter, "Páscoa"),
        (date(year, 4, 25), "Dia da Liberdade"),
        (date(year, 5, 1), "Dia do Trabalhador"),
        (date(year, 6, 10), "Dia de Portugal"),
        (date(year, 8, 15), "Assunção de Nossa Senhora"),
        (date(year, 12, 8), "Imaculada Conceição"),
        (date(year, 12, 25), "Natal"),
    ];
    if !suspended(year) {
        days.extend([
            (shift(60), "Corpo de Deus"),
            (date(year, 10, 5), "Implantação da República"),
            (date(year, 11, 1), "Dia de Todos-os-Santos"),
            (date(year, 12, 1), "Restauração da Independência"),
        ]);
    }
    days.sort();
    days
}

/// Whether `date` falls on a Saturday or Sunday.
pub fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

impl HolidayRule {
    /// The holiday's name if the rule closes the line on `date` (weekends aside).
    pub fn holiday_on(&self, date: Date) -> Option<Cow<'static, str>> {
        match self {
            HolidayRule::None => None,
            HolidayRule::Portugal => portugal_holidays(date.year())
                .into_iter()
                .find(|(d, _)| *d == date)
                .map(|(_, name)| Cow::Borrowed(name)),
            HolidayRule::Dates(dates) => dates
                .contains(&date)
                .then_some(Cow::Borrowed("listed holiday")),
        }
    }
}

/// Working days simulated, and the closed dates skipped among them with the reason.
pub type Horizon = (Vec<Date>, Vec<(Date, SkipReason)>);

/// The first `days` working days from `start` (inclusive), and the closed dates from
/// `start` up to the last of them with the reason each was skipped. A weekend that is also
/// a holiday counts as a weekend. The week is Monday to Friday.
///
/// Returns `None` only if the horizon would run past the end of the supported calendar
/// (year 9999), which validation's bounds on years and `days` rule out.
pub fn working_days(start: Date, days: u32, rule: &HolidayRule) -> Option<Horizon> {
    let monday_to_friday = [true, true, true, true, true, false, false];
    working_days_in_week(start, days, rule, monday_to_friday)
}

/// [`working_days`] for a week whose open weekdays are `open` (Monday first); the
/// weekdays not open are skipped as [`SkipReason::Weekend`]. `None` also when no weekday
/// is open.
pub fn working_days_in_week(
    start: Date,
    days: u32,
    rule: &HolidayRule,
    open: [bool; 7],
) -> Option<Horizon> {
    if !open.contains(&true) {
        return None;
    }
    let listed: BTreeSet<Date> = match rule {
        HolidayRule::Dates(d) => d.iter().copied().collect(),
        _ => BTreeSet::new(),
    };
    let mut year_holidays: (i16, Vec<(Date, &'static str)>) =
        (start.year(), portugal_holidays(start.year()));
    let mut working = Vec::with_capacity(days as usize);
    let mut skipped = Vec::new();
    let mut day = start;
    while working.len() < days as usize {
        let holiday = match rule {
            HolidayRule::None => None,
            HolidayRule::Dates(_) => listed.contains(&day).then(|| "listed holiday".to_string()),
            HolidayRule::Portugal => {
                if year_holidays.0 != day.year() {
                    year_holidays = (day.year(), portugal_holidays(day.year()));
                }
                year_holidays
                    .1
                    .iter()
                    .find(|(d, _)| *d == day)
                    .map(|(_, name)| (*name).to_string())
            }
        };
        if !open[super::plan::weekday_index(day)] {
            skipped.push((day, SkipReason::Weekend));
        } else if let Some(name) = holiday {
            skipped.push((day, SkipReason::Holiday(name)));
        } else {
            working.push(day);
        }
        day = day.tomorrow().ok()?;
    }
    Some((working, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates() {
        for (y, m, d) in [
            (2000, 4, 23),
            (2013, 3, 31),
            (2014, 4, 20),
            (2017, 4, 16),
            (2018, 4, 1),
            (2019, 4, 21),
            (2020, 4, 12),
            (2024, 3, 31),
            (2025, 4, 20),
            (2038, 4, 25),
        ] {
            assert_eq!(easter_sunday(y), date(y, m, d), "Easter {y}");
        }
    }

    #[test]
    fn a_sunday_to_thursday_week_skips_friday_and_saturday() {
        // Sunday to Thursday only; 2024-01-07 is a Sunday.
        let open = [true, true, true, true, false, false, true];
        let (w, s) = working_days_in_week(date(2024, 1, 5), 6, &HolidayRule::None, open).unwrap();
        let expect: Vec<Date> = [7, 8, 9, 10, 11, 14].map(|d| date(2024, 1, d)).to_vec();
        assert_eq!(w, expect);
        let skipped: Vec<Date> = s.iter().map(|(d, _)| *d).collect();
        assert_eq!(skipped, [5, 6, 12, 13].map(|d| date(2024, 1, d)).to_vec());
        assert!(
            working_days_in_week(date(2024, 1, 5), 1, &HolidayRule::None, [false; 7]).is_none()
        );
    }

    #[test]
    fn trailing_skips_are_not_reported() {
        // Friday 2018-01-05, 1 working day: the weekend after it is outside the horizon.
        let (w, s) = working_days(date(2018, 1, 5), 1, &HolidayRule::Portugal).unwrap();
        assert_eq!(w, vec![date(2018, 1, 5)]);
        assert!(s.is_empty());
    }
}
