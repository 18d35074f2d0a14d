//! `ccplan erlang`'s flags checked once into validated settings: a scenario to read, or a
//! [`Query`] about one interval that the library answers.

use std::path::PathBuf;

use super::ErlangArgs;
use super::checks::{non_negative, positive, probability, usage};
use crate::erlang::{ErlangError, Model, ModelKind, Target};
use crate::error::{Error, Result};
use crate::planning::interval::{Ask, DEFAULT_TARGET_SL, Query};

/// Most rows an `--agents` range may ask for.
const MAX_ROWS: u32 = 10_000;

/// What `ccplan erlang` was asked, checked.
#[derive(Debug)]
pub enum Erlang {
    /// `--scenario FILE`: the first working day's requirement.
    Scenario(PathBuf),
    /// One interval.
    Query(Query),
}

/// Checks `args` into [`Erlang`] settings.
///
/// # Errors
/// [`Error::Usage`] naming the first flag at fault.
pub fn erlang(args: &ErlangArgs) -> Result<Erlang> {
    match &args.scenario {
        Some(path) => {
            reject_with_scenario(args)?;
            Ok(Erlang::Scenario(path.clone()))
        }
        None => query(args).map(Erlang::Query),
    }
}

/// `--scenario` takes demand, handling, patience and targets from the file.
fn reject_with_scenario(args: &ErlangArgs) -> Result<()> {
    let given = [
        ("--arrivals-per-hour", args.arrivals_per_hour.is_some()),
        ("--aht-s", args.aht_s.is_some()),
        ("--agents", args.agents.is_some()),
        ("--patience-s", args.patience_s.is_some()),
        ("--lines", args.lines.is_some()),
        ("--redial", args.redial.is_some()),
        ("--target-sl", args.target_sl.is_some()),
        ("--target-asa-s", args.target_asa_s.is_some()),
        ("--max-abandon", args.max_abandon.is_some()),
        ("--max-occupancy", args.max_occupancy.is_some()),
    ];
    let clashing: Vec<&str> = given
        .iter()
        .filter(|(_, on)| *on)
        .map(|(f, _)| *f)
        .collect();
    if clashing.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{} cannot be combined with --scenario, which takes demand, handling times, \
             patience, roster and targets from the file",
            clashing.join(", ")
        )))
    }
}

/// The one-interval query of `args` (without `--scenario`).
fn query(args: &ErlangArgs) -> Result<Query> {
    let missing = |flag: &str| Error::Usage(format!("{flag} is required without --scenario"));
    let arrivals = non_negative(
        "--arrivals-per-hour",
        args.arrivals_per_hour
            .ok_or_else(|| missing("--arrivals-per-hour"))?,
    )?;
    let aht_s = positive("--aht-s", args.aht_s.ok_or_else(|| missing("--aht-s"))?)?;
    if !(args.sl_s.is_finite() && args.sl_s >= 0.0) {
        return Err(usage(
            "--sl-s",
            args.sl_s,
            "a number of seconds of at least 0",
        ));
    }
    let core = |flag: &str, e: ErlangError| Error::Usage(format!("{flag}: {e}"));
    let mut model =
        Model::new(arrivals, aht_s).map_err(|e| core("--arrivals-per-hour/--aht-s", e))?;
    if let Some(p) = args.patience_s {
        model = model
            .with_patience_s(positive("--patience-s", p)?)
            .map_err(|e| core("--patience-s", e))?;
    }
    if let Some(k) = args.lines {
        if k == 0 {
            return Err(usage("--lines", 0, "at least 1 line"));
        }
        model = model.with_lines(k).map_err(|e| core("--lines", e))?;
    }
    if let Some(r) = args.redial {
        if args.patience_s.is_none() && args.lines.is_none() {
            return Err(Error::Usage(
                "--redial needs --patience-s or --lines: without abandonment or blocking \
                 no caller is lost, so nobody redials"
                    .into(),
            ));
        }
        model = model
            .with_redial(probability("--redial", r)?)
            .map_err(|e| core("--redial", e))?;
    }

    let mut targets = Vec::new();
    if let Some(level) = args.target_sl {
        targets.push(Target::ServiceLevel {
            definition: args.sl_definition,
            threshold_s: args.sl_s,
            at_least: probability("--target-sl", level)?,
        });
    }
    if let Some(asa) = args.target_asa_s {
        targets.push(Target::Asa {
            at_most_s: positive("--target-asa-s", asa)?,
        });
    }
    if let Some(cap) = args.max_abandon {
        targets.push(Target::Abandonment {
            at_most: probability("--max-abandon", cap)?,
        });
    }
    if let Some(cap) = args.max_occupancy {
        let cap = probability("--max-occupancy", cap)?;
        if cap == 0.0 {
            return Err(usage(
                "--max-occupancy",
                cap,
                "a share above 0 and at most 1",
            ));
        }
        targets.push(Target::Occupancy { at_most: cap });
    }

    let ask = match (&args.agents, targets.is_empty()) {
        (Some(_), false) => {
            return Err(Error::Usage(
                "--agents and targets (--target-sl, --target-asa-s, --max-abandon, \
                 --max-occupancy) are alternatives: give agents to see their figures, or \
                 targets to find the agents"
                    .into(),
            ));
        }
        (Some(spec), true) => {
            let counts = parse_agents(spec)?;
            if model.kind() != ModelKind::ErlangC && counts.iter().any(|&n| n < 1.0) {
                return Err(usage(
                    "--agents",
                    spec,
                    "at least 1 agent with --patience-s, --lines or --redial (fractional \
                     counts between whole ones are interpolated)",
                ));
            }
            Ask::Agents(counts)
        }
        (None, false) => Ask::Required {
            targets,
            defaulted: false,
        },
        (None, true) => Ask::Required {
            targets: vec![Target::ServiceLevel {
                definition: args.sl_definition,
                threshold_s: args.sl_s,
                at_least: DEFAULT_TARGET_SL,
            }],
            defaulted: true,
        },
    };
    Ok(Query {
        model,
        sl_threshold_s: args.sl_s,
        ask,
    })
}

/// `--agents`: `105`, `104.5`, `95..115` or `95..=115` (inclusive, whole numbers).
fn parse_agents(spec: &str) -> Result<Vec<f64>> {
    let bad = |why: &str| usage("--agents", spec, why);
    let expected =
        "a positive count (`105`, `104.5`) or an inclusive range of whole counts (`95..115`)";
    let s = spec.trim();
    if let Some((from, to)) = s.split_once("..") {
        let to = to.strip_prefix('=').unwrap_or(to);
        let parse = |x: &str| x.trim().parse::<u32>().map_err(|_| bad(expected));
        let (from, to) = (parse(from)?, parse(to)?);
        if from == 0 {
            return Err(bad("a range starting at 1 agent or more"));
        }
        if from > to {
            return Err(bad("a range whose start is not above its end"));
        }
        if to - from >= MAX_ROWS {
            return Err(bad("a range of at most 10000 counts"));
        }
        Ok((from..=to).map(f64::from).collect())
    } else {
        let n: f64 = s.parse().map_err(|_| bad(expected))?;
        if !(n.is_finite() && n > 0.0 && n <= f64::from(u32::MAX)) {
            return Err(bad(expected));
        }
        Ok(vec![n])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_specs() {
        assert_eq!(parse_agents("105").unwrap(), vec![105.0]);
        assert_eq!(parse_agents("104.5").unwrap(), vec![104.5]);
        assert_eq!(parse_agents("95..97").unwrap(), vec![95.0, 96.0, 97.0]);
        assert_eq!(parse_agents("95..=96").unwrap(), vec![95.0, 96.0]);
        for bad in [
            "", "abc", "-3", "0", "10..5", "0..5", "1.5..3", "nan", "inf",
        ] {
            assert!(matches!(parse_agents(bad), Err(Error::Usage(_))), "{bad}");
        }
    }
}
