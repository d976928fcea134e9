//! Aleyant Pressero Admin API (v6) client, and the normalized [`order::Order`] model that the
//! rest of the product works with.
//!
//! The only crate of the product that knows Pressero's HTTP API (ARCHITECTURE.md, invariant 1).
//!
//! - [`PresseroSettings`] + [`Password`] → [`PresseroClient`] (cheap to clone; signs in and
//!   renews its token itself).
//! - Polling: [`PresseroClient::search_orders`] / [`PresseroClient::search_site_orders`] /
//!   [`PresseroClient::search`] over a [`SearchWindow`] → [`OrderSummary`]s.
//! - Reading: [`PresseroClient::order`] → [`order::Order`] (from the order's search rows,
//!   completed from its details; [`PresseroClient::read_order`] also says what the details
//!   lacked), plus item details, sites,
//!   products, users, address books, workflows, stages and file downloads.
//! - Writing back: [`PresseroClient::set_item_mis_id`], [`PresseroClient::set_item_stage`],
//!   [`PresseroClient::post_shipment`].
//! - Errors: [`PresseroError`], with [`PresseroError::is_transient`].

mod client;
mod error;
mod normalize;
pub mod order;
mod records;
mod settings;
mod summary;
mod window;
mod wire;

pub use client::{OrderQuery, PresseroClient};
pub use error::{CallSite, PresseroError};
pub use records::{
    AddressBook, ItemFiles, NewShipment, OrderRead, Product, Workflow, WorkflowStage,
};
pub use settings::{Password, PresseroSettings, SettingsError};
pub use summary::{ItemSummary, OrderSummary};
pub use window::{EmptyWindow, SearchWindow};
pub use wire::json::FieldError;
