//! The scenario file as written: serde structs mirroring the YAML, every value wrapped in
//! `Spanned` so that validation can point at it.
//!
//! Nearly every key is optional here, and numbers are read as [`Num`] (any scalar), so
//! that a missing key or a misspelt number becomes one of many validation errors rather
//! than stopping serde at the first one. What still stops serde, and is reported alone:
//! YAML syntax errors, unknown keys, duplicate keys, a mapping where a list is expected
//! (or the like), and the safety limits of [`super::yaml_error::parse_options`].

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::diagnostic::{Diagnostic, Source};
use super::yaml_error::{only_comments, parse_error, parse_options};

/// An optional value with its location.
pub type Opt<T> = Option<Spanned<T>>;
/// A list whose items carry their locations.
pub type List<T> = Vec<Spanned<T>>;

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

/// Any scalar where a number is expected; validation decides what is acceptable, so that
/// `share: 0,3` is one error among others rather than the end of parsing.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Int(i128),
    Float(f64),
    /// Text, including `.nan` / `.inf` (non-finite floats arrive as text, see
    /// [`parse_options`]).
    Text(String),
    Bool(bool),
    Null,
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumVisitor;
        impl<'de> Visitor<'de> for NumVisitor {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Num, E> {
                Ok(Num::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Num, E> {
                Ok(Num::Int(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Num, E> {
                Ok(Num::Int(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Num, E> {
                Ok(i128::try_from(v).map_or_else(|_| Num::Float(v as f64), Num::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Num, E> {
                Ok(Num::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Num, E> {
                Ok(Num::Text(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Num, E> {
                Ok(Num::Bool(v))
            }
            fn visit_unit<E>(self) -> Result<Num, E> {
                Ok(Num::Null)
            }
            fn visit_none<E>(self) -> Result<Num, E> {
                Ok(Num::Null)
            }
        }
        deserializer.deserialize_any(NumVisitor)
    }
}

/// A keyword (`PT`, `flat`, …) or a list: `holidays` and `intraday_profile`.
#[derive(Debug, Clone, PartialEq)]
pub enum WordOrList<T> {
    /// Any scalar, as text.
    Word(String),
    List(List<T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for WordOrList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize_expecting(deserializer, "a keyword or a list")
    }
}

impl<T> WordOrList<T> {
    /// Deserializes one, naming what is expected as `expecting` in type errors.
    pub(crate) fn deserialize_expecting<'de, D>(
        deserializer: D,
        expecting: &'static str,
    ) -> Result<Self, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        struct WordOrListVisitor<T> {
            expecting: &'static str,
            item: PhantomData<T>,
        }
        impl<'de, T: Deserialize<'de>> Visitor<'de> for WordOrListVisitor<T> {
            type Value = WordOrList<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(self.expecting)
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(String::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<T>>()? {
                    items.push(item);
                }
                Ok(WordOrList::List(items))
            }
        }
        deserializer.deserialize_any(WordOrListVisitor {
            expecting,
            item: PhantomData,
        })
    }
}

/// Any scalar used as a mapping key, as text (`2018-01-22`, `20`, `true`), so that a key
/// of the wrong kind is a validation error at its position rather than a parse error.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyText(pub String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// A mapping whose keys are data (dates, …), in the order written, keys and values with
/// their locations (`agents_by_date`). Repeated keys are refused by the parser.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedMap<T>(pub Vec<(Spanned<KeyText>, Spanned<T>)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for KeyedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = KeyedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
                    let value = map.next_value::<Spanned<T>>()?;
                    entries.push((key, value));
                }
                Ok(KeyedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Parses `src` into the raw structs, or explains the one error that stopped the parser.
pub(crate) fn parse(src: &Source<'_>) -> Result<RawScenario, Box<Diagnostic>> {
    if src.text.trim().is_empty() || only_comments(src.text) {
        return Err(Box::new(Diagnostic::whole_file(
            src.file,
            "the file is empty: a scenario needs at least `name`, `calendar`, `demand`, `contact_types` and `lines`",
        )));
    }
    serde_saphyr::from_str_with_options::<RawScenario>(src.text, parse_options())
        .map_err(|e| Box::new(parse_error(src, &e)))
}
