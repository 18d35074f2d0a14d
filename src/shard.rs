//! Sharded runs: a long `run` or `sweep` split into shards that a cluster's scheduler
//! (a Slurm job array, a Kubernetes Indexed Job) runs anywhere, and merged back into
//! exactly — byte for byte — the files one process would have written.
//!
//! A shard owns a contiguous block of the work ([`Shard::block`]): replications of a
//! run, grid points of a sweep. Each replication keeps its own random streams (seeded
//! from the seed and its number), so nothing a shard computes depends on how many shards
//! there are. A shard writes a [`part`] file holding its block's results exactly; `ccplan
//! merge` checks that the parts make up one whole job ([`check`]) and then feeds them to
//! the code an unsharded run uses: a run's replications are added to the estimates one by
//! one in replication order ([`run::merge`]), a sweep's points are put back in grid order
//! ([`sweep::merge`]), and the usual writers write the usual files.

pub mod check;
pub mod codec;
pub mod part;
pub mod replication;
pub mod run;
mod spec;
pub mod sweep;

pub use check::Named;
pub use part::{Kind, Part};
pub use spec::{COUNT_ENV, Shard};
