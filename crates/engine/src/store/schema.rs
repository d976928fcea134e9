//! The database schema as a list of migration scripts, applied in order under
//! `PRAGMA user_version`, each in one transaction.
//!
//! Never edit a script that has shipped: add a new one at the end. Script `i` (from 0) brings the
//! database to version `i + 1`.

use super::error::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// The migration scripts, oldest first.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: orders, step journal, event log, incidents, service values.
    r#"
    CREATE TABLE orders (
        order_number        INTEGER PRIMARY KEY,
        order_id            TEXT NOT NULL,
        order_date          TEXT NOT NULL,
        site_name           TEXT NOT NULL,
        customer_email      TEXT NOT NULL,
        customer_name       TEXT NOT NULL,
        order_total         TEXT NOT NULL,
        item_count          INTEGER NOT NULL,
        snapshot            TEXT NOT NULL,
        state               TEXT NOT NULL,
        attempts            INTEGER NOT NULL DEFAULT 0,
        first_attempt_at    TEXT,
        next_attempt_at     TEXT,
        error_kind          TEXT,
        error_message       TEXT,
        error_hint          TEXT,
        skip_reason         TEXT,
        pace_jobs           TEXT NOT NULL DEFAULT '[]',
        pace_calls          INTEGER NOT NULL DEFAULT 0,
        first_seen_at       TEXT NOT NULL,
        snapshot_changed_at TEXT NOT NULL,
        state_changed_at    TEXT NOT NULL,
        updated_at          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX orders_by_state ON orders (state, next_attempt_at);
    CREATE INDEX orders_newest_first ON orders (order_date DESC, order_number DESC);

    CREATE TABLE journal (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        order_number INTEGER NOT NULL REFERENCES orders (order_number),
        step_ref     TEXT NOT NULL,
        action       TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('begun', 'done', 'failed')),
        pace_key     TEXT,
        failure      TEXT,
        begun_at     TEXT NOT NULL,
        finished_at  TEXT
    ) STRICT;
    CREATE INDEX journal_by_order ON journal (order_number, id);
    -- At most one open or done entry per step: a done step is never begun again.
    CREATE UNIQUE INDEX journal_one_live_entry_per_step
        ON journal (order_number, step_ref, action) WHERE status IN ('begun', 'done');

    CREATE TABLE events (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        at           TEXT NOT NULL,
        order_number INTEGER,
        kind         TEXT NOT NULL,
        message      TEXT NOT NULL,
        detail       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX events_by_order ON events (order_number, id);

    CREATE TABLE incidents (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_key TEXT NOT NULL,
        order_number INTEGER,
        summary      TEXT NOT NULL,
        opened_at    TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        occurrences  INTEGER NOT NULL DEFAULT 1,
        resolved_at  TEXT
    ) STRICT;
    CREATE UNIQUE INDEX incidents_one_open_per_key
        ON incidents (incident_key) WHERE resolved_at IS NULL;
    CREATE INDEX incidents_by_opening ON incidents (opened_at);

    CREATE TABLE service_values (
        name       TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 2: the local directory of Pace contacts and customers (store/directory.rs).
    r#"
    CREATE TABLE directory_contacts (
        id          INTEGER PRIMARY KEY,
        email       TEXT NOT NULL,
        email_key   TEXT NOT NULL,
        customer    TEXT NOT NULL,
        active      INTEGER NOT NULL,
        first_name  TEXT NOT NULL,
        last_name   TEXT NOT NULL,
        address1    TEXT NOT NULL,
        address2    TEXT NOT NULL,
        address3    TEXT NOT NULL,
        city        TEXT NOT NULL,
        state       TEXT NOT NULL,
        zip         TEXT NOT NULL,
        phone       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX directory_contacts_by_email ON directory_contacts (email_key);

    CREATE TABLE directory_customers (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        email       TEXT NOT NULL,
        email_key   TEXT NOT NULL,
        active      INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX directory_customers_by_email ON directory_customers (email_key);
    "#,
    // 3: changed after sync: the snapshot last sent to Pace (copied when a worker claims the
    // order), and the difference in words while an order is changed after sync.
    r#"
    ALTER TABLE orders ADD COLUMN sent_snapshot TEXT;
    ALTER TABLE orders ADD COLUMN change_after_sync TEXT;
    "#,
    // 4: whether an incident's alert was delivered (e-mailed, held for the digest, or nothing to
    // deliver): an incident recorded by a process killed before its e-mail is e-mailed by the
    // next. Incidents of an older database were reported when they opened.
    r#"
    ALTER TABLE incidents ADD COLUMN reported_at TEXT;
    UPDATE incidents SET reported_at = opened_at;
    "#,
    // 5: the creation key (`contact:<e-mail>`, `customer:<id>` …, worker/locks.rs) of a create
    // step that another order might create too: an order does not create what another order's
    // unanswered write may still commit. Entries of an older database have none.
    r#"
    ALTER TABLE journal ADD COLUMN creation_key TEXT;
    CREATE INDEX journal_open_creations ON journal (creation_key)
        WHERE status = 'begun' AND creation_key IS NOT NULL;
    "#,
];

/// The schema version this program writes.
#[cfg(test)]
pub(crate) fn latest_version() -> i64 {
    version_after(MIGRATIONS.len())
}

/// The version reached after `count` scripts.
fn version_after(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// Brings the database up to date with `scripts`; refuses a database newer than them.
pub(crate) fn migrate(connection: &mut Connection, scripts: &[&str]) -> Result<(), StoreError> {
    let known = version_after(scripts.len());
    let found: i64 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|source| StoreError::Migration { version: 0, source })?;
    if found > known {
        return Err(StoreError::NewerSchema { found, known });
    }
    for (index, script) in scripts
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
    {
        let version = version_after(index + 1);
        apply_script(connection, script, version)
            .map_err(|source| StoreError::Migration { version, source })?;
        tracing::info!(version, "sync database upgraded");
    }
    Ok(())
}

/// Runs one script and sets the version it reaches, in one transaction; nothing when the
/// database has reached that version meanwhile (another process opening it at the same time
/// upgraded it first: the version read before is checked again under the write lock).
fn apply_script(connection: &mut Connection, script: &str, version: i64) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let now: i64 = transaction.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if now >= version {
        return Ok(());
    }
    transaction.execute_batch(script)?;
    transaction.pragma_update(None, "user_version", version)?;
    transaction.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(connection: &Connection) -> i64 {
        connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn a_process_upgrading_a_database_another_just_upgraded_does_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sync.db");
        let mut first = Connection::open(&path).unwrap();
        let mut second = Connection::open(&path).unwrap();
        // Both read version 0; the first upgrades; the second runs the first script after it.
        migrate(&mut first, MIGRATIONS).unwrap();
        apply_script(&mut second, MIGRATIONS[0], 1).unwrap();
        assert_eq!(version(&second), latest_version());
    }

    #[test]
    fn migrates_from_empty_and_again_is_a_no_op() {
        let mut connection = Connection::open_in_memory().unwrap();
        migrate(&mut connection, MIGRATIONS).unwrap();
        assert_eq!(version(&connection), latest_version());
        // A second run must not re-run script 1 (it would fail: the tables exist).
        migrate(&mut connection, MIGRATIONS).unwrap();
        assert_eq!(version(&connection), latest_version());
    }

    #[test]
    fn applies_only_the_new_scripts_in_order() {
        let mut connection = Connection::open_in_memory().unwrap();
        let first = ["CREATE TABLE a (x INTEGER);"];
        migrate(&mut connection, &first).unwrap();
        let both = ["CREATE TABLE a (x INTEGER);", "INSERT INTO a VALUES (7);"];
        migrate(&mut connection, &both).unwrap();
        let rows: i64 = connection
            .query_row("SELECT count(*) FROM a WHERE x = 7", [], |row| row.get(0))
            .unwrap();
        assert_eq!((version(&connection), rows), (2, 1));
    }

    #[test]
    fn a_failing_script_leaves_the_version_and_tables_as_they_were() {
        let mut connection = Connection::open_in_memory().unwrap();
        let scripts = [
            "CREATE TABLE a (x INTEGER);",
            "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);",
        ];
        let error = migrate(&mut connection, &scripts).unwrap_err();
        assert!(
            matches!(error, StoreError::Migration { version: 2, .. }),
            "{error}"
        );
        assert_eq!(version(&connection), 1);
        let b_exists: i64 = connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'b'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(b_exists, 0, "script 2 was rolled back as a whole");
    }

    #[test]
    fn the_incidents_of_an_older_database_stay_reported() {
        let mut connection = Connection::open_in_memory().unwrap();
        migrate(&mut connection, &MIGRATIONS[..3]).unwrap();
        connection
            .execute(
                "INSERT INTO incidents (incident_key, summary, opened_at, last_seen_at)
                 VALUES ('pace:slow', 'Pace is slow', '2026-11-01T08:00:00Z',
                     '2026-11-02T08:00:00Z')",
                [],
            )
            .unwrap();
        migrate(&mut connection, MIGRATIONS).unwrap();
        let reported: Option<String> = connection
            .query_row("SELECT reported_at FROM incidents", [], |row| row.get(0))
            .unwrap();
        assert_eq!(reported.as_deref(), Some("2026-11-01T08:00:00Z"));
    }

    #[test]
    fn the_journal_of_an_older_database_opens_without_creation_keys() {
        let mut connection = Connection::open_in_memory().unwrap();
        migrate(&mut connection, &MIGRATIONS[..4]).unwrap();
        connection
            .execute_batch(
                "INSERT INTO orders (order_number, order_id, order_date, site_name,
                     customer_email, customer_name, order_total, item_count, snapshot, state,
                     first_seen_at, snapshot_changed_at, state_changed_at, updated_at)
                 VALUES (1, 'o', 'd', 's', 'e', 'n', '0', 1, '{}', 'syncing', 't', 't', 't', 't');
                 INSERT INTO journal (order_number, step_ref, action, status, begun_at)
                 VALUES (1, 'contact#1', 'create', 'begun', '2026-11-01T08:00:00Z');",
            )
            .unwrap();
        migrate(&mut connection, MIGRATIONS).unwrap();
        let key: Option<String> = connection
            .query_row("SELECT creation_key FROM journal", [], |row| row.get(0))
            .unwrap();
        assert_eq!(key, None);
    }

    #[test]
    fn a_newer_database_is_refused_clearly() {
        let mut connection = Connection::open_in_memory().unwrap();
        connection
            .pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let error = migrate(&mut connection, MIGRATIONS).unwrap_err();
        assert!(matches!(error, StoreError::NewerSchema { .. }), "{error}");
        assert!(error.to_string().contains("newer"), "{error}");
    }
}
