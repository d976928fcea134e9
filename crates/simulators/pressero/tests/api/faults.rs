//! Each fault kind as a client sees it.

use std::time::{Duration, Instant};

use pressero_simulator::DENIED;
use reqwest::StatusCode;
use serde_json::{Value, json};
use simulator_kit::{FaultKind, FaultRule};

use crate::support::{Harness, message, stage_id, start};

fn once(h: &Harness, kind: FaultKind, operation: &str) {
    h.pressero
        .instruments()
        .faults
        .add(FaultRule::times(kind, Some(operation), 1));
}

const SEARCH: &str = "/api/v2/Orders/Search?pageNumber=0&pageSize=10";

#[tokio::test]
async fn unauthorized_is_a_401_mid_poll_with_a_valid_token() {
    let h = start().await;
    once(&h, FaultKind::Unauthorized, "Orders/Search");
    assert_eq!(
        message(h.post(SEARCH, &json!({})).await, StatusCode::UNAUTHORIZED).await,
        DENIED
    );
    assert_eq!(h.post(SEARCH, &json!({})).await.status(), StatusCode::OK);
    let log = h.pressero.instruments().calls.calls();
    let searches: Vec<_> = log
        .iter()
        .filter(|c| c.operation == "Orders/Search")
        .collect();
    assert_eq!(searches.len(), 2);
    assert_eq!(searches[0].fault, Some(FaultKind::Unauthorized));
    assert_eq!(searches[1].fault, None);
}

#[tokio::test]
async fn server_and_protocol_errors_answer_with_a_message_and_do_nothing() {
    let h = start().await;
    once(&h, FaultKind::ServerError, "Item/MisId");
    let failed = h
        .put("/api/v2/Orders/10001/Item/1", Some(&json!({"MisId": "J1"})))
        .await;
    assert!(
        !message(failed, StatusCode::INTERNAL_SERVER_ERROR)
            .await
            .is_empty()
    );
    once(&h, FaultKind::ProtocolError, "Item/MisId");
    let refused = h
        .put("/api/v2/Orders/10001/Item/1", Some(&json!({"MisId": "J1"})))
        .await;
    assert!(!message(refused, StatusCode::BAD_REQUEST).await.is_empty());
    assert_eq!(
        h.pressero.order(10001).unwrap().detail.items[0].mis_id,
        None
    );
}

#[tokio::test]
async fn a_malformed_body_is_200_with_broken_json() {
    let h = start().await;
    once(&h, FaultKind::MalformedBody, "Orders/Details");
    let response = h.get("/api/v2/orders/10001/Details").await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(text.starts_with('{'));
    assert!(serde_json::from_str::<Value>(&text).is_err());
    assert_eq!(
        h.get_json("/api/v2/orders/10001/Details").await["OrderNumber"],
        10001
    );
}

#[tokio::test]
async fn a_dropped_connection_does_nothing_but_commit_then_drop_writes() {
    let h = start().await;
    let prepress = stage_id(&h, 10002, 1, "Prepress").await;
    let url = h.url(&format!(
        "/api/V2/Orders/10002/Item/1/Status/{prepress}?notes=x"
    ));
    let send = || {
        h.http
            .put(&url)
            .header("Authorization", format!("token {}", h.token))
            .send()
    };

    once(&h, FaultKind::DropConnection, "Item/Status");
    assert!(send().await.is_err());
    assert!(h.pressero.order(10002).unwrap().stage_history.is_empty());

    once(&h, FaultKind::CommitThenDrop, "Item/Status");
    assert!(send().await.is_err());
    let stored = h.pressero.order(10002).unwrap();
    assert_eq!(stored.stage_history.len(), 1);
    assert_eq!(stored.detail.items[0].workflow_stage_printer, "Prepress");
}

#[tokio::test]
async fn slow_adds_latency_then_answers_normally() {
    let h = start().await;
    let mut rule = FaultRule::times(FaultKind::Slow, Some("Workflows"), 1);
    rule.latency_ms = Some(150);
    h.pressero.instruments().faults.add(rule);
    let started = Instant::now();
    let response = h.get("/api/Workflows").await;
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(response.status(), StatusCode::OK);
}
