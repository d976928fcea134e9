//! The job's price (Original Quoted Price and Amount To Invoice) and each part's share of it.
//!
//! # The rule
//!
//! The first document's Job table: the price is the **Order Total**, with tax and shipping in it
//! when the Site Mapping rule's `includeTaxAndShipping` is on; the second document: "Pressero's
//! total price". So:
//!
//! - **`includeTaxAndShipping` on**: the job's price is Pressero's `OrderTotal` (subtotal +
//!   shipping + tax − discount).
//! - **`includeTaxAndShipping` off**: the job's price is the subtotal less the discount
//!   (`OrderSubtotal − OrderDiscount`): what the buyer pays for the printing itself.
//! - **The order's discount** (`OrderDiscount`, order-level only in Pressero's rows) is shared
//!   out over every item of the order in proportion to the items' prices, cent remainders to
//!   the largest remainder ([`super::freight::allocate`]), like the order's shipping. A part's
//!   price is its item's price less its discount share, plus (with the setting on) its tax and
//!   freight. The parts of a job add up to the job's price, to the cent.
//! - **When the job does not hold the whole order** (an item denied, a job per item, …) the
//!   job's price is the sum of its parts: Pressero's totals stay as placed when an item is
//!   denied, and invoicing the order total would charge for what is not produced. A left-out
//!   item keeps its share of the discount, as it keeps its share of the shipping.
//! - When Pressero reports no order total (`OrderTotal` 0 or missing) while the items cost
//!   something, the parts' sum is used.
//!
//! # Worked example
//!
//! Order 20101: cards $100.00 and flyers $300.00 (subtotal $400.00), a $40.00 discount,
//! shipping $10.00 + $20.00, tax $8.00 + $24.00; `OrderTotal` = 400 − 40 + 30 + 32 = $422.00.
//!
//! | | price | discount share (by price, 1:3) | tax | freight | part with tax and shipping | part without |
//! |---|---|---|---|---|---|---|
//! | cards | 100.00 | 10.00 | 8.00 | 10.00 | 108.00 | 90.00 |
//! | flyers | 300.00 | 30.00 | 24.00 | 20.00 | 314.00 | 270.00 |
//! | **job** | | | | | **422.00** = `OrderTotal` | **360.00** = 400 − 40 |
//!
//! Had Pressero's total been a cent off the items (rounding on its side), the job would still
//! take `OrderTotal` and the parts would be that total shared out in proportion to the amounts
//! above, so that they still add up to it.

use super::freight::{allocate, share_by_price};
use super::jobs::PartShare;
use pressero::order::{Order, OrderItem};
use rust_decimal::Decimal;

/// Each item's share of the order's discount: the discount shared out by price over every item
/// of the order (denied and waiting ones too), picked for `items`.
pub(crate) fn item_discounts(order: &Order, items: &[&OrderItem]) -> Vec<Decimal> {
    let all = &order.items;
    let discount = order.totals.discount;
    if discount.is_zero() {
        return vec![Decimal::ZERO; items.len()];
    }
    share_by_price(discount, all, items)
}

/// The job's price and each part's price (in `parts`' order), by the rule above.
pub(crate) fn job_and_part_prices(
    order: &Order,
    parts: &[PartShare<'_>],
    include_tax_and_shipping: bool,
) -> (Decimal, Vec<Decimal>) {
    let own: Vec<Decimal> = parts
        .iter()
        .map(|p| part_amount(p, include_tax_and_shipping))
        .collect();
    let sum: Decimal = own.iter().sum();
    let totals = &order.totals;
    let order_price = if include_tax_and_shipping {
        totals.total
    } else {
        totals.subtotal - totals.discount
    };
    let whole_order = holds_whole_order(order, parts);
    if !whole_order || (order_price.is_zero() && !sum.is_zero()) || order_price == sum {
        return (sum, own);
    }
    (order_price, allocate(order_price, &own))
}

/// A part's own amount: its price less its discount share, with its tax and freight when the
/// Site Mapping rule includes them.
fn part_amount(part: &PartShare<'_>, include_tax_and_shipping: bool) -> Decimal {
    let net = part.price - part.discount;
    if include_tax_and_shipping {
        net + part.tax + part.freight
    } else {
        net
    }
}

/// Whether the parts are the whole order: every item of the order is among them with all of its
/// price (not split over several jobs), or left out with no money of its own (a kit parent, a
/// kit child of quantity 0 priced at nothing).
fn holds_whole_order(order: &Order, parts: &[PartShare<'_>]) -> bool {
    let whole_items = parts.iter().enumerate().all(|(i, p)| {
        p.price == p.item.price && parts[..i].iter().all(|q| q.item.item_id != p.item.item_id)
    });
    whole_items
        && order.items.iter().all(|item| {
            parts.iter().any(|p| p.item.item_id == item.item_id)
                || (item.price.is_zero() && item.tax.is_zero() && item.shipping.is_zero())
        })
}
