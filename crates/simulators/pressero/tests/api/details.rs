//! Order, item, site, product, user, address-book and workflow details; file downloads.

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{message, start};

#[tokio::test]
async fn order_details_hold_every_item_with_kit_links() {
    let h = start().await;
    let order = h.get_json("/api/v2/orders/10003/Details").await;
    assert_eq!(order["SiteName"], "Acme Store");
    assert_eq!(order["PONumber"], "PO-45990");
    let items = order["Items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    let parent = &items[0];
    assert_eq!(parent["IsKit"], true);
    let children: Vec<&Value> = items[1..].iter().collect();
    assert_eq!(parent["KitChildren"].as_array().unwrap().len(), 3);
    for (child, id) in children
        .iter()
        .zip(parent["KitChildren"].as_array().unwrap())
    {
        assert_eq!(&child["OrderItemId"], id);
        assert_eq!(child["KitParentOrderItemId"], parent["OrderItemId"]);
    }
    assert_eq!(children[2]["Quantity"], 0);
}

#[tokio::test]
async fn items_and_item_details_agree_with_the_order() {
    let h = start().await;
    let order = h.get_json("/api/v2/orders/10002/Details").await;
    let items = h.get_json("/api/v2/orders/10002/items").await;
    assert_eq!(&items, &order["Items"]);
    let second = h.get_json("/api/v2/orders/10002/Item/2/Details").await;
    assert_eq!(second, order["Items"][1]);
    assert_eq!(second["ShipToAddress"]["Email"], "jane.doe@acme.example");
    assert_eq!(second["WillShipSeparately"], false);

    let missing = message(
        h.get("/api/v2/orders/99999/Details").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(missing, "Order not found");
    assert_eq!(
        h.get("/api/v2/orders/10002/Item/9/Details").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn production_files_download_with_the_token_at_their_declared_size() {
    let h = start().await;
    let item = h.get_json("/api/v2/orders/10013/Item/2/Details").await;
    let file = &item["Files"][0];
    assert_eq!(file["FileName"], "kowalski-cards.pdf");
    let url = file["Url"].as_str().unwrap();
    assert!(url.starts_with(&h.pressero.base_url()), "{url}");
    let size = file["FileSize"].as_u64().unwrap();

    let anonymous = h.http.get(url).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let response = h
        .http
        .get(url)
        .header("Authorization", format!("token {}", h.token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, size);
    assert!(bytes.starts_with(b"%PDF-"));

    let large = h.get_json("/api/v2/orders/10013/Item/1/Details").await;
    assert_eq!(large["Files"].as_array().unwrap().len(), 2);
    assert_eq!(large["Files"][0]["FileSize"], 30 * 1024 * 1024);
}

#[tokio::test]
async fn site_info_carries_the_storefront_integration_id() {
    let h = start().await;
    let order = h.get_json("/api/v2/orders/10001/Details").await;
    let site_id = order["SiteId"].as_str().unwrap();
    let site = h.get_json(&format!("/api/SiteInfo/{site_id}")).await;
    assert_eq!(site["SiteName"], "Acme Store");
    assert_eq!(site["MisId"], "ACME");
    assert_eq!(site["PrimaryDomain"], order["Domain"]);
    assert_eq!(
        h.get("/api/SiteInfo/nope").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn products_list_and_detail_carry_integration_id_and_attributes() {
    let h = start().await;
    let list = h
        .get_json("/api/site/acme.chi.v6.pressero.com/products/?pageNumber=0&pageSize=999999&includeDeleted=false")
        .await;
    let rows = list["Items"].as_array().unwrap();
    assert_eq!(list["TotalItems"].as_u64().unwrap() as usize, rows.len());
    let cards = rows
        .iter()
        .find(|p| p["ProductName"] == "Business Cards")
        .unwrap();
    assert_eq!(cards["MisId"], "BC-STD");
    assert_eq!(cards["SiteName"], "Acme Store");
    let id = cards["ProductId"].as_str().unwrap();
    let detail = h
        .get_json(&format!("/api/site/acme.chi.v6.pressero.com/products/{id}"))
        .await;
    // Attribute ids and values only (reference §3.8): no names.
    let attributes = detail["Attributes"].as_array().unwrap();
    assert!(!attributes.is_empty());
    for attribute in attributes {
        let fields: Vec<&str> = attribute
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(fields, ["AttributeId", "AttributeValue"], "{attribute}");
    }
    assert!(attributes.iter().any(|a| a["AttributeValue"] == "10"));
    assert_eq!(
        h.get(&format!(
            "/api/site/somesite.chi.v6.pressero.com/products/{id}"
        ))
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn user_info_and_address_book_of_the_ordering_user() {
    let h = start().await;
    let order = h.get_json("/api/v2/orders/10009/Details").await;
    let user_id = order["UserId"].as_str().unwrap();
    let user = h.get_json(&format!("/api/V2/users/{user_id}/Info")).await;
    assert_eq!(user["Email"], "carlos.rivera@riveradesign.example");
    assert_eq!(user["Phone"], "");
    assert_eq!(user["CellPhone"], "512-555-0131");
    assert_eq!(user["MiddleName"], "M.");
    let domain = order["Domain"].as_str().unwrap();
    let book = h
        .get_json(&format!("/api/site/{domain}/Addressbook/{user_id}"))
        .await;
    assert_eq!(book["PreferredAddress"]["Business"], "Rivera Design Studio");
    assert_eq!(book["PreferredAddress"]["StateProvince"], "TX");
    assert_eq!(
        h.get(&format!(
            "/api/site/acme.chi.v6.pressero.com/Addressbook/{user_id}"
        ))
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn workflows_and_their_stages() {
    let h = start().await;
    let workflows = h.get_json("/api/Workflows").await;
    let items = workflows["Items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let mut names_by_workflow = Vec::new();
    for workflow in items {
        let id = workflow["WorkflowId"].as_str().unwrap();
        let stages = h.get_json(&format!("/api/workflows/{id}/Stages")).await;
        let names: Vec<String> = stages
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["PrinterStage"].as_str().unwrap().to_owned())
            .collect();
        let seqs: Vec<u64> = stages
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Seq"].as_u64().unwrap())
            .collect();
        assert_eq!(seqs, (1..=names.len() as u64).collect::<Vec<_>>());
        names_by_workflow.push(names);
    }
    assert_eq!(
        names_by_workflow[0],
        [
            "Order Received",
            "Prepress",
            "Press",
            "Bindery",
            "Shipping",
            "Order Completed",
            "Order Cancelled"
        ]
    );
    assert!(!names_by_workflow[1].contains(&"Bindery".to_owned()));
}

#[tokio::test]
async fn kit_children_come_in_every_plausible_shape() {
    let h = start().await;
    for order in pressero_simulator::kit_shape_orders() {
        h.pressero.add_order_json(order).unwrap();
    }
    let parent = |order: Value| order["Items"][0].clone();
    let ids = parent(h.get_json("/api/v2/orders/10003/Details").await);
    assert!(ids["KitChildren"][0].is_string());
    let numbers = parent(h.get_json("/api/v2/orders/20031/Details").await);
    assert_eq!(numbers["KitChildren"], serde_json::json!([2, 3, 4]));
    let objects = parent(h.get_json("/api/v2/orders/20032/Details").await);
    assert_eq!(objects["KitChildren"][1]["OrderItemNumber"], 3);
    let absent = h.get_json("/api/v2/orders/20033/Details").await;
    for item in absent["Items"].as_array().unwrap() {
        assert!(item.get("KitChildren").is_none(), "{item}");
    }
    assert_eq!(
        absent["Items"][1]["KitParentOrderItemId"],
        absent["Items"][0]["OrderItemId"]
    );
}

#[tokio::test]
async fn details_can_be_made_to_lack_fields() {
    let h = start().await;
    h.pressero
        .omit_from_details(10013, &["notes", "Files", "UserId"])
        .unwrap();
    let order = h.get_json("/api/v2/orders/10013/Details").await;
    assert!(order.get("Notes").is_none() && order.get("UserId").is_none());
    assert!(order["Items"][0].get("Files").is_none());
    assert!(order["Items"][0]["ShipToAddress"].is_object());
    let item = h.get_json("/api/v2/orders/10013/Item/1/Details").await;
    assert!(item.get("Files").is_none());

    // Over the control route: no Items at all; an empty list serves everything again.
    let omit = |fields: Value| {
        h.http
            .post(h.url("/_sim/orders/10013/details/omit"))
            .json(&serde_json::json!({ "Fields": fields }))
            .send()
    };
    assert_eq!(
        omit(serde_json::json!(["Items"])).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert!(
        h.get_json("/api/v2/orders/10013/Details")
            .await
            .get("Items")
            .is_none()
    );
    omit(serde_json::json!([])).await.unwrap();
    let whole = h.get_json("/api/v2/orders/10013/Details").await;
    assert!(whole["Items"][0]["Files"].is_array() && whole["Notes"].is_string());
}
