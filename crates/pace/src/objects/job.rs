//! Job, JobPart, JobMaterial and JobNote (reference §4.4 – §4.6, §4.10).

use super::pace_object;
use crate::value::{PaceDate, PaceTime};

pace_object! {
    /// A Pace job (the order), keyed by its job number `job` (a string, assigned by Pace on
    /// create). Creating one auto-creates part `01`; with `item_template` and
    /// `part1_quantity_ordered` the template is applied to it.
    Job = "Job",
    key "job" = |job| job.job.clone(),
    {
        job: String = "job",
        customer: String = "customer",
        description: String = "description",
        description2: String = "description2",
        job_type: i64 = "jobType",
        admin_status: String = "adminStatus",
        po_num: String = "poNum",
        contact_first_name: String = "contactFirstName",
        contact_last_name: String = "contactLastName",
        date_setup: PaceDate = "dateSetup",
        time_setup: PaceTime = "timeSetUp",
        promise_date: PaceDate = "promiseDate",
        scheduled_ship_date: PaceDate = "scheduledShipDate",
        sales_person: i64 = "salesPerson",
        csr: i64 = "csr",
        sales_category: i64 = "salesCategory",
        ship_via: i64 = "shipVia",
        terms: i64 = "terms",
        job_product_type: String = "jobProductType",
        job_contact: i64 = "jobContact",
        total_parts: i64 = "totalParts",
        amount_to_invoice: f64 = "amountToInvoice",
        amount_to_invoice_forced: bool = "amountToInvoiceForced",
        original_quoted_price: f64 = "originalQuotedPrice",
        reference: String = "reference",
        parent_job: String = "parentJob",
        item_template: String = "itemTemplate",
        part1_quantity_ordered: i64 = "part1QuantityOrdered",
        part1_job_product_type: String = "part1JobProductType",
        part1_quoted_price: f64 = "part1QuotedPrice",
        add_plan_from_job_type: bool = "addPlanFromJobType",
    }
}

pace_object! {
    /// A part of a job (an order item), keyed `job:jobPart` (`12345:01`). Never set `job_part`
    /// when creating: Pace numbers parts itself. Parts have no `adminStatus`.
    JobPart = "JobPart",
    key "job + jobPart, or primaryKey" = |part| part.primary_key.clone().or_else(|| {
        Some(format!("{}:{}", part.job.as_deref()?, part.job_part.as_deref()?))
    }),
    {
        primary_key: String = "primaryKey",
        job: String = "job",
        job_part: String = "jobPart",
        description: String = "description",
        additional_description: String = "additionalDescription",
        job_type: i64 = "jobType",
        qty_ordered: i64 = "qtyOrdered",
        qty_to_mfg: i64 = "qtyToMfg",
        quoted_price: f64 = "quotedPrice",
        quoted_price_forced: bool = "quotedPriceForced",
        freight_amt: f64 = "freightAmt",
        item_template: String = "itemTemplate",
        job_product_type: String = "jobProductType",
        production_status: String = "productionStatus",
        sales_category: i64 = "salesCategory",
        ship_to_job_contact: i64 = "shipToJobContact",
        date_setup: PaceDate = "dateSetup",
        time_setup: PaceTime = "timeSetUp",
        final_size_w: f64 = "finalSizeW",
        final_size_h: f64 = "finalSizeH",
    }
}

pace_object! {
    /// A material planned on a job part (found with `@job = "…" and @jobPart = "…"`).
    JobMaterial = "JobMaterial",
    key "id" = |material| material.id.map(|id| id.to_string()),
    {
        id: i64 = "id",
        job: String = "job",
        job_part: String = "jobPart",
        job_part_key: String = "jobPartKey",
        inventory_item: String = "inventoryItem",
        planned_quantity: f64 = "plannedQuantity",
        description: String = "description",
        additional_description: String = "additionalDescription",
        uom: String = "uom",
        unit_price: f64 = "unitPrice",
        sell_price: f64 = "sellPrice",
        vendor: String = "vendor",
        date_required: PaceDate = "dateRequired",
        manual: bool = "manual",
        sequence: i64 = "sequence",
    }
}

pace_object! {
    /// A note on a job (Pace has no `comment` field on Job: notes are JobNote objects).
    JobNote = "JobNote",
    key "id" = |note| note.id.map(|id| id.to_string()),
    {
        id: i64 = "id",
        job: String = "job",
        job_part: String = "jobPart",
        note: String = "note",
        note_summary: String = "noteSummary",
        department: i64 = "department",
        customer_viewable: bool = "customerViewable",
    }
}
