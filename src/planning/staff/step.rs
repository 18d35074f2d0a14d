//! How many agents a polishing step moves a cell by: Erlang A's slope at the cell's
//! measured load, calibrated on the cell's simulated figures.
//!
//! ISA's polishing used to move every cell by one agent a simulation, so a cell short by
//! three agents took three simulations (and its neighbours, whose carried-over calls
//! change with it, often one or two more). A step is sized instead: for a cell simulated
//! with `c` agents on shift, whose offered load `L` (erlangs) and figures' bounds at the
//! stated confidence were measured, each figure `f` is predicted at `c'` agents as
//!
//! ```text
//! bound(c') ≈ bound(c) + f_A(x(c')) − f_A(x(c))
//! ```
//!
//! with `f_A` Erlang A's steady-state figure at load `L` (the line's mean handling time,
//! the callers' mean patience) and `x(c) = c × share` the agents available out of `c`
//! on shift (the line's availability share, 1 without `availability`). The simulated
//! bound carries everything Erlang A leaves out (carried-over calls, redials, the
//! bound's half-width); Erlang A gives only how much one agent more or less moves it.
//!
//! * A cell that misses goes to the fewest `c' > c` whose predicted bounds all meet
//!   (at most [`MAX_STEP`] agents more; one more when nothing can be predicted).
//! * A cell that meets may lose every agent its predicted bounds allow, at least one
//!   (the trim then tests it in simulation, as before) and at most [`MAX_STEP`].

use crate::erlang::{Figures, Model, Target};
use crate::scenario::{LineId, Scenario};

use super::measure::{CellMeans, CellTargets};

/// Most agents a step adds to or takes from a cell.
pub const MAX_STEP: u32 = 20;

/// What the step sizing needs of a scenario: each line's mean handling time and
/// availability share, and the callers' mean patience.
#[derive(Debug, Clone, Copy)]
pub struct Sizer {
    aht_s: [f64; 2],
    share: [f64; 2],
    patience_s: Option<f64>,
}

impl Sizer {
    pub fn new(sc: &Scenario) -> Self {
        let share = |l: LineId| {
            sc.lines
                .get(l)
                .and_then(|x| x.availability)
                .map_or(1.0, |a| a.share.min(1.0))
        };
        Sizer {
            aht_s: [
                sc.line_workload(LineId::First).1,
                sc.line_workload(LineId::Second).1,
            ],
            share: [share(LineId::First), share(LineId::Second)],
            patience_s: sc.callers.patience.as_ref().map(|p| p.mean_s()),
        }
    }

    /// Erlang A at the cell's measured load, `None` when there is none to size from.
    fn model(&self, cell: &CellMeans, line: LineId) -> Option<Model> {
        let load = cell.offered_load.get();
        let aht = self.aht_s[line.index()];
        if !(load.is_finite() && load > 0.0 && aht > 0.0) {
            return None;
        }
        let mut model = Model::new(load / aht * 3600.0, aht).ok()?;
        if let Some(p) = self.patience_s {
            model = model.with_patience_s(p).ok()?;
        }
        Some(model)
    }

    /// Erlang A's figures with `agents` on shift of `line` (those available out of them),
    /// at the threshold of `t`'s service-level target (any threshold serves the other
    /// figures); `None` when fewer than one agent is available or the solver fails.
    fn figures_at(
        &self,
        model: &Model,
        t: &CellTargets,
        line: LineId,
        agents: u32,
    ) -> Option<Figures> {
        let available = f64::from(agents) * self.share[line.index()];
        if available < 1.0 {
            return None;
        }
        let threshold_s = t
            .targets
            .iter()
            .find_map(|t| match *t {
                Target::ServiceLevel { threshold_s, .. } => Some(threshold_s),
                _ => None,
            })
            .unwrap_or(0.0);
        model.figures(available, threshold_s).ok()
    }

    /// Whether the cell's bounds, predicted at Erlang A's figures `a1` from those
    /// measured where Erlang A gives `a0`, all meet `t`'s targets.
    fn meets(cell: &CellMeans, t: &CellTargets, a0: &Figures, a1: &Figures) -> bool {
        let c = &t.confidence;
        // A figure the cell never defined (no answered call for the ASA) is not judged.
        t.targets.iter().all(|target| match *target {
            Target::ServiceLevel {
                definition,
                at_least,
                ..
            } => {
                let b = cell.service_level.bound(c, false);
                let slope = a1.service_level.get(definition) - a0.service_level.get(definition);
                !b.is_finite() || b + slope >= at_least
            }
            Target::Abandonment { at_most } => {
                let b = cell.abandonment.bound(c, true);
                !b.is_finite() || b + (a1.p_abandon - a0.p_abandon) <= at_most
            }
            Target::Asa { at_most_s } => {
                let b = cell.asa_s.bound(c, true);
                !b.is_finite() || b + (a1.asa_s - a0.asa_s) <= at_most_s
            }
            Target::Occupancy { at_most } => {
                let b = cell.occupancy.bound(c, true);
                !b.is_finite() || b + (a1.occupancy - a0.occupancy) <= at_most
            }
        })
    }

    /// Agents on shift a cell that misses `t` with `agents` should get: the fewest more
    /// whose predicted bounds meet, at most [`MAX_STEP`] more, one more when nothing can
    /// be predicted.
    pub fn repaired(&self, cell: &CellMeans, t: &CellTargets, line: LineId, agents: u32) -> u32 {
        let Some(model) = self.model(cell, line) else {
            return agents + 1;
        };
        let Some(a0) = self.figures_at(&model, t, line, agents) else {
            return agents + 1;
        };
        for to in agents + 1..=agents + MAX_STEP {
            let Some(a1) = self.figures_at(&model, t, line, to) else {
                return agents + 1;
            };
            if Self::meets(cell, t, &a0, &a1) {
                return to;
            }
        }
        agents + MAX_STEP
    }

    /// Agents on shift a cell that meets `t` with `agents` (at least 1) may be trimmed
    /// to: the fewest whose predicted bounds still meet, at least one fewer than
    /// `agents` and at most [`MAX_STEP`] fewer.
    pub fn trimmed(&self, cell: &CellMeans, t: &CellTargets, line: LineId, agents: u32) -> u32 {
        let mut to = agents - 1;
        let Some(model) = self.model(cell, line) else {
            return to;
        };
        let Some(a0) = self.figures_at(&model, t, line, agents) else {
            return to;
        };
        let floor = agents.saturating_sub(MAX_STEP);
        while to > floor
            && self
                .figures_at(&model, t, line, to - 1)
                .is_some_and(|a1| Self::meets(cell, t, &a0, &a1))
        {
            to -= 1;
        }
        to
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erlang::required_agents;
    use crate::planning::staff::measure::Confidence;
    use crate::service_level::SlDefinition;

    const LOAD: f64 = 20.0;
    const AHT: f64 = 300.0;
    const PATIENCE: f64 = 180.0;

    fn model() -> Model {
        Model::new(LOAD / AHT * 3600.0, AHT)
            .unwrap()
            .with_patience_s(PATIENCE)
            .unwrap()
    }

    fn sizer(share: f64) -> Sizer {
        Sizer {
            aht_s: [AHT, AHT],
            share: [share, share],
            patience_s: Some(PATIENCE),
        }
    }

    fn service_level() -> Target {
        Target::ServiceLevel {
            definition: SlDefinition::Offered,
            threshold_s: 60.0,
            at_least: 0.8,
        }
    }

    /// Judged at 95% over 10 replications.
    fn targets(targets: Vec<Target>) -> CellTargets {
        CellTargets {
            targets,
            definition: SlDefinition::Offered,
            threshold: 0,
            confidence: Confidence::new(0.95, 10),
        }
    }

    /// A cell measured at `LOAD` with Erlang A's figures at `available` agents, plus
    /// `extra_abandonment`, identical in 10 replications (so every bound is the mean).
    fn cell(available: f64, extra_abandonment: f64) -> CellMeans {
        let f = model().figures(available, 60.0).unwrap();
        let mut c = CellMeans {
            reached_queue: 1000,
            ..CellMeans::default()
        };
        for _ in 0..10 {
            c.offered_load.add(LOAD);
            c.service_level.add(f.service_level.offered);
            c.abandonment.add(f.p_abandon + extra_abandonment);
            c.asa_s.add(f.asa_s);
            c.occupancy.add(f.occupancy);
        }
        c
    }

    #[test]
    fn a_repair_goes_to_erlang_as_requirement_in_one_step() {
        let t = targets(vec![service_level(), Target::Abandonment { at_most: 0.05 }]);
        let need = required_agents(&model(), &t.targets, 60.0).unwrap().agents;
        assert!(need > 20, "{need}");
        let s = sizer(1.0);
        // Short by 4 agents: one step of 4, not 4 simulations.
        let short = need - 4;
        let c = cell(f64::from(short), 0.0);
        assert!(c.misses(&t));
        assert_eq!(s.repaired(&c, &t, LineId::First, short), need);
        // Short by one: one more.
        let c = cell(f64::from(need - 1), 0.0);
        assert_eq!(s.repaired(&c, &t, LineId::First, need - 1), need);
    }

    #[test]
    fn a_cell_worse_than_erlang_a_is_sized_for_its_own_bound() {
        // Measured 1.5 points of abandonment above Erlang A (carried-over calls,
        // redials): the step is sized so that the measured bound, moved by Erlang A's
        // slope, meets 5%; that is Erlang A's requirement for 3.5%.
        let t = targets(vec![Target::Abandonment { at_most: 0.05 }]);
        let strict = targets(vec![Target::Abandonment { at_most: 0.035 }]);
        let need = required_agents(&model(), &strict.targets, 60.0)
            .unwrap()
            .agents;
        let from = need - 5;
        let c = cell(f64::from(from), 0.015);
        assert_eq!(sizer(1.0).repaired(&c, &t, LineId::First, from), need);
    }

    #[test]
    fn a_trim_takes_what_the_slope_says_is_spare_and_at_least_one() {
        let t = targets(vec![service_level(), Target::Abandonment { at_most: 0.05 }]);
        let need = required_agents(&model(), &t.targets, 60.0).unwrap().agents;
        let s = sizer(1.0);
        let c = cell(f64::from(need + 3), 0.0);
        assert_eq!(s.trimmed(&c, &t, LineId::First, need + 3), need);
        // At the edge the trim still tries one fewer (the simulation decides).
        let c = cell(f64::from(need), 0.0);
        assert_eq!(s.trimmed(&c, &t, LineId::First, need), need - 1);
        // Never more than MAX_STEP at once.
        let c = cell(f64::from(need + 30), 0.0);
        assert_eq!(
            s.trimmed(&c, &t, LineId::First, need + 30),
            need + 30 - MAX_STEP
        );
    }

    #[test]
    fn availability_scales_the_agents_the_slope_is_read_at() {
        // Half the agents on shift are available: 2 on shift per agent Erlang A needs.
        let t = targets(vec![Target::Abandonment { at_most: 0.05 }]);
        let need = required_agents(&model(), &t.targets, 60.0).unwrap().agents;
        let on_shift = 2 * (need - 3);
        let c = cell(f64::from(need - 3), 0.0);
        let to = sizer(0.5).repaired(&c, &t, LineId::First, on_shift);
        // Erlang A is interpolated between whole agents: 2·need − 1 on shift leave
        // need − ½ available, whose abandonment lies between need − 1's (a miss) and
        // need's (met).
        let half = model().figures(f64::from(need) - 0.5, 60.0).unwrap();
        let expected = if half.p_abandon <= 0.05 {
            2 * need - 1
        } else {
            2 * need
        };
        assert_eq!(to, expected, "{need} {half:?}");
        assert!(to > on_shift + 4, "a step of more than 2 agents available");
    }

    #[test]
    fn without_a_load_to_size_from_a_step_is_one_agent() {
        let t = targets(vec![Target::Abandonment { at_most: 0.05 }]);
        let mut c = CellMeans {
            reached_queue: 3,
            ..CellMeans::default()
        };
        c.abandonment.add(0.5);
        c.abandonment.add(0.5);
        assert!(c.misses(&t));
        assert_eq!(sizer(1.0).repaired(&c, &t, LineId::Second, 4), 5);
        assert_eq!(sizer(1.0).trimmed(&c, &t, LineId::Second, 4), 3);
    }
}
