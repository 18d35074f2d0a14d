//! Demand: the daily call volume, its intraday profile, day-of-week factors, day-to-day
//! variation and peaks.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::format::day_intervals;
use super::range::Range;
use super::report::pos;
use super::{Checker, MAX_CALLS_PER_DAY};
use crate::scenario::model::{Calendar, Demand, Peak};
use crate::scenario::raw::{List, Num, RawDemand, RawPeak, WordOrList};

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
