//! Every fixture order through the real binary's `run --once` against both simulators over
//! HTTP: exactly the planned objects in Pace, the job numbers and stage written back to
//! Pressero, the failing order in Needs attention with its reason, `status --json` agreeing, and
//! a second run and a push changing nothing (and saying so). Also: no password in any output or
//! file.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use support::{World, secret_forms, text};

const ORDERS: std::ops::RangeInclusive<u64> = 10001..=10016;

fn pace_writes(world: &World) -> usize {
    support::pace_writes(&world.pace).len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fixture_order_syncs_once_with_the_planned_objects_and_write_backs() {
    let mut world = World::start().await;
    world.settings.after_sync.workflow_stage = "Prepress".to_owned();
    world.write_settings();

    // The preview of every order, before anything is written (and writing nothing).
    let mut previews = BTreeMap::new();
    for order in ORDERS {
        let output = world.run(&["plan", &order.to_string(), "--json"]).await;
        let preview: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("plan {order}: {e}\n{}", text(&output)));
        previews.insert(order, preview);
    }
    assert_eq!(pace_writes(&world), 0, "plan writes nothing to Pace");
    let outcome = |order: u64| previews[&order]["outcome"].as_str().unwrap().to_owned();
    assert_eq!(outcome(10010), "blocked", "contacts of several customers");
    assert_eq!(outcome(10016), "skip", "every item denied");
    for order in ORDERS.filter(|o| ![10010, 10016].contains(o)) {
        assert_eq!(
            outcome(order),
            "plan",
            "order {order}: {}",
            previews[&order]
        );
    }

    let before = world.pace_counts();
    let first = world.run(&["run", "--once"]).await;
    assert_eq!(
        first.status.code(),
        Some(2),
        "10010 needs attention\n{}",
        text(&first)
    );
    let first_text = text(&first);
    assert!(
        first_text.contains("order 10001"),
        "progress per order\n{first_text}"
    );

    // Each order's state, as `status --json` tells it.
    let states = world.states().await;
    for order in ORDERS {
        let expected = match outcome(order).as_str() {
            "plan" => "synced",
            "skip" => "skipped",
            _ => "needs_attention",
        };
        assert_eq!(
            states.get(&order).map(String::as_str),
            Some(expected),
            "order {order}"
        );
    }
    let status = world.status().await;
    let row = |order: u64| {
        status["orders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["order_number"] == order)
            .unwrap()
            .clone()
    };
    let attention = row(10010);
    let message = attention["last_error"]["message"].as_str().unwrap();
    assert!(message.contains("several customers"), "{message}");
    assert!(message.contains("shared@buyers.example"), "{message}");
    let filtered = world
        .run(&["status", "--state", "needs_attention", "--json"])
        .await;
    let filtered: Value = serde_json::from_slice(&filtered.stdout).unwrap();
    let numbers: Vec<u64> = filtered["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["order_number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [10010], "status filtered by state");
    assert!(world.jobs_of(10010).is_empty(), "nothing written for 10010");
    assert!(world.jobs_of(10016).is_empty(), "nothing written for 10016");

    // Exactly the planned jobs, parts and shipments for each synced order, and the write-back.
    for order in ORDERS.filter(|o| outcome(*o) == "plan") {
        let planned = previews[&order]["plan"]["jobs"].as_array().unwrap();
        let jobs = world.jobs_of(order);
        assert_eq!(jobs.len(), planned.len(), "order {order}: jobs {jobs:?}");
        let mut planned_shape: Vec<(u64, u64)> = planned
            .iter()
            .map(|job| {
                (
                    job["parts"].as_u64().unwrap(),
                    job["shipments"].as_u64().unwrap(),
                )
            })
            .collect();
        let mut created_shape: Vec<(u64, u64)> = jobs
            .iter()
            .map(|job| {
                (
                    world.count_on_job("JobPart", job) as u64,
                    world.count_on_job("JobShipment", job) as u64,
                )
            })
            .collect();
        planned_shape.sort_unstable();
        created_shape.sort_unstable();
        assert_eq!(
            created_shape, planned_shape,
            "order {order}: (parts, shipments) per job"
        );
        let mut status_jobs: Vec<String> = row(order)["pace_jobs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|job| job.as_str().unwrap().to_owned())
            .collect();
        status_jobs.sort();
        let mut pace_jobs = jobs.clone();
        pace_jobs.sort();
        assert_eq!(
            status_jobs, pace_jobs,
            "order {order}: status names its Pace jobs"
        );

        let stored = world.pressero.order(order).unwrap();
        let sent_items: Vec<u64> = planned
            .iter()
            .flat_map(|job| job["item_numbers"].as_array().unwrap().clone())
            .map(|n| n.as_u64().unwrap())
            .collect();
        for item in &stored.detail.items {
            let number = u64::from(item.order_item_number);
            if sent_items.contains(&number) {
                let mis_id = item.mis_id.clone().unwrap_or_default();
                assert!(
                    jobs.contains(&mis_id),
                    "order {order} item {number}: MisId {mis_id:?} not one of {jobs:?}"
                );
                assert_eq!(
                    item.workflow_stage_printer, "Prepress",
                    "order {order} item {number}"
                );
            } else if !item.is_kit {
                assert_eq!(
                    item.mis_id, None,
                    "order {order} item {number} was not sent"
                );
            }
        }
    }
    // Two new customers (10009 Rivera Design Studio, 10015 Harold W. Finch) and no other.
    let after = world.pace_counts();
    assert_eq!(
        after["Customer"] - before["Customer"],
        2,
        "{before:?} → {after:?}"
    );
    let customers: Vec<String> = world
        .pace
        .objects("Customer")
        .into_iter()
        .filter_map(|c| c.get("custName").cloned())
        .collect();
    for name in ["Rivera Design Studio", "Harold W. Finch"] {
        assert_eq!(
            customers.iter().filter(|c| *c == name).count(),
            1,
            "{name}: {customers:?}"
        );
    }
    assert_no_duplicate_contacts(&world);

    // A second run changes nothing, and a push of a synced order says so.
    world.pace.instruments().calls.clear();
    let second = world.run(&["run", "--once"]).await;
    assert_eq!(
        second.status.code(),
        Some(2),
        "10010 still needs attention\n{}",
        text(&second)
    );
    assert!(text(&second).contains("0 synced"), "{}", text(&second));
    assert_eq!(world.pace_counts(), after, "second run");
    assert_eq!(pace_writes(&world), 0, "second run: no Pace write");
    let push = world.run(&["push", "10001"]).await;
    assert!(push.status.success(), "{}", text(&push));
    assert!(
        String::from_utf8_lossy(&push.stdout).contains("already synced: nothing changed"),
        "{}",
        text(&push)
    );
    assert_eq!(world.pace_counts(), after, "push of a synced order");
    assert_eq!(pace_writes(&world), 0, "push: no Pace write");
    assert_eq!(world.states().await, states);

    // The preview of a synced order says what is already in Pace, step by step.
    let preview = world.run(&["plan", "10001"]).await;
    let lines = String::from_utf8_lossy(&preview.stdout).into_owned();
    let job = &world.jobs_of(10001)[0];
    assert!(
        lines.contains(&format!("Job job#1: already in Pace as {job}")),
        "{}",
        text(&preview)
    );
    assert!(!lines.contains("Create Job"), "{}", text(&preview));

    // The passwords never reached any output or file.
    for output in [&first, &second, &push] {
        let all = text(output);
        assert!(
            all.contains("TRACE"),
            "the logs are in the output, at trace level"
        );
        for secret in secret_forms() {
            assert!(!all.contains(&secret), "a password is in the output");
        }
    }
    assert_no_file_holds_a_password(world.dir.path());
}

/// No two contacts with the same customer, e-mail and address.
fn assert_no_duplicate_contacts(world: &World) {
    let mut seen = BTreeMap::new();
    for contact in world.pace.objects("Contact") {
        let identity: Vec<Option<String>> = [
            "customer",
            "email",
            "firstName",
            "lastName",
            "address1",
            "zip",
        ]
        .iter()
        .map(|field| contact.get(*field).cloned())
        .collect();
        *seen.entry(identity).or_insert(0) += 1;
    }
    let duplicates: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(duplicates.is_empty(), "duplicate contacts: {duplicates:?}");
}

/// Every file under `dir` (settings, database, WAL) is free of both passwords.
fn assert_no_file_holds_a_password(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_no_file_holds_a_password(&path);
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for secret in secret_forms() {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{} holds a password",
                path.display()
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_order_counts_its_attempts_afresh_and_is_not_given_up_at_once() {
    use pace_simulator::{FaultKind, FaultRule};
    let world = World::with_orders(&[10001]).await;
    // Pace answers every look-up with a server error: each attempt fails for a passing reason.
    world.pace.instruments().faults.add(FaultRule::always(
        FaultKind::ServerError,
        Some("loadValueObjects"),
    ));
    let first = world.run(&["run", "--once"]).await;
    assert_eq!(world.states().await[&10001], "retrying", "{}", text(&first));
    // The order has been failing for two days (its give-up age is 24 h) and waits for its
    // next retry; a person pushes it.
    {
        let store = engine::store::Store::open_in_data_dir(world.data_dir()).unwrap();
        store.reset_attempts(10001).unwrap();
        let two_days_ago = chrono::Utc::now() - chrono::Duration::hours(48);
        store.record_attempt(10001, two_days_ago).unwrap();
    }
    let push = world.run(&["push", "10001"]).await;
    let status = world.status().await;
    let row = &status["orders"][0];
    assert_eq!(row["state"], "retrying", "{}\n{row}", text(&push));
    assert_eq!(row["attempts"], 1, "{row}");
}
