//! Caller behaviour from a log: patience (censored by service), redials (from repeated
//! caller ids) and the time spent in the menu.

use std::collections::HashSet;

use super::estimate::{
    Comparison, Criterion, Fitted, choose, compare, fit_all_censored, fit_all_uncensored,
    kaplan_meier,
};
use crate::calllog::{CallLog, Outcome};

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
    let mut observed = Vec::new();
    let mut censored = Vec::new();
    for r in &log.records {
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
    let chosen = chosen(
        fit_all_censored(&observed, &censored),
        Criterion::KsDistance,
    )?;
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
