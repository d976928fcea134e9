//! The header of every screen, and what the tray shows: each connection's health, the last and
//! next poll, the backlog being drained, and how many orders are in each state.
//!
//! Everything is derived from what the store already keeps (the event log and the order
//! states), so the header says the same after a restart and needs no state of its own, except
//! the size a backlog had when it began ([`BacklogGauge`]), which only a running app has.

use super::time_text;
use crate::poller::{POLL_DONE, POLL_FAILED};
use crate::service::{ALERT, ALERT_EMAIL_FAILED};
use crate::settings::Settings;
use crate::store::{Event, OrderState, Store, StoreError};
use crate::worker::SYNC_ATTEMPT;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use ts_rs::TS;

/// How a connection looks from its last use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// Its last use worked.
    Ok,
    /// Its last use failed.
    Failing,
    /// Not used yet (or not set up).
    Unknown,
}

/// One connection in the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionHealth {
    /// `Pressero`, `Pace` or `Mail`.
    pub name: String,
    /// Its state.
    pub state: ConnectionState,
    /// What its last use said.
    pub message: String,
    /// When that was.
    pub checked_at: Option<String>,
}

/// A backlog being drained: `done` of `total` orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Backlog {
    /// Orders of the backlog synced (or otherwise settled) so far.
    pub done: u32,
    /// Orders the backlog has had at most.
    pub total: u32,
}

/// How many orders are in one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StateCount {
    /// The state.
    pub state: OrderState,
    /// In staff's words.
    pub label: String,
    /// How many orders.
    #[ts(type = "number")]
    pub count: u64,
}

/// The header of every screen and the tray's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// Pressero, Pace and Mail.
    pub connections: Vec<ConnectionHealth>,
    /// When Pressero was last polled.
    pub last_poll_at: Option<String>,
    /// When it is polled next (while running and not paused).
    pub next_poll_at: Option<String>,
    /// Whether the background sync runs.
    pub running: bool,
    /// Whether staff paused it.
    pub paused: bool,
    /// The backlog being drained, while there is one.
    pub backlog: Option<Backlog>,
    /// Orders per state, every state listed.
    pub counts: Vec<StateCount>,
    /// Orders that need a person (Needs attention).
    #[ts(type = "number")]
    pub attention: u64,
    /// Whether this is the demo (bundled simulators, sample orders).
    pub demo: bool,
}

/// Whether the background sync runs, and whether staff paused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Running {
    /// The background sync runs.
    pub running: bool,
    /// Staff paused it.
    pub paused: bool,
}

impl Health {
    /// The header for `store` with `settings`, now; the backlog from `gauge`.
    pub fn read(
        store: &Store,
        settings: &Settings,
        running: Running,
        gauge: &BacklogGauge,
        now: DateTime<Utc>,
    ) -> Result<Health, StoreError> {
        let counts = store.state_counts()?;
        let last_poll = store.latest_event(&[POLL_DONE, POLL_FAILED])?;
        let pressero = connection_from(
            "Pressero",
            last_poll.as_ref(),
            |event| event.kind == POLL_DONE,
            "Not polled yet",
        );
        let pace = connection_from(
            "Pace",
            store.latest_event(&[SYNC_ATTEMPT])?.as_ref(),
            |event| {
                // A retried attempt is a passing failure (Pace or the network); a permanent one
                // is the order's own problem, and Pace did answer.
                event.detail["to"] != serde_json::json!(OrderState::Retrying)
            },
            "No order sent yet",
        );
        let mail = if settings.smtp.host.trim().is_empty() {
            ConnectionHealth {
                name: "Mail".to_owned(),
                state: ConnectionState::Unknown,
                message: "No mail server set: alerts are shown here only".to_owned(),
                checked_at: None,
            }
        } else {
            let last_mail = store.latest_event(&[ALERT])?;
            let sent = |event: &Event| {
                !event.detail["email"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with(ALERT_EMAIL_FAILED)
            };
            let mut mail = connection_from("Mail", last_mail.as_ref(), sent, "No alert sent yet");
            if let Some(event) = &last_mail
                && let Some(email) = event.detail["email"].as_str()
            {
                mail.message = format!("Last alert {email}");
            }
            mail
        };
        let last_poll_at = last_poll.as_ref().map(|event| event.at);
        let interval = chrono::Duration::seconds(
            i64::try_from(settings.polling.interval_seconds.max(1)).unwrap_or(i64::MAX),
        );
        let next_poll_at = (running.running && !running.paused)
            .then(|| last_poll_at.map_or(now, |at| (at + interval).max(now)));
        let waiting = counts.get(&OrderState::Ready).copied().unwrap_or(0)
            + counts.get(&OrderState::Syncing).copied().unwrap_or(0);
        let attention = counts
            .get(&OrderState::NeedsAttention)
            .copied()
            .unwrap_or(0);
        Ok(Health {
            connections: vec![pressero, pace, mail],
            last_poll_at: last_poll_at.map(time_text),
            next_poll_at: next_poll_at.map(time_text),
            running: running.running,
            paused: running.paused,
            backlog: gauge.observe(waiting),
            counts: every_state(&counts),
            attention,
            demo: false,
        })
    }

    /// Whether the tray shows "attention needed" rather than "all good": an order needs a
    /// person, or a connection is failing.
    pub fn needs_attention(&self) -> bool {
        self.attention > 0
            || self.changed_after_sync() > 0
            || self
                .connections
                .iter()
                .any(|connection| connection.state == ConnectionState::Failing)
    }

    /// Orders changed in Pressero after they were synced, waiting for staff to acknowledge.
    fn changed_after_sync(&self) -> u64 {
        self.counts
            .iter()
            .find(|count| count.state == OrderState::ChangedAfterSync)
            .map_or(0, |count| count.count)
    }

    /// The tray's tooltip: all good, or what needs attention.
    pub fn tray_text(&self) -> String {
        let failing: Vec<&str> = self
            .connections
            .iter()
            .filter(|c| c.state == ConnectionState::Failing)
            .map(|c| c.name.as_str())
            .collect();
        let mut parts = Vec::new();
        if self.attention > 0 {
            parts.push(format!("{} order(s) need attention", self.attention));
        }
        if self.changed_after_sync() > 0 {
            parts.push(format!(
                "{} order(s) changed after sync",
                self.changed_after_sync()
            ));
        }
        if !failing.is_empty() {
            parts.push(format!("{} failing", failing.join(", ")));
        }
        if self.paused {
            parts.push("paused".to_owned());
        }
        if parts.is_empty() {
            "Pressero → Pace Sync: all good".to_owned()
        } else {
            format!("Pressero → Pace Sync: {}", parts.join("; "))
        }
    }
}

fn connection_from(
    name: &str,
    event: Option<&Event>,
    worked: impl Fn(&Event) -> bool,
    never: &str,
) -> ConnectionHealth {
    match event {
        None => ConnectionHealth {
            name: name.to_owned(),
            state: ConnectionState::Unknown,
            message: never.to_owned(),
            checked_at: None,
        },
        Some(event) => ConnectionHealth {
            name: name.to_owned(),
            state: if worked(event) {
                ConnectionState::Ok
            } else {
                ConnectionState::Failing
            },
            message: event.message.clone(),
            checked_at: Some(time_text(event.at)),
        },
    }
}

fn every_state(counts: &BTreeMap<OrderState, u64>) -> Vec<StateCount> {
    OrderState::ALL
        .iter()
        .map(|state| StateCount {
            state: *state,
            label: state.label().to_owned(),
            count: counts.get(state).copied().unwrap_or(0),
        })
        .collect()
}

/// The size of the backlog being drained: it begins when orders wait to be synced and ends
/// when none does; its total is the most that waited at once, so the bar only moves forward.
#[derive(Debug, Default)]
pub struct BacklogGauge {
    largest: Mutex<u64>,
}

impl BacklogGauge {
    /// The backlog with `waiting` orders still to sync, or `None` when there is none (or just
    /// one order: no bar for a single order).
    pub fn observe(&self, waiting: u64) -> Option<Backlog> {
        let mut largest = self.largest.lock().unwrap_or_else(PoisonError::into_inner);
        if waiting == 0 {
            *largest = 0;
            return None;
        }
        *largest = (*largest).max(waiting);
        let total = u32::try_from(*largest).unwrap_or(u32::MAX);
        let done = u32::try_from(*largest - waiting).unwrap_or(u32::MAX);
        (total > 1).then_some(Backlog { done, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backlog_grows_to_its_largest_size_and_ends_when_nothing_waits() {
        let gauge = BacklogGauge::default();
        assert_eq!(gauge.observe(1), None, "no bar for one order");
        assert_eq!(gauge.observe(5), Some(Backlog { done: 0, total: 5 }));
        assert_eq!(gauge.observe(3), Some(Backlog { done: 2, total: 5 }));
        assert_eq!(gauge.observe(6), Some(Backlog { done: 0, total: 6 }));
        assert_eq!(gauge.observe(0), None);
        assert_eq!(gauge.observe(2), Some(Backlog { done: 0, total: 2 }));
    }
}
