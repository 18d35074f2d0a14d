//! `check.md`: the verdicts, estimates, day shares, margins and capacity (`check.json` is
//! built in [`super::json`]).

use super::CheckReport;
use crate::planning::output::{format_estimate, format_value, markdown_table};
use crate::stats::Estimate;
use crate::stats::Verdict;

/// The rule for the exit code, as stated in both reports.
pub const EXIT_RULE: &str = "exit 0 when every claim is SUPPORTED or COMPLIES; exit 1 when any \
    claim is NOT SUPPORTED, INCONCLUSIVE or DOES NOT COMPLY; exit 2 on bad input";

/// How the verdicts are reached, as stated in both reports.
pub const VERDICT_RULE: &str = "call claims: SUPPORTED when the whole 95% interval (Student t \
    over independent replications) is on the claimed side, NOT SUPPORTED when the whole \
    interval is on the other side, INCONCLUSIVE when it straddles the bound; capacity: the \
    call claims on all days at exactly the claimed calls per day, SUPPORTED when all are \
    supported, NOT SUPPORTED when any is not; staffing: checked on the scenario, COMPLIES or \
    DOES NOT COMPLY";

/// An estimate for people, its bounds clipped to the possible range (shares 0–1, seconds
/// ≥ 0); verdicts and `check.json` use the interval as computed.
fn shown(e: Estimate, unit: &str) -> String {
    let (lo, hi) = match unit {
        "share" => (0.0, 1.0),
        _ => (0.0, f64::INFINITY),
    };
    format_estimate(
        Estimate {
            mean: e.mean,
            ci95_low: e.ci95_low.clamp(lo, hi),
            ci95_high: e.ci95_high.clamp(lo, hi),
        },
        unit,
    )
}

/// `check.md`, also printed.
pub fn markdown(r: &CheckReport, scenario_file: &str, claims_file: &str) -> String {
    let mut s = format!("# Claims check: {}\n\n", r.scenario);
    if let Some(b) = &r.bidder {
        s.push_str(&format!("Bidder: {b}.  \n"));
    }
    s.push_str(&format!(
        "Scenario `{scenario_file}`, claims `{claims_file}`, line: {} ({}).  \n\
         {} working days ({} to {}), {} replications, seed {}; {} simulations with common \
         random numbers; ccplan {}.\n\n",
        r.line_label,
        r.line.key(),
        r.working_days,
        r.first_day,
        r.last_day,
        r.settings.replications,
        r.settings.seed,
        r.simulations,
        env!("CARGO_PKG_VERSION"),
    ));
    let failing = r.failing();
    if failing.is_empty() {
        s.push_str("**Every claim holds.**\n\n");
    } else {
        s.push_str(&format!(
            "**{} claim{} not holding:** {}.\n\n",
            failing.len(),
            if failing.len() == 1 { "" } else { "s" },
            failing.join("; ")
        ));
    }
    if !r.call_claims.is_empty() {
        s.push_str(&format!(
            "## Call claims at the scenario's demand ({:.0} calls/day)\n\n",
            r.scenario_calls_per_day
        ));
        let rows: Vec<Vec<String>> = r
            .call_claims
            .iter()
            .map(|c| {
                let verdict = match (c.verdict, c.replications_to_decide) {
                    (Verdict::Inconclusive, Some(n)) => {
                        format!("INCONCLUSIVE (about {n} replications would decide)")
                    }
                    (Verdict::Inconclusive, None) if c.estimate.mean.is_nan() => {
                        "INCONCLUSIVE (undefined: no call counted on these days)".to_string()
                    }
                    (Verdict::Inconclusive, None) => {
                        "INCONCLUSIVE (the mean is on the bound)".to_string()
                    }
                    (v, _) => format!("**{}**", v.claim_label()),
                };
                vec![
                    c.claim.describe(),
                    shown(c.estimate, c.claim.unit()),
                    verdict,
                    format!(
                        "{} ({} of {})",
                        format_value(c.days.share(), "share"),
                        c.days.held,
                        c.days.counted
                    ),
                    c.margin.describe(),
                ]
            })
            .collect();
        s.push_str(&markdown_table(
            &[
                "claim",
                "estimate [95% interval]",
                "verdict",
                "days holding",
                "margin (agents)",
            ],
            &rows,
        ));
        s.push_str(
            "\n*Days holding*: simulated days (replications × days in the claim's scope) whose \
             own figure meets the claim, among those where it is defined. *Margin*: agents on \
             the line, uniformly over the opening hours, that could be removed (+) or must be \
             added (−) for the claim's mean to hold, found by bracketing and bisection with \
             the same seed and replications (common random numbers); added agents are \
             temporary, present open to close every day; removed agents come off the shifts \
             spanning the whole opening window, the last written first; shrinkage applies to \
             both.\n\n",
        );
    }
    if let Some(c) = &r.capacity {
        s.push_str(&format!(
            "## Capacity: {:.0} calls/day claimed — {}\n\n",
            c.claimed_calls_per_day,
            c.verdict.claim_label()
        ));
        let rows: Vec<Vec<String>> = c
            .at_claimed
            .iter()
            .map(|(i, e, v)| {
                let claim = &r.call_claims[*i].claim;
                vec![
                    claim.describe(),
                    shown(*e, claim.unit()),
                    v.claim_label().to_string(),
                ]
            })
            .collect();
        s.push_str(&format!(
            "At exactly {:.0} calls/day:\n\n",
            c.claimed_calls_per_day
        ));
        s.push_str(&markdown_table(
            &["claim", "estimate [95% interval]", "verdict"],
            &rows,
        ));
        s.push_str(&format!(
            "\nEvery call claim held at once on {} of the simulated days ({} of {}).\n\n",
            format_value(c.joint_days.share(), "share"),
            c.joint_days.held,
            c.joint_days.counted
        ));
        let margin = c.search.at_mean.value() - c.claimed_calls_per_day;
        s.push_str(&format!(
            "Capacity at target, found by search over calls per day (bracketing and \
             bisection, resolution {:.0} calls/day, same seed and replications):\n\n\
             - largest load at which every call claim's **mean** holds: **{}** calls/day \
             (margin {:+.0} calls/day against the claim);\n\
             - largest load at which every call claim is SUPPORTED (whole interval): {};\n\
             - largest load at which no call claim is NOT SUPPORTED: {}.\n\n\
             The capacity found is itself an estimate. Up to the second figure every \
             claim's 95% interval lies on the claimed side; beyond the third some claim's \
             interval lies wholly on the wrong side; in between, this many replications do \
             not settle it (each load is judged on its own interval, and the search assumes \
             the figures worsen as load grows). The verdict rests on the direct evaluation \
             at the claimed load above, not on the search.\n\n",
            c.search.step,
            c.search.at_mean.describe(),
            margin,
            c.search.supported.describe(),
            c.search.not_refuted.describe(),
        ));
    }
    if !r.staffing.is_empty() {
        s.push_str("## Staffing plan (checked on the scenario, no simulation)\n\n");
        let rows: Vec<Vec<String>> = r
            .staffing
            .iter()
            .map(|x| {
                vec![
                    x.claim.clone(),
                    x.found.clone(),
                    format!("**{}**", x.verdict.label()),
                ]
            })
            .collect();
        s.push_str(&markdown_table(&["claim", "scenario", "verdict"], &rows));
        s.push('\n');
    }
    s.push_str(&format!(
        "Verdicts: {VERDICT_RULE}.  \nExit code: {EXIT_RULE}.\n"
    ));
    s
}
