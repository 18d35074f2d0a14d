//! Duration distributions: the kind, exactly the parameters it takes, and their ranges.

use serde_saphyr::Spanned;

use super::range::Range;
use super::report::{Pos, join, pos};
use super::{Checker, MAX_CV, MAX_DURATION_S};
use crate::scenario::diagnostic::{all_of, one_of};
use crate::scenario::model::Dist;
use crate::scenario::raw::RawDist;

/// Distribution kinds and the parameter keys each takes.
const DISTS: [(&str, &[&str]); 5] = [
    ("exponential", &["mean_s"]),
    ("lognormal", &["mean_s", "cv"]),
    ("gamma", &["mean_s", "cv"]),
    ("fixed", &["s"]),
    ("empirical", &["values_s"]),
];

impl Checker<'_> {
    pub(super) fn dist(&mut self, path: &str, d: &Spanned<RawDist>) -> Option<Dist> {
        let at = pos(d);
        let r = &d.value;
        let kinds: Vec<&str> = DISTS.iter().map(|(k, _)| *k).collect();
        let kinds_allowed = one_of(&kinds);
        let kind_raw = self.required(&r.dist, path, "dist", at, &kinds_allowed)?;
        let kind = kind_raw.value.trim();
        let Some((kind, takes)) = DISTS.iter().find(|(k, _)| *k == kind).copied() else {
            let diag = self
                .diag(
                    &format!("{path}.dist"),
                    pos(kind_raw),
                    format!("unknown distribution `{kind}`"),
                )
                .allowed(kinds_allowed);
            self.push_suggesting(diag, kind, kinds.iter().copied());
            return None;
        };
        let takes_text = format!("`{kind}` takes {}", all_of(takes));
        let present: [(&str, Option<Pos>); 4] = [
            ("mean_s", r.mean_s.as_ref().map(pos)),
            ("cv", r.cv.as_ref().map(pos)),
            ("s", r.s.as_ref().map(pos)),
            ("values_s", r.values_s.as_ref().map(pos)),
        ];
        let mut ok = true;
        for (key, at_key) in present {
            if let Some(at_key) = at_key
                && !takes.contains(&key)
            {
                let mut diag = self
                    .diag(
                        &join(path, key),
                        at_key,
                        format!(
                            "`{key}` does not belong to {} {kind} distribution",
                            article(kind)
                        ),
                    )
                    .allowed(takes_text.clone());
                if key == "cv" && kind == "exponential" {
                    diag = diag.help(
                        "an exponential always has cv 1; use `lognormal` or `gamma` for another cv",
                    );
                }
                self.push(diag);
                ok = false;
            }
        }
        for key in takes {
            if present.iter().any(|(k, at)| k == key && at.is_none()) {
                self.report(
                    &join(path, key),
                    at,
                    format!(
                        "missing key `{key}`, required by {} {kind} distribution",
                        article(kind)
                    ),
                    takes_text.clone(),
                );
                ok = false;
            }
        }
        let mean = |c: &mut Self| {
            let v = r.mean_s.as_ref()?;
            c.ranged(
                &join(path, "mean_s"),
                v,
                Range::DURATION,
                Some("a mean duration in seconds, > 0 and ≤ 1,000,000"),
            )
        };
        // Present fields are checked even when others are missing or extra, so that all
        // problems show at once; the result is kept only when everything held.
        let dist = match kind {
            "exponential" => Some(Dist::Exponential {
                mean_s: mean(self)?,
            }),
            "lognormal" | "gamma" => {
                let m = mean(self);
                let cv_range = if kind == "gamma" {
                    Range::positive(MAX_CV)
                } else {
                    Range::closed(0.0, MAX_CV)
                };
                let cv_allowed = if kind == "gamma" {
                    "a coefficient of variation > 0 and ≤ 10".to_string()
                } else {
                    "a coefficient of variation from 0 to 10 (0 = every duration equals the mean)"
                        .to_string()
                };
                let cv = r
                    .cv
                    .as_ref()
                    .and_then(|cv| self.ranged(&join(path, "cv"), cv, cv_range, Some(&cv_allowed)));
                let (mean_s, cv) = (m?, cv?);
                Some(if kind == "gamma" {
                    Dist::Gamma { mean_s, cv }
                } else {
                    Dist::Lognormal { mean_s, cv }
                })
            }
            "fixed" => {
                let s = self.ranged(
                    &join(path, "s"),
                    r.s.as_ref()?,
                    Range::DURATION,
                    Some("a duration in seconds, > 0 and ≤ 1,000,000"),
                )?;
                Some(Dist::Fixed { s })
            }
            _ => {
                let values = r.values_s.as_ref()?;
                let vp = join(path, "values_s");
                if values.value.is_empty() {
                    self.report(
                        &vp,
                        pos(values),
                        "is an empty list",
                        "a list of durations in seconds, ≥ 0, with a mean > 0",
                    );
                    return None;
                }
                let out = self.each(&vp, &values.value, |c, item_path, v| {
                    c.ranged(
                        item_path,
                        v,
                        Range::closed(0.0, MAX_DURATION_S),
                        Some("a duration in seconds from 0 to 1,000,000"),
                    )
                })?;
                if out.iter().all(|x| *x == 0.0) {
                    self.report(
                        &vp,
                        pos(values),
                        "every value is 0: the mean must be above 0",
                        "a list of durations in seconds, ≥ 0, with a mean > 0",
                    );
                    return None;
                }
                Some(Dist::Empirical { values_s: out })
            }
        };
        dist.filter(|_| ok)
    }
}

/// "a" or "an" before a distribution's name.
fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
