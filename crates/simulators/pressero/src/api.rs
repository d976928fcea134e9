//! The Pressero Admin API routes the simulator serves, each with the operation name used for
//! fault rules and the call log (see the crate README for the list). Paths here are lower-case:
//! requests are lower-cased before routing ([`crate::http`]).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post, put};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::caseless::QueryParams;
use crate::catalog::text;
use crate::files::{DEFAULT_FILE_SIZE, FileContent};
use crate::reply::{ApiError, Reply};
use crate::requests::{AuthRequest, ItemUpdate, SearchRequest, ShipmentRequest};
use crate::search::{BadSearch, Paging, Search};
use crate::shop::Shop;
use crate::state::{Access, Sim};
use crate::wire::{OrderItem, StoredOrder};

type Shared = State<Arc<Sim>>;
type QueryPairs = Query<HashMap<String, String>>;

/// The Pressero API routes.
pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/api/v2/authentication", post(authenticate))
        .route("/api/v2/authentication/{token}/validate", get(validate))
        .route("/api/v2/orders/search", post(search_all_sites))
        .route("/api/site/{domain}/orders", post(search_one_site))
        .route("/api/v2/orders/{order}/details", get(order_details))
        .route("/api/v2/orders/{order}/items", get(order_items))
        .route("/api/v2/orders/{order}/item/{seq}", put(update_item))
        .route(
            "/api/v2/orders/{order}/item/{seq}/details",
            get(item_details),
        )
        .route(
            "/api/v2/orders/{order}/item/{seq}/shipments",
            get(item_shipments),
        )
        .route(
            "/api/v2/orders/{order}/item/{seq}/status/{stage}",
            put(set_item_stage),
        )
        .route(
            "/api/v2/orders/{order}/item/{seq}/files/{file}",
            get(download_file),
        )
        .route("/api/v2/orders/shipments", post(post_shipment))
        .route("/api/siteinfo/{site}", get(site_info))
        .route("/api/site/{domain}/products", get(products))
        .route("/api/site/{domain}/products/{product}", get(product))
        .route("/api/v2/users/{user}/info", get(user_info))
        .route("/api/site/{domain}/addressbook/{user}", get(address_book))
        .route("/api/workflows", get(workflows))
        .route("/api/workflows/{workflow}/stages", get(workflow_stages))
}

fn parse_body<T: DeserializeOwned + Default>(body: &Bytes) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("The request is invalid. {e}")))?;
    crate::caseless::from_value(value)
        .map_err(|e| ApiError::bad_request(format!("The request is invalid. {e}")))
}

/// An order number from the path; 404 "Order not found" when it is not one.
pub(crate) fn order_number(text: &str) -> Result<u64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::not_found("Order not found"))
}

/// An item number from the path; 404 "Order item not found" when it is not one.
pub(crate) fn item_number(text: &str) -> Result<u32, ApiError> {
    text.parse()
        .map_err(|_| ApiError::not_found("Order item not found"))
}

impl From<BadSearch> for ApiError {
    fn from(BadSearch(message): BadSearch) -> Self {
        ApiError::bad_request(message)
    }
}

/// `item` with each file's absolute download `Url` filled in, without the fields the order's
/// details are to lack.
fn served_item(item: &OrderItem, order_number: u64, base_url: &str, omit: &[String]) -> Value {
    let mut item = item.clone();
    let seq = item.order_item_number;
    for file in &mut item.files {
        file.url = Some(format!(
            "{base_url}/api/v2/orders/{order_number}/Item/{seq}/Files/{}",
            file.file_id
        ));
    }
    without(json!(item), omit)
}

fn served_order(order: &StoredOrder, base_url: &str, omit: &[String]) -> Value {
    let number = order.detail.order_number;
    let items: Vec<Value> = order
        .detail
        .items
        .iter()
        .map(|i| served_item(i, number, base_url, omit))
        .collect();
    let mut detail = json!(order.detail);
    if let Value::Object(fields) = &mut detail {
        fields.insert("Items".into(), Value::Array(items));
    }
    without(detail, omit)
}

/// `value` without the top-level fields named in `omit` (lower case; names compared without
/// regard to case).
fn without(mut value: Value, omit: &[String]) -> Value {
    if let Value::Object(fields) = &mut value {
        fields.retain(|name, _| !omit.contains(&name.to_ascii_lowercase()));
    }
    value
}

async fn authenticate(State(sim): Shared, body: Bytes) -> Response {
    sim.call("Authentication", Access::Open, |shop| {
        let request: AuthRequest = parse_body(&body)?;
        sim.credentials.check(&request)?;
        let token = shop.tokens.issue();
        Ok(Reply::Json(
            json!({ "Token": token, "TokenDuration": shop.tokens.duration_minutes() }),
        ))
    })
    .await
}

async fn validate(State(sim): Shared, Path(token): Path<String>) -> Response {
    sim.call("Authentication/Validate", Access::Open, |shop| {
        if shop.tokens.is_valid(&token) {
            Ok(Reply::Json(json!(true)))
        } else {
            Err(ApiError::denied())
        }
    })
    .await
}

fn search(
    shop: &Shop,
    site_id: Option<&str>,
    body: &Bytes,
    query: QueryPairs,
) -> Result<Reply, ApiError> {
    let request: SearchRequest = parse_body(body)?;
    let search = Search::parse(&request)?;
    let paging = Paging::from_query(&QueryParams::new(query.0))?;
    let orders = shop
        .orders()
        .filter(|o| site_id.is_none_or(|id| o.detail.site_id.eq_ignore_ascii_case(id)));
    Ok(Reply::Json(search.answer(orders, paging)))
}

async fn search_all_sites(
    State(sim): Shared,
    headers: HeaderMap,
    query: QueryPairs,
    body: Bytes,
) -> Response {
    sim.call("Orders/Search", Access::Token(&headers), |shop| {
        search(shop, None, &body, query)
    })
    .await
}

fn site_by_domain<'a>(shop: &'a Shop, domain: &str) -> Result<&'a Value, ApiError> {
    shop.catalog
        .site_by_domain(domain)
        .ok_or_else(|| ApiError::not_found(format!("Site '{domain}' not found")))
}

async fn search_one_site(
    State(sim): Shared,
    Path(domain): Path<String>,
    headers: HeaderMap,
    query: QueryPairs,
    body: Bytes,
) -> Response {
    sim.call("Site/Orders/Search", Access::Token(&headers), |shop| {
        let site_id = text(site_by_domain(shop, &domain)?, "/SiteId").to_owned();
        search(shop, Some(&site_id), &body, query)
    })
    .await
}

async fn order_details(
    State(sim): Shared,
    Path(order): Path<String>,
    headers: HeaderMap,
) -> Response {
    sim.call("Orders/Details", Access::Token(&headers), |shop| {
        let number = order_number(&order)?;
        let order = shop.order(number)?;
        let omit = shop.details_omitted(number);
        Ok(Reply::Json(served_order(order, sim.base_url(), omit)))
    })
    .await
}

async fn order_items(
    State(sim): Shared,
    Path(order): Path<String>,
    headers: HeaderMap,
) -> Response {
    sim.call("Orders/Items", Access::Token(&headers), |shop| {
        let number = order_number(&order)?;
        let order = shop.order(number)?;
        let omit = shop.details_omitted(number);
        let items: Vec<Value> = order
            .detail
            .items
            .iter()
            .map(|i| served_item(i, number, sim.base_url(), omit))
            .collect();
        Ok(Reply::Json(json!(items)))
    })
    .await
}

async fn item_details(
    State(sim): Shared,
    Path((order, seq)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    sim.call("Item/Details", Access::Token(&headers), |shop| {
        let number = order_number(&order)?;
        let item = shop.item(number, item_number(&seq)?)?;
        let omit = shop.details_omitted(number);
        Ok(Reply::Json(served_item(item, number, sim.base_url(), omit)))
    })
    .await
}

async fn item_shipments(
    State(sim): Shared,
    Path((order, seq)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    sim.call("Item/Shipments", Access::Token(&headers), |shop| {
        let number = order_number(&order)?;
        let item_id = shop.item(number, item_number(&seq)?)?.order_item_id.clone();
        let order = shop.order(number)?;
        let shipments: Vec<Value> = order
            .shipments
            .iter()
            .filter(|s| s.order_item_ids.contains(&item_id))
            .map(|s| {
                json!({
                    "ShipmentId": s.shipment_id, "OrderId": order.detail.order_id,
                    "OrderItemId": item_id, "ShipDate": s.ship_date,
                    "ShipMethod": s.site_shipping_method_name, "ShipTracking": s.tracking,
                    "ShipCost": s.cost, "IntegrationID": null,
                })
            })
            .collect();
        Ok(Reply::Json(json!(shipments)))
    })
    .await
}

async fn download_file(
    State(sim): Shared,
    Path((order, seq, file)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    sim.call("Item/Files", Access::Token(&headers), |shop| {
        let number = order_number(&order)?;
        let seq = item_number(&seq)?;
        let item = shop.item(number, seq)?;
        let file = item
            .files
            .iter()
            .find(|f| f.file_id.eq_ignore_ascii_case(&file))
            .ok_or_else(|| ApiError::not_found("File not found"))?;
        let size = file.file_size.unwrap_or(DEFAULT_FILE_SIZE);
        Ok(Reply::File {
            file_name: file.file_name.clone(),
            content: FileContent::new(&file.file_name, number, seq, size),
        })
    })
    .await
}

async fn update_item(
    State(sim): Shared,
    Path((order, seq)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    sim.call("Item/MisId", Access::Token(&headers), |shop| {
        let update: ItemUpdate = parse_body(&body)?;
        let (number, seq) = (order_number(&order)?, item_number(&seq)?);
        shop.item(number, seq)?;
        if let Some(mis_id) = update.mis_id {
            shop.set_mis_id(number, seq, mis_id)?;
        }
        Ok(Reply::Empty)
    })
    .await
}

async fn set_item_stage(
    State(sim): Shared,
    Path((order, seq, stage)): Path<(String, String, String)>,
    headers: HeaderMap,
    query: QueryPairs,
) -> Response {
    sim.call("Item/Status", Access::Token(&headers), |shop| {
        let notes = QueryParams::new(query.0)
            .get("notes")
            .unwrap_or("")
            .to_owned();
        let (number, seq) = (order_number(&order)?, item_number(&seq)?);
        shop.set_stage(number, seq, &stage, &notes, chrono::Utc::now())?;
        Ok(Reply::Empty)
    })
    .await
}

async fn post_shipment(State(sim): Shared, headers: HeaderMap, body: Bytes) -> Response {
    sim.call("Shipments", Access::Token(&headers), |shop| {
        let request: ShipmentRequest = parse_body(&body)?;
        let shipment_id = shop.post_shipment(request)?;
        Ok(Reply::Json(json!({ "ShipmentId": shipment_id })))
    })
    .await
}

async fn site_info(State(sim): Shared, Path(site): Path<String>, headers: HeaderMap) -> Response {
    sim.call("SiteInfo", Access::Token(&headers), |shop| {
        shop.catalog
            .site(&site)
            .map(|s| Reply::Json(s.clone()))
            .ok_or_else(|| ApiError::not_found("Site not found"))
    })
    .await
}

/// A product as the list returns it: its `ProductInfo` plus `MisId` and `Attributes`.
fn product_row(product: &Value) -> Value {
    let mut row = product
        .get("ProductInfo")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if let Value::Object(map) = &mut row {
        for key in ["MisId", "Attributes"] {
            map.insert(key.into(), product.get(key).cloned().unwrap_or(Value::Null));
        }
    }
    row
}

async fn products(
    State(sim): Shared,
    Path(domain): Path<String>,
    headers: HeaderMap,
    query: QueryPairs,
) -> Response {
    sim.call("Products/List", Access::Token(&headers), |shop| {
        let paging = Paging::from_query(&QueryParams::new(query.0))?;
        let site_name = text(site_by_domain(shop, &domain)?, "/SiteName");
        let all: Vec<Value> = shop
            .catalog
            .products_of(site_name)
            .map(product_row)
            .collect();
        let page: Vec<Value> = all
            .iter()
            .skip(paging.page_number.saturating_mul(paging.page_size))
            .take(paging.page_size)
            .cloned()
            .collect();
        Ok(Reply::Json(json!({
            "Items": page, "PageNumber": paging.page_number,
            "PageSize": paging.page_size, "TotalItems": all.len(),
        })))
    })
    .await
}

async fn product(
    State(sim): Shared,
    Path((domain, product)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    sim.call("Products/Details", Access::Token(&headers), |shop| {
        let site_name = text(site_by_domain(shop, &domain)?, "/SiteName");
        shop.catalog
            .product(site_name, &product)
            .map(|p| Reply::Json(p.clone()))
            .ok_or_else(|| ApiError::not_found("Product not found"))
    })
    .await
}

async fn user_info(State(sim): Shared, Path(user): Path<String>, headers: HeaderMap) -> Response {
    sim.call("Users/Info", Access::Token(&headers), |shop| {
        shop.catalog
            .user(&user)
            .map(|u| Reply::Json(u.clone()))
            .ok_or_else(|| ApiError::not_found("User not found"))
    })
    .await
}

async fn address_book(
    State(sim): Shared,
    Path((domain, user)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    sim.call("AddressBook", Access::Token(&headers), |shop| {
        let site_id = text(site_by_domain(shop, &domain)?, "/SiteId");
        shop.catalog
            .user(&user)
            .filter(|u| text(u, "/SiteId").eq_ignore_ascii_case(site_id))
            .and_then(|u| u.pointer("/UserSite/AddressBook"))
            .map(|book| Reply::Json(book.clone()))
            .ok_or_else(|| ApiError::not_found("User not found"))
    })
    .await
}

async fn workflows(State(sim): Shared, headers: HeaderMap) -> Response {
    sim.call("Workflows", Access::Token(&headers), |shop| {
        let items: Vec<Value> = shop
            .catalog
            .workflows
            .iter()
            .map(|w| json!({ "WorkflowId": w.workflow_id, "Name": w.name }))
            .collect();
        Ok(Reply::Json(json!({ "Items": items })))
    })
    .await
}

async fn workflow_stages(
    State(sim): Shared,
    Path(workflow): Path<String>,
    headers: HeaderMap,
) -> Response {
    sim.call("Workflows/Stages", Access::Token(&headers), |shop| {
        shop.catalog
            .workflow(&workflow)
            .map(|w| Reply::Json(json!(w.stages)))
            .ok_or_else(|| ApiError::not_found("Workflow not found"))
    })
    .await
}
