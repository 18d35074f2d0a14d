//! Simulating a bid against its claims: the call claims' estimates and the share of days
//! on which they hold, the staffing margin of each claim and the capacity at target, all
//! with common random numbers (every variant is run with the same seed and replications,
//! so the variants differ only where the scenarios differ).

mod capacity;
mod margin;

use super::file::{Claims, Scope};
use crate::engine::{self, RunSettings};
use crate::planning::headline::estimate_of;
use crate::scenario::{LineId, Scenario};
use crate::service_level::SlDefinition;
use crate::stats::{Bound, Cell, Estimate};

pub use capacity::{CapacityBound, CapacitySearch, capacity};
pub use margin::{Margin, margins, removable_agents, with_agents};

/// Largest number of agents the margin search adds before giving up.
pub const MAX_AGENTS_ADDED: u32 = 2048;
/// Name of the always-in-force peak (factor 1) that carries added agents as reinforcement.
const MARGIN_PEAK: &str = "ccplan-check-added-agents";

/// What a call claim bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    ServiceLevel {
        within_s: f64,
        definition: SlDefinition,
    },
    Abandonment,
    Asa,
}

/// One call claim on one scope of days.
#[derive(Debug, Clone, PartialEq)]
pub struct CallClaim {
    pub kind: Kind,
    pub scope: Scope,
    pub bound: Bound,
}

impl CallClaim {
    /// `service_level`, `abandonment`, `asa`.
    pub fn key(&self) -> &'static str {
        match self.kind {
            Kind::ServiceLevel { .. } => "service_level",
            Kind::Abandonment => "abandonment",
            Kind::Asa => "asa",
        }
    }

    /// `share` or `s`.
    pub fn unit(&self) -> &'static str {
        match self.kind {
            Kind::Asa => "s",
            _ => "share",
        }
    }

    /// For people: `≥ 80% answered within 60 s (offered), all days`.
    pub fn describe(&self) -> String {
        let what = match self.kind {
            Kind::ServiceLevel {
                within_s,
                definition,
            } => format!(
                "at least {}% answered within {} s ({})",
                fmt_pct(self.bound.limit),
                crate::stats::run::threshold_key(within_s),
                definition.key()
            ),
            Kind::Abandonment => format!("abandonment at most {}%", fmt_pct(self.bound.limit)),
            Kind::Asa => format!("ASA at most {} s", self.bound.limit),
        };
        format!("{what}, {}", self.scope.describe())
    }

    /// The claim's figure from a line's counters (NaN when undefined).
    fn value(&self, cell: &Cell, k: usize) -> f64 {
        match self.kind {
            Kind::ServiceLevel { definition, .. } => cell.service_level(definition, k),
            Kind::Abandonment => cell.figures().abandonment_rate,
            Kind::Asa => cell.figures().asa_s,
        }
    }
}

fn fmt_pct(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}")
    } else {
        format!("{p}")
    }
}

/// The call claims of a claims file, scope by scope (all days first).
pub fn call_claims(claims: &Claims) -> Vec<CallClaim> {
    let mut out = Vec::new();
    for scope in &claims.scopes {
        if let Some(sl) = claims.service_level {
            out.push(CallClaim {
                kind: Kind::ServiceLevel {
                    within_s: sl.within_s,
                    definition: sl.definition,
                },
                scope: scope.clone(),
                bound: Bound {
                    at_least: true,
                    limit: sl.at_least,
                },
            });
        }
        if let Some(a) = claims.abandonment_at_most {
            out.push(CallClaim {
                kind: Kind::Abandonment,
                scope: scope.clone(),
                bound: Bound {
                    at_least: false,
                    limit: a,
                },
            });
        }
        if let Some(a) = claims.asa_at_most_s {
            out.push(CallClaim {
                kind: Kind::Asa,
                scope: scope.clone(),
                bound: Bound {
                    at_least: false,
                    limit: a,
                },
            });
        }
    }
    out
}

/// Days of one or more claims: how many simulated days (replications × days in scope,
/// where the figure is defined) were counted, and on how many the claim held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayCount {
    pub held: u64,
    pub counted: u64,
}

impl DayCount {
    /// `held / counted`, NaN with no day counted.
    pub fn share(&self) -> f64 {
        if self.counted == 0 {
            f64::NAN
        } else {
            self.held as f64 / self.counted as f64
        }
    }
}

/// The claims evaluated on one variant of the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Per claim, in the order of the claims: mean and 95% interval over replications.
    pub estimates: Vec<Estimate>,
    /// Per claim: the days on which the day's own figure meets the claim.
    pub days: Vec<DayCount>,
    /// The all-days claims jointly: days on which every one of them holds.
    pub joint_days: DayCount,
}

impl Evaluation {
    /// Whether the mean of claim `i` is on the right side.
    pub fn mean_holds(&self, claims: &[CallClaim], i: usize) -> bool {
        let m = self.estimates[i].mean;
        !m.is_nan() && claims[i].bound.holds(m)
    }
}

/// Replications (in all) that would make an interval of half-width `e.half_width()` at `n`
/// replications clear the bound, if the mean stayed where it is: the half-width shrinks as
/// 1/√n, so about `n (h / d)²` with `d` the distance of the mean to the bound. `None` when
/// the mean sits on the bound (no number of replications would decide).
pub fn replications_to_decide(e: Estimate, bound: Bound, n: u32) -> Option<u64> {
    let h = e.half_width();
    let d = (e.mean - bound.limit).abs();
    if d.is_nan() || d <= 0.0 || !h.is_finite() {
        return None;
    }
    let need = (n as f64 * (h / d).powi(2)).ceil();
    // 10% more for the t quantile and the mean moving a little.
    Some(((need * 1.1).ceil() as u64).max(n as u64 + 1))
}

/// Runs variants of one prepared scenario and evaluates the claims on each.
pub struct Evaluator<'a> {
    /// The bid's scenario, with the claims' thresholds counted.
    pub base: Scenario,
    pub claims: &'a [CallClaim],
    pub line: LineId,
    pub settings: RunSettings,
    /// Index of the claimed service level's threshold among the counted ones.
    sl_index: usize,
    /// `[scope index][day]`: whether the working day belongs to the scope.
    scope_days: Vec<Vec<bool>>,
    /// Scope index of each claim.
    claim_scope: Vec<usize>,
    /// Indices of the all-days claims.
    all_days: Vec<usize>,
    /// Called before each simulation with its replications and what it is for.
    pub on_start: &'a dyn Fn(u32, &str),
    /// Called once per finished replication (from worker threads).
    pub on_replication: &'a (dyn Fn() + Sync),
    /// Simulations run so far.
    pub runs: u32,
}

impl<'a> Evaluator<'a> {
    pub fn new(
        sc: &Scenario,
        claims_file: &Claims,
        claims: &'a [CallClaim],
        settings: RunSettings,
        on_start: &'a dyn Fn(u32, &str),
        on_replication: &'a (dyn Fn() + Sync),
    ) -> Self {
        let mut base = sc.clone();
        // The claimed threshold must be among those the engine counts: the engine counts
        // the standard thresholds and the scenario target's, so the claim becomes the
        // target (targets change what is counted, never what is simulated).
        if let Some(sl) = claims_file.service_level {
            base.targets.service_level = Some(sl);
        }
        let sl_index = engine::thresholds(&base).1.unwrap_or(0);
        // The claims are those of `claims_file`, built scope by scope in the order of its
        // scopes.
        let scopes = &claims_file.scopes;
        let claim_scope = claims
            .iter()
            .map(|c| {
                scopes
                    .iter()
                    .position(|s| *s == c.scope)
                    .expect("every call claim is on a scope of its claims file")
            })
            .collect();
        let all_days = (0..claims.len())
            .filter(|&i| claims[i].scope == Scope::AllDays)
            .collect();
        let scope_days = scopes
            .iter()
            .map(|s| {
                sc.calendar
                    .working_days
                    .iter()
                    .map(|&d| s.contains(sc, d))
                    .collect()
            })
            .collect();
        Evaluator {
            base,
            claims,
            line: claims_file.line,
            settings,
            sl_index,
            scope_days,
            claim_scope,
            all_days,
            on_start,
            on_replication,
            runs: 0,
        }
    }

    /// Indices of the all-days claims, in the order of the claims.
    pub fn all_days(&self) -> &[usize] {
        &self.all_days
    }

    /// Working days of claim `i`'s scope.
    pub fn days_in_scope(&self, i: usize) -> usize {
        self.scope_days[self.claim_scope[i]]
            .iter()
            .filter(|&&b| b)
            .count()
    }

    /// Simulates `sc` (a variant of the base) and evaluates every claim.
    pub fn evaluate(&mut self, sc: &Scenario, what: &str) -> Evaluation {
        (self.on_start)(self.settings.replications, what);
        self.runs += 1;
        let l = self.line.index();
        let n_claims = self.claims.len();
        let mut per_rep: Vec<Vec<f64>> = vec![Vec::new(); n_claims];
        let mut days = vec![DayCount::default(); n_claims];
        let mut joint = DayCount::default();
        let all_days = &self.all_days;
        let k = self.sl_index;
        let claims = self.claims;
        let scope_days = &self.scope_days;
        let claim_scope = &self.claim_scope;
        engine::run_with(sc, self.settings, self.on_replication, |_, r| {
            let day_cells: Vec<Cell> = (0..r.n_days).map(|d| r.day_total(d, l)).collect();
            let scope_cells: Vec<Cell> = scope_days
                .iter()
                .map(|in_scope| {
                    let mut total = Cell::default();
                    for (cell, _) in day_cells.iter().zip(in_scope).filter(|(_, b)| **b) {
                        total.add(cell);
                    }
                    total
                })
                .collect();
            for (i, c) in claims.iter().enumerate() {
                per_rep[i].push(c.value(&scope_cells[claim_scope[i]], k));
            }
            for (d, cell) in day_cells.iter().enumerate() {
                // The all-days claims jointly: the day counts when every one is defined,
                // and holds when every one holds.
                let (mut all_defined, mut all_held) = (true, true);
                for (i, c) in claims.iter().enumerate() {
                    if !scope_days[claim_scope[i]][d] {
                        continue;
                    }
                    let v = c.value(cell, k);
                    let defined = !v.is_nan();
                    let held = defined && c.bound.holds(v);
                    if defined {
                        days[i].counted += 1;
                        days[i].held += held as u64;
                    }
                    if c.scope == Scope::AllDays {
                        all_defined &= defined;
                        all_held &= held;
                    }
                }
                if !all_days.is_empty() && all_defined {
                    joint.counted += 1;
                    joint.held += all_held as u64;
                }
            }
        });
        Evaluation {
            estimates: per_rep.into_iter().map(estimate_of).collect(),
            days,
            joint_days: joint,
        }
    }
}

/// Bisection between `lo < hi`, where `at_lo(lo)` holds and `at_lo(hi)` does not, down to
/// neighbours `(lo, lo + 1)` with the same property; `at_lo` is asked only strictly
/// between the two.
pub(super) fn bisect(mut lo: i64, mut hi: i64, mut at_lo: impl FnMut(i64) -> bool) -> (i64, i64) {
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if at_lo(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Verdict;

    #[test]
    fn verdicts_and_replications_to_decide() {
        let b = Bound {
            at_least: true,
            limit: 0.8,
        };
        let e = |m: f64, h: f64| Estimate {
            mean: m,
            ci95_low: m - h,
            ci95_high: m + h,
        };
        assert_eq!(Verdict::of_claim(e(0.9, 0.05), b), Verdict::Met);
        assert_eq!(Verdict::of_claim(e(0.7, 0.05), b), Verdict::Missed);
        assert_eq!(Verdict::of_claim(e(0.81, 0.02), b), Verdict::Inconclusive);
        // h = 0.02 at 10 replications, distance 0.01: about 10 × 4 × 1.1 = 44.
        assert_eq!(replications_to_decide(e(0.81, 0.02), b, 10), Some(44));
        assert_eq!(replications_to_decide(e(0.8, 0.02), b, 10), None);
        assert_eq!(
            Verdict::all([Verdict::Met, Verdict::Inconclusive]),
            Verdict::Inconclusive
        );
    }

    #[test]
    fn agents_added_and_removed_uniformly() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/seguranca-social-2017.yaml"
        ))
        .unwrap();
        let sc = crate::scenario::parse_str(&text, "t.yaml").unwrap();
        let day = sc.calendar.working_days[0];
        let at = |s: &Scenario, t: u32| s.agents_available(LineId::First, day, t);
        let plus = with_agents(&sc, LineId::First, 10).unwrap();
        let minus = with_agents(&sc, LineId::First, -10).unwrap();
        for t in [9 * 3600, 13 * 3600 + 1800, 17 * 3600] {
            // Shrinkage 15%: 10 rostered are round(8.5) = 9 or so present; the same
            // number at every time of day.
            let up = at(&plus, t) - at(&sc, t);
            let down = at(&sc, t) - at(&minus, t);
            assert!(
                (8..=10).contains(&up) && (8..=10).contains(&down),
                "{t}: {up} {down}"
            );
        }
        assert_eq!(plus.expected_calls(day), sc.expected_calls(day));
        assert_eq!(removable_agents(&sc, LineId::First), 70);
        assert!(with_agents(&sc, LineId::First, -71).is_none());
    }
}
