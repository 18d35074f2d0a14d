//! The layering of the crate (docs/architecture.md): every top-level module of `src/` sits
//! in one layer, and may use only modules of lower layers (and itself). Data flows one way
//! (scenario → engine → statistics → tables → charts → reports → commands), so an import
//! from a higher layer, and with it any import cycle, fails this test.
//!
//! The scan reads the source text: every `crate::<module>` path outside `//` comments,
//! including each name of a `use crate::{a, b::c}` group.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::common::repo;

/// The layers, lowest first. A module may use the modules of every earlier layer.
const LAYERS: &[&[&str]] = &[
    // Leaves: atomic file output; service-level definitions; YAML input (capped reading,
    // parser budgets, located diagnostics).
    &["atomic", "service_level", "yaml"],
    // The checked scenario.
    &["scenario"],
    // Exact formulas; streamed statistics and verdicts.
    &["erlang", "stats"],
    // The simulator.
    &["engine"],
    // Call logs (read, and written from a simulation); the run's tables.
    &["calllog", "tables"],
    // Figures observed in a log; errors that reach the user; charts drawn from tables.
    &["observed", "error", "charts"],
    // A run's folder and report; fitting a scenario to a log (with its own charts).
    &["report", "fit"],
    // Staffing, sweeps, comparisons, claims, regression.
    &["planning"],
    // Replaying a log under a scenario (with its own charts); a run or sweep in parts
    // (`--shard`) and merging the parts.
    &["backtest", "shard"],
    // The command line's definitions and its checks into validated settings; the JSON
    // Schema of every output ccplan writes, generated from the output types.
    &["cli", "json_schemas"],
    // The commands: take the validated settings, call the library, present.
    &["commands"],
];

/// The `crate::` module names used in `text`, `//` comments left out.
fn crate_uses(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::{c, d}}`, over one line or several: the names at the group's
            // top level.
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        out.extend(module_name(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.extend(module_name(rest));
        }
    }
    out
}

fn module_name(path: &str) -> Option<String> {
    let name: String = path
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && name != "self").then_some(name)
}

/// Every `(file, module, used module)` that breaks the layering, for the files given as
/// `(path relative to src/, text)`.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let layer_of: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |n| (*n, i)))
        .collect();
    let mut out = Vec::new();
    for (rel, text) in files {
        let top = rel.split('/').next().unwrap_or(rel).trim_end_matches(".rs");
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(&own) = layer_of.get(top) else {
            out.push(format!("{rel}: module `{top}` is in no layer"));
            continue;
        };
        for used in crate_uses(text) {
            if used == top {
                continue;
            }
            match layer_of.get(used.as_str()) {
                Some(&l) if l < own => {}
                Some(_) => out.push(format!(
                    "{rel}: `{top}` uses `crate::{used}`, which is not in a lower layer"
                )),
                None => out.push(format!("{rel}: uses `crate::{used}`, a module in no layer")),
            }
        }
    }
    out
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, fs::read_to_string(&p).unwrap()));
        }
    }
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = repo("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    assert!(files.len() > 100, "found only {} source files", files.len());
    let bad = violations(&files);
    assert!(bad.is_empty(), "layering broken:\n{}", bad.join("\n"));
}

#[test]
fn every_layer_names_a_module_of_the_crate() {
    let lib = fs::read_to_string(repo("src/lib.rs")).unwrap();
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let layered: BTreeSet<&str> = LAYERS.iter().flat_map(|l| l.iter().copied()).collect();
    assert_eq!(declared, layered);
}

#[test]
fn the_scan_catches_an_upward_import_a_group_and_an_unplaced_module() {
    let file = |rel: &str, text: &str| (rel.to_string(), text.to_string());
    let files = [
        file("charts/style.rs", "use crate::report::folder;\n"),
        file("engine.rs", "use crate::{scenario::Scenario, tables};\n"),
        file("stats.rs", "// see crate::commands\nuse crate::scenario;\n"),
        file("nowhere.rs", "use crate::stats;\n"),
        file(
            "tables/io.rs",
            "use crate::{self as c, atomic};\nlet x = crate::stats::fig;\n",
        ),
        file(
            "report.rs",
            "use crate::{\n    charts::{self, a},\n    stats::{b, c},\n    planning,\n};\n",
        ),
    ];
    let bad = violations(&files);
    assert_eq!(bad.len(), 4, "{bad:#?}");
    assert!(bad[0].contains("`charts` uses `crate::report`"));
    assert!(bad[1].contains("`engine` uses `crate::tables`"));
    assert!(bad[2].contains("module `nowhere` is in no layer"));
    assert!(bad[3].contains("`report` uses `crate::planning`"));
}
