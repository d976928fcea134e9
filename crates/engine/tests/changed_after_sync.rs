//! Changed after sync, end to end: an order is polled from the Pressero simulator, synced to the
//! Pace simulator by the real worker (write-back included), then changed in Pressero through the
//! simulator's control routes; the next poll must put it in "Changed after sync" with the
//! difference in words, write nothing to Pace, and leave an order changed only by our own
//! write-back alone. Staff acknowledge it back to Synced.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use engine::poller::PollReport;
use engine::store::{OrderRow, OrderState, STATE_CHANGED};
use engine::worker::OrderOutcome;
use serde_json::json;
use support::worker_world::World;

/// The copy of fixture 10004 the tests change: item 1 approved, item 2 denied, item 3 approved
/// with modifications (items 1 and 3 go to Pace).
const ORDER: u64 = 20404;

/// Just after the last fixture order.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 0, 0, 0).unwrap()
}

/// A world whose first poll reaches back a week; WaitForApprove off.
async fn world() -> World {
    let mut world = World::start(t0()).await;
    world.settings.polling.first_poll_lookback_hours = 7 * 24;
    world.settings.jobs.wait_for_approve = false;
    world
}

/// Adds the copy of 10004 placed `placed`, polls, syncs it with the real worker and polls
/// again (seeing our own write-back), returning that second poll's report. The order is then
/// Synced.
async fn synced(world: &World, placed: DateTime<Utc>) -> PollReport {
    world.add_copy_of(10004, ORDER, placed);
    world.poller().poll_once(t0()).await.unwrap();
    let outcome = world.worker(1).sync_order(ORDER).await.unwrap();
    assert!(
        matches!(outcome, OrderOutcome::Synced { .. }),
        "{outcome:?}"
    );
    assert!(
        !world.pressero.order(ORDER).unwrap().detail.items[0]
            .mis_id
            .clone()
            .unwrap_or_default()
            .is_empty(),
        "the job number was written back"
    );
    let report = world
        .poller()
        .poll_once(t0() + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(row(world).state, OrderState::Synced, "{report:?}");
    report
}

/// Placed two days before the polls: outside every window after the first, inside the watch.
fn two_days_before() -> DateTime<Utc> {
    t0() - Duration::days(2)
}

fn row(world: &World) -> OrderRow {
    world.store.order(ORDER).unwrap().unwrap().row
}

/// Polls after a change and returns the order's row, checking that the order is now Changed
/// after sync and that nothing was written to Pace.
async fn poll_after_change(world: &World) -> OrderRow {
    let jobs = world.pace.count("Job");
    let parts = world.pace.count("JobPart");
    let report = world
        .poller()
        .poll_once(t0() + Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(report.changed_after_sync, vec![ORDER], "{report:?}");
    let outcome = world.worker(1).sync_order(ORDER).await.unwrap();
    assert!(
        matches!(outcome, OrderOutcome::NotTaken { .. }),
        "nothing is sent again: {outcome:?}"
    );
    assert_eq!(
        (world.pace.count("Job"), world.pace.count("JobPart")),
        (jobs, parts),
        "nothing in Pace changes on its own"
    );
    let row = row(world);
    assert_eq!(row.state, OrderState::ChangedAfterSync);
    assert!(!row.pace_jobs.is_empty(), "the Pace job is kept");
    row
}

fn change_of(row: &OrderRow) -> String {
    row.change_after_sync
        .clone()
        .expect("the difference in words")
}

#[tokio::test]
async fn our_own_write_back_is_not_a_change() {
    let world = world().await;
    let report = synced(&world, two_days_before()).await;
    assert!(report.changed_after_sync.is_empty(), "{report:?}");
    // A poll with nothing changed costs the window's search and one wide search of the
    // watched synced orders: no search per order, no full read.
    let searches = world.pressero.instruments().calls.count("Orders/Search");
    let details = world.pressero.instruments().calls.count("Orders/Details");
    let report = world
        .poller()
        .poll_once(t0() + Duration::minutes(2))
        .await
        .unwrap();
    assert!(report.unchanged.contains(&ORDER), "{report:?}");
    assert_eq!(
        world.pressero.instruments().calls.count("Orders/Search"),
        searches + 2
    );
    assert_eq!(
        world.pressero.instruments().calls.count("Orders/Details"),
        details
    );
    assert_eq!(row(&world).state, OrderState::Synced);
}

#[tokio::test]
async fn an_item_denied_after_sync_is_a_change() {
    let world = world().await;
    synced(&world, two_days_before()).await;
    world.pressero.deny_item(ORDER, 3).unwrap();
    let row = poll_after_change(&world).await;
    assert_eq!(change_of(&row), "item 3 denied");
}

#[tokio::test]
async fn an_item_approved_after_sync_is_an_added_item() {
    let world = world().await;
    synced(&world, two_days_before()).await;
    world.pressero.approve_item(ORDER, 2).unwrap();
    let row = poll_after_change(&world).await;
    let change = change_of(&row);
    assert_eq!(change, "item 2 added (approved after the sync)");
    assert_eq!(row.last_error, None, "not an error: a change to look at");
}

#[tokio::test]
async fn a_quantity_changed_after_sync_is_a_change() {
    let world = world().await;
    synced(&world, two_days_before()).await;
    let before = world.pressero.order(ORDER).unwrap().detail.items[0].quantity;
    world
        .pressero
        .edit_item(ORDER, 1, json!({"Quantity": 1000}))
        .unwrap();
    let row = poll_after_change(&world).await;
    assert_eq!(change_of(&row), format!("item 1 quantity {before} → 1000"));
}

#[tokio::test]
async fn a_ship_to_changed_after_sync_is_a_change() {
    let world = world().await;
    synced(&world, two_days_before()).await;
    let mut address = world.pressero.order(ORDER).unwrap().detail.items[2]
        .ship_to_address
        .clone();
    address.address1 = "77 Harbor Road".into();
    address.address2 = String::new();
    address.city = "Milwaukee".into();
    world
        .pressero
        .edit_item(
            ORDER,
            3,
            json!({ "ShipToAddress": serde_json::to_value(&address).unwrap() }),
        )
        .unwrap();
    let row = poll_after_change(&world).await;
    let change = change_of(&row);
    assert!(
        change.starts_with("item 3 ship-to ")
            && change.contains("→")
            && change.contains("77 Harbor Road, Milwaukee"),
        "{change}"
    );
}

#[tokio::test]
async fn a_price_changed_after_sync_is_a_change() {
    let world = world().await;
    synced(&world, two_days_before()).await;
    world
        .pressero
        .edit_item(ORDER, 1, json!({"Price": 512.25}))
        .unwrap();
    let row = poll_after_change(&world).await;
    let change = change_of(&row);
    assert!(
        change.starts_with("item 1 price ") && change.ends_with("→ 512.25"),
        "{change}"
    );
}

#[tokio::test]
async fn an_order_cancelled_after_sync_is_a_change() {
    let world = world().await;
    synced(&world, two_days_before()).await;
    world.pressero.cancel_order(ORDER).unwrap();
    let row = poll_after_change(&world).await;
    assert_eq!(change_of(&row), "order cancelled in Pressero");
}

#[tokio::test]
async fn a_change_to_an_order_still_in_the_window_is_seen_from_its_rows() {
    let world = world().await;
    synced(&world, t0() - Duration::minutes(1)).await;
    world.pressero.deny_item(ORDER, 1).unwrap();
    let row = poll_after_change(&world).await;
    assert_eq!(change_of(&row), "item 1 denied");
}

#[tokio::test]
async fn an_acknowledged_change_is_synced_again_with_its_trace_and_the_new_snapshot() {
    let world = world().await;
    synced(&world, two_days_before()).await;
    let jobs = row(&world).pace_jobs;
    world
        .pressero
        .edit_item(ORDER, 1, json!({"Quantity": 1000}))
        .unwrap();
    poll_after_change(&world).await;

    let event = world.events.acknowledge_change(ORDER).unwrap();
    assert!(event.is_some(), "acknowledged");
    let row = row(&world);
    assert_eq!(row.state, OrderState::Synced);
    assert_eq!(row.pace_jobs, jobs);
    assert_eq!(row.change_after_sync, None);
    let trace = world.store.events_for(ORDER).unwrap();
    let states: Vec<&str> = trace
        .iter()
        .filter(|event| event.kind == STATE_CHANGED)
        .filter_map(|event| event.detail["to"].as_str())
        .collect();
    assert!(
        states.ends_with(&["synced", "changed_after_sync", "synced"]),
        "{states:?}"
    );
    assert!(
        trace.last().unwrap().message.contains("acknowledged"),
        "{:?}",
        trace.last()
    );
    // The edited order is now the synced one: the next poll finds nothing new.
    let report = world
        .poller()
        .poll_once(t0() + Duration::minutes(3))
        .await
        .unwrap();
    assert!(report.changed_after_sync.is_empty(), "{report:?}");
    assert_eq!(
        world.store.order(ORDER).unwrap().unwrap().row.state,
        OrderState::Synced
    );
    // Only a changed order can be acknowledged.
    assert!(world.events.acknowledge_change(ORDER).unwrap().is_none());
}
