//! Light order summaries built from Pressero's flat search rows (one row per item, order fields
//! repeated): what a poller needs to decide which orders to fetch in full.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use rust_decimal::Decimal;

use crate::order::{Address, Approval, KitRole, Site};
use crate::wire::decode::SearchRow;

/// One order as a search sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    /// `OrderNumber`.
    pub order_number: u64,
    /// `OrderId` (a GUID).
    pub order_id: String,
    /// `OrderDate`, when readable.
    pub order_date: Option<DateTime<Utc>>,
    /// The storefront (`SiteId`, `SiteName`, `Domain`); the Integration ID is not on rows.
    pub site: Site,
    /// The order's items, by item number.
    pub items: Vec<ItemSummary>,
    /// Fields of the order's rows that could not be read, each naming the order, item and
    /// field. The affected values were given safe defaults (an unreadable approval is Pending).
    pub problems: Vec<String>,
}

/// One item as a search row shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemSummary {
    /// `OrderItemId`.
    pub item_id: String,
    /// `OrderItemNumber`.
    pub item_number: u32,
    /// `ProductName`.
    pub product_name: String,
    /// `Quantity`, when readable.
    pub quantity: Option<u64>,
    /// `Price`, when readable.
    pub price: Option<Decimal>,
    /// The ship-to address of the row (`ShipTo*` fields and `ShipToEmail`); unreadable fields
    /// are empty.
    pub ship_to: Address,
    /// Approval state from the three flags.
    pub approval: Approval,
    /// Kit parent, kit child or neither.
    pub kit: KitRole,
    /// The item's `MisId` (the Pace job number once written back).
    pub mis_id: String,
    /// `WorkflowId`.
    pub workflow_id: String,
    /// `WorkflowStageId`.
    pub workflow_stage_id: String,
    /// `WorkflowStagePrinter`: the current stage's admin-side name.
    pub workflow_stage: String,
}

impl OrderSummary {
    /// Whether any item still waits for an approver.
    pub fn has_pending_items(&self) -> bool {
        self.items.iter().any(|i| i.approval == Approval::Pending)
    }
}

/// Groups rows into orders (by order number, ascending) with items by item number. A row seen
/// twice (overlapping windows, a page that shifted) counts once: the later copy wins.
pub(crate) fn group(rows: Vec<SearchRow>) -> Vec<OrderSummary> {
    let mut orders: BTreeMap<u64, OrderSummary> = BTreeMap::new();
    for row in rows {
        let order = orders
            .entry(row.order_number)
            .or_insert_with(|| OrderSummary {
                order_number: row.order_number,
                order_id: String::new(),
                order_date: None,
                site: Site::default(),
                items: Vec::new(),
                problems: Vec::new(),
            });
        if !row.order_id.is_empty() {
            order.order_id = row.order_id;
        }
        if row.order_date.is_some() {
            order.order_date = row.order_date;
        }
        if !row.site.site_id.is_empty() || !row.site.site_name.is_empty() {
            order.site = row.site;
        }
        for problem in row.problems {
            let text = format!(
                "order {} item {}: {problem}",
                row.order_number, row.item.item_number
            );
            if !order.problems.contains(&text) {
                order.problems.push(text);
            }
        }
        match order
            .items
            .iter_mut()
            .find(|i| i.item_number == row.item.item_number)
        {
            Some(existing) => *existing = row.item,
            None => order.items.push(row.item),
        }
    }
    let mut orders: Vec<OrderSummary> = orders.into_values().collect();
    for order in &mut orders {
        order.items.sort_by_key(|i| i.item_number);
    }
    orders
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::wire::decode;
    use crate::wire::json::Obj;

    /// A flat search row as §3.1 names its fields (odd spellings included), for one item.
    fn row(order: u64, item: u32, changes: Value) -> Value {
        let mut row = json!({
            "OrderId": format!("order-{order}"), "OrderNumber": order,
            "OrderItemId": format!("item-{order}-{item}"), "OrderItemNumber": item, "OrderItemSeq": item,
            "OrderDate": "2026-11-17T09:12:00Z", "ApprovedDate": null, "RequestedShipDate": null,
            "ProductName": "Flyer A5", "ItemName": "", "Quantity": 100, "Price": 12.5,
            "ItemTax": 1.0, "OrderSubtotal": null, "OrderTotal": 99.99,
            "SiteId": "site-acme", "SiteName": "Acme Store", "Domain": "acme.chi.v6.pressero.com",
            "BillToFirstName": "Jane", "BilltoStateProvince": "IL", "ShiptoStateProvince": "WI",
            "ShipToEmail": "jane.doe@acme.example", "IsPaid": false,
            "IsApproved": true, "IsDenied": false, "IsApprovedWithModifications": false,
            "IsKit": false, "KitParentOrderItemId": null, "MisId": null, "OrderItemMISID": null,
            "WorkflowId": "wf", "WorkflowStageId": "st", "WorkflowStageNumber": 1,
            "WorkflowStagePrinter": "Order Received", "WorkflowStageCustomer": "Received",
            "SomeFieldFromTheFuture": [1, 2, 3]
        });
        if let (Value::Object(base), Value::Object(changes)) = (&mut row, changes) {
            base.extend(changes);
        }
        row
    }

    fn read(rows: &[Value]) -> Vec<SearchRow> {
        rows.iter()
            .map(|row| {
                let text = row.to_string();
                decode::search_row(&Obj::parse(&text).unwrap()).unwrap()
            })
            .collect()
    }

    #[test]
    fn rows_group_into_orders_whatever_their_order_and_repeats() {
        let rows = read(&[
            row(10003, 1, json!({"IsKit": true})),
            row(10003, 2, json!({"KitParentOrderItemId": "item-10003-1"})),
            row(10002, 1, json!({})),
            // a page boundary fell here; the next page repeats a row and ends the order
            row(10003, 2, json!({"KitParentOrderItemId": "item-10003-1"})),
            row(10003, 3, json!({"IsApproved": false})),
        ]);
        let orders = group(rows);
        assert_eq!(orders.len(), 2);
        assert_eq!(orders[0].order_number, 10002);
        let kit = &orders[1];
        assert_eq!(
            kit.items.iter().map(|i| i.item_number).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert_eq!(kit.items[0].kit, KitRole::Parent);
        assert_eq!(
            kit.items[1].kit,
            KitRole::Child {
                parent_item_id: "item-10003-1".into()
            }
        );
        assert!(kit.has_pending_items());
        assert!(!orders[0].has_pending_items());
        assert_eq!(kit.site.domain, "acme.chi.v6.pressero.com");
        assert_eq!(
            kit.order_date,
            Some("2026-11-17T09:12:00Z".parse().unwrap())
        );
    }

    #[test]
    fn an_unreadable_field_is_a_named_problem_and_a_safe_default() {
        let rows = read(&[row(
            10004,
            2,
            json!({"IsDenied": "sometimes", "Quantity": "ten"}),
        )]);
        let order = &group(rows)[0];
        assert_eq!(
            order.items[0].approval,
            Approval::Pending,
            "unknown approval waits"
        );
        assert_eq!(order.items[0].quantity, None);
        assert_eq!(
            order.problems,
            vec![
                r#"order 10004 item 2: `Quantity` is "ten", expected a whole number"#.to_owned(),
                r#"order 10004 item 2: `IsDenied` is "sometimes", expected true or false"#
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn a_row_without_its_order_or_item_number_is_refused_by_name() {
        let text = row(10004, 2, json!({"OrderNumber": null})).to_string();
        let error = decode::search_row(&Obj::parse(&text).unwrap()).unwrap_err();
        assert_eq!(error.to_string(), "`OrderNumber` is missing");
        let text = row(
            10004,
            2,
            json!({"OrderItemNumber": "x", "OrderItemSeq": null}),
        )
        .to_string();
        let error = decode::search_row(&Obj::parse(&text).unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"`OrderItemNumber` is "x", expected a whole number"#
        );
    }

    #[test]
    fn the_item_number_may_come_as_order_item_seq_only() {
        let mut value = row(10001, 1, json!({}));
        value.as_object_mut().unwrap().remove("OrderItemNumber");
        value["OrderItemSeq"] = json!(4);
        assert_eq!(read(&[value])[0].item.item_number, 4);
    }
}
