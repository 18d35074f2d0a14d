//! The e-mail queue: its daily volume, the line that answers it, handling time and the
//! agents kept free for calls.

use serde_saphyr::Spanned;

use super::range::Range;
use super::report::pos;
use super::{Checker, MAX_AGENTS, MAX_CALLS_PER_DAY};
use crate::scenario::model::{Email, LineId};
use crate::scenario::raw::RawEmail;

impl Checker<'_> {
    pub(super) fn email(&mut self, e: &Spanned<RawEmail>, has_second: bool) -> Option<Email> {
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
                        let d = self
                            .diag("email.line", pos(l), format!("unknown line `{other}`"))
                            .allowed("`first` or `second`");
                        self.push_suggesting(d, other, ["first", "second"]);
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
}
