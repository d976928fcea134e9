//! The JSON bodies clients send to Pressero: authentication, order search, the `MisId` update and
//! a shipment. Deserialized through [`crate::caseless`], so field names match in any case.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::Address;

/// `POST /api/V2/Authentication` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AuthRequest {
    /// `UserName` of a Pressero admin user.
    pub user_name: String,
    /// `Password`.
    pub password: String,
    /// `SubscriberId` (also accepted as `SubscriberID`).
    pub subscriber_id: String,
    /// `ConsumerID`.
    #[serde(rename = "ConsumerID")]
    pub consumer_id: String,
}

/// `POST /api/v2/Orders/Search` (and per-site search) body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SearchRequest {
    /// `StartDate` (inclusive), .NET `"u"` format or ISO 8601.
    pub start_date: Option<String>,
    /// `EndDate` (exclusive).
    pub end_date: Option<String>,
    /// `SortDescriptor`.
    pub sort_descriptor: Option<SortDescriptor>,
    /// `Filters`.
    pub filters: Vec<SearchFilter>,
}

/// `SortDescriptor` of a search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SortDescriptor {
    /// `Member`: `OrderNumber` or `OrderDate`.
    pub member: String,
    /// `Direction`: `Ascending` or `Descending`.
    pub direction: String,
}

/// One `Filters[]` entry of a search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SearchFilter {
    /// `Column`: `OrderNumber` or `WorkflowStagePrinter`.
    pub column: String,
    /// `Value`: a string (or a number for `OrderNumber`).
    pub value: Value,
    /// `Operator`: `equals`.
    pub operator: String,
}

/// `PUT /api/v2/Orders/{n}/Item/{seq}` body: a partial item update.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ItemUpdate {
    /// `MisId`: the MIS job id to store on the item.
    pub mis_id: Option<String>,
}

/// `POST /api/V2/Orders/Shipments` body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ShipmentRequest {
    /// `OrderId` (a GUID) of the order shipped.
    pub order_id: String,
    /// `SiteShippingMethodName`.
    pub site_shipping_method_name: String,
    /// `ShipmentInfo`.
    pub shipment_info: ShipmentInfo,
}

/// `ShipmentInfo` of a shipment request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ShipmentInfo {
    /// `ShipDate`.
    pub ship_date: String,
    /// `Tracking`: a number or a URL.
    pub tracking: String,
    /// `Cost`.
    pub cost: f64,
    /// `Address`.
    pub address: Address,
    /// `Items`: the items in the shipment.
    pub items: Vec<ShipmentItemRef>,
}

/// One `ShipmentInfo.Items[]` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ShipmentItemRef {
    /// `OrderItemId` (a GUID).
    pub order_item_id: String,
}

/// One value of each request shape, with every list holding one element, so that
/// [`crate::caseless`] learns every key's canonical spelling.
pub fn key_samples() -> Vec<Value> {
    let search = SearchRequest {
        sort_descriptor: Some(SortDescriptor::default()),
        filters: vec![SearchFilter::default()],
        ..SearchRequest::default()
    };
    let shipment = ShipmentRequest {
        shipment_info: ShipmentInfo {
            items: vec![ShipmentItemRef::default()],
            ..ShipmentInfo::default()
        },
        ..ShipmentRequest::default()
    };
    [
        serde_json::to_value(AuthRequest::default()),
        serde_json::to_value(search),
        serde_json::to_value(ItemUpdate::default()),
        serde_json::to_value(shipment),
    ]
    .into_iter()
    .filter_map(Result::ok)
    .collect()
}
