//! The one error type of the Pace client, with what the engine needs to act on it: which
//! operation failed, on which object, and whether trying again later can help
//! ([`PaceError::is_transient`]).

use std::fmt;

use crate::xpath::XPathError;

/// Which call failed: the SOAP operation (`createJob`, `find`, …) and, where known, the object
/// type and key it was about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallContext {
    /// The SOAP operation, e.g. `createJob`, `findSortAndLimit`, `startTransaction`.
    pub operation: String,
    /// The Pace object type, e.g. `Job`, when the call is about one.
    pub object_type: Option<String>,
    /// The object's key, e.g. `12345:01`, when known.
    pub key: Option<String>,
}

impl CallContext {
    /// A context naming only the operation.
    pub fn operation(operation: impl Into<String>) -> Self {
        CallContext {
            operation: operation.into(),
            object_type: None,
            key: None,
        }
    }

    /// Adds the object type.
    pub fn with_type(mut self, object_type: impl Into<String>) -> Self {
        self.object_type = Some(object_type.into());
        self
    }

    /// Adds the object key.
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

impl fmt::Display for CallContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pace {}", self.operation)?;
        match (&self.object_type, &self.key) {
            (Some(t), Some(k)) => write!(f, " ({t} '{k}')"),
            (Some(t), None) => write!(f, " ({t})"),
            (None, Some(k)) => write!(f, " ('{k}')"),
            (None, None) => Ok(()),
        }
    }
}

/// How a request failed to travel to Pace and back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// The TCP connection could not be made (refused, unreachable, DNS failure).
    Connect,
    /// The connect or request timeout elapsed.
    Timeout,
    /// The connection was reset or closed before the whole reply arrived. The request may or
    /// may not have been carried out by Pace.
    ConnectionClosed,
    /// The TLS handshake failed (untrusted or expired certificate, wrong host name…).
    Tls,
    /// Any other transport failure.
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "could not connect",
            TransportKind::Timeout => "timed out",
            TransportKind::ConnectionClosed => "connection closed before the reply was complete",
            TransportKind::Tls => "TLS handshake failed",
            TransportKind::Other => "transport error",
        })
    }
}

/// Why a request could not even be built (nothing was sent).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RequestProblem {
    /// A type, field, operation or action name is not a plain XML name.
    #[error(
        "{what} '{name}' is not a valid Pace name (letters, digits, '_' only, not starting with a digit)"
    )]
    InvalidName {
        /// What the name is for ("field", "object type", …).
        what: &'static str,
        /// The rejected name.
        name: String,
    },
    /// A text value contains a character XML 1.0 cannot carry (a control character).
    #[error("the value of '{field}' contains the character U+{code:04X}, which XML cannot carry")]
    InvalidCharacter {
        /// The field (or parameter) holding the value.
        field: String,
        /// The offending character's code point.
        code: u32,
    },
    /// An update or typed read needs the object's key, and it is not set.
    #[error(
        "the {object_type} has no key set ({key_fields}); Pace needs it to know which object to change"
    )]
    MissingKey {
        /// The Pace object type.
        object_type: String,
        /// The field(s) that make up the key.
        key_fields: &'static str,
    },
    /// The XPath filter or sort could not be built safely.
    #[error(transparent)]
    Filter(#[from] XPathError),
}

/// Every way a call to Pace can fail.
#[derive(Debug, thiserror::Error)]
pub enum PaceError {
    /// Pace has no such object (its fault message starts with "Unable to locate object").
    #[error("{context}: not found in Pace: {message}")]
    NotFound {
        /// The failed call.
        context: CallContext,
        /// Pace's message.
        message: String,
    },
    /// Pace refused the login (HTTP 401).
    #[error(
        "{context}: Pace refused the login (HTTP 401): check the Pace user name and password, and that the user is a system user allowed to use the remote API"
    )]
    Authentication {
        /// The failed call.
        context: CallContext,
    },
    /// Pace answered with a SOAP fault (a business or validation error, a bad field, …).
    #[error("{context}: Pace reported an error: {message}")]
    Fault {
        /// The failed call.
        context: CallContext,
        /// The SOAP `faultcode`, e.g. `soap:Server`, when present.
        code: Option<String>,
        /// Pace's `faultstring`.
        message: String,
    },
    /// The request did not make it to Pace and back.
    #[error("{context}: {kind}: {detail}")]
    Transport {
        /// The failed call.
        context: CallContext,
        /// What kind of transport failure.
        kind: TransportKind,
        /// The underlying error, as text.
        detail: String,
    },
    /// Pace (or a proxy in front of it) answered with an HTTP error status and no SOAP fault.
    #[error(
        "{context}: HTTP {status} from Pace without a SOAP fault{}",
        quoted(snippet)
    )]
    HttpStatus {
        /// The failed call.
        context: CallContext,
        /// The HTTP status code.
        status: u16,
        /// The start of the body.
        snippet: String,
    },
    /// The reply was not what this operation returns (not XML, no envelope, no `out`…).
    #[error("{context}: unexpected reply from Pace: {problem}{}", quoted(snippet))]
    UnexpectedReply {
        /// The failed call.
        context: CallContext,
        /// What was wrong with it.
        problem: String,
        /// The start of the offending body or element.
        snippet: String,
    },
    /// The request could not be built; nothing was sent.
    #[error("{context}: invalid request: {problem}")]
    InvalidRequest {
        /// The call that was not made.
        context: CallContext,
        /// Why.
        problem: RequestProblem,
    },
}

/// What Pace's (Java, JDBC) faults say when its database was only busy, lower case: a MySQL or
/// SQL Server lock wait or deadlock, JDBC's transient exceptions, an exhausted connection pool.
const DATABASE_BUSY: [&str; 8] = [
    "lock wait timeout",
    "try restarting transaction",
    "deadlock",
    "sqltransientexception",
    "sqltransientconnectionexception",
    "transactionrollbackexception",
    "connection pool exhausted",
    "cannot get a connection, pool error",
];

impl PaceError {
    /// Whether trying the same call again later may succeed: transport failures (except TLS,
    /// which needs a certificate fix), HTTP 5xx, 408 and 429. Faults, not-found, bad logins,
    /// unexpected replies and invalid requests need a person.
    pub fn is_transient(&self) -> bool {
        match self {
            PaceError::Transport { kind, .. } => *kind != TransportKind::Tls,
            PaceError::HttpStatus { status, .. } => {
                *status >= 500 || *status == 408 || *status == 429
            }
            PaceError::Fault { .. } => self.is_database_busy(),
            PaceError::NotFound { .. }
            | PaceError::Authentication { .. }
            | PaceError::UnexpectedReply { .. }
            | PaceError::InvalidRequest { .. } => false,
        }
    }

    /// Whether this is a SOAP fault saying Pace's database was busy (a lock wait timeout, a
    /// deadlock, "try restarting transaction", an exhausted connection pool): Pace did nothing
    /// and the same request may succeed a moment later, so it is retried like a network error.
    pub fn is_database_busy(&self) -> bool {
        let PaceError::Fault { message, .. } = self else {
            return false;
        };
        let message = message.to_ascii_lowercase();
        DATABASE_BUSY.iter().any(|marker| message.contains(marker))
    }

    /// Whether Pace may have carried out the request although no answer came back (a timeout
    /// or a connection closed after sending). Before creating again, look the object up.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            PaceError::Transport {
                kind: TransportKind::Timeout
                    | TransportKind::ConnectionClosed
                    | TransportKind::Other,
                ..
            }
        )
    }

    /// Whether this is a "not found" answer.
    pub fn is_not_found(&self) -> bool {
        matches!(self, PaceError::NotFound { .. })
    }

    /// The call that failed.
    pub fn context(&self) -> &CallContext {
        match self {
            PaceError::NotFound { context, .. }
            | PaceError::Authentication { context }
            | PaceError::Fault { context, .. }
            | PaceError::Transport { context, .. }
            | PaceError::HttpStatus { context, .. }
            | PaceError::UnexpectedReply { context, .. }
            | PaceError::InvalidRequest { context, .. } => context,
        }
    }
}

/// `": {snippet}"`, or nothing when there is no snippet (an empty body, a reply not quoted), so
/// that a message never ends in a colon with nothing after it.
fn quoted(snippet: &str) -> String {
    if snippet.trim().is_empty() {
        String::new()
    } else {
        format!(": {snippet}")
    }
}

/// Cuts `text` to at most `max` characters (on a character boundary), marking the cut.
pub(crate) fn snippet(text: &str, max: usize) -> String {
    let trimmed = text.trim();
    match trimmed.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> CallContext {
        CallContext::operation("createJob")
            .with_type("Job")
            .with_key("123")
    }

    #[test]
    fn display_names_operation_type_and_key() {
        let error = PaceError::Fault {
            context: ctx(),
            code: None,
            message: "Invalid customer".into(),
        };
        assert_eq!(
            error.to_string(),
            "Pace createJob (Job '123'): Pace reported an error: Invalid customer"
        );
    }

    #[test]
    fn no_colon_ends_a_message_when_there_is_nothing_to_quote() {
        // Found by fuzzing: an empty body (or an HTTP 204) gave "…: the body is empty: ".
        let unexpected = |snippet: &str| PaceError::UnexpectedReply {
            context: ctx(),
            problem: "the body is empty".into(),
            snippet: snippet.into(),
        };
        assert_eq!(
            unexpected("").to_string(),
            "Pace createJob (Job '123'): unexpected reply from Pace: the body is empty"
        );
        assert_eq!(
            unexpected("<html/>").to_string(),
            "Pace createJob (Job '123'): unexpected reply from Pace: the body is empty: <html/>"
        );
        let status = |snippet: &str| PaceError::HttpStatus {
            context: ctx(),
            status: 502,
            snippet: snippet.into(),
        };
        assert_eq!(
            status("").to_string(),
            "Pace createJob (Job '123'): HTTP 502 from Pace without a SOAP fault"
        );
        assert_eq!(
            status("Bad Gateway").to_string(),
            "Pace createJob (Job '123'): HTTP 502 from Pace without a SOAP fault: Bad Gateway"
        );
    }

    #[test]
    fn transient_kinds() {
        let http = |status| PaceError::HttpStatus {
            context: ctx(),
            status,
            snippet: String::new(),
        };
        assert!(http(502).is_transient());
        assert!(http(500).is_transient());
        assert!(http(429).is_transient());
        assert!(!http(404).is_transient());
        let transport = |kind| PaceError::Transport {
            context: ctx(),
            kind,
            detail: String::new(),
        };
        assert!(transport(TransportKind::Timeout).is_transient());
        assert!(transport(TransportKind::Connect).is_transient());
        assert!(!transport(TransportKind::Tls).is_transient());
        assert!(transport(TransportKind::ConnectionClosed).outcome_unknown());
        assert!(!transport(TransportKind::Connect).outcome_unknown());
        assert!(!PaceError::Authentication { context: ctx() }.is_transient());
    }

    #[test]
    fn a_busy_database_is_retried_and_a_business_fault_is_not() {
        let fault = |message: &str| PaceError::Fault {
            context: ctx(),
            code: Some("soap:Server".into()),
            message: message.into(),
        };
        for busy in [
            "java.sql.SQLTransientException: Lock wait timeout exceeded; try restarting transaction",
            "Deadlock found when trying to get lock; try restarting transaction",
            "org.apache.commons.dbcp.SQLNestedException: Cannot get a connection, pool error Timeout waiting for idle object",
            "Connection pool exhausted",
        ] {
            assert!(fault(busy).is_transient(), "{busy}");
            assert!(fault(busy).is_database_busy(), "{busy}");
        }
        for business in [
            "All press candidates were eliminated, no suitable press to run this job.",
            "Unknown field 'active' on object 'CustomerStatus'",
            "Invalid customer",
        ] {
            assert!(!fault(business).is_transient(), "{business}");
        }
    }

    #[test]
    fn snippet_cuts_on_char_boundary() {
        assert_eq!(snippet("  ééééé  ", 3), "ééé…");
        assert_eq!(snippet("abc", 3), "abc");
    }
}
