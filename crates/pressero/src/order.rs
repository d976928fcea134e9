//! The normalized order model: one Pressero order as the rest of the product sees it.
//!
//! Pressero's own JSON comes in several shapes (flat search rows, nested order details, item
//! details, site info, user info). The client parses those leniently and builds an [`Order`];
//! nothing outside `crates/pressero` ever sees Pressero's JSON. The model is also what the sync
//! service stores as the order's snapshot in SQLite, so it is `Serialize`/`Deserialize`.
//!
//! Text fields use the empty string for "not given" (trimmed), because the mapping rules of the
//! specification are all phrased as "if empty, then …". Money is [`Decimal`], never a float.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One Pressero order, with every item (approved, denied or pending) and the context the mapping
/// needs: the storefront, the ordering user, totals, PO number, dates and notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Pressero's `OrderId` (a GUID).
    pub order_id: String,
    /// Pressero's `OrderNumber`: the number staff and customers see.
    pub order_number: u64,
    /// When the order was placed (`OrderDate`, UTC).
    pub order_date: DateTime<Utc>,
    /// The storefront the order came from.
    pub site: Site,
    /// The site user who placed the order.
    pub ordered_by: SiteUser,
    /// The order's bill-to address (`BillTo*` fields).
    pub bill_to: Address,
    /// Pressero's "PO #" (`PONumber`); empty when the buyer gave none.
    pub po_number: String,
    /// The buyer's requested ship date (`RequestedShipDate` / `ReqShipDate`), if captured.
    pub requested_ship_date: Option<NaiveDate>,
    /// Order notes / additional instructions; empty when none.
    pub notes: String,
    /// Order-level money: subtotal, shipping, tax, discount, total.
    pub totals: OrderTotals,
    /// Every item of the order in Pressero's order, kit parents and kit children included.
    pub items: Vec<OrderItem>,
}

/// A Pressero storefront ("site").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// Pressero's `SiteId` (a GUID).
    pub site_id: String,
    /// The storefront's name (`SiteName`), used by Site Mapping and Account rules.
    pub site_name: String,
    /// The storefront's primary domain (`Domain` / `PrimaryDomain`), used in per-site API routes.
    pub domain: String,
    /// The storefront's "Integration ID" (`MisId` on SiteInfo): the Pace customer id when set.
    pub integration_id: String,
}

/// The Pressero site user who placed the order, with their address-book entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteUser {
    /// Pressero's `UserId` (a GUID); empty when unknown.
    pub user_id: String,
    /// First name.
    pub first_name: String,
    /// Middle name (often empty).
    pub middle_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail address: the key for finding the Pace contact.
    pub email: String,
    /// Job title.
    pub title: String,
    /// Telephone.
    pub phone: String,
    /// Cell phone (used when `phone` is empty).
    pub cell_phone: String,
    /// Department (`OrderedByDepartment`).
    pub department: String,
    /// The user's preferred address-book entry (Business, Address1..3, City, State, Zip …).
    pub address: Address,
}

/// A postal address with its contact, as Pressero's address book and ship-to fields hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    /// Business (company) name.
    pub business: String,
    /// Contact first name.
    pub first_name: String,
    /// Contact last name.
    pub last_name: String,
    /// Contact title.
    pub title: String,
    /// Street line 1.
    pub address1: String,
    /// Street line 2.
    pub address2: String,
    /// Street line 3.
    pub address3: String,
    /// City.
    pub city: String,
    /// State or province code (Pressero's `StateProvince`, `ShiptoStateProvince`, …).
    pub state_province: String,
    /// Postal / ZIP code.
    pub postal: String,
    /// Country, ISO-2 as Pressero sends it (e.g. `US`).
    pub country: String,
    /// Telephone.
    pub phone: String,
    /// Cell phone (used when `phone` is empty).
    pub cell_phone: String,
    /// E-mail address.
    pub email: String,
}

/// Order-level money as Pressero reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTotals {
    /// `OrderSubtotal`: items before shipping and tax.
    pub subtotal: Decimal,
    /// `OrderShipping`: the whole order's shipping charge.
    pub shipping: Decimal,
    /// `OrderTax`: all taxes (Tax1 + Tax2 + Tax3 + VAT).
    pub tax: Decimal,
    /// `OrderDiscount`.
    pub discount: Decimal,
    /// `OrderTotal`.
    pub total: Decimal,
}

/// One line of a Pressero order: a product, a kit parent, or a kit's child.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    /// Pressero's `OrderItemId` (a GUID).
    pub item_id: String,
    /// Pressero's `OrderItemNumber` (= `OrderItemSeq`): the item's position in the order.
    pub item_number: u32,
    /// Pressero's `ProductId`; empty when unknown.
    pub product_id: String,
    /// `ProductName`.
    pub product_name: String,
    /// `ItemName`: the buyer's name for this item (may be empty).
    pub item_name: String,
    /// The product's "Integration ID" (`MisId` on the product): a Pace item template code.
    pub product_integration_id: String,
    /// Product attributes by name (`JobType`, `materialID`, …).
    pub attributes: Vec<NamedValue>,
    /// The pricing parameters the buyer chose (paper, colours, quantity …).
    pub pricing_parameters: Vec<NamedValue>,
    /// Pressero's `PricingEngineInfo` text, when given.
    pub pricing_summary: String,
    /// Quantity ordered (`Quantity`). Kit children may be 0 and are then left out of Pace.
    pub quantity: u64,
    /// The item's price (`Price`), before shipping and tax.
    pub price: Decimal,
    /// The item's own shipping charge (`Shipping`), when Pressero reports one per item.
    pub shipping: Decimal,
    /// The item's tax (`ItemTax` / `Tax`).
    pub tax: Decimal,
    /// Approval state of the item.
    pub approval: Approval,
    /// Whether this item is a kit parent, a kit child, or neither.
    pub kit: KitRole,
    /// Where this item ships.
    pub ship_to: Address,
    /// The shipping method's name as Pressero shows it (`ShippingMethod`), e.g. `UPS Ground`.
    pub shipping_method: String,
    /// The product's "Will Ship Separately" option: the item gets a carton of its own.
    pub ships_separately: bool,
    /// The item's own requested ship date, if any.
    pub requested_ship_date: Option<NaiveDate>,
    /// Item notes (`ItemNotes`).
    pub notes: String,
    /// Production files attached to the item.
    pub files: Vec<ProductionFile>,
    /// Workflow the item follows (`WorkflowId`), for status write-back.
    pub workflow_id: String,
    /// Current workflow stage's printer-side name (`WorkflowStagePrinter`).
    pub workflow_stage: String,
    /// The item's `MisId` in Pressero: the Pace job number once synced; empty before.
    pub mis_id: String,
}

/// A name/value pair: a product attribute or a pricing parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedValue {
    /// Name, as Pressero spells it (e.g. `JobType`, `materialID`, `Paper`).
    pub name: String,
    /// Value.
    pub value: String,
}

/// Approval state of an order item, from Pressero's `IsApproved` / `IsDenied` /
/// `IsApprovedWithModifications` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Approval {
    /// Approved (or needed no approval).
    Approved,
    /// Approved after the approver changed it.
    ApprovedWithModifications,
    /// "Request Denied": never sent to Pace.
    Denied,
    /// Waiting for an approver.
    Pending,
}

impl Approval {
    /// Whether the item may be sent to Pace.
    pub fn is_approved(self) -> bool {
        matches!(
            self,
            Approval::Approved | Approval::ApprovedWithModifications
        )
    }
}

/// An item's place in a kit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KitRole {
    /// An ordinary item.
    None,
    /// A kit parent: it is not produced itself; its children are.
    Parent,
    /// A child of the kit parent with this `OrderItemId`.
    Child {
        /// The parent's `OrderItemId`.
        parent_item_id: String,
    },
}

/// A production (artwork) file attached to an order item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductionFile {
    /// Pressero's file id.
    pub file_id: String,
    /// The original file name, e.g. `cards.pdf`.
    pub file_name: String,
    /// Where Pressero serves the file.
    pub url: String,
    /// Size in bytes when Pressero says.
    pub size_bytes: Option<u64>,
}

impl Order {
    /// The items that may go to Pace: approved, and not a kit parent (kits become their children).
    pub fn approved_items(&self) -> impl Iterator<Item = &OrderItem> {
        self.items
            .iter()
            .filter(|item| item.approval.is_approved() && item.kit != KitRole::Parent)
    }

    /// Whether any item still waits for an approver.
    pub fn has_pending_items(&self) -> bool {
        self.items
            .iter()
            .any(|item| item.approval == Approval::Pending)
    }
}

impl OrderItem {
    /// The value of the product attribute `name` (compared without regard to case), if present
    /// and not blank.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name) && !a.value.trim().is_empty())
            .map(|a| a.value.as_str())
    }
}
