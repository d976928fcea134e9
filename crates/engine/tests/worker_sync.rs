//! The worker against both simulators over real HTTP (resolver → plan → apply → write-back),
//! with a SQLite store in a temp folder and a manual clock: one new customer's orders at once,
//! transient and permanent failures, and giving up.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use engine::poller::{POLL_DONE, PollLoop, SyncNow};
use engine::store::{ErrorKind, OrderState, STATE_CHANGED};
use engine::worker::OrderOutcome;
use pace_simulator::{FaultKind, FaultRule};
use std::collections::BTreeMap;
use std::time::Duration as StdDuration;
use support::worker_world::World;

/// Both simulators, a clock at the real time (the store stamps the first attempt with it), and
/// a first poll that looks back one hour: only the orders a test adds.
async fn world() -> World {
    let mut world = World::start(Utc::now()).await;
    world.settings.polling.first_poll_lookback_hours = 1;
    world
}

/// Adds copies of fixture order `fixture` as `numbers`, placed in the last minutes, and polls
/// them in: they are ready.
async fn add_and_poll(world: &World, fixture: u64, numbers: impl IntoIterator<Item = u64>) {
    let placed = world.clock_now() - Duration::minutes(10);
    let numbers: Vec<u64> = numbers.into_iter().collect();
    for number in &numbers {
        world.add_copy_of(fixture, *number, placed);
    }
    let report = world.poller().poll_once(world.clock_now()).await.unwrap();
    for number in numbers {
        assert!(report.ready.contains(&number), "{number}: {report:?}");
    }
}

/// The one outcome of a round, which must be a retry: when, and the error staff see.
fn retrying(outcomes: &[OrderOutcome], why: &str) -> (DateTime<Utc>, engine::store::OrderError) {
    match outcomes {
        [
            OrderOutcome::Retrying {
                next_attempt_at,
                error,
                ..
            },
        ] => (*next_attempt_at, error.clone()),
        _ => panic!("{why}: {outcomes:?}"),
    }
}

fn row(world: &World, order: u64) -> engine::store::OrderRow {
    world.store.order(order).unwrap().unwrap().row
}

/// Pace objects of `object_type` whose `field` is `value`.
fn pace_objects_with(world: &World, object_type: &str, field: &str, value: &str) -> usize {
    world
        .pace
        .objects(object_type)
        .iter()
        .filter(|object| object.get(field).map(String::as_str) == Some(value))
        .count()
}

/// Each order's time in `Syncing`, as (claim event id, next state-change event id).
fn syncing_spans(world: &World, orders: &[u64]) -> BTreeMap<u64, (i64, i64)> {
    orders
        .iter()
        .map(|order| {
            let changes: Vec<_> = world
                .store
                .events_for(*order)
                .unwrap()
                .into_iter()
                .filter(|event| event.kind == STATE_CHANGED)
                .collect();
            let start = changes
                .iter()
                .position(|event| event.detail["to"] == "syncing")
                .unwrap();
            (*order, (changes[start].id.0, changes[start + 1].id.0))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_orders_from_one_new_customer_at_once_create_one_customer() {
    let world = world().await;
    let customers_before = world.pace.count("Customer");
    let jobs_before = world.pace.count("Job");
    // Eight orders from Carlos Rivera (not in Pace: a new customer "Rivera Design Studio"),
    // and two from Harold Finch (another new customer).
    let rivera: Vec<u64> = (30001..=30008).collect();
    add_and_poll(&world, 10009, rivera.clone()).await;
    add_and_poll(&world, 10015, [30101, 30102]).await;

    let outcomes = world.worker(4).run_due().await.unwrap();

    assert_eq!(outcomes.len(), 10);
    for outcome in &outcomes {
        assert!(
            matches!(outcome, OrderOutcome::Synced { .. }),
            "{outcome:?}"
        );
    }
    assert_eq!(world.pace.count("Customer"), customers_before + 2);
    assert_eq!(
        pace_objects_with(&world, "Customer", "custName", "Rivera Design Studio"),
        1
    );
    assert_eq!(
        pace_objects_with(&world, "Customer", "custName", "Harold W. Finch"),
        1
    );
    assert_eq!(
        pace_objects_with(
            &world,
            "Contact",
            "email",
            "carlos.rivera@riveradesign.example"
        ),
        1,
        "one contact for the one customer"
    );
    assert_eq!(
        world.pace.count("Job"),
        jobs_before + 10,
        "one job per order"
    );
    for order in rivera.iter().chain(&[30101, 30102]) {
        let row = row(&world, *order);
        assert_eq!(row.state, OrderState::Synced);
        assert_eq!(row.pace_jobs.len(), 1);
        assert!(row.pace_calls > 0);
    }
}

/// Orders of one known customer create nothing shared (the customer and the buyer's contact are
/// in Pace), so they sync side by side: with four slots, a slow Pace is no reason to wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_of_one_known_customer_sync_side_by_side() {
    let world = world().await;
    let acme: Vec<u64> = (30701..=30708).collect();
    add_and_poll(&world, 10001, acme.clone()).await;
    world
        .pace
        .instruments()
        .faults
        .add(FaultRule::latency(None, StdDuration::from_millis(50)));
    let outcomes = world.worker(4).run_due().await.unwrap();
    assert!(
        outcomes
            .iter()
            .all(|outcome| matches!(outcome, OrderOutcome::Synced { .. })),
        "{outcomes:?}"
    );
    assert_eq!(pace_objects_with(&world, "Customer", "id", "ACME"), 1);
    let spans: Vec<(i64, i64)> = syncing_spans(&world, &acme).into_values().collect();
    let overlapping = spans
        .iter()
        .enumerate()
        .flat_map(|(i, a)| spans[i + 1..].iter().map(move |b| (a, b)))
        .filter(|(a, b)| a.0 < b.1 && b.0 < a.1)
        .count();
    assert!(
        overlapping > 0,
        "ACME's orders ran one after another: {spans:?}"
    );
}

/// A copy of fixture order `fixture` as order `number`, placed 10 minutes ago, shipped to the
/// dock of Acme's new warehouse: a person not in Pace.
fn order_shipped_to_the_new_dock(fixture: u64, number: u64) -> serde_json::Value {
    let mut order = support::worker_world::fixture_order(fixture);
    let fields = order.as_object_mut().unwrap();
    fields.remove("OrderId");
    fields.insert("OrderNumber".into(), number.into());
    fields.insert(
        "OrderDate".into(),
        (Utc::now() - Duration::minutes(10)).to_rfc3339().into(),
    );
    for item in fields["Items"].as_array_mut().unwrap() {
        let item = item.as_object_mut().unwrap();
        item.remove("OrderItemId");
        let ship_to = &mut item["ShipToAddress"];
        ship_to["FirstName"] = "Dock".into();
        ship_to["LastName"] = "Team".into();
        ship_to["Email"] = "dock@acme.example".into();
        ship_to["Address1"] = "1 Warehouse Road".into();
        ship_to["Address2"] = "".into();
    }
    order
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_orders_reaching_one_customer_by_different_routes_create_one_contact() {
    let world = world().await;
    // 30601 reaches ACME through Acme Store's Integration ID; 30602 (Public Shop, no Integration
    // ID) through its buyer's e-mail, whose Pace contact belongs to ACME. Both ship to the same
    // new person, so both plan to create the same contact: both take the lock of that contact's
    // e-mail, and the second, planned again under it, finds the contact the first created.
    let by_integration_id = order_shipped_to_the_new_dock(10001, 30601);
    let by_email = order_shipped_to_the_new_dock(10002, 30602);
    world.pressero.add_order_json(by_integration_id).unwrap();
    world.pressero.add_order_json(by_email).unwrap();
    let report = world.poller().poll_once(world.clock_now()).await.unwrap();
    assert!(
        report.ready.contains(&30601) && report.ready.contains(&30602),
        "{report:?}"
    );
    // Creating a contact takes a while: two orders planning it at once would both create it.
    world.pace.instruments().faults.add(FaultRule::slow_once(
        "createContact",
        StdDuration::from_millis(500),
    ));

    let outcomes = world.worker(2).run_due().await.unwrap();

    assert_eq!(outcomes.len(), 2);
    for outcome in &outcomes {
        assert!(
            matches!(outcome, OrderOutcome::Synced { .. }),
            "{outcome:?}"
        );
    }
    assert_eq!(
        pace_objects_with(&world, "Contact", "email", "dock@acme.example"),
        1,
        "one new contact for the one ship-to person"
    );
}

#[tokio::test]
async fn a_transient_failure_is_retried_later_and_then_synced() {
    let world = world().await;
    add_and_poll(&world, 10001, [30201]).await;
    let jobs_before = world.pace.count("Job");
    // The job's create fails (a look-up failing first would only be asked again: the round's
    // look-up for orders already in Pace is repeated in the order's attempt).
    world.pace.instruments().faults.add(FaultRule::times(
        FaultKind::ServerError,
        Some("createJob"),
        1,
    ));
    let worker = world.worker(4);

    let now = world.clock_now();
    let outcomes = worker.run_due().await.unwrap();
    let (next_attempt_at, error) = retrying(&outcomes, "a retry");
    assert_eq!(error.kind, ErrorKind::Transient);
    // The first retry waits 15–30 s (30 s with jitter in its upper half).
    assert!(
        next_attempt_at >= now + Duration::seconds(15)
            && next_attempt_at <= now + Duration::seconds(30),
        "{next_attempt_at} vs {now}"
    );
    let stored = row(&world, 30201);
    assert_eq!(stored.state, OrderState::Retrying);
    assert_eq!(stored.next_attempt_at, Some(next_attempt_at));
    assert!(!stored.last_error.unwrap().hint.is_empty());
    assert!(
        worker.run_due().await.unwrap().is_empty(),
        "not due before its time"
    );

    world.clock.set(next_attempt_at);
    let outcomes = worker.run_due().await.unwrap();
    assert!(
        matches!(
            outcomes.as_slice(),
            [OrderOutcome::Synced { order: 30201, .. }]
        ),
        "{outcomes:?}"
    );
    let stored = row(&world, 30201);
    assert_eq!((stored.state, stored.attempts), (OrderState::Synced, 2));
    assert_eq!(world.pace.count("Job"), jobs_before + 1);
}

#[tokio::test]
async fn a_busy_pace_database_on_a_write_is_retried_with_advice_that_fits_and_synced_once() {
    let world = world().await;
    add_and_poll(&world, 10001, [30251]).await;
    let jobs_before = world.pace.count("Job");
    // "Lock wait timeout exceeded; try restarting transaction" on the first createJob.
    world.pace.instruments().faults.add(FaultRule::times(
        FaultKind::BusyDatabase,
        Some("createJob"),
        1,
    ));
    let worker = world.worker(4);
    let outcomes = worker.run_due().await.unwrap();
    let (next_attempt_at, error) = retrying(
        &outcomes,
        "a busy database is not a reason to stop the order",
    );
    assert_eq!(error.kind, ErrorKind::Transient);
    assert!(
        error.message.contains("Lock wait timeout"),
        "{}",
        error.message
    );
    assert!(
        error.hint.contains("database was busy") && !error.hint.contains("connection settings"),
        "the advice fits the cause: {}",
        error.hint
    );
    world.clock.set(next_attempt_at);
    let outcomes = worker.run_due().await.unwrap();
    assert!(
        matches!(
            outcomes.as_slice(),
            [OrderOutcome::Synced { order: 30251, .. }]
        ),
        "{outcomes:?}"
    );
    assert_eq!(world.pace.count("Job"), jobs_before + 1, "one job, not two");
}

#[tokio::test]
async fn a_write_pace_is_still_saving_when_the_attempt_gave_up_is_not_sent_twice() {
    let mut world = world().await;
    world.use_pace_request_timeout(1);
    add_and_poll(&world, 10001, [30271]).await;
    // The shipment's create is answered after 1.5 s: the product stops waiting at 1 s, and Pace
    // commits the shipment half a second later, whoever is still listening.
    world.pace.instruments().faults.add(FaultRule::slow_once(
        "createJobShipment",
        StdDuration::from_millis(1500),
    ));
    let worker = world.worker(4);
    let outcomes = worker.run_due().await.unwrap();
    let (next_attempt_at, _error) = retrying(&outcomes, "a timeout is retried");
    // The order falls due again at once (as after a restart): Pace has not committed yet.
    world.clock.set(next_attempt_at);
    let outcomes = worker.run_due().await.unwrap();
    let (next_attempt_at, error) = retrying(
        &outcomes,
        "the step may still be in flight, so it is neither looked up nor sent",
    );
    assert!(
        error.message.contains("may still be saving it") && error.hint.contains("Nothing to do"),
        "{error:?}"
    );
    let journal = world.store.journal(30271).unwrap();
    let shipment = journal
        .iter()
        .find(|entry| entry.step_ref.contains("shipment") && entry.action == "create")
        .unwrap();
    let settled = shipment.begun_at + Duration::seconds(2);
    assert!(next_attempt_at >= settled, "{next_attempt_at} < {settled}");

    // Once no earlier request can still commit, the shipment Pace saved is found and adopted.
    let wait = (settled - Utc::now()).to_std().unwrap_or_default();
    tokio::time::sleep(wait + std::time::Duration::from_millis(100)).await;
    world.clock.set(next_attempt_at);
    let outcomes = worker.run_due().await.unwrap();
    let [OrderOutcome::Synced { pace_jobs, .. }] = outcomes.as_slice() else {
        panic!("{outcomes:?}");
    };
    let shipments = pace_objects_with(&world, "JobShipment", "job", &pace_jobs[0]);
    assert_eq!(shipments, 1, "one shipment for the order's one address");
}

/// The latest moment a create journaled for any of `orders` may still commit in Pace (begun at
/// + twice the 1 s request timeout), in real time.
fn latest_settling(world: &World, orders: &[u64]) -> DateTime<Utc> {
    orders
        .iter()
        .flat_map(|order| world.store.journal(*order).unwrap())
        .filter(|entry| entry.action == "create")
        .map(|entry| entry.begun_at + Duration::seconds(2))
        .max()
        .unwrap()
}

/// Runs `worker` round after round, each once every write in flight has settled and the
/// retries are due, until no order retries any more (at most `rounds`).
async fn sync_until_settled(
    world: &World,
    worker: &engine::worker::Worker<engine::worker::PaceSync>,
    orders: &[u64],
    mut outcomes: Vec<OrderOutcome>,
    rounds: usize,
) {
    for _ in 0..rounds {
        let due = outcomes
            .iter()
            .filter_map(|outcome| match outcome {
                OrderOutcome::Retrying {
                    next_attempt_at, ..
                } => Some(*next_attempt_at),
                _ => None,
            })
            .max();
        let Some(due) = due else {
            return;
        };
        let settled = latest_settling(world, orders);
        let wait = (settled - Utc::now()).to_std().unwrap_or_default();
        tokio::time::sleep(wait + std::time::Duration::from_millis(100)).await;
        world.clock.set(due.max(world.clock_now()));
        outcomes = worker.run_due().await.unwrap();
    }
    panic!("still retrying after {rounds} rounds: {outcomes:?}");
}

/// Two orders shipping to one new person, the first's createContact answered after `latency`
/// while the product stops waiting at 1 s; the second goes (in the same worker while the first
/// holds the contact's lock, or in the next process) when the first's attempt ended: it must not
/// create the contact Pace is still saving for the first.
async fn one_contact_while_anothers_create_may_still_commit(latency_ms: u64, next_process: bool) {
    let (first, second) = (30811, 30812);
    let mut world = world().await;
    world.use_pace_request_timeout(1);
    world
        .pressero
        .add_order_json(order_shipped_to_the_new_dock(10001, first))
        .unwrap();
    if !next_process {
        world
            .pressero
            .add_order_json(order_shipped_to_the_new_dock(10001, second))
            .unwrap();
    }
    let report = world.poller().poll_once(world.clock_now()).await.unwrap();
    assert!(report.ready.contains(&first), "{report:?}");
    world.pace.instruments().faults.add(FaultRule::slow_once(
        "createContact",
        StdDuration::from_millis(latency_ms),
    ));
    let worker = world.worker(2);
    let mut outcomes = worker.run_due().await.unwrap();
    if next_process {
        retrying(&outcomes, "the first order's createContact timed out");
        // The process stops; the second order comes in, and a new worker (no creation locks
        // held by anyone) takes it at once.
        world
            .pressero
            .add_order_json(order_shipped_to_the_new_dock(10001, second))
            .unwrap();
        let report = world.poller().poll_once(world.clock_now()).await.unwrap();
        assert!(report.ready.contains(&second), "{report:?}");
        let restarted = world.worker(2);
        outcomes.extend(restarted.run_due().await.unwrap());
    }
    // Whichever order took the contact's lock first timed out; the other waited for it.
    let waiting = |order: u64, other: u64| {
        outcomes.iter().any(|outcome| {
            matches!(outcome, OrderOutcome::Retrying { order: o, error, .. }
                if *o == order
                    && error.message.contains(&format!(
                        "order {other} sent the contact dock@acme.example to Pace"
                    ))
                    && error.hint.starts_with("Nothing to do"))
        })
    };
    assert!(
        waiting(second, first) || (!next_process && waiting(first, second)),
        "no order waited for the other's create: {outcomes:?}"
    );
    sync_until_settled(&world, &worker, &[first, second], outcomes, 4).await;
    for order in [first, second] {
        assert_eq!(
            row(&world, order).state,
            OrderState::Synced,
            "order {order}"
        );
    }
    assert_eq!(
        pace_objects_with(&world, "Contact", "email", "dock@acme.example"),
        1,
        "one new contact for the one ship-to person"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_another_order_may_still_be_creating_is_not_created_twice() {
    one_contact_while_anothers_create_may_still_commit(1500, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_a_contact_another_order_may_still_be_creating_is_not_created_twice() {
    one_contact_while_anothers_create_may_still_commit(1800, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_customers_contact_still_in_flight_is_not_created_again_by_its_own_changed_plan() {
    // Order 30821 (Carlos Rivera, a new customer): the customer is created, then its buyer
    // contact's create is answered only after 1.5 s while the product stops waiting at 1 s.
    // The next attempt finds the customer in Pace, so its plan no longer has the new
    // customer's buyer-contact step but a contact step of another name for the same person:
    // it must wait for the first create too, not send a second.
    let order = 30821;
    let mut world = world().await;
    world.use_pace_request_timeout(1);
    add_and_poll(&world, 10009, [order]).await;
    world.pace.instruments().faults.add(FaultRule::slow_once(
        "createContact",
        StdDuration::from_millis(1500),
    ));
    let worker = world.worker(1);
    let outcomes = worker.run_due().await.unwrap();
    let (next_attempt_at, _) = retrying(&outcomes, "the buyer contact's create timed out");
    // The retry, as soon as it is due (before the slow create has been saved).
    world.clock.set(next_attempt_at.max(world.clock_now()));
    let outcomes = worker.run_due().await.unwrap();
    sync_until_settled(&world, &worker, &[order], outcomes, 4).await;
    assert_eq!(row(&world, order).state, OrderState::Synced);
    assert_eq!(
        pace_objects_with(
            &world,
            "Contact",
            "email",
            "carlos.rivera@riveradesign.example"
        ),
        1,
        "one contact for the new customer's buyer"
    );
}

#[tokio::test]
async fn a_permanent_failure_needs_attention_with_the_reason_and_the_fix() {
    let world = world().await;
    // 10010's buyer e-mail belongs to contacts of two Pace customers.
    add_and_poll(&world, 10010, [30301]).await;
    let jobs_before = world.pace.count("Job");

    let outcomes = world.worker(4).run_due().await.unwrap();
    assert!(
        matches!(
            outcomes.as_slice(),
            [OrderOutcome::NeedsAttention { order: 30301, .. }]
        ),
        "{outcomes:?}"
    );
    let stored = row(&world, 30301);
    assert_eq!(stored.state, OrderState::NeedsAttention);
    let error = stored.last_error.unwrap();
    assert_eq!(error.kind, ErrorKind::Permanent);
    assert!(
        error.message.contains("order 30301") && error.message.contains("several customers"),
        "{}",
        error.message
    );
    assert!(
        error.hint.contains("push the order again"),
        "{}",
        error.hint
    );
    assert_eq!(
        world.pace.count("Job"),
        jobs_before,
        "nothing written to Pace"
    );
    assert!(
        world.worker(4).run_due().await.unwrap().is_empty(),
        "not retried"
    );
}

#[tokio::test]
async fn retries_stop_at_the_give_up_age() {
    let world = world().await;
    add_and_poll(&world, 10001, [30401]).await;
    // Pace answers every look-up with a server error, for good.
    world.pace.instruments().faults.add(FaultRule::always(
        FaultKind::ServerError,
        Some("loadValueObjects"),
    ));
    let worker = world.worker(4);
    let mut waits = Vec::new();
    let mut last: Option<DateTime<Utc>> = None;
    for _ in 0..3 {
        let outcomes = worker.run_due().await.unwrap();
        let (next_attempt_at, _error) = retrying(&outcomes, "a retry");
        waits.push(next_attempt_at - world.clock_now());
        last = Some(next_attempt_at);
        world.clock.set(next_attempt_at);
    }
    assert!(
        waits.windows(2).all(|w| w[0] <= w[1]),
        "backoff grows: {waits:?}"
    );

    world.clock.set(last.unwrap() + Duration::hours(24));
    let outcomes = worker.run_due().await.unwrap();
    let [OrderOutcome::NeedsAttention { error, .. }] = outcomes.as_slice() else {
        panic!("{outcomes:?}");
    };
    assert!(
        error.message.contains("gave up after 4 attempt(s)"),
        "{}",
        error.message
    );
    let stored = row(&world, 30401);
    assert_eq!(stored.state, OrderState::NeedsAttention);
    assert_eq!(stored.attempts, 4);
}

#[tokio::test]
async fn the_give_up_age_runs_on_the_workers_clock() {
    // A clock far from the real time: the first attempt must be stamped with it.
    let start = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let mut world = World::start(start).await;
    world.settings.polling.first_poll_lookback_hours = 1;
    add_and_poll(&world, 10001, [30501]).await;
    world.pace.instruments().faults.add(FaultRule::always(
        FaultKind::ServerError,
        Some("loadValueObjects"),
    ));
    let worker = world.worker(1);
    let outcomes = worker.run_due().await.unwrap();
    assert!(
        matches!(outcomes.as_slice(), [OrderOutcome::Retrying { .. }]),
        "{outcomes:?}"
    );
    assert_eq!(row(&world, 30501).first_attempt_at, Some(start));

    world.clock.set(start + Duration::hours(25));
    let outcomes = worker.run_due().await.unwrap();
    let [OrderOutcome::NeedsAttention { error, .. }] = outcomes.as_slice() else {
        panic!("{outcomes:?}");
    };
    assert!(
        error
            .message
            .contains("gave up after 2 attempt(s) over 25 h"),
        "{}",
        error.message
    );
}

/// Waits (on the event stream, not the clock) until `order` reaches `state`.
async fn until_state(
    events: &mut tokio::sync::broadcast::Receiver<engine::events::SyncEvent>,
    order: u64,
    state: &str,
) {
    let wait = async {
        loop {
            let event = events.recv().await.unwrap();
            if event.order == Some(order)
                && event.kind == STATE_CHANGED
                && event.detail["to"] == state
            {
                return;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), wait)
        .await
        .unwrap_or_else(|_| panic!("order {order} never became {state}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_now_polls_and_the_worker_syncs_what_the_poll_made_ready() {
    let world = world().await;
    let mut events = world.events.subscribe();
    let worker = world.worker(4);
    let sync_now = SyncNow::new();
    // An hour between polls: anything sooner is the button.
    let poll_loop = PollLoop::new(
        world.poller(),
        std::time::Duration::from_secs(3600),
        sync_now.clone(),
        worker.wake(),
    );
    let (stop_polling, poll_stopped) = tokio::sync::oneshot::channel::<()>();
    let (stop_working, work_stopped) = tokio::sync::oneshot::channel::<()>();
    let polling = tokio::spawn(poll_loop.run(async {
        let _ = poll_stopped.await;
    }));
    let working = tokio::spawn({
        let worker = worker.clone();
        async move {
            worker
                .run(async {
                    let _ = work_stopped.await;
                })
                .await;
        }
    });

    // The first poll runs at once and finds nothing; then an order comes in and staff press
    // "Sync now".
    let first_poll = async {
        loop {
            if events.recv().await.unwrap().kind == POLL_DONE {
                return;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), first_poll)
        .await
        .unwrap();
    world.add_copy_of(10001, 30501, world.clock_now() - Duration::minutes(1));
    sync_now.press();
    until_state(&mut events, 30501, "ready").await;
    until_state(&mut events, 30501, "synced").await;
    assert_eq!(row(&world, 30501).pace_jobs.len(), 1);

    stop_polling.send(()).unwrap();
    stop_working.send(()).unwrap();
    polling.await.unwrap();
    working.await.unwrap();
}
