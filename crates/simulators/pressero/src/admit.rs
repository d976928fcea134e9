//! Checking an order against the catalog before the simulator stores it, and filling what a real
//! storefront would have filled: ids, the order date, the site's name and domain, the ordering
//! user's name, each item's product name, attributes, workflow and current stage. A fixture or an
//! order added through `/_sim/orders` that names an unknown site, user, product or stage, or
//! whose kit links do not match, is refused with the field named.

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::Value;

use crate::catalog::{Catalog, product_attributes, text};
use crate::error::SimError;
use crate::wire::{OrderDetail, OrderItem};

fn new_guid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn fill(field: &mut String, value: &str) {
    if field.is_empty() {
        *field = value.to_owned();
    }
}

/// Checks `order` against `catalog` and fills its derived fields; `now` is the order date when
/// none is given.
pub fn admit(
    catalog: &Catalog,
    mut order: OrderDetail,
    now: DateTime<Utc>,
) -> Result<OrderDetail, SimError> {
    let number = order.order_number;
    let invalid = |reason: String| SimError::InvalidOrder {
        order_number: number,
        reason,
    };
    if number == 0 {
        return Err(invalid("OrderNumber is missing".into()));
    }
    fill(&mut order.order_id, &new_guid());
    let order_date = *order.order_date.get_or_insert(now.trunc_subsecs(0));

    let site = if order.site_id.is_empty() {
        catalog.site_named(&order.site_name)
    } else {
        catalog.site(&order.site_id)
    }
    .ok_or_else(|| invalid(format!("SiteId '{}' is not a known site", order.site_id)))?;
    let (site_name, domain) = (text(site, "/SiteName"), text(site, "/PrimaryDomain"));
    if !order.site_name.is_empty() && order.site_name != site_name {
        return Err(invalid(format!(
            "SiteName '{}' does not match the site's name '{site_name}'",
            order.site_name
        )));
    }
    order.site_id = text(site, "/SiteId").to_owned();
    order.site_name = site_name.to_owned();
    fill(&mut order.domain, domain);

    let user = catalog
        .user(&order.user_id)
        .ok_or_else(|| invalid(format!("UserId '{}' is not a known user", order.user_id)))?;
    if !text(user, "/SiteId").eq_ignore_ascii_case(&order.site_id) {
        return Err(invalid(format!(
            "UserId '{}' is not a user of {site_name}",
            order.user_id
        )));
    }
    fill(&mut order.ordered_by.first_name, text(user, "/FirstName"));
    fill(&mut order.ordered_by.last_name, text(user, "/LastName"));
    fill(&mut order.ordered_by.email, text(user, "/Email"));

    if order.items.is_empty() {
        return Err(invalid("Items is empty".into()));
    }
    let mut numbers: Vec<u32> = order.items.iter().map(|i| i.order_item_number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.len() != order.items.len() || numbers.contains(&0) {
        return Err(invalid(
            "OrderItemNumber must be unique and start at 1".into(),
        ));
    }
    for item in &mut order.items {
        admit_item(catalog, site_name, item, order_date)
            .map_err(|reason| invalid(format!("item {}: {reason}", item.order_item_number)))?;
    }
    check_kits(&order.items).map_err(invalid)?;
    Ok(order)
}

fn admit_item(
    catalog: &Catalog,
    site_name: &str,
    item: &mut OrderItem,
    order_date: DateTime<Utc>,
) -> Result<(), String> {
    fill(&mut item.order_item_id, &new_guid());
    let product: &Value = if item.product_id.is_empty() {
        catalog.product_named(site_name, &item.product_name)
    } else {
        catalog.product(site_name, &item.product_id)
    }
    .ok_or_else(|| {
        format!(
            "ProductId '{}' is not a product of {site_name}",
            item.product_id
        )
    })?;
    item.product_id = text(product, "/ProductId").to_owned();
    fill(&mut item.product_name, text(product, "/ProductName"));
    fill(
        &mut item.printer_part_number,
        text(product, "/PrintersPartNum"),
    );
    if item.attributes.is_empty() {
        item.attributes = product_attributes(product);
    }
    // Products carry attribute ids and values only; the subscriber's definitions name them.
    for attribute in &mut item.attributes {
        if attribute
            .attribute_name
            .as_deref()
            .is_none_or(str::is_empty)
        {
            attribute.attribute_name = catalog
                .attribute_name(&attribute.attribute_id)
                .map(str::to_owned);
        }
    }
    if item.total_quantity == 0 {
        item.total_quantity = item.quantity;
    }
    if item.uom_quantity == 0 {
        item.uom_quantity = 1;
    }

    fill(
        &mut item.workflow_id,
        text(product, "/ProductInfo/WorkflowId"),
    );
    let workflow = catalog
        .workflow(&item.workflow_id)
        .ok_or_else(|| format!("WorkflowId '{}' is not a known workflow", item.workflow_id))?;
    let stage = if item.workflow_stage_id.is_empty() {
        workflow.stages.first()
    } else {
        catalog.stage(&item.workflow_id, &item.workflow_stage_id)
    }
    .ok_or_else(|| {
        format!(
            "WorkflowStageId '{}' is not a stage of workflow '{}'",
            item.workflow_stage_id, workflow.name
        )
    })?;
    if !item.workflow_stage_printer.is_empty() && item.workflow_stage_printer != stage.printer_stage
    {
        return Err(format!(
            "WorkflowStagePrinter '{}' does not match stage '{}'",
            item.workflow_stage_printer, stage.printer_stage
        ));
    }
    item.workflow_id = workflow.workflow_id.clone();
    item.workflow_stage_id = stage.workflow_stage_id.clone();
    item.workflow_stage_number = stage.seq;
    item.workflow_stage_printer = stage.printer_stage.clone();
    item.workflow_stage_customer = stage.customer_stage.clone();
    item.workflow_stage_date.get_or_insert(order_date);
    item.approval_status = item.derived_approval_status().to_owned();
    for file in &mut item.files {
        fill(&mut file.file_id, &new_guid());
        fill(&mut file.file_type, "Production");
        file.url = None;
    }
    Ok(())
}

/// Each child's `KitParentOrderItemId` must name a kit parent of the order; a parent that has
/// a non-empty `KitChildren` list must list the child in it (by id, number or object, any of the shapes
/// [`OrderItem::is_named_by`] accepts), and each listed entry must name a child pointing back.
fn check_kits(items: &[OrderItem]) -> Result<(), String> {
    let by_id = |id: &str| {
        items
            .iter()
            .find(|i| i.order_item_id.eq_ignore_ascii_case(id))
    };
    for item in items {
        if let Some(parent_id) = item.kit_parent_order_item_id.as_deref() {
            let parent = by_id(parent_id).filter(|p| p.is_kit).ok_or_else(|| {
                format!(
                    "item {}: KitParentOrderItemId '{parent_id}' is not a kit parent of the order",
                    item.order_item_number
                )
            })?;
            let listed = parent.kit_child_entries();
            if !listed.is_empty() && !listed.iter().any(|c| item.is_named_by(c)) {
                return Err(format!(
                    "item {} is not listed in its kit parent's KitChildren",
                    item.order_item_number
                ));
            }
        }
        if !item.kit_child_entries().is_empty() && !item.is_kit {
            return Err(format!(
                "item {}: KitChildren on an item that is not a kit (IsKit is false)",
                item.order_item_number
            ));
        }
        for entry in item.kit_child_entries() {
            let points_back = items.iter().any(|child| {
                child.is_named_by(entry)
                    && child
                        .kit_parent_order_item_id
                        .as_deref()
                        .is_some_and(|p| p.eq_ignore_ascii_case(&item.order_item_id))
            });
            if !points_back {
                return Err(format!(
                    "item {}: KitChildren entry {entry} is not a child of this kit",
                    item.order_item_number
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::Seed;

    fn catalog() -> Catalog {
        Seed::bundled().load().unwrap().catalog
    }

    fn minimal_order(number: u64) -> OrderDetail {
        let catalog = catalog();
        let user = catalog
            .users
            .iter()
            .find(|u| text(u, "/Email") == "jane.doe@acme.example")
            .unwrap();
        let site = catalog.site(text(user, "/SiteId")).unwrap();
        OrderDetail {
            order_number: number,
            site_id: text(site, "/SiteId").to_owned(),
            user_id: text(user, "/UserID").to_owned(),
            items: vec![OrderItem {
                order_item_number: 1,
                product_name: "Business Cards".into(),
                quantity: 250,
                is_approved: true,
                ..OrderItem::default()
            }],
            ..OrderDetail::default()
        }
    }

    #[test]
    fn a_minimal_order_is_filled_like_a_storefront_would() {
        let now = "2026-11-21T08:00:00.5Z".parse().unwrap();
        let order = admit(&catalog(), minimal_order(20001), now).unwrap();
        assert_eq!(
            order.order_date,
            Some("2026-11-21T08:00:00Z".parse().unwrap())
        );
        assert_eq!(order.order_id.len(), 36);
        assert!(!order.site_name.is_empty());
        assert_eq!(order.ordered_by.email, "jane.doe@acme.example");
        let item = &order.items[0];
        assert_eq!(item.workflow_stage_printer, "Order Received");
        assert_eq!(item.approval_status, "Approved");
        assert_eq!(item.total_quantity, 250);
        assert!(
            item.attributes
                .iter()
                .any(|a| a.attribute_name.as_deref() == Some("JobType"))
        );
    }

    #[test]
    fn unknown_product_and_bad_kit_links_are_refused_with_the_field_named() {
        let mut order = minimal_order(20002);
        order.items[0].product_name = "Nope".into();
        let error = admit(&catalog(), order, Utc::now()).unwrap_err();
        assert!(error.to_string().contains("ProductId"), "{error}");

        let mut order = minimal_order(20003);
        order.items[0].kit_parent_order_item_id = Some("missing".into());
        let error = admit(&catalog(), order, Utc::now()).unwrap_err();
        assert!(
            error.to_string().contains("KitParentOrderItemId"),
            "{error}"
        );
    }

    #[test]
    fn a_stage_of_another_workflow_is_refused() {
        let catalog = catalog();
        let mut order = minimal_order(20004);
        order.items[0].workflow_stage_id = catalog.workflows[1].stages[0].workflow_stage_id.clone();
        let error = admit(&catalog, order, Utc::now()).unwrap_err();
        assert!(error.to_string().contains("WorkflowStageId"), "{error}");
    }
}
