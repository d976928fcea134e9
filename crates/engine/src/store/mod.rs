//! The sync service's durable memory: one SQLite database (rusqlite, bundled) holding each
//! order's latest Pressero snapshot and sync state, the step journal of its Pace writes, the event
//! log, the poller's high-water mark and the alert incidents.
//!
//! The file lives in the platform's data directory (or `--data-dir`; see [`DATABASE_FILE_NAME`]),
//! in WAL mode with `synchronous=FULL`, so a committed write survives a crash or a power cut.
//! The schema is a list of versioned migrations under `PRAGMA user_version`.
//!
//! [`Store`] is a cheap `Clone` (one connection behind a mutex) and its calls are short and
//! synchronous, so async callers call it directly. No SQL lives outside this module, and nothing
//! here takes a secret: passwords never reach the database. Every timestamp is stored as UTC
//! RFC 3339 text.
//!
//! - orders: [`Store::upsert_snapshot`], [`Store::order`], [`Store::list_orders`],
//!   [`Store::state_counts`]
//! - the queue: [`Store::set_state`], [`Store::set_state_if`], [`Store::claim`],
//!   [`Store::due_orders`], [`Store::requeue_interrupted`], [`Store::record_attempt`],
//!   [`Store::add_pace_calls`]; every state change is written to the event log in the same
//!   transaction
//! - the step journal: [`Store::journal_begin`], [`Store::journal_begin_creation`],
//!   [`Store::journal_done`], [`Store::journal_failed`], [`Store::journal`],
//!   [`Store::completed_keys`], [`Store::interrupted_steps`], [`Store::open_creations`]
//! - the event log: [`Store::append_event`], [`Store::events_for`], [`Store::recent_events`],
//!   [`Store::events_after`]
//! - poll state: [`Store::high_water_mark`], [`Store::set_high_water_mark`],
//!   [`Store::setting_value`], [`Store::set_setting_value`]
//! - incidents: [`Store::record_incident`], [`Store::mark_incident_reported`],
//!   [`Store::resolve_incident`], [`Store::open_incidents`], [`Store::incidents_since`]

mod columns;
mod directory;
mod error;
mod events;
mod incidents;
mod journal;
mod orders;
mod poll;
mod queue;
mod schema;
mod state;

pub use directory::{DirectoryContact, DirectoryCustomer, email_key};
pub use error::StoreError;
pub use events::{Event, EventId, EventSearch, NewEvent, STATE_CHANGED};
pub use incidents::Incident;
pub use journal::{JournalEntry, JournalEntryId, StepOutcome};
pub use orders::{OrderFilter, OrderRecord, OrderRow, SnapshotChange};
pub use state::{ErrorKind, OrderError, OrderState, Transition, UnknownText};

use error::During;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The database's file name inside the data directory.
pub const DATABASE_FILE_NAME: &str = "pressero-pace-sync.sqlite3";

/// How long a call waits for another connection's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The sync database. Cheap to clone; all clones share one connection.
#[derive(Debug, Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (creating it and its folder if needed) the database at `path`, switches it to WAL
    /// with `synchronous=FULL` and foreign keys on, and brings its schema up to date.
    ///
    /// A database written by a newer program is refused with [`StoreError::NewerSchema`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        if let Some(folder) = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::CreateFolder {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let connection = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::prepare(connection, path)
    }

    /// Opens the database [`DATABASE_FILE_NAME`] in `data_dir` (the platform's data directory or
    /// the `--data-dir` the user gave).
    pub fn open_in_data_dir(data_dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open(data_dir.as_ref().join(DATABASE_FILE_NAME))
    }

    /// A private database in memory, gone when the last clone is dropped (tests, previews).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = Path::new(":memory:");
        let connection = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::prepare(connection, path)
    }

    /// Sets the pragmas and migrates.
    fn prepare(mut connection: Connection, path: &Path) -> Result<Store, StoreError> {
        let open_error = |source| StoreError::Open {
            path: PathBuf::from(path),
            source,
        };
        connection.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        // An in-memory database answers `memory`: WAL applies to files only.
        let _mode: String = connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(open_error)?;
        connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(open_error)?;
        connection
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(open_error)?;
        schema::migrate(&mut connection, schema::MIGRATIONS)?;
        Ok(Store {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// The connection. A panic in another caller cannot leave a half-done write behind (an
    /// unfinished transaction rolls back when dropped), so a poisoned lock is still usable.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs a read.
    fn read<T>(
        &self,
        reading: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        reading(&self.lock())
    }

    /// Runs `writing` in one immediate transaction (the write lock is taken at the start, so a
    /// read-then-write inside it is atomic even against other connections), committed when it
    /// returns `Ok`.
    fn write<T>(
        &self,
        operation: &'static str,
        order: Option<u64>,
        writing: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut connection = self.lock();
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .during(operation, order)?;
        let result = writing(&transaction)?;
        transaction.commit().during(operation, order)?;
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::temp_store;

    fn pragma(store: &Store, name: &str) -> String {
        store
            .read(|connection| {
                connection
                    .pragma_query_value(None, name, |row| row.get::<_, rusqlite::types::Value>(0))
                    .during("read a pragma", None)
            })
            .map(|value| match value {
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Text(text) => text,
                other => format!("{other:?}"),
            })
            .unwrap()
    }

    #[test]
    fn a_file_store_is_in_wal_with_full_sync_and_foreign_keys() {
        let (_dir, store) = temp_store();
        assert_eq!(pragma(&store, "journal_mode"), "wal");
        assert_eq!(pragma(&store, "synchronous"), "2", "FULL is 2");
        assert_eq!(pragma(&store, "foreign_keys"), "1");
        assert_eq!(
            pragma(&store, "user_version"),
            schema::latest_version().to_string()
        );
    }

    #[test]
    fn open_creates_missing_folders_and_reopening_keeps_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a").join("b");
        let store = Store::open_in_data_dir(&nested).unwrap();
        drop(store);
        assert!(nested.join(DATABASE_FILE_NAME).is_file());
        let store = Store::open_in_data_dir(&nested).unwrap();
        assert_eq!(
            pragma(&store, "user_version"),
            schema::latest_version().to_string()
        );
    }

    #[test]
    fn opening_a_newer_database_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.sqlite3");
        let connection = Connection::open(&path).unwrap();
        connection
            .pragma_update(None, "user_version", schema::latest_version() + 5)
            .unwrap();
        drop(connection);
        let error = Store::open(&path).unwrap_err();
        assert!(matches!(error, StoreError::NewerSchema { .. }), "{error}");
    }

    #[test]
    fn everything_written_survives_a_crash_like_stop() {
        use crate::test_support::{at, site_order};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_data_dir(dir.path()).unwrap();
        store
            .upsert_snapshot(&site_order(31, "Acme", "buyer@acme.example"), at(0))
            .unwrap();
        store.set_state(31, Transition::Ready).unwrap();
        assert!(store.claim(31, at(1)).unwrap());
        store.record_attempt(31, at(1)).unwrap();
        store.add_pace_calls(31, 5).unwrap();
        let job = store.journal_begin(31, "job#1", "create").unwrap();
        store.journal_done(job, "J31").unwrap();
        store.journal_begin(31, "job#1/part#1", "update").unwrap();
        store.set_high_water_mark(at(45)).unwrap();
        store
            .record_incident("pace:slow", None, "Pace is slow")
            .unwrap();
        store.mark_incident_reported("pace:slow").unwrap();
        let events = store.events_after(EventId(0)).unwrap();

        // No orderly close: the connection is leaked, the WAL is never checkpointed.
        std::mem::forget(store);
        let wal = dir.path().join(format!("{DATABASE_FILE_NAME}-wal"));
        assert!(
            std::fs::metadata(&wal).unwrap().len() > 0,
            "the writes are in the WAL"
        );

        let store = Store::open_in_data_dir(dir.path()).unwrap();
        let row = store.order(31).unwrap().unwrap().row;
        assert_eq!(
            (row.state, row.attempts, row.pace_calls),
            (OrderState::Syncing, 1, 5)
        );
        assert_eq!(
            store
                .completed_keys(31)
                .unwrap()
                .get("job#1")
                .map(String::as_str),
            Some("J31")
        );
        assert_eq!(store.interrupted_steps(31).unwrap().len(), 1);
        assert_eq!(store.high_water_mark().unwrap(), Some(at(45)));
        assert!(!store.record_incident("pace:slow", None, "again").unwrap());
        assert_eq!(store.events_after(EventId(0)).unwrap(), events);
        assert_eq!(store.requeue_interrupted().unwrap().len(), 1);
    }

    #[test]
    fn store_is_clone_send_sync() {
        fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
        assert_shareable::<Store>();
    }
}
