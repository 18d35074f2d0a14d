//! Scenarios: YAML files read with serde-saphyr into raw structs, then validated into the
//! checked types of `model` that the rest of ccplan trusts.
//!
//! Reading happens in two stages. [`raw`] mirrors the file (unknown keys rejected, every
//! value carrying its line and column); [`validate`] turns that into a [`Scenario`],
//! collecting every problem of the file rather than stopping at the first. Problems are
//! [`Diagnostic`]s: file, line, column, YAML path, message, the value found and what is
//! allowed, rendered like a compiler's errors.
//!
//! ```
//! let yaml = r#"
//! name: tiny
//! calendar: {start: 2024-01-08, days: 5, open: "08:00", close: "18:00", interval_min: 30}
//! demand: {calls_per_day: 900}
//! contact_types: [{name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}]
//! lines: {first: {shifts: [{start: "08:00", end: "18:00", agents: 10}]}}
//! "#;
//! let scenario = ccplan::scenario::parse_str(yaml, "tiny.yaml").unwrap();
//! assert_eq!(scenario.calendar.intervals_per_day(), 20);
//!
//! let broken = yaml.replace("share: 1.0", "share: 1.5");
//! let errors = ccplan::scenario::parse_str(&broken, "tiny.yaml").unwrap_err();
//! assert_eq!(errors.diagnostics[0].path, "contact_types[0].share");
//! ```

pub mod calendar;
mod model;
mod plan;
mod raw;
pub mod summary;
mod validate;

use std::fmt;
use std::path::Path;

use crate::yaml;

/// A scenario's problems are reported as YAML-input diagnostics.
pub use crate::yaml::{Diagnostic, Snippet};
pub use model::*;
pub use plan::{AgentBlock, WEEKDAY_KEYS, weekday_index};
pub use raw::MAX_FILE_BYTES;
/// Seconds since midnight as `HH:MM`.
pub(crate) use validate::format::hhmm;
/// The largest `demand.calls_per_day` (and `email.per_day`) a scenario may state.
pub use validate::{MAX_CALLS_PER_DAY, MAX_CV, MAX_DURATION_S};

/// Every problem found in one or more scenario files.
///
/// `Display` renders all of them, compiler-style, followed by a count per file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScenarioErrors {
    /// In file order, and within a file in the order found (roughly the file's order).
    pub diagnostics: Vec<Diagnostic>,
}

impl ScenarioErrors {
    pub fn new(diagnostics: Vec<Diagnostic>) -> Self {
        ScenarioErrors { diagnostics }
    }

    /// Appends the problems of another file (or another run).
    pub fn extend(&mut self, other: ScenarioErrors) {
        self.diagnostics.extend(other.diagnostics);
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.diagnostics.iter()
    }
}

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut i = 0;
        while i < self.diagnostics.len() {
            let file = &self.diagnostics[i].file;
            let n = self.diagnostics[i..]
                .iter()
                .take_while(|d| &d.file == file)
                .count();
            for d in &self.diagnostics[i..i + n] {
                writeln!(f, "{d}")?;
            }
            let plural = if n == 1 { "" } else { "s" };
            writeln!(f, "error: {file}: {n} problem{plural}, scenario not loaded")?;
            i += n;
            if i < self.diagnostics.len() {
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

impl From<Diagnostic> for ScenarioErrors {
    fn from(d: Diagnostic) -> Self {
        ScenarioErrors::new(vec![d])
    }
}

/// Reads, parses and validates one scenario file.
///
/// Files over [`MAX_FILE_BYTES`] are refused before being read.
pub fn load(path: &Path) -> Result<Scenario, ScenarioErrors> {
    load_with_text(path).map(|(sc, _)| sc)
}

/// [`load`], also returning the text the scenario was read from (read once, so that a
/// copy or hash of the text describes exactly what was simulated).
///
/// Empirical distributions read from data files (`{dist: empirical, file: …}`) are
/// inlined into the returned text as `values_s: […]`, so that the text alone describes
/// the scenario wherever it is copied (`ccplan run` keeps it as `scenario.yaml`, which
/// `ccplan report` re-reads). The inlined text is checked to give the same scenario;
/// should it not, the text is returned as written.
pub fn load_with_text(path: &Path) -> Result<(Scenario, String), ScenarioErrors> {
    let file = path.display().to_string();
    let text = read_capped(path, &file)?;
    let sc = parse_str(&text, &file)?;
    let text = match validate::inline_data_files(&text, &file) {
        Some(inlined) if parse_str(&inlined, &file).is_ok_and(|again| again == sc) => inlined,
        _ => text,
    };
    Ok((sc, text))
}

/// The scenario file as a YAML input: its name in messages and its size cap.
const SCENARIO_INPUT: yaml::Input = yaml::Input {
    kind: "scenario",
    files: "scenarios",
    max_bytes: MAX_FILE_BYTES,
    too_large_help: "a scenario is a few kilobytes of YAML: is this the right file?",
    budget: yaml::Budget::Large,
};

/// The file's text, unless it is unreadable, too large or not UTF-8.
fn read_capped(path: &Path, file: &str) -> Result<String, ScenarioErrors> {
    SCENARIO_INPUT.read(path, file).map_err(|d| (*d).into())
}

fn too_large(file: &str, size: u64) -> Diagnostic {
    SCENARIO_INPUT.too_large(file, size)
}

/// Parses and validates a scenario held in memory; `file_name` is used in diagnostics.
pub fn parse_str(source: &str, file_name: &str) -> Result<Scenario, ScenarioErrors> {
    if source.len() > MAX_FILE_BYTES {
        return Err(too_large(file_name, source.len() as u64).into());
    }
    let src = yaml::Source::new(file_name, source);
    let raw = raw::parse(&src).map_err(|d| ScenarioErrors::from(*d))?;
    validate::validate(&src, &raw).map_err(ScenarioErrors::new)
}

/// A problem with a rule of a loaded scenario that only a later computation finds (shift
/// rules no roster can meet), located and rendered like a validation error.
pub fn rule_error(
    file: &str,
    text: &str,
    at: &RuleAt,
    message: impl Into<String>,
    allowed: impl Into<String>,
) -> ScenarioErrors {
    let d = yaml::Source::new(file, text)
        .at(&at.path, at.line, at.column, at.len, message)
        .allowed(allowed);
    ScenarioErrors::new(vec![d])
}
