//! Reading CSV and TSV logs line by line (never the whole file at once): LF or CRLF line
//! ends, an optional UTF-8 byte-order mark, blank lines skipped, fields optionally quoted
//! with `"` (a doubled `""` inside is one quote; a quoted field may not span lines).

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::error::Problem;
use super::rows::{Builder, Flow};

/// Longest line accepted, bytes: a file without line ends is not a log, and must not be
/// read into memory whole.
pub const MAX_LINE_BYTES: u64 = 1 << 20;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where a field's text is: in the line, or (unquoted) in the scratch buffer.
#[derive(Debug, Clone, Copy)]
enum Span {
    Line(usize, usize),
    Scratch(usize, usize),
}

/// One line split into fields; buffers are reused from line to line.
#[derive(Default)]
struct Splitter {
    spans: Vec<Span>,
    scratch: String,
}

impl Splitter {
    /// Splits `line` at `sep`. `Err` says what is wrong with the quoting.
    fn split(&mut self, line: &str, sep: u8) -> Result<(), String> {
        self.spans.clear();
        self.scratch.clear();
        let b = line.as_bytes();
        let mut start = 0;
        loop {
            if b.get(start) == Some(&b'"') {
                start = self.quoted(line, start, sep)?;
            } else {
                let end = b
                    .get(start..)
                    .and_then(|rest| rest.iter().position(|c| *c == sep))
                    .map_or(b.len(), |p| start + p);
                self.spans.push(Span::Line(start, end));
                start = end;
            }
            if start >= b.len() {
                return Ok(());
            }
            // `start` is at a separator.
            start += 1;
            if start == b.len() {
                self.spans.push(Span::Line(start, start));
                return Ok(());
            }
        }
    }

    /// Reads the quoted field opening at `open`; returns where it ends (a separator or
    /// the end of the line).
    fn quoted(&mut self, line: &str, open: usize, sep: u8) -> Result<usize, String> {
        let b = line.as_bytes();
        let mut i = open + 1;
        let mut piece = i;
        let mut escaped = false;
        let scratch_start = self.scratch.len();
        loop {
            let Some(q) = b.get(i..).and_then(|r| r.iter().position(|c| *c == b'"')) else {
                return Err(format!(
                    "a quoted field opened at byte {} is not closed (quoted fields may not \
                     span lines)",
                    open + 1
                ));
            };
            let q = i + q;
            if b.get(q + 1) == Some(&b'"') {
                escaped = true;
                self.scratch
                    .push_str(line.get(piece..=q).unwrap_or_default());
                i = q + 2;
                piece = i;
                continue;
            }
            let after = q + 1;
            if after < b.len() && b.get(after) != Some(&sep) {
                return Err(format!(
                    "unexpected text after the closing quote at byte {}",
                    q + 1
                ));
            }
            if escaped {
                self.scratch
                    .push_str(line.get(piece..q).unwrap_or_default());
                self.spans
                    .push(Span::Scratch(scratch_start, self.scratch.len()));
            } else {
                self.spans.push(Span::Line(open + 1, q));
            }
            return Ok(after);
        }
    }

    fn get<'a>(&'a self, line: &'a str, i: usize) -> Option<&'a str> {
        match *self.spans.get(i)? {
            Span::Line(a, b) => line.get(a..b),
            Span::Scratch(a, b) => self.scratch.get(a..b),
        }
    }
}

/// Reads one line (without its end) into `buf`. `Ok(false)` at the end of the file.
fn next_line(r: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let n = r.by_ref().take(MAX_LINE_BYTES + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    let complete = buf.last() == Some(&b'\n');
    if complete {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(Some(complete || (buf.len() as u64) <= MAX_LINE_BYTES))
}

/// Reads a delimited file into `b`.
pub(crate) fn read(path: &Path, sep: u8, b: &mut Builder<'_>) {
    let file = path.display().to_string();
    match File::open(path) {
        Ok(f) => read_from(BufReader::with_capacity(1 << 16, f), &file, sep, b),
        Err(e) => b.problem(Problem::Unreadable {
            file,
            message: e.to_string(),
        }),
    }
}

/// Reads delimited text from `r` into `b`; `file` names it in problems.
pub(crate) fn read_from(mut r: impl BufRead, file: &str, sep: u8, b: &mut Builder<'_>) {
    let file = file.to_owned();
    let unreadable = |b: &mut Builder<'_>, e: std::io::Error| {
        b.problem(Problem::Unreadable {
            file: file.clone(),
            message: e.to_string(),
        });
    };
    let mut buf = Vec::with_capacity(256);
    let mut split = Splitter::default();
    let mut line_no: u64 = 0;
    let too_long = |b: &mut Builder<'_>, line: u64| {
        b.problem(Problem::Line {
            file: file.clone(),
            line,
            message: format!("the line is longer than {MAX_LINE_BYTES} bytes"),
        });
    };

    // The header: the first line that is not blank.
    let header = loop {
        match next_line(&mut r, &mut buf) {
            Err(e) => return unreadable(b, e),
            Ok(None) => {
                return b.problem(Problem::Empty { file: file.clone() });
            }
            Ok(Some(false)) => return too_long(b, line_no + 1),
            Ok(Some(true)) => {}
        }
        line_no += 1;
        let bytes = if line_no == 1 {
            buf.strip_prefix(BOM).unwrap_or(&buf)
        } else {
            &buf
        };
        let text = String::from_utf8_lossy(bytes);
        if text.trim().is_empty() {
            continue;
        }
        if let Err(message) = split.split(&text, sep) {
            return b.problem(Problem::Line {
                file: file.clone(),
                line: line_no,
                message,
            });
        }
        let names: Vec<String> = (0..split.spans.len())
            .map(|i| split.get(&text, i).unwrap_or_default().trim().to_owned())
            .collect();
        break names;
    };
    let Some(mut lay) = b.start_file(&file, header) else {
        return;
    };

    loop {
        match next_line(&mut r, &mut buf) {
            Err(e) => return unreadable(b, e),
            Ok(None) => break,
            Ok(Some(false)) => return too_long(b, line_no + 1),
            Ok(Some(true)) => {}
        }
        line_no += 1;
        let text: Cow<'_, str> = String::from_utf8_lossy(&buf);
        if text.bytes().all(|c| c.is_ascii_whitespace()) {
            continue;
        }
        if let Err(message) = split.split(&text, sep) {
            b.problem(Problem::Line {
                file: file.clone(),
                line: line_no,
                message,
            });
            continue;
        }
        let cells = |i: usize| split.get(&text, i);
        if b.row(&mut lay, line_no, split.spans.len(), &cells) == Flow::Stop {
            return;
        }
    }
    b.end_file(&lay);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str, sep: u8) -> Result<Vec<String>, String> {
        let mut s = Splitter::default();
        s.split(line, sep)?;
        Ok((0..s.spans.len())
            .map(|i| s.get(line, i).unwrap().to_owned())
            .collect())
    }

    #[test]
    fn splits_plain_and_quoted_fields() {
        assert_eq!(fields("a,b,,c", b',').unwrap(), ["a", "b", "", "c"]);
        assert_eq!(fields("a,", b',').unwrap(), ["a", ""]);
        assert_eq!(fields("", b',').unwrap(), [""]);
        assert_eq!(
            fields("\"x, y\",\"say \"\"hi\"\"\",z", b',').unwrap(),
            ["x, y", "say \"hi\"", "z"]
        );
        assert_eq!(fields("a\tb", b'\t').unwrap(), ["a", "b"]);
        assert_eq!(fields("\"\",1", b',').unwrap(), ["", "1"]);
        assert!(fields("\"open,1", b',').is_err());
        assert!(fields("\"a\"b,1", b',').is_err());
    }
}
