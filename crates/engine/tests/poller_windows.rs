//! The poller against the Pressero simulator over real HTTP, with a SQLite store in a temp
//! folder and a manual clock: restarts, overlapping windows, approvals and a failure mid-paging.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use engine::poller::PollError;
use engine::settings::Settings;
use engine::store::{OrderState, STATE_CHANGED, Store, Transition};
use pressero_simulator::{FaultKind, FaultRule};
use support::pressero_client;
use support::worker_world::World;

/// The fixture orders (placed 2026-11-16 … 2026-11-20).
const FIXTURE_ORDERS: std::ops::RangeInclusive<u64> = 10001..=10016;

/// Just after the last fixture order.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 0, 0, 0).unwrap()
}

/// Golden settings whose first poll reaches back a week (to every fixture order).
fn settings(wait_for_approve: bool) -> Settings {
    let mut settings = support::golden_settings();
    settings.polling.first_poll_lookback_hours = 7 * 24;
    settings.jobs.wait_for_approve = wait_for_approve;
    settings
}

async fn world(wait_for_approve: bool) -> World {
    let mut world = World::start(t0()).await;
    world.settings = settings(wait_for_approve);
    world
}

fn state(store: &Store, order: u64) -> OrderState {
    store.order(order).unwrap().unwrap().row.state
}

fn state_changes(store: &Store, order: u64) -> usize {
    store
        .events_for(order)
        .unwrap()
        .iter()
        .filter(|event| event.kind == STATE_CHANGED)
        .count()
}

fn full_reads(world: &World) -> usize {
    world.pressero.instruments().calls.count("Orders/Details")
}

/// Marks `order` synced, as the worker would.
fn mark_synced(store: &Store, order: u64, now: DateTime<Utc>) {
    assert!(store.claim(order, now).unwrap());
    store
        .set_state(
            order,
            Transition::Synced {
                pace_jobs: vec!["J1".into()],
            },
        )
        .unwrap();
}

#[tokio::test]
async fn a_restart_misses_nothing_and_processes_nothing_twice() {
    let world = world(false).await;
    // Placed two minutes before the first poll: inside the next window's overlap.
    world.add_copy_of(10001, 20000, t0() - Duration::minutes(2));
    let report = world.poller().poll_once(t0()).await.unwrap();
    let mut all: Vec<u64> = FIXTURE_ORDERS.collect();
    all.push(20000);
    assert_eq!(report.new, all);
    assert_eq!(full_reads(&world), all.len());
    assert_eq!(report.high_water_mark, report.window_end);
    assert_eq!(state(&world.store, 10016), OrderState::Skipped);
    assert_eq!(state(&world.store, 10001), OrderState::Ready);
    mark_synced(&world.store, 20000, t0());

    // The service is off for two hours while orders come in, then starts over the same file.
    world.add_copy_of(10002, 20001, t0() + Duration::seconds(30));
    world.add_copy_of(10002, 20002, t0() + Duration::minutes(119));
    world.clock.set(t0() + Duration::hours(2));
    let (store, events) = world.reopened();
    let changes_before: Vec<usize> = all.iter().map(|n| state_changes(&store, *n)).collect();
    let poller = world.poller_over(&events, &world.settings);
    let report = poller.poll_once(world.clock_now()).await.unwrap();

    assert_eq!(report.window_start, Some(t0() - Duration::minutes(10)));
    assert_eq!(report.new, vec![20001, 20002]);
    assert_eq!(
        report.unchanged,
        vec![20000],
        "seen again in the overlap, left alone"
    );
    assert!(report.changed.is_empty());
    assert_eq!(report.ready, vec![20001, 20002]);
    assert_eq!(
        full_reads(&world),
        all.len() + 2,
        "only the new orders are read in full"
    );
    let changes_after: Vec<usize> = all.iter().map(|n| state_changes(&store, *n)).collect();
    assert_eq!(
        changes_before, changes_after,
        "no earlier order changed state"
    );
    assert_eq!(state(&store, 20000), OrderState::Synced);
    assert_eq!(
        store.high_water_mark().unwrap(),
        Some(t0() + Duration::hours(2))
    );
}

#[tokio::test]
async fn an_order_placed_just_before_the_last_window_ended_is_found_once() {
    let world = world(false).await;
    let poller = world.poller();
    let first = poller.poll_once(t0()).await.unwrap();
    assert_eq!(first.window_end, Some(t0()));
    // Placed 5 s before the first window ended, but only visible in the search after that poll
    // (a slow page, Pressero's clock a little behind).
    world.add_copy_of(10001, 20002, t0() - Duration::seconds(5));
    let reads = full_reads(&world);

    let second = poller.poll_once(t0() + Duration::minutes(1)).await.unwrap();
    assert_eq!(second.window_start, Some(t0() - Duration::minutes(10)));
    assert_eq!(second.new, vec![20002]);
    assert_eq!(second.ready, vec![20002]);
    let third = poller.poll_once(t0() + Duration::minutes(2)).await.unwrap();
    assert!(third.new.is_empty() && third.ready.is_empty());
    assert!(
        third.unchanged.contains(&20002),
        "still in the overlap, left alone"
    );
    assert_eq!(full_reads(&world), reads + 1, "read in full once");
    assert_eq!(state_changes(&world.store, 20002), 1, "made ready once");
}

#[tokio::test]
async fn a_late_approval_makes_a_waiting_order_ready() {
    let world = world(true).await;
    let poller = world.poller();
    let first = poller.poll_once(t0()).await.unwrap();
    assert!(first.waiting.contains(&10005), "{first:?}");
    assert_eq!(state(&world.store, 10005), OrderState::WaitingForApproval);
    // Nothing changes while the item still waits.
    let again = poller.poll_once(t0() + Duration::minutes(1)).await.unwrap();
    assert!(again.unchanged.contains(&10005) && !again.ready.contains(&10005));

    world.pressero.approve_item(10005, 2).unwrap();
    let report = poller.poll_once(t0() + Duration::minutes(2)).await.unwrap();
    assert_eq!(report.changed, vec![10005]);
    assert_eq!(report.ready, vec![10005]);
    assert_eq!(state(&world.store, 10005), OrderState::Ready);
}

#[tokio::test]
async fn a_denial_of_the_last_pending_item_also_makes_the_order_ready() {
    let world = world(true).await;
    let poller = world.poller();
    poller.poll_once(t0()).await.unwrap();
    world.pressero.deny_item(10005, 2).unwrap();
    let report = poller.poll_once(t0() + Duration::minutes(1)).await.unwrap();
    assert_eq!(report.ready, vec![10005]);
}

#[tokio::test]
async fn an_order_stored_but_not_decided_before_a_kill_is_decided_by_the_next_poll() {
    let world = world(false).await;
    // The poll stored the snapshot of a ready order (as waiting for approval, as every new
    // order) and the process was killed before the decision was stored.
    let order = world.pressero_client.read_order(10001).await.unwrap().order;
    world.store.upsert_snapshot(&order, t0()).unwrap();
    assert_eq!(state(&world.store, 10001), OrderState::WaitingForApproval);

    let (store, events) = world.reopened();
    let poller = world.poller_over(&events, &world.settings);
    let report = poller.poll_once(t0()).await.unwrap();
    assert!(report.unchanged.contains(&10001), "{report:?}");
    assert!(report.ready.contains(&10001), "{report:?}");
    assert_eq!(state(&store, 10001), OrderState::Ready);
    let again = poller.poll_once(t0() + Duration::minutes(1)).await.unwrap();
    assert!(!again.ready.contains(&10001), "decided once: {again:?}");
    assert_eq!(state_changes(&store, 10001), 1);
}

#[tokio::test]
async fn an_order_still_waiting_for_approval_is_not_decided_again_when_unchanged() {
    let world = world(true).await;
    let poller = world.poller();
    poller.poll_once(t0()).await.unwrap();
    assert_eq!(state(&world.store, 10005), OrderState::WaitingForApproval);
    let changes = state_changes(&world.store, 10005);
    let again = poller.poll_once(t0() + Duration::minutes(1)).await.unwrap();
    assert!(again.unchanged.contains(&10005), "{again:?}");
    assert!(!again.waiting.contains(&10005) && !again.ready.contains(&10005));
    assert_eq!(state_changes(&world.store, 10005), changes);
}

#[tokio::test]
async fn a_worker_claim_while_the_poller_reads_the_order_is_not_overwritten() {
    let world = world(false).await;
    // A copy of 10001 (one item) placed just before the first poll: the next window reads it.
    let order = world.add_copy_of(10001, 20101, t0() - Duration::minutes(2));
    let poller = world.poller();
    poller.poll_once(t0()).await.unwrap();
    assert_eq!(state(&world.store, order), OrderState::Ready);
    // Its only item is denied: the next poll reads it again and would skip it. The product
    // look-up after the order's detail is slow, so a worker claims the order in between.
    world.pressero.deny_item(order, 1).unwrap();
    world.pressero.instruments().faults.add(FaultRule {
        kind: FaultKind::Slow,
        operation: Some("Products/Details".into()),
        count: Some(1),
        rate: None,
        latency_ms: Some(1500),
    });
    let reads = full_reads(&world);
    let claim = async {
        let detail_read = world
            .pressero
            .instruments()
            .calls
            .wait_for("Orders/Details", reads + 1);
        tokio::time::timeout(std::time::Duration::from_secs(30), detail_read)
            .await
            .expect("the poller reads the changed order");
        assert!(world.store.claim(order, t0()).unwrap());
    };
    let (report, ()) = tokio::join!(poller.poll_once(t0() + Duration::minutes(1)), claim);
    let report = report.unwrap();
    assert_eq!(report.changed, vec![order]);
    assert!(!report.skipped.contains(&order), "{report:?}");
    assert_eq!(
        state(&world.store, order),
        OrderState::Syncing,
        "the worker's claim stands"
    );
}

#[tokio::test]
async fn an_order_whose_details_fail_is_stored_from_its_rows_and_its_trace_says_so() {
    let world = world(false).await;
    world.pressero.instruments().faults.add(FaultRule::always(
        FaultKind::ServerError,
        Some("Orders/Details"),
    ));
    let report = world.poller().poll_once(t0()).await.unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    assert_eq!(report.new, FIXTURE_ORDERS.collect::<Vec<_>>());
    let record = world.store.order(10013).unwrap().unwrap();
    assert_eq!(record.row.state, OrderState::Ready);
    assert_eq!(record.snapshot.items.len(), 2, "items from the rows");
    let events = world.store.events_for(10013).unwrap();
    let gaps = events
        .iter()
        .find(|event| event.kind == engine::poller::ORDER_DETAILS_INCOMPLETE)
        .unwrap_or_else(|| panic!("no details event in {events:?}"));
    assert!(
        gaps.message.contains("could not be read") && gaps.message.contains("no production files"),
        "{}",
        gaps.message
    );
}

#[tokio::test]
async fn an_order_whose_details_are_complete_has_no_such_note() {
    let world = world(false).await;
    world.poller().poll_once(t0()).await.unwrap();
    for number in FIXTURE_ORDERS {
        let events = world.store.events_for(number).unwrap();
        assert!(
            !events
                .iter()
                .any(|event| event.kind == engine::poller::ORDER_DETAILS_INCOMPLETE),
            "{number}: {events:?}"
        );
    }
}

#[tokio::test]
async fn an_order_with_every_item_denied_is_skipped_with_a_note() {
    let world = world(true).await;
    let report = world.poller().poll_once(t0()).await.unwrap();
    assert!(report.skipped.contains(&10016), "{report:?}");
    let record = world.store.order(10016).unwrap().unwrap();
    assert_eq!(record.row.state, OrderState::Skipped);
    let reason = record.row.skip_reason.unwrap();
    assert!(reason.contains("every item was denied (2)"), "{reason}");
}

#[tokio::test]
async fn a_synced_order_that_gains_an_approved_item_is_changed_after_sync() {
    let world = world(false).await;
    let poller = world.poller();
    // A copy of 10004 (item 2 denied) placed just before the poll, so it is still in the next
    // window.
    world.add_copy_of(10004, 20004, t0() - Duration::minutes(1));
    poller.poll_once(t0()).await.unwrap();
    mark_synced(&world.store, 20004, t0());
    // An approver changes their mind after the sync.
    world.pressero.approve_item(20004, 2).unwrap();
    let report = poller.poll_once(t0() + Duration::minutes(1)).await.unwrap();
    assert_eq!(report.changed_after_sync, vec![20004]);
    let row = world.store.order(20004).unwrap().unwrap().row;
    assert_eq!(row.state, OrderState::ChangedAfterSync);
    assert_eq!(row.pace_jobs, ["J1"]);
    assert_eq!(
        row.change_after_sync.as_deref(),
        Some("item 2 added (approved after the sync)")
    );
}

#[tokio::test]
async fn a_server_error_mid_paging_leaves_the_high_water_mark() {
    let mut world = world(false).await;
    // One row per page, so the fixture orders take dozens of pages.
    world.pressero_client = pressero_client(&world.pressero, 1);
    let poller = world.poller();
    poller.poll_once(t0()).await.unwrap();
    assert_eq!(world.store.high_water_mark().unwrap(), Some(t0()));
    // Three orders of three items: nine rows, nine pages.
    for number in 20003..=20005 {
        world.add_copy_of(10002, number, t0() + Duration::seconds(10));
    }

    let calls = &world.pressero.instruments().calls;
    let pages_before = calls.count("Orders/Search");
    let polling = tokio::spawn({
        let poller = poller.clone();
        async move { poller.poll_once(t0() + Duration::minutes(1)).await }
    });
    // Once the first page of this poll has been served, the next page fails.
    calls.wait_for("Orders/Search", pages_before + 1).await;
    world.pressero.instruments().faults.add(FaultRule::times(
        FaultKind::ServerError,
        Some("Orders/Search"),
        1,
    ));
    let error = polling.await.unwrap().unwrap_err();
    assert!(matches!(error, PollError::Search { .. }), "{error}");
    assert!(error.is_transient());
    let searches: Vec<_> = calls
        .calls()
        .into_iter()
        .filter(|call| call.operation == "Orders/Search")
        .skip(pages_before)
        .collect();
    assert!(searches[0].fault.is_none(), "the first page was served");
    assert_eq!(
        searches.last().unwrap().fault,
        Some(FaultKind::ServerError),
        "paging stopped at the failed page"
    );
    assert_eq!(world.store.high_water_mark().unwrap(), Some(t0()));
    assert!(world.store.order(20003).unwrap().is_none());

    let report = poller.poll_once(t0() + Duration::minutes(2)).await.unwrap();
    assert_eq!(report.new, vec![20003, 20004, 20005]);
    assert_eq!(
        world.store.high_water_mark().unwrap(),
        Some(t0() + Duration::minutes(2))
    );
}

#[tokio::test]
async fn a_backfill_reads_old_orders_without_moving_the_mark_back() {
    let world = world(false).await;
    let poller = world.poller();
    poller.poll_once(t0()).await.unwrap();
    // Placed two weeks ago: before the first poll's look-back.
    world.add_copy_of(10001, 20010, t0() - Duration::days(14));
    world.clock.set(t0() + Duration::minutes(1));
    let reads = full_reads(&world);

    let report = poller.backfill(t0() - Duration::days(15)).await.unwrap();
    assert_eq!(report.new, vec![20010]);
    assert_eq!(report.ready, vec![20010]);
    let fixtures: Vec<u64> = FIXTURE_ORDERS.collect();
    assert_eq!(report.unchanged, fixtures, "known orders are left alone");
    assert_eq!(full_reads(&world), reads + 1);
    // The backfill reached back past the mark, so its end is the new mark.
    assert_eq!(
        world.store.high_water_mark().unwrap(),
        Some(t0() + Duration::minutes(1))
    );

    // A backfill that starts after the next poll's window would leave a gap: the mark stays.
    world.clock.set(t0() + Duration::hours(3));
    poller.backfill(t0() + Duration::hours(2)).await.unwrap();
    assert_eq!(
        world.store.high_water_mark().unwrap(),
        Some(t0() + Duration::minutes(1))
    );
}

/// A poll of many orders of few storefronts and buyers reads each storefront's site info and
/// each buyer once (not once per order), and tells the worker of each ready order as soon as
/// it is stored. The next poll reads them afresh: a storefront's Integration ID fixed in
/// Pressero counts from the next poll on.
#[tokio::test]
async fn a_poll_reads_each_storefront_and_buyer_once_and_wakes_the_worker_per_ready_order() {
    let world = world(false).await;
    for n in 0..12 {
        world.add_copy_of(10001 + n % 2, 21000 + n, t0() - Duration::minutes(30));
    }
    let calls = &world.pressero.instruments().calls;
    let woken = std::sync::Arc::new(tokio::sync::Notify::new());
    let poller = world.poller().notifying_ready(woken.clone());
    let report = poller.poll_once(t0()).await.unwrap();
    assert_eq!(report.new.len(), 16 + 12, "{report:?}");
    let sites: std::collections::BTreeSet<String> = world
        .store
        .list_orders(&engine::store::OrderFilter::default())
        .unwrap()
        .into_iter()
        .map(|row| row.site_name)
        .collect();
    assert_eq!(
        calls.count("SiteInfo"),
        sites.len(),
        "one read per storefront"
    );
    let users = calls.count("Users/Info");
    assert!(
        users > 0 && users <= 9,
        "at most one read per site user: {users}"
    );
    // The worker was told (a permit is left for it to take at once).
    assert!(
        tokio::time::timeout(std::time::Duration::from_secs(1), woken.notified())
            .await
            .is_ok()
    );

    world.add_copy_of(10001, 21100, t0() + Duration::minutes(1));
    let sites_before = calls.count("SiteInfo");
    poller.poll_once(t0() + Duration::minutes(2)).await.unwrap();
    assert_eq!(
        calls.count("SiteInfo"),
        sites_before + 1,
        "read again in the next poll"
    );
}
