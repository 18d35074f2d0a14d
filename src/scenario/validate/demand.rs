//! Demand: the daily call volume, its intraday profile, day-of-week factors, day-to-day
//! variation and peaks.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde_saphyr::Spanned;

use super::format::{day_intervals, fmt_num, hhmm};
use super::range::Range;
use super::report::{join, pos};
use super::{Checker, MAX_CALLS_PER_DAY};
use crate::scenario::model::{Calendar, Demand, Peak};
use crate::scenario::plan::{WEEKDAY_KEYS, weekday_index};
use crate::scenario::raw::{RawDemand, RawPeak};
use crate::yaml::{KeyedMap, List, Num, WordOrList};

impl Checker<'_> {
    pub(super) fn demand(
        &mut self,
        d: &Spanned<RawDemand>,
        cal: Option<&Calendar>,
    ) -> Option<Demand> {
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
        let by_date = match &r.by_date {
            None => Some(BTreeMap::new()),
            Some(m) => self.demand_by_date(p, m, cal),
        };
        if let (Some(profile), Some(by_date), Some(cal)) = (&profile, &by_date, cal)
            && !self.profile_covers_week(r.intraday_profile.as_ref(), profile, by_date, cal)
        {
            return None;
        }
        Some(Demand {
            calls_per_day: calls_per_day?,
            profile: profile?,
            day_of_week: day_of_week?,
            day_to_day_cv: day_to_day_cv?,
            peaks: peaks?,
            by_date: by_date?,
        })
    }

    fn profile(
        &mut self,
        v: Option<&Spanned<WordOrList<Num>>>,
        cal: Option<&Calendar>,
    ) -> Option<Vec<f64>> {
        const PATH: &str = "demand.intraday_profile";
        const ALLOWED: &str = "`flat`, or a list of weights ≥ 0, one per interval of the day";
        let flat = |c: &Calendar| vec![1.0 / c.intervals_per_day() as f64; c.intervals_per_day()];
        let weights: Vec<f64> = match v.map(|v| &v.value) {
            None => return cal.map(flat),
            Some(WordOrList::Word(w)) if w == "flat" => return cal.map(flat),
            Some(WordOrList::Word(w)) => {
                let at = pos(v?);
                let d = self
                    .diag(PATH, at, format!("unknown profile `{w}`"))
                    .allowed(ALLOWED);
                self.push_suggesting(d, w, ["flat"]);
                return None;
            }
            Some(WordOrList::List(items)) => self.each(PATH, items, |c, path, item| {
                c.ranged(
                    path,
                    item,
                    Range::closed(0.0, 1e9),
                    Some("a weight ≥ 0 (any scale)"),
                )
            })?,
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
                        "has {} weights but the day has {}",
                        weights.len(),
                        day_intervals(cal)
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

    /// Whether the profile gives some weight to the hours of every weekday whose days
    /// take their calls from it (a short day gets the profile's shares inside its hours,
    /// renormalised); reports each weekday it does not.
    fn profile_covers_week(
        &mut self,
        v: Option<&Spanned<WordOrList<Num>>>,
        profile: &[f64],
        by_date: &BTreeMap<Date, Vec<f64>>,
        cal: &Calendar,
    ) -> bool {
        let mut ok = true;
        for (w, key) in WEEKDAY_KEYS.iter().enumerate() {
            let Some((open, close)) = cal.week[w] else {
                continue;
            };
            let uses_profile = cal
                .working_days
                .iter()
                .any(|d| weekday_index(*d) == w && !by_date.contains_key(d));
            let at = |t: u32| ((t - cal.open_s) / cal.interval_s) as usize;
            let weight: f64 = profile[at(open)..at(close)].iter().sum();
            if !uses_profile || weight > 0.0 {
                continue;
            }
            // A flat profile has weight everywhere, so `v` is the list written.
            let Some(v) = v else { continue };
            let d = self
                .diag(
                    "demand.intraday_profile",
                    pos(v),
                    format!(
                        "all weights within `{key}`'s hours {}–{} are 0: no call would arrive on those days",
                        hhmm(open),
                        hhmm(close)
                    ),
                )
                .allowed(format!(
                    "a weight > 0 in some interval from {} to {}, or those days' own curves in `demand.by_date`",
                    hhmm(open),
                    hhmm(close)
                ));
            self.push(d);
            ok = false;
        }
        ok
    }

    /// `demand.by_date`: each date's expected calls per interval, keyed by a working day
    /// of the horizon, one value ≥ 0 per interval of the grid and 0 outside the day's
    /// hours.
    fn demand_by_date(
        &mut self,
        p: &str,
        m: &Spanned<KeyedMap<List<Num>>>,
        cal: Option<&Calendar>,
    ) -> Option<BTreeMap<Date, Vec<f64>>> {
        let dp = join(p, "by_date");
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (key, list) in &m.value.0 {
            let (ep, text, date) = self.date_key(&dp, key);
            let values = self.each(&ep, &list.value, |c, path, item| {
                c.ranged(
                    path,
                    item,
                    Range::closed(0.0, MAX_CALLS_PER_DAY),
                    Some("expected calls in the interval, ≥ 0"),
                )
            });
            let (Some(cal), Some(date), Some(values)) = (cal, date, values) else {
                ok = false;
                continue;
            };
            let Some((open, close)) = cal.hours_on(date) else {
                let closed = format!(" (the line does not open on {}s)", date.strftime("%A"));
                self.not_a_working_day(&ep, pos(&text), cal, date, closed);
                ok = false;
                continue;
            };
            let n = cal.intervals_per_day();
            if values.len() != n {
                let d = self
                    .diag(
                        &ep,
                        pos(list),
                        format!(
                            "has {} values but the day has {}",
                            values.len(),
                            day_intervals(cal)
                        ),
                    )
                    .value(format!("{} values", values.len()))
                    .allowed(format!("exactly {n} values ≥ 0, one per interval"));
                self.push(d);
                ok = false;
                continue;
            }
            let hours = cal.open_intervals(date);
            if let Some(i) = (0..n).find(|i| !hours.contains(i) && values[*i] > 0.0) {
                let from = cal.interval_start_s(i);
                let key = WEEKDAY_KEYS[weekday_index(date)];
                self.report(
                    &format!("{ep}[{i}]"),
                    pos(&list.value[i]),
                    format!(
                        "{} calls expected in {}–{}, but {date} (`{key}`) is open {}–{} only",
                        fmt_num(values[i]),
                        hhmm(from),
                        hhmm(from + cal.interval_s),
                        hhmm(open),
                        hhmm(close)
                    ),
                    "0 in the intervals outside the day's opening hours",
                );
                ok = false;
                continue;
            }
            let total: f64 = values.iter().sum();
            if total > MAX_CALLS_PER_DAY {
                let d = self
                    .diag(
                        &ep,
                        pos(list),
                        format!("the day's calls add up to {}", fmt_num(total)),
                    )
                    .allowed("at most 10,000,000 calls a day");
                self.push(d);
                ok = false;
                continue;
            }
            out.insert(date, values);
        }
        ok.then_some(out)
    }

    fn peaks(&mut self, list: &Spanned<List<RawPeak>>) -> Option<Vec<Peak>> {
        let mut out = Vec::with_capacity(list.value.len());
        let mut ok = true;
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, item) in list.value.iter().enumerate() {
            let p = format!("demand.peaks[{i}]");
            let at = pos(item);
            let r = &item.value;
            let name = self.unique_name(&p, &r.name, at, "peak", &mut seen);
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
                Some(days) => self.each(
                    &format!("{p}.days_of_month"),
                    &days.value,
                    |c, path, day| {
                        c.whole(path, day, 1, 31, "a day of the month from 1 to 31")
                            .map(|x| x as u8)
                    },
                ),
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
}
