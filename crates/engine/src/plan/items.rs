//! Which order items become Pace parts: approved ones (and pending ones unless WaitForApprove is
//! on), never denied ones; kit parents are replaced by their children; zero quantities are left
//! out.

use pressero::order::{Approval, KitRole, Order, OrderItem};

/// The items of an order that go to Pace, in the order's item order.
#[derive(Debug, Clone)]
pub(crate) struct Selection<'a> {
    /// The items to plan.
    pub items: Vec<&'a OrderItem>,
    /// Items left out because they still wait for an approver (WaitForApprove on).
    pub pending: usize,
    /// Items left out because they were denied (or belong to a denied kit).
    pub denied: usize,
    /// Items left out because their quantity is 0.
    pub zero_quantity: usize,
}

/// Chooses the items to plan.
pub(crate) fn select_items(order: &Order, wait_for_approve: bool) -> Selection<'_> {
    let mut selection = Selection {
        items: Vec::new(),
        pending: 0,
        denied: 0,
        zero_quantity: 0,
    };
    for item in &order.items {
        let approval = match &item.kit {
            KitRole::Parent => continue,
            KitRole::None => item.approval,
            KitRole::Child { parent_item_id } => {
                let parent = order
                    .items
                    .iter()
                    .find(|p| &p.item_id == parent_item_id)
                    .map(|p| p.approval);
                combine(parent, item.approval)
            }
        };
        match approval {
            Approval::Denied => selection.denied += 1,
            Approval::Pending if wait_for_approve => selection.pending += 1,
            _ if item.quantity == 0 => selection.zero_quantity += 1,
            _ => selection.items.push(item),
        }
    }
    selection
}

/// A kit child's effective approval: a denied kit denies its children; a pending kit keeps them
/// pending.
fn combine(parent: Option<Approval>, child: Approval) -> Approval {
    match (parent, child) {
        (Some(Approval::Denied), _) | (_, Approval::Denied) => Approval::Denied,
        (Some(Approval::Pending), _) | (_, Approval::Pending) => Approval::Pending,
        _ => child,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{item, order_with};

    fn numbers(selection: &Selection<'_>) -> Vec<u32> {
        selection.items.iter().map(|i| i.item_number).collect()
    }

    #[test]
    fn denied_items_never_go_and_pending_ones_wait_only_with_wait_for_approve() {
        let mut denied = item(2, 10);
        denied.approval = Approval::Denied;
        let mut pending = item(3, 10);
        pending.approval = Approval::Pending;
        let mut modified = item(4, 10);
        modified.approval = Approval::ApprovedWithModifications;
        let order = order_with(vec![item(1, 10), denied, pending, modified]);
        let waiting = select_items(&order, true);
        assert_eq!(numbers(&waiting), vec![1, 4]);
        assert_eq!((waiting.pending, waiting.denied), (1, 1));
        let not_waiting = select_items(&order, false);
        assert_eq!(numbers(&not_waiting), vec![1, 3, 4]);
        assert_eq!((not_waiting.pending, not_waiting.denied), (0, 1));
    }

    #[test]
    fn kits_become_their_children_without_zero_quantities() {
        let mut parent = item(1, 1);
        parent.kit = KitRole::Parent;
        let child = |n: u32, qty: u64| {
            let mut c = item(n, qty);
            c.kit = KitRole::Child {
                parent_item_id: parent.item_id.clone(),
            };
            c
        };
        let order = order_with(vec![parent.clone(), child(2, 5), child(3, 0), child(4, 7)]);
        let selection = select_items(&order, false);
        assert_eq!(numbers(&selection), vec![2, 4]);
        assert_eq!(selection.zero_quantity, 1);
    }

    #[test]
    fn a_denied_kit_denies_its_children_and_a_pending_kit_holds_them() {
        let mut parent = item(1, 1);
        parent.kit = KitRole::Parent;
        parent.approval = Approval::Denied;
        let mut child = item(2, 5);
        child.kit = KitRole::Child {
            parent_item_id: parent.item_id.clone(),
        };
        let order = order_with(vec![parent.clone(), child.clone()]);
        assert_eq!(select_items(&order, false).denied, 1);
        parent.approval = Approval::Pending;
        let order = order_with(vec![parent, child]);
        assert_eq!(select_items(&order, true).pending, 1);
        assert_eq!(numbers(&select_items(&order, false)), vec![2]);
    }
}
