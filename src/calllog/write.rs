//! Writing a [`CallLog`]'s records in the generic schema, as CSV or Parquet, atomically.
//!
//! CSV times are `H:MM:SS` with milliseconds (`9:00:01.250`) when not whole seconds;
//! Parquet times are seconds since midnight as `f64`. Either reads back to the same
//! records within 1 ms (Parquet exactly). Excluded rows are not records and are not
//! written.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use polars::prelude::{
    DataFrame, DataType, IntoColumn, NamedFrom, ParquetCompression, ParquetWriter, Series,
};

use super::clock::epoch_days;
use super::columns::Field;
use super::record::{CallLog, CallRecord, Outcome};
use crate::atomic;

/// Writes `log` to `path` (`.csv` or `.parquet`) in the generic schema.
///
/// # Errors
/// An unknown extension, a time that is negative or not finite, or an I/O failure.
pub fn write(path: &Path, log: &CallLog) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => atomic::write_with(path, |w| write_csv(w, log)),
        Some("parquet") => {
            let mut df = frame(log)?;
            atomic::write_with(path, |w| {
                ParquetWriter::new(w)
                    .with_compression(ParquetCompression::Zstd(None))
                    .finish(&mut df)?;
                Ok(())
            })
        }
        _ => bail!(
            "{}: cannot write a call log there; expected a .csv or .parquet file",
            path.display()
        ),
    }
}

fn outcome_key(o: Outcome) -> &'static str {
    match o {
        Outcome::Answered => "answered",
        Outcome::Abandoned => "abandoned",
        Outcome::Other => "other",
    }
}

fn times(r: &CallRecord) -> [(Field, Option<f64>); 7] {
    [
        (Field::Arrival, Some(r.arrival_s)),
        (Field::IvrEntry, r.ivr_entry_s),
        (Field::IvrExit, r.ivr_exit_s),
        (Field::QueueStart, r.queue_start_s),
        (Field::QueueExit, r.queue_exit_s),
        (Field::ServiceStart, r.service_start_s),
        (Field::ServiceEnd, r.service_end_s),
    ]
}

pub(super) fn check_times(log: &CallLog) -> Result<()> {
    for r in &log.records {
        for (field, t) in times(r) {
            if let Some(t) = t
                && !(0.0..1e9).contains(&t)
            {
                bail!(
                    "the record from line {} has {} = {t}; times must be finite, \
                     non-negative seconds",
                    r.source_line,
                    field.key()
                );
            }
        }
    }
    Ok(())
}

/// `H:MM:SS`, or `H:MM:SS.mmm` when `t` is not whole to the millisecond.
fn clock(out: &mut String, t: f64) {
    let ms = (t * 1000.0).round() as u64;
    let (s, ms) = (ms / 1000, ms % 1000);
    let _ = write!(out, "{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    if ms != 0 {
        let _ = write!(out, ".{ms:03}");
    }
}

fn csv_text(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn write_csv(w: &mut impl Write, log: &CallLog) -> Result<()> {
    check_times(log)?;
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
    writeln!(w, "{}", names.join(","))?;
    let mut line = String::with_capacity(160);
    for r in &log.records {
        line.clear();
        csv_line(&mut line, r, log);
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Appends the CSV cells of `r` in [`Field::ALL`] order, and a line end, to `line`.
pub(super) fn csv_line(line: &mut String, r: &CallRecord, log: &CallLog) {
    let _ = write!(line, "{}", r.date);
    let t = times(r);
    for (_, v) in t.get(..3).unwrap_or_default() {
        line.push(',');
        if let Some(v) = v {
            clock(line, *v);
        }
    }
    for (_, v) in t.get(3..5).unwrap_or_default() {
        line.push(',');
        if let Some(v) = v {
            clock(line, *v);
        }
    }
    line.push(',');
    line.push_str(outcome_key(r.outcome));
    for (_, v) in t.get(5..).unwrap_or_default() {
        line.push(',');
        if let Some(v) = v {
            clock(line, *v);
        }
    }
    line.push(',');
    if let Some(name) = r.agent.and_then(|a| log.agents.get(a as usize)) {
        csv_text(line, name);
    }
    line.push(',');
    if let Some(c) = r.caller {
        let _ = write!(line, "{c}");
    }
    line.push(',');
    if let Some(name) = r.call_type.and_then(|t| log.types.get(usize::from(t))) {
        csv_text(line, name);
    }
    line.push('\n');
}

pub(super) fn frame(log: &CallLog) -> Result<DataFrame> {
    check_times(log)?;
    let rs = &log.records;
    let mut cols = Vec::with_capacity(12);
    let days: Vec<i32> = rs
        .iter()
        .map(|r| i32::try_from(epoch_days(r.date)).unwrap_or_default())
        .collect();
    cols.push(
        Series::new(Field::Date.key().into(), days)
            .cast(&DataType::Date)?
            .into_column(),
    );
    let time_col = |f: Field, k: usize| {
        let v: Vec<Option<f64>> = rs
            .iter()
            .map(|r| times(r).get(k).and_then(|(_, t)| *t))
            .collect();
        Series::new(f.key().into(), v).into_column()
    };
    for (k, f) in [
        Field::Arrival,
        Field::IvrEntry,
        Field::IvrExit,
        Field::QueueStart,
        Field::QueueExit,
    ]
    .into_iter()
    .enumerate()
    {
        cols.push(time_col(f, k));
    }
    let outcomes: Vec<&str> = rs.iter().map(|r| outcome_key(r.outcome)).collect();
    cols.push(Series::new(Field::Outcome.key().into(), outcomes).into_column());
    cols.push(time_col(Field::ServiceStart, 5));
    cols.push(time_col(Field::ServiceEnd, 6));
    let agents: Vec<Option<&str>> = rs
        .iter()
        .map(|r| {
            r.agent
                .and_then(|a| log.agents.get(a as usize))
                .map(String::as_str)
        })
        .collect();
    cols.push(Series::new(Field::Agent.key().into(), agents).into_column());
    let callers: Vec<Option<u64>> = rs.iter().map(|r| r.caller).collect();
    cols.push(Series::new(Field::Caller.key().into(), callers).into_column());
    let types: Vec<Option<&str>> = rs
        .iter()
        .map(|r| {
            r.call_type
                .and_then(|t| log.types.get(usize::from(t)))
                .map(String::as_str)
        })
        .collect();
    cols.push(Series::new(Field::Type.key().into(), types).into_column());
    DataFrame::new_infer_height(cols).context("building the call-log frame")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_keep_milliseconds() {
        let mut s = String::new();
        clock(&mut s, 32_401.25);
        assert_eq!(s, "9:00:01.250");
        s.clear();
        clock(&mut s, 86_455.0);
        assert_eq!(s, "24:00:55");
        s.clear();
        clock(&mut s, 59.9996);
        assert_eq!(s, "0:01:00");
    }
}
