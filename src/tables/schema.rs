//! The schema of every table a run writes: table names, column names, types, units and
//! definitions, in one place. The builder checks its frames against it, `read_tables`
//! checks files against it, and `outputs/README.md` is generated from it ([`markdown`]).
//!
//! When a column changes: edit it here, then regenerate the README section with
//! `CCPLAN_UPDATE_DOCS=1 cargo test --test it tables` (the test fails while they differ).

use polars::prelude::{DataType, Field, Schema};

use crate::stats::run::{fig, threshold_key};

/// The type of a column, as stored in Parquet and read back by polars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    /// A calendar date (Parquet `DATE`, CSV `YYYY-MM-DD`).
    Date,
    Str,
    Bool,
    U32,
    U64,
    F64,
}

impl Dtype {
    /// The polars type.
    pub fn polars(self) -> DataType {
        match self {
            Dtype::Date => DataType::Date,
            Dtype::Str => DataType::String,
            Dtype::Bool => DataType::Boolean,
            Dtype::U32 => DataType::UInt32,
            Dtype::U64 => DataType::UInt64,
            Dtype::F64 => DataType::Float64,
        }
    }

    /// The name shown in the documentation (polars' name of the type).
    pub fn name(self) -> &'static str {
        match self {
            Dtype::Date => "Date",
            Dtype::Str => "String",
            Dtype::Bool => "Boolean",
            Dtype::U32 => "UInt32",
            Dtype::U64 => "UInt64",
            Dtype::F64 => "Float64",
        }
    }
}

/// One documented column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub dtype: Dtype,
    /// Unit (`s`, `calls`, `share`, …), `—` for labels.
    pub unit: &'static str,
    /// What the value is, in one or two sentences.
    pub definition: &'static str,
}

/// How a specification becomes columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spec {
    /// One column.
    One(Column),
    /// An estimate over replications: `name` (the mean), `name_ci95_low` and
    /// `name_ci95_high` (its 95% Student-t bounds), all Float64.
    Estimate(Column),
    /// The line figures ([`FIGURES`], one `sl_<T>s` per threshold), as estimates or as
    /// one replication's values; `calls_only` leaves out the agent-time figures
    /// (`occupancy`, `agents_available`), which are not attributed to contact types.
    Figures { estimate: bool, calls_only: bool },
}

/// One table: written as `<name>.parquet` and `<name>.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    /// What a row is.
    pub rows: &'static str,
    /// What the table is for, and anything its columns share.
    pub description: &'static str,
    pub specs: &'static [Spec],
}

/// Suffixes of the bounds of an estimate.
pub const CI95_LOW: &str = "_ci95_low";
pub const CI95_HIGH: &str = "_ci95_high";

/// Placeholder for a waiting-time threshold in a column name.
const T: &str = "<T>";

const fn f64_col(name: &'static str, unit: &'static str, definition: &'static str) -> Column {
    Column {
        name,
        dtype: Dtype::F64,
        unit,
        definition,
    }
}

/// The line figures, in the order of `crate::stats::run::fig` (the names are those of
/// `summary.json`'s line blocks); the last is the service-level template `sl_<T>s`.
pub const FIGURES: [Column; fig::SL_FIRST + 1] = [
    f64_col(
        fig::BASE[fig::CALLS_OFFERED],
        "calls",
        "Attempts reaching the line: the switch for the 1st line (redials included), transfers \
         for the 2nd; counted in the interval in which they reached the line. Equals \
         self-served + blocked + answered + abandoned.",
    ),
    f64_col(
        fig::BASE[fig::CALLS_SELF_SERVED],
        "calls",
        "Attempts answered by self-service in the menu, never reaching an agent.",
    ),
    f64_col(
        fig::BASE[fig::CALLS_BLOCKED],
        "calls",
        "Attempts refused because every trunk was busy.",
    ),
    f64_col(
        fig::BASE[fig::CALLS_ANSWERED],
        "calls",
        "Attempts answered by an agent of the line.",
    ),
    f64_col(
        fig::BASE[fig::CALLS_ABANDONED],
        "calls",
        "Attempts whose caller hung up while queued (and callers still queued when nobody was \
         left to answer).",
    ),
    f64_col(
        fig::BASE[fig::REDIALS],
        "calls",
        "Of `calls_offered`, the attempts that were redials.",
    ),
    f64_col(
        fig::BASE[fig::P_WAIT],
        "share",
        "Calls that reached the queue and waited more than 0 s / calls that reached the \
         queue (answered + abandoned).",
    ),
    f64_col(fig::BASE[fig::ASA_S], "s", "Mean wait of answered calls."),
    f64_col(
        fig::BASE[fig::MEAN_WAIT_S],
        "s",
        "Mean time in queue of all queued calls, abandoners until they hung up.",
    ),
    f64_col(
        fig::BASE[fig::ABANDONMENT_RATE],
        "share",
        "Abandoned / calls that reached the queue.",
    ),
    f64_col(
        fig::BASE[fig::OCCUPANCY],
        "share",
        "Agent time on calls and e-mail / agent time present (overtime included).",
    ),
    f64_col(
        fig::BASE[fig::AGENTS_AVAILABLE],
        "agents",
        "Mean agents present over the row's span: the interval; for a day or the horizon, \
         the opening window (agent time after close included).",
    ),
    f64_col(
        "sl_<T>s",
        "share",
        "Service level within T seconds under the run's definition (`service_level_definition` \
         in summary.json: the target's, `offered` without one). One column per threshold: \
         T = 20, 30, 60, 120, 300, and the service-level target's `within_s` when it is \
         not among them.",
    ),
];

/// Indices into [`FIGURES`] left out by `Spec::Figures { calls_only: true }`.
const AGENT_TIME_FIGURES: [usize; 2] = [fig::OCCUPANCY, fig::AGENTS_AVAILABLE];

const DATE: Spec = Spec::One(Column {
    name: "date",
    dtype: Dtype::Date,
    unit: "date",
    definition: "The working day.",
});

const LINE: Spec = Spec::One(Column {
    name: "line",
    dtype: Dtype::Str,
    unit: "—",
    definition: "`first_line` or `second_line`; only the lines the scenario has.",
});

/// One row per (date, interval, line).
pub const INTERVALS: Table = Table {
    name: "intervals",
    rows: "one per (date, interval, line)",
    description: "Every figure of summary.json's line blocks per planning interval, with the \
        expected demand and the staffing the Erlang formulas ask for. Counts are per \
        interval and replication.",
    specs: &[
        DATE,
        Spec::One(Column {
            name: "interval_start",
            dtype: Dtype::Str,
            unit: "HH:MM",
            definition: "Start of the planning interval, local clock time.",
        }),
        LINE,
        Spec::One(Column {
            name: "peak_period",
            dtype: Dtype::Bool,
            unit: "—",
            definition: "The interval is on a day a named peak is in force (a peak in force on \
                every working day of the horizon does not count: it is the horizon's normal), \
                or among the busiest tenth of the horizon's intervals by expected demand (none \
                when demand is flat; the `peak` period of `wait_distribution`).",
        }),
        Spec::One(f64_col(
            "arrivals_per_hour",
            "calls/h",
            "Expected arrivals needing the line's agents: the day's expected calls \
             (`calls_per_day` × day-of-week × peak factors, before the day's random \
             busyness) × the interval's profile share / the interval's length in hours × \
             the calls per call that need this line (after self-service; for the 2nd line, \
             the transfer share).",
        )),
        Spec::One(f64_col(
            "offered_load_erlangs",
            "erlangs",
            "`arrivals_per_hour` × the line's mean handling time at permanent-agent speed / \
             3600.",
        )),
        Spec::One(f64_col(
            "agents_rostered",
            "agents",
            "Mean agents on the roster over the interval (shifts after shrinkage, plus \
             reinforcement on its peak days), from the scenario. The simulated \
             `agents_available` also counts agents finishing a call after their shift.",
        )),
        Spec::One(Column {
            name: "agents_required",
            dtype: Dtype::U32,
            unit: "agents",
            definition: "Fewest agents meeting the scenario's call targets (service level \
                with its definition and threshold, abandonment, ASA, occupancy) in steady \
                state at `arrivals_per_hour`, by the exact Erlang A formulas with \
                exponential patience of the scenario's patience mean (Erlang C when callers \
                never hang up) and exponential handling of the line's mean. With no call \
                target stated: 80% answered within 20 s, counted `offered`. 0 without \
                load; null when no staffing meets the targets or the search range (10 \
                million agents) is exceeded.",
        }),
        Spec::Figures {
            estimate: true,
            calls_only: false,
        },
    ],
};

/// One row per (date, line).
pub const DAYS: Table = Table {
    name: "days",
    rows: "one per (date, line)",
    description: "The same figures per working day. Counts are per day and replication.",
    specs: &[
        DATE,
        LINE,
        Spec::One(Column {
            name: "named_peak",
            dtype: Dtype::Bool,
            unit: "—",
            definition: "A named peak of the scenario is in force on the day.",
        }),
        Spec::Figures {
            estimate: true,
            calls_only: false,
        },
    ],
};

/// One row per (contact type, line).
pub const CONTACT_TYPES: Table = Table {
    name: "contact_types",
    rows: "one per (contact type, line)",
    description: "The call figures per contact type, in the scenario's order. Counts are \
        totals over the horizon per replication. Agent time is not attributed to contact \
        types, so `occupancy` and `agents_available` are left out.",
    specs: &[
        Spec::One(Column {
            name: "contact_type",
            dtype: Dtype::Str,
            unit: "—",
            definition: "The contact type's `name` in the scenario.",
        }),
        LINE,
        Spec::One(f64_col(
            "type_share",
            "share",
            "The contact type's share of calls, from the scenario.",
        )),
        Spec::Figures {
            estimate: true,
            calls_only: true,
        },
    ],
};

const fn email_estimate(name: &'static str, unit: &'static str, definition: &'static str) -> Spec {
    Spec::Estimate(f64_col(name, unit, definition))
}

/// One row per date (no row without e-mail).
pub const EMAIL: Table = Table {
    name: "email",
    rows: "one per date; none when the scenario has no e-mail",
    description: "E-mail per working day. Counts are per day and replication. Response \
        times run in working hours from an e-mail's arrival (or the next opening) to its \
        answer. Per-day quantiles are computed in each replication from the e-mails answered \
        that day, read off quarter-hour bins with linear interpolation (within 0.25 h), and \
        read 72 when beyond 72 working hours; they are null on a day no e-mail was answered \
        in any replication.",
    specs: &[
        DATE,
        email_estimate(
            "received",
            "e-mails",
            "E-mails that arrived since the previous working day's close, up to this close \
             (the first day: since the close of the calendar day before).",
        ),
        email_estimate("handled", "e-mails", "E-mails answered during the day."),
        email_estimate(
            "backlog_at_close",
            "e-mails",
            "E-mails waiting, not yet picked up, at close.",
        ),
        email_estimate(
            "mean_response_working_h",
            "h (working)",
            "Mean response time of the e-mails answered on the day, in working hours.",
        ),
        email_estimate(
            "response_p50_working_h",
            "h (working)",
            "50% quantile of the response times of the e-mails answered on the day.",
        ),
        email_estimate(
            "response_p80_working_h",
            "h (working)",
            "80% quantile of the response times of the e-mails answered on the day.",
        ),
        email_estimate(
            "response_p90_working_h",
            "h (working)",
            "90% quantile of the response times of the e-mails answered on the day.",
        ),
        email_estimate(
            "response_p95_working_h",
            "h (working)",
            "95% quantile of the response times of the e-mails answered on the day.",
        ),
        email_estimate(
            "response_p99_working_h",
            "h (working)",
            "99% quantile of the response times of the e-mails answered on the day.",
        ),
    ],
};

/// One row per non-empty histogram bin of (line, period, kind).
pub const WAIT_DISTRIBUTION: Table = Table {
    name: "wait_distribution",
    rows: "one per (line, period, kind, bin) with calls in the bin, plus the zero bin",
    description: "Distributions of waiting times pooled over all replications, read off the \
        log-linear histograms (64 bins per doubling from 2⁻⁷ s to 2¹⁷ s, each at most 1/64 \
        of its lower bound wide). Bins are listed in increasing order; the first row of \
        each (line, period, kind) is the bin of exact zeros `[0, 0]`, even when empty; a \
        (line, period, kind) without calls has no rows.",
    specs: &[
        LINE,
        Spec::One(Column {
            name: "period",
            dtype: Dtype::Str,
            unit: "—",
            definition: "`all`; `peak` (intervals with `peak_period` true); `normal` (the \
                others).",
        }),
        Spec::One(Column {
            name: "kind",
            dtype: Dtype::Str,
            unit: "—",
            definition: "`answered`: waits of answered calls (zeros included); `abandoned`: \
                time abandoned callers waited before hanging up.",
        }),
        Spec::One(f64_col(
            "lower_s",
            "s",
            "Lower bound of the bin (inclusive; 0 for the zero bin).",
        )),
        Spec::One(f64_col(
            "upper_s",
            "s",
            "Upper bound of the bin (exclusive; 0 for the zero bin); null for the overflow \
             bin, waits of 2¹⁷ s (36.4 h) or more.",
        )),
        Spec::One(Column {
            name: "calls",
            dtype: Dtype::U64,
            unit: "calls",
            definition: "Calls in the bin, summed over all replications.",
        }),
        Spec::One(f64_col(
            "share",
            "share",
            "`calls` / calls of this (line, period, kind).",
        )),
        Spec::One(f64_col(
            "cumulative_share",
            "share",
            "Share of this (line, period, kind)'s calls in this bin or below: the share \
             waiting less than `upper_s` (at most 0 s for the zero bin).",
        )),
    ],
};

/// One row per (replication, line).
pub const REPLICATIONS: Table = Table {
    name: "replications",
    rows: "one per (replication, line)",
    description: "Each replication's own figures over the whole horizon, to show the spread \
        behind the estimates. Counts are totals over the horizon.",
    specs: &[
        Spec::One(Column {
            name: "replication",
            dtype: Dtype::U32,
            unit: "—",
            definition: "Replication number, from 0 (the index its random streams are \
                seeded from).",
        }),
        LINE,
        Spec::Figures {
            estimate: false,
            calls_only: false,
        },
    ],
};

/// Every table, in the order they are written and documented.
pub const TABLES: [&Table; 6] = [
    &INTERVALS,
    &DAYS,
    &CONTACT_TYPES,
    &EMAIL,
    &WAIT_DISTRIBUTION,
    &REPLICATIONS,
];

/// Name of the service-level column for threshold `t_s` (`sl_20s`, `sl_7.5s`).
pub fn sl_column(t_s: f64) -> String {
    FIGURES[fig::SL_FIRST].name.replace(T, &threshold_key(t_s))
}

/// The figure columns for these thresholds, in order (before expansion into estimates).
pub fn figure_columns(thresholds: &[f64], calls_only: bool) -> Vec<(usize, String)> {
    (0..fig::SL_FIRST)
        .filter(|k| !(calls_only && AGENT_TIME_FIGURES.contains(k)))
        .map(|k| (k, FIGURES[k].name.to_owned()))
        .chain(
            thresholds
                .iter()
                .enumerate()
                .map(|(j, &t)| (fig::SL_FIRST + j, sl_column(t))),
        )
        .collect()
}

/// Expands an estimate column into its three names.
pub fn estimate_names(name: &str) -> [String; 3] {
    [
        name.to_owned(),
        format!("{name}{CI95_LOW}"),
        format!("{name}{CI95_HIGH}"),
    ]
}

impl Table {
    /// The table's columns for a run counting service levels at `thresholds` (seconds),
    /// with their types, in file order.
    pub fn columns(&self, thresholds: &[f64]) -> Vec<(String, Dtype)> {
        let mut out = Vec::new();
        for spec in self.specs {
            match *spec {
                Spec::One(c) => out.push((c.name.to_owned(), c.dtype)),
                Spec::Estimate(c) => {
                    out.extend(estimate_names(c.name).map(|n| (n, Dtype::F64)));
                }
                Spec::Figures {
                    estimate,
                    calls_only,
                } => {
                    for (_, name) in figure_columns(thresholds, calls_only) {
                        if estimate {
                            out.extend(estimate_names(&name).map(|n| (n, Dtype::F64)));
                        } else {
                            out.push((name, Dtype::F64));
                        }
                    }
                }
            }
        }
        out
    }

    /// The polars schema of [`Table::columns`].
    pub fn polars_schema(&self, thresholds: &[f64]) -> Schema {
        self.columns(thresholds)
            .into_iter()
            .map(|(name, dtype)| Field::new(name.into(), dtype.polars()))
            .collect()
    }

    /// `(column, unit, definition)` of every column for these thresholds, for file
    /// metadata.
    pub fn described_columns(&self, thresholds: &[f64]) -> Vec<(String, &'static str, String)> {
        let mut out = Vec::new();
        let estimate = |c: &Column, name: &str, out: &mut Vec<_>| {
            let [mean, low, high] = estimate_names(name);
            out.push((
                mean,
                c.unit,
                format!("Mean over replications. {}", c.definition),
            ));
            out.push((low, c.unit, format!("Lower 95% bound of `{name}`.")));
            out.push((high, c.unit, format!("Upper 95% bound of `{name}`.")));
        };
        for spec in self.specs {
            match spec {
                Spec::One(c) => out.push((c.name.to_owned(), c.unit, c.definition.to_owned())),
                Spec::Estimate(c) => estimate(c, c.name, &mut out),
                Spec::Figures {
                    estimate: est,
                    calls_only,
                } => {
                    for (k, name) in figure_columns(thresholds, *calls_only) {
                        let c = &FIGURES[k.min(fig::SL_FIRST)];
                        if *est {
                            estimate(c, &name, &mut out);
                        } else {
                            out.push((name, c.unit, c.definition.to_owned()));
                        }
                    }
                }
            }
        }
        out
    }
}

/// The thresholds (seconds) of the `sl_<T>s` columns among `names`, in order.
pub fn thresholds_in(names: &[&str]) -> Vec<f64> {
    names
        .iter()
        .filter(|n| !n.ends_with(CI95_LOW) && !n.ends_with(CI95_HIGH))
        .filter_map(|n| n.strip_prefix("sl_")?.strip_suffix('s')?.parse().ok())
        .collect()
}

/// The documentation of every table, as Markdown (the generated section of
/// `outputs/README.md`).
pub fn markdown() -> String {
    let mut s = String::new();
    s.push_str(
        "Each table is written twice: `<table>.parquet` (typed: dates as Date, counts as \
         unsigned integers, labels as strings; zstd-compressed) and `<table>.csv` (the same \
         columns with a header row; dates `YYYY-MM-DD`). An empty CSV cell or a Parquet \
         null means undefined, e.g. a rate with no call in its denominator; no value is \
         NaN. The same statistics give byte-identical files.\n\n\
         An *estimate* column `x` is the mean over independent replications of the \
         figure computed in each replication (replications where it is undefined are \
         left out), with `x_ci95_low` and `x_ci95_high` its 95% Student-t bounds (null \
         with fewer than two defined replications). In the tables below an estimate is \
         written `x` ± and stands for these three Float64 columns.\n",
    );
    for table in TABLES {
        s.push_str(&format!(
            "\n### `{}` ({}.parquet, {}.csv)\n\nRows: {}. {}\n\n",
            table.name, table.name, table.name, table.rows, table.description
        ));
        s.push_str("| column | type | unit | definition |\n|---|---|---|---|\n");
        let row = |s: &mut String, c: &Column, est: bool| {
            let (name, dtype) = if est {
                (format!("`{}` ±", c.name), Dtype::F64)
            } else {
                (format!("`{}`", c.name), c.dtype)
            };
            s.push_str(&format!(
                "| {name} | {} | {} | {} |\n",
                dtype.name(),
                c.unit,
                c.definition
            ));
        };
        for spec in table.specs {
            match spec {
                Spec::One(c) => row(&mut s, c, false),
                Spec::Estimate(c) => row(&mut s, c, true),
                Spec::Figures {
                    estimate,
                    calls_only,
                } => {
                    for (k, c) in FIGURES.iter().enumerate() {
                        if !(*calls_only && AGENT_TIME_FIGURES.contains(&k)) {
                            row(&mut s, c, *estimate);
                        }
                    }
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service_level::{STANDARD_THRESHOLDS_S, SlDefinition};
    use crate::stats::run::{FigureNames, WAIT_QUANTILES};

    #[test]
    fn figure_columns_are_the_stats_figure_names() {
        let thresholds = [20.0, 30.0, 60.0, 120.0, 300.0, 7.5];
        let names: Vec<String> = figure_columns(&thresholds, false)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(
            names,
            FigureNames::new(&thresholds, SlDefinition::Offered).names
        );
    }

    #[test]
    fn email_quantile_columns_follow_wait_quantiles() {
        let names: Vec<String> = EMAIL
            .columns(&[])
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| n.starts_with("response_p") && !n.contains("_ci95"))
            .collect();
        let expected: Vec<String> = WAIT_QUANTILES
            .iter()
            .map(|(q, _)| format!("response_{q}_working_h"))
            .collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn column_names_are_unique_and_thresholds_recoverable() {
        let thresholds = STANDARD_THRESHOLDS_S;
        for table in TABLES {
            let cols = table.columns(&thresholds);
            let mut names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(
                table.described_columns(&thresholds).len(),
                names.len(),
                "{}",
                table.name
            );
            if table
                .specs
                .iter()
                .any(|s| matches!(s, Spec::Figures { .. }))
            {
                assert_eq!(thresholds_in(&names), thresholds.to_vec(), "{}", table.name);
            }
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), cols.len(), "{}: duplicate column", table.name);
        }
    }
}
