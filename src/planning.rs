//! The planning commands' library: what `staff`, `sweep`, `compare`, `check` and `regress`
//! compute, with no terminal or file I/O beyond [`output`].
//!
//! They share one vocabulary: the [`headline`] figures of a run, read per replication so
//! that every comparison (a grid point against another, scenario B against A, today
//! against a stored baseline) is made on independent replications with common random
//! numbers.

pub mod headline;
pub mod interval;
pub mod output;

pub mod claims;
pub mod compare;
pub mod cost;
pub mod edit;
pub mod first_day;
pub mod regress;
pub mod schedule;
pub mod staff;
pub mod sweep;
