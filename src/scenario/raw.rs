//! The scenario file as written: serde structs mirroring the YAML, every value wrapped in
//! `Spanned` so that validation can point at it.
//!
//! Nearly every key is optional here, and numbers are read as [`Num`] (any scalar), so
//! that a missing key or a misspelt number becomes one of many validation errors rather
//! than stopping serde at the first one. What still stops serde, and is reported alone:
//! YAML syntax errors, unknown keys, duplicate keys, a mapping where a list is expected
//! (or the like), and the parser's safety limits ([`crate::yaml::Input`]).

use serde::Deserialize;

use crate::yaml::{Diagnostic, KeyedMap, List, Num, Opt, Source, WordOrList, only_comments};

/// Largest scenario file accepted, bytes. Real scenarios are a few kilobytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: Opt<String>,
    pub description: Opt<String>,
    pub calendar: Opt<RawCalendar>,
    pub demand: Opt<RawDemand>,
    pub contact_types: Opt<List<RawContactType>>,
    pub callers: Opt<RawCallers>,
    pub email: Opt<RawEmail>,
    pub lines: Opt<RawLines>,
    pub trunks: Opt<Num>,
    pub targets: Opt<RawTargets>,
    pub simulation: Opt<RawSimulation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    pub start: Opt<String>,
    pub days: Opt<Num>,
    pub holidays: Opt<WordOrList<String>>,
    pub open: Opt<String>,
    pub close: Opt<String>,
    pub interval_min: Opt<Num>,
    /// Opening hours per weekday; replaces `open`/`close` and the Monday–Friday week.
    pub week: Opt<RawWeek>,
}

/// One optional value per weekday (`mon` … `sun`): the working week's hours
/// ([`RawWeek`]) and the day-of-week factors ([`RawDayOfWeek`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeekly<T> {
    pub mon: Opt<T>,
    pub tue: Opt<T>,
    pub wed: Opt<T>,
    pub thu: Opt<T>,
    pub fri: Opt<T>,
    pub sat: Opt<T>,
    pub sun: Opt<T>,
}

impl<T> RawWeekly<T> {
    /// The weekdays Monday first, with their keys.
    pub fn entries(&self) -> [(&'static str, &Opt<T>); 7] {
        let [mon, tue, wed, thu, fri, sat, sun] = super::WEEKDAY_KEYS;
        [
            (mon, &self.mon),
            (tue, &self.tue),
            (wed, &self.wed),
            (thu, &self.thu),
            (fri, &self.fri),
            (sat, &self.sat),
            (sun, &self.sun),
        ]
    }
}

/// The working week: the hours of each weekday the line opens, Monday first.
pub type RawWeek = RawWeekly<RawHours>;

/// One weekday's opening hours.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    pub open: Opt<String>,
    pub close: Opt<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDemand {
    pub calls_per_day: Opt<Num>,
    pub intraday_profile: Opt<WordOrList<Num>>,
    pub day_of_week: Opt<RawDayOfWeek>,
    pub day_to_day_cv: Opt<Num>,
    pub peaks: Opt<List<RawPeak>>,
    /// Expected calls per interval on given dates, keyed by date.
    pub by_date: Opt<KeyedMap<List<Num>>>,
}

/// Demand factors by weekday.
pub type RawDayOfWeek = RawWeekly<Num>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeak {
    pub name: Opt<String>,
    pub from: Opt<String>,
    pub to: Opt<String>,
    pub days_of_month: Opt<List<Num>>,
    pub factor: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContactType {
    pub name: Opt<String>,
    pub share: Opt<Num>,
    pub self_service: Opt<Num>,
    pub first_line: Opt<RawHandling>,
    pub to_second_line: Opt<Num>,
    pub second_line: Opt<RawHandling>,
    /// This type's callers' patience, instead of `callers.patience`.
    pub patience: Opt<RawDist>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHandling {
    pub handle: Opt<RawDist>,
    /// Handling-time multiplier per interval of the day (by the interval of first arrival).
    pub handle_factor_by_interval: Opt<List<Num>>,
}

/// A distribution, one struct for every kind: which fields belong is checked by `dist`
/// in validation (an enum would lose the locations, see `Spanned`'s documentation).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDist {
    pub dist: Opt<String>,
    pub mean_s: Opt<Num>,
    pub cv: Opt<Num>,
    pub s: Opt<Num>,
    pub values_s: Opt<List<Num>>,
    /// Empirical values read from a file, relative to the scenario file's folder.
    pub file: Opt<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallers {
    pub patience: Opt<RawDist>,
    pub redial: Opt<RawRedial>,
    pub self_service_time: Opt<RawDist>,
    pub served_first: Opt<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedial {
    pub probability: Opt<Num>,
    pub after: Opt<RawDist>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmail {
    pub per_day: Opt<Num>,
    pub line: Opt<String>,
    pub handle: Opt<RawDist>,
    pub reserve_idle_agents: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLines {
    pub first: Opt<RawLine>,
    pub second: Opt<RawLine>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLine {
    pub label: Opt<String>,
    pub posts: Opt<Num>,
    pub permanent_share: Opt<Num>,
    pub temporary_handle_factor: Opt<Num>,
    pub shrinkage: Opt<Num>,
    pub shifts: Opt<List<RawShift>>,
    pub agents_by_interval: Opt<List<Num>>,
    /// Per-date overrides of `agents_by_interval`, keyed by date.
    pub agents_by_date: Opt<KeyedMap<List<Num>>>,
    pub reinforcement: Opt<List<RawReinforcement>>,
    pub availability: Opt<RawAvailability>,
    /// Handling-time multiplier per named agent (read by `ccplan backtest`).
    pub handle_factor_by_agent: Opt<KeyedMap<Num>>,
    pub shift_rules: Opt<RawShiftRules>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShiftRules {
    pub starts: Opt<RawStarts>,
    pub meal_break: Opt<RawBreakRule>,
    pub short_break: Opt<RawBreakRule>,
    pub contracts: Opt<List<RawContract>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStarts {
    pub from: Opt<String>,
    pub to: Opt<String>,
    pub every_min: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreakRule {
    pub minutes: Opt<Num>,
    /// `[earliest, latest]` hours after the shift starts.
    pub after_h: Opt<List<Num>>,
    pub shifts_from_h: Opt<Num>,
    pub paid: Opt<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContract {
    pub name: Opt<String>,
    pub lengths_h: Opt<List<Num>>,
    pub permanent: Opt<bool>,
    pub max_share: Opt<Num>,
    pub max_agents: Opt<Num>,
    pub cost_per_hour: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAvailability {
    pub share: Opt<Num>,
    pub away_mean_s: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    pub start: Opt<String>,
    pub end: Opt<String>,
    pub agents: Opt<Num>,
    pub breaks: Opt<List<RawBreak>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreak {
    pub start: Opt<String>,
    pub minutes: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReinforcement {
    pub during: Opt<String>,
    pub extra_agents: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    pub service_level: Opt<RawSlTarget>,
    pub abandonment: Opt<RawAtMost>,
    pub asa: Opt<RawAsaTarget>,
    pub occupancy: Opt<RawAtMost>,
    pub email: Opt<RawEmailTarget>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlTarget {
    pub within_s: Opt<Num>,
    pub at_least: Opt<Num>,
    pub definition: Opt<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAtMost {
    pub at_most: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAsaTarget {
    pub at_most_s: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmailTarget {
    pub within_h: Opt<Num>,
    pub at_least: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    pub replications: Opt<Num>,
    pub seed: Opt<Num>,
}

/// Parses `src` into the raw structs, or explains the one error that stopped the parser.
pub(crate) fn parse(src: &Source<'_>) -> Result<RawScenario, Box<Diagnostic>> {
    if src.text.trim().is_empty() || only_comments(src.text) {
        return Err(Box::new(Diagnostic::whole_file(
            src.file,
            "the file is empty: a scenario needs at least `name`, `calendar`, `demand`, `contact_types` and `lines`",
        )));
    }
    super::SCENARIO_INPUT.parse::<RawScenario>(src)
}
