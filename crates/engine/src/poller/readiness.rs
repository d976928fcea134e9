//! When a polled order may go to Pace (the WaitForApprove setting). Pure decisions, no I/O.
//!
//! - WaitForApprove off: an order is ready as soon as it is placed (pending items go too).
//! - WaitForApprove on: ready only when no item is pending; then only approved items are sent.
//! - Either way, an order whose every item is denied is skipped with a note (the planner may also
//!   skip an order, e.g. every quantity 0, when the worker plans it).
//!
//! What a newer snapshot of an order already in Pace means (an item approved after the sync, among
//! other changes) is decided in [`super::changed_after_sync`].

use pressero::order::{Approval, KitRole, Order};

/// Whether a polled order can be sent to Pace now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// Send it.
    Ready,
    /// WaitForApprove is on and these items (item numbers) wait for an approver.
    WaitingForApproval {
        /// The pending items.
        pending: Vec<u32>,
    },
    /// Nothing will ever be sent.
    Skip {
        /// Why, in staff's words.
        reason: String,
    },
}

/// The items that count: kit parents are not produced (their children are).
fn produced(order: &Order) -> impl Iterator<Item = &pressero::order::OrderItem> {
    order
        .items
        .iter()
        .filter(|item| item.kit != KitRole::Parent)
}

/// Decides whether `order` is ready, under the WaitForApprove setting.
pub fn readiness(order: &Order, wait_for_approve: bool) -> Readiness {
    let items: Vec<_> = produced(order).collect();
    if items.is_empty() {
        return Readiness::Skip {
            reason: "the order has no items".to_owned(),
        };
    }
    if items.iter().all(|item| item.approval == Approval::Denied) {
        return Readiness::Skip {
            reason: format!("every item was denied ({})", items.len()),
        };
    }
    let pending: Vec<u32> = order
        .items
        .iter()
        .filter(|item| item.approval == Approval::Pending)
        .map(|item| item.item_number)
        .collect();
    if wait_for_approve && !pending.is_empty() {
        return Readiness::WaitingForApproval { pending };
    }
    Readiness::Ready
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(approvals: &[Approval]) -> Order {
        crate::test_support::order_with_approvals(approvals)
    }

    #[test]
    fn without_wait_for_approve_an_order_is_ready_when_placed() {
        let order = with(&[Approval::Approved, Approval::Pending]);
        assert_eq!(readiness(&order, false), Readiness::Ready);
    }

    #[test]
    fn with_wait_for_approve_pending_items_hold_the_order() {
        let order = with(&[Approval::Approved, Approval::Pending, Approval::Pending]);
        assert_eq!(
            readiness(&order, true),
            Readiness::WaitingForApproval {
                pending: vec![2, 3]
            }
        );
        let order = with(&[Approval::Approved, Approval::Denied]);
        assert_eq!(readiness(&order, true), Readiness::Ready);
    }

    #[test]
    fn every_item_denied_is_skipped_in_both_modes() {
        let order = with(&[Approval::Denied, Approval::Denied]);
        for mode in [false, true] {
            match readiness(&order, mode) {
                Readiness::Skip { reason } => assert!(reason.contains("denied (2)"), "{reason}"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_denied_kit_parent_does_not_count_but_its_children_do() {
        let mut order = with(&[Approval::Approved, Approval::Denied]);
        order.items[0].kit = KitRole::Parent;
        assert!(matches!(readiness(&order, true), Readiness::Skip { .. }));
    }
}
