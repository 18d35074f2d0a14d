//! The iterative staffing algorithm, adapted to service-level and abandonment targets,
//! and the polishing that makes "every interval meets the targets" true in simulation.
//!
//! Feldman, Mandelbaum, Massey & Whitt (2008) simulate the system with the current
//! staffing, read the distribution of the number in system at each time, and set the
//! next staffing to the smallest s(t) with P(N(t) ≥ s(t)) ≤ α, until the staffing stops
//! changing. Here, per (day, interval, line) cell:
//!
//! 1. Start from SIPP ([`super::analytic`]); on the e-mail line add an allowance of
//!    ⌈e-mail work per open second⌉ agents in every interval.
//! 2. Simulate the full scenario (both lines, redials, trunks, e-mail, busyness) with the
//!    current plan, the same seed every time (common random numbers: for a given plan
//!    the result is deterministic), on a quarter of the replications
//!    ([`fixed_point_settings`]): the phase only estimates loads.
//! 3. Each cell's offered load L is the mean over replications of (agent-seconds on calls
//!    in the cell + the cell's abandoned calls × the line's mean handling time) / interval
//!    length: the work the cell's agents face, including calls carried over from earlier
//!    intervals and the work abandoned calls would have brought.
//! 4. The next plan sizes each cell by Erlang A for the scenario's targets at offered load
//!    L (over the line's availability share, [`super::on_shift`]; plus the e-mail
//!    allowance). Repeat 2–4 until the plan repeats: a fixed point, or
//!    a cycle, whose cell-wise maximum is taken; at most [`MAX_FIXED_POINT`] rounds.
//!
//! The plan may never repeat exactly: cells whose load depends on their neighbours'
//! staffing (carried-over calls, transfers, redials) can keep toggling by one agent. So
//! the phase also stops when it has **stalled** ([`stalled`]): when none of the last
//! [`STALL_ROUNDS`] rounds changed fewer cells than the fewest changed by any round
//! before them (the count of changed cells has stopped falling). The plan then taken is
//! the cell-wise maximum of the last two: the plan last simulated and the one sized from
//! it. A repeat is looked for first, then a stall, then the round limit.
//!
//! Then polishing, on the cells' figures across replications at the stated confidence
//! ([`super::measure::Confidence`]: the means, or their one-sided Student-t bounds):
//!
//! Steps are sized by [`super::step::Sizer`] (the cell's measured bound moved by Erlang
//! A's slope at its measured load); each cell has a *floor*, one more than a count seen
//! to miss, below which it is not trimmed.
//!
//! * **repair**: every cell with calls missing a target (service level, abandonment, ASA,
//!   occupancy) goes to the fewest agents predicted to meet (at least one more; its
//!   floor becomes one more than its count); if the e-mail check fails, every open
//!   interval of the e-mail line gets one more; simulate again until nothing misses, or
//!   until what misses is a tail within the noise ([`noise_tail`]), left as it is.
//! * **trim**: every cell above its floor that meets its targets goes, all at once, to
//!   the fewest agents predicted to still meet (at least one fewer, never below its
//!   floor; the e-mail line one fewer at most); a cell that then misses gets a cut of
//!   one back, or keeps one agent off a larger cut (its floor rising to one more than the
//!   count that missed); all of the e-mail line's cuts come back if the e-mail check
//!   fails; untrimmed cells that miss are repaired from the same simulation. The plan is
//!   repaired again, and trimming repeats until no cell can lose an agent or a trim and
//!   its repair saved less than [`MIN_TRIM_GAIN`] of the agent-hours.
//!
//! Every simulation counts against [`MAX_SIMULATIONS`]; when it runs out, the last plan
//! in which nothing missed is returned (the plan as it stands if none did yet) and the
//! trace says polishing did not finish.

use crate::engine::RunSettings;
use crate::error::Result;
use crate::scenario::{LineId, Scenario};
use crate::stats::LineGrid;
use crate::tables::staffing::Staffing;

use super::measure::{self, CellTargets, Confidence, Measured};
use super::step::Sizer;
use super::{Method, Plan, analytic, lines_of, on_shift, staffed_scenario};

/// Most fixed-point rounds of step 2–4.
pub const MAX_FIXED_POINT: usize = 20;
/// Rounds in a row without a new low in the count of changed cells after which the
/// fixed-point phase stops ([`stalled`]).
pub const STALL_ROUNDS: usize = 3;
/// Most simulations in all (fixed point and polishing).
pub const MAX_SIMULATIONS: usize = 80;

/// One simulation of the search, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// `fixed-point`, `repair` or `trim`.
    pub phase: &'static str,
    /// Replications simulated.
    pub replications: u32,
    /// Agent-hours of the plan simulated (agents available).
    pub agent_hours: f64,
    /// Cells with calls missing a target in this simulation.
    pub cells_missing: usize,
    /// Whether the e-mail check held (`None` without e-mail).
    pub email_met: Option<bool>,
    /// Cells changed by the step that follows it.
    pub cells_changed: usize,
}

/// How the search went.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trace {
    pub steps: Vec<Step>,
    /// The fixed point was a cycle of this many plans (1 = a true fixed point, 0 = no
    /// plan repeated: the phase stalled or reached the round limit).
    pub cycle_length: usize,
    /// The fixed-point phase stopped because the count of changed cells stopped falling
    /// ([`stalled`]); the cell-wise maximum of the last two plans was taken.
    pub stalled: bool,
    /// Agents of the e-mail allowance per interval at the start.
    pub email_allowance: u32,
    /// Whether polishing finished (every cell meets its targets, or is left in a tail
    /// within the noise, and none can lose an agent) within the simulation limit.
    pub polished: bool,
    /// Cells the last repair phase left missing their bound in sample, within the
    /// noise ([`noise_tail`]).
    pub tail_left: usize,
}

impl Trace {
    /// Rounds of the fixed-point phase: its simulations, one a round (each round
    /// simulates a plan not simulated before, and the phase ends well within
    /// [`MAX_SIMULATIONS`]).
    pub fn fixed_point_rounds(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.phase == "fixed-point")
            .count()
    }
}

/// Runs the search on `sc`, polishing against `targets` (the targets of `sc` at the
/// stated confidence); `progress` is told the phase and number of each simulation as it
/// starts, `tick` each replication as it ends.
pub fn search(
    sc: &Scenario,
    targets: &CellTargets,
    settings: RunSettings,
    progress: &(dyn Fn(&str, usize) + Sync),
    tick: &(dyn Fn() + Sync),
) -> Result<(Plan, Trace)> {
    // The staffed scenarios simulated differ from `sc` in their lines only, so `targets`
    // serves them all.
    let lines = lines_of(sc);
    let aht = [
        sc.line_workload(LineId::First).1,
        sc.line_workload(LineId::Second).1,
    ];
    let email_line = sc.email.as_ref().map(|e| e.line);
    let allowance = email_allowance(sc);
    let mut trace = Trace {
        email_allowance: allowance,
        ..Trace::default()
    };
    // The last two plans simulated and their measurements, latest first: a plan
    // simulated again (the fixed point itself, a trim that kept every cut, a trim whose
    // every cut was taken back) gives the same result under common random numbers, so
    // it is not simulated twice.
    let mut last: Vec<(Plan, u32, Measured)> = Vec::with_capacity(CACHED + 1);
    let early = fixed_point_settings(settings);
    let mut run = |plan: &Plan, phase: &'static str, trace: &mut Trace| -> Measured {
        let settings = if phase == "fixed-point" {
            early
        } else {
            settings
        };
        if let Some((_, _, m)) = last
            .iter()
            .find(|(p, r, _)| p == plan && *r == settings.replications)
        {
            return m.clone();
        }
        progress(phase, trace.steps.len() + 1);
        let staffed = staffed_scenario(sc, plan);
        let (m, _) = measure::simulate(&staffed, targets, settings, tick);
        let missing = plan
            .cells()
            .flat_map(|(d, i)| lines.iter().map(move |&l| (d, i, l)))
            .filter(|&(d, i, l)| m.misses(targets, d, i, l))
            .count();
        trace.steps.push(Step {
            phase,
            replications: settings.replications,
            agent_hours: plan.agent_hours(sc.calendar.interval_s).iter().sum(),
            cells_missing: missing,
            email_met: m.email(sc).map(|e| e.met()),
            cells_changed: 0,
        });
        last.insert(0, (plan.clone(), settings.replications, m.clone()));
        last.truncate(CACHED);
        m
    };

    // Steps 1–4: the fixed point.
    let mut plan = analytic::requirement(sc, Method::Sipp)?;
    add_allowance(&mut plan, email_line, allowance);
    let mut seen: Vec<Plan> = vec![plan.clone()];
    let mut staffing = Staffing::new(sc);
    // Cells changed by each round, first round first.
    let mut changed: Vec<usize> = vec![];
    loop {
        let m = run(&plan, "fixed-point", &mut trace);
        let mut next = Plan::zeros(sc);
        for (d, i) in plan.cells() {
            for &line in &lines {
                let load = m.cell(d, i, line).offered_load.get();
                let aht_s = aht[line.index()];
                let agents = if load.is_finite() && load > 0.0 && aht_s > 0.0 {
                    // A load beyond the solver's reach keeps the current count (repair
                    // will add what is missing).
                    staffing
                        .required(load / aht_s * 3600.0, aht_s)
                        .map_or(plan.get(d, i, line), |n| on_shift(sc, line, n))
                } else {
                    0
                };
                next.set(d, i, line, agents);
            }
        }
        add_allowance(&mut next, email_line, allowance);
        changed.push(next.differences(&plan));
        if let Some(step) = trace.steps.last_mut() {
            step.cells_changed = changed[changed.len() - 1];
        }
        match end_of_round(&seen, &plan, next, &changed) {
            Round::Next(next) => {
                seen.push(next.clone());
                plan = next;
            }
            Round::End(end, p) => {
                match end {
                    End::Cycle(n) => trace.cycle_length = n,
                    End::Stalled => trace.stalled = true,
                    End::Limit => {}
                }
                plan = p;
                break;
            }
        }
    }

    // Polishing.
    let cells: Vec<(usize, usize, LineId)> = plan
        .cells()
        .flat_map(|(d, i)| lines.iter().map(move |&l| (d, i, l)))
        .collect();
    let sizer = Sizer::new(sc);
    let on_means = targets.at(Confidence::mean());
    // Per cell, the fewest agents a trim may leave: one more than a count seen to miss
    // (a cell at its floor is not trimmed). A sized repair from c sets it to c + 1, so
    // the trim may take back what the step overshot.
    let mut floor = vec![0u32; LineGrid::new(plan.n_intervals).len(plan.n_days)];
    // The last plan in which nothing missed: what the search returns if it runs out of
    // simulations while trimming.
    let mut last_good: Option<Plan> = None;
    // Agent-hours of the plan the last repair phase ended on.
    let mut repaired_hours: Option<f64> = None;
    loop {
        // Repair until nothing misses, or only a tail within the noise ([`noise_tail`]).
        let measured = loop {
            if trace.steps.len() >= MAX_SIMULATIONS {
                return Ok((last_good.unwrap_or(plan), trace));
            }
            let m = run(&plan, "repair", &mut trace);
            let missing: Vec<(usize, usize, LineId)> = cells
                .iter()
                .copied()
                .filter(|&(d, i, l)| m.misses(targets, d, i, l))
                .collect();
            let email_failed = m.email(sc).filter(|e| !e.met());
            if email_failed.is_none() && noise_tail(&m, &on_means, &missing, &cells) {
                // Left to the independent check; never trimmed.
                for &(d, i, l) in &missing {
                    floor[plan.index(d, i, l)] = plan.get(d, i, l);
                }
                trace.tail_left = missing.len();
                last_good = Some(plan.clone());
                break m;
            }
            let mut changed = 0;
            for &(d, i, l) in &missing {
                let was = plan.get(d, i, l);
                plan.set(d, i, l, sizer.repaired(m.cell(d, i, l), targets, l, was));
                floor[plan.index(d, i, l)] = was + 1;
                changed += 1;
            }
            if let Some(e) = email_failed {
                for (d, i) in plan.cells() {
                    plan.set(d, i, e.line, plan.get(d, i, e.line) + 1);
                    changed += 1;
                }
            }
            if let Some(step) = trace.steps.last_mut() {
                step.cells_changed = changed;
            }
            if changed == 0 {
                trace.tail_left = 0;
                last_good = Some(plan.clone());
                break m;
            }
        };
        // Trimming stops paying when a trim and the repair after it saved less than
        // [`MIN_TRIM_GAIN`] of the plan's agent-hours.
        let hours: f64 = plan.agent_hours(sc.calendar.interval_s).iter().sum();
        if let Some(before) = repaired_hours.replace(hours)
            && !trimming_paid(before, hours)
        {
            trace.polished = true;
            return Ok((plan, trace));
        }
        // Trim: every cell above its floor that meets its targets loses what Erlang A's
        // slope says it can spare, at least one, never below its floor. The e-mail
        // line loses one at most: its spare agents answer e-mail, which the calls'
        // slope does not see.
        let trimmed: Vec<(usize, usize, LineId, u32)> = cells
            .iter()
            .copied()
            .filter(|&(d, i, l)| {
                plan.get(d, i, l) > floor[plan.index(d, i, l)] && !measured.misses(targets, d, i, l)
            })
            .map(|(d, i, l)| {
                let agents = plan.get(d, i, l);
                let to = if email_line == Some(l) {
                    agents - 1
                } else {
                    sizer.trimmed(measured.cell(d, i, l), targets, l, agents)
                };
                (d, i, l, to.max(floor[plan.index(d, i, l)]))
            })
            .collect();
        if trimmed.is_empty() {
            trace.polished = true;
            return Ok((plan, trace));
        }
        if trace.steps.len() >= MAX_SIMULATIONS {
            return Ok((last_good.unwrap_or(plan), trace));
        }
        let before = plan.clone();
        for &(d, i, l, to) in &trimmed {
            plan.set(d, i, l, to);
        }
        let m = run(&plan, "trim", &mut trace);
        let email_failed = m.email(sc).filter(|e| !e.met()).map(|e| e.line);
        let mut reverted = 0;
        for &(d, i, l, to) in &trimmed {
            let was = before.get(d, i, l);
            if email_failed == Some(l) {
                // The e-mail line's cut is taken back whole, for good.
                plan.set(d, i, l, was);
                floor[plan.index(d, i, l)] = was;
                reverted += 1;
            } else if m.misses(targets, d, i, l) {
                // `to` misses: a cut of one is taken back (the count met before); a
                // larger cut keeps one agent off, which the repair that follows checks
                // and a later trim may try again down to the new floor.
                let (count, least) = after_a_missed_cut(was, to);
                plan.set(d, i, l, count);
                floor[plan.index(d, i, l)] = least;
                reverted += 1;
            }
        }
        // A cell not cut that misses now (its neighbours' cuts moved calls onto it) is
        // repaired from this simulation already, as the repair that follows would.
        let mut cut = vec![false; floor.len()];
        for &(d, i, l, _) in &trimmed {
            cut[plan.index(d, i, l)] = true;
        }
        for &(d, i, l) in &cells {
            if !cut[plan.index(d, i, l)] && m.misses(targets, d, i, l) {
                let was = plan.get(d, i, l);
                plan.set(d, i, l, sizer.repaired(m.cell(d, i, l), targets, l, was));
                floor[plan.index(d, i, l)] = was + 1;
                reverted += 1;
            }
        }
        if let Some(step) = trace.steps.last_mut() {
            step.cells_changed = reverted;
        }
    }
}

/// Least share of its agent-hours a trim and the repair after it must save for
/// polishing to trim again: 0.1%. On the tender the first three trims saved 0.9–1.3%
/// each and every later one under 0.03%, a simulation or two each.
pub const MIN_TRIM_GAIN: f64 = 0.001;

/// Whether a trim and the repair after it, which took the plan from `before` to `after`
/// agent-hours, saved at least [`MIN_TRIM_GAIN`] of them (so another trim may pay).
pub fn trimming_paid(before: f64, after: f64) -> bool {
    before - after >= MIN_TRIM_GAIN * before
}

/// A cell cut from `was` agents to `to` that then missed: its count and its floor. A cut
/// of one is taken back, and `was` becomes the floor (the cell met with `was`, missed
/// with one fewer); after a larger cut the cell keeps one agent off (unverified: the
/// repair that follows checks it) and its floor is one more than `to`.
pub fn after_a_missed_cut(was: u32, to: u32) -> (u32, u32) {
    if was - to == 1 {
        (was, was)
    } else {
        (was - 1, to + 1)
    }
}

/// Plans whose measurements the search keeps ([`search`]).
const CACHED: usize = 2;

/// Share of the cells with calls that may be left missing their bound in sample
/// ([`noise_tail`]): 1%.
pub const TAIL_SHARE: f64 = 0.01;

/// Whether the repair may stop with `missing` left: at most [`TAIL_SHARE`] of the cells
/// with calls (none of them when that share is below one cell), and each meets its
/// targets on its means (`on_means`): its bound straddles the target, so whether it
/// misses is within the replications' noise, and one agent more often only moves the
/// miss to a neighbour. Such cells are left to the independent check, which judges means
/// on fresh replications and repairs what is below target there.
pub fn noise_tail(
    m: &Measured,
    on_means: &CellTargets,
    missing: &[(usize, usize, LineId)],
    cells: &[(usize, usize, LineId)],
) -> bool {
    if missing.is_empty() {
        return false;
    }
    let with_calls = cells
        .iter()
        .filter(|&&(d, i, l)| m.cell(d, i, l).reached_queue > 0)
        .count();
    let allowed = (with_calls as f64 * TAIL_SHARE).floor() as usize;
    missing.len() <= allowed
        && missing
            .iter()
            .all(|&(d, i, l)| !m.misses(on_means, d, i, l))
}

/// Replications of the fixed-point phase: a quarter of the run's, but at least
/// [`MIN_FIXED_POINT_REPLICATIONS`] (all of them when the run has fewer). The phase only
/// estimates each cell's offered load, a mean over replications that a quarter of them
/// estimates well enough to size from; the polishing judges the targets on all of them.
/// The replications are the run's first (each replication's streams are hashed from the
/// seed and its number), so the phase and the polishing share their random numbers.
pub fn fixed_point_settings(settings: RunSettings) -> RunSettings {
    RunSettings {
        replications: settings.replications.min(
            settings
                .replications
                .div_ceil(4)
                .max(MIN_FIXED_POINT_REPLICATIONS),
        ),
        ..settings
    }
}

/// Fewest replications of the fixed-point phase ([`fixed_point_settings`]).
pub const MIN_FIXED_POINT_REPLICATIONS: u32 = 10;

/// How the fixed-point phase ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// `next` repeated a plan: a cycle of this many plans (1 = a fixed point).
    Cycle(usize),
    /// The count of changed cells stopped falling ([`stalled`]).
    Stalled,
    /// [`MAX_FIXED_POINT`] rounds were run.
    Limit,
}

/// What a fixed-point round leads to.
#[derive(Debug)]
enum Round {
    /// Another round, on this plan.
    Next(Plan),
    /// The end of the phase, with the plan polishing starts from.
    End(End, Plan),
}

/// After a round that simulated `plan` and sized `next` from it, `seen` holding the plans
/// simulated so far (`plan` last) and `changed` the cells changed by each round (this
/// one last): the phase ends on a repeat (the cell-wise maximum of the cycle's plans),
/// else on a stall (the cell-wise maximum of `plan` and `next`), else at the round limit
/// (`next`).
fn end_of_round(seen: &[Plan], plan: &Plan, next: Plan, changed: &[usize]) -> Round {
    if let Some(pos) = seen.iter().position(|p| *p == next) {
        let cycle = seen.len() - pos;
        return Round::End(
            End::Cycle(cycle),
            seen[pos..].iter().fold(next, |acc, p| acc.max(p)),
        );
    }
    if stalled(changed) {
        return Round::End(End::Stalled, next.max(plan));
    }
    if changed.len() >= MAX_FIXED_POINT {
        return Round::End(End::Limit, next);
    }
    Round::Next(next)
}

/// Whether the fixed-point phase has stalled, given the cells changed by each round so
/// far (first round first): it has run more than [`STALL_ROUNDS`] rounds and none of the
/// last [`STALL_ROUNDS`] changed fewer cells than the fewest changed by a round before
/// them.
pub fn stalled(changed: &[usize]) -> bool {
    let Some(split) = changed.len().checked_sub(STALL_ROUNDS).filter(|&s| s > 0) else {
        return false;
    };
    let (before, last) = changed.split_at(split);
    let fewest = before.iter().min().copied().unwrap_or(usize::MAX);
    last.iter().all(|&c| c >= fewest)
}

/// Agents per interval the e-mail line gets on top of its calls at the start: the e-mail
/// work arriving over the horizon (e-mails arrive every calendar day, day and night) per
/// second the line is open (each working day's own hours), rounded up; 0 without e-mail.
pub fn email_allowance(sc: &Scenario) -> u32 {
    let Some(e) = &sc.email else { return 0 };
    let days = &sc.calendar.working_days;
    let span_days = (days[days.len() - 1] - days[0]).get_days() + 1;
    let work_s = e.per_day * f64::from(span_days) * e.handle.mean_s();
    let open_s: f64 = days
        .iter()
        .map(|d| f64::from(sc.calendar.open_s_on(*d)))
        .sum();
    (work_s / open_s).ceil() as u32
}

fn add_allowance(plan: &mut Plan, line: Option<LineId>, allowance: u32) {
    let Some(line) = line else { return };
    if allowance == 0 {
        return;
    }
    for (d, i) in plan.cells() {
        plan.set(d, i, line, plan.get(d, i, line) + allowance);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stalls_after_three_rounds_without_a_new_low() {
        // Too few rounds to judge.
        assert!(!stalled(&[]));
        assert!(!stalled(&[5, 5, 5]));
        // Still falling, or a new low within the last three rounds.
        assert!(!stalled(&[100, 60, 30, 10]));
        assert!(!stalled(&[100, 60, 70, 80, 50]));
        assert!(!stalled(&[100, 60, 70, 59, 80]));
        // Three rounds in a row at or above the fewest before them.
        assert!(stalled(&[100, 60, 60, 70, 65]));
        assert!(stalled(&[100, 60, 61, 62, 63]));
        // The tender scenario's fixed point (cells changed per round, before this rule):
        // the lowest, 116, comes at round 6, and rounds 7–9 do not go below it.
        let tender = [1094, 949, 382, 166, 123, 116, 116, 138, 141, 123, 124, 126];
        let first = (1..=tender.len()).find(|&r| stalled(&tender[..r]));
        assert_eq!(first, Some(9));
    }

    #[test]
    fn trimming_stops_when_a_round_saves_under_a_thousandth() {
        // The tender's trims: 1.3%, 0.9%, 0.9% saved, then 0.03%.
        assert!(trimming_paid(20_191.5, 19_918.0));
        assert!(trimming_paid(19_732.5, 19_553.5));
        assert!(!trimming_paid(19_553.5, 19_555.0 - 10.0));
        assert!(trimming_paid(10_000.0, 9_990.0));
        assert!(!trimming_paid(10_000.0, 9_990.5));
        // A round that ended with more agent-hours than it began with did not pay.
        assert!(!trimming_paid(10_000.0, 10_050.0));
    }

    #[test]
    fn a_missed_cut_of_one_comes_back_and_a_larger_one_keeps_an_agent_off() {
        assert_eq!(after_a_missed_cut(12, 11), (12, 12));
        assert_eq!(after_a_missed_cut(12, 9), (11, 10));
        assert_eq!(after_a_missed_cut(12, 10), (11, 11));
        // Never below the new floor, never above the count that met.
        for was in 1..30 {
            for to in 0..was {
                let (count, floor) = after_a_missed_cut(was, to);
                assert!(floor <= count && count <= was && floor > to, "{was} {to}");
            }
        }
    }

    /// `n` intervals of one day, both lines with calls; abandonment 2% in every cell
    /// but those in `straddle` (mean 4.5%, upper 95% bound above 5%) and `over` (mean
    /// 6%), in 6 replications.
    fn measured(
        n: usize,
        straddle: &[usize],
        over: &[usize],
    ) -> (Measured, Vec<(usize, usize, LineId)>) {
        let grid = LineGrid::new(n);
        let mut cells = vec![measure::CellMeans::default(); grid.len(1)];
        for i in 0..n {
            for l in LineId::ALL {
                let c = &mut cells[grid.index(0, i, l.index())];
                c.reached_queue = 50;
                let xs: &[f64] = if l == LineId::First && straddle.contains(&i) {
                    &[0.02, 0.03, 0.04, 0.05, 0.06, 0.07]
                } else if l == LineId::First && over.contains(&i) {
                    &[0.06; 6]
                } else {
                    &[0.02; 6]
                };
                for &x in xs {
                    c.abandonment.add(x);
                }
            }
        }
        let m = Measured {
            n_days: 1,
            n_intervals: n,
            cells,
            email_within: measure::Mean::default(),
            email_backlog_end: measure::Mean::default(),
        };
        let all = (0..n)
            .flat_map(|i| LineId::ALL.map(|l| (0, i, l)))
            .collect();
        (m, all)
    }

    fn abandonment_at(level: f64) -> CellTargets {
        CellTargets {
            targets: vec![crate::erlang::Target::Abandonment { at_most: 0.05 }],
            definition: Default::default(),
            threshold: 0,
            confidence: Confidence::new(level, 6),
        }
    }

    #[test]
    fn a_repair_stops_on_a_small_tail_within_the_noise_only() {
        let (on_bounds, on_means) = (abandonment_at(0.95), abandonment_at(0.5));
        let missing = |m: &Measured, all: &[(usize, usize, LineId)]| -> Vec<_> {
            all.iter()
                .copied()
                .filter(|&(d, i, l)| m.misses(&on_bounds, d, i, l))
                .collect()
        };
        // 200 cells with calls: 1% is 2 cells.
        let (m, all) = measured(100, &[3, 70], &[]);
        let left = missing(&m, &all);
        assert_eq!(left, [(0, 3, LineId::First), (0, 70, LineId::First)]);
        assert!(noise_tail(&m, &on_means, &left, &all));
        // Three are too many.
        let (m, all) = measured(100, &[3, 70, 90], &[]);
        assert!(!noise_tail(&m, &on_means, &missing(&m, &all), &all));
        // A cell whose mean misses is not noise.
        let (m, all) = measured(100, &[3], &[9]);
        let left = missing(&m, &all);
        assert_eq!(left.len(), 2);
        assert!(!noise_tail(&m, &on_means, &left, &all));
        // Nothing missing is no tail; and a small plan (80 cells) allows none.
        let (m, all) = measured(100, &[], &[]);
        assert!(!noise_tail(&m, &on_means, &missing(&m, &all), &all));
        let (m, all) = measured(40, &[3], &[]);
        assert!(!noise_tail(&m, &on_means, &missing(&m, &all), &all));
    }

    /// Plans of `minimal.yaml` with the 1st line's counts from `f(interval)`.
    fn plans(n: usize, f: impl Fn(usize, usize) -> u32) -> Vec<Plan> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/minimal.yaml");
        let sc = crate::scenario::load(&path).unwrap();
        (0..n)
            .map(|k| {
                let mut p = Plan::zeros(&sc);
                for (d, i) in p.cells() {
                    p.set(d, i, LineId::First, f(k, i));
                }
                p
            })
            .collect()
    }

    #[test]
    fn a_stalled_phase_takes_the_maximum_of_the_last_two_plans() {
        // Plans toggling by one agent, never repeating, after the count of changed cells
        // stopped falling: the cell-wise maximum of the plan simulated and the next.
        let p = plans(6, |k, i| match k {
            0..4 => 20 + k as u32,
            _ => 10 + ((i + k) % 2) as u32,
        });
        let (seen, next) = (&p[..5], p[5].clone());
        let Round::End(End::Stalled, plan) = end_of_round(seen, &p[4], next, &[9, 5, 5, 6, 7])
        else {
            panic!("expected a stall")
        };
        assert_ne!(plan, p[4]);
        assert_ne!(plan, p[5]);
        assert!(
            plan.cells()
                .all(|(d, i)| plan.get(d, i, LineId::First) == 11)
        );
        // Not stalled yet: on to the next round with the plan sized.
        let next = p[5].clone();
        assert!(matches!(
            end_of_round(seen, &p[4], next.clone(), &[9, 5, 5, 6, 4]),
            Round::Next(q) if q == next
        ));
        // A repeat is a cycle even when the counts also stalled.
        let q = plans(2, |k, i| 10 + ((i + k) % 2) as u32);
        let seen = [q[0].clone(), q[1].clone()];
        let Round::End(End::Cycle(2), plan) =
            end_of_round(&seen, &q[1], q[0].clone(), &[9, 5, 5, 6, 7])
        else {
            panic!("expected a cycle")
        };
        assert_eq!(plan, q[0].max(&q[1]));
        // The round limit, without a stall.
        let falling: Vec<usize> = (0..MAX_FIXED_POINT).rev().collect();
        assert!(matches!(
            end_of_round(&p[..5], &p[4], p[5].clone(), &falling),
            Round::End(End::Limit, _)
        ));
    }
}
