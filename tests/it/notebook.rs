//! The notebook runs: builds a pinned Python environment (once, under `target/`), makes
//! two small runs and executes `notebooks/explore_run.ipynb` headless with nbclient.
//! Needs `python3` (3.11 on CI) and the package index; set `CCPLAN_PYTHON` to use another
//! interpreter.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The virtual environment's interpreter, created or refreshed when the requirements
/// change.
fn venv_python() -> PathBuf {
    let requirements = repo().join("notebooks/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).unwrap();
    let venv = repo().join("target/notebook-venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.installed");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) && python.exists() {
        return python;
    }
    let base = std::env::var("CCPLAN_PYTHON").unwrap_or_else(|_| "python3".into());
    let _ = std::fs::remove_dir_all(&venv);
    run(
        Command::new(&base).args(["-m", "venv"]).arg(&venv),
        "creating the notebook venv",
    );
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
        "installing notebooks/requirements.txt",
    );
    std::fs::write(&stamp, wanted).unwrap();
    python
}

fn ccplan_run(scenario: &str, out: &Path) {
    run(
        Command::new(env!("CARGO_BIN_EXE_ccplan"))
            .arg("run")
            .arg(repo().join("scenarios").join(scenario))
            .args(["--replications", "2", "--quiet", "--out"])
            .arg(out),
        scenario,
    );
}

#[test]
fn the_notebook_executes_against_two_runs() {
    let python = venv_python();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    ccplan_run("seguranca-social-2017.yaml", &a);
    ccplan_run("self-service-plus-15.yaml", &b);
    let script = r#"
import sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                        resources={"metadata": {"path": sys.argv[2]}}).execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
          if o.get("output_type") == "error"]
assert not errors, errors
print("executed", sum(c.cell_type == "code" for c in nb.cells), "code cells")
"#;
    run(
        Command::new(&python)
            .arg("-c")
            .arg(script)
            .arg(repo().join("notebooks/explore_run.ipynb"))
            .arg(repo().join("notebooks"))
            .env("CCPLAN_RUN", &a)
            .env("CCPLAN_RUN_B", &b)
            .env("MPLBACKEND", "Agg"),
        "executing notebooks/explore_run.ipynb",
    );
}
