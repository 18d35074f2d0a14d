//! What a replay takes from a scenario: the 1st line's handling times (by contact type,
//! matched to the log's call types by name) and their factors by time of day and by agent
//! (matched to the log's agents by name; 1 for an agent the scenario does not name), caller
//! patience (a contact type's own where it has one, else the callers'), the 1st line's availability and the service-level threshold.

use super::replay::{Availability, HandleMix, HandlePart, ReplayModel};
use crate::engine::sampler::Sampler;
use crate::scenario::{ContactType, Scenario};

/// Threshold used when the scenario states no service-level target, seconds.
pub const DEFAULT_THRESHOLD_S: f64 = 60.0;

/// The replay model of `sc` for a log whose call types are named `log_types` and whose
/// agents are named `log_agents`.
pub fn replay_model(sc: &Scenario, log_types: &[String], log_agents: &[String]) -> ReplayModel {
    let by_agent = &sc.lines.first.handle_factor_by_agent;
    let agent_factor = if by_agent.is_empty() {
        Vec::new()
    } else {
        log_agents
            .iter()
            .map(|name| by_agent.iter().find(|a| &a.0 == name).map_or(1.0, |a| a.1))
            .collect()
    };
    let types = &sc.contact_types;
    let all: Vec<&ContactType> = types.iter().collect();
    let handle_default = mix_of(&all);
    let handle_by_type = log_types
        .iter()
        .map(|name| match types.iter().find(|t| &t.name == name) {
            Some(t) => mix_of(&[t]),
            None => handle_default.clone(),
        })
        .collect();
    let cal = &sc.calendar;
    ReplayModel {
        handle_by_type,
        handle_default,
        grid_open_s: cal.open_s as f64,
        grid_step_s: cal.interval_s as f64,
        patience: sc.callers.patience.as_ref().map(Sampler::new),
        patience_by_type: log_types
            .iter()
            .map(|name| {
                types
                    .iter()
                    .find(|t| &t.name == name)
                    .and_then(|t| t.patience.as_ref())
                    .map(Sampler::new)
            })
            .collect(),
        identified_first: sc.callers.identified_first,
        agent_factor,
        availability: sc
            .lines
            .first
            .availability
            .and_then(|a| Availability::from_share(a.share, a.away_mean_s)),
        threshold_s: sc
            .targets
            .service_level
            .map_or(DEFAULT_THRESHOLD_S, |t| t.within_s),
    }
}

/// Contact types mixed by their shares.
fn mix_of(members: &[&ContactType]) -> HandleMix {
    let total: f64 = members.iter().map(|t| t.share).sum();
    let n = members.len();
    let mut acc = 0.0;
    let parts = members
        .iter()
        .enumerate()
        .map(|(i, t)| {
            acc += if total > 0.0 {
                t.share / total
            } else {
                1.0 / n as f64
            };
            HandlePart {
                cumulative_share: if i + 1 == n { 1.0 } else { acc },
                sampler: Sampler::new(&t.first_line_handle),
                mean_s: t.first_line_handle.mean_s(),
                factor: t.first_line_handle_factor.clone(),
            }
        })
        .collect();
    HandleMix { parts }
}
