//! The scenario file as written: serde structs mirroring the YAML, every value wrapped in
//! `Spanned` so that validation can point at it.
//!
//! Nearly every key is optional here, and numbers are read as [`Num`] (any scalar), so
//! that a missing key or a misspelt number becomes one of many validation errors rather
//! than stopping serde at the first one. What still stops serde, and is reported alone:
//! YAML syntax errors, unknown keys, duplicate keys, a mapping where a list is expected
//! (or the like), and the safety limits of [`parse_options`].

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::{Event, Parser};
use serde_saphyr::{Location, Spanned};

use super::diagnostic::{Diagnostic, Source, suggestion};

/// An optional value with its location.
pub type Opt<T> = Option<Spanned<T>>;
/// A list whose items carry their locations.
pub type List<T> = Vec<Spanned<T>>;

/// Largest scenario file accepted, bytes. Real scenarios are a few kilobytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: Opt<String>,
    pub description: Opt<String>,
    pub calendar: Opt<RawCalendar>,
    pub demand: Opt<RawDemand>,
    pub contact_types: Opt<List<RawContactType>>,
    pub callers: Opt<RawCallers>,
    pub email: Opt<RawEmail>,
    pub lines: Opt<RawLines>,
    pub trunks: Opt<Num>,
    pub targets: Opt<RawTargets>,
    pub simulation: Opt<RawSimulation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    pub start: Opt<String>,
    pub days: Opt<Num>,
    pub holidays: Opt<WordOrList<String>>,
    pub open: Opt<String>,
    pub close: Opt<String>,
    pub interval_min: Opt<Num>,
    /// Opening hours per weekday; replaces `open`/`close` and the Monday–Friday week.
    pub week: Opt<RawWeek>,
}

/// One optional value per weekday (`mon` … `sun`): the working week's hours
/// ([`RawWeek`]) and the day-of-week factors ([`RawDayOfWeek`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeekly<T> {
    pub mon: Opt<T>,
    pub tue: Opt<T>,
    pub wed: Opt<T>,
    pub thu: Opt<T>,
    pub fri: Opt<T>,
    pub sat: Opt<T>,
    pub sun: Opt<T>,
}

impl<T> RawWeekly<T> {
    /// The weekdays Monday first, with their keys.
    pub fn entries(&self) -> [(&'static str, &Opt<T>); 7] {
        let [mon, tue, wed, thu, fri, sat, sun] = super::WEEKDAY_KEYS;
        [
            (mon, &self.mon),
            (tue, &self.tue),
            (wed, &self.wed),
            (thu, &self.thu),
            (fri, &self.fri),
            (sat, &self.sat),
            (sun, &self.sun),
        ]
    }
}

/// The working week: the hours of each weekday the line opens, Monday first.
pub type RawWeek = RawWeekly<RawHours>;

/// One weekday's opening hours.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    pub open: Opt<String>,
    pub close: Opt<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDemand {
    pub calls_per_day: Opt<Num>,
    pub intraday_profile: Opt<WordOrList<Num>>,
    pub day_of_week: Opt<RawDayOfWeek>,
    pub day_to_day_cv: Opt<Num>,
    pub peaks: Opt<List<RawPeak>>,
    /// Expected calls per interval on given dates, keyed by date.
    pub by_date: Opt<KeyedMap<List<Num>>>,
}

/// Demand factors by weekday.
pub type RawDayOfWeek = RawWeekly<Num>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeak {
    pub name: Opt<String>,
    pub from: Opt<String>,
    pub to: Opt<String>,
    pub days_of_month: Opt<List<Num>>,
    pub factor: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContactType {
    pub name: Opt<String>,
    pub share: Opt<Num>,
    pub self_service: Opt<Num>,
    pub first_line: Opt<RawHandling>,
    pub to_second_line: Opt<Num>,
    pub second_line: Opt<RawHandling>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHandling {
    pub handle: Opt<RawDist>,
    /// Handling-time multiplier per interval of the day (by the interval of first arrival).
    pub handle_factor_by_interval: Opt<List<Num>>,
}

/// A distribution, one struct for every kind: which fields belong is checked by `dist`
/// in validation (an enum would lose the locations, see `Spanned`'s documentation).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDist {
    pub dist: Opt<String>,
    pub mean_s: Opt<Num>,
    pub cv: Opt<Num>,
    pub s: Opt<Num>,
    pub values_s: Opt<List<Num>>,
    /// Empirical values read from a file, relative to the scenario file's folder.
    pub file: Opt<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallers {
    pub patience: Opt<RawDist>,
    pub redial: Opt<RawRedial>,
    pub self_service_time: Opt<RawDist>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedial {
    pub probability: Opt<Num>,
    pub after: Opt<RawDist>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmail {
    pub per_day: Opt<Num>,
    pub line: Opt<String>,
    pub handle: Opt<RawDist>,
    pub reserve_idle_agents: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLines {
    pub first: Opt<RawLine>,
    pub second: Opt<RawLine>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLine {
    pub label: Opt<String>,
    pub posts: Opt<Num>,
    pub permanent_share: Opt<Num>,
    pub temporary_handle_factor: Opt<Num>,
    pub shrinkage: Opt<Num>,
    pub shifts: Opt<List<RawShift>>,
    pub agents_by_interval: Opt<List<Num>>,
    /// Per-date overrides of `agents_by_interval`, keyed by date.
    pub agents_by_date: Opt<KeyedMap<List<Num>>>,
    pub reinforcement: Opt<List<RawReinforcement>>,
    pub availability: Opt<RawAvailability>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAvailability {
    pub share: Opt<Num>,
    pub away_mean_s: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    pub start: Opt<String>,
    pub end: Opt<String>,
    pub agents: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReinforcement {
    pub during: Opt<String>,
    pub extra_agents: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    pub service_level: Opt<RawSlTarget>,
    pub abandonment: Opt<RawAtMost>,
    pub asa: Opt<RawAsaTarget>,
    pub occupancy: Opt<RawAtMost>,
    pub email: Opt<RawEmailTarget>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlTarget {
    pub within_s: Opt<Num>,
    pub at_least: Opt<Num>,
    pub definition: Opt<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAtMost {
    pub at_most: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAsaTarget {
    pub at_most_s: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmailTarget {
    pub within_h: Opt<Num>,
    pub at_least: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    pub replications: Opt<Num>,
    pub seed: Opt<Num>,
}

/// Any scalar where a number is expected; validation decides what is acceptable, so that
/// `share: 0,3` is one error among others rather than the end of parsing.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Int(i128),
    Float(f64),
    /// Text, including `.nan` / `.inf` (non-finite floats arrive as text, see
    /// [`parse_options`]).
    Text(String),
    Bool(bool),
    Null,
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumVisitor;
        impl<'de> Visitor<'de> for NumVisitor {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Num, E> {
                Ok(Num::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Num, E> {
                Ok(Num::Int(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Num, E> {
                Ok(Num::Int(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Num, E> {
                Ok(i128::try_from(v).map_or_else(|_| Num::Float(v as f64), Num::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Num, E> {
                Ok(Num::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Num, E> {
                Ok(Num::Text(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Num, E> {
                Ok(Num::Bool(v))
            }
            fn visit_unit<E>(self) -> Result<Num, E> {
                Ok(Num::Null)
            }
            fn visit_none<E>(self) -> Result<Num, E> {
                Ok(Num::Null)
            }
        }
        deserializer.deserialize_any(NumVisitor)
    }
}

/// A keyword (`PT`, `flat`, …) or a list: `holidays` and `intraday_profile`.
#[derive(Debug, Clone, PartialEq)]
pub enum WordOrList<T> {
    /// Any scalar, as text.
    Word(String),
    List(List<T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for WordOrList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize_expecting(deserializer, "a keyword or a list")
    }
}

impl<T> WordOrList<T> {
    /// Deserializes one, naming what is expected as `expecting` in type errors.
    pub(crate) fn deserialize_expecting<'de, D>(
        deserializer: D,
        expecting: &'static str,
    ) -> Result<Self, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        struct WordOrListVisitor<T> {
            expecting: &'static str,
            item: PhantomData<T>,
        }
        impl<'de, T: Deserialize<'de>> Visitor<'de> for WordOrListVisitor<T> {
            type Value = WordOrList<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(self.expecting)
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(String::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<T>>()? {
                    items.push(item);
                }
                Ok(WordOrList::List(items))
            }
        }
        deserializer.deserialize_any(WordOrListVisitor {
            expecting,
            item: PhantomData,
        })
    }
}

/// Any scalar used as a mapping key, as text (`2018-01-22`, `20`, `true`), so that a key
/// of the wrong kind is a validation error at its position rather than a parse error.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyText(pub String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// A mapping whose keys are data (dates, …), in the order written, keys and values with
/// their locations (`agents_by_date`). Repeated keys are refused by the parser.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedMap<T>(pub Vec<(Spanned<KeyText>, Spanned<T>)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for KeyedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = KeyedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
                    let value = map.next_value::<Spanned<T>>()?;
                    entries.push((key, value));
                }
                Ok(KeyedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Parser settings: limits that keep a hostile file (alias bombs, deep nesting, huge
/// documents) from exhausting memory or time, and non-finite floats delivered as text so
/// that validation can say where they are.
pub fn parse_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(MAX_FILE_BYTES),
            max_events: 400_000,
            max_nodes: 200_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_depth: 24,
            flow_nesting_limit: 24,
            max_documents: 1,
            max_total_scalar_bytes: MAX_FILE_BYTES,
            max_merge_keys: 100,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
    }
}

/// Reading options for ccplan's small YAML inputs (claims files, call-log column maps):
/// the scenario's protections — one document, duplicate keys refused, bounded events,
/// nodes, aliases, depth and bytes — with budgets sized for files of `max_bytes`.
pub(crate) fn small_file_options(max_bytes: usize) -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(max_bytes),
            max_events: 20_000,
            max_nodes: 10_000,
            max_aliases: 100,
            max_anchors: 100,
            max_depth: 12,
            flow_nesting_limit: 12,
            max_documents: 1,
            max_total_scalar_bytes: max_bytes,
            max_merge_keys: 10,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 10_000,
            max_replay_stack_depth: 8,
        },
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
    }
}

/// Parses `src` into the raw structs, or explains the one error that stopped the parser.
pub(crate) fn parse(src: &Source<'_>) -> Result<RawScenario, Box<Diagnostic>> {
    if src.text.trim().is_empty() || only_comments(src.text) {
        return Err(Box::new(Diagnostic::whole_file(
            src.file,
            "the file is empty: a scenario needs at least `name`, `calendar`, `demand`, `contact_types` and `lines`",
        )));
    }
    serde_saphyr::from_str_with_options::<RawScenario>(src.text, parse_options())
        .map_err(|e| Box::new(parse_error(src, &e)))
}

/// Whether `text` holds no YAML content: only blank lines, comments and document markers.
pub(crate) fn only_comments(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

/// Turns a serde-saphyr error into a diagnostic with the YAML path of the node it points
/// at and a message in this crate's words.
fn parse_error(src: &Source<'_>, err: &serde_saphyr::Error) -> Diagnostic {
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
            let mut d = diag(
                "more than one YAML document (`---`): a scenario file holds exactly one"
                    .to_string(),
            );
            d.value = None;
            d
        }
        E::Budget { breach, .. } => {
            let mut d = diag(format!(
                "the file exceeds a safety limit of the scenario reader: {}",
                describe_breach(breach)
            ))
            .help("scenarios are small files: look for runaway aliases, nesting or repetition");
            d.value = None;
            d
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => diag(
            "aliases expand to too much data (a safety limit of the scenario reader)".to_string(),
        )
        .help("scenarios are small files: write values out or use fewer nested aliases"),
        E::MultipleDocuments { .. } => diag(
            "more than one YAML document (`---`): a scenario file holds exactly one".to_string(),
        ),
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

/// The error behind any alias-replay wrappers, without its snippet.
pub(crate) fn innermost(err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    let mut inner = err.without_snippet();
    while let serde_saphyr::Error::AliasError { error, .. } = inner {
        inner = error.without_snippet();
    }
    inner
}

/// What an unknown key's mapping allows: its keys, or none.
pub(crate) fn allowed_keys(expected: &[&str]) -> String {
    if expected.is_empty() {
        "no keys here".to_string()
    } else {
        expected.join(", ")
    }
}

/// The message for a key written twice in one mapping.
pub(crate) fn duplicate_key_message(key: &str) -> String {
    format!("duplicate key `{key}`: a key may appear only once in a mapping")
}

fn is_syntax_error(err: &serde_saphyr::Error) -> bool {
    matches!(
        err,
        serde_saphyr::Error::ExternalMessage { .. } | serde_saphyr::Error::Eof { .. }
    )
}

/// The library's message without its ` at line …, column …` suffix.
pub(crate) fn strip_position(text: &str) -> &str {
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

/// A node of the YAML tree found at a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodeAt {
    /// YAML path of the node (for a key: the path of the value it names).
    pub path: String,
    pub line: usize,
    pub col: usize,
    /// For a duplicate key: where the same key first appeared in the mapping.
    pub first_duplicate: Option<(usize, usize)>,
    /// When the node is a mapping key: where its value starts.
    pub value_at: Option<(usize, usize)>,
    /// Path of the innermost collection open at the location (for syntax errors, which
    /// point between nodes rather than at one).
    pub container: String,
}

enum Frame {
    Map {
        path: String,
        key: String,
        want_key: bool,
        seen: HashMap<String, (usize, usize)>,
        is_key: bool,
    },
    Seq {
        path: String,
        index: usize,
        is_key: bool,
    },
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// The YAML path of the node starting at (1-based) `line`:`col`, or of the last node
/// starting before it. Walks the event stream without expanding aliases, so it is linear
/// in the file size.
pub(crate) fn node_at(text: &str, line: usize, col: usize) -> Option<NodeAt> {
    if line == 0 {
        return None;
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut best: Option<NodeAt> = None;
    let mut best_is_key = false;
    // The collection holding the best node, when it was read.
    let mut best_parent = String::new();
    let target = (line, col);
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let pos = (span.start.line(), span.start.col() + 1);
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        if pos > target {
            // The value of a key found at the target is the next node.
            if let Some(b) = best.as_mut()
                && best_is_key
                && is_node
            {
                b.value_at = Some(pos);
            }
            break;
        }
        if is_node {
            if let Some(b) = best.as_mut()
                && best_is_key
                && b.value_at.is_none()
            {
                b.value_at = Some(pos);
            }
            let (path, is_key, dup) = match stack.last_mut() {
                None => (String::new(), false, None),
                Some(Frame::Map {
                    path,
                    key,
                    want_key,
                    seen,
                    ..
                }) if *want_key => {
                    let k = match &event {
                        Event::Scalar(v, ..) => v.to_string(),
                        _ => "?".to_string(),
                    };
                    let dup = seen.get(&k).copied();
                    seen.entry(k.clone()).or_insert(pos);
                    *want_key = false;
                    *key = k;
                    (join(path, key), true, dup)
                }
                Some(Frame::Map {
                    path,
                    key,
                    want_key,
                    ..
                }) => {
                    let p = join(path, key);
                    if matches!(event, Event::Scalar(..) | Event::Alias(..)) {
                        *want_key = true;
                    }
                    (p, false, None)
                }
                Some(Frame::Seq { path, index, .. }) => {
                    let p = format!("{path}[{index}]");
                    *index += 1;
                    (p, false, None)
                }
            };
            best = Some(NodeAt {
                path: path.clone(),
                line: pos.0,
                col: pos.1,
                first_duplicate: dup,
                value_at: None,
                container: String::new(),
            });
            best_is_key = is_key;
            best_parent = match stack.last() {
                Some(Frame::Map { path, .. } | Frame::Seq { path, .. }) => path.clone(),
                None => String::new(),
            };
            match event {
                Event::MappingStart(..) => stack.push(Frame::Map {
                    path,
                    key: String::new(),
                    want_key: true,
                    seen: HashMap::new(),
                    is_key,
                }),
                Event::SequenceStart(..) => stack.push(Frame::Seq {
                    path,
                    index: 0,
                    is_key,
                }),
                _ => {}
            }
        } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            let was_key = match stack.pop() {
                Some(Frame::Map { is_key, .. } | Frame::Seq { is_key, .. }) => is_key,
                None => false,
            };
            if let Some(Frame::Map { want_key, .. }) = stack.last_mut() {
                // After a complex key comes its value; after a value, the next key.
                *want_key = !was_key;
            }
        }
    }
    if let Some(b) = best.as_mut() {
        // The innermost collection still open; if the error closed them all (a key
        // indented too little), the collection the last node belonged to.
        b.container = match stack.last() {
            Some(Frame::Map { path, .. } | Frame::Seq { path, .. }) if !path.is_empty() => {
                path.clone()
            }
            _ => best_parent,
        };
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_nodes() {
        let text = "a: 1\nb:\n  c: [x, {d: 2}]\n  e:\n    - f: 3\n      g: 4\n";
        let at = |l, c| node_at(text, l, c).unwrap().path;
        assert_eq!(at(1, 1), "a");
        assert_eq!(at(1, 4), "a");
        assert_eq!(at(3, 3), "b.c");
        assert_eq!(at(3, 6), "b.c");
        assert_eq!(at(3, 7), "b.c[0]");
        assert_eq!(at(3, 10), "b.c[1]");
        assert_eq!(at(3, 11), "b.c[1].d");
        assert_eq!(at(3, 14), "b.c[1].d");
        assert_eq!(at(5, 7), "b.e[0].f");
        assert_eq!(at(6, 7), "b.e[0].g");
        assert_eq!(at(6, 10), "b.e[0].g");
    }

    #[test]
    fn finds_first_duplicate() {
        let text = "a: 1\nb: 2\na: 3\n";
        let n = node_at(text, 3, 1).unwrap();
        assert_eq!(n.path, "a");
        assert_eq!(n.first_duplicate, Some((1, 1)));
    }

    #[test]
    fn tokens() {
        assert_eq!(token_at("  share: 0,3, x", 10), "0");
        assert_eq!(token_at("  share: '0,3', x", 10), "'0,3'");
        assert_eq!(token_at("  dayz: 3", 3), "dayz");
    }
}
