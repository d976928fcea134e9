//! Fixture orders applied over real HTTP to the Pace and Pressero simulators: exactly the
//! expected objects in Pace, template defaults overridden, production files attached or linked,
//! `MisId` and stage written back, and a second apply that calls Pace not at all.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use std::collections::BTreeMap;

use engine::apply::FILE_LINKS_NOTE_SUMMARY;
use engine::plan::{FieldValue, OrderPlan, PaceObject, StepAction};
use pretty_assertions::assert_eq;
use support::apply_world::{STAGE, World, settings};

/// What the fixture README says each order becomes in Pace (jobs, parts, shipments, cartons,
/// attachments, notes); contacts and customers come from the plan (found or new).
fn expected_from_readme(n: u64) -> [(&'static str, usize); 6] {
    let (jobs, parts, shipments, attachments, notes) = match n {
        10001 => (1, 1, 1, 0, 0),
        10002 => (1, 3, 1, 0, 0),
        10003 => (1, 2, 1, 0, 0),
        10006 => (1, 3, 2, 0, 0),
        10013 => (1, 2, 1, 2, 1),
        _ => unreachable!("no expectation for order {n}"),
    };
    [
        ("Job", jobs),
        ("JobPart", parts),
        ("JobShipment", shipments),
        ("Carton", shipments),
        ("FileAttachment", attachments),
        ("JobNote", notes),
    ]
}

/// How many objects of `kind` the plan creates.
fn creates(plan: &OrderPlan, kind: PaceObject) -> usize {
    plan.steps
        .iter()
        .filter(|s| s.object == kind && s.action == StepAction::Create)
        .count()
}

/// The planned items, each with the number of the job holding it.
fn planned_mis_ids(
    plan: &OrderPlan,
    job_numbers: &BTreeMap<String, String>,
) -> BTreeMap<u32, String> {
    plan.jobs
        .iter()
        .flat_map(|job| {
            job.item_numbers
                .iter()
                .map(|item| (*item, job_numbers[&job.reference].clone()))
        })
        .collect()
}

async fn applied_once_then_nothing(n: u64) {
    let world = World::start(settings()).await;
    let before = world.pace_counts();
    let plan = world.plan(n).await;
    world.pressero_sim.instruments().calls.clear();
    let report = world.apply(&plan).await.unwrap();
    // The stage write-back takes each item's WorkflowId from the order as read: no item
    // details, no second search.
    let pressero_calls = world.pressero_sim.instruments().calls.counts();
    assert_eq!(
        pressero_calls.get("Item/Details"),
        None,
        "order {n}: {pressero_calls:?}"
    );
    assert_eq!(
        pressero_calls.get("Orders/Search"),
        None,
        "order {n}: {pressero_calls:?}"
    );
    assert!(
        pressero_calls.contains_key("Item/Status"),
        "order {n}: {pressero_calls:?}"
    );

    let after = world.pace_counts();
    for (kind, count) in expected_from_readme(n) {
        assert_eq!(after[kind] - before[kind], count, "order {n}: {kind}");
    }
    assert_eq!(
        after["Contact"] - before["Contact"],
        creates(&plan, PaceObject::Contact),
        "order {n}: contacts"
    );
    assert_eq!(
        after["Customer"] - before["Customer"],
        creates(&plan, PaceObject::Customer),
        "order {n}: customers"
    );
    let job_number = &report.job_numbers["job#1"];
    let job = world.pace_sim.object("Job", job_number).unwrap();
    assert_eq!(job["reference"], format!("Pressero order {n}"));
    assert_eq!(job["customer"], plan.customer.id);
    for part in world.pace_sim.objects("JobPart") {
        assert_eq!(&part["job"], job_number);
    }

    // Write-back: each planned item carries its job number and the after-sync stage; the
    // others (kit parent, quantity 0) are untouched.
    let mis_ids = planned_mis_ids(&plan, &report.job_numbers);
    assert!(!mis_ids.is_empty());
    for (item, (mis_id, stage)) in world.pressero_items(n) {
        match mis_ids.get(&item) {
            Some(number) => {
                assert_eq!(mis_id.as_ref(), Some(number), "order {n} item {item}");
                assert_eq!(stage, STAGE, "order {n} item {item}");
            }
            None => assert_eq!(mis_id, None, "order {n} item {item} is not in Pace"),
        }
    }

    // The call count is kept on the order: every call of this apply (the resolver's are not
    // apply's).
    let calls_of_apply: usize = world.pace_calls().values().sum::<usize>() - resolver_calls(&world);
    assert_eq!(report.pace_calls as usize, calls_of_apply);
    let stored = world.store.order(n).unwrap().unwrap();
    assert_eq!(stored.row.pace_calls, u64::from(report.pace_calls));

    // A second apply (a manual push of a synced order): no Pace call at all, no Pressero write.
    let objects = world.pace_objects();
    world.pace_sim.instruments().calls.clear();
    world.pressero_sim.instruments().calls.clear();
    let again = world.apply(&plan).await.unwrap();
    assert_eq!(world.pace_calls(), BTreeMap::new(), "order {n}");
    assert_eq!(again.pace_calls, 0);
    assert!(again.changed_nothing());
    assert_eq!(
        again.summary(),
        format!("order {n}: already synced: nothing changed")
    );
    assert_eq!(again.job_numbers, report.job_numbers);
    assert_eq!(world.pace_objects(), objects);
    let pressero_writes = world.pressero_sim.instruments().calls.counts();
    assert_eq!(pressero_writes.get("Item/MisId"), None);
    assert_eq!(pressero_writes.get("Item/Status"), None);
}

/// The resolver's look-ups (read-only: `find`, `loadValueObjects`, reads).
fn resolver_calls(world: &World) -> usize {
    world
        .pace_calls()
        .iter()
        .filter(|(op, _)| *op == "loadValueObjects" || op.starts_with("read"))
        .map(|(_, n)| n)
        .sum::<usize>()
        + world.pace_calls().get("find").copied().unwrap_or(0)
}

/// Spec steps 4–5 update a created Job and Job Part again because Pace's item template may have
/// written its defaults over what was sent. The create's reply is the object as stored: when the
/// template wrote over nothing that the update would send, the update is not needed (journaled
/// as done, no Pace call); when it did, the update is sent.
#[tokio::test]
async fn an_override_is_sent_only_when_the_template_wrote_over_a_field() {
    let bundled: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/pace/seed.json"
        ))
        .unwrap(),
    )
    .unwrap();
    // The same templates, with no static defaults: Pace keeps every field as sent.
    let mut plain = bundled.clone();
    plain["objects"]["ItemTemplateLineAttribute"]
        .as_array_mut()
        .unwrap()
        .retain(|attribute| attribute["expressionType"] != 2);
    for (seed, overrides_sent) in [(bundled, true), (plain, false)] {
        let seed = pace_simulator::Seed::from_json(&seed.to_string()).unwrap();
        let world = World::start_with_seed(settings(), Some(seed)).await;
        let plan = world.plan(10001).await;
        assert!(
            plan.steps
                .iter()
                .any(|s| s.action == StepAction::OverrideTemplateDefaults)
        );
        let report = world.apply(&plan).await.unwrap();
        let updated_jobs = world.pace_sim.instruments().calls.count("updateJob");
        assert_eq!(updated_jobs, usize::from(overrides_sent), "{report:?}");
        assert_eq!(
            report.overrides_skipped.contains(&"job#1".to_owned()),
            !overrides_sent
        );
        let job = world
            .pace_sim
            .object("Job", &report.job_numbers["job#1"])
            .unwrap();
        let planned = plan
            .steps
            .iter()
            .find(|s| s.object == PaceObject::Job && s.action == StepAction::Create)
            .unwrap();
        let description = planned.field("description").unwrap();
        assert_eq!(
            FieldValue::Text(job["description"].clone()),
            *description,
            "either way Pace holds the order's description"
        );
        // A second apply makes no Pace call: the skipped override is journaled as done.
        world.pace_sim.instruments().calls.clear();
        assert!(world.apply(&plan).await.unwrap().changed_nothing());
        assert_eq!(world.pace_sim.instruments().calls.calls().len(), 0);
    }
}

#[tokio::test]
async fn order_10001_single_item() {
    applied_once_then_nothing(10001).await;
}

#[tokio::test]
async fn order_10002_several_items() {
    applied_once_then_nothing(10002).await;
}

#[tokio::test]
async fn order_10003_kit() {
    applied_once_then_nothing(10003).await;
}

#[tokio::test]
async fn order_10006_two_ship_to_addresses() {
    applied_once_then_nothing(10006).await;
}

#[tokio::test]
async fn order_10013_production_files() {
    applied_once_then_nothing(10013).await;
}

/// Every text and whole-number field the plan sends to a Job or JobPart is what Pace holds in
/// the end, template defaults or not.
fn assert_pace_holds_the_plan(world: &World, plan: &OrderPlan, keys: &BTreeMap<String, String>) {
    for step in &plan.steps {
        let type_name = step.object.type_name();
        if !matches!(step.object, PaceObject::Job | PaceObject::JobPart) {
            continue;
        }
        let object = world
            .pace_sim
            .object(type_name, &keys[&step.reference])
            .unwrap();
        for field in &step.fields {
            let expected = match &field.value {
                FieldValue::Text(text) => text.clone(),
                FieldValue::Int(number) => number.to_string(),
                _ => continue,
            };
            assert_eq!(
                object.get(&field.name),
                Some(&expected),
                "{} {}.{}",
                step.reference,
                type_name,
                field.name
            );
        }
    }
}

#[tokio::test]
async fn a_chicago_shop_sends_dates_as_local_midnight_on_either_side_of_dst() {
    let mut settings = settings();
    settings.shop.time_zone = "America/Chicago".into();
    let world = World::start(settings).await;
    // Order 10002 (placed Monday 2026-11-16, no requested date, + 3 days) planned on Friday
    // 2026-10-30, while Chicago is still on daylight time (CDT, UTC-5, until November 1st):
    // set up in summer time, promised in winter time (CST, UTC-6).
    let october_30 = "2026-10-30".parse().unwrap();
    let plan = world.plan_on(10002, october_30).await;
    world.apply(&plan).await.unwrap();
    let jobs = &world.pace_objects()["Job"];
    let job = jobs
        .iter()
        .find(|j| j.get("reference").map(String::as_str) == Some("Pressero order 10002"))
        .unwrap_or_else(|| panic!("no job for order 10002 in {jobs:#?}"));
    assert_eq!(job["dateSetup"], "2026-10-30T05:00:00.000Z");
    assert_eq!(job["promiseDate"], "2026-11-19T06:00:00.000Z");
    assert_eq!(job["scheduledShipDate"], "2026-11-19T06:00:00.000Z");
}

#[tokio::test]
async fn template_defaults_are_overridden() {
    let world = World::start(settings()).await;
    let plan = world.plan(10001).await;
    assert!(plan.step("job#1").unwrap().field("itemTemplate").is_some());
    let report = world.apply(&plan).await.unwrap();
    assert_eq!(world.pace_calls().get("updateJob"), Some(&1));
    let job = world
        .pace_sim
        .object("Job", &report.job_numbers["job#1"])
        .unwrap();
    assert_eq!(job["itemTemplate"], "BC-STD");
    assert_eq!(job["description"], "10001-Acme Store");
    assert_eq!(job["poNum"], "PO-45821");
    let part = world
        .pace_sim
        .object("JobPart", &format!("{}:01", report.job_numbers["job#1"]))
        .unwrap();
    assert_eq!(part["qtyOrdered"], "500", "the template says 250");
    assert!(!part["description"].starts_with("TEMPLATE"), "{part:?}");
    assert_pace_holds_the_plan(&world, &plan, &report.keys);

    // Three items, two with templates: every part holds the plan's values.
    let world = World::start(settings()).await;
    let plan = world.plan(10002).await;
    let report = world.apply(&plan).await.unwrap();
    assert_pace_holds_the_plan(&world, &plan, &report.keys);
}

#[tokio::test]
async fn without_a_template_the_fields_are_set_on_create_and_no_override_is_sent() {
    let world = World::start(settings()).await;
    let plan = world.plan(10012).await;
    assert!(plan.step("job#1").unwrap().field("itemTemplate").is_none());
    let report = world.apply(&plan).await.unwrap();
    assert_eq!(report.overrides_skipped, ["job#1"]);
    assert_eq!(world.pace_calls().get("updateJob"), None);
    assert_eq!(world.pace_calls().get("createJobMaterial"), Some(&1));
    assert_pace_holds_the_plan(&world, &plan, &report.keys);
}

/// 10013: two small files attached under their planned names, the 30 MiB poster linked in a
/// job note (the default limit is 20 MB).
#[tokio::test]
async fn production_files_are_attached_or_linked_by_size() {
    let world = World::start(settings()).await;
    let plan = world.plan(10013).await;
    let report = world.apply(&plan).await.unwrap();
    let job = &report.job_numbers["job#1"];
    let mut attached: Vec<(String, String, String)> = world
        .pace_sim
        .objects("FileAttachment")
        .into_iter()
        .map(|a| {
            (
                a["baseObjectKey"].clone(),
                a["name"].clone(),
                a["sizeInBytes"].clone(),
            )
        })
        .collect();
    attached.sort();
    assert_eq!(
        attached,
        [
            (job.clone(), "kowalski-cards.pdf".into(), "215040".into()),
            (
                job.clone(),
                "safety-poster-proof.pdf".into(),
                "482113".into()
            ),
        ]
    );
    let notes = world.pace_sim.objects("JobNote");
    assert_eq!(notes.len(), 1);
    assert_eq!(&notes[0]["job"], job);
    assert_eq!(notes[0]["noteSummary"], FILE_LINKS_NOTE_SUMMARY);
    let poster = plan
        .files
        .iter()
        .find(|f| f.original_name == "safety-poster-24x36.pdf")
        .unwrap();
    assert!(
        notes[0]["note"].contains(&format!("safety-poster-24x36.pdf: {}", poster.url)),
        "{}",
        notes[0]["note"]
    );
    assert_eq!(report.files_linked, ["safety-poster-24x36.pdf"]);
    // The poster was never downloaded: Pressero said how large it is.
    assert_eq!(
        world.pressero_sim.instruments().calls.count("Item/Files"),
        2
    );
}

/// With Override file name on, files are attached under the job's name; with a limit of 0 MB
/// every file is linked in the job note instead, and none is downloaded.
#[tokio::test]
async fn file_names_and_size_limit_follow_the_settings() {
    let mut settings = settings();
    settings.jobs.override_file_name = true;
    let world = World::start(settings.clone()).await;
    let plan = world.plan(10013).await;
    world.apply(&plan).await.unwrap();
    let mut expected: Vec<String> = plan
        .files
        .iter()
        .filter(|f| f.original_name != "safety-poster-24x36.pdf")
        .map(|f| f.target_name.clone())
        .collect();
    expected.sort();
    assert!(
        plan.files.iter().all(|f| f.target_name != f.original_name),
        "Override file name renames every file: {expected:?}"
    );
    let mut names: Vec<String> = world
        .pace_sim
        .objects("FileAttachment")
        .into_iter()
        .map(|a| a["name"].clone())
        .collect();
    names.sort();
    assert_eq!(names, expected);

    settings.after_sync.attach_files_up_to_mb = 0;
    let world = World::start(settings).await;
    let plan = world.plan(10013).await;
    let report = world.apply(&plan).await.unwrap();
    assert_eq!(world.pace_sim.count("FileAttachment"), 0);
    let notes = world.pace_sim.objects("JobNote");
    assert_eq!(notes.len(), 1, "one note per job, listing every file");
    for file in &plan.files {
        assert!(
            notes[0]["note"].contains(&file.target_name),
            "{}",
            notes[0]["note"]
        );
    }
    assert_eq!(report.files_linked.len(), 3);
    assert_eq!(
        world.pressero_sim.instruments().calls.count("Item/Files"),
        0
    );
}

/// One job per order item: 10013's item 1 has two files, so two jobs; its `MisId` lists both
/// job numbers, and each job gets its own file.
#[tokio::test]
async fn one_job_per_item_writes_every_job_number_back() {
    let mut settings = settings();
    settings.jobs.one_job_per_item = true;
    settings.after_sync.attach_files_up_to_mb = 1;
    let world = World::start(settings).await;
    let plan = world.plan(10013).await;
    let report = world.apply(&plan).await.unwrap();
    assert_eq!(world.pace_sim.count("Job"), 3);
    let jobs_of = |item: u32| -> Vec<String> {
        plan.jobs
            .iter()
            .filter(|j| j.item_numbers.contains(&item))
            .map(|j| report.job_numbers[&j.reference].clone())
            .collect()
    };
    assert_eq!(jobs_of(1).len(), 2);
    let items = world.pressero_items(10013);
    assert_eq!(items[&1].0, Some(jobs_of(1).join(", ")));
    assert_eq!(items[&2].0, Some(jobs_of(2).join(", ")));
    for file in &plan.files {
        let job = &report.job_numbers[&file.job];
        let attached = world
            .pace_sim
            .objects("FileAttachment")
            .into_iter()
            .any(|a| &a["baseObjectKey"] == job && a["name"] == file.target_name);
        let noted = world
            .pace_sim
            .objects("JobNote")
            .into_iter()
            .any(|n| &n["job"] == job && n["note"].contains(&file.target_name));
        assert!(
            attached != noted,
            "{} reaches job {job} once",
            file.target_name
        );
    }
}
