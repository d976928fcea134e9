//! The Activity screen: the event log (filterable), orders synced and failed per day, and the
//! diagnostics bundle staff send to support (settings, which never hold a password, recent
//! events, counts and versions).

use super::time_text;
use crate::poller::{ORDER_UNREADABLE, POLL_FAILED};
use crate::service::ALERT;
use crate::settings::{Settings, local_day};
use crate::status_sync::{STAGE_REFUSED, TRACKING_REFUSED};
use crate::store::{Event, EventSearch, OrderState, STATE_CHANGED, Store, StoreError};
use crate::worker::SYNC_ATTEMPT;
use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// How much an event matters to staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EventLevel {
    /// Things going as they should.
    Info,
    /// Something passing, or worth a look (a retry, a refused write-back, an alert).
    Warning,
    /// Something a person must act on.
    Error,
}

impl EventLevel {
    /// The level of `event`, from its kind and the state it led to.
    pub fn of(event: &Event) -> EventLevel {
        let entered = |state: OrderState| event.detail["to"] == serde_json::json!(state);
        match event.kind.as_str() {
            STATE_CHANGED | SYNC_ATTEMPT if entered(OrderState::NeedsAttention) => {
                EventLevel::Error
            }
            STATE_CHANGED | SYNC_ATTEMPT if entered(OrderState::Retrying) => EventLevel::Warning,
            ORDER_UNREADABLE => EventLevel::Error,
            POLL_FAILED | ALERT | STAGE_REFUSED | TRACKING_REFUSED => EventLevel::Warning,
            _ => EventLevel::Info,
        }
    }
}

/// One line of the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EventView {
    /// The event's id (ids only grow).
    #[ts(type = "number")]
    pub id: i64,
    /// When.
    pub at: String,
    /// The order it concerns.
    #[ts(type = "number | null")]
    pub order: Option<u64>,
    /// Its kind (`state_changed`, `poll_done`, `alert` …).
    pub kind: String,
    /// What happened.
    pub message: String,
    /// How much it matters.
    pub level: EventLevel,
}

impl From<&Event> for EventView {
    fn from(event: &Event) -> Self {
        EventView {
            id: event.id.0,
            at: time_text(event.at),
            order: event.order,
            kind: event.kind.clone(),
            message: event.message.clone(),
            level: EventLevel::of(event),
        }
    }
}

/// The event log's filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct EventQuery {
    /// Text in the message or kind.
    pub text: Option<String>,
    /// Only this order's events.
    #[ts(type = "number | null")]
    pub order: Option<u64>,
    /// Only events of this level or worse.
    pub level: Option<EventLevel>,
    /// At most this many (default 200, at most 2,000).
    pub limit: Option<u32>,
}

/// The longest event list one query returns.
const MOST_EVENTS: u32 = 2_000;

impl EventQuery {
    /// The events matching the query, newest first.
    pub fn run(&self, store: &Store) -> Result<Vec<EventView>, StoreError> {
        let limit = self.limit.unwrap_or(200).clamp(1, MOST_EVENTS);
        let level = self.level.unwrap_or(EventLevel::Info);
        // A level filter is applied to what the store finds; reading more rows first keeps the
        // page full when most events are below the level.
        let read = if level == EventLevel::Info {
            limit
        } else {
            MOST_EVENTS
        };
        let events = store.search_events(&EventSearch {
            order: self.order,
            kinds: Vec::new(),
            text: self.text.clone(),
            limit: read,
        })?;
        Ok(events
            .iter()
            .map(EventView::from)
            .filter(|event| event.level >= level)
            .take(limit as usize)
            .collect())
    }
}

/// Orders synced and failed on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DayCount {
    /// The day (in the shop's time zone), `YYYY-MM-DD`.
    pub day: String,
    /// Orders that reached Synced that day.
    pub synced: u32,
    /// Orders that came to need attention that day.
    pub failed: u32,
}

impl DayCount {
    /// The last `days` days up to `now`'s day in `zone`, oldest first, each with the orders
    /// that reached Synced and those that came to need attention (each order once a day).
    pub fn last_days(
        store: &Store,
        days: u32,
        zone: Tz,
        now: DateTime<Utc>,
    ) -> Result<Vec<DayCount>, StoreError> {
        let days = days.clamp(1, 366);
        let today = local_day(zone, now);
        let first = today
            .checked_sub_days(Days::new(u64::from(days - 1)))
            .unwrap_or(today);
        // A day before the first, in UTC, covers every time zone's first local day.
        let since = crate::settings::local_midnight(zone, first) - chrono::Duration::days(1);
        let changes =
            store.state_changes_since(since, &[OrderState::Synced, OrderState::NeedsAttention])?;
        let mut per_day: BTreeMap<NaiveDate, (BTreeSet<u64>, BTreeSet<u64>)> = first
            .iter_days()
            .take_while(|day| *day <= today)
            .map(|day| (day, Default::default()))
            .collect();
        for (at, order, state) in changes {
            if let Some((synced, failed)) = per_day.get_mut(&local_day(zone, at)) {
                if state == OrderState::Synced {
                    synced.insert(order);
                } else {
                    failed.insert(order);
                }
            }
        }
        Ok(per_day
            .into_iter()
            .map(|(day, (synced, failed))| DayCount {
                day: day.to_string(),
                synced: u32::try_from(synced.len()).unwrap_or(u32::MAX),
                failed: u32::try_from(failed.len()).unwrap_or(u32::MAX),
            })
            .collect())
    }
}

/// What a diagnostics bundle holds.
#[derive(Debug, Serialize)]
struct Diagnostics<'a> {
    written_at: String,
    versions: BTreeMap<&'static str, String>,
    settings: &'a Settings,
    orders_per_state: BTreeMap<OrderState, u64>,
    recent_events: Vec<EventView>,
}

/// How many recent events a diagnostics bundle carries.
const DIAGNOSTIC_EVENTS: u32 = 1_000;

/// Writes a diagnostics bundle (one JSON file) into `folder`: the versions (`app_version` is the
/// app's own), the settings (which never hold a password), the orders per state and the last
/// 1,000 events. Returns the file written.
pub fn diagnostics_bundle(
    store: &Store,
    settings: &Settings,
    app_version: &str,
    folder: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf, std::io::Error> {
    let to_io = |error: StoreError| std::io::Error::other(error.to_string());
    let events = EventQuery {
        limit: Some(DIAGNOSTIC_EVENTS),
        ..EventQuery::default()
    }
    .run(store)
    .map_err(to_io)?;
    let bundle = Diagnostics {
        written_at: time_text(now),
        versions: BTreeMap::from([
            ("app", app_version.to_owned()),
            ("engine", env!("CARGO_PKG_VERSION").to_owned()),
            ("os", std::env::consts::OS.to_owned()),
            ("arch", std::env::consts::ARCH.to_owned()),
        ]),
        settings,
        orders_per_state: store.state_counts().map_err(to_io)?,
        recent_events: events,
    };
    std::fs::create_dir_all(folder)?;
    let path = folder.join(format!(
        "pressero-pace-sync-diagnostics-{}.json",
        now.format("%Y%m%d-%H%M%S")
    ));
    let text = serde_json::to_string_pretty(&bundle).map_err(std::io::Error::other)?;
    std::fs::write(&path, text)?;
    Ok(path)
}
