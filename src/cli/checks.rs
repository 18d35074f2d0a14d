//! Checks of flag values shared by the commands' settings: each failure is a usage error
//! naming the flag, the value found and what is expected (exit 2).

use super::{BacktestArgs, CheckArgs};
use crate::error::{Error, Result};

/// `{flag} {value}: expected {expected}`.
pub(crate) fn usage(flag: &str, value: impl std::fmt::Display, expected: &str) -> Error {
    Error::Usage(format!("{flag} {value}: expected {expected}"))
}

/// A finite number above 0.
pub(crate) fn positive(flag: &str, v: f64) -> Result<f64> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(usage(flag, v, "a number above 0"))
    }
}

/// A finite number of at least 0.
pub(crate) fn non_negative(flag: &str, v: f64) -> Result<f64> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(usage(flag, v, "a number of at least 0"))
    }
}

/// A number from 0 to 1.
pub(crate) fn probability(flag: &str, v: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(usage(flag, v, "a probability between 0 and 1"))
    }
}

impl CheckArgs {
    /// `--capacity-step`, checked: at least 1 call per day.
    pub fn capacity_step(&self) -> Result<f64> {
        if self.capacity_step.is_finite() && self.capacity_step >= 1.0 {
            Ok(self.capacity_step)
        } else {
            Err(Error::Usage(format!(
                "--capacity-step must be a number of calls per day ≥ 1, found {}",
                self.capacity_step
            )))
        }
    }
}

impl BacktestArgs {
    /// `--max-abandonment-mae` and `--max-asa-mae-s`, checked: at least 0 where given.
    pub fn tolerances(&self) -> Result<(Option<f64>, Option<f64>)> {
        for (flag, v) in [
            ("--max-abandonment-mae", self.max_abandonment_mae),
            ("--max-asa-mae-s", self.max_asa_mae_s),
        ] {
            if let Some(v) = v
                && !(v.is_finite() && v >= 0.0)
            {
                return Err(Error::Usage(format!(
                    "{flag}: found {v}, expected a number ≥ 0"
                )));
            }
        }
        Ok((self.max_abandonment_mae, self.max_asa_mae_s))
    }
}
