//! Normalization tests on real-shaped order details (reference §3.9 (a)/(b) plus the lead's
//! proposals), with missing, null and extra fields and the odd spellings.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::*;
use crate::order::{Approval, KitRole};
use crate::wire::decode;

/// An order detail as the proposals shape it: a business-card item, a kit with three children
/// (one of quantity 0, one linked only through the parent's `KitChildren`), and a denied item.
fn detail() -> Value {
    json!({
        "OrderId": "7D1C6C2A-0B7B-4C41-9E0B-2C7E5E0A1001",
        "OrderNumber": 10003,
        "PrinterOrderId": null,
        "OrderDate": "2026-11-03T15:20:00",
        "ReqShipDate": "2026-11-10",
        "SiteId": "site-acme",
        "SiteName": "Acme Store ",
        "Domain": "acme.chi.v6.pressero.com",
        "UserId": "user-jane",
        "OrderedBy": {"FirstName": "Jane", "LastName": "Doe", "Email": "jane.doe@acme.example", "Department": "Marketing"},
        "PONumber": "PO-778",
        "Notes": "  Leave at dock 3 ",
        "IsPaid": false,
        "BillToAddress": {"Business": "Acme Corporation", "FirstName": "Jane", "LastName": "Doe",
            "Address1": "100 Main St", "City": "Chicago", "StateProvince": "IL", "Postal": "60601",
            "Country": "US", "Phone": "312-555-0100", "Email": "ap@acme.example", "Fax": null},
        "Subtotal": 120.10, "Shipping": 15.00, "Tax1": 9.60, "Tax2": null, "Tax3": 0, "VAT": 0.01,
        "Discount": null, "Total": 144.71, "SomethingNew": {"x": [1, 2]},
        "Items": [
            item(1, "item-1", json!({"Quantity": 500, "Price": 45.10, "MisId": null,
                "Attributes": [{"AttributeId": "a1", "AttributeName": "JobType", "AttributeValue": "10"},
                               {"AttributeId": "a2", "AttributeValue": "nameless"}],
                "PricingParameters": [{"Name": "Paper", "Value": "14pt Gloss", "PricingAttribute": "materialID=PAP-14G"}],
                "Files": [{"FileId": "f1", "FileName": "cards.pdf", "FileType": "Production",
                           "Url": "https://admin.example/api/v2/orders/10003/Item/1/Files/f1", "FileSize": 2048}]})),
            item(2, "kit-parent", json!({"IsKit": true, "KitChildren": ["kit-child-a", "kit-child-b"], "Price": 0})),
            item(3, "kit-child-a", json!({"KitParentOrderItemId": "kit-parent", "Quantity": "250"})),
            item(4, "kit-child-b", json!({"Quantity": 0})),
            item(5, "kit-child-c", json!({"KitParentOrderItemId": "kit-parent", "Quantity": 10})),
            item(6, "item-denied", json!({"IsApproved": true, "IsDenied": true})),
        ]
    })
}

/// One nested item; `changes` replaces or adds fields.
fn item(seq: u32, id: &str, changes: Value) -> Value {
    let mut item = json!({
        "OrderItemId": id, "OrderItemNumber": seq, "ProductId": format!("prod-{seq}"),
        "ProductName": "Business Cards", "ItemName": "", "Quantity": 100, "UOMQuantity": 1,
        "Price": 19.99, "Shipping": 5.00, "Tax": null, "PricingEngineInfo": "Paper: 14pt Gloss",
        "RequestedShipDate": null, "ItemNotes": " rush ",
        "ShipToAddress": {"Business": "", "FirstName": "Jane", "LastName": "Doe",
            "Address1": "100 Main St", "City": "Chicago", "StateProvince": "IL",
            "Postal": "60601", "Country": "US", "Email": "jane.doe@acme.example"},
        "ShippingMethodId": "m1", "ShippingMethod": "UPS Ground", "WillShipSeparately": false,
        "ApprovalStatus": "Approved", "IsApproved": true, "IsDenied": false,
        "IsApprovedWithModifications": false, "ApprovedDate": null,
        "WorkflowId": "wf-default", "WorkflowStageId": "st-1", "WorkflowStagePrinter": "Order Received",
        "IsKit": false, "KitParentOrderItemId": null, "KitChildren": [], "Files": []
    });
    if let (Value::Object(base), Value::Object(changes)) = (&mut item, changes) {
        base.extend(changes);
    }
    item
}

fn parse(value: &Value) -> Result<Order, Located> {
    let text = value.to_string();
    let obj = Obj::parse(&text).map_err(|error| Located {
        order_number: None,
        item_number: None,
        error,
    })?;
    let parsed = parse_order(&obj)?;
    assemble(parsed.detail, parsed.items, Enrichment::default())
}

fn error_of(value: &Value) -> String {
    let located = parse(value).unwrap_err();
    format!(
        "order {:?} item {:?}: {}",
        located.order_number, located.item_number, located.error
    )
}

#[test]
fn order_level_fields_are_read_trimmed_and_exact() {
    let order = parse(&detail()).unwrap();
    assert_eq!(order.order_number, 10003);
    assert_eq!(order.order_date.to_rfc3339(), "2026-11-03T15:20:00+00:00");
    assert_eq!(
        order.requested_ship_date,
        NaiveDate::from_ymd_opt(2026, 11, 10)
    );
    assert_eq!(order.site.site_name, "Acme Store");
    assert_eq!(order.notes, "Leave at dock 3");
    assert_eq!(order.po_number, "PO-778");
    assert_eq!(order.bill_to.state_province, "IL");
    assert_eq!(order.totals.subtotal, Decimal::new(12010, 2));
    assert_eq!(order.totals.tax, Decimal::new(961, 2));
    assert_eq!(order.totals.discount, Decimal::ZERO);
    assert_eq!(order.totals.total, Decimal::new(14471, 2));
    assert_eq!(order.ordered_by.email, "jane.doe@acme.example");
    assert_eq!(order.ordered_by.department, "Marketing");
}

#[test]
fn item_fields_are_read() {
    let order = parse(&detail()).unwrap();
    let cards = &order.items[0];
    assert_eq!(cards.quantity, 500);
    assert_eq!(cards.price, Decimal::new(4510, 2));
    assert_eq!(cards.tax, Decimal::ZERO);
    assert_eq!(cards.notes, "rush");
    assert_eq!(cards.attribute("jobtype"), Some("10"));
    assert_eq!(
        cards.attributes.len(),
        1,
        "attributes without a name are left out"
    );
    assert_eq!(cards.pricing_parameters[0].value, "14pt Gloss");
    assert_eq!(cards.files[0].size_bytes, Some(2048));
    assert_eq!(cards.ship_to.email, "jane.doe@acme.example");
    assert_eq!(cards.shipping_method, "UPS Ground");
    assert_eq!(cards.workflow_stage, "Order Received");
    assert_eq!(cards.mis_id, "");
}

#[test]
fn kits_link_children_by_their_own_field_or_the_parents_list() {
    let order = parse(&detail()).unwrap();
    let kit = |n: usize| order.items[n].kit.clone();
    let child = KitRole::Child {
        parent_item_id: "kit-parent".into(),
    };
    assert_eq!(kit(1), KitRole::Parent);
    assert_eq!(kit(2), child);
    assert_eq!(
        kit(3),
        child,
        "linked through the parent's KitChildren only"
    );
    assert_eq!(kit(4), child);
    assert_eq!(order.items[3].quantity, 0);
    assert_eq!(kit(0), KitRole::None);
    let approved: Vec<u32> = order.approved_items().map(|i| i.item_number).collect();
    assert_eq!(
        approved,
        vec![1, 3, 4, 5],
        "kit parent and denied item are not sent"
    );
}

#[test]
fn a_kit_child_whose_parent_is_not_in_the_order_is_an_error() {
    let mut order = detail();
    order["Items"][2]["KitParentOrderItemId"] = json!("no-such-item");
    assert_eq!(
        error_of(&order),
        "order Some(10003) item Some(3): `KitParentOrderItemId` is \"no-such-item\", but no \
         other item of the order has that OrderItemId"
    );
}

#[test]
fn approval_states_follow_the_three_flags() {
    let order = parse(&detail()).unwrap();
    assert_eq!(order.items[5].approval, Approval::Denied);
    let mut modified = detail();
    modified["Items"][0]["IsApprovedWithModifications"] = json!(true);
    modified["Items"][1]["IsApproved"] = json!(false);
    let order = parse(&modified).unwrap();
    assert_eq!(order.items[0].approval, Approval::ApprovedWithModifications);
    assert_eq!(order.items[1].approval, Approval::Pending);
    assert!(order.has_pending_items());
}

#[test]
fn field_errors_name_the_order_the_item_and_the_field() {
    let mut order = detail();
    order["Items"][2]["Quantity"] = json!("abc");
    assert_eq!(
        error_of(&order),
        r#"order Some(10003) item Some(3): `Quantity` is "abc", expected a whole number"#
    );
    let mut order = detail();
    order["Items"][0]["Price"] = Value::Null;
    assert_eq!(
        error_of(&order),
        "order Some(10003) item Some(1): `Price` is missing"
    );
    let mut order = detail();
    order["Items"][0]["Files"][0]["FileSize"] = json!(-5);
    assert_eq!(
        error_of(&order),
        "order Some(10003) item Some(1): `Files[0].FileSize` is -5, expected a whole number"
    );
    let mut order = detail();
    order["OrderDate"] = json!("tomorrow");
    assert_eq!(
        error_of(&order),
        r#"order Some(10003) item None: `OrderDate` is "tomorrow", expected a date and time"#
    );
    let mut order = detail();
    order.as_object_mut().unwrap().remove("OrderDate");
    assert!(error_of(&order).ends_with("`OrderDate` is missing"));
}

#[test]
fn odd_spellings_and_case_variants_are_accepted() {
    let mut order = detail();
    let items = order["Items"].as_array_mut().unwrap();
    let first = items[0].as_object_mut().unwrap();
    first.remove("Tax");
    first.insert("ItemTax".into(), json!(3.6));
    first.insert("orderitemnumber".into(), json!(1));
    first.insert("ShipToAddress".into(), json!({"STATEPROVINCE": "WI"}));
    let order = parse(&order).unwrap();
    assert_eq!(order.items[0].tax.to_string(), "3.6");
    assert_eq!(order.items[0].ship_to.state_province, "WI");
}

#[test]
fn enrichment_supplies_the_integration_ids_and_the_site_user() {
    let text = detail().to_string();
    let obj = Obj::parse(&text).unwrap();
    let parsed = parse_order(&obj).unwrap();
    let user = decode::site_user(
        &Obj::parse(
            &json!({"UserID": "user-jane", "FirstName": "Janet", "LastName": "", "Email": "janet@acme.example",
                "MiddleName": "Q", "CellPhone": "555-0101",
                "UserSite": {"AddressBook": {"PreferredAddress": {"Business": "Acme Corporation", "City": "Chicago"}}}})
            .to_string(),
        )
        .unwrap(),
    )
    .unwrap();
    let mut enrichment = Enrichment {
        site: Some(Site {
            site_id: "site-acme".into(),
            site_name: "Acme Store".into(),
            domain: "acme.example".into(),
            integration_id: "ACME".into(),
        }),
        user: Some(user),
        products: HashMap::new(),
    };
    enrichment.products.insert(
        "prod-1".into(),
        Product {
            product_id: "prod-1".into(),
            integration_id: "BC-STD".into(),
            ..Product::default()
        },
    );
    enrichment.products.insert(
        "prod-3".into(),
        Product {
            product_id: "prod-3".into(),
            attributes: vec![crate::order::NamedValue {
                name: "materialID".into(),
                value: "PAP-14G".into(),
            }],
            ..Product::default()
        },
    );
    let order = assemble(parsed.detail, parsed.items, enrichment).unwrap();
    assert_eq!(order.site.integration_id, "ACME");
    assert_eq!(
        order.site.domain, "acme.chi.v6.pressero.com",
        "the order's own domain wins"
    );
    assert_eq!(order.items[0].product_integration_id, "BC-STD");
    assert_eq!(order.items[2].attribute("materialID"), Some("PAP-14G"));
    assert_eq!(order.ordered_by.first_name, "Janet");
    assert_eq!(
        order.ordered_by.last_name, "Doe",
        "OrderedBy fills what user info lacks"
    );
    assert_eq!(order.ordered_by.email, "janet@acme.example");
    assert_eq!(order.ordered_by.address.business, "Acme Corporation");
    assert_eq!(order.ordered_by.cell_phone, "555-0101");
}

#[test]
fn the_normalized_order_matches_its_snapshot() {
    insta::assert_json_snapshot!(parse(&detail()).unwrap());
}

/// Arbitrary JSON, with keys often taken from Pressero's own field names.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        ".{0,12}".prop_map(Value::from),
        Just(json!("2026-11-03T15:20:00Z")),
        Just(json!("1e999")),
    ];
    let key = prop_oneof![
        prop::sample::select(FIELD_NAMES).prop_map(str::to_owned),
        "[A-Za-z]{1,10}",
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

const FIELD_NAMES: &[&str] = &[
    "OrderNumber",
    "OrderDate",
    "Items",
    "OrderItemId",
    "OrderItemNumber",
    "Quantity",
    "Price",
    "IsApproved",
    "IsDenied",
    "IsApprovedWithModifications",
    "IsKit",
    "KitChildren",
    "KitParentOrderItemId",
    "ShipToAddress",
    "Files",
    "FileSize",
    "Attributes",
    "Tax",
    "PricingParameters",
    "TotalItems",
    "BillToAddress",
    "OrderedBy",
    "UserSite",
    "AddressBook",
    "PreferredAddress",
    "ReqShipDate",
    "RequestedShipDate",
    "ShiptoStateProvince",
    "Token",
];

proptest! {
    #[test]
    fn no_json_makes_the_parsers_panic(value in any_json()) {
        let text = value.to_string();
        let _ = parse(&value);
        if let Ok(obj) = Obj::parse(&text) {
            let _ = decode::search_row(&obj);
            let _ = decode::page(&obj);
            let _ = decode::site(&obj);
            let _ = decode::site_user(&obj);
            let _ = decode::product(&obj);
            let _ = decode::stage(&obj);
            let _ = decode::token(&obj);
            let _ = decode::error_message(&text);
        }
    }

    #[test]
    fn a_bad_item_field_is_named_in_the_error(
        field in prop::sample::select(&[
            "Quantity", "Price", "Shipping", "Tax", "IsApproved", "IsDenied", "IsKit",
            "ShipToAddress", "Files", "PricingParameters", "RequestedShipDate", "ItemNotes",
            "WillShipSeparately", "KitChildren",
        ][..]),
        value in any_json(),
    ) {
        let mut order = detail();
        order["Items"][0][field] = value;
        if let Err(located) = parse(&order) {
            prop_assert_eq!(located.order_number, Some(10003));
            prop_assert_eq!(located.item_number, Some(1));
            prop_assert!(
                located.error.field.starts_with(field),
                "{} does not name {}", located.error, field
            );
        }
    }
}
