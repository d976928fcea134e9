//! The SOAP services: routing one parsed envelope to its operation, inside a transaction when
//! it carries a `txnId` header (a fault there rolls the transaction back, as Pace does).

pub mod actions;
pub mod attachments;
pub mod find;
pub mod objects;
pub mod transactions;

use chrono::{DateTime, Utc};

use crate::schema::{ObjectType, object_type};
use crate::soap::fault::Fault;
use crate::soap::request::{Element, Envelope};
use crate::soap::service_namespace;
use crate::state::PaceState;
use crate::store::write::{SentField, UnknownFields, Writer};
use crate::store::{Sequences, Tables};

/// The services the simulator answers; any other name in the URL is a 404.
pub const SERVICES: &[&str] = &[
    "FindObjects",
    "ReadObject",
    "CreateObject",
    "UpdateObject",
    "DeleteObject",
    "InvokeAction",
    "Version",
    "AttachmentService",
    "TransactionService",
];

/// One call, as the HTTP layer hands it over.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The service named in the URL.
    pub service: &'a str,
    /// The request.
    pub envelope: &'a Envelope,
    /// The clock reading for this call.
    pub now: DateTime<Utc>,
    /// The API login.
    pub user: &'a str,
    /// What `getVersion` answers.
    pub version: &'a str,
}

impl Call<'_> {
    /// The operation element.
    pub fn operation(&self) -> &Element {
        &self.envelope.operation
    }

    /// The operation name (`createJob`, `find` …).
    pub fn operation_name(&self) -> &str {
        &self.envelope.operation.name
    }
}

/// The tables a call works on (live, or a transaction's copy) and the sequences.
#[derive(Debug)]
pub struct Session<'a> {
    /// Where reads and writes go.
    pub tables: &'a mut Tables,
    /// Key sequences.
    pub sequences: &'a mut Sequences,
    /// What creates and updates do with unknown fields.
    pub unknown_fields: &'a UnknownFields,
}

impl Session<'_> {
    /// A writer over this session for `call`.
    pub fn writer<'w>(&'w mut self, call: &Call<'w>) -> Writer<'w> {
        Writer {
            tables: self.tables,
            sequences: self.sequences,
            now: call.now,
            user: call.user,
            unknown_fields: self.unknown_fields,
        }
    }
}

/// Answers one call: the reply envelope, or a fault.
pub fn handle(state: &mut PaceState, call: &Call<'_>) -> Result<String, Fault> {
    let expected = service_namespace(call.service);
    if call.operation().namespace.as_deref() != Some(expected.as_str()) {
        return Err(Fault::client(format!(
            "Operation '{}' is not in namespace '{expected}'",
            call.operation_name()
        )));
    }
    if call.service == "TransactionService" {
        return transactions::handle(state, call);
    }
    let unknown_fields = state.unknown_fields.clone();
    let Some(transaction_id) = call.envelope.header("txnId") else {
        let mut session = Session {
            tables: &mut state.live,
            sequences: &mut state.sequences,
            unknown_fields: &unknown_fields,
        };
        return dispatch(&mut session, call);
    };
    let transaction_id = transaction_id.to_owned();
    let outcome = {
        let (transaction, sequences) = state.transaction_and_sequences(&transaction_id)?;
        let mut session = Session {
            tables: &mut transaction.tables,
            sequences,
            unknown_fields: &unknown_fields,
        };
        dispatch(&mut session, call)
    };
    if outcome.is_err() {
        // Pace has already rolled the transaction back when it answers a fault inside one.
        let _ = state.discard_transaction(&transaction_id);
    }
    outcome
}

fn dispatch(session: &mut Session<'_>, call: &Call<'_>) -> Result<String, Fault> {
    match call.service {
        "FindObjects" => find::handle(session, call),
        "ReadObject" => objects::read(session, call),
        "CreateObject" => objects::create(session, call),
        "UpdateObject" => objects::update(session, call),
        "DeleteObject" => objects::delete(session, call),
        "InvokeAction" => actions::invoke(session, call),
        "Version" => actions::version(call),
        "AttachmentService" => attachments::handle(session, call),
        _ => Err(no_such_operation(call)),
    }
}

/// The fault for an operation the service does not have.
pub fn no_such_operation(call: &Call<'_>) -> Fault {
    Fault::client(format!(
        "No such operation '{}' on service '{}'",
        call.operation_name(),
        call.service
    ))
}

/// The type named by an operation like `readJobPart` after `prefix`.
pub fn type_from_operation(call: &Call<'_>, prefix: &str) -> Result<&'static ObjectType, Fault> {
    let name = call
        .operation_name()
        .strip_prefix(prefix)
        .filter(|rest| !rest.is_empty())
        .ok_or_else(|| no_such_operation(call))?;
    object_type(name).ok_or_else(|| Fault::unknown_type(name))
}

/// The type named by text (`in0` of `find`, `deleteObject` …).
pub fn type_named(name: Option<&str>) -> Result<&'static ObjectType, Fault> {
    let name = name.unwrap_or_default();
    object_type(name).ok_or_else(|| Fault::unknown_type(name))
}

/// The fields of an object parameter element, as sent.
pub fn sent_fields(object: &Element) -> Vec<SentField> {
    object
        .children
        .iter()
        .map(|field| SentField {
            name: field.name.clone(),
            value: (!field.nil).then(|| field.text.clone()),
        })
        .collect()
}

/// The object parameter of a typed operation: the child named `lcfirst(Type)`.
pub fn object_parameter<'e>(
    call: &'e Call<'_>,
    object_type: &ObjectType,
) -> Result<&'e Element, Fault> {
    let name = object_type.parameter_name();
    call.operation().child(&name).ok_or_else(|| {
        Fault::client(format!(
            "Missing parameter '{name}' of operation '{}'",
            call.operation_name()
        ))
    })
}
