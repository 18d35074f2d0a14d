use crate::error::{Outcome, Result};

pub fn run(_args: &crate::cli::RunArgs) -> Result<Outcome> {
    Err(crate::error::Error::Usage("not built yet".into()))
}
