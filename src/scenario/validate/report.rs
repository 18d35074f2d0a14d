//! Recording problems: positions in the file, YAML paths, the cap on how many are shown,
//! and missing required keys.

use serde_saphyr::{Location, Spanned};

use super::{Checker, MAX_DIAGNOSTICS};
use crate::yaml::Opt;
use crate::yaml::{Diagnostic, suggestion};

/// A position in the file: 1-based line and character column, and the length of the node
/// in characters (0 for a block collection).
#[derive(Debug, Clone, Copy)]
pub(super) struct Pos {
    pub(super) line: usize,
    pub(super) col: usize,
    pub(super) len: usize,
}

impl From<&Location> for Pos {
    fn from(loc: &Location) -> Self {
        Pos {
            line: loc.line() as usize,
            col: loc.column() as usize,
            len: loc.span().len() as usize,
        }
    }
}

pub(super) fn pos<T>(v: &Spanned<T>) -> Pos {
    Pos::from(&v.referenced)
}

pub(super) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl Checker<'_> {
    pub(super) fn full(&self) -> bool {
        self.errors.len() >= MAX_DIAGNOSTICS
    }

    pub(super) fn diag(&self, path: &str, at: Pos, message: impl Into<String>) -> Diagnostic {
        if self.full() {
            // Not shown: skip the work of quoting the source.
            return Diagnostic::whole_file(self.src.file, message);
        }
        self.src.at(path, at.line, at.col, at.len, message)
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        if self.full() {
            self.suppressed += 1;
        } else {
            self.errors.push(d);
        }
    }

    /// Records `d`, with a "did you mean" hint when `given` is close to a candidate.
    pub(super) fn push_suggesting<'n>(
        &mut self,
        d: Diagnostic,
        given: &str,
        candidates: impl IntoIterator<Item = &'n str>,
    ) {
        let d = match suggestion(given, candidates) {
            Some(s) => d.help(s),
            None => d,
        };
        self.push(d);
    }

    pub(super) fn report(
        &mut self,
        path: &str,
        at: Pos,
        message: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        let d = self.diag(path, at, message).allowed(allowed);
        self.push(d);
    }

    /// The first line with content, for problems of the whole document.
    pub(super) fn root_pos(&self) -> Pos {
        Pos {
            line: self.src.first_content_line(),
            col: 1,
            len: 0,
        }
    }

    /// `v`, or a "missing key" error at the parent mapping.
    pub(super) fn required<'v, T>(
        &mut self,
        v: &'v Opt<T>,
        parent: &str,
        key: &str,
        at: Pos,
        allowed: &str,
    ) -> Option<&'v Spanned<T>> {
        if v.is_none() {
            let where_ = if parent.is_empty() {
                "the scenario".to_string()
            } else {
                format!("`{parent}`")
            };
            let d = self
                .diag(
                    &join(parent, key),
                    at,
                    format!("missing required key `{key}` in {where_}"),
                )
                .allowed(allowed);
            self.push(d);
        }
        v.as_ref()
    }
}
