//! The sync queue: state changes (each written to the event log in the same transaction),
//! claiming an order for a worker, the due orders, attempts and Pace call counts.

use super::Store;
use super::columns::{StoredTime, optional_time, time_text};
use super::error::{During, StoreError};
use super::events::{Event, NewEvent, STATE_CHANGED, insert_event};
use super::orders::{ORDER_ROW_COLUMNS, OrderRow, select_order_rows};
use super::state::{OrderState, Transition};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, named_params};
use serde_json::json;

impl Store {
    /// Moves order `order_number` to the transition's state, recording its data (error, next
    /// attempt time, Pace jobs, skip reason), and appends a [`STATE_CHANGED`] event in the same
    /// transaction. Returns that event (for the live event stream).
    pub fn set_state(
        &self,
        order_number: u64,
        transition: Transition,
    ) -> Result<Event, StoreError> {
        let operation = "change the order's state";
        self.write(operation, Some(order_number), |transaction| {
            let (from, _) = current_state(transaction, order_number, operation)?;
            enter(transaction, order_number, from, transition, operation)
        })
    }

    /// Like [`Store::set_state`], but only if the order is still in state `expected` (checked
    /// and changed in one transaction): a caller that decided from an earlier read (the poller)
    /// cannot overwrite a change made meanwhile (a worker's claim). Returns `None`, changing
    /// nothing, if the order is in another state.
    pub fn set_state_if(
        &self,
        order_number: u64,
        expected: OrderState,
        transition: Transition,
    ) -> Result<Option<Event>, StoreError> {
        let operation = "change the order's state";
        self.write(operation, Some(order_number), |transaction| {
            let (from, _) = current_state(transaction, order_number, operation)?;
            if from != expected {
                return Ok(None);
            }
            enter(transaction, order_number, from, transition, operation).map(Some)
        })
    }
}

impl Store {
    /// Takes order `order_number` for syncing: moves it to [`OrderState::Syncing`] if it is
    /// `Ready`, or `Retrying` with its next attempt time at or before `now` (the same rule as
    /// [`Store::due_orders`]). Returns `false`, changing nothing, if it is in any other state
    /// (e.g. another worker has it). Atomic even against other connections to the same file.
    pub fn claim(&self, order_number: u64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let operation = "claim the order";
        self.write(operation, Some(order_number), |transaction| {
            let (from, next_attempt_at) = current_state(transaction, order_number, operation)?;
            let due = match from {
                OrderState::Ready => true,
                OrderState::Retrying => next_attempt_at.is_none_or(|next| next <= now),
                _ => false,
            };
            if !due {
                return Ok(false);
            }
            enter_syncing_or_ready(
                transaction,
                order_number,
                OrderState::Syncing,
                now,
                operation,
            )?;
            // What this attempt sends: once synced, what Pace has (changed after sync compares
            // Pressero's later snapshots with it).
            transaction
                .execute(
                    "UPDATE orders SET sent_snapshot = snapshot WHERE order_number = ?1",
                    [order_number],
                )
                .during(operation, Some(order_number))?;
            let event = state_event(
                order_number,
                from,
                OrderState::Syncing,
                format!("Order {order_number}: syncing to Pace"),
            );
            insert_event(transaction, event, now)?;
            Ok(true)
        })
    }

    /// The orders a worker may take at `now`: `Ready`, or `Retrying` whose next attempt time has
    /// come; longest waiting first, at most `limit`.
    pub fn due_orders(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<OrderRow>, StoreError> {
        let sql = format!(
            "SELECT {ORDER_ROW_COLUMNS} FROM orders
             WHERE state = 'ready'
                OR (state = 'retrying' AND (next_attempt_at IS NULL OR next_attempt_at <= ?1))
             ORDER BY COALESCE(next_attempt_at, state_changed_at), order_number LIMIT ?2"
        );
        let parameters = [Value::Text(time_text(now)), Value::Integer(limit.into())];
        self.read(|connection| {
            select_order_rows(connection, &sql, parameters, "find the due orders")
        })
    }

    /// At start-up: orders left in `Syncing` by a crash or a stop go back to `Ready`, each with an
    /// event. (Their journal says which steps may need a look in Pace.) Returns the events.
    pub fn requeue_interrupted(&self) -> Result<Vec<Event>, StoreError> {
        let operation = "requeue the interrupted orders";
        self.write(operation, None, |transaction| {
            let numbers: Vec<u64> = {
                let mut statement = transaction
                    .prepare(
                        "SELECT order_number FROM orders WHERE state = 'syncing'
                         ORDER BY order_number",
                    )
                    .during(operation, None)?;
                statement
                    .query_map([], |row| row.get(0))
                    .during(operation, None)?
                    .collect::<rusqlite::Result<_>>()
                    .during(operation, None)?
            };
            let now = Utc::now();
            let mut events = Vec::with_capacity(numbers.len());
            for number in numbers {
                enter_syncing_or_ready(transaction, number, OrderState::Ready, now, operation)?;
                let mut event = state_event(
                    number,
                    OrderState::Syncing,
                    OrderState::Ready,
                    format!(
                        "Order {number} was being synced when the service stopped; \
                         it is ready to sync again"
                    ),
                );
                event.detail["reason"] = json!("interrupted");
                events.push(insert_event(transaction, event, now)?);
            }
            Ok(events)
        })
    }

    /// Counts one more sync attempt started at `now` (the worker's clock; the first attempt's
    /// time is kept, for the give-up age). Returns the number of attempts so far.
    pub fn record_attempt(&self, order_number: u64, now: DateTime<Utc>) -> Result<u32, StoreError> {
        self.update_returning(
            "record an attempt",
            order_number,
            "UPDATE orders SET attempts = attempts + 1,
                 first_attempt_at = COALESCE(first_attempt_at, :now), updated_at = :now
             WHERE order_number = :number RETURNING attempts",
            None,
            now,
        )
    }

    /// Starts counting attempts afresh (when a person pushes the order again). Returns 0.
    pub fn reset_attempts(&self, order_number: u64) -> Result<u32, StoreError> {
        self.update_returning(
            "reset the attempts",
            order_number,
            "UPDATE orders SET attempts = 0, first_attempt_at = NULL, updated_at = :now
             WHERE order_number = :number RETURNING attempts",
            None,
            Utc::now(),
        )
    }

    /// Adds `calls` Pace API calls to the order's count. Returns the new total.
    pub fn add_pace_calls(&self, order_number: u64, calls: u64) -> Result<u64, StoreError> {
        self.update_returning(
            "count the Pace calls",
            order_number,
            "UPDATE orders SET pace_calls = pace_calls + :calls, updated_at = :now
             WHERE order_number = :number RETURNING pace_calls",
            Some(calls),
            Utc::now(),
        )
    }

    /// Runs an `UPDATE … RETURNING` of one order's counter, with `:now` bound to `now`.
    fn update_returning<T: rusqlite::types::FromSql>(
        &self,
        operation: &'static str,
        order_number: u64,
        sql: &str,
        calls: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<T, StoreError> {
        self.write(operation, Some(order_number), |transaction| {
            let now = time_text(now);
            let mut statement = transaction
                .prepare_cached(sql)
                .during(operation, Some(order_number))?;
            let returned = match calls {
                Some(calls) => statement.query_row(
                    named_params! { ":calls": calls, ":now": now, ":number": order_number },
                    |row| row.get(0),
                ),
                None => statement.query_row(
                    named_params! { ":now": now, ":number": order_number },
                    |row| row.get(0),
                ),
            };
            returned
                .optional()
                .during(operation, Some(order_number))?
                .ok_or(StoreError::UnknownOrder {
                    operation,
                    order: order_number,
                })
        })
    }
}

impl Store {
    /// Staff acknowledge a change after sync: an order in [`OrderState::ChangedAfterSync`] goes
    /// back to `Synced` (its Pace jobs and trace kept), and its current snapshot becomes the one
    /// later snapshots are compared with. Returns `None`, changing nothing, for an order in any
    /// other state.
    pub fn acknowledge_change(&self, order_number: u64) -> Result<Option<Event>, StoreError> {
        let operation = "acknowledge the change after sync";
        self.write(operation, Some(order_number), |transaction| {
            let (from, _) = current_state(transaction, order_number, operation)?;
            if from != OrderState::ChangedAfterSync {
                return Ok(None);
            }
            let (change, pace_jobs): (Option<String>, super::columns::StoredJson<Vec<String>>) =
                transaction
                    .query_row(
                        "SELECT change_after_sync, pace_jobs FROM orders WHERE order_number = ?1",
                        [order_number],
                        |row| Ok((row.get(0)?, row.get(1)?)),
                    )
                    .during(operation, Some(order_number))?;
            transaction
                .execute(
                    "UPDATE orders SET sent_snapshot = snapshot WHERE order_number = ?1",
                    [order_number],
                )
                .during(operation, Some(order_number))?;
            let transition = Transition::Synced {
                pace_jobs: pace_jobs.0,
            };
            let message = format!(
                "Order {order_number}: the change after sync was acknowledged ({}); it is synced \
                 again, and Pressero's order as it is now is what later changes are compared with",
                change.unwrap_or_default()
            );
            enter_with(
                transaction,
                order_number,
                from,
                transition,
                operation,
                |event| {
                    event.message = message;
                    event.detail["reason"] = json!("acknowledged");
                },
            )
            .map(Some)
        })
    }
}

/// Writes a transition of an order now in state `from`, with its event.
fn enter(
    transaction: &Connection,
    order_number: u64,
    from: OrderState,
    transition: Transition,
    operation: &'static str,
) -> Result<Event, StoreError> {
    enter_with(
        transaction,
        order_number,
        from,
        transition,
        operation,
        |_| {},
    )
}

/// [`enter`], with the event adjusted by `adjust` before it is written.
fn enter_with(
    transaction: &Connection,
    order_number: u64,
    from: OrderState,
    transition: Transition,
    operation: &'static str,
    adjust: impl FnOnce(&mut NewEvent),
) -> Result<Event, StoreError> {
    let now = Utc::now();
    let error = transition.error();
    let change = match &transition {
        Transition::ChangedAfterSync { change } => Some(change.as_str()),
        _ => None,
    };
    let (next_attempt_at, skip_reason, pace_jobs) = match &transition {
        Transition::Retrying {
            next_attempt_at, ..
        } => (Some(time_text(*next_attempt_at)), None, None),
        Transition::Skipped { reason } => (None, Some(reason.as_str()), None),
        Transition::Synced { pace_jobs } => {
            let jobs = serde_json::to_string(pace_jobs).map_err(|source| StoreError::Encode {
                operation,
                order: Some(order_number),
                source,
            })?;
            (None, None, Some(jobs))
        }
        _ => (None, None, None),
    };
    transaction
        .execute(
            "UPDATE orders SET state = :state, next_attempt_at = :next,
                 error_kind = :kind, error_message = :message, error_hint = :hint,
                 skip_reason = :skip, change_after_sync = :change,
                 pace_jobs = COALESCE(:jobs, pace_jobs),
                 state_changed_at = :now, updated_at = :now
             WHERE order_number = :number",
            named_params! {
                ":state": transition.state(),
                ":next": next_attempt_at,
                ":kind": error.map(|e| e.kind),
                ":message": error.map(|e| e.message.as_str()),
                ":hint": error.map(|e| e.hint.as_str()),
                ":skip": skip_reason,
                ":change": change,
                ":jobs": pace_jobs,
                ":now": time_text(now),
                ":number": order_number,
            },
        )
        .during(operation, Some(order_number))?;
    let mut detail = serde_json::to_value(&transition).map_err(|source| StoreError::Encode {
        operation,
        order: Some(order_number),
        source,
    })?;
    if let Some(fields) = detail.as_object_mut() {
        fields.insert("from".into(), json!(from));
    }
    let mut event = NewEvent {
        order: Some(order_number),
        kind: STATE_CHANGED.into(),
        message: transition_message(order_number, &transition),
        detail,
    };
    adjust(&mut event);
    insert_event(transaction, event, now)
}

/// The order's state and next attempt time; [`StoreError::UnknownOrder`] if it is not stored.
fn current_state(
    connection: &Connection,
    order_number: u64,
    operation: &'static str,
) -> Result<(OrderState, Option<DateTime<Utc>>), StoreError> {
    connection
        .query_row(
            "SELECT state, next_attempt_at FROM orders WHERE order_number = ?1",
            [order_number],
            |row| {
                Ok((
                    row.get("state")?,
                    optional_time(row.get::<_, Option<StoredTime>>("next_attempt_at")?),
                ))
            },
        )
        .optional()
        .during(operation, Some(order_number))?
        .ok_or(StoreError::UnknownOrder {
            operation,
            order: order_number,
        })
}

/// Moves an order to `Syncing` or back to `Ready`: no next attempt time, the last error kept.
fn enter_syncing_or_ready(
    connection: &Connection,
    order_number: u64,
    state: OrderState,
    now: DateTime<Utc>,
    operation: &'static str,
) -> Result<(), StoreError> {
    connection
        .execute(
            "UPDATE orders SET state = :state, next_attempt_at = NULL, state_changed_at = :now,
                 updated_at = :now
             WHERE order_number = :number",
            named_params! { ":state": state, ":now": time_text(now), ":number": order_number },
        )
        .during(operation, Some(order_number))?;
    Ok(())
}

/// A [`STATE_CHANGED`] event without transition data.
fn state_event(order_number: u64, from: OrderState, to: OrderState, message: String) -> NewEvent {
    NewEvent {
        order: Some(order_number),
        kind: STATE_CHANGED.into(),
        message,
        detail: json!({ "from": from, "to": to }),
    }
}

/// The event line for a transition.
fn transition_message(order_number: u64, transition: &Transition) -> String {
    match transition {
        Transition::WaitingForApproval => {
            format!("Order {order_number} is waiting for approval in Pressero")
        }
        Transition::Ready => format!("Order {order_number} is ready to sync"),
        Transition::Synced { pace_jobs } if pace_jobs.is_empty() => {
            format!("Order {order_number} synced to Pace")
        }
        Transition::Synced { pace_jobs } => format!(
            "Order {order_number} synced to Pace: job {}",
            pace_jobs.join(", ")
        ),
        Transition::Retrying {
            next_attempt_at,
            error,
        } => format!(
            "Order {order_number}: {}; next try at {}",
            error.message,
            next_attempt_at.format("%Y-%m-%d %H:%M:%S UTC")
        ),
        Transition::NeedsAttention { error } => {
            format!("Order {order_number} needs attention: {}", error.message)
        }
        Transition::Skipped { reason } => format!("Order {order_number} skipped: {reason}"),
        Transition::ChangedAfterSync { change } => format!(
            "Order {order_number} changed in Pressero after it was synced: {change}; nothing in \
             Pace was changed"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::state::{ErrorKind, OrderError};
    use crate::store::{Store, StoreError};
    use crate::test_support::{at, store_with_orders};

    fn error(kind: ErrorKind, message: &str) -> OrderError {
        OrderError {
            kind,
            message: message.into(),
            hint: "check the network".into(),
        }
    }

    fn state_of(store: &Store, number: u64) -> OrderState {
        store.order(number).unwrap().unwrap().row.state
    }

    fn numbers(rows: Vec<OrderRow>) -> Vec<u64> {
        rows.into_iter().map(|row| row.order_number).collect()
    }

    #[test]
    fn transitions_record_their_data_and_an_event_each() {
        let (_dir, store) = store_with_orders(&[1]);
        store.set_state(1, Transition::Ready).unwrap();
        assert!(store.claim(1, at(1)).unwrap());
        let retry = store
            .set_state(
                1,
                Transition::Retrying {
                    next_attempt_at: at(30),
                    error: error(ErrorKind::Transient, "Pace timed out"),
                },
            )
            .unwrap();
        assert_eq!(retry.kind, STATE_CHANGED);
        assert_eq!(retry.detail["from"], "syncing");
        assert_eq!(retry.detail["to"], "retrying");
        assert!(
            retry.message.contains("Pace timed out"),
            "{}",
            retry.message
        );
        let row = store.order(1).unwrap().unwrap().row;
        assert_eq!(row.state, OrderState::Retrying);
        assert_eq!(row.next_attempt_at, Some(at(30)));
        assert_eq!(
            row.last_error,
            Some(error(ErrorKind::Transient, "Pace timed out"))
        );

        assert!(store.claim(1, at(30)).unwrap());
        let row = store.order(1).unwrap().unwrap().row;
        assert_eq!(row.next_attempt_at, None);
        assert!(
            row.last_error.is_some(),
            "the last error stays visible while syncing again"
        );

        let jobs = vec!["J1001".to_owned(), "J1002".to_owned()];
        store
            .set_state(
                1,
                Transition::Synced {
                    pace_jobs: jobs.clone(),
                },
            )
            .unwrap();
        let row = store.order(1).unwrap().unwrap().row;
        assert_eq!(
            (row.state, row.last_error, row.pace_jobs),
            (OrderState::Synced, None, jobs)
        );

        let states: Vec<(String, String)> = store
            .events_for(1)
            .unwrap()
            .into_iter()
            .filter(|event| event.kind == STATE_CHANGED)
            .map(|event| {
                (
                    event.detail["from"].as_str().unwrap().to_owned(),
                    event.detail["to"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let expected = [
            ("waiting_for_approval", "ready"),
            ("ready", "syncing"),
            ("syncing", "retrying"),
            ("retrying", "syncing"),
            ("syncing", "synced"),
        ];
        assert_eq!(
            states,
            expected.map(|(from, to)| (from.to_owned(), to.to_owned()))
        );
    }

    #[test]
    fn needs_attention_and_skipped_keep_what_staff_must_read() {
        let (_dir, store) = store_with_orders(&[2, 3]);
        store
            .set_state(
                2,
                Transition::NeedsAttention {
                    error: error(ErrorKind::Permanent, "no Pace customer for site Acme"),
                },
            )
            .unwrap();
        store
            .set_state(
                3,
                Transition::Skipped {
                    reason: "every item was denied".into(),
                },
            )
            .unwrap();
        let two = store.order(2).unwrap().unwrap().row;
        assert_eq!(two.last_error.map(|e| e.kind), Some(ErrorKind::Permanent));
        let three = store.order(3).unwrap().unwrap().row;
        assert_eq!(three.skip_reason.as_deref(), Some("every item was denied"));
        // A push clears the error.
        store.set_state(2, Transition::Ready).unwrap();
        assert_eq!(store.order(2).unwrap().unwrap().row.last_error, None);
    }

    #[test]
    fn a_conditional_change_does_not_overwrite_a_change_made_meanwhile() {
        let (_dir, store) = store_with_orders(&[6]);
        store.set_state(6, Transition::Ready).unwrap();
        // The poller read "ready", then a worker claimed the order.
        assert!(store.claim(6, at(0)).unwrap());
        let skipped = Transition::Skipped {
            reason: "every item was denied".into(),
        };
        let outcome = store
            .set_state_if(6, OrderState::Ready, skipped.clone())
            .unwrap();
        assert_eq!(outcome, None);
        assert_eq!(state_of(&store, 6), OrderState::Syncing);
        let event = store
            .set_state_if(6, OrderState::Syncing, skipped)
            .unwrap()
            .unwrap();
        assert_eq!(event.detail["from"], "syncing");
        assert_eq!(state_of(&store, 6), OrderState::Skipped);
    }

    #[test]
    fn unknown_orders_are_errors_naming_them() {
        let (_dir, store) = store_with_orders(&[]);
        let error = store.set_state(99, Transition::Ready).unwrap_err();
        assert!(
            matches!(error, StoreError::UnknownOrder { order: 99, .. }),
            "{error}"
        );
        assert!(matches!(
            store.claim(99, at(0)).unwrap_err(),
            StoreError::UnknownOrder { order: 99, .. }
        ));
        assert!(matches!(
            store.record_attempt(99, at(0)).unwrap_err(),
            StoreError::UnknownOrder { order: 99, .. }
        ));
    }

    #[test]
    fn only_one_of_two_claims_wins() {
        let (_dir, store) = store_with_orders(&[4, 5]);
        store.set_state(4, Transition::Ready).unwrap();
        let other_handle = store.clone();
        assert!(store.claim(4, at(0)).unwrap());
        assert!(!other_handle.claim(4, at(0)).unwrap());
        assert!(
            !store.claim(5, at(0)).unwrap(),
            "waiting for approval is not claimable"
        );
        assert_eq!(state_of(&store, 5), OrderState::WaitingForApproval);
    }

    #[test]
    fn two_connections_on_two_threads_never_claim_the_same_order() {
        let (dir, store) = store_with_orders(&(1..=40).collect::<Vec<_>>());
        for number in 1..=40 {
            store.set_state(number, Transition::Ready).unwrap();
        }
        let claim_all = || {
            // Each thread opens its own connection to the file: the claim's atomicity comes from
            // SQLite's write lock, not from the in-process mutex.
            let store = Store::open_in_data_dir(dir.path()).unwrap();
            std::thread::spawn(move || {
                (1..=40)
                    .filter(|&number| store.claim(number, at(0)).unwrap())
                    .collect::<Vec<u64>>()
            })
        };
        let (first, second) = (claim_all(), claim_all());
        let mut won: Vec<u64> = first.join().unwrap();
        let mut won_second = second.join().unwrap();
        assert!(won.iter().all(|number| !won_second.contains(number)));
        won.append(&mut won_second);
        won.sort_unstable();
        assert_eq!(
            won,
            (1..=40).collect::<Vec<_>>(),
            "every order claimed exactly once"
        );
    }

    #[test]
    fn due_orders_respect_the_next_attempt_time() {
        let (_dir, store) = store_with_orders(&[1, 2, 3, 4]);
        store.set_state(1, Transition::Ready).unwrap();
        for (number, minutes) in [(2, 10), (3, 20)] {
            store
                .set_state(
                    number,
                    Transition::Retrying {
                        next_attempt_at: at(minutes),
                        error: error(ErrorKind::Transient, "timeout"),
                    },
                )
                .unwrap();
        }
        assert_eq!(numbers(store.due_orders(at(5), 10).unwrap()), [1]);
        assert_eq!(numbers(store.due_orders(at(10), 10).unwrap()), [2, 1]);
        assert_eq!(numbers(store.due_orders(at(25), 10).unwrap()), [2, 3, 1]);
        assert_eq!(numbers(store.due_orders(at(25), 1).unwrap()), [2]);
        assert!(!store.claim(3, at(19)).unwrap(), "not due yet");
        assert!(store.claim(3, at(20)).unwrap());
        assert_eq!(numbers(store.due_orders(at(25), 10).unwrap()), [2, 1]);
    }

    #[test]
    fn interrupted_syncs_go_back_to_ready_with_an_event() {
        let (dir, store) = store_with_orders(&[7, 8, 9]);
        for number in [7, 8] {
            store.set_state(number, Transition::Ready).unwrap();
            assert!(store.claim(number, at(0)).unwrap());
        }
        store
            .set_state(8, Transition::Synced { pace_jobs: vec![] })
            .unwrap();
        drop(store);

        let store = Store::open_in_data_dir(dir.path()).unwrap();
        let events = store.requeue_interrupted().unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].order, Some(7));
        assert_eq!(events[0].detail["reason"], "interrupted");
        assert_eq!(state_of(&store, 7), OrderState::Ready);
        assert_eq!(state_of(&store, 8), OrderState::Synced);
        assert_eq!(state_of(&store, 9), OrderState::WaitingForApproval);
        assert!(
            store.requeue_interrupted().unwrap().is_empty(),
            "nothing left to requeue"
        );
        assert_eq!(store.events_for(7).unwrap().last(), events.first());
    }

    #[test]
    fn attempts_and_pace_calls_are_counted() {
        let (_dir, store) = store_with_orders(&[11]);
        assert_eq!(store.record_attempt(11, at(5)).unwrap(), 1);
        let first = store.order(11).unwrap().unwrap().row.first_attempt_at;
        assert_eq!(first, Some(at(5)), "stamped with the caller's clock");
        assert_eq!(store.record_attempt(11, at(9)).unwrap(), 2);
        assert_eq!(
            store.order(11).unwrap().unwrap().row.first_attempt_at,
            first
        );
        assert_eq!(store.add_pace_calls(11, 14).unwrap(), 14);
        assert_eq!(store.add_pace_calls(11, 3).unwrap(), 17);
        assert_eq!(store.reset_attempts(11).unwrap(), 0);
        let row = store.order(11).unwrap().unwrap().row;
        assert_eq!(
            (row.attempts, row.first_attempt_at, row.pace_calls),
            (0, None, 17)
        );
    }
}
