//! Errors that reach the user, and the exit codes they map to.
//!
//! Exit codes: 0 all went well, 1 a check failed (a target missed, a claim not supported),
//! 2 bad input or usage (a broken scenario, a bad flag, an unreadable file).

use std::process::ExitCode;

/// What a command reports when it finishes without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was done and every check held.
    Ok,
    /// The command ran, but a check it was asked to make failed.
    CheckFailed,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::CheckFailed => ExitCode::from(1),
        }
    }
}

/// An error the user must fix: always exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more scenario files failed to load; the message is the rendered diagnostics.
    #[error("{0}")]
    Scenario(#[from] crate::scenario::ScenarioErrors),
    /// A call log that cannot be read; the message locates every problem.
    #[error("{0}")]
    Log(#[from] crate::calllog::LogError),
    /// A flag or a combination of flags that cannot be served.
    #[error("{0}")]
    Usage(String),
    /// Input the analytic core cannot answer (e.g. an unstable Erlang C system).
    #[error("{0}")]
    Model(String),
    /// File and other I/O errors, with context.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(2)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
