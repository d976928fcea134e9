//! Pressero JSON names and request bodies that public sources confirm ([FACT] in
//! `shared/reference/pressero-api.md`): the flat search rows (§3.1), paging (§2.1), addresses
//! (§3.4), sites (§3.7), products (§3.8), users (§2.6), workflow stages (§2.3), shipments and
//! the write-back bodies (§2.3). Guessed names live in [`super::proposals`] and nowhere else.
//!
//! Lookups ignore ASCII case, so `BilltoStateProvince` / `BillToStateProvince` and
//! `ShiptoStateProvince` / `ShipToStateProvince` need no separate spelling here.

use serde::Serialize;

use super::json::Key;

// --- authentication (§1.2) and errors (§4)
/// The session token in the authentication answer.
pub(crate) const TOKEN: Key = &["Token"];
/// The text of an error answer.
pub(crate) const MESSAGE: Key = &["Message"];
/// Extra detail some error answers carry.
pub(crate) const MESSAGE_DETAIL: Key = &["MessageDetail"];

// --- paging envelope (§2.1)
/// The rows of a page (also the list of workflows and products).
pub(crate) const ITEMS: Key = &["Items"];
/// How many rows the whole search has.
pub(crate) const TOTAL_ITEMS: Key = &["TotalItems"];

// --- order and item identity and state (§3.1, §2.2)
/// The order's GUID.
pub(crate) const ORDER_ID: Key = &["OrderId"];
/// The order's number.
pub(crate) const ORDER_NUMBER: Key = &["OrderNumber"];
/// When the order was placed.
pub(crate) const ORDER_DATE: Key = &["OrderDate"];
/// The buyer's requested ship date (`ReqShipDate` on the order, `RequestedShipDate` on rows).
pub(crate) const REQUESTED_SHIP_DATE: Key = &["ReqShipDate", "RequestedShipDate"];
/// The item's GUID.
pub(crate) const ORDER_ITEM_ID: Key = &["OrderItemId"];
/// The item's position in the order (`OrderItemNumber` = `OrderItemSeq`).
pub(crate) const ORDER_ITEM_NUMBER: Key = &["OrderItemNumber", "OrderItemSeq"];
/// The storefront's GUID.
pub(crate) const SITE_ID: Key = &["SiteId"];
/// The storefront's name.
pub(crate) const SITE_NAME: Key = &["SiteName"];
/// The storefront's domain on rows.
pub(crate) const DOMAIN: Key = &["Domain"];
/// "PO #".
pub(crate) const PO_NUMBER: Key = &["PONumber"];
/// Approval flag.
pub(crate) const IS_APPROVED: Key = &["IsApproved"];
/// Approval flag ("Request Denied").
pub(crate) const IS_DENIED: Key = &["IsDenied"];
/// Approval flag (approved after the approver edited it).
pub(crate) const IS_APPROVED_WITH_MODIFICATIONS: Key = &["IsApprovedWithModifications"];
/// The item's MIS id (the Pace job number once written back); also the site's and product's
/// Integration ID on those objects.
pub(crate) const MIS_ID: Key = &["MisId"];
/// The workflow an item follows.
pub(crate) const WORKFLOW_ID: Key = &["WorkflowId"];
/// The item's current workflow stage.
pub(crate) const WORKFLOW_STAGE_ID: Key = &["WorkflowStageId"];
/// The item's current stage, admin-side name.
pub(crate) const WORKFLOW_STAGE_PRINTER: Key = &["WorkflowStagePrinter"];

// --- item content (§3.1)
/// The product's GUID.
pub(crate) const PRODUCT_ID: Key = &["ProductId"];
/// The product's name.
pub(crate) const PRODUCT_NAME: Key = &["ProductName"];
/// The buyer's name for the item.
pub(crate) const ITEM_NAME: Key = &["ItemName"];
/// Quantity ordered.
pub(crate) const QUANTITY: Key = &["Quantity"];
/// The item's price.
pub(crate) const PRICE: Key = &["Price"];
/// The item's shipping charge.
pub(crate) const SHIPPING: Key = &["Shipping"];
/// A text dump of the chosen pricing parameters.
pub(crate) const PRICING_ENGINE_INFO: Key = &["PricingEngineInfo"];
/// Item notes.
pub(crate) const ITEM_NOTES: Key = &["ItemNotes"];
/// The shipping method's name.
pub(crate) const SHIPPING_METHOD: Key = &["ShippingMethod"];

// --- flat search rows only (§3.1): the order's people, addresses, totals and attributes
/// Who ordered: first name.
pub(crate) const ORDERED_BY_FIRST_NAME: Key = &["OrderedByFirstName"];
/// Who ordered: last name.
pub(crate) const ORDERED_BY_LAST_NAME: Key = &["OrderedByLastName"];
/// Who ordered: e-mail.
pub(crate) const ORDERED_BY_EMAIL: Key = &["OrderedByEmail"];
/// Who ordered: department.
pub(crate) const ORDERED_BY_DEPARTMENT: Key = &["OrderedByDepartment"];
/// Order subtotal, repeated on each row.
pub(crate) const ORDER_SUBTOTAL: Key = &["OrderSubtotal"];
/// Order shipping, repeated on each row.
pub(crate) const ORDER_SHIPPING: Key = &["OrderShipping"];
/// Order tax (all parts), repeated on each row.
pub(crate) const ORDER_TAX: Key = &["OrderTax"];
/// Order discount, repeated on each row.
pub(crate) const ORDER_DISCOUNT: Key = &["OrderDiscount"];
/// Order total, repeated on each row.
pub(crate) const ORDER_TOTAL: Key = &["OrderTotal"];
/// The printer's part number of the item's product.
pub(crate) const PRINTER_PART_NUMBER: Key = &["PrinterPartNumber"];
/// The item's tax on a row.
pub(crate) const ITEM_TAX: Key = &["ItemTax"];

/// The flat address fields of a row: bill-to or ship-to.
pub(crate) struct RowAddress {
    pub(crate) business: Key,
    pub(crate) first_name: Key,
    pub(crate) last_name: Key,
    pub(crate) address1: Key,
    pub(crate) address2: Key,
    pub(crate) address3: Key,
    pub(crate) city: Key,
    pub(crate) state_province: Key,
    pub(crate) postal: Key,
    pub(crate) country: Key,
    pub(crate) phone: Key,
}

/// `BillTo*` (note `BilltoStateProvince`, lowercase t; lookups ignore case anyway).
pub(crate) const BILL_TO: RowAddress = RowAddress {
    business: &["BillToBusiness"],
    first_name: &["BillToFirstName"],
    last_name: &["BillToLastName"],
    address1: &["BillToAddress1"],
    address2: &["BillToAddress2"],
    address3: &["BillToAddress3"],
    city: &["BillToCity"],
    state_province: &["BilltoStateProvince"],
    postal: &["BillToPostal"],
    country: &["BillToCountry"],
    phone: &["BillToPhone"],
};
/// The bill-to e-mail (rows have none for the ship-to: see the proposals).
pub(crate) const BILL_TO_EMAIL: Key = &["BillToEmail"];

/// `ShipTo*` (note `ShiptoStateProvince`, lowercase t).
pub(crate) const SHIP_TO: RowAddress = RowAddress {
    business: &["ShipToBusiness"],
    first_name: &["ShipToFirstName"],
    last_name: &["ShipToLastName"],
    address1: &["ShipToAddress1"],
    address2: &["ShipToAddress2"],
    address3: &["ShipToAddress3"],
    city: &["ShipToCity"],
    state_province: &["ShiptoStateProvince"],
    postal: &["ShipToPostal"],
    country: &["ShipToCountry"],
    phone: &["ShipToPhone"],
};

/// `ProductAttributeName{n}` / `ProductAttributeValue{n}`, n = 1..10: the item's product
/// attributes by name (product objects carry only ids, §3.8).
pub(crate) const PRODUCT_ATTRIBUTES: [(Key, Key); 10] = [
    (&["ProductAttributeName1"], &["ProductAttributeValue1"]),
    (&["ProductAttributeName2"], &["ProductAttributeValue2"]),
    (&["ProductAttributeName3"], &["ProductAttributeValue3"]),
    (&["ProductAttributeName4"], &["ProductAttributeValue4"]),
    (&["ProductAttributeName5"], &["ProductAttributeValue5"]),
    (&["ProductAttributeName6"], &["ProductAttributeValue6"]),
    (&["ProductAttributeName7"], &["ProductAttributeValue7"]),
    (&["ProductAttributeName8"], &["ProductAttributeValue8"]),
    (&["ProductAttributeName9"], &["ProductAttributeValue9"]),
    (&["ProductAttributeName10"], &["ProductAttributeValue10"]),
];

// --- addresses (§3.4)
/// Business (company) name.
pub(crate) const BUSINESS: Key = &["Business"];
/// First name.
pub(crate) const FIRST_NAME: Key = &["FirstName"];
/// Last name.
pub(crate) const LAST_NAME: Key = &["LastName"];
/// Title.
pub(crate) const TITLE: Key = &["Title"];
/// Street line 1.
pub(crate) const ADDRESS1: Key = &["Address1"];
/// Street line 2.
pub(crate) const ADDRESS2: Key = &["Address2"];
/// Street line 3.
pub(crate) const ADDRESS3: Key = &["Address3"];
/// City.
pub(crate) const CITY: Key = &["City"];
/// State or province.
pub(crate) const STATE_PROVINCE: Key = &["StateProvince"];
/// Postal code.
pub(crate) const POSTAL: Key = &["Postal"];
/// Country (ISO-2).
pub(crate) const COUNTRY: Key = &["Country"];
/// Telephone.
pub(crate) const PHONE: Key = &["Phone"];
/// E-mail.
pub(crate) const EMAIL: Key = &["Email"];

// --- sites (§3.7)
/// The site's primary domain.
pub(crate) const PRIMARY_DOMAIN: Key = &["PrimaryDomain"];

// --- products (§3.8)
/// A product's attributes.
pub(crate) const ATTRIBUTES: Key = &["Attributes"];
/// An attribute's value.
pub(crate) const ATTRIBUTE_VALUE: Key = &["AttributeValue"];
/// The printer's part number.
pub(crate) const PRINTERS_PART_NUM: Key = &["PrintersPartNum"];
/// The nested product description (carries the product's `WorkflowId`).
pub(crate) const PRODUCT_INFO: Key = &["ProductInfo"];

// --- users (§2.6)
/// The user's GUID (`UserID` in user info).
pub(crate) const USER_ID: Key = &["UserId"];
/// The user's site membership.
pub(crate) const USER_SITE: Key = &["UserSite"];
/// The user's address book.
pub(crate) const ADDRESS_BOOK: Key = &["AddressBook"];
/// The preferred address-book entry.
pub(crate) const PREFERRED_ADDRESS: Key = &["PreferredAddress"];
/// Every address-book entry.
pub(crate) const ADDRESSES: Key = &["Addresses"];

// --- workflow stages (§2.3)
/// A stage's position in its workflow.
pub(crate) const SEQ: Key = &["Seq"];
/// A stage's admin-side name.
pub(crate) const PRINTER_STAGE: Key = &["PrinterStage"];
/// A stage's storefront-side name.
pub(crate) const CUSTOMER_STAGE: Key = &["CustomerStage"];
/// A stage's description.
pub(crate) const DESCRIPTION: Key = &["Description"];

// --- request bodies

/// `POST /api/V2/Authentication` body.
#[derive(Serialize)]
pub(crate) struct AuthenticationRequest<'a> {
    #[serde(rename = "UserName")]
    pub(crate) user_name: &'a str,
    #[serde(rename = "Password")]
    pub(crate) password: &'a str,
    #[serde(rename = "SubscriberId")]
    pub(crate) subscriber_id: &'a str,
    #[serde(rename = "ConsumerID")]
    pub(crate) consumer_id: &'a str,
}

/// `POST /api/v2/Orders/Search` body (also the per-site search).
#[derive(Serialize)]
pub(crate) struct SearchRequest {
    #[serde(rename = "StartDate")]
    pub(crate) start_date: String,
    #[serde(rename = "EndDate")]
    pub(crate) end_date: String,
    #[serde(rename = "SortDescriptor")]
    pub(crate) sort: SortDescriptor,
    #[serde(rename = "Filters", skip_serializing_if = "Vec::is_empty")]
    pub(crate) filters: Vec<SearchFilter>,
}

/// The search's sort order.
#[derive(Serialize)]
pub(crate) struct SortDescriptor {
    #[serde(rename = "Member")]
    pub(crate) member: &'static str,
    #[serde(rename = "Direction")]
    pub(crate) direction: &'static str,
}

/// One search filter.
#[derive(Serialize)]
pub(crate) struct SearchFilter {
    #[serde(rename = "Column")]
    pub(crate) column: &'static str,
    #[serde(rename = "Value")]
    pub(crate) value: String,
    #[serde(rename = "Operator")]
    pub(crate) operator: &'static str,
}

/// The sort every search asks for: by order number, ascending.
pub(crate) const SORT_BY_ORDER_NUMBER: SortDescriptor = SortDescriptor {
    member: "OrderNumber",
    direction: "Ascending",
};
/// Filter column: the item's admin-side stage name.
pub(crate) const FILTER_WORKFLOW_STAGE_PRINTER: &str = "WorkflowStagePrinter";
/// Filter column: the order number.
pub(crate) const FILTER_ORDER_NUMBER: &str = "OrderNumber";
/// Filter operator for exact matches.
pub(crate) const FILTER_EQUALS: &str = "equals";
/// .NET `"u"` format for the search window.
pub(crate) const SEARCH_DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%SZ";

/// `PUT /api/v2/Orders/{n}/Item/{seq}` body.
#[derive(Serialize)]
pub(crate) struct ItemUpdate<'a> {
    #[serde(rename = "MisId")]
    pub(crate) mis_id: &'a str,
}

/// `POST /api/V2/Orders/Shipments` body.
#[derive(Serialize)]
pub(crate) struct ShipmentRequest<'a> {
    #[serde(rename = "OrderId")]
    pub(crate) order_id: &'a str,
    #[serde(rename = "SiteShippingMethodName")]
    pub(crate) shipping_method_name: &'a str,
    #[serde(rename = "ShipmentInfo")]
    pub(crate) shipment: ShipmentInfo<'a>,
}

/// The shipment itself.
#[derive(Serialize)]
pub(crate) struct ShipmentInfo<'a> {
    #[serde(rename = "ShipDate")]
    pub(crate) ship_date: String,
    #[serde(rename = "Tracking")]
    pub(crate) tracking: &'a str,
    #[serde(rename = "Cost", with = "rust_decimal::serde::float")]
    pub(crate) cost: rust_decimal::Decimal,
    #[serde(rename = "Address")]
    pub(crate) address: ShipmentAddress<'a>,
    #[serde(rename = "Items")]
    pub(crate) items: Vec<ShipmentItem<'a>>,
}

/// The shipment's address (§3.4 names).
#[derive(Serialize)]
pub(crate) struct ShipmentAddress<'a> {
    #[serde(rename = "Business")]
    pub(crate) business: &'a str,
    #[serde(rename = "FirstName")]
    pub(crate) first_name: &'a str,
    #[serde(rename = "LastName")]
    pub(crate) last_name: &'a str,
    #[serde(rename = "Title")]
    pub(crate) title: &'a str,
    #[serde(rename = "Address1")]
    pub(crate) address1: &'a str,
    #[serde(rename = "Address2")]
    pub(crate) address2: &'a str,
    #[serde(rename = "Address3")]
    pub(crate) address3: &'a str,
    #[serde(rename = "City")]
    pub(crate) city: &'a str,
    #[serde(rename = "StateProvince")]
    pub(crate) state_province: &'a str,
    #[serde(rename = "Postal")]
    pub(crate) postal: &'a str,
    #[serde(rename = "Country")]
    pub(crate) country: &'a str,
    #[serde(rename = "Phone")]
    pub(crate) phone: &'a str,
    #[serde(rename = "Email")]
    pub(crate) email: &'a str,
}

/// One item a shipment carries.
#[derive(Serialize)]
pub(crate) struct ShipmentItem<'a> {
    #[serde(rename = "OrderItemId")]
    pub(crate) order_item_id: &'a str,
}
