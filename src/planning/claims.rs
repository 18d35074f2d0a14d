//! `ccplan check`: a bidder's claims against simulation of the bid's scenario.
//!
//! Call claims (service level, abandonment, ASA, on all days and on peak days) are
//! estimated over independent replications and judged by their 95% interval: SUPPORTED
//! when the whole interval is on the claimed side, NOT SUPPORTED when the whole interval
//! is on the other side, INCONCLUSIVE when it straddles the bound. Each also gets the
//! share of simulated days on which it held and its staffing margin; a capacity claim is
//! judged by the call claims at exactly the claimed calls per day and compared with the
//! capacity found by search. Staffing claims are checked against the scenario, without
//! simulation: COMPLIES or DOES NOT COMPLY.

pub mod evaluate;
pub mod file;
pub mod json;
pub mod report;

pub use evaluate::{
    CallClaim, CapacityBound, CapacitySearch, DayCount, Evaluation, Evaluator, Kind, Margin,
};
pub use file::{Claims, ClaimsErrors, Scope, StaffingClaims, load, parse_str};

use crate::engine::RunSettings;
use crate::scenario::{LineId, Scenario};
use crate::stats::{Estimate, Verdict};

/// One call claim, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct CallClaimResult {
    pub claim: CallClaim,
    pub estimate: Estimate,
    pub verdict: Verdict,
    /// Simulated days (replications × days in scope) on which the day's own figure met
    /// the claim.
    pub days: DayCount,
    /// Working days of the horizon in the claim's scope.
    pub days_in_scope: usize,
    /// For an INCONCLUSIVE claim: roughly how many replications in all would decide it.
    pub replications_to_decide: Option<u64>,
    pub margin: Margin,
}

/// The capacity claim, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityResult {
    pub claimed_calls_per_day: f64,
    /// The all-days call claims at exactly the claimed calls per day: (claim index into
    /// `CheckReport::call_claims`, estimate, verdict).
    pub at_claimed: Vec<(usize, Estimate, Verdict)>,
    /// Supported when every call claim is supported at the claimed capacity, not supported
    /// when any is not supported, else inconclusive.
    pub verdict: Verdict,
    /// Days at the claimed capacity on which every all-days call claim held at once.
    pub joint_days: DayCount,
    pub search: CapacitySearch,
}

/// Deterministic verdict of a staffing claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compliance {
    Complies,
    DoesNotComply,
}

impl Compliance {
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Complies => "complies",
            Compliance::DoesNotComply => "does_not_comply",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Compliance::Complies => "COMPLIES",
            Compliance::DoesNotComply => "DOES NOT COMPLY",
        }
    }

    fn of(ok: bool) -> Self {
        if ok {
            Compliance::Complies
        } else {
            Compliance::DoesNotComply
        }
    }
}

/// One staffing claim against the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffingResult {
    /// `posts`, `permanent_share`, `reinforcement:<peak>`.
    pub key: String,
    /// What was claimed, for people.
    pub claim: String,
    /// What the scenario has, for people.
    pub found: String,
    /// The number compared with the claim.
    pub value: f64,
    pub verdict: Compliance,
}

/// Everything `check` found.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    pub scenario: String,
    pub bidder: Option<String>,
    pub line: LineId,
    pub line_label: String,
    pub settings: RunSettings,
    pub working_days: usize,
    pub first_day: String,
    pub last_day: String,
    /// The scenario's own demand, at which the call claims are judged.
    pub scenario_calls_per_day: f64,
    pub call_claims: Vec<CallClaimResult>,
    pub capacity: Option<CapacityResult>,
    pub staffing: Vec<StaffingResult>,
    /// Simulations run (each of `settings.replications` replications).
    pub simulations: u32,
}

impl CheckReport {
    /// Every claim SUPPORTED or COMPLIES: the rule for exit code 0.
    pub fn all_hold(&self) -> bool {
        self.call_claims.iter().all(|c| c.verdict == Verdict::Met)
            && self
                .capacity
                .as_ref()
                .is_none_or(|c| c.verdict == Verdict::Met)
            && self
                .staffing
                .iter()
                .all(|s| s.verdict == Compliance::Complies)
    }

    /// Names of the claims that do not hold, with their verdicts (`capacity: NOT
    /// SUPPORTED`, …).
    pub fn failing(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.call_claims {
            if c.verdict != Verdict::Met {
                out.push(format!(
                    "{}: {}",
                    c.claim.describe(),
                    c.verdict.claim_label()
                ));
            }
        }
        if let Some(c) = &self.capacity
            && c.verdict != Verdict::Met
        {
            out.push(format!(
                "capacity {:.0} calls/day: {}",
                c.claimed_calls_per_day,
                c.verdict.claim_label()
            ));
        }
        for s in &self.staffing {
            if s.verdict != Compliance::Complies {
                out.push(format!("{}: {}", s.claim, s.verdict.label()));
            }
        }
        out
    }
}

/// How `check` runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckSettings {
    pub run: RunSettings,
    /// Resolution of the capacity search, calls per day.
    pub capacity_step: f64,
}

/// Checks `claims` against the bid's scenario `sc`. `on_start` is called before each
/// simulation (replications, purpose), `on_replication` after each replication.
pub fn check(
    sc: &Scenario,
    claims: &Claims,
    settings: CheckSettings,
    on_start: &dyn Fn(u32, &str),
    on_replication: &(dyn Fn() + Sync),
) -> CheckReport {
    let call_claims = evaluate::call_claims(claims);
    let mut results = Vec::new();
    let mut capacity = None;
    let mut simulations = 0;
    if !call_claims.is_empty() {
        let mut ev = Evaluator::new(
            sc,
            claims,
            &call_claims,
            settings.run,
            on_start,
            on_replication,
        );
        let base = ev.base.clone();
        let at_bid = ev.evaluate(&base, "the bid as is");
        let margins = evaluate::margins(&mut ev, &at_bid);
        for (i, claim) in call_claims.iter().enumerate() {
            let e = at_bid.estimates[i];
            let verdict = Verdict::of_claim(e, claim.bound);
            results.push(CallClaimResult {
                claim: claim.clone(),
                estimate: e,
                verdict,
                days: at_bid.days[i],
                days_in_scope: ev.days_in_scope(i),
                replications_to_decide: (verdict == Verdict::Inconclusive)
                    .then(|| {
                        evaluate::replications_to_decide(e, claim.bound, settings.run.replications)
                    })
                    .flatten(),
                margin: margins[i],
            });
        }
        if let Some(claimed) = claims.capacity_calls_per_day {
            let at_claimed = if claimed == base.demand.calls_per_day {
                at_bid.clone()
            } else {
                let mut v = base.clone();
                v.demand.calls_per_day = claimed;
                ev.evaluate(&v, &format!("at the claimed {claimed:.0} calls/day"))
            };
            let search = evaluate::capacity(&mut ev, claimed, settings.capacity_step, &at_claimed);
            let at: Vec<(usize, Estimate, Verdict)> = ev
                .all_days()
                .iter()
                .map(|&i| {
                    let e = at_claimed.estimates[i];
                    (i, e, Verdict::of_claim(e, call_claims[i].bound))
                })
                .collect();
            capacity = Some(CapacityResult {
                claimed_calls_per_day: claimed,
                verdict: Verdict::all(at.iter().map(|x| x.2)),
                at_claimed: at,
                joint_days: at_claimed.joint_days,
                search,
            });
        }
        simulations = ev.runs;
    }
    let line = sc
        .lines
        .get(claims.line)
        .expect("claims name a line of the scenario");
    let days = &sc.calendar.working_days;
    CheckReport {
        scenario: sc.name.clone(),
        bidder: claims.bidder.clone(),
        line: claims.line,
        line_label: line.label.clone(),
        settings: settings.run,
        working_days: days.len(),
        first_day: days.first().map(|d| d.to_string()).unwrap_or_default(),
        last_day: days.last().map(|d| d.to_string()).unwrap_or_default(),
        scenario_calls_per_day: sc.demand.calls_per_day,
        call_claims: results,
        capacity,
        staffing: staffing_compliance(sc, claims),
        simulations,
    }
}

/// The staffing claims against the scenario's roster (no simulation).
///
/// - posts: the line declares at least the claimed posts;
/// - permanent share: permanent agents rostered (the first ⌊posts × permanent_share⌋
///   agents of the roster, at most the agents rostered) over the larger of the posts and
///   the agents rostered, before shrinkage and without reinforcement (which is temporary
///   by definition);
/// - reinforcement: the line's reinforcement during the named peak adds at least the
///   claimed extra agents.
pub fn staffing_compliance(sc: &Scenario, claims: &Claims) -> Vec<StaffingResult> {
    let Some(s) = &claims.staffing else {
        return Vec::new();
    };
    let line = sc
        .lines
        .get(claims.line)
        .expect("claims name a line of the scenario");
    let rostered = sc.rostered_agents(claims.line);
    let mut out = Vec::new();
    if let Some(posts) = s.posts {
        let (found, value) = match line.posts {
            Some(p) => (
                format!("{p} posts declared; {rostered} agents rostered"),
                p as f64,
            ),
            None => (
                format!("no posts declared; {rostered} agents rostered"),
                0.0,
            ),
        };
        out.push(StaffingResult {
            key: "posts".into(),
            claim: format!("{posts} posts"),
            found,
            value,
            verdict: Compliance::of(line.posts.is_some_and(|p| p >= posts)),
        });
    }
    if let Some(at_least) = s.permanent_share_at_least {
        let permanent = line.permanent_agents().unwrap_or(rostered).min(rostered);
        let denominator = line.posts.unwrap_or(rostered).max(rostered);
        let share = if denominator > 0 {
            permanent as f64 / denominator as f64
        } else {
            0.0
        };
        out.push(StaffingResult {
            key: "permanent_share".into(),
            claim: format!("at least {:.1}% permanent", at_least * 100.0),
            found: format!(
                "{permanent} permanent agents rostered of {denominator} ({:.1}%)",
                share * 100.0
            ),
            value: share,
            verdict: Compliance::of(share >= at_least - 1e-9),
        });
    }
    for r in &s.reinforcement {
        let extra: u32 = line
            .reinforcement
            .iter()
            .filter(|x| x.peak == r.peak)
            .map(|x| x.extra_agents)
            .sum();
        let days = sc
            .calendar
            .working_days
            .iter()
            .filter(|&&d| sc.demand.peaks[r.peak].applies(d))
            .count();
        out.push(StaffingResult {
            key: format!("reinforcement:{}", r.name),
            claim: format!(
                "reinforcement of at least {} agent{} during `{}`",
                r.extra_agents,
                if r.extra_agents == 1 { "" } else { "s" },
                r.name
            ),
            found: format!(
                "{extra} extra agents during `{}` ({days} of the {} days simulated)",
                r.name,
                sc.calendar.working_days.len()
            ),
            value: extra as f64,
            verdict: Compliance::of(extra >= r.extra_agents),
        });
    }
    out
}
