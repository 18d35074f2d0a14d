//! One worked example per command, shown at the end of its `--help` (and so in the man
//! page). Kept apart from the flag definitions; a test parses every example with the real
//! command line, so an example naming a flag that no longer exists fails the build's tests.

/// `(command, example lines)`: each line is a whole command line, `ccplan` first, written
/// as a shell would receive it (quotes only where a shell needs them).
pub const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "validate",
        &["ccplan validate scenarios/seguranca-social-2017.yaml scenarios/minimal.yaml"],
    ),
    (
        "erlang",
        &[
            "ccplan erlang --arrivals-per-hour 1200 --aht-s 300 --agents 95..115 --sl-s 20",
            "ccplan erlang --arrivals-per-hour 1200 --aht-s 300 --patience-s 180 --target-sl 0.8 --sl-s 60",
        ],
    ),
    (
        "run",
        &["ccplan run scenarios/minimal.yaml --replications 10 --out outputs/minimal"],
    ),
    ("report", &["ccplan report outputs/minimal"]),
    (
        "staff",
        &["ccplan staff scenarios/minimal.yaml --method sipp --out outputs/staff-minimal"],
    ),
    (
        "schedule",
        &[
            "ccplan schedule scenarios/seguranca-social-2017.yaml --out outputs/schedule-tender",
            "ccplan schedule scenarios/seguranca-social-2017.yaml --requirement outputs/staff-seguranca-social-2017",
        ],
    ),
    (
        "sweep",
        &["ccplan sweep scenarios/minimal.yaml --set 'lines.first.shifts[0].agents=76..84:2'"],
    ),
    (
        "compare",
        &[
            "ccplan compare scenarios/seguranca-social-2017.yaml scenarios/self-service-plus-15.yaml",
        ],
    ),
    (
        "check",
        &[
            "ccplan check scenarios/seguranca-social-2017.yaml --claims scenarios/claims/tender-holds.yaml",
        ],
    ),
    (
        "regress",
        &[
            "ccplan regress scenarios/minimal.yaml --baseline ci/baseline.json --update",
            "ccplan regress scenarios/minimal.yaml --baseline ci/baseline.json --junit regress.xml",
        ],
    ),
    (
        "fit",
        &[
            "ccplan fit ../shared/data/anonymous_bank_1999_02_first_half.tsv --log-format anonymous-bank --to 1999-02-07 --name bank",
        ],
    ),
    (
        "backtest",
        &[
            "ccplan backtest outputs/fit-bank/scenario.yaml ../shared/data/anonymous_bank_1999_02_first_half.tsv --log-format anonymous-bank --from 1999-02-08",
        ],
    ),
    (
        "completions",
        &["ccplan completions bash > ~/.local/share/bash-completion/completions/ccplan"],
    ),
    ("man", &["ccplan man | man -l -", "ccplan man --out man/"]),
    ("merge", &["ccplan merge parts/ --out outputs/minimal"]),
];

/// Ends the help of every command named in [`EXAMPLES`] with its examples.
pub fn attach(mut cmd: clap::Command) -> clap::Command {
    for (name, lines) in EXAMPLES {
        let heading = if lines.len() == 1 {
            "Example"
        } else {
            "Examples"
        };
        let text = format!("{heading}:\n  {}", lines.join("\n  "));
        // A command renamed or removed keeps no stale example (and does not panic); the
        // tests require an example for every command that exists.
        if cmd.find_subcommand(name).is_some() {
            cmd = cmd.mut_subcommand(*name, |sub| sub.after_help(text));
        }
    }
    cmd.after_help(
        "The guide is docs/README.md; every command's --help ends with an example.\n\n\
         Example:\n  ccplan run scenarios/seguranca-social-2017.yaml",
    )
}
