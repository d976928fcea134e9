//! Checks that the bundled fixtures keep exercising what `fixtures/pressero/README.md` promises:
//! money that adds up, and the scenario each order exists for. A fixture edit that loses a
//! scenario fails here, not silently in another crate's test.

use std::collections::HashSet;
use std::time::Duration;

use crate::catalog::text;
use crate::seed::Seed;
use crate::shop::Shop;
use crate::wire::{OrderDetail, OrderItem};

fn shop() -> Shop {
    Shop::new(Seed::bundled().load().unwrap(), Duration::from_secs(60)).unwrap()
}

fn order(shop: &Shop, number: u64) -> OrderDetail {
    shop.order(number).unwrap().detail.clone()
}

fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

fn sum(items: &[OrderItem], field: impl Fn(&OrderItem) -> f64) -> i64 {
    items.iter().map(|i| cents(field(i))).sum()
}

fn site_integration_id(shop: &Shop, order: &OrderDetail) -> Option<String> {
    let site = shop.catalog.site(&order.site_id).unwrap();
    site.get("MisId")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

#[test]
fn money_adds_up_and_item_shipping_matches_the_order_except_in_10007() {
    let shop = shop();
    for stored in shop.orders() {
        let o = &stored.detail;
        let n = o.order_number;
        assert_eq!(
            cents(o.subtotal),
            sum(&o.items, |i| i.price),
            "{n} subtotal"
        );
        assert_eq!(cents(o.tax1), sum(&o.items, |i| i.tax), "{n} tax");
        assert_eq!(
            cents(o.total),
            cents(o.subtotal) + cents(o.shipping) + cents(o.total_tax()) - cents(o.discount),
            "{n} total"
        );
        let item_shipping = sum(&o.items, |i| i.shipping);
        if n == 10007 {
            assert_eq!(item_shipping, 0);
            assert!(o.shipping > 0.0);
        } else {
            assert_eq!(cents(o.shipping), item_shipping, "{n} shipping");
        }
    }
}

#[test]
fn the_storefront_integration_ids_are_as_the_cast_says() {
    let shop = shop();
    let expect = [
        (10001, "Acme Store", Some("ACME")),
        (10002, "Public Shop", None),
        (10012, "Some Site", Some("")),
        (10014, "Bad ID Store", Some("NOPE")),
        (10015, "Legacy Store", Some("OLDCO")),
    ];
    for (number, site, integration_id) in expect {
        let o = order(&shop, number);
        assert_eq!(o.site_name, site);
        assert_eq!(
            site_integration_id(&shop, &o).as_deref(),
            integration_id,
            "{number}"
        );
    }
}

#[test]
fn single_item_order_has_po_ship_date_and_a_templated_product() {
    let shop = shop();
    let o = order(&shop, 10001);
    assert_eq!(o.items.len(), 1);
    assert!(!o.po_number.is_empty());
    assert!(o.req_ship_date.is_some());
    let product = shop
        .catalog
        .product(&o.site_name, &o.items[0].product_id)
        .unwrap();
    assert_eq!(text(product, "/MisId"), "BC-STD");
    assert!(
        o.items[0]
            .attributes
            .iter()
            .any(|a| a.attribute_name.as_deref() == Some("JobType"))
    );

    let o = order(&shop, 10002);
    assert!(o.items.len() >= 3);
    assert_eq!(o.ordered_by.email, "jane.doe@acme.example");
    assert!(o.po_number.is_empty());
    assert!(o.req_ship_date.is_none() && o.items.iter().all(|i| i.requested_ship_date.is_none()));
}

#[test]
fn kits_approvals_and_denials() {
    let shop = shop();
    let kit = order(&shop, 10003);
    let children: Vec<&OrderItem> = kit
        .items
        .iter()
        .filter(|i| i.kit_parent_order_item_id.is_some())
        .collect();
    assert_eq!(children.len(), 3);
    assert_eq!(children.iter().filter(|c| c.quantity == 0).count(), 1);

    let denied = order(&shop, 10004);
    assert_eq!(denied.items.iter().filter(|i| i.is_denied).count(), 1);
    assert!(denied.items.iter().filter(|i| i.is_approved).count() >= 2);

    let pending = order(&shop, 10005);
    assert!(pending.items.iter().any(|i| !i.is_approved && !i.is_denied));

    let all_denied = order(&shop, 10016);
    assert!(all_denied.items.iter().all(|i| i.is_denied));
}

#[test]
fn shipping_scenarios() {
    let shop = shop();
    let addresses = |o: &OrderDetail| -> HashSet<String> {
        o.items
            .iter()
            .map(|i| i.ship_to_address.address1.clone())
            .collect()
    };
    let methods = |o: &OrderDetail| -> HashSet<String> {
        o.items.iter().map(|i| i.shipping_method.clone()).collect()
    };
    let two_addresses = order(&shop, 10006);
    assert_eq!(addresses(&two_addresses).len(), 2);
    let two_methods = order(&shop, 10007);
    assert_eq!(
        (addresses(&two_methods).len(), methods(&two_methods).len()),
        (1, 2)
    );
    let separately = order(&shop, 10008);
    assert_eq!(
        separately
            .items
            .iter()
            .filter(|i| i.will_ship_separately)
            .count(),
        1
    );
    let pickup = order(&shop, 10012);
    assert_eq!(pickup.items[0].shipping_method, "Customer Pickup");
    let product = shop
        .catalog
        .product(&pickup.site_name, &pickup.items[0].product_id)
        .unwrap();
    assert_eq!(text(product, "/MisId"), "");
    assert!(
        pickup.items[0]
            .attributes
            .iter()
            .any(|a| a.attribute_name.as_deref() == Some("materialID"))
    );
}

#[test]
fn customers_quotes_and_files() {
    let shop = shop();
    assert_eq!(
        order(&shop, 10010).ordered_by.email,
        "shared@buyers.example"
    );
    let quotes = order(&shop, 10011);
    assert_eq!(quotes.ordered_by.first_name, "Zoë");
    assert_eq!(quotes.bill_to_address.business, "O'Brien & Söhne GmbH");
    assert!(quotes.items.iter().any(|i| {
        let a = &i.ship_to_address;
        a.address2.contains('"') && a.address2.contains(" and ")
    }));
    let files = order(&shop, 10013);
    let counts: Vec<usize> = files.items.iter().map(|i| i.files.len()).collect();
    assert_eq!(counts, vec![2, 1]);
    assert!(
        files.items[0]
            .files
            .iter()
            .any(|f| f.file_size >= Some(30 * 1024 * 1024))
    );
}

#[test]
fn the_custom_workflow_without_bindery_is_used() {
    let shop = shop();
    let custom = shop
        .catalog
        .workflows
        .iter()
        .find(|w| !w.stages.iter().any(|s| s.printer_stage == "Bindery"))
        .unwrap();
    assert!(
        shop.orders()
            .flat_map(|o| &o.detail.items)
            .any(|i| i.workflow_id == custom.workflow_id)
    );
}
