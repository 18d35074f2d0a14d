//! Statistics: streamed counters and histograms filled by the engine, and estimates across
//! replications. Nothing here stores individual calls.

pub mod cell;
pub mod estimate;
pub mod histogram;
pub mod line_grid;
pub mod replication;
pub mod response;
pub mod run;
pub mod student;
pub mod verdict;

pub use cell::{Cell, Figures, MAX_THRESHOLDS};
pub use estimate::{Estimate, Welford};
pub use histogram::Histogram;
pub use line_grid::{LINES, LineGrid, by_line};
pub use replication::ReplicationStats;
pub use response::DayResponses;
pub use run::RunStats;
pub use verdict::{Bound, Verdict};
