//! `ccplan schedule`: a roster of shifts (start, length, breaks, contract kind) that covers
//! a per-interval requirement at least cost under a line's `shift_rules`, verified by
//! simulating it (simulation-based scheduling after Atlason, Epelman & Henderson 2004).
//!
//! The requirement is a staff [`Plan`] (agents *available* after shrinkage). Each line
//! with shift rules is scheduled by a set-covering integer program ([`program`]) per day
//! pattern: one pattern per weekday (`--days weekday`) or per working date (`--days all`),
//! each covering, interval by interval, the most agents any of its days requires. The
//! roster is written as the scenario's own shifts, each with the `days` of the patterns
//! it serves ([`shifts`]), and simulated as written; every cell below target raises
//! its requirement to one agent more than the roster gave it, and the program is solved
//! again, until the roster meets the targets on the search's replications; then the
//! independent check (fresh replications, [`verify::independent_settings`]) and its
//! repairs, as `staff` does. Lines without shift rules take the requirement itself.

pub mod json;
pub mod program;
pub mod report;
pub mod shifts;
pub mod tables;

use std::collections::BTreeMap;

use crate::engine::RunSettings;
use crate::planning::staff::measure::{CellTargets, Confidence};
use crate::planning::staff::verify::{self, Verification};
use crate::planning::staff::{Plan, rostered_needed, staffed_scenario};
use crate::scenario::{LineId, Scenario, Staffing, WEEKDAY_KEYS, weekday_index};

use program::{Caps, Column, Grid, Infeasible, Solved};

/// How working days share shift patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Days {
    /// One pattern per weekday (every Monday alike, …).
    Weekday,
    /// Each working date its own pattern.
    All,
}

/// A day pattern: its label (`mon`, or a date) and the working-day indices it serves.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub label: String,
    pub days: Vec<usize>,
}

/// The scenario's working days grouped into patterns, Monday first (or in date order).
pub fn patterns(sc: &Scenario, days: Days) -> Vec<Pattern> {
    let wd = &sc.calendar.working_days;
    match days {
        Days::All => wd
            .iter()
            .enumerate()
            .map(|(d, date)| Pattern {
                label: date.to_string(),
                days: vec![d],
            })
            .collect(),
        Days::Weekday => {
            let mut by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for (d, date) in wd.iter().enumerate() {
                by.entry(weekday_index(*date)).or_default().push(d);
            }
            by.into_iter()
                .map(|(w, days)| Pattern {
                    label: WEEKDAY_KEYS[w].to_string(),
                    days,
                })
                .collect()
        }
    }
}

/// One line's roster: its shift kinds and, per pattern, the program solved.
#[derive(Debug, Clone)]
pub struct LineRoster {
    pub line: LineId,
    pub columns: Vec<Column>,
    pub solved: Vec<Solved>,
    /// Agents required at work per pattern and interval (before shrinkage).
    pub need: Vec<Vec<u32>>,
}

/// The roster of every line with shift rules.
#[derive(Debug, Clone)]
pub struct Roster {
    pub patterns: Vec<Pattern>,
    pub grid: Grid,
    pub lines: Vec<LineRoster>,
}

impl Roster {
    /// Paid agent-hours over the horizon (every pattern times its days).
    pub fn paid_hours(&self) -> f64 {
        self.sum(|s| s.paid_hours)
    }

    /// Paid agent-hours of one line over the horizon.
    pub fn line_paid_hours(&self, line: &LineRoster) -> f64 {
        line.solved
            .iter()
            .zip(&self.patterns)
            .map(|(s, p)| s.paid_hours * p.days.len() as f64)
            .sum()
    }

    pub fn cost(&self) -> f64 {
        self.sum(|s| s.cost)
    }

    pub fn lp_cost(&self) -> f64 {
        self.sum(|s| s.lp_cost)
    }

    pub fn lp_paid_hours(&self) -> f64 {
        self.sum(|s| s.lp_paid_hours)
    }

    /// (cost − LP bound) / cost over the horizon.
    pub fn gap(&self) -> f64 {
        let c = self.cost();
        if c > 0.0 {
            ((c - self.lp_cost()) / c).max(0.0)
        } else {
            0.0
        }
    }

    fn sum(&self, f: impl Fn(&Solved) -> f64) -> f64 {
        self.lines
            .iter()
            .flat_map(|l| {
                l.solved
                    .iter()
                    .zip(&self.patterns)
                    .map(|(s, p)| f(s) * p.days.len() as f64)
            })
            .sum()
    }

    /// The most agents on any day, and the share of them on permanent contracts that
    /// day (the lowest share over the days with agents).
    pub fn posts_and_permanent_share(&self, sc: &Scenario) -> (u32, f64) {
        let mut posts = 0;
        let mut share = 1.0_f64;
        for l in &self.lines {
            let Some(rules) = sc.lines.get(l.line).and_then(|x| x.shift_rules.as_ref()) else {
                continue;
            };
            for s in &l.solved {
                let total: u32 = s.agents.iter().sum();
                let perm: u32 = s
                    .agents
                    .iter()
                    .zip(&l.columns)
                    .filter(|(_, c)| rules.contracts[c.contract].permanent)
                    .map(|(a, _)| *a)
                    .sum();
                posts = posts.max(total);
                if total > 0 {
                    share = share.min(f64::from(perm) / f64::from(total));
                }
            }
        }
        (posts, share)
    }

    /// Agents at work per (working day, interval) on `line` (before shrinkage): the
    /// programs' coverage.
    pub fn day_coverage(&self, line: &LineRoster, n_days: usize) -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); n_days];
        for (p, s) in self.patterns.iter().zip(&line.solved) {
            let cov = program::coverage(&line.columns, &s.agents, self.grid.n());
            for &d in &p.days {
                out[d] = cov.clone();
            }
        }
        out
    }
}

/// A line whose rules no roster can meet.
#[derive(Debug, Clone)]
pub struct LineInfeasible {
    pub line: LineId,
    pub pattern: String,
    pub infeasible: Infeasible,
}

/// Solves every line's programs for requirement `plan`.
pub fn solve(sc: &Scenario, plan: &Plan, patterns: &[Pattern]) -> Result<Roster, LineInfeasible> {
    let cal = &sc.calendar;
    let grid = Grid {
        open_s: cal.open_s,
        close_s: cal.close_s,
        interval_s: cal.interval_s,
    };
    let mut lines = Vec::new();
    for line in LineId::ALL {
        let Some(l) = sc.lines.get(line) else {
            continue;
        };
        let Some(rules) = &l.shift_rules else {
            continue;
        };
        let columns = program::columns(rules, grid);
        let caps = Caps {
            posts: l.posts,
            permanent_share: l.permanent_share,
        };
        let mut solved = Vec::new();
        let mut needs = Vec::new();
        for p in patterns {
            let need: Vec<u32> = (0..grid.n())
                .map(|i| {
                    p.days
                        .iter()
                        .map(|&d| rostered_needed(plan.get(d, i, line), l.shrinkage))
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let s = program::solve(rules, caps, &columns, &need, grid).map_err(|infeasible| {
                LineInfeasible {
                    line,
                    pattern: p.label.clone(),
                    infeasible,
                }
            })?;
            solved.push(s);
            needs.push(need);
        }
        lines.push(LineRoster {
            line,
            columns,
            solved,
            need: needs,
        });
    }
    Ok(Roster {
        patterns: patterns.to_vec(),
        grid,
        lines,
    })
}

/// `sc` staffed by `plan` on its lines without shift rules (agents per interval, as
/// `staff` writes them) and by `roster` on the others: its shifts, with their breaks and
/// the days each works ([`shifts::line_shifts`]), which the engine simulates as written
/// (agents leave for a break when the call in hand ends).
pub fn scheduled_scenario(sc: &Scenario, plan: &Plan, roster: &Roster) -> Scenario {
    let mut out = staffed_scenario(sc, plan);
    for l in &roster.lines {
        let Some(rules) = sc.lines.get(l.line).and_then(|x| x.shift_rules.as_ref()) else {
            continue;
        };
        let list = shifts::line_shifts(rules, l, &roster.patterns, &sc.calendar.working_days);
        let staffing = Staffing::Shifts(list.into_iter().map(|s| s.shift).collect());
        match l.line {
            LineId::First => out.lines.first.staffing = staffing,
            LineId::Second => {
                if let Some(s) = out.lines.second.as_mut() {
                    s.staffing = staffing;
                }
            }
        }
    }
    out
}

/// One simulation of a roster: what it found.
#[derive(Debug, Clone)]
pub struct Round {
    pub seed: u64,
    pub paid_hours: f64,
    pub check: Verification,
}

/// What the search ends with.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub roster: Roster,
    /// The requirement the final roster was solved for (agents available).
    pub plan: Plan,
    pub scheduled: Scenario,
    /// Simulations on the search's replications, in order.
    pub in_sample: Vec<Round>,
    /// Independent checks, in order; the last is the verdict.
    pub independent: Vec<Round>,
}

impl Outcome {
    /// Solve → simulate rounds in all.
    pub fn iterations(&self) -> usize {
        self.in_sample.len() + self.independent.len()
    }

    pub fn last_check(&self) -> &Verification {
        &self
            .independent
            .last()
            .or(self.in_sample.last())
            .expect("at least one simulation")
            .check
    }
}

/// The day patterns, and how hard to try.
#[derive(Debug, Clone, Copy)]
pub struct Effort<'a> {
    pub patterns: &'a [Pattern],
    /// Most solve → simulate rounds on the search's replications.
    pub max_in_sample: usize,
    /// Most repairs after independent checks.
    pub repairs: usize,
}

/// Raises the requirement of every cell `v` found below target to one agent more than
/// the roster `scheduled` made available there, or than the requirement when that is
/// more (shrinkage rounds each shift's agents, so a roster can leave a cell an agent
/// short of what its program covered); and every cell of the e-mail line when the
/// e-mail check failed. Returns the cells raised.
fn raise(plan: &mut Plan, sc: &Scenario, scheduled: &Scenario, v: &Verification) -> usize {
    let mut raised = 0;
    let mut up = |plan: &mut Plan, d: usize, i: usize, line: LineId| {
        let date = sc.calendar.working_days[d];
        let had = scheduled.agents_available(line, date, sc.calendar.interval_start_s(i));
        plan.set(d, i, line, plan.get(d, i, line).max(had) + 1);
        raised += 1;
    };
    for b in &v.below {
        up(plan, b.day, b.interval, b.line);
    }
    if let Some(e) = v.email.filter(|e| !e.met()) {
        for (d, i) in plan.cells() {
            up(plan, d, i, e.line);
        }
    }
    raised
}

/// The loop: solve, simulate on `settings` judging cells at `targets`' confidence, raise
/// the cells below target, until the roster meets them (at most `effort.max_in_sample`
/// times); then independent checks on fresh seeds judged on means, with at most
/// `effort.repairs` repairs. `progress` is told each phase, `tick` each replication.
pub fn search(
    sc: &Scenario,
    requirement: &Plan,
    targets: &CellTargets,
    settings: RunSettings,
    effort: Effort<'_>,
    progress: &(dyn Fn(String) + Sync),
    tick: &(dyn Fn() + Sync),
) -> Result<Outcome, LineInfeasible> {
    let patterns = effort.patterns;
    let mut plan = requirement.clone();
    let mut in_sample = Vec::new();
    let mut roster;
    let mut scheduled;
    loop {
        roster = solve(sc, &plan, patterns)?;
        scheduled = scheduled_scenario(sc, &plan, &roster);
        progress(format!("simulation {} (search)", in_sample.len() + 1));
        let check = verify::verify(&scheduled, targets, settings, tick);
        let done = check.meets() || in_sample.len() + 1 >= effort.max_in_sample;
        let raised = if done {
            0
        } else {
            raise(&mut plan, sc, &scheduled, &check)
        };
        in_sample.push(Round {
            seed: settings.seed,
            paid_hours: roster.paid_hours(),
            check,
        });
        if done || raised == 0 {
            break;
        }
    }
    let on_means = targets.at(Confidence::mean());
    let mut independent = Vec::new();
    loop {
        let k = independent.len();
        let fresh = verify::independent_settings(settings, k);
        progress(format!("independent check {}", k + 1));
        let check = verify::verify(&scheduled, &on_means, fresh, tick);
        let done = check.meets() || k >= effort.repairs;
        let raised = if done {
            0
        } else {
            raise(&mut plan, sc, &scheduled, &check)
        };
        independent.push(Round {
            seed: fresh.seed,
            paid_hours: roster.paid_hours(),
            check,
        });
        if done || raised == 0 {
            break;
        }
        roster = solve(sc, &plan, patterns)?;
        scheduled = scheduled_scenario(sc, &plan, &roster);
    }
    Ok(Outcome {
        roster,
        plan,
        scheduled,
        in_sample,
        independent,
    })
}
