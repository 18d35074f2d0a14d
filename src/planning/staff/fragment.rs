//! The plan as scenario text: the `lines:` block (`staffing.yaml`) and the input scenario
//! with that block substituted (`scenario-staffed.yaml`), comments and everything else
//! kept as written.

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};

use crate::scenario::{self, Line, LineId, Scenario, Staffing};

use super::{Plan, staffed_scenario};

/// The `lines:` block of `staffed` (a [`staffed_scenario`]): each line's label, posts,
/// contract mix, shrinkage, availability and agents' handling factors, its rostered counts (before shrinkage) as
/// `agents_by_interval` (the counts most days share) and `agents_by_date` (every other
/// day), no reinforcement (it is part of the counts).
pub fn lines_block(staffed: &Scenario) -> String {
    let mut s = String::from("lines:\n");
    for id in LineId::ALL {
        let Some(line) = staffed.lines.get(id) else {
            continue;
        };
        let key = match id {
            LineId::First => "first",
            LineId::Second => "second",
        };
        let _ = writeln!(s, "  {key}:");
        write_line(&mut s, line);
    }
    s
}

fn write_line(s: &mut String, line: &Line) {
    // JSON strings are valid YAML double-quoted scalars.
    let label = serde_json::to_string(&line.label).unwrap_or_else(|_| "\"\"".into());
    let _ = writeln!(s, "    label: {label}");
    if let Some(p) = line.posts {
        let _ = writeln!(s, "    posts: {p}");
    }
    let _ = writeln!(s, "    permanent_share: {}", line.permanent_share);
    let _ = writeln!(
        s,
        "    temporary_handle_factor: {}",
        line.temporary_handle_factor
    );
    let _ = writeln!(s, "    shrinkage: {}", line.shrinkage);
    if let Some(a) = line.availability {
        let _ = writeln!(
            s,
            "    availability: {{share: {}, away_mean_s: {}}}",
            a.share, a.away_mean_s
        );
    }
    if !line.handle_factor_by_agent.is_empty() {
        let _ = writeln!(s, "    handle_factor_by_agent:");
        for (name, f) in &line.handle_factor_by_agent {
            let name = serde_json::to_string(name).unwrap_or_else(|_| "\"\"".into());
            let _ = writeln!(s, "      {name}: {f}");
        }
    }
    let list = |v: &[u32]| {
        let items: Vec<String> = v.iter().map(u32::to_string).collect();
        format!("[{}]", items.join(", "))
    };
    match &line.staffing {
        Staffing::ByInterval { every_day, by_date } => {
            let _ = writeln!(s, "    agents_by_interval: {}", list(every_day));
            if !by_date.is_empty() {
                let _ = writeln!(s, "    agents_by_date:");
                for (date, counts) in by_date {
                    let _ = writeln!(s, "      {date}: {}", list(counts));
                }
            }
        }
        Staffing::Shifts(_) => unreachable!("a staffed scenario is staffed by interval"),
    }
}

/// `source` (the scenario's text) with its top-level `lines:` block replaced by `block`.
/// The block runs from the line starting `lines:` to the next line starting at column 0
/// with anything but a comment; blank lines and column-0 comments just before that line
/// are kept (they introduce what follows).
pub fn substitute_lines(source: &str, block: &str) -> Result<String> {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let Some(start) = lines.iter().position(|l| {
        l.strip_prefix("lines")
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    }) else {
        bail!("no top-level `lines:` key found in the scenario text");
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| {
            let first = l.chars().next();
            first.is_some_and(|c| !c.is_whitespace() && c != '#')
        })
        .map_or(lines.len(), |p| start + 1 + p);
    let mut end = end;
    while end > start + 1 {
        let l = lines[end - 1];
        if l.trim().is_empty() || l.starts_with('#') {
            end -= 1;
        } else {
            break;
        }
    }
    let mut out: String = lines[..start].concat();
    out.push_str(block);
    out.push_str(&lines[end..].concat());
    Ok(out)
}

/// `sc` staffed by a plan, as text.
#[derive(Debug, Clone)]
pub struct StaffedText {
    /// The `lines:` block ([`lines_block`]).
    pub block: String,
    /// `sc`'s text with its `lines:` block replaced by `block`.
    pub text: String,
    /// `text` loaded.
    pub scenario: Scenario,
}

/// The staffed scenario's text, checked: it loads (as `file_name`) and its lines are
/// exactly those of [`staffed_scenario`].
pub fn staffed_text(
    sc: &Scenario,
    source: &str,
    plan: &Plan,
    file_name: &str,
) -> Result<StaffedText> {
    let expected = staffed_scenario(sc, plan);
    let block = lines_block(&expected);
    let text = substitute_lines(source, &block)?;
    let loaded = scenario::parse_str(&text, file_name)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("the staffed scenario does not load (a bug in `ccplan staff`)")?;
    if loaded.lines != expected.lines {
        bail!("the staffed scenario's lines differ from the plan (a bug in `ccplan staff`)");
    }
    Ok(StaffedText {
        block,
        text,
        scenario: loaded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_block_is_replaced_whatever_its_style() {
        let src = "name: x\n# c\nlines: {first: {shifts: []}}\n  # tail\ntrunks: 3\n";
        let out = substitute_lines(src, "lines:\n  first: {}\n").unwrap();
        assert_eq!(out, "name: x\n# c\nlines:\n  first: {}\ntrunks: 3\n");
        let src = "lines:\n  first:\n    shifts: []\n\n# end";
        assert_eq!(substitute_lines(src, "L\n").unwrap(), "L\n\n# end");
        assert!(substitute_lines("name: x\n  lines: 3\n", "").is_err());
    }
}
