//! Shards of `ccplan sweep`: a block of grid points simulated whole, each kept as the
//! exact bits of its estimates, and the merge that rebuilds the grid from the scenario
//! and the `--set` values and puts the points back in grid order. What a point's
//! result holds besides its numbers (figure names, targets, verdicts, agent-hours) is
//! recomputed from its scenario by the code that computes it in one process.

use rayon::prelude::*;

use super::Shard;
use super::check::Named;
use super::codec::{DecodeError, Reader, Writer};
use super::part::{FORMAT_VERSION, Header, Kind, Part, sha256_hex};
use crate::engine::{self, RunSettings, Setup};
use crate::error::{Error, Result};
use crate::planning::cost::AgentHours;
use crate::planning::edit::{Document, Setting};
use crate::planning::headline::Headline;
use crate::planning::sweep::{self, Grid, PointResult, Sweep};
use crate::report::summary_json::{judge, target_checks};
use crate::scenario::Scenario;
use crate::stats::Estimate;

/// The flags a sweep shard was given besides its shard: each `--set` as written, and
/// `--replications` / `--seed` if given.
#[derive(Debug, Clone)]
pub struct SweepJob<'a> {
    pub grid: &'a Grid,
    pub sets: Vec<String>,
    pub replications_flag: Option<u32>,
    pub seed: u64,
}

fn put_estimate(w: &mut Writer, e: Estimate) {
    for x in [e.mean, e.ci95_low, e.ci95_high] {
        w.f64(x);
    }
}

fn get_estimate(r: &mut Reader) -> Result<Estimate, DecodeError> {
    Ok(Estimate {
        mean: r.f64()?,
        ci95_low: r.f64()?,
        ci95_high: r.f64()?,
    })
}

/// Simulates `shard`'s block of the grid's points; `settings_of` gives each point's
/// replications and seed, `progress` is called once per replication.
pub fn simulate(
    job: &SweepJob,
    settings_of: &(dyn Fn(&Scenario) -> RunSettings + Sync),
    shard: Shard,
    progress: &(dyn Fn() + Sync),
) -> Part {
    let grid = job.grid;
    let block = shard.block(grid.points.len() as u32);
    let range = block.start as usize..block.end as usize;
    let results: Vec<PointResult> = grid.points[range]
        .par_iter()
        .map(|p| sweep::point_result(p, settings_of(&p.scenario), progress))
        .collect();
    let mut w = Writer::default();
    for (i, res) in block.clone().zip(&results) {
        w.u64(u64::from(i));
        w.u64(u64::from(res.settings.replications));
        w.u64(res.settings.seed);
        w.usize(res.estimates.len());
        res.estimates.iter().for_each(|&e| put_estimate(&mut w, e));
        w.usize(res.checks.len());
        res.checks
            .iter()
            .for_each(|c| put_estimate(&mut w, c.achieved));
    }
    let source = &grid.document.source;
    Part {
        header: Header {
            format_version: FORMAT_VERSION,
            ccplan_version: env!("CARGO_PKG_VERSION").to_owned(),
            kind: Kind::Sweep,
            scenario_file: grid.document.file.clone(),
            scenario_sha256: sha256_hex(source.as_bytes()),
            seed: job.seed,
            items: grid.points.len() as u32,
            shard: shard.index + 1,
            shards: shard.count,
            from: block.start,
            to: block.end,
            sets: job.sets.clone(),
            replications_flag: job.replications_flag,
            body_bytes: w.bytes.len() as u64,
            body_sha256: sha256_hex(&w.bytes),
            scenario_text: source.clone(),
        },
        body: w.bytes,
    }
}

/// One point's result from its scenario and the numbers a shard kept.
fn point(
    sc: &Scenario,
    settings: RunSettings,
    estimates: Vec<Estimate>,
    achieved: Vec<Estimate>,
) -> Option<PointResult> {
    let figures = Headline::new(sc).figures;
    let mut checks = target_checks(sc, &engine::empty_stats(sc, &Setup::new(sc)));
    if figures.len() != estimates.len() || checks.len() != achieved.len() {
        return None;
    }
    for (c, a) in checks.iter_mut().zip(achieved) {
        (c.met, c.verdict) = judge(c.bound == "at_least", c.limit, a);
        c.achieved = a;
    }
    Some(PointResult {
        settings,
        figures,
        estimates,
        checks,
        agent_hours_per_day: AgentHours::of(sc).per_day(),
    })
}

/// Merges the parts of one sweep, checked by [`super::check::whole_job`] and in block
/// order.
pub fn merge(parts: &[Named]) -> Result<Sweep> {
    let Some(first) = parts.first() else {
        return Err(Error::Usage("merge needs at least one part".into()));
    };
    let h = &first.part.header;
    let document = Document::from_text(&h.scenario_text, &h.scenario_file)?;
    let settings = h
        .sets
        .iter()
        .map(|s| Setting::parse(s))
        .collect::<Result<Vec<_>>>()?;
    let grid = Grid::build(document, settings)?;
    if grid.points.len() as u64 != u64::from(h.items) {
        return Err(Error::Usage(format!(
            "{}: the grid has {} points here, {} when the part was made",
            first.name,
            grid.points.len(),
            h.items
        )));
    }
    let mut results = Vec::with_capacity(grid.points.len());
    for p in parts {
        let corrupt =
            |what: String| Error::Usage(format!("{}: the body cannot be read: {what}", p.name));
        let mut r = Reader::new(&p.part.body);
        for expected in p.part.header.from..p.part.header.to {
            let mut read =
                || -> Result<(u32, RunSettings, Vec<Estimate>, Vec<Estimate>), DecodeError> {
                    let i = r.u32()?;
                    let settings = RunSettings {
                        replications: r.u32()?,
                        seed: r.u64()?,
                    };
                    let n = r.len(1 << 16)?;
                    let estimates = (0..n)
                        .map(|_| get_estimate(&mut r))
                        .collect::<Result<_, _>>()?;
                    let n = r.len(1 << 16)?;
                    let achieved = (0..n)
                        .map(|_| get_estimate(&mut r))
                        .collect::<Result<_, _>>()?;
                    Ok((i, settings, estimates, achieved))
                };
            let (i, settings, estimates, achieved) = read().map_err(|e| corrupt(e.to_string()))?;
            if i != expected {
                return Err(corrupt(format!(
                    "grid point {i} where point {expected} should be"
                )));
            }
            let sc = &grid.points[i as usize].scenario;
            let result = point(sc, settings, estimates, achieved).ok_or_else(|| {
                corrupt(format!(
                    "grid point {i} has other figures or targets than its scenario"
                ))
            })?;
            results.push(result);
        }
        if !r.is_at_end() {
            return Err(corrupt("bytes left after the last grid point".into()));
        }
    }
    Ok(Sweep::assemble(grid, results))
}
