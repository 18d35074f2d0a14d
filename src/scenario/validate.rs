//! Raw → checked: builds the [`Scenario`] the rest of ccplan trusts, or reports every
//! problem of the file at once.
//!
//! Checks that depend on another part of the file (the profile length on the calendar,
//! reinforcements on the peaks) are made only when that part is itself valid, so one
//! mistake does not cascade into several reports.
//!
//! This file holds the limits, the [`Checker`] that collects problems and the walk over
//! the top-level keys; each section of the file is checked in its own submodule.

mod calendar;
mod callers;
mod contact_types;
mod demand;
mod distributions;
mod email;
pub(crate) mod format;
mod lines;
mod range;
mod report;
mod shift_rules;
mod simulation;
mod staffing;
mod targets;
mod values;

use super::model::{Callers, Scenario, SimulationSettings, Targets};
use super::raw::RawScenario;
use crate::yaml::{Diagnostic, Source};

pub(crate) use distributions::inline_data_files;
pub(crate) use format::{fmt_num, hhmm};

/// Longest duration accepted anywhere, seconds (about 11.6 days): a sanity bound that
/// keeps sums and products finite.
pub const MAX_DURATION_S: f64 = 1_000_000.0;
/// Largest coefficient of variation accepted for a duration.
pub const MAX_CV: f64 = 10.0;
/// Largest demand factor (day of week, peak) accepted.
pub const MAX_FACTOR: f64 = 100.0;
/// Largest daily call volume accepted (a bound that keeps a simulation finite).
pub const MAX_CALLS_PER_DAY: f64 = 10_000_000.0;
/// Largest agent or post count accepted in one place.
pub const MAX_AGENTS: u64 = 100_000;
/// Most working days a scenario may simulate (about eight years).
pub const MAX_DAYS: u64 = 2000;
/// Most replications a scenario may ask for.
pub const MAX_REPLICATIONS: u64 = 100_000;
/// Tolerance on the sum of contact-type shares.
pub const SHARE_SUM_TOLERANCE: f64 = 1e-6;
/// Most problems reported for one file; the rest are counted, not shown.
pub const MAX_DIAGNOSTICS: usize = 50;
/// Years accepted in dates.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2999;

/// Validates a parsed scenario.
pub(crate) fn validate(src: &Source<'_>, raw: &RawScenario) -> Result<Scenario, Vec<Diagnostic>> {
    let mut c = Checker {
        src,
        errors: Vec::new(),
        suppressed: 0,
    };
    let root = c.root_pos();

    let name = c
        .required(
            &raw.name,
            "",
            "name",
            root,
            "a short name: letters, digits, `-`, `_` or `.`",
        )
        .and_then(|n| c.scenario_name(n));
    let description = raw
        .description
        .as_ref()
        .map(|d| d.value.trim().to_string())
        .filter(|d| !d.is_empty());
    let calendar = c
        .required(
            &raw.calendar,
            "",
            "calendar",
            root,
            "a mapping with `start`, `days`, `open` and `close`",
        )
        .and_then(|cal| c.calendar(cal));
    let demand_raw = c.required(
        &raw.demand,
        "",
        "demand",
        root,
        "a mapping with `calls_per_day`",
    );
    let peak_names: Vec<Option<String>> = demand_raw
        .and_then(|d| d.value.peaks.as_ref())
        .map(|peaks| {
            peaks
                .value
                .iter()
                .map(|p| p.value.name.as_ref().map(|n| n.value.trim().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let demand = demand_raw.and_then(|d| c.demand(d, calendar.as_ref()));

    let lines_raw = c.required(
        &raw.lines,
        "",
        "lines",
        root,
        "a mapping with `first` (and optionally `second`)",
    );
    let has_second = lines_raw.is_some_and(|l| l.value.second.is_some());
    let contact_types = c
        .required(
            &raw.contact_types,
            "",
            "contact_types",
            root,
            "a list of contact types",
        )
        .and_then(|ct| c.contact_types(ct, has_second, calendar.as_ref()));
    let callers = match &raw.callers {
        None => Some(Callers {
            identified_first: false,
            patience: None,
            redial: None,
            self_service_time: None,
        }),
        Some(cl) => c.callers(cl),
    };
    let email = match &raw.email {
        None => Some(None),
        Some(e) => c.email(e, has_second).map(Some),
    };
    let lines = lines_raw.and_then(|l| c.lines(l, calendar.as_ref(), &peak_names));
    let trunks = match &raw.trunks {
        None => Some(None),
        Some(t) => c
            .whole(
                "trunks",
                t,
                1,
                1_000_000,
                "a whole number of simultaneous calls ≥ 1 (omit for unlimited)",
            )
            .map(|t| Some(t as u32)),
    };
    let targets = match &raw.targets {
        None => Some(Targets::default()),
        Some(t) => c.targets(t, raw.email.is_some()),
    };
    let simulation = match &raw.simulation {
        None => Some(SimulationSettings {
            replications: 30,
            seed: 1,
        }),
        Some(s) => c.simulation(s),
    };

    if c.suppressed > 0 {
        let n = c.suppressed;
        c.errors.push(Diagnostic::whole_file(
            src.file,
            format!(
                "… and {n} more problem{} not shown",
                if n == 1 { "" } else { "s" }
            ),
        ));
    }
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    match (
        name,
        calendar,
        demand,
        contact_types,
        callers,
        email,
        lines,
        trunks,
        targets,
        simulation,
    ) {
        (
            Some(name),
            Some(calendar),
            Some(demand),
            Some(contact_types),
            Some(callers),
            Some(email),
            Some(lines),
            Some(trunks),
            Some(targets),
            Some(simulation),
        ) => Ok(Scenario {
            name,
            description,
            calendar,
            demand,
            contact_types,
            callers,
            email,
            lines,
            trunks,
            targets,
            simulation,
        }),
        // Every `None` above is reported; reaching here is a bug in this module.
        _ => Err(vec![Diagnostic::whole_file(
            src.file,
            "internal error: the scenario was rejected without a reason (please report this)",
        )]),
    }
}

/// Collects the problems of one file while its sections are checked.
///
/// Each check returns `None` when its value is unusable, having recorded why; the
/// submodules add the checks, `report` the recording.
struct Checker<'a> {
    src: &'a Source<'a>,
    errors: Vec<Diagnostic>,
    /// Problems found beyond [`MAX_DIAGNOSTICS`].
    suppressed: usize,
}
