//! What `ccplan staff` writes besides the scenario text: the `requirement` table, the
//! chart data, `report.md` and `staff.json`.

use anyhow::Result;
use polars::prelude::{DataFrame, DataType, IntoColumn, NamedFrom, Series};

use crate::charts::requirement::RequirementByInterval;
use crate::planning::cost::AgentHours;
use crate::planning::output::{ColumnDoc, TableDoc, check_label, format_estimate, markdown_table};
use crate::scenario::{LineId, Scenario, hhmm};
use crate::stats::LineGrid;
use crate::tables::epoch_days;

use super::holdout::Holdout;
use super::holdout_report::{CHECK_RULE, InSample, confidence_sentence, rounds_lines};
use super::isa::Trace;
use super::verify::Verification;
use super::{Method, Plan, lines_of, rostered_needed};

/// The `requirement` table's columns.
pub fn requirement_doc() -> TableDoc {
    TableDoc {
        name: "requirement".into(),
        rows: "(working day, interval, line) of the horizon".into(),
        columns: vec![
            ColumnDoc::new("date", "date", "working day"),
            ColumnDoc::new("interval_start", "HH:MM", "start of the interval"),
            ColumnDoc::new("line", "", "`first_line` or `second_line`"),
            ColumnDoc::new(
                "agents_required",
                "agents",
                "agents available (after shrinkage) the method requires in the interval",
            ),
            ColumnDoc::new(
                "agents_rostered_required",
                "agents",
                "rostered agents (before shrinkage) that leave `agents_required` available: the smallest c with round(c × (1 − shrinkage)) ≥ agents_required",
            ),
            ColumnDoc::new(
                "agents_roster",
                "agents",
                "agents available (after shrinkage, reinforcement included) in the scenario's own roster at the interval's start",
            ),
            ColumnDoc::new(
                "shortfall_agents",
                "agents",
                "agents_required − agents_roster where positive, else 0",
            ),
        ],
    }
}

/// The `requirement` table of `plan` against the scenario's `roster`.
pub fn requirement_frame(sc: &Scenario, plan: &Plan, roster: &Plan) -> Result<DataFrame> {
    let lines = lines_of(sc);
    let rows: Vec<(usize, usize, LineId)> = plan
        .cells()
        .flat_map(|(d, i)| lines.iter().map(move |&l| (d, i, l)))
        .collect();
    let shrink = |l: LineId| sc.lines.get(l).map_or(0.0, |x| x.shrinkage);
    let dates: Vec<i32> = rows
        .iter()
        .map(|r| epoch_days(sc.calendar.working_days[r.0]))
        .collect();
    let u32s = |name: &str, f: &dyn Fn(&(usize, usize, LineId)) -> u32| {
        Series::new(name.into(), rows.iter().map(f).collect::<Vec<u32>>()).into_column()
    };
    let columns = vec![
        Series::new("date".into(), dates)
            .cast(&DataType::Date)?
            .into_column(),
        Series::new(
            "interval_start".into(),
            rows.iter()
                .map(|r| hhmm(sc.calendar.interval_start_s(r.1)))
                .collect::<Vec<_>>(),
        )
        .into_column(),
        Series::new(
            "line".into(),
            rows.iter().map(|r| r.2.key()).collect::<Vec<_>>(),
        )
        .into_column(),
        u32s("agents_required", &|r| plan.get(r.0, r.1, r.2)),
        u32s("agents_rostered_required", &|r| {
            rostered_needed(plan.get(r.0, r.1, r.2), shrink(r.2))
        }),
        u32s("agents_roster", &|r| roster.get(r.0, r.1, r.2)),
        u32s("shortfall_agents", &|r| {
            plan.get(r.0, r.1, r.2)
                .saturating_sub(roster.get(r.0, r.1, r.2))
        }),
    ];
    Ok(DataFrame::new_infer_height(columns)?)
}

/// Agent-hours by which the roster falls short of the requirement, per line.
pub fn shortfall_agent_hours(sc: &Scenario, plan: &Plan, roster: &Plan) -> [f64; 2] {
    let mut h = [0.0; 2];
    let hours = f64::from(sc.calendar.interval_s) / 3600.0;
    for (d, i) in plan.cells() {
        for l in LineId::ALL {
            h[l.index()] +=
                f64::from(plan.get(d, i, l).saturating_sub(roster.get(d, i, l))) * hours;
        }
    }
    h
}

/// The working day with the most expected calls (the first on a tie).
pub fn busiest_day(sc: &Scenario) -> usize {
    let days = &sc.calendar.working_days;
    (0..days.len())
        .fold(None, |best: Option<(usize, f64)>, d| {
            let calls = sc.expected_calls(days[d]);
            match best {
                Some((_, c)) if c >= calls => best,
                _ => Some((d, calls)),
            }
        })
        .map_or(0, |b| b.0)
}

/// The chart data of one line.
pub fn chart_data(
    sc: &Scenario,
    plan: &Plan,
    roster: &Plan,
    simulated: &Verification,
    line: LineId,
    method: Method,
) -> RequirementByInterval {
    let b = busiest_day(sc);
    let n = plan.n_intervals;
    let days = plan.n_days as f64;
    let average = |p: &Plan| -> Vec<f64> {
        (0..n)
            .map(|i| {
                (0..plan.n_days)
                    .map(|d| f64::from(p.get(d, i, line)))
                    .sum::<f64>()
                    / days
            })
            .collect()
    };
    let day = |p: &Plan| -> Vec<f64> { p.day(b, line).into_iter().map(f64::from).collect() };
    RequirementByInterval {
        line: sc
            .lines
            .get(line)
            .map_or_else(|| line.key().to_owned(), |l| l.label.clone()),
        method: method.key().to_uppercase(),
        busiest_day: sc.calendar.working_days[b]
            .strftime("%a %Y-%m-%d")
            .to_string(),
        intervals: (0..n)
            .map(|i| hhmm(sc.calendar.interval_start_s(i)))
            .collect(),
        busiest_required: day(plan),
        busiest_roster: day(roster),
        average_required: average(plan),
        average_roster: average(roster),
        busiest_simulated: (0..n)
            .map(|i| simulated.agents_available[LineGrid::new(n).index(b, i, line.index())])
            .collect(),
    }
}

/// Everything the command reports.
#[derive(Debug, Clone)]
pub struct StaffReport<'a> {
    pub sc: &'a Scenario,
    pub method: Method,
    /// The stated confidence ([`super::measure::Confidence`]).
    pub confidence: f64,
    /// The method's own plan, before any repair.
    pub method_plan: &'a Plan,
    /// The repair in simulation of an analytic plan at the confidence, if any.
    pub in_sample: Option<InSample>,
    /// The final plan: the method's, repaired.
    pub plan: &'a Plan,
    pub roster: &'a Plan,
    /// The scenario's own roster.
    pub roster_hours: AgentHours,
    pub verification: &'a Verification,
    /// The same roster simulated with independent replications (another seed): the
    /// search fits the plan to the verification's replications, this shows how it holds
    /// on callers it has not seen.
    pub independent: &'a Verification,
    /// The independent checks and their repairs (`independent` is the last check).
    pub holdout: &'a Holdout,
    /// Repair rounds allowed.
    pub repairs: usize,
    pub trace: Option<&'a Trace>,
}

impl StaffReport<'_> {
    fn plan_hours(&self) -> [f64; 2] {
        self.plan.agent_hours(self.sc.calendar.interval_s)
    }

    /// Agent-hours of the method's own plan and of the final plan (agents available).
    pub(super) fn hours_before_after(&self) -> (f64, f64) {
        let i = self.sc.calendar.interval_s;
        (
            self.method_plan.agent_hours(i).iter().sum(),
            self.plan.agent_hours(i).iter().sum(),
        )
    }

    /// The confidence, what the repairs cost and each independent check, as lines.
    fn holdout_lines(&self) -> Vec<String> {
        let (before, after) = self.hours_before_after();
        let mut v = vec![confidence_sentence(
            self.confidence,
            self.verification.replications,
        )];
        if let Some(r) = self.in_sample {
            v.push(format!(
                "analytic plan repaired in simulation at that confidence: {} simulations{}",
                r.simulations,
                if r.finished {
                    ""
                } else {
                    " (limit reached: some cells may still miss)"
                }
            ));
        }
        v.push(format!(
            "{} plan {:.1} agent-hours; after repairs {:.1} ({:+.1}%)",
            self.method.key(),
            before,
            after,
            if before > 0.0 {
                (after / before - 1.0) * 100.0
            } else {
                0.0
            }
        ));
        v.extend(rounds_lines(self.holdout));
        v
    }

    fn cell_name(&self, day: usize, interval: usize, line: LineId) -> String {
        format!(
            "{} {} {}",
            self.sc.calendar.working_days[day],
            hhmm(self.sc.calendar.interval_start_s(interval)),
            line.key()
        )
    }

    /// The lines printed on the terminal.
    pub fn terminal(&self) -> String {
        let v = self.verification;
        let mut s = format!(
            "{} — staffing by {} ({} working days)\n",
            self.sc.name,
            self.method.key(),
            self.plan.n_days
        );
        let short = shortfall_agent_hours(self.sc, self.plan, self.roster);
        for line in lines_of(self.sc) {
            let k = line.index();
            s.push_str(&format!(
                "{:<12} required {:>9.1} agent-hours; scenario roster {:>9.1}; shortfall {:>8.1}\n",
                line.key(),
                self.plan_hours()[k],
                self.roster_hours.per_line[k],
                short[k]
            ));
        }
        s.push_str(&format!(
            "verification ({} replications, seed {}): {:.1} agent-hours ({:.1} a day)\n",
            v.replications,
            v.seed,
            v.agent_hours.total(),
            v.agent_hours.per_day()
        ));
        if let Some(w) = v.worst {
            s.push_str(&format!(
                "  worst interval: {} service level {:.1}%\n",
                self.cell_name(w.day, w.interval, w.line),
                w.service_level * 100.0
            ));
        }
        s.push_str(&format!(
            "  intervals below target: {} of {}\n",
            v.below.len(),
            v.cells_with_calls
        ));
        for b in v.below.iter().take(20) {
            s.push_str(&format!(
                "    {}: service level {:.1}%, abandonment {:.1}%\n",
                self.cell_name(b.day, b.interval, b.line),
                b.service_level * 100.0,
                b.abandonment * 100.0
            ));
        }
        if v.below.len() > 20 {
            s.push_str(&format!(
                "    … and {} more (see report.md)\n",
                v.below.len() - 20
            ));
        }
        if let Some(e) = v.email {
            s.push_str(&format!(
                "  {}: {}\n",
                e.describe(),
                if e.met() { "MET" } else { "MISSED" }
            ));
        }
        for c in &v.checks {
            s.push_str(&format!(
                "  target {}: {}\n",
                check_label(c),
                c.verdict.key().to_uppercase()
            ));
        }
        s.push_str(&format!(
            "targets met in every interval in sample (the search's replications, confidence {}): {}\n",
            self.confidence,
            if v.meets() { "yes" } else { "NO" }
        ));
        for l in self.holdout_lines() {
            s.push_str(&l);
            s.push('\n');
        }
        s.push_str(&self.independent_line());
        s.push('\n');
        s.push_str(&self.verdict_line());
        s.push('\n');
        s
    }

    /// Whether the command succeeds: the independent check (the last one, on a seed that
    /// never influenced the plan it judges) meets the targets in every interval on its
    /// means and the e-mail check holds. The in-sample verification does not decide: when
    /// the independent checks repaired the plan, the search's replications judge a plan
    /// the search never simulated, and a cell trimmed to the edge of its bound there can
    /// cross it because agents added elsewhere change every later event of a replication.
    pub fn meets(&self) -> bool {
        self.independent.meets()
    }

    /// The verdict and the rule behind the exit code, in one line.
    fn verdict_line(&self) -> String {
        let mut s = format!(
            "targets met in every interval of the independent check: {}",
            if self.meets() { "yes" } else { "NO" }
        );
        if self.verification.meets() != self.meets() {
            s.push_str(if self.meets() && self.holdout.repairs() > 0 {
                " (the in-sample misses are cells the search left at the edge of their bound, pushed over it by the agents the independent checks added elsewhere; the independent check decides)"
            } else if self.meets() {
                " (some cells miss on the search's replications at the stated confidence; the independent check decides)"
            } else {
                " (in sample the plan holds: it is fitted to those replications; the independent check decides)"
            });
        }
        s
    }

    /// One sentence on the independent check (fresh seed).
    fn independent_line(&self) -> String {
        let i = self.independent;
        let worst = i.worst.map_or("–".to_owned(), |w| {
            format!(
                "{:.1}% at {}",
                w.service_level * 100.0,
                self.cell_name(w.day, w.interval, w.line)
            )
        });
        format!(
            "independent check ({} replications, seed {}, not used by the search or its repairs): {} of {} intervals below target on their means; worst interval service level {}{}",
            i.replications,
            i.seed,
            i.below.len(),
            i.cells_with_calls,
            worst,
            i.email.map_or(String::new(), |e| format!(
                "; {}: {}",
                e.describe(),
                if e.met() { "met" } else { "missed" }
            ))
        )
    }

    /// `report.md`.
    pub fn markdown(&self) -> String {
        let v = self.verification;
        let mut s = format!(
            "# Staffing of `{}` by {}\n\n",
            self.sc.name,
            self.method.key()
        );
        s.push_str(&format!("{}.\n\n", self.method.describe()));
        if !self.method.simulates() {
            s.push_str(
                "The analytic methods ignore e-mail, redials, trunks, the daily busyness factor and temporary agents' slower handling; the verification run below includes them all.\n\n",
            );
        }
        s.push_str("## Requirement\n\n");
        let short = shortfall_agent_hours(self.sc, self.plan, self.roster);
        let rows: Vec<Vec<String>> = lines_of(self.sc)
            .into_iter()
            .map(|l| {
                let k = l.index();
                vec![
                    l.key().to_owned(),
                    format!("{:.1}", self.plan_hours()[k]),
                    format!("{:.1}", self.roster_hours.per_line[k]),
                    format!("{:.1}", short[k]),
                ]
            })
            .collect();
        s.push_str(&markdown_table(
            &[
                "line",
                "required agent-hours",
                "scenario roster agent-hours",
                "shortfall agent-hours",
            ],
            &rows,
        ));
        s.push_str("\nAgent-hours are agents available (after shrinkage) × time, open to close, over the horizon.\n\n");
        if let Some(t) = self.trace {
            s.push_str("## Search\n\n");
            s.push_str(&format!(
                "Fixed point after {} round(s){}; e-mail allowance at the start {} agent(s) per interval; polishing {}{}.\n\n",
                t.fixed_point_rounds(),
                match t.cycle_length {
                    0 if t.stalled => " (the count of changed cells stopped falling: the cell-wise maximum of the last two plans was taken)".to_owned(),
                    0 => " (round limit reached)".to_owned(),
                    1 => String::new(),
                    n => format!(" (a cycle of {n} plans: their cell-wise maximum was taken)"),
                },
                t.email_allowance,
                if t.polished { "finished" } else { "stopped at the simulation limit" },
                match t.tail_left {
                    0 => String::new(),
                    n => format!(
                        ", leaving {n} cell(s) whose bound straddles the target (their means meet) to the independent check"
                    ),
                }
            ));
            let rows: Vec<Vec<String>> = t
                .steps
                .iter()
                .enumerate()
                .map(|(k, st)| {
                    vec![
                        (k + 1).to_string(),
                        st.phase.to_owned(),
                        st.replications.to_string(),
                        format!("{:.1}", st.agent_hours),
                        st.cells_missing.to_string(),
                        st.email_met
                            .map_or("–".into(), |m| if m { "yes".into() } else { "no".into() }),
                        st.cells_changed.to_string(),
                    ]
                })
                .collect();
            s.push_str(&markdown_table(
                &[
                    "simulation",
                    "phase",
                    "replications",
                    "agent-hours",
                    "cells missing",
                    "e-mail ok",
                    "cells changed after",
                ],
                &rows,
            ));
            s.push('\n');
        }
        s.push_str(&format!(
            "## Verification\n\n`scenario-staffed.yaml` simulated: {} replications, seed {}. A cell (day, interval, line) with calls meets the targets when the mean across replications of its service level (the target's definition and threshold) reaches the target, and its abandonment, ASA and occupancy, where targeted, stay within theirs.\n\n",
            v.replications, v.seed
        ));
        s.push_str(&format!(
            "- agent-hours: {:.1} ({:.1} a working day)\n",
            v.agent_hours.total(),
            v.agent_hours.per_day()
        ));
        if let Some(w) = v.worst {
            s.push_str(&format!(
                "- worst interval: {}, service level {:.1}%\n",
                self.cell_name(w.day, w.interval, w.line),
                w.service_level * 100.0
            ));
        }
        s.push_str(&format!(
            "- intervals below target: {} of {} with calls\n",
            v.below.len(),
            v.cells_with_calls
        ));
        if let Some(e) = v.email {
            s.push_str(&format!(
                "- {}: {}\n",
                e.describe(),
                if e.met() { "met" } else { "missed" }
            ));
        }
        s.push_str(&format!(
            "- targets met in every interval: **{}**\n\n",
            if v.meets() { "yes" } else { "no" }
        ));
        let rows: Vec<Vec<String>> = v
            .checks
            .iter()
            .map(|c| {
                let unit = if c.name == "asa" { "s" } else { "share" };
                vec![
                    c.describe.clone(),
                    c.line.map_or("–".into(), |l| l.key().to_owned()),
                    format_estimate(c.achieved, unit),
                    c.verdict.key().to_owned(),
                ]
            })
            .collect();
        if !rows.is_empty() {
            s.push_str("Horizon-level targets:\n\n");
            s.push_str(&markdown_table(
                &["target", "line", "achieved [95% CI]", "verdict"],
                &rows,
            ));
            s.push('\n');
        }
        if !v.below.is_empty() {
            s.push_str("Intervals below target:\n\n");
            let rows: Vec<Vec<String>> = v
                .below
                .iter()
                .map(|b| {
                    vec![
                        self.sc.calendar.working_days[b.day].to_string(),
                        hhmm(self.sc.calendar.interval_start_s(b.interval)),
                        b.line.key().to_owned(),
                        format!("{:.1}%", b.service_level * 100.0),
                        format!("{:.1}%", b.abandonment * 100.0),
                    ]
                })
                .collect();
            s.push_str(&markdown_table(
                &["date", "interval", "line", "service level", "abandonment"],
                &rows,
            ));
            s.push('\n');
        }
        s.push_str(&format!(
            "## Independent check\n\nThe search sizes each cell on the verification's replications, so the verification above is in sample; it judges cells at the stated {}. Out of sample, {CHECK_RULE}.\n\n",
            confidence_sentence(self.confidence, v.replications)
        ));
        for l in self.holdout_lines().iter().skip(1) {
            s.push_str(&format!("- {l}\n"));
        }
        s.push_str(&format!(
            "\nThe final roster simulated with replications neither the search nor the repairs saw: {}.\n\n",
            self.independent_line()
                .trim_start_matches("independent check ")
        ));
        s.push_str("## Files\n\n");
        s.push_str("- `requirement.parquet`, `requirement.csv`\n- `staffing.yaml`: the `lines:` block with the required roster\n- `scenario-staffed.yaml`: the scenario with that block, as verified\n- `charts/requirement_<line>.png|svg`\n- `staff.json`\n\n");
        s.push_str(&requirement_doc().markdown());
        s
    }
}
