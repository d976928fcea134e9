//! Reading: one order, normalized and fully enriched ([`PresseroClient::order`],
//! [`PresseroClient::read_order`]): its search rows, completed from its order details, and the
//! lower-level reads: item details, site info, products, user info and address books,
//! workflows and their stages, an order's production files.

use std::collections::BTreeSet;
use std::sync::Arc;

use reqwest::Method;

use super::poll_reads::once;
use super::{PresseroClient, Request, malformed, malformed_field};
use crate::error::{CallSite, PresseroError};
use crate::normalize::{self, Enrichment};
use crate::order::{Order, OrderItem, Site, SiteUser};
use crate::records::{AddressBook, ItemFiles, OrderRead, Product, Workflow, WorkflowStage};
use crate::wire::decode::{self, Details, ItemDetail, OrderDetail, Row};
use crate::wire::facts::{self as f, SearchFilter, SearchRequest};
use crate::wire::json::{FieldError, Obj, parse_array};
use crate::wire::proposals as p;

/// How often the order details are asked for when they fail for a passing reason.
const DETAILS_TRIES: u32 = 3;

/// The pause before the second try of the order details (the third waits twice as long).
const DETAILS_RETRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);

impl PresseroClient {
    /// The order `order_number`, normalized: see [`PresseroClient::read_order`], which also
    /// says what the order details lacked.
    pub async fn order(&self, order_number: u64) -> Result<Order, PresseroError> {
        self.read_order(order_number).await.map(|read| read.order)
    }

    /// The order `order_number`, normalized, with what its details lacked.
    ///
    /// Built from its search rows (one search with an `OrderNumber` equals filter, reference
    /// §3.1: the rows carry everything the mapping needs, product attribute names and workflow
    /// ids included), completed from the order details (`GET /api/v2/orders/{n}/Details`, a
    /// PROPOSAL shape: production files, "Will Ship Separately", pricing parameters, kit links,
    /// order notes, the ordering user's id), then enriched with site info (the storefront's
    /// Integration ID), user info (the ordering user and address book) and each product (its
    /// Integration ID). The details are read leniently: when they fail or lack something, the
    /// order is still built from the rows and [`OrderRead::gaps`] says what was missing.
    ///
    /// No row for the order is a 404. A user or product Pressero no longer knows (404) is left
    /// out with a warning: the order still carries the orderer's name and e-mail.
    pub async fn read_order(&self, order_number: u64) -> Result<OrderRead, PresseroError> {
        let (rows, site) = self.order_rows(order_number).await?;
        let details = self.order_details(order_number).await?;
        let parsed = normalize::from_rows(order_number, rows, details)
            .ok_or_else(|| not_found(&site, order_number))?;
        let gaps = parsed.gaps;
        for gap in &gaps {
            tracing::warn!(order = order_number, "order details lack {gap}");
        }
        let mut items = parsed.items;
        let enrichment = self
            .enrichment(&parsed.detail, &mut items)
            .await
            .map_err(|e| e.about_order(order_number))?;
        let order = normalize::assemble(parsed.detail, items, enrichment)
            .map_err(|l| malformed(&site, l))?;
        Ok(OrderRead { order, gaps })
    }

    /// The search rows of order `order_number` (every page), each read in full; also the call
    /// site of the search.
    pub(super) async fn order_rows(
        &self,
        order_number: u64,
    ) -> Result<(Vec<Row>, CallSite), PresseroError> {
        let (start_date, end_date) = p::ORDER_LOOKUP_WINDOW;
        let body = SearchRequest {
            start_date: start_date.to_owned(),
            end_date: end_date.to_owned(),
            sort: f::SORT_BY_ORDER_NUMBER,
            filters: vec![SearchFilter {
                column: f::FILTER_ORDER_NUMBER,
                value: order_number.to_string(),
                operator: f::FILTER_EQUALS,
            }],
        };
        let body = serde_json::to_vec(&body).unwrap_or_default();
        let page = |_| {
            let mut request = self.request(Method::POST, &["api", "v2", "Orders", "Search"])?;
            request.body = Some(body.clone());
            request.timeout = self.settings().search_timeout;
            request.site = request.site.order(order_number);
            Ok(request)
        };
        let row = |raw: &Obj<'_>, site: &CallSite| {
            let row = normalize::parse_row(raw).map_err(|l| malformed(site, l))?;
            let key = format!("{}-{}", row.order.order_number, row.item.item.item_number);
            Ok((row, key))
        };
        let rows = self.read_pages(page, row).await?;
        let site = page(0)?.site;
        Ok((rows, site))
    }

    /// The order details, read leniently: `Ok(Err(why))` when the endpoint did not give them
    /// (an HTTP error, an answer that cannot be understood), and the order is built without
    /// them. A passing failure (HTTP 5xx, a timeout, a dropped connection) is tried again
    /// [`DETAILS_TRIES`] times in all first: a passing failure must not cost an order its
    /// production files; an endpoint that keeps failing must not stop every order. `Err` when
    /// they could not be asked for at all (the sign-in was refused, a session refused after
    /// renewal, bad settings): then the order is not read either.
    async fn order_details(
        &self,
        order_number: u64,
    ) -> Result<Result<Details, String>, PresseroError> {
        let number = order_number.to_string();
        let mut request =
            self.request(Method::GET, &["api", "v2", "orders", &number, "Details"])?;
        request.site = request.site.order(order_number);
        let mut tries = 1;
        let text = loop {
            match self.call_text(&request).await {
                Ok(text) => break text,
                Err(error) if error.is_transient() && tries < DETAILS_TRIES => {
                    tracing::info!(order = order_number, %error, "order details: trying again");
                    tokio::time::sleep(DETAILS_RETRY_PAUSE * tries).await;
                    tries += 1;
                }
                Err(
                    error @ (PresseroError::SignInRefused { .. }
                    | PresseroError::Unauthorized { .. }
                    | PresseroError::Settings(_)),
                ) => return Err(error.about_order(order_number)),
                Err(error) => return Ok(Err(error.to_string())),
            }
        };
        Ok(Obj::parse(&text)
            .map(|obj| decode::details(&obj))
            .map_err(|e| format!("{}: {e}", request.site)))
    }

    async fn enrichment(
        &self,
        detail: &OrderDetail,
        items: &mut [ItemDetail],
    ) -> Result<Enrichment, PresseroError> {
        let mut enrichment = Enrichment::default();
        if detail.site.site_id.is_empty() {
            tracing::warn!(order = detail.order_number, "order names no SiteId");
        } else {
            enrichment.site = Some(self.site(&detail.site.site_id).await?);
        }
        if !detail.user_id.is_empty() {
            enrichment.user = self.site_user(&detail.user_id).await.map(Some).or_else(|e| {
                if e.is_not_found() {
                    tracing::warn!(order = detail.order_number, error = %e, "ordering user not found");
                    Ok(None)
                } else {
                    Err(e)
                }
            })?;
        }
        // Per-site product routes need the site's domain: the order's own, else site info's.
        let domain = match &enrichment.site {
            Some(site) if detail.site.domain.is_empty() => site.domain.clone(),
            _ => detail.site.domain.clone(),
        };
        if !domain.is_empty() && items.iter().any(|i| i.item.product_id.is_empty()) {
            self.find_product_ids(&domain, items, detail.order_number)
                .await?;
        }
        let product_ids: BTreeSet<&str> = items
            .iter()
            .map(|i| i.item.product_id.as_str())
            .filter(|id| !id.is_empty())
            .collect();
        if domain.is_empty() && !product_ids.is_empty() {
            tracing::warn!(
                order = detail.order_number,
                "no site domain: products not read"
            );
            return Ok(enrichment);
        }
        for product_id in product_ids {
            match self.product(&domain, product_id).await {
                Ok(product) => {
                    enrichment.products.insert(product_id.to_owned(), product);
                }
                Err(e) if e.is_not_found() => {
                    tracing::warn!(order = detail.order_number, error = %e, "product not found");
                }
                Err(e) => return Err(e),
            }
        }
        Ok(enrichment)
    }

    /// Search rows carry no `ProductId` (§3.1); the details add it. Items still without one are
    /// looked up in the site's product list (one read), by part number, else by name.
    async fn find_product_ids(
        &self,
        domain: &str,
        items: &mut [ItemDetail],
        order_number: u64,
    ) -> Result<(), PresseroError> {
        let products = match self.products(domain).await {
            Ok(products) => products,
            Err(e) if e.is_not_found() => {
                tracing::warn!(order = order_number, error = %e, "site's products not found");
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let same = |a: &str, b: &str| !a.is_empty() && a.eq_ignore_ascii_case(b);
        for parsed in items.iter_mut().filter(|i| i.item.product_id.is_empty()) {
            let found = products
                .iter()
                .find(|p| same(&parsed.part_number, &p.printers_part_number))
                .or_else(|| {
                    products
                        .iter()
                        .find(|p| same(&parsed.item.product_name, &p.name))
                });
            match found {
                Some(product) => parsed.item.product_id.clone_from(&product.product_id),
                None => tracing::warn!(
                    order = order_number,
                    item = parsed.item.item_number,
                    "no ProductId, and no product of the site has this part number or name"
                ),
            }
        }
        Ok(())
    }

    async fn item_detail(
        &self,
        order_number: u64,
        item_number: u32,
    ) -> Result<ItemDetail, PresseroError> {
        let (order, item) = (order_number.to_string(), item_number.to_string());
        let mut request = self.request(
            Method::GET,
            &["api", "v2", "orders", &order, "Item", &item, "Details"],
        )?;
        request.site = request.site.order(order_number).item(Some(item_number));
        let text = self.call_text(&request).await?;
        let obj = Obj::parse(&text).map_err(|e| malformed_field(&request.site, e))?;
        normalize::parse_item(&obj, order_number).map_err(|l| malformed(&request.site, l))
    }

    /// One item's details (`GET /api/v2/orders/{n}/Item/{seq}/Details`). Its
    /// `product_integration_id` is left empty: that is the product's (see
    /// [`PresseroClient::product`]); [`PresseroClient::order`] fills it in.
    pub async fn order_item(
        &self,
        order_number: u64,
        item_number: u32,
    ) -> Result<OrderItem, PresseroError> {
        Ok(self.item_detail(order_number, item_number).await?.item)
    }

    /// A storefront, with its Integration ID (`GET /api/SiteInfo/{siteId}`).
    pub async fn site(&self, site_id: &str) -> Result<Site, PresseroError> {
        let read = async {
            let request = self.request(Method::GET, &["api", "SiteInfo", site_id])?;
            self.read_one(&request, decode::site).await
        };
        match &self.poll {
            Some(poll) => once(&poll.sites, site_id, read).await,
            None => read.await,
        }
    }

    /// One product of a site (`GET /api/site/{domain}/products/{productId}`).
    pub async fn product(
        &self,
        site_domain: &str,
        product_id: &str,
    ) -> Result<Product, PresseroError> {
        let read = async {
            let request = self.request(
                Method::GET,
                &["api", "site", site_domain, "products", product_id],
            )?;
            self.read_one(&request, decode::product).await
        };
        match &self.poll {
            Some(poll) => once(&poll.products, &format!("{site_domain}/{product_id}"), read).await,
            None => read.await,
        }
    }

    /// Every product of a site (`GET /api/site/{domain}/products/`, all pages, not deleted).
    pub async fn products(&self, site_domain: &str) -> Result<Vec<Product>, PresseroError> {
        let page = |_| {
            let mut request =
                self.request(Method::GET, &["api", "site", site_domain, "products", ""])?;
            request
                .url
                .query_pairs_mut()
                .append_pair("includeDeleted", "false");
            Ok(request)
        };
        let row = |raw: &Obj<'_>, site: &CallSite| {
            let product = decode::product(raw).map_err(|e| malformed_field(site, e))?;
            let key = product.product_id.clone();
            Ok((product, key))
        };
        match &self.poll {
            Some(poll) => once(&poll.product_lists, site_domain, self.read_pages(page, row)).await,
            None => self.read_pages(page, row).await,
        }
    }

    /// A site user with their preferred address (`GET /api/V2/users/{userId}/Info`).
    pub async fn site_user(&self, user_id: &str) -> Result<SiteUser, PresseroError> {
        let read = async {
            let request = self.request(Method::GET, &["api", "V2", "users", user_id, "Info"])?;
            self.read_one(&request, decode::site_user).await
        };
        match &self.poll {
            Some(poll) => once(&poll.users, user_id, read).await,
            None => read.await,
        }
    }

    /// A site user's address book (`GET /api/site/{domain}/Addressbook/{userId}`).
    pub async fn address_book(
        &self,
        site_domain: &str,
        user_id: &str,
    ) -> Result<AddressBook, PresseroError> {
        let request = self.request(
            Method::GET,
            &["api", "site", site_domain, "Addressbook", user_id],
        )?;
        self.read_one(&request, decode::address_book).await
    }

    /// The subscriber's workflows (`GET /api/Workflows`), read once and then cached.
    pub async fn workflows(&self) -> Result<Arc<Vec<Workflow>>, PresseroError> {
        if let Some(cached) = self.workflow_cache().clone() {
            return Ok(cached);
        }
        let request = self.request(Method::GET, &["api", "Workflows"])?;
        let workflows = Arc::new(
            self.read_list(&request, "Workflows", decode::workflow)
                .await?,
        );
        *self.workflow_cache() = Some(workflows.clone());
        Ok(workflows)
    }

    /// A workflow's stages in order (`GET /api/workflows/{id}/Stages`), cached per workflow.
    pub async fn workflow_stages(
        &self,
        workflow_id: &str,
    ) -> Result<Arc<Vec<WorkflowStage>>, PresseroError> {
        if let Some(cached) = self.stage_cache().get(workflow_id).cloned() {
            return Ok(cached);
        }
        self.refresh_workflow_stages(workflow_id).await
    }

    /// Reads a workflow's stages again, replacing the cached list.
    pub(super) async fn refresh_workflow_stages(
        &self,
        workflow_id: &str,
    ) -> Result<Arc<Vec<WorkflowStage>>, PresseroError> {
        let request = self.request(Method::GET, &["api", "workflows", workflow_id, "Stages"])?;
        let mut stages = self.read_list(&request, "Stages", decode::stage).await?;
        stages.sort_by_key(|s| s.seq);
        let stages = Arc::new(stages);
        self.stage_cache()
            .insert(workflow_id.to_owned(), stages.clone());
        Ok(stages)
    }

    /// The production files of each item of an order (from its order details; see
    /// [`PresseroClient::read_order`]).
    pub async fn order_files(&self, order_number: u64) -> Result<Vec<ItemFiles>, PresseroError> {
        let read = self.read_order(order_number).await?;
        Ok(read
            .order
            .items
            .into_iter()
            .map(|item| ItemFiles {
                item_number: item.item_number,
                files: item.files,
            })
            .collect())
    }

    /// Makes a call and decodes its answer, one object.
    async fn read_one<T>(
        &self,
        request: &Request,
        decode: impl Fn(&Obj<'_>) -> Result<T, FieldError>,
    ) -> Result<T, PresseroError> {
        let text = self.call_text(request).await?;
        Obj::parse(&text)
            .and_then(|obj| decode(&obj))
            .map_err(|e| malformed_field(&request.site, e))
    }

    /// Makes a call and decodes its answer, a list given bare (`[…]`) or as `{Items:[…]}`.
    async fn read_list<T>(
        &self,
        request: &Request,
        what: &str,
        decode: impl Fn(&Obj<'_>) -> Result<T, FieldError>,
    ) -> Result<Vec<T>, PresseroError> {
        let text = self.call_text(request).await?;
        let objects = if text.trim_start().starts_with('[') {
            parse_array(&text, what)
        } else {
            Obj::parse(&text).and_then(|obj| obj.objects(f::ITEMS))
        };
        objects
            .and_then(|objects| objects.iter().map(&decode).collect())
            .map_err(|e| malformed_field(&request.site, e))
    }
}

/// No search row for order `order_number`: Pressero does not know it.
fn not_found(site: &CallSite, order_number: u64) -> PresseroError {
    PresseroError::Status {
        site: site.clone(),
        status: 404,
        message: format!("Order not found: no search row has OrderNumber {order_number}"),
    }
}
