//! `report.md` of `ccplan schedule`: the roster's cost against its lower bound, the caps,
//! the loop's rounds and the verdict, then the shifts of each pattern.

use std::fmt::Write as _;

use super::json::ScheduleJson;
use super::tables::schedule_doc;
use crate::planning::output::markdown_table;

/// The report of `j` (the `schedule.json` of the run) with the `schedule` table's rows.
pub fn markdown(j: &ScheduleJson, rows: &[Vec<String>]) -> String {
    let mut s = format!("# Schedule — {}\n\n", j.scenario);
    let _ = writeln!(
        s,
        "Requirement: {}; day patterns: {}; cells judged at confidence {} on the search's replications, on their means in the independent check. Solver: {}.\n",
        j.requirement, j.days, j.confidence, j.solver.name
    );
    let verdict = if j.independent_check.targets_met_in_every_interval {
        "meets the targets in every interval of the independent check"
    } else {
        "does NOT meet the targets in every interval of the independent check"
    };
    let _ = writeln!(s, "**The roster {verdict}.**\n");
    let row = |k: &str, v: String| vec![k.to_string(), v];
    let check = |c: &super::json::CheckJson| {
        format!(
            "{} of {} intervals below target (seed {}, {} replications)",
            c.intervals_below_target, c.intervals, c.seed, c.replications
        )
    };
    let table = vec![
        row("paid agent-hours", format!("{:.1}", j.agent_hours)),
        row(
            "paid agent-hours by line",
            j.scheduled_lines
                .iter()
                .zip(&j.agent_hours_by_line)
                .map(|(l, h)| format!("{l} {h:.1}"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        row(
            "LP lower bound, paid agent-hours",
            format!("{:.1}", j.lower_bound_agent_hours),
        ),
        row("cost", format!("{:.1}", j.cost)),
        row(
            "gap to the LP bound on cost",
            format!("{:.2}%", 100.0 * j.gap),
        ),
        row("most agents on a day (posts)", j.posts.to_string()),
        row(
            "lowest permanent share of a day",
            format!("{:.1}%", 100.0 * j.permanent_share),
        ),
        row(
            "agent-hours available for calls (after shrinkage)",
            format!("{:.1}", j.available_agent_hours),
        ),
        row(
            "the scenario's own roster, same measure",
            format!("{:.1}", j.scenario_roster_available_agent_hours),
        ),
        row("solve → simulate rounds", j.iterations.to_string()),
        row("search replications", check(&j.verification)),
        row("independent check", check(&j.independent_check)),
    ];
    s.push_str(&markdown_table(&["figure", "value"], &table));
    s.push_str("\n## Rounds\n\n");
    let rounds: Vec<Vec<String>> = j
        .rounds
        .iter()
        .map(|r| {
            vec![
                r.kind.clone(),
                r.seed.to_string(),
                format!("{:.1}", r.agent_hours),
                r.intervals_below_target.to_string(),
            ]
        })
        .collect();
    s.push_str(&markdown_table(
        &["kind", "seed", "paid agent-hours", "intervals below target"],
        &rounds,
    ));
    s.push_str("\n## Shifts\n\n");
    let doc = schedule_doc();
    let headers: Vec<&str> = doc.columns.iter().map(|c| c.name.as_str()).collect();
    s.push_str(&markdown_table(&headers, rows));
    s.push_str("\n## Charts\n\n");
    for line in &j.scheduled_lines {
        let _ = writeln!(
            s,
            "![required and scheduled agents, {line} line](charts/coverage_{line}.png)\n"
        );
        let _ = writeln!(
            s,
            "![the shifts of the busiest day pattern, {line} line](charts/shifts_{line}.png)\n"
        );
    }
    s.push_str("## Table\n\n");
    s.push_str(&doc.markdown());
    s
}
