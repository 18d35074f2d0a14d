//! The lines: each line's label, posts, contract mix, shrinkage, availability, staffing
//! and reinforcements during peaks.

use serde_saphyr::Spanned;

use super::range::Range;
use super::report::{join, pos};
use super::{Checker, MAX_AGENTS};
use crate::scenario::model::{
    Availability, Calendar, Line, Lines, Reinforcement, RuleAt, Staffing,
};
use crate::scenario::raw::{RawAvailability, RawLine, RawLines, RawReinforcement};
use crate::yaml::one_of;
use crate::yaml::{KeyedMap, List, Num};

impl Checker<'_> {
    pub(super) fn lines(
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
        let staffing = match (&r.agents_by_date, &r.agents_by_interval) {
            (None, _) => staffing,
            (Some(abd), None) => {
                self.report(
                    &join(p, "agents_by_date"),
                    pos(abd),
                    "per-date counts override `agents_by_interval`, which the line does not have",
                    "`agents_by_date` only beside `agents_by_interval` (the counts of every other working day)",
                );
                None
            }
            (Some(abd), Some(_)) => {
                let by_date = self.agents_by_date(p, abd, cal);
                match (staffing, by_date) {
                    (Some(Staffing::ByInterval { every_day, .. }), Some(by_date)) => {
                        Some(Staffing::ByInterval { every_day, by_date })
                    }
                    _ => None,
                }
            }
        };
        let reinforcement = match &r.reinforcement {
            None => Some(Vec::new()),
            Some(list) => self.reinforcement(p, list, peak_names),
        };
        let availability = match &r.availability {
            None => Some(None),
            Some(a) => self.availability(&join(p, "availability"), a).map(Some),
        };
        let handle_factor_by_agent = match &r.handle_factor_by_agent {
            None => Some(Vec::new()),
            Some(m) if p != "lines.first" => {
                self.report(
                    &join(p, "handle_factor_by_agent"),
                    pos(m),
                    "agents' handling factors are replayed for the 1st line only",
                    "`handle_factor_by_agent` under `lines.first`",
                );
                None
            }
            Some(m) => self.handle_factor_by_agent(&join(p, "handle_factor_by_agent"), m),
        };
        let shift_rules = match &r.shift_rules {
            None => Some(None),
            Some(sr) => {
                let at_of = |key: &str, v: &Option<Spanned<crate::yaml::Num>>| {
                    v.as_ref().map(|v| {
                        let q = pos(v);
                        RuleAt {
                            path: join(p, key),
                            line: q.line,
                            column: q.col,
                            len: q.len,
                        }
                    })
                };
                let posts_at = at_of("posts", &r.posts);
                let share_at = at_of("permanent_share", &r.permanent_share);
                self.shift_rules(p, sr, cal, posts_at, share_at).map(Some)
            }
        };
        Some(Line {
            label: label?,
            posts: posts?,
            permanent_share: permanent_share?,
            temporary_handle_factor: temporary_handle_factor?,
            shrinkage: shrinkage?,
            staffing: staffing?,
            reinforcement: reinforcement?,
            availability: availability?,
            handle_factor_by_agent: handle_factor_by_agent?,
            shift_rules: shift_rules?,
        })
    }

    /// `handle_factor_by_agent: {NAME: factor, …}`: a multiplier > 0 and ≤ 10 per agent
    /// name (as the call log names the agents).
    fn handle_factor_by_agent(
        &mut self,
        p: &str,
        m: &Spanned<KeyedMap<Num>>,
    ) -> Option<Vec<(String, f64)>> {
        let mut out = Vec::with_capacity(m.value.0.len());
        let mut ok = true;
        for (key, v) in &m.value.0 {
            let name = key.value.0.trim();
            if name.is_empty() {
                self.report(
                    p,
                    pos(key),
                    "an empty agent name",
                    "an agent's name as the call log writes it",
                );
                ok = false;
                continue;
            }
            match self.ranged(
                &join(p, name),
                v,
                Range::positive(10.0),
                Some("a multiplier of this agent's handling time > 0 and ≤ 10 (1.2 = 20% slower)"),
            ) {
                Some(f) => out.push((name.to_string(), f)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// `availability: {share, away_mean_s}`, both required.
    fn availability(&mut self, p: &str, a: &Spanned<RawAvailability>) -> Option<Availability> {
        let at = pos(a);
        let share = self.ranged_req(
            p,
            "share",
            &a.value.share,
            at,
            Range::positive(1.0),
            Some("the long-run share of time on shift an agent is available for calls, > 0 and ≤ 1 (1 = always)"),
        );
        let away_mean_s = self.ranged_req(
            p,
            "away_mean_s",
            &a.value.away_mean_s,
            at,
            Range::DURATION,
            Some("the mean length of an away spell in seconds, > 0 and ≤ 1,000,000"),
        );
        Some(Availability {
            share: share?,
            away_mean_s: away_mean_s?,
        })
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
                        let diag = self
                            .diag(
                                &format!("{rp}.during"),
                                pos(d),
                                format!("no peak is named `{name}`"),
                            )
                            .allowed(allowed);
                        self.push_suggesting(diag, name, known.iter().copied());
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
}
