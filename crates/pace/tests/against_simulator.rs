//! The client over real HTTP against the Pace simulator on 127.0.0.1: every operation, every
//! error kind, and `is_transient()` for each.

use std::time::Duration;

use pace::xpath::{Filter, Sort};
use pace::{
    Attachment, Carton, CartonContent, Contact, Customer, FieldValue, Job, JobNote, JobPart,
    JobShipment, PaceClient, PaceConnection, PaceError, PaceObject, PaceType, Password, ShipVia,
    TransportKind, ValueObjectDescriptor,
};
use pace_simulator::{FaultKind, FaultRule, PaceConfig, PaceSimulator, RunningPace};

/// Shared set-up; a `#[cfg(test)]` module so that clippy treats its `expect`s as test code.
#[cfg(test)]
mod support {
    use super::*;

    pub const LOGIN: &str = "apiuser";
    pub const PASSWORD: &str = "secret";

    pub async fn simulator() -> RunningPace {
        PaceSimulator::start(PaceConfig::default())
            .await
            .expect("simulator starts")
    }

    pub fn client(pace: &RunningPace, password: &str, timeout: Duration) -> PaceClient {
        let connection = PaceConnection::new(&pace.base_url(), LOGIN)
            .expect("valid URL")
            .request_timeout(timeout);
        PaceClient::new(connection, Password::new(password)).expect("client builds")
    }

    pub async fn connected() -> (RunningPace, PaceClient) {
        let pace = simulator().await;
        let client = client(&pace, PASSWORD, Duration::from_secs(10));
        (pace, client)
    }

    pub fn fault_once(pace: &RunningPace, kind: FaultKind, operation: &str) {
        pace.instruments()
            .faults
            .add(FaultRule::times(kind, Some(operation), 1));
    }

    pub async fn new_job(pace: &PaceClient) -> Job {
        pace.create(&Job {
            customer: Some("ACME".into()),
            description: Some("1001-Storefront".into()),
            job_type: Some(1),
            admin_status: Some("O".into()),
            ..Job::default()
        })
        .await
        .expect("job created")
    }
}

use support::*;

#[tokio::test]
async fn version() {
    let (_pace, client) = connected().await;
    assert_eq!(
        client.version().await.unwrap(),
        pace_simulator::DEFAULT_VERSION
    );
}

#[tokio::test]
async fn multi_company_url() {
    let pace = simulator().await;
    let connection = PaceConnection::new(&pace.base_url(), LOGIN)
        .unwrap()
        .company("printco")
        .unwrap()
        .keep_alive(false);
    let client = PaceClient::new(connection, Password::new(PASSWORD)).unwrap();
    assert!(!client.version().await.unwrap().is_empty());
}

#[tokio::test]
async fn find_and_find_sort_and_limit() {
    let (_pace, client) = connected().await;
    let keys = client
        .find("Customer", &Filter::eq("@email", "purchasing@acme.example"))
        .await
        .unwrap();
    assert_eq!(keys, ["ACME"]);
    let none = client
        .find(
            "Customer",
            &Filter::eq("@custName", "O'Brien \"and\" or ] ["),
        )
        .await;
    assert!(matches!(none, Err(PaceError::InvalidRequest { .. })));
    let none = client
        .find("Customer", &Filter::eq("@custName", "x' or '1'='1"))
        .await
        .unwrap();
    assert!(none.is_empty());
    let all: Vec<ShipVia> = {
        let keys = client
            .find_sort_and_limit(
                "ShipVia",
                &Filter::gt("@id", 0),
                &[Sort::descending("@id")],
                0,
                100,
            )
            .await
            .unwrap();
        let mut vias = Vec::new();
        for key in &keys {
            vias.push(client.read::<ShipVia>(key).await.unwrap());
        }
        vias
    };
    let ids: Vec<i64> = all.iter().filter_map(|v| v.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);
    let page = client
        .find_sort_and_limit(
            "ShipVia",
            &Filter::gt("@id", 0),
            &[Sort::descending("@id")],
            1,
            2,
        )
        .await
        .unwrap();
    assert_eq!(
        page,
        ids[1..3].iter().map(i64::to_string).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn load_value_objects_returns_at_most_limit() {
    let (pace, client) = connected().await;
    let descriptor = ValueObjectDescriptor::new("Contact", Filter::gt("@id", 0))
        .field("email", "@email")
        .field("customerName", "customer/@custName")
        .sort(Sort::ascending("@id"))
        .limit(2);
    let rows = client.load_value_objects(&descriptor).await.unwrap();
    assert!(pace.count("Contact") > 2);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].get("email"), Some("jane.doe@acme.example"));
    assert_eq!(rows[0].get("customerName"), Some("Acme Corporation"));
}

#[tokio::test]
async fn read_typed_and_generic() {
    let (_pace, client) = connected().await;
    let acme: Customer = client.read("ACME").await.unwrap();
    assert_eq!(acme.cust_name.as_deref(), Some("Acme Corporation"));
    assert_eq!(acme.country, Some(1));
    assert_eq!(
        acme.date_setup.map(|d| d.instant().to_rfc3339()),
        Some("2019-03-14T00:00:00+00:00".to_owned())
    );
    let acme_contacts: Vec<Contact> = client
        .find_objects(&Filter::eq("@customer", "ACME"))
        .await
        .unwrap();
    assert!(!acme_contacts.is_empty());
    assert!(
        acme_contacts
            .iter()
            .all(|c| c.customer.as_deref() == Some("ACME"))
    );
    let generic = client.read_object("Customer", "ACME").await.unwrap();
    assert_eq!(generic.text("custName"), Some("Acme Corporation"));
    let contact: Contact = client.read("101").await.unwrap();
    assert_eq!(contact.customer.as_deref(), Some("ACME"));
    assert_eq!(contact.ship_to, Some(true));
}

#[tokio::test]
async fn non_ascii_and_entities_round_trip() {
    let (_pace, client) = connected().await;
    let name = "Café Müller & Söhne <GmbH> \"Zürich\" 東京";
    let created = client
        .create(&Contact {
            customer: Some("ACME".into()),
            first_name: Some("Zoë".into()),
            last_name: Some(name.into()),
            email: Some("zoe@example.com".into()),
            ..Contact::default()
        })
        .await
        .unwrap();
    let id = created.key().expect("contact id assigned");
    let read: Contact = client.read(&id).await.unwrap();
    assert_eq!(read.last_name.as_deref(), Some(name));
    assert_eq!(read.first_name.as_deref(), Some("Zoë"));
    let found = client
        .find("Contact", &Filter::eq("@lastName", name))
        .await
        .unwrap();
    assert_eq!(found, [id]);
}

#[tokio::test]
async fn job_part_shipment_carton_note_lifecycle() {
    let (pace, client) = connected().await;
    let job = new_job(&client).await;
    let job_key = job.key().expect("job number assigned");
    assert_eq!(job.customer.as_deref(), Some("ACME"));

    // Part 01 is created with the job; a partial update leaves other fields alone.
    let part: JobPart = client.read(&format!("{job_key}:01")).await.unwrap();
    let description = part.description.clone();
    let updated = client
        .update(&JobPart {
            job: Some(job_key.clone()),
            job_part: Some("01".into()),
            qty_ordered: Some(250),
            freight_amt: Some(9.5),
            ..JobPart::default()
        })
        .await
        .unwrap();
    assert_eq!(updated.qty_ordered, Some(250));
    assert_eq!(updated.freight_amt, Some(9.5));
    assert_eq!(updated.description, description);

    let shipment = client
        .create(&JobShipment {
            job: Some(job_key.clone()),
            name: Some("Jane Doe".into()),
            address1: Some("100 Industrial Way".into()),
            city: Some("New York".into()),
            state: Some("NY".into()),
            zip: Some("10001".into()),
            country: Some(1),
            ship_via: Some(2),
            quantity: Some(250),
            ..JobShipment::default()
        })
        .await
        .unwrap();
    let shipment_id = shipment.id.expect("shipment id");
    let carton = client
        .create(&Carton {
            shipment: Some(shipment_id),
            count: Some(1),
            quantity: Some(250),
            add_default_content: Some(false),
            ..Carton::default()
        })
        .await
        .unwrap();
    let content = client
        .create(&CartonContent {
            carton: carton.id,
            quantity: Some(250),
            job_part_job: Some(job_key.clone()),
            job_part: Some("01".into()),
            ..CartonContent::default()
        })
        .await
        .unwrap();
    assert!(content.id.is_some());

    let note = client
        .create(&JobNote {
            job: Some(job_key.clone()),
            note: Some("Rush, please".into()),
            ..JobNote::default()
        })
        .await
        .unwrap();
    let note_key = note.key().expect("note id");
    client.delete("JobNote", &note_key).await.unwrap();
    let gone = client.read::<JobNote>(&note_key).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");
    assert!(pace.object("Job", &job_key).is_some());
}

#[tokio::test]
async fn invoke_action_returns_out() {
    let (_pace, client) = connected().await;
    let job = new_job(&client).await;
    let key = job.key().unwrap();
    let out = client
        .invoke_action(
            "isComboJobPercentagesDistributed",
            &[FieldValue::reference(key.clone())],
        )
        .await
        .unwrap();
    assert_eq!(out.as_text(), Some("true"));
    let estimate = client
        .invoke_action("convertJobToEstimate", &[FieldValue::reference(key)])
        .await
        .unwrap();
    let estimate = PaceObject {
        object_type: "Estimate".into(),
        fields: estimate.as_fields().expect("an object").to_vec(),
    };
    assert_eq!(estimate.text("customer"), Some("ACME"));
}

#[tokio::test]
async fn add_attachment_returns_a_key() {
    let (_pace, client) = connected().await;
    let job = new_job(&client).await;
    let attachment = Attachment {
        name: "proof.pdf".into(),
        content: b"%PDF-1.4 \x00\x01\xff binary".to_vec(),
        mime_type: "application/pdf".into(),
        file_extension: "pdf".into(),
    };
    let key = client
        .add_attachment("Job", &job.key().unwrap(), None, &attachment)
        .await
        .unwrap();
    assert!(!key.is_empty());
    let found = client
        .find(
            "FileAttachment",
            &Filter::eq("@baseObject", "Job")
                .and(Filter::eq("@baseObjectKey", job.key().unwrap().as_str())),
        )
        .await
        .unwrap();
    assert_eq!(found, [key]);
}

#[tokio::test]
async fn transaction_commit_and_rollback() {
    let (pace, client) = connected().await;
    let before = pace.count("Job");

    let transaction = client
        .start_transaction(Duration::from_secs(30))
        .await
        .unwrap();
    assert!(!transaction.id().is_empty());
    new_job(&transaction).await;
    assert_eq!(pace.count("Job"), before, "not visible before commit");
    transaction.commit().await.unwrap();
    assert_eq!(pace.count("Job"), before + 1);

    let transaction = client
        .start_transaction(Duration::from_secs(30))
        .await
        .unwrap();
    new_job(&transaction).await;
    transaction.rollback().await.unwrap();
    assert_eq!(pace.count("Job"), before + 1);
}

// ---- errors ----

#[tokio::test]
async fn bad_password_is_an_authentication_error() {
    let pace = simulator().await;
    let client = client(&pace, "wrong", Duration::from_secs(10));
    let error = client.version().await.unwrap_err();
    assert!(
        matches!(error, PaceError::Authentication { .. }),
        "{error:?}"
    );
    assert!(!error.is_transient());
}

#[tokio::test]
async fn injected_unauthorized_is_an_authentication_error() {
    let (pace, client) = connected().await;
    fault_once(&pace, FaultKind::Unauthorized, "find");
    let error = client
        .find("Job", &Filter::gt("@job", 0))
        .await
        .unwrap_err();
    assert!(
        matches!(error, PaceError::Authentication { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn read_miss_is_not_found() {
    let (_pace, client) = connected().await;
    let error = client.read::<Customer>("NOSUCHCUSTOMER").await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    assert!(!error.is_transient());
    assert_eq!(error.context().operation, "readCustomer");
    assert_eq!(error.context().key.as_deref(), Some("NOSUCHCUSTOMER"));
}

#[tokio::test]
async fn unknown_field_is_a_soap_fault() {
    let (_pace, client) = connected().await;
    let job = PaceObject::new("Job")
        .with("customer", "ACME".to_owned())
        .with("noSuchField", "x".to_owned());
    let error = client.create_object(&job).await.unwrap_err();
    match &error {
        PaceError::Fault {
            message, context, ..
        } => {
            assert!(message.contains("noSuchField"), "{message}");
            assert_eq!(context.operation, "createJob");
        }
        other => panic!("expected a fault, got {other:?}"),
    }
    assert!(!error.is_transient());
}

#[tokio::test]
async fn injected_protocol_error_is_a_soap_fault() {
    let (pace, client) = connected().await;
    fault_once(&pace, FaultKind::ProtocolError, "getVersion");
    let error = client.version().await.unwrap_err();
    assert!(matches!(error, PaceError::Fault { .. }), "{error:?}");
    assert!(!error.is_transient());
}

#[tokio::test]
async fn dropped_connection_is_transient() {
    let (pace, client) = connected().await;
    fault_once(&pace, FaultKind::DropConnection, "find");
    let error = client
        .find("Job", &Filter::gt("@job", 0))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            PaceError::Transport {
                kind: TransportKind::ConnectionClosed,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_transient());
    // The next call works again.
    client.find("Job", &Filter::gt("@job", 0)).await.unwrap();
}

#[tokio::test]
async fn http_500_page_is_transient() {
    let (pace, client) = connected().await;
    fault_once(&pace, FaultKind::ServerError, "readCustomer");
    let error = client.read::<Customer>("ACME").await.unwrap_err();
    assert!(
        matches!(error, PaceError::HttpStatus { status: 500, .. }),
        "{error:?}"
    );
    assert!(error.is_transient());
}

#[tokio::test]
async fn malformed_body_is_an_unexpected_reply() {
    let (pace, client) = connected().await;
    fault_once(&pace, FaultKind::MalformedBody, "readCustomer");
    let error = client.read::<Customer>("ACME").await.unwrap_err();
    assert!(
        matches!(error, PaceError::UnexpectedReply { .. }),
        "{error:?}"
    );
    assert!(!error.is_transient());
}

#[tokio::test]
async fn commit_then_drop_leaves_the_job_created_and_the_outcome_unknown() {
    let (pace, client) = connected().await;
    let before = pace.count("Job");
    fault_once(&pace, FaultKind::CommitThenDrop, "createJob");
    let error = client
        .create(&Job {
            customer: Some("ACME".into()),
            description: Some("lost reply".into()),
            ..Job::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(error, PaceError::Transport { .. }), "{error:?}");
    assert!(error.is_transient());
    assert!(error.outcome_unknown());
    assert_eq!(pace.count("Job"), before + 1, "the write happened");
    let found = client
        .find("Job", &Filter::eq("@description", "lost reply"))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[tokio::test]
async fn latency_beyond_the_request_timeout_is_a_transient_timeout() {
    let pace = simulator().await;
    let client = client(&pace, PASSWORD, Duration::from_millis(200));
    let mut slow = FaultRule::times(FaultKind::Slow, Some("getVersion"), 1);
    slow.latency_ms = Some(2_000);
    pace.instruments().faults.add(slow);
    let error = client.version().await.unwrap_err();
    assert!(
        matches!(
            error,
            PaceError::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_transient());
    assert!(error.outcome_unknown());
}
