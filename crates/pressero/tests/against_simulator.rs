//! The client over real HTTP against the Pressero simulator on 127.0.0.1, seeded with the
//! bundled fixtures (`fixtures/pressero/`): sign-in and renewal, polling with paging and window
//! splitting, every read and write, kits, approvals, and every injected fault.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use pressero::order::{Approval, KitRole};
use pressero::{
    NewShipment, OrderQuery, Password, PresseroClient, PresseroError, PresseroSettings,
    SearchWindow,
};
use pressero_simulator::{PresseroConfig, PresseroSimulator, RunningPressero};
use rust_decimal::Decimal;
use simulator_kit::{FaultKind, FaultRule};

/// Test set-up shared by the tests below. (A `cfg(test)` module: `expect` on set-up failures is
/// how a test reports them, and clippy's `allow-expect-in-tests` covers test modules only.)
#[cfg(test)]
mod support {
    use super::*;

    pub(crate) const ACME_DOMAIN: &str = "acme.chi.v6.pressero.com";

    pub(crate) async fn simulator() -> RunningPressero {
        PresseroSimulator::start(PresseroConfig::default())
            .await
            .expect("simulator starts")
    }

    pub(crate) fn settings_for(sim: &RunningPressero) -> PresseroSettings {
        let c = sim.credentials();
        PresseroSettings::new(
            &sim.base_url(),
            &c.user_name,
            &c.subscriber_id,
            &c.consumer_id,
        )
        .expect("valid settings")
    }

    pub(crate) fn client_with(sim: &RunningPressero, settings: PresseroSettings) -> PresseroClient {
        PresseroClient::new(settings, Password::new(sim.credentials().password.clone()))
            .expect("client")
    }

    pub(crate) fn client_for(sim: &RunningPressero) -> PresseroClient {
        client_with(sim, settings_for(sim))
    }

    pub(crate) fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a date-time")
    }

    /// Settings whose searches cover a month in one request (no window splitting).
    pub(crate) fn unsplit_settings_for(sim: &RunningPressero) -> PresseroSettings {
        let mut settings = settings_for(sim);
        settings.max_search_span = chrono::Duration::days(31);
        settings
    }

    /// All of November 2026: every fixture order.
    pub(crate) fn november() -> SearchWindow {
        SearchWindow::new(at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z")).expect("window")
    }

    pub(crate) fn calls(sim: &RunningPressero, operation: &str) -> usize {
        sim.instruments().calls.count(operation)
    }

    pub(crate) fn fault(sim: &RunningPressero, kind: FaultKind, operation: &str, count: u32) {
        sim.instruments()
            .faults
            .add(FaultRule::times(kind, Some(operation), count));
    }
}

use support::*;

// --- authentication

#[tokio::test]
async fn signs_in_once_and_reuses_the_token() {
    let sim = simulator().await;
    let client = client_for(&sim);
    client.order(10001).await.unwrap();
    client.order(10002).await.unwrap();
    assert_eq!(calls(&sim, "Authentication"), 1);
}

#[tokio::test]
async fn an_expired_token_is_renewed_and_the_call_retried() {
    let sim = simulator().await;
    let client = client_for(&sim);
    client.workflows().await.unwrap();
    sim.expire_tokens();
    let order = client.order(10001).await.unwrap();
    assert_eq!(order.order_number, 10001);
    assert_eq!(calls(&sim, "Authentication"), 2);
}

#[tokio::test]
async fn concurrent_callers_share_one_renewal() {
    let sim = simulator().await;
    let client = client_for(&sim);
    client.workflows().await.unwrap();
    sim.expire_tokens();
    let mut tasks = tokio::task::JoinSet::new();
    for n in 10001..=10008 {
        let client = client.clone();
        tasks.spawn(async move { client.order_item(n, 1).await.map(|item| item.item_number) });
    }
    while let Some(result) = tasks.join_next().await {
        assert_eq!(result.unwrap().unwrap(), 1);
    }
    assert_eq!(
        calls(&sim, "Authentication"),
        2,
        "one sign-in, one shared renewal"
    );
}

#[tokio::test]
async fn a_wrong_subscriber_is_a_permanent_sign_in_error() {
    let sim = simulator().await;
    let mut settings = settings_for(&sim);
    settings.subscriber_id = "00000000-0000-0000-0000-000000000000".into();
    let error = client_with(&sim, settings).workflows().await.unwrap_err();
    assert!(
        matches!(error, PresseroError::SignInRefused { .. }),
        "{error}"
    );
    assert!(
        error.to_string().to_lowercase().contains("subscriber"),
        "{error}"
    );
    assert!(!error.is_transient());
}

#[tokio::test]
async fn check_sign_in_signs_in_once() {
    let sim = simulator().await;
    let client = client_for(&sim);
    client.check_sign_in().await.unwrap();
    client.check_sign_in().await.unwrap();
    assert_eq!(calls(&sim, "Authentication"), 1);
}

#[tokio::test]
async fn a_wrong_password_is_a_permanent_sign_in_error() {
    let sim = simulator().await;
    let client = PresseroClient::new(settings_for(&sim), Password::new("wrong")).unwrap();
    let error = client.order(10001).await.unwrap_err();
    assert!(
        matches!(error, PresseroError::SignInRefused { .. }),
        "{error}"
    );
    assert!(!error.is_transient());
    assert!(
        !error.to_string().contains("wrong"),
        "the password never shows: {error}"
    );
}

#[tokio::test]
async fn debug_output_never_shows_the_password_or_the_token() {
    let sim = simulator().await;
    let client = client_for(&sim);
    client.workflows().await.unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains(&sim.credentials().password), "{shown}");
    assert!(
        !contains_upper_case_guid(&shown),
        "a token is an upper-case GUID: {shown}"
    );
    assert!(shown.contains("Password(<redacted>)"), "{shown}");
    assert!(shown.contains("Session(<token redacted>)"), "{shown}");
}

/// Whether `text` holds an upper-case `8-4-4-4-12` hex GUID (the shape of a Pressero token).
fn contains_upper_case_guid(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shape = [8, 4, 4, 4, 12];
    (0..bytes.len()).any(|start| {
        let mut at = start;
        for (n, len) in shape.iter().enumerate() {
            let Some(group) = bytes.get(at..at + len) else {
                return false;
            };
            if !group
                .iter()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
            {
                return false;
            }
            at += len;
            if n < 4 {
                if bytes.get(at) != Some(&b'-') {
                    return false;
                }
                at += 1;
            }
        }
        bytes[start..at].iter().any(u8::is_ascii_uppercase)
    })
}

// --- polling

#[tokio::test]
async fn search_reads_every_page_and_groups_rows_into_orders() {
    let sim = simulator().await;
    let mut settings = unsplit_settings_for(&sim);
    settings.page_size = 5;
    let small_pages = client_with(&sim, settings)
        .search_orders(&november())
        .await
        .unwrap();
    let pages = calls(&sim, "Orders/Search");
    let one_page = client_with(&sim, unsplit_settings_for(&sim))
        .search_orders(&november())
        .await
        .unwrap();
    assert_eq!(small_pages, one_page, "page size changes nothing");
    assert_eq!(calls(&sim, "Orders/Search") - pages, 1);
    let rows: usize = one_page.iter().map(|o| o.items.len()).sum();
    assert_eq!(
        pages,
        rows.div_ceil(5),
        "0-based pages until TotalItems rows are read"
    );
    let numbers: Vec<u64> = one_page.iter().map(|o| o.order_number).collect();
    assert_eq!(numbers, (10001..=10016).collect::<Vec<_>>());
    for summary in &one_page {
        let stored = sim.order(summary.order_number).unwrap();
        assert_eq!(
            summary.items.len(),
            stored.detail.items.len(),
            "order {}",
            summary.order_number
        );
        assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    }
    let kit = &one_page[2];
    assert_eq!(kit.site.site_name, "Acme Store");
    assert_eq!(kit.items[0].kit, KitRole::Parent);
    assert!(matches!(kit.items[3].kit, KitRole::Child { .. }));
    assert_eq!(kit.items[3].quantity, Some(0));
    assert!(
        one_page[4].has_pending_items(),
        "10005 waits for an approver"
    );
    assert_eq!(one_page[3].items[1].approval, Approval::Denied);
    assert_eq!(
        one_page[3].items[2].approval,
        Approval::ApprovedWithModifications
    );
    assert_eq!(one_page[0].items[0].workflow_stage, "Order Received");
}

#[tokio::test]
async fn long_windows_are_split_and_the_results_are_the_same() {
    let sim = simulator().await;
    let mut settings = settings_for(&sim);
    settings.max_search_span = chrono::Duration::days(1);
    let window = SearchWindow::new(at("2026-11-15T00:00:00Z"), at("2026-11-22T00:00:00Z")).unwrap();
    let split = client_with(&sim, settings)
        .search_orders(&window)
        .await
        .unwrap();
    assert_eq!(calls(&sim, "Orders/Search"), 7, "one search per day");
    let whole = client_for(&sim).search_orders(&window).await.unwrap();
    assert_eq!(split, whole);
    assert_eq!(split.len(), 16);
}

#[tokio::test]
async fn the_window_is_inclusive_at_the_start_and_exclusive_at_the_end() {
    let sim = simulator().await;
    let client = client_for(&sim);
    // 10001 at 2026-11-16T14:05:00Z, 10002 at 16:40.
    let window = SearchWindow::new(at("2026-11-16T14:05:00Z"), at("2026-11-16T16:40:00Z")).unwrap();
    let orders = client.search_orders(&window).await.unwrap();
    let numbers: Vec<u64> = orders.iter().map(|o| o.order_number).collect();
    assert_eq!(numbers, vec![10001]);
}

#[tokio::test]
async fn per_site_search_returns_only_that_sites_orders() {
    let sim = simulator().await;
    let orders = client_with(&sim, unsplit_settings_for(&sim))
        .search_site_orders(ACME_DOMAIN, &november())
        .await
        .unwrap();
    assert!(!orders.is_empty());
    assert!(orders.iter().all(|o| o.site.site_name == "Acme Store"));
    assert_eq!(calls(&sim, "Site/Orders/Search"), 1);
    assert_eq!(calls(&sim, "Orders/Search"), 0);
}

#[tokio::test]
async fn search_filters_by_order_number_and_stage() {
    let sim = simulator().await;
    let client = client_for(&sim);
    let mut query = OrderQuery::new(november());
    query.order_number = Some(10006);
    let orders = client.search(&query).await.unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].order_number, 10006);
    let mut query = OrderQuery::new(november());
    query.printer_stage = Some("Prepress".into());
    assert!(client.search(&query).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_new_order_and_an_approval_show_up_in_the_next_poll() {
    let sim = simulator().await;
    let client = client_for(&sim);
    let before = client.search_orders(&november()).await.unwrap();
    assert!(before[4].has_pending_items());
    sim.approve_item(10005, 2).unwrap();
    let after = client.search_orders(&november()).await.unwrap();
    assert!(!after[4].has_pending_items());
    assert_eq!(after[4].items[1].approval, Approval::Approved);
}

// --- reading

#[tokio::test]
async fn an_order_is_normalized_and_fully_enriched() {
    let sim = simulator().await;
    let order = client_for(&sim).order(10001).await.unwrap();
    assert_eq!(order.site.site_name, "Acme Store");
    assert_eq!(order.site.integration_id, "ACME");
    assert_eq!(order.site.domain, ACME_DOMAIN);
    assert_eq!(order.po_number, "PO-45821");
    assert_eq!(
        order.requested_ship_date,
        NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    assert_eq!(order.totals.total, Decimal::new(5710, 2));
    assert_eq!(order.totals.tax, Decimal::new(360, 2));
    assert_eq!(order.ordered_by.email, "jane.doe@acme.example");
    assert_eq!(order.ordered_by.address.business, "Acme Corporation");
    let item = &order.items[0];
    assert_eq!(item.product_integration_id, "BC-STD");
    assert_eq!(item.attribute("JobType"), Some("10"));
    assert_eq!(item.price, Decimal::new(45, 0));
    assert_eq!(item.shipping, Decimal::new(850, 2));
    assert_eq!(item.ship_to.city, "Chicago");
    assert_eq!(item.shipping_method, "UPS Ground");
    assert_eq!(item.mis_id, "", "no Pace job yet");
    assert_eq!(item.approval, Approval::Approved);
    for call in [
        "Orders/Search",
        "Orders/Details",
        "SiteInfo",
        "Users/Info",
        "Products/Details",
    ] {
        assert_eq!(calls(&sim, call), 1, "{call}");
    }
    assert_eq!(calls(&sim, "Item/Details"), 0, "never read for an order");
}

#[tokio::test]
async fn every_fixture_order_normalizes() {
    let sim = simulator().await;
    let client = client_for(&sim);
    for number in 10001..=10016 {
        let order = client.order(number).await.unwrap();
        assert_eq!(order.order_number, number);
        assert!(!order.items.is_empty());
    }
}

#[tokio::test]
async fn kits_link_parent_and_children() {
    let sim = simulator().await;
    let order = client_for(&sim).order(10003).await.unwrap();
    let parent_id = order.items[0].item_id.clone();
    assert_eq!(order.items[0].kit, KitRole::Parent);
    for child in &order.items[1..] {
        assert_eq!(
            child.kit,
            KitRole::Child {
                parent_item_id: parent_id.clone()
            }
        );
    }
    assert_eq!(order.items[3].quantity, 0);
    let sent: Vec<u32> = order.approved_items().map(|i| i.item_number).collect();
    assert_eq!(sent, vec![2, 3, 4], "the parent is not produced itself");
}

/// Every item's place in the kit: (item number, parent's item number if a child).
fn kit_links(order: &pressero::order::Order) -> Vec<(u32, KitRole)> {
    order
        .items
        .iter()
        .map(|i| (i.item_number, i.kit.clone()))
        .collect()
}

#[tokio::test]
async fn kit_children_in_any_shape_link_the_kit() {
    let sim = simulator().await;
    for order in pressero_simulator::kit_shape_orders() {
        sim.add_order_json(order).unwrap();
    }
    let client = client_for(&sim);
    // 20031: item numbers, 20032: objects, 20033: no KitChildren at all.
    for number in [20031, 20032, 20033] {
        let read = client
            .read_order(number)
            .await
            .unwrap_or_else(|e| panic!("order {number}: {e}"));
        assert_eq!(read.gaps, Vec::<String>::new(), "order {number}");
        let order = read.order;
        let parent = order.items[0].item_id.clone();
        let child = || KitRole::Child {
            parent_item_id: parent.clone(),
        };
        assert_eq!(
            kit_links(&order),
            vec![
                (1, KitRole::Parent),
                (2, child()),
                (3, child()),
                (4, child())
            ],
            "order {number}"
        );
        let sent: Vec<u32> = order.approved_items().map(|i| i.item_number).collect();
        assert_eq!(sent, vec![2, 3, 4], "order {number}");
    }
}

#[tokio::test]
async fn a_kit_child_linked_only_by_its_parents_list_of_numbers_is_a_child() {
    let sim = simulator().await;
    let mut order = pressero_simulator::kit_shape_orders().remove(0);
    order["OrderNumber"] = 20041.into();
    // The row of item 3 says nothing about its kit; only the parent's `KitChildren` (numbers)
    // and the detail's item do.
    order["Items"][2]["KitParentOrderItemId"] = serde_json::Value::Null;
    order["Items"][0]["KitChildren"] = serde_json::json!([2, 4]);
    sim.add_order_json(order).unwrap();
    let order = client_for(&sim).order(20041).await.unwrap();
    let parent = order.items[0].item_id.clone();
    assert_eq!(
        order.items[1].kit,
        KitRole::Child {
            parent_item_id: parent
        }
    );
    assert_eq!(order.items[2].kit, KitRole::None);
}

#[tokio::test]
async fn one_order_is_read_from_its_search_rows() {
    let sim = simulator().await;
    let order = client_for(&sim).order(10006).await.unwrap();
    assert_eq!(calls(&sim, "Orders/Search"), 1, "one search by OrderNumber");
    assert_eq!(calls(&sim, "Item/Details"), 0);
    let ship_states: Vec<&str> = order
        .items
        .iter()
        .map(|i| i.ship_to.state_province.as_str())
        .collect();
    assert_eq!(ship_states, ["IL", "WI", "WI"], "ShiptoStateProvince");
    assert_eq!(order.bill_to.state_province, "IL", "BilltoStateProvince");
}

#[tokio::test]
async fn an_order_whose_details_fail_syncs_from_its_rows() {
    let sim = simulator().await;
    sim.instruments().faults.add(FaultRule::always(
        FaultKind::ServerError,
        Some("Orders/Details"),
    ));
    let client = client_for(&sim);
    let read = client.read_order(10006).await.unwrap();
    assert_eq!(read.gaps.len(), 1, "{:?}", read.gaps);
    assert!(
        read.gaps[0]
            .starts_with("the order details could not be read (GET /api/v2/orders/10006/Details")
            && read.gaps[0].contains("HTTP 500")
            && read.gaps[0].contains("no production files"),
        "{:?}",
        read.gaps
    );
    let order = read.order;
    assert_eq!(order.po_number, "PO-46100");
    assert_eq!(order.totals.total, Decimal::new(30506, 2));
    assert_eq!(order.ordered_by.email, "jane.doe@acme.example");
    assert_eq!(order.site.site_name, "Public Shop");
    assert_eq!(
        order.items[0].product_integration_id, "FLYER-A5",
        "no ProductId on rows: found in the site's product list by part number"
    );
    assert_eq!(order.items.len(), 3);
    let second = &order.items[1];
    assert_eq!(second.ship_to.city, "Milwaukee");
    assert_eq!(second.ship_to.email, "luis.ortega@acme.example");
    assert_eq!(second.attribute("JobType"), Some("10"));
    assert!(!second.workflow_id.is_empty());
    assert_eq!(calls(&sim, "Item/Details"), 0);
}

#[tokio::test]
async fn order_details_failing_for_a_passing_reason_are_asked_again_not_left_out() {
    let sim = simulator().await;
    sim.instruments().faults.add(FaultRule::times(
        FaultKind::ServerError,
        Some("Orders/Details"),
        2,
    ));
    let read = client_for(&sim).read_order(10013).await.unwrap();
    assert!(read.gaps.is_empty(), "{:?}", read.gaps);
    assert!(
        read.order.items.iter().any(|item| !item.files.is_empty()),
        "the production files are there"
    );
    assert_eq!(calls(&sim, "Orders/Details"), 3);
}

#[tokio::test]
async fn order_details_that_could_not_be_asked_for_fail_the_read_not_the_files() {
    let sim = simulator().await;
    let client = client_for(&sim);
    client.read_order(10001).await.unwrap();
    sim.instruments().calls.clear();
    // The details call is refused (401), and so is signing in again: the details were never
    // asked for, so the order is not read (rather than read without its production files).
    sim.instruments().faults.add(FaultRule::times(
        FaultKind::Unauthorized,
        Some("Orders/Details"),
        1,
    ));
    sim.instruments().faults.add(FaultRule::times(
        FaultKind::Unauthorized,
        Some("Authentication"),
        1,
    ));
    let error = client.read_order(10013).await.unwrap_err();
    assert!(
        !error.is_transient() && error.status() == Some(401),
        "{error}"
    );
    assert!(error.to_string().contains("refused to sign in"), "{error}");
    assert_eq!(calls(&sim, "Orders/Details"), 1);
    // Once Pressero lets the client in again, the order is read whole.
    let read = client.read_order(10013).await.unwrap();
    assert!(read.gaps.is_empty(), "{:?}", read.gaps);
}

#[tokio::test]
async fn details_that_lack_fields_never_fail_the_order() {
    let sim = simulator().await;
    // The item attributes, ship-to objects, order date and even the items are gone from the
    // detail: the rows carry all of them.
    sim.omit_from_details(
        10002,
        &[
            "Items",
            "OrderDate",
            "BillToAddress",
            "Attributes",
            "ShipToAddress",
        ],
    )
    .unwrap();
    sim.omit_from_details(
        10001,
        &["Attributes", "ShipToAddress", "OrderDate", "Files"],
    )
    .unwrap();
    let client = client_for(&sim);
    let read = client.read_order(10002).await.unwrap();
    assert!(
        read.gaps.iter().any(|g| g.starts_with("`Items` (absent)")),
        "{:?}",
        read.gaps
    );
    let order = read.order;
    assert_eq!(order.items.len(), 3);
    assert_eq!(order.bill_to.city, "Chicago");
    let order = client.order(10001).await.unwrap();
    let item = &order.items[0];
    assert_eq!(
        item.attribute("JobType"),
        Some("10"),
        "from ProductAttributeName1"
    );
    assert_eq!(item.attribute("materialID"), Some("PAP-14G"));
    assert_eq!(item.ship_to.city, "Chicago");
    assert_eq!(order.order_date.to_rfc3339(), "2026-11-16T14:05:00+00:00");
    assert_eq!(calls(&sim, "Item/Details"), 0);
}

#[tokio::test]
async fn approval_states_come_from_the_flags() {
    let sim = simulator().await;
    let client = client_for(&sim);
    let order = client.order(10004).await.unwrap();
    let states: Vec<Approval> = order.items.iter().map(|i| i.approval).collect();
    assert_eq!(
        states,
        vec![
            Approval::Approved,
            Approval::Denied,
            Approval::ApprovedWithModifications
        ]
    );
    let pending = client.order(10005).await.unwrap();
    assert!(pending.has_pending_items());
    sim.deny_item(10005, 2).unwrap();
    let decided = client.order(10005).await.unwrap();
    assert_eq!(decided.items[1].approval, Approval::Denied);
    let all_denied = client.order(10016).await.unwrap();
    assert_eq!(all_denied.approved_items().count(), 0);
}

#[tokio::test]
async fn empty_integration_ids_are_empty_whether_null_or_blank() {
    let sim = simulator().await;
    let client = client_for(&sim);
    assert_eq!(client.order(10002).await.unwrap().site.integration_id, "");
    let some_site = client.order(10012).await.unwrap();
    assert_eq!(some_site.site.integration_id, "");
    assert_eq!(some_site.items[0].product_integration_id, "");
    assert_eq!(some_site.items[0].attribute("materialID"), Some("PAP-16C"));
    assert_eq!(
        client.order(10014).await.unwrap().site.integration_id,
        "NOPE"
    );
}

#[tokio::test]
async fn quotes_and_non_ascii_text_arrive_intact() {
    let sim = simulator().await;
    let order = client_for(&sim).order(10011).await.unwrap();
    assert_eq!(order.ordered_by.first_name, "Zoë");
    assert_eq!(order.ordered_by.last_name, "O'Brien");
    assert_eq!(order.po_number, "PO-Ö-2026/11 \"Q4\"");
    assert!(
        order.items[1].ship_to.address2.contains("\"B\" and"),
        "{:?}",
        order.items[1].ship_to
    );
}

#[tokio::test]
async fn a_user_with_only_a_cell_phone_keeps_it() {
    let sim = simulator().await;
    let order = client_for(&sim).order(10009).await.unwrap();
    assert_eq!(order.ordered_by.phone, "");
    assert_eq!(order.ordered_by.cell_phone, "512-555-0131");
    assert_eq!(order.ordered_by.middle_name, "M.");
    assert_eq!(order.ordered_by.address.business, "Rivera Design Studio");
}

#[tokio::test]
async fn lower_level_reads() {
    let sim = simulator().await;
    let client = client_for(&sim);
    let order = client.order(10001).await.unwrap();

    let site = client.site(&order.site.site_id).await.unwrap();
    assert_eq!(
        (site.site_name.as_str(), site.integration_id.as_str()),
        ("Acme Store", "ACME")
    );

    let products = client.products(ACME_DOMAIN).await.unwrap();
    let cards = products
        .iter()
        .find(|p| p.integration_id == "BC-STD")
        .expect("business cards");
    // Product objects carry attribute ids and values only (reference §3.8): no names, so no
    // named attributes; items get theirs from the search rows.
    assert!(cards.attributes.is_empty(), "{:?}", cards.attributes);
    let product = client
        .product(ACME_DOMAIN, &cards.product_id)
        .await
        .unwrap();
    assert_eq!(product.integration_id, "BC-STD");
    assert!(!product.workflow_id.is_empty());

    let user = client.site_user(&order.ordered_by.user_id).await.unwrap();
    assert_eq!(user.email, "jane.doe@acme.example");
    let book = client
        .address_book(ACME_DOMAIN, &order.ordered_by.user_id)
        .await
        .unwrap();
    assert_eq!(book.preferred.unwrap().city, "Chicago");
    assert!(!book.addresses.is_empty());

    let item = client.order_item(10001, 1).await.unwrap();
    assert_eq!(item.item_id, order.items[0].item_id);
    assert_eq!(item.quantity, 500);

    let workflows = client.workflows().await.unwrap();
    let names: Vec<&str> = workflows.iter().map(|w| w.name.as_str()).collect();
    assert!(names.contains(&"Standard Workflow") && names.contains(&"Wide Format Workflow"));
    let wide = workflows
        .iter()
        .find(|w| w.name == "Wide Format Workflow")
        .unwrap();
    let stages = client.workflow_stages(&wide.workflow_id).await.unwrap();
    assert!(stages.iter().all(|s| s.printer_stage != "Bindery"));
    assert!(stages.windows(2).all(|pair| pair[0].seq <= pair[1].seq));
}

#[tokio::test]
async fn production_files_are_listed_and_downloaded_with_the_token() {
    let sim = simulator().await;
    let client = client_for(&sim);
    let files = client.order_files(10013).await.unwrap();
    assert_eq!(
        files.iter().map(|f| f.files.len()).collect::<Vec<_>>(),
        vec![2, 1]
    );
    let proof = files[0]
        .files
        .iter()
        .find(|f| f.file_name == "safety-poster-proof.pdf")
        .unwrap();
    assert_eq!(proof.size_bytes, Some(482_113));
    let bytes = client.download_file(proof).await.unwrap();
    assert_eq!(bytes.len(), 482_113);
    assert_eq!(calls(&sim, "Item/Files"), 1);
}

#[tokio::test]
async fn the_token_is_never_sent_to_another_host() {
    let sim = simulator().await;
    let other = simulator().await;
    let client = client_for(&sim);
    let files = client.order_files(10013).await.unwrap();
    let mut elsewhere = files[1].files[0].clone();
    let path = elsewhere.url.split_once("/api/").unwrap().1.to_owned();
    elsewhere.url = format!("{}/api/{path}", other.base_url());
    let error = client.download_file(&elsewhere).await.unwrap_err();
    assert_eq!(error.status(), Some(401), "sent without a token: {error}");
    assert_eq!(calls(&other, "Authentication"), 0);
    assert_eq!(calls(&other, "Item/Files"), 1);
}

#[tokio::test]
async fn ids_are_path_encoded_and_dot_segments_refused() {
    let sim = simulator().await;
    let client = client_for(&sim);
    let error = client.site("..").await.unwrap_err();
    assert!(
        matches!(error, PresseroError::InvalidRequest { .. }),
        "{error}"
    );
    let error = client
        .site("a/../../v2/orders/10001/Details")
        .await
        .unwrap_err();
    assert!(
        error.is_not_found(),
        "the slash stays inside the id: {error}"
    );
    assert_eq!(calls(&sim, "Orders/Details"), 0);
}

#[tokio::test]
async fn an_unknown_order_is_a_permanent_not_found() {
    let sim = simulator().await;
    let error = client_for(&sim).order(99_999).await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
    assert!(!error.is_transient());
    assert!(
        error.to_string().contains("POST /api/v2/Orders/Search"),
        "{error}"
    );
    assert!(error.to_string().contains("order 99999"), "{error}");
}

// --- writing back

#[tokio::test]
async fn the_pace_job_number_is_written_to_the_items_mis_id() {
    let sim = simulator().await;
    let client = client_for(&sim);
    client.set_item_mis_id(10001, 1, "J-24001").await.unwrap();
    let stored = sim.order(10001).unwrap();
    assert_eq!(stored.detail.items[0].mis_id.as_deref(), Some("J-24001"));
    assert_eq!(
        client.order(10001).await.unwrap().items[0].mis_id,
        "J-24001"
    );
    let summaries = client.search_orders(&november()).await.unwrap();
    assert_eq!(summaries[0].items[0].mis_id, "J-24001");
}

#[tokio::test]
async fn a_stage_is_set_by_name_through_the_items_workflow() {
    let sim = simulator().await;
    let client = client_for(&sim);
    client
        .set_item_stage(10001, 1, "prepress", Some("Files checked"))
        .await
        .unwrap();
    client
        .set_item_stage(10001, 1, "Press", None)
        .await
        .unwrap();
    let stored = sim.order(10001).unwrap();
    let history: Vec<(&str, &str)> = stored
        .stage_history
        .iter()
        .map(|c| (c.printer_stage.as_str(), c.notes.as_str()))
        .collect();
    assert_eq!(history, vec![("Prepress", "Files checked"), ("Press", "")]);
    assert_eq!(
        calls(&sim, "Workflows/Stages"),
        1,
        "stages are cached per workflow"
    );
    let item = client.order_item(10001, 1).await.unwrap();
    assert_eq!(item.workflow_stage, "Press");
}

#[tokio::test]
async fn the_stage_write_back_takes_the_workflow_from_the_rows() {
    let sim = simulator().await;
    let client = client_for(&sim);
    client
        .set_item_stage(10004, 2, "Laminating", None)
        .await
        .unwrap();
    assert_eq!(
        sim.order(10004).unwrap().stage_history[0].printer_stage,
        "Laminating"
    );
    assert_eq!(calls(&sim, "Item/Details"), 0, "no item details read");
    assert_eq!(calls(&sim, "Orders/Search"), 1, "WorkflowId from the rows");
}

#[tokio::test]
async fn an_unknown_stage_names_the_workflow_and_its_stages() {
    let sim = simulator().await;
    let client = client_for(&sim);
    // 10004 item 2 is a poster on the Wide Format workflow, which has no Bindery.
    let error = client
        .set_item_stage(10004, 2, "Bindery", None)
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        matches!(error, PresseroError::UnknownStage { .. }),
        "{text}"
    );
    assert!(text.contains("Wide Format Workflow"), "{text}");
    assert!(text.contains("\"Bindery\""), "{text}");
    assert!(text.contains("Laminating"), "{text}");
    assert!(text.contains("order 10004 item 2"), "{text}");
    assert!(!error.is_transient());
    assert_eq!(calls(&sim, "Item/Status"), 0, "nothing was written");
}

#[tokio::test]
async fn a_shipment_is_posted_with_its_tracking() {
    let sim = simulator().await;
    let client = client_for(&sim);
    let order = client.order(10001).await.unwrap();
    let shipment = NewShipment {
        order_id: order.order_id.clone(),
        shipping_method: "UPS Ground".into(),
        ship_date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        tracking: "1Z999AA10123456784".into(),
        cost: Decimal::new(1250, 2),
        address: order.items[0].ship_to.clone(),
        item_ids: vec![order.items[0].item_id.clone()],
    };
    client.post_shipment(&shipment).await.unwrap();
    let stored = sim.order(10001).unwrap();
    assert_eq!(stored.shipments.len(), 1);
    assert_eq!(stored.shipments[0].tracking, "1Z999AA10123456784");
    assert_eq!(stored.shipments[0].site_shipping_method_name, "UPS Ground");
    assert!((stored.shipments[0].cost - 12.5).abs() < 1e-9);
}

// --- faults

#[tokio::test]
async fn a_401_during_a_poll_is_renewed_once_and_the_page_retried() {
    let sim = simulator().await;
    let mut settings = unsplit_settings_for(&sim);
    settings.page_size = 5;
    let client = client_with(&sim, settings);
    let before = client.search_orders(&november()).await.unwrap();
    let pages = calls(&sim, "Orders/Search");
    // The token Pressero accepted a moment ago is refused on the next page call.
    fault(&sim, FaultKind::Unauthorized, "Orders/Search", 1);
    let after = client.search_orders(&november()).await.unwrap();
    assert_eq!(after, before);
    assert_eq!(calls(&sim, "Authentication"), 2);
    assert_eq!(
        calls(&sim, "Orders/Search"),
        2 * pages + 1,
        "only the refused page is retried"
    );
}

#[tokio::test]
async fn a_401_after_renewal_is_permanent() {
    let sim = simulator().await;
    let client = client_for(&sim);
    fault(&sim, FaultKind::Unauthorized, "Orders/Search", 2);
    let error = client.order(10001).await.unwrap_err();
    assert!(
        matches!(error, PresseroError::Unauthorized { .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("Authorization has been denied"),
        "{error}"
    );
    assert!(!error.is_transient());
}

#[tokio::test]
async fn a_server_error_is_transient_and_names_the_call() {
    let sim = simulator().await;
    fault(&sim, FaultKind::ServerError, "Orders/Search", 1);
    let error = client_for(&sim)
        .search_orders(&november())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500), "{error}");
    assert!(error.is_transient());
    assert!(
        error.to_string().starts_with("POST /api/v2/Orders/Search"),
        "{error}"
    );
}

#[tokio::test]
async fn a_protocol_error_is_permanent_and_carries_the_message() {
    let sim = simulator().await;
    fault(&sim, FaultKind::ProtocolError, "Item/MisId", 1);
    let error = client_for(&sim)
        .set_item_mis_id(10001, 1, "J-1")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400), "{error}");
    assert!(!error.is_transient());
    assert!(
        error.to_string().contains("The request is invalid"),
        "{error}"
    );
    assert!(error.to_string().contains("order 10001 item 1"), "{error}");
}

#[tokio::test]
async fn a_malformed_body_is_permanent_and_says_where() {
    let sim = simulator().await;
    fault(&sim, FaultKind::MalformedBody, "SiteInfo", 1);
    let error = client_for(&sim).order(10001).await.unwrap_err();
    assert!(matches!(error, PresseroError::Malformed { .. }), "{error}");
    assert!(!error.is_transient());
    let text = error.to_string();
    assert!(text.contains("GET /api/SiteInfo/"), "{text}");
    assert!(text.contains("order 10001"), "{text}");
    assert!(text.contains("not valid JSON"), "{text}");
}

#[tokio::test]
async fn a_dropped_connection_is_transient() {
    let sim = simulator().await;
    fault(&sim, FaultKind::DropConnection, "Orders/Search", 1);
    let error = client_for(&sim).order(10001).await.unwrap_err();
    assert!(matches!(error, PresseroError::Network { .. }), "{error}");
    assert!(error.is_transient());
}

#[tokio::test]
async fn a_write_committed_before_the_connection_dropped_is_transient_and_safe_to_repeat() {
    let sim = simulator().await;
    let client = client_for(&sim);
    fault(&sim, FaultKind::CommitThenDrop, "Item/MisId", 1);
    let error = client.set_item_mis_id(10001, 1, "J-7").await.unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert_eq!(
        sim.order(10001).unwrap().detail.items[0].mis_id.as_deref(),
        Some("J-7")
    );
    client.set_item_mis_id(10001, 1, "J-7").await.unwrap();
    assert_eq!(
        sim.order(10001).unwrap().detail.items[0].mis_id.as_deref(),
        Some("J-7")
    );
}

#[tokio::test]
async fn a_slow_answer_times_out_as_a_transient_error() {
    let sim = simulator().await;
    let mut settings = settings_for(&sim);
    settings.request_timeout = Duration::from_millis(300);
    let client = client_with(&sim, settings);
    let mut slow = FaultRule::times(FaultKind::Slow, Some("Workflows"), 1);
    slow.latency_ms = Some(3_000);
    sim.instruments().faults.add(slow);
    let error = client.workflows().await.unwrap_err();
    assert!(matches!(error, PresseroError::Timeout { .. }), "{error}");
    assert!(error.is_transient());
}

#[tokio::test]
async fn an_unreachable_pressero_is_transient() {
    let sim = simulator().await;
    let settings = settings_for(&sim);
    let client = client_with(&sim, settings);
    sim.stop().await;
    let error = client.workflows().await.unwrap_err();
    assert!(matches!(error, PresseroError::Network { .. }), "{error}");
    assert!(error.is_transient());
}
