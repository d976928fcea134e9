//! TransactionService: `startTransaction(in0 timeout seconds)` with header
//! `<process xmlns="transaction">startTransaction</process>` → the transaction id; `commit` and
//! `rollback` with headers `process` and `txnId`. Calls to other services carrying the `txnId`
//! header are staged in the transaction (see [`crate::services::handle`]).

use std::time::Duration;

use crate::services::{Call, no_such_operation};
use crate::soap::fault::Fault;
use crate::soap::reply;
use crate::state::PaceState;

/// Pace's default transaction timeout, in seconds.
const DEFAULT_TIMEOUT_SECONDS: u64 = 60;

/// Answers one TransactionService operation.
pub fn handle(state: &mut PaceState, call: &Call<'_>) -> Result<String, Fault> {
    let operation = call.operation_name();
    if !matches!(operation, "startTransaction" | "commit" | "rollback") {
        return Err(no_such_operation(call));
    }
    if call.envelope.header("process") != Some(operation) {
        return Err(Fault::client(format!(
            "Operation '{operation}' needs the SOAP header <process xmlns=\"transaction\">{operation}</process>"
        )));
    }
    let transaction_id = call.envelope.header("txnId");
    match (operation, transaction_id) {
        ("startTransaction", _) => {
            let timeout = call
                .operation()
                .child_text("in0")
                .filter(|t| !t.is_empty())
                .map(|t| {
                    t.parse::<u64>().map_err(|_| {
                        Fault::client(format!("Transaction timeout is not a whole number: '{t}'"))
                    })
                })
                .transpose()?
                .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
            let id = state.start_transaction(Duration::from_secs(timeout));
            Ok(reply::response(
                call.service,
                operation,
                Some(&reply::text(&id)),
            ))
        }
        (_, None) => Err(Fault::invalid_transaction()),
        ("commit", Some(id)) => {
            state.commit_transaction(id)?;
            Ok(reply::response(call.service, operation, None))
        }
        (_, Some(id)) => {
            state.discard_transaction(id)?;
            Ok(reply::response(call.service, operation, None))
        }
    }
}
