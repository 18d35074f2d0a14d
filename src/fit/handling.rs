//! Handling times per call type, and their variation by time of day.
//!
//! Each call type with at least [`MIN_TYPE_CALLS`] answered calls gets its own family
//! (chosen by AIC) and mean; rarer types share the pooled fit. The factor by time of day
//! is, per hour, the observed handling total over the total the per-type means predict for
//! the same calls (so a change in the mix of types is not mistaken for slower handling);
//! hours with fewer than [`MIN_HOUR_CALLS`] answered calls keep a factor of 1.

use super::agent_speed::{AgentSpeedFit, fit_agent_speed};
use super::callers::{Chosen, chosen};
use super::estimate::{Criterion, fit_all_uncensored};
use crate::calllog::CallLog;

pub const MIN_TYPE_CALLS: usize = 30;
pub const MIN_HOUR_CALLS: usize = 100;

/// One call type as fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeFit {
    pub name: String,
    /// Share of first attempts of this type.
    pub share: f64,
    /// Share of this type's calls that never sought an agent (ended in the menu).
    pub self_service: f64,
    pub answered: usize,
    /// This type's own fit, or the pooled one (`own == false`).
    pub handle: Chosen,
    pub own: bool,
}

/// Handling by type, and the factor per hour of day (0–23).
#[derive(Debug, Clone, PartialEq)]
pub struct HandlingFit {
    pub types: Vec<TypeFit>,
    pub pooled: Chosen,
    pub factor_by_hour: [f64; 24],
    /// Each agent's handling factor (see [`super::agent_speed`]); `None` when the log
    /// names fewer than two agents.
    pub by_agent: Option<AgentSpeedFit>,
}

/// Fits handling; `first_attempt[i]` says whether record `i` counts toward type shares.
pub fn fit_handling(log: &CallLog, first_attempt: &[bool]) -> Option<HandlingFit> {
    let all: Vec<f64> = log.records.iter().filter_map(|r| r.handle_s()).collect();
    let pooled = chosen(fit_all_uncensored(&all), Criterion::Aic)?;
    let n_types = log.types.len().max(1);
    let type_of = |t: Option<u16>| t.map_or(0, |t| t as usize).min(n_types - 1);
    let mut handle: Vec<Vec<f64>> = vec![Vec::new(); n_types];
    let mut calls = vec![0usize; n_types];
    let mut menu_only = vec![0usize; n_types];
    for (i, r) in log.records.iter().enumerate() {
        let t = type_of(r.call_type);
        if let Some(h) = r.handle_s() {
            handle[t].push(h);
        }
        if first_attempt[i] {
            calls[t] += 1;
            if r.seek_s().is_none() {
                menu_only[t] += 1;
            }
        }
    }
    let total: usize = calls.iter().sum();
    let mut types = Vec::new();
    for t in 0..n_types {
        if calls[t] == 0 {
            continue;
        }
        let own = if handle[t].len() >= MIN_TYPE_CALLS {
            chosen(fit_all_uncensored(&handle[t]), Criterion::Aic)
        } else {
            None
        };
        let name = log
            .types
            .get(t)
            .cloned()
            .unwrap_or_else(|| "all".to_owned());
        types.push(TypeFit {
            name,
            share: calls[t] as f64 / total.max(1) as f64,
            self_service: menu_only[t] as f64 / calls[t] as f64,
            answered: handle[t].len(),
            own: own.is_some(),
            handle: own.unwrap_or_else(|| pooled.clone()),
        });
    }
    // Expected handling of each answered call under the per-type means.
    let mean_of = |t: usize| {
        types
            .iter()
            .find(|f| log.types.get(t).is_none_or(|n| *n == f.name))
            .map_or(pooled.fit.model.mean_s(), |f| f.handle.fit.model.mean_s())
    };
    let mut observed = [0.0; 24];
    let mut predicted = [0.0; 24];
    let mut count = [0usize; 24];
    for r in &log.records {
        let (Some(h), Some(seek)) = (r.handle_s(), r.seek_s()) else {
            continue;
        };
        let hour = ((seek / 3600.0) as usize) % 24;
        observed[hour] += h;
        predicted[hour] += mean_of(type_of(r.call_type));
        count[hour] += 1;
    }
    let factor_by_hour = std::array::from_fn(|h| {
        if count[h] >= MIN_HOUR_CALLS && predicted[h] > 0.0 {
            (observed[h] / predicted[h]).clamp(0.1, 10.0)
        } else {
            1.0
        }
    });
    let by_agent = fit_agent_speed(log, |i| {
        let r = &log.records[i];
        let seek = r.seek_s()?;
        r.handle_s()?;
        Some(mean_of(type_of(r.call_type)) * factor_by_hour[((seek / 3600.0) as usize) % 24])
    });
    Some(HandlingFit {
        types,
        pooled,
        factor_by_hour,
        by_agent,
    })
}
