//! The step journal: each Pace write of an order's plan, recorded before the call ("begun") and
//! after it ("done" with the Pace key, or "failed"). A step begun but neither done nor failed was
//! interrupted (crash, lost response): apply looks in Pace before doing it again.
//!
//! A step is identified by its name (apply's name for it: the plan step's reference, or a name
//! derived from it) and its action (`create`, `update`, `attach` …: apply's words, stored as
//! given). The store refuses to begin a step that is already done (that could create a second
//! Pace object) or still open.
//!
//! A create of something another order might create too (a new customer or contact) carries its
//! creation key (`contact:<e-mail>` …, as the worker's creation locks name it):
//! [`Store::open_creations`] finds the other orders' creates of a key still begun, whose write
//! Pace may still be committing.

use super::Store;
use super::columns::{StoredTime, optional_time, time_text};
use super::error::{During, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, named_params};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The id of a journal entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JournalEntryId(pub i64);

/// Where a journaled step stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum StepOutcome {
    /// Begun, not (yet) finished: if the order is not syncing now, it was interrupted.
    Begun,
    /// Done: the Pace object's key.
    Done {
        /// The Pace key (job number, part key, shipment id …).
        pace_key: String,
    },
    /// Failed: the error.
    Failed {
        /// The error message.
        message: String,
    },
}

/// One journaled step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Its id.
    pub id: JournalEntryId,
    /// The order.
    pub order_number: u64,
    /// The step's name (`job#1/part#2` …).
    pub step_ref: String,
    /// The step's action (`create`, `update` …), as apply named it.
    pub action: String,
    /// Where it stands.
    pub outcome: StepOutcome,
    /// When it was begun.
    pub begun_at: DateTime<Utc>,
    /// When it was done or failed.
    pub finished_at: Option<DateTime<Utc>>,
    /// The creation key of a create another order might make too (`contact:<e-mail>` …).
    pub creation_key: Option<String>,
}

impl Store {
    /// Records that a step is about to be sent to Pace. Refused if the order is unknown, if the
    /// same step is already done ([`StoreError::StepAlreadyDone`]) or still open
    /// ([`StoreError::StepAlreadyBegun`]); allowed again after it failed.
    pub fn journal_begin(
        &self,
        order_number: u64,
        step_ref: &str,
        action: &str,
    ) -> Result<JournalEntryId, StoreError> {
        self.journal_begin_creation(order_number, step_ref, action, None)
    }

    /// [`Store::journal_begin`] for a step with a creation key (a new customer or contact that
    /// another order might create too; `None` for any other step).
    pub fn journal_begin_creation(
        &self,
        order_number: u64,
        step_ref: &str,
        action: &str,
        creation_key: Option<&str>,
    ) -> Result<JournalEntryId, StoreError> {
        let operation = "begin a journal step";
        self.write(operation, Some(order_number), |transaction| {
            let known: Option<i64> = transaction
                .query_row(
                    "SELECT 1 FROM orders WHERE order_number = ?1",
                    [order_number],
                    |row| row.get(0),
                )
                .optional()
                .during(operation, Some(order_number))?;
            if known.is_none() {
                return Err(StoreError::UnknownOrder {
                    operation,
                    order: order_number,
                });
            }
            let live = select_entries(
                transaction,
                "WHERE order_number = :number AND step_ref = :step AND action = :action
                     AND status IN ('begun', 'done')",
                named_params! { ":number": order_number, ":step": step_ref, ":action": action },
                operation,
                Some(order_number),
            )?;
            if let Some(entry) = live.into_iter().next() {
                return Err(match entry.outcome {
                    StepOutcome::Done { pace_key } => StoreError::StepAlreadyDone {
                        order: order_number,
                        step_ref: step_ref.to_owned(),
                        action: action.to_owned(),
                        pace_key,
                    },
                    _ => StoreError::StepAlreadyBegun {
                        order: order_number,
                        step_ref: step_ref.to_owned(),
                        action: action.to_owned(),
                        entry: entry.id.0,
                    },
                });
            }
            transaction
                .execute(
                    "INSERT INTO journal (order_number, step_ref, action, status, begun_at,
                         creation_key)
                     VALUES (:number, :step, :action, 'begun', :now, :creation_key)",
                    named_params! {
                        ":number": order_number,
                        ":step": step_ref,
                        ":action": action,
                        ":now": time_text(Utc::now()),
                        ":creation_key": creation_key,
                    },
                )
                .during(operation, Some(order_number))?;
            Ok(JournalEntryId(transaction.last_insert_rowid()))
        })
    }

    /// Records that a begun step is done, with the Pace object's key.
    pub fn journal_done(&self, id: JournalEntryId, pace_key: &str) -> Result<(), StoreError> {
        self.finish(id, "mark a journal step done", "done", Some(pace_key), None)
    }

    /// Records that a begun step failed (it may be begun again).
    pub fn journal_failed(&self, id: JournalEntryId, message: &str) -> Result<(), StoreError> {
        self.finish(
            id,
            "mark a journal step failed",
            "failed",
            None,
            Some(message),
        )
    }

    /// The journal of order `order_number`, in the order the steps were begun.
    pub fn journal(&self, order_number: u64) -> Result<Vec<JournalEntry>, StoreError> {
        let operation = "read the order's journal";
        self.read(|connection| {
            select_entries(
                connection,
                "WHERE order_number = :number ORDER BY id",
                named_params! { ":number": order_number },
                operation,
                Some(order_number),
            )
        })
    }

    /// The Pace key (or value written) of every done step of the order, by step name. When
    /// several actions of one name are done, the first one's key is kept: it is the key the
    /// object was created or found under.
    pub fn completed_keys(
        &self,
        order_number: u64,
    ) -> Result<BTreeMap<String, String>, StoreError> {
        let mut keys = BTreeMap::new();
        for entry in self.journal(order_number)? {
            if let StepOutcome::Done { pace_key } = entry.outcome {
                keys.entry(entry.step_ref).or_insert(pace_key);
            }
        }
        Ok(keys)
    }

    /// The order's steps that were begun and neither done nor failed, oldest first.
    pub fn interrupted_steps(&self, order_number: u64) -> Result<Vec<JournalEntry>, StoreError> {
        let operation = "read the order's interrupted steps";
        self.read(|connection| {
            select_entries(
                connection,
                "WHERE order_number = :number AND status = 'begun' ORDER BY id",
                named_params! { ":number": order_number },
                operation,
                Some(order_number),
            )
        })
    }

    /// The entries of orders other than `except_order` that are begun (neither done nor failed)
    /// with one of the creation `keys`: creates whose write Pace may still be committing, oldest
    /// first.
    pub fn open_creations(
        &self,
        keys: &BTreeSet<String>,
        except_order: u64,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        let operation = "read other orders' open creations";
        let mut open = Vec::new();
        self.read(|connection| {
            for key in keys {
                open.extend(select_entries(
                    connection,
                    "WHERE creation_key = :key AND status = 'begun' AND order_number != :order
                     ORDER BY id",
                    named_params! { ":key": key, ":order": except_order },
                    operation,
                    Some(except_order),
                )?);
            }
            Ok(())
        })?;
        open.sort_by_key(|entry| entry.id);
        Ok(open)
    }

    /// Records that a begun (interrupted) entry's write is being sent again now, after a look-up
    /// in Pace found nothing: its `begun_at` becomes now, the start of the write in flight.
    pub fn journal_resent(&self, id: JournalEntryId) -> Result<(), StoreError> {
        let operation = "record a journal step sent again";
        self.write(operation, None, |transaction| {
            let changed = transaction
                .execute(
                    "UPDATE journal SET begun_at = :now WHERE id = :id AND status = 'begun'",
                    named_params! { ":now": time_text(Utc::now()), ":id": id.0 },
                )
                .during(operation, None)?;
            if changed == 0 {
                return Err(StoreError::UnknownJournalEntry {
                    operation,
                    entry: id.0,
                });
            }
            Ok(())
        })
    }

    /// Closes a begun entry as `done` or `failed`.
    fn finish(
        &self,
        id: JournalEntryId,
        operation: &'static str,
        status: &'static str,
        pace_key: Option<&str>,
        failure: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write(operation, None, |transaction| {
            let entry = select_entries(
                transaction,
                "WHERE id = :id",
                named_params! { ":id": id.0 },
                operation,
                None,
            )?
            .into_iter()
            .next()
            .ok_or(StoreError::UnknownJournalEntry {
                operation,
                entry: id.0,
            })?;
            let order = Some(entry.order_number);
            let closed = match entry.outcome {
                StepOutcome::Begun => None,
                StepOutcome::Done { .. } => Some("done"),
                StepOutcome::Failed { .. } => Some("failed"),
            };
            if let Some(closed) = closed {
                return Err(StoreError::JournalEntryClosed {
                    operation,
                    entry: id.0,
                    order: entry.order_number,
                    step_ref: entry.step_ref,
                    status: closed.to_owned(),
                });
            }
            transaction
                .execute(
                    "UPDATE journal SET status = :status, pace_key = :key, failure = :failure,
                         finished_at = :now
                     WHERE id = :id",
                    named_params! {
                        ":status": status,
                        ":key": pace_key,
                        ":failure": failure,
                        ":now": time_text(Utc::now()),
                        ":id": id.0,
                    },
                )
                .during(operation, order)?;
            Ok(())
        })
    }
}

/// Selects journal entries with a `WHERE …` tail.
fn select_entries(
    connection: &Connection,
    tail: &str,
    parameters: &[(&str, &dyn ToSql)],
    operation: &'static str,
    order: Option<u64>,
) -> Result<Vec<JournalEntry>, StoreError> {
    let sql = format!(
        "SELECT id, order_number, step_ref, action, status, pace_key, failure, begun_at,
             finished_at, creation_key
         FROM journal {tail}"
    );
    let mut statement = connection.prepare_cached(&sql).during(operation, order)?;
    let entries = statement
        .query_map(parameters, read_entry)
        .during(operation, order)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .during(operation, order)?;
    Ok(entries)
}

/// One journal row.
fn read_entry(row: &Row<'_>) -> rusqlite::Result<JournalEntry> {
    let status: String = row.get("status")?;
    let outcome = match status.as_str() {
        "done" => StepOutcome::Done {
            pace_key: row
                .get::<_, Option<String>>("pace_key")?
                .unwrap_or_default(),
        },
        "failed" => StepOutcome::Failed {
            message: row.get::<_, Option<String>>("failure")?.unwrap_or_default(),
        },
        _ => StepOutcome::Begun,
    };
    let StoredTime(begun_at) = row.get("begun_at")?;
    Ok(JournalEntry {
        id: JournalEntryId(row.get("id")?),
        order_number: row.get("order_number")?,
        step_ref: row.get("step_ref")?,
        action: row.get("action")?,
        outcome,
        begun_at,
        finished_at: optional_time(row.get("finished_at")?),
        creation_key: row.get("creation_key")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::store_with_orders;

    #[test]
    fn begun_done_and_failed_steps_are_kept_in_order() {
        let (_dir, store) = store_with_orders(&[1]);
        let customer = store.journal_begin(1, "customer", "use_existing").unwrap();
        store.journal_done(customer, "ACME").unwrap();
        let job = store.journal_begin(1, "job#1", "create").unwrap();
        store
            .journal_failed(job, "Pace fault: invalid job type")
            .unwrap();
        let job_again = store.journal_begin(1, "job#1", "create").unwrap();
        store.journal_done(job_again, "J5001").unwrap();
        let part = store.journal_begin(1, "job#1/part#1", "update").unwrap();

        let journal = store.journal(1).unwrap();
        let summary: Vec<(&str, &str, &StepOutcome)> = journal
            .iter()
            .map(|e| (e.step_ref.as_str(), e.action.as_str(), &e.outcome))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "customer",
                    "use_existing",
                    &StepOutcome::Done {
                        pace_key: "ACME".into()
                    }
                ),
                (
                    "job#1",
                    "create",
                    &StepOutcome::Failed {
                        message: "Pace fault: invalid job type".into()
                    }
                ),
                (
                    "job#1",
                    "create",
                    &StepOutcome::Done {
                        pace_key: "J5001".into()
                    }
                ),
                ("job#1/part#1", "update", &StepOutcome::Begun),
            ]
        );
        assert!(journal[..3].iter().all(|e| e.finished_at.is_some()));
        assert_eq!(journal[3].finished_at, None);

        let interrupted = store.interrupted_steps(1).unwrap();
        assert_eq!(interrupted.len(), 1);
        assert_eq!(interrupted[0].id, part);

        let keys = store.completed_keys(1).unwrap();
        let expected: BTreeMap<String, String> = [("customer", "ACME"), ("job#1", "J5001")]
            .into_iter()
            .map(|(step, key)| (step.to_owned(), key.to_owned()))
            .collect();
        assert_eq!(keys, expected);
    }

    #[test]
    fn a_done_or_open_step_cannot_be_begun_again() {
        let (_dir, store) = store_with_orders(&[2]);
        let job = store.journal_begin(2, "job#1", "create").unwrap();
        let error = store.journal_begin(2, "job#1", "create").unwrap_err();
        assert!(
            matches!(error, StoreError::StepAlreadyBegun { order: 2, .. }),
            "{error}"
        );
        store.journal_done(job, "J7").unwrap();
        let error = store.journal_begin(2, "job#1", "create").unwrap_err();
        assert!(
            matches!(&error, StoreError::StepAlreadyDone { pace_key, .. } if pace_key == "J7"),
            "{error}"
        );
        // Another action of the same reference is another step.
        store.journal_begin(2, "job#1", "override").unwrap();
    }

    #[test]
    fn open_creations_are_the_other_orders_begun_creates_of_the_keys() {
        let (_dir, store) = store_with_orders(&[4, 5, 6]);
        let key = "contact:dock@acme.example";
        let keys = BTreeSet::from([key.to_owned(), "customer:RIVERA".to_owned()]);
        let open = store
            .journal_begin_creation(4, "contact#1", "create", Some(key))
            .unwrap();
        let done = store
            .journal_begin_creation(5, "contact#1", "create", Some(key))
            .unwrap();
        store.journal_done(done, "C9").unwrap();
        store
            .journal_begin_creation(5, "contact#2", "create", Some("contact:other@acme.example"))
            .unwrap();
        store.journal_begin(5, "job#1", "create").unwrap();
        store
            .journal_begin_creation(6, "contact#1", "create", Some(key))
            .unwrap();

        let found = store.open_creations(&keys, 6).unwrap();
        assert_eq!(
            found
                .iter()
                .map(|entry| (entry.id, entry.creation_key.as_deref()))
                .collect::<Vec<_>>(),
            [(open, Some(key))],
            "begun, of another order, with one of the keys"
        );
        assert_eq!(
            store.open_creations(&keys, 4).unwrap().len(),
            1,
            "order 6's"
        );
        store.journal_failed(open, "refused").unwrap();
        assert!(store.open_creations(&keys, 6).unwrap().is_empty());
    }

    #[test]
    fn an_entry_is_finished_once() {
        let (_dir, store) = store_with_orders(&[3]);
        let entry = store.journal_begin(3, "contact#1", "create").unwrap();
        store.journal_done(entry, "C1").unwrap();
        let error = store.journal_failed(entry, "late").unwrap_err();
        assert!(
            matches!(error, StoreError::JournalEntryClosed { order: 3, .. }),
            "{error}"
        );
        let error = store.journal_done(JournalEntryId(9_999), "X").unwrap_err();
        assert!(matches!(
            error,
            StoreError::UnknownJournalEntry { entry: 9_999, .. }
        ));
        assert_eq!(
            store
                .completed_keys(3)
                .unwrap()
                .get("contact#1")
                .map(String::as_str),
            Some("C1")
        );
    }

    #[test]
    fn a_step_of_an_unknown_order_is_refused() {
        let (_dir, store) = store_with_orders(&[]);
        let error = store.journal_begin(404, "job#1", "create").unwrap_err();
        assert!(
            matches!(error, StoreError::UnknownOrder { order: 404, .. }),
            "{error}"
        );
    }
}
