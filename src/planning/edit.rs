//! Editing a scenario by path: what `ccplan sweep --set PATH=VALUES` does to the YAML.
//!
//! A scenario is first loaded and validated as usual ([`crate::scenario::load`], which
//! refuses hostile or broken files), then read again as a plain YAML tree
//! (`serde_json::Value`). A [`Setting`] names a path in that tree and the values to put
//! there; [`Document::apply`] writes one value per setting, serialises the tree back to
//! YAML and validates the result like any scenario file, so an edit can never produce a
//! scenario the engine would not accept.
//!
//! Path syntax: keys separated by dots, each optionally followed by list indices —
//! `lines.first.shifts[0].agents`, `contact_types[*].self_service` (`[*]`: every element
//! of the list). Values: a comma list (`0.3,0.4,0.5`, `PT,none`) or an inclusive numeric
//! range `a..b:step` (`60..90:5`; the step may be left out between whole numbers, then 1).
//!
//! ```
//! use ccplan::planning::edit::{Document, Setting};
//!
//! let yaml = r#"
//! name: tiny
//! calendar: {start: 2024-01-08, days: 5, open: "08:00", close: "18:00", interval_min: 30}
//! demand: {calls_per_day: 900}
//! contact_types: [{name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}]
//! lines: {first: {shifts: [{start: "08:00", end: "18:00", agents: 10}]}}
//! "#;
//! let doc = Document::from_text(yaml, "tiny.yaml").unwrap();
//! let set = Setting::parse("lines.first.shifts[0].agents=10..14:2").unwrap();
//! assert_eq!(set.labels(), ["10", "12", "14"]);
//! let sc = doc.apply(&[(&set, 2)]).unwrap();
//! // 14 agents from 08:00 to 18:00.
//! assert_eq!(ccplan::planning::cost::AgentHours::of(&sc).per_day(), 140.0);
//! ```

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::scenario::{self, Scenario, ScenarioErrors};

mod setting;

use setting::render_path;
pub use setting::{EditPath, MAX_POINTS, Segment, Setting, value_label};

/// A scenario as a YAML tree, ready to be edited, with the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub file: String,
    /// The file's text, as read.
    pub source: String,
    pub tree: Value,
    /// The scenario as loaded, unedited.
    pub scenario: Scenario,
}

impl Document {
    /// Loads and validates `path` (a broken or hostile file stops here), then reads it as a
    /// YAML tree.
    pub fn load(path: &Path) -> Result<Document> {
        let (scenario, text) = scenario::load_with_text(path)?;
        Self::parsed(scenario, &text, &path.display().to_string())
    }

    /// As [`Document::load`], from text in memory.
    pub fn from_text(text: &str, file: &str) -> Result<Document> {
        let scenario = scenario::parse_str(text, file)?;
        Self::parsed(scenario, text, file)
    }

    fn parsed(scenario: Scenario, text: &str, file: &str) -> Result<Document> {
        let tree: Value = serde_saphyr::from_str(text)
            .map_err(|e| Error::Other(anyhow::anyhow!("reading {file} as a YAML tree: {e}")))?;
        Ok(Document {
            file: file.to_owned(),
            source: text.to_owned(),
            tree,
            scenario,
        })
    }

    /// Checks that every setting's path leads somewhere in this document, before any
    /// value is tried: an unknown key lists the keys at that level and the nearest one.
    pub fn check_paths(&self, settings: &[Setting]) -> Result<()> {
        for s in settings {
            let mut probe = self.tree.clone();
            set_path(&mut probe, &s.path.segments, &[], &Value::Null)
                .map_err(|why| Error::Usage(format!("--set `{}`: {why}", s.raw)))?;
        }
        Ok(())
    }

    /// The tree with `choices` applied (`(setting, index of its value)`), as YAML text.
    pub fn edited_text(&self, choices: &[(&Setting, usize)]) -> Result<String> {
        let mut tree = self.tree.clone();
        for (s, k) in choices {
            set_path(&mut tree, &s.path.segments, &[], &s.values[*k])
                .map_err(|why| Error::Usage(format!("--set `{}`: {why}", s.raw)))?;
        }
        serde_saphyr::to_string(&tree).map_err(|e| {
            Error::Other(anyhow::anyhow!(
                "writing the edited {} back to YAML: {e}",
                self.file
            ))
        })
    }

    /// The scenario with `choices` applied, validated. A value the scenario does not
    /// accept is an [`Error::Usage`] naming each `--set` and value of the point, the
    /// path, what is wrong and what is allowed.
    pub fn apply(&self, choices: &[(&Setting, usize)]) -> Result<Scenario> {
        let text = self.edited_text(choices)?;
        scenario::parse_str(&text, &self.file)
            .map_err(|errors| Error::Usage(describe_rejection(&self.file, choices, &errors)))
    }
}

/// Why an edited scenario was rejected, in terms of the `--set` values rather than the
/// lines of a file the user never wrote.
fn describe_rejection(
    file: &str,
    choices: &[(&Setting, usize)],
    errors: &ScenarioErrors,
) -> String {
    let point: Vec<String> = choices
        .iter()
        .map(|(s, k)| format!("{}={}", s.path_text, value_label(&s.values[*k])))
        .collect();
    let mut lines = Vec::new();
    for d in errors.iter() {
        // Blame the `--set` whose path the problem is at, when there is one; otherwise
        // (shares that no longer add up, a shift past closing time) the combination.
        let culprit = EditPath::parse(&d.path).ok().and_then(|at| {
            choices
                .iter()
                .find(|(s, _)| s.path.matches(&at))
                .map(|(s, k)| (s, *k))
        });
        let mut line = match culprit {
            Some((s, _)) if d.message.starts_with("unknown key") => {
                format!("--set `{}`: {}: ", s.raw, d.path)
            }
            Some((s, k)) => format!(
                "--set `{}`: {} = `{}`: ",
                s.raw,
                d.path,
                value_label(&s.values[k])
            ),
            None if d.path.is_empty() => String::new(),
            None => format!("{}: ", d.path),
        };
        line.push_str(&d.message);
        if culprit.is_none()
            && let Some(v) = &d.value
        {
            line.push_str(&format!(" (found `{v}`)"));
        }
        if let Some(a) = &d.allowed {
            line.push_str(&format!("; allowed: {a}"));
        }
        if let Some(h) = &d.help {
            line.push_str(&format!("; {h}"));
        }
        lines.push(line);
    }
    let head = format!(
        "--set: {file} with {} is not a valid scenario",
        point.join(", ")
    );
    if lines.len() == 1 && lines[0].starts_with("--set `") {
        lines.remove(0)
    } else {
        format!("{head}:\n  - {}", lines.join("\n  - "))
    }
}

/// Writes `value` at `path` under `node`; `done` is the part of the path already walked
/// (for messages). A missing last key of a mapping is created; every other missing step
/// is an error naming what exists there.
fn set_path(
    node: &mut Value,
    path: &[Segment],
    done: &[Segment],
    value: &Value,
) -> std::result::Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        *node = value.clone();
        return Ok(());
    };
    let here = if done.is_empty() {
        "the top level".to_owned()
    } else {
        format!("`{}`", render_path(done))
    };
    let walked = |seg: &Segment| {
        let mut d = done.to_vec();
        d.push(seg.clone());
        d
    };
    match (first, node) {
        (Segment::Key(k), Value::Object(map)) => {
            if !map.contains_key(k) {
                if rest.is_empty() {
                    map.insert(k.clone(), Value::Null);
                } else {
                    return Err(unknown_key(k, &here, map));
                }
            }
            let child = map.get_mut(k).expect("present or just inserted");
            set_path(child, rest, &walked(first), value)
        }
        (Segment::Index(i), Value::Array(items)) => {
            let n = items.len();
            match items.get_mut(*i) {
                Some(child) => set_path(child, rest, &walked(first), value),
                None => Err(format!(
                    "index [{i}] is out of range: {here} has {n} item{} (indices 0 to {})",
                    if n == 1 { "" } else { "s" },
                    n.saturating_sub(1)
                )),
            }
        }
        (Segment::All, Value::Array(items)) => {
            if items.is_empty() {
                return Err(format!("{here} is an empty list: `[*]` would set nothing"));
            }
            for (i, child) in items.iter_mut().enumerate() {
                let mut d = done.to_vec();
                d.push(Segment::Index(i));
                set_path(child, rest, &d, value)?;
            }
            Ok(())
        }
        (Segment::Key(k), Value::Array(items)) => Err(format!(
            "{here} is a list of {} items, not a mapping: write `[N]` or `[*]` before `.{k}`",
            items.len()
        )),
        (Segment::Index(_) | Segment::All, Value::Object(map)) => Err(format!(
            "{here} is a mapping, not a list: name one of its keys ({})",
            keys_of(map)
        )),
        (seg, other) => Err(format!(
            "{here} is the value `{}`, which has nothing inside it to reach with `{}`",
            value_label(other),
            render_path(std::slice::from_ref(seg))
        )),
    }
}

fn keys_of(map: &Map<String, Value>) -> String {
    map.keys()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `unknown key` with the keys present and the nearest of them.
fn unknown_key(key: &str, here: &str, map: &Map<String, Value>) -> String {
    let mut msg = format!(
        "unknown key `{key}` at {here}; the keys there are {}",
        keys_of(map)
    );
    let nearest = map
        .keys()
        .map(|k| (strsim::jaro_winkler(key, k), k))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, k)) = nearest {
        msg.push_str(&format!("; did you mean `{k}`?"));
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(arg: &str) -> Vec<String> {
        Setting::parse(arg).unwrap().labels()
    }

    fn usage(arg: &str) -> String {
        match Setting::parse(arg) {
            Err(Error::Usage(m)) => m,
            other => panic!("expected a usage error for {arg}, got {other:?}"),
        }
    }

    #[test]
    fn paths_parse_keys_indices_and_stars() {
        let p = EditPath::parse("lines.first.shifts[0].agents").unwrap();
        assert_eq!(
            p.segments,
            vec![
                Segment::Key("lines".into()),
                Segment::Key("first".into()),
                Segment::Key("shifts".into()),
                Segment::Index(0),
                Segment::Key("agents".into()),
            ]
        );
        assert_eq!(p.to_string(), "lines.first.shifts[0].agents");
        let p = EditPath::parse("contact_types[*].self_service").unwrap();
        assert_eq!(p.segments[1], Segment::All);
        for bad in ["", "a..b", "a[", "a[x]", "a[0", ".a", "a b"] {
            assert!(EditPath::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn values_parse_lists_and_ranges() {
        assert_eq!(labels("x=60..90:10"), ["60", "70", "80", "90"]);
        assert_eq!(labels("x=1..3"), ["1", "2", "3"]);
        assert_eq!(labels("x=60..72:5"), ["60", "65", "70"]);
        assert_eq!(labels("x=0.3..0.5:0.1"), ["0.3", "0.4", "0.5"]);
        assert_eq!(labels("x=0.3, 0.4,0.5"), ["0.3", "0.4", "0.5"]);
        assert_eq!(labels("x=PT,none"), ["PT", "none"]);
        assert!(Setting::parse("x=1,2").unwrap().is_numeric());
        assert!(!Setting::parse("x=1,abc").unwrap().is_numeric());
    }

    #[test]
    fn bad_values_name_the_problem() {
        assert!(usage("x=60..50:5").contains("below the start"));
        assert!(usage("x=60..90:0").contains("greater than 0"));
        assert!(usage("x=60..90:-5").contains("greater than 0"));
        assert!(usage("x=abc..90:5").contains("`abc` is not a number"));
        assert!(usage("x=0.1..0.5").contains("need a step"));
        assert!(usage("x=0..100000:1").contains("at most"));
        assert!(usage("x=1,,2").contains("empty value"));
        assert!(usage("x=1,1").contains("twice"));
        assert!(usage("x=").contains("no values"));
        assert!(usage("lines.first").contains("PATH=VALUES"));
        assert!(usage("x=inf..5:1").contains("not a number"));
    }

    const YAML: &str = r#"
name: tiny
calendar: {start: 2018-01-02, days: 5, open: "09:00", close: "18:00", interval_min: 30}
demand: {calls_per_day: 900}
contact_types:
  - {name: a, share: 0.5, self_service: 0.2, first_line: {handle: {dist: exponential, mean_s: 300}}}
  - {name: b, share: 0.5, self_service: 0.1, first_line: {handle: {dist: exponential, mean_s: 200}}}
lines: {first: {shifts: [{start: "09:00", end: "18:00", agents: 10}]}}
"#;

    #[test]
    fn round_trip_keeps_the_scenario() {
        let doc = Document::from_text(YAML, "t.yaml").unwrap();
        let text = doc.edited_text(&[]).unwrap();
        let again = scenario::parse_str(&text, "t.yaml").unwrap();
        assert_eq!(again, doc.scenario, "{text}");
    }

    #[test]
    fn star_sets_every_element_and_missing_last_key_is_created() {
        let doc = Document::from_text(YAML, "t.yaml").unwrap();
        let s = Setting::parse("contact_types[*].self_service=0.4").unwrap();
        let sc = doc.apply(&[(&s, 0)]).unwrap();
        assert!(sc.contact_types.iter().all(|c| c.self_service == 0.4));
        let t = Setting::parse("targets.asa_at_most_s=30").unwrap();
        // `targets` is missing, so its key cannot be created under it.
        assert!(doc.check_paths(std::slice::from_ref(&t)).is_err());
        let u = Setting::parse("callers=1").unwrap();
        assert!(doc.check_paths(std::slice::from_ref(&u)).is_ok());
    }

    #[test]
    fn bad_paths_name_what_exists() {
        let doc = Document::from_text(YAML, "t.yaml").unwrap();
        let check = |arg: &str| match doc.check_paths(&[Setting::parse(arg).unwrap()]) {
            Err(Error::Usage(m)) => m,
            other => panic!("{arg}: {other:?}"),
        };
        let m = check("lines.frist.shifts[0].agents=5");
        assert!(
            m.contains("unknown key `frist`") && m.contains("did you mean `first`"),
            "{m}"
        );
        assert!(check("lines.first.shifts[3].agents=5").contains("out of range"));
        assert!(check("lines.first.shifts.agents=5").contains("is a list"));
        assert!(check("lines[0]=5").contains("is a mapping"));
        assert!(check("name.x=5").contains("nothing inside"));
    }

    #[test]
    fn invalid_values_are_rejected_by_validation() {
        let doc = Document::from_text(YAML, "t.yaml").unwrap();
        let s = Setting::parse("lines.first.shifts[0].agents=abc").unwrap();
        match doc.apply(&[(&s, 0)]) {
            Err(Error::Usage(m)) => {
                assert!(m.contains("lines.first.shifts[0].agents=abc"), "{m}");
                assert!(m.contains("agents = `abc`: expected a number"), "{m}");
            }
            other => panic!("{other:?}"),
        }
        let s = Setting::parse("demand.calls_per_dya=5").unwrap();
        match doc.apply(&[(&s, 0)]) {
            Err(Error::Usage(m)) => assert!(m.contains("calls_per_day"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
