//! Helpers shared by integration tests: scenarios built in code, so engine tests do not
//! depend on the YAML loader.
#![allow(dead_code)]

use ccplan::scenario::*;
use ccplan::service_level::SlDefinition;
use jiff::civil::date;

/// A stationary one-line scenario: `calls_per_day` spread evenly over `hours` hours from
/// 08:00, `agents` all day, the given handling and patience, no menu, no trunk limit.
pub fn stationary(
    calls_per_day: f64,
    hours: u32,
    agents: u32,
    handle: Dist,
    patience: Option<Dist>,
) -> Scenario {
    let open_s = 8 * 3600;
    let close_s = open_s + hours * 3600;
    let interval_s = 1800;
    let n = ((close_s - open_s) / interval_s) as usize;
    let start = date(2024, 1, 8);
    let days = 5;
    let working_days: Vec<_> = (0..7)
        .map(|i| start.checked_add(jiff::Span::new().days(i)).unwrap())
        .filter(|d| weekday_index(*d) < 5)
        .take(days)
        .collect();
    Scenario {
        name: "stationary".into(),
        description: None,
        calendar: Calendar {
            start,
            days: days as u32,
            holidays: HolidayRule::None,
            open_s,
            close_s,
            interval_s,
            week: Calendar::monday_to_friday(open_s, close_s),
            working_days,
            skipped: vec![],
        },
        demand: Demand {
            calls_per_day,
            profile: vec![1.0 / n as f64; n],
            day_of_week: [1.0; 7],
            day_to_day_cv: 0.0,
            peaks: vec![],
            by_date: Default::default(),
        },
        contact_types: vec![ContactType {
            name: "all".into(),
            share: 1.0,
            self_service: 0.0,
            first_line_handle: handle,
            to_second_line: 0.0,
            second_line_handle: None,
            first_line_handle_factor: vec![],
            second_line_handle_factor: vec![],
            patience: None,
        }],
        callers: Callers {
            identified_first: false,
            patience,
            redial: None,
            self_service_time: None,
        },
        email: None,
        lines: Lines {
            first: Line {
                label: "1st line".into(),
                posts: None,
                permanent_share: 1.0,
                temporary_handle_factor: 1.0,
                shrinkage: 0.0,
                staffing: Staffing::Shifts(vec![Shift {
                    start_s: open_s,
                    end_s: close_s,
                    agents,
                    breaks: vec![],
                }]),
                reinforcement: vec![],
                availability: None,
                handle_factor_by_agent: Vec::new(),
                shift_rules: None,
            },
            second: None,
        },
        trunks: None,
        targets: Targets {
            service_level: Some(ServiceLevelTarget {
                within_s: 20.0,
                at_least: 0.8,
                definition: SlDefinition::Offered,
            }),
            ..Targets::default()
        },
        simulation: SimulationSettings {
            replications: 10,
            seed: 1,
        },
    }
}

/// Mean and 99% half-width (Student t) of a sample.
pub fn mean_ci99(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    // t quantile 0.995 for the replication counts used in tests (df 39).
    let t = match xs.len() {
        40 => 2.707_913_4,
        _ => 2.576 + 2.0 / n, // close enough for larger samples; tests use 40
    };
    (mean, t * (var / n).sqrt())
}

/// A file of the repository, by its path from the root.
pub fn repo(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write_file(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A JSON file, parsed. A file ccplan writes under a known name (`summary.json`,
/// `staff.json`, …) or a regress baseline is first checked against its published schema
/// and its type (see [`check_output`]).
pub fn read_json(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    if let Some(output) = output_of(path, &value) {
        check_output(&output, &text, &path.display().to_string());
    }
    value
}

/// The JSON output a file is: by its name, or a regress baseline by its `format`.
pub fn output_of(
    path: &std::path::Path,
    value: &serde_json::Value,
) -> Option<ccplan::json_schemas::Output> {
    let name = path.file_name()?.to_str()?;
    ccplan::json_schemas::for_file_name(name).or_else(|| {
        (value["format"] == ccplan::planning::regress::baseline::FORMAT)
            .then(|| schema_output("regress-baseline.schema.json"))
    })
}

/// The output whose published schema is `schema_file`.
pub fn schema_output(schema_file: &str) -> ccplan::json_schemas::Output {
    ccplan::json_schemas::outputs()
        .into_iter()
        .find(|o| o.schema_file == schema_file)
        .unwrap_or_else(|| panic!("no output has the schema {schema_file}"))
}

/// Asserts that `text` (from `what`) validates against `output`'s published schema (the
/// file under `outputs/schemas/`, as a CI pipeline would use it) and that its type reads
/// it and writes it back byte for byte.
pub fn check_output(output: &ccplan::json_schemas::Output, text: &str, what: &str) {
    let schema_path = repo(ccplan::json_schemas::SCHEMA_DIR).join(output.schema_file);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&schema_path)
            .unwrap_or_else(|e| panic!("{}: {e}", schema_path.display())),
    )
    .unwrap();
    let instance: serde_json::Value = serde_json::from_str(text).unwrap();
    if let Err(e) = validate(&schema, &instance) {
        panic!(
            "{what} does not validate against {}:\n{e:#}",
            schema_path.display()
        );
    }
    let again = output
        .reserialize(text)
        .unwrap_or_else(|e| panic!("{what} does not read as its type: {e}"));
    assert!(
        again == text,
        "{what}: its type writes it back differently:\n{}",
        first_difference(text, &again)
    );
}

/// Validates `instance` against the draft 2020-12 `schema` (boon).
pub fn validate(schema: &serde_json::Value, instance: &serde_json::Value) -> Result<(), String> {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = "file:///ccplan-output.schema.json";
    compiler
        .add_resource(url, schema.clone())
        .map_err(|e| format!("{e:#}"))?;
    let index = compiler
        .compile(url, &mut schemas)
        .map_err(|e| format!("the schema does not compile: {e:#}"))?;
    schemas
        .validate(instance, index)
        .map_err(|e| format!("{e:#}"))
}

/// The first line where two texts differ, for a failure message.
fn first_difference(a: &str, b: &str) -> String {
    let (mut la, mut lb) = (a.lines(), b.lines());
    for n in 1.. {
        match (la.next(), lb.next()) {
            (None, None) => break,
            (x, y) if x != y => return format!("line {n}: {x:?} became {y:?}"),
            _ => {}
        }
    }
    "(same lines, different line ends)".into()
}

/// `ccplan <command> <inputs…> --out <out> --quiet`, to be given more arguments and run.
pub fn ccplan<I>(command: &str, inputs: I, out: &std::path::Path) -> assert_cmd::Command
where
    I: IntoIterator,
    I::Item: AsRef<std::ffi::OsStr>,
{
    let mut cmd = assert_cmd::Command::cargo_bin("ccplan").unwrap();
    cmd.arg(command)
        .args(inputs)
        .arg("--out")
        .arg(out)
        .arg("--quiet");
    cmd
}

/// `ccplan <command> <inputs…> --out <out> --quiet <extra…>`, run.
pub fn ccplan_out<I>(
    command: &str,
    inputs: I,
    out: &std::path::Path,
    extra: &[&str],
) -> assert_cmd::assert::Assert
where
    I: IntoIterator,
    I::Item: AsRef<std::ffi::OsStr>,
{
    ccplan(command, inputs, out).args(extra).assert()
}

/// The exit code of a finished command.
pub fn exit_code(a: &assert_cmd::assert::Assert) -> i32 {
    a.get_output().status.code().unwrap()
}

/// Runs `ccplan <command> <inputs…> <extra…>` into `dir/one` on one thread (polars' pool
/// cut to one as well) and into `dir/two` on two, and asserts that each of `files` is
/// written, not empty and identical byte for byte. Returns the two folders.
pub fn assert_same_whatever_the_threads<I>(
    command: &str,
    inputs: I,
    dir: &std::path::Path,
    extra: &[&str],
    files: &[impl AsRef<str>],
) -> (std::path::PathBuf, std::path::PathBuf)
where
    I: IntoIterator + Clone,
    I::Item: AsRef<std::ffi::OsStr>,
{
    let (one, two) = (dir.join("one"), dir.join("two"));
    ccplan(command, inputs.clone(), &one)
        .env("POLARS_MAX_THREADS", "1")
        .args(extra)
        .args(["--threads", "1"])
        .assert()
        .success();
    ccplan(command, inputs, &two)
        .args(extra)
        .args(["--threads", "2"])
        .assert()
        .success();
    for file in files {
        let file = file.as_ref();
        let a = std::fs::read(one.join(file)).unwrap();
        let b = std::fs::read(two.join(file)).unwrap();
        assert!(!a.is_empty(), "{file} is empty");
        assert!(a == b, "{file} differs between --threads 1 and --threads 2");
    }
    (one, two)
}

/// A file of `../shared/data`, found beside the crate or under `$CCPLAN_SHARED_DIR`.
/// Missing data fails the test rather than skipping it.
pub fn shared_data(name: &str) -> std::path::PathBuf {
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut tried = vec![beside.clone()];
    if beside.join(name).is_file() {
        return beside.join(name);
    }
    if let Some(shared) = std::env::var_os("CCPLAN_SHARED_DIR") {
        let shared = std::path::PathBuf::from(shared);
        for dir in [shared.join("data"), shared] {
            if dir.join(name).is_file() {
                return dir.join(name);
            }
            tried.push(dir);
        }
    }
    panic!("{name} not found; tried {tried:?}. Set CCPLAN_SHARED_DIR to the shared folder.");
}
