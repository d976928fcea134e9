//! Reading Pace's replies: lenient about namespaces, prefixes, unknown fields and `xsi:nil`
//! (everything is matched on local names inside `Envelope/Body`), strict where it matters: a
//! `Fault` is always an error whatever the HTTP status, a success needs `{op}Response` (and
//! `out` when the operation returns something), and a body that is not XML is an error.

use crate::error::{CallContext, PaceError, snippet};
use crate::xml::XmlElement;
use crate::xml::read::parse_document;

/// How much of an offending body an error quotes.
const SNIPPET_CHARS: usize = 300;

/// The start of Pace's "not found" fault message (reference §2.2, confirmed).
const NOT_FOUND_PREFIX: &str = "Unable to locate object";

/// Turns an HTTP reply into the operation's `out` element (`None` for void operations), or the
/// error it stands for.
pub(crate) fn parse_reply(
    context: &CallContext,
    status: u16,
    body: &[u8],
    expects_out: bool,
) -> Result<Option<XmlElement>, PaceError> {
    if status == 401 {
        return Err(PaceError::Authentication {
            context: context.clone(),
        });
    }
    let success = (200..300).contains(&status);
    let unexpected = |problem: String, text: &str| {
        if success {
            PaceError::UnexpectedReply {
                context: context.clone(),
                problem,
                snippet: snippet(text, SNIPPET_CHARS),
            }
        } else {
            PaceError::HttpStatus {
                context: context.clone(),
                status,
                snippet: snippet(text, SNIPPET_CHARS),
            }
        }
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(unexpected(
            "the body is not UTF-8 text".to_owned(),
            &String::from_utf8_lossy(body),
        ));
    };
    if text.trim().is_empty() {
        return Err(unexpected("the body is empty".to_owned(), ""));
    }
    let root = parse_document(text).map_err(|why| unexpected(format!("not XML ({why})"), text))?;
    if root.name() != "Envelope" {
        return Err(unexpected(
            format!("not a SOAP envelope (root element <{}>)", root.name()),
            text,
        ));
    }
    let body = root
        .child("Body")
        .ok_or_else(|| unexpected("the envelope has no Body".to_owned(), text))?;
    if let Some(fault) = body.child("Fault") {
        return Err(fault_error(context, fault));
    }
    if !success {
        return Err(unexpected(String::new(), text));
    }
    let response_name = format!("{}Response", context.operation);
    let response = body
        .child(&response_name)
        .ok_or_else(|| unexpected(format!("no <{response_name}> in the Body"), text))?;
    match response.child("out") {
        Some(out) => Ok(Some(out.clone())),
        None if !expects_out => Ok(None),
        None => Err(unexpected(format!("<{response_name}> has no <out>"), text)),
    }
}

/// The trimmed text of a fault's SOAP 1.1 child `name`, else of its SOAP 1.2 `parent/child`.
fn fault_part(fault: &XmlElement, name: &str, (parent, child): (&str, &str)) -> Option<String> {
    fault
        .child(name)
        .or_else(|| fault.child(parent).and_then(|p| p.child(child)))
        .map(|part| part.text().trim().to_owned())
}

/// A SOAP 1.1 fault (`faultcode`, `faultstring`), read leniently (SOAP 1.2 `Code/Value`,
/// `Reason/Text` too). A fault without a message says so, with its code when it has one.
fn fault_error(context: &CallContext, fault: &XmlElement) -> PaceError {
    let code = fault_part(fault, "faultcode", ("Code", "Value")).filter(|c| !c.is_empty());
    let message = fault_part(fault, "faultstring", ("Reason", "Text"))
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| match &code {
            Some(code) => format!("a {code} fault without a message"),
            None => "a fault without a message".to_owned(),
        });
    if message.starts_with(NOT_FOUND_PREFIX) {
        PaceError::NotFound {
            context: context.clone(),
            message,
        }
    } else {
        PaceError::Fault {
            context: context.clone(),
            code,
            message,
        }
    }
}

/// The key strings of a FindObjects answer (`out/string*`).
pub(crate) fn keys(out: &XmlElement) -> Vec<String> {
    out.children()
        .iter()
        .filter(|c| !c.is_nil())
        .map(|c| c.text().to_owned())
        .collect()
}

#[cfg(test)]
mod tests;
