//! What a create or update does with a field the type does not have: by default Pace's fault;
//! in the lenient mode (config flag, or `PUT /_sim/unknown-fields`) the field is dropped
//! silently, as a lenient SOAP server may. A field the simulator is told to "forget" counts as
//! unknown (faulted by filters, sorts and field descriptors; dropped by lenient writes): a
//! stand-in for a Pace whose field model lacks a name a client guessed.

use pace_simulator::{PaceConfig, UnknownFields};
use serde_json::json;

use crate::harness::{Pace, fixed_clock};

async fn put_mode(pace: &Pace, mode: serde_json::Value) -> u16 {
    reqwest::Client::new()
        .put(pace.url("/_sim/unknown-fields"))
        .json(&mode)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or_default()
}

#[tokio::test]
async fn unknown_fields_fault_by_default() {
    let pace = Pace::start().await;
    pace.create("Job", &[("customer", "ACME"), ("scheduledShipDat", "x")])
        .await
        .assert_fault("Unknown field 'scheduledShipDat' on object 'Job'");
    assert_eq!(pace.running.count("Job"), 0);
}

#[tokio::test]
async fn the_lenient_mode_drops_unknown_and_forgotten_fields_silently() {
    let pace = Pace::start().await;
    let status = put_mode(
        &pace,
        json!({"drop": true, "forget": ["Job.scheduledShipDate"]}),
    )
    .await;
    assert_eq!(status, 200);
    let created = pace
        .create(
            "Job",
            &[
                ("customer", "ACME"),
                ("description", "Cards"),
                ("colour", "red"),
                ("scheduledShipDate", "2026-12-08T05:00:00.000Z"),
            ],
        )
        .await
        .ok();
    assert_eq!(created.field("description").as_deref(), Some("Cards"));
    assert_eq!(created.field("scheduledShipDate"), None, "stored empty");
    assert_eq!(created.field("colour"), None);
    let updated = pace
        .update(
            "Job",
            &[
                ("job", "10001"),
                ("scheduledShipDate", "2026-12-09T05:00:00.000Z"),
                ("promiseDate", "2026-12-10T05:00:00.000Z"),
            ],
        )
        .await
        .ok();
    assert_eq!(updated.field("scheduledShipDate"), None);
    assert_eq!(
        updated.field("promiseDate").as_deref(),
        Some("2026-12-10T05:00:00.000Z")
    );
    // A forgotten field is unknown to filters and field descriptors too (reads never drop).
    pace.call(
        "FindObjects",
        "find",
        "<in0>Job</in0><in1>@scheduledShipDate = date(2026, 12, 9)</in1>",
    )
    .await
    .assert_fault("Unknown field 'scheduledShipDate' on object 'Job'");
    pace.call(
        "FindObjects",
        "loadValueObjects",
        r#"<in0><objectName>Job</objectName><xpathFilter></xpathFilter><xpathSorts/><offset>0</offset><limit>1</limit><fields><FieldDescriptor xmlns="http://rpc.services.appbox.pace2020.com"><name>s</name><xpath>@scheduledShipDate</xpath></FieldDescriptor></fields></in0>"#,
    )
    .await
    .assert_fault("Unknown field 'scheduledShipDate' on object 'Job'");

    // Back to Pace's behaviour: a forgotten field faults like any unknown one.
    assert_eq!(
        put_mode(
            &pace,
            json!({"drop": false, "forget": ["Job.scheduledShipDate"]})
        )
        .await,
        200
    );
    pace.update(
        "Job",
        &[
            ("job", "10001"),
            ("scheduledShipDate", "2026-12-09T05:00:00.000Z"),
        ],
    )
    .await
    .assert_fault("Unknown field 'scheduledShipDate' on object 'Job'");
    assert_eq!(put_mode(&pace, json!({})).await, 200);
    pace.update(
        "Job",
        &[
            ("job", "10001"),
            ("scheduledShipDate", "2026-12-09T05:00:00.000Z"),
        ],
    )
    .await
    .ok();
}

#[tokio::test]
async fn the_lenient_mode_can_be_configured_at_start() {
    let pace = Pace::start_with(PaceConfig {
        clock: fixed_clock(),
        unknown_fields: UnknownFields::dropped(),
        ..PaceConfig::default()
    })
    .await;
    let created = pace
        .create(
            "Customer",
            &[("id", "NEWCO"), ("custName", "New Co"), ("custNmae", "x")],
        )
        .await
        .ok();
    assert_eq!(created.field("custName").as_deref(), Some("New Co"));
}
