//! Writing request XML: text escaping that round-trips every string XML 1.0 can carry, and a
//! tiny indenting element writer that refuses names that are not plain XML names.

use std::fmt::Write as _;

use crate::error::RequestProblem;
use crate::xml::is_plain_name;

/// Escapes `text` for element content: `&`, `<`, `>` as entities, and `\r` as `&#13;` so that
/// XML end-of-line normalisation cannot turn it into `\n`. Characters XML 1.0 cannot carry (C0
/// controls other than tab, newline and carriage return; U+FFFE, U+FFFF) are refused, naming
/// `field`.
pub(crate) fn escape_text(field: &str, text: &str) -> Result<String, RequestProblem> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                return Err(RequestProblem::InvalidCharacter {
                    field: field.to_owned(),
                    code: c as u32,
                });
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Builds an indented XML fragment. Element names are checked with [`is_plain_name`]; a
/// namespace is written as a default `xmlns` on the element that needs it (the shape the
/// known Pace clients send).
#[derive(Debug, Default)]
pub(crate) struct XmlWriter {
    out: String,
    open: Vec<String>,
    /// Whether the last thing written is an opening tag (so `end` can self-close it).
    just_opened: bool,
}

impl XmlWriter {
    /// A writer whose first element is indented by `depth` levels.
    pub(crate) fn at_depth(depth: usize) -> Self {
        XmlWriter {
            out: String::new(),
            open: vec![String::new(); depth],
            just_opened: false,
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    fn tag(
        &mut self,
        what: &'static str,
        name: &str,
        ns: Option<&str>,
    ) -> Result<(), RequestProblem> {
        if !is_plain_name(name) {
            return Err(RequestProblem::InvalidName {
                what,
                name: name.to_owned(),
            });
        }
        self.just_opened = false;
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        if let Some(ns) = ns {
            // Namespaces are crate constants, never caller data.
            let _ = write!(self.out, " xmlns=\"{ns}\"");
        }
        Ok(())
    }

    /// Opens `<name>` (with `xmlns` when given).
    pub(crate) fn start(&mut self, name: &str, ns: Option<&str>) -> Result<(), RequestProblem> {
        self.tag("element", name, ns)?;
        self.out.push_str(">\n");
        self.open.push(name.to_owned());
        self.just_opened = true;
        Ok(())
    }

    /// Closes the innermost open element (self-closing it when it is still empty).
    pub(crate) fn end(&mut self) {
        if let Some(name) = self.open.pop() {
            if self.just_opened && self.out.ends_with(">\n") {
                self.out.truncate(self.out.len() - 2);
                self.out.push_str("/>\n");
            } else {
                self.indent();
                let _ = writeln!(self.out, "</{name}>");
            }
            self.just_opened = false;
        }
    }

    /// Writes `<name>text</name>`, escaping `text`.
    pub(crate) fn leaf(
        &mut self,
        name: &str,
        ns: Option<&str>,
        text: &str,
    ) -> Result<(), RequestProblem> {
        let escaped = escape_text(name, text)?;
        self.tag("field", name, ns)?;
        let _ = writeln!(self.out, ">{escaped}</{name}>");
        Ok(())
    }

    /// Writes `<name xsi:nil="true"/>`.
    pub(crate) fn nil(&mut self, name: &str, ns: Option<&str>) -> Result<(), RequestProblem> {
        self.tag("field", name, ns)?;
        self.out.push_str(" xsi:nil=\"true\"/>\n");
        Ok(())
    }

    /// Writes an empty `<name/>`.
    pub(crate) fn empty(&mut self, name: &str, ns: Option<&str>) -> Result<(), RequestProblem> {
        self.tag("element", name, ns)?;
        self.out.push_str("/>\n");
        Ok(())
    }

    /// The XML written so far (open elements are left open).
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::read::parse_document;
    use proptest::prelude::*;

    #[test]
    fn escapes_markup_and_carriage_return() {
        assert_eq!(
            escape_text("f", "a<b>&c\r\n'\"").unwrap(),
            "a&lt;b&gt;&amp;c&#13;\n'\""
        );
    }

    #[test]
    fn refuses_control_characters() {
        assert_eq!(
            escape_text("description", "bell\u{7}"),
            Err(RequestProblem::InvalidCharacter {
                field: "description".into(),
                code: 7
            })
        );
    }

    #[test]
    fn refuses_bad_names() {
        let mut w = XmlWriter::default();
        assert!(matches!(
            w.leaf("a><script", None, "x"),
            Err(RequestProblem::InvalidName { .. })
        ));
    }

    #[test]
    fn writes_nested_elements() {
        let mut w = XmlWriter::default();
        w.start("job", Some("urn:x")).unwrap();
        w.leaf("customer", None, "Hé & co").unwrap();
        w.nil("poNum", None).unwrap();
        w.start("empty", None).unwrap();
        w.end();
        w.end();
        assert_eq!(
            w.finish(),
            "<job xmlns=\"urn:x\">\n  <customer>Hé &amp; co</customer>\n  <poNum xsi:nil=\"true\"/>\n  <empty/>\n</job>\n"
        );
    }

    /// Strings XML 1.0 can carry.
    fn xml_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                any::<char>().prop_filter("xml char", |c| {
                    let u = *c as u32;
                    u >= 0x20 && *c != '\u{FFFE}' && *c != '\u{FFFF}'
                }),
                prop::sample::select(vec!['\t', '\n', '\r', '&', '<', '>', '"', '\'', ';', '#']),
            ],
            0..40,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn escaped_text_round_trips_through_the_reader(text in xml_text()) {
            let mut w = XmlWriter::default();
            w.leaf("v", None, &text).unwrap();
            let root = parse_document(&w.finish()).unwrap();
            prop_assert_eq!(root.text(), text.as_str());
        }
    }
}
