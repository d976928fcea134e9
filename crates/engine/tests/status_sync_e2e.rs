//! Status sync end to end, over real HTTP against both simulators and a real SQLite file: a
//! Pace job's status change moves its Pressero items' stage (read back from the Pressero
//! simulator), tracking reaches Pressero once, a stage the item's workflow lacks is one error
//! and no loop, a transient failure is retried, and the Pace calls per cycle do not grow with
//! the number of jobs (from the Pace simulator's call log).
//!
//! The orders are the Pressero fixtures, read through the Pressero client and stored as synced
//! with a Pace job created through the Pace client (what apply leaves behind).

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use chrono::Utc;
use engine::events::EventBus;
use engine::settings::StatusStage;
use engine::status_sync::{
    STAGE_REFUSED, STATUS_CHANGED, StatusReport, StatusSync, TRACKING_POSTED,
};
use engine::store::{Store, Transition};
use pace::{Job, JobShipment, PaceClient};
use pace_simulator::{PaceConfig, RunningPace};
use pressero::PresseroClient;
use pressero_simulator::{FaultKind, FaultRule, RunningPressero};
use support::{default_pressero_client, start_pace, start_pressero, temp_store};
use tempfile::TempDir;

/// Both simulators, both clients, a store in a temp dir.
struct World {
    pressero_sim: RunningPressero,
    pace_sim: RunningPace,
    pressero: PresseroClient,
    pace: PaceClient,
    store: Store,
    events: EventBus,
    _dir: TempDir,
}

impl World {
    async fn start() -> World {
        let pressero_sim = start_pressero().await;
        let pressero = default_pressero_client(&pressero_sim);
        let (pace_sim, pace) = start_pace(PaceConfig::default()).await;
        let (dir, store) = temp_store();
        let events = EventBus::new(store.clone()).unwrap();
        World {
            pressero_sim,
            pace_sim,
            pressero,
            pace,
            store,
            events,
            _dir: dir,
        }
    }

    /// Status sync with `mapping` (Pace status, Pressero stage).
    fn status_sync(&self, mapping: &[(&str, &str)]) -> StatusSync {
        let mapping = mapping
            .iter()
            .map(|(status, stage)| StatusStage {
                pace_status: (*status).to_owned(),
                pressero_stage: (*stage).to_owned(),
            })
            .collect();
        StatusSync::new(
            self.pace.clone(),
            self.pressero.clone(),
            self.events.clone(),
            mapping,
        )
    }

    /// Fixture order `n` stored as synced, with one Pace job created for it: the job number.
    async fn synced_order(&self, n: u64) -> String {
        self.synced_order_with_jobs(n, 1).await.remove(0)
    }

    /// Fixture order `n` stored as synced with `count` Pace jobs created for it. The stored
    /// snapshot is the one read before the sync (no item has a `MisId` yet).
    async fn synced_order_with_jobs(&self, n: u64, count: usize) -> Vec<String> {
        let order = self.pressero.order(n).await.unwrap();
        self.store.upsert_snapshot(&order, Utc::now()).unwrap();
        let mut jobs = Vec::new();
        for _ in 0..count {
            let job = self
                .pace
                .create(&Job {
                    customer: Some("ACME".into()),
                    description: Some(format!("{n}-{}", order.site.site_name)),
                    reference: Some(format!("Pressero order {n}")),
                    ..Job::default()
                })
                .await
                .unwrap();
            jobs.push(job.job.unwrap());
        }
        self.store
            .set_state(
                n,
                Transition::Synced {
                    pace_jobs: jobs.clone(),
                },
            )
            .unwrap();
        jobs
    }

    /// Sets the job's `adminStatus` in Pace (through the Pace client).
    async fn set_job_status(&self, job: &str, status: &str) {
        self.pace
            .update(&Job {
                job: Some(job.to_owned()),
                admin_status: Some(status.to_owned()),
                ..Job::default()
            })
            .await
            .unwrap();
    }

    /// The printer-side stage of each item of order `n`, as the Pressero simulator holds it.
    fn stages(&self, n: u64) -> Vec<String> {
        let stored = self.pressero_sim.order(n).unwrap();
        stored
            .detail
            .items
            .iter()
            .map(|item| item.workflow_stage_printer.clone())
            .collect()
    }

    /// The events of order `n` of `kind`.
    fn events(&self, n: u64, kind: &str) -> Vec<String> {
        self.store
            .events_for(n)
            .unwrap()
            .into_iter()
            .filter(|event| event.kind == kind)
            .map(|event| event.message)
            .collect()
    }

    /// Runs one cycle with both call logs cleared first.
    async fn cycle(&self, sync: &StatusSync) -> StatusReport {
        self.pressero_sim.instruments().calls.clear();
        self.pace_sim.instruments().calls.clear();
        sync.run_cycle(Utc::now()).await.unwrap()
    }

    fn pressero_calls(&self) -> Vec<String> {
        let calls = self.pressero_sim.instruments().calls.calls();
        calls.into_iter().map(|call| call.operation).collect()
    }
}

#[tokio::test]
async fn a_job_status_change_moves_the_items_stage_once_and_a_closed_job_is_dropped() {
    let world = World::start().await;
    let job = world.synced_order(10001).await;
    let sync = world.status_sync(&[("P", "Press"), ("C", "Order Completed")]);

    // First sight: status O, not mapped: recorded, nothing sent to Pressero.
    let first = world.cycle(&sync).await;
    assert_eq!((first.jobs_watched, first.items_moved), (1, 0));
    assert_eq!(world.pressero_calls(), Vec::<String>::new());
    assert_eq!(world.stages(10001), ["Order Received"]);

    world.set_job_status(&job, "P").await;
    let mut live = world.events.subscribe();
    let moved = world.cycle(&sync).await;
    assert_eq!(
        (moved.status_changes, moved.items_moved),
        (1, 1),
        "{moved:?}"
    );
    assert_eq!(world.stages(10001), ["Press"]);
    let changes = world.events(10001, STATUS_CHANGED);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(
        changes[0].contains(&job) && changes[0].contains("\"Press\""),
        "{changes:?}"
    );
    let broadcast: Vec<(String, Option<u64>)> = std::iter::from_fn(|| live.try_recv().ok())
        .map(|event| (event.kind, event.order))
        .collect();
    assert!(
        broadcast.contains(&(STATUS_CHANGED.to_owned(), Some(10001))),
        "the change is broadcast live too: {broadcast:?}"
    );

    // No change: no Pressero call at all, nothing recorded again.
    let quiet = world.cycle(&sync).await;
    assert_eq!(world.pressero_calls(), Vec::<String>::new());
    assert_eq!((quiet.status_changes, quiet.items_moved), (0, 0));
    assert_eq!(world.events(10001, STATUS_CHANGED).len(), 1);

    // Closed: moved to its stage, then no longer watched (no Pace call either).
    world.set_job_status(&job, "C").await;
    let closing = world.cycle(&sync).await;
    assert_eq!((closing.items_moved, closing.jobs_closed), (1, 1));
    assert_eq!(world.stages(10001), ["Order Completed"]);
    let after = world.cycle(&sync).await;
    assert_eq!((after.jobs_watched, after.pace_calls), (0, 0));
    assert_eq!(world.pace_sim.instruments().calls.calls().len(), 0);
}

#[tokio::test]
async fn an_unmapped_status_is_noted_once_and_moves_nothing() {
    let world = World::start().await;
    let job = world.synced_order(10001).await;
    let sync = world.status_sync(&[("C", "Order Completed")]);
    world.cycle(&sync).await;
    world.set_job_status(&job, "P").await;
    let report = world.cycle(&sync).await;
    assert_eq!((report.status_changes, report.items_moved), (1, 0));
    assert_eq!(world.pressero_calls(), Vec::<String>::new());
    let notes = world.events(10001, STATUS_CHANGED);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("no Pressero stage is mapped"),
        "{notes:?}"
    );
    world.cycle(&sync).await;
    assert_eq!(world.events(10001, STATUS_CHANGED).len(), 1);
}

#[tokio::test]
async fn tracking_reaches_pressero_once() {
    let world = World::start().await;
    let job = world.synced_order(10001).await;
    let order = world.pressero.order(10001).await.unwrap();
    let ship_to = &order.items[0].ship_to;
    for tracking in [Some("1Z999AA10123456784"), None] {
        world
            .pace
            .create(&JobShipment {
                job: Some(job.clone()),
                address1: Some(ship_to.address1.clone()),
                zip: Some(ship_to.postal.clone()),
                tracking_number: tracking.map(str::to_owned),
                cost: Some(12.5),
                ..JobShipment::default()
            })
            .await
            .unwrap();
    }
    let sync = world.status_sync(&[("C", "Order Completed")]);

    let report = world.cycle(&sync).await;
    assert_eq!(report.shipments_posted, 1, "{report:?}");
    let shipments = world.pressero_sim.order(10001).unwrap().shipments;
    assert_eq!(shipments.len(), 1, "{shipments:?}");
    assert_eq!(shipments[0].tracking, "1Z999AA10123456784");
    assert_eq!(
        shipments[0].order_item_ids,
        [order.items[0].item_id.clone()]
    );
    assert_eq!(
        shipments[0].site_shipping_method_name,
        order.items[0].shipping_method
    );
    assert_eq!(world.events(10001, TRACKING_POSTED).len(), 1);

    let again = world.cycle(&sync).await;
    assert_eq!(again.shipments_posted, 0);
    assert_eq!(world.pressero_calls(), Vec::<String>::new());
    assert_eq!(world.pressero_sim.order(10001).unwrap().shipments.len(), 1);
}

#[tokio::test]
async fn a_stage_the_items_workflow_lacks_is_one_error_not_a_loop() {
    let world = World::start().await;
    // Order 10006: items 1 and 2 on the Standard workflow, item 3 a poster on Wide Format
    // (which has no "Bindery").
    let job = world.synced_order(10006).await;
    let sync = world.status_sync(&[("P", "Bindery")]);
    world.cycle(&sync).await;
    world.set_job_status(&job, "P").await;

    let report = world.cycle(&sync).await;
    assert_eq!(report.items_moved, 2, "{report:?}");
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert_eq!(
        report.problems[0].key,
        format!("status-stage:job:{job}:stage:Bindery")
    );
    assert_eq!(
        world.stages(10006),
        ["Bindery", "Bindery", "Order Received"]
    );
    let errors = world.events(10006, STAGE_REFUSED);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("item 3") && errors[0].contains("Bindery"),
        "{errors:?}"
    );

    for _ in 0..2 {
        let quiet = world.cycle(&sync).await;
        assert_eq!(quiet.problems, []);
        assert_eq!(world.pressero_calls(), Vec::<String>::new());
    }
    assert_eq!(world.events(10006, STAGE_REFUSED).len(), 1);

    // The poller sees item 3 on another workflow: only item 3 is tried again (here Pressero
    // still refuses, as the simulator's item keeps its workflow), once.
    let mut order = world.store.order(10006).unwrap().unwrap().snapshot;
    order.items[2].workflow_id = order.items[0].workflow_id.clone();
    world.store.upsert_snapshot(&order, Utc::now()).unwrap();
    let retried = world.cycle(&sync).await;
    assert_eq!(retried.items_moved, 0, "{retried:?}");
    assert_eq!(retried.problems.len(), 1, "{retried:?}");
    assert_eq!(
        world
            .pressero_calls()
            .iter()
            .filter(|op| *op == "Item/Status")
            .count(),
        1,
        "only the refused item: {:?}",
        world.pressero_calls()
    );
    world.cycle(&sync).await;
    assert_eq!(world.pressero_calls(), Vec::<String>::new());
    assert_eq!(world.events(10006, STAGE_REFUSED).len(), 2);
}

#[tokio::test]
async fn a_mapping_change_moves_the_items_again() {
    let world = World::start().await;
    let job = world.synced_order(10001).await;
    let mut sync = world.status_sync(&[("P", "Press")]);
    world.set_job_status(&job, "P").await;
    world.cycle(&sync).await;
    assert_eq!(world.stages(10001), ["Press"]);
    sync.set_mapping(vec![StatusStage {
        pace_status: "P".into(),
        pressero_stage: "Prepress".into(),
    }]);
    let report = world.cycle(&sync).await;
    assert_eq!(report.items_moved, 1, "{report:?}");
    assert_eq!(world.stages(10001), ["Prepress"]);
}

#[tokio::test]
async fn a_job_of_a_multi_job_order_moves_only_its_own_items() {
    let world = World::start().await;
    // Order 10002 (3 items) split into two jobs; apply's write-back put each job number in its
    // items' MisId in Pressero, after the snapshot was stored.
    let jobs = world.synced_order_with_jobs(10002, 2).await;
    for (item, job) in [(1, &jobs[0]), (2, &jobs[0]), (3, &jobs[1])] {
        world
            .pressero
            .set_item_mis_id(10002, item, job)
            .await
            .unwrap();
    }
    let sync = world.status_sync(&[("P", "Press")]);
    world.cycle(&sync).await;
    world.set_job_status(&jobs[1], "P").await;
    let report = world.cycle(&sync).await;
    assert_eq!(report.items_moved, 1, "{report:?}");
    assert_eq!(
        world.stages(10002),
        ["Order Received", "Order Received", "Press"]
    );
}

#[tokio::test]
async fn a_transient_pressero_failure_is_retried_next_cycle() {
    let world = World::start().await;
    let job = world.synced_order(10001).await;
    let sync = world.status_sync(&[("P", "Press")]);
    world.cycle(&sync).await;
    world.set_job_status(&job, "P").await;
    world
        .pressero_sim
        .instruments()
        .faults
        .add(FaultRule::times(
            FaultKind::ServerError,
            Some("Item/Status"),
            1,
        ));

    let failed = world.cycle(&sync).await;
    assert_eq!(
        (failed.retry_later, failed.items_moved),
        (1, 0),
        "{failed:?}"
    );
    assert_eq!(world.stages(10001), ["Order Received"]);
    assert_eq!(world.events(10001, STATUS_CHANGED).len(), 0);

    let retried = world.cycle(&sync).await;
    assert_eq!(retried.items_moved, 1, "{retried:?}");
    assert_eq!(world.stages(10001), ["Press"]);
}

#[tokio::test]
async fn a_pace_failure_fails_the_cycle_and_changes_nothing() {
    let world = World::start().await;
    let job = world.synced_order(10001).await;
    let sync = world.status_sync(&[("P", "Press")]);
    world.cycle(&sync).await;
    world.set_job_status(&job, "P").await;
    world.pace_sim.instruments().faults.add(FaultRule::times(
        FaultKind::ServerError,
        Some("loadValueObjects"),
        1,
    ));
    let error = sync.run_cycle(Utc::now()).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert_eq!(world.stages(10001), ["Order Received"]);
    let report = world.cycle(&sync).await;
    assert_eq!(report.items_moved, 1);
}

#[tokio::test]
async fn pace_calls_per_cycle_do_not_grow_with_the_number_of_jobs() {
    let world = World::start().await;
    let sync = world.status_sync(&[("C", "Order Completed")]);
    world.synced_order(10001).await;
    let one = world.cycle(&sync).await;
    let calls_for_one = world.pace_sim.instruments().calls.calls().len();

    for n in [10002, 10003, 10004, 10006] {
        world.synced_order(n).await;
    }
    let five = world.cycle(&sync).await;
    let calls_for_five = world.pace_sim.instruments().calls.calls().len();

    assert_eq!((one.jobs_watched, five.jobs_watched), (1, 5));
    assert_eq!(
        calls_for_one, 2,
        "one query for statuses, one for shipments"
    );
    assert_eq!(calls_for_five, calls_for_one);
    assert_eq!((one.pace_calls, five.pace_calls), (2, 2));
    assert_eq!(
        world.pace_sim.instruments().calls.count("loadValueObjects"),
        2
    );
}
