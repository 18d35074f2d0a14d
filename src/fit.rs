//! `ccplan fit`: a scenario estimated from a centre's call log.
//!
//! [`estimate`] holds the statistics as pure functions over slices of seconds (maximum
//! likelihood fits, censored fits for patience, Kaplan–Meier, family choice, day-to-day
//! overdispersion). The sibling modules apply them to a log: the working week and arrivals
//! ([`demand`]), handling by call type and time of day ([`handling`]), patience, redials and
//! menu time ([`callers`]), agents on duty and their availability ([`agents`]); [`yaml`]
//! writes the scenario and [`report`] the report.

pub mod agent_speed;
pub mod agents;
pub mod callers;
pub mod charts;
pub mod demand;
pub mod estimate;
pub mod handling;
pub mod report;
pub mod yaml;

use jiff::civil::Date;

use crate::calllog::CallLog;
use crate::observed::sessions_of;
use crate::scenario::weekday_index;
use agents::{AvailabilityFit, presence_by_interval};
use callers::{PatienceFit, RedialFit};
use demand::{DateCounts, DemandFit};
use handling::HandlingFit;

/// Why a log cannot be fitted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FitError {
    #[error("--interval-min must divide a day (1440 minutes) into whole intervals, got {0}")]
    Interval(u32),
    #[error(
        "--interval-min {interval_min} is not a whole number of the counts' {step_s}-second intervals"
    )]
    CountsStep { interval_min: u32, step_s: u32 },
    #[error("the log has no usable call")]
    Empty,
    #[error("the log has no answered call with both service times: handling cannot be fitted")]
    NoService,
    #[error("no weekday of the log has calls in at least half of its dates' intervals")]
    NoHours,
}

/// Everything fitted from one log.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub demand: DemandFit,
    pub handling: HandlingFit,
    /// Handling factor per interval of the envelope (from the factor by hour).
    pub handle_factor: Vec<f64>,
    pub patience: Option<PatienceFit>,
    /// Call types with a patience of their own (see [`callers::fit_patience_by_type`]).
    pub patience_by_type: Vec<callers::TypePatience>,
    /// Who overtook whom in the queue; `None` when the log identifies no caller.
    pub priority: Option<callers::PriorityFit>,
    pub redials: Option<RedialFit>,
    pub menu_time: Option<callers::MenuFit>,
    /// Agents on duty per interval of the envelope on a typical full day (rounded mean).
    pub agents_by_interval: Vec<u32>,
    /// Agents on duty per interval of each working date (rounded).
    pub agents_by_date: Vec<(Date, Vec<u32>)>,
    pub availability: AvailabilityFit,
    /// Calls that were redials of an identified caller (left out of arrivals).
    pub redial_calls: usize,
}

/// Fits the calendar and demand to arrival counts on a grid of `interval_min` minutes.
pub fn fit_counts(
    counts: &crate::calllog::ArrivalCounts,
    interval_min: u32,
) -> Result<DemandFit, FitError> {
    if interval_min == 0 || 1440 % interval_min != 0 {
        return Err(FitError::Interval(interval_min));
    }
    let interval_s = interval_min * 60;
    if !interval_s.is_multiple_of(counts.step_s) {
        return Err(FitError::CountsStep {
            interval_min,
            step_s: counts.step_s,
        });
    }
    if counts.rows.is_empty() {
        return Err(FitError::Empty);
    }
    demand::fit_demand(&demand::date_counts_from(counts, interval_s), interval_s)
        .ok_or(FitError::NoHours)
}

/// Fits a scenario to `log` on a grid of `interval_min` minutes.
pub fn fit(log: &CallLog, interval_min: u32) -> Result<Fit, FitError> {
    if interval_min == 0 || 1440 % interval_min != 0 {
        return Err(FitError::Interval(interval_min));
    }
    if log.records.is_empty() {
        return Err(FitError::Empty);
    }
    let interval_s = interval_min * 60;
    let n_grid = (86_400 / interval_s) as usize;
    let (redials, redial_idx) = callers::fit_redials(log);
    let first_attempt: Vec<bool> = (0..log.records.len())
        .map(|i| !redial_idx.contains(&i))
        .collect();

    let mut counts: Vec<DateCounts> = Vec::new();
    let mut date_ranges: Vec<(Date, usize, usize)> = Vec::new();
    let mut start = 0;
    for chunk in log.records.chunk_by(|a, b| a.date == b.date) {
        let mut per_interval = vec![0u64; n_grid];
        for (k, r) in chunk.iter().enumerate() {
            if first_attempt[start + k] {
                let i = ((r.arrival_s.max(0.0) / interval_s as f64) as usize).min(n_grid - 1);
                per_interval[i] += 1;
            }
        }
        counts.push(DateCounts {
            date: chunk[0].date,
            per_interval,
        });
        date_ranges.push((chunk[0].date, start, start + chunk.len()));
        start += chunk.len();
    }
    let demand = demand::fit_demand(&counts, interval_s).ok_or(FitError::NoHours)?;
    let handling = handling::fit_handling(log, &first_attempt).ok_or(FitError::NoService)?;
    let lo = (demand.open_s / interval_s) as usize;
    let hi = (demand.close_s / interval_s) as usize;
    let handle_factor = (lo..hi)
        .map(|i| handling.factor_by_hour[(i * interval_s as usize / 3600) % 24])
        .collect();

    let mut availability = AvailabilityFit::default();
    let mut agents_by_date = Vec::new();
    let mut full_sum = vec![0.0; hi - lo];
    let mut full_n = 0usize;
    for &(date, a, b) in &date_ranges {
        let records = &log.records[a..b];
        let sessions = sessions_of(records);
        availability.add_date(records, &sessions);
        let Some((o, c)) = demand.week[weekday_index(date)] else {
            continue;
        };
        let presence = presence_by_interval(&sessions, interval_s, n_grid);
        let (do_, dc) = ((o / interval_s) as usize, (c / interval_s) as usize);
        let row: Vec<u32> = (lo..hi)
            .map(|i| {
                if i >= do_ && i < dc {
                    presence[i].round() as u32
                } else {
                    0
                }
            })
            .collect();
        if (o, c) == (demand.open_s, demand.close_s) {
            full_n += 1;
            for (k, i) in (lo..hi).enumerate() {
                full_sum[k] += presence[i];
            }
        }
        agents_by_date.push((date, row));
    }
    availability.finish();
    let agents_by_interval = if full_n > 0 {
        full_sum
            .iter()
            .map(|s| (s / full_n as f64).round() as u32)
            .collect()
    } else {
        agents_by_date
            .first()
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    let patience = callers::fit_patience(log);
    let patience_by_type = patience
        .as_ref()
        .map(|p| callers::fit_patience_by_type(log, p))
        .unwrap_or_default();
    Ok(Fit {
        demand,
        handle_factor,
        patience,
        patience_by_type,
        priority: callers::fit_priority(log),
        redials,
        menu_time: callers::fit_menu_time(log),
        handling,
        agents_by_interval,
        agents_by_date,
        availability,
        redial_calls: redial_idx.len(),
    })
}
