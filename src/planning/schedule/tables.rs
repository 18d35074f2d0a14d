//! `schedule.parquet` / `.csv`: one row per (line, day pattern, shift kind) with agents.

use anyhow::Result;
use polars::prelude::{DataFrame, IntoColumn, NamedFrom, Series};

use super::Roster;
use crate::planning::output::{ColumnDoc, TableDoc};
use crate::scenario::{Scenario, hhmm};

/// The `schedule` table's documentation.
pub fn schedule_doc() -> TableDoc {
    TableDoc {
        name: "schedule".into(),
        rows: "line, day pattern and shift kind with agents on it".into(),
        columns: vec![
            ColumnDoc::new("line", "", "`first` or `second`"),
            ColumnDoc::new(
                "pattern",
                "",
                "the days the row serves: a weekday (`mon` … `sun`) or a date",
            ),
            ColumnDoc::new(
                "days",
                "days",
                "working days of the horizon on this pattern",
            ),
            ColumnDoc::new(
                "contract",
                "",
                "the contract kind (`shift_rules.contracts`)",
            ),
            ColumnDoc::new("permanent", "", "whether the contract kind is permanent"),
            ColumnDoc::new("start", "HH:MM", "the shift's start"),
            ColumnDoc::new("end", "HH:MM", "the shift's end"),
            ColumnDoc::new("length_h", "h", "end − start, breaks included"),
            ColumnDoc::new("paid_h", "h", "length less unpaid breaks"),
            ColumnDoc::new(
                "breaks",
                "",
                "breaks as `HH:MM+minutes`, separated by spaces (empty: none)",
            ),
            ColumnDoc::new(
                "agents",
                "agents",
                "agents on this shift each day of the pattern",
            ),
        ],
    }
}

/// The `schedule` table of `roster`.
pub fn schedule_frame(sc: &Scenario, roster: &Roster) -> Result<DataFrame> {
    let mut line = Vec::new();
    let mut pattern = Vec::new();
    let mut days = Vec::new();
    let mut contract = Vec::new();
    let mut permanent = Vec::new();
    let mut start = Vec::new();
    let mut end = Vec::new();
    let mut length_h = Vec::new();
    let mut paid_h = Vec::new();
    let mut breaks = Vec::new();
    let mut agents = Vec::new();
    for l in &roster.lines {
        let rules = sc
            .lines
            .get(l.line)
            .and_then(|x| x.shift_rules.as_ref())
            .expect("a scheduled line has shift rules");
        for (p, s) in roster.patterns.iter().zip(&l.solved) {
            for (c, &a) in l.columns.iter().zip(&s.agents) {
                if a == 0 {
                    continue;
                }
                let k = &rules.contracts[c.contract];
                line.push(l.line.key());
                pattern.push(p.label.clone());
                days.push(p.days.len() as u32);
                contract.push(k.name.clone());
                permanent.push(k.permanent);
                start.push(hhmm(c.start_s));
                end.push(hhmm(c.start_s + c.length_s));
                length_h.push(f64::from(c.length_s) / 3600.0);
                paid_h.push(f64::from(c.paid_s) / 3600.0);
                breaks.push(
                    c.breaks
                        .iter()
                        .map(|(b, len)| format!("{}+{}", hhmm(*b), len / 60))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                agents.push(a);
            }
        }
    }
    let columns = vec![
        Series::new("line".into(), line).into_column(),
        Series::new("pattern".into(), pattern).into_column(),
        Series::new("days".into(), days).into_column(),
        Series::new("contract".into(), contract).into_column(),
        Series::new("permanent".into(), permanent).into_column(),
        Series::new("start".into(), start).into_column(),
        Series::new("end".into(), end).into_column(),
        Series::new("length_h".into(), length_h).into_column(),
        Series::new("paid_h".into(), paid_h).into_column(),
        Series::new("breaks".into(), breaks).into_column(),
        Series::new("agents".into(), agents).into_column(),
    ];
    Ok(DataFrame::new_infer_height(columns)?)
}
