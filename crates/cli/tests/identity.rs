//! Every order to the right customer, exactly once (issue 11), with the real binary over real
//! HTTP against both simulators: a contact whose e-mail staff typed in another case is found; a
//! new buyer's orders give one customer; a lost data folder gives no second job; a second
//! process on one data folder refuses to sync.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use pace_simulator::{FaultKind, FaultRule};
use serde_json::{Value, json};
use std::time::Duration;
use support::{World, pace_seed_json, text};

/// Longest wait for a run to reach a Pace call (a broken run fails instead of hanging).
const REACH_CALL: Duration = Duration::from_secs(60);

/// The Pace customer of the jobs of `order`.
fn customers_of_jobs(world: &World, order: u64) -> Vec<String> {
    let reference = format!("Pressero order {order}");
    world
        .pace
        .objects("Job")
        .into_iter()
        .filter(|job| job.get("reference") == Some(&reference))
        .filter_map(|job| job.get("customer").cloned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_staff_typed_in_mixed_case_is_found_for_the_lower_case_buyer() {
    // Staff entered Jane's contact as `Jane.Doe@Acme.Example`; order 10002 (Public Shop, no
    // Integration ID) comes from `jane.doe@acme.example`.
    let mut seed = pace_seed_json();
    for contact in seed["objects"]["Contact"].as_array_mut().unwrap() {
        if contact["email"] == "jane.doe@acme.example" {
            contact["email"] = json!("Jane.Doe@Acme.Example");
        }
    }
    let world = World::with_orders_and_pace(&[10002], Some(seed)).await;
    let customers_before = world.pace.count("Customer");
    let output = world.run(&["run", "--once"]).await;
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(
        world.states().await.get(&10002).map(String::as_str),
        Some("synced"),
        "{}",
        text(&output)
    );
    assert_eq!(customers_of_jobs(&world, 10002), ["ACME"]);
    assert_eq!(
        world.pace.count("Customer"),
        customers_before,
        "no second customer for Jane"
    );
}

/// Order 10009 (a new buyer, Carlos Rivera of Rivera Design Studio) renumbered `number`, its
/// item shipping to `ship_to` (first name, e-mail) instead of Carlos himself when given.
fn new_buyer_order(number: u64, ship_to: Option<(&str, &str)>) -> Value {
    let mut order: Value = serde_json::from_str(include_str!(
        "../../../fixtures/pressero/orders/10009-new-customer.json"
    ))
    .unwrap();
    order["OrderNumber"] = json!(number);
    order["OrderId"] = json!(format!("25e197f6-869f-5b84-9db9-{number:012}"));
    for item in order["Items"].as_array_mut().unwrap() {
        let id = item["OrderItemId"].as_str().unwrap().to_owned();
        item["OrderItemId"] = json!(format!("{}{number:05}", &id[..id.len() - 5]));
        if let Some((first_name, email)) = ship_to {
            item["ShipToAddress"]["FirstName"] = json!(first_name);
            item["ShipToAddress"]["Email"] = json!(email);
            item["ShipToAddress"]["AddressId"] =
                json!(format!("48dd4829-02ed-5343-9017-{number:012}"));
        }
    }
    order
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_buyers_two_orders_in_one_pass_give_one_customer() {
    let world = World::with_orders(&[]).await;
    let customers_before = world.pace.count("Customer");
    // The first order ships to a colleague, the second to Carlos himself.
    world
        .pressero
        .add_order_json(new_buyer_order(
            30001,
            Some(("Maria", "maria.lopez@riveradesign.example")),
        ))
        .unwrap();
    world
        .pressero
        .add_order_json(new_buyer_order(30002, None))
        .unwrap();
    let output = world.run(&["run", "--once"]).await;
    assert!(output.status.success(), "{}", text(&output));
    let states = world.states().await;
    assert_eq!(
        (
            states.get(&30001).map(String::as_str),
            states.get(&30002).map(String::as_str)
        ),
        (Some("synced"), Some("synced")),
        "{}",
        text(&output)
    );
    assert_eq!(
        world.pace.count("Customer"),
        customers_before + 1,
        "one new customer for Rivera Design Studio"
    );
    let first = customers_of_jobs(&world, 30001);
    assert_eq!(first, customers_of_jobs(&world, 30002));
    // The new customer has a contact for the buyer himself.
    let buyer_contacts = world
        .pace
        .objects("Contact")
        .into_iter()
        .filter(|contact| {
            contact.get("email").map(String::as_str) == Some("carlos.rivera@riveradesign.example")
                && contact.get("customer") == first.first()
        })
        .count();
    assert!(buyer_contacts >= 1, "the buyer's contact");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_data_folder_lost_between_two_runs_gives_no_second_job() {
    let world = World::with_orders(&[10001, 10006]).await;
    let first = world.run(&["run", "--once"]).await;
    assert!(first.status.success(), "{}", text(&first));
    let objects = world.pace_counts();
    let jobs = [world.jobs_of(10001), world.jobs_of(10006)];
    assert_eq!(jobs.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1]);

    // A new PC, a reinstall, a restored backup: the journal is gone, Pace and Pressero remain.
    std::fs::remove_dir_all(world.data_dir()).unwrap();
    let second = world.run(&["run", "--once"]).await;
    assert!(second.status.success(), "{}", text(&second));
    assert_eq!(world.pace_counts(), objects, "nothing created again");
    assert_eq!([world.jobs_of(10001), world.jobs_of(10006)], jobs);
    let status = world.status().await;
    for order in [10001, 10006] {
        let row = status["orders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["order_number"] == order)
            .unwrap();
        assert_eq!(row["state"], "synced", "{row}");
        assert_eq!(row["pace_jobs"], json!(world.jobs_of(order)), "{row}");
    }
    let trace = world.run(&["status", "10001"]).await;
    assert!(
        String::from_utf8_lossy(&trace.stdout).contains("already in Pace"),
        "a trace line says the order was adopted\n{}",
        text(&trace)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_data_folder_sync_each_order_once() {
    let world = World::with_orders(&[10001, 10006]).await;
    // The first process is slowed down in its first job create, so the second starts while
    // the first is syncing.
    world.pace.instruments().faults.add(FaultRule {
        kind: FaultKind::Slow,
        operation: Some("createJob".to_owned()),
        count: Some(1),
        rate: None,
        latency_ms: Some(1500),
    });
    let first = world.command(&["run", "--once"]).output();
    let second = async {
        tokio::time::timeout(
            REACH_CALL,
            world.pace.instruments().calls.wait_for("createJob", 1),
        )
        .await
        .expect("the first process never created a job");
        world.run(&["run", "--once"]).await
    };
    let (first, second) = tokio::join!(first, second);
    let first = first.unwrap();
    assert!(first.status.success(), "{}", text(&first));
    assert_eq!(world.jobs_of(10001).len(), 1, "{}", text(&second));
    assert_eq!(world.jobs_of(10006).len(), 1, "{}", text(&second));
    assert!(
        !second.status.success(),
        "the second process refuses to sync\n{}",
        text(&second)
    );
    let refusal = String::from_utf8_lossy(&second.stderr);
    assert!(
        refusal.contains("already syncing") && refusal.contains("run --once"),
        "the refusal names the running process\n{}",
        text(&second)
    );
    // Read-only commands still work beside a running one (here: after it).
    let states = world.states().await;
    assert_eq!(states.get(&10001).map(String::as_str), Some("synced"));
}
