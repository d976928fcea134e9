//! Small orders for the poller's and worker's unit tests.

use chrono::{TimeZone, Utc};
use pressero::order::{Address, Approval, KitRole, Order, OrderItem, OrderTotals, Site, SiteUser};
use rust_decimal::Decimal;

/// An approved item `n` of quantity 100, shipped to `email`.
pub(crate) fn item(n: u32, email: &str) -> OrderItem {
    OrderItem {
        item_id: format!("item-{n}"),
        item_number: n,
        product_id: format!("product-{n}"),
        product_name: format!("Product {n}"),
        item_name: String::new(),
        product_integration_id: String::new(),
        attributes: Vec::new(),
        pricing_parameters: Vec::new(),
        pricing_summary: String::new(),
        quantity: 100,
        price: Decimal::from(10),
        shipping: Decimal::ZERO,
        tax: Decimal::ZERO,
        approval: Approval::Approved,
        kit: KitRole::None,
        ship_to: Address {
            email: email.to_owned(),
            ..Address::default()
        },
        shipping_method: "UPS Ground".into(),
        ships_separately: false,
        requested_ship_date: None,
        notes: String::new(),
        files: Vec::new(),
        workflow_id: String::new(),
        workflow_stage: "Order Received".into(),
        mis_id: String::new(),
    }
}

/// Order `number` with `items`, placed by the user with `email` (named after it).
pub(crate) fn order_with_items(number: u64, email: &str, items: Vec<OrderItem>) -> Order {
    let name = email.split('@').next().unwrap_or_default().to_owned();
    Order {
        order_id: format!("order-{number}"),
        order_number: number,
        order_date: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
        site: Site {
            site_name: "Public Shop".into(),
            ..Site::default()
        },
        ordered_by: SiteUser {
            first_name: name,
            email: email.to_owned(),
            ..SiteUser::default()
        },
        bill_to: Address::default(),
        po_number: String::new(),
        requested_ship_date: None,
        notes: String::new(),
        totals: OrderTotals::default(),
        items,
    }
}

/// Order `number` with one approved item, placed by `email`.
pub(crate) fn order(number: u64, email: &str) -> Order {
    order_with_items(number, email, vec![item(1, email)])
}
