//! Shards of `ccplan run`: a block of replications simulated and kept whole, and the
//! merge that adds every replication to the run's estimates in replication order — the
//! very additions an unsharded run makes, so the merged statistics are bit for bit those
//! of one process and [`crate::report::write_run`] writes the same files.

use rayon::prelude::*;

use super::check::Named;
use super::codec::{Reader, Writer};
use super::part::{FORMAT_VERSION, Header, Kind, Part, sha256_hex};
use super::{Shard, replication};
use crate::engine::{self, RunSettings, Setup};
use crate::error::{Error, Result};
use crate::scenario::{self, Scenario};
use crate::stats::{ReplicationStats, RunStats};

/// Simulates `shard`'s block of the run's replications. `source` is the scenario's text
/// and `file` its name as given; `progress` is called once per replication.
pub fn simulate(
    sc: &Scenario,
    source: &str,
    file: &str,
    settings: RunSettings,
    shard: Shard,
    progress: &(dyn Fn() + Sync),
) -> Part {
    let setup = Setup::new(sc);
    let block = shard.block(settings.replications);
    let mut w = Writer::default();
    // A batch of a few replications per thread at a time, as the engine does, bounds
    // memory whatever the block's size.
    let batch = (4 * rayon::current_num_threads()).max(4) as u32;
    let mut start = block.start;
    while start < block.end {
        let end = (start + batch).min(block.end);
        let results: Vec<ReplicationStats> = (start..end)
            .into_par_iter()
            .map(|r| {
                let s = engine::simulate(&setup, settings.seed, r);
                progress();
                s
            })
            .collect();
        for (r, s) in (start..end).zip(&results) {
            w.u64(u64::from(r));
            replication::put(&mut w, s);
        }
        start = end;
    }
    Part {
        header: Header {
            format_version: FORMAT_VERSION,
            ccplan_version: env!("CARGO_PKG_VERSION").to_owned(),
            kind: Kind::Run,
            scenario_file: file.to_owned(),
            scenario_sha256: sha256_hex(source.as_bytes()),
            seed: settings.seed,
            items: settings.replications,
            shard: shard.index + 1,
            shards: shard.count,
            from: block.start,
            to: block.end,
            sets: Vec::new(),
            replications_flag: None,
            body_bytes: w.bytes.len() as u64,
            body_sha256: sha256_hex(&w.bytes),
            scenario_text: source.to_owned(),
        },
        body: w.bytes,
    }
}

/// A merged run: what [`crate::report::write_run`] needs.
#[derive(Debug, Clone)]
pub struct Merged {
    pub scenario: Scenario,
    /// The scenario's text, as simulated.
    pub source: String,
    pub settings: RunSettings,
    pub stats: RunStats,
}

/// Merges the parts of one run, checked by [`super::check::whole_job`] and in block
/// order.
pub fn merge(parts: &[Named]) -> Result<Merged> {
    let Some(first) = parts.first() else {
        return Err(Error::Usage("merge needs at least one part".into()));
    };
    let h = &first.part.header;
    let sc = scenario::parse_str(&h.scenario_text, &h.scenario_file)?;
    let settings = RunSettings {
        replications: h.items,
        seed: h.seed,
    };
    let setup = Setup::new(&sc);
    let shape = ReplicationStats::new(setup.days.len(), setup.n_intervals, setup.types.len());
    let mut stats = engine::empty_stats(&sc, &setup);
    for p in parts {
        let corrupt = |e: super::codec::DecodeError| {
            Error::Usage(format!("{}: the body cannot be read: {e}", p.name))
        };
        let mut r = Reader::new(&p.part.body);
        for expected in p.part.header.from..p.part.header.to {
            let got = r.u32().map_err(corrupt)?;
            if got != expected {
                return Err(Error::Usage(format!(
                    "{}: replication {got} where replication {expected} should be (the file is corrupt)",
                    p.name
                )));
            }
            let s = replication::get(&mut r, &shape).map_err(corrupt)?;
            stats.add(&s);
        }
        if !r.is_at_end() {
            return Err(Error::Usage(format!(
                "{}: bytes left after the last replication (the file is corrupt)",
                p.name
            )));
        }
    }
    Ok(Merged {
        scenario: sc,
        source: h.scenario_text.clone(),
        settings,
        stats,
    })
}
