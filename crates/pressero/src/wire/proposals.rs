//! Every Pressero JSON name that is GUESSED ([PROPOSAL] in `shared/reference/pressero-api.md`
//! §3.9, plus the lead engineer's extra proposals): what the nested order detail and item
//! detail add to the search rows, kits, production files, the user's extra fields, the
//! workflow list, the token lifetime, and the window of a search for one order.
//!
//! Orders are built from the flat search rows, whose names are FACT ([`super::facts`]); the
//! order details are read leniently (missing or unreadable fields never fail an order, and are
//! reported), so a wrong guess here costs what the details add, never the order.
//!
//! Nothing public confirms these. When a real Pressero capture is available, this module is the
//! one place to correct. Names confirmed by sources live in [`super::facts`].

use super::json::Key;

// --- authentication
/// The token's lifetime in minutes (`TokenDuration`), when the answer carries it.
pub(crate) const TOKEN_DURATION: Key = &["TokenDuration"];

// --- order detail (§3.9 (a)): only what the search rows lack is read from it
/// The user who placed the order (rows have the name and e-mail, not the id).
pub(crate) const USER_ID: Key = &["UserId"];
/// Order notes (rows have none).
pub(crate) const ORDER_NOTES: Key = &["Notes"];
/// The bill-to address object (fills what the flat `BillTo*` lack: title, cell phone).
pub(crate) const BILL_TO_ADDRESS: Key = &["BillToAddress"];

// --- item detail (§3.9 (b))
/// The item's tax (`ItemTax` on rows).
pub(crate) const ITEM_TAX: Key = &["Tax", "ItemTax"];
/// The chosen pricing parameters: `[{Name, Value, PricingAttribute}]`.
pub(crate) const PRICING_PARAMETERS: Key = &["PricingParameters"];
/// A pricing parameter's name.
pub(crate) const PARAMETER_NAME: Key = &["Name"];
/// A pricing parameter's value.
pub(crate) const PARAMETER_VALUE: Key = &["Value"];
/// An attribute's name (product attributes carry only ids in the facts).
pub(crate) const ATTRIBUTE_NAME: Key = &["AttributeName"];
/// The item's ship-to address object (§3.4 shape).
pub(crate) const SHIP_TO_ADDRESS: Key = &["ShipToAddress"];
/// The product's "Will Ship Separately" option.
pub(crate) const WILL_SHIP_SEPARATELY: Key = &["WillShipSeparately"];
/// Derived approval text, used only when none of the three flags is present.
pub(crate) const APPROVAL_STATUS: Key = &["ApprovalStatus"];
/// A cell phone on an address or user.
pub(crate) const CELL_PHONE: Key = &["CellPhone"];

// --- search rows (§3.1 lists no such field)
/// The ship-to e-mail on a row.
pub(crate) const SHIP_TO_EMAIL: Key = &["ShipToEmail"];
/// Reading one order is a search with an `OrderNumber` equals filter (§3.1); the search needs a
/// window (§2.1), and the reference does not say what PresseroConnector's `GetOrder` sends. The
/// client sends one wide enough for any order.
pub(crate) const ORDER_LOOKUP_WINDOW: (&str, &str) =
    ("2000-01-01 00:00:00Z", "2100-01-01 00:00:00Z");

// --- kits (§3.9 (c); also on rows)
/// Marks a kit parent.
pub(crate) const IS_KIT: Key = &["IsKit"];
/// On a kit child: the parent's `OrderItemId`.
pub(crate) const KIT_PARENT_ORDER_ITEM_ID: Key = &["KitParentOrderItemId"];
/// On a kit parent: its children. The element type is unknown: `OrderItemId`s, item numbers
/// and objects carrying either (`OrderItemId`, `OrderItemNumber`/`OrderItemSeq`) are all read.
pub(crate) const KIT_CHILDREN: Key = &["KitChildren"];

// --- production files
/// The item's files.
pub(crate) const FILES: Key = &["Files"];
/// A file's id.
pub(crate) const FILE_ID: Key = &["FileId"];
/// A file's original name.
pub(crate) const FILE_NAME: Key = &["FileName"];
/// Where Pressero serves the file (absolute; needs the token).
pub(crate) const FILE_URL: Key = &["Url"];
/// The file's size in bytes.
pub(crate) const FILE_SIZE: Key = &["FileSize"];

// --- user info extras
/// The user's e-mail.
pub(crate) const USER_EMAIL: Key = &["Email"];
/// The user's middle name.
pub(crate) const USER_MIDDLE_NAME: Key = &["MiddleName"];
/// The user's job title.
pub(crate) const USER_TITLE: Key = &["Title"];
/// The user's telephone.
pub(crate) const USER_PHONE: Key = &["Phone"];
/// The user's cell phone.
pub(crate) const USER_CELL_PHONE: Key = &["CellPhone"];

// --- workflows list (`GET /api/Workflows` → `{Items:[{WorkflowId, Name}]}`)
/// A workflow's name.
pub(crate) const WORKFLOW_NAME: Key = &["Name"];
