//! The JSON Schema of every JSON file ccplan writes, generated from the types that write
//! them (schemars, draft 2020-12, describing what is serialised: every key ccplan writes
//! is required and no other key is allowed).
//!
//! The schemas are published under `outputs/schemas/`; `tests/it/schemas.rs` fails when a
//! committed schema differs from the types and rewrites them with
//! `CCPLAN_UPDATE_SCHEMAS=1 cargo test --locked --test it schemas`. See
//! docs/outputs-json.md.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::backtest::output::BacktestJson;
use crate::erlang::json::ErlangJson;
use crate::fit::report::FitJson;
use crate::planning::claims::json::CheckJson;
use crate::planning::compare::json::CompareJson;
use crate::planning::regress::baseline::Baseline;
use crate::planning::schedule::json::ScheduleJson;
use crate::planning::staff::json::StaffJson;
use crate::planning::sweep::json::SweepJson;
use crate::report::summary_json::Summary;

/// Folder of the published schemas, from the repository's root.
pub const SCHEMA_DIR: &str = "outputs/schemas";

/// One JSON output and its schema.
#[derive(Debug, Clone)]
pub struct Output {
    /// The schema's file name under [`SCHEMA_DIR`] (`summary.schema.json`).
    pub schema_file: &'static str,
    /// The output's file name as ccplan writes it (`summary.json`); `None` when the user
    /// names it (the regress baseline) or it is printed (`erlang --format json`).
    pub file: Option<&'static str>,
    /// Which command writes it, and where.
    pub written_by: &'static str,
    /// The schema's title.
    pub title: &'static str,
    schema: fn() -> Schema,
    reserialize: fn(&str) -> serde_json::Result<String>,
}

impl Output {
    /// The schema, as generated from the output's type.
    pub fn schema(&self) -> Schema {
        let mut s = (self.schema)();
        s.insert("title".into(), self.title.into());
        s
    }

    /// Reads `text` as the output's type and writes it back as ccplan does (pretty, final
    /// newline): the same bytes when the type describes the file exactly.
    pub fn reserialize(&self, text: &str) -> serde_json::Result<String> {
        (self.reserialize)(text)
    }

    /// The schema as published: pretty JSON with a final newline.
    pub fn schema_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.schema()).expect("a schema serialises");
        text.push('\n');
        text
    }
}

/// A draft 2020-12 schema of what `T` serialises to, closed to keys it does not write.
fn schema_of<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .with_transform(RecursiveTransform(close_objects))
        .into_generator()
        .into_root_schema_for::<T>()
}

fn reserialize<T: Serialize + DeserializeOwned>(text: &str) -> serde_json::Result<String> {
    let value: T = serde_json::from_str(text)?;
    let mut out = serde_json::to_string_pretty(&value)?;
    out.push('\n');
    Ok(out)
}

/// An object schema listing its properties allows no others, unless it says otherwise.
fn close_objects(schema: &mut Schema) {
    if schema.get("properties").is_some() && schema.get("additionalProperties").is_none() {
        schema.insert("additionalProperties".into(), false.into());
    }
}

/// Every JSON output ccplan writes, by command.
pub fn outputs() -> Vec<Output> {
    vec![
        Output {
            schema_file: "summary.schema.json",
            file: Some("summary.json"),
            written_by: "ccplan run (the run's folder)",
            title: "ccplan summary.json",
            schema: schema_of::<Summary>,
            reserialize: reserialize::<Summary>,
        },
        Output {
            schema_file: "staff.schema.json",
            file: Some("staff.json"),
            written_by: "ccplan staff",
            title: "ccplan staff.json",
            schema: schema_of::<StaffJson>,
            reserialize: reserialize::<StaffJson>,
        },
        Output {
            schema_file: "schedule.schema.json",
            file: Some("schedule.json"),
            written_by: "ccplan schedule",
            title: "ccplan schedule.json",
            schema: schema_of::<ScheduleJson>,
            reserialize: reserialize::<ScheduleJson>,
        },
        Output {
            schema_file: "sweep.schema.json",
            file: Some("sweep.json"),
            written_by: "ccplan sweep",
            title: "ccplan sweep.json",
            schema: schema_of::<SweepJson>,
            reserialize: reserialize::<SweepJson>,
        },
        Output {
            schema_file: "compare.schema.json",
            file: Some("compare.json"),
            written_by: "ccplan compare",
            title: "ccplan compare.json",
            schema: schema_of::<CompareJson>,
            reserialize: reserialize::<CompareJson>,
        },
        Output {
            schema_file: "check.schema.json",
            file: Some("check.json"),
            written_by: "ccplan check",
            title: "ccplan check.json",
            schema: schema_of::<CheckJson>,
            reserialize: reserialize::<CheckJson>,
        },
        Output {
            schema_file: "regress-baseline.schema.json",
            file: None,
            written_by: "ccplan regress --update (the --baseline file)",
            title: "ccplan regress baseline",
            schema: schema_of::<Baseline>,
            reserialize: reserialize::<Baseline>,
        },
        Output {
            schema_file: "fit.schema.json",
            file: Some("fit.json"),
            written_by: "ccplan fit",
            title: "ccplan fit.json",
            schema: schema_of::<FitJson>,
            reserialize: reserialize::<FitJson>,
        },
        Output {
            schema_file: "backtest.schema.json",
            file: Some("backtest.json"),
            written_by: "ccplan backtest",
            title: "ccplan backtest.json",
            schema: schema_of::<BacktestJson>,
            reserialize: reserialize::<BacktestJson>,
        },
        Output {
            schema_file: "erlang.schema.json",
            file: None,
            written_by: "ccplan erlang --format json (standard output)",
            title: "ccplan erlang --format json",
            schema: schema_of::<ErlangJson>,
            reserialize: reserialize::<ErlangJson>,
        },
    ]
}

/// The output a file of this name is, if ccplan writes files of that name.
pub fn for_file_name(name: &str) -> Option<Output> {
    outputs().into_iter().find(|o| o.file == Some(name))
}
