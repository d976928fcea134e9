//! JobShipment, Carton and CartonContent (reference §4.7, §4.8).

use super::pace_object;
use crate::value::{PaceDate, PaceTime};

pace_object! {
    /// A shipment of a job to one address, keyed by the integer `id` Pace assigns. Pace has no
    /// separate `Shipment` type: cartons point here.
    JobShipment = "JobShipment",
    key "id" = |shipment| shipment.id.map(|id| id.to_string()),
    {
        id: i64 = "id",
        job: String = "job",
        job_part: String = "jobPart",
        job_part_key: String = "jobPartKey",
        customer: String = "customer",
        description: String = "description",
        name: String = "name",
        contact_first_name: String = "contactFirstName",
        contact_last_name: String = "contactLastName",
        email: String = "email",
        phone: String = "phone",
        extension: String = "extension",
        address1: String = "address1",
        address2: String = "address2",
        address3: String = "address3",
        city: String = "city",
        state: String = "state",
        state_key: String = "stateKey",
        zip: String = "zip",
        country: i64 = "country",
        ship_via: i64 = "shipVia",
        ship_via_note: String = "shipViaNote",
        account_number: String = "accountNumber",
        forced_account_number: bool = "forcedAccountNumber",
        charges: String = "charges",
        ship_bill_to_contact: i64 = "shipBillToContact",
        quantity: i64 = "quantity",
        planned_quantity: i64 = "plannedQuantity",
        shipment_type: i64 = "shipmentType",
        shipper_name: String = "shipperName",
        ship_in_name_of: String = "shipInNameOf",
        tracking_number: String = "trackingNumber",
        cost: f64 = "cost",
        quoted_price: f64 = "quotedPrice",
        weight: f64 = "weight",
        notes: String = "notes",
        date: PaceDate = "date",
        time: PaceTime = "time",
        promise_date: PaceDate = "promiseDate",
        promise_time: PaceTime = "promiseTime",
        shipped: bool = "shipped",
        contact_number: i64 = "contactNumber",
        job_contact: i64 = "jobContact",
        carton1_count: i64 = "carton1Count",
        carton1_quantity: i64 = "carton1Quantity",
    }
}

pace_object! {
    /// A carton of a shipment (`shipment` = the JobShipment id). Set `add_default_content` to
    /// `false` to stop Pace adding content on its own.
    Carton = "Carton",
    key "id" = |carton| carton.id.map(|id| id.to_string()),
    {
        id: i64 = "id",
        shipment: i64 = "shipment",
        skid: i64 = "skid",
        count: i64 = "count",
        quantity: i64 = "quantity",
        add_default_content: bool = "addDefaultContent",
        note: String = "note",
        tracking_number: String = "trackingNumber",
        weight: f64 = "weight",
        actual_date: PaceDate = "actualDate",
        actual_time: PaceTime = "actualTime",
    }
}

pace_object! {
    /// What is in a carton. For a job part use `job_part_job` + `job_part` (not `job`); the key
    /// field is spelled `JobPartKey`, with a capital J.
    CartonContent = "CartonContent",
    key "id" = |content| content.id.map(|id| id.to_string()),
    {
        id: i64 = "id",
        carton: i64 = "carton",
        quantity: i64 = "quantity",
        content: String = "content",
        content_description: String = "contentDescription",
        note: String = "note",
        job: String = "job",
        job_part: String = "jobPart",
        job_part_job: String = "jobPartJob",
        job_part_key: String = "JobPartKey",
        job_material: i64 = "jobMaterial",
        sequence: i64 = "sequence",
    }
}
