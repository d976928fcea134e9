//! Whether an order's search summary still matches its stored snapshot, so the full order need
//! not be read again.

use pressero::OrderSummary;
use pressero::order::Order;

/// Whether `summary` shows nothing that differs from `stored`: the same items (by number), each
/// with the same approval, kit role, quantity (when the row has one), `MisId` and workflow stage.
/// A summary with unreadable fields never matches (the full read decides).
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
                    && item.mis_id == row.mis_id
                    && item.workflow_stage == row.workflow_stage
            })
    })
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
    fn an_approval_a_quantity_a_mis_id_or_a_new_item_means_a_full_read() {
        let stored = order_by(1, "a@example.com");
        let changes: [fn(&mut OrderSummary); 5] = [
            |s| s.items[0].approval = Approval::Denied,
            |s| s.items[0].quantity = Some(1),
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
