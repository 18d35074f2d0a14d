//! The parser's settings: limits that keep a hostile file (alias bombs, deep nesting, huge
//! documents) from exhausting memory or time, one document per file, duplicate keys
//! refused, and non-finite floats delivered as text so that validation can say where they
//! are.

/// The budgets a YAML input is parsed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Budget {
    /// A scenario-sized document (up to a mebibyte, thousands of values).
    Large,
    /// A small input of a few kilobytes: claims files, call-log column maps.
    Small,
}

/// The counts a [`Budget`] allows.
struct Limits {
    events: usize,
    nodes: usize,
    aliases: usize,
    depth: usize,
    merge_keys: usize,
    replayed_events: usize,
    replay_depth: usize,
}

impl Budget {
    fn limits(self) -> Limits {
        match self {
            Budget::Large => Limits {
                events: 400_000,
                nodes: 200_000,
                aliases: 1_000,
                depth: 24,
                merge_keys: 100,
                replayed_events: 100_000,
                replay_depth: 16,
            },
            Budget::Small => Limits {
                events: 20_000,
                nodes: 10_000,
                aliases: 100,
                depth: 12,
                merge_keys: 10,
                replayed_events: 10_000,
                replay_depth: 8,
            },
        }
    }
}

/// The parser's options for a file of at most `max_bytes` under `budget` (as many anchors
/// as aliases allowed, flow nesting as deep as block nesting).
pub(crate) fn options(budget: Budget, max_bytes: usize) -> serde_saphyr::Options {
    let l = budget.limits();
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(max_bytes),
            max_events: l.events,
            max_nodes: l.nodes,
            max_aliases: l.aliases,
            max_anchors: l.aliases,
            max_depth: l.depth,
            flow_nesting_limit: l.depth,
            max_documents: 1,
            max_total_scalar_bytes: max_bytes,
            max_merge_keys: l.merge_keys,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: l.replayed_events,
            max_replay_stack_depth: l.replay_depth,
        },
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
    }
}

/// Whether `text` holds no YAML content: only blank lines, comments and document markers.
pub(crate) fn only_comments(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}
