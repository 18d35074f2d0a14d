//! Contact types: names, shares of the calls (summing to 1), self-service, and the
//! handling on each line (its distribution and its factors by interval of the day).

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::format::{day_intervals, fmt_sum};
use super::range::Range;
use super::report::{join, pos};
use super::{Checker, SHARE_SUM_TOLERANCE};
use crate::scenario::model::{Calendar, ContactType, Dist};
use crate::scenario::raw::{RawContactType, RawHandling};
use crate::yaml::List;

/// Largest handling-time factor of an interval.
const MAX_HANDLE_FACTOR: f64 = 10.0;

impl Checker<'_> {
    pub(super) fn contact_types(
        &mut self,
        list: &Spanned<List<RawContactType>>,
        has_second_line: bool,
        cal: Option<&Calendar>,
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
            let name = self.unique_name(&p, &r.name, at, "contact type", &mut seen);
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
                .and_then(|h| self.handling(&format!("{p}.first_line"), h, cal));
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
                Some(h) => self.handling(&format!("{p}.second_line"), h, cal).map(Some),
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
            let patience = match &r.patience {
                None => Some(None),
                Some(d) => self.dist(&format!("{p}.patience"), d).map(Some),
            };
            match (
                name,
                share,
                self_service,
                first,
                to_second,
                second,
                patience,
            ) {
                (
                    Some(name),
                    Some(share),
                    Some(self_service),
                    Some((first, first_factor)),
                    Some(to_second),
                    Some(second),
                    Some(patience),
                ) => {
                    let (second, second_factor) = match second {
                        Some((d, f)) => (Some(d), f),
                        None => (None, Vec::new()),
                    };
                    out.push(ContactType {
                        name,
                        share,
                        self_service,
                        first_line_handle: first,
                        to_second_line: to_second,
                        second_line_handle: second,
                        first_line_handle_factor: first_factor,
                        second_line_handle_factor: second_factor,
                        patience,
                    })
                }
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

    /// A line's handling: its distribution and its factors by interval (empty when not
    /// given).
    fn handling(
        &mut self,
        path: &str,
        h: &Spanned<RawHandling>,
        cal: Option<&Calendar>,
    ) -> Option<(Dist, Vec<f64>)> {
        let dist = self
            .required(
                &h.value.handle,
                path,
                "handle",
                pos(h),
                "a handling-time distribution, e.g. `{dist: lognormal, mean_s: 240, cv: 1.0}`",
            )
            .and_then(|d| self.dist(&format!("{path}.handle"), d));
        let factors = match &h.value.handle_factor_by_interval {
            None => Some(Vec::new()),
            Some(list) => self.handle_factors(path, list, cal),
        };
        Some((dist?, factors?))
    }

    /// `handle_factor_by_interval`: one factor > 0 and ≤ 10 per interval of the day.
    fn handle_factors(
        &mut self,
        path: &str,
        list: &Spanned<List<crate::yaml::Num>>,
        cal: Option<&Calendar>,
    ) -> Option<Vec<f64>> {
        let fp = join(path, "handle_factor_by_interval");
        let factors = self.each(&fp, &list.value, |c, item_path, v| {
            c.ranged(
                item_path,
                v,
                Range::positive(MAX_HANDLE_FACTOR),
                Some("a multiplier of handling time > 0 and ≤ 10"),
            )
        });
        // The length is checked against a valid calendar only (its own errors suffice).
        let cal = cal?;
        let factors = factors?;
        let n = cal.intervals_per_day();
        if factors.len() != n {
            let d = self
                .diag(
                    &fp,
                    pos(list),
                    format!(
                        "has {} factors but the day has {}",
                        factors.len(),
                        day_intervals(cal)
                    ),
                )
                .value(format!("{} factors", factors.len()))
                .allowed(format!(
                    "one factor > 0 and ≤ 10 per interval of the day ({n})"
                ));
            self.push(d);
            return None;
        }
        Some(factors)
    }
}
