//! The command line: clap definitions, and the checks turning them into validated settings
//! ([`erlang`], [`sim`], [`logs`]). [`crate::commands::run`] parses it and dispatches.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

pub mod checks;
pub mod erlang;
mod examples;
pub mod logs;
pub mod sim;

/// Contact-centre capacity simulator and planning tool.
#[derive(Debug, Parser)]
#[command(name = "ccplan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and print a one-screen summary of each valid one.
    Validate(ValidateArgs),
    /// Exact Erlang B/C/A/X figures and staffing for one stationary interval.
    Erlang(ErlangArgs),
    /// Simulate a scenario: wait-time distributions and service figures with 95% intervals.
    Run(RunArgs),
    /// Redraw the charts and the report of a saved run from its tables alone.
    Report(ReportArgs),
    /// Agents required per line and interval to meet the scenario's targets.
    Staff(StaffArgs),
    /// Shifts and breaks that cover the requirement at least cost, verified in simulation.
    Schedule(ScheduleArgs),
    /// A grid of what-ifs over scenario values, with common random numbers.
    Sweep(SweepArgs),
    /// Two scenarios side by side: paired replications, differences with 95% intervals.
    Compare(CompareArgs),
    /// Check a bidder's claims against simulation: SUPPORTED, NOT SUPPORTED, INCONCLUSIVE.
    Check(CheckArgs),
    /// Regression-test staffing models against a stored baseline of headline figures.
    Regress(RegressArgs),
    /// Fit a scenario to a centre's call log: arrivals, handling, patience, redials, agents.
    Fit(FitArgs),
    /// Replay a centre's call log under a scenario and measure how well it predicts.
    Backtest(BacktestArgs),
    /// Print a shell completion script (bash, zsh or fish) to standard output.
    Completions(CompletionsArgs),
    /// Print ccplan's man page (roff), or write one page per command into a folder.
    Man(ManArgs),
    /// Merge the parts of a sharded run or sweep into the files one process would write.
    Merge(MergeArgs),
}

/// The shells `ccplan completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `ccplan.1` and one `ccplan-<command>.1` per command into this folder instead of
    /// printing `ccplan.1`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub log: LogArgs,
    /// Planning interval of the fitted scenario, minutes (must divide 1440).
    #[arg(long, default_value_t = 15)]
    pub interval_min: u32,
    /// Fit only calls of this date or later (YYYY-MM-DD); hold later or earlier days
    /// out to backtest on them.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Fit only calls of this date or earlier (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Name of the fitted scenario (default: the first log file's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Output folder (default `outputs/fit-<name>/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
}

/// Which layout a call log has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LogFormatArg {
    /// The generic schema (see docs/call-log.md), or a centre's own with --columns.
    #[default]
    Generic,
    /// The Israeli "Anonymous Bank" log of 1999 (tab-separated, 17 columns).
    AnonymousBank,
    /// Arrival counts, not call records: a CSV with `date`, `time` (interval start) and
    /// `calls`; `fit` then fits the calendar and demand only.
    ArrivalCounts,
}

/// Call-log inputs shared by `fit` and `backtest`.
#[derive(Debug, Clone, Args)]
pub struct LogArgs {
    /// Call-log files: `.csv`, `.tsv`/`.txt` or `.parquet`, one row per call.
    #[arg(required = true, value_name = "LOG")]
    pub logs: Vec<PathBuf>,
    /// The logs' layout.
    #[arg(long, value_enum, default_value_t = LogFormatArg::Generic)]
    pub log_format: LogFormatArg,
    /// A YAML map of the centre's own column names and formats (generic format only).
    #[arg(long, value_name = "MAP.yaml")]
    pub columns: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Scenario file (YAML): its handling, patience, availability and threshold are used.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub log: LogArgs,
    /// First date replayed (YYYY-MM-DD; default the log's first).
    #[arg(long)]
    pub from: Option<String>,
    /// Last date replayed (YYYY-MM-DD; default the log's last).
    #[arg(long)]
    pub to: Option<String>,
    /// Hours with fewer callers seeking an agent are left out of the hourly comparison.
    #[arg(long, default_value_t = 30)]
    pub min_calls: u32,
    /// Exit 1 when the hourly abandonment MAE exceeds this.
    #[arg(long)]
    pub max_abandonment_mae: Option<f64>,
    /// Exit 1 when the hourly ASA MAE exceeds this many seconds.
    #[arg(long)]
    pub max_asa_mae_s: Option<f64>,
    /// Output folder (default `outputs/backtest-<scenario name>/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
}

/// Simulation flags shared by the planning commands.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Replications (default: the scenario's `simulation.replications`).
    #[arg(long)]
    pub replications: Option<u32>,
    /// Random seed (default: the scenario's `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// How `staff` computes the requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum StaffMethod {
    /// Stationary independent period-by-period: Erlang A on each interval's own load.
    Sipp,
    /// SIPP on the load lagged by the mean handling time.
    LaggedSipp,
    /// Modified offered load: Erlang A on the infinite-server mean number of busy agents.
    Mol,
    /// Iterative staffing algorithm: simulate the full model, re-staff, until stable.
    #[default]
    Isa,
}

#[derive(Debug, Args)]
pub struct StaffArgs {
    /// Scenario file (YAML).
    pub scenario: PathBuf,
    #[arg(long, value_enum, default_value_t = StaffMethod::Isa)]
    pub method: StaffMethod,
    /// Confidence P in [0.5, 1): a cell meets its targets when the one-sided P Student-t
    /// bound of each figure's mean over replications does (upper for "at most" targets,
    /// lower for service level). 0.5 judges the means. Analytic plans are then repaired in
    /// simulation until every cell meets the targets at P.
    #[arg(long, default_value_t = 0.5, value_name = "P")]
    pub confidence: f64,
    /// Rounds of independent check and repair: the plan is simulated on fresh
    /// replications (another seed each round), cells below target get one agent more, up
    /// to N times (default 3 with ISA, 0 with the analytic methods).
    #[arg(long, value_name = "N")]
    pub repairs: Option<usize>,
    /// Output folder (default `outputs/staff-<scenario name>/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
}

/// How `schedule` lets working days share a shift pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ScheduleDays {
    /// One pattern per weekday: every Monday alike, and so on.
    #[default]
    Weekday,
    /// Each working date its own pattern.
    All,
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// Scenario file (YAML) with `shift_rules` on at least one line.
    pub scenario: PathBuf,
    /// A `ccplan staff` output folder whose `scenario-staffed.yaml` gives the requirement
    /// (instead of computing it with --method).
    #[arg(long, value_name = "DIR", conflicts_with = "method")]
    pub requirement: Option<PathBuf>,
    /// How the requirement is computed when --requirement is not given (the loop then
    /// corrects it in simulation).
    #[arg(long, value_enum, default_value_t = StaffMethod::LaggedSipp)]
    pub method: StaffMethod,
    #[arg(long, value_enum, default_value_t = ScheduleDays::Weekday)]
    pub days: ScheduleDays,
    /// Confidence P in [0.5, 1) at which cells are judged on the search's replications,
    /// as `staff --confidence`; the independent check judges means. Above 0.5 the roster
    /// keeps a margin, so that cells planned at the edge do not miss on fresh replications
    /// [default: 0.9; 0.5 with a single replication]
    #[arg(long, value_name = "P")]
    pub confidence: Option<f64>,
    /// Most solve → simulate rounds on the search's replications.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub iterations: usize,
    /// Rounds of independent check and repair (another seed each round).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub repairs: usize,
    /// Output folder (default `outputs/schedule-<scenario name>/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (YAML).
    pub scenario: PathBuf,
    /// `PATH=VALUES`: a YAML path (`lines.first.shifts[0].agents`, `contact_types[*].self_service`)
    /// and its values: a list `0.3,0.4,0.5` or a range `60..90:5` (inclusive, step 5).
    /// Repeat for a grid over several values.
    #[arg(long = "set", required = true, value_name = "PATH=VALUES")]
    pub set: Vec<String>,
    /// Output folder (default `outputs/sweep-<scenario name>/`); with --shard, the part
    /// file (or a folder for it).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
    #[command(flatten)]
    pub shard: ShardArgs,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The baseline scenario (YAML).
    pub a: PathBuf,
    /// The alternative scenario (YAML); differences are B − A.
    pub b: PathBuf,
    /// Output folder (default `outputs/compare-<A name>-vs-<B name>/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The bid's scenario (YAML).
    pub scenario: PathBuf,
    /// The bidder's claims (YAML).
    #[arg(long)]
    pub claims: PathBuf,
    /// Output folder (default `outputs/check-<scenario name>/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Simulate only the first N working days of the scenario's horizon.
    #[arg(long)]
    pub days: Option<u32>,
    /// Resolution of the capacity search, calls per day.
    #[arg(long, default_value_t = 100.0)]
    pub capacity_step: f64,
    #[command(flatten)]
    pub sim: SimArgs,
}

#[derive(Debug, Args)]
pub struct RegressArgs {
    /// Scenario files (YAML).
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Baseline file (JSON) holding each scenario's headline figures.
    #[arg(long)]
    pub baseline: PathBuf,
    /// Store the current figures as the baseline instead of checking against it.
    #[arg(long)]
    pub update: bool,
    /// Also write the result as JUnit XML to this file.
    #[arg(long)]
    pub junit: Option<PathBuf>,
    /// Output folder (default `outputs/regress/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A run's output folder (holding summary.json, scenario.yaml and the Parquet tables).
    pub run_dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files (YAML).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Output format of tabular answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ErlangArgs {
    /// Calls arriving per hour.
    #[arg(
        long,
        allow_negative_numbers = true,
        required_unless_present = "scenario"
    )]
    pub arrivals_per_hour: Option<f64>,
    /// Mean handling time, seconds.
    #[arg(
        long,
        allow_negative_numbers = true,
        required_unless_present = "scenario"
    )]
    pub aht_s: Option<f64>,
    /// Agents: a count (`105`; fractional such as `104.5`: Jagerman's extension under Erlang C, linear between whole counts under A and X) or an
    /// inclusive range (`95..115`). Without --agents and without a target, prints the
    /// agents required for 80% answered within --sl-s (by --sl-definition).
    #[arg(long)]
    pub agents: Option<String>,
    /// Service-level threshold, seconds.
    #[arg(long, allow_negative_numbers = true, default_value_t = 20.0)]
    pub sl_s: f64,
    /// Mean patience, seconds: switches from Erlang C to Erlang A (exponential patience).
    #[arg(long, allow_negative_numbers = true)]
    pub patience_s: Option<f64>,
    /// Lines (trunks) available: calls beyond this many in the system are blocked (Erlang X).
    #[arg(long)]
    pub lines: Option<u32>,
    /// Probability that a blocked or abandoned caller tries again (Erlang X).
    #[arg(long, allow_negative_numbers = true)]
    pub redial: Option<f64>,
    /// Find the fewest agents whose service level within `--sl-s` is at least this.
    #[arg(long, allow_negative_numbers = true)]
    pub target_sl: Option<f64>,
    /// Service-level definition for `--target-sl`.
    #[arg(long, value_parser = parse_sl_definition, default_value = "offered")]
    pub sl_definition: crate::service_level::SlDefinition,
    /// Find the fewest agents whose mean wait of answered calls is at most this, seconds.
    #[arg(long, allow_negative_numbers = true)]
    pub target_asa_s: Option<f64>,
    /// Find the fewest agents whose abandonment probability is at most this.
    #[arg(long, allow_negative_numbers = true)]
    pub max_abandon: Option<f64>,
    /// Find the fewest agents whose occupancy is at most this.
    #[arg(long, allow_negative_numbers = true)]
    pub max_occupancy: Option<f64>,
    /// Per interval of the scenario's first day: offered load and agents required by its
    /// targets.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn parse_sl_definition(s: &str) -> std::result::Result<crate::service_level::SlDefinition, String> {
    crate::service_level::SlDefinition::from_key(s).ok_or_else(|| {
        format!(
            "unknown service-level definition `{s}`; expected one of: {}",
            crate::service_level::SlDefinition::ALL
                .map(|d| d.key())
                .join(", ")
        )
    })
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (YAML).
    pub scenario: PathBuf,
    /// Output folder (default `outputs/<scenario name>/`); with --shard, the part file (or
    /// a folder for it).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write every simulated call of every replication to FILE (`.csv` or
    /// `.parquet`), in the generic call-log schema with a `replication` column.
    #[arg(long, value_name = "FILE")]
    pub call_log: Option<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
    #[command(flatten)]
    pub shard: ShardArgs,
}

/// Sharding flags of `run` and `sweep` (see `docs/cluster.md`).
#[derive(Debug, Clone, Default, Args)]
pub struct ShardArgs {
    /// Simulate only shard K of N (K from 1 to N: a contiguous block of the replications,
    /// or of a sweep's grid points) and write a part file for `ccplan merge` to --out.
    /// `auto`: the shard of this Slurm array task or Kubernetes Indexed Job pod.
    #[arg(long, value_name = "K/N|auto")]
    pub shard: Option<String>,
    /// With `--shard auto` where the scheduler does not tell (Kubernetes): the number of
    /// shards (default: $CCPLAN_SHARD_COUNT).
    #[arg(long, value_name = "N", requires = "shard")]
    pub shard_count: Option<u32>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Part files written by `run --shard` or `sweep --shard`, in any order; a folder
    /// stands for every `.ccpart` file in it.
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<PathBuf>,
    /// Output folder (default: the one `run` or `sweep` would use).
    #[arg(long)]
    pub out: Option<PathBuf>,
}
/// The clap definition of the whole command line, every command's help ending with an
/// example: what `--help`, the completions and the man page are generated from.
pub fn command() -> clap::Command {
    examples::attach(Cli::command())
}
