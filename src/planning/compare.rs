//! `ccplan compare`: two scenarios simulated with the same seed and replications, so that
//! replication `r` of A and of B see the same callers, handling times and patience
//! wherever the scenarios agree (common random numbers). The difference B − A of each
//! headline figure is then estimated replication by replication (a paired interval),
//! which removes the noise the two runs share; the unpaired (Welch) interval is given
//! beside it to show how much that is.

pub mod json;

use std::path::Path;

use anyhow::Result;
use polars::prelude::{DataFrame, IntoColumn, NamedFrom, Series};

use super::headline::{self, Better, Figure, Samples, paired_difference, unpaired_difference};
use super::output::{self, ColumnDoc, TableDoc};
use crate::engine::RunSettings;
use crate::report::summary_json::{TargetCheck, target_checks};
use crate::scenario::Scenario;
use crate::stats::Estimate;

/// One headline figure of both scenarios.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// A's figure (label, unit, direction, A's target).
    pub figure: Figure,
    pub a: Estimate,
    pub b: Estimate,
    /// B − A, replication by replication.
    pub paired: Estimate,
    /// B − A as if the runs were independent (Welch).
    pub unpaired: Estimate,
}

impl Row {
    /// The paired 95% interval excludes 0.
    pub fn significant(&self) -> bool {
        let p = &self.paired;
        !p.ci95_low.is_nan() && (p.ci95_low > 0.0 || p.ci95_high < 0.0)
    }

    /// Which way B moved the figure: `better` / `worse` for figures with a direction,
    /// `higher` / `lower` for the others, `same` when the mean difference is 0.
    pub fn direction(&self) -> &'static str {
        let d = self.paired.mean;
        if d.is_nan() {
            return "undefined";
        }
        if d == 0.0 {
            return "same";
        }
        match (self.figure.better, d > 0.0) {
            (Better::Higher, true) | (Better::Lower, false) => "better",
            (Better::Higher, false) | (Better::Lower, true) => "worse",
            (Better::Neither, true) => "higher",
            (Better::Neither, false) => "lower",
        }
    }

    /// `better`, `worse`, … when significant; `identical` when every replication gave
    /// the same value in both; else `no significant difference`.
    pub fn assessment(&self) -> String {
        let p = &self.paired;
        if p.mean == 0.0 && p.ci95_low == 0.0 && p.ci95_high == 0.0 {
            "identical".to_owned()
        } else if self.significant() {
            self.direction().to_owned()
        } else {
            "no significant difference".to_owned()
        }
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub file: String,
    pub name: String,
    pub checks: Vec<TargetCheck>,
}

/// The comparison of B against A.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    pub settings: RunSettings,
    /// The horizons differ: replications then share only part of their random numbers.
    pub calendars_differ: bool,
    /// Figures present in both, in A's order.
    pub rows: Vec<Row>,
    /// Keys of figures present in only one of the two.
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
}

/// Simulates A and B with `settings` (both on the current rayon pool, at once) and
/// compares them. `progress` is called once per replication of either.
pub fn compare(
    (a_file, a): (&str, &Scenario),
    (b_file, b): (&str, &Scenario),
    settings: RunSettings,
    progress: &(dyn Fn() + Sync),
) -> Comparison {
    let ((sa, a_samples), (sb, b_samples)) = rayon::join(
        || headline::simulate(a, settings, progress),
        || headline::simulate(b, settings, progress),
    );
    let rows = rows(&a_samples, &b_samples);
    let keys =
        |s: &Samples| -> Vec<String> { s.headline.figures.iter().map(|f| f.key.clone()).collect() };
    let (ka, kb) = (keys(&a_samples), keys(&b_samples));
    Comparison {
        a: Side {
            file: a_file.to_owned(),
            name: a.name.clone(),
            checks: target_checks(a, &sa),
        },
        b: Side {
            file: b_file.to_owned(),
            name: b.name.clone(),
            checks: target_checks(b, &sb),
        },
        settings,
        calendars_differ: a.calendar != b.calendar,
        rows,
        only_a: ka.iter().filter(|k| !kb.contains(k)).cloned().collect(),
        only_b: kb.iter().filter(|k| !ka.contains(k)).cloned().collect(),
    }
}

/// The figures present in both, matched by key, in A's order.
pub fn rows(a: &Samples, b: &Samples) -> Vec<Row> {
    a.headline
        .figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let j = b.headline.position(&f.key)?;
            let (ca, cb) = (a.column(i), b.column(j));
            Some(Row {
                figure: f.clone(),
                a: a.estimate(i),
                b: b.estimate(j),
                paired: paired_difference(&ca, &cb),
                unpaired: unpaired_difference(&ca, &cb),
            })
        })
        .collect()
}

/// The `compare` table's documentation.
pub fn table_doc() -> TableDoc {
    let c = ColumnDoc::new;
    let mut columns = vec![
        c(
            "figure",
            "",
            "headline figure key (`first_line.service_level`, …)",
        ),
        c("label", "", "what the figure is, for people"),
        c(
            "unit",
            "",
            "unit of the figure and of every value and difference in the row",
        ),
        c(
            "better",
            "",
            "which way the figure improves: `higher`, `lower` or `neither`",
        ),
    ];
    for (p, who) in [("a", "A"), ("b", "B")] {
        columns.push(ColumnDoc::new(
            format!("{p}_mean"),
            "see unit",
            format!("{who}: mean over replications"),
        ));
        columns.push(ColumnDoc::new(
            format!("{p}_ci95_low"),
            "see unit",
            format!("{who}: lower bound of the 95% interval"),
        ));
        columns.push(ColumnDoc::new(
            format!("{p}_ci95_high"),
            "see unit",
            format!("{who}: upper bound of the 95% interval"),
        ));
    }
    columns.extend([
        c("difference", "see unit", "B − A: mean of the per-replication differences"),
        c("difference_ci95_low", "see unit", "lower bound of the paired 95% interval of B − A (replication r of A against replication r of B)"),
        c("difference_ci95_high", "see unit", "upper bound of the paired 95% interval of B − A"),
        c("unpaired_ci95_low", "see unit", "lower bound of Welch's 95% interval of B − A, treating the runs as independent (for contrast)"),
        c("unpaired_ci95_high", "see unit", "upper bound of Welch's 95% interval of B − A"),
        c("paired_half_width", "see unit", "half-width of the paired interval"),
        c("unpaired_half_width", "see unit", "half-width of the unpaired (Welch) interval"),
        c("significant", "", "the paired 95% interval excludes 0"),
        c("direction", "", "how B moved the figure: `better`/`worse` (figures with a direction), `higher`/`lower` (others), `same`"),
    ]);
    TableDoc {
        name: "compare".into(),
        rows: "headline figure present in both scenarios".into(),
        columns,
    }
}

impl Comparison {
    /// The `compare` table.
    pub fn frame(&self) -> Result<DataFrame> {
        let r = &self.rows;
        let text = |f: &dyn Fn(&Row) -> String| -> Vec<String> { r.iter().map(f).collect() };
        let num = |f: &dyn Fn(&Row) -> f64| -> Vec<Option<f64>> {
            r.iter()
                .map(|x| Some(f(x)).filter(|v| v.is_finite()))
                .collect()
        };
        let cols = vec![
            Series::new("figure".into(), text(&|x| x.figure.key.clone())),
            Series::new("label".into(), text(&|x| x.figure.label.clone())),
            Series::new("unit".into(), text(&|x| x.figure.unit.to_owned())),
            Series::new("better".into(), text(&|x| x.figure.better.key().to_owned())),
            Series::new("a_mean".into(), num(&|x| x.a.mean)),
            Series::new("a_ci95_low".into(), num(&|x| x.a.ci95_low)),
            Series::new("a_ci95_high".into(), num(&|x| x.a.ci95_high)),
            Series::new("b_mean".into(), num(&|x| x.b.mean)),
            Series::new("b_ci95_low".into(), num(&|x| x.b.ci95_low)),
            Series::new("b_ci95_high".into(), num(&|x| x.b.ci95_high)),
            Series::new("difference".into(), num(&|x| x.paired.mean)),
            Series::new("difference_ci95_low".into(), num(&|x| x.paired.ci95_low)),
            Series::new("difference_ci95_high".into(), num(&|x| x.paired.ci95_high)),
            Series::new("unpaired_ci95_low".into(), num(&|x| x.unpaired.ci95_low)),
            Series::new("unpaired_ci95_high".into(), num(&|x| x.unpaired.ci95_high)),
            Series::new("paired_half_width".into(), num(&|x| x.paired.half_width())),
            Series::new(
                "unpaired_half_width".into(),
                num(&|x| x.unpaired.half_width()),
            ),
            Series::new(
                "significant".into(),
                r.iter().map(Row::significant).collect::<Vec<_>>(),
            ),
            Series::new("direction".into(), text(&|x| x.direction().to_owned())),
        ];
        Ok(DataFrame::new_infer_height(
            cols.into_iter().map(IntoColumn::into_column).collect(),
        )?)
    }

    /// The differences as a markdown table.
    pub fn markdown_table(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                let u = r.figure.unit;
                vec![
                    r.figure.label.clone(),
                    output::format_clipped(r.a, u),
                    output::format_clipped(r.b, u),
                    format!(
                        "{} [{}, {}]",
                        output::format_difference(r.paired.mean, u),
                        output::format_difference(r.paired.ci95_low, u),
                        output::format_difference(r.paired.ci95_high, u)
                    ),
                    format!(
                        "[{}, {}]",
                        output::format_difference(r.unpaired.ci95_low, u),
                        output::format_difference(r.unpaired.ci95_high, u)
                    ),
                    r.assessment(),
                ]
            })
            .collect();
        output::markdown_table(
            &[
                "figure",
                "A",
                "B",
                "B − A (paired 95%)",
                "unpaired 95%",
                "assessment",
            ],
            &rows,
        )
    }

    fn intro(&self) -> String {
        let mut s = format!(
            "A = `{}` ({}), B = `{}` ({}). Both simulated with seed {} and {} replications (common random numbers): replication r of B is compared with replication r of A, and the paired interval is the 95% Student-t interval of those differences. The unpaired (Welch) interval treats the runs as independent and is shown for contrast.\n",
            self.a.name,
            self.a.file,
            self.b.name,
            self.b.file,
            self.settings.seed,
            self.settings.replications
        );
        if self.calendars_differ {
            s.push_str("\n**The calendars differ**: the replications share their random numbers only where the horizons coincide, so pairing removes less noise.\n");
        }
        if !self.only_a.is_empty() || !self.only_b.is_empty() {
            s.push_str(&format!(
                "\nFigures in only one scenario (not compared): {}.\n",
                self.only_a
                    .iter()
                    .map(|k| format!("`{k}` (A)"))
                    .chain(self.only_b.iter().map(|k| format!("`{k}` (B)")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        s
    }

    fn targets_markdown(&self) -> String {
        let mut rows = Vec::new();
        for (who, side) in [("A", &self.a), ("B", &self.b)] {
            for c in &side.checks {
                rows.push(vec![
                    who.to_owned(),
                    output::check_label(c),
                    output::format_achieved(c),
                    c.verdict.key().to_owned(),
                ]);
            }
        }
        if rows.is_empty() {
            return "Neither scenario has targets.\n".into();
        }
        output::markdown_table(&["scenario", "target", "achieved", "verdict"], &rows)
    }

    /// The markdown printed at the end of the command.
    pub fn summary_markdown(&self, out: &Path) -> String {
        format!(
            "## Compare — {} vs {}\n\n{}\n{}\n{}\nWritten to {}\n",
            self.a.name,
            self.b.name,
            self.intro(),
            self.markdown_table(),
            self.targets_markdown(),
            out.display()
        )
    }

    /// `report.md`, with `charts` (label, path relative to the report).
    pub fn report_markdown(&self, charts: &[(String, String)]) -> String {
        let mut s = format!("# Compare — {} vs {}\n\n", self.a.name, self.b.name);
        s.push_str(&self.intro());
        s.push_str("\n## Differences (B − A)\n\n");
        s.push_str(&self.markdown_table());
        s.push_str("\nA difference is significant when its paired 95% interval excludes 0. Shares are differences in percentage points (pp).\n\n## Targets\n\n");
        s.push_str(&self.targets_markdown());
        s.push_str(&output::charts_and_table_markdown(charts, &table_doc()));
        s
    }

    /// The chart data: one chart per unit, its figures' differences with both intervals.
    pub fn chart_groups(&self) -> Vec<crate::charts::compare::CompareChart> {
        use crate::charts::compare::{CompareChart, Difference};
        let mut units: Vec<&str> = Vec::new();
        for r in &self.rows {
            if !units.contains(&r.figure.unit) {
                units.push(r.figure.unit);
            }
        }
        units
            .into_iter()
            .map(|unit| CompareChart {
                unit: unit.to_owned(),
                title: format!("{} vs {}", self.b.name, self.a.name),
                subtitle: format!(
                    "B − A, paired 95% interval (seed {}, {} replications, common random numbers); thin grey: unpaired (Welch)",
                    self.settings.seed, self.settings.replications
                ),
                rows: self
                    .rows
                    .iter()
                    .filter(|r| r.figure.unit == unit)
                    .map(|r| Difference {
                        label: r.figure.label.clone(),
                        paired: r.paired,
                        unpaired: r.unpaired,
                        direction: r.direction().to_owned(),
                        significant: r.significant(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// Writes the table, `charts/`, `report.md` and `compare.json` into `dir`.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let chart_dir = output::write_table_and_chart_dir(dir, &table_doc(), &self.frame()?)?;
        let note = format!("ccplan compare — {} vs {}", self.a.name, self.b.name);
        let mut links = Vec::new();
        for chart in self.chart_groups() {
            let stem = format!("differences_{}", slug(&chart.unit));
            crate::charts::compare::render(&chart_dir, &stem, &chart, &note)?;
            links.push((
                format!("differences in {}", chart.unit),
                format!("charts/{stem}.png"),
            ));
        }
        output::write_text(dir, "report.md", &self.report_markdown(&links))?;
        output::write_json(dir, "compare.json", &self.json())
    }
}

/// A unit as a file-name part: `agent-hours/day` → `agent_hours_per_day`.
fn slug(unit: &str) -> String {
    unit.replace('/', "_per_")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = r#"
name: a
calendar: {start: 2024-01-08, days: 2, holidays: none, open: "08:00", close: "10:00", interval_min: 30}
demand: {calls_per_day: 1000, intraday_profile: flat}
contact_types: [{name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}]
callers: {patience: {dist: exponential, mean_s: 300}}
lines: {first: {shifts: [{start: "08:00", end: "10:00", agents: 44}]}}
targets: {service_level: {at_least: 0.8, within_s: 20}}
"#;

    #[test]
    fn one_more_agent_pairs_much_tighter_than_welch() {
        let a = crate::scenario::parse_str(YAML, "a.yaml").unwrap();
        let b = crate::scenario::parse_str(&YAML.replace("agents: 44", "agents: 45"), "b.yaml")
            .unwrap();
        let settings = RunSettings {
            replications: 20,
            seed: 11,
        };
        let c = compare(("a.yaml", &a), ("b.yaml", &b), settings, &|| {});
        let sl = c
            .rows
            .iter()
            .find(|r| r.figure.key == "first_line.service_level")
            .unwrap();
        assert!(sl.paired.mean > 0.0, "{sl:?}");
        assert_eq!(sl.direction(), "better");
        assert!(
            sl.paired.half_width() * 3.0 < sl.unpaired.half_width(),
            "paired {} vs unpaired {}",
            sl.paired.half_width(),
            sl.unpaired.half_width()
        );
        assert!(!c.calendars_differ);
        assert_eq!(slug("agent-hours/day"), "agent_hours_per_day");
    }
}
