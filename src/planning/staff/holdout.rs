//! Making a plan hold out of sample: the repair in simulation that gives an analytic plan
//! the stated confidence on the search's replications, and the independent check on
//! fresh replications with its repair rounds.
//!
//! The independent check simulates the plan with replications drawn from a seed the
//! plan has never been fitted to and judges every cell on its **means** over them (a
//! cell sized so that its upper confidence bound meets the target on the search's
//! replications should meet it on average on fresh ones; judging the fresh bound instead
//! would fail about half the cells sized exactly at the edge, whatever the margin). Cells
//! below target get one agent more, the e-mail line one more in every interval if the
//! e-mail check fails, and the repaired plan is checked again on the **next** fresh seed:
//! the seed of the final check never influenced the plan it judges. At most `repairs`
//! rounds of repair; the last check is the one reported.

use crate::engine::RunSettings;
use crate::scenario::{LineId, Scenario};

use super::measure::{self, CellTargets};
use super::verify::{self, Verification};
use super::{Plan, lines_of, staffed_scenario};

/// One independent check and the repair it led to (also as `staff.json` lists it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct CheckRound {
    pub seed: u64,
    /// Agent-hours of the plan checked (agents available).
    pub agent_hours: f64,
    pub cells_with_calls: usize,
    pub intervals_below_target: usize,
    pub email_met: Option<bool>,
    /// Cells given one agent more after this check (0 for the last check).
    pub cells_repaired: usize,
}

/// The plan after the independent checks, each check, and the last one in full.
#[derive(Debug, Clone)]
pub struct Holdout {
    pub plan: Plan,
    pub rounds: Vec<CheckRound>,
    pub last: Verification,
}

impl Holdout {
    /// Repair rounds run (checks that led to a repair).
    pub fn repairs(&self) -> usize {
        self.rounds.iter().filter(|r| r.cells_repaired > 0).count()
    }
}

/// Checks `plan` on fresh seeds (round k on [`verify::independent_settings`]`(settings, k)`),
/// judging cell means against `targets`' targets, and repairs it at most `repairs` times.
/// `progress` is told the round as it starts, `tick` each replication.
pub fn check_and_repair(
    sc: &Scenario,
    plan: &Plan,
    targets: &CellTargets,
    settings: RunSettings,
    repairs: usize,
    progress: &(dyn Fn(usize) + Sync),
    tick: &(dyn Fn() + Sync),
) -> Holdout {
    let on_means = targets.at(measure::Confidence::mean());
    let mut plan = plan.clone();
    let mut rounds = Vec::new();
    let mut k = 0;
    loop {
        progress(k);
        let fresh = verify::independent_settings(settings, k);
        let staffed = staffed_scenario(sc, &plan);
        let check = verify::verify(&staffed, &on_means, fresh, tick);
        let mut round = CheckRound {
            seed: fresh.seed,
            agent_hours: plan.agent_hours(sc.calendar.interval_s).iter().sum(),
            cells_with_calls: check.cells_with_calls,
            intervals_below_target: check.below.len(),
            email_met: check.email.map(|e| e.met()),
            cells_repaired: 0,
        };
        if check.meets() || k >= repairs {
            rounds.push(round);
            return Holdout {
                plan,
                rounds,
                last: check,
            };
        }
        round.cells_repaired = repair(&mut plan, &check);
        rounds.push(round);
        k += 1;
    }
}

/// One agent more in every cell `v` found below target, and in every interval of the
/// e-mail line when the e-mail check failed; returns the cells changed.
fn repair(plan: &mut Plan, v: &Verification) -> usize {
    let mut changed = vec![false; plan.n_days * plan.n_intervals * 2];
    for b in &v.below {
        plan.set(
            b.day,
            b.interval,
            b.line,
            plan.get(b.day, b.interval, b.line) + 1,
        );
        changed[plan.index(b.day, b.interval, b.line)] = true;
    }
    if let Some(e) = v.email.filter(|e| !e.met()) {
        for (d, i) in plan.cells() {
            plan.set(d, i, e.line, plan.get(d, i, e.line) + 1);
            changed[plan.index(d, i, e.line)] = true;
        }
    }
    changed.iter().filter(|c| **c).count()
}

/// Repairs `plan` in simulation on `settings` (the search's replications) until every
/// cell meets `targets` at their confidence and the e-mail check holds: each simulation
/// gives one agent more to every cell that misses. Never removes an agent. Stops after
/// `max_simulations`; returns the plan and the simulations run, and whether it finished.
pub fn repair_in_sample(
    sc: &Scenario,
    plan: &Plan,
    targets: &CellTargets,
    settings: RunSettings,
    max_simulations: usize,
    progress: &(dyn Fn(usize) + Sync),
    tick: &(dyn Fn() + Sync),
) -> (Plan, usize, bool) {
    let lines: Vec<LineId> = lines_of(sc);
    let mut plan = plan.clone();
    for k in 0..max_simulations {
        progress(k);
        let staffed = staffed_scenario(sc, &plan);
        let (m, _) = measure::simulate(&staffed, targets, settings, tick);
        let mut changed = 0;
        for (d, i) in plan.cells() {
            for &l in &lines {
                if m.misses(targets, d, i, l) {
                    plan.set(d, i, l, plan.get(d, i, l) + 1);
                    changed += 1;
                }
            }
        }
        if let Some(e) = m.email(sc).filter(|e| !e.met()) {
            for (d, i) in plan.cells() {
                plan.set(d, i, e.line, plan.get(d, i, e.line) + 1);
            }
            changed += 1;
        }
        if changed == 0 {
            return (plan, k + 1, true);
        }
    }
    (plan, max_simulations, false)
}
