//! The flat order-item rows of `POST /api/v2/Orders/Search` (reference §3.1), derived from the
//! stored order detail so that both views always agree: one row per item, repeating the order's
//! fields, with Pressero's field names (including `BilltoStateProvince` / `ShiptoStateProvince`)
//! plus the proposals `ShipToEmail`, `IsKit` and `KitParentOrderItemId`.

use serde_json::{Map, Value, json};

use crate::wire::{Address, OrderItem, StoredOrder};

/// How many `ProductAttributeName{n}` / `ProductFormField{n}` slots a row has.
const SLOTS: usize = 10;

fn name_of(address: &Address) -> String {
    if address.business.is_empty() {
        format!("{} {}", address.first_name, address.last_name)
            .trim()
            .to_owned()
    } else {
        address.business.clone()
    }
}

/// The search row of `item` of `order`.
pub fn search_row(order: &StoredOrder, item: &OrderItem) -> Value {
    let detail = &order.detail;
    let bill = &detail.bill_to_address;
    let ship = &item.ship_to_address;
    let last_shipment = order.shipments.iter().rev().find(|s| {
        s.order_item_ids
            .iter()
            .any(|id| id.eq_ignore_ascii_case(&item.order_item_id))
    });
    // Built in sections: one `json!` of every field exceeds the macro's recursion limit.
    let sections = [
        json!({
        "OrderId": detail.order_id,
        "OrderNumber": detail.order_number,
        "OrderItemId": item.order_item_id,
        "OrderItemNumber": item.order_item_number,
        "OrderItemSeq": item.order_item_number,
        "OrderDate": detail.order_date,
        "ApprovedDate": item.approved_date,
        "RequestedShipDate": item.requested_ship_date.or(detail.req_ship_date),
        "ShipmentDate": last_shipment.map(|s| s.ship_date.clone()),
        "WorkflowStageDate": item.workflow_stage_date,
        }),
        json!({
        "ProductName": item.product_name,
        "ItemName": item.item_name,
        "OrderItemOptionsText": item.pricing_engine_info,
        "PrinterPartNumber": item.printer_part_number,
        "ClientPartNumber": item.client_part_number,
        "CheckoutFormField1": null,
        "CheckoutFormValue1": null,
        "Quantity": item.quantity,
        "UOMQuantity": item.uom_quantity,
        "TotalQuantity": item.total_quantity,
        "Price": item.price,
        "Shipping": item.shipping,
        "ItemTax": item.tax,
        "PricingEngineInfo": item.pricing_engine_info,
        "OrderSubtotal": detail.subtotal,
        "OrderShipping": detail.shipping,
        "OrderTax": detail.total_tax(),
        "OrderDiscount": detail.discount,
        "OrderTotal": detail.total,
        }),
        json!({
        "SiteId": detail.site_id,
        "SiteName": detail.site_name,
        "Domain": detail.domain,
        "SalesRepFirstName": null,
        "SalesRepLastName": null,
        "SalesRepEmail": null,
        "OrderedByFirstName": detail.ordered_by.first_name,
        "OrderedByLastName": detail.ordered_by.last_name,
        "OrderedByEmail": detail.ordered_by.email,
        "OrderedByDepartment": detail.ordered_by.department,
        "PONumber": detail.po_number,
        }),
        json!({
        "BillTo": name_of(bill),
        "BillToFirstName": bill.first_name,
        "BillToLastName": bill.last_name,
        "BillToBusiness": bill.business,
        "BillToAddress1": bill.address1,
        "BillToAddress2": bill.address2,
        "BillToAddress3": bill.address3,
        "BillToCity": bill.city,
        "BillToPostal": bill.postal,
        "BilltoStateProvince": bill.state_province,
        "BillToCountry": bill.country,
        "BillToPhone": bill.phone,
        "BillToEmail": bill.email,
        }),
        json!({
        "ShipTo": name_of(ship),
        "ShipToFirstName": ship.first_name,
        "ShipToLastName": ship.last_name,
        "ShipToBusiness": ship.business,
        "ShipToAddress1": ship.address1,
        "ShipToAddress2": ship.address2,
        "ShipToAddress3": ship.address3,
        "ShipToCity": ship.city,
        "ShipToPostal": ship.postal,
        "ShipToCountry": ship.country,
        "ShiptoStateProvince": ship.state_province,
        "ShipToPhone": ship.phone,
        "ShipToEmail": ship.email,
        }),
        json!({
        "ShippingMethodId": item.shipping_method_id,
        "ShippingMethod": item.shipping_method,
        "ShipmentTracking": last_shipment.map(|s| s.tracking.clone()),
        "ShipmentCost": last_shipment.map(|s| s.cost),
        "ItemNotes": item.item_notes,
        "WorkflowId": item.workflow_id,
        "WorkflowStageId": item.workflow_stage_id,
        "WorkflowStageNumber": item.workflow_stage_number,
        "WorkflowStagePrinter": item.workflow_stage_printer,
        "WorkflowStageCustomer": item.workflow_stage_customer,
        "IsPaid": detail.is_paid,
        "IsApproved": item.is_approved,
        "IsDenied": item.is_denied,
        "IsApprovedWithModifications": item.is_approved_with_modifications,
        "JobId": null,
        "JobNumber": null,
        "MisId": item.mis_id,
        "OrderItemMISID": item.mis_id,
        "IsKit": item.is_kit,
        "KitParentOrderItemId": item.kit_parent_order_item_id,
        }),
    ];
    let mut row = Map::new();
    for section in sections {
        if let Value::Object(fields) = section {
            row.extend(fields);
        }
    }
    add_slots(
        &mut row,
        ("ProductAttributeName", "ProductAttributeValue"),
        item.attributes.iter().map(|a| {
            (
                a.attribute_name.clone().unwrap_or_default(),
                a.attribute_value.clone(),
            )
        }),
    );
    add_slots(
        &mut row,
        ("ProductFormField", "ProductFormValue"),
        item.product_form_fields
            .iter()
            .map(|f| (f.name.clone(), f.value.clone())),
    );
    Value::Object(row)
}

/// Fills `{name}1..10` / `{value}1..10` from `pairs`, `null` where there are fewer.
fn add_slots(
    row: &mut Map<String, Value>,
    (name_key, value_key): (&str, &str),
    pairs: impl Iterator<Item = (String, String)>,
) {
    let mut pairs = pairs.take(SLOTS).map(Some).chain(std::iter::repeat(None));
    for slot in 1..=SLOTS {
        let (name, value) = match pairs.next().flatten() {
            Some((n, v)) => (Value::String(n), Value::String(v)),
            None => (Value::Null, Value::Null),
        };
        row.insert(format!("{name_key}{slot}"), name);
        row.insert(format!("{value_key}{slot}"), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::Seed;
    use crate::shop::Shop;
    use std::time::Duration;

    #[test]
    fn rows_repeat_order_fields_and_keep_pressero_spellings() {
        let shop = Shop::new(Seed::bundled().load().unwrap(), Duration::from_secs(60)).unwrap();
        let order = shop.order(10006).unwrap();
        let rows: Vec<Value> = order
            .detail
            .items
            .iter()
            .map(|i| search_row(order, i))
            .collect();
        assert_eq!(rows.len(), 3);
        for row in &rows {
            assert_eq!(row["OrderNumber"], 10006);
            assert_eq!(row["PONumber"], "PO-46100");
            assert_eq!(row["BilltoStateProvince"], "IL");
            assert_eq!(row["ProductAttributeName1"], "JobType");
            assert_eq!(row["ProductAttributeName10"], Value::Null);
        }
        assert_eq!(rows[0]["ShiptoStateProvince"], "IL");
        assert_eq!(rows[1]["ShiptoStateProvince"], "WI");
        assert_eq!(rows[1]["ShipToEmail"], "luis.ortega@acme.example");
        assert_eq!(rows[2]["OrderItemSeq"], 3);
    }
}
