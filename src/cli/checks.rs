//! Checks of flag values shared by the commands' settings: each failure is a usage error
//! naming the flag, the value found and what is expected (exit 2).

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
