//! The one-interval answer as a fixed-width table: a line naming the model, one row per
//! agent count (the columns the model defines), then what each service level counts.

use std::fmt::Write as _;

use crate::erlang::{Figures, ModelKind, Target};
use crate::planning::interval::{Query, fmt_agents};
use crate::service_level::SlDefinition;

/// A header naming the model, then one line per row, then the definitions.
pub(super) fn table(query: &Query, rows: &[Figures], preamble: Option<&str>) -> String {
    let m = &query.model;
    let kind = m.kind();
    let mut out = String::new();
    let mut model_line = format!(
        "{}: {} calls/h, AHT {} s, offered load {:.3} erlangs",
        kind.name(),
        m.arrivals_per_hour(),
        m.aht_s(),
        m.offered_load_erlangs()
    );
    match kind {
        ModelKind::ErlangC => model_line.push_str(", callers never hang up"),
        _ => {
            if let Some(p) = m.patience_s() {
                write!(model_line, ", exponential patience of mean {p} s").unwrap();
            }
            if let Some(k) = m.lines() {
                write!(model_line, ", {k} lines").unwrap();
            }
            if m.redial() > 0.0 {
                write!(model_line, ", redial probability {}", m.redial()).unwrap();
            }
        }
    }
    writeln!(out, "{model_line}").unwrap();
    if let Some(p) = preamble {
        out.push_str(p);
    }

    let t = query.sl_threshold_s;
    let mut columns: Vec<Column> = vec![(
        "agents".into(),
        Box::new(|f: &Figures| fmt_agents(f.agents)),
    )];
    if kind == ModelKind::ErlangX {
        columns.push((
            "attempts/h".into(),
            Box::new(|f: &Figures| format!("{:.1}", f.attempts_per_hour)),
        ));
        columns.push((
            "P(block)".into(),
            Box::new(|f: &Figures| format!("{:.4}", f.p_block)),
        ));
    }
    columns.push((
        "P(wait)".into(),
        Box::new(|f: &Figures| format!("{:.4}", f.p_wait)),
    ));
    if kind != ModelKind::ErlangC {
        columns.push((
            "P(abandon)".into(),
            Box::new(|f: &Figures| format!("{:.4}", f.p_abandon)),
        ));
    }
    columns.push((
        "ASA s".into(),
        Box::new(|f: &Figures| format!("{:.1}", f.asa_s)),
    ));
    if kind != ModelKind::ErlangC {
        columns.push((
            "mean wait s".into(),
            Box::new(|f: &Figures| format!("{:.1}", f.mean_wait_s)),
        ));
    }
    if kind == ModelKind::ErlangC {
        columns.push((
            format!("SL {}s", fmt_num(t)),
            Box::new(|f: &Figures| format!("{:.4}", f.service_level.offered)),
        ));
    } else {
        for d in SlDefinition::ALL {
            columns.push((
                format!("SL {} {}s", short_name(d), fmt_num(t)),
                Box::new(move |f: &Figures| format!("{:.4}", f.service_level.get(d))),
            ));
        }
    }
    columns.push((
        "occupancy".into(),
        Box::new(|f: &Figures| format!("{:.4}", f.occupancy)),
    ));

    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|f| columns.iter().map(|(_, c)| c(f)).collect())
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, (h, _))| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .chain([h.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |values: Vec<&str>| -> String {
        let padded: Vec<String> = values
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:>w$}", w = *w))
            .collect();
        padded.join("  ")
    };
    writeln!(
        out,
        "{}",
        line(columns.iter().map(|(h, _)| h.as_str()).collect())
    )
    .unwrap();
    for r in &cells {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect())).unwrap();
    }

    if kind == ModelKind::ErlangC {
        writeln!(
            out,
            "SL {}s: share answered within {} s; nobody abandons, so the offered, answered, \
             excluding_short_abandons and virtual definitions coincide.",
            fmt_num(t),
            fmt_num(t)
        )
        .unwrap();
    } else {
        writeln!(
            out,
            "Service level within T = {} s, by definition:",
            fmt_num(t)
        )
        .unwrap();
        for d in SlDefinition::ALL {
            writeln!(
                out,
                "  {:<8} ({}): {}",
                short_name(d),
                d.key(),
                d.describe()
            )
            .unwrap();
        }
        if kind == ModelKind::ErlangX {
            writeln!(
                out,
                "Erlang X: attempts/h include redials; P(block) is per attempt, every other \
                 figure per admitted call."
            )
            .unwrap();
        }
    }
    out
}

/// A table column: its heading and how a row's cell is printed.
type Column = (String, Box<dyn Fn(&Figures) -> String>);

/// The note printed when neither `--agents` nor a target was given.
pub(super) fn default_note(targets: &[Target]) -> String {
    format!(
        "No --agents or target given: showing the agents required for {} (set --agents, or \
         --target-sl/--sl-s/--sl-definition, --target-asa-s, --max-abandon, --max-occupancy).",
        targets
            .iter()
            .map(Target::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    )
}

/// Short column label of a definition.
fn short_name(d: SlDefinition) -> &'static str {
    match d {
        SlDefinition::Offered => "offered",
        SlDefinition::Answered => "answered",
        SlDefinition::ExcludingShortAbandons => "excl.ab",
        SlDefinition::Virtual => "virtual",
    }
}

/// A number in its shortest exact form (`20`, `20.5`).
fn fmt_num(x: f64) -> String {
    format!("{x}")
}
