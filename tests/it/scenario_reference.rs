//! The scenario reference (`docs/scenario.md`) and the validator agree on every key.
//!
//! The reference documents each key in a table whose first column is the key's path
//! (`calendar.start`, `contact_types[].share`, `lines.<line>.shifts[].agents`,
//! `<dist>.mean_s`), and ends with example scenarios (blocks `yaml file=reference-*.yaml`)
//! that use every documented key. The keys the validator accepts are found by asking it:
//! an unknown key written into each mapping of the examples makes the reader list the keys
//! allowed there. The test fails when a key is documented but refused, accepted but
//! undocumented, or documented without being used in an example that validates.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::docs_examples::blocks;

const PROBE: &str = "zz_not_a_key";
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn reference() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/scenario.md");
    std::fs::read_to_string(path).unwrap()
}

/// The key paths in the first column of the reference's key tables.
fn documented(text: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut in_key_table = false;
    for line in text.lines() {
        if line.starts_with("| key | type |") {
            in_key_table = true;
            continue;
        }
        if !line.starts_with('|') {
            in_key_table = false;
            continue;
        }
        if !in_key_table {
            continue;
        }
        let first = line.split('|').nth(1).unwrap_or("").trim();
        if let Some(key) = first.strip_prefix('`').and_then(|k| k.strip_suffix('`')) {
            keys.insert(key.to_string());
        }
    }
    keys
}

/// Writes the reference's `file=` blocks into `dir`; returns the example scenarios.
fn write_examples(text: &str, dir: &Path) -> Vec<PathBuf> {
    let mut scenarios = Vec::new();
    for block in blocks::blocks(text) {
        if let Some(name) = block.file_name() {
            let path = dir.join(name);
            std::fs::write(&path, block.body.join("\n") + "\n").unwrap();
            if name.starts_with("reference-") && name.ends_with(".yaml") {
                scenarios.push(path);
            }
        }
    }
    scenarios
}

/// The reference's name for the key at `path` (concrete keys; `[]` marks list items).
fn doc_path(path: &[String], in_dist: bool) -> String {
    let key = path.last().unwrap();
    if in_dist {
        return format!("<dist>.{key}");
    }
    let mut out: Vec<String> = Vec::new();
    for (k, seg) in path.iter().enumerate() {
        let parent = if k > 0 { path[k - 1].as_str() } else { "" };
        let last = k + 1 == path.len();
        let name = if parent == "lines" && !last {
            "<line>".to_string()
        } else if (parent == "week" || parent == "day_of_week") && WEEKDAYS.contains(&seg.as_str())
        {
            "<weekday>".to_string()
        } else if parent == "by_date" || parent == "agents_by_date" {
            "<date>".to_string()
        } else if parent == "handle_factor_by_agent" {
            "<name>".to_string()
        } else {
            seg.clone()
        };
        match out.last_mut() {
            Some(prev) if seg == "[]" => prev.push_str("[]"),
            _ => out.push(name),
        }
    }
    out.join(".")
}

fn is_dist(map: &Map<String, Value>) -> bool {
    map.contains_key("dist")
}

/// Every mapping of `value` (paths with `[]` for list items), the keys used, and the
/// paths (concrete, for probing) of the mappings that take keys (not date-keyed maps).
fn walk(
    value: &Value,
    path: &mut Vec<String>,
    used: &mut BTreeSet<String>,
    mappings: &mut Vec<(Vec<String>, bool)>,
) {
    match value {
        Value::Object(map) => {
            let dated = matches!(
                path.last().map(String::as_str),
                Some("by_date" | "agents_by_date" | "handle_factor_by_agent")
            );
            let dist = is_dist(map);
            if !dated {
                mappings.push((path.clone(), dist));
            }
            for (key, child) in map {
                path.push(key.clone());
                used.insert(doc_path(path, dist));
                walk(child, path, used, mappings);
                path.pop();
            }
        }
        Value::Array(items) => {
            for item in items {
                path.push("[]".into());
                walk(item, path, used, mappings);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The node at a concrete path (`[]` taken as the first list item).
fn node_mut<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |v, seg| {
        if seg == "[]" {
            &mut v.as_array_mut().unwrap()[0]
        } else {
            v.get_mut(seg.as_str()).unwrap()
        }
    })
}

/// The keys the reader accepts in the mapping at `path`, by writing an unknown key there.
fn accepted_at(example: &Value, path: &[String], file: &Path) -> Vec<String> {
    let mut probe = example.clone();
    node_mut(&mut probe, path)
        .as_object_mut()
        .unwrap()
        .insert(PROBE.into(), Value::from(1));
    let text = serde_json::to_string_pretty(&probe).unwrap();
    let err = match ccplan::scenario::parse_str(&text, &file.display().to_string()) {
        Ok(_) => panic!("{path:?}: the reader accepted the key `{PROBE}`"),
        Err(e) => e.to_string(),
    };
    let allowed = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("= allowed: "))
        .unwrap_or_else(|| panic!("{path:?}: no list of allowed keys in\n{err}"));
    allowed.split(", ").map(str::to_string).collect()
}

#[test]
fn the_scenario_reference_and_the_validator_agree_on_every_key() {
    let text = reference();
    let documented = documented(&text);
    assert!(
        documented.len() > 80,
        "only {} keys documented",
        documented.len()
    );
    let tmp = tempfile::tempdir().unwrap();
    let examples = write_examples(&text, tmp.path());
    assert!(
        !examples.is_empty(),
        "no reference-*.yaml example in docs/scenario.md"
    );

    let mut used = BTreeSet::new();
    let mut accepted = BTreeSet::new();
    for file in &examples {
        let yaml = std::fs::read_to_string(file).unwrap();
        if let Err(e) = ccplan::scenario::load(file) {
            panic!("{} does not validate:\n{e}", file.display());
        }
        let example: Value = serde_saphyr::from_str(&yaml).unwrap();
        let mut mappings = Vec::new();
        walk(&example, &mut Vec::new(), &mut used, &mut mappings);
        for (path, dist) in mappings {
            for key in accepted_at(&example, &path, file) {
                let mut child = path.clone();
                child.push(key);
                accepted.insert(doc_path(&child, dist));
            }
        }
    }

    // Date- and name-keyed maps are not probed (any date or agent name is a key there):
    // their keys were accepted when the example that uses them validated.
    accepted.extend(
        used.iter()
            .filter(|p| p.ends_with("<date>") || p.ends_with("<name>"))
            .cloned(),
    );

    let refused: Vec<_> = documented.difference(&accepted).collect();
    let undocumented: Vec<_> = accepted.difference(&documented).collect();
    let unused: Vec<_> = documented.difference(&used).collect();
    assert!(
        refused.is_empty() && undocumented.is_empty() && unused.is_empty(),
        "docs/scenario.md and the validator disagree\n\
         documented but refused by the reader: {refused:?}\n\
         accepted by the reader but undocumented: {undocumented:?}\n\
         documented but in no reference example: {unused:?}"
    );
}

#[test]
fn the_key_names_of_the_reference_follow_its_conventions() {
    let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(doc_path(&path(&["lines", "first"]), false), "lines.first");
    assert_eq!(
        doc_path(&path(&["lines", "second", "shifts", "[]", "agents"]), false),
        "lines.<line>.shifts[].agents"
    );
    assert_eq!(
        doc_path(&path(&["calendar", "week", "fri", "open"]), false),
        "calendar.week.<weekday>.open"
    );
    assert_eq!(
        doc_path(&path(&["demand", "by_date", "2024-01-24"]), false),
        "demand.by_date.<date>"
    );
    assert_eq!(
        doc_path(&path(&["callers", "patience", "cv"]), true),
        "<dist>.cv"
    );
    let table = "| key | type | unit | default | allowed | example |\n|---|---|---|---|---|---|\n| `a.b` | x | | | | |\n\n| `not.a.key` |\n";
    assert_eq!(documented(table), BTreeSet::from(["a.b".to_string()]));
}
