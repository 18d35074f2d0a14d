//! Which column of a log holds which field, and how its values are written: the generic
//! schema's defaults, the Anonymous Bank preset, and `--columns MAP.yaml` files.
//!
//! A column map file (every key optional; unknown keys are errors):
//!
//! ```yaml
//! separator: "\t"            # one character, or tab / comma / semicolon / pipe
//! columns:                   # the log's column name for each field
//!   date: DATE
//!   arrival: ENTRY
//!   queue_start: Q_IN
//!   queue_exit: Q_OUT
//!   outcome: RESULT
//!   service_start: S_IN
//!   service_end: S_OUT
//!   agent: AGENT_ID
//!   caller: CLI              # optional fields: caller, type, ivr_entry, ivr_exit
//!   type: null               # null: the log has no such column
//! date_format: "%y%m%d"      # %Y %y %m %d; default YYYY-MM-DD
//! time_format: "%H:%M:%S"    # %H %M %S; default H:MM:SS[.fff] or seconds
//! outcomes: {answered: [AGENT], abandoned: [HANG], other: [TRANSFER], phantom: [PHANTOM]}
//! no_agent: NO_SERVER        # an agent value meaning "no agent"
//! absent_time: "0:00:00"     # a time value meaning "did not happen"
//! ```

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::clock::Pattern;
use super::error::LogError;
use crate::yaml::{Budget, Diagnostic, Input, Source};

/// A field of a call record, as a column of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Date,
    Arrival,
    IvrEntry,
    IvrExit,
    QueueStart,
    QueueExit,
    Outcome,
    ServiceStart,
    ServiceEnd,
    Agent,
    Caller,
    Type,
}

impl Field {
    /// Every field, in the generic schema's column order.
    pub const ALL: [Field; 12] = [
        Field::Date,
        Field::Arrival,
        Field::IvrEntry,
        Field::IvrExit,
        Field::QueueStart,
        Field::QueueExit,
        Field::Outcome,
        Field::ServiceStart,
        Field::ServiceEnd,
        Field::Agent,
        Field::Caller,
        Field::Type,
    ];

    /// The field's key in a column map, which is also its generic column name.
    pub fn key(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Arrival => "arrival",
            Field::IvrEntry => "ivr_entry",
            Field::IvrExit => "ivr_exit",
            Field::QueueStart => "queue_start",
            Field::QueueExit => "queue_exit",
            Field::Outcome => "outcome",
            Field::ServiceStart => "service_start",
            Field::ServiceEnd => "service_end",
            Field::Agent => "agent",
            Field::Caller => "caller",
            Field::Type => "type",
        }
    }

    /// Whether a log must have the field's column (`date` may instead be carried by
    /// timestamps in the time columns).
    pub fn required(self) -> bool {
        !matches!(
            self,
            Field::Caller | Field::Type | Field::IvrEntry | Field::IvrExit
        )
    }

    /// Whether the field holds a time of the call.
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Field::Arrival
                | Field::IvrEntry
                | Field::IvrExit
                | Field::QueueStart
                | Field::QueueExit
                | Field::ServiceStart
                | Field::ServiceEnd
        )
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The values of the outcome column that mean each outcome, compared ignoring ASCII case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeValues {
    pub answered: Vec<String>,
    pub abandoned: Vec<String>,
    pub other: Vec<String>,
    /// Rows that are not calls at all (the bank's PHANTOM): counted as
    /// [`super::Excluded::Phantom`].
    pub phantom: Vec<String>,
}

impl Default for OutcomeValues {
    fn default() -> Self {
        OutcomeValues {
            answered: vec!["answered".into()],
            abandoned: vec!["abandoned".into()],
            other: vec!["other".into()],
            phantom: vec!["phantom".into()],
        }
    }
}

/// How a log's columns map onto call-record fields, and how its values are written.
///
/// [`ColumnMap::default`] is the generic schema (see [`super`] and `docs/call-log.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMap {
    /// Column name of each field, indexed by [`Field`]; `None` when the log lacks it.
    names: [Option<String>; 12],
    /// Optional fields named explicitly (by a map file): their absence is an error.
    insisted: [bool; 12],
    /// Field separator; `None` = by extension (comma for `.csv`, tab for `.tsv`/`.txt`).
    pub separator: Option<u8>,
    /// Date layout; `None` = `YYYY-MM-DD`.
    pub date_format: Option<Pattern>,
    /// Time layout; `None` = `H:MM:SS[.fff]`, seconds since midnight, or a timestamp.
    pub time_format: Option<Pattern>,
    /// Outcome values.
    pub outcomes: OutcomeValues,
    /// An agent value meaning "no agent" (an empty cell always does).
    pub no_agent: Option<String>,
    /// A time value meaning "did not happen" (an empty cell always does).
    pub absent_time: Option<String>,
}

impl Default for ColumnMap {
    fn default() -> Self {
        ColumnMap {
            names: Field::ALL.map(|f| Some(f.key().to_owned())),
            insisted: [false; 12],
            separator: None,
            date_format: None,
            time_format: None,
            outcomes: OutcomeValues::default(),
            no_agent: None,
            absent_time: None,
        }
    }
}

impl ColumnMap {
    /// The layout of the Israeli "Anonymous Bank" log (1999): 17 tab-separated columns,
    /// dates `YYMMDD`, times `H:MM:SS` with `0:00:00` for "did not happen", outcomes
    /// AGENT / HANG / PHANTOM, agent `NO_SERVER` for none, `customer_id` 0 for unknown.
    /// The call arrives at `vru_entry` (or at `q_start` when it skipped the menu).
    pub fn anonymous_bank() -> ColumnMap {
        let mut m = ColumnMap::default();
        for (field, name) in [
            (Field::Date, "date"),
            (Field::Arrival, "vru_entry"),
            (Field::IvrEntry, "vru_entry"),
            (Field::IvrExit, "vru_exit"),
            (Field::QueueStart, "q_start"),
            (Field::QueueExit, "q_exit"),
            (Field::Outcome, "outcome"),
            (Field::ServiceStart, "ser_start"),
            (Field::ServiceEnd, "ser_exit"),
            (Field::Agent, "server"),
            (Field::Caller, "customer_id"),
            (Field::Type, "type"),
        ] {
            m.set_column(field, Some(name), true);
        }
        m.separator = Some(b'\t');
        m.date_format = Pattern::date("%y%m%d").ok();
        m.time_format = Pattern::time("%H:%M:%S").ok();
        m.outcomes = OutcomeValues {
            answered: vec!["AGENT".into()],
            abandoned: vec!["HANG".into()],
            other: vec![],
            phantom: vec!["PHANTOM".into()],
        };
        m.no_agent = Some("NO_SERVER".into());
        m.absent_time = Some("0:00:00".into());
        m
    }

    /// The column name of `field`, if the log has one.
    pub fn column(&self, field: Field) -> Option<&str> {
        self.names.get(field.index()).and_then(|n| n.as_deref())
    }

    /// Names the column of `field` (`None`: the log has no such column). With `insist`,
    /// an optional field's column missing from a file is an error rather than ignored.
    pub fn set_column(&mut self, field: Field, name: Option<&str>, insist: bool) {
        if let Some(slot) = self.names.get_mut(field.index()) {
            *slot = name.map(str::to_owned);
        }
        if let Some(slot) = self.insisted.get_mut(field.index()) {
            *slot = insist;
        }
    }

    /// Whether a file lacking `field`'s column is an error.
    pub(crate) fn insists(&self, field: Field) -> bool {
        field.required() || self.insisted.get(field.index()).copied().unwrap_or(false)
    }

    /// The largest column map file read, bytes.
    pub const MAX_MAP_BYTES: usize = 64 * 1024;

    /// Reads a column map file (YAML).
    ///
    /// # Errors
    /// An unreadable file, bad YAML, an unknown key (with its line and column), or a bad
    /// separator or format.
    pub fn from_yaml_file(path: &Path) -> Result<ColumnMap, LogError> {
        let file = path.display().to_string();
        let text = COLUMN_MAP_INPUT
            .read(path, &file)
            .map_err(|d| map_error(&d))?;
        ColumnMap::from_yaml_str(&text, &file)
    }

    /// Reads a column map from YAML text; `file` names it in messages.
    ///
    /// # Errors
    /// As [`ColumnMap::from_yaml_file`].
    pub fn from_yaml_str(text: &str, file: &str) -> Result<ColumnMap, LogError> {
        let fail = |line: u64, column: u64, message: String| LogError::ColumnMap {
            file: file.to_owned(),
            line,
            column,
            message,
        };
        let raw: RawMap = COLUMN_MAP_INPUT
            .parse(&Source::new(file, text))
            .map_err(|d| map_error(&d))?;
        let mut m = ColumnMap::default();
        if let Some(cols) = raw.columns {
            for (field, value) in [
                (Field::Date, cols.date),
                (Field::Arrival, cols.arrival),
                (Field::IvrEntry, cols.ivr_entry),
                (Field::IvrExit, cols.ivr_exit),
                (Field::QueueStart, cols.queue_start),
                (Field::QueueExit, cols.queue_exit),
                (Field::Outcome, cols.outcome),
                (Field::ServiceStart, cols.service_start),
                (Field::ServiceEnd, cols.service_end),
                (Field::Agent, cols.agent),
                (Field::Caller, cols.caller),
                (Field::Type, cols.call_type),
            ] {
                match value {
                    Named::Default => {}
                    Named::None if field.required() && field != Field::Date => {
                        return Err(fail(
                            0,
                            0,
                            format!(
                                "columns.{} cannot be null: the field is required",
                                field.key()
                            ),
                        ));
                    }
                    Named::None => m.set_column(field, None, false),
                    Named::Some(name) => m.set_column(field, Some(&name), true),
                }
            }
        }
        let at = |v: &Spanned<String>| (v.referenced.line(), v.referenced.column());
        if let Some(sep) = raw.separator {
            let (line, column) = at(&sep);
            let sep = sep.value;
            m.separator = Some(parse_separator(&sep).ok_or_else(|| {
                fail(
                    line,
                    column,
                    format!(
                        "separator: found {sep:?}, expected one ASCII character or tab, \
                         comma, semicolon, pipe"
                    ),
                )
            })?);
        }
        if let Some(f) = raw.date_format {
            let (line, column) = at(&f);
            let f = f.value;
            m.date_format = Some(
                Pattern::date(&f)
                    .map_err(|e| fail(line, column, format!("date_format: found {f:?}: {e}")))?,
            );
        }
        if let Some(f) = raw.time_format {
            let (line, column) = at(&f);
            let f = f.value;
            m.time_format = Some(
                Pattern::time(&f)
                    .map_err(|e| fail(line, column, format!("time_format: found {f:?}: {e}")))?,
            );
        }
        if let Some(o) = raw.outcomes {
            m.outcomes = OutcomeValues {
                answered: o.answered.unwrap_or_default(),
                abandoned: o.abandoned.unwrap_or_default(),
                other: o.other.unwrap_or_default(),
                phantom: o.phantom.unwrap_or_default(),
            };
        }
        m.no_agent = raw.no_agent;
        m.absent_time = raw.absent_time;
        Ok(m)
    }
}

/// The column map file as a YAML input: its name in messages, its size cap and budgets.
const COLUMN_MAP_INPUT: Input = Input {
    kind: "column map",
    files: "column maps",
    max_bytes: ColumnMap::MAX_MAP_BYTES,
    too_large_help: "a column map is a few lines of YAML: is this the right file?",
    budget: Budget::Small,
};

/// A YAML input diagnostic as a one-line call-log error: `path: message; allowed: …; help`.
fn map_error(d: &Diagnostic) -> LogError {
    let mut message = if d.path.is_empty() {
        d.message.clone()
    } else {
        format!("{}: {}", d.path, d.message)
    };
    if let Some(allowed) = &d.allowed {
        message.push_str(&format!("; allowed: {allowed}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("; {help}"));
    }
    LogError::ColumnMap {
        file: d.file.clone(),
        line: d.line as u64,
        column: d.column as u64,
        message,
    }
}

fn parse_separator(s: &str) -> Option<u8> {
    match s.to_ascii_lowercase().as_str() {
        "tab" | "\t" => Some(b'\t'),
        "comma" => Some(b','),
        "semicolon" => Some(b';'),
        "pipe" => Some(b'|'),
        _ => {
            let b = s.as_bytes();
            (b.len() == 1
                && b.first()
                    .is_some_and(|c| c.is_ascii() && *c != b'"' && *c != b'\n'))
            .then(|| b.first().copied())
            .flatten()
        }
    }
}

/// A column named, explicitly absent (`null`), or left at its default.
#[derive(Debug, Default)]
enum Named {
    #[default]
    Default,
    None,
    Some(String),
}

impl<'de> Deserialize<'de> for Named {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<String>::deserialize(d)? {
            None => Named::None,
            Some(s) => Named::Some(s),
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    separator: Option<Spanned<String>>,
    columns: Option<RawColumns>,
    date_format: Option<Spanned<String>>,
    time_format: Option<Spanned<String>>,
    outcomes: Option<RawOutcomes>,
    no_agent: Option<String>,
    absent_time: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumns {
    #[serde(default)]
    date: Named,
    #[serde(default)]
    arrival: Named,
    #[serde(default)]
    ivr_entry: Named,
    #[serde(default)]
    ivr_exit: Named,
    #[serde(default)]
    queue_start: Named,
    #[serde(default)]
    queue_exit: Named,
    #[serde(default)]
    outcome: Named,
    #[serde(default)]
    service_start: Named,
    #[serde(default)]
    service_end: Named,
    #[serde(default)]
    agent: Named,
    #[serde(default)]
    caller: Named,
    #[serde(default, rename = "type")]
    call_type: Named,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutcomes {
    answered: Option<Vec<String>>,
    abandoned: Option<Vec<String>>,
    other: Option<Vec<String>>,
    phantom: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_map_reads() {
        let m = ColumnMap::from_yaml_str(
            "separator: tab\ncolumns: {arrival: vru_entry, type: null, caller: cid}\n\
             date_format: \"%y%m%d\"\noutcomes: {answered: [AGENT], abandoned: [HANG]}\n\
             no_agent: NO_SERVER\nabsent_time: \"0:00:00\"\n",
            "m.yaml",
        )
        .unwrap();
        assert_eq!(m.separator, Some(b'\t'));
        assert_eq!(m.column(Field::Arrival), Some("vru_entry"));
        assert_eq!(m.column(Field::Type), None);
        assert_eq!(m.column(Field::Caller), Some("cid"));
        assert!(m.insists(Field::Caller));
        assert!(!m.insists(Field::IvrEntry));
        assert_eq!(m.column(Field::QueueStart), Some("queue_start"));
        assert_eq!(m.outcomes.answered, vec!["AGENT".to_owned()]);
        assert!(m.outcomes.other.is_empty());
        assert_eq!(m.date_format.as_ref().map(Pattern::as_str), Some("%y%m%d"));
    }

    #[test]
    fn typos_and_bad_values_are_located_errors() {
        let e = ColumnMap::from_yaml_str("columns:\n  arival: x\n", "m.yaml").unwrap_err();
        let LogError::ColumnMap { line, message, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(*line, 2, "{e}");
        assert!(message.contains("arival"), "{e}");
        let e = ColumnMap::from_yaml_str("\ndate_format: \"%q\"\n", "m.yaml").unwrap_err();
        assert!(e.to_string().starts_with("m.yaml:2:14: date_format"), "{e}");
        assert!(e.to_string().contains("%q"), "{e}");
        let e = ColumnMap::from_yaml_str("separator: ab\n", "m.yaml").unwrap_err();
        assert!(e.to_string().contains("separator"), "{e}");
        let e = ColumnMap::from_yaml_str("columns: {agent: null}\n", "m.yaml").unwrap_err();
        assert!(e.to_string().contains("columns.agent"), "{e}");
    }
}
