//! Duration distributions: the kind, exactly the parameters it takes, and their ranges;
//! empirical values read from a data file beside the scenario.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use super::range::Range;
use super::report::{Pos, join, pos};
use super::{Checker, MAX_CV, MAX_DURATION_S};
use crate::scenario::MAX_FILE_BYTES;
use crate::scenario::model::Dist;
use crate::scenario::raw::{RawDist, RawScenario};
use crate::yaml::Source;
use crate::yaml::{all_of, one_of};

/// Distribution kinds and the parameter keys each takes.
/// `empirical` takes exactly one of its two keys.
const DISTS: [(&str, &[&str]); 6] = [
    ("exponential", &["mean_s"]),
    ("lognormal", &["mean_s", "cv"]),
    ("gamma", &["mean_s", "cv"]),
    ("weibull", &["mean_s", "cv"]),
    ("fixed", &["s"]),
    ("empirical", &["values_s", "file"]),
];

/// What an empirical distribution allows.
const EMPIRICAL_ALLOWED: &str = "exactly one of `values_s` (a list of durations in seconds) and `file` (a data file, one duration per line)";
/// What an empirical data file holds.
const DATA_FILE_ALLOWED: &str = "a text file beside the scenario (path relative to its folder), one duration in seconds per line from 0 to 1,000,000, with a mean > 0; blank lines and `#` comments allowed; at most 1 MiB";

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
        let takes_text = if kind == "empirical" {
            format!("`empirical` takes {EMPIRICAL_ALLOWED}")
        } else {
            format!("`{kind}` takes {}", all_of(takes))
        };
        let present: [(&str, Option<Pos>); 5] = [
            ("mean_s", r.mean_s.as_ref().map(pos)),
            ("cv", r.cv.as_ref().map(pos)),
            ("s", r.s.as_ref().map(pos)),
            ("values_s", r.values_s.as_ref().map(pos)),
            ("file", r.file.as_ref().map(pos)),
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
                        "an exponential always has cv 1; use `lognormal`, `gamma` or `weibull` for another cv",
                    );
                }
                self.push(diag);
                ok = false;
            }
        }
        if kind == "empirical" {
            match (&r.values_s, &r.file) {
                (Some(_), Some(f)) => {
                    self.report(
                        &join(path, "file"),
                        pos(f),
                        "an empirical distribution takes its values from `values_s` or from `file`, not both",
                        EMPIRICAL_ALLOWED,
                    );
                    return None;
                }
                (None, None) => {
                    self.report(
                        &join(path, "values_s"),
                        at,
                        "missing key `values_s` (or `file`), required by an empirical distribution",
                        EMPIRICAL_ALLOWED,
                    );
                    return None;
                }
                _ => {}
            }
        }
        for key in takes.iter().filter(|_| kind != "empirical") {
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
            "lognormal" | "gamma" | "weibull" => {
                let m = mean(self);
                let cv_range = if kind == "lognormal" {
                    Range::closed(0.0, MAX_CV)
                } else {
                    Range::positive(MAX_CV)
                };
                let cv_allowed = if kind != "lognormal" {
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
                Some(match kind {
                    "gamma" => Dist::Gamma { mean_s, cv },
                    "weibull" => Dist::Weibull { mean_s, cv },
                    _ => Dist::Lognormal { mean_s, cv },
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
            _ if r.file.is_some() => {
                let file = r.file.as_ref()?;
                let values_s = self.data_file(&join(path, "file"), file)?;
                Some(Dist::Empirical { values_s })
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

impl Checker<'_> {
    /// The durations of an empirical data file, or an error at the `file` value: the
    /// file missing or unreadable, a line that is not a duration (with its line number),
    /// no values, or all of them zero.
    fn data_file(&mut self, path: &str, file: &Spanned<String>) -> Option<Vec<f64>> {
        let at = pos(file);
        let name = file.value.trim();
        let fail = |c: &mut Self, message: String| {
            let d = c
                .diag(path, at, message)
                .value(name)
                .allowed(DATA_FILE_ALLOWED);
            c.push(d);
            None
        };
        if name.is_empty() {
            return fail(self, "is empty: name a data file".to_string());
        }
        let resolved = data_file_path(self.src.file, name);
        let text = match read_data_file(&resolved) {
            Ok(text) => text,
            Err(why) => {
                return fail(
                    self,
                    format!("cannot read the data file `{}`: {why}", resolved.display()),
                );
            }
        };
        match parse_data_file(&text) {
            Ok(values) => Some(values),
            Err(why) => fail(self, format!("data file `{name}`: {why}")),
        }
    }
}

/// Where a data file named in the scenario `scenario_file` is: relative names are taken
/// from the scenario file's folder.
pub(crate) fn data_file_path(scenario_file: &str, name: &str) -> PathBuf {
    let name = Path::new(name);
    if name.is_absolute() {
        return name.to_path_buf();
    }
    match Path::new(scenario_file).parent() {
        Some(dir) => dir.join(name),
        None => name.to_path_buf(),
    }
}

/// The text of a data file, refused above [`MAX_FILE_BYTES`] or when not UTF-8.
fn read_data_file(path: &Path) -> Result<String, String> {
    let handle = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    handle
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!("it is larger than {MAX_FILE_BYTES} bytes (1 MiB)"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The durations of a data file's text: one per line, blank lines and `#` comments
/// (whole-line or trailing) ignored.
pub(crate) fn parse_data_file(text: &str) -> Result<Vec<f64>, String> {
    let mut values = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let content = line.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let x: f64 = content
            .parse()
            .map_err(|_| format!("line {}: `{content}` is not a number", i + 1))?;
        if !(x.is_finite() && (0.0..=MAX_DURATION_S).contains(&x)) {
            return Err(format!(
                "line {}: `{content}` is not a duration from 0 to 1,000,000 seconds",
                i + 1
            ));
        }
        values.push(x);
    }
    if values.is_empty() {
        return Err("holds no values".to_string());
    }
    if values.iter().all(|x| *x == 0.0) {
        return Err("every value is 0: the mean must be above 0".to_string());
    }
    Ok(values)
}

/// The scenario text with every empirical `file: NAME` replaced by `values_s: [...]`
/// holding the file's values, so that the text alone describes what was simulated (the
/// copy `ccplan run` keeps as `scenario.yaml` is re-read by `ccplan report` from another
/// folder). `None` when the text names no data file, or when a `file` key cannot be
/// located in the text (unusual layouts); the caller then keeps the text as it is.
pub(crate) fn inline_data_files(text: &str, file: &str) -> Option<String> {
    let src = Source::new(file, text);
    let raw = crate::scenario::raw::parse(&src).ok()?;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for d in raw_dists(&raw) {
        let Some(name) = &d.file else { continue };
        let loc = &name.referenced;
        let start = byte_offset(text, loc.line() as usize, loc.column() as usize)?;
        let end = scalar_end(text, start, loc.span().len() as usize)?;
        let key_start = key_before(text, start, "file")?;
        let values = std::fs::read_to_string(data_file_path(file, name.value.trim()))
            .ok()
            .and_then(|t| parse_data_file(&t).ok())?;
        let list: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        edits.push((key_start, end, format!("values_s: [{}]", list.join(", "))));
    }
    if edits.is_empty() {
        return None;
    }
    // An alias repeats its anchor's location: edit each place once, from the end.
    edits.sort_by_key(|e| e.0);
    edits.dedup_by_key(|e| e.0);
    let mut out = text.to_string();
    for (from, to, with) in edits.into_iter().rev() {
        out.replace_range(from..to, &with);
    }
    Some(out)
}

/// Every distribution written in a scenario.
fn raw_dists(raw: &RawScenario) -> Vec<&RawDist> {
    let mut out = Vec::new();
    if let Some(types) = &raw.contact_types {
        for t in &types.value {
            for h in [&t.value.first_line, &t.value.second_line]
                .into_iter()
                .flatten()
            {
                out.extend(h.value.handle.as_ref().map(|d| &d.value));
            }
            out.extend(t.value.patience.as_ref().map(|d| &d.value));
        }
    }
    if let Some(c) = &raw.callers {
        out.extend(c.value.patience.as_ref().map(|d| &d.value));
        out.extend(c.value.self_service_time.as_ref().map(|d| &d.value));
        if let Some(r) = &c.value.redial {
            out.extend(r.value.after.as_ref().map(|d| &d.value));
        }
    }
    if let Some(e) = &raw.email {
        out.extend(e.value.handle.as_ref().map(|d| &d.value));
    }
    out
}

/// Byte offset of 1-based `line` and character `col` in `text`.
fn byte_offset(text: &str, line: usize, col: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &text[line_start..];
    let within = rest
        .char_indices()
        .nth(col.checked_sub(1)?)
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

/// End (byte offset) of the scalar starting at `start`: a quoted scalar to its closing
/// quote, a plain one `len` characters on.
fn scalar_end(text: &str, start: usize, len: usize) -> Option<usize> {
    let rest = &text[start..];
    match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].find(q).map(|i| start + i + 2),
        _ => Some(
            start
                + rest
                    .char_indices()
                    .nth(len.max(1))
                    .map_or(rest.len(), |(i, _)| i),
        ),
    }
}

/// Start of the key `key` (bare or quoted) whose value starts at `value_start`.
fn key_before(text: &str, value_start: usize, key: &str) -> Option<usize> {
    let before = text[..value_start].trim_end();
    let before = before.strip_suffix(':')?.trim_end();
    for quoted in [format!("\"{key}\""), format!("'{key}'"), key.to_string()] {
        if let Some(rest) = before.strip_suffix(quoted.as_str()) {
            // The key must be a whole token.
            if rest.is_empty() || rest.ends_with([' ', '\t', '\n', '{', ',']) {
                return Some(rest.len());
            }
        }
    }
    None
}

/// "a" or "an" before a distribution's name.
fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
