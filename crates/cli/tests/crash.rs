//! Crash tests: the real binary is killed (SIGKILL) at each write of an order (every Pace write,
//! then the write-backs of the job number and stage to Pressero), or the server commits that
//! write and drops the connection; after a restart every order ends synced exactly once: the
//! same objects as an undisturbed run, one job per order, the job number and stage in Pressero.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use pace_simulator::{FaultKind, FaultRule};
use std::collections::BTreeMap;
use std::time::Duration;
use support::{World, pace_writes, text};

/// A representative set: a single-item order with a template job (10001), and a three-part,
/// two-shipment order with a new contact (10006).
const ORDERS: [u64; 2] = [10001, 10006];

/// Longest wait for the killed run to reach the write (a broken run fails instead of hanging).
const REACH_WRITE: Duration = Duration::from_secs(60);

/// The Pace request timeout of these runs (seconds): a write never answered is looked up in
/// Pace only once twice this has passed since it was sent (Pace may still commit it).
const PACE_TIMEOUT_SECONDS: u64 = 1;

/// How long after an interrupted write the next run is started: until no earlier request for
/// it can still commit.
const SETTLED: Duration = Duration::from_millis(2 * 1000 * PACE_TIMEOUT_SECONDS + 200);

/// Which simulator a write goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Pace,
    Pressero,
}

/// The Pressero write-backs (the simulator's operation names).
const PRESSERO_WRITES: [&str; 2] = ["Item/MisId", "Item/Status"];

/// A world with one order, whose items move to "Prepress" after the sync.
async fn world_with(order: u64) -> World {
    let mut world = World::with_orders(&[order]).await;
    world.settings.after_sync.workflow_stage = "Prepress".to_owned();
    world.settings.pace.request_timeout_seconds = PACE_TIMEOUT_SECONDS;
    world.write_settings();
    world
}

/// The objects and the sequence of writes (Pace's, then the write-backs to Pressero) of an
/// undisturbed run of `order`.
async fn undisturbed(order: u64) -> (BTreeMap<&'static str, usize>, Vec<(Side, String)>) {
    let world = world_with(order).await;
    let output = world.run(&["run", "--once"]).await;
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(world.jobs_of(order).len(), 1);
    let mut writes: Vec<(Side, String)> = pace_writes(&world.pace)
        .into_iter()
        .map(|op| (Side::Pace, op))
        .collect();
    writes.extend(
        world
            .pressero
            .instruments()
            .calls
            .calls()
            .into_iter()
            .filter(|call| PRESSERO_WRITES.contains(&call.operation.as_str()))
            .map(|call| (Side::Pressero, call.operation)),
    );
    (world.pace_counts(), writes)
}

/// Each write as (side, operation, how many calls of it up to and including this one).
fn numbered(writes: &[(Side, String)]) -> Vec<(Side, String, usize)> {
    let mut seen = BTreeMap::new();
    writes
        .iter()
        .map(|(side, op)| {
            let n = seen.entry(op.clone()).or_insert(0);
            *n += 1;
            (*side, op.clone(), *n)
        })
        .collect()
}

fn instruments(world: &World, side: Side) -> &pressero_simulator::Instruments {
    match side {
        Side::Pace => world.pace.instruments(),
        Side::Pressero => world.pressero.instruments(),
    }
}

/// The order is Synced, with one job, the same objects as an undisturbed run, and each sent
/// item's job number and stage in Pressero.
async fn assert_synced_once(
    world: &World,
    order: u64,
    expected: &BTreeMap<&'static str, usize>,
    at: &str,
) {
    let states = world.states().await;
    assert_eq!(
        states.get(&order).map(String::as_str),
        Some("synced"),
        "{at}"
    );
    let jobs = world.jobs_of(order);
    assert_eq!(jobs.len(), 1, "{at}: one job");
    assert_eq!(
        &world.pace_counts(),
        expected,
        "{at}: the same objects as an undisturbed run"
    );
    let stored = world.pressero.order(order).unwrap();
    for item in stored
        .detail
        .items
        .iter()
        .filter(|item| item.mis_id.is_some())
    {
        assert_eq!(item.mis_id.as_ref(), Some(&jobs[0]), "{at}");
        assert_eq!(item.workflow_stage_printer, "Prepress", "{at}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_each_write_and_restarted_every_order_is_synced_once() {
    for order in ORDERS {
        let (expected, writes) = undisturbed(order).await;
        assert!(writes.iter().any(|(side, _)| *side == Side::Pressero));
        for (side, operation, nth) in numbered(&writes) {
            let at = format!("order {order}, killed at {operation} #{nth}");
            let world = world_with(order).await;
            instruments(&world, side).faults.add(FaultRule {
                kind: FaultKind::Slow,
                operation: Some(operation.clone()),
                count: Some(u32::try_from(nth).unwrap()),
                rate: None,
                latency_ms: Some(200),
            });
            let mut child = world.spawn(&["run", "--once"]);
            tokio::time::timeout(
                REACH_WRITE,
                instruments(&world, side).calls.wait_for(&operation, nth),
            )
            .await
            .unwrap_or_else(|_| panic!("{at}: the write never came"));
            child.kill().await.unwrap();
            instruments(&world, side).faults.clear();
            tokio::time::sleep(SETTLED).await;
            let restart = world.run(&["run", "--once"]).await;
            assert!(restart.status.success(), "{at}\n{}", text(&restart));
            assert_synced_once(&world, order, &expected, &at).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_committed_then_dropped_is_found_and_not_repeated() {
    for order in ORDERS {
        let (expected, writes) = undisturbed(order).await;
        for (side, operation, nth) in numbered(&writes) {
            let at = format!("order {order}, {operation} #{nth} committed then dropped");
            let world = world_with(order).await;
            let faults = &instruments(&world, side).faults;
            let first = if nth == 1 {
                faults.add(FaultRule::times(
                    FaultKind::CommitThenDrop,
                    Some(&operation),
                    1,
                ));
                world.run(&["run", "--once"]).await
            } else {
                // Target the nth call: once call n-1 is in (it is still being answered, and the
                // run journals it before sending call n), the fault is armed for the next one.
                let run = world.command(&["run", "--once"]).output();
                let arm = async {
                    instruments(&world, side)
                        .calls
                        .wait_for(&operation, nth - 1)
                        .await;
                    faults.add(FaultRule::times(
                        FaultKind::CommitThenDrop,
                        Some(&operation),
                        1,
                    ));
                };
                let (output, armed) = tokio::join!(run, tokio::time::timeout(REACH_WRITE, arm));
                armed.unwrap_or_else(|_| panic!("{at}: call {} never came", nth - 1));
                output.unwrap()
            };
            assert_eq!(
                first.status.code(),
                Some(0),
                "{at}: retrying is not an error\n{}",
                text(&first)
            );
            let states = world.states().await;
            assert_eq!(
                states.get(&order).map(String::as_str),
                Some("retrying"),
                "{at}: a lost reply is retried\n{}",
                text(&first)
            );
            tokio::time::sleep(SETTLED).await;
            let push = world.run(&["push", &order.to_string()]).await;
            assert!(push.status.success(), "{at}\n{}", text(&push));
            assert_synced_once(&world, order, &expected, &at).await;
        }
    }
}
