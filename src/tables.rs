//! The tables a run leaves behind, as polars DataFrames written to Parquet and CSV.
//!
//! Data flows one way: [`build_tables`] turns a run's statistics and its scenario into a
//! [`Tables`]; [`write_tables`] writes each table as `<name>.parquet` and `<name>.csv`,
//! atomically; [`read_tables`] reads the Parquet files back, checked against the schema.
//! Charts and notebooks read these tables, never `RunStats`.
//!
//! Every table and column (name, type, unit, definition) is declared once, in [`schema`];
//! `outputs/README.md` is generated from it.
//!
//! ```no_run
//! # fn main() -> anyhow::Result<()> {
//! let tables = ccplan::tables::read_tables(std::path::Path::new("outputs/minimal"))?;
//! println!("{}", tables.intervals.head(Some(3)));
//! # Ok(())
//! # }
//! ```

pub mod access;
mod build;
pub mod io;
pub mod schema;
pub mod staffing;

use polars::prelude::DataFrame;

pub use build::build_tables;
pub(crate) use build::epoch_days;
pub use io::{read_tables, write_tables};

/// One DataFrame per table; the columns of each are documented in [`schema`].
#[derive(Debug, Clone)]
pub struct Tables {
    /// [`schema::INTERVALS`]: one row per (date, interval, line).
    pub intervals: DataFrame,
    /// [`schema::DAYS`]: one row per (date, line).
    pub days: DataFrame,
    /// [`schema::CONTACT_TYPES`]: one row per (contact type, line).
    pub contact_types: DataFrame,
    /// [`schema::EMAIL`]: one row per date (none without e-mail).
    pub email: DataFrame,
    /// [`schema::WAIT_DISTRIBUTION`]: one row per (line, period, kind, bin).
    pub wait_distribution: DataFrame,
    /// [`schema::REPLICATIONS`]: one row per (replication, line).
    pub replications: DataFrame,
}

impl Tables {
    /// Every table with its schema, in [`schema::TABLES`] order.
    pub fn iter(&self) -> [(&'static schema::Table, &DataFrame); 6] {
        [
            (&schema::INTERVALS, &self.intervals),
            (&schema::DAYS, &self.days),
            (&schema::CONTACT_TYPES, &self.contact_types),
            (&schema::EMAIL, &self.email),
            (&schema::WAIT_DISTRIBUTION, &self.wait_distribution),
            (&schema::REPLICATIONS, &self.replications),
        ]
    }

    /// The waiting-time thresholds (seconds) of the `sl_<T>s` columns.
    pub fn thresholds(&self) -> Vec<f64> {
        let names: Vec<&str> = self
            .replications
            .get_column_names()
            .into_iter()
            .map(|n| n.as_str())
            .collect();
        schema::thresholds_in(&names)
    }
}
