//! The look-up objects a shop configures and orders refer to: ShipVia, JobType, JobStatus and
//! ItemTemplate (reference §4.9, §4.10, §5.1).

use super::pace_object;

pace_object! {
    /// A shipping method (`description` is its display name).
    ShipVia = "ShipVia",
    key "id" = |ship_via| ship_via.id.map(|id| id.to_string()),
    {
        id: i64 = "id",
        provider: i64 = "provider",
        description: String = "description",
        active: bool = "active",
        minimum_weight: f64 = "minimumWeight",
        maximum_weight: f64 = "maximumWeight",
        available_in_ecommerce: bool = "availableInEcommerce",
    }
}

pace_object! {
    /// A job type (1 = Printing on most sites).
    JobType = "JobType",
    key "id" = |job_type| job_type.id.map(|id| id.to_string()),
    {
        id: i64 = "id",
        description: String = "description",
        active: bool = "active",
        job_number_prefix: String = "jobNumberPrefix",
        routing_template: i64 = "routingTemplate",
    }
}

pace_object! {
    /// A job status (`Job.adminStatus`), keyed by a string code such as `O` (open) or `C`.
    JobStatus = "JobStatus",
    key "id" = |status| status.id.clone(),
    {
        id: String = "id",
        description: String = "description",
        open_job: bool = "openJob",
        admin: bool = "admin",
        production: bool = "production",
        billing_ok: bool = "billingOK",
    }
}

pace_object! {
    /// A product template, keyed by its `code`; named on a Job or JobPart as `itemTemplate`.
    ItemTemplate = "ItemTemplate",
    key "code" = |template| template.code.clone(),
    {
        code: String = "code",
        description: String = "description",
        item_template_type: String = "itemTemplateType",
        job_product_type: String = "jobProductType",
        sales_category: i64 = "salesCategory",
        base_object: String = "baseObject",
        qty_options: i64 = "qtyOptions",
        active: bool = "active",
    }
}
