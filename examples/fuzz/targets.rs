//! The readers under test, each fed one input: what `ccplan` does with a scenario file, a
//! claims file, a `--set` argument and a call log, short of simulating.

use ccplan::calllog::{self, ColumnMap, LogFormat};
use ccplan::engine::Setup;
use ccplan::planning::claims;
use ccplan::planning::edit::{Document, Setting};
use ccplan::scenario::{self, Scenario};

use super::corpus::{self, Seed};
use super::mutate::mutate;
use super::rng::Rng;

/// What is fuzzed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `scenario::parse_str`, then the engine's setup of any scenario it accepts.
    Scenario,
    /// `claims::parse_str` against the tender.
    Claims,
    /// `Setting::parse`, then the tender edited with each value (`ccplan sweep --set`).
    Set,
    /// The delimited call-log reader (generic, bank and mapped layouts) and the
    /// column-map reader.
    CallLog,
}

impl Target {
    pub const ALL: [Target; 4] = [
        Target::Scenario,
        Target::Claims,
        Target::Set,
        Target::CallLog,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Scenario => "scenario",
            Target::Claims => "claims",
            Target::Set => "set",
            Target::CallLog => "calllog",
        }
    }
}

/// Everything the targets read once: seeds, the tender and its editable document.
pub struct Context {
    pub scenarios: Vec<Seed>,
    pub claims: Vec<Seed>,
    pub logs: Vec<Seed>,
    pub tender: Scenario,
    pub tender_doc: Document,
    /// Paths of the tender's YAML tree, for `--set` (`lines.first.shifts[0].agents`).
    pub paths: Vec<String>,
    /// The column map of `tests/calllog/centre.yaml`, for the centre's own layout.
    pub centre_map: ColumnMap,
}

impl Context {
    /// # Panics
    /// If the repository's own files do not read: they are the fuzzer's corpus.
    pub fn new() -> Self {
        let tender_path = corpus::root().join(corpus::TENDER);
        let tender_doc = Document::load(&tender_path).expect("the tender loads");
        let mut paths = Vec::new();
        leaf_paths(&tender_doc.tree, String::new(), &mut paths);
        let centre_map =
            ColumnMap::from_yaml_file(&corpus::root().join("tests/calllog/centre.yaml"))
                .expect("the centre's column map loads");
        Context {
            scenarios: corpus::scenarios(),
            claims: corpus::claims(),
            logs: corpus::call_logs(),
            tender: tender_doc.scenario.clone(),
            tender_doc,
            paths,
            centre_map,
        }
    }

    fn seeds(&self, target: Target) -> &[Seed] {
        match target {
            Target::Scenario => &self.scenarios,
            Target::Claims => &self.claims,
            Target::Set => &[],
            Target::CallLog => &self.logs,
        }
    }
}

impl Default for Context {
    fn default() -> Self {
        Self::new()
    }
}

/// One input for `target`: the seed it came from (if any) and its bytes.
pub struct Input<'c> {
    pub seed: Option<&'c Seed>,
    pub bytes: Vec<u8>,
}

/// Makes input number `i` of the run seeded `seed`: a mutated seed, or (for `--set`) a
/// generated argument.
pub fn make<'c>(ctx: &'c Context, target: Target, seed: u64, i: u64) -> Input<'c> {
    let mut rng = Rng::for_input(seed, i);
    if target == Target::Set {
        return Input {
            seed: None,
            bytes: set_argument(&mut rng, ctx).into_bytes(),
        };
    }
    let seeds = ctx.seeds(target);
    // Half the inputs start from a valid seed (the broken examples sort last), so that
    // mutations reach validation and beyond, not only the first parse error.
    let valid = seeds.iter().take_while(|s| !s.broken).count().max(1);
    let s = if rng.one_in(2) {
        &seeds[rng.below(valid)]
    } else {
        rng.pick(seeds)
    };
    let donors: Vec<&[u8]> = (0..2).map(|_| rng.pick(seeds).text.as_slice()).collect();
    let yaml = s.extension() == "yaml";
    // Now and then the seed as it is, so that every seed's own paths are run too.
    let bytes = if rng.one_in(50) {
        s.text.clone()
    } else {
        mutate(&mut rng, &s.text, yaml, &donors)
    };
    Input {
        seed: Some(s),
        bytes,
    }
}

/// Feeds one input to `target`. `true` when the reader accepted it. A panic is the bug
/// being looked for; errors are the expected answer to most inputs.
pub fn run(ctx: &Context, target: Target, input: &Input<'_>) -> bool {
    let text = String::from_utf8_lossy(&input.bytes);
    match target {
        Target::Scenario => {
            // Named as its seed, so that data files resolve beside it.
            let file = input
                .seed
                .map_or("fuzz.yaml".into(), |s| s.path.display().to_string());
            match scenario::parse_str(&text, &file) {
                Ok(sc) => {
                    let setup = Setup::new(&sc);
                    !setup.days.is_empty()
                }
                Err(e) => {
                    let _ = e.to_string();
                    false
                }
            }
        }
        Target::Claims => match claims::parse_str(&text, "claims.yaml", &ctx.tender) {
            Ok(_) => true,
            Err(e) => {
                let _ = e.to_string();
                false
            }
        },
        Target::Set => set(ctx, &text),
        Target::CallLog => {
            let seed = input.seed.expect("call logs come from seeds");
            call_log(ctx, seed, &input.bytes)
        }
    }
}

/// `--set`: parse the argument, check its path in the tender, apply up to three values.
fn set(ctx: &Context, arg: &str) -> bool {
    let setting = match Setting::parse(arg) {
        Ok(s) => s,
        Err(e) => {
            let _ = e.to_string();
            return false;
        }
    };
    let _ = setting.labels();
    if ctx
        .tender_doc
        .check_paths(std::slice::from_ref(&setting))
        .is_err()
    {
        return false;
    }
    let mut any = false;
    for k in [0, setting.values.len() / 2, setting.values.len() - 1] {
        match ctx.tender_doc.apply(&[(&setting, k)]) {
            Ok(sc) => any |= !Setup::new(&sc).days.is_empty(),
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    any
}

/// A call log in its seed's layout (the bank's for `bank_*`, the centre's own for
/// `centre.*`, else generic), or a column map.
fn call_log(ctx: &Context, seed: &Seed, bytes: &[u8]) -> bool {
    let name = seed.name();
    if seed.extension() == "yaml" {
        return match ColumnMap::from_yaml_str(&String::from_utf8_lossy(bytes), &name) {
            Ok(_) => true,
            Err(e) => {
                let _ = e.to_string();
                false
            }
        };
    }
    let format = if name.starts_with("bank") {
        LogFormat::AnonymousBank
    } else if name.starts_with("centre") {
        LogFormat::Generic(ctx.centre_map.clone())
    } else {
        LogFormat::default()
    };
    let separator = if seed.extension() == "csv" {
        b','
    } else {
        b'\t'
    };
    match calllog::read_delimited(bytes, &name, separator, &format) {
        Ok(log) => {
            let _ = log.dates();
            true
        }
        Err(e) => {
            let _ = e.to_string();
            false
        }
    }
}

/// Every leaf of a YAML tree as a `--set` path (`a.b[2].c`).
fn leaf_paths(v: &serde_json::Value, prefix: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaf_paths(x, p, out);
            }
        }
        serde_json::Value::Array(xs) => {
            for (i, x) in xs.iter().enumerate() {
                leaf_paths(x, format!("{prefix}[{i}]"), out);
            }
            out.push(format!("{prefix}[*]"));
        }
        _ => out.push(prefix),
    }
}

/// Values and ranges for `--set`, at and beyond what a scenario accepts.
const SET_VALUES: &[&str] = &[
    "0",
    "-1",
    "1",
    "0.5",
    "1e308",
    "-1e308",
    "5e-324",
    "4294967296",
    "18446744073709551616",
    "9223372036854775807",
    "NaN",
    "inf",
    "true",
    "PT",
    "none",
    "08:00",
    "24:00",
    "2024-02-29",
    "exponential",
    "",
    " ",
    "a,b",
    "1,1",
    "😀",
    "100000",
    "100001",
    "10000000",
    "2000",
];
const SET_RANGES: &[&str] = &[
    "0..1000",
    "0..1001",
    "1..10:0",
    "1..10:-1",
    "10..1",
    "0..1e308:1e-308",
    "0..1:1e-300",
    "-5..5",
    "0.1..0.9:0.1",
    "1e15..1e16:1e13",
    "0..18446744073709551616",
    "9223372036854775806..9223372036854775807",
    "..",
    "1..",
    "..1",
    "1..2:",
    "a..b:c",
    "0.3..0.5:0.0000000000001",
];

/// A generated `--set PATH=VALUES`: a path of the tender (sometimes bent) and values
/// (a list or a range), sometimes mutated byte by byte.
fn set_argument(rng: &mut Rng, ctx: &Context) -> String {
    let mut path = rng.pick(&ctx.paths).clone();
    if rng.one_in(4) {
        path = match rng.below(6) {
            0 => path.replace("[0]", "[99999999999999999999]"),
            1 => path.replace("[0]", "[*]"),
            2 => format!("{path}.extra"),
            3 => path.replace('.', ".."),
            4 => format!("{path}[0]"),
            _ => path.chars().rev().collect(),
        };
    }
    let values = if rng.one_in(3) {
        (*rng.pick(SET_RANGES)).to_owned()
    } else {
        (0..1 + rng.below(3))
            .map(|_| *rng.pick(SET_VALUES))
            .collect::<Vec<_>>()
            .join(",")
    };
    let arg = format!("{path}={values}");
    if rng.one_in(4) {
        let b = mutate(rng, arg.as_bytes(), false, &[]);
        String::from_utf8_lossy(&b).into_owned()
    } else {
        arg
    }
}
