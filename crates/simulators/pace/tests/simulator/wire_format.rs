//! The reference's hand-written envelopes, sent byte-for-byte, and the documented reply shapes
//! (snapshotted; the clock is fixed so dates are stable).

use pace_simulator::Seed;

use crate::harness::{Pace, pretty};

/// The request envelope exactly as `shared/reference/pace-api.md` §2 prints it.
fn reference_envelope(body: &str) -> String {
    format!(
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"\n               xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"\n               xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n  <soap:Body>\n{body}\n  </soap:Body>\n</soap:Envelope>"
    )
}

const CREATE_JOB: &str = r#"<createJob xmlns="urn://pace2020.com/epace/sdk/CreateObject">
  <job>
    <customer xmlns="http://pace2020.com/epace/object">HOUSE</customer>
    <description xmlns="http://pace2020.com/epace/object">Test Order</description>
    <jobType xmlns="http://pace2020.com/epace/object">10</jobType>
    <adminStatus xmlns="http://pace2020.com/epace/object">O</adminStatus>
  </job>
</createJob>"#;

const FIND: &str = r#"<find xmlns="urn://pace2020.com/epace/sdk/FindObjects">
  <in0>Job</in0>
  <in1>@customer = 'HOUSE' and adminStatus/@openJob = 'true'</in1>
</find>"#;

const FIND_SORT_AND_LIMIT: &str = r#"<findSortAndLimit xmlns="urn://pace2020.com/epace/sdk/FindObjects">
  <in0>JobShipment</in0>
  <in1>@job = "12345"</in1>
  <in2>
    <XPathDataSort xmlns="http://rpc.services.appbox.pace2020.com">
      <descending>true</descending>
      <xpath>@id</xpath>
    </XPathDataSort>
  </in2>
  <in3>0</in3>
  <in4>50</in4>
</findSortAndLimit>"#;

const READ_JOB: &str = r#"<readJob xmlns="urn://pace2020.com/epace/sdk/ReadObject">
  <job>
    <job xmlns="http://pace2020.com/epace/object">12345</job>
  </job>
</readJob>"#;

const READ_JOB_PART: &str = r#"<readJobPart xmlns="urn://pace2020.com/epace/sdk/ReadObject">
  <jobPart>
    <primaryKey xmlns="http://pace2020.com/epace/object">12345:01</primaryKey>
  </jobPart>
</readJobPart>"#;

const UPDATE_JOB: &str = r#"<updateJob xmlns="urn://pace2020.com/epace/sdk/UpdateObject">
  <job>
    <job xmlns="http://pace2020.com/epace/object">12345</job>
    <adminStatus xmlns="http://pace2020.com/epace/object">C</adminStatus>
  </job>
</updateJob>"#;

/// The bundled seed plus the reference's job 12345 (with part 01 and two shipments).
fn seed_with_reference_job() -> Seed {
    let bundled = include_str!("../../../../../fixtures/pace/seed.json");
    let mut json: serde_json::Value = serde_json::from_str(bundled).unwrap_or_default();
    let objects = &mut json["objects"];
    objects["Job"] = serde_json::json!([{
        "job": "12345", "customer": "HOUSE", "description": "Reference job", "jobType": 1,
        "adminStatus": "O", "dateSetup": "2026-11-20T00:00:00.000Z", "totalParts": 1
    }]);
    objects["JobPart"] = serde_json::json!([{
        "job": "12345", "jobPart": "01", "description": "Reference part", "jobType": 1, "qtyOrdered": 1000
    }]);
    objects["JobShipment"] = serde_json::json!([
        { "id": 7, "job": "12345", "jobPart": "01", "customer": "HOUSE", "shipVia": 2, "quantity": 600 },
        { "id": 8, "job": "12345", "jobPart": "01", "customer": "HOUSE", "shipVia": 1, "quantity": 400 }
    ]);
    match Seed::from_json(&json.to_string()) {
        Ok(seed) => seed,
        Err(error) => panic!("test seed: {error}"),
    }
}

#[tokio::test]
async fn reference_create_job_envelope_gets_the_documented_reply() {
    let pace = Pace::start_with_seed(seed_with_reference_job()).await;
    let reply = pace
        .post("CreateObject", reference_envelope(CREATE_JOB))
        .await
        .ok();
    assert!(reply.body.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/""#));
    assert!(reply.body.contains(concat!(
        r#"<soap:Body><ns1:createJobResponse xmlns:ns1="urn://pace2020.com/epace/sdk/CreateObject">"#,
        r#"<ns1:out><ns2:job xmlns:ns2="http://pace2020.com/epace/object">12346</ns2:job>"#,
        r#"<ns2:customer xmlns:ns2="http://pace2020.com/epace/object">HOUSE</ns2:customer>"#
    )));
    insta::assert_snapshot!("create_job_reply", pretty(&reply.body));
}

#[tokio::test]
async fn reference_find_envelopes_get_key_strings() {
    let pace = Pace::start_with_seed(seed_with_reference_job()).await;
    pace.post("CreateObject", reference_envelope(CREATE_JOB))
        .await
        .ok();
    let reply = pace
        .post("FindObjects", reference_envelope(FIND))
        .await
        .ok();
    insta::assert_snapshot!("find_reply", pretty(&reply.body));
    let keys: Vec<String> = reply
        .out()
        .children
        .iter()
        .map(|s| s.text.clone())
        .collect();
    assert_eq!(keys, ["12345", "12346"]);
    assert!(reply.out().children.iter().all(|s| s.name == "string"
        && s.namespace.as_deref() == Some("urn://pace2020.com/epace/sdk/FindObjects")));

    let sorted = pace
        .post("FindObjects", reference_envelope(FIND_SORT_AND_LIMIT))
        .await
        .ok();
    let keys: Vec<String> = sorted
        .out()
        .children
        .iter()
        .map(|s| s.text.clone())
        .collect();
    assert_eq!(keys, ["8", "7"]);
}

#[tokio::test]
async fn reference_read_and_update_envelopes() {
    let pace = Pace::start_with_seed(seed_with_reference_job()).await;
    let reply = pace
        .post("ReadObject", reference_envelope(READ_JOB))
        .await
        .ok();
    insta::assert_snapshot!("read_job_reply", pretty(&reply.body));
    let out = reply.out();
    assert!(
        out.children
            .iter()
            .all(|f| f.namespace.as_deref() == Some("http://pace2020.com/epace/object"))
    );
    assert_eq!(reply.field("customer").as_deref(), Some("HOUSE"));
    assert!(
        out.child("poNum").is_some_and(|f| f.nil),
        "null fields come back as xsi:nil"
    );

    let part = pace
        .post("ReadObject", reference_envelope(READ_JOB_PART))
        .await
        .ok();
    assert_eq!(part.field("primaryKey").as_deref(), Some("12345:01"));
    assert_eq!(part.field("qtyOrdered").as_deref(), Some("1000"));

    let updated = pace
        .post("UpdateObject", reference_envelope(UPDATE_JOB))
        .await
        .ok();
    assert_eq!(updated.field("adminStatus").as_deref(), Some("C"));
    assert_eq!(updated.field("prevAdminStatus").as_deref(), Some("O"));
    assert_eq!(
        updated.field("description").as_deref(),
        Some("Reference job")
    );
    let open = pace
        .post("FindObjects", reference_envelope(FIND))
        .await
        .ok();
    assert!(
        open.out().children.is_empty(),
        "a closed job is no longer open"
    );
}

#[tokio::test]
async fn fault_reply_shape() {
    let pace = Pace::start().await;
    let reply = pace.post("ReadObject", reference_envelope(READ_JOB)).await;
    assert_eq!(reply.status, 500);
    insta::assert_snapshot!("read_miss_fault", pretty(&reply.body));
    assert_eq!(reply.fault_code().as_deref(), Some("soap:Server"));
    assert!(
        reply
            .fault()
            .is_some_and(|f| f.starts_with("Unable to locate object"))
    );
}
