//! Orders, settings and Pace facts for the planner's tests.

use super::facts::{ContactFact, CustomerFact, PaceFacts, ShipViaFact};
use crate::settings::Settings;
use chrono::{NaiveDate, TimeZone, Utc};
use pressero::order::{
    Address, Approval, KitRole, NamedValue, Order, OrderItem, OrderTotals, Site, SiteUser,
};
use rust_decimal::Decimal;

/// A decimal from text.
pub(crate) fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A date from text.
pub(crate) fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The ship-to of most test items.
pub(crate) fn acme_dock() -> Address {
    Address {
        business: "Acme Corporation".into(),
        first_name: "Wile".into(),
        last_name: "Coyote".into(),
        title: "Buyer".into(),
        address1: "1 Canyon Rd".into(),
        city: "Dallas".into(),
        state_province: "TX".into(),
        postal: "75001".into(),
        country: "US".into(),
        phone: "214-555-0100".into(),
        email: "wile@acme.example".into(),
        ..Address::default()
    }
}

/// An approved item number `n` with quantity `qty`, price 10 × n, shipped to [`acme_dock`].
pub(crate) fn item(n: u32, qty: u64) -> OrderItem {
    OrderItem {
        item_id: format!("item-{n}"),
        item_number: n,
        product_id: format!("product-{n}"),
        product_name: format!("Product {n}"),
        item_name: String::new(),
        product_integration_id: String::new(),
        attributes: Vec::new(),
        pricing_parameters: vec![NamedValue {
            name: "Paper".into(),
            value: "100# Gloss".into(),
        }],
        pricing_summary: String::new(),
        quantity: qty,
        price: Decimal::from(10 * n),
        shipping: Decimal::ZERO,
        tax: Decimal::ONE,
        approval: Approval::Approved,
        kit: KitRole::None,
        ship_to: acme_dock(),
        shipping_method: "UPS Ground".into(),
        ships_separately: false,
        requested_ship_date: None,
        notes: String::new(),
        files: Vec::new(),
        workflow_id: String::new(),
        workflow_stage: String::new(),
        mis_id: String::new(),
    }
}

/// Order 10001 from "Acme Store" (Integration ID `ACME`), placed Friday 2026-11-20, with `items`.
pub(crate) fn order_with(items: Vec<OrderItem>) -> Order {
    let subtotal: Decimal = items.iter().map(|i| i.price).sum();
    Order {
        order_id: "order-10001".into(),
        order_number: 10001,
        order_date: Utc.with_ymd_and_hms(2026, 11, 20, 15, 30, 0).unwrap(),
        site: Site {
            site_id: "site-1".into(),
            site_name: "Acme Store".into(),
            domain: "acme.example".into(),
            integration_id: "ACME".into(),
        },
        ordered_by: SiteUser {
            user_id: "user-1".into(),
            first_name: "Wile".into(),
            middle_name: "E.".into(),
            last_name: "Coyote".into(),
            email: "wile@acme.example".into(),
            title: "Buyer".into(),
            phone: "214-555-0100".into(),
            address: acme_dock(),
            ..SiteUser::default()
        },
        bill_to: acme_dock(),
        po_number: "4471".into(),
        requested_ship_date: None,
        notes: "Please rush".into(),
        totals: OrderTotals {
            subtotal,
            shipping: d("12.00"),
            tax: Decimal::from(items.len()),
            discount: Decimal::ZERO,
            total: subtotal + d("12.00") + Decimal::from(items.len()),
        },
        items,
    }
}

/// Settings with a DefaultSiteConfiguration rule giving status `O`.
pub(crate) fn settings() -> Settings {
    let mut settings = Settings::default();
    settings.mapping.site_mapping =
        r#"[{"siteName":"DefaultSiteConfiguration","adminStatus":"O","includeTaxAndShipping":true}]"#.into();
    settings
}

/// Pace knows customer ACME, job types 1 and 10, statuses O and C, ship via 7 "UPS Ground".
pub(crate) fn facts() -> PaceFacts {
    let mut facts = PaceFacts::default();
    facts.customers.insert(
        "ACME".into(),
        CustomerFact {
            name: "Acme Corporation".into(),
            active: true,
        },
    );
    facts.job_types.extend([1, 10]);
    facts.job_statuses.extend(["O".to_owned(), "C".to_owned()]);
    facts.ship_vias.push(ShipViaFact {
        id: 7,
        description: "UPS Ground".into(),
        active: true,
    });
    facts
}

/// A Pace contact of `customer` at [`acme_dock`].
pub(crate) fn acme_contact(id: i64, customer: &str) -> ContactFact {
    let dock = acme_dock();
    ContactFact {
        id,
        customer: customer.into(),
        first_name: dock.first_name,
        last_name: dock.last_name,
        email: dock.email,
        address1: dock.address1,
        city: dock.city,
        state: dock.state_province,
        zip: dock.postal,
        phone: dock.phone,
        ..ContactFact::default()
    }
}
