//! Compiler-style diagnostics for ccplan's YAML inputs (scenarios, claims, column maps).
//!
//! A diagnostic names the file, the line and column, the YAML path of the offending value,
//! what is wrong, the value as written, and what is allowed:
//!
//! ```text
//! error: contact_types[2].first_line.handle.cv: must not be negative
//!   --> scenarios/tender.yaml:23:78
//!    |
//! 23 |   - {name: parentalidade, share: 0.12, first_line: {handle: {dist: lognormal, cv: -1}}}
//!    |                                                                               ^^ found `-1`
//!    = allowed: a number from 0 to 10 (0 = every duration equals the mean)
//! ```

use std::fmt;

use serde_saphyr::Location;

/// Longest source line printed whole; longer lines are cropped around the caret so that a
/// one-line file of a megabyte does not flood the terminal.
const MAX_SNIPPET_CHARS: usize = 120;

/// One problem in one YAML input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file (too large, unreadable).
    pub line: usize,
    /// 1-based column, counted in characters; 0 when unknown.
    pub column: usize,
    /// YAML path of the value, e.g. `contact_types[2].first_line.handle.cv`; empty for the
    /// whole document.
    pub path: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The offending value as written in the file (or as computed, e.g. a sum of shares).
    pub value: Option<String>,
    /// What would be accepted.
    pub allowed: Option<String>,
    /// A hint, e.g. the nearest valid key for a misspelt one.
    pub help: Option<String>,
    /// The source line with a caret under the value.
    pub snippet: Option<Snippet>,
}

/// A source line and the character range to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The line as printed (possibly cropped, tabs shown as spaces).
    pub text: String,
    /// 0-based character offset of the caret within `text`.
    pub caret: usize,
    /// Number of characters to underline (at least 1).
    pub width: usize,
}

impl Diagnostic {
    /// A diagnostic without source position (e.g. the file cannot be read).
    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: 0,
            column: 0,
            path: String::new(),
            message: message.into(),
            value: None,
            allowed: None,
            help: None,
            snippet: None,
        }
    }

    /// Sets what is allowed.
    pub fn allowed(mut self, allowed: impl Into<String>) -> Self {
        self.allowed = Some(allowed.into());
        self
    }

    /// Sets a hint.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Replaces the value shown (by default the source text under the caret).
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// `file:line:col`, or just `file` when the position is unknown.
    pub fn position(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column.max(1))
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            writeln!(f, "error: {}", self.message)?;
        } else {
            writeln!(f, "error: {}: {}", self.path, self.message)?;
        }
        let gutter = if self.line == 0 {
            1
        } else {
            self.line.to_string().len()
        };
        let pad = " ".repeat(gutter);
        writeln!(f, "{pad}--> {}", self.position())?;
        let mut value_shown = false;
        if let Some(snippet) = &self.snippet {
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.line, snippet.text)?;
            write!(
                f,
                "{pad} | {}{}",
                " ".repeat(snippet.caret),
                "^".repeat(snippet.width.max(1))
            )?;
            if let Some(value) = &self.value {
                write!(f, " found `{value}`")?;
                value_shown = true;
            }
            writeln!(f)?;
        }
        if !value_shown && let Some(value) = &self.value {
            writeln!(f, "{pad} = found: `{value}`")?;
        }
        if let Some(allowed) = &self.allowed {
            writeln!(f, "{pad} = allowed: {allowed}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// A scenario's text with a name, turning locations into diagnostics.
pub(crate) struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            file,
            text,
            line_starts,
        }
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> Option<&'a str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        let l = &self.text[start..end];
        Some(l.strip_suffix('\r').unwrap_or(l))
    }

    /// The 1-based number of the first line with content (1 when there is none), where
    /// problems of the whole document are shown.
    pub fn first_content_line(&self) -> usize {
        self.text
            .lines()
            .position(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#') && t != "---"
            })
            .map_or(1, |i| i + 1)
    }

    /// A diagnostic at 1-based `line` and character `column`; `len` characters are
    /// underlined and, when they stay on the line, shown as the value found.
    pub fn at(
        &self,
        path: &str,
        line: usize,
        column: usize,
        len: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::whole_file(self.file, message);
        d.path = path.to_string();
        d.line = line;
        d.column = column;
        let Some(text) = self.line_text(line) else {
            return d;
        };
        let n_chars = text.chars().count();
        let col0 = column.saturating_sub(1).min(n_chars);
        let rest = n_chars - col0;
        let width = len.min(rest);
        if width > 0 && len <= rest {
            let token: String = text.chars().skip(col0).take(width.min(200)).collect();
            let token = token.trim();
            // Collections are better described by the caller than by their first line.
            if !token.is_empty() && !token.starts_with(['[', '{']) {
                d.value = Some(crop_value(token));
            }
        }
        d.snippet = Some(snippet(text, n_chars, col0, width.max(1)));
        d
    }

    /// A diagnostic at a serde-saphyr location.
    pub fn at_loc(&self, path: &str, loc: &Location, message: impl Into<String>) -> Diagnostic {
        if loc.line() == 0 {
            let mut d = Diagnostic::whole_file(self.file, message);
            d.path = path.to_string();
            return d;
        }
        self.at(
            path,
            loc.line() as usize,
            loc.column() as usize,
            loc.span().len() as usize,
            message,
        )
    }
}

/// Crops a long value for display.
fn crop_value(token: &str) -> String {
    const MAX: usize = 60;
    if token.chars().count() <= MAX {
        token.to_string()
    } else {
        let head: String = token.chars().take(MAX).collect();
        format!("{head}…")
    }
}

/// The printable window of a line (of `n_chars` characters) around the caret.
fn snippet(line: &str, n_chars: usize, col0: usize, width: usize) -> Snippet {
    let clean = |c: char| if c.is_control() { ' ' } else { c };
    if n_chars <= MAX_SNIPPET_CHARS {
        return Snippet {
            text: line
                .chars()
                .map(clean)
                .collect::<String>()
                .trim_end()
                .to_string(),
            caret: col0,
            width,
        };
    }
    let width = width.min(MAX_SNIPPET_CHARS / 2);
    let start = col0.saturating_sub(MAX_SNIPPET_CHARS / 2);
    let end = (start + MAX_SNIPPET_CHARS).min(n_chars);
    let mut text = String::new();
    let mut caret = col0 - start;
    if start > 0 {
        text.push('…');
        caret += 1;
    }
    text.extend(line.chars().skip(start).take(end - start).map(clean));
    if end < n_chars {
        text.push('…');
    }
    Snippet { text, caret, width }
}

/// The valid name nearest to `given`, if it is close enough to be a plausible typo.
pub fn nearest<'n>(given: &str, candidates: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    let given_lower = given.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&given_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `did you mean `x`?` for the nearest candidate, if any.
pub fn suggestion<'n>(
    given: &str,
    candidates: impl IntoIterator<Item = &'n str>,
) -> Option<String> {
    nearest(given, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Joins a list of names as "`a`, `b` or `c`".
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Joins a list of names as "`a`, `b` and `c`".
pub fn all_of(names: &[&str]) -> String {
    one_of(names).replacen(" or ", " and ", usize::from(names.len() > 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_value() {
        let src = Source::new("f.yaml", "a: 1\nshare: 1.5 # too big\n");
        let d = src
            .at("share", 2, 8, 3, "must be between 0 and 1")
            .allowed("a number from 0 to 1");
        let text = d.to_string();
        assert!(
            text.contains("error: share: must be between 0 and 1"),
            "{text}"
        );
        assert!(text.contains("--> f.yaml:2:8"), "{text}");
        assert!(text.contains("2 | share: 1.5 # too big"), "{text}");
        assert!(text.contains("  |        ^^^ found `1.5`"), "{text}");
        assert!(text.contains("= allowed: a number from 0 to 1"), "{text}");
    }

    #[test]
    fn crops_long_lines() {
        let line = format!("x: [{}]", "1, ".repeat(500));
        let src = Source::new("f.yaml", &line);
        let d = src.at("x[300]", 1, 905, 1, "bad");
        let s = d.snippet.unwrap();
        assert_eq!(src.line_text(1), Some(line.as_str()));
        assert_eq!(src.line_text(2), None);
        assert!(s.text.chars().count() <= MAX_SNIPPET_CHARS + 2);
        assert_eq!(s.text.chars().nth(s.caret), line.chars().nth(904));
    }

    #[test]
    fn lines_by_number() {
        let src = Source::new("f.yaml", "a\r\nbb\n\nc");
        assert_eq!(src.line_text(0), None);
        assert_eq!(src.line_text(1), Some("a"));
        assert_eq!(src.line_text(2), Some("bb"));
        assert_eq!(src.line_text(3), Some(""));
        assert_eq!(src.line_text(4), Some("c"));
        assert_eq!(src.line_text(5), None);
    }

    #[test]
    fn suggests_nearest() {
        assert_eq!(nearest("mean", ["mean_s", "cv", "dist"]), Some("mean_s"));
        assert_eq!(nearest("zzzz", ["mean_s", "cv", "dist"]), None);
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
