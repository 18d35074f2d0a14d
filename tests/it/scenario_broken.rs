//! Broken scenarios: every file in `tests/broken/` holds known mistakes, listed in its
//! header as `# expect: <YAML path> | <fragment of the rendered error> | <line>`. Loading
//! the file must report exactly those problems — each at its path and line, each message
//! containing its fragment — and nothing else.

use std::path::{Path, PathBuf};

use ccplan::scenario::{self, Diagnostic};

struct Expect {
    path: String,
    fragment: String,
    line: usize,
}

fn broken_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

fn expectations(file: &Path) -> Vec<Expect> {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect:"))
        .map(|spec| {
            let parts: Vec<&str> = spec.split('|').map(str::trim).collect();
            assert_eq!(
                parts.len(),
                3,
                "{}: bad expectation `{spec}`",
                file.display()
            );
            Expect {
                path: parts[0].to_string(),
                fragment: parts[1].to_string(),
                line: parts[2].parse().unwrap(),
            }
        })
        .collect()
}

fn matches(d: &Diagnostic, e: &Expect) -> bool {
    d.path == e.path && d.line == e.line && d.to_string().contains(&e.fragment)
}

/// Loads `tests/broken/<name>.yaml` and checks it against its header.
fn check(name: &str) {
    let file = broken_dir().join(format!("{name}.yaml"));
    let expects = expectations(&file);
    assert!(!expects.is_empty(), "{name}: no `# expect:` line");
    let errors = match scenario::load(&file) {
        Ok(_) => panic!("{name}: loaded without error"),
        Err(e) => e,
    };
    let rendered = errors.to_string();
    for e in &expects {
        assert!(
            errors.iter().any(|d| matches(d, e)),
            "{name}: no error at `{}` line {} containing `{}`; got:\n{rendered}",
            e.path,
            e.line,
            e.fragment
        );
        let position = format!("{}:{}:", file.display(), e.line);
        assert!(
            rendered.contains(&position),
            "{name}: `{position}` not in:\n{rendered}"
        );
    }
    assert_eq!(
        errors.len(),
        expects.len(),
        "{name}: expected {} problems, got:\n{rendered}",
        expects.len()
    );
}

macro_rules! broken {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($file);
            }
        )*

        /// Every file in `tests/broken/` has a test above (so none is silently skipped).
        #[test]
        fn every_broken_file_is_tested() {
            let tested = [$($file),*];
            let mut missing = Vec::new();
            for entry in std::fs::read_dir(broken_dir()).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
                    if !tested.contains(&stem.as_str()) {
                        missing.push(stem);
                    }
                }
            }
            assert!(missing.is_empty(), "untested broken scenarios: {missing:?}");
            assert!(tested.len() >= 20);
        }
    };
}

broken! {
    // Stopped while parsing: reported alone.
    type_error => "type-error",
    unknown_key => "unknown-key",
    unknown_key_in_dist => "unknown-key-in-dist",
    duplicate_key => "duplicate-key",
    yaml_syntax => "yaml-syntax",
    yaml_bad_indentation => "yaml-bad-indentation",
    decimal_comma_flow => "decimal-comma-flow",
    multiple_documents => "multiple-documents",
    alias_bomb => "alias-bomb",
    // Found by validation: all reported together.
    shares_not_summing => "shares-not-summing",
    share_out_of_range => "share-out-of-range",
    negative_time => "negative-time",
    close_before_open => "close-before-open",
    interval_not_dividing => "interval-not-dividing",
    profile_length => "profile-length",
    reinforcement_missing_peak => "reinforcement-missing-peak",
    email_line_missing => "email-line-missing",
    gamma_cv_zero => "gamma-cv-zero",
    caller_order_and_type_patience => "caller-order-and-type-patience",
    wrong_dist_field => "wrong-dist-field",
    unknown_dist => "unknown-dist",
    empirical_empty => "empirical-empty",
    invalid_date => "invalid-date",
    days_zero => "days-zero",
    nan => "nan",
    infinite => "infinite",
    to_second_line_without_second => "to-second-line-without-second",
    shifts_and_agents_by_interval => "shifts-and-agents-by-interval",
    agents_by_interval_length => "agents-by-interval-length",
    agents_by_date => "agents-by-date",
    shift_outside_hours => "shift-outside-hours",
    shift_ends_before_start => "shift-ends-before-start",
    shift_breaks => "shift-breaks",
    missing_required => "missing-required",
    decimal_comma => "decimal-comma",
    quoted_number => "quoted-number",
    duplicate_contact_type => "duplicate-contact-type",
    peak_without_dates => "peak-without-dates",
    day_of_month_32 => "day-of-month-32",
    shrinkage_one => "shrinkage-one",
    unknown_holiday_rule => "unknown-holiday-rule",
    sl_definition_unknown => "sl-definition-unknown",
    replications_zero => "replications-zero",
    fractional_agents => "fractional-agents",
    email_target_without_email => "email-target-without-email",
    missing_second_line_handle => "missing-second-line-handle",
    several_mistakes => "several-mistakes",
    weibull_without_cv => "weibull-without-cv",
    empirical_file_missing => "empirical-file-missing",
    empirical_file_bad_number => "empirical-file-bad-number",
    handle_factor_length => "handle-factor-length",
    availability_share => "availability-share",
    agent_handle_factor => "agent-handle-factor",
    week_and_open => "week-and-open",
    week_bad_weekday => "week-bad-weekday",
    week_close_before_open => "week-close-before-open",
    week_off_grid => "week-off-grid",
    demand_by_date => "demand-by-date",
}

/// The exact rendering of one diagnostic: the format users and the README rely on.
#[test]
fn diagnostic_rendering() {
    let file = broken_dir().join("unknown-key.yaml");
    let errors = scenario::load(&file).unwrap_err();
    let shown = file.display().to_string();
    let expected = format!(
        "error: calendar.dayz: unknown key `dayz`
 --> {shown}:6:3
  |
6 |   dayz: 5
  |   ^^^^
  = allowed: start, days, holidays, open, close, interval_min, week
  = help: did you mean `days`?

error: {shown}: 1 problem, scenario not loaded
"
    );
    assert_eq!(errors.to_string(), expected);
}

#[test]
fn value_and_allowed_are_reported() {
    let errors = scenario::load(&broken_dir().join("share-out-of-range.yaml")).unwrap_err();
    let d = &errors.diagnostics[0];
    assert_eq!(d.value.as_deref(), Some("1.2"));
    assert!(d.allowed.as_deref().unwrap().contains("from 0 to 1"));
    assert_eq!(d.column, 19);
    let rendered = d.to_string();
    assert!(rendered.contains("^^^ found `1.2`"), "{rendered}");
}

#[test]
fn file_over_size_cap_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let body = format!(
        "name: huge\ndescription: \"{}\"\n",
        "x".repeat(scenario::MAX_FILE_BYTES)
    );
    std::fs::write(&path, &body).unwrap();
    let errors = scenario::load(&path).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors
            .to_string()
            .contains("limited to 1048576 bytes (1 MiB)"),
        "{errors}"
    );
    // The same limit holds for text already in memory.
    let errors = scenario::parse_str(&body, "huge.yaml").unwrap_err();
    assert!(errors.to_string().contains("limited to"));
}

#[test]
fn unreadable_and_non_utf8_files() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.yaml");
    let errors = scenario::load(&missing).unwrap_err();
    assert!(
        errors.to_string().contains("cannot read the file"),
        "{errors}"
    );

    let latin1 = dir.path().join("latin1.yaml");
    std::fs::write(&latin1, b"name: seguran\xe7a\n").unwrap();
    let errors = scenario::load(&latin1).unwrap_err();
    assert!(errors.to_string().contains("not UTF-8"), "{errors}");
}

#[test]
fn empty_file() {
    for text in ["", "\n\n", "# only a comment\n"] {
        let errors = scenario::parse_str(text, "empty.yaml").unwrap_err();
        assert!(errors.to_string().contains("the file is empty"), "{errors}");
    }
}

/// Hostile nesting is refused quickly, whether or not the position accepts collections.
#[test]
fn deep_nesting_is_refused() {
    for text in [
        format!("name: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!(
            "name: x\nnested: {}{}\n",
            "{a: ".repeat(10_000),
            "}".repeat(10_000)
        ),
        format!("{}x\n", "- ".repeat(10_000)),
    ] {
        assert!(scenario::parse_str(&text, "deep.yaml").is_err());
    }
}

/// A file with more problems than can usefully be shown lists the first ones and counts
/// the rest.
#[test]
fn many_problems_are_capped() {
    let values = vec!["-1"; 5000].join(", ");
    let text = format!(
        "name: many\n\
         calendar: {{start: 2024-01-08, days: 5, open: \"08:00\", close: \"18:00\", interval_min: 30}}\n\
         demand: {{calls_per_day: 100}}\n\
         contact_types: [{{name: all, share: 1, first_line: {{handle: {{dist: empirical, values_s: [{values}]}}}}}}]\n\
         lines: {{first: {{shifts: [{{start: \"08:00\", end: \"18:00\", agents: 8}}]}}}}\n"
    );
    let errors = scenario::parse_str(&text, "many.yaml").unwrap_err();
    assert_eq!(errors.len(), 51);
    assert!(
        errors
            .to_string()
            .contains("… and 4950 more problems not shown")
    );
}
