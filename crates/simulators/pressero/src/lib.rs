//! A local Aleyant Pressero stand-in speaking the Pressero Admin API (v6) as
//! `shared/reference/pressero-api.md` and the lead engineer's proposals describe it: token
//! authentication with expiry, order search (all sites and per site) with date window, filters
//! and 0-based paging, order/item details, shipments, sites, products, users, workflows,
//! production file downloads, and the write-backs (`MisId`, workflow stage, shipments). It is
//! seeded from `fixtures/pressero/` and has `/_sim/…` control routes (and the same functions on
//! [`RunningPressero`]) to change orders over time and read back what was written, plus fault
//! injection through [`simulator_kit`]. The crate README lists the routes, the operation names
//! for fault rules, and every wire-format guess.
//!
//! ```no_run
//! # async fn demo() -> Result<(), pressero_simulator::SimError> {
//! use pressero_simulator::{PresseroConfig, PresseroSimulator};
//! let pressero = PresseroSimulator::start(PresseroConfig::default()).await?;
//! println!("Pressero at {}", pressero.base_url());
//! pressero.approve_item(10005, 2)?;
//! # Ok(()) }
//! ```

mod admit;
mod api;
mod caseless;
mod catalog;
mod control;
mod error;
mod files;
#[cfg(test)]
mod fixture_checks;
mod http;
mod reply;
mod requests;
mod rows;
mod search;
mod seed;
mod shop;
mod state;
mod tokens;
pub mod wire;

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use simulator_kit::RunningServer;

pub use error::SimError;
pub use reply::DENIED;
pub use seed::{Seed, kit_shape_orders, sample_orders, shop_case_orders};
pub use simulator_kit::{FaultKind, FaultRule, Instruments};
pub use wire::{OrderDetail, OrderItem, StoredOrder};

use crate::reply::ApiError;
use crate::requests::AuthRequest;
use crate::shop::{Decision, Shop};
use crate::state::Sim;

/// The credentials `POST /api/V2/Authentication` accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// `UserName` (compared without regard to case).
    pub user_name: String,
    /// `Password` (exact).
    pub password: String,
    /// `SubscriberId` (a GUID, compared without regard to case).
    pub subscriber_id: String,
    /// `ConsumerID` (a GUID, compared without regard to case).
    pub consumer_id: String,
}

impl Default for Credentials {
    /// The demo credentials; the subscriber id is the one the fixture sites carry.
    fn default() -> Self {
        Credentials {
            user_name: "sync@printshop.example".into(),
            password: "pressero-sim".into(),
            subscriber_id: "4b9e0c55-2f0d-4e4b-9a57-1d2c3b4a5f60".into(),
            consumer_id: "9c1f5e3a-7b2d-4a68-8e0f-3d5c6b7a8e91".into(),
        }
    }
}

impl Credentials {
    /// Checks an authentication request: unknown subscriber, unknown consumer, or a wrong user
    /// name or password are each a 401 with a `Message` saying which.
    fn check(&self, request: &AuthRequest) -> Result<(), ApiError> {
        if !request
            .subscriber_id
            .trim()
            .eq_ignore_ascii_case(&self.subscriber_id)
        {
            return Err(ApiError::unauthorized(format!(
                "Unknown subscriber '{}'.",
                request.subscriber_id
            )));
        }
        if !request
            .consumer_id
            .trim()
            .eq_ignore_ascii_case(&self.consumer_id)
        {
            return Err(ApiError::unauthorized(format!(
                "Unknown consumer '{}'.",
                request.consumer_id
            )));
        }
        if !request
            .user_name
            .trim()
            .eq_ignore_ascii_case(&self.user_name)
            || request.password != self.password
        {
            return Err(ApiError::unauthorized(
                "The user name or password is incorrect.",
            ));
        }
        Ok(())
    }
}

/// How to run the simulator.
#[derive(Debug, Clone)]
pub struct PresseroConfig {
    /// Port on 127.0.0.1; `0` picks a free one.
    pub port: u16,
    /// The credentials accepted.
    pub credentials: Credentials,
    /// How long a token stays valid.
    pub token_ttl: Duration,
    /// Where the sites, users, products, workflows and orders come from.
    pub seed: Seed,
}

impl Default for PresseroConfig {
    /// A free port, the demo credentials, 30-minute tokens, the bundled fixtures.
    fn default() -> Self {
        PresseroConfig {
            port: 0,
            credentials: Credentials::default(),
            token_ttl: Duration::from_secs(30 * 60),
            seed: Seed::bundled(),
        }
    }
}

/// Starts Pressero simulators.
#[derive(Debug)]
pub struct PresseroSimulator;

impl PresseroSimulator {
    /// Loads the seed, checks every order, and serves on 127.0.0.1 in a background task.
    pub async fn start(config: PresseroConfig) -> Result<RunningPressero, SimError> {
        let shop = Shop::new(config.seed.load()?, config.token_ttl)?;
        let sim = Arc::new(Sim::new(shop, config.credentials));
        let server = simulator_kit::serve(http::router(sim.clone()), config.port).await?;
        sim.set_base_url(server.base_url());
        tracing::info!(url = %server.base_url(), "Pressero simulator listening");
        Ok(RunningPressero { server, sim })
    }
}

/// A running simulator; dropping it (or [`RunningPressero::stop`]) stops it.
#[derive(Debug)]
pub struct RunningPressero {
    server: RunningServer,
    sim: Arc<Sim>,
}

impl RunningPressero {
    /// `http://127.0.0.1:<port>`: the admin base URL to give a client.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// Fault rules and call log.
    pub fn instruments(&self) -> &Instruments {
        &self.sim.instruments
    }

    /// The credentials accepted.
    pub fn credentials(&self) -> &Credentials {
        &self.sim.credentials
    }

    /// Adds an order, as a buyer checking out would; `OrderDate` defaults to now. Returns its
    /// number.
    pub fn add_order(&self, order: OrderDetail) -> Result<u64, SimError> {
        self.sim.add_order(order)
    }

    /// Adds an order given as fixture-format JSON (field names in any case).
    pub fn add_order_json(&self, order: Value) -> Result<u64, SimError> {
        self.sim.add_order_json(order)
    }

    /// Approves item `seq` of order `number`, as an approver would.
    pub fn approve_item(&self, number: u64, seq: u32) -> Result<(), SimError> {
        self.sim.decide(number, seq, Decision::Approve)
    }

    /// Denies item `seq` of order `number` ("Request Denied").
    pub fn deny_item(&self, number: u64, seq: u32) -> Result<(), SimError> {
        self.sim.decide(number, seq, Decision::Deny)
    }

    /// From now on, `GET /api/v2/orders/{number}/Details` (and its `…/items` and
    /// `…/Item/{seq}/Details`) answer without these fields (names in any case), at the order's
    /// level and in each item: a detail that lacks what the PROPOSAL shape has. Replaces any
    /// earlier list for that order; an empty list serves the whole detail again.
    pub fn omit_from_details(&self, number: u64, fields: &[&str]) -> Result<(), SimError> {
        self.sim.omit_from_details(number, fields)
    }

    /// Edits item `seq` of order `number` after it was ordered, as an approver or admin would:
    /// fixture-format JSON with any of `Quantity`, `Price`, `ShipToAddress` (names in any case).
    pub fn edit_item(&self, number: u64, seq: u32, edit: Value) -> Result<(), SimError> {
        self.sim.edit_item(number, seq, edit)
    }

    /// Cancels order `number` as an admin would: every item moves to its workflow's
    /// "Order Cancelled" stage.
    pub fn cancel_order(&self, number: u64) -> Result<(), SimError> {
        self.sim.cancel_order(number)
    }

    /// Expires every token handed out so far: the next call with one gets a 401.
    pub fn expire_tokens(&self) {
        self.sim.expire_tokens();
    }

    /// Order `number` as stored: each item's `MisId` and current stage, the stage history with
    /// notes, the posted shipments.
    pub fn order(&self, number: u64) -> Result<StoredOrder, SimError> {
        self.sim.order(number)
    }

    /// Stops the server and waits for it to end.
    pub async fn stop(self) {
        self.server.stop().await;
    }
}
