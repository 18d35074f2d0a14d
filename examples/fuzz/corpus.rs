//! The inputs the fuzzer starts from: the repository's own scenarios, claims and call logs
//! (valid and broken ones alike), read from disk so that new examples join the corpus.

use std::path::{Path, PathBuf};

/// One seed input: its text and the path it was read from (readers that resolve files
/// beside their input, such as a scenario's data files, see the real folder).
#[derive(Debug, Clone)]
pub struct Seed {
    pub path: PathBuf,
    pub text: Vec<u8>,
    /// An example of a broken input (`tests/broken`), which its reader must refuse.
    pub broken: bool,
}

impl Seed {
    /// The file's extension, lower case (`""` when it has none).
    pub fn extension(&self) -> String {
        self.path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The repository's root (where `Cargo.toml` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files of `dir` (relative to the root) whose extension is one of `exts`, sorted by name.
///
/// # Panics
/// If the folder cannot be read: the corpus is part of the repository.
pub fn seeds(dir: &str, exts: &[&str]) -> Vec<Seed> {
    let dir = root().join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && has_extension(p, exts))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text =
                std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            let broken = path.parent().is_some_and(|p| p.ends_with("tests/broken"));
            Seed { path, text, broken }
        })
        .collect()
}

fn has_extension(p: &Path, exts: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Scenarios: the bundled ones and the broken examples of `tests/broken`.
pub fn scenarios() -> Vec<Seed> {
    let mut s = seeds("scenarios", &["yaml"]);
    s.extend(seeds("tests/broken", &["yaml"]));
    s
}

/// Claims files.
pub fn claims() -> Vec<Seed> {
    seeds("scenarios/claims", &["yaml"])
}

/// Call logs (`.csv`, `.tsv`) and column maps (`.yaml`) of `tests/calllog`.
pub fn call_logs() -> Vec<Seed> {
    seeds("tests/calllog", &["csv", "tsv", "txt", "yaml"])
}

/// The scenario claims and `--set` values are read against: the tender.
pub const TENDER: &str = "scenarios/seguranca-social-2017.yaml";
