//! `ccplan validate FILE...`: checks scenario files and prints a one-screen summary of each
//! valid one. Every problem of every file is reported; any bad file makes the exit code 2.

use crate::error::{Error, Outcome, Result};
use crate::scenario::{self, ScenarioErrors};

pub fn run(args: &crate::cli::ValidateArgs) -> Result<Outcome> {
    let mut errors = ScenarioErrors::default();
    let mut first = true;
    for path in &args.files {
        match scenario::load(path) {
            Ok(s) => {
                if !first {
                    println!();
                }
                first = false;
                print!(
                    "{}",
                    scenario::summary::render(&s, &path.display().to_string())
                );
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(Outcome::Ok)
    } else {
        // Summaries went to stdout; main prints the diagnostics to stderr and exits 2.
        Err(Error::Scenario(errors))
    }
}
