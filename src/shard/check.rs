//! Whether parts belong together: written by this ccplan, of one kind, from one scenario
//! (same SHA-256), with one seed and one job size, and covering every work item exactly
//! once. Each failure is a usage error (exit 2) naming the part(s) at fault.

use super::part::{Header, Part};
use crate::error::{Error, Result};

/// A part read from a file, with the name it was given under.
#[derive(Debug, Clone)]
pub struct Named {
    pub name: String,
    pub part: Part,
}

fn usage(m: String) -> Error {
    Error::Usage(m)
}

fn block(h: &Header) -> String {
    h.block_text()
}

/// Checks that `parts` make up one whole job and returns them in the order of their
/// blocks (empty blocks dropped). The first part given is the reference the others are
/// compared with.
pub fn whole_job(mut parts: Vec<Named>) -> Result<Vec<Named>> {
    let version = env!("CARGO_PKG_VERSION");
    let Some(first) = parts.first() else {
        return Err(usage("merge needs at least one part".into()));
    };
    let a = first.part.header.clone();
    let a_name = first.name.clone();
    for p in &parts {
        let (h, name) = (&p.part.header, &p.name);
        if h.ccplan_version != version {
            return Err(usage(format!(
                "{name} was written by ccplan {}; this is ccplan {version}: parts merge only with the ccplan that wrote them (outputs are identical only for one version)",
                h.ccplan_version
            )));
        }
        let differ = |what: &str, x: String, y: String| {
            usage(format!(
                "{name} and {a_name} are not parts of one job: {what} {y} in {name}, {x} in {a_name}"
            ))
        };
        if h.kind != a.kind {
            return Err(differ(
                "kind",
                format!("{:?}", a.kind).to_lowercase(),
                format!("{:?}", h.kind).to_lowercase(),
            ));
        }
        if h.scenario_sha256 != a.scenario_sha256 {
            return Err(differ(
                "scenario",
                format!("{} (SHA-256 {})", a.scenario_file, &a.scenario_sha256[..12]),
                format!("{} (SHA-256 {})", h.scenario_file, &h.scenario_sha256[..12]),
            ));
        }
        if h.seed != a.seed {
            return Err(differ("seed", a.seed.to_string(), h.seed.to_string()));
        }
        if h.items != a.items {
            return Err(differ(
                &format!("{} in all", a.kind.items()),
                a.items.to_string(),
                h.items.to_string(),
            ));
        }
        if h.sets != a.sets {
            return Err(differ(
                "--set values",
                format!("`{}`", a.sets.join(" ")),
                format!("`{}`", h.sets.join(" ")),
            ));
        }
        if h.replications_flag != a.replications_flag {
            let show = |r: Option<u32>| r.map_or("none".into(), |r| r.to_string());
            return Err(differ(
                "--replications",
                show(a.replications_flag),
                show(h.replications_flag),
            ));
        }
    }
    for (i, p) in parts.iter().enumerate() {
        let h = &p.part.header;
        if let Some(q) = parts[..i].iter().find(|q| {
            let g = &q.part.header;
            (g.shard, g.shards) == (h.shard, h.shards)
        }) {
            return Err(usage(format!(
                "{} and {} are both shard {}/{} ({}): each shard must be given once",
                q.name,
                p.name,
                h.shard,
                h.shards,
                block(h)
            )));
        }
    }

    parts.retain(|p| p.part.header.from < p.part.header.to);
    parts.sort_by_key(|p| (p.part.header.from, p.part.header.to));
    let mut next = 0u32;
    let mut previous: Option<&Named> = None;
    for p in &parts {
        let h = &p.part.header;
        if h.from < next {
            let q = previous.expect("a block starting before `next` follows another");
            return Err(usage(format!(
                "{} ({}) overlaps {} ({}): each {} must be in one part only",
                p.name,
                block(h),
                q.name,
                block(&q.part.header),
                &h.kind.items()[..h.kind.items().len() - 1]
            )));
        }
        if h.from > next {
            return Err(missing(&a, next, h.from, previous, Some(p)));
        }
        next = h.to;
        previous = Some(p);
    }
    if next < a.items {
        return Err(missing(&a, next, a.items, previous, None));
    }
    Ok(parts)
}

fn missing(a: &Header, from: u32, to: u32, before: Option<&Named>, after: Option<&Named>) -> Error {
    let place = match (before, after) {
        (Some(b), Some(c)) => format!(" (after {}, before {})", b.name, c.name),
        (Some(b), None) => format!(" (after {}, the last part)", b.name),
        (None, Some(c)) => format!(" (before {}, the first part)", c.name),
        (None, None) => String::new(),
    };
    let shards = a.shards;
    let owners: Vec<String> = (0..shards)
        .filter(|&k| {
            let b = super::Shard {
                index: k,
                count: shards,
            }
            .block(a.items);
            b.start < to && from < b.end
        })
        .map(|k| format!("{}/{shards}", k + 1))
        .collect();
    usage(format!(
        "{} {} to {} of {} are in no part{place}: missing shard {} (if every part was made with {shards} shards)",
        a.kind.items(),
        from,
        to - 1,
        a.items,
        owners.join(", ")
    ))
}
