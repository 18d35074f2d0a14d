//! Errors reading and writing call logs. A log with bad rows yields every problem found
//! (up to [`MAX_PROBLEMS_PER_FILE`] per file, all counted), each naming the file, line,
//! column, the value found and what was expected.

use std::fmt;

/// Problems kept per file; further ones are only counted.
pub const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Longest cell value quoted in a message, in characters.
const MAX_QUOTED_CHARS: usize = 60;

/// One thing wrong in a call-log file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A cell holds a value that cannot be read, or contradicts another of its row.
    #[error(
        "{file}:{line}:{column_number} (column {column}): found {}, expected {expected}",
        quoted(found)
    )]
    Value {
        file: String,
        /// 1-based line (the header is line 1); 1-based row for Parquet.
        line: u64,
        /// 1-based column number.
        column_number: usize,
        /// The column's name in the header.
        column: String,
        /// The cell as found.
        found: String,
        /// What would have been accepted.
        expected: String,
    },
    /// A row with a different number of fields than the header.
    #[error("{file}:{line}: found {found} fields, expected {expected} as in the header")]
    FieldCount {
        file: String,
        line: u64,
        found: usize,
        expected: usize,
    },
    /// A column the format needs is not in the header.
    #[error(
        "{file}:1: missing required column {column:?}{}; the header has: {}",
        field_note(column, field),
        header.join(", ")
    )]
    MissingColumn {
        file: String,
        column: String,
        field: &'static str,
        header: Vec<String>,
    },
    /// No header at all.
    #[error("{file}: the file is empty; expected a header line and one row per call")]
    Empty { file: String },
    /// A header and no data rows.
    #[error("{file}: the file has a header but no data rows; expected one row per call")]
    HeaderOnly { file: String },
    /// A line of text that cannot be split into fields.
    #[error("{file}:{line}: {message}")]
    Line {
        file: String,
        line: u64,
        message: String,
    },
    /// The file cannot be opened or read, or is not a valid Parquet file.
    #[error("{file}: cannot read: {message}")]
    Unreadable { file: String, message: String },
}

fn field_note(column: &str, field: &str) -> String {
    if column == field {
        String::new()
    } else {
        format!(" (field {field})")
    }
}

fn quoted(s: &str) -> String {
    if s.chars().count() > MAX_QUOTED_CHARS {
        let head: String = s.chars().take(MAX_QUOTED_CHARS).collect();
        format!("{head:?}…")
    } else {
        format!("{s:?}")
    }
}

/// Why a call log could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// `read` was given no file.
    #[error("no call-log file given")]
    NoFiles,
    /// A file whose extension names no supported format.
    #[error("{file}: unknown call-log format; expected a .csv, .tsv, .txt or .parquet file")]
    UnknownExtension { file: String },
    /// A column map file that cannot be used; line and column are 0 when unknown.
    #[error("{}", located(file, *line, *column, message))]
    ColumnMap {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },
    /// Problems in the log's files: the first ones of each file, one per line, then the
    /// count of all.
    #[error("{}", render(problems, *total))]
    Invalid {
        problems: Vec<Problem>,
        /// All problems found, including those not kept.
        total: u64,
    },
    /// Writing a log failed.
    #[error("{file}: cannot write: {message}")]
    Write { file: String, message: String },
}

fn located(file: &str, line: u64, column: u64, message: &str) -> String {
    if line == 0 {
        format!("{file}: {message}")
    } else {
        format!("{file}:{line}:{column}: {message}")
    }
}

fn render(problems: &[Problem], total: u64) -> String {
    struct Lines<'a>(&'a [Problem], u64);
    impl fmt::Display for Lines<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for p in self.0 {
                writeln!(f, "{p}")?;
            }
            let shown = self.0.len() as u64;
            let plural = if self.1 == 1 { "" } else { "s" };
            if shown < self.1 {
                write!(
                    f,
                    "{} error{plural} in the call log ({shown} shown: at most \
                     {MAX_PROBLEMS_PER_FILE} per file)",
                    self.1
                )
            } else {
                write!(f, "{} error{plural} in the call log", self.1)
            }
        }
    }
    Lines(problems, total).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_problems_name_file_line_column_value_and_expectation() {
        let p = Problem::Value {
            file: "anonymous_bank.tsv".into(),
            line: 12,
            column_number: 7,
            column: "vru_entry".into(),
            found: "7:6x:00".into(),
            expected: "a time H:MM:SS".into(),
        };
        assert_eq!(
            p.to_string(),
            "anonymous_bank.tsv:12:7 (column vru_entry): found \"7:6x:00\", expected a time \
             H:MM:SS"
        );
        let e = LogError::Invalid {
            problems: vec![p.clone(), p],
            total: 75,
        };
        let text = e.to_string();
        assert_eq!(text.lines().count(), 3);
        assert!(text.ends_with("75 errors in the call log (2 shown: at most 50 per file)"));
    }

    #[test]
    fn long_values_are_cut() {
        let p = Problem::Value {
            file: "f".into(),
            line: 2,
            column_number: 1,
            column: "c".into(),
            found: "x".repeat(1000),
            expected: "e".into(),
        };
        assert!(p.to_string().len() < 150);
    }
}
