//! Normalization tests: orders built from flat search rows (reference §3.1) completed from
//! real-shaped order details (§3.9 (a)/(b) plus the lead's proposals), with missing, null and
//! extra fields and the odd spellings. The rows are derived from the detail (as Pressero's
//! would be) by [`rows_of`], then changed where a test needs it.

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
        "OrderTax": 9.61,
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
        "IsKit": false, "KitParentOrderItemId": null, "KitChildren": [], "Files": [], "PricingParameters": []
    });
    if let (Value::Object(base), Value::Object(changes)) = (&mut item, changes) {
        base.extend(changes);
    }
    item
}

/// The flat search rows (§3.1 names) Pressero would show for `detail`: one per item, the
/// order's fields repeated, addresses flattened, named attributes in the numbered slots.
fn rows_of(detail: &Value) -> Vec<Value> {
    let empty = Vec::new();
    let items = detail["Items"].as_array().unwrap_or(&empty);
    items
        .iter()
        .map(|item| {
            let (bill, ship, by) = (
                &detail["BillToAddress"],
                &item["ShipToAddress"],
                &detail["OrderedBy"],
            );
            let mut row = json!({
                "OrderId": detail["OrderId"], "OrderNumber": detail["OrderNumber"],
                "OrderDate": detail["OrderDate"], "SiteId": detail["SiteId"],
                "SiteName": detail["SiteName"], "Domain": detail["Domain"],
                "PONumber": detail["PONumber"], "OrderedByFirstName": by["FirstName"],
                "OrderedByLastName": by["LastName"], "OrderedByEmail": by["Email"],
                "OrderedByDepartment": by["Department"], "OrderSubtotal": detail["Subtotal"],
                "OrderShipping": detail["Shipping"], "OrderTax": detail["OrderTax"],
                "OrderDiscount": detail["Discount"], "OrderTotal": detail["Total"],
                "BillToBusiness": bill["Business"], "BillToFirstName": bill["FirstName"],
                "BillToLastName": bill["LastName"], "BillToAddress1": bill["Address1"],
                "BillToCity": bill["City"], "BilltoStateProvince": bill["StateProvince"],
                "BillToPostal": bill["Postal"], "BillToCountry": bill["Country"],
                "BillToPhone": bill["Phone"], "BillToEmail": bill["Email"],
            });
            let item_fields = json!({
                "OrderItemId": item["OrderItemId"], "OrderItemNumber": item["OrderItemNumber"],
                "OrderItemSeq": item["OrderItemNumber"], "ProductId": item["ProductId"],
                "ProductName": item["ProductName"], "ItemName": item["ItemName"],
                "Quantity": item["Quantity"], "Price": item["Price"], "Shipping": item["Shipping"],
                "ItemTax": item["Tax"], "PricingEngineInfo": item["PricingEngineInfo"],
                "RequestedShipDate": item["RequestedShipDate"], "ItemNotes": item["ItemNotes"],
                "ShippingMethod": item["ShippingMethod"], "IsApproved": item["IsApproved"],
                "IsDenied": item["IsDenied"],
                "IsApprovedWithModifications": item["IsApprovedWithModifications"],
                "WorkflowId": item["WorkflowId"], "WorkflowStageId": item["WorkflowStageId"],
                "WorkflowStagePrinter": item["WorkflowStagePrinter"], "MisId": item["MisId"],
                "IsKit": item["IsKit"], "KitParentOrderItemId": item["KitParentOrderItemId"],
                "ShipToBusiness": ship["Business"], "ShipToFirstName": ship["FirstName"],
                "ShipToLastName": ship["LastName"], "ShipToAddress1": ship["Address1"],
                "ShipToCity": ship["City"], "ShiptoStateProvince": ship["StateProvince"],
                "ShipToPostal": ship["Postal"], "ShipToCountry": ship["Country"],
                "ShipToPhone": ship["Phone"], "ShipToEmail": ship["Email"],
            });
            if let (Value::Object(row), Value::Object(fields)) = (&mut row, item_fields) {
                row.extend(fields);
                let named = item["Attributes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|a| a["AttributeName"].is_string());
                for (n, attribute) in named.take(10).enumerate() {
                    row.insert(
                        format!("ProductAttributeName{}", n + 1),
                        attribute["AttributeName"].clone(),
                    );
                    row.insert(
                        format!("ProductAttributeValue{}", n + 1),
                        attribute["AttributeValue"].clone(),
                    );
                }
            }
            row
        })
        .collect()
}

fn located(error: FieldError) -> Located {
    Located {
        order_number: None,
        item_number: None,
        error,
    }
}

/// The order built from `rows` completed from `details` (`None`: the details failed), with
/// what the details lacked.
fn build(rows: &[Value], details: Option<&Value>) -> Result<(Order, Vec<String>), Located> {
    let texts: Vec<String> = rows.iter().map(Value::to_string).collect();
    let rows = texts
        .iter()
        .map(|text| {
            Obj::parse(text)
                .map_err(located)
                .and_then(|obj| parse_row(&obj))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let number = rows.first().map_or(0, |r| r.order.order_number);
    let details_text = details.map(Value::to_string);
    let details = match &details_text {
        Some(text) => Obj::parse(text)
            .map(|obj| decode::details(&obj))
            .map_err(|e| e.to_string()),
        None => Err("HTTP 500".to_owned()),
    };
    let parsed = from_rows(number, rows, details).ok_or_else(|| {
        located(FieldError {
            field: String::new(),
            problem: "no rows".to_owned(),
        })
    })?;
    let order = assemble(parsed.detail, parsed.items, Enrichment::default())?;
    Ok((order, parsed.gaps))
}

/// `detail`'s order, from its rows and itself.
fn parse(detail: &Value) -> Result<Order, Located> {
    build(&rows_of(detail), Some(detail)).map(|(order, _)| order)
}

/// The error building `detail`'s order from `rows`.
fn rows_error(rows: &[Value], detail: &Value) -> String {
    let located = build(rows, Some(detail)).unwrap_err();
    format!(
        "order {:?} item {:?}: {}",
        located.order_number, located.item_number, located.error
    )
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
fn field_errors_of_rows_name_the_order_the_item_and_the_field() {
    let detail = detail();
    let mut rows = rows_of(&detail);
    rows[2]["Quantity"] = json!("abc");
    assert_eq!(
        rows_error(&rows, &detail),
        r#"order Some(10003) item Some(3): `Quantity` is "abc", expected a whole number"#
    );
    let mut rows = rows_of(&detail);
    rows[0]["Price"] = Value::Null;
    assert_eq!(
        rows_error(&rows, &detail),
        "order Some(10003) item Some(1): `Price` is missing"
    );
    let mut rows = rows_of(&detail);
    rows[0]["OrderDate"] = json!("tomorrow");
    assert_eq!(
        rows_error(&rows, &detail),
        r#"order Some(10003) item Some(1): `OrderDate` is "tomorrow", expected a date and time"#
    );
    let mut rows = rows_of(&detail);
    rows[0].as_object_mut().unwrap().remove("OrderDate");
    assert!(rows_error(&rows, &detail).ends_with("`OrderDate` is missing"));
}

#[test]
fn what_the_details_lack_or_get_wrong_never_fails_the_order_and_is_reported() {
    let mut detail = detail();
    let rows = rows_of(&detail);
    detail["Items"][0]["Files"][0]["FileSize"] = json!(-5);
    detail["Items"][1]["KitChildren"] = json!([{"unknown": true}, "kit-child-b"]);
    detail["Items"][2]
        .as_object_mut()
        .unwrap()
        .remove("WillShipSeparately");
    detail.as_object_mut().unwrap().remove("Notes");
    detail["Items"].as_array_mut().unwrap().remove(5);
    let (order, gaps) = build(&rows, Some(&detail)).unwrap();
    let complete = super::tests::detail();
    assert_eq!(order.items.len(), 6, "every row is an item");
    assert!(order.items[0].files.is_empty());
    assert_eq!(order.notes, "");
    assert_eq!(
        order.items[3].kit,
        KitRole::Child {
            parent_item_id: "kit-parent".into()
        },
        "the understood KitChildren entry still links"
    );
    let gaps = gaps.join("\n");
    for expected in [
        "item 1: production files `Files` (`Files[0].FileSize` is -5, expected a whole number)",
        "item 2: a `KitChildren` entry {\"unknown\":true} names no item",
        "item 3: `WillShipSeparately` (absent)",
        "order notes `Notes` (absent)",
        "item 6: not in the order details",
    ] {
        assert!(gaps.contains(expected), "{expected:?} not in:\n{gaps}");
    }
    // Complete details: nothing to report.
    assert_eq!(
        build(&rows_of(&complete), Some(&complete)).unwrap().1,
        Vec::<String>::new()
    );
}

#[test]
fn without_details_the_order_comes_from_its_rows() {
    let rows = rows_of(&detail());
    let (order, gaps) = build(&rows, None).unwrap();
    let with_details = parse(&detail()).unwrap();
    assert_eq!(order.items.len(), 6);
    assert_eq!(order.totals, with_details.totals);
    assert_eq!(order.bill_to.city, "Chicago");
    assert_eq!(order.items[0].attribute("JobType"), Some("10"));
    assert_eq!(order.items[0].ship_to, with_details.items[0].ship_to);
    assert_eq!(
        order.items[2].kit, with_details.items[2].kit,
        "the row's own link"
    );
    assert_eq!(
        order.items[3].kit,
        KitRole::None,
        "linked only by the details' KitChildren"
    );
    assert!(order.items[0].files.is_empty());
    assert_eq!(gaps.len(), 1);
    assert!(
        gaps[0].starts_with("the order details could not be read (HTTP 500)"),
        "{gaps:?}"
    );
}

#[test]
fn odd_spellings_and_case_variants_are_accepted() {
    let detail = detail();
    let mut rows = rows_of(&detail);
    let first = rows[0].as_object_mut().unwrap();
    first.remove("BilltoStateProvince");
    first.insert("BillToStateProvince".into(), json!("WI"));
    first.remove("OrderItemNumber");
    first.insert("orderitemnumber".into(), json!(1));
    first.insert("ITEMTAX".into(), json!("3.6"));
    first.remove("ItemTax");
    let (order, _) = build(&rows, Some(&detail)).unwrap();
    assert_eq!(order.items[0].tax.to_string(), "3.6");
    assert_eq!(order.bill_to.state_province, "WI");
}

#[test]
fn enrichment_supplies_the_integration_ids_and_the_site_user() {
    let texts: Vec<String> = rows_of(&detail()).iter().map(Value::to_string).collect();
    let rows = texts
        .iter()
        .map(|t| parse_row(&Obj::parse(t).unwrap()).unwrap())
        .collect();
    let details_text = detail().to_string();
    let details = decode::details(&Obj::parse(&details_text).unwrap());
    let parsed = from_rows(10003, rows, Ok(details)).unwrap();
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
        let _ = build(std::slice::from_ref(&value), Some(&value));
        let _ = build(&rows_of(&detail()), Some(&value));
        if let Ok(obj) = Obj::parse(&text) {
            let _ = decode::search_row(&obj);
            let _ = decode::details(&obj);
            let _ = decode::kit_children(&obj);
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
            "Quantity", "Price", "Shipping", "ItemTax", "IsApproved", "IsDenied", "IsKit",
            "ShiptoStateProvince", "ShipToEmail", "ProductAttributeName1", "RequestedShipDate",
            "ItemNotes", "KitParentOrderItemId", "WorkflowId",
        ][..]),
        value in any_json(),
    ) {
        let detail = detail();
        let mut rows = rows_of(&detail);
        rows[0][field] = value;
        if let Err(located) = build(&rows, Some(&detail)) {
            prop_assert_eq!(located.order_number, Some(10003));
            prop_assert_eq!(located.item_number, Some(1));
            prop_assert!(
                located.error.field.starts_with(field),
                "{} does not name {}", located.error, field
            );
        }
    }
}
