//! `ccplan report`: redraw a saved run's charts and report without simulating again.

use crate::cli::ReportArgs;
use crate::error::{Error, Outcome, Result};
use crate::report;

pub fn run(args: &ReportArgs) -> Result<Outcome> {
    if !args.run_dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a run folder (expected the --out folder of `ccplan run`)",
            args.run_dir.display()
        )));
    }
    report::rerender(&args.run_dir)?;
    println!(
        "charts and report redrawn in {}",
        args.run_dir.join(report::REPORT_MD).display()
    );
    Ok(Outcome::Ok)
}
