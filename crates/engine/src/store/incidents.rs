//! Alert incidents: one e-mail per incident, not per retry. An incident is open from the first
//! time its key is recorded until it is resolved; recording the same key meanwhile only counts
//! the occurrence. After it is resolved, the key opens a new incident.
//!
//! An incident also remembers whether its alert was delivered (`reported_at`: e-mailed, held for
//! the digest, or nothing to deliver). Recording is committed before the e-mail is sent, so a
//! process killed in between leaves an open incident never reported; recording it again (the
//! next process replays the event) says it must still be reported.

use super::Store;
use super::columns::{StoredTime, optional_time, time_text};
use super::error::{During, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, named_params};
use serde::{Deserialize, Serialize};

/// One incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    /// What identifies it, e.g. `order:1234:needs_attention` or `pace:unreachable`.
    pub key: String,
    /// The order it concerns, if any.
    pub order: Option<u64>,
    /// One line for the alert and the digest.
    pub summary: String,
    /// When it was first recorded.
    pub opened_at: DateTime<Utc>,
    /// When it was last recorded.
    pub last_seen_at: DateTime<Utc>,
    /// How many times it was recorded while open.
    pub occurrences: u32,
    /// When it was resolved; `None` while open.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When its alert was delivered ([`Store::mark_incident_reported`]); `None` until then.
    pub reported_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Records an occurrence of the incident `key`. Returns `true` if its alert must be sent:
    /// this opened a new incident, or the open incident was never reported (the process that
    /// opened it stopped before its alert went out); `false` if the open incident was reported.
    pub fn record_incident(
        &self,
        key: &str,
        order: Option<u64>,
        summary: &str,
    ) -> Result<bool, StoreError> {
        let operation = "record an incident";
        self.write(operation, order, |transaction| {
            let now = time_text(Utc::now());
            let open: Option<(i64, bool)> = transaction
                .query_row(
                    "SELECT id, reported_at IS NOT NULL FROM incidents
                     WHERE incident_key = ?1 AND resolved_at IS NULL",
                    [key],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .during(operation, order)?;
            match open {
                Some((id, reported)) => {
                    transaction
                        .execute(
                            "UPDATE incidents SET occurrences = occurrences + 1, last_seen_at = ?1
                             WHERE id = ?2",
                            rusqlite::params![now, id],
                        )
                        .during(operation, order)?;
                    Ok(!reported)
                }
                None => {
                    transaction
                        .execute(
                            "INSERT INTO incidents (incident_key, order_number, summary, opened_at,
                                 last_seen_at)
                             VALUES (:key, :order, :summary, :now, :now)",
                            named_params! {
                                ":key": key, ":order": order, ":summary": summary, ":now": now,
                            },
                        )
                        .during(operation, order)?;
                    Ok(true)
                }
            }
        })
    }

    /// Marks the open incident `key` reported: its alert was delivered (or there was nothing to
    /// deliver), so recording it again does not send it again. Returns whether one was open.
    pub fn mark_incident_reported(&self, key: &str) -> Result<bool, StoreError> {
        let operation = "mark an incident reported";
        self.write(operation, None, |transaction| {
            let changed = transaction
                .execute(
                    "UPDATE incidents SET reported_at = ?1
                     WHERE incident_key = ?2 AND resolved_at IS NULL AND reported_at IS NULL",
                    rusqlite::params![time_text(Utc::now()), key],
                )
                .during(operation, None)?;
            Ok(changed > 0)
        })
    }

    /// Resolves the open incident `key`, so that a later recurrence is a new incident. Returns
    /// whether one was open.
    pub fn resolve_incident(&self, key: &str) -> Result<bool, StoreError> {
        let operation = "resolve an incident";
        self.write(operation, None, |transaction| {
            let changed = transaction
                .execute(
                    "UPDATE incidents SET resolved_at = ?1
                     WHERE incident_key = ?2 AND resolved_at IS NULL",
                    rusqlite::params![time_text(Utc::now()), key],
                )
                .during(operation, None)?;
            Ok(changed > 0)
        })
    }

    /// The open incidents, oldest first.
    pub fn open_incidents(&self) -> Result<Vec<Incident>, StoreError> {
        self.read(|connection| {
            select_incidents(
                connection,
                "WHERE resolved_at IS NULL ORDER BY opened_at, id",
                &[],
                "read the open incidents",
            )
        })
    }

    /// The incidents opened at or after `since` (open or resolved), oldest first: a daily
    /// digest's content.
    pub fn incidents_since(&self, since: DateTime<Utc>) -> Result<Vec<Incident>, StoreError> {
        self.read(|connection| {
            select_incidents(
                connection,
                "WHERE opened_at >= :since ORDER BY opened_at, id",
                named_params! { ":since": time_text(since) },
                "read the incidents since a time",
            )
        })
    }
}

/// Selects incidents with a `WHERE …` tail.
fn select_incidents(
    connection: &Connection,
    tail: &str,
    parameters: &[(&str, &dyn ToSql)],
    operation: &'static str,
) -> Result<Vec<Incident>, StoreError> {
    let sql = format!(
        "SELECT incident_key, order_number, summary, opened_at, last_seen_at, occurrences,
             resolved_at, reported_at
         FROM incidents {tail}"
    );
    let mut statement = connection.prepare_cached(&sql).during(operation, None)?;
    let incidents = statement
        .query_map(parameters, read_incident)
        .during(operation, None)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .during(operation, None)?;
    Ok(incidents)
}

/// One incident row.
fn read_incident(row: &Row<'_>) -> rusqlite::Result<Incident> {
    let StoredTime(opened_at) = row.get("opened_at")?;
    let StoredTime(last_seen_at) = row.get("last_seen_at")?;
    Ok(Incident {
        key: row.get("incident_key")?,
        order: row.get("order_number")?,
        summary: row.get("summary")?,
        opened_at,
        last_seen_at,
        occurrences: row.get("occurrences")?,
        resolved_at: optional_time(row.get("resolved_at")?),
        reported_at: optional_time(row.get("reported_at")?),
    })
}

#[cfg(test)]
mod tests {
    use crate::test_support::temp_store;

    #[test]
    fn an_incident_is_new_once_until_resolved() {
        let (_dir, store) = temp_store();
        let key = "order:12:needs_attention";
        assert!(
            store
                .record_incident(key, Some(12), "Order 12 needs attention")
                .unwrap()
        );
        assert!(
            store
                .record_incident(key, Some(12), "Order 12 needs attention")
                .unwrap(),
            "open but never reported: still to report"
        );
        assert!(store.mark_incident_reported(key).unwrap());
        assert!(
            !store
                .record_incident(key, Some(12), "Order 12 needs attention")
                .unwrap()
        );
        assert!(!store.record_incident(key, Some(12), "again").unwrap());
        assert!(
            store
                .record_incident("pace:unreachable", None, "Pace down")
                .unwrap()
        );

        let open = store.open_incidents().unwrap();
        assert_eq!(open.len(), 2);
        assert_eq!((open[0].key.as_str(), open[0].occurrences), (key, 4));
        assert!(open[0].reported_at.is_some());
        assert!(open[1].reported_at.is_none());
        assert_eq!(
            open[0].summary, "Order 12 needs attention",
            "the first summary is kept"
        );
        assert_eq!(open[0].order, Some(12));

        assert!(store.resolve_incident(key).unwrap());
        assert!(
            !store.resolve_incident(key).unwrap(),
            "nothing open any more"
        );
        assert_eq!(store.open_incidents().unwrap().len(), 1);
        assert!(
            store
                .record_incident(key, Some(12), "Order 12 again")
                .unwrap(),
            "a recurrence after resolving is a new incident"
        );
        assert_eq!(store.open_incidents().unwrap().len(), 2);
    }

    #[test]
    fn incidents_since_includes_resolved_ones_and_excludes_older_ones() {
        let (_dir, store) = temp_store();
        store.record_incident("old", None, "old one").unwrap();
        let opened_old = store.open_incidents().unwrap()[0].opened_at;
        store.resolve_incident("old").unwrap();
        let between = chrono::Utc::now();
        store.record_incident("new", Some(3), "new one").unwrap();
        store.resolve_incident("new").unwrap();

        let all: Vec<String> = store
            .incidents_since(opened_old)
            .unwrap()
            .into_iter()
            .map(|incident| incident.key)
            .collect();
        assert_eq!(all, ["old", "new"]);
        let recent = store.incidents_since(between).unwrap();
        assert_eq!(recent.len(), 1);
        assert_eq!(recent[0].key, "new");
        assert!(recent[0].resolved_at.is_some());
    }
}
