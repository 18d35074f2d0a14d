//! A line's `shift_rules:` (read only by `ccplan schedule`): allowed starts, contract
//! kinds with their lengths and limits, and the meal and short breaks. Every time must
//! fall on an interval boundary of the calendar, every shift within the opening hours.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::format::hhmm;
use super::range::Range;
use super::report::{Pos, join, pos};
use super::{Checker, MAX_AGENTS};
use crate::scenario::model::{BreakRule, Calendar, Contract, RuleAt, ShiftRules};
use crate::scenario::raw::{RawBreakRule, RawContract, RawShiftRules, RawStarts};
use crate::yaml::Num;

fn rule_at<T>(path: &str, v: &Spanned<T>) -> RuleAt {
    let p = pos(v);
    RuleAt {
        path: path.to_string(),
        line: p.line,
        column: p.col,
        len: p.len,
    }
}

impl Checker<'_> {
    /// `shift_rules` of the line at `p`; `posts_at`/`share_at` locate the line's caps.
    pub(super) fn shift_rules(
        &mut self,
        p: &str,
        r: &Spanned<RawShiftRules>,
        cal: Option<&Calendar>,
        posts_at: Option<RuleAt>,
        permanent_share_at: Option<RuleAt>,
    ) -> Option<ShiftRules> {
        let p = join(p, "shift_rules");
        let at = pos(r);
        let starts = self
            .required(
                &r.value.starts,
                &p,
                "starts",
                at,
                "`{from: \"HH:MM\", to: \"HH:MM\", every_min: N}`",
            )
            .and_then(|s| self.starts(&join(&p, "starts"), s, cal));
        let step = cal.map_or(60, |c| c.interval_s);
        let meal_break = match &r.value.meal_break {
            None => Some(None),
            Some(b) => self.break_rule(&join(&p, "meal_break"), b, step).map(Some),
        };
        let short_break = match &r.value.short_break {
            None => Some(None),
            Some(b) => self.break_rule(&join(&p, "short_break"), b, step).map(Some),
        };
        let contracts = self
            .required(
                &r.value.contracts,
                &p,
                "contracts",
                at,
                "a list of contract kinds `{name, lengths_h: [...]}`",
            )
            .and_then(|list| {
                let cp = join(&p, "contracts");
                if list.value.is_empty() {
                    self.report(
                        &cp,
                        pos(list),
                        "is an empty list",
                        "at least one contract kind",
                    );
                    return None;
                }
                let mut seen = HashMap::new();
                self.each(&cp, &list.value, |c, path, item| {
                    c.contract(path, item, step, &mut seen)
                })
            });
        let (starts_s, starts_at) = starts?;
        let contracts = contracts?;
        let (meal_break, short_break) = (meal_break?, short_break?);
        if let Some(cal) = cal {
            // Every contract length must fit from the earliest start before close.
            let first = starts_s[0];
            for c in &contracts {
                if let Some(&len) = c.lengths_s.iter().find(|&&l| first + l > cal.close_s) {
                    let a = &c.lengths_at;
                    self.report(
                        &a.path,
                        Pos {
                            line: a.line,
                            col: a.column,
                            len: a.len,
                        },
                        format!(
                            "a {} h shift starting at {} (the earliest start) ends after the line closes ({})",
                            len as f64 / 3600.0,
                            hhmm(first),
                            hhmm(cal.close_s)
                        ),
                        format!(
                            "lengths of at most {} h",
                            f64::from(cal.close_s - first) / 3600.0
                        ),
                    );
                    return None;
                }
            }
        }
        Some(ShiftRules {
            starts_s,
            starts_at,
            meal_break,
            short_break,
            contracts,
            posts_at,
            permanent_share_at,
        })
    }

    /// `starts: {from, to, every_min}`: the allowed starts and where they were written.
    fn starts(
        &mut self,
        p: &str,
        s: &Spanned<RawStarts>,
        cal: Option<&Calendar>,
    ) -> Option<(Vec<u32>, RuleAt)> {
        let at = pos(s);
        let from = self
            .required(&s.value.from, p, "from", at, "the earliest start \"HH:MM\"")
            .and_then(|t| self.time(&join(p, "from"), t));
        let to = self
            .required(&s.value.to, p, "to", at, "the latest start \"HH:MM\"")
            .and_then(|t| self.time(&join(p, "to"), t));
        let every = self.whole_req(
            p,
            "every_min",
            &s.value.every_min,
            at,
            (1, 24 * 60),
            "minutes between allowed starts, a whole number ≥ 1",
        );
        let (from, to, every) = (from?, to?, every? as u32 * 60);
        let cal = cal?;
        let on_grid = |t: u32| t >= cal.open_s && (t - cal.open_s).is_multiple_of(cal.interval_s);
        let grid = format!(
            "a time from {} to {} on a {}-minute interval boundary",
            hhmm(cal.open_s),
            hhmm(cal.close_s.saturating_sub(cal.interval_s)),
            cal.interval_s / 60
        );
        for (key, t, v) in [("from", from, &s.value.from), ("to", to, &s.value.to)] {
            if !on_grid(t) || t >= cal.close_s {
                let vp = v.as_ref().map_or(at, pos);
                self.report(
                    &join(p, key),
                    vp,
                    format!("a shift cannot start at {}", hhmm(t)),
                    &grid,
                );
                return None;
            }
        }
        if to < from {
            let vp = s.value.to.as_ref().map_or(at, pos);
            self.report(
                &join(p, "to"),
                vp,
                format!(
                    "the latest start {} is before the earliest {}",
                    hhmm(to),
                    hhmm(from)
                ),
                format!("a time from {} on", hhmm(from)),
            );
            return None;
        }
        if !every.is_multiple_of(cal.interval_s) {
            let vp = s.value.every_min.as_ref().map_or(at, pos);
            self.report(
                &join(p, "every_min"),
                vp,
                "starts must fall on interval boundaries",
                format!(
                    "a multiple of the interval, {} minutes",
                    cal.interval_s / 60
                ),
            );
            return None;
        }
        let starts: Vec<u32> = (from..=to).step_by(every as usize).collect();
        Some((starts, rule_at(p, s)))
    }

    /// A break rule: `{minutes, after_h: [earliest, latest], shifts_from_h, paid}`.
    fn break_rule(&mut self, p: &str, b: &Spanned<RawBreakRule>, step: u32) -> Option<BreakRule> {
        let at = pos(b);
        let r = &b.value;
        let minutes = self.whole_req(
            p,
            "minutes",
            &r.minutes,
            at,
            (1, 24 * 60),
            "the break's length in whole minutes ≥ 1",
        );
        let window = self
            .required(
                &r.after_h,
                p,
                "after_h",
                at,
                "`[earliest, latest]`: hours after the shift's start the break may begin",
            )
            .and_then(|w| {
                let wp = join(p, "after_h");
                if w.value.len() != 2 {
                    self.report(
                        &wp,
                        pos(w),
                        format!("has {} values", w.value.len()),
                        "two values `[earliest, latest]`, hours after the shift's start",
                    );
                    return None;
                }
                let v = self.each(&wp, &w.value, |c, path, x| {
                    c.hours_on_grid(path, x, step, 0)
                })?;
                if v[1] < v[0] {
                    self.report(
                        &format!("{wp}[1]"),
                        pos(&w.value[1]),
                        "the latest start of the break is before the earliest",
                        "latest ≥ earliest",
                    );
                    return None;
                }
                Some((v[0], v[1]))
            });
        let from_length_s = match &r.shifts_from_h {
            None => Some(0),
            Some(v) => self.hours_on_grid(&join(p, "shifts_from_h"), v, step, 0),
        };
        let minutes = minutes? as u32;
        let (earliest_s, latest_s) = window?;
        if !(minutes * 60).is_multiple_of(step) {
            let vp = r.minutes.as_ref().map_or(at, pos);
            self.report(
                &join(p, "minutes"),
                vp,
                "breaks are placed on whole intervals",
                format!("a multiple of the interval, {} minutes", step / 60),
            );
            return None;
        }
        Some(BreakRule {
            length_s: minutes * 60,
            earliest_s,
            latest_s,
            from_length_s: from_length_s?,
            paid: r.paid.as_ref().is_none_or(|x| x.value),
        })
    }

    /// Hours (a number ≥ `min_s` / 3600) that make whole intervals of `step` seconds;
    /// returned in seconds.
    fn hours_on_grid(
        &mut self,
        path: &str,
        v: &Spanned<Num>,
        step: u32,
        min_s: u32,
    ) -> Option<u32> {
        let allowed = format!(
            "hours ≥ {} in steps of the interval ({} minutes), e.g. 4 or 4.5",
            f64::from(min_s) / 3600.0,
            step / 60
        );
        let h = self.ranged(path, v, Range::closed(0.0, 24.0), Some(&allowed))?;
        let s = (h * 3600.0).round();
        if (s - h * 3600.0).abs() > 1e-6 || !(s as u32).is_multiple_of(step) || (s as u32) < min_s {
            self.report(path, pos(v), "is not a whole number of intervals", allowed);
            return None;
        }
        Some(s as u32)
    }

    fn contract(
        &mut self,
        p: &str,
        c: &Spanned<RawContract>,
        step: u32,
        seen: &mut HashMap<String, usize>,
    ) -> Option<Contract> {
        let at = pos(c);
        let r = &c.value;
        let name = self.unique_name(p, &r.name, at, "contract kind", seen);
        let lengths = self
            .required(
                &r.lengths_h,
                p,
                "lengths_h",
                at,
                "a list of shift lengths in hours, breaks included",
            )
            .and_then(|l| {
                let lp = join(p, "lengths_h");
                if l.value.is_empty() {
                    self.report(
                        &lp,
                        pos(l),
                        "is an empty list",
                        "at least one length in hours",
                    );
                    return None;
                }
                let mut v = self.each(&lp, &l.value, |c, path, x| {
                    c.hours_on_grid(path, x, step, step)
                })?;
                v.sort_unstable();
                v.dedup();
                Some((v, rule_at(&lp, l)))
            });
        let max_share = match &r.max_share {
            None => Some(None),
            Some(v) => self
                .ranged(
                    &join(p, "max_share"),
                    v,
                    Range::SHARE,
                    Some("a share of the day's agents from 0 to 1"),
                )
                .map(|x| Some((x, rule_at(&join(p, "max_share"), v)))),
        };
        let max_agents = match &r.max_agents {
            None => Some(None),
            Some(v) => self
                .whole(
                    &join(p, "max_agents"),
                    v,
                    0,
                    MAX_AGENTS,
                    "a whole number of agents ≥ 0",
                )
                .map(|x| Some((x as u32, rule_at(&join(p, "max_agents"), v)))),
        };
        let cost_per_hour = self.ranged_or(
            p,
            "cost_per_hour",
            &r.cost_per_hour,
            Range::positive(1e6),
            Some("a cost per paid hour > 0 (default 1: the program minimises paid hours)"),
            1.0,
        );
        let (lengths_s, lengths_at) = lengths?;
        let (max_share, max_agents) = (max_share?, max_agents?);
        Some(Contract {
            name: name?,
            lengths_s,
            lengths_at,
            permanent: r.permanent.as_ref().is_none_or(|x| x.value),
            max_share: max_share.as_ref().map(|x| x.0),
            max_agents: max_agents.as_ref().map(|x| x.0),
            cost_per_hour: cost_per_hour?,
            at: rule_at(p, c),
            max_share_at: max_share.map(|x| x.1),
            max_agents_at: max_agents.map(|x| x.1),
        })
    }
}
