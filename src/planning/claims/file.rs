//! The claims file: a bidder's promises in YAML, read like scenarios are — serde structs
//! mirroring the file (unknown and repeated keys rejected, every value carrying its line
//! and column), then a validation step, against the bid's scenario, into [`Claims`].
//!
//! ```yaml
//! bidder: Example Contact, S.A.
//! line: first
//! capacity: {calls_per_day: 12000}
//! service_level: {within_s: 60, at_least: 0.80, definition: offered}
//! abandonment: {at_most: 0.05}
//! asa: {at_most_s: 30}
//! on_peak_days: [january-renewals]
//! staffing:
//!   posts: 150
//!   permanent_share: {at_least: 0.90}
//!   reinforcement: [{during: january-renewals, extra_agents: 20}]
//! ```

use std::fmt;

use crate::scenario::{LineId, Scenario, ServiceLevelTarget};
use crate::yaml::{Budget, Diagnostic, Input, Source, only_comments};

mod check;
mod raw;

use check::Checker;
use raw::{RawClaims, TOP_KEYS};

/// Largest claims file accepted, bytes.
pub const MAX_CLAIMS_BYTES: usize = 64 * 1024;

/// Which days a call claim is evaluated on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every simulated working day.
    AllDays,
    /// Days on which at least one of the scenario's peaks is in force.
    AnyPeak,
    /// Days on which the named peak (index into `Demand::peaks`) is in force.
    Peak(usize, String),
}

impl Scope {
    /// `all_days`, `any_peak`, `peak:<name>`.
    pub fn key(&self) -> String {
        match self {
            Scope::AllDays => "all_days".into(),
            Scope::AnyPeak => "any_peak".into(),
            Scope::Peak(_, name) => format!("peak:{name}"),
        }
    }

    /// For people: `all days`, `days of any peak`, `days of peak january-renewals`.
    pub fn describe(&self) -> String {
        match self {
            Scope::AllDays => "all days".into(),
            Scope::AnyPeak => "days of any peak".into(),
            Scope::Peak(_, name) => format!("days of peak `{name}`"),
        }
    }

    /// Whether the day `date` belongs to the scope.
    pub fn contains(&self, sc: &Scenario, date: jiff::civil::Date) -> bool {
        match self {
            Scope::AllDays => true,
            Scope::AnyPeak => sc.demand.peaks.iter().any(|p| p.applies(date)),
            Scope::Peak(i, _) => sc.demand.peaks[*i].applies(date),
        }
    }
}

/// A reinforcement the bidder promises during a named peak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReinforcementClaim {
    /// Index into `Demand::peaks`.
    pub peak: usize,
    pub name: String,
    /// At least this many extra agents (1 when the claim does not say).
    pub extra_agents: u32,
}

/// What the bidder promises about staffing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaffingClaims {
    pub posts: Option<u32>,
    pub permanent_share_at_least: Option<f64>,
    pub reinforcement: Vec<ReinforcementClaim>,
}

/// A checked claims file.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    /// The file as the user named it.
    pub file: String,
    pub bidder: Option<String>,
    /// The line the call and staffing claims are about.
    pub line: LineId,
    /// Calls per day the bid claims to carry while meeting its call claims.
    pub capacity_calls_per_day: Option<f64>,
    pub service_level: Option<ServiceLevelTarget>,
    pub abandonment_at_most: Option<f64>,
    pub asa_at_most_s: Option<f64>,
    /// Scopes every call claim is evaluated on: `AllDays` first, then the peak scopes.
    pub scopes: Vec<Scope>,
    pub staffing: Option<StaffingClaims>,
}

/// Every problem found in a claims file, rendered like scenario diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsErrors {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ClaimsErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        let n = self.diagnostics.len();
        let file = self.diagnostics.first().map_or("", |d| d.file.as_str());
        write!(
            f,
            "error: {file}: {n} problem{}, claims not checked",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for ClaimsErrors {}

/// The claims file as a YAML input: its name in messages and its size cap.
const CLAIMS_INPUT: Input = Input {
    kind: "claims",
    files: "claims files",
    max_bytes: MAX_CLAIMS_BYTES,
    too_large_help: "a claims file is a few kilobytes of YAML: is this the right file?",
    budget: Budget::Small,
};

/// Reads and validates a claims file against the bid's scenario `sc`.
pub fn load(path: &std::path::Path, sc: &Scenario) -> Result<Claims, ClaimsErrors> {
    let file = path.display().to_string();
    let text = CLAIMS_INPUT.read(path, &file).map_err(|d| ClaimsErrors {
        diagnostics: vec![*d],
    })?;
    parse_str(&text, &file, sc)
}

/// Parses and validates claims held in memory; `file` names them in diagnostics.
pub fn parse_str(text: &str, file: &str, sc: &Scenario) -> Result<Claims, ClaimsErrors> {
    let src = Source::new(file, text);
    let fail = |d: Diagnostic| ClaimsErrors {
        diagnostics: vec![d],
    };
    if text.len() > MAX_CLAIMS_BYTES {
        return Err(fail(CLAIMS_INPUT.too_large(file, text.len() as u64)));
    }
    if only_comments(text) {
        return Err(fail(
            Diagnostic::whole_file(file, "the file is empty: it states no claim")
                .allowed(format!("a mapping with the keys {}", TOP_KEYS.join(", "))),
        ));
    }
    let raw: RawClaims = CLAIMS_INPUT.parse(&src).map_err(|d| fail(*d))?;
    let mut c = Checker {
        src: &src,
        sc,
        errors: Vec::new(),
    };
    let claims = c.claims(&raw);
    if c.errors.is_empty() {
        Ok(claims)
    } else {
        Err(ClaimsErrors {
            diagnostics: c.errors,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service_level::SlDefinition;

    fn tender() -> Scenario {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/seguranca-social-2017.yaml"
        ))
        .unwrap();
        crate::scenario::parse_str(&text, "tender.yaml").unwrap()
    }

    #[test]
    fn reads_every_key() {
        let sc = tender();
        let text = "bidder: X\nline: first\ncapacity: {calls_per_day: 12000}\n\
            service_level: {within_s: 60, at_least: 0.8}\nabandonment: {at_most: 0.05}\n\
            asa: {at_most_s: 30}\non_peak_days: [january-renewals]\n\
            staffing:\n  posts: 150\n  permanent_share: {at_least: 0.9}\n  \
            reinforcement: [{during: january-renewals, extra_agents: 20}]\n";
        let c = parse_str(text, "c.yaml", &sc).unwrap();
        assert_eq!(c.capacity_calls_per_day, Some(12000.0));
        assert_eq!(c.service_level.unwrap().definition, SlDefinition::Offered);
        assert_eq!(
            c.scopes,
            vec![Scope::AllDays, Scope::Peak(0, "january-renewals".into())]
        );
        let s = c.staffing.unwrap();
        assert_eq!(s.posts, Some(150));
        assert_eq!(s.reinforcement[0].extra_agents, 20);
    }

    #[test]
    fn unknown_key_has_path_and_position() {
        let sc = tender();
        let text = "service_level:\n  within_s: 60\n  at_lest: 0.8\n";
        let e = parse_str(text, "c.yaml", &sc).unwrap_err();
        let d = &e.diagnostics[0];
        assert_eq!((d.line, d.column), (3, 3), "{e}");
        assert_eq!(d.path, "service_level.at_lest", "{e}");
        let shown = e.to_string();
        assert!(shown.contains("c.yaml:3:3"), "{shown}");
        assert!(shown.contains("did you mean `at_least`"), "{shown}");
    }

    #[test]
    fn bad_values_are_all_reported() {
        let sc = tender();
        let text = "service_level: {within_s: 60, at_least: 1.5, definition: offred}\n\
            on_peak_days: [janury-renewals]\nstaffing: {posts: 150.5}\n";
        let e = parse_str(text, "c.yaml", &sc).unwrap_err();
        let paths: Vec<&str> = e.diagnostics.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "service_level.at_least",
                "service_level.definition",
                "on_peak_days[0]",
                "staffing.posts"
            ],
            "{e}"
        );
        assert_eq!(e.diagnostics[0].value.as_deref(), Some("1.5"));
        assert_eq!((e.diagnostics[0].line, e.diagnostics[0].column), (1, 41));
        assert!(
            e.to_string().contains("did you mean `january-renewals`"),
            "{e}"
        );
    }

    #[test]
    fn peak_days_of_the_wrong_kind_name_what_is_expected() {
        let sc = tender();
        let text = "abandonment: {at_most: 0.05}\non_peak_days: {any: 1}\n";
        let e = parse_str(text, "c.yaml", &sc).unwrap_err();
        assert_eq!(e.diagnostics[0].path, "on_peak_days", "{e}");
        assert!(
            e.diagnostics[0]
                .message
                .starts_with("expected `any` or a list of peak names, found"),
            "{e}"
        );
    }

    #[test]
    fn a_peak_outside_the_horizon_is_refused() {
        let mut sc = tender();
        sc.calendar.working_days.truncate(3);
        let text = "abandonment: {at_most: 0.05}\non_peak_days: [payment-days]\n";
        let e = parse_str(text, "c.yaml", &sc).unwrap_err();
        assert_eq!(e.diagnostics.len(), 1, "{e}");
        assert_eq!(e.diagnostics[0].path, "on_peak_days[0]");
        assert!(e.to_string().contains("2018-01-02 to 2018-01-04"), "{e}");
        // Over the whole horizon the payment days (22 January) are simulated.
        assert!(parse_str(text, "c.yaml", &tender()).is_ok());
    }
}
