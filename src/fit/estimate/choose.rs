//! Choosing a family among fitted candidates, and the comparison table a report prints.

use super::censored;
use super::family::Family;
use super::fitted::Fitted;
use super::uncensored;
use crate::scenario::{MAX_CV, MAX_DURATION_S};

/// One candidate family's fit, as the report lists it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The family.
    pub family: Family,
    /// The fitted mean [s].
    pub mean_s: f64,
    /// The fitted coefficient of variation.
    pub cv: f64,
    /// The maximised log-likelihood.
    pub log_likelihood: f64,
    /// Akaike's information criterion, 2k − 2 ln L.
    pub aic: f64,
    /// AIC minus the smallest AIC among the candidates (0 for the best by AIC).
    pub delta_aic: f64,
    /// The Kolmogorov–Smirnov distance to the data.
    pub ks_distance: f64,
}

/// Every candidate fitted to one sample, in [`Family::ALL`] order, and the one chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The candidates that could be fitted.
    pub candidates: Vec<Candidate>,
    /// The family the criterion picked.
    pub chosen: Family,
    /// How it was picked.
    pub criterion: Criterion,
}

/// How a family is chosen among the fitted candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    /// The lowest AIC (Akaike's information criterion, 2k − 2 ln L with k the number of
    /// parameters): the best likelihood after a penalty of one log-likelihood unit per
    /// parameter, so the one-parameter exponential wins unless a second parameter earns
    /// its keep. Used for uncensored samples (handling, redial delays, menu times).
    Aic,
    /// The smallest Kolmogorov–Smirnov distance between the fitted CDF and the data's
    /// (the Kaplan–Meier curve when censored) over the observed range; distances within
    /// 1/√(observed values) of the smallest — closer than such a sample can tell apart —
    /// are ties, broken by the lowest AIC (so the exponential keeps its place when a
    /// two-parameter family only fits the noise). Used for patience: a queue's
    /// abandonment at a wait `w` is the patience CDF at `w`, so the family that follows
    /// the observed curve everywhere serves the model best, while the likelihood can
    /// favour a family for the bulk of short waits and extrapolate the rarely observed
    /// long ones (on the bank log the lognormal wins AIC by 3–14 points with a mean
    /// patience of 30–46 minutes, far beyond any wait seen, and the worst KS distance).
    KsDistance,
    /// The given family, chosen beforehand on a larger sample (the family the smallest KS
    /// distance picked for every call type's callers together), with only its parameters
    /// fitted to this sample; the smallest KS distance when that family cannot be fitted
    /// here. Used for each call type's patience: a type has fewer abandonments than the
    /// pool, its longest waits are rarer still, and a family picked on them alone
    /// extrapolates the tail (on the bank log a lognormal with a mean patience of 24–59
    /// minutes for some types, where the pooled sample picks a Weibull).
    PooledFamily(Family),
}

impl Criterion {
    /// Key used in `fit.json`.
    pub fn key(self) -> &'static str {
        match self {
            Criterion::Aic => "aic",
            Criterion::KsDistance => "ks_distance",
            Criterion::PooledFamily(_) => "pooled_family",
        }
    }

    /// Words for reports and charts.
    pub fn label(self) -> &'static str {
        match self {
            Criterion::Aic => "lowest AIC",
            Criterion::KsDistance => "smallest KS distance",
            Criterion::PooledFamily(_) => "the family chosen for the pooled sample",
        }
    }
}

/// The fit `criterion` prefers. All candidates must be fitted to the same data for their
/// scores to compare. Ties go to the earlier fit; fits with a non-finite AIC or KS
/// distance are skipped, and so are fits a scenario cannot hold (a coefficient of
/// variation above [`MAX_CV`] or a mean above [`MAX_DURATION_S`]: a few days of heavily
/// censored waits can give a lognormal patience with a cv of 11, which no queue has shown
/// and validation refuses); the exponential (cv 1) always qualifies when it fits. `None`
/// if no fit qualifies.
pub fn choose(fits: &[Fitted], criterion: Criterion) -> Option<&Fitted> {
    let usable = || {
        fits.iter().filter(|f| {
            f.aic.is_finite()
                && f.ks_distance.is_finite()
                && representable(f.model.cv(), f.model.mean_s())
        })
    };
    match criterion {
        Criterion::Aic => lowest_aic(usable()),
        Criterion::KsDistance => {
            let best_ks = usable().map(|f| f.ks_distance).reduce(f64::min)?;
            let n = usable().map(|f| f.n_observed).max().unwrap_or(0);
            let tie = if n > 0 { 1.0 / (n as f64).sqrt() } else { 0.0 };
            lowest_aic(usable().filter(|f| f.ks_distance <= best_ks + tie))
        }
        Criterion::PooledFamily(family) => usable()
            .find(|f| f.family() == family)
            .or_else(|| choose(fits, Criterion::KsDistance)),
    }
}

/// Whether a scenario accepts a distribution with this cv and mean.
fn representable(cv: f64, mean_s: f64) -> bool {
    cv <= MAX_CV && mean_s > 0.0 && mean_s <= MAX_DURATION_S
}

/// The fit with the lowest AIC in `pool`, the earlier of ties.
fn lowest_aic<'a>(pool: impl Iterator<Item = &'a Fitted>) -> Option<&'a Fitted> {
    pool.fold(None, |best: Option<&Fitted>, f| match best {
        Some(b) if b.aic <= f.aic => Some(b),
        _ => Some(f),
    })
}

/// The comparison table of `fits` and the family [`choose`] picks; `None` if it picks none.
pub fn compare(fits: &[Fitted], criterion: Criterion) -> Option<Comparison> {
    let chosen = choose(fits, criterion)?;
    let best_aic = fits
        .iter()
        .map(|f| f.aic)
        .filter(|a| a.is_finite())
        .fold(f64::INFINITY, f64::min);
    let candidates = fits
        .iter()
        .map(|f| Candidate {
            family: f.family(),
            mean_s: f.model.mean_s(),
            cv: f.model.cv(),
            log_likelihood: f.log_likelihood,
            aic: f.aic,
            delta_aic: f.aic - best_aic,
            ks_distance: f.ks_distance,
        })
        .collect();
    Some(Comparison {
        candidates,
        chosen: chosen.family(),
        criterion,
    })
}

/// [`fit_uncensored`](super::fit_uncensored) for every family, skipping those that cannot be fitted. The sample
/// is checked and grouped once for all four.
pub fn fit_all_uncensored(values_s: &[f64]) -> Vec<Fitted> {
    let Some(x) = uncensored::group_uncensored(values_s) else {
        return Vec::new();
    };
    Family::ALL
        .iter()
        .filter_map(|&family| uncensored::fit_grouped(&x, family))
        .collect()
}

/// [`fit_censored`](super::fit_censored) for every family, skipping those that cannot be fitted. The samples
/// are checked and grouped once for all four.
pub fn fit_all_censored(observed_s: &[f64], censored_s: &[f64]) -> Vec<Fitted> {
    let Some((observed, censored)) = censored::group_censored(observed_s, censored_s) else {
        return Vec::new();
    };
    Family::ALL
        .iter()
        .filter_map(|&family| censored::fit_grouped(&observed, &censored, family))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::family::Model;
    use super::super::test_support::{censor, sample};
    use super::*;

    #[test]
    fn aic_picks_the_generating_family() {
        // Moderate cvs away from 1, where the families differ most in shape; one fixed
        // seed per family (the choice is right in most seeds, not all, at small n).
        let n = 20_000;
        for (i, (family, cv)) in [
            (Family::Exponential, 1.0),
            (Family::Lognormal, 0.8),
            (Family::Gamma, 0.6),
            (Family::Weibull, 0.6),
        ]
        .into_iter()
        .enumerate()
        {
            let truth = Model::new(family, 240.0, cv).unwrap();
            let x = sample(&truth, n, 400 + i as u64);
            let table = compare(&fit_all_uncensored(&x), Criterion::Aic).unwrap();
            assert_eq!(table.candidates.len(), 4);
            eprintln!("uncensored {family:?}: {:?}", deltas(&table));
            assert_eq!(table.chosen, family, "{:#?}", table.candidates);
            let (observed, censored) = censor(&x, 240.0, 500 + i as u64);
            let table = compare(&fit_all_censored(&observed, &censored), Criterion::Aic).unwrap();
            eprintln!("censored {family:?}: {:?}", deltas(&table));
            assert_eq!(table.chosen, family, "censored: {:#?}", table.candidates);
        }
    }

    fn deltas(table: &Comparison) -> Vec<(Family, f64)> {
        table
            .candidates
            .iter()
            .map(|c| (c.family, (c.delta_aic * 10.0).round() / 10.0))
            .collect()
    }

    #[test]
    fn choose_skips_non_finite_and_keeps_the_first_of_ties() {
        let x = [1.0, 2.0, 4.0, 8.0];
        let mut fits = fit_all_uncensored(&x);
        assert_eq!(fits.len(), 4, "{fits:#?}");
        assert!(choose(&[], Criterion::Aic).is_none());
        let best = choose(&fits, Criterion::Aic).unwrap().family();
        for f in &mut fits {
            if f.family() == best {
                f.aic = f64::NAN;
            }
        }
        let runner_up = choose(&fits, Criterion::Aic).unwrap();
        assert_ne!(runner_up.family(), best);
        let first = runner_up.clone();
        let twins = [first.clone(), first];
        assert!(std::ptr::eq(
            choose(&twins, Criterion::Aic).unwrap(),
            &twins[0]
        ));
        assert!(std::ptr::eq(
            choose(&twins, Criterion::KsDistance).unwrap(),
            &twins[0]
        ));
    }

    #[test]
    fn a_fit_no_scenario_can_hold_is_never_chosen() {
        // The lognormal's cv set beyond validation's limit: it wins both criteria on
        // the scores, and must still lose to a family a scenario accepts.
        let x: Vec<f64> = (1..=400).map(|i| i as f64).collect();
        let mut fits = fit_all_uncensored(&x);
        let wild = fits
            .iter()
            .position(|f| f.family() == Family::Lognormal)
            .unwrap();
        fits[wild].model = Model::new(Family::Lognormal, 3000.0, MAX_CV * 1.1).unwrap();
        fits[wild].aic = -1e9;
        fits[wild].ks_distance = 0.0;
        for criterion in [Criterion::Aic, Criterion::KsDistance] {
            let chosen = choose(&fits, criterion).unwrap();
            assert_ne!(chosen.family(), Family::Lognormal, "{criterion:?}");
            assert!(chosen.model.cv() <= MAX_CV);
        }
        // Within the limit, the same scores win.
        fits[wild].model = Model::new(Family::Lognormal, 3000.0, MAX_CV).unwrap();
        assert_eq!(
            choose(&fits, Criterion::Aic).unwrap().family(),
            Family::Lognormal
        );
    }

    #[test]
    fn a_far_closer_curve_beats_a_better_likelihood_and_noise_does_not() {
        // Two fits to the same data: B's likelihood is better, A follows the data's curve
        // far more closely. By AIC B wins; by KS A does, unless the gap is within the
        // sample's tie band, when AIC decides again.
        let x: Vec<f64> = (1..=400).map(|i| i as f64).collect();
        let mut fits = fit_all_uncensored(&x);
        fits.truncate(2);
        let (a, b) = (fits[0].family(), fits[1].family());
        fits[0].aic = 100.0;
        fits[1].aic = 90.0;
        fits[0].ks_distance = 0.02;
        fits[1].ks_distance = 0.20;
        assert_eq!(choose(&fits, Criterion::Aic).unwrap().family(), b);
        assert_eq!(choose(&fits, Criterion::KsDistance).unwrap().family(), a);
        // 400 values: distances within 1/20 = 0.05 of the best are ties.
        fits[1].ks_distance = 0.06;
        assert_eq!(choose(&fits, Criterion::KsDistance).unwrap().family(), b);
        fits[1].ks_distance = 0.08;
        assert_eq!(choose(&fits, Criterion::KsDistance).unwrap().family(), a);
    }

    #[test]
    fn each_criterion_picks_its_own_best_and_delta_aic_stays_against_the_best_aic() {
        // A lognormal sample censored early: every family fits the observed range, and the
        // two criteria are free to disagree; each must pick its own minimum.
        let truth = Model::new(Family::Lognormal, 300.0, 2.0).unwrap();
        let x = sample(&truth, 5_000, 77);
        let (observed, censored) = censor(&x, 120.0, 78);
        let fits = fit_all_censored(&observed, &censored);
        let min_by = |score: fn(&Fitted) -> f64| {
            fits.iter()
                .min_by(|a, b| score(a).total_cmp(&score(b)))
                .unwrap()
                .family()
        };
        let by_aic = compare(&fits, Criterion::Aic).unwrap();
        let by_ks = compare(&fits, Criterion::KsDistance).unwrap();
        assert_eq!(by_aic.chosen, min_by(|f| f.aic));
        assert_eq!(by_ks.criterion, Criterion::KsDistance);
        // The KS choice is the lowest AIC among the fits within the tie band of the
        // smallest distance, and that band holds the closest fit.
        let best_ks = fits
            .iter()
            .map(|f| f.ks_distance)
            .fold(f64::INFINITY, f64::min);
        let tie = 1.0 / (observed.len() as f64).sqrt();
        let band: Vec<&Fitted> = fits
            .iter()
            .filter(|f| f.ks_distance <= best_ks + tie)
            .collect();
        assert!(band.iter().any(|f| f.family() == min_by(|f| f.ks_distance)));
        let in_band = band
            .iter()
            .min_by(|a, b| a.aic.total_cmp(&b.aic))
            .unwrap()
            .family();
        assert_eq!(by_ks.chosen, in_band);
        for table in [&by_aic, &by_ks] {
            let best = table
                .candidates
                .iter()
                .map(|c| c.delta_aic)
                .fold(f64::INFINITY, f64::min);
            assert_eq!(best, 0.0);
            assert!(table.candidates.iter().all(|c| c.delta_aic >= 0.0));
        }
    }
}
