//! Atomic file output, the leaf every writer of files uses: the content is written into a
//! temporary file in the target folder, synced, and persisted under its name in one
//! rename, so a reader (or a crash) never sees a half-written file. Tables, charts,
//! reports and call logs all write through here; this module imports nothing of ccplan.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

/// Writes `bytes` to `path` atomically (same-folder temporary file, then rename).
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |f| {
        f.write_all(bytes)?;
        Ok(())
    })
}

/// Writes `value` to `path` atomically as pretty-printed JSON with a final newline.
pub fn write_json<T: serde::Serialize + ?Sized>(path: &Path, value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)
        .with_context(|| format!("encoding {}", path.display()))?;
    text.push('\n');
    write(path, text.as_bytes())
}

/// Writes `path` atomically with `fill`, which writes the whole content into a buffered
/// same-folder temporary file; the file is synced and persisted under `path` only when
/// `fill` succeeds, and removed otherwise (the temporary file deletes itself when dropped).
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<fs::File>) -> Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .with_context(|| format!("{} has no file name", path.display()))?;
    // A dot-name keeps the temporary file out of listings and globs while it is written.
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // tempfile creates owner-only files; an output is as readable as any file the user
    // creates (0666 less the umask), as it was with `File::create`.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file for {}", path.display()))?;
    let (file, tmp_path) = tmp.into_parts();
    let mut w = BufWriter::new(file);
    fill(&mut w).with_context(|| format!("writing {}", tmp_path.display()))?;
    let file = w
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("writing {}", tmp_path.display()))?;
    file.sync_all()
        .with_context(|| format!("syncing {}", tmp_path.display()))?;
    NamedTempFile::from_parts(file, tmp_path)
        .persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("renaming a temporary file to {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        write(&path, b"x,y\n1,2\n").unwrap();
        write(&path, b"x,y\n3,4\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x,y\n3,4\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.csv")]);
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        write(&path, b"old\n").unwrap();
        let err = write_with(&path, |f| {
            f.write_all(b"half")?;
            anyhow::bail!("encoder failed")
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn an_output_is_as_readable_as_a_file_the_user_creates() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        fs::File::create(&plain).unwrap();
        let path = dir.path().join("a.csv");
        write(&path, b"x\n").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain));
    }
}
