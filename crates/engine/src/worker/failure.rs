//! Why syncing an order failed, and the one place that decides what that means: retry later
//! (transient) or wait for a person (permanent), with the message and the fix staff see.

use crate::apply::ApplyError;
use crate::plan::PlanError;
use crate::resolve::ResolveError;
use crate::store::{ErrorKind, OrderError, StoreError};
use chrono::Duration;

/// A failed sync of one order, from whichever stage failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncFailure {
    /// The read-only Pace look-ups failed.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// The order cannot be planned until something is fixed.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Writing to Pace (or back to Pressero) failed at one step.
    #[error(transparent)]
    Apply(#[from] ApplyError),
    /// Each time the order waited for the locks of the customer or contacts it creates, the plan
    /// made again needed others (Pace changed meanwhile): tried again later.
    #[error(
        "order {order}: the Pace customer or contacts it needs changed while it waited for another order creating them"
    )]
    CustomerKeptChanging {
        /// The order.
        order: u64,
    },
    /// The sync database failed.
    #[error("order {order}: the sync database failed: {source}")]
    Store {
        /// The order.
        order: u64,
        /// The store's error.
        source: StoreError,
    },
}

/// What to tell staff about a transient failure while it is retried.
const TRANSIENT_HINT: &str = "Nothing to do yet: the order is tried again automatically. If it \
    keeps failing, check that Pace and Pressero are up and the connection settings (Settings → \
    Test connections).";

/// What to tell staff when Pace's database was busy (a lock wait, a deadlock): it is not the
/// network nor the settings, and retrying is all it takes.
const DATABASE_BUSY_HINT: &str = "Pace's database was busy (another user or process held a \
    lock): nothing to fix; the order is tried again automatically. If it keeps happening, ask \
    your Pace administrator about long-running jobs or reports at this time of day.";

/// What to tell staff while a write that was never answered may still be saved by Pace.
const IN_FLIGHT_HINT: &str = "Nothing to do: a write to Pace for this order was never answered \
    (the connection was lost, Pace was slow, or the program stopped), so the order waits until \
    Pace has surely finished it, then looks in Pace and carries on without creating anything \
    twice. If Pace is often this slow, raise Settings → Pace → request timeout.";

/// What to tell staff while another order's unanswered create of the same customer or contact
/// may still be saved by Pace.
const OTHER_IN_FLIGHT_HINT: &str = "Nothing to do: another order's write of the same new \
    customer or contact to Pace was never answered (the connection was lost, Pace was slow, or \
    the program stopped), so this order waits until Pace has surely finished it, then looks in \
    Pace again and uses what Pace saved instead of creating it twice. If Pace is often this \
    slow, raise Settings → Pace → request timeout.";

impl SyncFailure {
    /// When the order may be tried again at the earliest, if the failure says (a write that may
    /// still be in flight in Pace).
    pub fn not_before(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        match self {
            SyncFailure::Apply(error) => error.not_before(),
            _ => None,
        }
    }
}

/// Decides, once, how a failure is handled: transient failures (network, timeouts, HTTP 5xx,
/// expired sessions, a busy database) are retried; everything else waits for a person. The
/// decision comes from the clients' own `is_transient()`; a plan error is always permanent.
pub fn classify(failure: &SyncFailure) -> OrderError {
    let message = failure.to_string();
    let (kind, hint) = match failure {
        SyncFailure::Resolve(error) if error.is_pace_database_busy() => {
            (ErrorKind::Transient, DATABASE_BUSY_HINT)
        }
        SyncFailure::Apply(error) if error.is_pace_database_busy() => {
            (ErrorKind::Transient, DATABASE_BUSY_HINT)
        }
        SyncFailure::Apply(ApplyError::AnotherOrderMayStillBeCreating { .. }) => {
            (ErrorKind::Transient, OTHER_IN_FLIGHT_HINT)
        }
        SyncFailure::Apply(error) if error.not_before().is_some() => {
            (ErrorKind::Transient, IN_FLIGHT_HINT)
        }
        SyncFailure::Resolve(error) if error.is_transient() => {
            (ErrorKind::Transient, TRANSIENT_HINT)
        }
        SyncFailure::Resolve(_) => (
            ErrorKind::Permanent,
            "Pace refused or could not answer the look-up: check the Pace login and connection \
             settings (Settings → Test connections) and the object named, then push the order \
             again.",
        ),
        SyncFailure::Plan(error) => (ErrorKind::Permanent, plan_hint(error)),
        SyncFailure::Apply(error) if error.is_transient() => (ErrorKind::Transient, TRANSIENT_HINT),
        SyncFailure::Apply(_) => (
            ErrorKind::Permanent,
            "Pace refused the change: correct what the message names (in the settings, the \
             rules or in Pace), then push the order again. What was already created in Pace is \
             kept and not created twice.",
        ),
        SyncFailure::Store { .. } | SyncFailure::CustomerKeptChanging { .. } => {
            (ErrorKind::Transient, TRANSIENT_HINT)
        }
    };
    OrderError {
        kind,
        message,
        hint: hint.to_owned(),
    }
}

/// The fix for a plan error (its message already says what to change; this says where).
fn plan_hint(error: &PlanError) -> &'static str {
    match error {
        PlanError::Settings { .. } => "Fix the settings named, then push the order again.",
        PlanError::CustomerNotIdentified { .. }
        | PlanError::ContactsOfSeveralCustomers { .. }
        | PlanError::ContactNotFound { .. }
        | PlanError::NoFreeCustomerId { .. } => {
            "Fix the customer or contact in Pace (or the storefront's Integration ID in \
             Pressero), then push the order again."
        }
        PlanError::BadOrder { .. }
        | PlanError::BadJobTypeAttribute { .. }
        | PlanError::UnknownItemTemplate { .. } => {
            "Correct the order or the product in Pressero (or add what is missing in Pace), then \
             push the order again."
        }
        _ => {
            "Fix what the message names in the settings' rules or in Pace, then push the order again."
        }
    }
}

/// The error of an order whose transient failures went on past the give-up age: it now needs
/// a person (the kind stays transient: the cause was passing, it just did not pass in time).
pub fn given_up(last: OrderError, attempts: u32, age: Duration) -> OrderError {
    let hours = age.num_hours();
    let age = if hours >= 1 {
        format!("{hours} h")
    } else {
        format!("{} min", age.num_minutes())
    };
    OrderError {
        kind: last.kind,
        message: format!(
            "gave up after {attempts} attempt(s) over {age}; the last error: {}",
            last.message
        ),
        hint: "Pace or Pressero has failed for too long. Check that both are up and the \
               connection settings (Settings → Test connections), then push the order again."
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_error_is_permanent_with_its_fix() {
        let error = classify(&SyncFailure::Plan(PlanError::ContactsOfSeveralCustomers {
            order: 10010,
            email: "shared@buyers.example".into(),
            customers: vec!["BLUEHILL".into(), "NORTHWIND".into()],
        }));
        assert_eq!(error.kind, ErrorKind::Permanent);
        assert!(error.message.contains("order 10010"), "{}", error.message);
        assert!(error.hint.contains("Pace"), "{}", error.hint);
    }

    #[test]
    fn a_giving_up_error_says_how_long_and_keeps_the_last_message() {
        let last = OrderError {
            kind: ErrorKind::Transient,
            message: "Pace did not answer".into(),
            hint: TRANSIENT_HINT.into(),
        };
        let error = given_up(last, 9, Duration::hours(25));
        assert!(
            error.message.contains("9 attempt(s) over 25 h")
                && error.message.contains("Pace did not answer"),
            "{}",
            error.message
        );
        assert_ne!(error.hint, TRANSIENT_HINT);
    }
}
