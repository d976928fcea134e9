//! Pressero records the client reads besides orders: products (with their Integration ID and
//! named attributes), workflows and their stages, and a site user's address book.

use serde::{Deserialize, Serialize};

use crate::order::{Address, NamedValue};

/// A storefront product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Pressero's `ProductId` (a GUID).
    pub product_id: String,
    /// `ProductName`.
    pub name: String,
    /// The product's "Integration ID" (`MisId`): a Pace item template code; empty when not set.
    pub integration_id: String,
    /// The printer's part number (`PrintersPartNum`).
    pub printers_part_number: String,
    /// The workflow the product's items follow (`ProductInfo.WorkflowId`), when given.
    pub workflow_id: String,
    /// The product's attributes that carry a name (`JobType`, `materialID`, …).
    pub attributes: Vec<NamedValue>,
}

/// A Pressero workflow (the stages an item goes through).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workflow {
    /// `WorkflowId` (a GUID).
    pub workflow_id: String,
    /// The workflow's name.
    pub name: String,
}

/// One stage of a workflow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowStage {
    /// `WorkflowStageId` (a GUID): what the status write-back sends.
    pub stage_id: String,
    /// Position in the workflow (`Seq`).
    pub seq: u64,
    /// The admin-side name (`PrinterStage`), e.g. `Prepress`: what stage names are matched on.
    pub printer_stage: String,
    /// The storefront-side name (`CustomerStage`).
    pub customer_stage: String,
    /// `Description`.
    pub description: String,
}

/// A site user's address book.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressBook {
    /// The preferred entry, when the user has one.
    pub preferred: Option<Address>,
    /// Every entry.
    pub addresses: Vec<Address>,
}

/// The production files of one order item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFiles {
    /// The item's `OrderItemNumber`.
    pub item_number: u32,
    /// Its files.
    pub files: Vec<crate::order::ProductionFile>,
}

/// A shipment to record on a Pressero order (`POST /api/V2/Orders/Shipments`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewShipment {
    /// The order's `OrderId` (a GUID).
    pub order_id: String,
    /// The site shipping method's name, e.g. `UPS Ground`.
    pub shipping_method: String,
    /// When it shipped.
    pub ship_date: chrono::NaiveDate,
    /// Tracking number or URL.
    pub tracking: String,
    /// Shipping cost.
    pub cost: rust_decimal::Decimal,
    /// Where it went.
    pub address: Address,
    /// The `OrderItemId`s of the items in the shipment.
    pub item_ids: Vec<String>,
}

/// An order as [`crate::PresseroClient::read_order`] read it: the normalized order, and what its
/// order details lacked (each a short phrase, e.g. ``item 2: production files `Files` (absent)``),
/// for the order's trace. Empty when the details were complete.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRead {
    /// The order.
    pub order: crate::order::Order,
    /// What the order details lacked, or why they could not be read at all.
    pub gaps: Vec<String>,
}
