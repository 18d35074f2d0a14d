//! What a run leaves behind beyond the tables: charts, `report.md`, `report.html`, and
//! `ccplan report` redrawing them from the saved files alone.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn ccplan() -> Command {
    Command::cargo_bin("ccplan").unwrap()
}

#[test]
fn a_run_leaves_charts_and_a_report_that_ccplan_report_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/seguranca-social-2017.yaml");
    ccplan()
        .arg("run")
        .arg(&scenario)
        .args(["--replications", "3", "--quiet", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let charts = dir.path().join("charts");
    let expected = [
        "wait_distribution_first_line",
        "service_level_by_interval_first_line",
        "calls_by_interval_first_line",
        "staffing_by_interval_first_line",
        "service_level_heatmap_first_line",
        "wait_distribution_second_line",
        "occupancy_by_interval",
        "email_backlog",
    ];
    for stem in expected {
        let png = fs::read(charts.join(format!("{stem}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{stem}.png");
        let svg = fs::read_to_string(charts.join(format!("{stem}.svg"))).unwrap();
        assert!(
            svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
            "{stem}.svg"
        );
    }
    let md = fs::read_to_string(dir.path().join("report.md")).unwrap();
    for needle in [
        "# seguranca-social-2017",
        "## Targets",
        "## Headline figures",
        "## Peak periods",
        "january-renewals",
        "## The ten worst intervals",
        "![",
        "charts/wait_distribution_first_line.png",
    ] {
        assert!(md.contains(needle), "report.md lacks {needle}");
    }
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg") && !html.contains("<?xml")
    );
    assert!(dir.path().join("scenario.yaml").is_file());

    // Redraw from the saved files alone: same report, charts back.
    fs::remove_dir_all(&charts).unwrap();
    fs::remove_file(dir.path().join("report.md")).unwrap();
    ccplan().arg("report").arg(dir.path()).assert().success();
    assert_eq!(
        fs::read_to_string(dir.path().join("report.md")).unwrap(),
        md
    );
    assert!(charts.join("email_backlog.png").is_file());
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .chain(fs::read_dir(&charts).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");

    // A summary.json with a renamed key is refused with the key named, not drawn with
    // gaps where its figures were.
    let summary = dir.path().join("summary.json");
    let text = fs::read_to_string(&summary).unwrap();
    fs::write(
        &summary,
        text.replacen("\"calls_answered\"", "\"answered_calls\"", 1),
    )
    .unwrap();
    let out = ccplan().arg("report").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("summary.json") && err.contains("calls_answered"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("report.md")).unwrap(),
        md
    );
}

#[test]
fn report_on_a_folder_that_is_not_a_run_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    ccplan()
        .arg("report")
        .arg(dir.path().join("missing"))
        .assert()
        .code(2);
    ccplan().arg("report").arg(dir.path()).assert().code(2);
}
