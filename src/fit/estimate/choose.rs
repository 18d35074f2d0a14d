//! Choosing a family among fitted candidates, and the comparison table a report prints.

use super::censored;
use super::family::Family;
use super::fitted::Fitted;
use super::uncensored;

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
    /// AIC minus the smallest AIC among the candidates (0 for the chosen one).
    pub delta_aic: f64,
    /// The Kolmogorov–Smirnov distance to the data.
    pub ks_distance: f64,
}

/// Every candidate fitted to one sample, in [`Family::ALL`] order, and the one chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The candidates that could be fitted.
    pub candidates: Vec<Candidate>,
    /// The family with the lowest AIC.
    pub chosen: Family,
}

/// The fit with the lowest AIC (Akaike's information criterion, 2k − 2 ln L with k the
/// number of parameters): the best likelihood after a penalty of one log-likelihood unit
/// per parameter, so the one-parameter exponential wins unless a second parameter earns
/// its keep. All candidates must be fitted to the same data for their AICs to compare.
/// Ties go to the earlier fit; fits with a non-finite AIC are skipped. `None` if no fit
/// qualifies.
pub fn choose(fits: &[Fitted]) -> Option<&Fitted> {
    fits.iter()
        .filter(|f| f.aic.is_finite())
        .fold(None, |best: Option<&Fitted>, f| match best {
            Some(b) if b.aic <= f.aic => Some(b),
            _ => Some(f),
        })
}

/// The comparison table of `fits` and the family [`choose`] picks; `None` if it picks none.
pub fn compare(fits: &[Fitted]) -> Option<Comparison> {
    let chosen = choose(fits)?;
    let candidates = fits
        .iter()
        .map(|f| Candidate {
            family: f.family(),
            mean_s: f.model.mean_s(),
            cv: f.model.cv(),
            log_likelihood: f.log_likelihood,
            aic: f.aic,
            delta_aic: f.aic - chosen.aic,
            ks_distance: f.ks_distance,
        })
        .collect();
    Some(Comparison {
        candidates,
        chosen: chosen.family(),
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
            let table = compare(&fit_all_uncensored(&x)).unwrap();
            assert_eq!(table.candidates.len(), 4);
            eprintln!("uncensored {family:?}: {:?}", deltas(&table));
            assert_eq!(table.chosen, family, "{:#?}", table.candidates);
            let (observed, censored) = censor(&x, 240.0, 500 + i as u64);
            let table = compare(&fit_all_censored(&observed, &censored)).unwrap();
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
        assert!(choose(&[]).is_none());
        let best = choose(&fits).unwrap().family();
        for f in &mut fits {
            if f.family() == best {
                f.aic = f64::NAN;
            }
        }
        let runner_up = choose(&fits).unwrap();
        assert_ne!(runner_up.family(), best);
        let first = runner_up.clone();
        let twins = [first.clone(), first];
        assert!(std::ptr::eq(choose(&twins).unwrap(), &twins[0]));
    }
}
