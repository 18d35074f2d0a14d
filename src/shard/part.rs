//! A part file (`.ccpart`): what one shard computed, for `ccplan merge`.
//!
//! Layout (format version 1, documented in `docs/cluster.md`):
//!
//! 1. the line `ccplan-part`;
//! 2. one line of JSON, the [`Header`]: format version, ccplan version, kind (`run` or
//!    `sweep`), the scenario's file name, SHA-256 and full text, the seed, the number of
//!    work items of the whole job (replications, or grid points) and this shard's block of
//!    them, the sweep's `--set` values, and the length and SHA-256 of the body;
//! 3. the body, binary (see [`super::codec`]): for a run, each replication of the block in
//!    order, its number then its statistics ([`super::replication`]); for a sweep, each grid
//!    point of the block in order ([`super::sweep`]).

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::report::atomic;

/// First line of every part file.
pub const MAGIC: &str = "ccplan-part";
/// Version of the layout; raised whenever the header or the body changes meaning.
pub const FORMAT_VERSION: u32 = 1;
/// The file extension `ccplan merge` looks for in a folder.
pub const EXTENSION: &str = "ccpart";

/// What a part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Replications of `ccplan run`.
    Run,
    /// Grid points of `ccplan sweep`.
    Sweep,
}

impl Kind {
    /// What the work items are called.
    pub fn items(self) -> &'static str {
        match self {
            Kind::Run => "replications",
            Kind::Sweep => "grid points",
        }
    }
}

/// The header line of a part. Every field must agree between the parts of one merge,
/// except the shard and its block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format_version: u32,
    /// `CARGO_PKG_VERSION` of the ccplan that wrote the part.
    pub ccplan_version: String,
    pub kind: Kind,
    /// The scenario file as named on the command line (diagnostics only).
    pub scenario_file: String,
    /// SHA-256 of `scenario_text`, hexadecimal.
    pub scenario_sha256: String,
    /// The seed: of every replication (run), or the sweep's (the scenario's or `--seed`).
    pub seed: u64,
    /// Work items of the whole job: replications (run) or grid points (sweep).
    pub items: u32,
    /// This shard, K from 1, and the number of shards N.
    pub shard: u32,
    pub shards: u32,
    /// The block of work items this part holds: `from` to `to`, exclusive.
    pub from: u32,
    pub to: u32,
    /// Sweep only: each `--set PATH=VALUES` as given, and `--replications` if given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replications_flag: Option<u32>,
    pub body_bytes: u64,
    /// SHA-256 of the body, hexadecimal.
    pub body_sha256: String,
    /// The scenario's text, exactly as simulated (written out again by `merge`).
    pub scenario_text: String,
}

impl Header {
    /// The block held, for messages: `replications 3 to 5`, `grid point 4`, `no
    /// replications` (counted from 0).
    pub fn block_text(&self) -> String {
        let items = self.kind.items();
        match self.to - self.from {
            0 => format!("no {items}"),
            1 => format!("{} {}", &items[..items.len() - 1], self.from),
            _ => format!("{items} {} to {}", self.from, self.to - 1),
        }
    }
}

/// A part: its header and its body.
#[derive(Debug, Clone)]
pub struct Part {
    pub header: Header,
    pub body: Vec<u8>,
}

/// SHA-256 of `bytes`, hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Part {
    /// The part's bytes: magic line, header line, body.
    pub fn encode(&self) -> Result<Vec<u8>> {
        let header = serde_json::to_string(&self.header)
            .map_err(|e| Error::Other(anyhow::anyhow!("encoding a part header: {e}")))?;
        let mut out = Vec::with_capacity(MAGIC.len() + header.len() + self.body.len() + 2);
        out.extend_from_slice(MAGIC.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(header.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(&self.body);
        Ok(out)
    }

    /// Writes the part to `path` atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        atomic::write(path, &self.encode()?)?;
        Ok(())
    }

    /// Decodes a part from its bytes; `name` (the file) is only for messages. Checks the
    /// magic line, the format version, the header's fields, and the body's length and
    /// SHA-256.
    pub fn decode(bytes: &[u8], name: &str) -> Result<Part> {
        let bad = |what: String| Error::Usage(format!("{name}: {what}"));
        let rest = bytes
            .strip_prefix(MAGIC.as_bytes())
            .and_then(|r| r.strip_prefix(b"\n"))
            .ok_or_else(|| {
                bad(format!(
                    "not a ccplan part (it does not begin with the line `{MAGIC}`); parts are written by `ccplan run --shard` and `ccplan sweep --shard`"
                ))
            })?;
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| bad("the header line is cut short".into()))?;
        let line = std::str::from_utf8(&rest[..end])
            .map_err(|_| bad("the header line is not UTF-8".into()))?;
        // The version is read first, so that a part of another format version is named as
        // such rather than as a header with unknown fields.
        let version = serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.get("format_version").and_then(|v| v.as_u64()));
        match version {
            Some(v) if v == u64::from(FORMAT_VERSION) => {}
            Some(v) => {
                return Err(bad(format!(
                    "part format version {v}; this ccplan ({}) reads version {FORMAT_VERSION}: merge with the ccplan that wrote the parts",
                    env!("CARGO_PKG_VERSION")
                )));
            }
            None => return Err(bad("the header line is not a part header".into())),
        }
        let header: Header = serde_json::from_str(line)
            .map_err(|e| bad(format!("the header line is not a part header: {e}")))?;
        let body = rest[end + 1..].to_vec();
        if body.len() as u64 != header.body_bytes {
            return Err(bad(format!(
                "the body has {} bytes where the header says {} (a file cut short, or copied incompletely?)",
                body.len(),
                header.body_bytes
            )));
        }
        if sha256_hex(&body) != header.body_sha256 {
            return Err(bad(
                "the body does not match its SHA-256 in the header (the file is corrupt)".into(),
            ));
        }
        if header.sets.is_empty() != (header.kind == Kind::Run) {
            return Err(bad(
                "a sweep part without --set values, or a run part with them".into(),
            ));
        }
        if !(header.shard >= 1
            && header.shard <= header.shards
            && header.from <= header.to
            && header.to <= header.items)
        {
            return Err(bad(format!(
                "shard {}/{} holding {} {} to {} of {}: not a valid block",
                header.shard,
                header.shards,
                header.kind.items(),
                header.from,
                header.to,
                header.items
            )));
        }
        if sha256_hex(header.scenario_text.as_bytes()) != header.scenario_sha256 {
            return Err(bad(
                "the scenario text does not match its SHA-256 in the header (the file is corrupt)"
                    .into(),
            ));
        }
        Ok(Part { header, body })
    }

    /// Reads and decodes the part file at `path`.
    pub fn read(path: &Path) -> Result<Part> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Usage(format!("{name}: cannot read the part: {e}")))?;
        Part::decode(&bytes, &name)
    }
}
