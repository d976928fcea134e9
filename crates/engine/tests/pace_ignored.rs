//! "Pace ignored …": a create's (or update's) reply is the object as Pace stored it; a field
//! that Pace left empty or changed is noticed without any extra Pace call, recorded on the
//! order's trace, and reported by `doctor`.
//!
//! End to end over real HTTP: the worker (resolve → plan → apply) against both simulators. The
//! Pace simulator runs in its lenient mode and "forgets" `Job.scheduledShipDate` (the field the
//! plan's mapping only infers, reference §4.0): it stands for a real Pace whose field model
//! lacks that name and whose SOAP layer drops it silently. Nothing in the engine is changed for
//! the test; the plan sends exactly what it sends in production.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use chrono::{DateTime, Duration, Utc};
use engine::service::{CheckOutcome, ignored_fields_check};
use engine::worker::{OrderOutcome, PACE_IGNORED};
use pace_simulator::UnknownFields;
use support::worker_world::World;

async fn world() -> World {
    let mut world = World::start(Utc::now()).await;
    world.settings.polling.first_poll_lookback_hours = 1;
    world
}

async fn add_and_poll(world: &World, fixture: u64, number: u64) {
    let placed = world.clock_now() - Duration::minutes(10);
    world.add_copy_of(fixture, number, placed);
    let report = world.poller().poll_once(world.clock_now()).await.unwrap();
    assert!(report.ready.contains(&number), "{number}: {report:?}");
}

/// The `pace_ignored` events on order `order`'s trace: their messages.
fn ignored_on_trace(world: &World, order: u64) -> Vec<String> {
    world
        .store
        .events_for(order)
        .unwrap()
        .into_iter()
        .filter(|event| event.kind == PACE_IGNORED)
        .map(|event| event.message)
        .collect()
}

/// The local day of a date Pace stored (the golden settings' time zone is UTC).
fn stored_day(text: &str) -> String {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .date_naive()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_pace_drops_silently_is_reported_on_the_first_order() {
    let world = world().await;
    world.pace.set_unknown_fields(UnknownFields {
        drop: true,
        forget: ["Job.scheduledShipDate".to_owned()].into(),
    });
    add_and_poll(&world, 10001, 40001).await;
    world.pace.instruments().calls.clear();
    let outcome = world.worker(1).sync_order(40001).await.unwrap();
    let OrderOutcome::Synced { pace_jobs, .. } = outcome else {
        panic!("{outcome:?}");
    };
    let job = &pace_jobs[0];
    let stored = world.pace.object("Job", job).unwrap();
    assert_eq!(
        stored.get("scheduledShipDate"),
        None,
        "the simulator dropped it"
    );
    let sent = stored_day(&stored["promiseDate"]);
    assert_eq!(
        ignored_on_trace(&world, 40001),
        [format!(
            "Pace ignored `scheduledShipDate` on Job {job}: sent {sent}, stored empty"
        )]
    );

    // No extra Pace call: the same calls as the same first order in a Pace that keeps the field.
    let calls_lenient = world.pace.instruments().calls.counts();
    let faithful = self::world().await;
    add_and_poll(&faithful, 10001, 40001).await;
    faithful.pace.instruments().calls.clear();
    let outcome = faithful.worker(1).sync_order(40001).await.unwrap();
    assert!(
        matches!(outcome, OrderOutcome::Synced { .. }),
        "{outcome:?}"
    );
    assert!(ignored_on_trace(&faithful, 40001).is_empty());
    assert_eq!(faithful.pace.instruments().calls.counts(), calls_lenient);

    // A second order meets the same field: on its trace too (doctor lists both orders).
    add_and_poll(&world, 10001, 40002).await;
    let outcome = world.worker(1).sync_order(40002).await.unwrap();
    assert!(
        matches!(outcome, OrderOutcome::Synced { .. }),
        "{outcome:?}"
    );
    assert_eq!(ignored_on_trace(&world, 40002).len(), 1);

    // doctor reports what Pace ignored so far, from the store: once per type and field.
    let check = ignored_fields_check(&world.store);
    let CheckOutcome::Failed { detail, fix, .. } = &check.outcome else {
        panic!("{check:?}");
    };
    assert!(detail.contains("`scheduledShipDate` on Job"), "{detail}");
    assert!(detail.contains("order 40001, order 40002"), "{detail}");
    assert_eq!(
        detail.matches("Pace ignored").count(),
        1,
        "once per type and field: {detail}"
    );
    assert!(fix.contains("scheduledShipDate"), "{fix}");
}

/// Values Pace normalises (dates with a time zone, 12.5 for 12.50, booleans, trimmed text) and
/// template defaults the plan's later update overrides are not "ignored": full plans (template
/// jobs, extra parts, materials, shipments, cartons with contents) against Pace's own behaviour
/// report nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legitimate_differences_are_not_reported() {
    let mut world = world().await;
    world.settings.shipments.enable_carton_contents = true;
    for (fixture, number) in [(10001, 40011), (10007, 40012), (10008, 40013)] {
        add_and_poll(&world, fixture, number).await;
        let outcome = world.worker(1).sync_order(number).await.unwrap();
        assert!(
            matches!(outcome, OrderOutcome::Synced { .. }),
            "{outcome:?}"
        );
        assert_eq!(ignored_on_trace(&world, number), Vec::<String>::new());
    }
    assert!(matches!(
        ignored_fields_check(&world.store).outcome,
        CheckOutcome::Passed { .. }
    ));
}
