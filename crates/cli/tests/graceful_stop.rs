//! `run` (until Ctrl-C) stops gracefully: on SIGINT while an order is being written to Pace, the
//! order being synced finishes (or is left journaled), nothing is left half-claimed, and a later
//! run completes every order with exactly one job.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use pace_simulator::{FaultKind, FaultRule};
use std::process::Stdio;
use std::time::Duration;
use support::{World, text};
use tokio::io::AsyncReadExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_while_an_order_is_written_stops_cleanly_and_loses_nothing() {
    let orders = [10001, 10006];
    let world = World::with_orders(&orders).await;
    // Slow job creation, so the interrupt lands while the first order is being written.
    world.pace.instruments().faults.add(FaultRule {
        kind: FaultKind::Slow,
        operation: Some("createJob".to_owned()),
        count: Some(1),
        rate: None,
        latency_ms: Some(500),
    });
    let mut child = world
        .command(&["run"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    tokio::time::timeout(
        Duration::from_secs(60),
        world.pace.instruments().calls.wait_for("createContact", 1),
    )
    .await
    .expect("the first order reached Pace");
    let pid = child.id().unwrap().to_string();
    let interrupt = tokio::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .await
        .unwrap();
    assert!(interrupt.success());
    let status = tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .expect("the service stops within its grace period")
        .unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .await
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Stopped."), "{stdout}");

    let states = world.states().await;
    assert!(
        states.values().all(|state| state != "syncing"),
        "nothing left claimed: {states:?}"
    );
    let rerun = world.run(&["run", "--once"]).await;
    assert!(rerun.status.success(), "{}", text(&rerun));
    let states = world.states().await;
    for order in orders {
        assert_eq!(
            states.get(&order).map(String::as_str),
            Some("synced"),
            "{order}"
        );
        assert_eq!(world.jobs_of(order).len(), 1, "order {order}: one job");
    }
}
