//! A `--set PATH=VALUES` argument parsed: the path into the scenario's YAML tree
//! (`lines.first.shifts[0].agents`, `contact_types[*].self_service`) and the values to try
//! there (a comma list, or an inclusive numeric range `a..b:step`).

use std::fmt;

use serde_json::{Number, Value};

use crate::error::{Error, Result};

/// Most values one `--set` may take, and most points a grid may have: a guard against a
/// range written with the wrong step (`0..10000:1`), not a limit of the simulator.
pub const MAX_POINTS: usize = 1_000;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A key of a mapping.
    Key(String),
    /// An element of a list, 0-based.
    Index(usize),
    /// Every element of a list (`[*]`).
    All,
}

/// A parsed path such as `contact_types[*].self_service`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditPath {
    pub segments: Vec<Segment>,
}

impl fmt::Display for EditPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", render_path(&self.segments))
    }
}

/// `segments` written back in path syntax.
pub(super) fn render_path(segments: &[Segment]) -> String {
    let mut s = String::new();
    for seg in segments {
        match seg {
            Segment::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Segment::Index(i) => s.push_str(&format!("[{i}]")),
            Segment::All => s.push_str("[*]"),
        }
    }
    s
}

impl EditPath {
    /// Whether this path designates `at` (a path without `[*]`): the same keys and
    /// indices, `[*]` standing for any index.
    pub fn matches(&self, at: &EditPath) -> bool {
        self.segments.len() == at.segments.len()
            && self
                .segments
                .iter()
                .zip(&at.segments)
                .all(|(a, b)| a == b || (*a == Segment::All && matches!(b, Segment::Index(_))))
    }

    /// Parses `text`; the error says what is wrong with it, in words.
    pub fn parse(text: &str) -> std::result::Result<EditPath, String> {
        const SYNTAX: &str = "keys separated by dots, each optionally followed by `[N]` or `[*]`, e.g. `lines.first.shifts[0].agents` or `contact_types[*].self_service`";
        let bad = |why: &str| format!("bad path `{text}`: {why}; a path is {SYNTAX}");
        if text.trim().is_empty() {
            return Err(bad("it is empty"));
        }
        let mut segments = Vec::new();
        for part in text.split('.') {
            let (key, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if key.is_empty() {
                return Err(bad("a key is empty"));
            }
            if key.contains(']') || key.chars().any(char::is_whitespace) {
                return Err(bad(&format!("`{key}` is not a key")));
            }
            segments.push(Segment::Key(key.to_owned()));
            while !rest.is_empty() {
                let Some(close) = rest.find(']') else {
                    return Err(bad("a `[` is not closed"));
                };
                if !rest.starts_with('[') {
                    return Err(bad(&format!("unexpected `{rest}`")));
                }
                let inside = &rest[1..close];
                segments.push(if inside == "*" {
                    Segment::All
                } else {
                    match inside.parse::<usize>() {
                        Ok(i) => Segment::Index(i),
                        Err(_) => {
                            return Err(bad(&format!(
                                "`[{inside}]` is not an index (a whole number from 0, or `*`)"
                            )));
                        }
                    }
                });
                rest = &rest[close + 1..];
            }
        }
        Ok(EditPath { segments })
    }
}

/// One `--set PATH=VALUES`: where, and the values to try there, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// The argument as given.
    pub raw: String,
    pub path: EditPath,
    /// The path as written (`lines.first.shifts[0].agents`): the column name in tables.
    pub path_text: String,
    /// The values, as YAML scalars (numbers, booleans or text).
    pub values: Vec<Value>,
}

impl Setting {
    /// Parses `PATH=VALUES`. Errors are [`Error::Usage`] naming the `--set`, the part that
    /// is wrong and what is allowed.
    pub fn parse(arg: &str) -> Result<Setting> {
        let usage = |why: String| Error::Usage(format!("--set `{arg}`: {why}"));
        let Some((path_text, values)) = arg.split_once('=') else {
            return Err(usage(
                "expected PATH=VALUES, e.g. `lines.first.shifts[0].agents=60..90:5` or `contact_types[*].self_service=0.3,0.4`".into(),
            ));
        };
        let path_text = path_text.trim();
        let path = EditPath::parse(path_text).map_err(usage)?;
        let values = parse_values(values.trim()).map_err(usage)?;
        Ok(Setting {
            raw: arg.to_owned(),
            path,
            path_text: path_text.to_owned(),
            values,
        })
    }

    /// The values as text, for tables and labels (`60`, `0.35`, `PT`).
    pub fn labels(&self) -> Vec<String> {
        self.values.iter().map(value_label).collect()
    }

    /// Whether every value is a number (the setting can be an axis).
    pub fn is_numeric(&self) -> bool {
        self.values.iter().all(Value::is_number)
    }
}

/// A scalar value as text: numbers and booleans as YAML writes them, text as is.
pub fn value_label(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Parses VALUES: `a..b:step`, `a..b` (whole numbers, step 1) or a comma list.
fn parse_values(text: &str) -> std::result::Result<Vec<Value>, String> {
    if text.is_empty() {
        return Err("no values after `=`: give a list `0.3,0.4,0.5` or a range `60..90:5`".into());
    }
    let values = if let Some((from, rest)) = text.split_once("..") {
        parse_range(text, from.trim(), rest.trim())?
    } else {
        let mut values = Vec::new();
        for item in text.split(',') {
            let item = item.trim();
            if item.is_empty() {
                return Err(format!(
                    "an empty value in the list `{text}`: separate values with single commas"
                ));
            }
            values.push(scalar(item));
        }
        values
    };
    for (i, v) in values.iter().enumerate() {
        if values[..i].contains(v) {
            return Err(format!(
                "the value `{}` is given twice: each value once",
                value_label(v)
            ));
        }
    }
    if values.len() > MAX_POINTS {
        return Err(format!(
            "{} values; at most {MAX_POINTS} are allowed (is the step right?)",
            values.len()
        ));
    }
    Ok(values)
}

/// A list item as a YAML scalar: a whole number, a finite decimal, `true`/`false`, else text.
fn scalar(item: &str) -> Value {
    if let Ok(i) = item.parse::<i64>() {
        return Value::Number(i.into());
    }
    if looks_numeric(item)
        && let Ok(x) = item.parse::<f64>()
        && let Some(n) = Number::from_f64(x)
    {
        return Value::Number(n);
    }
    match item {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(item.to_owned()),
    }
}

/// Digits with an optional sign, point and exponent (Rust's `f64` parser would also take
/// `inf` and `NaN`, which are not numbers in a scenario).
fn looks_numeric(s: &str) -> bool {
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
}

/// `a..b:step` (or `a..b`, whole numbers, step 1) into its values, `b` included when the
/// steps land on it.
fn parse_range(text: &str, from: &str, rest: &str) -> std::result::Result<Vec<Value>, String> {
    const FORM: &str = "a range is `START..END:STEP` with numbers, END ≥ START and STEP > 0, e.g. `60..90:5` or `0.30..0.50:0.05`";
    let (to, step) = match rest.split_once(':') {
        Some((t, s)) => (t.trim(), Some(s.trim())),
        None => (rest, None),
    };
    let number = |what: &str, s: &str| -> std::result::Result<f64, String> {
        if looks_numeric(s)
            && let Ok(x) = s.parse::<f64>()
            && x.is_finite()
        {
            return Ok(x);
        }
        Err(format!(
            "range `{text}`: the {what} `{s}` is not a number; {FORM}"
        ))
    };
    let a = number("start", from)?;
    let b = number("end", to)?;
    let whole = |s: &str| s.parse::<i64>().is_ok();
    let step_text = match step {
        Some(s) => s,
        None if whole(from) && whole(to) => "1",
        None => {
            return Err(format!(
                "range `{text}`: decimal bounds need a step (`{from}..{to}:STEP`); {FORM}"
            ));
        }
    };
    let h = number("step", step_text)?;
    if h <= 0.0 {
        return Err(format!(
            "range `{text}`: the step `{step_text}` must be greater than 0; {FORM}"
        ));
    }
    if b < a {
        return Err(format!(
            "range `{text}`: the end {to} is below the start {from}, so the range is empty; {FORM}"
        ));
    }
    let count = ((b - a) / h * (1.0 + 1e-12) + 1e-9).floor() + 1.0;
    if count > MAX_POINTS as f64 {
        return Err(format!(
            "range `{text}` has {count:.0} values; at most {MAX_POINTS} are allowed (is the step right?)"
        ));
    }
    let count = count as usize;
    if whole(from) && whole(step_text) {
        let (a, h) = (
            from.parse::<i64>().unwrap_or(0),
            step_text.parse::<i64>().unwrap_or(1),
        );
        return Ok((0..count as i64).map(|k| Value::from(a + k * h)).collect());
    }
    // Decimal steps: computed as start + k × step, then rounded to the decimals written,
    // so that `0.3..0.5:0.1` gives 0.4 and not 0.30000000000000004 + 0.1.
    let decimals = [from, step_text]
        .iter()
        .map(|s| s.split_once('.').map_or(0, |(_, d)| d.len()))
        .max()
        .unwrap_or(0)
        .min(12) as i32;
    let scale = 10f64.powi(decimals);
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let x = ((a + k as f64 * h) * scale).round() / scale;
        let v = Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| format!("range `{text}`: a value is not a finite number; {FORM}"))?;
        out.push(v);
    }
    Ok(out)
}
