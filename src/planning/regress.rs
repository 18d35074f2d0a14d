//! `ccplan regress`: headline figures of staffing models against a stored baseline.
//!
//! The baseline holds, per scenario, every headline figure with its 95% interval, the
//! replications and seed it was run with, a hash of the scenario text and the ccplan
//! version. A check run reuses the stored replications and seed, so unchanged code and
//! scenario reproduce the stored numbers exactly. A figure fails when it moves beyond its
//! statistical tolerance, |new − old| > √(h_old² + h_new²) with h the 95% half-widths (a
//! two-sample test of equal means at about the 95% level, somewhat conservative because
//! the two runs share their random numbers); a target fails when it flips from met to
//! missed (its mean crossing the bound).

pub mod baseline;
pub mod junit;

pub use baseline::{Baseline, FigureRecord, ScenarioRecord, TargetRecord};

use crate::engine::RunSettings;
use crate::planning::headline;
use crate::planning::output::{format_difference, format_value, markdown_table};
use crate::report::summary_json::{bound_key, judge};
use crate::scenario::Scenario;

/// The tolerance rule, as stated in reports and the baseline.
pub const TOLERANCE_RULE: &str = "a figure fails when |new − old| > √(h_old² + h_new²), h the 95% \
    half-widths (a two-sample test at about 95%); a target fails when it flips from met to \
    missed (the mean crossing the bound)";

/// 64-bit FNV-1a of `bytes`, as `fnv1a64:<16 hex digits>`: identifies a scenario text.
pub fn text_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

/// Simulates `sc` and records its headline figures.
pub fn record(
    sc: &Scenario,
    file: &str,
    text: &str,
    settings: RunSettings,
    progress: &(dyn Fn() + Sync),
) -> ScenarioRecord {
    let (_, samples) = headline::simulate(sc, settings, progress);
    let figures = samples
        .headline
        .figures
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let e = samples.estimate(i);
            FigureRecord {
                key: f.key.clone(),
                label: f.label.clone(),
                unit: f.unit.to_string(),
                better: f.better.key().to_string(),
                mean: finite(e.mean),
                ci95_low: finite(e.ci95_low),
                ci95_high: finite(e.ci95_high),
                target: f.target.map(|b| {
                    let (met, verdict) = judge(b.at_least, b.limit, e);
                    TargetRecord {
                        bound: bound_key(b.at_least).to_string(),
                        limit: b.limit,
                        met,
                        verdict: verdict.key().to_string(),
                    }
                }),
            }
        })
        .collect();
    ScenarioRecord {
        file: file.to_string(),
        scenario_hash: text_hash(text.as_bytes()),
        ccplan_version: env!("CARGO_PKG_VERSION").to_string(),
        replications: settings.replications,
        seed: settings.seed,
        working_days: sc.calendar.working_days.len(),
        figures,
    }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Pass or fail of one test case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
}

/// One comparison: a figure or a target of a scenario, or the scenario's presence.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub scenario: String,
    /// `first_line.service_level`, `first_line.service_level target`, `baseline`.
    pub name: String,
    pub label: String,
    pub baseline: String,
    pub now: String,
    pub change: String,
    pub tolerance: String,
    pub status: Status,
    /// Why it passed or failed, in one sentence.
    pub message: String,
}

/// One scenario's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioDiff {
    pub name: String,
    pub cases: Vec<Case>,
    /// Provenance notes: scenario text or ccplan version changed, settings overridden.
    pub notes: Vec<String>,
}

impl ScenarioDiff {
    pub fn failures(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.status == Status::Fail)
            .count()
    }
}

/// A scenario missing from the baseline: one failing case.
pub fn missing(name: &str, file: &str, baseline_file: &str) -> ScenarioDiff {
    ScenarioDiff {
        name: name.to_string(),
        cases: vec![Case {
            scenario: name.to_string(),
            name: "baseline".into(),
            label: "scenario in the baseline".into(),
            baseline: "–".into(),
            now: "–".into(),
            change: "–".into(),
            tolerance: "–".into(),
            status: Status::Fail,
            message: format!(
                "scenario `{name}` is not in the baseline {baseline_file}: run \
                 `ccplan regress {file} --baseline {baseline_file} --update` to add it"
            ),
        }],
        notes: Vec::new(),
    }
}

/// Compares a new record with the stored one.
pub fn compare(name: &str, old: &ScenarioRecord, new: &ScenarioRecord) -> ScenarioDiff {
    let mut notes = Vec::new();
    if old.scenario_hash != new.scenario_hash {
        notes.push(format!(
            "the scenario text changed since the baseline ({} → {})",
            old.scenario_hash, new.scenario_hash
        ));
    }
    if old.ccplan_version != new.ccplan_version {
        notes.push(format!(
            "ccplan version changed since the baseline ({} → {})",
            old.ccplan_version, new.ccplan_version
        ));
    }
    if (old.replications, old.seed) != (new.replications, new.seed) {
        notes.push(format!(
            "run with {} replications, seed {} (baseline: {} replications, seed {})",
            new.replications, new.seed, old.replications, old.seed
        ));
    }
    if old.working_days != new.working_days {
        notes.push(format!(
            "{} working days simulated (baseline: {})",
            new.working_days, old.working_days
        ));
    }
    let mut cases = Vec::new();
    for o in &old.figures {
        let n = new.figures.iter().find(|f| f.key == o.key);
        cases.push(figure_case(name, o, n));
        if let Some(t) = &o.target {
            cases.push(target_case(name, o, t, n));
        }
    }
    for n in &new.figures {
        if !old.figures.iter().any(|f| f.key == n.key) {
            notes.push(format!(
                "new figure `{}` (not in the baseline): {}",
                n.key,
                format_value(n.mean.unwrap_or(f64::NAN), &n.unit)
            ));
        }
    }
    ScenarioDiff {
        name: name.to_string(),
        cases,
        notes,
    }
}

fn figure_case(scenario: &str, o: &FigureRecord, n: Option<&FigureRecord>) -> Case {
    let unit = o.unit.as_str();
    let mut case = Case {
        scenario: scenario.to_string(),
        name: o.key.clone(),
        label: o.label.clone(),
        baseline: o.display(),
        now: n.map_or("–".into(), FigureRecord::display),
        change: "–".into(),
        tolerance: "–".into(),
        status: Status::Pass,
        message: String::new(),
    };
    let Some(n) = n else {
        case.status = Status::Fail;
        case.message = format!("{}: no longer computed for this scenario", o.key);
        return case;
    };
    match (o.mean, n.mean) {
        (None, None) => case.message = "undefined in both runs".into(),
        (Some(_), None) | (None, Some(_)) => {
            case.status = Status::Fail;
            case.message = format!(
                "{}: {} in the baseline, {} now",
                o.key,
                defined(o.mean),
                defined(n.mean)
            );
        }
        (Some(a), Some(b)) => {
            let tol = o.half_width().hypot(n.half_width());
            let d = b - a;
            case.change = format_difference(d, unit);
            case.tolerance = format!("± {}", format_difference(tol, unit).trim_start_matches('+'));
            if d.abs() > tol {
                let direction = match (o.better.as_str(), d > 0.0) {
                    ("higher", true) | ("lower", false) => "better",
                    ("higher", false) | ("lower", true) => "worse",
                    _ => "changed",
                };
                case.status = Status::Fail;
                case.message = format!(
                    "{} ({}) moved {} from {} to {}, beyond its tolerance of ± {} ({direction})",
                    o.key,
                    o.label,
                    format_difference(d, unit),
                    format_value(a, unit),
                    format_value(b, unit),
                    format_difference(tol, unit).trim_start_matches('+'),
                );
            } else {
                case.message = "within tolerance".into();
            }
        }
    }
    case
}

fn defined(x: Option<f64>) -> &'static str {
    if x.is_some() { "defined" } else { "undefined" }
}

fn target_case(
    scenario: &str,
    o: &FigureRecord,
    t: &TargetRecord,
    n: Option<&FigureRecord>,
) -> Case {
    let word = |met: bool| if met { "met" } else { "missed" };
    let nt = n.and_then(|n| n.target.as_ref());
    let mut case = Case {
        scenario: scenario.to_string(),
        name: format!("{} target", o.key),
        label: format!("{}: {}", o.label, t.describe(&o.unit)),
        baseline: format!("{} ({})", word(t.met), t.verdict),
        now: nt.map_or("no target".into(), |x| {
            format!("{} ({})", word(x.met), x.verdict)
        }),
        change: "–".into(),
        tolerance: "–".into(),
        status: Status::Pass,
        message: String::new(),
    };
    match nt {
        None => {
            case.status = Status::Fail;
            case.message = format!("{}: the target is no longer stated", o.key);
        }
        Some(x) if t.met && !x.met => {
            case.status = Status::Fail;
            case.message = format!(
                "{}: target {} flipped from met to missed ({} → {})",
                o.key,
                t.describe(&o.unit),
                format_value(o.mean.unwrap_or(f64::NAN), &o.unit),
                format_value(n.and_then(|n| n.mean).unwrap_or(f64::NAN), &o.unit),
            );
        }
        Some(x) if !t.met && x.met => case.message = "now met (was missed)".into(),
        Some(x) if x.limit != t.limit || x.bound != t.bound => {
            case.message = format!("target changed to {}", x.describe(&o.unit))
        }
        Some(_) => case.message = format!("still {}", word(t.met)),
    }
    case
}

/// The markdown diff of a check run.
pub fn markdown(diffs: &[ScenarioDiff], baseline_file: &str) -> String {
    let failures: usize = diffs.iter().map(ScenarioDiff::failures).sum();
    let cases: usize = diffs.iter().map(|d| d.cases.len()).sum();
    let mut s = format!(
        "# Regression check against `{baseline_file}`\n\n{} scenario{}, {cases} checks, \
         **{failures} failed**.\n\nRule: {TOLERANCE_RULE}. Exit code 0 when every check \
         passes, 1 when any fails, 2 on bad input.\n\n",
        diffs.len(),
        if diffs.len() == 1 { "" } else { "s" },
    );
    for d in diffs {
        s.push_str(&format!(
            "## {} — {}\n\n",
            d.name,
            if d.failures() == 0 {
                "passed".to_string()
            } else {
                format!("{} failed", d.failures())
            }
        ));
        for n in &d.notes {
            s.push_str(&format!("- {n}\n"));
        }
        if !d.notes.is_empty() {
            s.push('\n');
        }
        let rows: Vec<Vec<String>> = d
            .cases
            .iter()
            .map(|c| {
                vec![
                    c.label.clone(),
                    c.baseline.clone(),
                    c.now.clone(),
                    c.change.clone(),
                    c.tolerance.clone(),
                    match c.status {
                        Status::Pass => "ok".to_string(),
                        Status::Fail => format!("**FAIL**: {}", c.message),
                    },
                ]
            })
            .collect();
        s.push_str(&markdown_table(
            &["figure", "baseline", "now", "change", "tolerance", "status"],
            &rows,
        ));
        s.push('\n');
    }
    s
}

/// The markdown summary of an `--update` run.
pub fn markdown_update(records: &[(String, ScenarioRecord)], baseline_file: &str) -> String {
    let mut s = format!("# Baseline `{baseline_file}` updated\n\n");
    for (name, r) in records {
        s.push_str(&format!(
            "## {name}\n\n{} replications, seed {}, {} working days, {}, ccplan {}.\n\n",
            r.replications, r.seed, r.working_days, r.scenario_hash, r.ccplan_version
        ));
        let rows: Vec<Vec<String>> = r
            .figures
            .iter()
            .map(|f| {
                vec![
                    f.label.clone(),
                    f.display(),
                    f.target.as_ref().map_or("–".into(), |t| {
                        format!("{}: {}", t.describe(&f.unit), t.verdict)
                    }),
                ]
            })
            .collect();
        s.push_str(&markdown_table(
            &["figure", "stored [95% interval]", "target"],
            &rows,
        ));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(mean: f64, half: f64, target: Option<(f64, bool)>) -> FigureRecord {
        FigureRecord {
            key: "first_line.service_level".into(),
            label: "1st line: SL 20 s (offered)".into(),
            unit: "share".into(),
            better: "higher".into(),
            mean: Some(mean),
            ci95_low: Some(mean - half),
            ci95_high: Some(mean + half),
            target: target.map(|(limit, met)| TargetRecord {
                bound: "at_least".into(),
                limit,
                met,
                verdict: if met { "met" } else { "missed" }.into(),
            }),
        }
    }

    fn record(f: FigureRecord) -> ScenarioRecord {
        ScenarioRecord {
            file: "s.yaml".into(),
            scenario_hash: text_hash(b"x"),
            ccplan_version: "0".into(),
            replications: 10,
            seed: 1,
            working_days: 5,
            figures: vec![f],
        }
    }

    #[test]
    fn tolerance_is_the_root_sum_of_squared_half_widths() {
        // Half-widths 0.03 and 0.04: tolerance 0.05.
        let old = record(figure(0.80, 0.03, None));
        let within = compare("s", &old, &record(figure(0.751, 0.04, None)));
        assert_eq!(within.failures(), 0, "{within:?}");
        let beyond = compare("s", &old, &record(figure(0.749, 0.04, None)));
        assert_eq!(beyond.failures(), 1);
        assert!(beyond.cases[0].message.contains("(worse)"), "{beyond:?}");
        let same = compare("s", &old, &old.clone());
        assert_eq!(same.failures(), 0);
        assert!(same.notes.is_empty());
    }

    #[test]
    fn a_target_flipping_to_missed_fails_but_not_the_reverse() {
        let met = record(figure(0.81, 0.03, Some((0.8, true))));
        let missed = record(figure(0.79, 0.03, Some((0.8, false))));
        let d = compare("s", &met, &missed);
        // The figure is within tolerance; the target flipped.
        assert_eq!(d.failures(), 1, "{d:?}");
        assert!(d.cases[1].message.contains("flipped from met to missed"));
        assert_eq!(compare("s", &missed, &met).failures(), 0);
    }

    #[test]
    fn fnv1a_reference_values() {
        assert_eq!(text_hash(b""), "fnv1a64:cbf29ce484222325");
        assert_eq!(text_hash(b"a"), "fnv1a64:af63dc4c8601ec8c");
    }
}
