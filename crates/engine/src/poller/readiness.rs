//! When a polled order may go to Pace (the WaitForApprove setting), and what a new snapshot of an
//! order already in Pace means. Pure decisions, no I/O.
//!
//! - WaitForApprove off: an order is ready as soon as it is placed (pending items go too).
//! - WaitForApprove on: ready only when no item is pending; then only approved items are sent.
//! - Either way, an order whose every item is denied is skipped with a note (the planner may also
//!   skip an order, e.g. every quantity 0, when the worker plans it).
//!
//! **Late approval** (a synced order gains an item that is now sendable and was not when it was
//! sent, e.g. a denied item approved again): the order goes to Needs attention, not Ready. Sending
//! it again would re-plan the whole order: the plan's step references (parts, shipments, cartons)
//! are numbered by item, so a new item shifts them and apply's journal could match a new step to
//! an old object, while quantities on shipments and cartons change too. A person adds the item to
//! the Pace job (or makes a new order), which the message says.

use pressero::order::{Approval, KitRole, Order};
use std::collections::BTreeSet;

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

/// The items (item numbers) that would be sent to Pace now and were not sendable in `before`:
/// approved now, and denied before (or pending before while WaitForApprove was on). Empty when
/// nothing new needs sending.
pub fn newly_sendable_items(before: &Order, now: &Order, wait_for_approve: bool) -> Vec<u32> {
    let sendable = |order: &Order| -> BTreeSet<u32> {
        produced(order)
            .filter(|item| match item.approval {
                Approval::Approved | Approval::ApprovedWithModifications => true,
                Approval::Pending => !wait_for_approve,
                Approval::Denied => false,
            })
            .map(|item| item.item_number)
            .collect()
    };
    let was = sendable(before);
    sendable(now)
        .into_iter()
        .filter(|number| !was.contains(number))
        .collect()
}

/// The Needs-attention message for a late approval of a synced order.
pub fn late_approval_message(order_number: u64, items: &[u32], pace_jobs: &[String]) -> String {
    let items = items
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let jobs = if pace_jobs.is_empty() {
        "its Pace job".to_owned()
    } else {
        format!("Pace job {}", pace_jobs.join(", "))
    };
    format!(
        "order {order_number}: item(s) {items} were approved in Pressero after the order was \
         synced to {jobs}; they are not in Pace"
    )
}

/// What to do about a late approval.
pub const LATE_APPROVAL_HINT: &str = "Add the newly approved item(s) to the Pace job by hand, or \
    place them as a new order in Pressero. The order is not sent again automatically, so nothing \
    in Pace is duplicated.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{item_for, order_by_with_items};

    fn with(approvals: &[Approval]) -> Order {
        let items = approvals
            .iter()
            .enumerate()
            .map(|(i, approval)| {
                let mut item = item_for(u32::try_from(i + 1).unwrap(), "a@example.com");
                item.approval = *approval;
                item
            })
            .collect();
        order_by_with_items(1, "a@example.com", items)
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

    #[test]
    fn newly_sendable_items_are_those_approved_since() {
        let before = with(&[Approval::Approved, Approval::Denied, Approval::Pending]);
        let now = with(&[Approval::Approved, Approval::Approved, Approval::Approved]);
        // Without WaitForApprove the pending item 3 was sent already.
        assert_eq!(newly_sendable_items(&before, &now, false), vec![2]);
        assert_eq!(newly_sendable_items(&before, &now, true), vec![2, 3]);
        assert!(newly_sendable_items(&now, &now, true).is_empty());
        let message = late_approval_message(1, &[2, 3], &["J100".into()]);
        assert!(
            message.contains("item(s) 2, 3") && message.contains("J100"),
            "{message}"
        );
    }
}
