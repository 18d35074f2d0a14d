//! The tables a run writes: schema, row counts, types, nulls, values checked two ways,
//! byte-identical rewrites, and the generated column documentation in outputs/README.md.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ccplan::engine::{self, RunSettings};
use ccplan::erlang::{Model, required_agents};
use ccplan::scenario::{self, LineId, Scenario};
use ccplan::stats::RunStats;
use ccplan::stats::run::fig;
use ccplan::tables::schema::{self, TABLES, Table};
use ccplan::tables::{self, Tables, io};
use polars::prelude::*;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A scenario and its run statistics.
struct Run {
    sc: Scenario,
    stats: RunStats,
    replications: u32,
}

fn simulate(sc: Scenario, replications: u32) -> Run {
    let settings = RunSettings {
        replications,
        seed: sc.simulation.seed,
    };
    let stats = engine::run(&sc, settings, &|| {});
    Run {
        sc,
        stats,
        replications,
    }
}

/// The tender scenario cut to 4 working days: two lines, e-mail, peaks, several contact
/// types, patience and targets. 3 replications.
fn tender() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let text = fs::read_to_string(repo("scenarios/seguranca-social-2017.yaml")).unwrap();
        assert!(text.contains("days: 20"));
        let text = text.replacen("days: 20", "days: 4", 1);
        let sc = scenario::parse_str(&text, "seguranca-social-2017.yaml").unwrap();
        simulate(sc, 3)
    })
}

/// `scenarios/minimal.yaml`: one line, no e-mail, no patience, no target. 2 replications.
fn minimal() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| simulate(scenario::load(&repo("scenarios/minimal.yaml")).unwrap(), 2))
}

fn lines_of(sc: &Scenario) -> Vec<LineId> {
    LineId::ALL
        .into_iter()
        .filter(|&l| sc.lines.get(l).is_some())
        .collect()
}

fn expected_rows(run: &Run, table: &Table) -> usize {
    let days = run.sc.calendar.working_days.len();
    let intervals = run.sc.calendar.intervals_per_day();
    let lines = lines_of(&run.sc).len();
    match table.name {
        "intervals" => days * intervals * lines,
        "days" => days * lines,
        "contact_types" => run.sc.contact_types.len() * lines,
        "email" => {
            if run.sc.email.is_some() {
                days
            } else {
                0
            }
        }
        "replications" => run.replications as usize * lines,
        "wait_distribution" => {
            let mut rows = 0;
            for line in lines_of(&run.sc) {
                let w = &run.stats.waits[line.index()];
                for h in [
                    &w[0].answered,
                    &w[0].abandoned,
                    &w[1].answered,
                    &w[1].abandoned,
                ] {
                    rows += count_bins(h);
                }
                let mut all = w[0].clone();
                all.merge(&w[1]);
                rows += count_bins(&all.answered) + count_bins(&all.abandoned);
            }
            rows
        }
        other => panic!("unknown table {other}"),
    }
}

/// Rows of one (line, period, kind): the zero bin and every other non-empty bin.
fn count_bins(h: &ccplan::stats::Histogram) -> usize {
    if h.total() == 0 {
        return 0;
    }
    1 + h.buckets().filter(|&(_, upper, _)| upper > 0.0).count()
}

fn f64s(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
    df.column(name).unwrap().f64().unwrap().iter().collect()
}

fn strs(df: &DataFrame, name: &str) -> Vec<String> {
    df.column(name)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.unwrap().to_owned())
        .collect()
}

/// Builds, writes and reads back; checks every table against the schema both ways.
fn round_trip(run: &Run) -> (Tables, tempfile::TempDir) {
    let built = tables::build_tables(&run.sc, &run.stats).unwrap();
    let dir = tempfile::tempdir().unwrap();
    tables::write_tables(dir.path(), &built).unwrap();
    let read = tables::read_tables(dir.path()).unwrap();
    let thresholds = run.stats.names.thresholds.clone();
    assert_eq!(read.thresholds(), thresholds);
    for ((table, df), (_, original)) in read.iter().into_iter().zip(built.iter()) {
        let want: Vec<(String, DataType)> = table
            .columns(&thresholds)
            .into_iter()
            .map(|(n, d)| (n, d.polars()))
            .collect();
        let got: Vec<(String, DataType)> = df
            .columns()
            .iter()
            .map(|c| (c.name().to_string(), c.dtype().clone()))
            .collect();
        assert_eq!(got, want, "{} parquet columns", table.name);
        assert_eq!(
            df.height(),
            expected_rows(run, table),
            "{} rows",
            table.name
        );
        assert!(
            df.equals_missing(original),
            "{} parquet round trip",
            table.name
        );

        let csv = io::read_csv(
            &dir.path().join(io::file_name(table, "csv")),
            table,
            &thresholds,
        )
        .unwrap();
        assert_eq!(csv.height(), df.height(), "{} csv rows", table.name);
        assert!(
            csv.equals_missing(df),
            "{}: csv and parquet differ",
            table.name
        );

        for c in df.columns() {
            if c.dtype() == &DataType::Float64 {
                let nan = c.f64().unwrap().iter().flatten().any(f64::is_nan);
                assert!(!nan, "{}.{} holds NaN", table.name, c.name());
            }
        }
    }
    (read, dir)
}

#[test]
fn tender_tables_match_the_schema_in_parquet_and_csv() {
    let run = tender();
    let (t, dir) = round_trip(run);
    let mut files: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = TABLES
        .iter()
        .flat_map(|t| [io::file_name(t, "csv"), io::file_name(t, "parquet")])
        .collect();
    expected.sort();
    assert_eq!(files, expected, "only whole files, no temporaries");

    // Both lines, e-mail every day, the peak flag set somewhere, a requirement everywhere
    // the load is positive.
    assert_eq!(
        strs(&t.intervals, "line")[..2],
        ["first_line".to_owned(), "second_line".to_owned()]
    );
    assert!(t.email.height() == 4);
    assert!(f64s(&t.email, "received").iter().all(|x| x.unwrap() > 0.0));
    let peak = t.intervals.column("peak_period").unwrap().bool().unwrap();
    assert!(peak.iter().any(|p| p == Some(true)));
    let required = t
        .intervals
        .column("agents_required")
        .unwrap()
        .u32()
        .unwrap();
    let loads = f64s(&t.intervals, "offered_load_erlangs");
    for (need, load) in required.iter().zip(loads) {
        let load = load.unwrap();
        let need = need.expect("a requirement for the tender's targets");
        // Impatient callers leave, so Erlang A may staff a little below the load.
        assert!(
            (load == 0.0) == (need == 0) && f64::from(need) > 0.8 * load,
            "{need} agents for {load} erlangs"
        );
    }
    // Per-day e-mail quantiles are ordered.
    let p50 = f64s(&t.email, "response_p50_working_h");
    let p95 = f64s(&t.email, "response_p95_working_h");
    for (a, b) in p50.iter().zip(&p95) {
        if let (Some(a), Some(b)) = (a, b) {
            assert!(a <= b);
        }
    }
}

#[test]
fn minimal_tables_match_the_schema_in_parquet_and_csv() {
    let (t, _dir) = round_trip(minimal());
    assert_eq!(t.email.height(), 0);
    assert_eq!(t.intervals.height(), 100);
}

#[test]
fn agents_required_is_the_erlang_answer_for_the_default_target() {
    // minimal.yaml: 9,000 calls over 20 half-hours = 900 an hour, 300 s, no patience, no
    // target: Erlang C for 80% within 20 s (offered).
    let run = minimal();
    let t = tables::build_tables(&run.sc, &run.stats).unwrap();
    let model = Model::new(900.0, 300.0).unwrap();
    let need = required_agents(&model, &[tables::staffing::DEFAULT_TARGET], 20.0).unwrap();
    let arrivals = f64s(&t.intervals, "arrivals_per_hour");
    assert!(arrivals.iter().all(|a| (a.unwrap() - 900.0).abs() < 1e-9));
    let required = t
        .intervals
        .column("agents_required")
        .unwrap()
        .u32()
        .unwrap();
    assert!(required.iter().all(|n| n == Some(need.agents)));
    let rostered = f64s(&t.intervals, "agents_rostered");
    assert!(rostered.iter().all(|a| *a == Some(80.0)));
}

/// The rows of `df` whose `line` column names `line`.
fn rows_of_line(df: &DataFrame, line: LineId) -> DataFrame {
    let mask = df.column("line").unwrap().str().unwrap().equal(line.key());
    df.filter(&mask).unwrap()
}

#[test]
fn figures_agree_with_the_run_statistics() {
    let run = tender();
    let t = tables::build_tables(&run.sc, &run.stats).unwrap();
    // The replications table averages to the line estimates.
    for line in lines_of(&run.sc) {
        let reps = rows_of_line(&t.replications, line);
        assert_eq!(reps.height(), 3);
        for k in [fig::CALLS_OFFERED, fig::ASA_S, fig::OCCUPANCY] {
            let name = &run.stats.names.names[k];
            let v: Vec<f64> = f64s(&reps, name).into_iter().flatten().collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let want = run.stats.lines[line.index()].figures.estimate(k).mean;
            assert!((mean - want).abs() <= 1e-9 * want.abs(), "{name}");
        }
    }
    // Days add up to the horizon: calls offered per line.
    for line in lines_of(&run.sc) {
        let days = rows_of_line(&t.days, line);
        let sum: f64 = f64s(&days, "calls_offered").into_iter().flatten().sum();
        let want = run.stats.lines[line.index()]
            .figures
            .estimate(fig::CALLS_OFFERED)
            .mean;
        assert!((sum - want).abs() <= 1e-9 * want, "{}", line.key());
    }
    // Bounds surround the mean wherever defined.
    for name in ["sl_60s", "asa_s", "calls_answered"] {
        let mean = f64s(&t.intervals, name);
        let low = f64s(&t.intervals, &format!("{name}_ci95_low"));
        let high = f64s(&t.intervals, &format!("{name}_ci95_high"));
        for ((m, l), h) in mean.iter().zip(&low).zip(&high) {
            if let (Some(m), Some(l), Some(h)) = (m, l, h) {
                assert!(l <= m && m <= h, "{name}: {l} {m} {h}");
            }
        }
    }
}

#[test]
fn wait_distributions_are_proper() {
    let run = tender();
    let t = tables::build_tables(&run.sc, &run.stats).unwrap();
    let w = &t.wait_distribution;
    let keys: Vec<String> = {
        let (l, p, k) = (strs(w, "line"), strs(w, "period"), strs(w, "kind"));
        (0..w.height())
            .map(|i| format!("{}/{}/{}", l[i], p[i], k[i]))
            .collect()
    };
    let lower = f64s(w, "lower_s");
    let upper = f64s(w, "upper_s");
    let share = f64s(w, "share");
    let cumulative = f64s(w, "cumulative_share");
    let mut groups = 0;
    let mut i = 0;
    while i < keys.len() {
        let start = i;
        while i < keys.len() && keys[i] == keys[start] {
            i += 1;
        }
        groups += 1;
        assert_eq!((lower[start], upper[start]), (Some(0.0), Some(0.0)));
        let total: f64 = share[start..i].iter().map(|s| s.unwrap()).sum();
        assert!((total - 1.0).abs() < 1e-9, "{}", keys[start]);
        assert!((cumulative[i - 1].unwrap() - 1.0).abs() < 1e-12);
        for j in start + 1..i {
            assert!(lower[j].unwrap() >= upper[j - 1].unwrap());
            assert!(cumulative[j] >= cumulative[j - 1]);
        }
    }
    // Every (line, period, kind) with calls, and `all` for both kinds on both lines.
    let with_calls = (0..2)
        .flat_map(|line| {
            let w = &run.stats.waits[line];
            [
                &w[0].answered,
                &w[0].abandoned,
                &w[1].answered,
                &w[1].abandoned,
            ]
        })
        .filter(|h| h.total() > 0)
        .count();
    let all = keys
        .iter()
        .filter(|k| k.contains("/all/"))
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(all.len(), 4);
    assert_eq!(groups, with_calls + all.len());
}

#[test]
fn writing_the_same_statistics_twice_gives_identical_bytes() {
    let run = tender();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    tables::write_tables(
        a.path(),
        &tables::build_tables(&run.sc, &run.stats).unwrap(),
    )
    .unwrap();
    tables::write_tables(
        b.path(),
        &tables::build_tables(&run.sc, &run.stats).unwrap(),
    )
    .unwrap();
    for table in TABLES {
        for ext in ["parquet", "csv"] {
            let name = io::file_name(table, ext);
            let (x, y) = (
                fs::read(a.path().join(&name)).unwrap(),
                fs::read(b.path().join(&name)).unwrap(),
            );
            assert!(!x.is_empty());
            assert!(x == y, "{name} differs between two writes");
        }
    }
}

const BEGIN: &str = "<!-- schema:begin -->";
const END: &str = "<!-- schema:end -->";

#[test]
fn outputs_readme_documents_the_schema() {
    let path = repo("outputs/README.md");
    let text = fs::read_to_string(&path).unwrap();
    let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
        panic!("{} lacks the {BEGIN} … {END} markers", path.display());
    };
    let current = &text[b + BEGIN.len()..e];
    let wanted = format!("\n{}", schema::markdown());
    if current != wanted {
        if std::env::var_os("CCPLAN_UPDATE_DOCS").is_some() {
            let updated = format!("{}{BEGIN}{wanted}{}", &text[..b], &text[e..]);
            fs::write(&path, updated).unwrap();
            eprintln!("rewrote the schema section of {}", path.display());
        } else {
            panic!(
                "the column documentation in {} differs from src/tables/schema.rs; \
                 regenerate it with: CCPLAN_UPDATE_DOCS=1 cargo test --test it tables",
                path.display()
            );
        }
    }
}
