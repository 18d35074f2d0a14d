//! `intervals.csv`: one row per (date, interval, line) with every figure averaged over
//! replications and its 95% bounds (`<figure>`, `<figure>_ci95_low`, `<figure>_ci95_high`;
//! empty where undefined), plus the expected offered load and the peak flag.

use std::fmt::Write;

use crate::engine::Setup;
use crate::scenario::{LineId, Scenario};
use crate::stats::RunStats;

/// Formats a number for CSV: shortest round-trip form, empty when undefined.
pub fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// Renders `intervals.csv`.
pub fn intervals_csv(sc: &Scenario, setup: &Setup, stats: &RunStats) -> String {
    let mut out = String::new();
    let mut header = vec![
        "date".to_string(),
        "interval_start".into(),
        "line".into(),
        "peak_period".into(),
        "offered_load_erlangs".into(),
    ];
    for name in &stats.names.names {
        header.push(name.clone());
        header.push(format!("{name}_ci95_low"));
        header.push(format!("{name}_ci95_high"));
    }
    out.push_str(&header.join(","));
    out.push('\n');
    for (d, day) in setup.days.iter().enumerate() {
        for i in 0..stats.n_intervals {
            let start = sc.calendar.interval_start_s(i);
            for line in LineId::ALL {
                if sc.lines.get(line).is_none() {
                    continue;
                }
                let acc = &stats.intervals[stats.interval_index(d, i, line.index())];
                let _ = write!(
                    out,
                    "{},{:02}:{:02},{},{},{}",
                    day.date,
                    start / 3600,
                    start % 3600 / 60,
                    line.key(),
                    setup.peak[d * stats.n_intervals + i],
                    num(sc.offered_load_erlangs(day.date, line, i)),
                );
                for k in 0..stats.names.len() {
                    let e = acc.estimate(k);
                    let _ = write!(
                        out,
                        ",{},{},{}",
                        num(e.mean),
                        num(e.ci95_low),
                        num(e.ci95_high)
                    );
                }
                out.push('\n');
            }
        }
    }
    out
}
