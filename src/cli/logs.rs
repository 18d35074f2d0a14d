//! The call logs named on the command line (`fit`, `backtest`): their checked layout, and
//! the `--from`/`--to` window.

use super::{LogArgs, LogFormatArg};
use crate::calllog::{self, CallLog, ColumnMap, LogFormat};
use crate::error::{Error, Result};

impl LogArgs {
    /// The layout asked for: a preset, the generic schema, or the centre's own columns.
    pub fn format(&self) -> Result<LogFormat> {
        match (self.log_format, &self.columns) {
            (LogFormatArg::AnonymousBank, Some(_)) => Err(Error::Usage(
                "--columns describes a centre's own layout; it cannot be combined with --log-format anonymous-bank".into(),
            )),
            (LogFormatArg::AnonymousBank, None) => Ok(LogFormat::AnonymousBank),
            (LogFormatArg::ArrivalCounts, _) => Err(Error::Usage(
                "--log-format arrival-counts holds no call records: only `ccplan fit` takes it, and fits arrivals only".into(),
            )),
            (LogFormatArg::Generic, Some(path)) => {
                Ok(LogFormat::Generic(ColumnMap::from_yaml_file(path)?))
            }
            (LogFormatArg::Generic, None) => Ok(LogFormat::default()),
        }
    }

    /// The log files as given, for reports and provenance.
    pub fn file_names(&self) -> Vec<String> {
        self.logs.iter().map(|p| p.display().to_string()).collect()
    }

    /// Reads every log file into one log.
    pub fn read(&self) -> Result<CallLog> {
        Ok(calllog::read(&self.logs, &self.format()?)?)
    }
}

/// Parses a `--from`/`--to` date.
fn parse_date(flag: &str, value: Option<&str>) -> Result<Option<jiff::civil::Date>> {
    value
        .map(|v| {
            v.parse::<jiff::civil::Date>().map_err(|_| {
                Error::Usage(format!("{flag}: found `{v}`, expected a date YYYY-MM-DD"))
            })
        })
        .transpose()
}

/// A `--from`/`--to` window of dates, each end optional, checked to be in order.
pub fn date_window(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<jiff::civil::Date>, Option<jiff::civil::Date>)> {
    let from = parse_date("--from", from)?;
    let to = parse_date("--to", to)?;
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(Error::Usage(format!("--to {t} is before --from {f}")));
    }
    Ok((from, to))
}
