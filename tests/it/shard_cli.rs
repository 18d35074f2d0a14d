//! Sharded runs and sweeps: `--shard K/N` parts merged by `ccplan merge`, in any order,
//! give the very bytes of one unsharded process; parts that do not make up one whole job
//! are refused with exit 2, naming the part, and nothing is written.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::{ccplan, exit_code, repo, write_file};

/// Every file under `root` with its bytes, by path relative to `root`.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn assert_same_tree(one: &Path, merged: &Path) {
    let (a, b) = (tree(one), tree(merged));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "file names differ"
    );
    assert!(a.len() > 5, "too few files: {:?}", a.keys());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{} differs", name.display());
    }
}

fn merge(parts: &[PathBuf], out: &Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("ccplan")
        .unwrap()
        .arg("merge")
        .args(parts)
        .arg("--out")
        .arg(out)
        .assert()
}

/// Writes shard K/N of `command` for every K into `dir` (a folder) and returns the part
/// files in a shuffled order: odd shards backwards, then even ones.
fn shards(command: &str, inputs: &[&str], extra: &[&str], n: u32, dir: &Path) -> Vec<PathBuf> {
    let mut parts = Vec::new();
    for k in 1..=n {
        let part = dir.join(format!("{command}-{k}-of-{n}.ccpart"));
        ccplan(command, inputs, &part)
            .args(extra)
            .args(["--shard", &format!("{k}/{n}")])
            .assert()
            .success();
        parts.push(part);
    }
    let (mut odd, even): (Vec<_>, Vec<_>) =
        parts.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    odd.reverse();
    odd.into_iter().chain(even).map(|(_, p)| p).collect()
}

fn run_merges_to_one_run(scenario: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo(scenario);
    let inputs = [scenario.to_str().unwrap()];
    let one = dir.path().join("one");
    ccplan("run", inputs, &one).args(extra).assert().success();
    for n in [1, 2, 3, 7] {
        let parts = shards("run", &inputs, extra, n, dir.path());
        let merged = dir.path().join(format!("merged-{n}"));
        merge(&parts, &merged).success();
        assert_same_tree(&one, &merged);
    }
}

#[test]
fn run_shards_merge_to_the_bytes_of_one_run_minimal() {
    // 10 replications in 7 shards: blocks of one and two.
    run_merges_to_one_run("scenarios/minimal.yaml", &[]);
}

#[test]
fn run_shards_merge_to_the_bytes_of_one_run_tender() {
    // 3 replications in 7 shards: four shards hold none and write empty parts.
    run_merges_to_one_run(
        "scenarios/seguranca-social-2017.yaml",
        &["--replications", "3"],
    );
}

fn sweep_merges_to_one_sweep(scenario: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo(scenario);
    let inputs = [scenario.to_str().unwrap()];
    let one = dir.path().join("one");
    ccplan("sweep", inputs, &one).args(extra).assert().success();
    for n in [1, 2, 3, 7] {
        let parts = shards("sweep", &inputs, extra, n, dir.path());
        let merged = dir.path().join(format!("merged-{n}"));
        merge(&parts, &merged).success();
        assert_same_tree(&one, &merged);
    }
}

#[test]
fn sweep_shards_merge_to_the_bytes_of_one_sweep_minimal() {
    sweep_merges_to_one_sweep(
        "scenarios/minimal.yaml",
        &[
            "--set",
            "lines.first.shifts[0].agents=76..84:2",
            "--replications",
            "2",
        ],
    );
}

#[test]
fn sweep_shards_merge_to_the_bytes_of_one_sweep_tender() {
    // Two working days keep it quick; the targets (service level, abandonment, e-mail)
    // are judged per point and must come back the same.
    sweep_merges_to_one_sweep(
        "scenarios/seguranca-social-2017.yaml",
        &[
            "--set",
            "calendar.days=2",
            "--set",
            "demand.calls_per_day=11000,12000,13000",
            "--replications",
            "2",
        ],
    );
}

/// Shard K/N of the minimal scenario (4 replications) with `extra` flags, into `dir`.
fn part(dir: &Path, scenario: &Path, k: u32, n: u32, extra: &[&str]) -> PathBuf {
    let name = format!("p{k}of{n}{}.ccpart", extra.join("").replace(['-', ' '], ""));
    let path = dir.join(name);
    ccplan("run", [scenario], &path)
        .args(["--replications", "4", "--shard", &format!("{k}/{n}")])
        .args(extra)
        .assert()
        .success();
    path
}

/// Merging `parts` fails with exit 2, a message holding each of `needles`, and no output.
fn refused(dir: &Path, parts: &[PathBuf], needles: &[&str]) {
    let out = dir.join("merged");
    let a = merge(parts, &out);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert_eq!(exit_code(&a), 2, "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "`{n}` not in: {stderr}");
    }
    assert!(!out.exists(), "something was written");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn parts_that_are_not_one_job_are_refused_naming_the_part() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let minimal = repo("scenarios/minimal.yaml");
    let p1 = part(dir, &minimal, 1, 2, &[]);
    let p2 = part(dir, &minimal, 2, 2, &[]);
    let name = |p: &PathBuf| p.display().to_string();

    // The two halves merge.
    merge(&[p2.clone(), p1.clone()], &dir.join("ok")).success();

    // Another scenario.
    let text = fs::read_to_string(&minimal)
        .unwrap()
        .replace("agents: 80", "agents: 81");
    let other = write_file(dir, "other.yaml", &text);
    let o2 = part(dir, &other, 2, 2, &["--seed", "1"]);
    refused(
        dir,
        &[p1.clone(), o2.clone()],
        &[&name(&o2), "scenario", "other.yaml"],
    );

    // Another seed.
    let s2 = part(dir, &minimal, 2, 2, &["--seed", "9"]);
    refused(dir, &[p1.clone(), s2.clone()], &[&name(&s2), "seed 9"]);

    // Another ccplan version: the header says so (the body's checksum does not cover it).
    let bytes = fs::read(&p2).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let version = format!("\"ccplan_version\":\"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&version));
    let old = dir.join("old.ccpart");
    let mut patched = bytes.clone();
    let at = text.find(&version).unwrap() + "\"ccplan_version\":\"".len();
    patched[at] = b'9';
    fs::write(&old, &patched).unwrap();
    refused(
        dir,
        &[p1.clone(), old.clone()],
        &[&name(&old), "written by ccplan 9"],
    );

    // A shard given twice, under two names.
    let copy = dir.join("copy.ccpart");
    fs::copy(&p1, &copy).unwrap();
    refused(
        dir,
        &[p1.clone(), p2.clone(), copy.clone()],
        &[&name(&copy), &name(&p1), "both shard 1/2"],
    );

    // A shard missing.
    refused(
        dir,
        std::slice::from_ref(&p1),
        &["replications 2 to 3 of 4", "missing shard 2/2"],
    );
    refused(
        dir,
        std::slice::from_ref(&p2),
        &["replications 0 to 1 of 4", &name(&p2)],
    );

    // Overlapping blocks from different shard counts.
    let t1 = part(dir, &minimal, 1, 3, &[]);
    refused(dir, &[p1.clone(), t1.clone(), p2.clone()], &["overlaps"]);

    // A corrupt body, a cut file, a file that is no part.
    let bad = dir.join("bad.ccpart");
    let mut flipped = bytes.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    fs::write(&bad, &flipped).unwrap();
    refused(dir, &[p1.clone(), bad.clone()], &[&name(&bad), "SHA-256"]);
    fs::write(&bad, &bytes[..bytes.len() / 2]).unwrap();
    refused(dir, &[p1.clone(), bad.clone()], &[&name(&bad), "cut short"]);
    fs::write(&bad, "name: minimal\n").unwrap();
    refused(
        dir,
        std::slice::from_ref(&bad),
        &[&name(&bad), "not a ccplan part"],
    );
}

#[test]
fn shard_flags_are_checked_before_anything_is_simulated() {
    let tmp = tempfile::tempdir().unwrap();
    let minimal = repo("scenarios/minimal.yaml");
    let out = tmp.path().join("p.ccpart");
    for (args, needle) in [
        (vec!["--shard", "0/3"], "K must be from 1 to N"),
        (vec!["--shard", "4/3"], "K must be from 1 to N"),
        (vec!["--shard", "x"], "expected K/N"),
        (vec!["--shard", "auto"], "SLURM_ARRAY_TASK_ID"),
        (vec!["--shard", "1/2", "--call-log", "c.csv"], "--call-log"),
    ] {
        let a = ccplan("run", [&minimal], &out)
            .args(&args)
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("JOB_COMPLETION_INDEX")
            .assert();
        let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert_eq!(exit_code(&a), 2, "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!out.exists());
    }
    // `auto` reads a Slurm array task (IDs from 1 here) and names its part inside a folder.
    ccplan("run", [&minimal], &tmp.path().join("parts/"))
        .args(["--shard", "auto", "--replications", "2"])
        .env("SLURM_ARRAY_TASK_ID", "3")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_MAX", "3")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .assert()
        .success();
    assert!(tmp.path().join("parts/part-0003-of-0003.ccpart").is_file());
}
