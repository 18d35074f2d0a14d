//! The adapter from a run's tables to the charts' inputs. Charts read tables (the same
//! DataFrames that are written to Parquet, or read back from it), never engine internals,
//! so `ccplan report` can redraw a run without simulating it again.

use anyhow::{Context, Result, ensure};
use polars::prelude::DataFrame;

use super::data::*;
use crate::scenario::{LineId, Scenario};
use crate::service_level::SlDefinition;
use crate::tables::Tables;
use crate::tables::access::{bools, f64s, strings};
use crate::tables::schema::sl_column;

/// The rows of one line in a per-(…, line) table, as indices.
fn rows_of(df: &DataFrame, line: LineId) -> Result<Vec<usize>> {
    Ok(strings(df, "line")?
        .iter()
        .enumerate()
        .filter(|(_, l)| l.as_str() == line.key())
        .map(|(i, _)| i)
        .collect())
}

fn pick<T: Clone>(values: &[T], rows: &[usize]) -> Vec<T> {
    rows.iter().map(|&i| values[i].clone()).collect()
}

/// The service-level threshold and target the charts mark: the scenario's target, else
/// 60 s without a target line.
fn threshold_and_target(sc: &Scenario, thresholds: &[f64]) -> (f64, Option<f64>, SlDefinition) {
    match sc.targets.service_level {
        Some(t) => (t.within_s, Some(t.at_least), t.definition),
        None => (
            if thresholds.contains(&60.0) {
                60.0
            } else {
                thresholds[0]
            },
            None,
            SlDefinition::Offered,
        ),
    }
}

/// Per-interval values of a (date, interval) table for one line: `[day][interval]`.
struct Grid {
    days: Vec<String>,
    intervals: Vec<String>,
    rows: Vec<Vec<usize>>,
}

impl Grid {
    fn new(df: &DataFrame, line: LineId, n_intervals: usize) -> Result<Self> {
        let rows = rows_of(df, line)?;
        ensure!(
            !rows.is_empty() && rows.len() % n_intervals == 0,
            "intervals table: {} rows for {}, not a whole number of days of {n_intervals} intervals",
            rows.len(),
            line.key()
        );
        let dates = strings(df, "date")?;
        let starts = strings(df, "interval_start")?;
        let rows: Vec<Vec<usize>> = rows.chunks(n_intervals).map(|c| c.to_vec()).collect();
        Ok(Grid {
            days: rows.iter().map(|r| dates[r[0]].clone()).collect(),
            intervals: rows[0].iter().map(|&i| starts[i].clone()).collect(),
            rows,
        })
    }

    fn day(&self, values: &[Option<f64>], d: usize) -> Vec<Option<f64>> {
        pick(values, &self.rows[d])
    }

    /// Mean over days of each interval (defined values only).
    fn average(&self, values: &[Option<f64>]) -> Vec<Option<f64>> {
        (0..self.intervals.len())
            .map(|i| {
                let xs: Vec<f64> = self.rows.iter().filter_map(|r| values[r[i]]).collect();
                (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
            })
            .collect()
    }

    /// Mean and 95% bounds of a share column; the Student-t bounds are clipped to [0, 1],
    /// which they can overshoot near the ends.
    fn estimates(&self, df: &DataFrame, name: &str, day: Option<usize>) -> Result<Estimates> {
        let get = |n: &str| -> Result<Vec<Option<f64>>> {
            let v: Vec<Option<f64>> = f64s(df, n)?
                .into_iter()
                .map(|x| x.map(|x| x.clamp(0.0, 1.0)))
                .collect();
            Ok(match day {
                Some(d) => self.day(&v, d),
                None => self.average(&v),
            })
        };
        Ok(Estimates {
            mean: get(name)?,
            low: get(&format!("{name}_ci95_low"))?,
            high: get(&format!("{name}_ci95_high"))?,
        })
    }
}

fn zeros(v: Vec<Option<f64>>) -> Vec<f64> {
    v.into_iter().map(|x| x.unwrap_or(0.0)).collect()
}

/// Waits of answered calls of one line and period, rebinned to `width_s` bins up to
/// `max_s` plus an overflow share, with the count of the line's intervals (rows of `iv`)
/// of that period. Table bins are narrow (at most 1/64 of their lower
/// edge), so each is assigned to the chart bin holding its midpoint.
fn histogram(
    wd: &DataFrame,
    iv: &DataFrame,
    line: LineId,
    period: &str,
    width_s: f64,
    max_s: f64,
) -> Result<WaitHistogram> {
    let (lines, periods, kinds) = (
        strings(wd, "line")?,
        strings(wd, "period")?,
        strings(wd, "kind")?,
    );
    let (lower, upper, share) = (
        f64s(wd, "lower_s")?,
        f64s(wd, "upper_s")?,
        f64s(wd, "share")?,
    );
    let peak_flags = bools(iv, "peak_period")?;
    let n = (max_s / width_s).round() as usize;
    let mut bins: Vec<Bin> = (0..n)
        .map(|k| Bin {
            from_s: k as f64 * width_s,
            to_s: (k + 1) as f64 * width_s,
            share: 0.0,
        })
        .collect();
    let (mut at_once, mut overflow) = (0.0, 0.0);
    let intervals = rows_of(iv, line)?
        .into_iter()
        .filter(|&i| peak_flags[i] == (period == "peak"))
        .count();
    for i in 0..wd.height() {
        if lines[i] != line.key() || periods[i] != period || kinds[i] != "answered" {
            continue;
        }
        let s = share[i].unwrap_or(0.0);
        let lo = lower[i].unwrap_or(0.0);
        match upper[i] {
            Some(0.0) => at_once += s,
            Some(hi) if (lo + hi) / 2.0 < max_s => {
                let k = (((lo + hi) / 2.0) / width_s) as usize;
                bins[k.min(n - 1)].share += s;
            }
            _ => overflow += s,
        }
    }
    Ok(WaitHistogram {
        at_once,
        bins,
        overflow,
        intervals,
    })
}

/// A bin width giving about 18 bins up to three times the threshold: 5, 10, 20, 30 or 60 s.
fn bin_width(threshold_s: f64) -> f64 {
    let raw = threshold_s * 3.0 / 18.0;
    [5.0, 10.0, 20.0, 30.0, 60.0, 120.0]
        .into_iter()
        .find(|&w| w >= raw)
        .unwrap_or(120.0)
}

fn requirement_text(sc: &Scenario, line: LineId) -> String {
    let (targets, defaulted) = crate::tables::staffing::scenario_targets(sc);
    let list: Vec<String> = targets.iter().map(|t| t.to_string()).collect();
    let model = if sc.callers.patience.is_some() {
        "Erlang A"
    } else {
        "Erlang C"
    };
    let default = if defaulted {
        " (no target in the scenario)"
    } else {
        ""
    };
    // The requirement sizes the line for its calls; say so where agents also answer e-mail.
    let calls_only = if sc.email.as_ref().is_some_and(|e| e.line == line) {
        ", for calls only (this line's e-mail needs more)"
    } else {
        ""
    };
    format!("{model} for {}{default}{calls_only}", list.join(", "))
}

/// Builds every chart's input from the tables of a run of `sc`; `note` names the run.
pub fn chart_set(tables: &Tables, sc: &Scenario, note: String) -> Result<ChartSet> {
    let n = sc.calendar.intervals_per_day();
    let thresholds = tables.thresholds();
    let (threshold_s, target, definition) = threshold_and_target(sc, &thresholds);
    let sl = sl_column(threshold_s);
    let iv = &tables.intervals;
    let width = bin_width(threshold_s);

    let line_charts = |line: LineId| -> Result<Option<LineCharts>> {
        let Some(spec) = sc.lines.get(line) else {
            return Ok(None);
        };
        let name = spec.label.clone();
        let grid = Grid::new(iv, line, n).with_context(|| format!("charts of {}", line.key()))?;
        // The busiest day: most calls offered to this line.
        let offered = f64s(iv, "calls_offered")?;
        let totals: Vec<f64> = grid
            .rows
            .iter()
            .map(|r| r.iter().map(|&i| offered[i].unwrap_or(0.0)).sum())
            .collect();
        let busiest = (0..totals.len())
            .max_by(|&a, &b| totals[a].total_cmp(&totals[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let busiest_label = format!("Busiest day — {}", grid.days[busiest]);
        let avg_label = format!("Average of {} working days", grid.days.len());
        let sl_values = f64s(iv, &sl)?;
        Ok(Some(LineCharts {
            waits: WaitDistribution {
                line: name.clone(),
                threshold_s,
                target,
                peak: histogram(
                    &tables.wait_distribution,
                    iv,
                    line,
                    "peak",
                    width,
                    3.0 * threshold_s,
                )?,
                normal: histogram(
                    &tables.wait_distribution,
                    iv,
                    line,
                    "normal",
                    width,
                    3.0 * threshold_s,
                )?,
            },
            service_level: ServiceLevelByInterval {
                line: name.clone(),
                intervals: grid.intervals.clone(),
                threshold_s,
                definition: definition
                    .describe()
                    .replace(" T ", &format!(" {threshold_s} s ")),
                target,
                busiest: ServiceLevelDay {
                    label: busiest_label.clone(),
                    service_level: grid.estimates(iv, &sl, Some(busiest))?,
                },
                average: ServiceLevelDay {
                    label: avg_label.clone(),
                    service_level: grid.estimates(iv, &sl, None)?,
                },
            },
            calls: CallsByInterval {
                line: name.clone(),
                day: "Average working day".into(),
                intervals: grid.intervals.clone(),
                offered: zeros(grid.average(&offered)),
                answered: zeros(grid.average(&f64s(iv, "calls_answered")?)),
                abandoned: zeros(grid.average(&f64s(iv, "calls_abandoned")?)),
                self_served: zeros(grid.average(&f64s(iv, "calls_self_served")?)),
                blocked: zeros(grid.average(&f64s(iv, "calls_blocked")?)),
            },
            staffing: StaffingByInterval {
                line: name.clone(),
                day: busiest_label,
                requirement: requirement_text(sc, line),
                intervals: grid.intervals.clone(),
                available: zeros(grid.day(&f64s(iv, "agents_available")?, busiest)),
                required: zeros(grid.day(&f64s(iv, "agents_required")?, busiest)),
            },
            heatmap: ServiceLevelHeatmap {
                line: name,
                days: grid.days.clone(),
                intervals: grid.intervals.clone(),
                threshold_s,
                target,
                values: (0..grid.days.len())
                    .map(|d| grid.day(&sl_values, d))
                    .collect(),
            },
        }))
    };

    let first_line = line_charts(LineId::First)?.context("the run has no 1st line")?;
    let second_line = line_charts(LineId::Second)?;

    let mut occupancy_lines = Vec::new();
    let mut occupancy_intervals = Vec::new();
    for line in LineId::ALL {
        let Some(spec) = sc.lines.get(line) else {
            continue;
        };
        let grid = Grid::new(iv, line, n)?;
        occupancy_intervals = grid.intervals.clone();
        occupancy_lines.push(LineOccupancy {
            line: spec.label.clone(),
            occupancy: grid.estimates(iv, "occupancy", None)?,
        });
    }

    let email = if sc.email.is_some() && tables.email.height() > 0 {
        let e = &tables.email;
        Some(EmailBacklog {
            days: strings(e, "date")?,
            backlog_at_close: Estimates {
                mean: f64s(e, "backlog_at_close")?,
                // A count's Student-t bound can fall below zero; the chart clips it.
                low: f64s(e, "backlog_at_close_ci95_low")?
                    .into_iter()
                    .map(|x| x.map(|x| x.max(0.0)))
                    .collect(),
                high: f64s(e, "backlog_at_close_ci95_high")?,
            },
            received: zeros(f64s(e, "received")?),
            handled: zeros(f64s(e, "handled")?),
        })
    } else {
        None
    };

    Ok(ChartSet {
        note,
        first_line,
        second_line,
        occupancy: OccupancyByInterval {
            day: "average working day".into(),
            intervals: occupancy_intervals,
            lines: occupancy_lines,
            max_target: sc.targets.occupancy_at_most,
        },
        email,
    })
}
