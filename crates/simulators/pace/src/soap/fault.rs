//! A SOAP fault as the simulator answers it: HTTP 500 with `soap:Fault`, whose `faultcode` says
//! whether the caller (`soap:Client`) or the server (`soap:Server`) is to blame.

use std::fmt;

/// Who is to blame for a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultCode {
    /// The request was wrong (malformed XML, unknown operation, type or field, bad XPath).
    Client,
    /// The request was understood but Pace refused it (object not found, integrity rule,
    /// invalid transaction).
    Server,
}

impl FaultCode {
    /// The `faultcode` text.
    pub fn as_str(self) -> &'static str {
        match self {
            FaultCode::Client => "soap:Client",
            FaultCode::Server => "soap:Server",
        }
    }
}

/// A SOAP fault: a code and the `faultstring` a client shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Who is to blame.
    pub code: FaultCode,
    /// The message.
    pub message: String,
}

impl Fault {
    /// A fault blamed on the request.
    pub fn client(message: impl Into<String>) -> Self {
        Fault {
            code: FaultCode::Client,
            message: message.into(),
        }
    }

    /// A fault raised by Pace's business rules.
    pub fn server(message: impl Into<String>) -> Self {
        Fault {
            code: FaultCode::Server,
            message: message.into(),
        }
    }

    /// `Unknown field 'x' on object 'Type'` (the wording Pace's XPath engine uses).
    pub fn unknown_field(field: &str, object_type: &str) -> Self {
        Fault::client(format!("Unknown field '{field}' on object '{object_type}'"))
    }

    /// `Unknown object type 'X'`.
    pub fn unknown_type(object_type: &str) -> Self {
        Fault::client(format!("Unknown object type '{object_type}'"))
    }

    /// The read-miss fault; clients test that it *starts with* `Unable to locate object`.
    pub fn not_found(object_type: &str, key: &str) -> Self {
        Fault::server(format!(
            "Unable to locate object: {object_type} with primary key '{key}'"
        ))
    }

    /// `The transaction is invalid.`
    pub fn invalid_transaction() -> Self {
        Fault::server("The transaction is invalid.")
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}
