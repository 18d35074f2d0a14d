//! A line's staffing: shifts within the opening hours, or one agent count per interval
//! (every working day, with optional per-date overrides).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde_saphyr::Spanned;

use super::format::{day_intervals, hhmm};
use super::report::{join, pos};
use super::{Checker, MAX_AGENTS};
use crate::scenario::model::{Calendar, Shift, ShiftBreak, ShiftDays, Staffing};
use crate::scenario::plan::WEEKDAY_KEYS;
use crate::scenario::raw::{RawBreak, RawShift};
use crate::yaml::{KeyedMap, List, Num};

/// Longest break, minutes.
const MAX_BREAK_MIN: u64 = 240;

impl Checker<'_> {
    pub(super) fn shifts(
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
            let breaks = match &r.breaks {
                Some(b) => match self.breaks(&p, b, start_s, end_s) {
                    Some(b) => b,
                    None => {
                        ok = false;
                        continue;
                    }
                },
                None => Vec::new(),
            };
            let days = match &r.days {
                Some(d) => match self.shift_days(&p, d, cal) {
                    Some(d) => Some(d),
                    None => {
                        ok = false;
                        continue;
                    }
                },
                None => None,
            };
            out.push(Shift {
                start_s,
                end_s,
                agents: agents as u32,
                breaks,
                days,
                temporary: r.temporary.as_ref().is_some_and(|t| t.value),
            });
        }
        ok.then_some(Staffing::Shifts(out))
    }

    /// A shift's `days`: a non-empty list of weekday keys (`mon` … `sun`) and dates, each
    /// date a working day of the horizon, none twice.
    fn shift_days(
        &mut self,
        p: &str,
        list: &Spanned<List<String>>,
        cal: Option<&Calendar>,
    ) -> Option<ShiftDays> {
        const ALLOWED: &str = "a weekday key (mon, tue, wed, thu, fri, sat, sun) or a working day of the horizon YYYY-MM-DD";
        let dp = join(p, "days");
        if list.value.is_empty() {
            self.report(
                &dp,
                pos(list),
                "is an empty list (the shift would never work)",
                "at least one weekday key or date, e.g. `[mon, wed]`; leave `days` out for every working day",
            );
            return None;
        }
        let mut out = ShiftDays::default();
        let mut ok = true;
        for (j, item) in list.value.iter().enumerate() {
            let ip = format!("{dp}[{j}]");
            let t = item.value.trim();
            if let Some(w) = WEEKDAY_KEYS.iter().position(|k| *k == t) {
                if out.weekdays[w] {
                    self.report(&ip, pos(item), format!("`{t}` is listed twice"), ALLOWED);
                    ok = false;
                }
                out.weekdays[w] = true;
                continue;
            }
            let looks_like_date = t.len() == 10 && t.as_bytes()[0].is_ascii_digit();
            if !looks_like_date {
                self.report(
                    &ip,
                    pos(item),
                    format!("`{t}` is neither a weekday key nor a date"),
                    ALLOWED,
                );
                ok = false;
                continue;
            }
            let Some(date) = self.date(&ip, item) else {
                ok = false;
                continue;
            };
            let Some(cal) = cal else {
                ok = false;
                continue;
            };
            if cal.working_days.binary_search(&date).is_err() {
                self.not_a_working_day(&ip, pos(item), cal, date, " (a weekend)".into());
                ok = false;
                continue;
            }
            if !out.dates.insert(date) {
                self.report(&ip, pos(item), format!("{date} is listed twice"), ALLOWED);
                ok = false;
            }
        }
        ok.then_some(out)
    }

    /// A shift's `breaks` (the shift at `p` runs from `shift_start` to `shift_end`): each
    /// `{start: "HH:MM", minutes: N}` inside the shift, in time order, not overlapping.
    fn breaks(
        &mut self,
        p: &str,
        list: &Spanned<List<RawBreak>>,
        shift_start: u32,
        shift_end: u32,
    ) -> Option<Vec<ShiftBreak>> {
        let shift = format!("{}–{}", hhmm(shift_start), hhmm(shift_end));
        let within = format!("a break inside the shift {shift}");
        let bp = join(p, "breaks");
        let mut out: Vec<ShiftBreak> = Vec::with_capacity(list.value.len());
        let mut ok = true;
        for (j, b) in list.value.iter().enumerate() {
            let p = format!("{bp}[{j}]");
            let at = pos(b);
            let r = &b.value;
            let start = self
                .required(&r.start, &p, "start", at, "a time of day \"HH:MM\"")
                .and_then(|t| self.time(&format!("{p}.start"), t));
            let minutes = self.whole_req(
                &p,
                "minutes",
                &r.minutes,
                at,
                (1, MAX_BREAK_MIN),
                "a whole number of minutes from 1 to 240",
            );
            let (Some(start_s), Some(minutes)) = (start, minutes) else {
                ok = false;
                continue;
            };
            let brk = ShiftBreak {
                start_s,
                length_s: minutes as u32 * 60,
            };
            let start_at = r.start.as_ref().map_or(at, pos);
            let minutes_at = r.minutes.as_ref().map_or(at, pos);
            if start_s < shift_start || start_s >= shift_end {
                self.report(
                    &format!("{p}.start"),
                    start_at,
                    format!(
                        "the break starts at {}, outside the shift {shift}",
                        hhmm(start_s)
                    ),
                    within.clone(),
                );
                ok = false;
                continue;
            }
            if brk.end_s() > shift_end {
                self.report(
                    &format!("{p}.minutes"),
                    minutes_at,
                    format!(
                        "the break runs {}–{}, past the shift's end {}",
                        hhmm(start_s),
                        hhmm(brk.end_s()),
                        hhmm(shift_end)
                    ),
                    format!(
                        "at most {} minutes from {} ({within})",
                        (shift_end - start_s) / 60,
                        hhmm(start_s)
                    ),
                );
                ok = false;
                continue;
            }
            if let Some(prev) = out.last()
                && start_s < prev.end_s()
            {
                let what = if start_s < prev.start_s {
                    "breaks listed out of time order: this one starts"
                } else {
                    "overlaps the break before: this one starts"
                };
                self.report(
                    &format!("{p}.start"),
                    start_at,
                    format!(
                        "{what} at {}, the one before runs {}–{}",
                        hhmm(start_s),
                        hhmm(prev.start_s),
                        hhmm(prev.end_s())
                    ),
                    format!(
                        "a time from {} on: breaks in time order, not overlapping",
                        hhmm(prev.end_s())
                    ),
                );
                ok = false;
                continue;
            }
            out.push(brk);
        }
        ok.then_some(out)
    }

    pub(super) fn agents_by_interval(
        &mut self,
        p: &str,
        abi: &Spanned<List<Num>>,
        cal: Option<&Calendar>,
    ) -> Option<Staffing> {
        let ap = join(p, "agents_by_interval");
        let counts = self.agent_counts(&ap, abi);
        let cal = cal?;
        let counts = counts?;
        self.count_per_interval(&ap, abi, &counts, cal)
            .then(|| Staffing::by_interval(counts))
    }

    /// A list of agent counts at `path`, each a whole number from 0 to `MAX_AGENTS`.
    fn agent_counts(&mut self, path: &str, list: &Spanned<List<Num>>) -> Option<Vec<u32>> {
        self.each(path, &list.value, |c, path, v| {
            c.whole(path, v, 0, MAX_AGENTS, "a whole number of agents ≥ 0")
                .map(|x| x as u32)
        })
    }

    /// Whether `counts` (read from `list` at `path`) has one entry per interval of the
    /// day; reports it otherwise.
    fn count_per_interval<T>(
        &mut self,
        path: &str,
        list: &Spanned<T>,
        counts: &[u32],
        cal: &Calendar,
    ) -> bool {
        let n = cal.intervals_per_day();
        if counts.len() == n {
            return true;
        }
        let d = self
            .diag(
                path,
                pos(list),
                format!(
                    "has {} counts but the day has {}",
                    counts.len(),
                    day_intervals(cal)
                ),
            )
            .value(format!("{} counts", counts.len()))
            .allowed(format!("exactly {n} whole numbers, one per interval"));
        self.push(d);
        false
    }

    /// `agents_by_date`: per-date counts overriding `agents_by_interval`, each keyed by a
    /// working day of the horizon and holding one count per interval.
    pub(super) fn agents_by_date(
        &mut self,
        p: &str,
        abd: &Spanned<KeyedMap<List<Num>>>,
        cal: Option<&Calendar>,
    ) -> Option<BTreeMap<Date, Vec<u32>>> {
        let dp = join(p, "agents_by_date");
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (key, list) in &abd.value.0 {
            let (ep, text, date) = self.date_key(&dp, key);
            let counts = self.agent_counts(&ep, list);
            let (Some(cal), Some(date), Some(counts)) = (cal, date, counts) else {
                ok = false;
                continue;
            };
            if cal.working_days.binary_search(&date).is_err() {
                self.not_a_working_day(&ep, pos(&text), cal, date, " (a weekend)".into());
                ok = false;
                continue;
            }
            if !self.count_per_interval(&ep, list, &counts, cal) {
                ok = false;
                continue;
            }
            out.insert(date, counts);
        }
        ok.then_some(out)
    }
}
