//! The fenced blocks of a markdown page that the documentation tests act on, and the
//! matching of a command's expected output (with `...` and `[..]` wildcards).

/// One fenced block, with the 0-based line numbers of its body in the page.
#[derive(Debug, Clone)]
pub struct Block {
    /// The info string after the opening fence (`console`, `sh`, `yaml file=claims.yaml`).
    pub info: String,
    /// First line of the body (0-based).
    pub body_start: usize,
    pub body: Vec<String>,
}

impl Block {
    /// The file a `<lang> file=NAME` block asks to be written before the commands after it.
    pub fn file_name(&self) -> Option<&str> {
        self.info
            .split_whitespace()
            .find_map(|word| word.strip_prefix("file="))
    }

    pub fn language(&self) -> &str {
        self.info.split_whitespace().next().unwrap_or("")
    }
}

/// Every fenced block of `text` whose fence starts its line (```), in order.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(info) = lines[i].strip_prefix("```") {
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !lines[end].starts_with("```") {
                end += 1;
            }
            out.push(Block {
                info: info.trim().to_string(),
                body_start: start,
                body: lines[start..end.min(lines.len())]
                    .iter()
                    .map(|l| l.to_string())
                    .collect(),
            });
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// One command of a `console` block: the words after `$ `, and the output shown under it.
#[derive(Debug, Clone)]
pub struct Example {
    /// 0-based line of the `$ ` line within the page.
    pub line: usize,
    pub command: String,
    pub expected: Vec<String>,
}

/// Splits a `console` block into its commands and their expected output.
pub fn examples(block: &Block) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    for (k, line) in block.body.iter().enumerate() {
        if let Some(command) = line.strip_prefix("$ ") {
            out.push(Example {
                line: block.body_start + k,
                command: command.trim().to_string(),
                expected: Vec::new(),
            });
        } else if let Some(last) = out.last_mut() {
            last.expected.push(line.clone());
        } else {
            panic!(
                "line {}: a console block must start with a `$ ` command",
                block.body_start + k + 1
            );
        }
    }
    out
}

/// Splits a command line into words as a POSIX shell would for the simple cases the
/// guide uses: blanks separate words, single and double quotes group. Stops at the first
/// unquoted `|`, `>`, `<` or `#` (pipes, redirections and comments are not ccplan's).
pub fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for ch in line.chars() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => word.push(ch),
            None => match ch {
                '\'' | '"' => {
                    quote = Some(ch);
                    in_word = true;
                }
                '|' | '>' | '<' | '#' if !in_word => break,
                c if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                c => {
                    word.push(c);
                    in_word = true;
                }
            },
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Whether `actual` matches `expected`: line by line, where an expected line `...` stands
/// for any number of lines and `[..]` inside a line for any text.
pub fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => match actual.split_first() {
            Some((line, more)) => line_matches(first, line) && matches(rest, more),
            None => false,
        },
    }
}

fn line_matches(expected: &str, actual: &str) -> bool {
    let mut parts = expected.split("[..]");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (k, part) in parts.iter().enumerate() {
        if k + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[test]
fn wildcards_match_what_they_should_and_nothing_else() {
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&v(&["a", "...", "d"]), &v(&["a", "b", "c", "d"])));
    assert!(matches(&v(&["a", "..."]), &v(&["a"])));
    assert!(!matches(&v(&["a", "...", "d"]), &v(&["a", "b", "c"])));
    assert!(matches(&v(&["took [..] s"]), &v(&["took 1.5 s"])));
    assert!(!matches(&v(&["took [..] s"]), &v(&["took 1.5 min"])));
    assert!(!matches(&v(&["a"]), &v(&["a", "b"])));
    assert_eq!(
        words("ccplan sweep x.yaml --set 'a[0].b=1..3:1' > out.txt"),
        v(&["ccplan", "sweep", "x.yaml", "--set", "a[0].b=1..3:1"])
    );
}
