//! Charts of `ccplan fit` and `ccplan backtest`: every chart is written as a PNG that
//! decodes at the charts' size and a well-formed SVG, the reports link them, and dates or
//! runs with nothing to plot still draw.

// The chart tests' PNG reader, compiled again here: `charts` keeps it private, and this
// module needs only `decode` and `size`.
#[allow(clippy::duplicate_mod)]
#[path = "charts/png.rs"]
mod png;

use std::fs;
use std::path::Path;

use ccplan::backtest::Accuracy;
use ccplan::backtest::charts::by_hour::{self, DayHours, HourValues, HourlyByDate};
use ccplan::backtest::charts::scatter::{self, Scatter, ScatterPoint};
use ccplan::charts::SIZE;
use ccplan::observed::Figure;

use crate::calllog::bank_log;
use crate::common::{ccplan_out, exit_code};

/// `dir/<stem>.png` decodes at `SIZE` and is a picture (not one colour); `dir/<stem>.svg`
/// is an SVG holding `title`.
fn check_chart(dir: &Path, stem: &str, title: &str) {
    let png_path = dir.join(format!("{stem}.png"));
    let bytes = fs::read(&png_path).unwrap_or_else(|e| panic!("{}: {e}", png_path.display()));
    assert_eq!(png::size(&bytes).unwrap(), SIZE, "{stem}");
    let img = png::decode(&bytes).unwrap_or_else(|e| panic!("{stem}: {e}"));
    assert_eq!((img.width, img.height), SIZE, "{stem}");
    let white = img
        .rgb
        .chunks_exact(3)
        .filter(|px| px == &[255, 255, 255])
        .count();
    let pixels = (img.width * img.height) as usize;
    assert!(
        white < pixels * 99 / 100,
        "{stem}: {white} of {pixels} white"
    );
    let svg = fs::read_to_string(dir.join(format!("{stem}.svg"))).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "{stem}"
    );
    assert!(svg.contains(title), "{stem}: no “{title}” in the SVG");
}

/// No temporary file is left beside the charts.
fn no_leftovers(dir: &Path) {
    for e in fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name.ends_with(".png") || name.ends_with(".svg"),
            "left over: {name}"
        );
        assert!(!name.starts_with('.'), "left over: {name}");
    }
}

#[test]
fn fit_and_backtest_of_the_bank_log_draw_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let log = bank_log();
    let fit = dir.path().join("fit");
    let a = ccplan_out(
        "fit",
        [log.as_os_str()],
        &fit,
        &["--log-format", "anonymous-bank", "--name", "bank"],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let charts = fit.join("charts");
    let fit_charts = [
        ("fit_arrivals_by_weekday", "Arrivals by weekday"),
        ("fit_handling_cdf", "Handling time"),
        ("fit_patience_survival", "Patience"),
        ("fit_agents_by_interval", "Agents on duty per interval"),
    ];
    for (stem, title) in fit_charts {
        check_chart(&charts, stem, title);
    }
    assert_eq!(
        ccplan::fit::charts::stems(true),
        fit_charts.map(|(s, _)| s).to_vec()
    );
    no_leftovers(&charts);
    let report = fs::read_to_string(fit.join("report.md")).unwrap();
    assert!(report.contains("## Charts"));
    for (stem, _) in fit_charts {
        assert!(report.contains(&format!("(charts/{stem}.png)")), "{stem}");
    }

    let bt = dir.path().join("bt");
    let a = ccplan_out(
        "backtest",
        [fit.join("scenario.yaml").as_os_str(), log.as_os_str()],
        &bt,
        &[
            "--log-format",
            "anonymous-bank",
            "--from",
            "1999-02-08",
            "--replications",
            "4",
        ],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    let charts = bt.join("charts");
    let stems = ccplan::backtest::charts::stems();
    assert_eq!(stems.len(), 6);
    for stem in &stems {
        let title = if stem.contains("scatter") {
            "against actual"
        } else {
            "hour by hour"
        };
        check_chart(&charts, stem, title);
    }
    for f in Figure::ALL {
        assert!(stems.contains(&format!("backtest_scatter_{}", f.key())));
    }
    assert!(stems.contains(&"backtest_abandonment_rate_by_hour".to_owned()));
    assert!(stems.contains(&"backtest_asa_s_by_hour".to_owned()));
    no_leftovers(&charts);
    let report = fs::read_to_string(bt.join("report.md")).unwrap();
    for stem in &stems {
        assert!(report.contains(&format!("(charts/{stem}.png)")), "{stem}");
    }

    // With a high --min-calls, the Saturday (a few evening hours) has no hour left: its
    // panel says so and the run still succeeds.
    let strict = dir.path().join("bt-strict");
    let a = ccplan_out(
        "backtest",
        [fit.join("scenario.yaml").as_os_str(), log.as_os_str()],
        &strict,
        &[
            "--log-format",
            "anonymous-bank",
            "--from",
            "1999-02-13",
            "--to",
            "1999-02-14",
            "--replications",
            "2",
            "--min-calls",
            "100",
        ],
    );
    assert_eq!(exit_code(&a), 0, "{:?}", a.get_output());
    for stem in &stems {
        let svg = fs::read_to_string(strict.join("charts").join(format!("{stem}.svg"))).unwrap();
        if stem.ends_with("_by_hour") {
            assert!(svg.contains("no hour with ≥ 100 callers"), "{stem}");
        }
    }
}

fn hour(hour: u8, actual: f64, mean: f64) -> HourValues {
    HourValues {
        hour,
        actual: Some(actual),
        mean: Some(mean),
        low: Some(mean - 0.02),
        high: Some(mean + 0.02),
    }
}

#[test]
fn charts_without_hours_still_draw() {
    let dir = tempfile::tempdir().unwrap();
    // One date with hours (one of them a gap, one without an ASA), one with none.
    let data = HourlyByDate {
        figure: Figure::AbandonmentRate,
        threshold_s: 20.0,
        min_calls: 30,
        span: "08 Feb to 09 Feb 1999".into(),
        dates: vec![
            DayHours {
                label: "Mon 08 Feb".into(),
                hours: vec![
                    hour(9, 0.05, 0.04),
                    hour(10, 0.08, 0.07),
                    HourValues {
                        hour: 11,
                        actual: None,
                        mean: None,
                        low: None,
                        high: None,
                    },
                    hour(14, 0.01, 0.015),
                ],
            },
            DayHours {
                label: "Tue 09 Feb".into(),
                hours: vec![],
            },
        ],
    };
    by_hour::render(dir.path(), "by_hour", &data, "test").unwrap();
    check_chart(dir.path(), "by_hour", "Abandonment hour by hour");
    let svg = fs::read_to_string(dir.path().join("by_hour.svg")).unwrap();
    assert!(svg.contains("no hour with ≥ 30 callers"));

    // No date has an hour at all.
    let none = HourlyByDate {
        dates: vec![DayHours {
            label: "Tue 09 Feb".into(),
            hours: vec![],
        }],
        ..data
    };
    by_hour::render(dir.path(), "by_hour_none", &none, "").unwrap();
    check_chart(dir.path(), "by_hour_none", "hour by hour");

    // A scatter without points, and one whose Erlang A lies far off the data's range.
    let empty = Scatter {
        figure: Figure::AsaS,
        threshold_s: 20.0,
        min_calls: 30,
        dates: 1,
        span: "09 Feb 1999".into(),
        points: vec![],
        simulated: Accuracy::default(),
        erlang_a: Accuracy::default(),
        noise_floor: None,
    };
    scatter::render(dir.path(), "scatter_empty", &empty, "").unwrap();
    check_chart(dir.path(), "scatter_empty", "ASA per hour");
    let far = Scatter {
        points: vec![
            ScatterPoint {
                actual: 20.0,
                simulated: Some(25.0),
                erlang_a: Some(900.0),
            },
            ScatterPoint {
                actual: 40.0,
                simulated: None,
                erlang_a: Some(35.0),
            },
        ],
        ..empty
    };
    scatter::render(dir.path(), "scatter_far", &far, "").unwrap();
    check_chart(dir.path(), "scatter_far", "ASA per hour");
    let svg = fs::read_to_string(dir.path().join("scatter_far.svg")).unwrap();
    assert!(svg.contains("1 Erlang A point lies above the axis"));
    no_leftovers(dir.path());
}
