//! `ccplan fit --log-format arrival-counts`: the US bank's five-minute counts fit the
//! calendar and demand, and say what needs call records.

use crate::common::{ccplan_out, exit_code, read_json, shared_data, write_file};

#[test]
fn five_minute_counts_fit_the_calendar_and_demand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fit");
    let counts = shared_data("bank_calls_2003_5min.csv");
    let a = ccplan_out(
        "fit",
        [counts.as_os_str()],
        &out,
        &["--log-format", "arrival-counts", "--name", "us-bank"],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let j = read_json(&out.join("fit.json"));
    let arr = &j["arrivals"];
    // The six weekdays missing from the data (shared/data/README.md) are holidays.
    let holidays: Vec<&str> = arr["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        holidays,
        [
            "2003-04-04",
            "2003-04-07",
            "2003-05-26",
            "2003-07-04",
            "2003-09-01",
            "2003-10-14"
        ]
    );
    assert_eq!(arr["working_dates"], 164);
    assert_eq!(arr["week"]["mon"][0], "07:00");
    assert!(arr["week"].get("sat").is_none());
    // The daily file's mean, computed independently here, against the fitted level: the
    // mean of weekday means equals the plain mean up to the weekday mix.
    let daily = std::fs::read_to_string(shared_data("bank_calls_2003_daily.csv")).unwrap();
    let values: Vec<f64> = daily
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit(',').next()?.trim().parse().ok())
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let fitted = arr["calls_per_day"].as_f64().unwrap();
    assert!(
        (fitted / mean - 1.0).abs() < 0.01,
        "fitted {fitted}, daily mean {mean}"
    );
    let cv = arr["day_to_day_cv"].as_f64().unwrap();
    assert!(cv > 0.0 && cv < 0.3, "day-to-day cv {cv}");
    assert_eq!(j["types"], serde_json::Value::Null);
    assert_eq!(j["needs_call_records"].as_array().unwrap().len(), 5);
    // The blocks complete a scenario that validates.
    let blocks = std::fs::read_to_string(out.join("arrivals.yaml")).unwrap();
    let yaml = format!(
        "name: us-bank\n{blocks}contact_types: [{{name: all, share: 1.0, first_line: {{handle: {{dist: exponential, mean_s: 200}}}}}}]\nlines: {{first: {{agents_by_interval: [{}]}}}}\n",
        vec!["80"; 57].join(", ")
    );
    let sc = write_file(dir.path(), "us.yaml", &yaml);
    ccplan::scenario::load(&sc).expect("fitted blocks validate");
    assert!(
        std::fs::read_to_string(out.join("report.md"))
            .unwrap()
            .contains("need call records")
    );
}

#[test]
fn bad_counts_are_located_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write_file(
        dir.path(),
        "counts.csv",
        "date,time,calls\n2003-03-03,07:00,10\n2003-03-03,07:6x,11\n2003-03-03,07:10,-3\n",
    );
    let out = dir.path().join("out");
    let a = ccplan_out(
        "fit",
        [bad.as_os_str()],
        &out,
        &["--log-format", "arrival-counts"],
    );
    assert_eq!(exit_code(&a), 2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        err.contains("counts.csv:3:2 (column time): found \"07:6x\""),
        "{err}"
    );
    assert!(
        err.contains("counts.csv:4:3 (column calls): found \"-3\""),
        "{err}"
    );
    assert!(!out.exists());
    let missing = write_file(dir.path(), "m.csv", "date,calls\n2003-03-03,10\n");
    let a = ccplan_out(
        "fit",
        [missing.as_os_str()],
        &out,
        &["--log-format", "arrival-counts"],
    );
    assert_eq!(exit_code(&a), 2);
    assert!(
        String::from_utf8_lossy(&a.get_output().stderr)
            .contains("missing required column \"time\"")
    );
    assert!(!out.exists());
}
