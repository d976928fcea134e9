//! An item without a ship-to address: a customer pickup, a download, an item whose address
//! Pressero left blank.
//!
//! Pace needs an address and a contact on a shipment, and a blank one (what the product used to
//! send) is a shipment nobody can act on. What a shop expects is the buyer: the item ships to
//! (or is collected by) the person who ordered it. So an item whose ship-to has no street, city
//! and postal code is planned as shipping to the ordering user's address-book address (or, when
//! that is blank too, the order's bill-to), under the ordering user's name, e-mail and phone
//! where the ship-to has none. Its shipping method stays as Pressero gave it, so the Accounts
//! rules still choose the Pace ship via from it (the first document's example maps
//! `Customer Pickup` to ship via 1). Such items share a shipment only with items of the same
//! shipping method (a pickup is not merged into the parcel going to the same buyer), whether or
//! not carton contents are on. Nothing else of the order changes.

use pressero::order::{Address, Order};
use std::borrow::Cow;

/// Whether `address` has nothing to ship to.
fn has_no_address(address: &Address) -> bool {
    [&address.address1, &address.city, &address.postal]
        .iter()
        .all(|s| s.trim().is_empty())
}

/// The ids of the items of `order` that have no ship-to address.
pub(crate) fn items_without_address(order: &Order) -> Vec<String> {
    order
        .items
        .iter()
        .filter(|i| has_no_address(&i.ship_to))
        .map(|i| i.item_id.clone())
        .collect()
}

/// `order` with every item without a ship-to address given the buyer's (see the module doc);
/// the order itself when every item has one.
pub(crate) fn with_ship_to_filled(order: &Order) -> Cow<'_, Order> {
    if !order.items.iter().any(|i| has_no_address(&i.ship_to)) {
        return Cow::Borrowed(order);
    }
    let buyer = &order.ordered_by;
    let base = if has_no_address(&buyer.address) {
        &order.bill_to
    } else {
        &buyer.address
    };
    let mut filled = order.clone();
    for item in filled
        .items
        .iter_mut()
        .filter(|i| has_no_address(&i.ship_to))
    {
        let blank = &item.ship_to;
        let or = |own: &str, other: &str| {
            if own.trim().is_empty() {
                other.to_owned()
            } else {
                own.to_owned()
            }
        };
        item.ship_to = Address {
            business: or(&blank.business, &base.business),
            first_name: or(
                &blank.first_name,
                or(&base.first_name, &buyer.first_name).as_str(),
            ),
            last_name: or(
                &blank.last_name,
                or(&base.last_name, &buyer.last_name).as_str(),
            ),
            title: or(&blank.title, &base.title),
            email: or(&blank.email, or(&base.email, &buyer.email).as_str()),
            phone: or(&blank.phone, or(&base.phone, &buyer.phone).as_str()),
            cell_phone: or(&blank.cell_phone, &base.cell_phone),
            ..base.clone()
        };
    }
    Cow::Owned(filled)
}
