//! A run's folder, written whole or not at all, and holding that run only.
//!
//! Every file of a run is first written into a fresh staging folder. Only when all of them
//! are written is the staging folder swapped in: renamed to the run's folder when that does
//! not exist yet, or, when it does, its files renamed over the old ones one by one, after
//! which the files of an earlier run that this run did not write (the 2nd line's charts of
//! a previous scenario, say) are removed. Files ccplan did not write are left alone: a
//! file is ccplan's when its name is one a run writes ([`is_run_output`]). A run that
//! fails leaves the folder as it was, and creates none.

use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{CHARTS_DIR, REPORT_HTML, REPORT_MD, SCENARIO_YAML, SUMMARY_JSON};
use crate::tables::schema::TABLES;

/// Prefix of a staging folder inside an existing run folder; one left by an interrupted
/// run is removed by the next run that completes there.
const STAGING_PREFIX: &str = ".ccplan-staging-";

/// Chart stems written once per line, followed by `_first_line` or `_second_line`.
const LINE_CHARTS: [&str; 5] = [
    "wait_distribution",
    "service_level_by_interval",
    "calls_by_interval",
    "staffing_by_interval",
    "service_level_heatmap",
];
/// Chart stems written once per run.
const RUN_CHARTS: [&str; 2] = ["occupancy_by_interval", "email_backlog"];
const LINE_SLUGS: [&str; 2] = ["first_line", "second_line"];

/// Whether `rel`, a path relative to a run's folder, names a file `ccplan run` writes
/// there: `scenario.yaml`, `summary.json`, `report.md`, `report.html`, each table's
/// `.parquet` and `.csv`, and the PNG and SVG of each chart under `charts/`.
pub fn is_run_output(rel: &Path) -> bool {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    if parts.len() != rel.iter().count() {
        return false;
    }
    match parts[..] {
        [name] => {
            [SCENARIO_YAML, SUMMARY_JSON, REPORT_MD, REPORT_HTML].contains(&name)
                || name.rsplit_once('.').is_some_and(|(stem, ext)| {
                    matches!(ext, "parquet" | "csv") && TABLES.iter().any(|t| t.name == stem)
                })
        }
        [dir, name] if dir == CHARTS_DIR => name.rsplit_once('.').is_some_and(|(stem, ext)| {
            matches!(ext, "png" | "svg") && (RUN_CHARTS.contains(&stem) || is_line_chart(stem))
        }),
        _ => false,
    }
}

/// `<chart>_first_line` or `<chart>_second_line` for a chart drawn per line.
fn is_line_chart(stem: &str) -> bool {
    LINE_SLUGS.iter().any(|slug| {
        stem.strip_suffix(slug)
            .and_then(|s| s.strip_suffix('_'))
            .is_some_and(|chart| LINE_CHARTS.contains(&chart))
    })
}

/// Writes a run's folder `dir` with `fill`, which writes every file into the folder it is
/// given; see the module documentation. When `fill` fails, nothing of its output is left
/// and `dir` is as it was (or still absent).
pub fn replace_with(dir: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let existing = match fs::metadata(dir) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => bail!("{} exists and is not a folder", dir.display()),
        Err(e) if e.kind() == ErrorKind::NotFound => false,
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    let pid = std::process::id();
    // A new folder is staged beside where it will be (renamed into place in one step); an
    // existing one inside itself, which needs no write access to its parent.
    let (staging, created) = if existing {
        (dir.join(format!("{STAGING_PREFIX}{pid}")), None)
    } else {
        let name = dir
            .file_name()
            .with_context(|| format!("{} has no folder name", dir.display()))?;
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let created = first_missing(parent);
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let staging = parent.join(format!(".{}.ccplan-{pid}", name.to_string_lossy()));
        (staging, created)
    };
    if staging.exists() {
        // Left by an interrupted run that had the same process id.
        fs::remove_dir_all(&staging).with_context(|| format!("removing {}", staging.display()))?;
    }
    fs::create_dir(&staging).with_context(|| format!("creating {}", staging.display()))?;
    let result = fill(&staging).and_then(|()| {
        if existing {
            swap_into(&staging, dir)
        } else {
            fs::rename(&staging, dir)
                .with_context(|| format!("renaming {} to {}", staging.display(), dir.display()))
        }
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
        if let Some(top) = created {
            remove_empty_up_to(staging.parent().unwrap_or(Path::new(".")), &top);
        }
    }
    result
}

/// Moves the staged files over those of the existing folder `dir`, then removes the files
/// of an earlier run that this one did not write and staging folders of interrupted runs.
fn swap_into(staging: &Path, dir: &Path) -> Result<()> {
    let new = files_under(staging)?;
    for rel in &new {
        let to = dir.join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        let from = staging.join(rel);
        fs::rename(&from, &to)
            .with_context(|| format!("renaming {} to {}", from.display(), to.display()))?;
    }
    fs::remove_dir_all(staging).with_context(|| format!("removing {}", staging.display()))?;
    let new: BTreeSet<PathBuf> = new.into_iter().collect();
    for rel in files_under(dir)? {
        if is_run_output(&rel) && !new.contains(&rel) {
            let path = dir.join(&rel);
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGING_PREFIX)
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
    Ok(())
}

/// Every file under `root`, as paths relative to it, sorted; staging folders of
/// interrupted runs are not entered.
fn files_under(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let here = root.join(&rel);
        for entry in fs::read_dir(&here).with_context(|| format!("reading {}", here.display()))? {
            let entry = entry.with_context(|| format!("reading {}", here.display()))?;
            let name = entry.file_name();
            let kind = entry
                .file_type()
                .with_context(|| format!("reading {}", entry.path().display()))?;
            if kind.is_dir() {
                if !name.to_string_lossy().starts_with(STAGING_PREFIX) {
                    todo.push(rel.join(name));
                }
            } else {
                out.push(rel.join(name));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The outermost missing folder on the way to `path`, if any (what `create_dir_all` would
/// create first).
fn first_missing(path: &Path) -> Option<PathBuf> {
    let mut missing = None;
    for p in path.ancestors() {
        if p.as_os_str().is_empty() || p.exists() {
            break;
        }
        missing = Some(p.to_path_buf());
    }
    missing
}

/// Removes `from` and its ancestors up to `top` while they are empty.
fn remove_empty_up_to(from: &Path, top: &Path) {
    for p in from.ancestors() {
        if fs::remove_dir(p).is_err() || p == top {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_names_a_run_writes() {
        for name in [
            "summary.json",
            "scenario.yaml",
            "report.md",
            "report.html",
            "intervals.parquet",
            "wait_distribution.csv",
            "charts/email_backlog.svg",
            "charts/occupancy_by_interval.png",
            "charts/wait_distribution_second_line.png",
            "charts/service_level_heatmap_first_line.svg",
        ] {
            assert!(is_run_output(Path::new(name)), "{name}");
        }
        for name in [
            "notes.txt",
            "summary.json.bak",
            "charts/my_chart.png",
            "charts/email_backlog.pdf",
            "charts/wait_distribution_third_line.png",
            "charts/wait_distribution.png",
            "other/summary.json",
            "intervals.xlsx",
        ] {
            assert!(!is_run_output(Path::new(name)), "{name}");
        }
    }

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn a_new_folder_appears_whole_or_not_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b/run");
        let err = replace_with(&dir, |d| {
            write(d, "summary.json", "{}");
            bail!("drawing failed")
        });
        assert!(err.is_err());
        assert!(
            !tmp.path().join("a").exists(),
            "a failed run created folders"
        );
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);

        replace_with(&dir, |d| {
            write(d, "summary.json", "{}");
            write(d, "charts/email_backlog.svg", "<svg/>");
            Ok(())
        })
        .unwrap();
        assert_eq!(
            files_under(&dir).unwrap(),
            [
                PathBuf::from("charts/email_backlog.svg"),
                "summary.json".into()
            ]
        );
        assert_eq!(fs::read_dir(dir.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_run_leaves_an_existing_folder_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(dir, "summary.json", "old");
        write(dir, "notes.txt", "mine");
        let err = replace_with(dir, |d| {
            write(d, "summary.json", "new");
            bail!("drawing failed")
        });
        assert!(err.is_err());
        assert_eq!(
            files_under(dir).unwrap(),
            [PathBuf::from("notes.txt"), "summary.json".into()]
        );
        assert_eq!(fs::read_to_string(dir.join("summary.json")).unwrap(), "old");
    }

    #[test]
    fn stale_outputs_go_and_the_users_files_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(dir, "summary.json", "old");
        write(dir, "charts/email_backlog.png", "old");
        write(dir, "charts/my_chart.png", "mine");
        write(dir, "notes.txt", "mine");
        write(dir, ".ccplan-staging-1/summary.json", "interrupted");
        replace_with(dir, |d| {
            write(d, "summary.json", "new");
            write(d, "charts/occupancy_by_interval.png", "new");
            Ok(())
        })
        .unwrap();
        assert_eq!(
            files_under(dir).unwrap(),
            [
                PathBuf::from("charts/my_chart.png"),
                "charts/occupancy_by_interval.png".into(),
                "notes.txt".into(),
                "summary.json".into()
            ]
        );
        assert_eq!(fs::read_to_string(dir.join("summary.json")).unwrap(), "new");
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
        assert_eq!(fs::read_dir(dir).unwrap().count(), 3, "staging left behind");
    }

    #[test]
    fn refuses_a_file_in_place_of_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("run");
        fs::write(&path, "x").unwrap();
        let err = replace_with(&path, |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("is not a folder"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "x");
    }
}
