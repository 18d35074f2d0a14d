//! Mutations that keep an input close enough to the readers' grammar to get past the
//! first parse error: byte-level edits, line edits that respect YAML's indentation, YAML
//! values and CSV cells swapped for troublesome ones, numbers pushed to their extremes,
//! and lines spliced in from other seeds.

use super::rng::Rng;

/// Scalars that have broken parsers before, or sit at a validation limit.
const YAML_VALUES: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "0.0001",
    "1e-320",
    "5e-324",
    "1e308",
    "1.7976931348623157e308",
    "-1e308",
    "1e400",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "2147483648",
    ".inf",
    "-.inf",
    ".nan",
    "NaN",
    "inf",
    "1_000",
    "0x10",
    "0o7",
    "null",
    "~",
    "''",
    "\"\"",
    "[]",
    "{}",
    "[[]]",
    "true",
    "no",
    "yes",
    "\"08:00\"",
    "\"24:00\"",
    "\"23:59\"",
    "\"00:00\"",
    "\"99:99\"",
    "\"8:00\"",
    "\"08:00:30\"",
    "2024-02-29",
    "2023-02-29",
    "0000-01-01",
    "9999-12-31",
    "2024-13-01",
    "*a",
    "&a 1",
    "!!binary aGk=",
    "!custom 1",
    "'a'",
    "\"\\u0000\"",
    "\"ñ€😀\"",
    "|\n  block",
    "[1, 2, 3]",
    "{a: 1}",
    "[0.5, 0.5]",
    "1000000",
    "10000000",
    "10000001",
    "100000",
    "100001",
    "2000",
    "2001",
    "1440",
    "86400",
    "0.5",
    "1.0000001",
    "0.9999999",
    "1e-9",
    "1000000.0001",
    "10.0001",
    "100.0001",
    "0.000001",
];

/// Cells of call logs that have broken parsers before.
const CSV_CELLS: &[&str] = &[
    "",
    "0",
    "-1",
    "25:00:00",
    "23:59:60",
    "99:99:99",
    "1e308",
    "NaN",
    "inf",
    "-0",
    "86400",
    "172800",
    "999999999999",
    "99999999999999999999999",
    "\"",
    "\"\"",
    "\"a\"\"b\"",
    "2024-02-30",
    "2024-02-29",
    "0000-00-00",
    "990231",
    "991301",
    "000000",
    "phantom",
    "answered",
    "ABANDONED",
    "other",
    "AGENT",
    "NO_SERVER",
    "PHANTOM",
    "😀",
    "ñ",
    "2024-03-04 08:00:00",
    "2024-03-04T25:00:00",
    "1.5E+11",
    "6.02701E+11",
    "00:00:00.0000000001",
    "-00:00:01",
    "1:2:3:4",
    "12:",
    ":",
    "0:00:00",
    "7:02:47",
    "4294967296",
    "18446744073709551616",
    "1e-320",
    "36:00:00",
];

/// Bytes worth writing over another: YAML and CSV syntax, line ends, invalid UTF-8.
const BYTES: &[u8] = b"\0\xff\xc3\x80\n\r\t :,;\"'{}[]-#&*!|>%?@`\\.0159eE+";

/// Applies one to four mutations to `text`. `yaml` chooses YAML-aware or CSV-aware edits;
/// `donors` are other seeds whose lines may be spliced in.
pub fn mutate(rng: &mut Rng, text: &[u8], yaml: bool, donors: &[&[u8]]) -> Vec<u8> {
    let mut out = text.to_vec();
    for _ in 0..1 + rng.below(4) {
        out = match rng.below(10) {
            0 | 1 => bytes(rng, out),
            2 | 3 => lines(rng, out),
            4 => splice(rng, out, donors),
            5 | 6 => numbers(rng, out),
            _ if yaml => yaml_value(rng, out),
            _ => csv_cell(rng, out),
        };
    }
    out
}

/// Overwrites, inserts, deletes or duplicates a few bytes.
fn bytes(rng: &mut Rng, mut b: Vec<u8>) -> Vec<u8> {
    if b.is_empty() {
        b.push(*rng.pick(BYTES));
        return b;
    }
    let at = rng.below(b.len());
    match rng.below(5) {
        0 => b[at] = *rng.pick(BYTES),
        1 => b[at] ^= 1 << rng.below(8),
        2 => b.insert(at, *rng.pick(BYTES)),
        3 => {
            let end = (at + 1 + rng.below(16)).min(b.len());
            b.drain(at..end);
        }
        _ => {
            let end = (at + 1 + rng.below(64)).min(b.len());
            let piece = b[at..end].to_vec();
            b.splice(at..at, piece);
        }
    }
    b
}

fn split_lines(b: &[u8]) -> Vec<Vec<u8>> {
    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect()
}

fn join_lines(lines: &[Vec<u8>]) -> Vec<u8> {
    lines.join(&b'\n')
}

/// Deletes, duplicates, swaps or re-indents a line, or repeats a block of lines.
fn lines(rng: &mut Rng, b: Vec<u8>) -> Vec<u8> {
    let mut ls = split_lines(&b);
    let n = ls.len();
    let i = rng.below(n);
    match rng.below(6) {
        0 if n > 1 => {
            ls.remove(i);
        }
        1 => {
            let l = ls[i].clone();
            ls.insert(i, l);
        }
        2 => {
            let j = rng.below(n);
            ls.swap(i, j);
        }
        3 => {
            let indent = b"  ".to_vec();
            ls[i].splice(0..0, indent);
        }
        4 => {
            let strip = ls[i].iter().take_while(|&&c| c == b' ').count().min(2);
            ls[i].drain(..strip);
        }
        _ => {
            // A block repeated many times: long lists, many keys, deep documents.
            let end = (i + 1 + rng.below(8)).min(n);
            let block = ls[i..end].to_vec();
            for _ in 0..1 + rng.below(64) {
                ls.splice(end..end, block.iter().cloned());
            }
        }
    }
    join_lines(&ls)
}

/// Replaces a line with one taken from another seed.
fn splice(rng: &mut Rng, b: Vec<u8>, donors: &[&[u8]]) -> Vec<u8> {
    if donors.is_empty() {
        return b;
    }
    let donor = split_lines(donors[rng.below(donors.len())]);
    let mut ls = split_lines(&b);
    let i = rng.below(ls.len());
    ls[i] = rng.pick(&donor).clone();
    join_lines(&ls)
}

/// The spans `(start, end)` of the numbers in `b` (digits with a sign, point, exponent).
fn number_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let mut start = i;
            if start > 0 && matches!(b[start - 1], b'-' | b'+') {
                start -= 1;
            }
            while i < b.len() && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b'e' | b'E')) {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

/// Pushes one number to an extreme: a limit, zero, its negation, a neighbour, a power of
/// ten away.
fn numbers(rng: &mut Rng, mut b: Vec<u8>) -> Vec<u8> {
    let spans = number_spans(&b);
    if spans.is_empty() {
        return b;
    }
    let (s, e) = *rng.pick(&spans);
    let old = String::from_utf8_lossy(&b[s..e]).into_owned();
    let x: f64 = old.parse().unwrap_or(1.0);
    let new = match rng.below(6) {
        0 => (*rng.pick(YAML_VALUES)).to_owned(),
        1 => format!("{}", -x),
        2 => format!("{}", x * 10f64.powi(rng.below(40) as i32 - 20)),
        3 => format!("{}", x + 1.0),
        4 if old.contains('.') => format!("{}", (x - 1.0).max(0.0)),
        4 => format!("{}", old.parse::<i64>().unwrap_or(1).saturating_sub(1)),
        _ => (*rng.pick(&[
            "0",
            "0.0",
            "1",
            "-1",
            "1e308",
            "5e-324",
            "4294967296",
            "1e20",
        ]))
        .to_owned(),
    };
    b.splice(s..e, new.into_bytes());
    b
}

/// Replaces the value after a `key:` (or a list item's value) with a troublesome scalar.
fn yaml_value(rng: &mut Rng, b: Vec<u8>) -> Vec<u8> {
    let mut ls = split_lines(&b);
    let candidates: Vec<usize> = (0..ls.len())
        .filter(|&i| {
            ls[i].windows(2).any(|w| w == b": ") || ls[i].trim_ascii_start().starts_with(b"- ")
        })
        .collect();
    if candidates.is_empty() {
        return b;
    }
    let i = *rng.pick(&candidates);
    let line = &ls[i];
    // Positions right after each `: ` or `- ` on the line; the value runs to the next
    // `,`, `}` or the end of the line (flow mappings) or to the end (block style).
    let starts: Vec<usize> = line
        .windows(2)
        .enumerate()
        .filter(|(_, w)| *w == b": " || *w == b"- ")
        .map(|(k, _)| k + 2)
        .collect();
    let start = *rng.pick(&starts);
    let end = line[start..]
        .iter()
        .position(|&c| matches!(c, b',' | b'}' | b'#'))
        .map_or(line.len(), |p| start + p);
    let value = rng.pick(YAML_VALUES).as_bytes().to_vec();
    ls[i].splice(start..end, value);
    join_lines(&ls)
}

/// Replaces one cell of a delimited line with a troublesome one, or moves a cell.
fn csv_cell(rng: &mut Rng, b: Vec<u8>) -> Vec<u8> {
    let mut ls = split_lines(&b);
    let i = rng.below(ls.len());
    let sep = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|s| ls[i].iter().filter(|c| *c == s).count())
        .unwrap_or(b',');
    let mut cells: Vec<Vec<u8>> = ls[i].split(|&c| c == sep).map(<[u8]>::to_vec).collect();
    let k = rng.below(cells.len());
    match rng.below(4) {
        0 => {
            let j = rng.below(cells.len());
            cells.swap(k, j);
        }
        1 => {
            cells.remove(k);
        }
        2 => cells.insert(k, rng.pick(CSV_CELLS).as_bytes().to_vec()),
        _ => cells[k] = rng.pick(CSV_CELLS).as_bytes().to_vec(),
    }
    ls[i] = cells.join(&sep);
    join_lines(&ls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_found_with_their_sign() {
        assert_eq!(number_spans(b"a: -12.5e3, b: 7"), vec![(3, 10), (15, 16)]);
    }
}
