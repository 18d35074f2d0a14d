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

#[cfg(test)]
mod tests {
    use super::super::Shard;
    use super::super::part::{FORMAT_VERSION, Kind, sha256_hex};
    use super::*;

    /// Shard `k` (from 1) of `n` of a 10-replication run, with an empty body.
    fn named(k: u32, n: u32) -> Named {
        let block = Shard {
            index: k - 1,
            count: n,
        }
        .block(10);
        let text = "name: x\n".to_owned();
        Named {
            name: format!("p{k}of{n}"),
            part: Part {
                header: Header {
                    format_version: FORMAT_VERSION,
                    ccplan_version: env!("CARGO_PKG_VERSION").into(),
                    kind: Kind::Run,
                    scenario_file: "x.yaml".into(),
                    scenario_sha256: sha256_hex(text.as_bytes()),
                    seed: 1,
                    items: 10,
                    shard: k,
                    shards: n,
                    from: block.start,
                    to: block.end,
                    sets: vec![],
                    replications_flag: None,
                    body_bytes: 0,
                    body_sha256: sha256_hex(b""),
                    scenario_text: text,
                },
                body: vec![],
            },
        }
    }

    fn names(parts: &[Named]) -> Vec<&str> {
        parts.iter().map(|p| p.name.as_str()).collect()
    }

    fn error(parts: Vec<Named>) -> String {
        whole_job(parts).unwrap_err().to_string()
    }

    #[test]
    fn parts_come_back_in_block_order_without_empty_ones() {
        let parts = vec![named(3, 3), named(1, 3), named(2, 3)];
        assert_eq!(
            names(&whole_job(parts).unwrap()),
            ["p1of3", "p2of3", "p3of3"]
        );
        // 10 replications in 12 shards: two empty parts, accepted and dropped.
        let parts: Vec<Named> = (1..=12).rev().map(|k| named(k, 12)).collect();
        assert_eq!(whole_job(parts).unwrap().len(), 10);
        // Parts of different N tile the job too.
        let parts = vec![named(2, 2), named(1, 4), named(2, 4)];
        assert_eq!(
            names(&whole_job(parts).unwrap()),
            ["p1of4", "p2of4", "p2of2"]
        );
    }

    #[test]
    fn a_gap_names_the_missing_shards_and_the_parts_around_it() {
        let e = error(vec![
            named(1, 7),
            named(4, 7),
            named(5, 7),
            named(6, 7),
            named(7, 7),
        ]);
        assert!(
            e.contains("replications 1 to 3 of 10")
                && e.contains("after p1of7, before p4of7")
                && e.contains("missing shard 2/7, 3/7"),
            "{e}"
        );
        let e = error(vec![named(1, 2)]);
        assert!(
            e.contains("replications 5 to 9") && e.contains("the last part"),
            "{e}"
        );
    }

    #[test]
    fn duplicates_overlaps_and_strangers_are_named() {
        let e = error(vec![named(1, 2), named(2, 2), named(1, 2)]);
        assert!(e.contains("both shard 1/2"), "{e}");
        let e = error(vec![named(1, 2), named(1, 3), named(2, 2)]);
        assert!(e.contains("overlaps"), "{e}");
        let mut other = named(2, 2);
        other.part.header.seed = 2;
        let e = error(vec![named(1, 2), other]);
        assert!(
            e.contains("p2of2 and p1of2") && e.contains("seed 2 in p2of2"),
            "{e}"
        );
        let mut other = named(2, 2);
        other.part.header.items = 11;
        assert!(error(vec![named(1, 2), other]).contains("replications in all"));
        let mut other = named(2, 2);
        other.part.header.kind = Kind::Sweep;
        assert!(error(vec![named(1, 2), other]).contains("kind sweep"));
        let mut other = named(2, 2);
        other.part.header.ccplan_version = "0.0.1".into();
        assert!(error(vec![named(1, 2), other]).contains("written by ccplan 0.0.1"));
        assert!(error(vec![]).contains("at least one part"));
    }
}
