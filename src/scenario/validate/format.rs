//! Numbers and times written the way messages show them.

use crate::scenario::model::Calendar;

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
pub(super) fn fmt_bound(x: f64) -> String {
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
pub(super) fn fmt_sum(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Seconds since midnight as `HH:MM`.
pub(crate) fn hhmm(s: u32) -> String {
    format!("{:02}:{:02}", s / 3600, s % 3600 / 60)
}

/// The intervals of a day, for lists that need one entry per interval:
/// "20 intervals (08:00–18:00 in steps of 30 min)".
pub(super) fn day_intervals(cal: &Calendar) -> String {
    format!(
        "{} intervals ({}–{} in steps of {} min)",
        cal.intervals_per_day(),
        hhmm(cal.open_s),
        hhmm(cal.close_s),
        cal.interval_s / 60
    )
}
