//! Sample orders, items, settings, Pace facts and temporary stores for the engine's unit tests.
//!
//! Every sample order and item starts from [`plain_order`] and [`plain_item`] (the only places
//! that spell out every field) and sets what its tests care about.

use crate::plan::{ContactFact, CustomerFact, PaceFacts, ShipViaFact};
use crate::settings::Settings;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use pressero::order::{
    Address, Approval, KitRole, NamedValue, Order, OrderItem, OrderTotals, Site, SiteUser,
};
use rust_decimal::Decimal;
use tempfile::TempDir;

/// A decimal from text.
pub(crate) fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A date from text.
pub(crate) fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Item `n` (`item-{n}`, product `product-{n}` "Product {n}"): 100 at 10 each, approved, no kit,
/// shipped by UPS Ground to an empty address, no tax, no files, no workflow.
pub(crate) fn plain_item(n: u32) -> OrderItem {
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
        ship_to: Address::default(),
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

/// Order `number` (`order-{number}`) placed at `placed` with `items`, and nothing else: no
/// site, no user, no bill-to, no PO, no notes, zero totals.
pub(crate) fn plain_order(number: u64, placed: DateTime<Utc>, items: Vec<OrderItem>) -> Order {
    Order {
        order_id: format!("order-{number}"),
        order_number: number,
        order_date: placed,
        site: Site::default(),
        ordered_by: SiteUser::default(),
        bill_to: Address::default(),
        po_number: String::new(),
        requested_ship_date: None,
        notes: String::new(),
        totals: OrderTotals::default(),
        items,
    }
}

/// A site named `site_name` (no id, domain or Integration ID).
fn site_named(site_name: &str) -> Site {
    Site {
        site_name: site_name.into(),
        ..Site::default()
    }
}

/// Friday 2026-11-20 15:30 UTC: when order 10001 was placed.
fn friday_afternoon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 15, 30, 0).unwrap()
}

// ----- The planner's order: 10001 from "Acme Store", fully filled in. -----

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
        pricing_parameters: vec![NamedValue {
            name: "Paper".into(),
            value: "100# Gloss".into(),
        }],
        quantity: qty,
        price: Decimal::from(10 * n),
        tax: Decimal::ONE,
        ship_to: acme_dock(),
        ..plain_item(n)
    }
}

/// Order 10001 from "Acme Store" (Integration ID `ACME`), placed Friday 2026-11-20, with `items`.
pub(crate) fn order_with(items: Vec<OrderItem>) -> Order {
    let subtotal: Decimal = items.iter().map(|i| i.price).sum();
    let totals = OrderTotals {
        subtotal,
        shipping: d("12.00"),
        tax: Decimal::from(items.len()),
        discount: Decimal::ZERO,
        total: subtotal + d("12.00") + Decimal::from(items.len()),
    };
    Order {
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
        notes: "Please rush".into(),
        totals,
        ..plain_order(10001, friday_afternoon(), items)
    }
}

/// Settings with a DefaultSiteConfiguration rule giving status `O`.
pub(crate) fn settings() -> Settings {
    let mut settings = Settings::default();
    settings.mapping.site_mapping =
        r#"[{"siteName":"DefaultSiteConfiguration","adminStatus":"O","includeTaxAndShipping":true}]"#.into();
    settings
}

/// Pace knows customer ACME, job types 1 and 10, statuses O and C, ship via 7 "UPS Ground",
/// country 1 United States (US) with the state IL.
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
    facts.countries.push(crate::plan::CountryFact {
        id: 1,
        name: "United States".into(),
        iso_code: "US".into(),
    });
    facts.state_keys.insert("1:IL".into());
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

// ----- Status sync's orders: items on a workflow, shipped to addresses in Chicago. -----

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
pub(crate) fn workflow_item(n: u32, ship_to: Address) -> OrderItem {
    OrderItem {
        ship_to,
        workflow_id: "wf-standard".into(),
        workflow_stage: "Order Received".into(),
        ..plain_item(n)
    }
}

/// Order 10001 from "Acme Store", placed Friday 2026-11-20, with `items` and nothing else.
pub(crate) fn acme_store_order(items: Vec<OrderItem>) -> Order {
    Order {
        site: site_named("Acme Store"),
        ..plain_order(10001, friday_afternoon(), items)
    }
}

// ----- The poller's and worker's orders: one buyer each, identified by e-mail. -----

/// An approved item `n` of quantity 100, shipped to `email`.
pub(crate) fn item_for(n: u32, email: &str) -> OrderItem {
    OrderItem {
        ship_to: Address {
            email: email.to_owned(),
            ..Address::default()
        },
        workflow_stage: "Order Received".into(),
        ..plain_item(n)
    }
}

/// Order `number` from "Public Shop" with `items`, placed by the user with `email` (named
/// after it).
pub(crate) fn order_by_with_items(number: u64, email: &str, items: Vec<OrderItem>) -> Order {
    let name = email.split('@').next().unwrap_or_default().to_owned();
    Order {
        site: site_named("Public Shop"),
        ordered_by: SiteUser {
            first_name: name,
            email: email.to_owned(),
            ..SiteUser::default()
        },
        ..plain_order(
            number,
            Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
            items,
        )
    }
}

/// Order `number` with one approved item, placed by `email`.
pub(crate) fn order_by(number: u64, email: &str) -> Order {
    order_by_with_items(number, email, vec![item_for(1, email)])
}

// ----- The store's orders, on temporary files. -----

/// A store on a file in a fresh temporary folder (keep the folder alive while using the store).
pub(crate) fn temp_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path()).unwrap();
    (dir, store)
}

/// A fixed instant, `minutes` after 2026-03-02 09:00 UTC.
pub(crate) fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
}

/// A one-item order `number` from site `site`, ordered by `email`, placed `number` minutes
/// after [`at(0)`](at).
pub(crate) fn site_order(number: u64, site: &str, email: &str) -> Order {
    let item = OrderItem {
        item_id: format!("item-guid-{number}"),
        product_name: "Business cards".into(),
        quantity: 500,
        price: Decimal::new(12_345, 2),
        ..plain_item(1)
    };
    Order {
        order_id: format!("order-guid-{number}"),
        site: Site {
            site_id: format!("site-guid-{site}"),
            site_name: site.into(),
            domain: format!("{}.example", site.to_lowercase()),
            integration_id: String::new(),
        },
        ordered_by: SiteUser {
            first_name: "Wile".into(),
            last_name: "Coyote".into(),
            email: email.into(),
            ..SiteUser::default()
        },
        totals: OrderTotals {
            total: Decimal::new(12_345, 2),
            ..OrderTotals::default()
        },
        ..plain_order(number, at(i64::try_from(number).unwrap()), vec![item])
    }
}

/// A store holding orders `numbers` (site `Acme`, e-mail `buyer@acme.example`).
pub(crate) fn store_with_orders(numbers: &[u64]) -> (TempDir, Store) {
    let (dir, store) = temp_store();
    for &number in numbers {
        store
            .upsert_snapshot(&site_order(number, "Acme", "buyer@acme.example"), at(0))
            .unwrap();
    }
    (dir, store)
}

/// An order (number 1, buyer `a@example.com`) whose items have `approvals`, in order.
pub(crate) fn order_with_approvals(approvals: &[pressero::order::Approval]) -> Order {
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
