//! The claims file as written: serde structs mirroring the YAML (unknown and repeated
//! keys rejected), every value wrapped in `Spanned` so that the check can point at it.

use serde::Deserialize;
use serde::de::Deserializer;
use serde_saphyr::Spanned;

use crate::yaml::{Num, Opt, WordOrList};

/// Top-level keys, for messages.
pub(super) const TOP_KEYS: [&str; 8] = [
    "bidder",
    "line",
    "capacity",
    "service_level",
    "abandonment",
    "asa",
    "on_peak_days",
    "staffing",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaims {
    pub(super) bidder: Opt<String>,
    pub(super) line: Opt<String>,
    pub(super) capacity: Opt<RawCapacity>,
    pub(super) service_level: Opt<RawSl>,
    pub(super) abandonment: Opt<RawAtMost>,
    pub(super) asa: Opt<RawAsa>,
    pub(super) on_peak_days: Opt<PeakDays>,
    pub(super) staffing: Opt<RawStaffing>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCapacity {
    pub(super) calls_per_day: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSl {
    pub(super) within_s: Opt<Num>,
    pub(super) at_least: Opt<Num>,
    pub(super) definition: Opt<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAtMost {
    pub(super) at_most: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAsa {
    pub(super) at_most_s: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStaffing {
    pub(super) posts: Opt<Num>,
    pub(super) permanent_share: Opt<RawAtLeast>,
    pub(super) reinforcement: Opt<Vec<Spanned<RawReinforcement>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAtLeast {
    pub(super) at_least: Opt<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReinforcement {
    pub(super) during: Opt<String>,
    pub(super) extra_agents: Opt<Num>,
}

/// `on_peak_days`: `any` or a list of peak names.
#[derive(Debug)]
pub(super) struct PeakDays(pub(super) WordOrList<String>);

impl<'de> Deserialize<'de> for PeakDays {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        WordOrList::deserialize_expecting(deserializer, "`any` or a list of peak names")
            .map(PeakDays)
    }
}
