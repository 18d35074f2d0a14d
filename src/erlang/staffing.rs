//! Staffing: the fewest agents that meet one or more targets.
//!
//! Every target here improves as agents are added (service levels rise; ASA, abandonment
//! and occupancy fall), so "all targets met" is monotone in the agents. The search starts
//! at the square-root staffing guess N = R + β√R and moves by safeguarded secant steps on
//! the targets' margins (see [`Search`]): about five evaluations, each O(N), with
//! bisection as the fallback that bounds the worst case to O(log N).

use std::collections::BTreeMap;
use std::fmt;

use super::error::{ErlangError, non_negative, positive, probability};
use super::figures::Figures;
use super::model::Model;
use crate::service_level::SlDefinition;

/// Safety factor β of the starting guess R + β√R.
const GUESS_BETA: f64 = 1.0;
/// Beyond R + WAIT_VANISHES_BETA·√R (+ margin) waiting has vanished to double precision:
/// if a target is not met there, more agents cannot meet it.
const WAIT_VANISHES_BETA: f64 = 40.0;
/// Agents added to that bound for small loads.
const WAIT_VANISHES_MARGIN: f64 = 100.0;
/// Largest staffing the search considers [agents]; each evaluation costs O(agents).
const MAX_SEARCH_AGENTS: f64 = 1e7;

/// A staffing target for one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// At least `at_least` [probability, < 1] answered within `threshold_s` [s], counted
    /// by `definition`.
    ServiceLevel {
        /// How abandoned calls are counted.
        definition: SlDefinition,
        /// Threshold T [s].
        threshold_s: f64,
        /// Smallest acceptable service level [probability].
        at_least: f64,
    },
    /// Mean wait of answered calls at most `at_most_s` [s].
    Asa {
        /// Largest acceptable ASA [s], above 0.
        at_most_s: f64,
    },
    /// P(abandon) of admitted calls at most `at_most` [probability].
    Abandonment {
        /// Largest acceptable abandonment probability.
        at_most: f64,
    },
    /// Occupancy at most `at_most` [probability, above 0].
    Occupancy {
        /// Largest acceptable occupancy.
        at_most: f64,
    },
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Target::ServiceLevel {
                definition,
                threshold_s,
                at_least,
            } => write!(
                f,
                "service level ({}) at least {} within {} s",
                definition.key(),
                at_least,
                threshold_s
            ),
            Target::Asa { at_most_s } => write!(f, "ASA at most {at_most_s} s"),
            Target::Abandonment { at_most } => write!(f, "abandonment at most {at_most}"),
            Target::Occupancy { at_most } => write!(f, "occupancy at most {at_most}"),
        }
    }
}

impl Target {
    /// Whether `figures` meet the target. A service-level target is judged at its own
    /// threshold: `None` when `figures` were computed at another one.
    pub fn is_met(&self, figures: &Figures) -> Option<bool> {
        Some(match *self {
            Target::ServiceLevel {
                definition,
                threshold_s,
                at_least,
            } => {
                if figures.sl_threshold_s != threshold_s {
                    return None;
                }
                figures.service_level.get(definition) >= at_least
            }
            Target::Asa { at_most_s } => figures.asa_s <= at_most_s,
            Target::Abandonment { at_most } => figures.p_abandon <= at_most,
            Target::Occupancy { at_most } => figures.occupancy <= at_most,
        })
    }

    /// How far `figures` are inside the target's bound (negative: outside), on a scale
    /// on which it changes about linearly with the agents: log-odds for probabilities
    /// (service levels and abandonment follow S-shaped curves), logarithms for the ASA
    /// and the occupancy. Guides the staffing search; never decides whether a count is
    /// enough.
    fn margin(&self, figures: &Figures) -> f64 {
        match *self {
            Target::ServiceLevel {
                definition,
                at_least,
                ..
            } => logit(figures.service_level.get(definition)) - logit(at_least),
            Target::Asa { at_most_s } => log(at_most_s) - log(figures.asa_s),
            Target::Abandonment { at_most } => logit(at_most) - logit(figures.p_abandon),
            Target::Occupancy { at_most } => log(at_most) - log(figures.occupancy),
        }
    }

    /// The service-level threshold the target is judged at, if any [s].
    fn threshold_s(&self) -> Option<f64> {
        match *self {
            Target::ServiceLevel { threshold_s, .. } => Some(threshold_s),
            _ => None,
        }
    }

    /// Rejects targets out of range or that no staffing of `model` can meet.
    fn check(&self, model: &Model) -> Result<(), ErlangError> {
        let infeasible = |reason: &str| ErlangError::Infeasible {
            target: self.to_string(),
            reason: reason.to_owned(),
        };
        match *self {
            Target::ServiceLevel {
                threshold_s,
                at_least,
                ..
            } => {
                non_negative("sl_threshold_s", threshold_s)?;
                probability("target_sl", at_least)?;
                if at_least >= 1.0 {
                    return Err(infeasible(
                        "waiting times have an unbounded tail, so no finite number of agents \
                         answers every call within the threshold; aim below 100%",
                    ));
                }
            }
            Target::Asa { at_most_s } => {
                positive("target_asa_s", at_most_s)?;
            }
            Target::Abandonment { at_most } => {
                probability("max_abandon", at_most)?;
                if at_most == 0.0
                    && model.patience_s().is_some()
                    && model.lines().is_none()
                    && model.arrivals_per_hour() > 0.0
                {
                    return Err(infeasible(
                        "with finite patience any caller who waits may hang up, so the \
                         abandonment probability is above 0 at every staffing",
                    ));
                }
            }
            Target::Occupancy { at_most } => {
                probability("max_occupancy", at_most)?;
                if at_most == 0.0 && model.arrivals_per_hour() > 0.0 {
                    return Err(infeasible(
                        "agents who answer calls are busy some of the time",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The answer of a staffing search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Requirement {
    /// The fewest agents meeting every target [agents].
    pub agents: u32,
    /// Figures at that many agents, with the service level at the threshold asked for.
    pub figures: Figures,
}

/// Square-root staffing N = R + β√R [agents] for an offered load `load_erlangs` = R
/// [erlangs] and a quality factor β (Halfin–Whitt; β ≈ 1 gives P(wait) ≈ 0.2).
pub fn square_root_staffing(load_erlangs: f64, beta: f64) -> f64 {
    load_erlangs + beta * load_erlangs.sqrt()
}

/// The fewest agents with which `model` meets every target in `targets` (several targets
/// give the largest of their single requirements), with the figures at that count and
/// the service level reported at `sl_threshold_s` [s].
///
/// # Errors
/// [`ErlangError::Infeasible`] when no staffing meets a target (a service level of 100%,
/// an abandonment cap of 0 with patience, an occupancy cap of 0, or a target still missed
/// once waiting has vanished); [`ErlangError::InvalidInput`] for targets out of range or an
/// empty list; [`ErlangError::TooLarge`] when the answer could exceed 10 million agents;
/// model errors other than Erlang C instability, which only means "too few".
pub fn required_agents(
    model: &Model,
    targets: &[Target],
    sl_threshold_s: f64,
) -> Result<Requirement, ErlangError> {
    non_negative("sl_threshold_s", sl_threshold_s)?;
    if targets.is_empty() {
        return Err(ErlangError::InvalidInput {
            name: "targets",
            value: 0.0,
            expected: "at least one target",
        });
    }
    for t in targets {
        t.check(model)?;
    }
    let load = model.offered_load_erlangs();
    let mut guess = square_root_staffing(load, GUESS_BETA);
    let mut cap = square_root_staffing(load, WAIT_VANISHES_BETA) + WAIT_VANISHES_MARGIN;
    for t in targets {
        if let Target::Occupancy { at_most } = *t {
            // The carried load never exceeds the offered load of first attempts (each
            // caller is answered at most once), so A / cap agents always meet the cap
            // (without arrivals any agent does, even with a cap of 0).
            if load > 0.0 {
                guess = guess.max(load / at_most);
                cap = cap.max(load / at_most + 2.0);
            }
        }
    }
    if cap > MAX_SEARCH_AGENTS {
        return Err(ErlangError::TooLarge {
            what: "staffing search",
            detail: format!(
                "up to {cap:.3e} agents may be needed; the search stops at {MAX_SEARCH_AGENTS:e}"
            ),
        });
    }
    let cap = cap.ceil() as u32;
    let guess = (guess.ceil() as u32).clamp(1, cap);
    let mut search = Search::new(guess, first_step(load));
    loop {
        let n = search.next;
        let probe = probe(model, targets, n, sl_threshold_s)?;
        if search.record(n, probe) {
            break;
        }
        if search.lo.n == cap {
            let missed = targets
                .iter()
                .find(|t| {
                    !self::probe(model, std::slice::from_ref(t), cap, 0.0).is_ok_and(|p| p.met)
                })
                .unwrap_or(&targets[0]);
            return Err(ErlangError::Infeasible {
                target: missed.to_string(),
                reason: format!(
                    "still missed with {cap} agents, where waiting has vanished to double \
                     precision for an offered load of {load:.3} erlangs"
                ),
            });
        }
        search.choose_next(cap);
    }
    let hi = search
        .hi
        .expect("the search ends with a staffing that meets every target");
    let figures = match search.hi_figures {
        Some(f) => f,
        None => model.figures(f64::from(hi.n), sl_threshold_s)?,
    };
    Ok(Requirement {
        agents: hi.n,
        figures,
    })
}

/// Before the answer is bracketed, go this many times as far as the secant says: the
/// margins of S-shaped curves flatten away from the answer, so a plain secant falls short.
const OVERSHOOT: f64 = 1.5;
/// Bisect once this many probes in a row have failed to halve the bracket.
const SLOW_PROBES: u32 = 3;

/// Log-odds of a probability, kept finite (probabilities within 1e-15 of 0 or 1 are
/// taken at that distance).
fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-15, 1.0 - 1e-15);
    (p / (1.0 - p)).ln()
}

/// Natural logarithm of a non-negative figure, kept finite.
fn log(x: f64) -> f64 {
    x.max(1e-300).ln()
}

/// The first step away from the guess [agents]: half the √R scale on which the figures
/// change, so that the second probe is close but still tells a slope.
fn first_step(load: f64) -> u32 {
    ((load.sqrt() / 2.0).ceil() as u32).max(1)
}

/// One evaluation of the targets at a staffing.
#[derive(Debug, Clone, Copy)]
struct Probe {
    /// Every target is met.
    met: bool,
    /// How far from its bound the tightest target is, on a probability scale (the ASA as
    /// a share of its bound): positive when met, rising with the agents; −∞ when there is
    /// no steady state. Only guides where to look next, never whether a count is enough.
    margin: f64,
    /// The figures at the threshold the requirement is reported at, when computed.
    figures: Option<Figures>,
}

/// A probed staffing and its margin.
#[derive(Debug, Clone, Copy)]
struct Point {
    n: u32,
    margin: f64,
}

/// The search for the fewest agents meeting every target: a bracket `lo` (fails; 0 always
/// does) < `hi` (meets) narrowed by safeguarded secant steps on the margin.
///
/// Whether a count is enough is decided by [`Target::is_met`] alone, and the bracket
/// keeps the largest failing and smallest meeting counts probed, so the answer is the
/// fewest agents whatever the margins look like (the targets are monotone in the agents):
/// the margins only choose the next probe. Near the answer the margin is smooth in the
/// agents and the secant lands next to it, so a search takes about five evaluations where
/// bisection took fifteen; a bisection step is forced whenever `SLOW_PROBES` probes in a
/// row fail to halve the bracket, which bounds the worst case by a few times bisection's.
#[derive(Debug)]
struct Search {
    lo: Point,
    hi: Option<Point>,
    /// The last probe, for a secant before the answer is bracketed on both sides.
    last: Option<Point>,
    /// The probe before it.
    before: Option<Point>,
    /// Figures at `hi`, at the reporting threshold, when the probe computed them.
    hi_figures: Option<Figures>,
    /// The next count to probe.
    next: u32,
    /// Least distance to move while the answer is not yet bracketed; doubles each time.
    step: u32,
    /// Probes in a row that did not halve the bracket.
    slow: u32,
}

impl Search {
    fn new(guess: u32, step: u32) -> Self {
        Search {
            lo: Point {
                n: 0,
                margin: f64::NEG_INFINITY,
            },
            hi: None,
            last: None,
            before: None,
            hi_figures: None,
            next: guess,
            step,
            slow: 0,
        }
    }

    fn width(&self) -> u32 {
        self.hi.map_or(u32::MAX, |h| h.n - self.lo.n)
    }

    /// Records a probe at `n`; returns whether the answer is found (`hi` = `lo` + 1).
    fn record(&mut self, n: u32, probe: Probe) -> bool {
        let before = self.width();
        let bracketed = self.hi.is_some() && self.lo.n > 0;
        let point = Point {
            n,
            margin: probe.margin,
        };
        if probe.met {
            if self.hi.is_none_or(|h| n < h.n) {
                self.hi = Some(point);
                self.hi_figures = probe.figures;
            }
        } else if n > self.lo.n {
            self.lo = point;
        }
        self.before = self.last;
        self.last = Some(point);
        let after = self.width();
        self.slow = if bracketed && after > before / 2 {
            self.slow + 1
        } else {
            0
        };
        self.hi.is_some_and(|h| h.n - self.lo.n <= 1)
    }

    /// Where the secant through two probes crosses a zero margin, rounded up (the fewest
    /// agents the straight line says are enough); `None` when it has no rising slope.
    fn secant(a: Point, b: Point) -> Option<f64> {
        let slope = (b.margin - a.margin) / (f64::from(b.n) - f64::from(a.n));
        if !(slope.is_finite() && slope > 0.0 && a.margin.is_finite()) {
            return None;
        }
        let root = f64::from(a.n) - a.margin / slope;
        root.is_finite().then(|| root.ceil())
    }

    fn choose_next(&mut self, cap: u32) {
        let lo = self.lo.n;
        let from_last_two = match (self.before, self.last) {
            (Some(a), Some(b)) if a.n != b.n => Self::secant(a, b),
            _ => None,
        };
        self.next = match self.hi {
            Some(hi) if lo > 0 => {
                // Bracketed: a secant through the last two probes, strictly inside.
                match from_last_two.filter(|_| self.slow < SLOW_PROBES) {
                    Some(x) => x.clamp(f64::from(lo + 1), f64::from(hi.n - 1)) as u32,
                    None => {
                        self.slow = 0;
                        lo + (hi.n - lo) / 2
                    }
                }
            }
            Some(hi) => {
                // Every probe so far meets: move down by the secant, at least `step`.
                let most = f64::from(hi.n.saturating_sub(self.step));
                self.step = self.step.saturating_mul(2);
                let down = from_last_two
                    .map(|x| f64::from(hi.n) - OVERSHOOT * (f64::from(hi.n) - x))
                    .map_or(most, |x| x.min(most));
                down.clamp(1.0, f64::from(hi.n - 1)) as u32
            }
            None => {
                // Every probe so far fails: move up by the secant, at least `step`.
                let least = f64::from(lo.saturating_add(self.step));
                self.step = self.step.saturating_mul(2);
                let up = from_last_two
                    .map(|x| f64::from(lo) + OVERSHOOT * (x - f64::from(lo)))
                    .map_or(least, |x| x.max(least));
                up.min(f64::from(cap)) as u32
            }
        };
    }
}

/// Evaluates the targets at `n` agents: whether all are met and the tightest margin, with
/// the figures at `report_t` when that threshold was evaluated anyway.
fn probe(model: &Model, targets: &[Target], n: u32, report_t: f64) -> Result<Probe, ErlangError> {
    let fails = Probe {
        met: false,
        margin: f64::NEG_INFINITY,
        figures: None,
    };
    if n == 0 {
        return Ok(fails);
    }
    let mut by_threshold: BTreeMap<u64, Figures> = BTreeMap::new();
    let default_t = targets.iter().find_map(Target::threshold_s).unwrap_or(0.0);
    let mut met = true;
    let mut margin = f64::INFINITY;
    for t in targets {
        let thr = t.threshold_s().unwrap_or(default_t);
        let figures = match by_threshold.get(&thr.to_bits()) {
            Some(f) => *f,
            None => match model.figures(f64::from(n), thr) {
                Ok(f) => *by_threshold.entry(thr.to_bits()).or_insert(f),
                Err(ErlangError::Unstable { .. }) => return Ok(fails),
                Err(e) => return Err(e),
            },
        };
        met &= t.is_met(&figures) == Some(true);
        margin = margin.min(t.margin(&figures));
    }
    Ok(Probe {
        met,
        margin,
        figures: by_threshold.get(&report_t.to_bits()).copied(),
    })
}
