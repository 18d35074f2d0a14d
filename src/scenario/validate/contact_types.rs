//! Contact types: names, shares of the calls (summing to 1), self-service, and the
//! handling on each line.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::format::fmt_sum;
use super::range::Range;
use super::report::pos;
use super::{Checker, SHARE_SUM_TOLERANCE};
use crate::scenario::model::{ContactType, Dist};
use crate::scenario::raw::{List, RawContactType, RawHandling};

impl Checker<'_> {
    pub(super) fn contact_types(
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
}
