//! Call logs: call-by-call records of a real centre (or of a simulation), read from CSV,
//! TSV or Parquet into one in-memory [`CallLog`] that `fit` and `backtest` use.
//!
//! One row is one call that reached the system. Times are seconds since midnight of the
//! call's date; a time after midnight of a call that began the day before is written as
//! more than 86,400 s rather than wrapped.
//!
//! # The generic schema
//!
//! A header line, then one row per call; `.csv` files are comma-separated, `.tsv` and
//! `.txt` tab-separated (LF or CRLF line ends, a UTF-8 byte-order mark tolerated, cells
//! optionally quoted with `"`, surrounding spaces ignored). Columns, in any order:
//!
//! | column          | required | content |
//! |-----------------|----------|---------|
//! | `date`          | yes¹     | the call's date, `YYYY-MM-DD` |
//! | `arrival`       | yes      | when the call reached the system (menu entry if any) |
//! | `queue_start`   | yes      | when it joined the agents' queue |
//! | `queue_exit`    | yes      | when it left the queue (answered or hung up) |
//! | `outcome`       | yes      | `answered`, `abandoned` or `other` (any case); `phantom` = not a call |
//! | `service_start` | yes      | when an agent answered |
//! | `service_end`   | yes      | when the agent finished |
//! | `agent`         | yes      | the agent's name or id |
//! | `caller`        | no       | the caller's number (digits; 0 = unknown) |
//! | `type`          | no       | the call type |
//! | `ivr_entry`     | no       | menu (IVR) entry |
//! | `ivr_exit`      | no       | menu exit |
//!
//! Times are `H:MM:SS` (hours may exceed 23 after midnight; fractional seconds allowed,
//! `09:00:01.25`) or seconds since midnight as a number (`32401.25`). An empty cell means
//! "did not happen". ¹ Without a `date` column the times are full timestamps
//! `YYYY-MM-DD HH:MM:SS` (or with `T`), and the call's date is its arrival's.
//!
//! Rules: an empty `arrival` falls back to `ivr_entry`, then `queue_start`, then
//! `service_start`. A clock time more than 12 h before the arrival is after midnight
//! (+86,400 s). It is an error for a queue or service to end before it starts, or for
//! service to start more than 1 s before the arrival. A caller number a spreadsheet
//! rounded to scientific notation (`6.02701E+11`) is read as unknown. Rows that are not usable calls are
//! counted in [`CallLog::excluded`]: phantoms, answered calls without an agent, answered
//! calls without both service times.
//!
//! Other layouts are described by a [`ColumnMap`] (`--columns MAP.yaml`); the bank log
//! of `shared/data` has a preset, [`LogFormat::AnonymousBank`]. See `docs/call-log.md`.

mod clock;
mod columns;
mod counts;
mod delimited;
mod error;
mod from_sim;
mod parquet;
mod record;
mod rows;
mod write;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub use clock::{Pattern, PatternError};
pub use columns::{ColumnMap, Field, OutcomeValues};
pub use counts::{ArrivalCounts, read_counts};
pub use error::{LogError, MAX_PROBLEMS_PER_FILE, Problem};
pub use from_sim::{REPLICATION_COLUMN, SimLogFile, log_of};
pub use record::*;
pub use write::write;

/// How a log's files are laid out.
// A format is built once per read; boxing the map would only make it harder to write.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum LogFormat {
    /// The generic schema, or a centre's own columns ([`ColumnMap::from_yaml_file`]).
    Generic(ColumnMap),
    /// The Israeli "Anonymous Bank" log of 1999 ([`ColumnMap::anonymous_bank`]).
    AnonymousBank,
}

impl Default for LogFormat {
    fn default() -> Self {
        LogFormat::Generic(ColumnMap::default())
    }
}

impl LogFormat {
    /// The column map the format reads with.
    pub fn column_map(&self) -> Cow<'_, ColumnMap> {
        match self {
            LogFormat::Generic(m) => Cow::Borrowed(m),
            LogFormat::AnonymousBank => Cow::Owned(ColumnMap::anonymous_bank()),
        }
    }
}

/// A file's kind, by extension.
enum Kind {
    Delimited(u8),
    Parquet,
}

fn kind(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(Kind::Delimited(b',')),
        "tsv" | "txt" => Some(Kind::Delimited(b'\t')),
        "parquet" => Some(Kind::Parquet),
        _ => None,
    }
}

/// Reads one or more log files (`.csv`, `.tsv`/`.txt`, `.parquet`) into one [`CallLog`],
/// records sorted by date, arrival and source line.
///
/// # Errors
/// No file, an unknown extension, or [`LogError::Invalid`] with every problem of every
/// file (at most [`MAX_PROBLEMS_PER_FILE`] kept per file, all counted): unreadable
/// files, missing columns, empty files, unreadable or contradictory values.
pub fn read(paths: &[PathBuf], format: &LogFormat) -> Result<CallLog, LogError> {
    if paths.is_empty() {
        return Err(LogError::NoFiles);
    }
    let kinds = paths
        .iter()
        .map(|p| {
            kind(p).ok_or_else(|| LogError::UnknownExtension {
                file: p.display().to_string(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let map = format.column_map();
    let mut b = rows::Builder::new(&map);
    for (path, kind) in paths.iter().zip(kinds) {
        match kind {
            Kind::Delimited(sep) => delimited::read(path, map.separator.unwrap_or(sep), &mut b),
            Kind::Parquet => parquet::read(path, &mut b),
        }
    }
    b.finish()
}

/// Reads one delimited log held in memory, as [`read`] reads a `.csv` (`separator` `,`) or
/// `.tsv` file (`\t`); the format's own separator, if it states one, wins. `file` names
/// the text in problems.
///
/// # Errors
/// As [`read`].
pub fn read_delimited(
    text: &[u8],
    file: &str,
    separator: u8,
    format: &LogFormat,
) -> Result<CallLog, LogError> {
    let map = format.column_map();
    let mut b = rows::Builder::new(&map);
    delimited::read_from(text, file, map.separator.unwrap_or(separator), &mut b);
    b.finish()
}
