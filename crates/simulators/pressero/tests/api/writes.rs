//! The writes (MisId, workflow stage, shipments) and their read-back.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{message, stage_id, start};

#[tokio::test]
async fn mis_id_is_stored_and_shown_everywhere() {
    let h = start().await;
    assert_eq!(
        h.pressero.order(10001).unwrap().detail.items[0].mis_id,
        None
    );
    let response = h
        .put(
            "/api/v2/Orders/10001/Item/1",
            Some(&json!({"misid": "J004711"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        h.pressero.order(10001).unwrap().detail.items[0]
            .mis_id
            .as_deref(),
        Some("J004711")
    );
    let item = h.get_json("/api/v2/orders/10001/Item/1/Details").await;
    assert_eq!(item["MisId"], "J004711");
    let page = h
        .search_page(
            "/api/v2/Orders/Search",
            0,
            10,
            &json!({"Filters": [{"Column": "OrderNumber", "Value": "10001", "Operator": "equals"}]}),
        )
        .await;
    assert_eq!(page["Items"][0]["OrderItemMISID"], "J004711");
    let stored: Value = h.control_json("/_sim/orders/10001").await;
    assert_eq!(stored["Items"][0]["MisId"], "J004711");
    assert_eq!(
        h.put("/api/v2/Orders/10001/Item/7", Some(&json!({"MisId": "x"})))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn stage_changes_are_checked_against_the_items_workflow_and_kept_with_notes() {
    let h = start().await;
    let press = stage_id(&h, 10006, 1, "Press").await;
    let response = h
        .put(
            &format!(
                "/api/V2/Orders/10006/Item/1/Status/{press}?notes=Pace%20job%2012345%20on%20press"
            ),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let item = h.get_json("/api/v2/orders/10006/Item/1/Details").await;
    assert_eq!(item["WorkflowStagePrinter"], "Press");
    assert_eq!(item["WorkflowStageId"], press);
    let stored = h.pressero.order(10006).unwrap();
    assert_eq!(stored.stage_history.len(), 1);
    assert_eq!(stored.stage_history[0].notes, "Pace job 12345 on press");
    assert_eq!(stored.stage_history[0].order_item_number, 1);

    let pressed = h
        .search_page(
            "/api/v2/Orders/Search",
            0,
            10,
            &json!({"Filters": [{"Column": "WorkflowStagePrinter", "Value": "Press", "Operator": "equals"}]}),
        )
        .await;
    assert_eq!(crate::support::keys(&pressed), vec![(10006, 1)]);

    // Item 3 is a poster on the Wide Format workflow, which has no Bindery.
    let bindery = stage_id(&h, 10006, 1, "Bindery").await;
    let refused = h
        .put(
            &format!("/api/V2/Orders/10006/Item/3/Status/{bindery}"),
            None,
        )
        .await;
    let text = message(refused, StatusCode::BAD_REQUEST).await;
    assert!(text.contains("workflow"), "{text}");
    assert_eq!(
        h.pressero.order(10006).unwrap().detail.items[2].workflow_stage_printer,
        "Order Received"
    );
}

#[tokio::test]
async fn shipments_are_posted_and_read_back_per_item() {
    let h = start().await;
    let order = h.get_json("/api/v2/orders/10008/Details").await;
    let item_id = order["Items"][1]["OrderItemId"].clone();
    let body = json!({
        "OrderId": order["OrderId"], "SiteShippingMethodName": "UPS Ground",
        "ShipmentInfo": {
            "ShipDate": "2026-11-23T00:00:00", "Tracking": "1Z999AA10123456784", "Cost": 12.5,
            "Address": {"FirstName": "Jane", "LastName": "Doe", "Address1": "233 S Wacker Dr",
                        "StateProvince": "IL", "Postal": "60606", "Country": "US"},
            "Items": [{"OrderItemId": item_id}]
        }
    });
    let response = h.post("/api/V2/Orders/Shipments", &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let posted: Value = response.json().await.unwrap();
    let shipment_id = posted["ShipmentId"].as_str().unwrap();

    let shipments = h.get_json("/api/v2/orders/10008/Item/2/Shipments").await;
    assert_eq!(shipments.as_array().unwrap().len(), 1);
    assert_eq!(shipments[0]["ShipmentId"], shipment_id);
    assert_eq!(shipments[0]["ShipTracking"], "1Z999AA10123456784");
    assert_eq!(shipments[0]["ShipCost"], 12.5);
    assert_eq!(shipments[0]["OrderItemId"], item_id);
    let other = h.get_json("/api/v2/orders/10008/Item/1/Shipments").await;
    assert!(other.as_array().unwrap().is_empty());
    let stored = h.pressero.order(10008).unwrap();
    assert_eq!(stored.shipments[0].address.city, "");
    assert_eq!(stored.shipments[0].address.postal, "60606");

    let mut wrong = body.clone();
    wrong["ShipmentInfo"]["Items"][0]["OrderItemId"] =
        json!("00000000-0000-0000-0000-000000000000");
    let refused = h.post("/api/V2/Orders/Shipments", &wrong).await;
    assert!(!message(refused, StatusCode::BAD_REQUEST).await.is_empty());
    assert_eq!(h.pressero.order(10008).unwrap().shipments.len(), 1);
}
