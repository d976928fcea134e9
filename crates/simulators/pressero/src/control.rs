//! The `/_sim/…` control routes (no auth, no faults) that change orders over time the way a
//! real storefront would, and read back what clients wrote:
//!
//! - `POST /_sim/orders` with an order in the fixture format → `201 {"OrderNumber": n}`
//! - `GET /_sim/orders/{n}` → the order as stored, with `StageHistory` and `Shipments`
//! - `POST /_sim/orders/{n}/items/{seq}/approve` and `…/deny` → `204`
//! - `POST /_sim/orders/{n}/items/{seq}/edit` with any of `{"Quantity", "Price",
//!   "ShipToAddress"}` → `204`: an approver's or admin's edit after the order was placed
//! - `POST /_sim/orders/{n}/cancel` → `204`: every item to its workflow's "Order Cancelled" stage
//! - `POST /_sim/orders/{n}/details/omit` with `{"Fields": ["Items", …]}` → `204`: the order's
//!   details are served without those fields from now on
//! - `POST /_sim/tokens/expire` → `204`: every token handed out so far stops working

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::api::{item_number, order_number};
use crate::reply::ApiError;
use crate::shop::Decision;
use crate::state::Sim;

/// The control routes.
pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/_sim/orders", post(add_order))
        .route("/_sim/orders/{order}", get(read_order))
        .route("/_sim/orders/{order}/items/{seq}/approve", post(approve))
        .route("/_sim/orders/{order}/items/{seq}/deny", post(deny))
        .route("/_sim/orders/{order}/items/{seq}/edit", post(edit_item))
        .route("/_sim/orders/{order}/cancel", post(cancel_order))
        .route("/_sim/orders/{order}/details/omit", post(omit_from_details))
        .route("/_sim/tokens/expire", post(expire_tokens))
}

fn answer<T>(result: Result<T, ApiError>, ok: impl FnOnce(T) -> Response) -> Response {
    match result {
        Ok(value) => ok(value),
        Err(error) => error.into_response(),
    }
}

fn numbers(order: &str, seq: &str) -> Result<(u64, u32), ApiError> {
    Ok((order_number(order)?, item_number(seq)?))
}

async fn add_order(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response {
    let result = serde_json::from_slice::<Value>(&body)
        .map_err(|e| ApiError::bad_request(format!("The request is invalid. {e}")))
        .and_then(|order| sim.add_order_json(order).map_err(ApiError::from));
    answer(result, |number| {
        (
            StatusCode::CREATED,
            axum::Json(json!({ "OrderNumber": number })),
        )
            .into_response()
    })
}

async fn read_order(State(sim): State<Arc<Sim>>, Path(order): Path<String>) -> Response {
    let result = order_number(&order).and_then(|number| sim.order(number).map_err(ApiError::from));
    answer(result, |order| axum::Json(order).into_response())
}

fn decide(sim: &Sim, order: &str, seq: &str, decision: Decision) -> Response {
    let result = numbers(order, seq)
        .and_then(|(order, seq)| sim.decide(order, seq, decision).map_err(ApiError::from));
    answer(result, |()| StatusCode::NO_CONTENT.into_response())
}

async fn approve(
    State(sim): State<Arc<Sim>>,
    Path((order, seq)): Path<(String, String)>,
) -> Response {
    decide(&sim, &order, &seq, Decision::Approve)
}

async fn deny(State(sim): State<Arc<Sim>>, Path((order, seq)): Path<(String, String)>) -> Response {
    decide(&sim, &order, &seq, Decision::Deny)
}

async fn edit_item(
    State(sim): State<Arc<Sim>>,
    Path((order, seq)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let result = numbers(&order, &seq).and_then(|(order, seq)| {
        let body: Value = serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request(format!("The request is invalid. {e}")))?;
        sim.edit_item(order, seq, body).map_err(ApiError::from)
    });
    answer(result, |()| StatusCode::NO_CONTENT.into_response())
}

async fn cancel_order(State(sim): State<Arc<Sim>>, Path(order): Path<String>) -> Response {
    let result =
        order_number(&order).and_then(|number| sim.cancel_order(number).map_err(ApiError::from));
    answer(result, |()| StatusCode::NO_CONTENT.into_response())
}

async fn omit_from_details(
    State(sim): State<Arc<Sim>>,
    Path(order): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let result = order_number(&order).and_then(|number| {
        let body: Value = serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request(format!("The request is invalid. {e}")))?;
        let fields = body
            .as_object()
            .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case("Fields")))
            .and_then(|(_, v)| v.as_array())
            .ok_or_else(|| ApiError::bad_request("Fields must be a list of field names."))?;
        let fields: Vec<&str> = fields.iter().filter_map(Value::as_str).collect();
        sim.omit_from_details(number, &fields)
            .map_err(ApiError::from)
    });
    answer(result, |()| StatusCode::NO_CONTENT.into_response())
}

async fn expire_tokens(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.expire_tokens();
    StatusCode::NO_CONTENT
}
