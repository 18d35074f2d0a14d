//! Explaining why a YAML file could not be read: the translation of a serde-saphyr error
//! into a located diagnostic in ccplan's words, with the YAML path of the node it points
//! at (found by [`super::path`]). Shared by every YAML input through [`Input::parse`].

use serde_saphyr::Location;
use serde_saphyr::budget::BudgetBreach;

use super::diagnostic::{Diagnostic, Source, suggestion};
use super::path::node_at;
use super::read::Input;

/// Turns a serde-saphyr error into a diagnostic with the YAML path of the node it points
/// at and a message in this crate's words; `input` names the kind of file in messages.
pub(super) fn parse_error(input: Input, src: &Source<'_>, err: &serde_saphyr::Error) -> Diagnostic {
    let inner = innermost(err);
    let loc = err.location().unwrap_or(Location::UNKNOWN);
    let node = node_at(src.text, loc.line() as usize, loc.column() as usize);
    let syntax = is_syntax_error(inner);
    let whole_document = matches!(
        inner,
        serde_saphyr::Error::Budget { .. }
            | serde_saphyr::Error::MultipleDocuments { .. }
            | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
            | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
            | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. }
    );
    let path = match &node {
        _ if whole_document => String::new(),
        Some(n) if syntax => n.container.clone(),
        Some(n) => n.path.clone(),
        None => String::new(),
    };
    // Type errors may point at the key; the caret belongs under the value.
    let on_value = matches!(
        inner,
        serde_saphyr::Error::SerdeInvalidType { .. }
            | serde_saphyr::Error::SerdeInvalidValue { .. }
            | serde_saphyr::Error::SerdeInvalidLength { .. }
            | serde_saphyr::Error::Unexpected { .. }
            | serde_saphyr::Error::NullIntoString { .. }
    );
    let (line, col) = match &node {
        Some(n) if on_value && n.line == loc.line() as usize && n.col == loc.column() as usize => {
            n.value_at.unwrap_or((n.line, n.col))
        }
        _ => (loc.line() as usize, loc.column() as usize),
    };
    let node = node_at(src.text, line, col).filter(|_| !syntax);
    let diag = |message: String| {
        let mut d = if (line, col) == (loc.line() as usize, loc.column() as usize) {
            src.at_loc(&path, &loc, message)
        } else {
            src.at(&path, line, col, 1, message)
        };
        // A single-character span is where the parser stopped, not the value: show the
        // whole token instead when we know it.
        if let Some(n) = &node
            && n.line == line
            && n.col == col
            && let Some(text) = src.line_text(line)
        {
            let token = token_at(text, col);
            if !token.is_empty() {
                if let Some(s) = d.snippet.as_mut() {
                    s.width = token.chars().count();
                }
                d.value = Some(token);
            }
        }
        d
    };
    use serde_saphyr::Error as E;
    match inner {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let mut d = diag(format!("unknown key `{field}`")).allowed(allowed_keys(expected));
            if let Some(s) = suggestion(field, expected.iter().copied()) {
                d = d.help(s);
            } else if field.parse::<f64>().is_ok() {
                d = d.help(
                    "in `{…}` a comma separates entries: write decimal numbers with a dot (`0.12`)",
                );
            }
            d.value = None;
            d
        }
        E::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_else(|| "?".into());
            let mut d = diag(duplicate_key_message(&key));
            d.value = None;
            match node.and_then(|n| n.first_duplicate) {
                Some((l, c)) => d.help(format!(
                    "`{key}` is already set at line {l}, column {c}; keep one of them"
                )),
                None => d.help("keep one of them"),
            }
        }
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            let mut d = diag(format!(
                "expected {}, found {}",
                describe_expected(expected),
                describe_found(unexpected)
            ));
            if unexpected.starts_with("sequence") || unexpected.starts_with("map") {
                d.value = None;
            }
            d
        }
        E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => diag(format!("invalid value {unexpected}: expected {expected}")),
        E::SerdeInvalidLength { expected, .. } => {
            diag(format!("wrong number of items: expected {expected}"))
        }
        E::Unexpected { expected, .. } => diag(format!(
            "expected {}{}",
            describe_expected(expected),
            found_suffix(src, line, col)
        )),
        E::NullIntoString { .. } => diag("a value is required here (found nothing)".to_string()),
        E::Budget {
            breach: BudgetBreach::Documents { .. },
            ..
        } => {
            let mut d = diag(more_than_one_document(input));
            d.value = None;
            d
        }
        E::Budget { breach, .. } => {
            let mut d = diag(format!(
                "the file exceeds a safety limit of the {} reader: {}",
                input.kind,
                describe_breach(breach)
            ))
            .help(format!(
                "{} are small files: look for runaway aliases, nesting or repetition",
                input.files
            ));
            d.value = None;
            d
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => diag(format!(
            "aliases expand to too much data (a safety limit of the {} reader)",
            input.kind
        ))
        .help(format!(
            "{} are small files: write values out or use fewer nested aliases",
            input.files
        )),
        E::MultipleDocuments { .. } => diag(more_than_one_document(input)),
        E::UnknownAnchor { .. } => {
            diag("alias `*…` refers to an anchor `&…` that is not defined before it".to_string())
        }
        E::InvalidUtf8Input => Diagnostic::whole_file(src.file, "the file is not UTF-8 text"),
        E::IOError { cause } => {
            Diagnostic::whole_file(src.file, format!("cannot read the file: {cause}"))
        }
        other => {
            // Syntax errors and the rarer kinds: the library's own words, without its
            // position suffix (we print the position ourselves).
            let text = other.to_string();
            let text = strip_position(&text);
            if syntax {
                let mut d = diag(format!("YAML syntax error: {text}"));
                d.value = None;
                if text.contains("tabs disallowed") {
                    d = d.help("indent with spaces: YAML does not allow tabs for indentation");
                } else if text.contains("flow mapping") || text.contains("flow sequence") {
                    d = d.help("the parser stops where it noticed: look before this point for a `{` or `[` not closed, or a missing comma");
                }
                d
            } else {
                diag(text.to_string())
            }
        }
    }
}

/// The message for a second document in a file.
fn more_than_one_document(input: Input) -> String {
    format!(
        "more than one YAML document (`---`): a {} file holds exactly one",
        input.kind
    )
}

/// The error behind any alias-replay wrappers, without its snippet.
fn innermost(err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    let mut inner = err.without_snippet();
    while let serde_saphyr::Error::AliasError { error, .. } = inner {
        inner = error.without_snippet();
    }
    inner
}

/// What an unknown key's mapping allows: its keys, or none.
fn allowed_keys(expected: &[&str]) -> String {
    if expected.is_empty() {
        "no keys here".to_string()
    } else {
        expected.join(", ")
    }
}

/// The message for a key written twice in one mapping.
fn duplicate_key_message(key: &str) -> String {
    format!("duplicate key `{key}`: a key may appear only once in a mapping")
}

fn is_syntax_error(err: &serde_saphyr::Error) -> bool {
    matches!(
        err,
        serde_saphyr::Error::ExternalMessage { .. } | serde_saphyr::Error::Eof { .. }
    )
}

/// The library's message without its ` at line …, column …` suffix.
fn strip_position(text: &str) -> &str {
    match text.rfind(" at line ") {
        Some(i) if text[i..].contains(", column ") => &text[..i],
        _ => text,
    }
}

fn describe_expected(expected: &str) -> String {
    match expected {
        "mapping start" => "a mapping of `key: value` pairs".to_string(),
        "sequence start" => "a list".to_string(),
        "string scalar" => "a single value (text)".to_string(),
        "a keyword or a list" => "a keyword or a list".to_string(),
        other => other.to_string(),
    }
}

fn describe_breach(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Events { .. } => "too many YAML events".to_string(),
        BudgetBreach::Aliases { aliases } => format!("too many aliases ({aliases})"),
        BudgetBreach::Anchors { anchors } => format!("too many anchors ({anchors})"),
        BudgetBreach::Depth { depth } => format!("nesting too deep ({depth} levels)"),
        BudgetBreach::Nodes { nodes } => format!("too many values ({nodes})"),
        BudgetBreach::ScalarBytes { .. } => "too much text".to_string(),
        BudgetBreach::MergeKeys { .. } => "too many merge keys (`<<`)".to_string(),
        BudgetBreach::AliasAnchorRatio { aliases, anchors } => {
            format!("too many aliases ({aliases}) for the anchors defined ({anchors})")
        }
        other => format!("{other:?}"),
    }
}

fn describe_found(unexpected: &str) -> String {
    match unexpected {
        "sequence" => "a list".to_string(),
        "map" => "a mapping".to_string(),
        other => other.to_string(),
    }
}

/// ", found a list" etc. for the node starting at the location.
fn found_suffix(src: &Source<'_>, line: usize, col: usize) -> String {
    let Some(text) = src.line_text(line) else {
        return String::new();
    };
    match text.chars().nth(col.saturating_sub(1)) {
        Some('[') => ", found a list".to_string(),
        Some('{') => ", found a mapping".to_string(),
        Some('-') => ", found a list".to_string(),
        Some(_) => {
            let token = token_at(text, col);
            if token.is_empty() {
                String::new()
            } else {
                format!(", found `{token}`")
            }
        }
        None => String::new(),
    }
}

/// The scalar token starting at 1-based character column `col` of `line`.
fn token_at(line: &str, col: usize) -> String {
    let rest: String = line.chars().skip(col.saturating_sub(1)).collect();
    let token = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
            Some(end) => rest[..end + 2].to_string(),
            None => rest.clone(),
        },
        Some('[' | '{') => return String::new(),
        _ => {
            let end = rest.find([',', ']', '}', '#']).unwrap_or(rest.len());
            let mut t = rest[..end].to_string();
            // `key: value` — the token of a key stops at its colon.
            if let Some(i) = t.find(": ") {
                t.truncate(i);
            }
            t.trim_end_matches(':').trim().to_string()
        }
    };
    token.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert_eq!(token_at("  share: 0,3, x", 10), "0");
        assert_eq!(token_at("  share: '0,3', x", 10), "'0,3'");
        assert_eq!(token_at("  dayz: 3", 3), "dayz");
    }
}
