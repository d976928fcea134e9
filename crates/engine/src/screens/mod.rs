//! What the desktop window shows, screen by screen: the view types its commands return, built
//! here from the store, the plan and the settings, so the Tauri layer only passes them through
//! (ARCHITECTURE.md, invariant 4) and the UI only displays them.
//!
//! - [`orders`]: the Orders list ([`OrderListItem`], filtered by an [`OrderQuery`]) and the
//!   Order detail ([`OrderView`]: items, trace, links to the jobs in Pace).
//! - [`plan_view`]: "what will be created in Pace" ([`PlanView`]), from a preview.
//! - [`health`]: the header of every screen and the tray ([`Health`]): each connection's
//!   health, last and next poll, backlog, counts per state, all derived from the event log.
//! - [`settings_view`]: the Settings screen ([`SettingsView`] with the settings' JSON Schema,
//!   whose doc comments are the help texts), problems by field path ([`Problem`]), the rule
//!   editors ([`RuleKind`], [`RuleTrial`]) and connection tests ([`CheckView`]).
//! - [`activity`]: the event log ([`EventView`], [`EventQuery`]), orders synced and failed per
//!   day ([`DayCount`]) and the diagnostics bundle for support.
//!
//! Every type here derives `ts_rs::TS`: the UI's types in `ui/src/bindings/` are generated from
//! them (`UPDATE_BINDINGS=1 cargo test -p engine bindings`), and a test fails when the committed
//! files differ from what the Rust types give, so the two are never written twice by hand.
//! Times are RFC 3339 text in UTC and money decimal text, so the UI needs no date or decimal
//! types of its own.

pub mod activity;
pub mod app;
pub mod health;
pub mod orders;
pub mod plan_view;
pub mod settings_view;

#[cfg(test)]
mod bindings;

pub use activity::{DayCount, EventLevel, EventQuery, EventView, diagnostics_bundle};
pub use app::{AppInfo, KeyringState, KeyringStatus};
pub use health::{Backlog, ConnectionHealth, ConnectionState, Health, StateCount};
pub use orders::{ErrorView, ItemView, JobLink, OrderListItem, OrderQuery, OrderView, TraceLine};
pub use plan_view::{PlanStepView, PlanView};
pub use settings_view::{
    CheckView, PasswordsSet, Problem, RuleKind, RuleTrial, SettingsView, StorefrontView,
    settings_schema,
};

use chrono::{DateTime, SecondsFormat, Utc};

/// A time as the UI receives it: RFC 3339 in UTC, to the second.
pub(crate) fn time_text(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}
