//! The event log: what happened, per order or for the whole service, in the order it happened.
//! The `events` module broadcasts events live; this is where they are kept, so a UI that was
//! closed (or lagged) catches up with [`Store::events_after`].

use super::OrderState;
use super::Store;
use super::columns::{StoredJson, StoredTime, time_text};
use super::error::{During, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The kind of the events the store itself writes when an order's state changes (their detail
/// holds `from`, `to` and the transition's data).
pub const STATE_CHANGED: &str = "state_changed";

/// The id of a stored event: ids only grow, so "everything after id N" is well defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub i64);

/// An event to append.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEvent {
    /// The order it concerns; `None` for service-wide events (poll done, connection lost …).
    pub order: Option<u64>,
    /// A short stable kind, e.g. `state_changed`, `poll_done`, `pace_calls`.
    pub kind: String,
    /// One line for staff.
    pub message: String,
    /// Structured detail for the UI and the trace.
    pub detail: serde_json::Value,
}

/// Which events a search finds: every condition set must hold; `None` or empty = any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventSearch {
    /// Only the events of this order.
    pub order: Option<u64>,
    /// Only these kinds.
    pub kinds: Vec<String>,
    /// Text in the message or the kind (ignoring ASCII case).
    pub text: Option<String>,
    /// At most this many.
    pub limit: u32,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Its id.
    pub id: EventId,
    /// When it was appended.
    pub at: DateTime<Utc>,
    /// The order it concerns, if any.
    pub order: Option<u64>,
    /// Its kind.
    pub kind: String,
    /// One line for staff.
    pub message: String,
    /// Structured detail.
    pub detail: serde_json::Value,
}

impl Store {
    /// Appends an event, stamped now.
    pub fn append_event(&self, event: NewEvent) -> Result<Event, StoreError> {
        self.write("append an event", event.order, |transaction| {
            insert_event(transaction, event, Utc::now())
        })
    }

    /// The events of order `order_number`, oldest first (its trace).
    pub fn events_for(&self, order_number: u64) -> Result<Vec<Event>, StoreError> {
        let operation = "read the order's events";
        self.read(|connection| {
            select_events(
                connection,
                "WHERE order_number = ?1 ORDER BY id",
                [order_number],
                operation,
                Some(order_number),
            )
        })
    }

    /// The last `limit` events, newest first (the log view).
    pub fn recent_events(&self, limit: u32) -> Result<Vec<Event>, StoreError> {
        let operation = "read the recent events";
        self.read(|connection| {
            select_events(
                connection,
                "ORDER BY id DESC LIMIT ?1",
                [limit],
                operation,
                None,
            )
        })
    }

    /// The newest event of one of `kinds`, if any (what the header says of a connection).
    pub fn latest_event(&self, kinds: &[&str]) -> Result<Option<Event>, StoreError> {
        let operation = "read the latest event of a kind";
        let kinds = json!(kinds).to_string();
        self.read(|connection| {
            select_events(
                connection,
                "WHERE kind IN (SELECT value FROM json_each(?1)) ORDER BY id DESC LIMIT 1",
                [kinds],
                operation,
                None,
            )
        })
        .map(|mut events| events.pop())
    }

    /// Events matching `search`, newest first (the Activity screen).
    pub fn search_events(&self, search: &EventSearch) -> Result<Vec<Event>, StoreError> {
        let operation = "search the events";
        let text = search
            .text
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(|text| format!("%{}%", text.replace(['%', '_'], "")));
        let kinds = (!search.kinds.is_empty()).then(|| json!(search.kinds).to_string());
        self.read(|connection| {
            select_events(
                connection,
                "WHERE (?1 IS NULL OR order_number = ?1)
                   AND (?2 IS NULL OR kind IN (SELECT value FROM json_each(?2)))
                   AND (?3 IS NULL OR message LIKE ?3 OR kind LIKE ?3)
                 ORDER BY id DESC LIMIT ?4",
                rusqlite::params![search.order, kinds, text, search.limit],
                operation,
                None,
            )
        })
    }

    /// Every event of `kind`, oldest first (e.g. what Pace ignored so far, for `doctor`).
    pub fn events_of_kind(&self, kind: &str) -> Result<Vec<Event>, StoreError> {
        let operation = "read the events of a kind";
        self.read(|connection| {
            select_events(
                connection,
                "WHERE kind = ?1 ORDER BY id",
                [kind],
                operation,
                None,
            )
        })
    }

    /// Every state change into one of `states` since `since`, oldest first: (when, order, the
    /// state entered). What the Activity chart counts per day.
    pub fn state_changes_since(
        &self,
        since: DateTime<Utc>,
        states: &[OrderState],
    ) -> Result<Vec<(DateTime<Utc>, u64, OrderState)>, StoreError> {
        let operation = "read the state changes per day";
        let states = json!(states).to_string();
        self.read(|connection| {
            let mut statement = connection
                .prepare_cached(
                    "SELECT at, order_number, json_extract(detail, '$.to') AS entered FROM events
                     WHERE kind = ?1 AND at >= ?2
                       AND json_extract(detail, '$.to') IN (SELECT value FROM json_each(?3))
                     ORDER BY id",
                )
                .during(operation, None)?;
            statement
                .query_map(
                    rusqlite::params![STATE_CHANGED, time_text(since), states],
                    |row| {
                        let StoredTime(at) = row.get("at")?;
                        Ok((at, row.get("order_number")?, row.get("entered")?))
                    },
                )
                .during(operation, None)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .during(operation, None)
        })
    }

    /// Every event after `id`, oldest first (for a UI catching up).
    pub fn events_after(&self, id: EventId) -> Result<Vec<Event>, StoreError> {
        let operation = "read the events after an id";
        self.read(|connection| {
            select_events(
                connection,
                "WHERE id > ?1 ORDER BY id",
                [id.0],
                operation,
                None,
            )
        })
    }
}

/// Inserts an event inside the caller's transaction.
pub(crate) fn insert_event(
    connection: &Connection,
    event: NewEvent,
    at: DateTime<Utc>,
) -> Result<Event, StoreError> {
    let operation = "append an event";
    let detail = serde_json::to_string(&event.detail).map_err(|source| StoreError::Encode {
        operation,
        order: event.order,
        source,
    })?;
    connection
        .execute(
            "INSERT INTO events (at, order_number, kind, message, detail)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                time_text(at),
                event.order,
                event.kind,
                event.message,
                detail
            ],
        )
        .during(operation, event.order)?;
    Ok(Event {
        id: EventId(connection.last_insert_rowid()),
        at,
        order: event.order,
        kind: event.kind,
        message: event.message,
        detail: event.detail,
    })
}

/// Selects events with a `WHERE … ORDER BY …` tail.
fn select_events(
    connection: &Connection,
    tail: &str,
    parameters: impl rusqlite::Params,
    operation: &'static str,
    order: Option<u64>,
) -> Result<Vec<Event>, StoreError> {
    let sql = format!("SELECT id, at, order_number, kind, message, detail FROM events {tail}");
    let mut statement = connection.prepare_cached(&sql).during(operation, order)?;
    let events = statement
        .query_map(parameters, read_event)
        .during(operation, order)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .during(operation, order)?;
    Ok(events)
}

/// One event row.
fn read_event(row: &Row<'_>) -> rusqlite::Result<Event> {
    let StoredTime(at) = row.get("at")?;
    let StoredJson(detail) = row.get("detail")?;
    Ok(Event {
        id: EventId(row.get("id")?),
        at,
        order: row.get("order_number")?,
        kind: row.get("kind")?,
        message: row.get("message")?,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::temp_store;
    use serde_json::json;

    fn event(order: Option<u64>, message: &str) -> NewEvent {
        NewEvent {
            order,
            kind: "note".into(),
            message: message.into(),
            detail: json!({ "message": message, "n": [1, 2] }),
        }
    }

    #[test]
    fn events_keep_their_order_and_detail() {
        let (_dir, store) = temp_store();
        let first = store.append_event(event(Some(7), "first")).unwrap();
        let service = store.append_event(event(None, "poll done")).unwrap();
        let second = store.append_event(event(Some(7), "second")).unwrap();
        store.append_event(event(Some(8), "other order")).unwrap();
        assert!(first.id < service.id && service.id < second.id);

        let trace = store.events_for(7).unwrap();
        assert_eq!(trace, vec![first.clone(), second.clone()]);
        assert_eq!(trace[0].detail, json!({ "message": "first", "n": [1, 2] }));

        let recent: Vec<String> = store
            .recent_events(3)
            .unwrap()
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert_eq!(recent, ["other order", "second", "poll done"]);
    }

    #[test]
    fn events_after_returns_only_the_newer_ones_oldest_first() {
        let (_dir, store) = temp_store();
        let ids: Vec<EventId> = (0..5)
            .map(|n| {
                store
                    .append_event(event(Some(n), &format!("e{n}")))
                    .unwrap()
                    .id
            })
            .collect();
        let after: Vec<EventId> = store
            .events_after(ids[1])
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(after, ids[2..]);
        assert!(store.events_after(ids[4]).unwrap().is_empty());
        assert_eq!(store.events_after(EventId(0)).unwrap().len(), 5);
    }
}
