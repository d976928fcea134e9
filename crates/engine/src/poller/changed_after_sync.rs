//! Changed after sync: what in a synced order's newer Pressero snapshot differs, in a way that
//! matters to production, from the snapshot that was sent to Pace. Pure, no I/O.
//!
//! **What matters** (each in words, e.g. `item 2 quantity 500 → 1000; item 3 denied`), for the
//! items that were sent (produced items: kit parents are not, their children are; approved, or
//! pending while WaitForApprove was off):
//! - an item denied, taken off the order, or moved to the "Order Cancelled" stage;
//! - an item added: a new item, or one now sendable that was not (a denied item approved again,
//!   a pending item approved while WaitForApprove is on: the "late approval" of earlier
//!   versions);
//! - an item's quantity, price or ship-to address (the delivery fields: business, name, address
//!   lines, city, state, postal code, country; not its phone or e-mail);
//! - the order cancelled: every produced item at the "Order Cancelled" stage (reference §2.3:
//!   the default workflow's stage name; the reference has no cancel flag).
//!
//! **What does not matter**: the item's `MisId` and workflow stage moves other than to
//! "Order Cancelled" (the sync writes both back itself: write-back and status sync), shipments
//! and tracking (posted by status sync, not part of the snapshot), notes, names, attributes and
//! files. An order that no longer shows in Pressero's search is not taken as cancelled: the
//! reference has no delete, and a search may miss an order for reasons of its own; Pressero's
//! cancellation is the stage.
//!
//! Nothing is sent to Pace again on a change: re-planning would renumber the plan's parts,
//! shipments and cartons (they are numbered by item) and apply's journal could match a new
//! step to an old object. A person changes the Pace job by hand and acknowledges the change.

use pressero::order::{Address, Approval, KitRole, Order, OrderItem};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;

/// The admin-side name of the stage a cancelled item is at (reference §2.3).
pub const ORDER_CANCELLED: &str = "Order Cancelled";

/// What staff do about a change after sync.
pub const WHAT_TO_DO: &str = "Change the Pace job by hand to match Pressero (or cancel it), then \
    press Acknowledge on the order. Nothing in Pace was changed on its own, and the order is not \
    sent again, so nothing in Pace is duplicated.";

/// One change that matters to production.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Every produced item is now at the "Order Cancelled" stage.
    OrderCancelled,
    /// A sent item was denied.
    ItemDenied(u32),
    /// A sent item is no longer on the order.
    ItemRemoved(u32),
    /// A sent item moved to the "Order Cancelled" stage.
    ItemCancelled(u32),
    /// An item is sendable now and was not sent.
    ItemAdded {
        /// The item number.
        item: u32,
        /// It was on the order when it was sent (denied, or pending under WaitForApprove).
        approved_later: bool,
    },
    /// A sent item's quantity.
    Quantity {
        /// The item number.
        item: u32,
        /// As sent.
        from: u64,
        /// Now.
        to: u64,
    },
    /// A sent item's price.
    Price {
        /// The item number.
        item: u32,
        /// As sent.
        from: Decimal,
        /// Now.
        to: Decimal,
    },
    /// A sent item's ship-to address, in words.
    ShipTo {
        /// The item number.
        item: u32,
        /// As sent.
        from: String,
        /// Now.
        to: String,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::OrderCancelled => write!(f, "order cancelled in Pressero"),
            Change::ItemDenied(item) => write!(f, "item {item} denied"),
            Change::ItemRemoved(item) => write!(f, "item {item} no longer on the order"),
            Change::ItemCancelled(item) => write!(f, "item {item} cancelled"),
            Change::ItemAdded {
                item,
                approved_later: true,
            } => write!(f, "item {item} added (approved after the sync)"),
            Change::ItemAdded { item, .. } => write!(f, "item {item} added"),
            Change::Quantity { item, from, to } => write!(f, "item {item} quantity {from} → {to}"),
            Change::Price { item, from, to } => write!(f, "item {item} price {from} → {to}"),
            Change::ShipTo { item, from, to } => write!(f, "item {item} ship-to {from} → {to}"),
        }
    }
}

/// The changes in words, joined with `; ` (empty when none).
pub fn in_words(changes: &[Change]) -> String {
    changes
        .iter()
        .map(Change::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn produced(order: &Order) -> BTreeMap<u32, &OrderItem> {
    order
        .items
        .iter()
        .filter(|item| item.kit != KitRole::Parent)
        .map(|item| (item.item_number, item))
        .collect()
}

fn cancelled(item: &OrderItem) -> bool {
    item.workflow_stage
        .trim()
        .eq_ignore_ascii_case(ORDER_CANCELLED)
}

/// Whether the item goes (or went) to Pace: the readiness rule.
fn sendable(item: &OrderItem, wait_for_approve: bool) -> bool {
    !cancelled(item)
        && match item.approval {
            Approval::Approved | Approval::ApprovedWithModifications => true,
            Approval::Pending => !wait_for_approve,
            Approval::Denied => false,
        }
}

/// The delivery fields of an address, in words (`Acme, Jane Doe, 233 S Wacker Dr, Chicago, IL
/// 60606, US`).
fn address_in_words(address: &Address) -> String {
    let name = format!("{} {}", address.first_name.trim(), address.last_name.trim());
    let region = format!(
        "{} {}",
        address.state_province.trim(),
        address.postal.trim()
    );
    let words: Vec<&str> = [
        address.business.trim(),
        name.trim(),
        address.address1.trim(),
        address.address2.trim(),
        address.address3.trim(),
        address.city.trim(),
        region.trim(),
        address.country.trim(),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect();
    if words.is_empty() {
        "(none)".to_owned()
    } else {
        words.join(", ")
    }
}

/// The changes that matter from `sent` (what Pace has) to `now` (Pressero's latest), under the
/// WaitForApprove setting. Empty when production is not affected.
pub fn changes(sent: &Order, now: &Order, wait_for_approve: bool) -> Vec<Change> {
    let before = produced(sent);
    let after = produced(now);
    if !after.is_empty()
        && after.values().all(|item| cancelled(item))
        && !before.values().all(|item| cancelled(item))
    {
        return vec![Change::OrderCancelled];
    }
    let mut changes = Vec::new();
    for (number, was) in before
        .iter()
        .filter(|(_, item)| sendable(item, wait_for_approve))
    {
        let number = *number;
        let Some(is) = after.get(&number) else {
            changes.push(Change::ItemRemoved(number));
            continue;
        };
        if is.approval == Approval::Denied {
            changes.push(Change::ItemDenied(number));
            continue;
        }
        if cancelled(is) {
            changes.push(Change::ItemCancelled(number));
            continue;
        }
        if is.quantity != was.quantity {
            changes.push(Change::Quantity {
                item: number,
                from: was.quantity,
                to: is.quantity,
            });
        }
        if is.price != was.price {
            changes.push(Change::Price {
                item: number,
                from: was.price,
                to: is.price,
            });
        }
        let (from, to) = (
            address_in_words(&was.ship_to),
            address_in_words(&is.ship_to),
        );
        if from != to {
            changes.push(Change::ShipTo {
                item: number,
                from,
                to,
            });
        }
    }
    for (number, is) in &after {
        let was_sent = before
            .get(number)
            .is_some_and(|was| sendable(was, wait_for_approve));
        if sendable(is, wait_for_approve) && !was_sent {
            changes.push(Change::ItemAdded {
                item: *number,
                approved_later: before.contains_key(number),
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::item_for;

    fn with(approvals: &[Approval]) -> Order {
        crate::test_support::order_with_approvals(approvals)
    }

    fn words(sent: &Order, now: &Order, wait_for_approve: bool) -> String {
        in_words(&changes(sent, now, wait_for_approve))
    }

    #[test]
    fn our_own_write_back_and_stage_moves_do_not_matter() {
        let sent = with(&[Approval::Approved, Approval::Denied]);
        let mut now = sent.clone();
        now.items[0].mis_id = "J10057".into();
        now.items[0].workflow_stage = "Press".into();
        now.items[1].quantity += 1; // a denied item was never sent
        now.notes = "rush".into();
        assert_eq!(words(&sent, &now, false), "");
    }

    #[test]
    fn approvals_after_the_sync_are_added_items_in_both_modes() {
        let sent = with(&[Approval::Approved, Approval::Denied, Approval::Pending]);
        let now = with(&[Approval::Approved, Approval::Approved, Approval::Approved]);
        // Without WaitForApprove the pending item 3 was sent already.
        assert_eq!(
            words(&sent, &now, false),
            "item 2 added (approved after the sync)"
        );
        assert_eq!(
            words(&sent, &now, true),
            "item 2 added (approved after the sync); item 3 added (approved after the sync)"
        );
        let mut more = now.clone();
        more.items.push(item_for(4, "a@example.com"));
        assert_eq!(words(&now, &more, true), "item 4 added");
    }

    #[test]
    fn denied_removed_quantity_price_and_ship_to_are_each_named() {
        let sent = with(&[Approval::Approved, Approval::Approved, Approval::Approved]);
        let mut now = sent.clone();
        now.items[0].quantity = 1000;
        now.items[0].price = Decimal::new(51225, 2);
        now.items[1].approval = Approval::Denied;
        now.items[2].ship_to.city = "Milwaukee".into();
        let text = words(&sent, &now, false);
        assert!(
            text.starts_with(&format!(
                "item 1 quantity {} → 1000; item 1 price {} → 512.25; item 2 denied; item 3 ship-to ",
                sent.items[0].quantity, sent.items[0].price
            )),
            "{text}"
        );
        assert!(text.contains(" → ") && text.contains("Milwaukee"), "{text}");
        now.items.remove(2);
        assert!(words(&sent, &now, false).ends_with("item 3 no longer on the order"));
    }

    #[test]
    fn every_item_cancelled_is_the_order_cancelled_and_one_is_that_item() {
        let sent = with(&[Approval::Approved, Approval::Approved]);
        let mut now = sent.clone();
        now.items[1].workflow_stage = ORDER_CANCELLED.into();
        assert_eq!(words(&sent, &now, false), "item 2 cancelled");
        now.items[0].workflow_stage = "order cancelled".into();
        assert_eq!(words(&sent, &now, false), "order cancelled in Pressero");
        assert_eq!(
            words(&now, &now, false),
            "",
            "cancelled when sent: no change"
        );
    }
}
