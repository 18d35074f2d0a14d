//! Random damage to the example scenarios never makes loading panic: whatever the text,
//! `parse_str` returns a scenario or diagnostics, and both render. A panic fails the test.

use ccplan::scenario;
use proptest::prelude::*;

const TENDER: &str = include_str!("../../scenarios/seguranca-social-2017.yaml");
const MINIMAL: &str = include_str!("../../scenarios/minimal.yaml");

/// Values that probe the edges of types and ranges.
const EXTREMES: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "0.5",
    "1e308",
    "-1e308",
    "1e-320",
    "1e999",
    ".nan",
    ".inf",
    "-.inf",
    "99999999999999999999999",
    "4294967296",
    "18446744073709551616",
    "-9223372036854775809",
    "2000",
    "2001",
    "1440",
    "24:00",
    "\"25:00\"",
    "2018-02-29",
    "2024-02-29",
    "~",
    "null",
    "''",
    "[]",
    "{}",
    "[1, 2]",
    "&a 1",
    "*a",
    "!!str 5",
    "\"x\"",
    "yes",
    "PT",
    "none",
    "flat",
    "0x10",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ChangeChar(usize, char),
    InsertChar(usize, char),
    DeleteChar(usize),
    /// Replace the n-th number of the text with an extreme value.
    ReplaceNumber(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let yaml_char = prop_oneof![
        Just(':'),
        Just('-'),
        Just(' '),
        Just('['),
        Just(']'),
        Just('{'),
        Just('}'),
        Just(','),
        Just('#'),
        Just('&'),
        Just('*'),
        Just('!'),
        Just('|'),
        Just('>'),
        Just('"'),
        Just('\''),
        Just('\n'),
        Just('\t'),
        Just('0'),
        Just('9'),
        Just('.'),
        Just('é'),
        Just('\u{FEFF}'),
        any::<char>(),
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), yaml_char.clone()).prop_map(|(p, c)| Mutation::ChangeChar(p, c)),
        (any::<usize>(), yaml_char).prop_map(|(p, c)| Mutation::InsertChar(p, c)),
        any::<usize>().prop_map(Mutation::DeleteChar),
        (any::<usize>(), 0..EXTREMES.len()).prop_map(|(n, v)| Mutation::ReplaceNumber(n, v)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let mut chars: Vec<char> = text.chars().collect();
    let nl = lines.len().max(1);
    let nc = chars.len().max(1);
    match *m {
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % nl);
            }
            lines.join("\n")
        }
        Mutation::DuplicateLine(i) => {
            if !lines.is_empty() {
                let l = lines[i % nl];
                lines.insert(i % nl, l);
            }
            lines.join("\n")
        }
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                lines.swap(a % nl, b % nl);
            }
            lines.join("\n")
        }
        Mutation::ChangeChar(p, c) => {
            if !chars.is_empty() {
                chars[p % nc] = c;
            }
            chars.into_iter().collect()
        }
        Mutation::InsertChar(p, c) => {
            chars.insert(p % (chars.len() + 1), c);
            chars.into_iter().collect()
        }
        Mutation::DeleteChar(p) => {
            if !chars.is_empty() {
                chars.remove(p % nc);
            }
            chars.into_iter().collect()
        }
        Mutation::ReplaceNumber(n, v) => {
            let spans = number_spans(text);
            if spans.is_empty() {
                return text.to_string();
            }
            let (a, b) = spans[n % spans.len()];
            format!("{}{}{}", &text[..a], EXTREMES[v], &text[b..])
        }
        Mutation::Truncate(p) => chars.into_iter().take(p % nc).collect(),
    }
}

/// Byte ranges of the numbers in `text`: runs of ASCII digits and decimal points.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

/// Loads `text`; on success also renders the summary, which reads the derived plan.
fn exercise(text: &str) {
    match scenario::parse_str(text, "fuzz.yaml") {
        Ok(s) => {
            let summary = scenario::summary::render(&s, "fuzz.yaml");
            assert!(summary.contains(&s.name));
        }
        Err(e) => {
            assert!(!e.is_empty());
            let rendered = e.to_string();
            assert!(rendered.contains("fuzz.yaml"), "{rendered}");
            for d in e.iter() {
                assert!(!d.message.is_empty());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_never_panic(
        tender in any::<bool>(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let mut text = if tender { TENDER } else { MINIMAL }.to_string();
        for m in &mutations {
            text = apply(&text, m);
        }
        exercise(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        exercise(&text);
    }
}

/// Every number of the minimal example replaced, one at a time, by every extreme value;
/// every number of the tender example by one extreme value each (the extremes taken in
/// turn), which keeps the test to a few seconds in a debug build.
#[test]
fn every_number_at_an_extreme() {
    let spans = number_spans(MINIMAL).len();
    for n in 0..spans {
        for v in 0..EXTREMES.len() {
            exercise(&apply(MINIMAL, &Mutation::ReplaceNumber(n, v)));
        }
    }
    let spans = number_spans(TENDER).len();
    for n in 0..spans {
        exercise(&apply(
            TENDER,
            &Mutation::ReplaceNumber(n, n % EXTREMES.len()),
        ));
    }
}
