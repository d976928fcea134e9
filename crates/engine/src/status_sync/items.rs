//! Which Pressero items a Pace job stands for, and the Pressero shipment built from a tracked
//! Pace shipment. Pure: everything comes from the order snapshot and the Pace rows.

use super::pace_rows::TrackedShipment;
use pressero::NewShipment;
use pressero::order::{Order, OrderItem};

/// The items of `order` that Pace job `job` covers, when the order tells: the items whose
/// `MisId` is the job (written back after the sync), else, when the order has a single Pace
/// job, every approved item (kit parents included: staff follow the kit in Pressero). `None` when the order has several jobs and its items
/// do not carry their job numbers (the snapshot predates the write-back).
pub fn items_of_job<'o>(
    order: &'o Order,
    job: &str,
    order_jobs: &[String],
) -> Option<Vec<&'o OrderItem>> {
    let by_mis_id: Vec<&OrderItem> = order
        .items
        .iter()
        .filter(|item| item.mis_id.trim() == job)
        .collect();
    if !by_mis_id.is_empty() {
        return Some(by_mis_id);
    }
    let sent: Vec<&OrderItem> = order
        .items
        .iter()
        .filter(|item| item.approval.is_approved())
        .collect();
    (order_jobs.len() == 1 && !sent.is_empty()).then_some(sent)
}

/// The Pressero shipment recording `shipment` for `items` (the job's items): the items shipping
/// to the Pace shipment's address (street line 1 and ZIP, compared without regard to case and
/// spacing), or all of them when none matches. Method, address and order come from the order.
pub fn pressero_shipment(
    order: &Order,
    items: &[&OrderItem],
    shipment: &TrackedShipment,
    today: chrono::NaiveDate,
) -> NewShipment {
    let to_this_address: Vec<&OrderItem> = items
        .iter()
        .copied()
        .filter(|item| {
            same_text(&item.ship_to.address1, &shipment.address1)
                && same_text(&item.ship_to.postal, &shipment.zip)
        })
        .collect();
    let shipped = if to_this_address.is_empty() {
        items.to_vec()
    } else {
        to_this_address
    };
    let first = shipped.first();
    NewShipment {
        order_id: order.order_id.clone(),
        shipping_method: first
            .map(|item| item.shipping_method.clone())
            .unwrap_or_default(),
        ship_date: shipment.ship_date.unwrap_or(today),
        tracking: shipment.tracking_number.clone(),
        cost: shipment.cost,
        address: first.map(|item| item.ship_to.clone()).unwrap_or_default(),
        item_ids: shipped.iter().map(|item| item.item_id.clone()).collect(),
    }
}

/// Equal after trimming, ignoring case and runs of spaces; two blanks are not a match.
fn same_text(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let (a, b) = (words(a), words(b));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{acme_store_order, address, workflow_item};
    use chrono::NaiveDate;
    use pressero::order::{Approval, KitRole};
    use rust_decimal::Decimal;

    fn shipment(address1: &str, zip: &str) -> TrackedShipment {
        TrackedShipment {
            id: "7".into(),
            job: "J1".into(),
            tracking_number: "1Z1".into(),
            tracking_link: String::new(),
            ship_date: None,
            cost: Decimal::new(1250, 2),
            address1: address1.into(),
            zip: zip.into(),
        }
    }

    fn numbers(items: Option<Vec<&OrderItem>>) -> Option<Vec<u32>> {
        items.map(|items| items.iter().map(|i| i.item_number).collect())
    }

    #[test]
    fn items_are_found_by_mis_id_else_all_sent_items_of_a_single_job_order() {
        let hq = address("1 Main St", "60601");
        let mut order = acme_store_order(vec![
            workflow_item(1, hq.clone()),
            workflow_item(2, hq.clone()),
            workflow_item(3, hq),
        ]);
        order.items[1].approval = Approval::Denied;
        order.items[0].kit = KitRole::Parent;
        let one_job = vec!["J1".to_owned()];
        assert_eq!(
            numbers(items_of_job(&order, "J1", &one_job)),
            Some(vec![1, 3]),
            "item 2 is denied; the kit parent moves with its kit"
        );
        let two_jobs = vec!["J1".to_owned(), "J2".to_owned()];
        assert_eq!(numbers(items_of_job(&order, "J1", &two_jobs)), None);
        order.items[2].mis_id = "J2".into();
        assert_eq!(
            numbers(items_of_job(&order, "J2", &two_jobs)),
            Some(vec![3])
        );
    }

    #[test]
    fn a_shipment_covers_the_items_at_its_address_else_all_of_the_job() {
        let (hq, branch) = (
            address("1 Main St", "60601"),
            address("9 Lake  Ave", "53202"),
        );
        let order = acme_store_order(vec![
            workflow_item(1, hq),
            workflow_item(2, branch.clone()),
            workflow_item(3, branch.clone()),
        ]);
        let items: Vec<&OrderItem> = order.items.iter().collect();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let to_branch = pressero_shipment(&order, &items, &shipment("9 LAKE AVE ", "53202"), today);
        assert_eq!(
            to_branch.item_ids,
            vec!["item-2".to_owned(), "item-3".to_owned()]
        );
        assert_eq!(to_branch.address, branch);
        assert_eq!(to_branch.shipping_method, "UPS Ground");
        assert_eq!(to_branch.ship_date, today, "no Pace date: today");
        assert_eq!(to_branch.tracking, "1Z1");
        assert_eq!(to_branch.cost, Decimal::new(1250, 2));
        assert_eq!(to_branch.order_id, "order-10001");
        let nowhere = pressero_shipment(&order, &items, &shipment("", ""), today);
        assert_eq!(nowhere.item_ids.len(), 3);
    }
}
