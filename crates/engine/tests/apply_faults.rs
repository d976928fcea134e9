//! Lost responses and dropped connections, once per write operation: the first apply fails
//! (transient), the second finishes the order, and Pace ends up holding exactly what a clean
//! apply leaves there: no second Customer, Contact, Job, Part, Shipment, Carton, material,
//! attachment or note. A third apply then makes no Pace call at all.
//!
//! `CommitThenDrop`: Pace does the write, then the connection closes without an answer (the
//! retry must find the object and adopt it). `DropConnection`: the connection closes before
//! anything is done (the retry must write it).

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use engine::settings::Settings;
use pace_simulator::{FaultKind, FaultRule};
use pretty_assertions::assert_eq;
use support::apply_world::{World, settings};

/// Pace and Pressero as a clean apply of order `n` leaves them.
async fn clean_result(
    n: u64,
    settings: &Settings,
) -> (
    std::collections::BTreeMap<&'static str, Vec<std::collections::BTreeMap<String, String>>>,
    std::collections::BTreeMap<u32, (Option<String>, String)>,
) {
    let world = World::start(settings.clone()).await;
    let plan = world.plan(n).await;
    world.apply(&plan).await.unwrap();
    (world.pace_objects(), world.pressero_items(n))
}

/// Injects `kind` once on `operation` while applying order `n`, then applies again.
async fn fails_once_then_completes(operation: &str, n: u64, settings: Settings) {
    let (expected_pace, expected_pressero) = clean_result(n, &settings).await;
    for kind in [FaultKind::CommitThenDrop, FaultKind::DropConnection] {
        let world = World::start(settings.clone()).await;
        let plan = world.plan(n).await;
        world
            .pace_sim
            .instruments()
            .faults
            .add(FaultRule::times(kind, Some(operation), 1));
        let error = world.apply(&plan).await.unwrap_err();
        assert!(error.is_transient(), "{operation} {kind:?}: {error}");
        assert_eq!(error.order(), n);
        let faulted: Vec<_> = world
            .pace_sim
            .instruments()
            .calls
            .calls()
            .into_iter()
            .filter(|c| c.fault.is_some())
            .map(|c| c.operation)
            .collect();
        assert_eq!(
            faulted,
            [operation],
            "{kind:?}: the fault fired once, on {operation}"
        );

        let report = world.apply(&plan).await.unwrap();
        let is_create = operation.starts_with("create") || operation == "addAttachment";
        let adopted = if kind == FaultKind::CommitThenDrop && is_create {
            1
        } else {
            0
        };
        assert_eq!(
            report.adopted.len(),
            adopted,
            "{operation} {kind:?}: {:?}",
            report.adopted
        );
        assert_eq!(
            world.pace_objects(),
            expected_pace,
            "{operation} {kind:?}: Pace differs from a clean apply"
        );
        assert_eq!(
            world.pressero_items(n),
            expected_pressero,
            "{operation} {kind:?}"
        );

        world.pace_sim.instruments().calls.clear();
        let again = world.apply(&plan).await.unwrap();
        assert!(
            again.changed_nothing(),
            "{operation} {kind:?}: {}",
            again.summary()
        );
        assert_eq!(world.pace_sim.instruments().calls.calls().len(), 0);
    }
}

fn with_carton_contents() -> Settings {
    let mut settings = settings();
    settings.shipments.enable_carton_contents = true;
    settings
}

#[tokio::test]
async fn create_customer() {
    fails_once_then_completes("createCustomer", 10009, settings()).await;
}

#[tokio::test]
async fn create_contact() {
    fails_once_then_completes("createContact", 10006, settings()).await;
}

#[tokio::test]
async fn create_job() {
    fails_once_then_completes("createJob", 10001, settings()).await;
}

#[tokio::test]
async fn update_job() {
    fails_once_then_completes("updateJob", 10001, settings()).await;
}

#[tokio::test]
async fn create_job_part() {
    fails_once_then_completes("createJobPart", 10002, settings()).await;
}

#[tokio::test]
async fn update_job_part() {
    fails_once_then_completes("updateJobPart", 10002, settings()).await;
}

#[tokio::test]
async fn create_job_shipment() {
    fails_once_then_completes("createJobShipment", 10006, settings()).await;
}

#[tokio::test]
async fn create_carton() {
    fails_once_then_completes("createCarton", 10006, settings()).await;
}

#[tokio::test]
async fn create_carton_content() {
    fails_once_then_completes("createCartonContent", 10007, with_carton_contents()).await;
}

#[tokio::test]
async fn create_job_material() {
    fails_once_then_completes("createJobMaterial", 10012, settings()).await;
}

#[tokio::test]
async fn add_attachment() {
    fails_once_then_completes("addAttachment", 10013, settings()).await;
}

#[tokio::test]
async fn create_job_note() {
    fails_once_then_completes("createJobNote", 10013, settings()).await;
}

/// A Pace business fault is permanent, names the order, the step and the object, and is
/// journaled as failed; once the cause is gone, the next apply creates the job once.
#[tokio::test]
async fn a_pace_fault_is_permanent_and_the_step_is_done_once_later() {
    let world = World::start(settings()).await;
    let plan = world.plan(10001).await;
    world.pace_sim.instruments().faults.add(FaultRule::times(
        FaultKind::ProtocolError,
        Some("createJob"),
        1,
    ));
    let error = world.apply(&plan).await.unwrap_err();
    assert!(!error.is_transient(), "{error}");
    assert_eq!(error.step(), "job#1");
    let text = error.to_string();
    assert!(
        text.contains("order 10001") && text.contains("(Job)"),
        "{text}"
    );
    let journal = world.store.journal(10001).unwrap();
    let job_entries: Vec<_> = journal.iter().filter(|e| e.step_ref == "job#1").collect();
    assert_eq!(job_entries.len(), 1);
    assert!(
        matches!(
            job_entries[0].outcome,
            engine::store::StepOutcome::Failed { .. }
        ),
        "{journal:?}"
    );
    world.apply(&plan).await.unwrap();
    assert_eq!(world.pace_sim.count("Job"), 1);
    assert_eq!(
        world.pace_sim.instruments().calls.count("find"),
        2,
        "only the resolver's (job statuses and State keys): no look-up after a failure Pace reported"
    );
}

/// A job whose reference merely starts with ours (another order's, or a split job) is never
/// taken for the job of an interrupted create.
#[tokio::test]
async fn a_job_with_a_longer_reference_is_not_taken_for_ours() {
    let world = World::start(settings()).await;
    let plan = world.plan(10001).await;
    let decoy = world
        .pace
        .create(&pace::Job {
            customer: Some("ACME".into()),
            reference: Some("Pressero order 10001 item 1 file 1".into()),
            ..pace::Job::default()
        })
        .await
        .unwrap()
        .job
        .unwrap();
    world.pace_sim.instruments().faults.add(FaultRule::times(
        FaultKind::CommitThenDrop,
        Some("createJob"),
        1,
    ));
    world.apply(&plan).await.unwrap_err();
    let report = world.apply(&plan).await.unwrap();
    let ours = &report.job_numbers["job#1"];
    assert_ne!(ours, &decoy);
    assert_eq!(report.adopted.get("job#1"), Some(ours));
    assert_eq!(world.pace_sim.count("Job"), 2);
    assert_eq!(
        world.pace_sim.object("Job", ours).unwrap()["reference"],
        "Pressero order 10001"
    );
}

/// A write-back failure after Pace succeeded: the retry writes back and makes no Pace write.
#[tokio::test]
async fn a_write_back_failure_does_not_redo_pace_work() {
    let world = World::start(settings()).await;
    let plan = world.plan(10002).await;
    world
        .pressero_sim
        .instruments()
        .faults
        .add(FaultRule::times(
            FaultKind::ServerError,
            Some("Item/MisId"),
            1,
        ));
    let error = world.apply(&plan).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert_eq!(error.step(), "item 1 mis-id");
    let objects = world.pace_objects();
    let writes_before = world.pace_writes();
    let report = world.apply(&plan).await.unwrap();
    assert_eq!(
        world.pace_writes(),
        writes_before,
        "no Pace write on the retry"
    );
    assert_eq!(report.pace_calls, 0);
    assert_eq!(world.pace_objects(), objects);
    let job = &report.job_numbers["job#1"];
    for (item, (mis_id, stage)) in world.pressero_items(10002) {
        assert_eq!(mis_id.as_ref(), Some(job), "item {item}");
        assert_eq!(stage, support::apply_world::STAGE, "item {item}");
    }
    assert_eq!(
        world.pressero_sim.instruments().calls.count("Item/MisId"),
        4,
        "item 1 twice (failed, then done), items 2 and 3 once"
    );
}
