//! Single values and lists of them: finite numbers, numbers in a range, whole numbers,
//! non-empty text, unique names and the scenario's name.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::Checker;
use super::format::fmt_bound;
use super::range::Range;
use super::report::{Pos, join, pos};
use crate::yaml::{Num, Opt};

impl Checker<'_> {
    /// Any finite number.
    pub(super) fn number(&mut self, path: &str, v: &Spanned<Num>, allowed: &str) -> Option<f64> {
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
    pub(super) fn ranged(
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
    pub(super) fn ranged_or(
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
    pub(super) fn ranged_req(
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
    pub(super) fn whole(
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

    pub(super) fn whole_or(
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

    pub(super) fn whole_req(
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

    /// Every item of a list checked by `check` at `path[i]`, so that all bad items are
    /// reported; the values only when every item held.
    pub(super) fn each<T, U>(
        &mut self,
        path: &str,
        items: &[Spanned<T>],
        mut check: impl FnMut(&mut Self, &str, &Spanned<T>) -> Option<U>,
    ) -> Option<Vec<U>> {
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match check(self, &format!("{path}[{i}]"), item) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Non-empty text, trimmed.
    pub(super) fn text(
        &mut self,
        path: &str,
        v: &Spanned<String>,
        allowed: &str,
    ) -> Option<String> {
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

    /// The required `name` of item `p` of a list of `what`s (`peak`, `contact type`), not
    /// used by an earlier item; `seen` holds the names so far and the line of each.
    pub(super) fn unique_name(
        &mut self,
        p: &str,
        raw_name: &Opt<String>,
        at: Pos,
        what: &str,
        seen: &mut HashMap<String, usize>,
    ) -> Option<String> {
        let name = self
            .required(raw_name, p, "name", at, "a unique name")
            .and_then(|n| self.text(&format!("{p}.name"), n, "a unique name"))?;
        let raw_name = raw_name.as_ref()?;
        if let Some(line) = seen.insert(name.clone(), raw_name.referenced.line() as usize) {
            let d = self
                .diag(
                    &format!("{p}.name"),
                    pos(raw_name),
                    format!("{what} `{name}` is already defined (line {line})"),
                )
                .allowed(format!("a name not used by another {what}"));
            self.push(d);
            return None;
        }
        Some(name)
    }

    pub(super) fn scenario_name(&mut self, v: &Spanned<String>) -> Option<String> {
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
}
