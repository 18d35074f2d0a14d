//! The fitted scenario as YAML text, in the scenario format `ccplan validate` reads.

use std::fmt::Write;

use super::Fit;
use super::callers::MenuFit;
use super::demand::DemandFit;
use super::estimate::{Family, Model};
use crate::scenario::{WEEKDAY_KEYS, hhmm};

/// A duration distribution as a scenario mapping.
pub fn dist(m: &Model) -> String {
    match m.family() {
        Family::Exponential => format!("{{dist: exponential, mean_s: {:.3}}}", m.mean_s()),
        f => format!(
            "{{dist: {}, mean_s: {:.3}, cv: {:.4}}}",
            f.name(),
            m.mean_s(),
            m.cv()
        ),
    }
}

fn list<T: std::fmt::Display>(xs: impl IntoIterator<Item = T>) -> String {
    let v: Vec<String> = xs.into_iter().map(|x| x.to_string()).collect();
    format!("[{}]", v.join(", "))
}

/// The `calendar` and `demand` blocks.
pub fn calendar_and_demand(d: &DemandFit) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "calendar:");
    let _ = writeln!(s, "  start: {}", d.dates[0]);
    let _ = writeln!(s, "  days: {}", d.working_dates());
    if d.holidays.is_empty() {
        let _ = writeln!(s, "  holidays: none");
    } else {
        let _ = writeln!(s, "  holidays: {}", list(&d.holidays));
    }
    let _ = writeln!(s, "  week:");
    // Sunday first reads naturally for centres whose week starts then; order is free.
    for w in [6, 0, 1, 2, 3, 4, 5] {
        if let Some((o, c)) = d.week[w] {
            let _ = writeln!(
                s,
                "    {}: {{open: \"{}\", close: \"{}\"}}",
                WEEKDAY_KEYS[w],
                hhmm(o),
                hhmm(c)
            );
        }
    }
    let _ = writeln!(s, "  interval_min: {}", d.interval_s / 60);
    let _ = writeln!(s, "demand:");
    let _ = writeln!(s, "  calls_per_day: {:.2}", d.calls_per_day);
    let _ = writeln!(
        s,
        "  intraday_profile: {}",
        list(d.profile.iter().map(|p| format!("{p:.6}")))
    );
    let factors: Vec<String> = (0..7)
        .filter(|&w| d.week[w].is_some())
        .map(|w| format!("{}: {:.4}", WEEKDAY_KEYS[w], d.day_of_week[w]))
        .collect();
    let _ = writeln!(s, "  day_of_week: {{{}}}", factors.join(", "));
    let _ = writeln!(s, "  day_to_day_cv: {:.4}", d.day_to_day_cv);
    s
}

/// The scenario text.
pub fn scenario_yaml(fit: &Fit, name: &str, description: &str) -> String {
    let d = &fit.demand;
    let mut s = String::new();
    let _ = writeln!(s, "name: {name}");
    let _ = writeln!(s, "description: >-");
    for line in description.lines() {
        let _ = writeln!(s, "  {line}");
    }
    s.push_str(&calendar_and_demand(d));
    let _ = writeln!(s, "contact_types:");
    let n = fit.handling.types.len();
    let mut share_sum = 0.0_f64;
    for (i, t) in fit.handling.types.iter().enumerate() {
        // Shares are rounded for the file; the last absorbs the rounding so they sum to 1.
        let share = if i + 1 == n {
            (1.0 - share_sum).max(0.0)
        } else {
            (t.share * 1e9).round() / 1e9
        };
        share_sum += share;
        let _ = writeln!(s, "  - name: {}", yaml_string(&t.name));
        let _ = writeln!(s, "    share: {share:.9}");
        let _ = writeln!(s, "    self_service: {:.6}", t.self_service);
        let _ = writeln!(s, "    first_line:");
        let _ = writeln!(s, "      handle: {}", dist(&t.handle.fit.model));
        if fit.handle_factor.iter().any(|f| (f - 1.0).abs() > 1e-9) {
            let _ = writeln!(
                s,
                "      handle_factor_by_interval: {}",
                list(fit.handle_factor.iter().map(|f| format!("{f:.4}")))
            );
        }
        if let Some(p) = fit.patience_by_type.iter().find(|p| p.name == t.name) {
            let _ = writeln!(s, "    patience: {}", dist(&p.fit.chosen.fit.model));
        }
    }
    let _ = writeln!(s, "callers:");
    match &fit.patience {
        Some(p) => {
            let _ = writeln!(s, "  patience: {}", dist(&p.chosen.fit.model));
        }
        None => {
            let _ = writeln!(s, "  # no abandonment in the log: callers never hang up");
        }
    }
    if fit.priority.is_some_and(|p| p.identified_first()) {
        let _ = writeln!(s, "  served_first: identified");
    }
    if let Some(r) = &fit.redials
        && let Some(after) = &r.after
    {
        let _ = writeln!(
            s,
            "  redial: {{probability: {:.4}, after: {}}}",
            r.probability(),
            dist(&after.fit.model)
        );
    }
    match &fit.menu_time {
        Some(MenuFit::Fitted(m)) => {
            let _ = writeln!(s, "  self_service_time: {}", dist(&m.fit.model));
        }
        Some(MenuFit::Fixed(t)) => {
            let _ = writeln!(s, "  self_service_time: {{dist: fixed, s: {t:.3}}}");
        }
        None => {}
    }
    let _ = writeln!(s, "lines:");
    let _ = writeln!(s, "  first:");
    if let (Some(share), Some(away)) = (fit.availability.share(), fit.availability.away_mean_s()) {
        let _ = writeln!(
            s,
            "    availability: {{share: {share:.4}, away_mean_s: {away:.2}}}"
        );
    }
    if let Some(by_agent) = &fit.handling.by_agent
        && !by_agent.agents.is_empty()
    {
        let _ = writeln!(s, "    handle_factor_by_agent:");
        for a in &by_agent.agents {
            let _ = writeln!(s, "      {}: {:.4}", yaml_string(&a.agent), a.factor);
        }
    }
    let _ = writeln!(
        s,
        "    agents_by_interval: {}",
        list(&fit.agents_by_interval)
    );
    if !fit.agents_by_date.is_empty() {
        let _ = writeln!(s, "    agents_by_date:");
        for (date, counts) in &fit.agents_by_date {
            let _ = writeln!(s, "      {date}: {}", list(counts));
        }
    }
    let _ = writeln!(s, "simulation: {{replications: 30, seed: 1}}");
    s
}

/// A YAML scalar for a name: plain when safe, else double-quoted.
fn yaml_string(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && !matches!(
            v,
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "~"
        );
    if plain {
        v.to_owned()
    } else {
        serde_json::to_string(v).unwrap_or_else(|_| "\"?\"".to_owned())
    }
}
