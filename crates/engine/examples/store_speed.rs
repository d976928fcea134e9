//! How fast the sync database is on this machine: upserting order snapshots and appending journal
//! entries, each in its own committed transaction (WAL, `synchronous=FULL`, as the service runs).
//!
//! `cargo run -p engine --example store_speed [orders] [journal entries]` (defaults: 10,000 and
//! 100,000). Prints the times and the database's size on disk; asserts nothing.

use chrono::{Duration, TimeZone, Utc};
use engine::store::{DATABASE_FILE_NAME, Store};
use pressero::order::{
    Address, Approval, KitRole, NamedValue, Order, OrderItem, OrderTotals, Site, SiteUser,
};
use rust_decimal::Decimal;
use std::error::Error;
use std::time::Instant;

fn main() -> Result<(), Box<dyn Error>> {
    let mut arguments = std::env::args().skip(1);
    let orders: u64 = arguments.next().map_or(Ok(10_000), |a| a.parse())?;
    let entries: u64 = arguments.next().map_or(Ok(100_000), |a| a.parse())?;
    let dir = tempfile::tempdir()?;
    let store = Store::open_in_data_dir(dir.path())?;
    let placed = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .ok_or("bad date")?;

    // The first pass stores new snapshots, the second the same snapshots again (unchanged).
    for what in [
        "upsert new order snapshots",
        "upsert unchanged order snapshots",
    ] {
        let started = Instant::now();
        for number in 1..=orders {
            let minutes = i64::try_from(number)?;
            store.upsert_snapshot(
                &sample_order(number, placed + Duration::minutes(minutes)),
                Utc::now(),
            )?;
        }
        report(what, orders, started);
    }

    let started = Instant::now();
    for entry in 0..entries {
        let order = entry % orders.max(1) + 1;
        let step = format!("job#1/part#{}", entry / orders.max(1) + 1);
        let id = store.journal_begin(order, &step, "create")?;
        store.journal_done(id, &format!("J{order}:{entry}"))?;
    }
    report("journal entries (begin + done)", entries, started);

    let started = Instant::now();
    let keys = store.completed_keys(1)?;
    println!(
        "completed_keys of one order ({} steps): {:.3} ms",
        keys.len(),
        started.elapsed().as_secs_f64() * 1e3
    );

    let size_of = |suffix: &str| {
        std::fs::metadata(dir.path().join(format!("{DATABASE_FILE_NAME}{suffix}")))
            .map_or(0, |metadata| metadata.len())
    };
    let mib = |bytes: u64| bytes as f64 / 1024.0 / 1024.0;
    println!(
        "database size on disk: {:.1} MiB (+ WAL {:.1} MiB)",
        mib(size_of("")),
        mib(size_of("-wal"))
    );
    Ok(())
}

/// Prints a total and a per-operation time.
fn report(what: &str, count: u64, started: Instant) {
    let elapsed = started.elapsed();
    println!(
        "{count} {what}: {:.2} s ({:.1} µs each)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / count.max(1) as f64
    );
}

/// A two-item order of realistic size.
fn sample_order(number: u64, placed: chrono::DateTime<Utc>) -> Order {
    let address = Address {
        business: "Acme Corporation".into(),
        first_name: "Wile".into(),
        last_name: "Coyote".into(),
        address1: "1 Canyon Rd".into(),
        city: "Dallas".into(),
        state_province: "TX".into(),
        postal: "75001".into(),
        country: "US".into(),
        phone: "214-555-0100".into(),
        email: "wile@acme.example".into(),
        ..Address::default()
    };
    let item = |item_number: u32| OrderItem {
        item_id: format!("item-{number}-{item_number}"),
        item_number,
        product_id: format!("product-{item_number}"),
        product_name: "Business cards".into(),
        item_name: format!("Cards for employee {item_number}"),
        product_integration_id: "BC-35".into(),
        attributes: vec![NamedValue {
            name: "JobType".into(),
            value: "Digital".into(),
        }],
        pricing_parameters: vec![NamedValue {
            name: "Paper".into(),
            value: "100# Gloss Cover".into(),
        }],
        pricing_summary: "500 cards, 4/4, 100# Gloss Cover".into(),
        quantity: 500,
        price: Decimal::new(4_950, 2),
        shipping: Decimal::ZERO,
        tax: Decimal::new(408, 2),
        approval: Approval::Approved,
        kit: KitRole::None,
        ship_to: address.clone(),
        shipping_method: "UPS Ground".into(),
        ships_separately: false,
        requested_ship_date: None,
        notes: String::new(),
        files: Vec::new(),
        workflow_id: "workflow-1".into(),
        workflow_stage: "New".into(),
        mis_id: String::new(),
    };
    let items = vec![item(1), item(2)];
    Order {
        order_id: format!("order-{number}"),
        order_number: number,
        order_date: placed,
        site: Site {
            site_id: "site-1".into(),
            site_name: "Acme Store".into(),
            domain: "acme.example".into(),
            integration_id: "ACME".into(),
        },
        ordered_by: SiteUser {
            first_name: "Wile".into(),
            last_name: "Coyote".into(),
            email: "wile@acme.example".into(),
            address: address.clone(),
            ..SiteUser::default()
        },
        bill_to: address,
        po_number: format!("PO-{number}"),
        requested_ship_date: None,
        notes: String::new(),
        totals: OrderTotals {
            subtotal: Decimal::new(9_900, 2),
            tax: Decimal::new(816, 2),
            total: Decimal::new(10_716, 2),
            ..OrderTotals::default()
        },
        items,
    }
}
