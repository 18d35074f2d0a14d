//! How numbers and words are written on charts: percentages, counts, capitals.

/// A share as a percentage for a tick or label: `0.8` → `"80%"`, `0.025` → `"2.5%"`.
pub fn percent(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 1e-6 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A share as a percentage with one decimal, for values read off a chart: `"71.3%"`.
pub fn percent_1(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A round number of calls, agents or e-mails for a tick: `1234.0` → `"1 234"`.
pub fn count(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            // A thin space groups thousands without implying a decimal mark.
            out.push('\u{2009}');
        }
        out.push(c);
    }
    if n < 0 { format!("−{out}") } else { out }
}

/// `"average working day"` → `"Average working day"`.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
