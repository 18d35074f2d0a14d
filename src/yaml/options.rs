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

/// The parser's options for a file of at most `max_bytes` under `budget`.
pub(crate) fn options(budget: Budget, max_bytes: usize) -> serde_saphyr::Options {
    match budget {
        Budget::Large => serde_saphyr::options! {
            budget: serde_saphyr::budget! {
                max_reader_input_bytes: Some(max_bytes),
                max_events: 400_000,
                max_nodes: 200_000,
                max_aliases: 1_000,
                max_anchors: 1_000,
                max_depth: 24,
                flow_nesting_limit: 24,
                max_documents: 1,
                max_total_scalar_bytes: max_bytes,
                max_merge_keys: 100,
            },
            alias_limits: serde_saphyr::alias_limits! {
                max_total_replayed_events: 100_000,
                max_replay_stack_depth: 16,
            },
            non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        },
        Budget::Small => serde_saphyr::options! {
            budget: serde_saphyr::budget! {
                max_reader_input_bytes: Some(max_bytes),
                max_events: 20_000,
                max_nodes: 10_000,
                max_aliases: 100,
                max_anchors: 100,
                max_depth: 12,
                flow_nesting_limit: 12,
                max_documents: 1,
                max_total_scalar_bytes: max_bytes,
                max_merge_keys: 10,
            },
            alias_limits: serde_saphyr::alias_limits! {
                max_total_replayed_events: 10_000,
                max_replay_stack_depth: 8,
            },
            non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        },
    }
}

/// Whether `text` holds no YAML content: only blank lines, comments and document markers.
pub(crate) fn only_comments(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}
