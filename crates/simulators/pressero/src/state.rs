//! The state every handler shares ([`Sim`]): the shop behind a mutex, the fault rules and call
//! log, the accepted credentials, and where the simulator listens. [`Sim::call`] is the one path
//! every Pressero API call takes: fault decision, call log, token check, the work, then any fault
//! acted out after the work.

use std::sync::{Mutex, MutexGuard, OnceLock};

use axum::http::{HeaderMap, header};
use axum::response::Response;
use chrono::{SubsecRound, Utc};
use serde_json::Value;
use simulator_kit::Instruments;

use crate::Credentials;
use crate::error::SimError;
use crate::reply::{ApiError, Reply, after_work, before_work};
use crate::shop::{Decision, ItemEdit, Shop};
use crate::wire::{OrderDetail, StoredOrder};

/// Whether a call needs a valid token.
#[derive(Debug, Clone, Copy)]
pub enum Access<'a> {
    /// No token needed (authentication itself).
    Open,
    /// `Authorization: token <Token>` required; these are the request's headers.
    Token(&'a HeaderMap),
}

/// Shared state of one running simulator.
#[derive(Debug)]
pub struct Sim {
    shop: Mutex<Shop>,
    /// Fault rules and call log.
    pub instruments: Instruments,
    /// The credentials `POST /api/V2/Authentication` accepts.
    pub credentials: Credentials,
    base_url: OnceLock<String>,
}

impl Sim {
    /// Shared state over `shop`.
    pub fn new(shop: Shop, credentials: Credentials) -> Self {
        Sim {
            shop: Mutex::new(shop),
            instruments: Instruments::default(),
            credentials,
            base_url: OnceLock::new(),
        }
    }

    /// Records where the server listens (once, right after it is bound).
    pub fn set_base_url(&self, url: String) {
        let _ = self.base_url.set(url);
    }

    /// `http://127.0.0.1:<port>`, or empty before the server is bound.
    pub fn base_url(&self) -> &str {
        self.base_url.get().map(String::as_str).unwrap_or("")
    }

    /// The shop, locked. A panic while it was held (a simulated dropped connection never holds
    /// it) does not make it unusable.
    pub fn shop(&self) -> MutexGuard<'_, Shop> {
        self.shop
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers one Pressero API call named `operation`: applies and records any fault due,
    /// checks the token when `access` asks for one, runs `work` on the shop, and acts out a
    /// fault meant for after the work.
    pub async fn call(
        &self,
        operation: &str,
        access: Access<'_>,
        work: impl FnOnce(&mut Shop) -> Result<Reply, ApiError>,
    ) -> Response {
        let fault = self.instruments.on_call(operation).await;
        if let Some(response) = before_work(fault) {
            return response;
        }
        let outcome = {
            let mut shop = self.shop();
            match access {
                Access::Token(headers) if !token_is_valid(&shop, headers) => {
                    Err(ApiError::denied())
                }
                _ => work(&mut shop),
            }
        };
        after_work(fault, outcome)
    }

    /// Adds an order given as fixture-format JSON (field names in any case); `OrderDate`
    /// defaults to now.
    pub fn add_order_json(&self, order: Value) -> Result<u64, SimError> {
        let order: OrderDetail =
            crate::caseless::from_value(order).map_err(|e| SimError::BadJson {
                file: "order".into(),
                reason: e.to_string(),
            })?;
        self.add_order(order)
    }

    /// Adds an order; `OrderDate` defaults to now.
    pub fn add_order(&self, order: OrderDetail) -> Result<u64, SimError> {
        self.shop().add_order(order, Utc::now())
    }

    /// Approves or denies item `seq` of order `number`, as an approver would.
    pub fn decide(&self, number: u64, seq: u32, decision: Decision) -> Result<(), SimError> {
        self.shop()
            .decide(number, seq, decision, Utc::now().trunc_subsecs(0))
    }

    /// Edits item `seq` of order `number` as an approver or admin would; `edit` is
    /// fixture-format JSON ([`ItemEdit`], field names in any case).
    pub fn edit_item(&self, number: u64, seq: u32, edit: Value) -> Result<(), SimError> {
        let edit: ItemEdit = crate::caseless::from_value(edit).map_err(|e| SimError::BadJson {
            file: "item edit".into(),
            reason: e.to_string(),
        })?;
        self.shop().edit_item(number, seq, edit)
    }

    /// Cancels order `number`: every item to its workflow's "Order Cancelled" stage.
    pub fn cancel_order(&self, number: u64) -> Result<(), SimError> {
        self.shop()
            .cancel_order(number, Utc::now().trunc_subsecs(0))
    }

    /// The order as stored, with what was written to it.
    pub fn order(&self, number: u64) -> Result<StoredOrder, SimError> {
        self.shop().order(number).cloned()
    }

    /// Serves order `number`'s details without `fields` from now on.
    pub fn omit_from_details(&self, number: u64, fields: &[&str]) -> Result<(), SimError> {
        self.shop().omit_from_details(number, fields)
    }

    /// Expires every token handed out so far.
    pub fn expire_tokens(&self) {
        self.shop().expire_tokens();
    }
}

/// Whether `headers` carry `Authorization: token <valid token>` (scheme in any case).
fn token_is_valid(shop: &Shop, headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .is_some_and(|(scheme, token)| {
            scheme.eq_ignore_ascii_case("token") && shop.tokens.is_valid(token.trim())
        })
}
