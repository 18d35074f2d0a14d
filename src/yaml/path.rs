//! The YAML path finder: which node of a YAML document (`lines.first.shifts[0].agents`)
//! starts at a given line and column, walking the parser's event stream without
//! expanding aliases.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser};

/// A node of the YAML tree found at a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodeAt {
    /// YAML path of the node (for a key: the path of the value it names).
    pub path: String,
    pub line: usize,
    pub col: usize,
    /// For a duplicate key: where the same key first appeared in the mapping.
    pub first_duplicate: Option<(usize, usize)>,
    /// When the node is a mapping key: where its value starts.
    pub value_at: Option<(usize, usize)>,
    /// Path of the innermost collection open at the location (for syntax errors, which
    /// point between nodes rather than at one).
    pub container: String,
}

enum Frame {
    Map {
        path: String,
        key: String,
        want_key: bool,
        seen: HashMap<String, (usize, usize)>,
        is_key: bool,
    },
    Seq {
        path: String,
        index: usize,
        is_key: bool,
    },
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// The YAML path of the node starting at (1-based) `line`:`col`, or of the last node
/// starting before it. Walks the event stream without expanding aliases, so it is linear
/// in the file size.
pub(crate) fn node_at(text: &str, line: usize, col: usize) -> Option<NodeAt> {
    if line == 0 {
        return None;
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut best: Option<NodeAt> = None;
    let mut best_is_key = false;
    // The collection holding the best node, when it was read.
    let mut best_parent = String::new();
    let target = (line, col);
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let pos = (span.start.line(), span.start.col() + 1);
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        if pos > target {
            // The value of a key found at the target is the next node.
            if let Some(b) = best.as_mut()
                && best_is_key
                && is_node
            {
                b.value_at = Some(pos);
            }
            break;
        }
        if is_node {
            if let Some(b) = best.as_mut()
                && best_is_key
                && b.value_at.is_none()
            {
                b.value_at = Some(pos);
            }
            let (path, is_key, dup) = match stack.last_mut() {
                None => (String::new(), false, None),
                Some(Frame::Map {
                    path,
                    key,
                    want_key,
                    seen,
                    ..
                }) if *want_key => {
                    let k = match &event {
                        Event::Scalar(v, ..) => v.to_string(),
                        _ => "?".to_string(),
                    };
                    let dup = seen.get(&k).copied();
                    seen.entry(k.clone()).or_insert(pos);
                    *want_key = false;
                    *key = k;
                    (join(path, key), true, dup)
                }
                Some(Frame::Map {
                    path,
                    key,
                    want_key,
                    ..
                }) => {
                    let p = join(path, key);
                    if matches!(event, Event::Scalar(..) | Event::Alias(..)) {
                        *want_key = true;
                    }
                    (p, false, None)
                }
                Some(Frame::Seq { path, index, .. }) => {
                    let p = format!("{path}[{index}]");
                    *index += 1;
                    (p, false, None)
                }
            };
            best = Some(NodeAt {
                path: path.clone(),
                line: pos.0,
                col: pos.1,
                first_duplicate: dup,
                value_at: None,
                container: String::new(),
            });
            best_is_key = is_key;
            best_parent = match stack.last() {
                Some(Frame::Map { path, .. } | Frame::Seq { path, .. }) => path.clone(),
                None => String::new(),
            };
            match event {
                Event::MappingStart(..) => stack.push(Frame::Map {
                    path,
                    key: String::new(),
                    want_key: true,
                    seen: HashMap::new(),
                    is_key,
                }),
                Event::SequenceStart(..) => stack.push(Frame::Seq {
                    path,
                    index: 0,
                    is_key,
                }),
                _ => {}
            }
        } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            let was_key = match stack.pop() {
                Some(Frame::Map { is_key, .. } | Frame::Seq { is_key, .. }) => is_key,
                None => false,
            };
            if let Some(Frame::Map { want_key, .. }) = stack.last_mut() {
                // After a complex key comes its value; after a value, the next key.
                *want_key = !was_key;
            }
        }
    }
    if let Some(b) = best.as_mut() {
        // The innermost collection still open; if the error closed them all (a key
        // indented too little), the collection the last node belonged to.
        b.container = match stack.last() {
            Some(Frame::Map { path, .. } | Frame::Seq { path, .. }) if !path.is_empty() => {
                path.clone()
            }
            _ => best_parent,
        };
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_nodes() {
        let text = "a: 1\nb:\n  c: [x, {d: 2}]\n  e:\n    - f: 3\n      g: 4\n";
        let at = |l, c| node_at(text, l, c).unwrap().path;
        assert_eq!(at(1, 1), "a");
        assert_eq!(at(1, 4), "a");
        assert_eq!(at(3, 3), "b.c");
        assert_eq!(at(3, 6), "b.c");
        assert_eq!(at(3, 7), "b.c[0]");
        assert_eq!(at(3, 10), "b.c[1]");
        assert_eq!(at(3, 11), "b.c[1].d");
        assert_eq!(at(3, 14), "b.c[1].d");
        assert_eq!(at(5, 7), "b.e[0].f");
        assert_eq!(at(6, 7), "b.e[0].g");
        assert_eq!(at(6, 10), "b.e[0].g");
    }

    #[test]
    fn finds_first_duplicate() {
        let text = "a: 1\nb: 2\na: 3\n";
        let n = node_at(text, 3, 1).unwrap();
        assert_eq!(n.path, "a");
        assert_eq!(n.first_duplicate, Some((1, 1)));
    }
}
