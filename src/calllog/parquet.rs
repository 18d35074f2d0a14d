//! Reading Parquet logs with polars: each used column is cast to text (dates as
//! `YYYY-MM-DD`, numbers as decimals, nulls as empty) and its rows go through the same
//! checks as a CSV file's. Row `n` (1-based) plays the part of a line.

use std::fs::File;
use std::path::Path;

use polars::prelude::{DataType, ParquetReader, SerReader, StringChunked};

use super::error::Problem;
use super::rows::{Builder, Flow};

/// The cells of one column, row by row (`None` for a null).
type CellIter<'a> = Box<dyn Iterator<Item = Option<&'a str>> + 'a>;

/// Reads a Parquet file into `b`.
pub(crate) fn read(path: &Path, b: &mut Builder<'_>) {
    let file = path.display().to_string();
    let unreadable = |b: &mut Builder<'_>, message: String| {
        b.problem(Problem::Unreadable {
            file: file.clone(),
            message,
        });
    };
    let df = match File::open(path) {
        Ok(f) => match ParquetReader::new(f).finish() {
            Ok(df) => df,
            Err(e) => return unreadable(b, e.to_string()),
        },
        Err(e) => return unreadable(b, e.to_string()),
    };
    let header: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    if header.is_empty() {
        return b.problem(Problem::Empty { file });
    }
    let Some(mut lay) = b.start_file(&file, header) else {
        return;
    };
    let mut text: Vec<Option<StringChunked>> = Vec::with_capacity(lay.width());
    for col in df.columns() {
        // Columns the map does not use are cast too: they are few, and it keeps the
        // cell index equal to the header index.
        let cast = col
            .cast(&DataType::String)
            .and_then(|c| c.str().map(|s| s.rechunk().into_owned()));
        match cast {
            Ok(s) => text.push(Some(s)),
            Err(_) => text.push(None),
        }
    }
    let mut iters: Vec<Option<CellIter<'_>>> = text
        .iter()
        .map(|c| c.as_ref().map(|s| Box::new(s.iter()) as CellIter<'_>))
        .collect();
    let mut cells: Vec<&str> = vec![""; lay.width()];
    for row in 0..df.height() {
        for (cell, it) in cells.iter_mut().zip(iters.iter_mut()) {
            *cell = it.as_mut().and_then(|i| i.next().flatten()).unwrap_or("");
        }
        let get = |i: usize| cells.get(i).copied();
        if b.row(&mut lay, row as u64 + 1, cells.len(), &get) == Flow::Stop {
            return;
        }
    }
    b.end_file(&lay);
}
