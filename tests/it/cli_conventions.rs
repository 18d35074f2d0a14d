//! Shell completions and man pages are generated from the clap definition: every shell
//! gets a script that knows every command, and `man --out` writes one page per command.

use assert_cmd::Command;

fn ccplan(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("ccplan")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn commands() -> Vec<String> {
    ccplan::cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect()
}

#[test]
fn every_shell_completes_every_command_and_flag() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, script) = ccplan(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        for name in commands() {
            assert!(script.contains(&name), "{shell}: no `{name}` in the script");
        }
        for flag in ["replications", "log-format", "capacity-step", "lagged-sipp"] {
            assert!(script.contains(flag), "{shell}: no `{flag}` in the script");
        }
    }
    let (code, _) = ccplan(&["completions", "powershell"]);
    assert_eq!(code, 2, "an unknown shell is a usage error");
}

#[test]
fn man_writes_one_page_per_command_with_its_example() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("man");
    let (code, _) = ccplan(&["man", "--out", dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    let mut names = vec!["ccplan.1".to_string()];
    names.extend(commands().iter().map(|c| format!("ccplan-{c}.1")));
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    names.sort();
    assert_eq!(written, names);
    let run = std::fs::read_to_string(dir.join("ccplan-run.1")).unwrap();
    assert!(
        run.starts_with(".ie") && run.contains(".TH ccplan-run 1"),
        "{run}"
    );
    assert!(run.contains("\\-\\-replications") && run.contains("Example:"));
    let (code, page) = ccplan(&["man"]);
    assert_eq!(code, 0);
    assert_eq!(page, std::fs::read_to_string(dir.join("ccplan.1")).unwrap());
}
