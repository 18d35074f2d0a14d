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
//!   caller's redials and unique across replications; a replication with more than
//!   2³² − 1 callers (validation allows 2 × 10¹⁰ calls a horizon, though such a log would
//!   not fit in memory) is refused rather than numbered ambiguously;
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
                    && let Err(e) = log_of(r, calls, types).and_then(|log| out.replication(r, &log))
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
///
/// # Errors
/// A caller numbered beyond what the log's caller ids hold ([`caller_id`]).
pub fn log_of(replication: u32, calls: &[SimCall], types: &[String]) -> Result<CallLog> {
    let mut records: Vec<CallRecord> = calls
        .iter()
        .map(|c| {
            Ok(CallRecord {
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
                caller: Some(caller_id(replication, c.caller)?),
                call_type: Some(c.ty),
                source_line: 0,
            })
        })
        .collect::<Result<_>>()?;
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
    Ok(CallLog {
        rows_read: records.len() as u64,
        records,
        agents: (0..agents).map(|k| format!("first-{k}")).collect(),
        types: types.to_vec(),
        ..CallLog::default()
    })
}

/// A caller's id in the log: `replication × 2³² + caller`, unique across replications.
///
/// # Errors
/// `caller` of 2³² or more, which would collide with the next replication's ids.
pub fn caller_id(replication: u32, caller: u64) -> Result<u64> {
    match u32::try_from(caller) {
        Ok(n) => Ok((u64::from(replication) << 32) | u64::from(n)),
        Err(_) => bail!(
            "replication {replication} has more than {} callers: the call log's caller ids \
             (replication × 2³² + the caller's number) cannot tell them apart; simulate fewer \
             days or fewer calls per replication",
            u32::MAX
        ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_ids_stay_unique_up_to_the_largest_number_they_hold() {
        let last = u64::from(u32::MAX);
        assert_eq!(caller_id(0, last).unwrap(), last);
        assert!(caller_id(0, last).unwrap() < caller_id(1, 1).unwrap());
        assert_eq!(
            caller_id(u32::MAX, last).unwrap(),
            u64::MAX,
            "the last replication's last caller"
        );
        let err = caller_id(3, last + 1).unwrap_err().to_string();
        assert!(
            err.contains("replication 3 has more than 4294967295 callers"),
            "{err}"
        );
    }
}
