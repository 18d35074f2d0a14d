//! `report.md` of a backtest.

use super::Backtest;
use super::output::{BacktestJson, accuracy_markdown};
use crate::calllog::CallLog;
use crate::observed::Figure;
use crate::scenario::Scenario;

/// The report: what was replayed, how, the accuracy table and the daily figures.
pub fn markdown(
    sc: &Scenario,
    scenario_file: &str,
    log_files: &[String],
    log: &CallLog,
    json: &BacktestJson,
    b: &Backtest,
) -> String {
    let mut s = format!("# Backtest of `{}`\n\n", sc.name);
    s.push_str(&format!(
        "Scenario `{scenario_file}` replayed on {} dates ({} to {}) of {}: {} replications, seed {}.\n\n",
        b.dates.len(),
        b.dates.first().map(|d| d.to_string()).unwrap_or_default(),
        b.dates.last().map(|d| d.to_string()).unwrap_or_default(),
        log_files.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "),
        json.replications,
        json.seed
    ));
    s.push_str(&format!(
        "The log holds {} rows; {} were used.",
        log.rows_read,
        log.records.len()
    ));
    if !log.excluded.is_empty() {
        let parts: Vec<String> = log
            .excluded
            .iter()
            .map(|(k, n)| format!("{n} {}", k.key()))
            .collect();
        s.push_str(&format!(" Left out: {}.", parts.join(", ")));
    }
    s.push_str("\n\n## How\n\n");
    s.push_str(
        "Each date is replayed as it happened: the callers who sought an agent arrive at their \
         recorded instants, and agents are present during the sessions their service records show \
         (services of one agent less than 30 minutes apart belong to one session). What the \
         scenario contributes: each caller's handling time (by call type where the scenario names \
         the log's types, with its factor by time of day), caller patience, and the 1st line's \
         availability while present. A single pool serves callers first come, first served.\n\n",
    );
    s.push_str(&format!(
        "Figures, the same for the log and the simulation: abandonment = abandoned ÷ callers who \
         sought an agent; ASA = mean wait of answered calls; P(wait > 0) = callers who waited at \
         least 0.5 s (logs record whole seconds) ÷ callers who sought an agent; service level = \
         answered within {} s ÷ callers who sought an agent (`offered`: abandoned calls count as \
         misses).\n\n",
        b.threshold_s
    ));
    s.push_str(
        "Accuracy over hours with at least `--min-calls` callers and over days: MAE (mean absolute \
         error), bias (simulated − actual), beside stationary Erlang A per hour on the same inputs \
         (callers per hour, the scenario's mean handling for them, agents present × availability, \
         exponential patience with the scenario's mean) and the noise floor: the MAE a perfect \
         model would show, measured as one replication against the mean of the others.\n\n",
    );
    s.push_str("## Accuracy\n\n");
    s.push_str(&accuracy_markdown(json));
    s.push_str("\n## By date\n\n| date | calls | agents present | abandonment actual | simulated | ASA actual, s | simulated | P(wait) actual | simulated |\n|---|---|---|---|---|---|---|---|---|\n");
    let f = |x: Option<f64>, d: usize| x.map_or("—".to_string(), |v| format!("{v:.d$}"));
    for r in &b.daily {
        let sim = |fig: Figure| {
            let m = r.simulated[fig as usize].mean;
            m.is_finite().then_some(m)
        };
        s.push_str(&format!(
            "| {} | {} | {:.1} | {} | {} | {} | {} | {} | {} |\n",
            r.date,
            r.calls,
            r.agents_present,
            f(r.actual[0], 3),
            f(sim(Figure::AbandonmentRate), 3),
            f(r.actual[1], 1),
            f(sim(Figure::AsaS), 1),
            f(r.actual[2], 3),
            f(sim(Figure::PWait), 3),
        ));
    }
    s.push_str("\nTables: `hourly` and `daily` (Parquet and CSV); `backtest.json` holds the accuracy figures.\n");
    s.push_str("\n## Charts\n\n");
    for stem in crate::backtest::charts::stems() {
        s.push_str(&format!(
            "- [{stem}](charts/{stem}.png) ([SVG](charts/{stem}.svg))\n"
        ));
    }
    s
}
