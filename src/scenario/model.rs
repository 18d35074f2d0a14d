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
///
/// `open_s`..`close_s` is the envelope of the week (earliest opening, latest closing), so
/// that every working day has the same grid of intervals; a day with shorter hours
/// ([`Calendar::hours_on`]) has closed intervals at either end of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub start: Date,
    /// Working days simulated (closed weekdays and holidays are skipped, not counted).
    pub days: u32,
    pub holidays: HolidayRule,
    /// Opening time, seconds since midnight: the earliest opening of the week.
    pub open_s: u32,
    /// Closing time, seconds since midnight: the latest closing of the week. The line
    /// takes no new call from a day's own close on.
    pub close_s: u32,
    /// Length of a planning interval, seconds; divides `close_s - open_s`, and every
    /// weekday's hours start and end on an interval boundary.
    pub interval_s: u32,
    /// Opening hours `(open, close)` per weekday, seconds since midnight, Monday first
    /// (index 0) to Sunday; `None` on weekdays the line does not open.
    pub week: [Option<(u32, u32)>; 7],
    /// The working days simulated, in order; `working_days.len() == days`.
    pub working_days: Vec<Date>,
    /// Closed dates from `start` up to the last working day, in order, and why each was
    /// skipped (a date before the first working day, e.g. a holiday `start`, is included).
    pub skipped: Vec<(Date, SkipReason)>,
}

impl Calendar {
    /// The default week: Monday to Friday from `open_s` to `close_s`.
    pub fn monday_to_friday(open_s: u32, close_s: u32) -> [Option<(u32, u32)>; 7] {
        let day = Some((open_s, close_s));
        [day, day, day, day, day, None, None]
    }

    /// Opening hours `(open, close)` of `date`, seconds since midnight, if it is a working
    /// day of the horizon; `None` otherwise.
    pub fn hours_on(&self, date: Date) -> Option<(u32, u32)> {
        self.working_days.binary_search(&date).ok()?;
        self.week[super::plan::weekday_index(date)]
    }

    /// Intervals of the grid inside `date`'s opening hours, as a range of indices; empty
    /// if `date` is not a working day.
    pub fn open_intervals(&self, date: Date) -> std::ops::Range<usize> {
        match self.hours_on(date) {
            Some((open, close)) => {
                let at = |t: u32| ((t - self.open_s) / self.interval_s) as usize;
                at(open)..at(close)
            }
            None => 0..0,
        }
    }

    /// Open seconds of `date`: its closing minus its opening time (0 if not a working day).
    pub fn open_s_on(&self, date: Date) -> u32 {
        self.hours_on(date).map_or(0, |(open, close)| close - open)
    }

    /// Whether every working day is open for the whole envelope `open_s`..`close_s`.
    pub fn uniform_hours(&self) -> bool {
        self.week
            .iter()
            .flatten()
            .all(|&hours| hours == (self.open_s, self.close_s))
    }

    /// Number of planning intervals in a day.
    pub fn intervals_per_day(&self) -> usize {
        ((self.close_s - self.open_s) / self.interval_s) as usize
    }

    /// Start of interval `i`, seconds since midnight.
    pub fn interval_start_s(&self, i: usize) -> u32 {
        self.open_s + i as u32 * self.interval_s
    }

    /// Opening window length (of the envelope), seconds.
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
    /// A weekday the line does not open (Saturday and Sunday unless `calendar.week` says
    /// otherwise).
    Weekend,
    /// A holiday, with its name (`"Ano Novo"`, `"listed"`, …).
    Holiday(String),
}

/// Call demand before self-service.
#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    /// Calls reaching the line on an average working day (day-of-week factor 1, no peak).
    pub calls_per_day: f64,
    /// Share of a day's calls arriving in each interval; sums to 1, one entry per interval
    /// of the grid. A day with shorter hours gets the shares of its open intervals,
    /// renormalised ([`Scenario::day_shares`](super::Scenario::day_shares)).
    pub profile: Vec<f64>,
    /// Factor per weekday, Monday first (index 0) to Sunday (index 6); 1 where not given.
    pub day_of_week: [f64; 7],
    /// Coefficient of variation of the daily busyness factor (gamma, mean 1); 0 = none.
    pub day_to_day_cv: f64,
    pub peaks: Vec<Peak>,
    /// Expected calls per interval (one per interval of the grid, 0 outside the day's
    /// hours) on working days given their own curve; it replaces `calls_per_day` ×
    /// day-of-week × peaks × profile there (the day's busyness still multiplies it).
    pub by_date: BTreeMap<Date, Vec<f64>>,
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
    /// Multipliers of the 1st-line handling time by the interval of the day in which the
    /// caller first arrived, one per interval; empty = 1 everywhere.
    pub first_line_handle_factor: Vec<f64>,
    /// The same for the 2nd-line handling time (by the interval of first arrival).
    pub second_line_handle_factor: Vec<f64>,
    /// Patience of this type's callers; `None` = the callers' patience
    /// ([`Callers::patience`]).
    pub patience: Option<Dist>,
}

impl ContactType {
    /// Handling-time multiplier on `line` for callers who first arrived in interval `i`.
    pub fn handle_factor(&self, line: LineId, i: usize) -> f64 {
        let factors = match line {
            LineId::First => &self.first_line_handle_factor,
            LineId::Second => &self.second_line_handle_factor,
        };
        factors.get(i).copied().unwrap_or(1.0)
    }
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
    /// Weibull with the given mean and coefficient of variation (the shape is solved from
    /// the cv).
    Weibull {
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
            Dist::Lognormal { mean_s, .. }
            | Dist::Gamma { mean_s, .. }
            | Dist::Weibull { mean_s, .. } => *mean_s,
            Dist::Fixed { s } => *s,
            Dist::Empirical { values_s } => values_s.iter().sum::<f64>() / values_s.len() as f64,
        }
    }

    /// Coefficient of variation (standard deviation / mean).
    pub fn cv(&self) -> f64 {
        match self {
            Dist::Exponential { .. } => 1.0,
            Dist::Lognormal { cv, .. } | Dist::Gamma { cv, .. } | Dist::Weibull { cv, .. } => *cv,
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
            Dist::Weibull { .. } => "weibull",
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
    /// Identified callers (whose caller id a log records) are served before anonymous
    /// ones. Only a replayed log says who is identified: `ccplan backtest` applies it,
    /// while the simulator's own callers carry no identity and are served in order.
    pub identified_first: bool,
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
    /// Agents on shift alternating between available and away spells; `None` = always
    /// available.
    pub availability: Option<Availability>,
    /// Handling-time multiplier of each named agent (name, factor), as written. Read only
    /// by `ccplan backtest`, whose replay knows the agents on duty by name; a simulated
    /// day's agents are anonymous and handle at the contact types' own rates.
    pub handle_factor_by_agent: Vec<(String, f64)>,
    /// The rules `ccplan schedule` builds shifts by; read by nothing else.
    pub shift_rules: Option<ShiftRules>,
}

/// Where a rule was written, so that a program the rules make infeasible can point at it.
/// Not part of the scenario's meaning: any two compare equal, so a scenario written back
/// to YAML (a sweep's edit, a staffed copy) equals the one read.
#[derive(Debug, Clone)]
pub struct RuleAt {
    /// YAML path, e.g. `lines.first.shift_rules.contracts[1].max_share`.
    pub path: String,
    /// 1-based line and column, and the length of the value, characters.
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

impl PartialEq for RuleAt {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for RuleAt {}

/// The rules shifts are built by (`shift_rules:` of a line): when shifts may start, the
/// contract kinds with the lengths each allows and their limits, and the breaks a shift
/// of a given length takes. A shift's length runs from start to end, breaks included.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftRules {
    /// Allowed starts, seconds since midnight, ascending, on interval boundaries.
    pub starts_s: Vec<u32>,
    pub starts_at: RuleAt,
    pub meal_break: Option<BreakRule>,
    pub short_break: Option<BreakRule>,
    pub contracts: Vec<Contract>,
    /// The line's `posts` and `permanent_share`, where written (the program's caps).
    pub posts_at: Option<RuleAt>,
    pub permanent_share_at: Option<RuleAt>,
}

/// One break every shift of at least `from_length_s` takes, starting between
/// `earliest_s` and `latest_s` after the shift starts (on interval boundaries) and ending
/// before the shift ends.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakRule {
    pub length_s: u32,
    pub earliest_s: u32,
    pub latest_s: u32,
    pub from_length_s: u32,
    /// Whether the break is paid (counts in the shift's cost).
    pub paid: bool,
}

/// A contract kind: the shift lengths it allows and its limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    pub name: String,
    /// Allowed lengths, seconds, ascending, whole intervals.
    pub lengths_s: Vec<u32>,
    pub lengths_at: RuleAt,
    /// Whether agents on this contract count as permanent staff.
    pub permanent: bool,
    /// At most this share of the day's agents on this contract.
    pub max_share: Option<f64>,
    /// At most this many agents a day on this contract.
    pub max_agents: Option<u32>,
    /// Cost of a paid hour (default 1: the program minimises paid agent-hours).
    pub cost_per_hour: f64,
    pub at: RuleAt,
    pub max_share_at: Option<RuleAt>,
    pub max_agents_at: Option<RuleAt>,
}

/// Agents' availability while on shift: each agent alternates between available spells
/// and away spells (breaks, outbound calls, after-call work), both exponential, so that in
/// the long run it is available `share` of the time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Availability {
    /// Long-run share of time on shift an agent is available, in (0, 1].
    pub share: f64,
    /// Mean length of an away spell, seconds (> 0).
    pub away_mean_s: f64,
}

impl Availability {
    /// Mean length of an available spell, seconds: `away_mean_s × share / (1 − share)`
    /// (infinite at share 1).
    pub fn available_mean_s(&self) -> f64 {
        if self.share >= 1.0 {
            f64::INFINITY
        } else {
            self.away_mean_s * self.share / (1.0 - self.share)
        }
    }
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
    /// Per-day counts (one list per date of `dates`) as staffing: the counts shared by most
    /// days as `every_day` (the earliest such day on a tie), every other day in `by_date`.
    pub fn from_days(dates: &[Date], days: &[Vec<u32>]) -> Self {
        let mut counts: BTreeMap<&Vec<u32>, (usize, usize)> = BTreeMap::new();
        for (d, v) in days.iter().enumerate() {
            counts.entry(v).or_insert((0, d)).0 += 1;
        }
        let every_day = counts
            .iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
            .map(|(v, _)| (*v).clone())
            .unwrap_or_default();
        let by_date = days
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != every_day)
            .map(|(d, v)| (dates[d], v.clone()))
            .collect();
        Staffing::ByInterval { every_day, by_date }
    }

    /// Per-interval counts on every day, without date overrides.
    pub fn by_interval(every_day: Vec<u32>) -> Self {
        Staffing::ByInterval {
            every_day,
            by_date: BTreeMap::new(),
        }
    }
}

/// A shift: `agents` rostered from `start_s` to `end_s` (seconds since midnight), who
/// leave together for each of `breaks` (inside the shift, in time order, not overlapping).
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub start_s: u32,
    pub end_s: u32,
    pub agents: u32,
    pub breaks: Vec<ShiftBreak>,
}

/// A break of a shift's agents: from `start_s` (seconds since midnight) for `length_s`
/// seconds. Rostered (paid) time: it counts in agent-hours, not in the agents available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftBreak {
    pub start_s: u32,
    pub length_s: u32,
}

impl ShiftBreak {
    /// End of the break, seconds since midnight.
    pub fn end_s(&self) -> u32 {
        self.start_s + self.length_s
    }
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
