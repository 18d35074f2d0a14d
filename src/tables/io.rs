//! Writing tables as Parquet and CSV (atomically, byte-identical for identical frames) and
//! reading them back.
//!
//! Parquet files are zstd-compressed (zstd's default level, 3) in row groups of [`ROW_GROUP_ROWS`] rows;
//! polars writes no timestamp or random identifier, so the bytes depend on the data only.
//! Each file carries its table's name and column documentation as key-value metadata
//! (`ccplan:table`, `ccplan:columns`).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use polars::prelude::{
    CsvReadOptions, CsvWriter, DataFrame, KeyValueMetadata, ParquetCompression, ParquetReader,
    ParquetWriter, SerReader, SerWriter,
};

use super::Tables;
use super::schema::{self, Table};
use crate::atomic;

/// Rows per Parquet row group (fixed, so the layout never depends on the machine).
pub const ROW_GROUP_ROWS: usize = 65_536;

/// File name of a table in a format (`parquet` or `csv`).
pub fn file_name(table: &Table, extension: &str) -> String {
    format!("{}.{extension}", table.name)
}

/// Writes every table into `dir` (which must exist) as Parquet and CSV.
pub fn write_tables(dir: &Path, tables: &Tables) -> Result<()> {
    let thresholds = tables.thresholds();
    for (table, df) in tables.iter() {
        write_table(dir, table, &thresholds, df)?;
    }
    Ok(())
}

/// Writes one table as `<name>.parquet` and `<name>.csv`, each atomically.
pub fn write_table(dir: &Path, table: &Table, thresholds: &[f64], df: &DataFrame) -> Result<()> {
    write_frame(dir, table.name, &table.described_columns(thresholds), df)
}

/// Writes `df` as `<name>.parquet` and `<name>.csv` into `dir`, each atomically; the
/// Parquet file carries the table's name and its columns' `(name, unit, definition)` as
/// key-value metadata (`ccplan:table`, `ccplan:columns`).
pub fn write_frame(
    dir: &Path,
    name: &str,
    columns: &[(String, &str, String)],
    df: &DataFrame,
) -> Result<()> {
    let columns: serde_json::Map<String, serde_json::Value> = columns
        .iter()
        .map(|(name, unit, definition)| {
            (
                name.clone(),
                serde_json::json!({"unit": unit, "definition": definition}),
            )
        })
        .collect();
    let metadata = KeyValueMetadata::from_static(vec![
        ("ccplan:table".to_owned(), name.to_owned()),
        (
            "ccplan:columns".to_owned(),
            serde_json::Value::Object(columns).to_string(),
        ),
    ]);
    atomic::write_with(&dir.join(format!("{name}.parquet")), |w| {
        ParquetWriter::new(w)
            .with_compression(ParquetCompression::Zstd(None))
            .with_row_group_size(Some(ROW_GROUP_ROWS))
            .with_key_value_metadata(Some(metadata))
            .finish(&mut df.clone())?;
        Ok(())
    })?;
    atomic::write_with(&dir.join(format!("{name}.csv")), |w| {
        CsvWriter::new(w)
            .include_header(true)
            .finish(&mut df.clone())?;
        Ok(())
    })
}

/// Reads every table's Parquet file from `dir`, checking each against the schema.
///
/// # Errors
/// A missing or unreadable file, or a table whose columns differ from the schema (files
/// written by another version of ccplan).
pub fn read_tables(dir: &Path) -> Result<Tables> {
    let read = |table: &Table| -> Result<DataFrame> {
        let path = dir.join(file_name(table, "parquet"));
        let file = File::open(&path).with_context(|| format!("opening {}", path.display()))?;
        ParquetReader::new(file)
            .finish()
            .with_context(|| format!("reading {}", path.display()))
    };
    let tables = Tables {
        intervals: read(&schema::INTERVALS)?,
        days: read(&schema::DAYS)?,
        contact_types: read(&schema::CONTACT_TYPES)?,
        email: read(&schema::EMAIL)?,
        wait_distribution: read(&schema::WAIT_DISTRIBUTION)?,
        replications: read(&schema::REPLICATIONS)?,
    };
    let thresholds = tables.thresholds();
    for (table, df) in tables.iter() {
        super::build::check(table, &thresholds, df)
            .with_context(|| format!("in {}", dir.join(file_name(table, "parquet")).display()))?;
    }
    Ok(tables)
}

/// Reads one table's CSV file, typed by the schema (the thresholds are those of its
/// `sl_<T>s` columns).
pub fn read_csv(path: &Path, table: &Table, thresholds: &[f64]) -> Result<DataFrame> {
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_schema(Some(Arc::new(table.polars_schema(thresholds))))
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .and_then(|r| r.finish())
        .with_context(|| format!("reading {}", path.display()))?;
    super::build::check(table, thresholds, &df)
        .with_context(|| format!("in {}", path.display()))?;
    Ok(df)
}
