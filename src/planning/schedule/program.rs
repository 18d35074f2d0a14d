//! The set-covering program of one line and one day pattern: a column per (contract kind,
//! length, start, break placement), an integer count of agents on each, every interval
//! covered by at least its requirement of agents at work (not on a break), at least cost,
//! under the caps (posts, permanent share, each contract's limits).
//!
//! Solved twice by `microlp` (pure Rust): its LP relaxation gives the lower bound, then
//! branch and bound (a deterministic node budget, no wall-clock limit, so the answer does
//! not depend on the machine) gives the roster, warm-started from the relaxation rounded
//! up when that meets the caps.

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOptions, Variable};

use crate::scenario::{RuleAt, ShiftRules};

/// Branch-and-bound nodes allowed per program: enough to close the tender's programs to
/// well under 1%; a deterministic budget keeps the roster the same on every machine.
pub const NODE_LIMIT: u64 = 20_000;
/// Relative gap at which branch and bound may stop.
pub const MIP_GAP: f64 = 0.002;

/// A shift kind: `contract` (index into the rules' contracts) from `start_s` for
/// `length_s`, with its breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub contract: usize,
    pub start_s: u32,
    pub length_s: u32,
    /// Breaks as (start, length), seconds since midnight.
    pub breaks: Vec<(u32, u32)>,
    /// Paid seconds: the length less unpaid breaks.
    pub paid_s: u32,
    pub cost: f64,
    /// Intervals of the day (from the calendar's first) the shift's agents are at work.
    pub covers: Vec<usize>,
}

/// The program's day: the calendar's grid.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    pub open_s: u32,
    pub close_s: u32,
    pub interval_s: u32,
}

impl Grid {
    pub fn n(&self) -> usize {
        ((self.close_s - self.open_s) / self.interval_s) as usize
    }

    fn index(&self, t: u32) -> usize {
        ((t - self.open_s) / self.interval_s) as usize
    }

    /// "HH:MM" of interval `i`'s start.
    pub fn clock(&self, i: usize) -> String {
        let t = self.open_s + i as u32 * self.interval_s;
        format!("{:02}:{:02}", t / 3600, t % 3600 / 60)
    }
}

/// Every shift kind the rules allow on `grid`, in (contract, length, start, meal, short
/// break) order.
pub fn columns(rules: &ShiftRules, grid: Grid) -> Vec<Column> {
    let mut out = Vec::new();
    let step = grid.interval_s;
    for (k, c) in rules.contracts.iter().enumerate() {
        for &len in &c.lengths_s {
            for &start in &rules.starts_s {
                if start + len > grid.close_s {
                    continue;
                }
                // Offsets (from the start) each break may begin at; `None` when the
                // shift is too short to take that break.
                let places = |b: &Option<crate::scenario::BreakRule>| -> Vec<Option<(u32, u32)>> {
                    match b {
                        Some(b) if len >= b.from_length_s => (b.earliest_s..=b.latest_s)
                            .step_by(step as usize)
                            .filter(|o| o + b.length_s <= len)
                            .map(|o| Some((o, b.length_s)))
                            .collect(),
                        _ => vec![None],
                    }
                };
                let unpaid_meal = rules.meal_break.as_ref().is_some_and(|b| !b.paid);
                for meal in places(&rules.meal_break) {
                    for short in places(&rules.short_break) {
                        if let (Some(m), Some(s)) = (meal, short)
                            && s.0 < m.0 + m.1
                            && m.0 < s.0 + s.1
                        {
                            continue;
                        }
                        let breaks: Vec<(u32, u32)> = [meal, short]
                            .into_iter()
                            .flatten()
                            .map(|(o, l)| (start + o, l))
                            .collect();
                        let on_break = |t: u32| breaks.iter().any(|&(b, l)| t >= b && t < b + l);
                        let covers = (start..start + len)
                            .step_by(step as usize)
                            .filter(|&t| !on_break(t))
                            .map(|t| grid.index(t))
                            .collect();
                        let paid_s = len - meal.filter(|_| unpaid_meal).map_or(0, |m| m.1);
                        out.push(Column {
                            contract: k,
                            start_s: start,
                            length_s: len,
                            breaks: {
                                let mut b = breaks.clone();
                                b.sort_unstable();
                                b
                            },
                            paid_s,
                            cost: c.cost_per_hour * f64::from(paid_s) / 3600.0,
                            covers,
                        });
                    }
                }
            }
        }
    }
    out
}

/// The caps of a line's program.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    pub posts: Option<u32>,
    pub permanent_share: f64,
}

/// Rules that cannot be met: the interval that cannot be covered and the rule in the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Infeasible {
    pub interval: usize,
    pub rule: RuleAt,
    pub message: String,
}

/// A solved program.
#[derive(Debug, Clone)]
pub struct Solved {
    /// Agents on each column.
    pub agents: Vec<u32>,
    pub cost: f64,
    pub paid_hours: f64,
    /// The LP relaxation's optimum: a lower bound on `cost`.
    pub lp_cost: f64,
    /// The LP relaxation minimising paid hours: a lower bound on any roster's hours.
    pub lp_paid_hours: f64,
    pub nodes: u64,
}

impl Solved {
    /// (cost − LP bound) / cost; 0 for an empty roster.
    pub fn gap(&self) -> f64 {
        if self.cost > 0.0 {
            ((self.cost - self.lp_cost) / self.cost).max(0.0)
        } else {
            0.0
        }
    }
}

/// Checks the simplest reasons the program has no solution, naming the interval and the
/// rule: an interval with agents required that no allowed shift covers, or that needs
/// more agents than the posts (or the contracts' caps together) allow.
pub fn diagnose(
    rules: &ShiftRules,
    caps: Caps,
    cols: &[Column],
    need: &[u32],
    grid: Grid,
) -> Option<Infeasible> {
    let mut covered = vec![false; need.len()];
    for c in cols {
        for &i in &c.covers {
            covered[i] = true;
        }
    }
    if let Some(i) = (0..need.len()).find(|&i| need[i] > 0 && !covered[i]) {
        return Some(Infeasible {
            interval: i,
            rule: rules.starts_at.clone(),
            message: format!(
                "{} agents are required at {} but no allowed shift (start, length and breaks) has agents at work then",
                need[i],
                grid.clock(i)
            ),
        });
    }
    let (i, peak) = need
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
        .map(|(i, n)| (i, *n))?;
    if let (Some(posts), Some(at)) = (caps.posts, &rules.posts_at)
        && peak > posts
    {
        return Some(Infeasible {
            interval: i,
            rule: at.clone(),
            message: format!(
                "{peak} agents are required at {} (before shrinkage) but the line has {posts} posts",
                grid.clock(i)
            ),
        });
    }
    let capped: Option<u32> = rules
        .contracts
        .iter()
        .map(|c| c.max_agents)
        .sum::<Option<u32>>();
    if let Some(total) = capped
        && peak > total
    {
        let rule = rules
            .contracts
            .iter()
            .find_map(|c| c.max_agents_at.clone())
            .unwrap_or_else(|| rules.starts_at.clone());
        return Some(Infeasible {
            interval: i,
            rule,
            message: format!(
                "{peak} agents are required at {} but the contract kinds allow {total} agents together",
                grid.clock(i)
            ),
        });
    }
    None
}

/// Builds the program on `cols` with objective `obj` per column; integer or not.
fn build(
    rules: &ShiftRules,
    caps: Caps,
    cols: &[Column],
    need: &[u32],
    obj: &dyn Fn(&Column) -> f64,
    integer: bool,
) -> (Problem, Vec<Variable>) {
    let mut p = Problem::new(OptimizationDirection::Minimize);
    let upper = need.iter().copied().max().unwrap_or(0).max(1);
    let vars: Vec<Variable> = cols
        .iter()
        .map(|c| {
            if integer {
                p.add_integer_var(obj(c), (0, upper as i32))
            } else {
                p.add_var(obj(c), (0.0, f64::from(upper)))
            }
        })
        .collect();
    let mut rows: Vec<Vec<(Variable, f64)>> = vec![Vec::new(); need.len()];
    for (v, c) in vars.iter().zip(cols) {
        for &i in &c.covers {
            rows[i].push((*v, 1.0));
        }
    }
    for (row, &n) in rows.into_iter().zip(need) {
        if n > 0 {
            p.add_constraint(row, ComparisonOp::Ge, f64::from(n));
        }
    }
    let all: Vec<(Variable, f64)> = vars.iter().map(|v| (*v, 1.0)).collect();
    if let Some(posts) = caps.posts {
        p.add_constraint(all.clone(), ComparisonOp::Le, f64::from(posts));
    }
    let share = caps.permanent_share;
    if share > 0.0 && rules.contracts.iter().any(|c| !c.permanent) {
        let row: Vec<(Variable, f64)> = vars
            .iter()
            .zip(cols)
            .map(|(v, c)| {
                let perm = if rules.contracts[c.contract].permanent {
                    1.0
                } else {
                    0.0
                };
                (*v, perm - share)
            })
            .collect();
        p.add_constraint(row, ComparisonOp::Ge, 0.0);
    }
    for (k, c) in rules.contracts.iter().enumerate() {
        let mine = || {
            vars.iter()
                .zip(cols)
                .filter(move |(_, col)| col.contract == k)
                .map(|(v, _)| *v)
        };
        if let Some(m) = c.max_agents {
            let row: Vec<(Variable, f64)> = mine().map(|v| (v, 1.0)).collect();
            p.add_constraint(row, ComparisonOp::Le, f64::from(m));
        }
        if let Some(s) = c.max_share {
            let row: Vec<(Variable, f64)> = vars
                .iter()
                .zip(cols)
                .map(|(v, col)| (*v, if col.contract == k { 1.0 - s } else { -s }))
                .collect();
            p.add_constraint(row, ComparisonOp::Le, 0.0);
        }
    }
    (p, vars)
}

/// Solves the program for requirement `need` (agents at work per interval, after any
/// shrinkage has been accounted for). `Err` names the interval and rule in the way.
pub fn solve(
    rules: &ShiftRules,
    caps: Caps,
    cols: &[Column],
    need: &[u32],
    grid: Grid,
) -> Result<Solved, Infeasible> {
    if let Some(e) = diagnose(rules, caps, cols, need, grid) {
        return Err(e);
    }
    if need.iter().all(|&n| n == 0) {
        return Ok(Solved {
            agents: vec![0; cols.len()],
            cost: 0.0,
            paid_hours: 0.0,
            lp_cost: 0.0,
            lp_paid_hours: 0.0,
            nodes: 0,
        });
    }
    let caps_rule = || {
        rules
            .permanent_share_at
            .clone()
            .or_else(|| rules.posts_at.clone())
            .unwrap_or_else(|| rules.starts_at.clone())
    };
    let peak = need
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
        .map_or(0, |(i, _)| i);
    let infeasible = |what: String| Infeasible {
        interval: peak,
        rule: caps_rule(),
        message: what,
    };
    let cost = |c: &Column| c.cost;
    let hours = |c: &Column| f64::from(c.paid_s) / 3600.0;
    let (lp, lp_vars) = build(rules, caps, cols, need, &cost, false);
    let lp_sol = match lp.solve() {
        Ok(microlp::SolveOutcome::Solution(s)) => s,
        Ok(_) | Err(microlp::Error::Infeasible) => {
            return Err(infeasible(format!(
                "the requirement (peak {} agents at {}) cannot be covered under the posts, permanent share and contract limits together",
                need[peak],
                grid.clock(peak)
            )));
        }
        Err(e) => return Err(infeasible(format!("the LP solver failed: {e}"))),
    };
    let lp_cost = lp_sol.objective();
    let (lph, _) = build(rules, caps, cols, need, &hours, false);
    let lp_paid_hours = match lph.solve() {
        Ok(microlp::SolveOutcome::Solution(s)) => s.objective(),
        _ => 0.0,
    };
    let warm: Vec<(Variable, f64)> = lp_vars
        .iter()
        .map(|v| (*v, (lp_sol.var_value(*v) - 1e-6).ceil().max(0.0)))
        .collect();
    let (ip, vars) = build(rules, caps, cols, need, &cost, true);
    let mut options = SolveOptions::default();
    options.node_limit = Some(NODE_LIMIT);
    options.mip_gap = MIP_GAP;
    options.warm_start = Some(warm);
    let sol = match ip.solve_with(options) {
        Ok(microlp::SolveOutcome::Solution(s)) => s,
        Ok(microlp::SolveOutcome::Interrupted(_)) => {
            return Err(infeasible(format!(
                "branch and bound found no roster within {NODE_LIMIT} nodes"
            )));
        }
        Err(microlp::Error::Infeasible) => {
            return Err(infeasible(format!(
                "no whole number of agents covers the requirement (peak {} at {}) under the posts, permanent share and contract limits",
                need[peak],
                grid.clock(peak)
            )));
        }
        Err(e) => return Err(infeasible(format!("the MILP solver failed: {e}"))),
    };
    let agents: Vec<u32> = vars
        .iter()
        .map(|v| sol.var_value(*v).round().max(0.0) as u32)
        .collect();
    // The solver's values lie within its tolerance of integers; the rounded roster must
    // still cover every interval.
    let have = coverage(cols, &agents, need.len());
    if let Some(i) = (0..need.len()).find(|&i| have[i] < need[i]) {
        return Err(Infeasible {
            interval: i,
            rule: rules.starts_at.clone(),
            message: format!(
                "the solver's roster, rounded, leaves {} of {} agents at {} (a solver fault)",
                have[i],
                need[i],
                grid.clock(i)
            ),
        });
    }
    let cost: f64 = agents
        .iter()
        .zip(cols)
        .map(|(a, c)| f64::from(*a) * c.cost)
        .sum();
    let paid_hours = agents
        .iter()
        .zip(cols)
        .map(|(a, c)| f64::from(*a) * f64::from(c.paid_s) / 3600.0)
        .sum();
    Ok(Solved {
        agents,
        cost,
        paid_hours,
        lp_cost,
        lp_paid_hours,
        nodes: sol.stats().nodes_solved,
    })
}

/// Agents at work per interval of the day under `agents` on `cols`.
pub fn coverage(cols: &[Column], agents: &[u32], n: usize) -> Vec<u32> {
    let mut out = vec![0; n];
    for (c, &a) in cols.iter().zip(agents) {
        for &i in &c.covers {
            out[i] += a;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line open 09:00–13:00 in 1-hour intervals whose shift rules are `rules` (YAML).
    fn rules(yaml_rules: &str, posts: &str) -> (ShiftRules, Caps, Grid) {
        let yaml = format!(
            r#"
name: t
calendar: {{start: 2024-01-08, days: 1, holidays: none, open: "09:00", close: "13:00", interval_min: 60}}
demand: {{calls_per_day: 100}}
contact_types: [{{name: all, share: 1.0, first_line: {{handle: {{dist: exponential, mean_s: 300}}}}}}]
lines:
  first:
    {posts}
    shifts: [{{start: "09:00", end: "13:00", agents: 1}}]
    shift_rules:
{yaml_rules}
"#
        );
        let sc = crate::scenario::parse_str(&yaml, "t.yaml").unwrap_or_else(|e| panic!("{e}"));
        let l = &sc.lines.first;
        let grid = Grid {
            open_s: sc.calendar.open_s,
            close_s: sc.calendar.close_s,
            interval_s: sc.calendar.interval_s,
        };
        (
            l.shift_rules.clone().unwrap(),
            Caps {
                posts: l.posts,
                permanent_share: l.permanent_share,
            },
            grid,
        )
    }

    const TWO_HOURS: &str = r#"      starts: {from: "09:00", to: "11:00", every_min: 60}
      contracts: [{name: a, lengths_h: [2]}]"#;

    #[test]
    fn a_requirement_that_shifts_cover_exactly_is_solved_to_its_optimum() {
        // Two-hour shifts from 09, 10 or 11: x9 ≥ 2, x9 + x10 ≥ 5, x10 + x11 ≥ 3, x11 ≥ 0.
        // x9 = 2, x10 = 3 covers [2, 5, 3, 0] exactly, and 5 agents is the least any
        // roster can do (10:00 needs 5): 10 paid hours, LP bound 10.
        let (r, caps, grid) = rules(TWO_HOURS, "");
        let cols = columns(&r, grid);
        assert_eq!(cols.len(), 3);
        let s = solve(&r, caps, &cols, &[2, 5, 3, 0], grid).unwrap();
        assert_eq!(s.agents, vec![2, 3, 0]);
        assert_eq!(coverage(&cols, &s.agents, 4), vec![2, 5, 3, 0]);
        assert!((s.paid_hours - 10.0).abs() < 1e-9);
        assert!((s.lp_cost - 10.0).abs() < 1e-6, "{}", s.lp_cost);
        assert_eq!(s.gap(), 0.0);
    }

    #[test]
    fn breaks_leave_their_interval_uncovered_and_unpaid_meals_cost_nothing() {
        // A 3-hour shift from 09:00 or 10:00 with an unpaid 1-hour meal exactly 1 h in.
        let (r, caps, grid) = rules(
            r#"      starts: {from: "09:00", to: "10:00", every_min: 60}
      meal_break: {minutes: 60, after_h: [1, 1], paid: false}
      contracts: [{name: a, lengths_h: [3]}]"#,
            "",
        );
        let cols = columns(&r, grid);
        assert_eq!(cols[0].covers, vec![0, 2]);
        assert_eq!(cols[1].covers, vec![1, 3]);
        assert_eq!(cols[0].paid_s, 2 * 3600);
        // [1, 1, 1, 1] needs one of each: 4 paid hours.
        let s = solve(&r, caps, &cols, &[1, 1, 1, 1], grid).unwrap();
        assert_eq!(s.agents, vec![1, 1]);
        assert!((s.paid_hours - 4.0).abs() < 1e-9);
    }

    #[test]
    fn the_integer_optimum_can_exceed_the_lp_bound_and_the_gap_says_so() {
        // Three 2-hour shifts on a 3-interval day overlapping in a cycle cannot share
        // evenly: [1, 1, 1] with shifts {0,1} and {1,2} only needs 2 agents (LP 1.5).
        let (r, caps, grid) = rules(
            r#"      starts: {from: "09:00", to: "10:00", every_min: 60}
      contracts: [{name: a, lengths_h: [2]}]"#,
            "",
        );
        let cols = columns(&r, grid);
        let s = solve(&r, caps, &cols, &[1, 0, 1, 0], grid).unwrap();
        assert_eq!(s.agents.iter().sum::<u32>(), 2);
        let s = solve(&r, caps, &cols, &[1, 1, 1, 0], grid).unwrap();
        assert_eq!(s.agents.iter().sum::<u32>(), 2);
        assert!(s.lp_cost <= s.cost + 1e-9);
    }

    #[test]
    fn caps_that_cannot_be_met_name_the_interval_and_the_rule() {
        let (r, caps, grid) = rules(TWO_HOURS, "posts: 4");
        let cols = columns(&r, grid);
        let e = solve(&r, caps, &cols, &[2, 5, 3, 0], grid).unwrap_err();
        assert_eq!(e.interval, 1);
        assert_eq!(e.rule.path, "lines.first.posts");
        assert!(e.message.contains("4 posts"), "{}", e.message);
        // Nothing starts late enough to cover 12:00–13:00 with 2-hour shifts from 09–10.
        let (r, caps, grid) = rules(
            r#"      starts: {from: "09:00", to: "10:00", every_min: 60}
      contracts: [{name: a, lengths_h: [2]}]"#,
            "",
        );
        let cols = columns(&r, grid);
        let e = solve(&r, caps, &cols, &[0, 0, 0, 1], grid).unwrap_err();
        assert_eq!(
            (e.interval, e.rule.path.as_str()),
            (3, "lines.first.shift_rules.starts")
        );
    }

    #[test]
    fn permanent_share_and_contract_limits_bind() {
        // Permanent 4-hour shifts and cheaper temporary 1-hour ones; 90% permanent.
        let (r, caps, grid) = rules(
            r#"      starts: {from: "09:00", to: "12:00", every_min: 60}
      contracts:
        - {name: perm, lengths_h: [4], permanent: true}
        - {name: temp, lengths_h: [1], permanent: false, max_agents: 1}"#,
            "posts: 20\n    permanent_share: 0.5",
        );
        let cols = columns(&r, grid);
        // [1, 1, 1, 3]: one permanent all day (4 h) + 2 temporaries at 12:00 breaks the
        // max of 1 temporary; so 1 perm + 1 temp + 1 more perm = 9 h (share 2/3 ≥ 0.5).
        let s = solve(&r, caps, &cols, &[1, 1, 1, 3], grid).unwrap();
        assert!((s.paid_hours - 9.0).abs() < 1e-9, "{:?}", s);
        let temps: u32 = s
            .agents
            .iter()
            .zip(&cols)
            .filter(|(_, c)| c.contract == 1)
            .map(|(a, _)| *a)
            .sum();
        assert_eq!(temps, 1);
    }
}
