//! Whether an order's search summary still matches its stored snapshot, so the full order need
//! not be read again.

use pressero::OrderSummary;
use pressero::order::{Address, Order};

/// Whether `summary` shows nothing that differs from `stored`: the same items (by number), each
/// with the same approval, kit role, quantity and price (when the row has them), `MisId`,
/// workflow stage and ship-to (each address field the row carries). A summary with unreadable
/// fields never matches (the full read decides).
pub(super) fn same_as_stored(summary: &OrderSummary, stored: &Order) -> bool {
    if !summary.problems.is_empty() || summary.items.len() != stored.items.len() {
        return false;
    }
    summary.items.iter().all(|row| {
        stored
            .items
            .iter()
            .find(|item| item.item_number == row.item_number)
            .is_some_and(|item| {
                item.approval == row.approval
                    && item.kit == row.kit
                    && row
                        .quantity
                        .is_none_or(|quantity| quantity == item.quantity)
                    && row.price.is_none_or(|price| price == item.price)
                    && item.mis_id == row.mis_id
                    && item.workflow_stage == row.workflow_stage
                    && same_address(&row.ship_to, &item.ship_to)
            })
    })
}

/// Whether each field of the row's address equals the stored one's, where the row has it (a
/// field only the order details carry is in the stored snapshot alone).
fn same_address(row: &Address, stored: &Address) -> bool {
    let pairs = [
        (&row.business, &stored.business),
        (&row.first_name, &stored.first_name),
        (&row.last_name, &stored.last_name),
        (&row.address1, &stored.address1),
        (&row.address2, &stored.address2),
        (&row.address3, &stored.address3),
        (&row.city, &stored.city),
        (&row.state_province, &stored.state_province),
        (&row.postal, &stored.postal),
        (&row.country, &stored.country),
    ];
    pairs
        .iter()
        .all(|(row, stored)| row.is_empty() || row == stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::order_by;
    use pressero::ItemSummary;
    use pressero::order::Approval;

    fn summary_of(order: &Order) -> OrderSummary {
        OrderSummary {
            order_number: order.order_number,
            order_id: order.order_id.clone(),
            order_date: Some(order.order_date),
            site: order.site.clone(),
            items: order
                .items
                .iter()
                .map(|item| ItemSummary {
                    item_id: item.item_id.clone(),
                    item_number: item.item_number,
                    product_name: item.product_name.clone(),
                    quantity: Some(item.quantity),
                    price: Some(item.price),
                    ship_to: item.ship_to.clone(),
                    approval: item.approval,
                    kit: item.kit.clone(),
                    mis_id: item.mis_id.clone(),
                    workflow_id: item.workflow_id.clone(),
                    workflow_stage_id: String::new(),
                    workflow_stage: item.workflow_stage.clone(),
                })
                .collect(),
            problems: Vec::new(),
        }
    }

    #[test]
    fn a_matching_summary_needs_no_full_read() {
        let stored = order_by(1, "a@example.com");
        assert!(same_as_stored(&summary_of(&stored), &stored));
    }

    #[test]
    fn an_approval_a_quantity_a_price_a_ship_to_a_mis_id_or_a_new_item_means_a_full_read() {
        let stored = order_by(1, "a@example.com");
        let changes: [fn(&mut OrderSummary); 7] = [
            |s| s.items[0].approval = Approval::Denied,
            |s| s.items[0].quantity = Some(1),
            |s| s.items[0].price = Some(rust_decimal::Decimal::new(1, 2)),
            |s| s.items[0].ship_to.city = "Milwaukee".into(),
            |s| s.items[0].mis_id = "J123".into(),
            |s| s.items[0].item_number = 9,
            |s| s.problems.push("unreadable".into()),
        ];
        for change in changes {
            let mut summary = summary_of(&stored);
            change(&mut summary);
            assert!(!same_as_stored(&summary, &stored), "{summary:?}");
        }
    }
}
