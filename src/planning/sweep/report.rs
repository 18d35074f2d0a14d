//! What a sweep writes: the `sweep` table (Parquet + CSV), a chart per headline figure,
//! `report.md`, `sweep.json` and the scenario as given — and the markdown summary printed.

use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::{DataFrame, IntoColumn, NamedFrom, Series};
use rayon::prelude::*;

use super::{PointResult, Sweep};
use crate::charts::data::Estimates;
use crate::charts::sweep::{SweepChart, SweepSeries};
use crate::planning::edit::value_label;
use crate::planning::headline::Figure;
use crate::planning::output::{self, ColumnDoc, TableDoc};
use crate::stats::Estimate;
use crate::tables::schema::estimate_names;

impl Sweep {
    /// The `sweep` table's documentation: its columns in order.
    pub fn table_doc(&self) -> TableDoc {
        let mut columns = vec![ColumnDoc::new(
            "point",
            "",
            "grid point number, from 1, in grid order (the first --set varies slowest)",
        )];
        for s in &self.grid.settings {
            columns.push(ColumnDoc::new(
                s.path_text.clone(),
                "",
                format!("the value set at `{}` (--set `{}`)", s.path_text, s.raw),
            ));
        }
        for f in &self.figures {
            let target = f
                .target
                .map(|b| {
                    format!(
                        "; target {} {}",
                        if b.at_least { "at least" } else { "at most" },
                        output::format_value(b.limit, f.unit)
                    )
                })
                .unwrap_or_default();
            let [mean, low, high] = estimate_names(&f.key);
            columns.push(ColumnDoc::new(
                mean,
                f.unit,
                format!("{}: mean over replications{target}", f.label),
            ));
            columns.push(ColumnDoc::new(
                low,
                f.unit,
                format!("{}: lower bound of the 95% interval of the mean", f.label),
            ));
            columns.push(ColumnDoc::new(
                high,
                f.unit,
                format!("{}: upper bound of the 95% interval of the mean", f.label),
            ));
        }
        columns.push(ColumnDoc::new(
            "agent_hours_per_day",
            "agent-hours/day",
            "agent-hours rostered per working day, all lines, open to close, after shrinkage, reinforcement included",
        ));
        columns.push(ColumnDoc::new(
            "all_targets_met",
            "",
            "every target's mean is on the right side of it (empty: the scenario has no targets)",
        ));
        columns.push(ColumnDoc::new(
            "targets_verdict",
            "",
            "`met`: every target's 95% interval is on the right side; `missed`: some target's interval is wholly on the wrong side; else `inconclusive` (empty without targets)",
        ));
        TableDoc {
            name: "sweep".into(),
            rows: "grid point".into(),
            columns,
        }
    }

    /// The `sweep` table.
    pub fn frame(&self) -> Result<DataFrame> {
        let n = self.results.len();
        let mut cols = vec![Series::new(
            "point".into(),
            (1..=n as u32).collect::<Vec<_>>(),
        )];
        for (k, s) in self.grid.settings.iter().enumerate() {
            let chosen = self.grid.points.iter().map(|p| &s.values[p.choice[k]]);
            let name = s.path_text.as_str().into();
            cols.push(if s.values.iter().all(|v| v.is_i64()) {
                Series::new(name, chosen.map(|v| v.as_i64()).collect::<Vec<_>>())
            } else if s.is_numeric() {
                Series::new(name, chosen.map(|v| v.as_f64()).collect::<Vec<_>>())
            } else {
                Series::new(name, chosen.map(value_label).collect::<Vec<_>>())
            });
        }
        let defined = |x: f64| x.is_finite().then_some(x);
        for f in &self.figures {
            let e: Vec<_> = self.results.iter().map(|r| r.estimate(&f.key)).collect();
            let pick = |g: fn(&Estimate) -> f64| -> Vec<Option<f64>> {
                e.iter()
                    .map(|x| x.as_ref().and_then(|x| defined(g(x))))
                    .collect()
            };
            let [mean, low, high] = estimate_names(&f.key);
            cols.push(Series::new(mean.into(), pick(|x| x.mean)));
            cols.push(Series::new(low.into(), pick(|x| x.ci95_low)));
            cols.push(Series::new(high.into(), pick(|x| x.ci95_high)));
        }
        cols.push(Series::new(
            "agent_hours_per_day".into(),
            self.results
                .iter()
                .map(|r| r.agent_hours_per_day)
                .collect::<Vec<_>>(),
        ));
        cols.push(Series::new(
            "all_targets_met".into(),
            self.results
                .iter()
                .map(PointResult::all_met)
                .collect::<Vec<_>>(),
        ));
        cols.push(Series::new(
            "targets_verdict".into(),
            self.results
                .iter()
                .map(|r| r.verdict().map(|v| v.key()))
                .collect::<Vec<_>>(),
        ));
        Ok(DataFrame::new_infer_height(
            cols.into_iter().map(IntoColumn::into_column).collect(),
        )?)
    }

    /// The cheapest point meeting every target, in words (several lines of markdown).
    pub fn cheapest_text(&self) -> String {
        if !self.has_targets() {
            return "The scenario has no targets, so no point can be named as the cheapest meeting them.\n".into();
        }
        let Some(c) = self.cheapest() else {
            return "**No grid point meets every target** (by the mean over replications).\n"
                .into();
        };
        // `point N (values), X agent-hours per day`.
        let point = |i: usize| {
            format!(
                "point {} ({}), {:.1} agent-hours per day",
                i + 1,
                self.grid.describe(&self.grid.points[i]).join(", "),
                self.results[i].agent_hours_per_day
            )
        };
        let r = &self.results[c];
        let mut s = format!("**Cheapest point meeting every target:** {}.\n", point(c));
        let unsure: Vec<String> = r
            .checks
            .iter()
            .filter(|k| k.verdict != crate::report::summary_json::Verdict::Met)
            .map(|k| {
                format!(
                    "{} ({})",
                    output::check_label(k),
                    output::format_achieved(k)
                )
            })
            .collect();
        if unsure.is_empty() {
            s.push_str(
                "Its verdicts are conclusive: every target's 95% interval is on the right side.\n",
            );
        } else {
            s.push_str(&format!(
                "Its verdicts are **not all conclusive**: the 95% interval straddles the target for {}; more replications would decide.\n",
                unsure.join("; ")
            ));
            match self.cheapest_conclusive() {
                Some(k) => s.push_str(&format!(
                    "The cheapest point meeting every target conclusively is {}.\n",
                    point(k)
                )),
                None => s.push_str("No point meets every target conclusively.\n"),
            }
        }
        s
    }

    /// Figures shown in the printed and report tables: those with a target, else the
    /// service level of each line.
    fn shown_figures(&self) -> Vec<&Figure> {
        let with_target: Vec<&Figure> =
            self.figures.iter().filter(|f| f.target.is_some()).collect();
        if with_target.is_empty() {
            self.figures
                .iter()
                .filter(|f| f.key.ends_with(".service_level"))
                .collect()
        } else {
            with_target
        }
    }

    /// The points as a markdown table: set values, the main figures with intervals,
    /// agent-hours and the verdict.
    pub fn points_markdown(&self) -> String {
        let shown = self.shown_figures();
        let mut headers: Vec<String> = vec!["point".into()];
        headers.extend(
            self.grid
                .settings
                .iter()
                .map(|s| format!("`{}`", s.path_text)),
        );
        headers.extend(shown.iter().map(|f| f.label.clone()));
        headers.push("agent-hours/day".into());
        headers.push("targets".into());
        let cheapest = self.cheapest();
        let rows: Vec<Vec<String>> = self
            .points()
            .map(|(i, p, r)| {
                let mut row = vec![if Some(i) == cheapest {
                    format!("**{}** ←", i + 1)
                } else {
                    (i + 1).to_string()
                }];
                row.extend(self.grid.chosen(p).map(|(_, v)| value_label(v)));
                row.extend(shown.iter().map(|f| {
                    r.estimate(&f.key)
                        .map(|e| output::format_clipped(e, f.unit))
                        .unwrap_or_else(|| "–".into())
                }));
                row.push(format!("{:.1}", r.agent_hours_per_day));
                // Both are `None` exactly when the point has no targets.
                row.push(match r.all_met().zip(r.verdict()) {
                    None => "–".into(),
                    Some((m, v)) => {
                        format!("{} ({})", if m { "met" } else { "not met" }, v.key())
                    }
                });
                row
            })
            .collect();
        let h: Vec<&str> = headers.iter().map(String::as_str).collect();
        output::markdown_table(&h, &rows)
    }

    /// One line on how the points were simulated.
    fn run_line(&self) -> String {
        let settings: Vec<_> = self.results.iter().map(|r| r.settings).collect();
        let same = settings.windows(2).all(|w| w[0] == w[1]);
        match settings.first() {
            Some(s) if same => format!(
                "{} grid points, each simulated with the same {} replications and seed {} (common random numbers: differences between points come from the scenario, not the draws). Intervals are 95% Student-t over replications.",
                settings.len(),
                s.replications,
                s.seed
            ),
            _ => format!(
                "{} grid points; the sweep changes the seed or replications, so points do not share their random numbers. Intervals are 95% Student-t over replications.",
                settings.len()
            ),
        }
    }

    /// The markdown summary printed at the end of the command.
    pub fn summary_markdown(&self, out: &Path) -> String {
        format!(
            "## Sweep — {}\n\n{}\n\n{}\n{}\nWritten to {}\n",
            self.grid.document.scenario.name,
            self.run_line(),
            self.points_markdown(),
            self.cheapest_text(),
            out.display()
        )
    }

    /// `report.md`, with the charts `charts` (paths relative to the report).
    pub fn report_markdown(&self, charts: &[(String, String)]) -> String {
        let sc = &self.grid.document.scenario;
        let mut s = format!("# Sweep — {}\n\n", sc.name);
        if let Some(d) = &sc.description {
            s.push_str(&format!("{}\n\n", d.trim()));
        }
        s.push_str(&format!(
            "Scenario file: `{}`.\n\n",
            self.grid.document.file
        ));
        s.push_str("Values swept (`--set`):\n\n");
        for st in &self.grid.settings {
            s.push_str(&format!(
                "- `{}`: {}\n",
                st.path_text,
                st.labels().join(", ")
            ));
        }
        s.push_str(&format!("\n{}\n\n", self.run_line()));
        s.push_str("## Cheapest point meeting every target\n\n");
        s.push_str(&self.cheapest_text());
        s.push_str("\nCost is agent-hours rostered per working day (all lines, open to close, after shrinkage). A point meets a target when the mean over replications is on the right side; the verdict is conclusive when the whole 95% interval is.\n\n");
        s.push_str("## Grid points\n\n");
        s.push_str(&self.points_markdown());
        s.push_str(&output::charts_and_table_markdown(
            charts,
            &self.table_doc(),
        ));
        s
    }

    /// The data of the chart of `figure` against the axis setting.
    pub fn chart_data(&self, figure: &Figure) -> SweepChart {
        let axis = self.axis();
        let setting = &self.grid.settings[axis];
        let numeric = setting.is_numeric();
        let x: Vec<f64> = if numeric {
            setting
                .values
                .iter()
                .map(|v| v.as_f64().unwrap_or(f64::NAN))
                .collect()
        } else {
            (0..setting.values.len()).map(|i| i as f64).collect()
        };
        // Series: the distinct combinations of the other settings, in grid order.
        let mut series: Vec<(Vec<usize>, SweepSeries)> = Vec::new();
        for (_, p, r) in self.points() {
            let mut key = p.choice.clone();
            key.remove(axis);
            let pos = match series.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    let label: Vec<String> = self
                        .grid
                        .settings
                        .iter()
                        .enumerate()
                        .filter(|(k, s)| *k != axis && s.values.len() > 1)
                        .map(|(k, s)| {
                            format!("{}={}", s.path_text, value_label(&s.values[p.choice[k]]))
                        })
                        .collect();
                    let empty = vec![None; x.len()];
                    series.push((
                        key,
                        SweepSeries {
                            label: label.join(", "),
                            values: Estimates {
                                mean: empty.clone(),
                                low: empty.clone(),
                                high: empty,
                            },
                        },
                    ));
                    series.len() - 1
                }
            };
            let k = p.choice[axis];
            let defined = |v: f64| v.is_finite().then_some(v);
            if let Some(e) = r
                .estimate(&figure.key)
                .map(|e| output::clipped(e, figure.unit))
            {
                let s = &mut series[pos].1.values;
                s.mean[k] = defined(e.mean);
                s.low[k] = defined(e.ci95_low);
                s.high[k] = defined(e.ci95_high);
            }
        }
        let run = self.results.first().map(|r| r.settings);
        SweepChart {
            figure: figure.label.clone(),
            unit: figure.unit.to_owned(),
            x_desc: setting.path_text.clone(),
            x,
            x_labels: (!numeric).then(|| setting.labels()),
            series: series.into_iter().map(|(_, s)| s).collect(),
            target: figure.target.map(|b| b.limit),
            subtitle: match run {
                Some(r) => format!(
                    "Mean over {} replications (seed {}, common random numbers) with its 95% interval",
                    r.replications, r.seed
                ),
                None => String::new(),
            },
        }
    }

    /// Writes everything into `dir` (created if missing): the table, `charts/`,
    /// `report.md`, `sweep.json` and `scenario.yaml` (the file as given). Returns the chart files.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let chart_dir = output::write_table_and_chart_dir(dir, &self.table_doc(), &self.frame()?)?;
        let note = format!("ccplan sweep — {}", self.grid.document.scenario.name);
        let stems: Vec<(String, &Figure)> = self
            .figures
            .iter()
            .map(|f| (format!("sweep_{}", f.key.replace('.', "_")), f))
            .collect();
        let files: Vec<Vec<PathBuf>> = stems
            .par_iter()
            .map(|(stem, f)| {
                crate::charts::sweep::render(&chart_dir, stem, &self.chart_data(f), &note)
            })
            .collect::<Result<_>>()?;
        let links: Vec<(String, String)> = stems
            .iter()
            .map(|(stem, f)| (f.label.clone(), format!("charts/{stem}.png")))
            .collect();
        output::write_text(dir, "report.md", &self.report_markdown(&links))?;
        output::write_json(dir, "sweep.json", &self.json())?;
        output::write_text(dir, "scenario.yaml", &self.grid.document.source)?;
        Ok(files.into_iter().flatten().collect())
    }
}
