//! An order's sync state as staff see it, the error kinds, and the transitions between states
//! with the data each one carries.

use chrono::{DateTime, Utc};
use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where an order is in the sync. The text form ([`OrderState::as_str`], also the serde form) is
/// what SQLite stores: never change it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// Some item still waits for an approver in Pressero.
    WaitingForApproval,
    /// Ready to be sent to Pace.
    Ready,
    /// Being sent to Pace now.
    Syncing,
    /// In Pace.
    Synced,
    /// A transient error; tried again at the next attempt time.
    Retrying,
    /// A permanent error: a person must fix something and push the order again.
    NeedsAttention,
    /// Nothing to send (e.g. every item denied).
    Skipped,
    /// In Pace, but changed in Pressero since in a way that matters to production (an item
    /// denied or added, a quantity, ship-to or price, a cancellation): the difference is kept on
    /// the order, nothing in Pace was changed, and staff acknowledge it.
    ChangedAfterSync,
}

impl OrderState {
    /// Every state, in the order staff read them.
    pub const ALL: [OrderState; 8] = [
        OrderState::WaitingForApproval,
        OrderState::Ready,
        OrderState::Syncing,
        OrderState::Synced,
        OrderState::Retrying,
        OrderState::NeedsAttention,
        OrderState::Skipped,
        OrderState::ChangedAfterSync,
    ];

    /// The stable text form stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::WaitingForApproval => "waiting_for_approval",
            OrderState::Ready => "ready",
            OrderState::Syncing => "syncing",
            OrderState::Synced => "synced",
            OrderState::Retrying => "retrying",
            OrderState::NeedsAttention => "needs_attention",
            OrderState::Skipped => "skipped",
            OrderState::ChangedAfterSync => "changed_after_sync",
        }
    }

    /// The state in staff's words, e.g. `Needs attention`.
    pub fn label(self) -> &'static str {
        match self {
            OrderState::WaitingForApproval => "Waiting for approval",
            OrderState::Ready => "Ready",
            OrderState::Syncing => "Syncing",
            OrderState::Synced => "Synced",
            OrderState::Retrying => "Retrying",
            OrderState::NeedsAttention => "Needs attention",
            OrderState::Skipped => "Skipped",
            OrderState::ChangedAfterSync => "Changed after sync",
        }
    }
}

impl fmt::Display for OrderState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The text is not one of the known forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {text:?}")]
pub struct UnknownText {
    what: &'static str,
    text: String,
}

impl UnknownText {
    /// `text` is not a known `what`.
    pub(crate) fn new(what: &'static str, text: &str) -> UnknownText {
        UnknownText {
            what,
            text: text.to_owned(),
        }
    }
}

impl FromStr for OrderState {
    type Err = UnknownText;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        OrderState::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
            .ok_or_else(|| UnknownText::new("order state", text))
    }
}

/// How an error is handled, decided once where it was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Network, timeout, HTTP 5xx, expired token: retried with backoff.
    Transient,
    /// Validation, customer not identified, a Pace business fault: waits for a person.
    Permanent,
}

impl ErrorKind {
    /// The stable text form stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Transient => "transient",
            ErrorKind::Permanent => "permanent",
        }
    }
}

impl FromStr for ErrorKind {
    type Err = UnknownText;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [ErrorKind::Transient, ErrorKind::Permanent]
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| UnknownText::new("error kind", text))
    }
}

/// The last error of an order, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderError {
    /// Retried or waiting for a person.
    pub kind: ErrorKind,
    /// What went wrong, naming the order's field or the Pace object.
    pub message: String,
    /// What to do about it; empty when there is nothing to add.
    pub hint: String,
}

/// A change of an order's state with the data the new state needs. (An order becomes
/// [`OrderState::Syncing`] only through [`Store::claim`](super::Store::claim).)
///
/// Entering `Retrying` or `NeedsAttention` records the error; entering `Ready`, `Synced`,
/// `Skipped`, `WaitingForApproval` or `ChangedAfterSync` clears the last error. Only `Retrying`
/// has a next attempt time; only `ChangedAfterSync` has a change after sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Transition {
    /// Some item waits for an approver.
    WaitingForApproval,
    /// Ready to send (approved, or pushed by a person).
    Ready,
    /// Sent: these are the Pace job numbers created or used.
    Synced {
        /// The Pace job numbers.
        pace_jobs: Vec<String>,
    },
    /// A transient error: try again at `next_attempt_at`.
    Retrying {
        /// When to try again.
        next_attempt_at: DateTime<Utc>,
        /// The error.
        error: OrderError,
    },
    /// A permanent error (or retries given up): wait for a person.
    NeedsAttention {
        /// The error.
        error: OrderError,
    },
    /// Nothing to send.
    Skipped {
        /// Why, in staff's words.
        reason: String,
    },
    /// Synced, then changed in Pressero in a way that matters to production.
    ChangedAfterSync {
        /// The difference in words, e.g. `item 2 quantity 500 → 1000; item 3 denied`.
        change: String,
    },
}

impl Transition {
    /// The state the order enters.
    pub fn state(&self) -> OrderState {
        match self {
            Transition::WaitingForApproval => OrderState::WaitingForApproval,
            Transition::Ready => OrderState::Ready,
            Transition::Synced { .. } => OrderState::Synced,
            Transition::Retrying { .. } => OrderState::Retrying,
            Transition::NeedsAttention { .. } => OrderState::NeedsAttention,
            Transition::Skipped { .. } => OrderState::Skipped,
            Transition::ChangedAfterSync { .. } => OrderState::ChangedAfterSync,
        }
    }

    /// The error the transition records, if any.
    pub fn error(&self) -> Option<&OrderError> {
        match self {
            Transition::Retrying { error, .. } | Transition::NeedsAttention { error } => {
                Some(error)
            }
            _ => None,
        }
    }
}

impl ToSql for OrderState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for OrderState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        super::columns::parse_text(value, "order state")
    }
}

impl ToSql for ErrorKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for ErrorKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        super::columns::parse_text(value, "error kind")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_text_forms_round_trip_and_match_serde() {
        for state in OrderState::ALL {
            assert_eq!(state.as_str().parse::<OrderState>(), Ok(state));
            assert_eq!(
                serde_json::to_value(state).unwrap(),
                serde_json::Value::String(state.as_str().to_owned())
            );
        }
        assert!("pending".parse::<OrderState>().is_err());
        for kind in [ErrorKind::Transient, ErrorKind::Permanent] {
            assert_eq!(kind.as_str().parse::<ErrorKind>(), Ok(kind));
        }
    }
}
