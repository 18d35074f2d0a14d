//! JUnit XML for CI: one `testsuite`, one `testcase` per scenario × figure or target,
//! a `failure` with its message for each failed check.

use super::{ScenarioDiff, Status};

/// Escapes text for XML attributes and content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and line breaks are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The JUnit document of a check run.
pub fn xml(diffs: &[ScenarioDiff]) -> String {
    let tests: usize = diffs.iter().map(|d| d.cases.len()).sum();
    let failures: usize = diffs.iter().map(ScenarioDiff::failures).sum();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&format!(
        "<testsuite name=\"ccplan regress\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n"
    ));
    for d in diffs {
        for c in &d.cases {
            s.push_str(&format!(
                "  <testcase classname=\"{}\" name=\"{}\"",
                escape(&c.scenario),
                escape(&c.name)
            ));
            match c.status {
                Status::Pass => s.push_str("/>\n"),
                Status::Fail => s.push_str(&format!(
                    ">\n    <failure message=\"{}\">baseline: {}\nnow: {}\nchange: {}\ntolerance: {}</failure>\n  </testcase>\n",
                    escape(&c.message),
                    escape(&c.baseline),
                    escape(&c.now),
                    escape(&c.change),
                    escape(&c.tolerance),
                )),
            }
        }
    }
    s.push_str("</testsuite>\n");
    s
}
