//! Raw → checked: builds the [`Scenario`] the rest of ccplan trusts, or reports every
//! problem of the file at once.
//!
//! Checks that depend on another part of the file (the profile length on the calendar,
//! reinforcements on the peaks) are made only when that part is itself valid, so one
//! mistake does not cascade into several reports.

use std::collections::HashMap;

use jiff::civil::Date;
use serde_saphyr::{Location, Spanned};

use super::calendar;
use super::diagnostic::{Diagnostic, Source, all_of, one_of, suggestion};
use super::model::*;
use super::raw::*;
use crate::service_level::SlDefinition;

/// Longest duration accepted anywhere, seconds (about 11.6 days): a sanity bound that
/// keeps sums and products finite.
pub const MAX_DURATION_S: f64 = 1_000_000.0;
/// Largest coefficient of variation accepted for a duration.
pub const MAX_CV: f64 = 10.0;
/// Largest demand factor (day of week, peak) accepted.
pub const MAX_FACTOR: f64 = 100.0;
/// Largest daily call volume accepted (a bound that keeps a simulation finite).
pub const MAX_CALLS_PER_DAY: f64 = 10_000_000.0;
/// Largest agent or post count accepted in one place.
pub const MAX_AGENTS: u64 = 100_000;
/// Most working days a scenario may simulate (about eight years).
pub const MAX_DAYS: u64 = 2000;
/// Most replications a scenario may ask for.
pub const MAX_REPLICATIONS: u64 = 100_000;
/// Tolerance on the sum of contact-type shares.
pub const SHARE_SUM_TOLERANCE: f64 = 1e-6;
/// Most problems reported for one file; the rest are counted, not shown.
pub const MAX_DIAGNOSTICS: usize = 50;
/// Years accepted in dates.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2999;

/// Distribution kinds and the parameter keys each takes.
const DISTS: [(&str, &[&str]); 5] = [
    ("exponential", &["mean_s"]),
    ("lognormal", &["mean_s", "cv"]),
    ("gamma", &["mean_s", "cv"]),
    ("fixed", &["s"]),
    ("empirical", &["values_s"]),
];

/// A position in the file: 1-based line and character column, and the length of the node
/// in characters (0 for a block collection).
#[derive(Debug, Clone, Copy)]
struct Pos {
    line: usize,
    col: usize,
    len: usize,
}

impl From<&Location> for Pos {
    fn from(loc: &Location) -> Self {
        Pos {
            line: loc.line() as usize,
            col: loc.column() as usize,
            len: loc.span().len() as usize,
        }
    }
}

fn pos<T>(v: &Spanned<T>) -> Pos {
    Pos::from(&v.referenced)
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// A closed, half-open or open interval of acceptable numbers.
#[derive(Debug, Clone, Copy)]
struct Range {
    lo: f64,
    lo_open: bool,
    hi: f64,
    hi_open: bool,
}

impl Range {
    const fn closed(lo: f64, hi: f64) -> Self {
        Range {
            lo,
            lo_open: false,
            hi,
            hi_open: false,
        }
    }
    /// `(0, hi]`.
    const fn positive(hi: f64) -> Self {
        Range {
            lo: 0.0,
            lo_open: true,
            hi,
            hi_open: false,
        }
    }
    const SHARE: Range = Range::closed(0.0, 1.0);
    const DURATION: Range = Range::positive(MAX_DURATION_S);
    const FACTOR: Range = Range::positive(MAX_FACTOR);

    fn contains(&self, x: f64) -> bool {
        let above = if self.lo_open {
            x > self.lo
        } else {
            x >= self.lo
        };
        let below = if self.hi_open {
            x < self.hi
        } else {
            x <= self.hi
        };
        above && below
    }

    /// What `x` (outside the range) violates: "must not be negative", "must be at most 10", …
    fn violation(&self, x: f64) -> String {
        let (lo, hi) = (fmt_bound(self.lo), fmt_bound(self.hi));
        let closed = !self.lo_open && !self.hi_open;
        let below = x < self.lo || (x == self.lo && self.lo_open);
        if below && self.lo == 0.0 && !self.lo_open {
            "must not be negative".to_string()
        } else if closed {
            format!("must be between {lo} and {hi}")
        } else if below && self.lo_open {
            format!("must be greater than {lo}")
        } else if below {
            format!("must be at least {lo}")
        } else if self.hi_open {
            format!("must be less than {hi}")
        } else {
            format!("must be at most {hi}")
        }
    }

    /// "a number from 0 to 1", "a number > 0 and ≤ 10", …
    fn describe(&self) -> String {
        let (lo, hi) = (fmt_bound(self.lo), fmt_bound(self.hi));
        match (self.lo_open, self.hi_open) {
            (false, false) => format!("a number from {lo} to {hi}"),
            (true, false) => format!("a number > {lo} and ≤ {hi}"),
            (false, true) => format!("a number ≥ {lo} and < {hi}"),
            (true, true) => format!("a number > {lo} and < {hi}"),
        }
    }
}

/// A number as a person would write it: integers without a decimal point, thousands
/// unseparated, others in shortest form.
pub(crate) fn fmt_num(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A bound of a range, with thousands separated: `1,000,000`.
fn fmt_bound(x: f64) -> String {
    let plain = fmt_num(x);
    if x.fract() != 0.0 || x.abs() < 10_000.0 {
        return plain;
    }
    let mut out = String::new();
    for (i, ch) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A computed number (a sum) rounded to what a reader can check.
fn fmt_sum(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Validates a parsed scenario.
pub(crate) fn validate(src: &Source<'_>, raw: &RawScenario) -> Result<Scenario, Vec<Diagnostic>> {
    let mut c = Checker {
        src,
        errors: Vec::new(),
        suppressed: 0,
    };
    let root = c.root_pos();

    let name = c
        .required(
            &raw.name,
            "",
            "name",
            root,
            "a short name: letters, digits, `-`, `_` or `.`",
        )
        .and_then(|n| c.scenario_name(n));
    let description = raw
        .description
        .as_ref()
        .map(|d| d.value.trim().to_string())
        .filter(|d| !d.is_empty());
    let calendar = c
        .required(
            &raw.calendar,
            "",
            "calendar",
            root,
            "a mapping with `start`, `days`, `open` and `close`",
        )
        .and_then(|cal| c.calendar(cal));
    let demand_raw = c.required(
        &raw.demand,
        "",
        "demand",
        root,
        "a mapping with `calls_per_day`",
    );
    let peak_names: Vec<Option<String>> = demand_raw
        .and_then(|d| d.value.peaks.as_ref())
        .map(|peaks| {
            peaks
                .value
                .iter()
                .map(|p| p.value.name.as_ref().map(|n| n.value.trim().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let demand = demand_raw.and_then(|d| c.demand(d, calendar.as_ref()));

    let lines_raw = c.required(
        &raw.lines,
        "",
        "lines",
        root,
        "a mapping with `first` (and optionally `second`)",
    );
    let has_second = lines_raw.is_some_and(|l| l.value.second.is_some());
    let contact_types = c
        .required(
            &raw.contact_types,
            "",
            "contact_types",
            root,
            "a list of contact types",
        )
        .and_then(|ct| c.contact_types(ct, has_second));
    let callers = match &raw.callers {
        None => Some(Callers {
            patience: None,
            redial: None,
            self_service_time: None,
        }),
        Some(cl) => c.callers(cl),
    };
    let email = match &raw.email {
        None => Some(None),
        Some(e) => c.email(e, has_second).map(Some),
    };
    let lines = lines_raw.and_then(|l| c.lines(l, calendar.as_ref(), &peak_names));
    let trunks = match &raw.trunks {
        None => Some(None),
        Some(t) => c
            .whole(
                "trunks",
                t,
                1,
                1_000_000,
                "a whole number of simultaneous calls ≥ 1 (omit for unlimited)",
            )
            .map(|t| Some(t as u32)),
    };
    let targets = match &raw.targets {
        None => Some(Targets::default()),
        Some(t) => c.targets(t, raw.email.is_some()),
    };
    let simulation = match &raw.simulation {
        None => Some(SimulationSettings {
            replications: 30,
            seed: 1,
        }),
        Some(s) => c.simulation(s),
    };

    if c.suppressed > 0 {
        let n = c.suppressed;
        c.errors.push(Diagnostic::whole_file(
            src.file,
            format!(
                "… and {n} more problem{} not shown",
                if n == 1 { "" } else { "s" }
            ),
        ));
    }
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    match (
        name,
        calendar,
        demand,
        contact_types,
        callers,
        email,
        lines,
        trunks,
        targets,
        simulation,
    ) {
        (
            Some(name),
            Some(calendar),
            Some(demand),
            Some(contact_types),
            Some(callers),
            Some(email),
            Some(lines),
            Some(trunks),
            Some(targets),
            Some(simulation),
        ) => Ok(Scenario {
            name,
            description,
            calendar,
            demand,
            contact_types,
            callers,
            email,
            lines,
            trunks,
            targets,
            simulation,
        }),
        // Every `None` above is reported; reaching here is a bug in this module.
        _ => Err(vec![Diagnostic::whole_file(
            src.file,
            "internal error: the scenario was rejected without a reason (please report this)",
        )]),
    }
}

struct Checker<'a> {
    src: &'a Source<'a>,
    errors: Vec<Diagnostic>,
    /// Problems found beyond [`MAX_DIAGNOSTICS`].
    suppressed: usize,
}

impl Checker<'_> {
    fn full(&self) -> bool {
        self.errors.len() >= MAX_DIAGNOSTICS
    }

    fn diag(&self, path: &str, at: Pos, message: impl Into<String>) -> Diagnostic {
        if self.full() {
            // Not shown: skip the work of quoting the source.
            return Diagnostic::whole_file(self.src.file, message);
        }
        self.src.at(path, at.line, at.col, at.len, message)
    }

    fn push(&mut self, d: Diagnostic) {
        if self.full() {
            self.suppressed += 1;
        } else {
            self.errors.push(d);
        }
    }

    fn report(
        &mut self,
        path: &str,
        at: Pos,
        message: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        let d = self.diag(path, at, message).allowed(allowed);
        self.push(d);
    }

    /// The first line with content, for problems of the whole document.
    fn root_pos(&self) -> Pos {
        let line = self
            .src
            .text
            .lines()
            .position(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#') && t != "---"
            })
            .map_or(1, |i| i + 1);
        Pos {
            line,
            col: 1,
            len: 0,
        }
    }

    /// `v`, or a "missing key" error at the parent mapping.
    fn required<'v, T>(
        &mut self,
        v: &'v Opt<T>,
        parent: &str,
        key: &str,
        at: Pos,
        allowed: &str,
    ) -> Option<&'v Spanned<T>> {
        if v.is_none() {
            let where_ = if parent.is_empty() {
                "the scenario".to_string()
            } else {
                format!("`{parent}`")
            };
            let d = self
                .diag(
                    &join(parent, key),
                    at,
                    format!("missing required key `{key}` in {where_}"),
                )
                .allowed(allowed);
            self.push(d);
        }
        v.as_ref()
    }

    /// Any finite number.
    fn number(&mut self, path: &str, v: &Spanned<Num>, allowed: &str) -> Option<f64> {
        let at = pos(v);
        let problem = match &v.value {
            Num::Int(i) => return Some(*i as f64),
            Num::Float(x) if x.is_finite() => return Some(*x),
            Num::Float(_) => ("must be a finite number".to_string(), None),
            Num::Text(t) => {
                let lower = t.trim().to_lowercase();
                if matches!(
                    lower.trim_start_matches(['+', '-']),
                    ".nan" | ".inf" | "nan" | "inf" | "infinity"
                ) || t.trim().parse::<f64>().is_ok_and(|x| !x.is_finite())
                {
                    ("must be a finite number".to_string(), None)
                } else {
                    let quoted = !self.full()
                        && self
                            .src
                            .line_text(at.line)
                            .and_then(|l| l.chars().nth(at.col.saturating_sub(1)))
                            .is_some_and(|ch| ch == '"' || ch == '\'');
                    let help = if quoted && t.trim().parse::<f64>().is_ok() {
                        Some("remove the quotes: numbers are written bare".to_string())
                    } else if t.contains(',') && t.replace(',', ".").trim().parse::<f64>().is_ok() {
                        Some(format!(
                            "use a dot as the decimal separator: `{}`",
                            t.replace(',', ".").trim()
                        ))
                    } else if t.contains([' ', '_'])
                        && t.replace([' ', '_'], "").parse::<f64>().is_ok()
                    {
                        Some(format!(
                            "write the number without separators: `{}`",
                            t.replace([' ', '_'], "")
                        ))
                    } else {
                        None
                    };
                    ("expected a number, found text".to_string(), help)
                }
            }
            Num::Bool(_) => ("expected a number, found a yes/no value".to_string(), None),
            Num::Null => ("expected a number, found nothing".to_string(), None),
        };
        let mut d = self.diag(path, at, problem.0).allowed(allowed);
        if let Some(h) = problem.1 {
            d = d.help(h);
        }
        self.push(d);
        None
    }

    /// A number inside `range`.
    fn ranged(
        &mut self,
        path: &str,
        v: &Spanned<Num>,
        range: Range,
        allowed: Option<&str>,
    ) -> Option<f64> {
        let allowed = allowed.map_or_else(|| range.describe(), str::to_string);
        let x = self.number(path, v, &allowed)?;
        if range.contains(x) {
            Some(x)
        } else {
            self.report(path, pos(v), range.violation(x), allowed);
            None
        }
    }

    /// An optional number inside `range`, `default` when absent.
    fn ranged_or(
        &mut self,
        parent: &str,
        key: &str,
        v: &Opt<Num>,
        range: Range,
        allowed: Option<&str>,
        default: f64,
    ) -> Option<f64> {
        match v {
            None => Some(default),
            Some(v) => self.ranged(&join(parent, key), v, range, allowed),
        }
    }

    /// A required number inside `range`.
    fn ranged_req(
        &mut self,
        parent: &str,
        key: &str,
        v: &Opt<Num>,
        at: Pos,
        range: Range,
        allowed: Option<&str>,
    ) -> Option<f64> {
        let desc = allowed.map_or_else(|| range.describe(), str::to_string);
        let v = self.required(v, parent, key, at, &desc)?;
        self.ranged(&join(parent, key), v, range, allowed)
    }

    /// A whole number from `lo` to `hi`.
    fn whole(
        &mut self,
        path: &str,
        v: &Spanned<Num>,
        lo: u64,
        hi: u64,
        allowed: &str,
    ) -> Option<u64> {
        let value: Option<i128> = match &v.value {
            Num::Int(i) => Some(*i),
            Num::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e30 => {
                Some(*x as i128)
            }
            Num::Float(x) if x.is_finite() => {
                self.report(path, pos(v), "must be a whole number", allowed);
                return None;
            }
            _ => {
                self.number(path, v, allowed)?;
                None
            }
        };
        let i = value?;
        if i < i128::from(lo) || i > i128::from(hi) {
            let msg = if i < 0 {
                "must not be negative".to_string()
            } else if hi == u64::MAX {
                format!("must be at least {lo}")
            } else {
                format!(
                    "must be between {} and {}",
                    fmt_bound(lo as f64),
                    fmt_bound(hi as f64)
                )
            };
            self.report(path, pos(v), msg, allowed);
            return None;
        }
        Some(i as u64)
    }

    fn whole_or(
        &mut self,
        parent: &str,
        key: &str,
        v: &Opt<Num>,
        (lo, hi): (u64, u64),
        allowed: &str,
        default: u64,
    ) -> Option<u64> {
        match v {
            None => Some(default),
            Some(v) => self.whole(&join(parent, key), v, lo, hi, allowed),
        }
    }

    fn whole_req(
        &mut self,
        parent: &str,
        key: &str,
        v: &Opt<Num>,
        at: Pos,
        (lo, hi): (u64, u64),
        allowed: &str,
    ) -> Option<u64> {
        let v = self.required(v, parent, key, at, allowed)?;
        self.whole(&join(parent, key), v, lo, hi, allowed)
    }

    /// Non-empty text, trimmed.
    fn text(&mut self, path: &str, v: &Spanned<String>, allowed: &str) -> Option<String> {
        let t = v.value.trim();
        if t.is_empty() {
            self.report(path, pos(v), "must not be empty", allowed);
            None
        } else if t.chars().count() > 200 {
            self.report(
                path,
                pos(v),
                "is too long (more than 200 characters)",
                allowed,
            );
            None
        } else {
            Some(t.to_string())
        }
    }

    fn scenario_name(&mut self, v: &Spanned<String>) -> Option<String> {
        const ALLOWED: &str = "a short name (up to 100 characters) of letters, digits, `-`, `_` and `.`, not starting with `.`: it names the output folder";
        let name = self.text("name", v, ALLOWED)?;
        let ok = name.chars().count() <= 100
            && !name.starts_with('.')
            && name
                .chars()
                .all(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.'));
        if ok {
            Some(name)
        } else {
            self.report("name", pos(v), "is not usable as a folder name", ALLOWED);
            None
        }
    }

    /// A date written `YYYY-MM-DD`.
    fn date(&mut self, path: &str, v: &Spanned<String>) -> Option<Date> {
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
    fn time(&mut self, path: &str, v: &Spanned<String>) -> Option<u32> {
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

    fn calendar(&mut self, cal: &Spanned<RawCalendar>) -> Option<Calendar> {
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
        let open = self
            .required(&c.open, p, "open", at, "a time of day \"HH:MM\"")
            .and_then(|s| self.time("calendar.open", s));
        let close = self
            .required(&c.close, p, "close", at, "a time of day \"HH:MM\"")
            .and_then(|s| self.time("calendar.close", s));
        let interval_min = self.whole_or(
            p,
            "interval_min",
            &c.interval_min,
            (1, 1440),
            "a whole number of minutes that divides the opening window",
            15,
        );

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
        let (start, days, holidays) = (start?, days?, holidays?);
        let Some((working_days, skipped)) = calendar::working_days(start, days as u32, &holidays)
        else {
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
            interval_s: interval_min as u32 * 60,
            working_days,
            skipped,
        })
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
            WordOrList::List(items) => {
                let mut dates = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    match self.date(&format!("calendar.holidays[{i}]"), item) {
                        Some(d) => dates.push(d),
                        None => ok = false,
                    }
                }
                dates.sort();
                dates.dedup();
                ok.then_some(HolidayRule::Dates(dates))
            }
        }
    }

    fn demand(&mut self, d: &Spanned<RawDemand>, cal: Option<&Calendar>) -> Option<Demand> {
        let p = "demand";
        let at = pos(d);
        let r = &d.value;
        let calls_per_day = self.ranged_req(
            p,
            "calls_per_day",
            &r.calls_per_day,
            at,
            Range::positive(MAX_CALLS_PER_DAY),
            Some("calls a day > 0 and ≤ 10,000,000"),
        );
        let profile = self.profile(r.intraday_profile.as_ref(), cal);
        let mut day_of_week = Some([1.0; 7]);
        if let Some(dow) = &r.day_of_week {
            for (i, (key, v)) in dow.value.entries().into_iter().enumerate() {
                match self.ranged_or(
                    "demand.day_of_week",
                    key,
                    v,
                    Range::FACTOR,
                    Some("a factor > 0 and ≤ 100 (1 = an average day)"),
                    1.0,
                ) {
                    Some(f) => {
                        if let Some(w) = day_of_week.as_mut() {
                            w[i] = f;
                        }
                    }
                    None => day_of_week = None,
                }
            }
        }
        let day_to_day_cv = self.ranged_or(
            p,
            "day_to_day_cv",
            &r.day_to_day_cv,
            Range::closed(0.0, 2.0),
            Some("a coefficient of variation from 0 to 2 (0 = plain Poisson)"),
            0.0,
        );
        let peaks = match &r.peaks {
            None => Some(Vec::new()),
            Some(list) => self.peaks(list),
        };
        Some(Demand {
            calls_per_day: calls_per_day?,
            profile: profile?,
            day_of_week: day_of_week?,
            day_to_day_cv: day_to_day_cv?,
            peaks: peaks?,
        })
    }

    fn profile(
        &mut self,
        v: Option<&Spanned<WordOrList<Num>>>,
        cal: Option<&Calendar>,
    ) -> Option<Vec<f64>> {
        const PATH: &str = "demand.intraday_profile";
        const ALLOWED: &str = "`flat`, or a list of weights ≥ 0, one per interval of the day";
        let weights: Vec<f64> = match v.map(|v| &v.value) {
            None => {
                return cal
                    .map(|c| vec![1.0 / c.intervals_per_day() as f64; c.intervals_per_day()]);
            }
            Some(WordOrList::Word(w)) if w == "flat" => {
                return cal
                    .map(|c| vec![1.0 / c.intervals_per_day() as f64; c.intervals_per_day()]);
            }
            Some(WordOrList::Word(w)) => {
                let at = pos(v?);
                let mut d = self
                    .diag(PATH, at, format!("unknown profile `{w}`"))
                    .allowed(ALLOWED);
                if let Some(s) = suggestion(w, ["flat"]) {
                    d = d.help(s);
                }
                self.push(d);
                return None;
            }
            Some(WordOrList::List(items)) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    match self.ranged(
                        &format!("{PATH}[{i}]"),
                        item,
                        Range::closed(0.0, 1e9),
                        Some("a weight ≥ 0 (any scale)"),
                    ) {
                        Some(w) => out.push(w),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                out
            }
        };
        let at = pos(v?);
        let cal = cal?;
        let n = cal.intervals_per_day();
        if weights.len() != n {
            let d = self
                .diag(
                    PATH,
                    at,
                    format!(
                        "has {} weights but the day has {n} intervals ({}–{} in steps of {} min)",
                        weights.len(),
                        hhmm(cal.open_s),
                        hhmm(cal.close_s),
                        cal.interval_s / 60
                    ),
                )
                .value(format!("{} weights", weights.len()))
                .allowed(format!("exactly {n} weights, or `flat`"));
            self.push(d);
            return None;
        }
        let sum: f64 = weights.iter().sum();
        if sum <= 0.0 {
            let d = self
                .diag(PATH, at, "all weights are 0: no call would ever arrive")
                .allowed("at least one weight > 0");
            self.push(d);
            return None;
        }
        Some(weights.iter().map(|w| w / sum).collect())
    }

    fn peaks(&mut self, list: &Spanned<List<RawPeak>>) -> Option<Vec<Peak>> {
        let mut out = Vec::with_capacity(list.value.len());
        let mut ok = true;
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, item) in list.value.iter().enumerate() {
            let p = format!("demand.peaks[{i}]");
            let at = pos(item);
            let r = &item.value;
            let name = self
                .required(&r.name, &p, "name", at, "a unique name")
                .and_then(|n| self.text(&format!("{p}.name"), n, "a unique name"));
            if let (Some(n), Some(raw_name)) = (&name, &r.name)
                && let Some(line) = seen.insert(n.clone(), raw_name.referenced.line() as usize)
            {
                let d = self
                    .diag(
                        &format!("{p}.name"),
                        pos(raw_name),
                        format!("peak `{n}` is already defined (line {line})"),
                    )
                    .allowed("a name not used by another peak");
                self.push(d);
                ok = false;
            }
            let from = r.from.as_ref().map(|f| self.date(&format!("{p}.from"), f));
            let to = r.to.as_ref().map(|t| self.date(&format!("{p}.to"), t));
            let dates = match (from, to) {
                (None, None) => Some(None),
                (Some(Some(f)), Some(Some(t))) => {
                    if t < f {
                        let d = self
                            .diag(
                                &format!("{p}.to"),
                                pos(r.to.as_ref()?),
                                format!("the peak ends ({t}) before it starts ({f})"),
                            )
                            .allowed(format!("a date on or after {f}"));
                        self.push(d);
                        None
                    } else {
                        Some(Some((f, t)))
                    }
                }
                (Some(_), None) => {
                    self.report(
                        &format!("{p}.to"),
                        at,
                        "`from` is given without `to`",
                        "both `from` and `to` (inclusive dates), or neither",
                    );
                    None
                }
                (None, Some(_)) => {
                    self.report(
                        &format!("{p}.from"),
                        at,
                        "`to` is given without `from`",
                        "both `from` and `to` (inclusive dates), or neither",
                    );
                    None
                }
                _ => None,
            };
            let days_of_month = match &r.days_of_month {
                None => Some(Vec::new()),
                Some(days) if days.value.is_empty() => {
                    self.report(
                        &format!("{p}.days_of_month"),
                        pos(days),
                        "is an empty list",
                        "days of the month from 1 to 31",
                    );
                    None
                }
                Some(days) => {
                    let mut v = Vec::new();
                    let mut days_ok = true;
                    for (j, day) in days.value.iter().enumerate() {
                        match self.whole(
                            &format!("{p}.days_of_month[{j}]"),
                            day,
                            1,
                            31,
                            "a day of the month from 1 to 31",
                        ) {
                            Some(x) => v.push(x as u8),
                            None => days_ok = false,
                        }
                    }
                    days_ok.then_some(v)
                }
            };
            if r.from.is_none() && r.to.is_none() && r.days_of_month.is_none() {
                self.report(
                    &p,
                    at,
                    "a peak needs dates (`from` and `to`), `days_of_month`, or both",
                    "`from` + `to` and/or `days_of_month`",
                );
                ok = false;
            }
            let factor = self.ranged_req(
                &p,
                "factor",
                &r.factor,
                at,
                Range::FACTOR,
                Some("a demand multiplier > 0 and ≤ 100"),
            );
            match (name, dates, days_of_month, factor) {
                (Some(name), Some(dates), Some(days_of_month), Some(factor)) => out.push(Peak {
                    name,
                    dates,
                    days_of_month,
                    factor,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn contact_types(
        &mut self,
        list: &Spanned<List<RawContactType>>,
        has_second_line: bool,
    ) -> Option<Vec<ContactType>> {
        if list.value.is_empty() {
            self.report(
                "contact_types",
                pos(list),
                "is an empty list",
                "at least one contact type",
            );
            return None;
        }
        let mut out = Vec::with_capacity(list.value.len());
        let mut ok = true;
        let mut shares_ok = true;
        let mut share_sum = 0.0;
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, item) in list.value.iter().enumerate() {
            let p = format!("contact_types[{i}]");
            let at = pos(item);
            let r = &item.value;
            let name = self
                .required(&r.name, &p, "name", at, "a unique name")
                .and_then(|n| self.text(&format!("{p}.name"), n, "a unique name"));
            if let (Some(n), Some(raw_name)) = (&name, &r.name)
                && let Some(line) = seen.insert(n.clone(), raw_name.referenced.line() as usize)
            {
                let d = self
                    .diag(
                        &format!("{p}.name"),
                        pos(raw_name),
                        format!("contact type `{n}` is already defined (line {line})"),
                    )
                    .allowed("a name not used by another contact type");
                self.push(d);
                ok = false;
            }
            let share = self.ranged_req(
                &p,
                "share",
                &r.share,
                at,
                Range::SHARE,
                Some("a share of calls from 0 to 1; all shares sum to 1"),
            );
            match share {
                Some(s) => share_sum += s,
                None => shares_ok = false,
            }
            let self_service = self.ranged_or(
                &p,
                "self_service",
                &r.self_service,
                Range::SHARE,
                Some("a share from 0 to 1 answered by the automatic service"),
                0.0,
            );
            let first = self
                .required(
                    &r.first_line,
                    &p,
                    "first_line",
                    at,
                    "`{handle: <distribution>}`",
                )
                .and_then(|h| self.handling(&format!("{p}.first_line"), h));
            let to_second = self.ranged_or(
                &p,
                "to_second_line",
                &r.to_second_line,
                Range::SHARE,
                Some("a share from 0 to 1 of 1st-line answers passed on"),
                0.0,
            );
            let second = match &r.second_line {
                None => Some(None),
                Some(h) => self.handling(&format!("{p}.second_line"), h).map(Some),
            };
            if let (Some(t), Some(raw_t)) = (to_second, &r.to_second_line)
                && t > 0.0
            {
                if !has_second_line {
                    let d = self
                        .diag(
                            &format!("{p}.to_second_line"),
                            pos(raw_t),
                            "passes calls to the 2nd line, but `lines.second` is not defined",
                        )
                        .allowed("0 (or omitted) when there is no 2nd line")
                        .help("add `lines.second` with its staffing, or set `to_second_line: 0`");
                    self.push(d);
                    ok = false;
                } else if r.second_line.is_none() {
                    let d = self
                        .diag(
                            &format!("{p}.second_line"),
                            pos(raw_t),
                            "`to_second_line` is above 0 but `second_line` (its handling time) is missing",
                        )
                        .allowed("`second_line: {handle: <distribution>}`");
                    self.push(d);
                    ok = false;
                }
            }
            match (name, share, self_service, first, to_second, second) {
                (
                    Some(name),
                    Some(share),
                    Some(self_service),
                    Some(first),
                    Some(to_second),
                    Some(second),
                ) => out.push(ContactType {
                    name,
                    share,
                    self_service,
                    first_line_handle: first,
                    to_second_line: to_second,
                    second_line_handle: second,
                }),
                _ => ok = false,
            }
        }
        if shares_ok && (share_sum - 1.0).abs() > SHARE_SUM_TOLERANCE {
            let d = self
                .diag(
                    "contact_types",
                    pos(list),
                    format!("the shares sum to {}, not 1", fmt_sum(share_sum)),
                )
                .value(fmt_sum(share_sum))
                .allowed(format!(
                    "shares summing to 1 (within {SHARE_SUM_TOLERANCE:e})"
                ));
            self.push(d);
            ok = false;
        }
        ok.then_some(out)
    }

    fn handling(&mut self, path: &str, h: &Spanned<RawHandling>) -> Option<Dist> {
        let d = self.required(
            &h.value.handle,
            path,
            "handle",
            pos(h),
            "a handling-time distribution, e.g. `{dist: lognormal, mean_s: 240, cv: 1.0}`",
        )?;
        self.dist(&format!("{path}.handle"), d)
    }

    fn dist(&mut self, path: &str, d: &Spanned<RawDist>) -> Option<Dist> {
        let at = pos(d);
        let r = &d.value;
        let kinds: Vec<&str> = DISTS.iter().map(|(k, _)| *k).collect();
        let kinds_allowed = one_of(&kinds);
        let kind_raw = self.required(&r.dist, path, "dist", at, &kinds_allowed)?;
        let kind = kind_raw.value.trim();
        let Some((kind, takes)) = DISTS.iter().find(|(k, _)| *k == kind).copied() else {
            let mut diag = self
                .diag(
                    &format!("{path}.dist"),
                    pos(kind_raw),
                    format!("unknown distribution `{kind}`"),
                )
                .allowed(kinds_allowed);
            if let Some(s) = suggestion(kind, kinds.iter().copied()) {
                diag = diag.help(s);
            }
            self.push(diag);
            return None;
        };
        let takes_text = format!("`{kind}` takes {}", all_of(takes));
        let present: [(&str, Option<Pos>); 4] = [
            ("mean_s", r.mean_s.as_ref().map(pos)),
            ("cv", r.cv.as_ref().map(pos)),
            ("s", r.s.as_ref().map(pos)),
            ("values_s", r.values_s.as_ref().map(pos)),
        ];
        let mut ok = true;
        for (key, at_key) in present {
            if let Some(at_key) = at_key
                && !takes.contains(&key)
            {
                let mut diag = self
                    .diag(
                        &join(path, key),
                        at_key,
                        format!(
                            "`{key}` does not belong to {} {kind} distribution",
                            article(kind)
                        ),
                    )
                    .allowed(takes_text.clone());
                if key == "cv" && kind == "exponential" {
                    diag = diag.help(
                        "an exponential always has cv 1; use `lognormal` or `gamma` for another cv",
                    );
                }
                self.push(diag);
                ok = false;
            }
        }
        for key in takes {
            if present.iter().any(|(k, at)| k == key && at.is_none()) {
                self.report(
                    &join(path, key),
                    at,
                    format!(
                        "missing key `{key}`, required by {} {kind} distribution",
                        article(kind)
                    ),
                    takes_text.clone(),
                );
                ok = false;
            }
        }
        let mean = |c: &mut Self| {
            let v = r.mean_s.as_ref()?;
            c.ranged(
                &join(path, "mean_s"),
                v,
                Range::DURATION,
                Some("a mean duration in seconds, > 0 and ≤ 1,000,000"),
            )
        };
        // Present fields are checked even when others are missing or extra, so that all
        // problems show at once; the result is kept only when everything held.
        let dist = match kind {
            "exponential" => Some(Dist::Exponential {
                mean_s: mean(self)?,
            }),
            "lognormal" | "gamma" => {
                let m = mean(self);
                let cv_range = if kind == "gamma" {
                    Range::positive(MAX_CV)
                } else {
                    Range::closed(0.0, MAX_CV)
                };
                let cv_allowed = if kind == "gamma" {
                    "a coefficient of variation > 0 and ≤ 10".to_string()
                } else {
                    "a coefficient of variation from 0 to 10 (0 = every duration equals the mean)"
                        .to_string()
                };
                let cv = r
                    .cv
                    .as_ref()
                    .and_then(|cv| self.ranged(&join(path, "cv"), cv, cv_range, Some(&cv_allowed)));
                let (mean_s, cv) = (m?, cv?);
                Some(if kind == "gamma" {
                    Dist::Gamma { mean_s, cv }
                } else {
                    Dist::Lognormal { mean_s, cv }
                })
            }
            "fixed" => {
                let s = self.ranged(
                    &join(path, "s"),
                    r.s.as_ref()?,
                    Range::DURATION,
                    Some("a duration in seconds, > 0 and ≤ 1,000,000"),
                )?;
                Some(Dist::Fixed { s })
            }
            _ => {
                let values = r.values_s.as_ref()?;
                let vp = join(path, "values_s");
                if values.value.is_empty() {
                    self.report(
                        &vp,
                        pos(values),
                        "is an empty list",
                        "a list of durations in seconds, ≥ 0, with a mean > 0",
                    );
                    return None;
                }
                let mut out = Vec::with_capacity(values.value.len());
                let mut all_ok = true;
                for (i, v) in values.value.iter().enumerate() {
                    match self.ranged(
                        &format!("{vp}[{i}]"),
                        v,
                        Range::closed(0.0, MAX_DURATION_S),
                        Some("a duration in seconds from 0 to 1,000,000"),
                    ) {
                        Some(x) => out.push(x),
                        None => all_ok = false,
                    }
                }
                if !all_ok {
                    return None;
                }
                if out.iter().all(|x| *x == 0.0) {
                    self.report(
                        &vp,
                        pos(values),
                        "every value is 0: the mean must be above 0",
                        "a list of durations in seconds, ≥ 0, with a mean > 0",
                    );
                    return None;
                }
                Some(Dist::Empirical { values_s: out })
            }
        };
        dist.filter(|_| ok)
    }

    fn callers(&mut self, cl: &Spanned<RawCallers>) -> Option<Callers> {
        let r = &cl.value;
        let patience = match &r.patience {
            None => Some(None),
            Some(d) => self.dist("callers.patience", d).map(Some),
        };
        let redial = match &r.redial {
            None => Some(None),
            Some(rd) => {
                let at = pos(rd);
                let probability = self.ranged_req(
                    "callers.redial",
                    "probability",
                    &rd.value.probability,
                    at,
                    Range::SHARE,
                    Some("a probability from 0 to 1"),
                );
                let after = self
                    .required(
                        &rd.value.after,
                        "callers.redial",
                        "after",
                        at,
                        "a distribution of the time before calling again",
                    )
                    .and_then(|d| self.dist("callers.redial.after", d));
                match (probability, after) {
                    (Some(probability), Some(after)) => Some(Some(Redial { probability, after })),
                    _ => None,
                }
            }
        };
        let self_service_time = match &r.self_service_time {
            None => Some(None),
            Some(d) => self.dist("callers.self_service_time", d).map(Some),
        };
        Some(Callers {
            patience: patience?,
            redial: redial?,
            self_service_time: self_service_time?,
        })
    }

    fn email(&mut self, e: &Spanned<RawEmail>, has_second: bool) -> Option<Email> {
        let p = "email";
        let at = pos(e);
        let r = &e.value;
        let per_day = self.ranged_req(
            p,
            "per_day",
            &r.per_day,
            at,
            Range::positive(MAX_CALLS_PER_DAY),
            Some("e-mails a day > 0"),
        );
        let line = self
            .required(&r.line, p, "line", at, "`first` or `second`")
            .and_then(|l| {
                let word = l.value.trim();
                match word {
                    "first" => Some(LineId::First),
                    "second" if has_second => Some(LineId::Second),
                    "second" => {
                        let d = self
                            .diag(
                                "email.line",
                                pos(l),
                                "names the 2nd line, but `lines.second` is not defined",
                            )
                            .allowed("`first`, or `second` once `lines.second` exists");
                        self.push(d);
                        None
                    }
                    other => {
                        let mut d = self
                            .diag("email.line", pos(l), format!("unknown line `{other}`"))
                            .allowed("`first` or `second`");
                        if let Some(s) = suggestion(other, ["first", "second"]) {
                            d = d.help(s);
                        }
                        self.push(d);
                        None
                    }
                }
            });
        let handle = self
            .required(&r.handle, p, "handle", at, "a handling-time distribution")
            .and_then(|d| self.dist("email.handle", d));
        let reserve = self.whole_or(
            p,
            "reserve_idle_agents",
            &r.reserve_idle_agents,
            (0, MAX_AGENTS),
            "a whole number of agents ≥ 0",
            0,
        );
        Some(Email {
            per_day: per_day?,
            line: line?,
            handle: handle?,
            reserve_idle_agents: reserve? as u32,
        })
    }

    fn lines(
        &mut self,
        l: &Spanned<RawLines>,
        cal: Option<&Calendar>,
        peak_names: &[Option<String>],
    ) -> Option<Lines> {
        let first = self
            .required(
                &l.value.first,
                "lines",
                "first",
                pos(l),
                "the 1st line's staffing: `shifts` or `agents_by_interval`",
            )
            .and_then(|f| self.line("lines.first", f, "1st line", cal, peak_names));
        let second = match &l.value.second {
            None => Some(None),
            Some(s) => self
                .line("lines.second", s, "2nd line", cal, peak_names)
                .map(Some),
        };
        Some(Lines {
            first: first?,
            second: second?,
        })
    }

    fn line(
        &mut self,
        p: &str,
        l: &Spanned<RawLine>,
        default_label: &str,
        cal: Option<&Calendar>,
        peak_names: &[Option<String>],
    ) -> Option<Line> {
        let at = pos(l);
        let r = &l.value;
        let label = match &r.label {
            None => Some(default_label.to_string()),
            Some(lb) => self.text(&join(p, "label"), lb, "a label for reports"),
        };
        let posts = match &r.posts {
            None => Some(None),
            Some(v) => self
                .whole(
                    &join(p, "posts"),
                    v,
                    1,
                    MAX_AGENTS,
                    "a whole number of contracted posts ≥ 1 (omit if not stated)",
                )
                .map(|x| Some(x as u32)),
        };
        let permanent_share = self.ranged_or(
            p,
            "permanent_share",
            &r.permanent_share,
            Range::SHARE,
            Some("a share of posts from 0 to 1"),
            1.0,
        );
        let temporary_handle_factor = self.ranged_or(
            p,
            "temporary_handle_factor",
            &r.temporary_handle_factor,
            Range::positive(10.0),
            Some("a multiplier of handling time > 0 and ≤ 10 (1.15 = 15% slower)"),
            1.0,
        );
        let shrinkage = self.ranged_or(
            p,
            "shrinkage",
            &r.shrinkage,
            Range {
                lo: 0.0,
                lo_open: false,
                hi: 1.0,
                hi_open: true,
            },
            Some("a share of rostered time ≥ 0 and < 1"),
            0.0,
        );
        let staffing = match (&r.shifts, &r.agents_by_interval) {
            (Some(_), Some(abi)) => {
                self.report(
                    &join(p, "agents_by_interval"),
                    pos(abi),
                    "a line takes either `shifts` or `agents_by_interval`, not both",
                    "exactly one of `shifts`, `agents_by_interval`",
                );
                None
            }
            (None, None) => {
                self.report(
                    &join(p, "shifts"),
                    at,
                    "missing staffing: give `shifts` or `agents_by_interval`",
                    "exactly one of `shifts`, `agents_by_interval`",
                );
                None
            }
            (Some(shifts), None) => self.shifts(p, shifts, cal),
            (None, Some(abi)) => self.agents_by_interval(p, abi, cal),
        };
        let reinforcement = match &r.reinforcement {
            None => Some(Vec::new()),
            Some(list) => self.reinforcement(p, list, peak_names),
        };
        Some(Line {
            label: label?,
            posts: posts?,
            permanent_share: permanent_share?,
            temporary_handle_factor: temporary_handle_factor?,
            shrinkage: shrinkage?,
            staffing: staffing?,
            reinforcement: reinforcement?,
        })
    }

    fn shifts(
        &mut self,
        p: &str,
        shifts: &Spanned<List<RawShift>>,
        cal: Option<&Calendar>,
    ) -> Option<Staffing> {
        let sp = join(p, "shifts");
        if shifts.value.is_empty() {
            self.report(
                &sp,
                pos(shifts),
                "is an empty list",
                "at least one shift `{start: \"HH:MM\", end: \"HH:MM\", agents: N}`",
            );
            return None;
        }
        let mut out = Vec::with_capacity(shifts.value.len());
        let mut ok = true;
        for (i, s) in shifts.value.iter().enumerate() {
            let p = format!("{sp}[{i}]");
            let at = pos(s);
            let r = &s.value;
            let start = self
                .required(&r.start, &p, "start", at, "a time of day \"HH:MM\"")
                .and_then(|t| self.time(&format!("{p}.start"), t));
            let end = self
                .required(&r.end, &p, "end", at, "a time of day \"HH:MM\"")
                .and_then(|t| self.time(&format!("{p}.end"), t));
            let agents = self.whole_req(
                &p,
                "agents",
                &r.agents,
                at,
                (0, MAX_AGENTS),
                "a whole number of agents ≥ 0",
            );
            let (Some(start_s), Some(end_s), Some(agents)) = (start, end, agents) else {
                ok = false;
                continue;
            };
            let end_at = r.end.as_ref().map_or(at, pos);
            let start_at = r.start.as_ref().map_or(at, pos);
            if end_s <= start_s {
                self.report(
                    &format!("{p}.end"),
                    end_at,
                    format!(
                        "the shift ends at {} but starts at {}",
                        hhmm(end_s),
                        hhmm(start_s)
                    ),
                    format!("a time after {}", hhmm(start_s)),
                );
                ok = false;
                continue;
            }
            if let Some(cal) = cal {
                let hours = format!("{}–{}", hhmm(cal.open_s), hhmm(cal.close_s));
                if start_s < cal.open_s {
                    self.report(
                        &format!("{p}.start"),
                        start_at,
                        format!(
                            "the shift starts at {}, before the line opens ({})",
                            hhmm(start_s),
                            hhmm(cal.open_s)
                        ),
                        format!("a time within the opening hours {hours}"),
                    );
                    ok = false;
                }
                if end_s > cal.close_s {
                    self.report(
                        &format!("{p}.end"),
                        end_at,
                        format!(
                            "the shift ends at {}, after the line closes ({})",
                            hhmm(end_s),
                            hhmm(cal.close_s)
                        ),
                        format!("a time within the opening hours {hours}"),
                    );
                    ok = false;
                }
            }
            out.push(Shift {
                start_s,
                end_s,
                agents: agents as u32,
            });
        }
        ok.then_some(Staffing::Shifts(out))
    }

    fn agents_by_interval(
        &mut self,
        p: &str,
        abi: &Spanned<List<Num>>,
        cal: Option<&Calendar>,
    ) -> Option<Staffing> {
        let ap = join(p, "agents_by_interval");
        let mut out = Vec::with_capacity(abi.value.len());
        let mut ok = true;
        for (i, v) in abi.value.iter().enumerate() {
            match self.whole(
                &format!("{ap}[{i}]"),
                v,
                0,
                MAX_AGENTS,
                "a whole number of agents ≥ 0",
            ) {
                Some(x) => out.push(x as u32),
                None => ok = false,
            }
        }
        let cal = cal?;
        let n = cal.intervals_per_day();
        if out.len() != n && ok {
            let d = self
                .diag(
                    &ap,
                    pos(abi),
                    format!(
                        "has {} counts but the day has {n} intervals ({}–{} in steps of {} min)",
                        out.len(),
                        hhmm(cal.open_s),
                        hhmm(cal.close_s),
                        cal.interval_s / 60
                    ),
                )
                .value(format!("{} counts", out.len()))
                .allowed(format!("exactly {n} whole numbers, one per interval"));
            self.push(d);
            return None;
        }
        ok.then_some(Staffing::ByInterval(out))
    }

    fn reinforcement(
        &mut self,
        p: &str,
        list: &Spanned<List<RawReinforcement>>,
        peak_names: &[Option<String>],
    ) -> Option<Vec<Reinforcement>> {
        let mut out = Vec::with_capacity(list.value.len());
        let mut ok = true;
        let known: Vec<&str> = peak_names.iter().flatten().map(String::as_str).collect();
        for (i, item) in list.value.iter().enumerate() {
            let rp = format!("{p}.reinforcement[{i}]");
            let at = pos(item);
            let r = &item.value;
            let peak = self
                .required(
                    &r.during,
                    &rp,
                    "during",
                    at,
                    "the name of a peak in `demand.peaks`",
                )
                .and_then(|d| {
                    let name = d.value.trim();
                    let found = peak_names.iter().position(|n| n.as_deref() == Some(name));
                    if found.is_none() {
                        let allowed = if known.is_empty() {
                            "the name of a peak in `demand.peaks` (there are none)".to_string()
                        } else {
                            format!("one of the peaks: {}", one_of(&known))
                        };
                        let mut diag = self
                            .diag(
                                &format!("{rp}.during"),
                                pos(d),
                                format!("no peak is named `{name}`"),
                            )
                            .allowed(allowed);
                        if let Some(s) = suggestion(name, known.iter().copied()) {
                            diag = diag.help(s);
                        }
                        self.push(diag);
                    }
                    found
                });
            let extra = self.whole_req(
                &rp,
                "extra_agents",
                &r.extra_agents,
                at,
                (0, MAX_AGENTS),
                "a whole number of agents ≥ 0",
            );
            match (peak, extra) {
                (Some(peak), Some(extra)) => out.push(Reinforcement {
                    peak,
                    extra_agents: extra as u32,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn targets(&mut self, t: &Spanned<RawTargets>, has_email: bool) -> Option<Targets> {
        let r = &t.value;
        let mut ok = true;
        let service_level = match &r.service_level {
            None => None,
            Some(sl) => {
                let p = "targets.service_level";
                let at = pos(sl);
                let within_s = self.ranged_req(
                    p,
                    "within_s",
                    &sl.value.within_s,
                    at,
                    Range::positive(86_400.0),
                    Some("a waiting-time threshold in seconds, > 0"),
                );
                let at_least = self.ranged_req(
                    p,
                    "at_least",
                    &sl.value.at_least,
                    at,
                    Range::SHARE,
                    Some("a share of calls from 0 to 1"),
                );
                let keys: Vec<&str> = SlDefinition::ALL.iter().map(|d| d.key()).collect();
                let definition = match &sl.value.definition {
                    None => Some(SlDefinition::Offered),
                    Some(d) => {
                        let found = SlDefinition::from_key(d.value.trim());
                        if found.is_none() {
                            let mut diag = self
                                .diag(
                                    "targets.service_level.definition",
                                    pos(d),
                                    format!(
                                        "unknown service-level definition `{}`",
                                        d.value.trim()
                                    ),
                                )
                                .allowed(one_of(&keys));
                            if let Some(s) = suggestion(d.value.trim(), keys.iter().copied()) {
                                diag = diag.help(s);
                            }
                            self.push(diag);
                        }
                        found
                    }
                };
                match (within_s, at_least, definition) {
                    (Some(within_s), Some(at_least), Some(definition)) => {
                        Some(ServiceLevelTarget {
                            within_s,
                            at_least,
                            definition,
                        })
                    }
                    _ => {
                        ok = false;
                        None
                    }
                }
            }
        };
        let abandonment_at_most = self.at_most(
            "targets.abandonment",
            r.abandonment.as_ref(),
            Range::SHARE,
            &mut ok,
        );
        let occupancy_at_most = self.at_most(
            "targets.occupancy",
            r.occupancy.as_ref(),
            Range::positive(1.0),
            &mut ok,
        );
        let asa_at_most_s = match &r.asa {
            None => None,
            Some(a) => {
                let x = self.ranged_req(
                    "targets.asa",
                    "at_most_s",
                    &a.value.at_most_s,
                    pos(a),
                    Range::positive(86_400.0),
                    Some("a mean wait in seconds, > 0"),
                );
                ok &= x.is_some();
                x
            }
        };
        let email = match &r.email {
            None => None,
            Some(e) => {
                let p = "targets.email";
                let at = pos(e);
                if !has_email {
                    self.report(
                        p,
                        at,
                        "an e-mail target is set but the scenario has no `email`",
                        "`targets.email` only together with `email`",
                    );
                    ok = false;
                }
                let within_h = self.ranged_req(
                    p,
                    "within_h",
                    &e.value.within_h,
                    at,
                    Range::positive(10_000.0),
                    Some("working hours > 0"),
                );
                let at_least = self.ranged_req(
                    p,
                    "at_least",
                    &e.value.at_least,
                    at,
                    Range::SHARE,
                    Some("a share of e-mails from 0 to 1"),
                );
                match (within_h, at_least) {
                    (Some(within_h), Some(at_least)) => Some(EmailTarget { within_h, at_least }),
                    _ => {
                        ok = false;
                        None
                    }
                }
            }
        };
        ok.then_some(Targets {
            service_level,
            abandonment_at_most,
            asa_at_most_s,
            occupancy_at_most,
            email,
        })
    }

    fn at_most(
        &mut self,
        p: &str,
        v: Option<&Spanned<RawAtMost>>,
        range: Range,
        ok: &mut bool,
    ) -> Option<f64> {
        let v = v?;
        let x = self.ranged_req(p, "at_most", &v.value.at_most, pos(v), range, None);
        *ok &= x.is_some();
        x
    }

    fn simulation(&mut self, s: &Spanned<RawSimulation>) -> Option<SimulationSettings> {
        let r = &s.value;
        let replications = self.whole_or(
            "simulation",
            "replications",
            &r.replications,
            (1, MAX_REPLICATIONS),
            "a whole number of replications from 1 to 100,000",
            30,
        );
        let seed = self.whole_or(
            "simulation",
            "seed",
            &r.seed,
            (0, u64::MAX),
            "a whole number from 0 to 18446744073709551615",
            1,
        );
        Some(SimulationSettings {
            replications: replications? as u32,
            seed: seed?,
        })
    }
}

/// "a" or "an" before a distribution's name.
fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Seconds since midnight as `HH:MM`.
pub(crate) fn hhmm(s: u32) -> String {
    format!("{:02}:{:02}", s / 3600, s % 3600 / 60)
}
