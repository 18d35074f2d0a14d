//! Reading a YAML input file whole, with a cap on its size: refused before reading when
//! it is larger, and guarded against a file that grows while it is read; then parsing it
//! under the parser's safety budgets, with any error explained in ccplan's words. Shared
//! by every YAML file ccplan reads (scenarios, claims, call-log column maps), so each is
//! refused for the same reasons in the same words.

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, Source};
use super::error::parse_error;
use super::options::{Budget, options};

/// A kind of YAML input: what its files are called in messages, its size cap and the
/// parser's budgets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Input {
    /// `scenario`, `claims`: as in "scenario files are limited to …", "a scenario file
    /// holds exactly one".
    pub kind: &'static str,
    /// What its files are called in a sentence's subject: `scenarios`, `claims files`.
    pub files: &'static str,
    /// The largest file accepted, bytes.
    pub max_bytes: usize,
    /// The hint shown with a file over the cap.
    pub too_large_help: &'static str,
    /// The parser's budgets (events, nodes, aliases, depth), sized for such files.
    pub budget: Budget,
}

impl Input {
    /// Parses `src` as a `T` under this input's cap and budgets, or explains the one error
    /// that stopped the parser (boxed: a diagnostic is large beside most `T`).
    pub(crate) fn parse<T: DeserializeOwned>(self, src: &Source<'_>) -> Result<T, Box<Diagnostic>> {
        if src.text.len() > self.max_bytes {
            return Err(Box::new(self.too_large(src.file, src.text.len() as u64)));
        }
        serde_saphyr::from_str_with_options::<T>(src.text, options(self.budget, self.max_bytes))
            .map_err(|e| Box::new(parse_error(self, src, &e)))
    }

    /// The file's text, unless it is unreadable, larger than the cap or not UTF-8; `file`
    /// names it in the diagnostic (boxed: a diagnostic is large beside a file's text).
    pub(crate) fn read(self, path: &Path, file: &str) -> Result<String, Box<Diagnostic>> {
        let whole = |m: String| Box::new(Diagnostic::whole_file(file, m));
        let cannot = |e: std::io::Error| whole(format!("cannot read the file: {e}"));
        let handle = std::fs::File::open(path).map_err(cannot)?;
        let size = handle.metadata().map_err(cannot)?.len();
        if size > self.max_bytes as u64 {
            return Err(Box::new(self.too_large(file, size)));
        }
        let mut bytes = Vec::new();
        // `take` guards against a file that grows between the size check and the read.
        handle
            .take(self.max_bytes as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        if bytes.len() > self.max_bytes {
            return Err(Box::new(self.too_large(file, bytes.len() as u64)));
        }
        String::from_utf8(bytes).map_err(|e| {
            whole(format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })
    }

    /// The diagnostic for a file (or text) of `size` bytes over the cap.
    pub(crate) fn too_large(self, file: &str, size: u64) -> Diagnostic {
        Diagnostic::whole_file(
            file,
            format!(
                "the file is {size} bytes; {} files are limited to {} bytes ({})",
                self.kind,
                self.max_bytes,
                human_bytes(self.max_bytes)
            ),
        )
        .help(self.too_large_help)
    }
}

/// `1048576` → `1 MiB`, `65536` → `64 KiB`.
fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Input = Input {
        kind: "test",
        files: "tests",
        max_bytes: 16,
        too_large_help: "",
        budget: Budget::Small,
    };

    #[test]
    fn a_file_over_the_cap_is_refused_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("at.yaml");
        std::fs::write(&at, "a: 123456789012\n").unwrap();
        assert_eq!(SMALL.read(&at, "at.yaml").unwrap().len(), 16);
        let over = dir.path().join("over.yaml");
        std::fs::write(&over, "a: 1234567890123\n").unwrap();
        let d = SMALL.read(&over, "over.yaml").unwrap_err();
        assert!(
            d.message
                .contains("17 bytes; test files are limited to 16 bytes"),
            "{}",
            d.message
        );
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_bytes(1024 * 1024), "1 MiB");
        assert_eq!(human_bytes(64 * 1024), "64 KiB");
        assert_eq!(human_bytes(1000), "1000 bytes");
    }
}
