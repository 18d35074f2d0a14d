//! Charts of `ccplan fit`: what the log shows beside what was fitted to it.
//!
//! | file stem | chart | input |
//! |---|---|---|
//! | `fit_arrivals_by_weekday` | first attempts per interval, the mean over each working weekday's dates against `calls_per_day` × weekday factor × profile | [`arrivals::ArrivalsByWeekday`] |
//! | `fit_handling_cdf` | handling times' empirical distribution against the four fitted families, pooled and for the call type with most answered calls | [`distribution::Distributions`] |
//! | `fit_patience_survival` | Kaplan–Meier survival of patience against the chosen family's and the exponential's (only when patience was fitted) | [`distribution::Distributions`] |
//! | `fit_agents_by_interval` | agents on duty per interval: every working date, the mean over full days, and that mean × availability | [`agents::AgentsByInterval`] |
//!
//! The data's curves need the log's own values, which [`Fit`] does not keep: the adapters
//! here take the [`CallLog`] the fit was made from.

pub mod agents;
pub mod arrivals;
pub mod distribution;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::calllog::{CallLog, Outcome};
use crate::fit::Fit;
use crate::fit::agents::presence_by_interval;
use crate::fit::callers::{Chosen, fit_redials};
use crate::fit::estimate::{Family, Model};
use crate::observed::sessions_of;
use crate::scenario::{hhmm, weekday_index};
use agents::AgentsByInterval;
use arrivals::{ArrivalsByWeekday, WeekdayArrivals};
use distribution::{Distributions, ModelCurve, Panel};

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The stems of the charts [`render_all`] writes for `fit`, in its order.
pub fn stems(has_patience: bool) -> Vec<&'static str> {
    let mut out = vec!["fit_arrivals_by_weekday", "fit_handling_cdf"];
    if has_patience {
        out.push("fit_patience_survival");
    }
    out.push("fit_agents_by_interval");
    out
}

/// Draws every chart of `fit`, fitted from `log`, into `dir` (created if missing).
/// Returns the files, PNG then SVG of each chart, in the order of [`stems`].
pub fn render_all(dir: &Path, fit: &Fit, log: &CallLog, note: &str) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut files = Vec::new();
    files.extend(arrivals::render(
        dir,
        "fit_arrivals_by_weekday",
        &arrivals_of(fit, log),
        note,
    )?);
    files.extend(distribution::render(
        dir,
        "fit_handling_cdf",
        &handling_of(fit, log),
        note,
    )?);
    if let Some(p) = patience_of(fit, log) {
        files.extend(distribution::render(
            dir,
            "fit_patience_survival",
            &p,
            note,
        )?);
    }
    files.extend(agents::render(
        dir,
        "fit_agents_by_interval",
        &agents_of(fit, log),
        note,
    )?);
    Ok(files)
}

/// Interval start labels of the fit's envelope, and its first and last grid index.
fn envelope(fit: &Fit) -> (Vec<String>, usize, usize) {
    let d = &fit.demand;
    let lo = (d.open_s / d.interval_s) as usize;
    let hi = (d.close_s / d.interval_s) as usize;
    let labels = (lo..hi).map(|i| hhmm(i as u32 * d.interval_s)).collect();
    (labels, lo, hi)
}

/// Observed first attempts per interval, by weekday, beside the fitted expectation.
pub fn arrivals_of(fit: &Fit, log: &CallLog) -> ArrivalsByWeekday {
    let d = &fit.demand;
    let interval_s = d.interval_s as f64;
    let n_grid = (86_400 / d.interval_s) as usize;
    let (intervals, lo, hi) = envelope(fit);
    // First attempts only, as the fit counts them: identified redials are left out.
    let (_, redials) = fit_redials(log);
    let mut sums = vec![vec![0.0; n_grid]; 7];
    let mut dates = [0usize; 7];
    for (start, chunk) in chunks_by_date(log) {
        let w = weekday_index(chunk[0].date);
        dates[w] += 1;
        for (k, r) in chunk.iter().enumerate() {
            if !redials.contains(&(start + k)) {
                let i = ((r.arrival_s.max(0.0) / interval_s) as usize).min(n_grid - 1);
                sums[w][i] += 1.0;
            }
        }
    }
    let weekdays = (0..7)
        .filter_map(|w| {
            let (open, close) = d.week[w]?;
            let n = dates[w].max(1) as f64;
            let observed: Vec<f64> = (lo..hi).map(|i| sums[w][i] / n).collect();
            // The scenario spreads a day's calls by the profile restricted to its hours.
            let (a, b) = (
                (open / d.interval_s) as usize,
                (close / d.interval_s) as usize,
            );
            let open_share: f64 = (lo..hi)
                .zip(&d.profile)
                .filter(|(i, _)| (a..b).contains(i))
                .map(|(_, p)| p)
                .sum();
            let day = d.calls_per_day * d.day_of_week[w];
            let fitted = (lo..hi)
                .zip(&d.profile)
                .map(|(i, p)| {
                    if (a..b).contains(&i) && open_share > 0.0 {
                        day * p / open_share
                    } else {
                        0.0
                    }
                })
                .collect();
            Some(WeekdayArrivals {
                weekday: WEEKDAYS[w].to_owned(),
                dates: dates[w],
                hours: format!("{}–{}", hhmm(open), hhmm(close)),
                observed,
                fitted,
            })
        })
        .collect();
    ArrivalsByWeekday {
        interval_min: d.interval_s / 60,
        calls_per_day: d.calls_per_day,
        intervals,
        weekdays,
    }
}

/// The log's records grouped by date, with the index of each group's first record.
fn chunks_by_date(log: &CallLog) -> Vec<(usize, &[crate::calllog::CallRecord])> {
    let mut out = Vec::new();
    let mut start = 0;
    for chunk in log.records.chunk_by(|a, b| a.date == b.date) {
        out.push((start, chunk));
        start += chunk.len();
    }
    out
}

/// The curves of every candidate family of `c`, from 0 to `x_max_s`, as CDFs or as
/// survival functions; `only` keeps those families alone (all when empty).
fn model_curves(c: &Chosen, x_max_s: f64, survival: bool, only: &[Family]) -> Vec<ModelCurve> {
    c.comparison
        .candidates
        .iter()
        .filter(|k| only.is_empty() || only.contains(&k.family))
        .filter_map(|k| {
            let m = Model::new(k.family, k.mean_s, k.cv)?;
            let points = (0..=400)
                .map(|i| {
                    let t = x_max_s * i as f64 / 400.0;
                    (t, if survival { m.survival(t) } else { m.cdf(t) })
                })
                .collect();
            Some(ModelCurve {
                family: k.family.name().to_owned(),
                chosen: k.family == c.comparison.chosen,
                mean_s: k.mean_s,
                cv: k.cv,
                ks_distance: k.ks_distance,
                points,
            })
        })
        .collect()
}

/// The `p`-quantile of sorted values (nearest rank).
fn quantile_sorted(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let k = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[k - 1]
}

/// The step points of the empirical CDF of sorted `v` up to `x_max_s`.
fn ecdf_steps(v: &[f64], x_max_s: f64) -> Vec<(f64, f64)> {
    let n = v.len() as f64;
    let mut out = vec![(0.0, 0.0)];
    let mut below = 0.0;
    let mut i = 0;
    while i < v.len() && v[i] <= x_max_s {
        let t = v[i];
        let ties = v[i..].iter().take_while(|&&x| x == t).count();
        let after = (i + ties) as f64 / n;
        out.push((t, below));
        out.push((t, after));
        below = after;
        i += ties;
    }
    out.push((x_max_s, below));
    out
}

/// Handling: the pooled sample and the call type with most answered calls.
pub fn handling_of(fit: &Fit, log: &CallLog) -> Distributions {
    let h = &fit.handling;
    let mut pooled: Vec<f64> = log.records.iter().filter_map(|r| r.handle_s()).collect();
    pooled.sort_by(f64::total_cmp);
    let x_max = nice_end(quantile_sorted(&pooled, 0.99));
    let mut panels = vec![Panel {
        caption: format!(
            "All answered calls — {} calls (pooled fit)",
            crate::charts::style::count(pooled.len() as f64)
        ),
        data: ecdf_steps(&pooled, x_max),
        models: model_curves(&h.pooled, x_max, false, &[]),
        x_max_s: x_max,
    }];
    let n_types = log.types.len().max(1);
    let largest = h.types.iter().max_by_key(|t| t.answered);
    if let Some(t) = largest.filter(|_| h.types.len() > 1) {
        let index = log.types.iter().position(|n| *n == t.name).unwrap_or(0);
        let mut v: Vec<f64> = log
            .records
            .iter()
            .filter(|r| r.call_type.map_or(0, usize::from).min(n_types - 1) == index)
            .filter_map(|r| r.handle_s())
            .collect();
        v.sort_by(f64::total_cmp);
        let x_max = nice_end(quantile_sorted(&v, 0.99));
        panels.push(Panel {
            caption: format!(
                "Type “{}” — {} calls{}",
                t.name,
                crate::charts::style::count(v.len() as f64),
                if t.own { "" } else { " (too few: pooled fit)" }
            ),
            data: ecdf_steps(&v, x_max),
            models: model_curves(&t.handle, x_max, false, &[]),
            x_max_s: x_max,
        });
    }
    Distributions {
        title: "Handling time — the data's distribution against the fitted families".into(),
        subtitle: format!(
            "Handling = service end − service start of answered calls; empirical CDF against each family fitted by maximum likelihood \
             (bold: chosen by lowest AIC); up to the 99th percentile; {} call types",
            h.types.len()
        ),
        x_desc: "handling time (s)".into(),
        y_desc: "share of calls handled within (CDF)".into(),
        data_label: "data (empirical CDF)".into(),
        survival: false,
        panels,
    }
}

/// Patience: Kaplan–Meier against the chosen family and the exponential; `None` when the
/// fit has no patience.
pub fn patience_of(fit: &Fit, log: &CallLog) -> Option<Distributions> {
    let p = fit.patience.as_ref()?;
    let mut waits: Vec<f64> = log
        .records
        .iter()
        .filter(|r| r.outcome != Outcome::Other)
        .filter_map(|r| r.wait_s())
        .collect();
    waits.sort_by(f64::total_cmp);
    let x_max = nice_end(quantile_sorted(&waits, 0.99));
    let mut data = vec![(0.0, 1.0)];
    let mut last = 1.0;
    for &(t, s) in p.kaplan_meier.iter().take_while(|(t, _)| *t <= x_max) {
        data.push((t, last));
        data.push((t, s));
        last = s;
    }
    data.push((x_max, last));
    let chosen = p.chosen.comparison.chosen;
    let models = model_curves(&p.chosen, x_max, true, &[chosen, Family::Exponential]);
    Some(Distributions {
        title: "Patience — Kaplan–Meier survival against the fitted families".into(),
        subtitle: format!(
            "P(patience > t): {} abandonments (observed patience) and {} answered waits (censored), by censored maximum likelihood; \
             family chosen by {}; up to the 99th percentile of waits",
            crate::charts::style::count(p.abandoned as f64),
            crate::charts::style::count(p.censored as f64),
            p.chosen.comparison.criterion.label()
        ),
        x_desc: "time waited in the queue, t (s)".into(),
        y_desc: "callers still willing to wait".into(),
        data_label: "data (Kaplan–Meier)".into(),
        survival: true,
        panels: vec![Panel {
            caption: String::new(),
            data,
            models,
            x_max_s: x_max,
        }],
    })
}

/// A round axis end at or above `x` (at least 10 s).
fn nice_end(x: f64) -> f64 {
    let x = if x.is_finite() { x.max(10.0) } else { 10.0 };
    let step = crate::charts::style::round_step(x);
    (x / step).ceil() * step
}

/// Agents on duty per interval of the envelope.
pub fn agents_of(fit: &Fit, log: &CallLog) -> AgentsByInterval {
    let d = &fit.demand;
    let n_grid = (86_400 / d.interval_s) as usize;
    let (intervals, lo, hi) = envelope(fit);
    let mut sum = vec![0.0; hi - lo];
    let mut full = 0usize;
    for (_, chunk) in chunks_by_date(log) {
        if d.week[weekday_index(chunk[0].date)] != Some((d.open_s, d.close_s)) {
            continue;
        }
        full += 1;
        let presence = presence_by_interval(&sessions_of(chunk), d.interval_s, n_grid);
        for (k, i) in (lo..hi).enumerate() {
            sum[k] += presence[i];
        }
    }
    let by_date: Vec<Vec<f64>> = fit
        .agents_by_date
        .iter()
        .map(|(_, row)| row.iter().map(|&a| f64::from(a)).collect())
        .collect();
    let mean_full_days = if full > 0 {
        sum.iter().map(|s| s / full as f64).collect()
    } else {
        // No date is open for the whole envelope: the mean over every working date.
        (0..hi - lo)
            .map(|i| by_date.iter().map(|r| r[i]).sum::<f64>() / by_date.len().max(1) as f64)
            .collect()
    };
    AgentsByInterval {
        intervals,
        by_date,
        full_days: full,
        mean_full_days,
        availability: fit.availability.share(),
        away_mean_s: fit.availability.away_mean_s(),
    }
}
