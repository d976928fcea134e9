//! Pressero's JSON shapes for orders, as the simulator stores and serves them: the order detail
//! (reference §3.9 (a)), the nested order item (§3.9 (b) plus the lead engineer's proposals), the
//! address (§3.4), workflows, and what the simulator records about writes (stage changes and
//! posted shipments).
//!
//! Field names are Pressero's (PascalCase, with its odd spellings kept by explicit renames).
//! Incoming JSON is matched without regard to case (the crate's `caseless` module), so these types
//! are deserialized only after their keys were brought to the canonical spelling.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An order as `GET /api/v2/orders/{n}/Details` returns it: the master record from which the
/// flat search rows are derived.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OrderDetail {
    /// `OrderId`: a GUID.
    pub order_id: String,
    /// `OrderNumber`: the number staff and buyers see; orders are addressed by it.
    pub order_number: u64,
    /// `PrinterOrderId`.
    pub printer_order_id: Option<String>,
    /// `OrderDate` (UTC); filled with "now" when an order is added without one.
    pub order_date: Option<DateTime<Utc>>,
    /// `ReqShipDate`: the buyer's requested ship date, when the storefront captures one.
    pub req_ship_date: Option<DateTime<Utc>>,
    /// `SiteId` of the storefront.
    pub site_id: String,
    /// `SiteName` of the storefront.
    pub site_name: String,
    /// `Domain`: the storefront's primary domain.
    pub domain: String,
    /// `UserId` of the site user who ordered.
    pub user_id: String,
    /// `OrderedBy`: the ordering user's name, e-mail and department.
    pub ordered_by: OrderedBy,
    /// `PONumber`: the buyer's PO number, empty when none.
    #[serde(rename = "PONumber")]
    pub po_number: String,
    /// `Notes`: order notes / additional instructions.
    pub notes: String,
    /// `IsPaid`.
    pub is_paid: bool,
    /// `PaymentMethod`.
    pub payment_method: String,
    /// `BillToAddress`.
    pub bill_to_address: Address,
    /// `Subtotal`: the items before shipping and tax.
    pub subtotal: f64,
    /// `Shipping`: the whole order's shipping.
    pub shipping: f64,
    /// `Tax1`.
    pub tax1: f64,
    /// `Tax2`.
    pub tax2: f64,
    /// `Tax3`.
    pub tax3: f64,
    /// `VAT`.
    #[serde(rename = "VAT")]
    pub vat: f64,
    /// `Discount`.
    pub discount: f64,
    /// `Total`.
    pub total: f64,
    /// `Items`: every item, kit parents and kit children included.
    pub items: Vec<OrderItem>,
}

/// `OrderedBy` of an order detail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OrderedBy {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail address.
    pub email: String,
    /// Department.
    pub department: String,
}

/// An address-book entry / ship-to / bill-to address (reference §3.4).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Address {
    /// `AddressId`.
    pub address_id: Option<String>,
    /// `UserId` owning the entry.
    pub user_id: Option<String>,
    /// `DefaultShipMethod`.
    pub default_ship_method: Option<String>,
    /// `Business`: company name.
    pub business: String,
    /// `FirstName`.
    pub first_name: String,
    /// `LastName`.
    pub last_name: String,
    /// `Title`.
    pub title: String,
    /// `Address1`.
    pub address1: String,
    /// `Address2`.
    pub address2: String,
    /// `Address3`.
    pub address3: String,
    /// `City`.
    pub city: String,
    /// `StateProvince`: a state code such as `IL`.
    pub state_province: String,
    /// `Postal`: ZIP code.
    pub postal: String,
    /// `Country`: ISO-2.
    pub country: String,
    /// `Phone`.
    pub phone: String,
    /// `Fax`.
    pub fax: String,
    /// `Email`.
    pub email: String,
    /// `ContactId`.
    pub contact_id: Option<String>,
    /// `Vat`.
    pub vat: Option<String>,
}

/// One item of an order, nested form (reference §3.9 (b)), also the body of
/// `GET /api/v2/orders/{n}/Item/{seq}/Details`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OrderItem {
    /// `OrderItemId`: a GUID.
    pub order_item_id: String,
    /// `OrderItemNumber` (= `OrderItemSeq`): the item's position in the order, from 1.
    pub order_item_number: u32,
    /// `ProductId`.
    pub product_id: String,
    /// `ProductName`.
    pub product_name: String,
    /// `ItemName`: the buyer's name for the item.
    pub item_name: String,
    /// `MisId`: the item's MIS id (the Pace job number once synced); `null` before.
    pub mis_id: Option<String>,
    /// `PrinterPartNumber`.
    pub printer_part_number: String,
    /// `ClientPartNumber`.
    pub client_part_number: String,
    /// `Quantity`.
    pub quantity: u64,
    /// `UOMQuantity`.
    #[serde(rename = "UOMQuantity")]
    pub uom_quantity: u64,
    /// `TotalQuantity`.
    pub total_quantity: u64,
    /// `Price`: the item's price before shipping and tax.
    pub price: f64,
    /// `Shipping`: the item's share of shipping (0 where only the order's total is known).
    pub shipping: f64,
    /// `Tax`.
    pub tax: f64,
    /// `Discount`.
    pub discount: f64,
    /// `PricingEngineInfo`: the chosen pricing parameters as text.
    pub pricing_engine_info: String,
    /// `PricingParameters`.
    pub pricing_parameters: Vec<PricingParameter>,
    /// `Attributes`: the product's attributes (`JobType`, `materialID`, …).
    pub attributes: Vec<ProductAttribute>,
    /// `ProductFormFields`.
    pub product_form_fields: Vec<FormField>,
    /// `RequestedShipDate`.
    pub requested_ship_date: Option<DateTime<Utc>>,
    /// `ItemNotes`.
    pub item_notes: String,
    /// `ShipToAddress`.
    pub ship_to_address: Address,
    /// `ShippingMethodId`.
    pub shipping_method_id: String,
    /// `ShippingMethod`: the method's name, e.g. `UPS Ground`.
    pub shipping_method: String,
    /// `WillShipSeparately` (proposal): the product's "Will Ship Separately" option.
    pub will_ship_separately: bool,
    /// `ApprovalStatus` (proposal): derived from the three flags.
    pub approval_status: String,
    /// `IsApproved`.
    pub is_approved: bool,
    /// `IsDenied`.
    pub is_denied: bool,
    /// `IsApprovedWithModifications`.
    pub is_approved_with_modifications: bool,
    /// `ApprovedDate`.
    pub approved_date: Option<DateTime<Utc>>,
    /// `WorkflowId`.
    pub workflow_id: String,
    /// `WorkflowStageId`: the current stage.
    pub workflow_stage_id: String,
    /// `WorkflowStageNumber`: the current stage's `Seq`.
    pub workflow_stage_number: u32,
    /// `WorkflowStageDate`: when the item entered the current stage.
    pub workflow_stage_date: Option<DateTime<Utc>>,
    /// `WorkflowStagePrinter`: the current stage's admin-side name.
    pub workflow_stage_printer: String,
    /// `WorkflowStageCustomer`: the current stage's storefront-side name.
    pub workflow_stage_customer: String,
    /// `IsKit` (proposal): a kit parent.
    pub is_kit: bool,
    /// `KitParentOrderItemId` (proposal): set on kit children.
    pub kit_parent_order_item_id: Option<String>,
    /// `KitChildren` (proposal), on a kit parent: served exactly as stored. The reference
    /// does not know its element type, so fixtures use several: `OrderItemId`s, item numbers,
    /// small objects (`{OrderItemId, OrderItemNumber}`), or no `KitChildren` at all (`None`,
    /// left out of the JSON). Consumers must rely on each child's `KitParentOrderItemId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kit_children: Option<serde_json::Value>,
    /// `Files`: production files.
    pub files: Vec<ItemFile>,
}

/// One `PricingParameters[]` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PricingParameter {
    /// `Name`, e.g. `Paper`.
    pub name: String,
    /// `Value`, e.g. `14pt Gloss`.
    pub value: String,
    /// `PricingAttribute`, e.g. `materialID=PAP-14G`.
    pub pricing_attribute: String,
}

/// One product attribute: `{AttributeId, AttributeName?, AttributeValue}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ProductAttribute {
    /// `AttributeId`: a GUID.
    pub attribute_id: String,
    /// `AttributeName`, e.g. `JobType`.
    pub attribute_name: Option<String>,
    /// `AttributeValue`.
    pub attribute_value: String,
}

/// One of the subscriber's product attributes (`attributes.json`): product objects carry only
/// `{AttributeId, AttributeValue}` (reference §2.5, §3.8); the name is what search rows show as
/// `ProductAttributeName{n}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttributeDefinition {
    /// `AttributeId`: a GUID.
    pub attribute_id: String,
    /// `AttributeName`, e.g. `JobType`.
    pub attribute_name: String,
}

/// One `ProductFormFields[]` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FormField {
    /// `Name`.
    pub name: String,
    /// `Value`.
    pub value: String,
}

/// One production file attached to an item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ItemFile {
    /// `FileId`: a GUID.
    pub file_id: String,
    /// `FileName`, e.g. `cards.pdf`.
    pub file_name: String,
    /// `FileType`, e.g. `Production`.
    pub file_type: String,
    /// `Url`: absolute download URL; filled by the simulator when it answers (not stored).
    pub url: Option<String>,
    /// `FileSize` (proposal): bytes.
    pub file_size: Option<u64>,
}

/// A workflow with its stages, as `fixtures/pressero/workflows.json` holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Workflow {
    /// `WorkflowId`: a GUID.
    pub workflow_id: String,
    /// `Name`.
    pub name: String,
    /// `Stages`, in `Seq` order.
    pub stages: Vec<WorkflowStage>,
}

/// A stage of a workflow, as `GET /api/workflows/{id}/Stages` returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct WorkflowStage {
    /// `WorkflowStageId`: a GUID.
    pub workflow_stage_id: String,
    /// `Seq`: position in the workflow.
    pub seq: u32,
    /// `PrinterStage`: the admin-side name (`Order Received`, `Press`, …).
    pub printer_stage: String,
    /// `CustomerStage`: the storefront-side name.
    pub customer_stage: String,
    /// `Description`.
    pub description: String,
}

/// An order as the simulator holds it: the detail plus what was written to it, as
/// `GET /_sim/orders/{n}` returns it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct StoredOrder {
    /// The order detail, with each item's current `MisId` and workflow stage.
    #[serde(flatten)]
    pub detail: OrderDetail,
    /// Every stage change written through the API, oldest first.
    pub stage_history: Vec<StageChange>,
    /// Every shipment posted through the API, oldest first.
    pub shipments: Vec<PostedShipment>,
}

/// One `PUT …/Item/{seq}/Status/{stageId}` that succeeded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct StageChange {
    /// The item's `OrderItemNumber`.
    pub order_item_number: u32,
    /// The new stage's id.
    pub workflow_stage_id: String,
    /// The new stage's printer-side name.
    pub printer_stage: String,
    /// The `notes` query parameter, empty when absent.
    pub notes: String,
    /// When the change was written.
    pub changed_at: Option<DateTime<Utc>>,
}

/// One `POST /api/V2/Orders/Shipments` that succeeded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PostedShipment {
    /// The id the simulator gave the shipment.
    pub shipment_id: String,
    /// `SiteShippingMethodName` of the request.
    pub site_shipping_method_name: String,
    /// `ShipmentInfo.ShipDate` as sent.
    pub ship_date: String,
    /// `ShipmentInfo.Tracking`.
    pub tracking: String,
    /// `ShipmentInfo.Cost`.
    pub cost: f64,
    /// `ShipmentInfo.Address`.
    pub address: Address,
    /// The `OrderItemId`s of `ShipmentInfo.Items`.
    pub order_item_ids: Vec<String>,
}

impl OrderItem {
    /// Whether one entry of a kit parent's `KitChildren` names this item: its `OrderItemId`
    /// (text), its `OrderItemNumber` (a number, or digits as text), or an object carrying
    /// either.
    pub fn is_named_by(&self, entry: &serde_json::Value) -> bool {
        use serde_json::Value;
        match entry {
            Value::String(text) => {
                text.trim().eq_ignore_ascii_case(&self.order_item_id)
                    || text.trim().parse::<u32>().ok() == Some(self.order_item_number)
            }
            Value::Number(number) => number.as_u64() == Some(u64::from(self.order_item_number)),
            Value::Object(fields) => fields.iter().any(|(name, value)| {
                let name = name.to_ascii_lowercase();
                (name == "orderitemid" || name == "orderitemnumber" || name == "orderitemseq")
                    && self.is_named_by(value)
            }),
            _ => false,
        }
    }

    /// The entries of this item's `KitChildren` (none when absent or not a list).
    pub fn kit_child_entries(&self) -> &[serde_json::Value] {
        self.kit_children
            .as_ref()
            .and_then(serde_json::Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The approval state's name from the three flags: `Denied`, `ApprovedWithModifications`,
    /// `Approved` or `Pending`.
    pub fn derived_approval_status(&self) -> &'static str {
        if self.is_denied {
            "Denied"
        } else if self.is_approved_with_modifications {
            "ApprovedWithModifications"
        } else if self.is_approved {
            "Approved"
        } else {
            "Pending"
        }
    }
}

impl OrderDetail {
    /// The item with `OrderItemNumber == seq`.
    pub fn item(&self, seq: u32) -> Option<&OrderItem> {
        self.items.iter().find(|i| i.order_item_number == seq)
    }

    /// The item with `OrderItemNumber == seq`, to change it.
    pub fn item_mut(&mut self, seq: u32) -> Option<&mut OrderItem> {
        self.items.iter_mut().find(|i| i.order_item_number == seq)
    }

    /// `Tax1 + Tax2 + Tax3 + VAT`, the order's tax as search rows report it (`OrderTax`).
    pub fn total_tax(&self) -> f64 {
        self.tax1 + self.tax2 + self.tax3 + self.vat
    }
}

impl StoredOrder {
    /// The order's number.
    pub fn order_number(&self) -> u64 {
        self.detail.order_number
    }
}
