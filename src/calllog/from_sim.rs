//! Simulated calls written as a call log in the generic schema, streamed replication by
//! replication (`ccplan run --call-log FILE`).
//!
//! One row per caller attempt at the switch, with one extra leading column, `replication`
//! (0-based), which the generic reader ignores. Within a replication rows are sorted by
//! date and arrival; replications follow in order, so the file is the same whatever the
//! thread count. Columns:
//!
//! - `date`, `arrival` (menu entry when there is menu time), `ivr_entry`/`ivr_exit` (menu
//!   time only), `queue_start`/`queue_exit` (first-line queue; empty when answered at once);
//! - `outcome`: `answered` (by a first-line agent), `abandoned` (hung up in the queue, or
//!   ended in the menu by self-service: no queue times), `other` (blocked: every trunk
//!   busy, no menu and no queue);
//! - `service_start`/`service_end` and `agent` (`first-<k>`, the agent's index in the
//!   day's first-line roster) for answered calls; a transfer's second-line wait and
//!   service are not written;
//! - `caller`: replication × 2³² + the caller's number within it (from 1), the same for a
//!   caller's redials and unique across replications;
//! - `type`: the contact type's name.
//!
//! The dates are the scenario's: a log of several replications repeats each date once
//! per replication, so `ccplan fit` and `ccplan backtest` (which ignore `replication`) take
//! it as several centres' worth of calls on the same dates; fit one replication at a time.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use polars::prelude::{IntoColumn, NamedFrom, ParquetCompression, ParquetWriter, Series};
use polars_io::parquet::write::BatchedWriter;

use super::columns::Field;
use super::record::{CallLog, CallRecord, Outcome};
use super::write::{check_times, csv_line, frame};
use crate::atomic;
use crate::engine::{SimCall, SimOutcome};

/// The extra column naming a row's replication.
pub const REPLICATION_COLUMN: &str = "replication";

/// A call-log file to write simulated calls to, its format checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimLogFile {
    path: PathBuf,
    parquet: bool,
}

impl SimLogFile {
    /// `path` by its extension: `.csv` or `.parquet` (any case).
    ///
    /// # Errors
    /// Any other extension, or a folder that does not exist.
    pub fn new(path: &Path) -> Result<Self> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let parquet = match ext.as_deref() {
            Some("csv") => false,
            Some("parquet") => true,
            _ => bail!(
                "--call-log {}: expected a .csv or .parquet file",
                path.display()
            ),
        };
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            bail!(
                "--call-log {}: the folder {} does not exist",
                path.display(),
                dir.display()
            );
        }
        Ok(SimLogFile {
            path: path.to_owned(),
            parquet,
        })
    }

    /// The file written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Calls `simulate` with a sink for each replication's calls (to be given in
    /// replication order) and writes them to the file as they come, atomically: the file
    /// appears only if every replication was written. `types` names the contact types.
    ///
    /// # Errors
    /// A time that is negative or not finite, or an I/O failure.
    pub fn write<T>(
        &self,
        types: &[String],
        simulate: impl FnOnce(&mut dyn FnMut(u32, &[SimCall])) -> T,
    ) -> Result<T> {
        let mut result = None;
        atomic::write_with(&self.path, |w| {
            let mut out = if self.parquet {
                Stream::parquet(w)?
            } else {
                Stream::csv(w)?
            };
            let mut failed = None;
            let value = simulate(&mut |r, calls| {
                if failed.is_none()
                    && let Err(e) = out.replication(r, &log_of(r, calls, types))
                {
                    failed = Some(e);
                }
            });
            if let Some(e) = failed {
                return Err(e);
            }
            out.finish()?;
            result = Some(value);
            Ok(())
        })?;
        result.context("the call log was written without simulating")
    }
}

/// The records of one replication's calls, sorted by date and arrival.
pub fn log_of(replication: u32, calls: &[SimCall], types: &[String]) -> CallLog {
    let mut records: Vec<CallRecord> = calls
        .iter()
        .map(|c| CallRecord {
            date: c.date,
            arrival_s: c.arrival_s,
            ivr_entry_s: c.menu_exit_s.map(|_| c.arrival_s),
            ivr_exit_s: c.menu_exit_s,
            queue_start_s: c.queue.map(|q| q.0),
            queue_exit_s: c.queue.map(|q| q.1),
            outcome: match c.outcome {
                SimOutcome::Answered => Outcome::Answered,
                SimOutcome::Abandoned | SimOutcome::SelfServed => Outcome::Abandoned,
                SimOutcome::Blocked => Outcome::Other,
            },
            service_start_s: c.service.map(|s| s.0),
            service_end_s: c.service.map(|s| s.1),
            agent: c.agent,
            caller: Some((u64::from(replication) << 32) | u64::from(c.caller)),
            call_type: Some(c.ty),
            source_line: 0,
        })
        .collect();
    records.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.arrival_s.total_cmp(&b.arrival_s))
            .then(a.caller.cmp(&b.caller))
    });
    for (i, r) in records.iter_mut().enumerate() {
        r.source_line = i as u64 + 1;
    }
    let agents = calls
        .iter()
        .filter_map(|c| c.agent)
        .max()
        .map_or(0, |m| m + 1);
    CallLog {
        rows_read: records.len() as u64,
        records,
        agents: (0..agents).map(|k| format!("first-{k}")).collect(),
        types: types.to_vec(),
        ..CallLog::default()
    }
}

/// An open call-log file taking one replication at a time.
enum Stream<'w, W: Write> {
    Csv(&'w mut W, String),
    Parquet(Box<BatchedWriter<&'w mut W>>),
}

impl<'w, W: Write> Stream<'w, W> {
    fn csv(w: &'w mut W) -> Result<Self> {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        writeln!(w, "{REPLICATION_COLUMN},{}", names.join(","))?;
        Ok(Stream::Csv(w, String::with_capacity(200)))
    }

    fn parquet(w: &'w mut W) -> Result<Self> {
        let schema = with_replication(0, &CallLog::default())?.schema().clone();
        let writer = ParquetWriter::new(w)
            .with_compression(ParquetCompression::Zstd(None))
            .batched(&schema)?;
        Ok(Stream::Parquet(Box::new(writer)))
    }

    fn replication(&mut self, r: u32, log: &CallLog) -> Result<()> {
        match self {
            Stream::Csv(w, line) => {
                check_times(log)?;
                for rec in &log.records {
                    line.clear();
                    line.push_str(&r.to_string());
                    line.push(',');
                    csv_line(line, rec, log);
                    w.write_all(line.as_bytes())?;
                }
            }
            Stream::Parquet(writer) => {
                if !log.records.is_empty() {
                    writer.write_batch(&with_replication(r, log)?)?;
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        if let Stream::Parquet(writer) = self {
            writer.finish()?;
        }
        Ok(())
    }
}

/// The generic frame of `log` behind a leading `replication` column.
fn with_replication(r: u32, log: &CallLog) -> Result<polars::prelude::DataFrame> {
    let mut df = frame(log)?;
    let col = Series::new(REPLICATION_COLUMN.into(), vec![r; df.height()]).into_column();
    df.insert_column(0, col)?;
    Ok(df)
}
