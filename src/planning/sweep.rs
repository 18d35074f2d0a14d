//! `ccplan sweep`: a grid of what-ifs over scenario values, every point simulated with the
//! same seed and replications (common random numbers), so that differences between
//! points are differences of the scenario, not of the random draws.
//!
//! Building is separate from running: [`Grid::build`] applies every combination of the
//! `--set` values to the scenario and validates each one, so a bad value is reported
//! before anything is simulated or written; [`run`] simulates the points in parallel and
//! [`Sweep`] turns the results into the `sweep` table, charts, `report.md` and
//! `sweep.json` (see [`report`]).

pub mod report;

use rayon::prelude::*;

use super::cost::AgentHours;
use super::edit::{Document, MAX_POINTS, Setting, value_label};
use super::headline::{self, Figure};
use crate::engine::RunSettings;
use crate::error::{Error, Result};
use crate::report::summary_json::{TargetCheck, Verdict, target_checks};
use crate::scenario::Scenario;
use crate::stats::Estimate;

/// One combination of values: the index of the chosen value of each setting.
#[derive(Debug, Clone, PartialEq)]
pub struct GridPoint {
    pub choice: Vec<usize>,
    pub scenario: Scenario,
}

/// The scenario, the settings and every valid grid point, in grid order (the first
/// `--set` varies slowest, the last fastest).
#[derive(Debug, Clone)]
pub struct Grid {
    pub document: Document,
    pub settings: Vec<Setting>,
    pub points: Vec<GridPoint>,
}

impl Grid {
    /// Builds and validates every point. Errors ([`Error::Usage`]) name the `--set`, the
    /// path, the value and what is allowed; the first invalid point is described and the
    /// number of invalid points given.
    pub fn build(document: Document, settings: Vec<Setting>) -> Result<Grid> {
        if settings.is_empty() {
            return Err(Error::Usage(
                "sweep needs at least one --set PATH=VALUES".into(),
            ));
        }
        for (i, s) in settings.iter().enumerate() {
            if let Some(t) = settings[..i].iter().find(|t| t.path == s.path) {
                return Err(Error::Usage(format!(
                    "--set `{}` and --set `{}` set the same path `{}`: give its values in one --set",
                    t.raw, s.raw, s.path_text
                )));
            }
        }
        document.check_paths(&settings)?;
        let total = settings
            .iter()
            .try_fold(1usize, |n, s| n.checked_mul(s.values.len()))
            .filter(|&n| n <= MAX_POINTS)
            .ok_or_else(|| {
                let sizes: Vec<String> = settings
                    .iter()
                    .map(|s| s.values.len().to_string())
                    .collect();
                Error::Usage(format!(
                    "the grid has {} points; at most {MAX_POINTS} are allowed",
                    sizes.join(" × ")
                ))
            })?;

        // The unedited tree must give back the scenario as loaded: a check that the YAML
        // round trip (dates, times, numbers) loses nothing before any value is changed.
        let unedited = document.apply(&[])?;
        if unedited != document.scenario {
            return Err(Error::Other(anyhow::anyhow!(
                "{}: the scenario read back from its YAML tree differs from the file; please report this",
                document.file
            )));
        }

        let choices: Vec<Vec<usize>> = (0..total)
            .map(|mut n| {
                let mut choice = vec![0; settings.len()];
                for (k, s) in settings.iter().enumerate().rev() {
                    choice[k] = n % s.values.len();
                    n /= s.values.len();
                }
                choice
            })
            .collect();
        let built: Vec<Result<Scenario>> = choices
            .par_iter()
            .map(|choice| {
                let pairs: Vec<(&Setting, usize)> =
                    settings.iter().zip(choice.iter().copied()).collect();
                document.apply(&pairs)
            })
            .collect();
        let bad = built.iter().filter(|r| r.is_err()).count();
        let mut points = Vec::with_capacity(total);
        for (choice, result) in choices.into_iter().zip(built) {
            match result {
                Ok(scenario) => points.push(GridPoint { choice, scenario }),
                Err(Error::Usage(m)) if bad > 1 => {
                    return Err(Error::Usage(format!(
                        "{m}\n({bad} of the {total} grid points are invalid; nothing was simulated)"
                    )));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(Grid {
            document,
            settings,
            points,
        })
    }

    /// Each setting with its value at `point`.
    pub fn chosen<'a>(
        &'a self,
        point: &'a GridPoint,
    ) -> impl Iterator<Item = (&'a Setting, &'a serde_json::Value)> {
        self.settings
            .iter()
            .zip(&point.choice)
            .map(|(s, &k)| (s, &s.values[k]))
    }

    /// `path=value` of each setting at `point`.
    pub fn describe(&self, point: &GridPoint) -> Vec<String> {
        self.chosen(point)
            .map(|(s, v)| format!("{}={}", s.path_text, value_label(v)))
            .collect()
    }
}

/// What one grid point gave.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    pub settings: RunSettings,
    /// This point's headline figures (their targets may differ between points when a
    /// target is swept).
    pub figures: Vec<Figure>,
    /// Mean and 95% interval of each figure, over replications.
    pub estimates: Vec<Estimate>,
    /// Every target of the point's scenario.
    pub checks: Vec<TargetCheck>,
    /// Agent-hours rostered per working day, all lines (see [`AgentHours`]).
    pub agent_hours_per_day: f64,
}

impl PointResult {
    /// Every target's mean on the right side; `None` without targets.
    pub fn all_met(&self) -> Option<bool> {
        (!self.checks.is_empty()).then(|| self.checks.iter().all(|c| c.met))
    }

    /// `met` when every target's interval is on the right side, `missed` when any is
    /// wholly on the wrong side, else `inconclusive`; `None` without targets.
    pub fn verdict(&self) -> Option<Verdict> {
        if self.checks.is_empty() {
            None
        } else if self.checks.iter().all(|c| c.verdict == Verdict::Met) {
            Some(Verdict::Met)
        } else if self.checks.iter().any(|c| c.verdict == Verdict::Missed) {
            Some(Verdict::Missed)
        } else {
            Some(Verdict::Inconclusive)
        }
    }

    /// The estimate of the figure `key`, if this point has it.
    pub fn estimate(&self, key: &str) -> Option<Estimate> {
        self.figures
            .iter()
            .position(|f| f.key == key)
            .map(|i| self.estimates[i])
    }
}

/// A finished sweep: the grid and each point's result, in grid order.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub grid: Grid,
    pub results: Vec<PointResult>,
    /// Every figure of any point, in order of first appearance (the first point's
    /// labels and targets).
    pub figures: Vec<Figure>,
}

/// Simulates every point of `grid` (points in parallel, each with its replications in
/// parallel, on the current rayon pool). `settings_of` gives each point's seed and
/// replications: the same for all points unless the sweep changes `simulation` itself.
/// Results are collected in grid order, so the thread count changes nothing.
pub fn run(
    grid: Grid,
    settings_of: &(dyn Fn(&Scenario) -> RunSettings + Sync),
    progress: &(dyn Fn() + Sync),
) -> Sweep {
    let results: Vec<PointResult> = grid
        .points
        .par_iter()
        .map(|p| point_result(p, settings_of(&p.scenario), progress))
        .collect();
    Sweep::assemble(grid, results)
}

/// Simulates one grid point (a shard of a sweep simulates some of them, see
/// [`crate::shard`]).
pub fn point_result(
    p: &GridPoint,
    settings: RunSettings,
    progress: &(dyn Fn() + Sync),
) -> PointResult {
    let (stats, samples) = headline::simulate(&p.scenario, settings, progress);
    let estimates = (0..samples.headline.len())
        .map(|i| samples.estimate(i))
        .collect();
    PointResult {
        settings,
        figures: samples.headline.figures.clone(),
        estimates,
        checks: target_checks(&p.scenario, &stats),
        agent_hours_per_day: AgentHours::of(&p.scenario).per_day(),
    }
}

impl Sweep {
    /// The sweep of `grid` from each point's result, in grid order (simulated here, or
    /// merged from the parts of a sharded sweep).
    pub fn assemble(grid: Grid, results: Vec<PointResult>) -> Sweep {
        let mut figures: Vec<Figure> = Vec::new();
        for r in &results {
            for f in &r.figures {
                if !figures.iter().any(|g| g.key == f.key) {
                    figures.push(f.clone());
                }
            }
        }
        Sweep {
            grid,
            results,
            figures,
        }
    }
}

impl Sweep {
    /// Index of the point with the fewest agent-hours per day among those whose every
    /// target is met (by the mean); the first in grid order on a tie. `None` when the
    /// scenario has no targets or no point meets them all.
    pub fn cheapest(&self) -> Option<usize> {
        self.cheapest_where(|r| r.all_met() == Some(true))
    }

    /// As [`Sweep::cheapest`], among points whose every target is met conclusively (the
    /// whole 95% interval on the right side).
    pub fn cheapest_conclusive(&self) -> Option<usize> {
        self.cheapest_where(|r| r.verdict() == Some(Verdict::Met))
    }

    fn cheapest_where(&self, ok: impl Fn(&PointResult) -> bool) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, r) in self.results.iter().enumerate() {
            if ok(r)
                && best.is_none_or(|b| r.agent_hours_per_day < self.results[b].agent_hours_per_day)
            {
                best = Some(i);
            }
        }
        best
    }

    /// Each point with its result, numbered from 0, in grid order.
    pub fn points(&self) -> impl Iterator<Item = (usize, &GridPoint, &PointResult)> {
        self.grid
            .points
            .iter()
            .zip(&self.results)
            .enumerate()
            .map(|(i, (p, r))| (i, p, r))
    }

    /// Whether the scenario (any point) has targets.
    pub fn has_targets(&self) -> bool {
        self.results.iter().any(|r| !r.checks.is_empty())
    }

    /// The setting drawn on the x axis of the charts: the first numeric one with several
    /// values, else the first with several values, else the first.
    pub fn axis(&self) -> usize {
        let s = &self.grid.settings;
        s.iter()
            .position(|s| s.is_numeric() && s.values.len() > 1)
            .or_else(|| s.iter().position(|s| s.values.len() > 1))
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = r#"
name: tiny
calendar: {start: 2024-01-08, days: 2, holidays: none, open: "08:00", close: "10:00", interval_min: 30}
demand: {calls_per_day: 1000, intraday_profile: flat}
contact_types: [{name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}]
lines: {first: {shifts: [{start: "08:00", end: "10:00", agents: 40}]}}
targets: {service_level: {at_least: 0.8, within_s: 20}}
simulation: {replications: 4, seed: 3}
"#;

    fn grid(sets: &[&str]) -> Result<Grid> {
        let doc = Document::from_text(YAML, "tiny.yaml").unwrap();
        let settings = sets
            .iter()
            .map(|s| Setting::parse(s))
            .collect::<Result<_>>()?;
        Grid::build(doc, settings)
    }

    #[test]
    fn grid_is_cartesian_with_the_last_set_fastest() {
        let g = grid(&[
            "lines.first.shifts[0].agents=40,45",
            "demand.calls_per_day=900..1000:100",
        ])
        .unwrap();
        let d: Vec<String> = g.points.iter().map(|p| g.describe(p).join(" ")).collect();
        assert_eq!(
            d,
            [
                "lines.first.shifts[0].agents=40 demand.calls_per_day=900",
                "lines.first.shifts[0].agents=40 demand.calls_per_day=1000",
                "lines.first.shifts[0].agents=45 demand.calls_per_day=900",
                "lines.first.shifts[0].agents=45 demand.calls_per_day=1000",
            ]
        );
        assert_eq!(g.points[3].scenario.demand.calls_per_day, 1000.0);
    }

    #[test]
    fn one_bad_point_stops_the_grid() {
        let e = grid(&["lines.first.shifts[0].agents=40,-1,abc"]).unwrap_err();
        let Error::Usage(m) = e else { panic!("{e:?}") };
        assert!(
            m.contains("agents = `-1`") && m.contains("2 of the 3 grid points"),
            "{m}"
        );
        assert!(grid(&["demand.calls_per_day=1", "demand.calls_per_day=2"]).is_err());
    }

    #[test]
    fn cheapest_point_meets_targets_with_fewest_hours() {
        let g = grid(&["lines.first.shifts[0].agents=30..50:5"]).unwrap();
        let sw = run(g, &RunSettings::from_scenario, &|| {});
        let c = sw
            .cheapest()
            .expect("50 agents on 35 erlangs meet 80% in 20 s");
        let r = &sw.results[c];
        assert_eq!(r.all_met(), Some(true));
        for (i, other) in sw.results.iter().enumerate() {
            if other.agent_hours_per_day < r.agent_hours_per_day {
                assert_ne!(
                    other.all_met(),
                    Some(true),
                    "point {i} is cheaper and meets"
                );
            }
        }
        // More agents: a higher service level, point after point.
        let sl: Vec<f64> = sw
            .results
            .iter()
            .map(|r| r.estimate("first_line.service_level").unwrap().mean)
            .collect();
        assert!(sl.windows(2).all(|w| w[1] >= w[0]), "{sl:?}");
    }
}
