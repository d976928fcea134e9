//! Stores on temporary files and sample orders for the store's tests.

use super::Store;
use chrono::{DateTime, TimeZone, Utc};
use pressero::order::{Address, Approval, KitRole, Order, OrderItem, OrderTotals, Site, SiteUser};
use rust_decimal::Decimal;
use tempfile::TempDir;

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
pub(crate) fn order(number: u64, site: &str, email: &str) -> Order {
    Order {
        order_id: format!("order-guid-{number}"),
        order_number: number,
        order_date: at(i64::try_from(number).unwrap()),
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
        bill_to: Address::default(),
        po_number: String::new(),
        requested_ship_date: None,
        notes: String::new(),
        totals: OrderTotals {
            total: Decimal::new(12_345, 2),
            ..OrderTotals::default()
        },
        items: vec![OrderItem {
            item_id: format!("item-guid-{number}"),
            item_number: 1,
            product_id: "product-1".into(),
            product_name: "Business cards".into(),
            item_name: String::new(),
            product_integration_id: String::new(),
            attributes: Vec::new(),
            pricing_parameters: Vec::new(),
            pricing_summary: String::new(),
            quantity: 500,
            price: Decimal::new(12_345, 2),
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
        }],
    }
}

/// A store holding orders `numbers` (site `Acme`, e-mail `buyer@acme.example`).
pub(crate) fn store_with_orders(numbers: &[u64]) -> (TempDir, Store) {
    let (dir, store) = temp_store();
    for &number in numbers {
        store
            .upsert_snapshot(&order(number, "Acme", "buyer@acme.example"), at(0))
            .unwrap();
    }
    (dir, store)
}
