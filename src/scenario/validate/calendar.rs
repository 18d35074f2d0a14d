//! The calendar: dates, times of day, the opening window and its intervals, the horizon
//! and its holidays.

use jiff::civil::Date;
use serde_saphyr::Spanned;

use super::format::hhmm;
use super::report::{Pos, pos};
use super::{Checker, MAX_DAYS, YEARS};
use crate::scenario::calendar;
use crate::scenario::model::{Calendar, HolidayRule, SkipReason};
use crate::scenario::raw::{RawCalendar, RawWeek};
use crate::yaml::suggestion;
use crate::yaml::{KeyText, WordOrList};

/// Per weekday (Monday first): opening and closing time, seconds since midnight.
type WeekHours = [Option<(u32, u32)>; 7];

impl Checker<'_> {
    /// A date written `YYYY-MM-DD`.
    /// A date key of a per-date mapping (`demand.by_date`, `agents_by_date`) under `path`:
    /// the entry's path, the key as a located string, and the date if it reads.
    pub(super) fn date_key(
        &mut self,
        path: &str,
        key: &Spanned<KeyText>,
    ) -> (String, Spanned<String>, Option<Date>) {
        let ep = format!("{path}.{}", key.value.0.trim());
        let text = Spanned {
            value: key.value.0.clone(),
            referenced: key.referenced,
            defined: key.defined,
        };
        let date = self.date(&ep, &text);
        (ep, text, date)
    }

    /// Reports that `date`, at `at`, is not a working day of the horizon, and why;
    /// `closed_weekday` words the reason when the line does not open on its weekday.
    pub(super) fn not_a_working_day(
        &mut self,
        path: &str,
        at: Pos,
        cal: &Calendar,
        date: Date,
        closed_weekday: String,
    ) {
        let why = match cal.skipped.iter().find(|(d, _)| *d == date) {
            Some((_, SkipReason::Weekend)) => closed_weekday,
            Some((_, SkipReason::Holiday(name))) => format!(" (holiday: {name})"),
            None => " (outside the horizon)".to_string(),
        };
        let (first, last) = (
            cal.working_days[0],
            cal.working_days[cal.working_days.len() - 1],
        );
        self.report(
            path,
            at,
            format!("{date} is not a working day of the horizon{why}"),
            format!("a working day simulated, from {first} to {last}"),
        );
    }

    pub(super) fn date(&mut self, path: &str, v: &Spanned<String>) -> Option<Date> {
        const ALLOWED: &str = "a date written YYYY-MM-DD, years 1900 to 2999";
        let t = v.value.trim();
        let b = t.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, ch)| i == 4 || i == 7 || ch.is_ascii_digit());
        if !shape_ok {
            self.report(path, pos(v), "is not a date written YYYY-MM-DD", ALLOWED);
            return None;
        }
        let year: i16 = t[0..4].parse().ok()?;
        let month: i8 = t[5..7].parse().ok()?;
        let day: i8 = t[8..10].parse().ok()?;
        if !YEARS.contains(&year) {
            self.report(
                path,
                pos(v),
                format!("year {year} is outside the supported years"),
                ALLOWED,
            );
            return None;
        }
        if !(1..=12).contains(&month) {
            self.report(
                path,
                pos(v),
                format!("month {month} does not exist"),
                ALLOWED,
            );
            return None;
        }
        let first = jiff::civil::date(year, month, 1);
        let days_in_month = first.days_in_month();
        if day < 1 || day > days_in_month {
            let month_name = first.strftime("%B").to_string();
            self.report(
                path,
                pos(v),
                format!("is not a date: {month_name} {year} has {days_in_month} days"),
                ALLOWED,
            );
            return None;
        }
        Some(jiff::civil::date(year, month, day))
    }

    /// A time of day `HH:MM`, as seconds since midnight.
    pub(super) fn time(&mut self, path: &str, v: &Spanned<String>) -> Option<u32> {
        const ALLOWED: &str = "a time of day written \"HH:MM\", from 00:00 to 24:00";
        let t = v.value.trim();
        let parsed = t.split_once(':').and_then(|(h, m)| {
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if !(digits(h) && h.len() <= 2 && digits(m) && m.len() == 2) {
                return None;
            }
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 3600 + m * 60)
        });
        if parsed.is_none() {
            self.report(path, pos(v), "is not a time of day", ALLOWED);
        }
        parsed
    }

    pub(super) fn calendar(&mut self, cal: &Spanned<RawCalendar>) -> Option<Calendar> {
        let p = "calendar";
        let at = pos(cal);
        let c = &cal.value;
        let start = self
            .required(
                &c.start,
                p,
                "start",
                at,
                "the first date simulated, YYYY-MM-DD",
            )
            .and_then(|s| self.date("calendar.start", s));
        let days = self.whole_req(
            p,
            "days",
            &c.days,
            at,
            (1, MAX_DAYS),
            "a whole number of working days from 1 to 2000",
        );
        let holidays = match &c.holidays {
            None => Some(HolidayRule::None),
            Some(h) => self.holidays(h),
        };
        let hours = match &c.week {
            Some(w) => self.week_hours(c, w),
            None => self.open_close(c, at),
        };
        let interval_min = self.whole_or(
            p,
            "interval_min",
            &c.interval_min,
            (1, 1440),
            "a whole number of minutes that divides the opening window",
            15,
        );
        let (open, close, week) = hours?;
        let interval_min = interval_min?;
        let window_min = u64::from((close - open) / 60);
        if !window_min.is_multiple_of(interval_min) {
            let at_interval = c.interval_min.as_ref().map_or(at, pos);
            let divisors: Vec<String> = (1..=window_min)
                .filter(|d| window_min.is_multiple_of(*d))
                .map(|d| d.to_string())
                .collect();
            let d = self
                .diag(
                    "calendar.interval_min",
                    at_interval,
                    format!(
                        "{interval_min} min does not divide the opening window {}–{} ({window_min} min) into whole intervals",
                        hhmm(open),
                        hhmm(close)
                    ),
                )
                .allowed(format!("a divisor of {window_min}: {}", divisors.join(", ")));
            self.push(d);
            return None;
        }
        let interval_s = interval_min as u32 * 60;
        if let Some(w) = &c.week
            && !self.week_on_grid(&w.value, open, interval_s)
        {
            return None;
        }
        let (start, days, holidays) = (start?, days?, holidays?);
        let Some((working_days, skipped)) = calendar::working_days_in_week(
            start,
            days as u32,
            &holidays,
            week.map(|d| d.is_some()),
        ) else {
            self.report(
                "calendar.days",
                c.days.as_ref().map_or(at, pos),
                "the horizon runs past the supported calendar",
                "fewer days or an earlier start",
            );
            return None;
        };
        Some(Calendar {
            start,
            days: days as u32,
            holidays,
            open_s: open,
            close_s: close,
            interval_s,
            week,
            working_days,
            skipped,
        })
    }

    /// `calendar.open` and `calendar.close` (no `week`): the hours of Monday to Friday.
    fn open_close(&mut self, c: &RawCalendar, at: Pos) -> Option<(u32, u32, WeekHours)> {
        let p = "calendar";
        let open = self
            .required(&c.open, p, "open", at, "a time of day \"HH:MM\"")
            .and_then(|s| self.time("calendar.open", s));
        let close = self
            .required(&c.close, p, "close", at, "a time of day \"HH:MM\"")
            .and_then(|s| self.time("calendar.close", s));
        let (open, close) = (open?, close?);
        if close <= open {
            let at_close = c.close.as_ref().map_or(at, pos);
            self.report(
                "calendar.close",
                at_close,
                format!(
                    "the line closes at {} but opens at {}: `close` must be after `open`",
                    hhmm(close),
                    hhmm(open)
                ),
                format!("a time after {}", hhmm(open)),
            );
            return None;
        }
        Some((open, close, Calendar::monday_to_friday(open, close)))
    }

    /// `calendar.week`: the hours of each weekday listed, and their envelope (earliest
    /// opening, latest closing). `open` and `close` must then be absent.
    fn week_hours(
        &mut self,
        c: &RawCalendar,
        w: &Spanned<RawWeek>,
    ) -> Option<(u32, u32, WeekHours)> {
        let mut ok = true;
        for (key, v) in [("open", &c.open), ("close", &c.close)] {
            if let Some(v) = v {
                self.report(
                    &format!("calendar.{key}"),
                    pos(v),
                    format!(
                        "`{key}` is given beside `week`: with a week, each weekday has its own hours"
                    ),
                    "either `week` (hours per weekday) or `open` and `close` (Monday to Friday), not both",
                );
                ok = false;
            }
        }
        let mut week: WeekHours = [None; 7];
        for (i, (key, hours)) in w.value.entries().into_iter().enumerate() {
            let Some(h) = hours else { continue };
            let dp = format!("calendar.week.{key}");
            let at = pos(h);
            let open = self
                .required(&h.value.open, &dp, "open", at, "a time of day \"HH:MM\"")
                .and_then(|s| self.time(&format!("{dp}.open"), s));
            let close = self
                .required(&h.value.close, &dp, "close", at, "a time of day \"HH:MM\"")
                .and_then(|s| self.time(&format!("{dp}.close"), s));
            let (Some(open), Some(close)) = (open, close) else {
                ok = false;
                continue;
            };
            if close <= open {
                self.report(
                    &format!("{dp}.close"),
                    h.value.close.as_ref().map_or(at, pos),
                    format!(
                        "`{key}` closes at {} but opens at {}: `close` must be after `open`",
                        hhmm(close),
                        hhmm(open)
                    ),
                    format!("a time after {}", hhmm(open)),
                );
                ok = false;
                continue;
            }
            week[i] = Some((open, close));
        }
        let days = week.iter().flatten();
        let open = days.clone().map(|d| d.0).min();
        let close = days.map(|d| d.1).max();
        let (Some(open), Some(close)) = (open, close) else {
            if ok {
                self.report(
                    "calendar.week",
                    pos(w),
                    "no weekday is listed: the line would never open",
                    "one or more of mon, tue, wed, thu, fri, sat, sun, each {open: \"HH:MM\", close: \"HH:MM\"}",
                );
            }
            return None;
        };
        ok.then_some((open, close, week))
    }

    /// Whether every weekday of `week` opens and closes on the grid of `interval_s`
    /// intervals from `open` (the envelope's opening); reports each one that does not.
    fn week_on_grid(&mut self, week: &RawWeek, open: u32, interval_s: u32) -> bool {
        let mut ok = true;
        for (key, hours) in week.entries() {
            let Some(h) = hours else { continue };
            for (which, v) in [("open", &h.value.open), ("close", &h.value.close)] {
                let Some(v) = v else { continue };
                let Some(t) = self.time("", v) else { continue };
                if (t - open).is_multiple_of(interval_s) {
                    continue;
                }
                let step = interval_s / 60;
                let before = t - (t - open) % interval_s;
                let verb = if which == "open" { "opens" } else { "closes" };
                self.report(
                    &format!("calendar.week.{key}.{which}"),
                    pos(v),
                    format!(
                        "`{key}` {verb} at {}, between two intervals of the grid ({step} min from {})",
                        hhmm(t),
                        hhmm(open)
                    ),
                    format!(
                        "a time on the grid, e.g. {} or {}",
                        hhmm(before),
                        hhmm(before + interval_s)
                    ),
                );
                ok = false;
            }
        }
        ok
    }

    fn holidays(&mut self, h: &Spanned<WordOrList<String>>) -> Option<HolidayRule> {
        const ALLOWED: &str =
            "`PT` (Portugal's national holidays), `none`, or a list of dates YYYY-MM-DD";
        match &h.value {
            WordOrList::Word(w) if w == "PT" => Some(HolidayRule::Portugal),
            WordOrList::Word(w) if w == "none" => Some(HolidayRule::None),
            WordOrList::Word(w) => {
                let mut d = self
                    .diag(
                        "calendar.holidays",
                        pos(h),
                        format!("unknown holiday rule `{w}`"),
                    )
                    .allowed(ALLOWED);
                if let Some(s) = suggestion(w, ["PT", "none"]) {
                    d = d.help(s);
                } else if w.len() == 10 && w.as_bytes()[4] == b'-' {
                    d = d.help(format!("a single date is a list of one: `[{w}]`"));
                }
                self.push(d);
                None
            }
            WordOrList::List(items) => self
                .each("calendar.holidays", items, |c, path, item| {
                    c.date(path, item)
                })
                .map(|mut dates| {
                    dates.sort();
                    dates.dedup();
                    HolidayRule::Dates(dates)
                }),
        }
    }
}
