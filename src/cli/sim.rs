//! What every simulating command shares, checked once into [`Sim`]: replications and seed
//! from the flags or the scenario, a progress bar drawn only on a terminal, and a thread
//! pool of the size asked.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::SimArgs;
use crate::engine::RunSettings;
use crate::error::{Error, Result};
use crate::scenario::Scenario;

/// The simulation flags, checked: counts are at least 1 where given.
#[derive(Debug, Clone, Copy)]
pub struct Sim {
    /// `--replications` (default: the scenario's).
    pub replications: Option<u32>,
    /// `--seed` (default: the scenario's).
    pub seed: Option<u64>,
    /// `--threads` (default: all cores).
    pub threads: Option<usize>,
    /// `--quiet`: no progress bar.
    pub quiet: bool,
}

impl SimArgs {
    /// The checked flags; counts of zero are refused before any work is done.
    pub fn check(&self) -> Result<Sim> {
        if self.replications == Some(0) {
            return Err(Error::Usage("--replications must be at least 1".into()));
        }
        if self.threads == Some(0) {
            return Err(Error::Usage("--threads must be at least 1".into()));
        }
        Ok(Sim {
            replications: self.replications,
            seed: self.seed,
            threads: self.threads,
            quiet: self.quiet,
        })
    }
}

impl Sim {
    /// The scenario's settings, overridden by the flags given.
    pub fn settings(&self, sc: &Scenario) -> RunSettings {
        let mut settings = RunSettings::from_scenario(sc);
        if let Some(r) = self.replications {
            settings.replications = r;
        }
        if let Some(s) = self.seed {
            settings.seed = s;
        }
        settings
    }

    /// A progress bar over `total` steps of `unit` (hidden with `--quiet`; indicatif
    /// draws nothing when stderr is not a terminal).
    pub fn progress(&self, label: &str, total: u64, unit: &str) -> ProgressBar {
        if self.quiet {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{msg}} [{{bar:30}}] {{pos}}/{{len}} {unit}, ETA {{eta}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(label.to_owned());
        bar
    }

    /// Runs `f` on a pool of `--threads` workers, or on the global pool (all cores).
    pub fn install<T: Send>(&self, f: impl FnOnce() -> T + Send) -> Result<T> {
        match self.threads {
            Some(n) => Ok(rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| Error::Other(anyhow::anyhow!("starting {n} threads: {e}")))?
                .install(f)),
            None => Ok(f()),
        }
    }
}
