//! Caller behaviour from a log: patience (censored by service), redials (from repeated
//! caller ids) and the time spent in the menu.

use std::collections::HashSet;

use super::estimate::{
    Comparison, Criterion, Fitted, choose, compare, fit_all_censored, fit_all_uncensored,
    kaplan_meier,
};
use crate::calllog::{CallLog, CallRecord, Outcome};

/// A family chosen among the candidates fitted to one sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub fit: Fitted,
    pub comparison: Comparison,
}

/// Keeps the fit `criterion` prefers among every family fitted to one sample.
pub fn chosen(fits: Vec<Fitted>, criterion: Criterion) -> Option<Chosen> {
    let comparison = compare(&fits, criterion)?;
    let fit = choose(&fits, criterion)?.clone();
    Some(Chosen { fit, comparison })
}

/// Patience: an abandonment's wait is an observed patience, an answered call's wait a
/// right-censored one (its patience was at least that long).
#[derive(Debug, Clone, PartialEq)]
pub struct PatienceFit {
    pub chosen: Chosen,
    /// Kaplan–Meier survival curve: (t, P(patience > t)).
    pub kaplan_meier: Vec<(f64, f64)>,
    pub abandoned: usize,
    pub censored: usize,
}

pub fn fit_patience(log: &CallLog) -> Option<PatienceFit> {
    fit_patience_of(log, Criterion::KsDistance, |_| true)
}

/// A call type's own patience needs at least this many of its callers' abandonments.
pub const MIN_TYPE_ABANDONMENTS: usize = 30;

/// One call type's own patience.
#[derive(Debug, Clone, PartialEq)]
pub struct TypePatience {
    /// The log's name of the type.
    pub name: String,
    pub fit: PatienceFit,
}

/// Patience per call type, for every type of a log with at least two types that has
/// [`MIN_TYPE_ABANDONMENTS`] abandonments (the others keep the pooled patience). Callers
/// of different types wait for different things: on the bank's log the prospects (`NW`)
/// hang up after a mean of about 200 s of waiting, the regular customers (`PS`) after
/// about 430 s, in each week alike; and as the backtest replays each day's own mix of
/// types, a day with more prospects loses more callers. Each type keeps the pooled
/// sample's family with its own parameters ([`Criterion::PooledFamily`]).
pub fn fit_patience_by_type(log: &CallLog, pooled: &PatienceFit) -> Vec<TypePatience> {
    if log.types.len() < 2 {
        return Vec::new();
    }
    let criterion = Criterion::PooledFamily(pooled.chosen.comparison.chosen);
    let mut abandoned = vec![0usize; log.types.len()];
    for r in &log.records {
        if let (Some(t), Outcome::Abandoned, Some(_)) = (r.call_type, r.outcome, r.wait_s()) {
            abandoned[t as usize] += 1;
        }
    }
    (0..log.types.len())
        .filter(|&t| abandoned[t] >= MIN_TYPE_ABANDONMENTS)
        .filter_map(|t| {
            let fit = fit_patience_of(log, criterion, |r| r.call_type == Some(t as u16))?;
            Some(TypePatience {
                name: log.types[t].clone(),
                fit,
            })
        })
        .collect()
}

fn fit_patience_of(
    log: &CallLog,
    criterion: Criterion,
    keep: impl Fn(&CallRecord) -> bool,
) -> Option<PatienceFit> {
    let mut observed = Vec::new();
    let mut censored = Vec::new();
    for r in log.records.iter().filter(|r| keep(r)) {
        let Some(w) = r.wait_s() else { continue };
        match r.outcome {
            Outcome::Abandoned => observed.push(w),
            Outcome::Answered => censored.push(w),
            Outcome::Other => {}
        }
    }
    if observed.len() < 10 {
        return None;
    }
    let chosen = chosen(fit_all_censored(&observed, &censored), criterion)?;
    let kaplan_meier = kaplan_meier(&observed, &censored)?;
    Some(PatienceFit {
        chosen,
        kaplan_meier,
        abandoned: observed.len(),
        censored: censored.len(),
    })
}

/// Redials: an identified caller who abandoned and called again the same day.
#[derive(Debug, Clone, PartialEq)]
pub struct RedialFit {
    /// Abandonments by identified callers.
    pub abandoned_identified: usize,
    /// Of these, followed by another call of the same caller the same day.
    pub redialled: usize,
    /// Delay from hanging up to calling again.
    pub after: Option<Chosen>,
}

impl RedialFit {
    pub fn probability(&self) -> f64 {
        if self.abandoned_identified == 0 {
            0.0
        } else {
            self.redialled as f64 / self.abandoned_identified as f64
        }
    }
}

/// Finds redials; returns the fit and the indices (into `log.records`) of the calls that
/// were redials, which are not first attempts.
pub fn fit_redials(log: &CallLog) -> (Option<RedialFit>, HashSet<usize>) {
    // Sorting the keys themselves, not indices that point into the records, keeps a
    // million-call sort in cache; the index breaks ties as a stable sort would.
    let mut keys: Vec<(u64, jiff::civil::Date, f64, usize)> = log
        .records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((r.caller?, r.date, r.arrival_s, i)))
        .collect();
    let mut redials = HashSet::new();
    if keys.is_empty() {
        return (None, redials);
    }
    keys.sort_unstable_by(|x, y| {
        x.0.cmp(&y.0)
            .then(x.1.cmp(&y.1))
            .then(x.2.total_cmp(&y.2))
            .then(x.3.cmp(&y.3))
    });
    let idx: Vec<usize> = keys.iter().map(|k| k.3).collect();
    let mut abandoned_identified = 0;
    let mut delays = Vec::new();
    for w in idx.windows(2) {
        let (a, b) = (&log.records[w[0]], &log.records[w[1]]);
        if a.outcome != Outcome::Abandoned || a.queue_start_s.is_none() {
            continue;
        }
        abandoned_identified += 1;
        if a.caller == b.caller && a.date == b.date {
            let hung_up = a.queue_exit_s.unwrap_or(a.arrival_s);
            delays.push((b.arrival_s - hung_up).max(0.0));
            redials.insert(w[1]);
        }
    }
    // The last identified call of the sorted list has no successor.
    if let Some(&last) = idx.last() {
        let r = &log.records[last];
        if r.outcome == Outcome::Abandoned && r.queue_start_s.is_some() {
            abandoned_identified += 1;
        }
    }
    let after = if delays.len() >= 10 {
        chosen(fit_all_uncensored(&delays), Criterion::Aic)
    } else {
        None
    };
    (
        Some(RedialFit {
            abandoned_identified,
            redialled: delays.len(),
            after,
        }),
        redials,
    )
}

/// Time in the menu (IVR), for calls whose log records entry and exit.
#[derive(Debug, Clone, PartialEq)]
pub enum MenuFit {
    /// Every call spent the same time in the menu (a recorded message, say), seconds.
    Fixed(f64),
    /// Times that vary, by the family with the lowest AIC.
    Fitted(Chosen),
}

/// Fits the menu time; `None` with fewer than 30 calls that record it.
pub fn fit_menu_time(log: &CallLog) -> Option<MenuFit> {
    let times: Vec<f64> = log
        .records
        .iter()
        .filter_map(|r| Some((r.ivr_exit_s? - r.ivr_entry_s?).max(0.0)))
        .collect();
    if times.len() < 30 {
        return None;
    }
    let (lo, hi) = times.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &t| {
        (lo.min(t), hi.max(t))
    });
    // A constant is no sample of any of the four families (their fits degenerate to a
    // cv of ~0 or fail); write it as what it is.
    if hi - lo <= 1e-3 * hi.max(1.0) {
        return (hi > 0.0).then_some(MenuFit::Fixed((lo + hi) / 2.0));
    }
    chosen(fit_all_uncensored(&times), Criterion::Aic).map(MenuFit::Fitted)
}

/// Whether the queue served identified callers (a caller id in the log) before anonymous
/// ones, judged from who overtook whom among callers who queued and were answered.
///
/// For each two such callers of different classes where the later one joined the queue
/// while the earlier still waited, the later one overtook if answered first. In a queue
/// served in order, overtaking comes only from recording noise (whole seconds, several
/// agents freeing at once); when one class is served first it overtakes the other most of
/// the time and is rarely overtaken by it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PriorityFit {
    /// Identified callers who joined while an anonymous caller waited: (overtook, pairs).
    pub identified_over_anonymous: (u64, u64),
    /// Anonymous callers who joined while an identified caller waited: (overtook, pairs).
    pub anonymous_over_identified: (u64, u64),
}

/// Pairs a class needs in both directions before a priority is read from them.
pub const MIN_PRIORITY_PAIRS: u64 = 30;

/// Callers scanned after each queued caller for overtaking (a bound on the work per call
/// when queues are long; the nearest followers are the ones that tell).
const PRIORITY_SCAN: usize = 64;

impl PriorityFit {
    fn share((k, n): (u64, u64)) -> Option<f64> {
        (n >= MIN_PRIORITY_PAIRS).then(|| k as f64 / n as f64)
    }

    /// Share of identified callers who overtook an anonymous one waiting ahead of them.
    pub fn identified_overtook(&self) -> Option<f64> {
        Self::share(self.identified_over_anonymous)
    }

    /// Share of anonymous callers who overtook an identified one waiting ahead of them.
    pub fn anonymous_overtook(&self) -> Option<f64> {
        Self::share(self.anonymous_over_identified)
    }

    /// Identified callers first: they overtook waiting anonymous callers at least half the
    /// time, and at least four times as often as anonymous callers overtook them.
    pub fn identified_first(&self) -> bool {
        match (self.identified_overtook(), self.anonymous_overtook()) {
            (Some(i), Some(a)) => i >= 0.5 && i >= 4.0 * a,
            _ => false,
        }
    }
}

/// Counts the overtaking of [`PriorityFit`]; `None` when the log identifies no caller.
pub fn fit_priority(log: &CallLog) -> Option<PriorityFit> {
    if log.records.iter().all(|r| r.caller.is_none()) {
        return None;
    }
    let mut fit = PriorityFit::default();
    let mut queued: Vec<(f64, f64, bool)> = Vec::new();
    for day in log.records.chunk_by(|a, b| a.date == b.date) {
        queued.clear();
        queued.extend(day.iter().filter_map(|r| {
            let (a, b) = (r.queue_start_s?, r.queue_exit_s?);
            (r.outcome == Outcome::Answered && b > a).then_some((a, b, r.caller.is_some()))
        }));
        queued.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.total_cmp(&y.1)));
        for (i, &(start, exit, identified)) in queued.iter().enumerate() {
            for &(s2, e2, id2) in queued[i + 1..].iter().take(PRIORITY_SCAN) {
                if s2 >= exit {
                    break;
                }
                if s2 == start || id2 == identified {
                    continue;
                }
                let pair = if id2 {
                    &mut fit.identified_over_anonymous
                } else {
                    &mut fit.anonymous_over_identified
                };
                pair.1 += 1;
                if e2 < exit {
                    pair.0 += 1;
                }
            }
        }
    }
    Some(fit)
}
