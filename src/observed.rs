//! What a call log says happened, in the terms the model uses: the callers who sought an
//! agent (a trace to replay), the agents on duty (presence sessions measured from their
//! service records), and the service figures actually achieved, per hour and per day.
//!
//! `fit` estimates a scenario from these; `backtest` replays the trace and compares.

mod day;
mod figures;
mod sessions;

pub use day::{DayTrace, TraceCall, day_traces};
pub use figures::{Figure, FigureTally, Tally};
pub use sessions::{SESSION_GAP_S, Session, sessions_of};
