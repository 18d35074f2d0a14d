//! Charts: every chart of a tender-sized run renders to a real PNG of the expected size
//! and a well-formed SVG naming its chart, with the bundled font only (no fontconfig, no
//! system font), atomically, skipping what the run does not have.

mod fixture;
mod png;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use ccplan::charts::{self, ChartSet, SIZE};

/// Every chart stem of the full fixture, in `render_all` order, with its title.
fn expected() -> Vec<(String, String)> {
    let mut out = vec![];
    for (slug, line) in [
        ("first_line", fixture::FIRST),
        ("second_line", fixture::SECOND),
    ] {
        for (chart, title) in [
            ("wait_distribution", "Wait before answer"),
            ("service_level_by_interval", "Service level by interval"),
            ("calls_by_interval", "Calls per interval"),
            ("staffing_by_interval", "Agents available vs required"),
            ("service_level_heatmap", "Service level by day and interval"),
        ] {
            out.push((format!("{chart}_{slug}"), format!("{title} — {line}")));
        }
    }
    out.push((
        "occupancy_by_interval".into(),
        "Agent occupancy by interval".into(),
    ));
    out.push((
        "email_backlog".into(),
        "E-mail backlog across the horizon".into(),
    ));
    out
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The PNG decodes, is `SIZE` and is a picture: many colours, not all background.
fn check_png(path: &Path) {
    let bytes = fs::read(path).unwrap();
    let img = png::decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!((img.width, img.height), SIZE, "{}", path.display());
    let mut colours: HashMap<[u8; 3], usize> = HashMap::new();
    for px in img.rgb.chunks_exact(3) {
        *colours.entry([px[0], px[1], px[2]]).or_default() += 1;
    }
    let pixels = (img.width * img.height) as usize;
    let background = colours.get(&[255, 255, 255]).copied().unwrap_or(0);
    assert!(
        colours.len() >= 20,
        "{}: only {} colours",
        path.display(),
        colours.len()
    );
    assert!(
        background < pixels * 97 / 100 && background > pixels / 10,
        "{}: {background} of {pixels} pixels white",
        path.display()
    );
    // Anti-aliased text leaves grey levels: the font was rasterised.
    let greys = colours
        .keys()
        .filter(|[r, g, b]| r == g && g == b && *r > 40 && *r < 215)
        .count();
    assert!(greys >= 10, "{}: no anti-aliased text", path.display());
}

fn check_svg(path: &Path, title: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.starts_with("<svg"), "{}", path.display());
    assert!(text.trim_end().ends_with("</svg>"), "{}", path.display());
    assert!(
        text.contains(title),
        "{}: no title {title:?}",
        path.display()
    );
    assert!(
        text.contains(r#"width="1200" height="700""#),
        "{}: not 1200×700",
        path.display()
    );
    assert!(
        text.contains(&format!(r#"font-family="{}""#, charts::font::FAMILY)),
        "{}: text not in the bundled family",
        path.display()
    );
    assert!(
        !text.contains(r#"font-family="sans-serif""#),
        "{}",
        path.display()
    );
    // Tags balance: every opened element is closed.
    let opened = text.matches("<text").count();
    assert_eq!(
        opened,
        text.matches("</text>").count(),
        "{}",
        path.display()
    );
    assert!(text.matches("<rect").count() + text.matches("<polyline").count() > 5);
}

#[test]
fn renders_every_chart_of_a_tender_sized_run() {
    let dir = tempfile::tempdir().unwrap();
    let files = charts::render_all(dir.path(), &fixture::chart_set()).unwrap();
    let expected = expected();
    let want: Vec<PathBuf> = expected
        .iter()
        .flat_map(|(stem, _)| ["png", "svg"].map(|ext| dir.path().join(format!("{stem}.{ext}"))))
        .collect();
    assert_eq!(files, want);
    // Nothing else, in particular no temporary file, is left in the folder.
    let mut names: Vec<String> = want
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(file_names(dir.path()), names);
    // Decoding is slow in a debug build: one thread per chart.
    std::thread::scope(|s| {
        for (stem, title) in &expected {
            let dir = dir.path();
            s.spawn(move || {
                check_png(&dir.join(format!("{stem}.png")));
                check_svg(&dir.join(format!("{stem}.svg")), title);
            });
        }
    });
}

#[test]
fn accents_and_values_reach_the_svg() {
    let dir = tempfile::tempdir().unwrap();
    let set = fixture::chart_set();
    charts::wait_distribution::render(dir.path(), "w", &set.first_line.waits, &set.note).unwrap();
    let svg = fs::read_to_string(dir.path().join("w.svg")).unwrap();
    assert!(svg.contains("1.ª linha — atendimento"));
    assert!(
        svg.contains(">60 s<") || svg.contains(">\n60 s\n<"),
        "threshold label"
    );
    assert!(svg.contains("target 80%"));
    assert!(svg.contains(&set.note));
}

#[test]
fn the_wait_legend_tells_no_period_from_no_calls() {
    let dir = tempfile::tempdir().unwrap();
    let mut waits = fixture::chart_set().first_line.waits;
    waits.normal.intervals = 0;
    waits.normal.at_once = 0.0;
    waits.normal.overflow = 0.0;
    waits.normal.bins.iter_mut().for_each(|b| b.share = 0.0);
    charts::wait_distribution::render(dir.path(), "w", &waits, "note").unwrap();
    let svg = fs::read_to_string(dir.path().join("w.svg")).unwrap();
    assert!(svg.contains("Normal periods: none in this horizon"));
    assert!(svg.contains("peak (72 of 72 intervals)"));
    waits.normal.intervals = 10;
    charts::wait_distribution::render(dir.path(), "w", &waits, "note").unwrap();
    let svg = fs::read_to_string(dir.path().join("w.svg")).unwrap();
    assert!(svg.contains("Normal periods: no answered calls"));
}

#[test]
fn the_calls_legend_accounts_for_every_offered_call() {
    // Answered, abandoned, self-served and blocked shares of offered add up to 100%;
    // series that are zero all day are left out of the legend.
    let dir = tempfile::tempdir().unwrap();
    let mut calls = fixture::chart_set().first_line.calls;
    let n = calls.intervals.len();
    calls.offered = vec![100.0; n];
    calls.answered = vec![70.0; n];
    calls.abandoned = vec![4.0; n];
    calls.self_served = vec![25.0; n];
    calls.blocked = vec![1.0; n];
    charts::calls::render(dir.path(), "c", &calls, "note").unwrap();
    let svg = fs::read_to_string(dir.path().join("c.svg")).unwrap();
    for key in [
        "answered (70.0% of offered)",
        "abandoned (4.0% of offered)",
        "self-served (25.0% of offered)",
        "blocked (1.0% of offered)",
    ] {
        assert!(svg.contains(key), "legend lacks `{key}`");
    }
    calls.self_served = vec![0.0; n];
    calls.blocked = vec![0.0; n];
    charts::calls::render(dir.path(), "c", &calls, "note").unwrap();
    let svg = fs::read_to_string(dir.path().join("c.svg")).unwrap();
    assert!(!svg.contains("self-served") && !svg.contains("blocked"));
}

#[test]
fn skips_the_second_line_and_email_when_absent() {
    let dir = tempfile::tempdir().unwrap();
    let set = ChartSet {
        second_line: None,
        email: None,
        ..fixture::chart_set()
    };
    let files = charts::render_all(dir.path(), &set).unwrap();
    assert_eq!(files.len(), 2 * 6);
    let names = file_names(dir.path());
    assert!(
        names
            .iter()
            .all(|n| !n.contains("second_line") && !n.contains("email"))
    );
    assert!(names.contains(&"occupancy_by_interval.png".to_owned()));
}

#[test]
fn renders_without_targets_and_with_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let mut set = fixture::chart_set();
    set.occupancy.max_target = None;
    set.occupancy.lines.pop();
    let line = &mut set.first_line;
    line.waits.target = None;
    line.service_level.target = None;
    line.service_level.busiest.service_level.mean[3] = None;
    line.service_level.busiest.service_level.low[3] = None;
    line.service_level.busiest.service_level.high[3] = None;
    line.heatmap.target = None;
    line.heatmap.values[0] = vec![None; fixture::INTERVALS];
    // A period without answered calls.
    let h = &mut line.waits.peak;
    h.at_once = 0.0;
    h.overflow = 0.0;
    h.bins.iter_mut().for_each(|b| b.share = 0.0);
    let note = set.note.as_str();
    let d = dir.path();
    let files = [
        charts::wait_distribution::render(d, "w", &line.waits, note),
        charts::service_level::render(d, "s", &line.service_level, note),
        charts::heatmap::render(d, "h", &line.heatmap, note),
        charts::occupancy::render(d, "o", &set.occupancy, note),
    ];
    for f in files.into_iter().flat_map(|f| f.unwrap()) {
        let bytes = fs::read(&f).unwrap();
        if f.extension().unwrap() == "png" {
            assert_eq!(png::size(&bytes).unwrap(), SIZE);
        } else {
            assert!(bytes.ends_with(b"</svg>\n"));
        }
    }
}

#[test]
fn bad_data_is_an_error_naming_the_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut set = fixture::chart_set();
    set.first_line.calls.answered.pop();
    let err = charts::render_all(dir.path(), &set).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("answered has 35 values, expected 36"), "{msg}");
    assert!(msg.contains(fixture::FIRST), "{msg}");
    assert_eq!(file_names(dir.path()), Vec::<String>::new());

    let mut waits = fixture::chart_set().first_line.waits;
    waits.normal.bins[2].share += 0.2;
    let err = charts::wait_distribution::render(dir.path(), "w", &waits, "").unwrap_err();
    assert!(format!("{err:#}").contains("add up to"), "{err:#}");

    let mut heat = fixture::chart_set().first_line.heatmap;
    heat.values[4][2] = Some(1.5);
    let err = charts::heatmap::render(dir.path(), "h", &heat, "").unwrap_err();
    assert!(format!("{err:#}").contains("values[4][2] = 1.5"), "{err:#}");
}

#[test]
fn a_missing_folder_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/folder");
    let set = fixture::chart_set();
    assert!(charts::calls::render(&missing, "c", &set.first_line.calls, "").is_err());
    assert!(!missing.exists());
}

#[test]
fn wait_shares_are_read_off_the_bins() {
    let set = fixture::chart_set();
    let h = &set.first_line.waits.normal;
    assert!((h.total() - 1.0).abs() < 1e-9);
    assert_eq!(h.share_within(0.0), Some(h.at_once));
    let at_60: f64 = h.at_once + h.bins[..6].iter().map(|b| b.share).sum::<f64>();
    assert!((h.share_within(60.0).unwrap() - at_60).abs() < 1e-12);
    assert_eq!(h.share_within(1e6), None);
}
