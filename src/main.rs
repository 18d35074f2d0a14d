//! The `ccplan` binary: parse the command line, call the library, map the result to an
//! exit code. All logic lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    match ccplan::commands::run() {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            eprintln!("{err:#}");
            err.exit_code()
        }
    }
}
