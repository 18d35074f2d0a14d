//! Arrival counts: calls per interval of each date, the form in which many centres (and
//! published data sets) keep their history when call records are gone.
//!
//! A CSV file with a header naming at least `date` (`YYYY-MM-DD`), `time` (the interval's
//! start, `HH:MM` or `H:MM:SS`) and `calls` (a whole number ≥ 0); other columns (a
//! weekday, say) are ignored. Cells may be quoted. The interval length is the smallest
//! step between two times of one date.

use std::io::BufRead;
use std::path::Path;

use jiff::civil::Date;

use super::clock::{parse_clock, parse_iso_date};
use super::error::{LogError, MAX_PROBLEMS_PER_FILE, Problem};

/// Calls per interval, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalCounts {
    /// Length of one counting interval, seconds.
    pub step_s: u32,
    /// (date, interval start in seconds since midnight, calls), sorted by date and time.
    pub rows: Vec<(Date, u32, u32)>,
}

/// Reads an arrival-counts CSV file.
pub fn read_counts(path: &Path) -> Result<ArrivalCounts, LogError> {
    let file = path.display().to_string();
    let invalid = |p: Problem| LogError::Invalid {
        problems: vec![p],
        total: 1,
    };
    let f = std::fs::File::open(path).map_err(|e| {
        invalid(Problem::Unreadable {
            file: file.clone(),
            message: e.to_string(),
        })
    })?;
    let mut lines = std::io::BufReader::new(f).lines();
    let header = match lines.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(invalid(Problem::Unreadable {
                file,
                message: e.to_string(),
            }));
        }
        None => return Err(invalid(Problem::Empty { file })),
    };
    let names: Vec<String> = split(header.trim_start_matches('\u{feff}'));
    let col = |want: &str| names.iter().position(|n| n.eq_ignore_ascii_case(want));
    let mut problems = Vec::new();
    let mut cols = [0usize; 3];
    for (slot, want) in cols.iter_mut().zip(["date", "time", "calls"]) {
        match col(want) {
            Some(i) => *slot = i,
            None => problems.push(Problem::MissingColumn {
                file: file.clone(),
                column: want.to_owned(),
                field: match want {
                    "date" => "date",
                    "time" => "time",
                    _ => "calls",
                },
                header: names.clone(),
            }),
        }
    }
    if !problems.is_empty() {
        let total = problems.len() as u64;
        return Err(LogError::Invalid { problems, total });
    }
    let mut total = 0u64;
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (k, line) in lines.enumerate() {
        let line_no = k as u64 + 2;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                problems.push(Problem::Unreadable {
                    file: file.clone(),
                    message: format!("line {line_no}: {e}"),
                });
                total += 1;
                break;
            }
        };
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cells = split(line);
        if cells.len() != names.len() {
            total += 1;
            if problems.len() < MAX_PROBLEMS_PER_FILE {
                problems.push(Problem::FieldCount {
                    file: file.clone(),
                    line: line_no,
                    found: cells.len(),
                    expected: names.len(),
                });
            }
            continue;
        }
        let mut bad = |c: usize, expected: &str| {
            total += 1;
            if problems.len() < MAX_PROBLEMS_PER_FILE {
                problems.push(Problem::Value {
                    file: file.clone(),
                    line: line_no,
                    column_number: c + 1,
                    column: names[c].clone(),
                    found: cells[c].clone(),
                    expected: expected.to_owned(),
                });
            }
        };
        let date = parse_iso_date(&cells[cols[0]]);
        let time = parse_hhmm(&cells[cols[1]]);
        let calls = cells[cols[2]].parse::<u32>().ok();
        if date.is_none() {
            bad(cols[0], "a date YYYY-MM-DD");
        }
        if time.is_none() {
            bad(cols[1], "a time of day HH:MM or H:MM:SS before 24:00");
        }
        if calls.is_none() {
            bad(cols[2], "a whole number of calls ≥ 0");
        }
        if let (Some(d), Some(t), Some(n)) = (date, time, calls) {
            if seen.insert((d, t)) {
                rows.push((d, t, n));
            } else {
                bad(cols[1], "a time not given before for the same date");
            }
        }
    }
    if !problems.is_empty() {
        return Err(LogError::Invalid { problems, total });
    }
    if rows.is_empty() {
        return Err(invalid(Problem::HeaderOnly { file }));
    }
    rows.sort_by_key(|r| (r.0, r.1));
    let step_s = rows
        .windows(2)
        .filter(|w| w[0].0 == w[1].0 && w[1].1 > w[0].1)
        .map(|w| w[1].1 - w[0].1)
        .min()
        .unwrap_or(86_400);
    Ok(ArrivalCounts { step_s, rows })
}

fn split(line: &str) -> Vec<String> {
    line.split(',')
        .map(|c| c.trim().trim_matches('"').to_owned())
        .collect()
}

/// `HH:MM` or `H:MM:SS`, whole seconds since midnight, before 24:00.
fn parse_hhmm(s: &str) -> Option<u32> {
    let t = parse_clock(s).or_else(|| parse_clock(&format!("{s}:00")))?;
    ((0.0..86_400.0).contains(&t) && t.fract() == 0.0).then_some(t as u32)
}
