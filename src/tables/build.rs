//! Run statistics and the scenario → one DataFrame per table, checked against the schema.

use anyhow::{Result, bail};
use jiff::civil::Date;
use polars::prelude::{Column as PlColumn, DataFrame, DataType, IntoColumn, NamedFrom, Series};

use super::Tables;
use super::schema::{self, Dtype, Table};
use super::staffing::Staffing;
use crate::engine::Setup;
use crate::scenario::{LineId, Scenario};
use crate::stats::replication::{Period, WaitHistograms};
use crate::stats::run::{EmailDayAcc, FigureAcc, WAIT_QUANTILES};
use crate::stats::{Estimate, Histogram, RunStats, Welford, by_line};

/// Builds every table of a run.
///
/// # Errors
/// When `stats` were not shaped by `sc` (different days, intervals or contact types), or
/// a frame does not match the schema (a bug).
pub fn build_tables(sc: &Scenario, stats: &RunStats) -> Result<Tables> {
    let setup = Setup::new(sc);
    if setup.days.len() != stats.n_days
        || setup.n_intervals != stats.n_intervals
        || sc.contact_types.len() != stats.n_types
    {
        bail!(
            "the statistics ({} days × {} intervals, {} contact types) do not belong to \
             scenario `{}` ({} × {}, {})",
            stats.n_days,
            stats.n_intervals,
            stats.n_types,
            sc.name,
            setup.days.len(),
            setup.n_intervals,
            sc.contact_types.len()
        );
    }
    let expected: Vec<String> = schema::figure_columns(&stats.names.thresholds, false)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    if expected != stats.names.names {
        bail!(
            "figure names {:?} differ from the schema's {:?}",
            stats.names.names,
            expected
        );
    }
    let lines: Vec<LineId> = LineId::ALL
        .into_iter()
        .filter(|&l| sc.lines.get(l).is_some())
        .collect();
    let b = Builder {
        sc,
        setup: &setup,
        stats,
        lines: &lines,
    };
    Ok(Tables {
        intervals: b.intervals()?,
        days: b.days()?,
        contact_types: b.contact_types()?,
        email: b.email()?,
        wait_distribution: b.wait_distribution()?,
        replications: b.replications()?,
    })
}

struct Builder<'a> {
    sc: &'a Scenario,
    setup: &'a Setup,
    stats: &'a RunStats,
    lines: &'a [LineId],
}

/// A finite value, or null.
fn defined(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Days since 1970-01-01, polars' physical representation of a Date.
pub(crate) fn epoch_days(d: Date) -> i32 {
    (d - jiff::civil::date(1970, 1, 1)).get_days()
}

/// Columns collected in schema order, then checked against the schema.
#[derive(Default)]
struct Frame {
    columns: Vec<PlColumn>,
}

impl Frame {
    fn push(&mut self, s: Series) {
        self.columns.push(s.into_column());
    }

    fn date(&mut self, name: &str, v: impl IntoIterator<Item = Date>) -> Result<()> {
        let days: Vec<i32> = v.into_iter().map(epoch_days).collect();
        self.push(Series::new(name.into(), days).cast(&DataType::Date)?);
        Ok(())
    }

    fn str<S: AsRef<str>>(&mut self, name: &str, v: impl IntoIterator<Item = S>) {
        let v: Vec<String> = v.into_iter().map(|s| s.as_ref().to_owned()).collect();
        self.push(Series::new(name.into(), v));
    }

    fn bool(&mut self, name: &str, v: impl IntoIterator<Item = bool>) {
        let v: Vec<bool> = v.into_iter().collect();
        self.push(Series::new(name.into(), v));
    }

    fn u32(&mut self, name: &str, v: impl IntoIterator<Item = Option<u32>>) {
        let v: Vec<Option<u32>> = v.into_iter().collect();
        self.push(Series::new(name.into(), v));
    }

    fn u64(&mut self, name: &str, v: impl IntoIterator<Item = u64>) {
        let v: Vec<u64> = v.into_iter().collect();
        self.push(Series::new(name.into(), v));
    }

    fn f64(&mut self, name: &str, v: impl IntoIterator<Item = f64>) {
        let v: Vec<Option<f64>> = v.into_iter().map(defined).collect();
        self.push(Series::new(name.into(), v));
    }

    /// The three columns of an estimate.
    fn estimate(&mut self, name: &str, v: &[Estimate]) {
        let [mean, low, high] = schema::estimate_names(name);
        self.f64(&mean, v.iter().map(|e| e.mean));
        self.f64(&low, v.iter().map(|e| e.ci95_low));
        self.f64(&high, v.iter().map(|e| e.ci95_high));
    }

    /// Estimates of the line figures, one accumulator per row.
    fn figure_estimates(&mut self, accs: &[&FigureAcc], thresholds: &[f64], calls_only: bool) {
        for (k, name) in schema::figure_columns(thresholds, calls_only) {
            let v: Vec<Estimate> = accs.iter().map(|a| a.estimate(k)).collect();
            self.estimate(&name, &v);
        }
    }

    /// The frame, if its columns are exactly the table's for these thresholds.
    fn finish(self, table: &Table, thresholds: &[f64]) -> Result<DataFrame> {
        let df = DataFrame::new_infer_height(self.columns)?;
        check(table, thresholds, &df)?;
        Ok(df)
    }
}

/// Whether `df` has exactly the columns (names, order, types) of `table`.
pub(super) fn check(table: &Table, thresholds: &[f64], df: &DataFrame) -> Result<()> {
    let got: Vec<(String, DataType)> = df
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.dtype().clone()))
        .collect();
    let want: Vec<(String, DataType)> = table
        .columns(thresholds)
        .into_iter()
        .map(|(n, d): (String, Dtype)| (n, d.polars()))
        .collect();
    if got != want {
        let show = |v: &[(String, DataType)]| {
            v.iter()
                .map(|(n, d)| format!("{n}: {d}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        bail!(
            "table `{}` does not match its schema\n  found:    {}\n  expected: {}",
            table.name,
            show(&got),
            show(&want)
        );
    }
    Ok(())
}

impl Builder<'_> {
    fn thresholds(&self) -> &[f64] {
        &self.stats.names.thresholds
    }

    fn intervals(&self) -> Result<DataFrame> {
        let (sc, setup, stats) = (self.sc, self.setup, self.stats);
        let n = stats.n_intervals;
        let interval_s = f64::from(sc.calendar.interval_s);
        let mut staffing = Staffing::new(sc);
        let workload = |l: LineId| sc.line_workload(l);
        // Mean handling of the interval's callers (with `handle_factor_by_interval`).
        let aht_at = |l: LineId, i: usize| sc.line_workload_at(l, i).1;

        struct Row {
            d: usize,
            i: usize,
            line: LineId,
            arrivals_per_hour: f64,
        }
        let mut rows = Vec::with_capacity(stats.n_days * n * self.lines.len());
        for (d, day) in setup.days.iter().enumerate() {
            for (i, expected) in sc.expected_curve(day.date).into_iter().enumerate() {
                for &line in self.lines {
                    let arrivals_per_hour = expected / interval_s * 3600.0 * workload(line).0;
                    rows.push(Row {
                        d,
                        i,
                        line,
                        arrivals_per_hour,
                    });
                }
            }
        }
        let mut f = Frame::default();
        f.date("date", rows.iter().map(|r| setup.days[r.d].date))?;
        f.str(
            "interval_start",
            rows.iter().map(|r| {
                let s = sc.calendar.interval_start_s(r.i);
                format!("{:02}:{:02}", s / 3600, s % 3600 / 60)
            }),
        );
        f.str("line", rows.iter().map(|r| r.line.key()));
        f.bool(
            "peak_period",
            rows.iter().map(|r| setup.peak[r.d * n + r.i]),
        );
        f.f64(
            "arrivals_per_hour",
            rows.iter().map(|r| r.arrivals_per_hour),
        );
        f.f64(
            "offered_load_erlangs",
            rows.iter()
                .map(|r| r.arrivals_per_hour * aht_at(r.line, r.i) / 3600.0),
        );
        f.f64(
            "agents_rostered",
            rows.iter().map(|r| {
                let from = setup.open_s + r.i as f64 * interval_s;
                let to = from + interval_s;
                let agent_s: f64 = setup.days[r.d].roster[r.line.index()]
                    .iter()
                    .map(|b| {
                        let overlap =
                            (f64::from(b.end_s).min(to) - f64::from(b.start_s).max(from)).max(0.0);
                        f64::from(b.agents()) * overlap
                    })
                    .sum();
                agent_s / interval_s
            }),
        );
        f.u32(
            "agents_required",
            rows.iter()
                .map(|r| staffing.required(r.arrivals_per_hour, aht_at(r.line, r.i)))
                .collect::<Vec<_>>(),
        );
        let accs: Vec<&FigureAcc> = rows
            .iter()
            .map(|r| &stats.intervals[stats.interval_index(r.d, r.i, r.line.index())])
            .collect();
        f.figure_estimates(&accs, self.thresholds(), false);
        f.finish(&schema::INTERVALS, self.thresholds())
    }

    fn days(&self) -> Result<DataFrame> {
        let (sc, setup, stats) = (self.sc, self.setup, self.stats);
        let rows: Vec<(usize, LineId)> = (0..stats.n_days)
            .flat_map(|d| self.lines.iter().map(move |&l| (d, l)))
            .collect();
        let mut f = Frame::default();
        f.date("date", rows.iter().map(|&(d, _)| setup.days[d].date))?;
        f.str("line", rows.iter().map(|(_, l)| l.key()));
        f.bool(
            "named_peak",
            rows.iter()
                .map(|&(d, _)| sc.peaks_on(setup.days[d].date).next().is_some()),
        );
        let accs: Vec<&FigureAcc> = rows
            .iter()
            .map(|&(d, l)| &stats.days[by_line(d, l.index())])
            .collect();
        f.figure_estimates(&accs, self.thresholds(), false);
        f.finish(&schema::DAYS, self.thresholds())
    }

    fn contact_types(&self) -> Result<DataFrame> {
        let (sc, stats) = (self.sc, self.stats);
        let rows: Vec<(usize, LineId)> = (0..stats.n_types)
            .flat_map(|t| self.lines.iter().map(move |&l| (t, l)))
            .collect();
        let mut f = Frame::default();
        f.str(
            "contact_type",
            rows.iter().map(|&(t, _)| &sc.contact_types[t].name),
        );
        f.str("line", rows.iter().map(|(_, l)| l.key()));
        f.f64(
            "type_share",
            rows.iter().map(|&(t, _)| sc.contact_types[t].share),
        );
        let accs: Vec<&FigureAcc> = rows
            .iter()
            .map(|&(t, l)| &stats.types[by_line(t, l.index())])
            .collect();
        f.figure_estimates(&accs, self.thresholds(), true);
        f.finish(&schema::CONTACT_TYPES, self.thresholds())
    }

    fn email(&self) -> Result<DataFrame> {
        let days: Vec<usize> = if self.sc.email.is_some() {
            (0..self.stats.n_days).collect()
        } else {
            Vec::new()
        };
        let acc = &self.stats.email.days;
        let est = |get: fn(&EmailDayAcc) -> &Welford| -> Vec<Estimate> {
            days.iter().map(|&d| get(&acc[d]).estimate()).collect()
        };
        let mut f = Frame::default();
        f.date("date", days.iter().map(|&d| self.setup.days[d].date))?;
        f.estimate("received", &est(|a| &a.received));
        f.estimate("handled", &est(|a| &a.handled));
        f.estimate("backlog_at_close", &est(|a| &a.backlog_at_close));
        f.estimate("mean_response_working_h", &est(|a| &a.mean_response_h));
        for (j, (q, _)) in WAIT_QUANTILES.iter().enumerate() {
            let v: Vec<Estimate> = days
                .iter()
                .map(|&d| acc[d].response_quantiles_h[j].estimate())
                .collect();
            f.estimate(&format!("response_{q}_working_h"), &v);
        }
        f.finish(&schema::EMAIL, self.thresholds())
    }

    fn wait_distribution(&self) -> Result<DataFrame> {
        struct Bin {
            line: LineId,
            period: &'static str,
            kind: &'static str,
            lower_s: f64,
            upper_s: f64,
            calls: u64,
            share: f64,
            cumulative_share: f64,
        }
        let mut bins = Vec::new();
        for &line in self.lines {
            let waits = &self.stats.waits[line.index()];
            let mut all = WaitHistograms::default();
            all.merge(&waits[Period::Normal as usize]);
            all.merge(&waits[Period::Peak as usize]);
            let periods: [(&str, &WaitHistograms); 3] = [
                ("all", &all),
                ("peak", &waits[Period::Peak as usize]),
                ("normal", &waits[Period::Normal as usize]),
            ];
            for (period, w) in periods {
                let kinds: [(&str, &Histogram); 2] =
                    [("answered", &w.answered), ("abandoned", &w.abandoned)];
                for (kind, h) in kinds {
                    let total = h.total();
                    if total == 0 {
                        continue;
                    }
                    let zero = std::iter::once((0.0, 0.0, h.zeros()));
                    let rest = h.buckets().filter(|&(_, upper, _)| upper > 0.0);
                    let mut seen = 0u64;
                    for (lower_s, upper_s, calls) in zero.chain(rest) {
                        seen += calls;
                        bins.push(Bin {
                            line,
                            period,
                            kind,
                            lower_s,
                            upper_s,
                            calls,
                            share: calls as f64 / total as f64,
                            cumulative_share: seen as f64 / total as f64,
                        });
                    }
                }
            }
        }
        let mut f = Frame::default();
        f.str("line", bins.iter().map(|b| b.line.key()));
        f.str("period", bins.iter().map(|b| b.period));
        f.str("kind", bins.iter().map(|b| b.kind));
        f.f64("lower_s", bins.iter().map(|b| b.lower_s));
        f.f64("upper_s", bins.iter().map(|b| b.upper_s));
        f.u64("calls", bins.iter().map(|b| b.calls));
        f.f64("share", bins.iter().map(|b| b.share));
        f.f64("cumulative_share", bins.iter().map(|b| b.cumulative_share));
        f.finish(&schema::WAIT_DISTRIBUTION, self.thresholds())
    }

    fn replications(&self) -> Result<DataFrame> {
        let stats = self.stats;
        let rows: Vec<(u32, LineId)> = (0..stats.per_replication.len() as u32)
            .flat_map(|r| self.lines.iter().map(move |&l| (r, l)))
            .collect();
        let mut f = Frame::default();
        f.u32("replication", rows.iter().map(|&(r, _)| Some(r)));
        f.str("line", rows.iter().map(|(_, l)| l.key()));
        for (k, name) in schema::figure_columns(self.thresholds(), false) {
            f.f64(
                &name,
                rows.iter()
                    .map(|&(r, l)| stats.per_replication[r as usize][l.index()][k]),
            );
        }
        f.finish(&schema::REPLICATIONS, self.thresholds())
    }
}
