//! Statistical estimators behind `ccplan fit`, as pure functions over slices of seconds.
//!
//! Four families ([`Family`]) are parameterised as scenarios are, by mean [s] and
//! coefficient of variation; [`fit_uncensored`] fits one to complete samples (handling
//! times) and [`fit_censored`] to right-censored ones (patience: abandoned waits are
//! events, answered waits censorings), both by maximum likelihood. [`choose`] picks the
//! family by a [`Criterion`] (lowest AIC, or smallest KS distance for patience) and
//! [`compare`] lays out every candidate with AIC and KS distance.
//! [`kaplan_meier`] gives the distribution-free survival curve, and [`day_to_day_cv`] the
//! gamma-mixing cv of daily call counts.
//!
//! Samples are held as distinct values with their counts, so a million logged durations
//! cost one likelihood term per distinct value; samples of more than [`GRID_MIN_N`] values
//! are also merged on a grid of [`GRID_S`] (see `grouped.rs` for the bound on the change).
//!
//! ```
//! use ccplan::fit::estimate::{Criterion, Family, compare, fit_all_uncensored};
//!
//! let handle_s = [95.0, 180.0, 240.0, 130.0, 410.0, 75.0, 300.0, 220.0, 160.0, 0.0];
//! let table = compare(&fit_all_uncensored(&handle_s), Criterion::Aic).expect("fits");
//! let best = table.candidates.iter().find(|c| c.family == table.chosen).unwrap();
//! assert!(best.mean_s > 100.0 && best.mean_s < 300.0);
//! assert_eq!(best.delta_aic, 0.0);
//! ```

mod censored;
mod choose;
mod family;
mod fitted;
mod grouped;
mod kaplan_meier;
mod mixture;
mod nelder_mead;
mod overdispersion;
mod root;
mod special;
#[cfg(test)]
mod test_support;
mod uncensored;

pub use censored::fit_censored;
pub use choose::{
    Candidate, Comparison, Criterion, choose, compare, fit_all_censored, fit_all_uncensored,
};
pub use family::{CV_RANGE, Family, Model, gamma_shape_scale, weibull_cv, weibull_shape_from_cv};
pub use fitted::{
    Fitted, MIN_DURATION_S, QuantileComparison, REPORT_PROBABILITIES, log_likelihood,
    prepare_observed,
};
pub use grouped::{GRID_MIN_N, GRID_S};
pub use kaplan_meier::{kaplan_meier, quantile_s, restricted_mean_s, survival_at};
pub use mixture::{ExponentialMixture, fit_exponential_mixture};
pub use overdispersion::day_to_day_cv;
pub use special::{gamma_p, gamma_p_inverse, gamma_q, ln_gamma};
pub use uncensored::fit_uncensored;
