//! Order search: date window, filters, sorting, 0-based paging, per-site search.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{keys, message, start};

const ALL: &str = "/api/v2/Orders/Search";

#[tokio::test]
async fn the_window_includes_its_start_and_excludes_its_end() {
    let h = start().await;
    // 10002 was placed at 2026-11-16 16:40, 10004 at 2026-11-17 11:30.
    let body = json!({"StartDate": "2026-11-16 16:40:00Z", "EndDate": "2026-11-17T11:30:00Z"});
    let page = h.search_page(ALL, 0, 100, &body).await;
    let orders: Vec<u64> = keys(&page).iter().map(|(o, _)| *o).collect();
    assert_eq!(
        orders,
        vec![10002, 10002, 10002, 10003, 10003, 10003, 10003]
    );
    assert_eq!(page["TotalItems"], 7);
}

#[tokio::test]
async fn pages_are_zero_based_and_a_boundary_may_fall_inside_an_order() {
    let h = start().await;
    // 10001 (1 item), 10002 (3), 10003 (4), 10004 (3), 10005 (2): 13 rows.
    let body = json!({"StartDate": "2026-11-16 00:00:00Z", "EndDate": "2026-11-18 00:00:00Z"});
    let first = h.search_page(ALL, 0, 3, &body).await;
    assert_eq!(first["PageNumber"], 0);
    assert_eq!(first["PageSize"], 3);
    assert_eq!(first["TotalItems"], 13);
    assert_eq!(keys(&first), vec![(10001, 1), (10002, 1), (10002, 2)]);
    let second = h.search_page(ALL, 1, 3, &body).await;
    assert_eq!(keys(&second)[0], (10002, 3));

    let mut all = Vec::new();
    for page in 0..5 {
        all.extend(keys(&h.search_page(ALL, page, 3, &body).await));
    }
    let whole = keys(&h.search_page(ALL, 0, 1500, &body).await);
    assert_eq!(all, whole);
    assert_eq!(whole.len(), 13);
    let beyond = h.search_page(ALL, 5, 3, &body).await;
    assert!(keys(&beyond).is_empty());
    assert_eq!(beyond["TotalItems"], 13);
}

#[tokio::test]
async fn filters_on_order_number_and_printer_stage() {
    let h = start().await;
    let body =
        json!({"filters": [{"column": "ordernumber", "value": "10003", "operator": "Equals"}]});
    let page = h.search_page(ALL, 0, 100, &body).await;
    assert_eq!(
        keys(&page),
        vec![(10003, 1), (10003, 2), (10003, 3), (10003, 4)]
    );

    let stage = json!({"Filters": [{"Column": "WorkflowStagePrinter", "Value": "Order Received", "Operator": "equals"}]});
    let received = h.search_page(ALL, 0, 1000, &stage).await;
    let everything = h.search_page(ALL, 0, 1000, &json!({})).await;
    assert_eq!(received["TotalItems"], everything["TotalItems"]);
    let press = json!({"Filters": [{"Column": "WorkflowStagePrinter", "Value": "Press", "Operator": "equals"}]});
    assert_eq!(h.search_page(ALL, 0, 100, &press).await["TotalItems"], 0);

    let unsupported =
        json!({"Filters": [{"Column": "ItemName", "Value": "x", "Operator": "contains"}]});
    let response = h
        .post(&format!("{ALL}?pageNumber=0&pageSize=10"), &unsupported)
        .await;
    assert!(!message(response, StatusCode::BAD_REQUEST).await.is_empty());
}

#[tokio::test]
async fn sort_descriptor_orders_rows_and_items_stay_in_item_order() {
    let h = start().await;
    let body = json!({
        "StartDate": "2026-11-20 00:00:00Z", "EndDate": "2026-11-21 00:00:00Z",
        "SortDescriptor": {"Member": "OrderNumber", "Direction": "Descending"}
    });
    let page = h.search_page(ALL, 0, 100, &body).await;
    assert_eq!(
        keys(&page),
        vec![
            (10016, 1),
            (10016, 2),
            (10015, 1),
            (10014, 1),
            (10013, 1),
            (10013, 2)
        ]
    );
}

#[tokio::test]
async fn rows_are_flat_with_pressero_field_names() {
    let h = start().await;
    let body =
        json!({"Filters": [{"Column": "OrderNumber", "Value": 10011, "Operator": "equals"}]});
    let page = h.search_page(ALL, 0, 10, &body).await;
    let row: &Value = &page["Items"][1];
    assert_eq!(row["ShipToAddress2"], "Building \"B\" and Loading Dock 2");
    assert_eq!(row["ShiptoStateProvince"], "NY");
    assert_eq!(row["BilltoStateProvince"], "NY");
    assert_eq!(row["OrderedByFirstName"], "Zoë");
    assert_eq!(row["ShipToBusiness"], "O'Brien & Söhne GmbH");
    assert_eq!(row["ShipToEmail"], "zoe.obrien@obrien.example");
    assert_eq!(row["OrderTotal"], page["Items"][0]["OrderTotal"]);
    assert_eq!(row["ProductAttributeName1"], "JobType");
    assert_eq!(row["ProductAttributeValue1"], "2");
}

#[tokio::test]
async fn site_search_answers_only_that_storefronts_orders() {
    let h = start().await;
    let page = h
        .search_page(
            "/api/site/SHOP.PRINTWORKS.EXAMPLE/orders/",
            0,
            100,
            &json!({}),
        )
        .await;
    let rows = page["Items"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["SiteName"] == "Public Shop"));
    assert_eq!(page["TotalItems"].as_u64().unwrap() as usize, rows.len());
    let response = h
        .post(
            "/api/site/nowhere.example/orders?pageNumber=0&pageSize=10",
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// Every field reference §3.1 lists for a search row (PresseroConnector's `OrderItem` DTO).
const FACT_ROW_FIELDS: &[&str] = &[
    "OrderId",
    "OrderNumber",
    "OrderItemId",
    "OrderItemNumber",
    "OrderItemSeq",
    "OrderDate",
    "ApprovedDate",
    "RequestedShipDate",
    "ShipmentDate",
    "WorkflowStageDate",
    "ProductName",
    "ItemName",
    "OrderItemOptionsText",
    "PrinterPartNumber",
    "ClientPartNumber",
    "CheckoutFormField1",
    "CheckoutFormValue1",
    "Quantity",
    "UOMQuantity",
    "TotalQuantity",
    "Price",
    "Shipping",
    "ItemTax",
    "PricingEngineInfo",
    "OrderSubtotal",
    "OrderShipping",
    "OrderTax",
    "OrderDiscount",
    "OrderTotal",
    "SiteId",
    "SiteName",
    "Domain",
    "SalesRepFirstName",
    "SalesRepLastName",
    "SalesRepEmail",
    "OrderedByFirstName",
    "OrderedByLastName",
    "OrderedByEmail",
    "OrderedByDepartment",
    "PONumber",
    "BillTo",
    "BillToFirstName",
    "BillToLastName",
    "BillToBusiness",
    "BillToAddress1",
    "BillToAddress2",
    "BillToAddress3",
    "BillToCity",
    "BillToPostal",
    "BilltoStateProvince",
    "BillToCountry",
    "BillToPhone",
    "BillToEmail",
    "ShipTo",
    "ShipToFirstName",
    "ShipToLastName",
    "ShipToBusiness",
    "ShipToAddress1",
    "ShipToAddress2",
    "ShipToAddress3",
    "ShipToCity",
    "ShipToPostal",
    "ShipToCountry",
    "ShiptoStateProvince",
    "ShipToPhone",
    "ShippingMethodId",
    "ShippingMethod",
    "ShipmentTracking",
    "ShipmentCost",
    "ItemNotes",
    "WorkflowId",
    "WorkflowStageId",
    "WorkflowStageNumber",
    "WorkflowStagePrinter",
    "WorkflowStageCustomer",
    "IsPaid",
    "IsApproved",
    "IsDenied",
    "IsApprovedWithModifications",
    "JobId",
    "JobNumber",
    "MisId",
    "OrderItemMISID",
];

#[tokio::test]
async fn rows_are_flat_and_carry_every_fact_field_with_the_attribute_names() {
    let h = start().await;
    let body =
        json!({"Filters": [{"Column": "OrderNumber", "Value": "10006", "Operator": "equals"}]});
    let page = h.search_page(ALL, 0, 100, &body).await;
    let rows = page["Items"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for row in rows {
        let fields = row.as_object().unwrap();
        for name in FACT_ROW_FIELDS {
            assert!(fields.contains_key(*name), "row lacks {name}");
        }
        for n in 1..=10 {
            for prefix in [
                "ProductAttributeName",
                "ProductAttributeValue",
                "ProductFormField",
                "ProductFormValue",
            ] {
                assert!(fields.contains_key(&format!("{prefix}{n}")), "{prefix}{n}");
            }
        }
        // Flat: no nested objects or lists among the FACT fields.
        for name in FACT_ROW_FIELDS {
            assert!(
                !fields[*name].is_object() && !fields[*name].is_array(),
                "{name}"
            );
        }
        assert!(
            fields.get("BillToStateProvince").is_none(),
            "lowercase t only"
        );
        assert_eq!(row["OrderTotal"], 305.06);
        assert_eq!(row["ProductAttributeName1"], "JobType");
        assert_eq!(row["ProductAttributeName2"], "materialID");
        assert!(row["ProductAttributeValue2"].is_string());
        assert!(row["WorkflowId"].is_string());
    }
    assert_eq!(rows[1]["ShiptoStateProvince"], "WI");
}
