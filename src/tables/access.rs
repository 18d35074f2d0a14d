//! Reading columns of the tables back into plain vectors, by name, for charts and reports.

use anyhow::{Context, Result};
use polars::prelude::{DataFrame, DataType};

/// A numeric column as `f64`, nulls as `None`.
pub fn f64s(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let col = df
        .column(name)
        .with_context(|| format!("no column `{name}`"))?
        .cast(&DataType::Float64)?;
    Ok(col.f64()?.iter().collect())
}

/// A column as text (dates as `YYYY-MM-DD`), nulls as empty strings.
pub fn strings(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    let col = df
        .column(name)
        .with_context(|| format!("no column `{name}`"))?
        .cast(&DataType::String)?;
    Ok(col
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default().to_string())
        .collect())
}

/// A boolean column, nulls as `false`.
pub fn bools(df: &DataFrame, name: &str) -> Result<Vec<bool>> {
    let col = df
        .column(name)
        .with_context(|| format!("no column `{name}`"))?;
    Ok(col.bool()?.iter().map(|b| b.unwrap_or(false)).collect())
}
