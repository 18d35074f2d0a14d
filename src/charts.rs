//! Charts of a run, for planners and tender evaluators: PNG (1200×700) and SVG, drawn with
//! plotters in the bundled DejaVu Sans, so they look the same on any machine.
//!
//! Each chart is a pure function from a plain struct of [`data`] (filled from the run's
//! tables by an adapter; charts never see engine internals) to two files, `<name>.png`
//! and `<name>.svg`, each written atomically. [`render_all`] draws a whole [`ChartSet`]:
//!
//! | file stem | chart | input |
//! |---|---|---|
//! | `wait_distribution_<line>` | waits of answered calls, peak vs normal, histogram and cumulative share | [`WaitDistribution`] |
//! | `service_level_by_interval_<line>` | service level per interval with its 95% band, busiest and average day | [`ServiceLevelByInterval`] |
//! | `calls_by_interval_<line>` | calls offered, answered and abandoned per interval | [`CallsByInterval`] |
//! | `staffing_by_interval_<line>` | agents available vs required per interval, shortfall shaded | [`StaffingByInterval`] |
//! | `service_level_heatmap_<line>` | service level of every day × interval, red below target, green above | [`ServiceLevelHeatmap`] |
//! | `occupancy_by_interval` | occupancy per interval of every line | [`OccupancyByInterval`] |
//! | `email_backlog` | e-mails waiting at each close, received and handled per day | [`EmailBacklog`] |
//!
//! `<line>` is `first_line` or `second_line`; the 2nd line's charts and the e-mail chart
//! are skipped when the set has none.
//!
//! Text is drawn with the DejaVu Sans bytes compiled into the binary (see [`font`]), never
//! a system font, so rendering needs no fontconfig.
//!
//! One chart on its own:
//!
//! ```
//! use ccplan::charts::{self, CallsByInterval};
//!
//! let dir = tempfile::tempdir()?;
//! let calls = CallsByInterval {
//!     line: "1.ª linha — atendimento".into(),
//!     day: "average working day".into(),
//!     intervals: vec!["09:00".into(), "09:30".into(), "10:00".into()],
//!     offered: vec![120.0, 180.0, 150.0],
//!     answered: vec![115.0, 160.0, 144.0],
//!     abandoned: vec![5.0, 20.0, 6.0],
//!     self_served: vec![0.0; 3],
//!     blocked: vec![0.0; 3],
//! };
//! let files = charts::calls::render(dir.path(), "calls", &calls, "example run")?;
//! assert!(files[0].ends_with("calls.png") && files[1].ends_with("calls.svg"));
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod data;
pub mod font;
pub mod from_tables;
pub(crate) mod grid;
pub(crate) mod style;

pub mod calls;
pub mod compare;
pub mod email_backlog;
pub mod heatmap;
pub mod occupancy;
pub mod requirement;
pub mod service_level;
pub mod shifts;
pub mod staffing;
pub mod sweep;
pub mod wait_distribution;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

pub use data::*;
pub use style::SIZE;

/// Renders every chart of `data` into `dir` (created if missing) and returns the files
/// written, PNG then SVG of each chart, in the order of the table above. Malformed data
/// is an error naming the chart, line and field, and then no file is written.
///
/// Charts are independent, so they are drawn in parallel on rayon's pool; the files and
/// their order do not depend on the number of threads.
pub fn render_all(dir: &Path, data: &ChartSet) -> Result<Vec<PathBuf>> {
    // Every input is checked before any file is written: bad data writes nothing.
    data.check()?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let note = data.note.as_str();
    type Job<'a> = Box<dyn Fn() -> Result<Vec<PathBuf>> + Send + Sync + 'a>;
    let mut jobs: Vec<Job> = vec![];
    let lines = [
        ("first_line", Some(&data.first_line)),
        ("second_line", data.second_line.as_ref()),
    ];
    for (slug, line) in lines {
        let Some(l) = line else { continue };
        jobs.push(Box::new(move || {
            wait_distribution::render(dir, &format!("wait_distribution_{slug}"), &l.waits, note)
        }));
        jobs.push(Box::new(move || {
            let stem = format!("service_level_by_interval_{slug}");
            service_level::render(dir, &stem, &l.service_level, note)
        }));
        jobs.push(Box::new(move || {
            calls::render(dir, &format!("calls_by_interval_{slug}"), &l.calls, note)
        }));
        jobs.push(Box::new(move || {
            staffing::render(
                dir,
                &format!("staffing_by_interval_{slug}"),
                &l.staffing,
                note,
            )
        }));
        jobs.push(Box::new(move || {
            heatmap::render(
                dir,
                &format!("service_level_heatmap_{slug}"),
                &l.heatmap,
                note,
            )
        }));
    }
    jobs.push(Box::new(|| {
        occupancy::render(dir, "occupancy_by_interval", &data.occupancy, note)
    }));
    if let Some(email) = &data.email {
        jobs.push(Box::new(move || {
            email_backlog::render(dir, "email_backlog", email, note)
        }));
    }
    let files: Vec<Vec<PathBuf>> = jobs.par_iter().map(|job| job()).collect::<Result<_>>()?;
    Ok(files.into_iter().flatten().collect())
}
