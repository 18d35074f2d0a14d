//! Simulation settings: the number of replications and the seed.

use serde_saphyr::Spanned;

use super::{Checker, MAX_REPLICATIONS};
use crate::scenario::model::SimulationSettings;
use crate::scenario::raw::RawSimulation;

impl Checker<'_> {
    pub(super) fn simulation(&mut self, s: &Spanned<RawSimulation>) -> Option<SimulationSettings> {
        let r = &s.value;
        let replications = self.whole_or(
            "simulation",
            "replications",
            &r.replications,
            (1, MAX_REPLICATIONS),
            "a whole number of replications from 1 to 100,000",
            30,
        );
        let seed = self.whole_or(
            "simulation",
            "seed",
            &r.seed,
            (0, u64::MAX),
            "a whole number from 0 to 18446744073709551615",
            1,
        );
        Some(SimulationSettings {
            replications: replications? as u32,
            seed: seed?,
        })
    }
}
