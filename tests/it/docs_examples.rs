//! The guide's examples are executed, so they cannot rot.
//!
//! Every `console` block of `README.md` and `docs/**/*.md` whose commands are all
//! `$ ccplan …` is run (a block with another tool's commands is a transcript, shown and
//! not run): each command is followed by the output it must print (stdout, then stderr,
//! then `[exit code N]` when N is not 0). The commands of one page run in order in one
//! scratch folder holding a copy of `scenarios/` and `../shared` beside it, so a page can
//! run a scenario and then redraw its report. A block `yaml file=NAME` (or
//! `text file=NAME`) writes its body to NAME there first. In expected output a line `...`
//! stands for any number of lines and `[..]` for any text within a line; elapsed times
//! (`in 1.58 s`) are shown as `in [..] s`.
//!
//! `CCPLAN_UPDATE_DOCS=1 cargo test --locked --test it docs_examples` rewrites every
//! expected output that no longer matches with what ccplan prints now (review the diff).
//!
//! Commands in `sh` blocks are not run (they simulate the tender, or install files), but
//! each `ccplan …` line there is parsed by the real command line, and every scenario or
//! data file it names must exist.

pub mod blocks;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use blocks::Example;

const UPDATE_VAR: &str = "CCPLAN_UPDATE_DOCS";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `README.md` and every page under `docs/`, sorted.
fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut out);
    out
}

fn shared_dir() -> PathBuf {
    let readme = super::common::shared_data("README.md");
    readme.parent().unwrap().parent().unwrap().to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A scratch folder laid out like the repository: `work/scenarios/` and `shared/`.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    copy_dir(&root().join("scenarios"), &work.join("scenarios"));
    std::os::unix::fs::symlink(shared_dir(), tmp.path().join("shared")).unwrap();
    (tmp, work)
}

/// Runs one example's command in `work`; returns its output as the guide shows it.
fn run(example: &Example, work: &Path, tmp: &Path) -> Vec<String> {
    let words = blocks::words(&example.command);
    let out = Command::new(env!("CARGO_BIN_EXE_ccplan"))
        .args(&words[1..])
        .current_dir(work)
        .env_remove("CCPLAN_THREADS")
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    let tmp = tmp.display().to_string();
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| {
            redact_times(&l.replace(&tmp, "[TMP]"))
                .trim_end()
                .to_string()
        })
        .collect();
    match out.status.code() {
        Some(0) => {}
        Some(code) => lines.push(format!("[exit code {code}]")),
        None => lines.push("[killed by a signal]".into()),
    }
    lines
}

/// `in 1.58 s` → `in [..] s`: elapsed times differ from run to run. Only the word `in`
/// (not `within 60 s`).
fn redact_times(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("in ") {
        let before = if at == 0 {
            out.chars().last()
        } else {
            rest[..at].chars().last()
        };
        let word = before.is_none_or(|c| c == ' ');
        out.push_str(&rest[..at + 3]);
        rest = &rest[at + 3..];
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if word && digits > 0 && rest[digits..].starts_with(" s") {
            out.push_str("[..]");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn only_elapsed_times_are_redacted() {
    assert_eq!(
        redact_times("2 replications simulated in 0.25 s; written in 1.58 s to x"),
        "2 replications simulated in [..] s; written in [..] s to x"
    );
    assert_eq!(redact_times("answered within 60 s"), "answered within 60 s");
    assert_eq!(redact_times("in 3 s"), "in [..] s");
}

/// Runs every console example of one page; returns the page's failures and, in update
/// mode, the page with every stale output replaced.
fn check_page(path: &Path, update: bool) -> (Vec<String>, Option<String>, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let blocks = blocks::blocks(&text);
    if !blocks.iter().any(|b| b.language() == "console") {
        return (Vec::new(), None, 0);
    }
    let (tmp, work) = scratch();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Replacements of expected outputs, applied from the bottom up afterwards.
    let mut replace: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut failures = Vec::new();
    let mut ran = 0;
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    for block in &blocks {
        if let Some(file) = block.file_name() {
            let mut body = block.body.join("\n");
            body.push('\n');
            std::fs::create_dir_all(work.join(file).parent().unwrap()).unwrap();
            std::fs::write(work.join(file), body).unwrap();
            continue;
        }
        if block.language() != "console" {
            continue;
        }
        let examples = blocks::examples(block);
        if !examples.iter().all(|e| e.command.starts_with("ccplan ")) {
            continue; // a transcript of other tools (cargo, a shell): shown, not run
        }
        for example in examples {
            let actual = run(&example, &work, tmp.path());
            ran += 1;
            if blocks::matches(&example.expected, &actual) {
                continue;
            }
            let from = example.line + 1;
            replace.push((from, from + example.expected.len(), actual.clone()));
            failures.push(format!(
                "{name}:{}: `{}` printed\n{}\n--- but the guide shows ---\n{}\n",
                example.line + 1,
                example.command,
                actual.join("\n"),
                example.expected.join("\n")
            ));
        }
    }
    let updated = (update && !replace.is_empty()).then(|| {
        for (from, to, actual) in replace.into_iter().rev() {
            lines.splice(from..to, actual);
        }
        let mut page = lines.join("\n");
        page.push('\n');
        page
    });
    (failures, updated, ran)
}

#[test]
fn console_examples_print_what_the_guide_shows() {
    let update = std::env::var_os(UPDATE_VAR).is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    let mut ran = 0;
    for page in pages() {
        let (page_failures, updated, n) = check_page(&page, update);
        ran += n;
        if let Some(text) = updated {
            std::fs::write(&page, text).unwrap();
        } else {
            failures.extend(page_failures);
        }
    }
    assert!(ran >= 20, "only {ran} console examples found in the guide");
    assert!(
        failures.is_empty(),
        "{} example(s) no longer print what the guide shows; if the new output is right, \
         refresh them with `{UPDATE_VAR}=1 cargo test --locked --test it docs_examples` \
         and review the diff:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every `ccplan …` line of an `sh` block, with continuation lines joined, and its page
/// and line.
fn sh_commands() -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.strip_prefix(root()).unwrap().display().to_string();
        for block in blocks::blocks(&text) {
            if block.language() != "sh" {
                continue;
            }
            let mut pending: Option<(usize, String)> = None;
            for (k, line) in block.body.iter().enumerate() {
                let (start, mut joined) = pending
                    .take()
                    .unwrap_or((block.body_start + k + 1, String::new()));
                joined.push_str(line.trim());
                if let Some(head) = joined.strip_suffix('\\') {
                    pending = Some((start, format!("{head} ")));
                    continue;
                }
                if joined.starts_with("ccplan ") {
                    out.push((name.clone(), start, joined));
                }
            }
        }
    }
    out
}

#[test]
fn sh_examples_parse_and_name_files_that_exist() {
    let mut problems = Vec::new();
    let commands = sh_commands();
    for (page, line, command) in &commands {
        let words = blocks::words(command);
        if let Err(err) = ccplan::cli::command().try_get_matches_from(&words) {
            problems.push(format!("{page}:{line}: `{command}`: {err}"));
        }
        for word in &words {
            // `../shared/…` is the shared folder beside the repository, or
            // `$CCPLAN_SHARED_DIR` in a clone made elsewhere.
            let path = match word.strip_prefix("../shared/") {
                Some(rest) => Some(shared_dir().join(rest)),
                None => word.starts_with("scenarios/").then(|| root().join(word)),
            };
            if path.is_some_and(|p| !word.contains('*') && !p.exists()) {
                problems.push(format!("{page}:{line}: `{command}`: {word} does not exist"));
            }
        }
    }
    assert!(commands.len() >= 10, "only {} sh examples", commands.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every command has a page in docs/commands/ and at least one example that runs.
#[test]
fn every_command_has_a_page_and_a_running_example() {
    let cmd = ccplan::cli::command();
    let mut run_commands = BTreeSet::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for block in blocks::blocks(&text) {
            if block.language() == "console" {
                for example in blocks::examples(&block) {
                    if let Some(sub) = blocks::words(&example.command).get(1) {
                        run_commands.insert(sub.clone());
                    }
                }
            }
        }
    }
    let mut missing = Vec::new();
    for sub in cmd.get_subcommands() {
        let name = sub.get_name();
        if !root().join(format!("docs/commands/{name}.md")).is_file() {
            missing.push(format!("docs/commands/{name}.md does not exist"));
        }
        if !run_commands.contains(name) {
            missing.push(format!("no console example runs `ccplan {name}`"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// `--help` of every command ends with an example, and every example parses.
#[test]
fn every_help_ends_with_an_example_that_parses() {
    let mut cmd = ccplan::cli::command();
    cmd.build();
    let mut problems = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let help = sub.clone().render_help().to_string();
        let tail: Vec<&str> = help
            .trim_end()
            .lines()
            .rev()
            .take_while(|l| l.starts_with("  ccplan "))
            .collect();
        if tail.is_empty() {
            problems.push(format!(
                "`ccplan {} --help` does not end with an example",
                sub.get_name()
            ));
        }
        for line in tail {
            let words = blocks::words(line.trim());
            if words.get(1).map(String::as_str) != Some(sub.get_name()) {
                problems.push(format!(
                    "{}: example `{line}` runs another command",
                    sub.get_name()
                ));
            }
            if let Err(err) = ccplan::cli::command().try_get_matches_from(&words) {
                problems.push(format!(
                    "{}: example `{line}` does not parse: {err}",
                    sub.get_name()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The refresh switch rewrites a stale expected output and leaves the rest of the page
/// byte for byte; a page that matches is left alone.
#[test]
fn refresh_rewrites_only_stale_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("page.md");
    let text = "# t\n\n```console\n$ ccplan erlang --arrivals-per-hour 0 --aht-s 300 --agents 1 --format csv\nstale\n```\n\ntail\n";
    std::fs::write(&page, text).unwrap();
    let (failures, updated, ran) = check_page(&page, true);
    assert_eq!((failures.len(), ran), (1, 1));
    let updated = updated.expect("a stale page is rewritten");
    assert!(updated.starts_with("# t\n\n```console\n$ ccplan erlang"));
    assert!(updated.ends_with("```\n\ntail\n") && !updated.contains("stale"));
    std::fs::write(&page, &updated).unwrap();
    let (failures, again, _) = check_page(&page, true);
    assert!(failures.is_empty() && again.is_none(), "{failures:?}");
}

/// The text of a page outside its fenced blocks.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(page: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(page).unwrap();
    prose(&text)
        .lines()
        .filter_map(|l| {
            l.trim_start_matches('#')
                .strip_prefix(' ')
                .filter(|_| l.starts_with('#'))
        })
        .map(slug)
        .collect()
}

/// Every relative link of the README and the guide leads to a file that exists, and to a
/// heading of it when it names one.
#[test]
fn relative_links_lead_somewhere() {
    let mut broken = Vec::new();
    let mut count = 0;
    for page in pages() {
        let text = prose(&std::fs::read_to_string(&page).unwrap());
        for (at, _) in text.match_indices("](") {
            let rest = &text[at + 2..];
            let Some(end) = rest.find(')') else { continue };
            let link = &rest[..end];
            if link.contains("://") || link.contains(' ') {
                continue;
            }
            count += 1;
            let (path, anchor) = link.split_once('#').unwrap_or((link, ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(path)
            };
            let name = page.strip_prefix(root()).unwrap().display();
            if !target.exists() {
                broken.push(format!("{name}: {link}: no such file"));
            } else if !anchor.is_empty()
                && target.extension().is_some_and(|e| e == "md")
                && !anchors(&target).contains(anchor)
            {
                broken.push(format!("{name}: {link}: no such heading"));
            }
        }
    }
    assert!(count > 50, "only {count} links found");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert_eq!(slug("`summary.json`"), "summaryjson");
    assert_eq!(
        slug("Walkthrough: calibrate, plan, verify"),
        "walkthrough-calibrate-plan-verify"
    );
}
