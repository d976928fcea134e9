//! A message as the server received it, with helpers to read its Subject (RFC 2047 encoded-words
//! decoded) and its plain-text body (quoted-printable or base64 decoded), as `lettre` sends them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

/// One message accepted by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMessage {
    /// The envelope sender (MAIL FROM).
    pub sender: String,
    /// The envelope recipients (RCPT TO), in order.
    pub recipients: Vec<String>,
    /// The user the connection authenticated as, if it did.
    pub authenticated_as: Option<String>,
    /// The message as sent after DATA (headers and body, CRLF line ends, dots unstuffed).
    pub raw: String,
}

impl ReceivedMessage {
    /// The headers, unfolded, as `(name, raw value)` pairs in order.
    pub fn headers(&self) -> Vec<(String, String)> {
        let head = self.split().0;
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.last_mut() {
                    value.push_str(line);
                }
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        headers
    }

    /// The raw value of the first header called `name` (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers()
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// The Subject, with RFC 2047 encoded-words decoded.
    pub fn subject(&self) -> Option<String> {
        self.header("Subject").map(|value| decode_words(&value))
    }

    /// The body of a single-part message, decoded according to its Content-Transfer-Encoding
    /// (quoted-printable, base64, or 7bit/8bit as is), with CRLF turned into `\n`. Multipart
    /// messages are not taken apart.
    pub fn text_body(&self) -> String {
        let body = self.split().1;
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "quoted-printable" => decode_quoted_printable(body, false),
            "base64" => {
                let compact: String = body.split_whitespace().collect();
                BASE64
                    .decode(compact)
                    .unwrap_or_else(|_| body.as_bytes().to_vec())
            }
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
    }

    /// Headers and body, split at the first empty line.
    fn split(&self) -> (&str, &str) {
        self.raw
            .split_once("\r\n\r\n")
            .unwrap_or((self.raw.as_str(), ""))
    }
}

/// Decodes every `=?charset?B|Q?text?=` word in a header value (UTF-8 and ASCII charsets;
/// whitespace between two encoded words is dropped, as RFC 2047 says).
pub(crate) fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, candidate) = rest.split_at(start);
        match encoded_word(candidate) {
            Some((decoded, length)) => {
                if !(after_word && before.trim().is_empty()) {
                    out.push_str(before);
                }
                out.push_str(&decoded);
                rest = &candidate[length..];
                after_word = true;
            }
            None => {
                out.push_str(before);
                out.push_str("=?");
                rest = &candidate[2..];
                after_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The decoded text of the encoded word at the start of `text`, and its length.
fn encoded_word(text: &str) -> Option<(String, usize)> {
    let inner = text.strip_prefix("=?")?;
    let (_charset, rest) = inner.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let payload = &rest[..end];
    let bytes = match encoding {
        "B" | "b" => BASE64.decode(payload).ok()?,
        "Q" | "q" => decode_quoted_printable(payload, true),
        _ => return None,
    };
    let length = 2 + inner.len() - rest.len() + end + 2;
    Some((String::from_utf8_lossy(&bytes).into_owned(), length))
}

/// Quoted-printable: `=XX` bytes and `=` soft line breaks; in encoded words `_` is a space.
fn decode_quoted_printable(text: &str, in_word: bool) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'=' if bytes[index + 1..].starts_with(b"\r\n") => index += 3,
            b'=' if bytes[index + 1..].starts_with(b"\n") => index += 2,
            b'=' => {
                let hex = bytes
                    .get(index + 1..index + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        index += 3;
                    }
                    None => {
                        out.push(b'=');
                        index += 1;
                    }
                }
            }
            b'_' if in_word => {
                out.push(b' ');
                index += 1;
            }
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(raw: &str) -> ReceivedMessage {
        ReceivedMessage {
            sender: "a@b.com".into(),
            recipients: vec!["c@d.com".into()],
            authenticated_as: None,
            raw: raw.into(),
        }
    }

    #[test]
    fn decodes_base64_and_q_encoded_words_and_joins_adjacent_ones() {
        assert_eq!(
            decode_words("=?utf-8?b?QWRtaW5pc3RyYXTDtnI=?="),
            "Administratör"
        );
        assert_eq!(
            decode_words("Order =?UTF-8?Q?caf=C3=A9_bar?= =?utf-8?B?IQ==?= done"),
            "Order café bar! done"
        );
        assert_eq!(decode_words("plain =? text"), "plain =? text");
    }

    #[test]
    fn folded_subject_is_unfolded_and_decoded() {
        let m = message(
            "From: a@b.com\r\nSubject: =?utf-8?b?T3JkZXIg?=\r\n =?utf-8?b?MTAwMTA=?=\r\n\r\nHi\r\n",
        );
        assert_eq!(m.subject().as_deref(), Some("Order 10010"));
        assert_eq!(m.text_body(), "Hi\n");
    }

    #[test]
    fn quoted_printable_body_with_soft_breaks() {
        let m = message(
            "Content-Transfer-Encoding: quoted-printable\r\n\r\nStorefront =E2=80=9CAcme=E2=80=9D is=\r\n fine=3D\r\n",
        );
        assert_eq!(m.text_body(), "Storefront “Acme” is fine=\n");
    }

    #[test]
    fn base64_body_across_lines() {
        let encoded = BASE64.encode("Line one\r\nLine two – ok\r\n");
        let (first, second) = encoded.split_at(10);
        let m = message(&format!(
            "Content-Transfer-Encoding: base64\r\n\r\n{first}\r\n{second}\r\n"
        ));
        assert_eq!(m.text_body(), "Line one\nLine two – ok\n");
    }
}
