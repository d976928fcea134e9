//! Structure-aware mutations of real samples: a sample (a recorded reply, a fixture, a settings
//! file) with one to four [`Edit`]s applied (mostly one). The edits know just enough of the formats the
//! parsers read (XML, JSON, TOML) to hit their structure, without parsing them:
//!
//! - spans of characters: delete, duplicate, replace, insert, truncate;
//! - lines: delete, duplicate, swap two;
//! - literals (a quoted string, a number, `true`/`false`/`null`, the text of an XML element):
//!   replace with a filler, usually of another type (`"5"` → `[]`, `true` → `"yes"`); or only
//!   a *value* (not a key before `:`) with a well-formed JSON value, so that the document
//!   still parses and the decoder behind the parser is reached;
//! - groups (an XML element from its start tag to its end tag, a `{…}` or `[…]` group):
//!   delete, duplicate, replace.
//!
//! Fillers ([`filler`]) mix the caller's dictionary (real names and values of the format),
//! values of every JSON / TOML type, edge numbers, markup fragments, control characters and
//! unicode.

use std::fmt;
use std::sync::Arc;

use proptest::prelude::*;
use proptest::sample::Index;

/// One edit of a text. Positions are [`Index`]es, scaled to the text they are applied to, so
/// that edits shrink well and stay valid after earlier edits.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Delete `len` characters at `at`.
    DeleteSpan {
        /// Where.
        at: Index,
        /// How many characters.
        len: usize,
    },
    /// Repeat the `len` characters at `at`.
    DuplicateSpan {
        /// Where.
        at: Index,
        /// How many characters.
        len: usize,
    },
    /// Replace `len` characters at `at` with `with`.
    ReplaceSpan {
        /// Where.
        at: Index,
        /// How many characters.
        len: usize,
        /// The replacement.
        with: String,
    },
    /// Insert `with` at `at`.
    Insert {
        /// Where.
        at: Index,
        /// What.
        with: String,
    },
    /// Cut the text at `at`.
    Truncate {
        /// Where.
        at: Index,
    },
    /// Delete one line.
    DeleteLine {
        /// Which.
        which: Index,
    },
    /// Repeat one line.
    DuplicateLine {
        /// Which.
        which: Index,
    },
    /// Swap two lines.
    SwapLines {
        /// One.
        a: Index,
        /// The other.
        b: Index,
    },
    /// Replace one value literal (a literal not followed by `:`) with `with`.
    SwapValue {
        /// Which value.
        which: Index,
        /// The replacement.
        with: String,
    },
    /// Replace one literal with `with`.
    SwapLiteral {
        /// Which literal.
        which: Index,
        /// The replacement.
        with: String,
    },
    /// Delete one XML element or bracketed group.
    DeleteGroup {
        /// Which group.
        which: Index,
    },
    /// Repeat one XML element or bracketed group.
    DuplicateGroup {
        /// Which group.
        which: Index,
    },
    /// Replace one XML element or bracketed group with `with`.
    ReplaceGroup {
        /// Which group.
        which: Index,
        /// The replacement.
        with: String,
    },
}

/// A sample after its edits: which sample, the edits, and the text.
#[derive(Clone)]
pub struct Mutant {
    /// The sample's position in the list given to [`mutants`].
    pub sample: usize,
    /// The sample's name.
    pub name: String,
    /// The edits applied, in order.
    pub edits: Vec<Edit>,
    /// The mutated text.
    pub text: String,
}

impl fmt::Debug for Mutant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mutant")
            .field("sample", &self.name)
            .field("edits", &self.edits)
            .field("text", &self.text)
            .finish()
    }
}

/// Values of every JSON / TOML type, edge numbers, markup, controls and unicode: what a
/// literal is swapped for, beside the dictionary.
pub const WRONG_TYPES: &[&str] = &[
    "\"\"",
    "\"x\"",
    "\" \"",
    "0",
    "-1",
    "1.5",
    "-0",
    "1e999",
    "-1e999",
    "1e-999",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "99999999999999999999999999999999999",
    "0.1234567890123456789012345678901234567890",
    "NaN",
    "inf",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "[null]",
    "[1, \"a\", {}]",
    "{\"a\": 1}",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\uDFFF\\uD800\"",
    "\"2026-02-30T25:61:00Z\"",
    "\"2026-11-16T14:05:00Z\"",
    "1979-05-27T07:32:00Z",
    "'''",
    "\"\"\"",
    "<x/>",
    "</Body>",
    "<![CDATA[]]>",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&nope;",
];

/// Well-formed JSON values of every type, edge numbers and odd texts included: what a value is
/// swapped for when the document should still parse.
pub const JSON_VALUES: &[&str] = &[
    "\"\"",
    "\"x\"",
    "\" \"",
    "0",
    "-1",
    "1.5",
    "-0",
    "1e300",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "99999999999999999999999999999999999",
    "0.1234567890123456789012345678901234567890",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "[null]",
    "[1, \"a\", {}]",
    "{\"a\": 1}",
    "\"\\u0000\"",
    "\"12\"",
    "\"-5\"",
    "\"1.5e3\"",
    "\"true\"",
    "\"2026-02-30T25:61:00Z\"",
    "\"2026-11-16T14:05:00Z\"",
    "\"2026-11-16\"",
    "\"0001-01-01T00:00:00\"",
    "\"9999-12-31T23:59:59.9999999+14:00\"",
];

/// `text` as a JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What a value is swapped for: a JSON value of any type, a dictionary word, nasty text as a
/// JSON string.
pub fn value_filler(dictionary: Arc<[String]>) -> BoxedStrategy<String> {
    let typed = prop::sample::select(JSON_VALUES).prop_map(str::to_owned);
    let nasty = nasty_text().prop_map(|t| json_string(&t));
    if dictionary.is_empty() {
        return prop_oneof![3 => typed, 1 => nasty].boxed();
    }
    let words = any::<Index>().prop_map(move |i| i.get(&dictionary).clone());
    prop_oneof![4 => typed, 2 => words, 1 => nasty].boxed()
}

/// Short nasty texts: control characters, quotes, brackets, unicode.
pub fn nasty_text() -> impl Strategy<Value = String> {
    let chars = prop::collection::vec(
        prop_oneof![
            3 => any::<char>(),
            2 => prop::sample::select(vec![
                '\0', '\u{1}', '\u{8}', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}',
                '\u{200b}', '\u{feff}', '\u{fffe}', '\u{ffff}', '\u{10ffff}', '\'', '"', '\\', '[',
                ']', '{', '}', '(', ')', '<', '>', '&', '@', '/', '=', ',', ':', ';', '#', ' ',
                'é', 'ß', '中', '😀',
            ]),
            1 => Just('a'),
        ],
        0..12,
    );
    chars.prop_map(|chars| chars.into_iter().collect())
}

/// What an edit inserts: the dictionary (often), a value of another type, or nasty text.
pub fn filler(dictionary: Arc<[String]>) -> BoxedStrategy<String> {
    let typed = prop::sample::select(WRONG_TYPES).prop_map(str::to_owned);
    if dictionary.is_empty() {
        return prop_oneof![3 => typed, 2 => nasty_text()].boxed();
    }
    let words = any::<Index>().prop_map(move |i| i.get(&dictionary).clone());
    prop_oneof![3 => words, 3 => typed, 2 => nasty_text()].boxed()
}

/// One edit, its fillers drawn from `dictionary`.
pub fn edit(dictionary: Arc<[String]>) -> impl Strategy<Value = Edit> {
    let value = value_filler(Arc::clone(&dictionary));
    let fill = filler(dictionary);
    let len = 1usize..48;
    prop_oneof![
        2 => (any::<Index>(), len.clone()).prop_map(|(at, len)| Edit::DeleteSpan { at, len }),
        2 => (any::<Index>(), len.clone()).prop_map(|(at, len)| Edit::DuplicateSpan { at, len }),
        2 => (any::<Index>(), len, fill.clone())
            .prop_map(|(at, len, with)| Edit::ReplaceSpan { at, len, with }),
        2 => (any::<Index>(), fill.clone()).prop_map(|(at, with)| Edit::Insert { at, with }),
        1 => any::<Index>().prop_map(|at| Edit::Truncate { at }),
        2 => any::<Index>().prop_map(|which| Edit::DeleteLine { which }),
        2 => any::<Index>().prop_map(|which| Edit::DuplicateLine { which }),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines { a, b }),
        6 => (any::<Index>(), value).prop_map(|(which, with)| Edit::SwapValue { which, with }),
        3 => (any::<Index>(), fill.clone()).prop_map(|(which, with)| Edit::SwapLiteral { which, with }),
        2 => any::<Index>().prop_map(|which| Edit::DeleteGroup { which }),
        2 => any::<Index>().prop_map(|which| Edit::DuplicateGroup { which }),
        2 => (any::<Index>(), fill).prop_map(|(which, with)| Edit::ReplaceGroup { which, with }),
    ]
}

/// One of `samples` (name, text) with one to four edits (mostly one), fillers from
/// `dictionary`. Both are
/// shared, not copied, by the strategy and every value it makes.
///
/// # Panics
///
/// When `samples` is empty.
pub fn mutants(
    samples: impl Into<Arc<[(String, String)]>>,
    dictionary: impl Into<Arc<[String]>>,
) -> impl Strategy<Value = Mutant> {
    let samples: Arc<[(String, String)]> = samples.into();
    assert!(!samples.is_empty(), "mutants: no samples");
    let one = edit(dictionary.into()).boxed();
    // Mostly one edit, so that most mutants are one step from a good document.
    let edits = prop_oneof![
        3 => prop::collection::vec(one.clone(), 1..2),
        1 => prop::collection::vec(one, 2..5),
    ];
    (0..samples.len(), edits).prop_map(move |(sample, edits)| {
        let (name, original) = &samples[sample];
        let text = apply_all(original, &edits);
        Mutant {
            sample,
            name: name.clone(),
            edits,
            text,
        }
    })
}

/// `text` with `edits` applied in order.
pub fn apply_all(text: &str, edits: &[Edit]) -> String {
    edits
        .iter()
        .fold(text.to_owned(), |text, edit| apply(&text, edit))
}

/// `text` with one edit applied (unchanged when the edit finds nothing to act on).
pub fn apply(text: &str, edit: &Edit) -> String {
    match edit {
        Edit::DeleteSpan { at, len } => {
            let (start, end) = span(text, at, *len);
            splice(text, start, end, "")
        }
        Edit::DuplicateSpan { at, len } => {
            let (start, end) = span(text, at, *len);
            splice(text, end, end, &text[start..end])
        }
        Edit::ReplaceSpan { at, len, with } => {
            let (start, end) = span(text, at, *len);
            splice(text, start, end, with)
        }
        Edit::Insert { at, with } => {
            let at = boundary(text, at);
            splice(text, at, at, with)
        }
        Edit::Truncate { at } => text[..boundary(text, at)].to_owned(),
        Edit::DeleteLine { which } => {
            let lines = lines(text);
            let (start, end) = lines[which.index(lines.len())];
            splice(text, start, end, "")
        }
        Edit::DuplicateLine { which } => {
            let lines = lines(text);
            let (start, end) = lines[which.index(lines.len())];
            splice(text, end, end, &text[start..end])
        }
        Edit::SwapLines { a, b } => {
            let lines = lines(text);
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            let (first, second) = (lines[a.min(b)], lines[a.max(b)]);
            if first == second {
                return text.to_owned();
            }
            format!(
                "{}{}{}{}{}",
                &text[..first.0],
                &text[second.0..second.1],
                &text[first.1..second.0],
                &text[first.0..first.1],
                &text[second.1..]
            )
        }
        Edit::SwapValue { which, with } => match pick(&values(text), which) {
            Some((start, end)) => splice(text, start, end, with),
            None => text.to_owned(),
        },
        Edit::SwapLiteral { which, with } => match pick(&literals(text), which) {
            Some((start, end)) => splice(text, start, end, with),
            None => text.to_owned(),
        },
        Edit::DeleteGroup { which } => match pick(&groups(text), which) {
            Some((start, end)) => splice(text, start, end, ""),
            None => text.to_owned(),
        },
        Edit::DuplicateGroup { which } => match pick(&groups(text), which) {
            Some((start, end)) => splice(text, end, end, &text[start..end]),
            None => text.to_owned(),
        },
        Edit::ReplaceGroup { which, with } => match pick(&groups(text), which) {
            Some((start, end)) => splice(text, start, end, with),
            None => text.to_owned(),
        },
    }
}

fn pick(spans: &[(usize, usize)], which: &Index) -> Option<(usize, usize)> {
    (!spans.is_empty()).then(|| spans[which.index(spans.len())])
}

fn splice(text: &str, start: usize, end: usize, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..start]);
    out.push_str(with);
    out.push_str(&text[end..]);
    out
}

/// The byte offset of a character boundary (0 ..= the end) chosen by `at`.
fn boundary(text: &str, at: &Index) -> usize {
    let count = text.chars().count();
    let n = at.index(count + 1);
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

/// The byte range of up to `len` characters starting at a boundary chosen by `at`.
fn span(text: &str, at: &Index, len: usize) -> (usize, usize) {
    let start = boundary(text, at);
    let end = text[start..]
        .char_indices()
        .nth(len)
        .map_or(text.len(), |(i, _)| start + i);
    (start, end)
}

/// Each line's byte range, its newline included (one empty line for an empty text).
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() || out.is_empty() {
        out.push((start, text.len()));
    }
    out
}

/// The end (exclusive) of a quoted string starting at `start` with `quote`, escapes skipped.
fn string_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b if b == quote => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-' || b == b'+'
}

/// Literals: quoted strings, numbers, `true` / `false` / `null`, and the text of XML elements
/// (between `>` and `<`, trimmed). Byte ranges on character boundaries.
fn literals(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let after_word = i > 0 && is_word_byte(bytes[i - 1]);
        match b {
            b'"' | b'\'' => {
                let end = string_end(bytes, i, b);
                out.push((i, end));
                i = end.max(i + 1);
            }
            b'>' => {
                let start = i + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|&c| c == b'<')
                    .map_or(bytes.len(), |p| start + p);
                let inner = &text[start..end];
                let trimmed = inner.trim();
                if !trimmed.is_empty() && end < bytes.len() {
                    let lead = inner.len() - inner.trim_start().len();
                    out.push((start + lead, start + lead + trimmed.len()));
                }
                i = end.max(start);
            }
            b'-' | b'0'..=b'9' if !after_word => {
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&c| !is_word_byte(c))
                    .map_or(bytes.len(), |p| i + 1 + p);
                if end > i + 1 || b != b'-' {
                    out.push((i, end));
                }
                i = end;
            }
            b't' | b'f' | b'n' if !after_word => {
                let rest = &text[i..];
                let word = ["true", "false", "null"]
                    .into_iter()
                    .find(|w| rest.starts_with(w));
                match word {
                    Some(w) if !bytes.get(i + w.len()).copied().is_some_and(is_word_byte) => {
                        out.push((i, i + w.len()));
                        i += w.len();
                    }
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The literals that are values: not followed (after blanks) by `:`, the mark of a key.
fn values(text: &str) -> Vec<(usize, usize)> {
    literals(text)
        .into_iter()
        .filter(|&(_, end)| !text[end..].trim_start().starts_with(':'))
        .collect()
}

/// Groups: each XML element (start tag to its end tag, or a self-closing tag) and each `{…}` /
/// `[…]` group outside strings (to its closing bracket, or the end of the text).
fn groups(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // XML elements.
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&c| c == b'<') {
        let start = i + p;
        i = start + 1;
        let name_end = bytes[i..]
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
            .map_or(bytes.len(), |p| i + p);
        let name = &text[i..name_end];
        if name.is_empty() || name.starts_with(['?', '!']) {
            continue;
        }
        let Some(tag_end) = bytes[start..].iter().position(|&c| c == b'>') else {
            continue;
        };
        let tag_end = start + tag_end + 1;
        if bytes[tag_end - 2] == b'/' {
            out.push((start, tag_end));
            continue;
        }
        out.push((start, element_end(text, name, tag_end)));
    }
    // Bracketed groups.
    let mut stack = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i, b'"');
                continue;
            }
            b'{' | b'[' => stack.push(i),
            b'}' | b']' => {
                if let Some(open) = stack.pop() {
                    out.push((open, i + 1));
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.extend(stack.into_iter().map(|open| (open, bytes.len())));
    out
}

/// Where the element `name` whose start tag ends at `from` ends: after its matching end tag,
/// counting nested elements of the same name; the end of the text when it has none.
fn element_end(text: &str, name: &str, from: usize) -> usize {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut depth = 1;
    let mut i = from;
    while i < text.len() {
        let next_open = text[i..].find(&open).map(|p| i + p);
        let Some(next_close) = text[i..].find(&close).map(|p| i + p) else {
            return text.len();
        };
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + open.len();
            }
            _ => {
                depth -= 1;
                i = next_close + close.len();
                if depth == 0 {
                    return i;
                }
            }
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn at(n: usize, of: usize) -> Index {
        // An Index whose index(of) is n.
        let mut runner = TestRunner::deterministic();
        loop {
            let index = any::<Index>().new_tree(&mut runner).unwrap().current();
            if index.index(of) == n {
                return index;
            }
        }
    }

    #[test]
    fn finds_literals_of_json_toml_and_xml() {
        let text = r#"{"a": 12, "b": [true, null], "c": -3.5e2} x = 'y' <v> 7 </v> key_2"#;
        let found: Vec<&str> = literals(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            found,
            [
                "\"a\"", "12", "\"b\"", "true", "null", "\"c\"", "-3.5e2", "'y'", "7"
            ]
        );
    }

    #[test]
    fn values_are_the_literals_that_are_not_keys() {
        let text = r#"{"a": 12, "b" : ["c", true]}"#;
        let found: Vec<&str> = values(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["12", "\"c\"", "true"]);
        assert_eq!(json_string("a\"\\\u{1}é"), r#""a\"\\\u0001é""#);
    }

    #[test]
    fn finds_xml_elements_and_bracket_groups() {
        let text = "<a><b>1</b><b/><c>2</c></a>";
        let found: Vec<&str> = groups(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, [text, "<b>1</b>", "<b/>", "<c>2</c>"]);
        let json = r#"{"x": [1, "]", {"y": 2}]"#;
        let found: Vec<&str> = groups(json).iter().map(|&(s, e)| &json[s..e]).collect();
        assert_eq!(found, [r#"{"y": 2}"#, r#"[1, "]", {"y": 2}]"#, json]);
    }

    #[test]
    fn edits_keep_char_boundaries() {
        let text = "héllo\nwörld\n";
        let lines = lines(text).len();
        let edit = Edit::SwapLines {
            a: at(0, lines),
            b: at(1, lines),
        };
        assert_eq!(apply(text, &edit), "wörld\nhéllo\n");
        for n in 0..=text.chars().count() {
            let cut = apply(
                text,
                &Edit::Truncate {
                    at: at(n, text.chars().count() + 1),
                },
            );
            assert_eq!(cut, text.chars().take(n).collect::<String>());
        }
    }

    proptest! {
        #[test]
        fn any_edit_of_any_text_is_applied_without_panicking(
            text in "\\PC{0,40}|[<>{}\\[\\]\"'a-z0-9 \n/=-]{0,40}",
            edits in prop::collection::vec(edit(vec!["<x>".to_owned()].into()), 1..6),
        ) {
            let _ = apply_all(&text, &edits);
        }
    }
}
