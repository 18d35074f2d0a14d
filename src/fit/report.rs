//! `fit.json` (typed) and `report.md` of a fit: what was observed beside what was fitted.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::Fit;
use super::callers::{Chosen, MenuFit};
use super::demand::DemandFit;
use super::estimate::{Criterion, Model};
use crate::calllog::CallLog;
use crate::scenario::{WEEKDAY_KEYS, hhmm};

/// A fitted distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DistJson {
    pub family: String,
    pub mean_s: f64,
    pub cv: f64,
}

impl DistJson {
    fn of(m: &Model) -> Self {
        DistJson {
            family: m.family().name().to_owned(),
            mean_s: m.mean_s(),
            cv: m.cv(),
        }
    }
}

/// One candidate family of a fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CandidateJson {
    pub family: String,
    pub mean_s: f64,
    pub cv: f64,
    pub aic: f64,
    pub delta_aic: f64,
    pub ks_distance: f64,
}

/// A model quantile beside the data's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuantileJson {
    pub p: f64,
    pub model_s: f64,
    pub data_s: Option<f64>,
}

/// A family chosen by a stated criterion, with every candidate and the chosen one's
/// quantiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChosenJson {
    pub chosen: DistJson,
    /// How the family was chosen: `aic` (lowest) or `ks_distance` (smallest).
    pub criterion: String,
    pub n_observed: usize,
    pub n_censored: usize,
    pub candidates: Vec<CandidateJson>,
    pub quantiles: Vec<QuantileJson>,
}

impl ChosenJson {
    fn of(c: &Chosen) -> Self {
        ChosenJson {
            chosen: DistJson::of(&c.fit.model),
            criterion: c.comparison.criterion.key().to_owned(),
            n_observed: c.fit.n_observed,
            n_censored: c.fit.n_censored,
            candidates: c
                .comparison
                .candidates
                .iter()
                .map(|k| CandidateJson {
                    family: k.family.name().to_owned(),
                    mean_s: k.mean_s,
                    cv: k.cv,
                    aic: k.aic,
                    delta_aic: k.delta_aic,
                    ks_distance: k.ks_distance,
                })
                .collect(),
            quantiles: c
                .fit
                .quantiles
                .iter()
                .map(|q| QuantileJson {
                    p: q.p,
                    model_s: q.model_s,
                    data_s: q.data_s,
                })
                .collect(),
        }
    }
}

/// A call type as fitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TypeJson {
    pub name: String,
    pub share: f64,
    pub self_service: f64,
    pub answered: usize,
    /// False when the type had too few answered calls and shares the pooled fit.
    pub own_fit: bool,
    pub handle: ChosenJson,
    /// This type's own patience (censored fit of its callers' waits), when it had at least
    /// 30 abandonments; `null` = the pooled `patience`.
    pub patience: Option<ChosenJson>,
}

/// Who the queue served first, from who overtook whom (see `callers.served_first`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PriorityJson {
    /// Identified callers who joined the queue while an anonymous caller waited, and of
    /// these the share answered first.
    pub identified_after_anonymous_pairs: u64,
    pub identified_overtook_share: Option<f64>,
    /// Anonymous callers who joined while an identified caller waited, and of these the
    /// share answered first.
    pub anonymous_after_identified_pairs: u64,
    pub anonymous_overtook_share: Option<f64>,
    /// Whether the scenario serves identified callers first (`served_first: identified`).
    pub identified_first: bool,
    pub rule: String,
}

pub const PRIORITY_RULE: &str = "identified callers are served first when, among callers who queued and were answered, identified ones who joined while an anonymous caller waited were answered first at least half the time and at least four times as often as anonymous ones who joined while an identified caller waited (30 such pairs each way at least)";

/// Redials found from repeated caller ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RedialJson {
    pub abandoned_identified: usize,
    pub redialled: usize,
    pub probability: f64,
    pub after: Option<ChosenJson>,
}

/// The agents' handling factors and how they were estimated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgentSpeedJson {
    /// Per-call variance of observed ÷ expected handling within agents (σ²).
    pub within_var: f64,
    /// Variance of the agents' true factors between agents, method of moments (τ²; ≤ 0 =
    /// no spread beyond sampling noise, and no factors).
    pub between_var: f64,
    /// Prior weight in calls, σ² ÷ τ² (`null` when τ² ≤ 0).
    pub prior_calls: Option<f64>,
    /// By agent name (empty when τ² ≤ 0).
    pub agents: Vec<AgentSpeedRowJson>,
    pub estimator: String,
}

/// One agent's handling factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgentSpeedRowJson {
    pub agent: String,
    /// Answered calls the agent served.
    pub calls: usize,
    /// Observed ÷ expected handling over the agent's calls, before shrinkage.
    pub raw: f64,
    /// Shrunk toward the mean and normalised (call-weighted mean 1): the scenario's value.
    pub factor: f64,
}

pub const AGENT_SPEED_ESTIMATOR: &str = "expected handling of a call = its type's fitted mean × the factor of its hour; an agent's raw factor = Σ observed ÷ Σ expected over the agent's answered calls; shrunk by empirical Bayes to (n·raw + n₀·mean) ÷ (n + n₀) with n₀ = σ² ÷ τ² (σ² the per-call variance of observed ÷ expected within agents, τ² the between-agent variance by the method of moments), then divided by the call-weighted mean; no factors when τ² ≤ 0";

/// The availability estimate and what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AvailabilityJson {
    pub share: Option<f64>,
    pub away_mean_s: Option<f64>,
    pub present_agent_s_while_waiting: f64,
    pub busy_agent_s_while_waiting: f64,
    /// Idle stretches that began while callers waited (the away spells' data).
    pub away_spells: u64,
    /// Of these, ended by the agent's next service (the rest censored when the queue
    /// emptied).
    pub away_spells_ended: u64,
    /// The short component of the stretches' two-exponential mixture — picking up the
    /// next call — as its share of stretches and its mean, seconds; `None` when one
    /// exponential was fitted.
    pub pickup_share: Option<f64>,
    pub pickup_mean_s: Option<f64>,
    pub estimator: String,
}

/// The calendar and arrivals as fitted: all that arrival counts alone can give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ArrivalsJson {
    pub interval_min: u32,
    pub dates: Vec<String>,
    pub working_dates: u32,
    pub holidays: Vec<String>,
    /// Opening hours per working weekday, `["HH:MM", "HH:MM"]`.
    pub week: BTreeMap<String, [String; 2]>,
    /// First attempts on an average working day.
    pub calls_per_day: f64,
    pub day_of_week: BTreeMap<String, f64>,
    pub day_to_day_cv: f64,
    pub calls_outside_hours: u64,
}

impl ArrivalsJson {
    pub fn new(d: &DemandFit) -> Self {
        ArrivalsJson {
            interval_min: d.interval_s / 60,
            dates: d.dates.iter().map(|x| x.to_string()).collect(),
            working_dates: d.working_dates(),
            holidays: d.holidays.iter().map(|x| x.to_string()).collect(),
            week: (0..7)
                .filter_map(|w| {
                    d.week[w].map(|(o, c)| (WEEKDAY_KEYS[w].to_owned(), [hhmm(o), hhmm(c)]))
                })
                .collect(),
            calls_per_day: d.calls_per_day,
            day_of_week: (0..7)
                .filter(|&w| d.week[w].is_some())
                .map(|w| (WEEKDAY_KEYS[w].to_owned(), d.day_of_week[w]))
                .collect(),
            day_to_day_cv: d.day_to_day_cv,
            calls_outside_hours: d.outside_hours,
        }
    }
}

/// `fit.json`. From arrival counts only `arrivals` is filled; every other part needs call
/// records and is `null`, listed in `needs_call_records`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FitJson {
    pub files: Vec<String>,
    pub rows_read: u64,
    pub records_used: u64,
    pub excluded: BTreeMap<String, u64>,
    pub arrivals: ArrivalsJson,
    pub redial_calls: Option<usize>,
    pub types: Option<Vec<TypeJson>>,
    pub handle_pooled: Option<ChosenJson>,
    pub handle_factor_by_hour: Option<Vec<f64>>,
    /// Each agent's handling factor; `None` when the log names fewer than two agents.
    pub handle_by_agent: Option<AgentSpeedJson>,
    pub patience: Option<ChosenJson>,
    pub redial: Option<RedialJson>,
    pub priority: Option<PriorityJson>,
    pub menu_time: Option<ChosenJson>,
    /// Set instead of `menu_time` when every call spent the same time in the menu.
    pub menu_time_fixed_s: Option<f64>,
    pub availability: Option<AvailabilityJson>,
    /// Parts of a scenario these inputs could not fit.
    pub needs_call_records: Vec<String>,
}

/// What only call records can fit.
pub const CALL_RECORD_PARTS: [&str; 5] = [
    "handling times (per call type and by time of day)",
    "patience (needs waits and abandonments)",
    "redials (needs caller ids)",
    "agents on duty (needs service records with agents)",
    "availability (needs service records and queue times)",
];

pub const AVAILABILITY_ESTIMATOR: &str = "share = busy agent-seconds ÷ present agent-seconds over the moments when at least one caller waited; away_mean_s = the long component of a two-exponential mixture fitted by censored EM to the idle stretches that began in those moments (each until the agent's next service, censored when the queue emptied first); the short component is picking up the next call (the censored exponential MLE when two components cannot be fitted)";

impl FitJson {
    pub fn new(fit: &Fit, log: &CallLog, files: &[String]) -> Self {
        FitJson {
            files: files.to_vec(),
            rows_read: log.rows_read,
            records_used: log.records.len() as u64,
            excluded: log
                .excluded
                .iter()
                .map(|(k, n)| (k.key().to_owned(), *n))
                .collect(),
            arrivals: ArrivalsJson::new(&fit.demand),
            redial_calls: Some(fit.redial_calls),
            types: Some(
                fit.handling
                    .types
                    .iter()
                    .map(|t| TypeJson {
                        name: t.name.clone(),
                        share: t.share,
                        self_service: t.self_service,
                        answered: t.answered,
                        own_fit: t.own,
                        handle: ChosenJson::of(&t.handle),
                        patience: fit
                            .patience_by_type
                            .iter()
                            .find(|p| p.name == t.name)
                            .map(|p| ChosenJson::of(&p.fit.chosen)),
                    })
                    .collect(),
            ),
            handle_pooled: Some(ChosenJson::of(&fit.handling.pooled)),
            handle_factor_by_hour: Some(fit.handling.factor_by_hour.to_vec()),
            handle_by_agent: fit.handling.by_agent.as_ref().map(|b| AgentSpeedJson {
                within_var: b.within_var,
                between_var: b.between_var,
                prior_calls: b.prior_calls.is_finite().then_some(b.prior_calls),
                agents: b
                    .agents
                    .iter()
                    .map(|a| AgentSpeedRowJson {
                        agent: a.agent.clone(),
                        calls: a.calls,
                        raw: a.raw,
                        factor: a.factor,
                    })
                    .collect(),
                estimator: AGENT_SPEED_ESTIMATOR.to_owned(),
            }),
            patience: fit.patience.as_ref().map(|p| ChosenJson::of(&p.chosen)),
            priority: fit.priority.map(|p| PriorityJson {
                identified_after_anonymous_pairs: p.identified_over_anonymous.1,
                identified_overtook_share: p.identified_overtook(),
                anonymous_after_identified_pairs: p.anonymous_over_identified.1,
                anonymous_overtook_share: p.anonymous_overtook(),
                identified_first: p.identified_first(),
                rule: PRIORITY_RULE.to_owned(),
            }),
            redial: fit.redials.as_ref().map(|r| RedialJson {
                abandoned_identified: r.abandoned_identified,
                redialled: r.redialled,
                probability: r.probability(),
                after: r.after.as_ref().map(ChosenJson::of),
            }),
            menu_time: fit.menu_time.as_ref().and_then(|m| match m {
                MenuFit::Fitted(c) => Some(ChosenJson::of(c)),
                MenuFit::Fixed(_) => None,
            }),
            menu_time_fixed_s: fit.menu_time.as_ref().and_then(|m| match m {
                MenuFit::Fixed(t) => Some(*t),
                MenuFit::Fitted(_) => None,
            }),
            availability: Some(AvailabilityJson {
                share: fit.availability.share(),
                away_mean_s: fit.availability.away_mean_s(),
                present_agent_s_while_waiting: fit.availability.present_s,
                busy_agent_s_while_waiting: fit.availability.busy_s,
                away_spells: fit.availability.away.map_or(0, |a| a.stretches),
                away_spells_ended: fit.availability.away.map_or(0, |a| a.ended),
                pickup_share: fit
                    .availability
                    .away
                    .and_then(|a| a.mixture)
                    .map(|m| m.short_weight),
                pickup_mean_s: fit
                    .availability
                    .away
                    .and_then(|a| a.mixture)
                    .map(|m| m.short_mean_s),
                estimator: AVAILABILITY_ESTIMATOR.to_owned(),
            }),
            needs_call_records: vec![],
        }
    }

    /// The fit of arrival counts alone.
    pub fn arrivals_only(d: &DemandFit, rows_read: u64, files: &[String]) -> Self {
        FitJson {
            files: files.to_vec(),
            rows_read,
            records_used: rows_read,
            excluded: BTreeMap::new(),
            arrivals: ArrivalsJson::new(d),
            redial_calls: None,
            types: None,
            handle_pooled: None,
            handle_factor_by_hour: None,
            handle_by_agent: None,
            patience: None,
            redial: None,
            priority: None,
            menu_time: None,
            menu_time_fixed_s: None,
            availability: None,
            needs_call_records: CALL_RECORD_PARTS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

fn criterion_label(key: &str) -> &'static str {
    match key {
        "ks_distance" => Criterion::KsDistance.label(),
        "pooled_family" => "the family chosen for the pooled sample (this type's own parameters)",
        _ => Criterion::Aic.label(),
    }
}

fn chosen_md(s: &mut String, title: &str, c: &ChosenJson) {
    let _ = writeln!(
        s,
        "**{title}:** {} with mean {:.1} s and cv {:.3} ({} observed, {} censored). Family chosen by {}.\n",
        c.chosen.family,
        c.chosen.mean_s,
        c.chosen.cv,
        c.n_observed,
        c.n_censored,
        criterion_label(&c.criterion)
    );
    let _ = writeln!(
        s,
        "| family | mean, s | cv | ΔAIC | KS distance |\n|---|---|---|---|---|"
    );
    for k in &c.candidates {
        let _ = writeln!(
            s,
            "| {} | {:.1} | {:.3} | {:.1} | {:.4} |",
            k.family, k.mean_s, k.cv, k.delta_aic, k.ks_distance
        );
    }
    let _ = writeln!(s, "\n| quantile | fitted, s | data, s |\n|---|---|---|");
    for q in &c.quantiles {
        let data = q.data_s.map_or("—".to_owned(), |v| format!("{v:.1}"));
        let _ = writeln!(s, "| {:.0}% | {:.1} | {data} |", q.p * 100.0, q.model_s);
    }
    s.push('\n');
}

/// The report. `written` names the file holding the fitted scenario (or, from arrival
/// counts, the calendar and demand blocks).
pub fn markdown(j: &FitJson, written: &str) -> String {
    let mut s = String::from("# Fit\n\n");
    let excluded = if j.excluded.is_empty() {
        "none".to_owned()
    } else {
        j.excluded
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        s,
        "Fitted from {}: {} rows, {} used; left out: {excluded}. Written: `{written}`.\n",
        j.files
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", "),
        j.rows_read,
        j.records_used,
    );
    if !j.needs_call_records.is_empty() {
        let _ = writeln!(
            s,
            "These inputs hold arrivals only. The calendar and demand blocks are fitted; these parts of a scenario need call records and are not:\n"
        );
        for p in &j.needs_call_records {
            let _ = writeln!(s, "- {p}");
        }
        s.push('\n');
    }
    let a = &j.arrivals;
    let _ = writeln!(s, "## Arrivals\n");
    let _ = writeln!(
        s,
        "{} dates ({} to {}), {} on working weekdays; holidays (working weekdays missing from the data): {}. Working week and hours as observed (intervals of {} min with calls on at least half of a weekday's dates):\n",
        a.dates.len(),
        a.dates.first().cloned().unwrap_or_default(),
        a.dates.last().cloned().unwrap_or_default(),
        a.working_dates,
        if a.holidays.is_empty() {
            "none".to_owned()
        } else {
            a.holidays.join(", ")
        },
        a.interval_min
    );
    let _ = writeln!(s, "| weekday | open | close | factor |\n|---|---|---|---|");
    for (w, h) in &a.week {
        let _ = writeln!(
            s,
            "| {w} | {} | {} | {:.3} |",
            h[0],
            h[1],
            a.day_of_week.get(w).copied().unwrap_or(1.0)
        );
    }
    let _ = writeln!(
        s,
        "\nFirst attempts per average working day: **{:.1}**{}; day-to-day cv (gamma-mixed Poisson, method of moments): **{:.3}**; calls outside the fitted hours: {}.\n",
        a.calls_per_day,
        j.redial_calls
            .map(|n| format!(" (redials of identified callers left out: {n})"))
            .unwrap_or_default(),
        a.day_to_day_cv,
        a.calls_outside_hours
    );
    let Some(types) = &j.types else {
        return s;
    };
    let _ = writeln!(s, "## Handling\n");
    for t in types {
        let _ = writeln!(
            s,
            "### Type `{}`: share {:.3}, self-service {:.3}, {} answered{}\n",
            t.name,
            t.share,
            t.self_service,
            t.answered,
            if t.own_fit {
                ""
            } else {
                " (too few: pooled fit)"
            }
        );
        chosen_md(&mut s, "Handling", &t.handle);
    }
    if let Some(f) = &j.handle_factor_by_hour {
        let _ = writeln!(
            s,
            "Handling factor by hour (observed ÷ per-type means, hours with at least 100 answered calls): {}\n",
            f.iter()
                .enumerate()
                .filter(|(_, f)| (**f - 1.0).abs() > 1e-9)
                .map(|(h, f)| format!("{h:02}h {f:.3}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(b) = &j.handle_by_agent {
        agent_speed_md(&mut s, b);
    }
    let _ = writeln!(s, "## Patience\n");
    match &j.patience {
        Some(p) => {
            let _ = writeln!(
                s,
                "Censored by service: an abandonment is an observed patience, an answered call's wait a censored one (its patience was longer). Data quantiles are Kaplan–Meier's.\n"
            );
            chosen_md(&mut s, "Patience", p);
            for t in j.types.iter().flatten() {
                if let Some(tp) = &t.patience {
                    chosen_md(&mut s, &format!("Patience of type `{}`", t.name), tp);
                }
            }
            let pooled: Vec<&str> = j
                .types
                .iter()
                .flatten()
                .filter(|t| t.patience.is_none())
                .map(|t| t.name.as_str())
                .collect();
            if !pooled.is_empty() && pooled.len() < j.types.as_ref().map_or(0, Vec::len) {
                let _ = writeln!(
                    s,
                    "Types with fewer than 30 abandonments keep the pooled patience: {}.\n",
                    pooled.join(", ")
                );
            }
        }
        None => {
            let _ = writeln!(s, "Too few abandonments to fit; callers never hang up.\n");
        }
    }
    if let Some(p) = &j.priority {
        let share = |x: Option<f64>| x.map_or("—".to_owned(), |v| format!("{:.1}%", v * 100.0));
        let _ = writeln!(
            s,
            "## Queue order\n\nOf {} identified callers who joined the queue while an anonymous caller waited, {} were answered first; of {} anonymous callers who joined while an identified caller waited, {}. Served first: **{}** (rule: {}).\n",
            p.identified_after_anonymous_pairs,
            share(p.identified_overtook_share),
            p.anonymous_after_identified_pairs,
            share(p.anonymous_overtook_share),
            if p.identified_first {
                "identified callers"
            } else {
                "in order"
            },
            PRIORITY_RULE
        );
    }
    let _ = writeln!(s, "## Redials and menu\n");
    match &j.redial {
        Some(r) => {
            let _ = writeln!(
                s,
                "Of {} abandonments by identified callers, {} were followed by another call the same day: probability {:.3}.\n",
                r.abandoned_identified, r.redialled, r.probability
            );
            if let Some(a) = &r.after {
                chosen_md(&mut s, "Delay before redialling", a);
            }
        }
        None => {
            let _ = writeln!(
                s,
                "The log identifies no caller: redials need caller ids.\n"
            );
        }
    }
    if let Some(m) = &j.menu_time {
        chosen_md(&mut s, "Time in the menu", m);
    } else if let Some(t) = j.menu_time_fixed_s {
        let _ = writeln!(
            s,
            "**Time in the menu:** the same {t:.1} s for every call (fixed).\n"
        );
    } else {
        let _ = writeln!(s, "The log has no menu entry and exit times.\n");
    }
    if let Some(a) = &j.availability {
        let _ = writeln!(s, "## Agents\n");
        let _ = writeln!(
            s,
            "Agents on duty per interval and date come from service records (an agent's services less than 30 minutes apart form one presence session). Availability: {}. Estimate: share **{}**, away spells of **{}** s on average ({} idle stretches, {} ended by a service; {}; {:.0} present and {:.0} busy agent-seconds while callers waited).\n",
            a.estimator,
            a.share.map_or("—".to_owned(), |v| format!("{v:.3}")),
            a.away_mean_s.map_or("—".to_owned(), |v| format!("{v:.1}")),
            a.away_spells,
            a.away_spells_ended,
            match (a.pickup_share, a.pickup_mean_s) {
                (Some(w), Some(m)) => format!(
                    "{:.0}% of them picking up the next call in {m:.1} s on average",
                    w * 100.0
                ),
                _ => "one exponential fitted".to_owned(),
            },
            a.present_agent_s_while_waiting,
            a.busy_agent_s_while_waiting
        );
    }
    // Charts are drawn from call records; arrival counts alone get none.
    if j.types.is_some() {
        let _ = writeln!(s, "## Charts\n");
        for stem in crate::fit::charts::stems(j.patience.is_some()) {
            let _ = writeln!(
                s,
                "- [{stem}](charts/{stem}.png) ([SVG](charts/{stem}.svg))"
            );
        }
    }
    s
}

fn agent_speed_md(s: &mut String, b: &AgentSpeedJson) {
    let _ = writeln!(s, "### Handling by agent\n");
    let _ = writeln!(
        s,
        "Observed ÷ expected handling (type mean × hour factor) per agent, shrunk toward the mean by empirical Bayes: within-agent variance per call σ² = {:.3}, between-agent variance τ² = {:.4}{}.\n",
        b.within_var,
        b.between_var,
        b.prior_calls.map_or(
            " (no spread beyond noise: no factors)".to_owned(),
            |n| format!(", prior weight n₀ = σ²/τ² = {n:.1} calls")
        )
    );
    if b.agents.is_empty() {
        return;
    }
    let _ = writeln!(s, "| agent | calls | observed ÷ expected | factor |");
    let _ = writeln!(s, "|---|---|---|---|");
    for a in &b.agents {
        let _ = writeln!(
            s,
            "| {} | {} | {:.3} | {:.3} |",
            a.agent, a.calls, a.raw, a.factor
        );
    }
    let _ = writeln!(s);
}
