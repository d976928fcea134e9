//! Create, read, update, delete with Pace's key rules, template defaults and integrity.

use crate::harness::{Pace, fields};

#[tokio::test]
async fn template_defaults_win_on_create_and_the_update_wins_after() {
    let pace = Pace::start().await;
    let job = pace
        .create(
            "Job",
            &[
                ("customer", "ACME"),
                ("description", "1001-Acme Store"),
                ("itemTemplate", "BC-STD"),
                ("part1QuantityOrdered", "500"),
                ("poNum", "PO-77"),
                ("jobType", "1"),
            ],
        )
        .await
        .ok();
    assert_eq!(job.field("job").as_deref(), Some("10001"));
    assert_eq!(
        job.field("description").as_deref(),
        Some("TEMPLATE Business Cards")
    );
    assert_eq!(job.field("poNum").as_deref(), Some("TEMPLATE"));
    assert_eq!(job.field("jobType").as_deref(), Some("10"));
    assert_eq!(job.field("totalParts").as_deref(), Some("1"));

    let part = pace
        .read("JobPart", &[("primaryKey", "10001:01")])
        .await
        .ok();
    assert_eq!(
        part.field("description").as_deref(),
        Some("TEMPLATE Business Cards")
    );
    assert_eq!(part.field("qtyOrdered").as_deref(), Some("250"));
    assert_eq!(part.field("itemTemplate").as_deref(), Some("BC-STD"));

    let updated = pace
        .update(
            "Job",
            &[
                ("job", "10001"),
                ("description", "1001-Acme Store"),
                ("poNum", "PO-77"),
                ("jobType", "1"),
            ],
        )
        .await
        .ok();
    assert_eq!(
        updated.field("description").as_deref(),
        Some("1001-Acme Store")
    );
    assert_eq!(updated.field("poNum").as_deref(), Some("PO-77"));
    assert_eq!(updated.field("jobType").as_deref(), Some("1"));
    assert_eq!(
        updated.field("customer").as_deref(),
        Some("ACME"),
        "unsent fields stay"
    );
    assert_eq!(updated.field("itemTemplate").as_deref(), Some("BC-STD"));

    pace.update(
        "JobPart",
        &[
            ("job", "10001"),
            ("jobPart", "01"),
            ("qtyOrdered", "500"),
            ("description", "Item 1 Cards"),
        ],
    )
    .await
    .ok();
    let part = pace
        .read("JobPart", &[("job", "10001"), ("jobPart", "01")])
        .await
        .ok();
    assert_eq!(part.field("qtyOrdered").as_deref(), Some("500"));
    assert_eq!(part.field("description").as_deref(), Some("Item 1 Cards"));
    let stored = pace.running.object("Job", "10001").unwrap_or_default();
    assert_eq!(stored.get("poNum").map(String::as_str), Some("PO-77"));
}

#[tokio::test]
async fn without_a_template_sent_fields_are_kept_and_part_one_takes_the_quantity() {
    let pace = Pace::start().await;
    let job = pace
        .create(
            "Job",
            &[
                ("customer", "BLUEHILL"),
                ("description", "Plain job"),
                ("part1QuantityOrdered", "75"),
            ],
        )
        .await
        .ok();
    assert_eq!(job.field("description").as_deref(), Some("Plain job"));
    assert_eq!(
        job.field("adminStatus").as_deref(),
        Some("O"),
        "server default status"
    );
    assert_eq!(
        job.field("dateSetup").as_deref(),
        Some("2026-11-22T00:00:00.000Z")
    );
    assert_eq!(
        job.field("timeSetUp").as_deref(),
        Some("1970-01-01T14:05:09.000Z")
    );
    assert_eq!(job.field("enteredBy").as_deref(), Some("apiuser"));
    let part = pace
        .read("JobPart", &[("primaryKey", "10001:01")])
        .await
        .ok();
    assert_eq!(part.field("qtyOrdered").as_deref(), Some("75"));
    assert_eq!(part.field("description").as_deref(), Some("Plain job"));
}

#[tokio::test]
async fn job_numbers_and_part_numbers_are_assigned_by_the_server() {
    let pace = Pace::start().await;
    for expected in ["10001", "10002"] {
        let job = pace.create("Job", &[("customer", "HOUSE")]).await.ok();
        assert_eq!(job.field("job").as_deref(), Some(expected));
    }
    let second = pace.create("JobPart", &[("job", "10001")]).await.ok();
    assert_eq!(second.field("jobPart").as_deref(), Some("02"));
    assert_eq!(second.field("primaryKey").as_deref(), Some("10001:02"));
    let templated = pace
        .create(
            "JobPart",
            &[
                ("job", "10001"),
                ("itemTemplate", "FLYER-A5"),
                ("description", "Flyers"),
                ("qtyOrdered", "40"),
            ],
        )
        .await
        .ok();
    assert_eq!(templated.field("jobPart").as_deref(), Some("03"));
    assert_eq!(
        templated.field("description").as_deref(),
        Some("TEMPLATE A5 Flyer part")
    );
    assert_eq!(templated.field("qtyOrdered").as_deref(), Some("500"));
    assert_eq!(templated.field("finalSizeW").as_deref(), Some("5.83"));
    let explicit = pace
        .create("JobPart", &[("job", "10001"), ("jobPart", "07")])
        .await
        .ok();
    assert_eq!(explicit.field("primaryKey").as_deref(), Some("10001:07"));
    let next = pace.create("JobPart", &[("job", "10001")]).await.ok();
    assert_eq!(next.field("jobPart").as_deref(), Some("08"));
    pace.create("JobPart", &[("job", "10001"), ("jobPart", "07")])
        .await
        .assert_fault("already exists");
    let job = pace.read("Job", &[("job", "10001")]).await.ok();
    assert_eq!(job.field("totalParts").as_deref(), Some("5"));
    assert_eq!(pace.running.count("Job"), 2);
    assert_eq!(pace.running.count("JobPart"), 6);
}

#[tokio::test]
async fn reads_by_natural_key_or_primary_key_and_misses_fault() {
    let pace = Pace::start().await;
    let customer = pace
        .read("Customer", &[("primaryKey", "OBRIEN")])
        .await
        .ok();
    assert_eq!(
        customer.field("custName").as_deref(),
        Some("O'Brien & Söhne GmbH")
    );
    let contact = pace.read("Contact", &[("id", "105")]).await.ok();
    assert_eq!(contact.field("firstName").as_deref(), Some("Zoë"));
    let csr = pace
        .call(
            "ReadObject",
            "readCSR",
            &format!("<cSR>{}</cSR>", fields(&[("id", "2")])),
        )
        .await
        .ok();
    assert_eq!(csr.field("name").as_deref(), Some("Dev Patel"));
    let unqualified = pace
        .call("ReadObject", "readShipVia", "<shipVia><id>3</id></shipVia>")
        .await
        .ok();
    assert_eq!(
        unqualified.field("description").as_deref(),
        Some("FedEx Overnight")
    );

    let miss = pace.read("Job", &[("job", "99999")]).await;
    miss.assert_fault("Unable to locate object");
    assert!(
        miss.fault()
            .is_some_and(|f| f.starts_with("Unable to locate object"))
    );
    assert_eq!(miss.fault_code().as_deref(), Some("soap:Server"));
    pace.read("Contact", &[("id", "0")])
        .await
        .assert_fault("Unable to locate object");
    pace.read("Widget", &[("id", "1")])
        .await
        .assert_fault("Unknown object type 'Widget'");
    pace.call("ReadObject", "readJob", "<jobb/>")
        .await
        .assert_fault("Missing parameter 'job'");
}

#[tokio::test]
async fn unknown_fields_and_bad_values_fault_and_write_nothing() {
    let pace = Pace::start().await;
    let reply = pace
        .create("Job", &[("customer", "ACME"), ("colour", "red")])
        .await;
    reply.assert_fault("Unknown field 'colour' on object 'Job'");
    assert_eq!(reply.fault_code().as_deref(), Some("soap:Client"));
    pace.create("Job", &[("customer", "ACME"), ("jobType", "ten")])
        .await
        .assert_fault("Invalid value for field 'jobType' on object 'Job'");
    pace.update("Customer", &[("id", "ACME"), ("custStatus", "I")])
        .await
        .assert_fault("Unknown field 'custStatus' on object 'Customer'");
    assert_eq!(pace.running.count("Job"), 0);
    assert_eq!(pace.running.count("JobPart"), 0);
}

/// A type, the fields of a create, and the fault text it must produce.
type IntegrityCase = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

#[tokio::test]
async fn integrity_rules_fault_like_pace() {
    let pace = Pace::start().await;
    let cases: &[IntegrityCase] = &[
        (
            "Contact",
            &[("firstName", "No"), ("customer", "NOPE")],
            "Customer 'NOPE' does not exist",
        ),
        (
            "Contact",
            &[("firstName", "No")],
            "Field 'customer' is required on object 'Contact'",
        ),
        (
            "Job",
            &[("customer", "OLDCO")],
            "Customer 'OLDCO' is inactive",
        ),
        (
            "Job",
            &[("customer", "NOPE")],
            "Customer 'NOPE' does not exist",
        ),
        (
            "Job",
            &[("description", "no customer")],
            "Field 'customer' is required",
        ),
        (
            "Job",
            &[("customer", "ACME"), ("jobType", "99")],
            "JobType '99' does not exist",
        ),
        (
            "Job",
            &[("customer", "ACME"), ("adminStatus", "Z")],
            "JobStatus 'Z' does not exist",
        ),
        (
            "Job",
            &[("customer", "ACME"), ("shipVia", "42")],
            "ShipVia '42' does not exist",
        ),
        (
            "Job",
            &[("customer", "ACME"), ("itemTemplate", "NOPE")],
            "ItemTemplate 'NOPE' does not exist",
        ),
        (
            "JobShipment",
            &[("job", "99999")],
            "Job '99999' does not exist",
        ),
        (
            "Carton",
            &[("shipment", "999")],
            "JobShipment '999' does not exist",
        ),
        (
            "CartonContent",
            &[("carton", "999")],
            "Carton '999' does not exist",
        ),
        (
            "Customer",
            &[("custName", "No Id")],
            "Field 'id' is required",
        ),
        (
            "Customer",
            &[("id", "ACME"), ("custName", "Again")],
            "already exists",
        ),
    ];
    for (type_name, pairs, message) in cases {
        pace.create(type_name, pairs).await.assert_fault(message);
    }
    assert_eq!(pace.running.count("Job"), 0);
    // An inactive customer's existing record can still be updated.
    pace.update(
        "Customer",
        &[("id", "OLDCO"), ("phoneNumber", "860-555-0000")],
    )
    .await
    .ok();
    // A job whose customer went inactive later can still be updated, even sending the
    // customer unchanged; a new job for that customer cannot be entered.
    let job = pace.create("Job", &[("customer", "NORTHWIND")]).await.ok();
    let number = job.field("job").unwrap_or_default();
    pace.update("Customer", &[("id", "NORTHWIND"), ("customerStatus", "I")])
        .await
        .ok();
    pace.update(
        "Job",
        &[
            ("job", &number),
            ("customer", "NORTHWIND"),
            ("poNum", "late"),
        ],
    )
    .await
    .ok();
    pace.create("Job", &[("customer", "NORTHWIND")])
        .await
        .assert_fault("inactive");
}

#[tokio::test]
async fn shipments_cartons_and_default_content() {
    let pace = Pace::start().await;
    pace.create(
        "Job",
        &[("customer", "NORTHWIND"), ("part1QuantityOrdered", "500")],
    )
    .await
    .ok();
    let shipment = pace
        .create(
            "JobShipment",
            &[
                ("job", "10001"),
                ("jobPart", "01"),
                ("shipVia", "2"),
                ("name", "Pat Lee"),
                ("address1", "500 Harbor Ave"),
                ("city", "Seattle"),
                ("quantity", "500"),
                ("promiseDate", "2026-11-25T05:00:00-05:00"),
            ],
        )
        .await
        .ok();
    let shipment_id = shipment.field("id").unwrap_or_default();
    assert_eq!(shipment_id, "1");
    assert_eq!(
        shipment.field("customer").as_deref(),
        Some("NORTHWIND"),
        "filled from the job"
    );
    assert_eq!(
        shipment.field("promiseDate").as_deref(),
        Some("2026-11-25T10:00:00.000Z")
    );
    pace.create("JobShipment", &[("job", "10001"), ("jobPart", "09")])
        .await
        .assert_fault("JobPart '10001:09' does not exist");

    let carton = pace
        .create(
            "Carton",
            &[
                ("shipment", &shipment_id),
                ("count", "1"),
                ("quantity", "500"),
            ],
        )
        .await
        .ok();
    assert_eq!(carton.field("addDefaultContent").as_deref(), Some("true"));
    let contents = pace.running.objects("CartonContent");
    assert_eq!(contents.len(), 1);
    let content = &contents[0];
    assert_eq!(content.get("carton"), carton.field("id").as_ref());
    assert_eq!(content.get("jobPartJob").map(String::as_str), Some("10001"));
    assert_eq!(content.get("quantity").map(String::as_str), Some("500"));

    let bare = pace
        .create(
            "Carton",
            &[
                ("shipment", &shipment_id),
                ("addDefaultContent", "false"),
                ("quantity", "1"),
            ],
        )
        .await
        .ok();
    assert_eq!(pace.running.count("CartonContent"), 1);
    let carton_id = bare.field("id").unwrap_or_default();
    pace.create(
        "CartonContent",
        &[
            ("carton", &carton_id),
            ("quantity", "1"),
            ("jobPartJob", "10001"),
            ("jobPart", "01"),
        ],
    )
    .await
    .ok();
    assert_eq!(pace.running.count("CartonContent"), 2);
}

#[tokio::test]
async fn updates_are_partial_nil_clears_and_keys_must_exist() {
    let pace = Pace::start().await;
    pace.create(
        "Job",
        &[("customer", "ACME"), ("poNum", "P1"), ("description", "D")],
    )
    .await
    .ok();
    let cleared = pace
        .call(
            "UpdateObject",
            "updateJob",
            r#"<job><job xmlns="http://pace2020.com/epace/object">10001</job><poNum xmlns="http://pace2020.com/epace/object" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/></job>"#,
        )
        .await
        .ok();
    assert_eq!(cleared.field("poNum"), None);
    assert_eq!(cleared.field("description").as_deref(), Some("D"));
    pace.update("Job", &[("job", "10001"), ("customer", "OLDCO")])
        .await
        .assert_fault("inactive");
    pace.update("Job", &[("job", "55555"), ("poNum", "x")])
        .await
        .assert_fault("Unable to locate object");
    pace.update("Job", &[("poNum", "x")])
        .await
        .assert_fault("Unable to locate object");
    let contact = pace
        .create(
            "Contact",
            &[
                ("customer", "ACME"),
                ("firstName", "New"),
                ("email", "new@acme.example"),
            ],
        )
        .await
        .ok();
    assert_eq!(
        contact.field("id").as_deref(),
        Some("107"),
        "after the seeded contacts"
    );
    assert_eq!(contact.field("active").as_deref(), Some("true"));
}

#[tokio::test]
async fn deletes_respect_references() {
    let pace = Pace::start().await;
    pace.create("Job", &[("customer", "ACME")]).await.ok();
    let delete = |type_name: &'static str, key: &'static str| {
        let pace = &pace;
        async move {
            pace.call(
                "DeleteObject",
                "deleteObject",
                &format!("<in0>{type_name}</in0><in1>{key}</in1>"),
            )
            .await
        }
    };
    delete("Customer", "ACME")
        .await
        .assert_fault("it is referenced by");
    pace.create("JobShipment", &[("job", "10001"), ("jobPart", "01")])
        .await
        .ok();
    delete("Job", "10001")
        .await
        .assert_fault("it is referenced by JobShipment '1'");
    delete("JobShipment", "1").await.ok();
    let reply = delete("Job", "10001").await.ok();
    assert!(reply.body.contains(
        r#"<ns1:deleteObjectResponse xmlns:ns1="urn://pace2020.com/epace/sdk/DeleteObject"/>"#
    ));
    assert_eq!(pace.running.count("Job"), 0);
    assert_eq!(pace.running.count("JobPart"), 0, "parts go with their job");
    delete("Job", "10001")
        .await
        .assert_fault("Unable to locate object");
    delete("Gadget", "1")
        .await
        .assert_fault("Unknown object type 'Gadget'");
}

#[tokio::test]
async fn notes_materials_and_inspection_route() {
    let pace = Pace::start().await;
    pace.create("Job", &[("customer", "ACME")]).await.ok();
    let note = pace
        .create(
            "JobNote",
            &[("job", "10001"), ("note", "Rush & fragile <3")],
        )
        .await
        .ok();
    assert_eq!(note.field("note").as_deref(), Some("Rush & fragile <3"));
    assert_eq!(
        note.field("createdDateTime").as_deref(),
        Some("2026-11-22T14:05:09.000Z")
    );
    pace.create(
        "JobMaterial",
        &[
            ("job", "10001"),
            ("jobPart", "01"),
            ("inventoryItem", "PAPER-100"),
            ("plannedQuantity", "250"),
        ],
    )
    .await
    .ok();
    pace.create("JobMaterial", &[("job", "10001"), ("jobPart", "02")])
        .await
        .assert_fault("JobPart '10001:02' does not exist");

    let json: serde_json::Value = match reqwest::get(pace.url("/_sim/objects/JobMaterial")).await {
        Ok(response) => response.json().await.unwrap_or_default(),
        Err(error) => panic!("inspection route: {error}"),
    };
    assert_eq!(json[0]["plannedQuantity"], "250.0");
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    let missing = reqwest::get(pace.url("/_sim/objects/Nope"))
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(missing.ok(), Some(404));
}
