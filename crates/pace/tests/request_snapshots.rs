//! Pins the exact request envelope of every operation (built without a network). Read the
//! `.snap` files in `tests/snapshots/` to review the wire format.

use std::time::Duration;

use pace::requests;
use pace::xpath::{Filter, Sort, date};
use pace::{Attachment, FieldValue, Job, JobPart, PaceObject, PaceType, Service};

fn envelope(request: &pace::SoapRequest) -> String {
    match request.envelope(None) {
        Ok(xml) => xml,
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn find() {
    let filter = Filter::eq("@customer", "HOUSE").and(Filter::eq("adminStatus/@openJob", true));
    let request = requests::find("Job", &filter).unwrap();
    assert_eq!(request.service(), Service::FindObjects);
    insta::assert_snapshot!(envelope(&request));
}

#[test]
fn find_sort_and_limit() {
    let filter = Filter::eq("@job", "12345").and(Filter::ge("@date", date(2024, 3, 1)));
    let sorts = [
        Sort::descending("@id"),
        Sort::ascending("customer/@custName"),
    ];
    let request = requests::find_sort_and_limit("JobShipment", &filter, &sorts, 50, 25).unwrap();
    insta::assert_snapshot!(envelope(&request));
}

#[test]
fn find_sort_and_limit_without_sorts() {
    let request =
        requests::find_sort_and_limit("Contact", &Filter::eq("@email", "a&b@x.com"), &[], 0, 10)
            .unwrap();
    insta::assert_snapshot!(envelope(&request));
}

#[test]
fn load_value_objects() {
    let query =
        pace::ValueObjectDescriptor::new("Contact", Filter::contains("@email", "@acme.com"))
            .field("customer", "@customer")
            .field("customerName", "customer/@custName")
            .sort(Sort::ascending("@id"))
            .offset(0)
            .limit(100);
    insta::assert_snapshot!(envelope(&requests::load_value_objects(&query).unwrap()));
}

#[test]
fn read_job() {
    insta::assert_snapshot!(envelope(&requests::read_object("Job", "12345").unwrap()));
}

#[test]
fn read_job_part() {
    let request = requests::read_object(JobPart::TYPE, "12345:01").unwrap();
    assert_eq!(request.operation(), "readJobPart");
    insta::assert_snapshot!(envelope(&request));
}

#[test]
fn create_job_sends_only_set_fields() {
    let job = Job {
        customer: Some("HOUSE".into()),
        description: Some("1001 – Café Storefront".into()),
        job_type: Some(1),
        admin_status: Some("O".into()),
        po_num: Some("PO <7> & co".into()),
        item_template: Some("BC".into()),
        part1_quantity_ordered: Some(500),
        amount_to_invoice: Some(123.45),
        ..Job::default()
    };
    insta::assert_snapshot!(envelope(
        &requests::create_object(&job.to_object()).unwrap()
    ));
}

#[test]
fn update_job_part_is_partial() {
    let part = JobPart {
        job: Some("12345".into()),
        job_part: Some("01".into()),
        qty_ordered: Some(250),
        freight_amt: Some(9.5),
        ..JobPart::default()
    };
    let request = requests::update_object(&part.to_object(), part.key()).unwrap();
    assert_eq!(request.context().key.as_deref(), Some("12345:01"));
    insta::assert_snapshot!(envelope(&request));
}

#[test]
fn update_generic_object_with_nil() {
    let mut contact = PaceObject::new("Contact")
        .with("id", 77i64)
        .with("companyName", "ACME".to_owned());
    contact.set_nil("title");
    insta::assert_snapshot!(envelope(
        &requests::update_object(&contact, Some("77".into())).unwrap()
    ));
}

#[test]
fn delete_object() {
    insta::assert_snapshot!(envelope(
        &requests::delete_object("JobShipment", "139064").unwrap()
    ));
}

#[test]
fn invoke_action() {
    let arguments = [
        FieldValue::reference("E100"),
        FieldValue::from("2024-03-01T00:00:00.000Z"),
        FieldValue::Nil,
        FieldValue::from(1i64),
    ];
    insta::assert_snapshot!(envelope(
        &requests::invoke_action("receivePurchaseOrderLine", &arguments).unwrap()
    ));
}

#[test]
fn version() {
    let request = requests::version().unwrap();
    assert_eq!(request.service(), Service::Version);
    insta::assert_snapshot!(envelope(&request));
}

#[test]
fn add_attachment() {
    let attachment = Attachment {
        name: "proof.pdf".into(),
        content: b"%PDF-1.4 hello".to_vec(),
        mime_type: "application/pdf".into(),
        file_extension: "pdf".into(),
    };
    insta::assert_snapshot!(envelope(
        &requests::add_attachment("Job", "12345", None, &attachment).unwrap()
    ));
}

#[test]
fn start_transaction() {
    insta::assert_snapshot!(envelope(
        &requests::start_transaction(Duration::from_secs(90)).unwrap()
    ));
}

#[test]
fn commit_carries_process_and_txn_id() {
    insta::assert_snapshot!(
        requests::commit()
            .unwrap()
            .envelope(Some("txn-42"))
            .unwrap()
    );
}

#[test]
fn rollback_carries_process_and_txn_id() {
    insta::assert_snapshot!(
        requests::rollback()
            .unwrap()
            .envelope(Some("txn-42"))
            .unwrap()
    );
}

#[test]
fn create_inside_a_transaction_carries_txn_id() {
    let note = PaceObject::new("JobNote")
        .with("job", "12345".to_owned())
        .with("note", "Rush".to_owned());
    insta::assert_snapshot!(
        requests::create_object(&note)
            .unwrap()
            .envelope(Some("txn-42"))
            .unwrap()
    );
}
