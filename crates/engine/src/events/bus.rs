//! [`EventBus`]: the live event stream (a tokio broadcast channel) over the store's event log.
//!
//! The log is the source of truth: the bus never broadcasts an event that is not stored, and it
//! broadcasts every stored event, including those other modules append directly (the store's own
//! state-change events, apply's step events, alerts). After each write it reads the log from the
//! last event it broadcast ([`EventBus::publish_new`]), so each event goes out once, in id order.

use crate::store::{Event, EventId, NewEvent, Store, StoreError, Transition};
use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::broadcast;

/// One event as subscribers receive it: the stored event with its id, time (`at`), order (if
/// any), kind (e.g. [`crate::store::STATE_CHANGED`]), one-line message and structured detail.
pub type SyncEvent = Event;

/// How many events a slow subscriber may fall behind before it misses some (it then gets
/// `RecvError::Lagged` and can catch up from the store with `Store::events_after`).
pub const EVENT_STREAM_CAPACITY: usize = 1024;

/// The event stream of one sync service. Cheap to clone; clones share the stream.
#[derive(Debug, Clone)]
pub struct EventBus {
    store: Store,
    sender: broadcast::Sender<SyncEvent>,
    /// The id of the last event broadcast (the lock also keeps two catch-ups from sending the
    /// same event twice).
    last_sent: Arc<Mutex<EventId>>,
}

impl EventBus {
    /// A stream over `store`'s event log. Events already in the log are not broadcast again:
    /// subscribers read history with `Store::recent_events` / `Store::events_after`.
    pub fn new(store: Store) -> Result<Self, StoreError> {
        let last = store
            .recent_events(1)?
            .first()
            .map_or(EventId(0), |event| event.id);
        let (sender, _) = broadcast::channel(EVENT_STREAM_CAPACITY);
        Ok(EventBus {
            store,
            sender,
            last_sent: Arc::new(Mutex::new(last)),
        })
    }

    /// The store the events are kept in.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A new subscriber: it receives every event stored from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<SyncEvent> {
        self.sender.subscribe()
    }

    /// Stores `event` and broadcasts it (with any event stored before it not yet broadcast).
    pub fn record(&self, event: NewEvent) -> Result<SyncEvent, StoreError> {
        let stored = self.store.append_event(event)?;
        self.publish_new()?;
        Ok(stored)
    }

    /// Like [`EventBus::change_state`], but only if the order is still in state `expected`
    /// ([`Store::set_state_if`]): `None`, changing nothing, when it moved on meanwhile (e.g. a
    /// worker claimed it).
    pub fn change_state_if(
        &self,
        order_number: u64,
        expected: crate::store::OrderState,
        transition: Transition,
    ) -> Result<Option<SyncEvent>, StoreError> {
        let event = self
            .store
            .set_state_if(order_number, expected, transition)?;
        if event.is_some() {
            self.publish_new()?;
        }
        Ok(event)
    }

    /// Moves an order to a new state (the store writes the state-change event in the same
    /// transaction) and broadcasts that event.
    pub fn change_state(
        &self,
        order_number: u64,
        transition: Transition,
    ) -> Result<SyncEvent, StoreError> {
        let event = self.store.set_state(order_number, transition)?;
        self.publish_new()?;
        Ok(event)
    }

    /// Acknowledges a change after sync (see `Store::acknowledge_change`) and broadcasts the
    /// state change. `None` when the order is not changed after sync.
    pub fn acknowledge_change(&self, order_number: u64) -> Result<Option<SyncEvent>, StoreError> {
        let event = self.store.acknowledge_change(order_number)?;
        if event.is_some() {
            self.publish_new()?;
        }
        Ok(event)
    }

    /// Claims an order for syncing (see `Store::claim`) and broadcasts the state change.
    pub fn claim(&self, order_number: u64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let claimed = self.store.claim(order_number, now)?;
        if claimed {
            self.publish_new()?;
        }
        Ok(claimed)
    }

    /// At start-up: orders a crash left in `Syncing` go back to `Ready` (see
    /// `Store::requeue_interrupted`); their events are broadcast. Returns the order numbers.
    pub fn requeue_interrupted(&self) -> Result<Vec<u64>, StoreError> {
        let events = self.store.requeue_interrupted()?;
        self.publish_new()?;
        Ok(events.iter().filter_map(|event| event.order).collect())
    }

    /// Broadcasts every stored event not broadcast yet, in id order (events other modules
    /// appended to the store directly). Returns how many went out.
    pub fn publish_new(&self) -> Result<usize, StoreError> {
        let mut last = self
            .last_sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let events = self.store.events_after(*last)?;
        let count = events.len();
        for event in events {
            *last = event.id;
            // No subscriber is not an error: the event is in the log.
            let _ = self.sender.send(event);
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::STATE_CHANGED;
    use serde_json::json;

    fn note(order: Option<u64>, message: &str) -> NewEvent {
        NewEvent {
            order,
            kind: "note".into(),
            message: message.into(),
            detail: json!({}),
        }
    }

    #[tokio::test]
    async fn every_stored_event_is_broadcast_once_in_order_and_history_is_not_replayed() {
        let store = Store::open_in_memory().unwrap();
        store.append_event(note(None, "before the bus")).unwrap();
        let bus = EventBus::new(store.clone()).unwrap();
        let mut events = bus.subscribe();
        // One event written by another module straight into the store, then one through the bus.
        store.append_event(note(Some(7), "from apply")).unwrap();
        let recorded = bus.record(note(None, "poll done")).unwrap();
        assert_eq!(bus.publish_new().unwrap(), 0, "nothing left to send");
        let first = events.recv().await.unwrap();
        let second = events.recv().await.unwrap();
        assert_eq!(
            (first.message.as_str(), second.message.as_str()),
            ("from apply", "poll done")
        );
        assert_eq!(second, recorded);
        assert!(first.id < second.id);
        assert!(events.try_recv().is_err(), "each event is sent once");
    }

    #[tokio::test]
    async fn a_state_change_is_stored_and_broadcast() {
        let store = Store::open_in_memory().unwrap();
        let order = crate::test_support::order_by(4242, "a@example.com");
        store.upsert_snapshot(&order, Utc::now()).unwrap();
        let bus = EventBus::new(store.clone()).unwrap();
        let mut events = bus.subscribe();
        let event = bus.change_state(4242, Transition::Ready).unwrap();
        let received = events.recv().await.unwrap();
        assert_eq!(received, event);
        assert_eq!(received.kind, STATE_CHANGED);
        assert_eq!(store.events_for(4242).unwrap().last(), Some(&event));
        assert!(bus.claim(4242, Utc::now()).unwrap());
        let claimed = events.recv().await.unwrap();
        assert_eq!(claimed.order, Some(4242));
        assert_eq!(claimed.kind, STATE_CHANGED);
    }
}
