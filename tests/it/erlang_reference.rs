//! The analytic core against exact reference values computed independently of ccplan
//! (mpmath at 50 digits, cross-checked by a second method): every row and every filled
//! cell of `shared/reference/erlang_c.csv` and `erlang_a.csv`.
//!
//! The reference folder is found at `$CARGO_MANIFEST_DIR/../shared/reference`, else under
//! `$CCPLAN_SHARED_DIR` (the `shared` folder, or its `reference` folder). If neither
//! exists the tests fail rather than skip: a missing reference must not pass silently.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ccplan::erlang::{Model, erlang_c, ln_erlang_c};
use ccplan::service_level::SlDefinition;

/// Tolerances, in one place.
mod tol {
    /// Largest relative error accepted against a reference value of at least `SMALL`.
    pub const RELATIVE: f64 = 1e-9;
    /// Below this reference value the absolute error is judged instead.
    pub const SMALL: f64 = 1e-3;
    /// Largest absolute error accepted against a reference value below `SMALL`.
    pub const ABSOLUTE: f64 = 1e-12;
    /// Largest error in ln P(wait) for probabilities below the `f64` range.
    pub const LN_ABSOLUTE: f64 = 1e-9;
}

/// The folder holding the reference CSVs.
fn reference_dir() -> PathBuf {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    let mut tried = vec![beside.clone()];
    if beside.join("erlang_c.csv").is_file() {
        return beside;
    }
    if let Some(shared) = std::env::var_os("CCPLAN_SHARED_DIR") {
        let shared = PathBuf::from(shared);
        for dir in [shared.join("reference"), shared] {
            if dir.join("erlang_c.csv").is_file() {
                return dir;
            }
            tried.push(dir);
        }
    }
    panic!(
        "reference tables not found; tried {tried:?}. Put `shared/` beside the crate or set \
         CCPLAN_SHARED_DIR to it."
    );
}

/// One CSV table: the header and, per row, the raw cells by column name.
struct Table {
    name: String,
    rows: Vec<HashMap<String, String>>,
}

impl Table {
    fn read(file: &str) -> Table {
        let path = reference_dir().join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<String> = lines
            .next()
            .expect("empty table")
            .split(',')
            .map(|s| s.trim().to_owned())
            .collect();
        let rows = lines
            .map(|l| {
                let cells: Vec<&str> = l.split(',').collect();
                assert_eq!(cells.len(), header.len(), "{file}: ragged row `{l}`");
                header
                    .iter()
                    .cloned()
                    .zip(cells.iter().map(|c| c.trim().to_owned()))
                    .collect()
            })
            .collect();
        Table {
            name: file.to_owned(),
            rows,
        }
    }
}

/// A number from a cell; `None` for an empty cell (not computed).
fn cell(row: &HashMap<String, String>, column: &str) -> Option<f64> {
    let raw = row
        .get(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    if raw.is_empty() {
        return None;
    }
    Some(
        raw.parse()
            .unwrap_or_else(|e| panic!("{column} = {raw}: {e}")),
    )
}

/// Natural log of a decimal string, exact even when the value is below the `f64` range.
fn ln_decimal(raw: &str) -> f64 {
    let (mantissa, exponent) = raw.split_once(['e', 'E']).unwrap_or((raw, "0"));
    let m: f64 = mantissa.parse().unwrap();
    let e: f64 = exponent.parse().unwrap();
    m.ln() + e * std::f64::consts::LN_10
}

/// Collects every comparison and the worst error per table.
#[derive(Default)]
struct Checker {
    failures: Vec<String>,
    worst_relative: f64,
    worst_relative_at: String,
    worst_absolute_small: f64,
    cells: usize,
}

impl Checker {
    fn check(&mut self, what: &str, got: f64, want: f64) {
        self.cells += 1;
        if !got.is_finite() {
            self.failures
                .push(format!("{what}: got {got}, want {want}"));
            return;
        }
        let abs = (got - want).abs();
        if want.abs() < tol::SMALL {
            self.worst_absolute_small = self.worst_absolute_small.max(abs);
            if abs > tol::ABSOLUTE {
                self.failures
                    .push(format!("{what}: got {got:e}, want {want:e} (abs {abs:e})"));
            }
        } else {
            let rel = abs / want.abs();
            if rel > self.worst_relative {
                self.worst_relative = rel;
                self.worst_relative_at = what.to_owned();
            }
            if rel > tol::RELATIVE {
                self.failures
                    .push(format!("{what}: got {got:e}, want {want:e} (rel {rel:e})"));
            }
        }
    }

    fn finish(self, table: &str) {
        eprintln!(
            "{table}: {} cells; worst relative error {:.3e} ({}); worst absolute error where \
             the reference is below {}: {:.3e}",
            self.cells,
            self.worst_relative,
            self.worst_relative_at,
            tol::SMALL,
            self.worst_absolute_small
        );
        assert!(
            self.failures.is_empty(),
            "{table}:\n{}",
            self.failures.join("\n")
        );
    }
}

#[test]
fn erlang_c_table_is_reproduced() {
    let table = Table::read("erlang_c.csv");
    assert!(!table.rows.is_empty());
    let mut ck = Checker::default();
    for row in &table.rows {
        let load = cell(row, "offered_load_erlangs").unwrap();
        let agents = cell(row, "agents").unwrap();
        let aht_s = cell(row, "aht_s").unwrap();
        let at = format!("A={load} N={agents}");
        let n = agents as u32;
        assert_eq!(f64::from(n), agents, "{at}: whole agents expected");

        if let Some(want) = cell(row, "p_wait") {
            ck.check(&format!("{at} p_wait"), erlang_c(n, load).unwrap(), want);
            // Below the f64 range the logarithm still carries the value.
            let raw = &row["p_wait"];
            if want < 1e-300 {
                let err = (ln_erlang_c(n, load).unwrap() - ln_decimal(raw)).abs();
                assert!(err < tol::LN_ABSOLUTE, "{at}: ln p_wait off by {err:e}");
            }
        }
        let model = Model::from_load(load, aht_s).unwrap();
        if let Some(want) = cell(row, "asa_s") {
            ck.check(
                &format!("{at} asa_s"),
                model.figures(agents, 0.0).unwrap().asa_s,
                want,
            );
        }
        for (column, t) in [("sl_20s", 20.0), ("sl_60s", 60.0)] {
            if let Some(want) = cell(row, column) {
                let f = model.figures(agents, t).unwrap();
                // Under Erlang C every definition coincides.
                for d in SlDefinition::ALL {
                    ck.check(
                        &format!("{at} {column} {}", d.key()),
                        f.service_level.get(d),
                        want,
                    );
                }
            }
        }
    }
    ck.finish(&table.name);
}

#[test]
fn erlang_a_table_is_reproduced() {
    let table = Table::read("erlang_a.csv");
    assert!(!table.rows.is_empty());
    let mut ck = Checker::default();
    for row in &table.rows {
        // `offered_load_erlangs` is rounded in the table: the model recomputes it.
        let arrivals = cell(row, "arrivals_per_hour").unwrap();
        let agents = cell(row, "agents").unwrap();
        let aht_s = cell(row, "aht_s").unwrap();
        let patience_s = cell(row, "mean_patience_s").unwrap();
        let at = format!("λ={arrivals}/h N={agents} patience={patience_s}");
        let model = Model::new(arrivals, aht_s)
            .unwrap()
            .with_patience_s(patience_s)
            .unwrap();

        for (column, raw) in row {
            if raw.is_empty() {
                continue;
            }
            let want = cell(row, column).unwrap();
            let what = format!("{at} {column}");
            // Service levels: `sl_<definition>_<T>s`.
            if let Some(rest) = column.strip_prefix("sl_") {
                let (def, t) = rest.rsplit_once('_').expect("sl_<definition>_<T>s");
                let t: f64 = t
                    .strip_suffix('s')
                    .expect("threshold in s")
                    .parse()
                    .unwrap();
                let def = SlDefinition::from_key(def)
                    .unwrap_or_else(|| panic!("unknown definition in {column}"));
                let f = model.figures(agents, t).unwrap();
                ck.check(&what, f.service_level.get(def), want);
                continue;
            }
            let f = model.figures(agents, 20.0).unwrap();
            let got = match column.as_str() {
                "arrivals_per_hour"
                | "offered_load_erlangs"
                | "agents"
                | "aht_s"
                | "mean_patience_s" => continue,
                "p_wait" => f.p_wait,
                "p_abandon" => f.p_abandon,
                "asa_answered_s" => f.asa_s,
                "mean_wait_all_s" => f.mean_wait_s,
                "mean_virtual_wait_s" => f.mean_virtual_wait_s,
                "occupancy" => f.occupancy,
                other => panic!("column {other} is not checked: add it here"),
            };
            ck.check(&what, got, want);
        }
    }
    ck.finish(&table.name);
}
