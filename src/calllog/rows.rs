//! Turning rows of text cells into [`CallRecord`]s, whatever the file format: the header
//! is matched against the column map, each cell is parsed and the row checked, and the
//! problems are collected per file.

use std::collections::HashMap;

use jiff::civil::Date;

use super::clock::{self, DAY_S, Time};
use super::columns::{ColumnMap, Field};
use super::error::{LogError, MAX_PROBLEMS_PER_FILE, Problem};
use super::record::{CallLog, CallRecord, Excluded, Outcome};

/// A clock time this much earlier than the call's arrival is read as the next day: the
/// log wrote an after-midnight time on the call's date. Less than this earlier is an
/// inconsistency of the log (the bank's own rows have queue entries up to 75 s before
/// the menu entry), not a new day.
const NEXT_DAY_AFTER_S: f64 = DAY_S / 2.0;

/// Service may start this much before the arrival without an error: logs that round
/// to whole seconds write service starts up to 1 s early.
const ROUNDING_TOLERANCE_S: f64 = 1.0;

/// Whether to go on reading a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    Stop,
}

/// Where each field is in one file, and that file's problems so far.
pub(crate) struct Layout {
    file: String,
    header: Vec<String>,
    /// Cell index of each field, indexed by [`Field`].
    cols: [Option<usize>; 12],
    /// The file has no date column: times must be timestamps.
    timestamps: bool,
    rows: u64,
}

impl Layout {
    /// Number of header columns.
    pub(crate) fn width(&self) -> usize {
        self.header.len()
    }
}

/// Builds one [`CallLog`] from the rows of one or more files.
pub(crate) struct Builder<'m> {
    map: &'m ColumnMap,
    log: CallLog,
    agent_ids: HashMap<Box<str>, u32>,
    type_ids: HashMap<Box<str>, u16>,
    problems: Vec<Problem>,
    total_problems: u64,
    kept_in_file: usize,
    /// The last date cell read and its value: most rows repeat the previous date.
    date_cache: Option<(String, Date)>,
}

/// A parsed cell: the value and where it came from, for messages.
#[derive(Clone, Copy)]
struct Cell<'c> {
    col: usize,
    text: &'c str,
}

impl<'m> Builder<'m> {
    pub(crate) fn new(map: &'m ColumnMap) -> Self {
        Builder {
            map,
            log: CallLog::default(),
            agent_ids: HashMap::new(),
            type_ids: HashMap::new(),
            problems: Vec::new(),
            total_problems: 0,
            kept_in_file: 0,
            date_cache: None,
        }
    }

    /// Records a problem of the current file (kept if the file has fewer than
    /// [`MAX_PROBLEMS_PER_FILE`]).
    pub(crate) fn problem(&mut self, p: Problem) {
        self.total_problems += 1;
        if self.kept_in_file < MAX_PROBLEMS_PER_FILE {
            self.kept_in_file += 1;
            self.problems.push(p);
        }
    }

    /// Starts a file: matches its header against the column map. `None` (with the
    /// problems recorded) when a column the map needs is missing.
    pub(crate) fn start_file(&mut self, file: &str, header: Vec<String>) -> Option<Layout> {
        self.kept_in_file = 0;
        self.log.files.push(file.to_owned());
        let find = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(name)))
        };
        let mut cols = [None; 12];
        let mut missing = Vec::new();
        for field in Field::ALL {
            let Some(name) = self.map.column(field) else {
                continue;
            };
            match find(name) {
                Some(i) => {
                    if let Some(slot) = cols.get_mut(field.index()) {
                        *slot = Some(i);
                    }
                }
                // A missing date column is allowed when the times are timestamps; the
                // first row tells.
                None if field == Field::Date => {}
                None if self.map.insists(field) => missing.push((field, name.to_owned())),
                None => {}
            }
        }
        for (field, column) in missing.iter().cloned() {
            self.problem(Problem::MissingColumn {
                file: file.to_owned(),
                column,
                field: field.key(),
                header: header.clone(),
            });
        }
        if !missing.is_empty() {
            return None;
        }
        let timestamps = self.map.column(Field::Date).is_none()
            || cols.get(Field::Date.index()).copied().flatten().is_none();
        Some(Layout {
            file: file.to_owned(),
            header,
            cols,
            timestamps,
            rows: 0,
        })
    }

    /// Ends a file: a file with a header and no rows is a problem.
    pub(crate) fn end_file(&mut self, lay: &Layout) {
        if lay.rows == 0 {
            self.problem(Problem::HeaderOnly {
                file: lay.file.clone(),
            });
        }
    }

    /// A value problem of `col`.
    fn bad(&mut self, lay: &Layout, line: u64, col: usize, found: &str, expected: String) {
        self.problem(Problem::Value {
            file: lay.file.clone(),
            line,
            column_number: col + 1,
            column: lay.header.get(col).cloned().unwrap_or_default(),
            found: found.to_owned(),
            expected,
        });
    }

    /// Reads one data row; `cells(i)` is the `i`-th cell (`None` past the row's end) and
    /// `len` the number of cells.
    pub(crate) fn row<'c>(
        &mut self,
        lay: &mut Layout,
        line: u64,
        len: usize,
        cells: &dyn Fn(usize) -> Option<&'c str>,
    ) -> Flow {
        lay.rows += 1;
        self.log.rows_read += 1;
        let lay: &Layout = lay;
        if len != lay.header.len() {
            self.problem(Problem::FieldCount {
                file: lay.file.clone(),
                line,
                found: len,
                expected: lay.header.len(),
            });
            return Flow::Continue;
        }
        let cell = |f: Field| -> Option<Cell<'c>> {
            let col = lay.cols.get(f.index()).copied().flatten()?;
            Some(Cell {
                col,
                text: cells(col).unwrap_or_default().trim(),
            })
        };
        if lay.timestamps && lay.rows == 1 && !self.first_row_has_timestamps(&cell) {
            self.problem(Problem::MissingColumn {
                file: lay.file.clone(),
                column: self.map.column(Field::Date).unwrap_or("date").to_owned(),
                field: Field::Date.key(),
                header: lay.header.clone(),
            });
            return Flow::Stop;
        }
        let before = self.total_problems;

        // Times, as parsed.
        let mut times: [Option<(Time, Cell<'c>)>; 12] = [None; 12];
        // A column mapped to two fields (the bank's vru_entry) is reported once.
        let mut reported = [usize::MAX; 7];
        for (k, field) in Field::ALL.into_iter().filter(|f| f.is_time()).enumerate() {
            let Some(c) = cell(field) else { continue };
            match self.time(c.text) {
                Ok(Some(t)) => {
                    if let Some(slot) = times.get_mut(field.index()) {
                        *slot = Some((t, c));
                    }
                }
                Ok(None) => {}
                Err(_) if reported.contains(&c.col) => {}
                Err(expected) => {
                    if let Some(slot) = reported.get_mut(k) {
                        *slot = c.col;
                    }
                    self.bad(lay, line, c.col, c.text, expected);
                }
            }
        }
        let time_of = |f: Field| times.get(f.index()).copied().flatten();
        let arrival_chain = [
            Field::Arrival,
            Field::IvrEntry,
            Field::QueueStart,
            Field::ServiceStart,
        ];
        let first = arrival_chain.iter().find_map(|f| time_of(*f));

        // The call's date.
        let date = if lay.timestamps {
            match first {
                Some((Time::Stamp(d, _), _)) => Some(d),
                Some((Time::Clock(_), c)) => {
                    self.bad(
                        lay,
                        line,
                        c.col,
                        c.text,
                        "a timestamp YYYY-MM-DD HH:MM:SS, as the header has no date column".into(),
                    );
                    None
                }
                None => None,
            }
        } else {
            cell(Field::Date).and_then(|c| self.date(lay, line, c))
        };

        let Some(arrival_cell) = first.map(|(_, c)| c) else {
            if let Some(c) = cell(Field::Arrival)
                && self.total_problems == before
            {
                self.bad(
                    lay,
                    line,
                    c.col,
                    c.text,
                    "a time: every call needs an arrival (or a menu, queue or service time)".into(),
                );
            }
            return Flow::Continue;
        };
        let outcome = cell(Field::Outcome).and_then(|c| self.outcome(lay, line, c));
        let agent = cell(Field::Agent).and_then(|c| self.agent(lay, line, c));
        let caller = cell(Field::Caller).and_then(|c| self.caller(lay, line, c));
        let call_type = cell(Field::Type).and_then(|c| self.call_type(lay, line, c));
        let (Some(date), Some(outcome)) = (date, outcome) else {
            return Flow::Continue;
        };
        if self.total_problems != before {
            return Flow::Continue;
        }

        // Seconds since midnight of the call's date; clock times well before the arrival
        // are after midnight.
        let base = clock::epoch_days(date);
        let absolute = |t: Time| match t {
            Time::Clock(x) => (x, true),
            Time::Stamp(d, x) => ((clock::epoch_days(d) - base) as f64 * DAY_S + x, false),
        };
        let arrival_s = first.map(|(t, _)| absolute(t).0).unwrap_or_default();
        let secs = |f: Field| -> Option<f64> {
            let (t, _) = time_of(f)?;
            let (x, is_clock) = absolute(t);
            Some(if is_clock && x < arrival_s - NEXT_DAY_AFTER_S {
                x + DAY_S
            } else {
                x
            })
        };
        let record = CallRecord {
            date,
            arrival_s,
            ivr_entry_s: secs(Field::IvrEntry),
            ivr_exit_s: secs(Field::IvrExit),
            queue_start_s: secs(Field::QueueStart),
            queue_exit_s: secs(Field::QueueExit),
            outcome: outcome.0,
            service_start_s: secs(Field::ServiceStart),
            service_end_s: secs(Field::ServiceEnd),
            agent,
            caller,
            call_type,
            source_line: line,
        };

        let text = |f: Field| time_of(f).map(|(_, c)| c);
        if let (Some(a), Some(b), Some(cb)) = (
            record.queue_start_s,
            record.queue_exit_s,
            text(Field::QueueExit),
        ) && b < a
        {
            let start = text(Field::QueueStart).map(|c| c.text).unwrap_or_default();
            self.bad(
                lay,
                line,
                cb.col,
                cb.text,
                format!("a time not before the queue start {start:?}"),
            );
        }
        if let (Some(a), Some(b), Some(cb)) = (
            record.service_start_s,
            record.service_end_s,
            text(Field::ServiceEnd),
        ) && b < a
        {
            let start = text(Field::ServiceStart)
                .map(|c| c.text)
                .unwrap_or_default();
            self.bad(
                lay,
                line,
                cb.col,
                cb.text,
                format!("a time not before the service start {start:?}"),
            );
        }
        if let (Some(s), Some(cs)) = (record.service_start_s, text(Field::ServiceStart))
            && s < arrival_s - ROUNDING_TOLERANCE_S
        {
            self.bad(
                lay,
                line,
                cs.col,
                cs.text,
                format!(
                    "a time not before the call's arrival {:?} (column {}; 1 s tolerance)",
                    arrival_cell.text,
                    lay.header.get(arrival_cell.col).map_or("", String::as_str)
                ),
            );
        }
        if self.total_problems != before {
            return Flow::Continue;
        }

        let excluded = if outcome.1 {
            Some(Excluded::Phantom)
        } else if record.outcome == Outcome::Answered && record.agent.is_none() {
            Some(Excluded::ServiceWithoutAgent)
        } else if record.outcome == Outcome::Answered && record.handle_s().is_none() {
            Some(Excluded::AnsweredWithoutService)
        } else {
            None
        };
        match excluded {
            Some(kind) => *self.log.excluded.entry(kind).or_insert(0) += 1,
            None => self.log.records.push(record),
        }
        Flow::Continue
    }

    fn first_row_has_timestamps<'c>(&self, cell: &dyn Fn(Field) -> Option<Cell<'c>>) -> bool {
        [
            Field::Arrival,
            Field::IvrEntry,
            Field::QueueStart,
            Field::ServiceStart,
        ]
        .iter()
        .filter_map(|f| cell(*f))
        .find(|c| !self.absent(c.text))
        .is_some_and(|c| clock::parse_timestamp(c.text).is_some())
    }

    fn absent(&self, s: &str) -> bool {
        s.is_empty() || self.map.absent_time.as_deref() == Some(s)
    }

    /// A time cell: `Ok(None)` when it did not happen, `Err(expected)` when unreadable.
    fn time(&self, s: &str) -> Result<Option<Time>, String> {
        if self.absent(s) {
            return Ok(None);
        }
        if let Some(p) = &self.map.time_format {
            return p
                .parse_time(s)
                .map(|x| Some(Time::Clock(x)))
                .ok_or_else(|| format!("a time {}", p.human()));
        }
        if let Some(x) = clock::parse_clock(s).or_else(|| clock::parse_seconds(s)) {
            return Ok(Some(Time::Clock(x)));
        }
        clock::parse_timestamp(s)
            .map(|(d, x)| Some(Time::Stamp(d, x)))
            .ok_or_else(|| {
                "a time H:MM:SS[.fff], seconds since midnight, or a timestamp \
                 YYYY-MM-DD HH:MM:SS"
                    .into()
            })
    }

    fn date(&mut self, lay: &Layout, line: u64, c: Cell<'_>) -> Option<Date> {
        if let Some((text, d)) = &self.date_cache
            && text == c.text
        {
            return Some(*d);
        }
        let parsed = match &self.map.date_format {
            Some(p) => p.parse_date(c.text),
            None => clock::parse_iso_date(c.text),
        };
        match parsed {
            Some(d) => {
                self.date_cache = Some((c.text.to_owned(), d));
                Some(d)
            }
            None => {
                let layout = self
                    .map
                    .date_format
                    .as_ref()
                    .map_or_else(|| "YYYY-MM-DD".to_owned(), |p| p.human());
                self.bad(lay, line, c.col, c.text, format!("a date {layout}"));
                None
            }
        }
    }

    /// The outcome and whether the row is a phantom.
    fn outcome(&mut self, lay: &Layout, line: u64, c: Cell<'_>) -> Option<(Outcome, bool)> {
        let o = &self.map.outcomes;
        let is = |values: &[String]| values.iter().any(|v| v.eq_ignore_ascii_case(c.text));
        if is(&o.answered) {
            Some((Outcome::Answered, false))
        } else if is(&o.abandoned) {
            Some((Outcome::Abandoned, false))
        } else if is(&o.other) {
            Some((Outcome::Other, false))
        } else if is(&o.phantom) {
            Some((Outcome::Other, true))
        } else {
            let all: Vec<&str> = [&o.answered, &o.abandoned, &o.other, &o.phantom]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            self.bad(
                lay,
                line,
                c.col,
                c.text,
                format!("an outcome: one of {}", all.join(", ")),
            );
            None
        }
    }

    fn agent(&mut self, lay: &Layout, line: u64, c: Cell<'_>) -> Option<u32> {
        if c.text.is_empty() || self.map.no_agent.as_deref() == Some(c.text) {
            return None;
        }
        if let Some(id) = self.agent_ids.get(c.text) {
            return Some(*id);
        }
        let Ok(id) = u32::try_from(self.log.agents.len()) else {
            self.bad(lay, line, c.col, c.text, "fewer distinct agents".into());
            return None;
        };
        self.agent_ids.insert(c.text.into(), id);
        self.log.agents.push(c.text.to_owned());
        Some(id)
    }

    fn call_type(&mut self, lay: &Layout, line: u64, c: Cell<'_>) -> Option<u16> {
        if c.text.is_empty() {
            return None;
        }
        if let Some(id) = self.type_ids.get(c.text) {
            return Some(*id);
        }
        let Ok(id) = u16::try_from(self.log.types.len()) else {
            self.bad(
                lay,
                line,
                c.col,
                c.text,
                "at most 65,536 distinct call types".into(),
            );
            return None;
        };
        self.type_ids.insert(c.text.into(), id);
        self.log.types.push(c.text.to_owned());
        Some(id)
    }

    fn caller(&mut self, lay: &Layout, line: u64, c: Cell<'_>) -> Option<u64> {
        // A number a spreadsheet rounded to scientific notation (the bank log's
        // `6.02701E+11`) no longer identifies anyone: the caller is unknown.
        if c.text.is_empty() || is_rounded_by_spreadsheet(c.text) {
            return None;
        }
        match c.text.parse::<u64>() {
            Ok(0) => None,
            Ok(n) if c.text.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => {
                self.bad(
                    lay,
                    line,
                    c.col,
                    c.text,
                    "a caller number (digits; 0 or empty for unknown)".into(),
                );
                None
            }
        }
    }

    /// The log, or every problem found.
    pub(crate) fn finish(self) -> Result<CallLog, LogError> {
        if self.total_problems > 0 {
            return Err(LogError::Invalid {
                problems: self.problems,
                total: self.total_problems,
            });
        }
        let mut log = self.log;
        canonical_names(&mut log);
        log.records.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then(a.arrival_s.total_cmp(&b.arrival_s))
                .then(a.source_line.cmp(&b.source_line))
        });
        Ok(log)
    }
}

/// `d.dddE+nn`: a long number a spreadsheet rounded.
fn is_rounded_by_spreadsheet(s: &str) -> bool {
    let Some((mantissa, exponent)) = s.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(mantissa),
    };
    mantissa_ok && digits(exponent)
}

/// Keeps the agent and type names of usable records only, sorted, so that a log's
/// indices depend neither on its row order nor on its excluded rows.
fn canonical_names(log: &mut CallLog) {
    let mut agent_used = vec![false; log.agents.len()];
    let mut type_used = vec![false; log.types.len()];
    for r in &log.records {
        if let Some(u) = r.agent.and_then(|a| agent_used.get_mut(a as usize)) {
            *u = true;
        }
        if let Some(u) = r.call_type.and_then(|t| type_used.get_mut(usize::from(t))) {
            *u = true;
        }
    }
    let agent_map = sort_names(&mut log.agents, &agent_used);
    let type_map = sort_names(&mut log.types, &type_used);
    for r in &mut log.records {
        r.agent = r
            .agent
            .and_then(|a| agent_map.get(a as usize).copied())
            .and_then(|a| u32::try_from(a).ok());
        r.call_type = r
            .call_type
            .and_then(|t| type_map.get(usize::from(t)).copied())
            .and_then(|t| u16::try_from(t).ok());
    }
}

/// Keeps the `used` names, sorted; returns, for each old index, the new one (unused
/// names map to an index no record holds).
fn sort_names(names: &mut Vec<String>, used: &[bool]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..names.len())
        .filter(|i| used.get(*i).copied().unwrap_or(false))
        .collect();
    order.sort_by(|a, b| names.get(*a).cmp(&names.get(*b)));
    let mut new_of_old = vec![0; names.len()];
    for (new, old) in order.iter().enumerate() {
        if let Some(slot) = new_of_old.get_mut(*old) {
            *slot = new;
        }
    }
    let sorted: Vec<String> = order
        .iter()
        .filter_map(|i| names.get(*i).cloned())
        .collect();
    *names = sorted;
    new_of_old
}
