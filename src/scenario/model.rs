//! The checked scenario: every value here has been validated, so the engine, the analytic
//! commands and the reports trust it without re-checking.
//!
//! Units are in the names: `_s` seconds since midnight or durations in seconds, `_h` hours.
//! Times of day are seconds since midnight (`open_s = 9 * 3600` for "09:00").

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::service_level::SlDefinition;

/// A validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    pub calendar: Calendar,
    pub demand: Demand,
    /// Why people call; shares sum to 1.
    pub contact_types: Vec<ContactType>,
    pub callers: Callers,
    pub email: Option<Email>,
    pub lines: Lines,
    /// Simultaneous calls the switch carries (menu + queue + talk); `None` = unlimited.
    pub trunks: Option<u32>,
    pub targets: Targets,
    pub simulation: SimulationSettings,
}

/// Opening hours and the working days simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub start: Date,
    /// Working days simulated (weekends and holidays are skipped, not counted).
    pub days: u32,
    pub holidays: HolidayRule,
    /// Opening time, seconds since midnight.
    pub open_s: u32,
    /// Closing time, seconds since midnight; the line takes no new call from then on.
    pub close_s: u32,
    /// Length of a planning interval, seconds; divides `close_s - open_s`.
    pub interval_s: u32,
    /// The working days simulated, in order; `working_days.len() == days`.
    pub working_days: Vec<Date>,
    /// Closed dates from `start` up to the last working day, in order, and why each was
    /// skipped (a date before the first working day, e.g. a holiday `start`, is included).
    pub skipped: Vec<(Date, SkipReason)>,
}

impl Calendar {
    /// Number of planning intervals in a day.
    pub fn intervals_per_day(&self) -> usize {
        ((self.close_s - self.open_s) / self.interval_s) as usize
    }

    /// Start of interval `i`, seconds since midnight.
    pub fn interval_start_s(&self, i: usize) -> u32 {
        self.open_s + i as u32 * self.interval_s
    }

    /// Opening window length, seconds.
    pub fn open_window_s(&self) -> u32 {
        self.close_s - self.open_s
    }
}

/// Which dates close the line besides weekends.
#[derive(Debug, Clone, PartialEq)]
pub enum HolidayRule {
    /// No holidays.
    None,
    /// Portugal's national holidays (with the 2013–2015 suspensions).
    Portugal,
    /// An explicit list of closed dates.
    Dates(Vec<Date>),
}

/// Why a date inside the horizon was not simulated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Weekend,
    /// A holiday, with its name (`"Ano Novo"`, `"listed"`, …).
    Holiday(String),
}

/// Call demand before self-service.
#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    /// Calls reaching the line on an average working day (day-of-week factor 1, no peak).
    pub calls_per_day: f64,
    /// Share of a day's calls arriving in each interval; sums to 1, one entry per interval.
    pub profile: Vec<f64>,
    /// Factor per weekday, Monday first (index 0) to Sunday (index 6); 1 where not given.
    pub day_of_week: [f64; 7],
    /// Coefficient of variation of the daily busyness factor (gamma, mean 1); 0 = none.
    pub day_to_day_cv: f64,
    pub peaks: Vec<Peak>,
}

/// A named period in which demand is multiplied by `factor`.
#[derive(Debug, Clone, PartialEq)]
pub struct Peak {
    pub name: String,
    /// Inclusive date range, if given.
    pub dates: Option<(Date, Date)>,
    /// Days of the month (1–31), if given. With `dates` too, both must hold.
    pub days_of_month: Vec<u8>,
    pub factor: f64,
}

impl Peak {
    /// Whether the peak is in force on `date`.
    pub fn applies(&self, date: Date) -> bool {
        let in_range = self
            .dates
            .is_none_or(|(from, to)| from <= date && date <= to);
        let in_days =
            self.days_of_month.is_empty() || self.days_of_month.contains(&(date.day() as u8));
        in_range && in_days
    }
}

/// A reason for calling, with its own handling times and routing.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactType {
    pub name: String,
    /// Share of calls of this type; shares of all types sum to 1.
    pub share: f64,
    /// Share answered by the automatic service, never reaching an agent.
    pub self_service: f64,
    /// 1st-line handling time.
    pub first_line_handle: Dist,
    /// Share of 1st-line answers passed on to the 2nd line.
    pub to_second_line: f64,
    /// 2nd-line handling time; present whenever `to_second_line > 0`.
    pub second_line_handle: Option<Dist>,
}

/// A positive random duration, seconds.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    Exponential {
        mean_s: f64,
    },
    Lognormal {
        mean_s: f64,
        cv: f64,
    },
    Gamma {
        mean_s: f64,
        cv: f64,
    },
    Fixed {
        s: f64,
    },
    /// Drawn uniformly from the listed values.
    Empirical {
        values_s: Vec<f64>,
    },
}

impl Dist {
    /// Mean, seconds.
    pub fn mean_s(&self) -> f64 {
        match self {
            Dist::Exponential { mean_s } => *mean_s,
            Dist::Lognormal { mean_s, .. } | Dist::Gamma { mean_s, .. } => *mean_s,
            Dist::Fixed { s } => *s,
            Dist::Empirical { values_s } => values_s.iter().sum::<f64>() / values_s.len() as f64,
        }
    }

    /// Coefficient of variation (standard deviation / mean).
    pub fn cv(&self) -> f64 {
        match self {
            Dist::Exponential { .. } => 1.0,
            Dist::Lognormal { cv, .. } | Dist::Gamma { cv, .. } => *cv,
            Dist::Fixed { .. } => 0.0,
            Dist::Empirical { values_s } => {
                let n = values_s.len() as f64;
                let mean = self.mean_s();
                if mean == 0.0 {
                    return 0.0;
                }
                let var = values_s.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
                var.sqrt() / mean
            }
        }
    }

    /// The distribution's name as written in scenarios.
    pub fn kind(&self) -> &'static str {
        match self {
            Dist::Exponential { .. } => "exponential",
            Dist::Lognormal { .. } => "lognormal",
            Dist::Gamma { .. } => "gamma",
            Dist::Fixed { .. } => "fixed",
            Dist::Empirical { .. } => "empirical",
        }
    }
}

/// Caller behaviour.
#[derive(Debug, Clone, PartialEq)]
pub struct Callers {
    /// Time a caller is willing to wait in a queue; `None` = never hangs up.
    pub patience: Option<Dist>,
    pub redial: Option<Redial>,
    /// Time spent in the automatic menu, holding a trunk; `None` = no menu time.
    pub self_service_time: Option<Dist>,
}

/// Blocked or abandoned callers calling again.
#[derive(Debug, Clone, PartialEq)]
pub struct Redial {
    pub probability: f64,
    pub after: Dist,
}

/// Authenticated e-mail handled by one line when no call waits.
#[derive(Debug, Clone, PartialEq)]
pub struct Email {
    /// E-mails received per calendar day (they arrive day and night, every day).
    pub per_day: f64,
    pub line: LineId,
    pub handle: Dist,
    /// An e-mail is picked up only when no call waits and more agents than this are idle.
    pub reserve_idle_agents: u32,
}

/// The two lines of the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LineId {
    First,
    Second,
}

impl LineId {
    pub const ALL: [LineId; 2] = [LineId::First, LineId::Second];

    /// `first_line` / `second_line`: JSON block names and column values.
    pub fn key(self) -> &'static str {
        match self {
            LineId::First => "first_line",
            LineId::Second => "second_line",
        }
    }

    pub fn index(self) -> usize {
        match self {
            LineId::First => 0,
            LineId::Second => 1,
        }
    }
}

/// The lines; the 2nd is optional (no 2nd line = nobody is transferred).
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    pub first: Line,
    pub second: Option<Line>,
}

impl Lines {
    pub fn get(&self, id: LineId) -> Option<&Line> {
        match id {
            LineId::First => Some(&self.first),
            LineId::Second => self.second.as_ref(),
        }
    }
}

/// One line's staffing.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    /// Posts contracted; `None` when not stated.
    pub posts: Option<u32>,
    /// Share of posts on permanent contracts (default 1).
    pub permanent_share: f64,
    /// Handling-time multiplier for temporary agents (default 1).
    pub temporary_handle_factor: f64,
    /// Share of rostered time not available for calls (default 0).
    pub shrinkage: f64,
    pub staffing: Staffing,
    pub reinforcement: Vec<Reinforcement>,
}

impl Line {
    /// Number of permanent agents: the first `posts × permanent_share` rostered (rounded
    /// down); all rostered agents when `posts` is not given.
    pub fn permanent_agents(&self) -> Option<u32> {
        self.posts
            .map(|p| (p as f64 * self.permanent_share + 1e-9).floor() as u32)
    }
}

/// Rostered agents.
#[derive(Debug, Clone, PartialEq)]
pub enum Staffing {
    Shifts(Vec<Shift>),
    /// Agents rostered in each interval of the day (one entry per interval), on every
    /// working day except those listed in `by_date`, which have their own counts.
    ByInterval {
        every_day: Vec<u32>,
        /// Per-date overrides (working days of the horizon), one count per interval.
        by_date: BTreeMap<Date, Vec<u32>>,
    },
}

impl Staffing {
    /// Per-interval counts on every day, without date overrides.
    pub fn by_interval(every_day: Vec<u32>) -> Self {
        Staffing::ByInterval {
            every_day,
            by_date: BTreeMap::new(),
        }
    }
}

/// A shift: `agents` rostered from `start_s` to `end_s` (seconds since midnight).
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub start_s: u32,
    pub end_s: u32,
    pub agents: u32,
}

/// Temporary agents added, open to close, on days a named peak is in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Reinforcement {
    /// Index into `Demand::peaks`.
    pub peak: usize,
    pub extra_agents: u32,
}

/// What the centre promises.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Targets {
    pub service_level: Option<ServiceLevelTarget>,
    /// Largest acceptable share of queued calls that abandon.
    pub abandonment_at_most: Option<f64>,
    /// Largest acceptable mean wait of answered calls, seconds.
    pub asa_at_most_s: Option<f64>,
    /// Largest acceptable agent occupancy.
    pub occupancy_at_most: Option<f64>,
    pub email: Option<EmailTarget>,
}

/// At least `at_least` of calls answered within `within_s`, counted by `definition`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceLevelTarget {
    pub within_s: f64,
    pub at_least: f64,
    pub definition: SlDefinition,
}

/// At least `at_least` of e-mails answered within `within_h` working hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmailTarget {
    pub within_h: f64,
    pub at_least: f64,
}

/// Replications and seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulationSettings {
    pub replications: u32,
    pub seed: u64,
}
