//! The `/_sim` control routes: adding orders, approving and denying items, expiring tokens,
//! reading back an order, and the kit's fault and call-log routes.

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{keys, message, start};

#[tokio::test]
async fn an_added_order_is_dated_now_and_found_by_search() {
    let h = start().await;
    let template = h.get_json("/api/v2/orders/10001/Details").await;
    let before = Utc::now() - Duration::seconds(1);
    let response = h
        .post_without_token(
            "/_sim/orders",
            Some(&json!({
                "orderNumber": 20001,
                "SiteName": "Acme Store",
                "UserId": template["UserId"],
                "PONumber": "PO-NEW",
                "Items": [{"OrderItemNumber": 1, "ProductName": "Flyer A5", "Quantity": 100,
                           "Price": 24.0, "IsApproved": true}]
            })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["OrderNumber"], 20001);

    let stored: Value = h.control_json("/_sim/orders/20001").await;
    let date: DateTime<Utc> = stored["OrderDate"].as_str().unwrap().parse().unwrap();
    assert!(date >= before && date <= Utc::now(), "{date}");
    assert_eq!(stored["Items"][0]["WorkflowStagePrinter"], "Order Received");
    assert_eq!(stored["StageHistory"], json!([]));

    let window = json!({
        "StartDate": (before).format("%Y-%m-%d %H:%M:%SZ").to_string(),
        "EndDate": (Utc::now() + Duration::minutes(1)).to_rfc3339(),
    });
    let page = h.search_page("/api/v2/Orders/Search", 0, 10, &window).await;
    assert_eq!(keys(&page), vec![(20001, 1)]);

    let again = h.post_without_token("/_sim/orders", Some(&stored)).await;
    assert!(
        message(again, StatusCode::BAD_REQUEST)
            .await
            .contains("already exists")
    );
    let unknown_product = json!({"OrderNumber": 20002, "SiteName": "Acme Store", "UserId": template["UserId"],
                                 "Items": [{"OrderItemNumber": 1, "ProductName": "Nothing"}]});
    let unknown_product = h
        .post_without_token("/_sim/orders", Some(&unknown_product))
        .await;
    assert!(
        message(unknown_product, StatusCode::BAD_REQUEST)
            .await
            .contains("ProductId")
    );
}

#[tokio::test]
async fn approve_and_deny_change_the_items_flags() {
    let h = start().await;
    let pending = h.get_json("/api/v2/orders/10005/Item/2/Details").await;
    assert_eq!(
        (pending["IsApproved"].clone(), pending["IsDenied"].clone()),
        (json!(false), json!(false))
    );

    let approve = h
        .post_without_token("/_sim/orders/10005/items/2/approve", None)
        .await;
    assert_eq!(approve.status(), StatusCode::NO_CONTENT);
    let approved = h.get_json("/api/v2/orders/10005/Item/2/Details").await;
    assert_eq!(approved["IsApproved"], true);
    assert_eq!(approved["ApprovalStatus"], "Approved");
    assert!(approved["ApprovedDate"].is_string());

    let deny = h
        .post_without_token("/_sim/orders/10005/items/2/deny", None)
        .await;
    assert_eq!(deny.status(), StatusCode::NO_CONTENT);
    let denied = h.get_json("/api/v2/orders/10005/Item/2/Details").await;
    assert_eq!(denied["IsDenied"], true);
    assert_eq!(denied["IsApproved"], false);

    let missing = h
        .post_without_token("/_sim/orders/10005/items/8/approve", None)
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    h.pressero.approve_item(10005, 2).unwrap();
    assert!(h.pressero.order(10005).unwrap().detail.items[1].is_approved);
}

#[tokio::test]
async fn expiring_tokens_makes_the_next_call_401_until_a_new_login() {
    let h = start().await;
    assert_eq!(h.get("/api/Workflows").await.status(), StatusCode::OK);
    let expire = h.post_without_token("/_sim/tokens/expire", None).await;
    assert_eq!(expire.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        h.get("/api/Workflows").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let fresh = h.login().await;
    let response = h
        .http
        .get(h.url("/api/Workflows"))
        .header("Authorization", format!("token {fresh}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_call_log_and_fault_rules_are_reachable_over_http() {
    let h = start().await;
    h.get("/api/v2/orders/10001/Details").await;
    h.get("/api/v2/orders/10002/Details").await;
    let calls: Value = h.control_json("/_sim/calls").await;
    assert_eq!(calls["counts"]["Orders/Details"], 2);
    assert_eq!(calls["counts"]["Authentication"], 1);

    let rule = json!({"kind": "server_error", "operation": "SiteInfo", "count": 1});
    let added = h.post_without_token("/_sim/faults", Some(&rule)).await;
    assert!(added.status().is_success());
    assert_eq!(
        h.get("/api/SiteInfo/whatever").await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        h.get("/api/SiteInfo/whatever").await.status(),
        StatusCode::NOT_FOUND
    );
}
