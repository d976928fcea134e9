//! The store's error type: every failure names the operation and, when there is one, the order.

use std::path::PathBuf;
use thiserror::Error;

/// What went wrong in the sync database.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The folder that should hold the database could not be created.
    #[error("cannot create the folder {path} for the sync database: {source}")]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database file could not be opened or configured.
    #[error("cannot open the sync database {path}: {source}")]
    Open {
        /// The database file (`:memory:` for an in-memory store).
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The database was written by a newer version of the program.
    #[error(
        "the sync database is at schema version {found}, newer than this program knows \
         ({known}): run a newer Pressero → Pace Sync, or point --data-dir at another folder"
    )]
    NewerSchema {
        /// The version found in the file.
        found: i64,
        /// The newest version this program knows.
        known: i64,
    },
    /// A migration script failed; the database stays at the version before it.
    #[error("cannot upgrade the sync database to schema version {version}: {source}")]
    Migration {
        /// The version the failed script would have reached.
        version: i64,
        /// Why.
        source: rusqlite::Error,
    },
    /// SQLite refused an operation.
    #[error("cannot {operation}{}: {source}", for_order(*.order))]
    Sqlite {
        /// What the store was doing, e.g. `record the snapshot`.
        operation: &'static str,
        /// The order concerned, if any.
        order: Option<u64>,
        /// Why.
        source: rusqlite::Error,
    },
    /// The order is not in the store.
    #[error("cannot {operation}: order {order} is not in the sync database")]
    UnknownOrder {
        /// What the store was doing.
        operation: &'static str,
        /// The order number.
        order: u64,
    },
    /// The order's stored Pressero snapshot is not valid JSON of an order.
    #[error(
        "the stored Pressero snapshot of order {order} cannot be read ({source}); \
         it will be replaced by the next poll of that order"
    )]
    CorruptSnapshot {
        /// The order number.
        order: u64,
        /// Why.
        source: serde_json::Error,
    },
    /// A value could not be turned into JSON for storage.
    #[error("cannot {operation}{}: {source}", for_order(*.order))]
    Encode {
        /// What the store was doing.
        operation: &'static str,
        /// The order concerned, if any.
        order: Option<u64>,
        /// Why.
        source: serde_json::Error,
    },
    /// A plan step was begun while an earlier attempt at it is still open (neither done nor
    /// failed): the earlier attempt must be settled first (looked up in Pace, then marked done or
    /// failed).
    #[error(
        "order {order}: step {step_ref} ({action}) was already begun (journal entry {entry}) \
         and never finished; settle that entry before beginning the step again"
    )]
    StepAlreadyBegun {
        /// The order number.
        order: u64,
        /// The step's reference.
        step_ref: String,
        /// The step's action, as stored.
        action: String,
        /// The open journal entry.
        entry: i64,
    },
    /// A plan step was begun again after it was done: doing it twice could create a second
    /// Pace object.
    #[error("order {order}: step {step_ref} ({action}) is already done (Pace key {pace_key})")]
    StepAlreadyDone {
        /// The order number.
        order: u64,
        /// The step's reference.
        step_ref: String,
        /// The step's action, as stored.
        action: String,
        /// The Pace key recorded when it was done.
        pace_key: String,
    },
    /// A journal entry id that the store never gave out.
    #[error("cannot {operation}: journal entry {entry} does not exist")]
    UnknownJournalEntry {
        /// What the store was doing.
        operation: &'static str,
        /// The entry id.
        entry: i64,
    },
    /// A journal entry was marked done or failed a second time.
    #[error(
        "cannot {operation}: journal entry {entry} (order {order}, step {step_ref}) \
         is already {status}"
    )]
    JournalEntryClosed {
        /// What the store was doing.
        operation: &'static str,
        /// The entry id.
        entry: i64,
        /// The order number.
        order: u64,
        /// The step's reference.
        step_ref: String,
        /// `done` or `failed`.
        status: String,
    },
}

/// ` for order N`, or nothing.
fn for_order(order: Option<u64>) -> String {
    order.map(|n| format!(" for order {n}")).unwrap_or_default()
}

/// Attaches the operation (and order) to a SQLite error.
pub(crate) trait During<T> {
    /// Names what the store was doing when SQLite failed.
    fn during(self, operation: &'static str, order: Option<u64>) -> Result<T, StoreError>;
}

impl<T> During<T> for Result<T, rusqlite::Error> {
    fn during(self, operation: &'static str, order: Option<u64>) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sqlite {
            operation,
            order,
            source,
        })
    }
}
