//! Backtests: how well a scenario predicts days of a real centre it was not fitted on.
//!
//! Every date of a log is replayed (see [`replay`]): the log's own callers at their
//! recorded instants and its own agents on duty, with the scenario's handling, patience and
//! availability, over independent replications. Per hour (hours in which at least
//! `min_calls` callers sought an agent) and per day, the simulated figures are compared
//! with what the log recorded, beside the stationary Erlang A answer on the same inputs and
//! the noise floor: the error a perfect model would still show, because what happened is
//! one draw while the prediction is a mean.

pub mod accuracy;
pub mod charts;
pub mod model;
pub mod output;
pub mod replay;
pub mod report;

use jiff::civil::Date;
use rayon::prelude::*;

pub use accuracy::{Accuracy, accuracy};
use replay::{HOURS, ReplayModel, ReplayStreams, Scratch, hour_of, replay_day};

use crate::calllog::CallLog;
use crate::engine::rng::{Purpose, Stream};
use crate::erlang::Model;
use crate::observed::{DayTrace, Figure, Tally, day_traces};
use crate::scenario::Scenario;
use crate::stats::estimate::{Estimate, Welford};

/// How a backtest runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub replications: u32,
    pub seed: u64,
    /// Hours in which fewer callers sought an agent are left out of the hourly comparison.
    pub min_calls: u32,
    /// First and last date replayed (inclusive); `None` = the log's first / last.
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// Why a backtest cannot run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BacktestError {
    #[error("the log has no date from {from} to {to}")]
    NoDates { from: String, to: String },
    #[error(
        "no hour of the dates replayed has at least {min_calls} callers seeking an agent (lower --min-calls)"
    )]
    NoHours { min_calls: u32 },
    #[error("--replications must be at least 2 for intervals and the noise floor, got {0}")]
    TooFewReplications(u32),
}

/// One hour (or one day, `hour == None`) compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub date: Date,
    pub hour: Option<u8>,
    /// Callers who sought an agent (the same in the log and in every replication).
    pub calls: u32,
    /// Agents present on average (agent-seconds present ÷ the period's seconds).
    pub agents_present: f64,
    /// Per figure, in [`Figure::ALL`] order.
    pub actual: [Option<f64>; 4],
    pub simulated: [Estimate; 4],
    /// Stationary Erlang A on the hour's inputs (hours only).
    pub erlang_a: [Option<f64>; 4],
    /// Mean absolute difference between one replication and the mean of the others.
    pub noise_mae: [Option<f64>; 4],
}

/// Accuracy of each figure, in [`Figure::ALL`] order.
pub type ByFigure = [Accuracy; 4];

/// A whole backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    pub dates: Vec<Date>,
    /// Every hour of every date with callers, in date and hour order; `included` says
    /// which reach `min_calls`.
    pub hourly: Vec<Row>,
    pub hourly_included: Vec<bool>,
    pub daily: Vec<Row>,
    pub accuracy_hourly: ByFigure,
    pub accuracy_daily: ByFigure,
    pub accuracy_erlang_a_hourly: ByFigure,
    /// Noise floor: mean over the included hours of each hour's noise MAE.
    pub noise_floor_hourly: [Option<f64>; 4],
    /// Service-level threshold used, seconds.
    pub threshold_s: f64,
}

/// Replays `log` under `sc`.
pub fn run(sc: &Scenario, log: &CallLog, settings: Settings) -> Result<Backtest, BacktestError> {
    if settings.replications < 2 {
        return Err(BacktestError::TooFewReplications(settings.replications));
    }
    let days: Vec<DayTrace> = day_traces(log)
        .into_iter()
        .filter(|d| settings.from.is_none_or(|f| d.date >= f))
        .filter(|d| settings.to.is_none_or(|t| d.date <= t))
        .filter(|d| !d.calls.is_empty())
        .collect();
    if days.is_empty() {
        let show = |d: Option<Date>, end: &str| d.map_or(end.to_string(), |d| d.to_string());
        return Err(BacktestError::NoDates {
            from: show(settings.from, "the start"),
            to: show(settings.to, "the end"),
        });
    }
    let model = model::replay_model(sc, &log.types, &log.agents);
    let t = model.threshold_s;

    // Each replication: one tally per (date, hour).
    let reps: Vec<Vec<[Tally; HOURS]>> = (0..settings.replications)
        .into_par_iter()
        .map(|r| replicate(&days, &model, settings.seed, r))
        .collect();

    let mut hourly = Vec::new();
    let mut hourly_included = Vec::new();
    let mut daily = Vec::new();
    for (d, day) in days.iter().enumerate() {
        let mut actual_hours = [Tally::default(); HOURS];
        for c in &day.calls {
            actual_hours[hour_of(c.seek_s)].add(c.answered, c.wait_s, t);
        }
        for h in 0..HOURS {
            if actual_hours[h].sought == 0 {
                continue;
            }
            let from = h as f64 * 3600.0;
            let per_rep: Vec<Tally> = reps.iter().map(|rep| rep[d][h]).collect();
            let mut row = row(day, Some(h as u8), &actual_hours[h], &per_rep, 3600.0, from);
            row.erlang_a = erlang_a(&model, sc, day, h, &actual_hours[h]);
            hourly_included.push(actual_hours[h].sought >= settings.min_calls);
            hourly.push(row);
        }
        let day_actual = merged(&actual_hours);
        let per_rep: Vec<Tally> = reps.iter().map(|rep| merged(&rep[d])).collect();
        let (first, last) = open_span(day);
        daily.push(row(day, None, &day_actual, &per_rep, last - first, first));
    }
    if !hourly_included.iter().any(|&b| b) {
        return Err(BacktestError::NoHours {
            min_calls: settings.min_calls,
        });
    }
    let included: Vec<&Row> = hourly
        .iter()
        .zip(&hourly_included)
        .filter_map(|(r, &inc)| inc.then_some(r))
        .collect();
    let all_daily: Vec<&Row> = daily.iter().collect();
    let mut noise_floor_hourly = [None; 4];
    for (f, slot) in noise_floor_hourly.iter_mut().enumerate() {
        let v: Vec<f64> = included.iter().filter_map(|r| r.noise_mae[f]).collect();
        *slot = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    }
    Ok(Backtest {
        dates: days.iter().map(|d| d.date).collect(),
        accuracy_hourly: compare(&included, |r, f| Some(r.simulated[f].mean)),
        accuracy_daily: compare(&all_daily, |r, f| Some(r.simulated[f].mean)),
        accuracy_erlang_a_hourly: compare(&included, |r, f| r.erlang_a[f]),
        noise_floor_hourly,
        hourly,
        hourly_included,
        daily,
        threshold_s: t,
    })
}

/// The streams of replay replication `r`: the engine's purposes, so a replay draws its
/// handling times and patience as the engine would from the same seed.
fn streams(seed: u64, r: u32) -> ReplayStreams {
    ReplayStreams {
        routing: Stream::new(seed, r, Purpose::Routing),
        handling: Stream::new(seed, r, Purpose::Handling),
        patience: Stream::new(seed, r, Purpose::Patience),
        availability: Stream::new(seed, r, Purpose::Availability),
    }
}

fn replicate(days: &[DayTrace], model: &ReplayModel, seed: u64, r: u32) -> Vec<[Tally; HOURS]> {
    let mut rng = streams(seed, r);
    let mut scratch = Scratch::default();
    days.iter()
        .map(|day| {
            let mut out = [Tally::default(); HOURS];
            replay_day(day, model, &mut rng, &mut scratch, &mut out);
            out
        })
        .collect()
}

fn merged(hours: &[Tally]) -> Tally {
    let mut t = Tally::default();
    for h in hours {
        t.merge(h);
    }
    t
}

/// From the first caller seeking an agent to the last, seconds since midnight.
fn open_span(day: &DayTrace) -> (f64, f64) {
    let first = day.calls.first().map_or(0.0, |c| c.seek_s);
    let last = day.calls.last().map_or(first, |c| c.seek_s);
    (first, last.max(first + 1.0))
}

fn row(
    day: &DayTrace,
    hour: Option<u8>,
    actual: &Tally,
    per_rep: &[Tally],
    len_s: f64,
    from_s: f64,
) -> Row {
    let mut simulated = [Welford::default().estimate(); 4];
    let mut noise_mae = [None; 4];
    for (f, fig) in Figure::ALL.into_iter().enumerate() {
        let values: Vec<f64> = per_rep.iter().filter_map(|t| t.value(fig)).collect();
        let mut w = Welford::default();
        for v in &values {
            w.push(*v);
        }
        simulated[f] = w.estimate();
        noise_mae[f] = leave_one_out_mae(&values);
    }
    Row {
        date: day.date,
        hour,
        calls: actual.sought,
        agents_present: day.presence_s(from_s, from_s + len_s) / len_s,
        actual: Figure::ALL.map(|f| actual.value(f)),
        simulated,
        erlang_a: [None; 4],
        noise_mae,
    }
}

/// Mean over replications of |one replication − the mean of the others|: the error of a
/// perfect model's prediction (a mean) against what happened (one draw).
fn leave_one_out_mae(values: &[f64]) -> Option<f64> {
    let k = values.len();
    if k < 2 {
        return None;
    }
    let sum: f64 = values.iter().sum();
    let total: f64 = values
        .iter()
        .map(|v| (v - (sum - v) / (k - 1) as f64).abs())
        .sum();
    Some(total / k as f64)
}

/// Stationary Erlang A for hour `h`: the hour's callers per hour, the mean handling time
/// the scenario gives them, the agents present on average times the availability share,
/// and the scenario's patience mean (treated as exponential). `None` where Erlang A has no
/// answer (no agent present, or no patience and a load at or above the agents).
fn erlang_a(
    model: &ReplayModel,
    sc: &Scenario,
    day: &DayTrace,
    h: usize,
    actual: &Tally,
) -> [Option<f64>; 4] {
    let from = h as f64 * 3600.0;
    // Calls are sorted by seek time: the hour's are one slice.
    let start = day.calls.partition_point(|c| hour_of(c.seek_s) < h);
    let end = day.calls.partition_point(|c| hour_of(c.seek_s) <= h);
    let calls = &day.calls[start..end];
    if calls.is_empty() {
        return [None; 4];
    }
    let aht_s = calls
        .iter()
        .map(|c| model.expected_handle_s(c.call_type, c.seek_s))
        .sum::<f64>()
        / calls.len() as f64;
    let share = sc.lines.first.availability.map_or(1.0, |a| a.share);
    let agents = day.presence_s(from, from + 3600.0) / 3600.0 * share;
    let base = match Model::new(actual.sought as f64, aht_s) {
        Ok(m) => m,
        Err(_) => return [None; 4],
    };
    let m = match sc.callers.patience.as_ref() {
        Some(p) => match base.with_patience_s(exponential_equivalent_s(p, model.threshold_s)) {
            Ok(m) => m,
            Err(_) => return [None; 4],
        },
        None => base,
    };
    match m.figures(agents, model.threshold_s) {
        Ok(fig) => [
            Some(fig.p_abandon),
            Some(fig.asa_s),
            Some(fig.p_wait),
            Some(fig.service_level.offered),
        ],
        Err(_) => [None; 4],
    }
}

/// The mean of the exponential patience that hangs up before `t_s` as often as `p` does:
/// Erlang A needs exponential patience, and the waits that decide its figures are short,
/// so matching P(patience ≤ t) at the service-level threshold keeps the hazard where it
/// matters (a heavy-tailed lognormal's mean would make Erlang A's callers far too patient).
/// An exponential `p` is returned as it is.
pub fn exponential_equivalent_s(p: &crate::scenario::Dist, t_s: f64) -> f64 {
    use crate::fit::estimate::{Family, Model as FitModel};
    use crate::scenario::Dist;
    let survival = match p {
        Dist::Exponential { mean_s } => return *mean_s,
        Dist::Lognormal { mean_s, cv } => {
            FitModel::new(Family::Lognormal, *mean_s, *cv).map(|m| m.survival(t_s))
        }
        Dist::Gamma { mean_s, cv } => {
            FitModel::new(Family::Gamma, *mean_s, *cv).map(|m| m.survival(t_s))
        }
        Dist::Weibull { mean_s, cv } => {
            FitModel::new(Family::Weibull, *mean_s, *cv).map(|m| m.survival(t_s))
        }
        Dist::Fixed { s } => Some(if *s > t_s { 1.0 } else { 0.0 }),
        Dist::Empirical { values_s } => Some(
            values_s.iter().filter(|v| **v > t_s).count() as f64 / values_s.len().max(1) as f64,
        ),
    };
    match survival {
        Some(s) if s > 0.0 && s < 1.0 => -t_s / s.ln(),
        _ => p.mean_s(),
    }
}

/// Accuracy per figure of `predict` against the actual values, over rows where both exist.
fn compare(rows: &[&Row], predict: impl Fn(&Row, usize) -> Option<f64>) -> ByFigure {
    let mut out = [Accuracy::default(); 4];
    for (f, slot) in out.iter_mut().enumerate() {
        let pairs: Vec<(f64, f64)> = rows
            .iter()
            .filter_map(|r| {
                let p = predict(r, f).filter(|p| p.is_finite())?;
                Some((p, r.actual[f]?))
            })
            .collect();
        *slot = accuracy(&pairs);
    }
    out
}
