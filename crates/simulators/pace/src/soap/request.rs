//! Reading a request envelope: a small namespace-resolved element tree, the SOAP headers, and the
//! one operation element of the body.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

use crate::soap::SOAP_NS;
use crate::soap::fault::Fault;

/// One XML element: namespace, local name, nil flag, text content and child elements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// The resolved namespace URI, if any.
    pub namespace: Option<String>,
    /// The local name.
    pub name: String,
    /// Whether it carried `xsi:nil="true"`.
    pub nil: bool,
    /// Its text (entities resolved), when it has no child elements.
    pub text: String,
    /// Child elements in order.
    pub children: Vec<Element>,
}

impl Element {
    /// The first child with local name `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed text of child `name`, unless absent or nil.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).filter(|c| !c.nil).map(|c| c.text.trim())
    }
}

/// A parsed request: its SOAP headers and the operation element of its body.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// Children of `soap:Header`.
    pub headers: Vec<Element>,
    /// The single child of `soap:Body`.
    pub operation: Element,
}

impl Envelope {
    /// The text of header `name` (e.g. `txnId`, `process`), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name == name)
            .map(|h| h.text.trim())
    }
}

fn malformed(detail: impl std::fmt::Display) -> Fault {
    Fault::client(format!("Malformed SOAP request: {detail}"))
}

/// Parses a whole XML document into its root element.
pub fn parse_document(xml: &str) -> Result<Element, Fault> {
    let mut reader = NsReader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let (namespace, event) = reader.read_resolved_event().map_err(malformed)?;
        let namespace = match namespace {
            ResolveResult::Bound(ns) => Some(String::from_utf8_lossy(ns.as_ref()).into_owned()),
            ResolveResult::Unbound => None,
            ResolveResult::Unknown(prefix) => {
                return Err(malformed(format!(
                    "unknown namespace prefix '{}'",
                    String::from_utf8_lossy(&prefix)
                )));
            }
        };
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let _ = start;
                return Err(malformed("content after the root element"));
            }
            Event::Start(start) => {
                stack.push(element(&reader, namespace, &start)?);
            }
            Event::Empty(start) => {
                let done = element(&reader, namespace, &start)?;
                finish(&mut stack, &mut root, done);
            }
            Event::End(_) => {
                let done = stack.pop().ok_or_else(|| malformed("unbalanced end tag"))?;
                finish(&mut stack, &mut root, done);
            }
            Event::Text(text) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&text.decode().map_err(malformed)?);
                } else if !text.decode().map_err(malformed)?.trim().is_empty() {
                    return Err(malformed("text outside the root element"));
                }
            }
            Event::CData(data) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&data.decode().map_err(malformed)?);
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().map_err(malformed)? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().map_err(malformed)?;
                        quick_xml::escape::unescape(&format!("&{name};"))
                            .map_err(malformed)?
                            .into_owned()
                    }
                };
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(malformed("unexpected end of document"));
    }
    root.ok_or_else(|| malformed("no root element"))
}

fn element(
    reader: &NsReader<&[u8]>,
    namespace: Option<String>,
    start: &quick_xml::events::BytesStart<'_>,
) -> Result<Element, Fault> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut nil = false;
    for attribute in start.attributes() {
        let attribute = attribute.map_err(malformed)?;
        let (_, local) = reader.resolve_attribute(attribute.key);
        if local.as_ref() == b"nil" {
            nil = attribute.unescape_value().map_err(malformed)?.trim() == "true";
        }
    }
    Ok(Element {
        namespace,
        name,
        nil,
        ..Element::default()
    })
}

fn finish(stack: &mut [Element], root: &mut Option<Element>, mut done: Element) {
    if !done.children.is_empty() {
        done.text.clear();
    }
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => *root = Some(done),
    }
}

/// Parses a SOAP 1.1 request envelope.
pub fn parse_envelope(xml: &str) -> Result<Envelope, Fault> {
    let root = parse_document(xml)?;
    let is_soap =
        |e: &Element, name: &str| e.name == name && e.namespace.as_deref() == Some(SOAP_NS);
    if !is_soap(&root, "Envelope") {
        return Err(malformed("the root element is not a SOAP 1.1 Envelope"));
    }
    let headers = root
        .children
        .iter()
        .find(|c| is_soap(c, "Header"))
        .map(|h| h.children.clone())
        .unwrap_or_default();
    let body = root
        .children
        .iter()
        .find(|c| is_soap(c, "Body"))
        .ok_or_else(|| malformed("no soap:Body"))?;
    let mut operations = body.children.iter();
    let operation = operations
        .next()
        .cloned()
        .ok_or_else(|| malformed("soap:Body is empty"))?;
    if operations.next().is_some() {
        return Err(malformed("soap:Body holds more than one operation"));
    }
    Ok(Envelope { headers, operation })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_operation_fields_nil_and_entities() -> Result<(), Fault> {
        let xml = r#"<?xml version="1.0"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soap:Header><txnId xmlns="transaction"> 7 </txnId></soap:Header>
  <soap:Body>
    <createJob xmlns="urn://pace2020.com/epace/sdk/CreateObject">
      <job>
        <description xmlns="http://pace2020.com/epace/object">A &amp; B &#233; <![CDATA[<x>]]></description>
        <poNum xsi:nil="true"/>
      </job>
    </createJob>
  </soap:Body>
</soap:Envelope>"#;
        let envelope = parse_envelope(xml)?;
        assert_eq!(envelope.header("txnId"), Some("7"));
        assert_eq!(envelope.operation.name, "createJob");
        assert_eq!(
            envelope.operation.namespace.as_deref(),
            Some("urn://pace2020.com/epace/sdk/CreateObject")
        );
        let job = envelope.operation.child("job").cloned().unwrap_or_default();
        assert_eq!(job.child_text("description"), Some("A & B é <x>"));
        assert_eq!(
            job.child("description")
                .and_then(|d| d.namespace.clone())
                .as_deref(),
            Some("http://pace2020.com/epace/object")
        );
        assert!(job.child("poNum").is_some_and(|p| p.nil));
        assert_eq!(job.child_text("poNum"), None);
        Ok(())
    }

    #[test]
    fn malformed_documents_fault() {
        for xml in [
            "",
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>",
            "<a><b></a>",
            "<x:Envelope/>",
            "<Envelope><Body><find/></Body></Envelope>",
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>",
        ] {
            let fault = parse_envelope(xml).err();
            assert!(
                fault.is_some_and(|f| f.message.starts_with("Malformed SOAP request")),
                "{xml:?}"
            );
        }
    }
}
