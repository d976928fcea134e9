//! Reading reply XML into a small tree keyed on *local* names, so that any namespace prefix
//! (`soap:`, `ns1:`, `ns2:`, a default namespace, or none) reads the same. Entities and
//! character references are resolved; `xsi:nil` is recorded; DTD entities are not expanded.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

/// One element of a reply: its local name, text, `xsi:nil` flag and child elements.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct XmlElement {
    name: String,
    text: String,
    nil: bool,
    children: Vec<XmlElement>,
}

impl XmlElement {
    /// The local name (prefix removed).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The text content directly inside this element (entities resolved).
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Whether the element carries `xsi:nil="true"`.
    pub(crate) fn is_nil(&self) -> bool {
        self.nil
    }

    /// The child elements, in document order.
    pub(crate) fn children(&self) -> &[XmlElement] {
        &self.children
    }

    /// The first child with this local name.
    pub(crate) fn child(&self, name: &str) -> Option<&XmlElement> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child with this local name.
    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a XmlElement> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

fn local_name(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

fn is_nil(start: &BytesStart<'_>) -> Result<bool, String> {
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        if attribute.key.local_name().as_ref() == b"nil" {
            let value = attribute.unescape_value().map_err(|e| e.to_string())?;
            return Ok(matches!(value.trim(), "true" | "1"));
        }
    }
    Ok(false)
}

/// Parses a whole document and returns its root element, or a message saying why it is not
/// well-formed XML (truncated, mismatched tags, unknown entity, several roots, …).
pub(crate) fn parse_document(xml: &str) -> Result<XmlElement, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root: Option<XmlElement> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{e} at byte {}", reader.error_position()))?;
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err("more than one root element".to_owned());
                }
                stack.push(XmlElement {
                    name: local_name(&start),
                    nil: is_nil(&start)?,
                    ..XmlElement::default()
                });
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("closing tag without opening tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(text) => {
                let text = text.xml10_content().map_err(|e| e.to_string())?;
                push_text(&mut stack, &text)?;
            }
            Event::CData(cdata) => {
                let text = cdata.xml10_content().map_err(|e| e.to_string())?;
                push_text(&mut stack, &text)?;
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().map_err(|e| e.to_string())?;
                        resolve_predefined_entity(&name)
                            .ok_or_else(|| format!("unknown entity &{name};"))?
                            .to_owned()
                    }
                };
                push_text(&mut stack, &resolved)?;
            }
            Event::Eof => break,
            Event::Empty(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::Comment(_)
            | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("truncated: <{}> is never closed", open.name));
    }
    root.ok_or_else(|| "no XML element found".to_owned())
}

fn push_text(stack: &mut [XmlElement], text: &str) -> Result<(), String> {
    match stack.last_mut() {
        Some(top) => {
            top.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err("text outside the root element".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_local_names_entities_and_nil() {
        let root = parse_document(
            r#"<?xml version="1.0"?><a:root xmlns:a="x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                <a:v>Caf&#233; &amp; &lt;b&gt; &#x263A;</a:v><w xsi:nil="true"/><z><![CDATA[<raw>]]></z></a:root>"#,
        )
        .unwrap();
        assert_eq!(root.name(), "root");
        assert_eq!(root.child("v").unwrap().text(), "Café & <b> ☺");
        assert!(root.child("w").unwrap().is_nil());
        assert_eq!(root.child("z").unwrap().text(), "<raw>");
    }

    #[test]
    fn rejects_broken_documents() {
        assert!(parse_document("<a><b></a>").is_err());
        assert!(parse_document("<a><b>").unwrap_err().contains("truncated"));
        assert!(parse_document("not xml at all").is_err());
        assert!(parse_document("").is_err());
        assert!(
            parse_document("<a>&custom;</a>")
                .unwrap_err()
                .contains("unknown entity")
        );
        assert!(parse_document("<a/><b/>").is_err());
    }
}
