//! Small orders for status sync's unit tests.

use chrono::{TimeZone, Utc};
use pressero::order::{Address, Approval, KitRole, Order, OrderItem, OrderTotals, Site, SiteUser};

/// An address on `street`.
pub(crate) fn address(street: &str, postal: &str) -> Address {
    Address {
        business: "Acme Corporation".into(),
        first_name: "Jane".into(),
        last_name: "Doe".into(),
        address1: street.into(),
        city: "Chicago".into(),
        state_province: "IL".into(),
        postal: postal.into(),
        country: "US".into(),
        ..Address::default()
    }
}

/// Item `n`, approved, shipped to `ship_to` by UPS Ground, on workflow `wf-standard`.
pub(crate) fn item(n: u32, ship_to: Address) -> OrderItem {
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
        price: 10.into(),
        shipping: 0.into(),
        tax: 0.into(),
        approval: Approval::Approved,
        kit: KitRole::None,
        ship_to,
        shipping_method: "UPS Ground".into(),
        ships_separately: false,
        requested_ship_date: None,
        notes: String::new(),
        files: Vec::new(),
        workflow_id: "wf-standard".into(),
        workflow_stage: "Order Received".into(),
        mis_id: String::new(),
    }
}

/// Order 10001 with `items`.
pub(crate) fn order_with(items: Vec<OrderItem>) -> Order {
    Order {
        order_id: "order-10001".into(),
        order_number: 10001,
        order_date: Utc.with_ymd_and_hms(2026, 11, 20, 15, 30, 0).unwrap(),
        site: Site {
            site_name: "Acme Store".into(),
            ..Site::default()
        },
        ordered_by: SiteUser::default(),
        bill_to: Address::default(),
        po_number: String::new(),
        requested_ship_date: None,
        notes: String::new(),
        totals: OrderTotals::default(),
        items,
    }
}
