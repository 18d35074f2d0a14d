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
        }],
        callers: Callers {
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
                }]),
                reinforcement: vec![],
                availability: None,
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

/// A JSON file, parsed.
pub fn read_json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
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
