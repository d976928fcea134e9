//! The product logic of Pressero → Pace Sync, with no UI and no Tauri: settings and rules, the
//! order plan, and (later) the store, apply, poller, alerts and the service handle.
//!
//! - [`settings`]: the shop's integration parameters (TOML), with validation that lists every
//!   problem at once.
//! - [`rules`]: the Accounts and Site Mapping rules of the specification (JSON, as shops paste them).
//! - [`plan`]: the pure planner that turns one Pressero order into the Pace objects to create.

pub mod alerts;
pub mod apply;
pub mod events;
pub mod plan;
pub mod poller;
pub mod resolve;
pub mod rules;
pub mod screens;
pub mod secrets;
pub mod service;
pub mod settings;
pub mod status_sync;
pub mod store;
pub mod worker;
pub mod writeback;

#[cfg(test)]
pub(crate) mod test_support;
