//! Reading: one order, normalized and fully enriched ([`PresseroClient::order`]), and the
//! lower-level reads it is built from: item details, site info, products, user info and address
//! books, workflows and their stages, an order's production files.

use std::collections::BTreeSet;
use std::sync::Arc;

use reqwest::Method;

use super::{PresseroClient, Request, malformed, malformed_field};
use crate::error::{CallSite, PresseroError};
use crate::normalize::{self, Enrichment, ParsedOrder};
use crate::order::{Order, OrderItem, Site, SiteUser};
use crate::records::{AddressBook, ItemFiles, Product, Workflow, WorkflowStage};
use crate::wire::decode::{self, ItemDetail};
use crate::wire::facts as f;
use crate::wire::json::{FieldError, Obj, parse_array};

impl PresseroClient {
    /// The order `order_number`, normalized: order details, item details where the order
    /// detail's items lack their ship-to or files, site info (the storefront's Integration ID),
    /// user info (the ordering user and address book) and each product (its Integration ID).
    ///
    /// A user or product Pressero no longer knows (404) is left out with a warning: the order
    /// still carries the orderer's name and e-mail, and the item its own attributes.
    pub async fn order(&self, order_number: u64) -> Result<Order, PresseroError> {
        let (parsed, site) = self.order_parts(order_number).await?;
        let enrichment = self
            .enrichment(&parsed)
            .await
            .map_err(|e| e.about_order(order_number))?;
        normalize::assemble(parsed.detail, parsed.items, enrichment)
            .map_err(|l| malformed(&site, l))
    }

    /// The order detail with every item read, completing items from their item details where
    /// needed; also the call site of the detail call.
    async fn order_parts(
        &self,
        order_number: u64,
    ) -> Result<(ParsedOrder, CallSite), PresseroError> {
        let number = order_number.to_string();
        let mut request =
            self.request(Method::GET, &["api", "v2", "orders", &number, "Details"])?;
        request.site = request.site.order(order_number);
        let text = self.call_text(&request).await?;
        let obj = Obj::parse(&text).map_err(|e| malformed_field(&request.site, e))?;
        let mut parsed = normalize::parse_order(&obj).map_err(|l| malformed(&request.site, l))?;
        if parsed.detail.order_number != order_number {
            return Err(PresseroError::Malformed {
                site: request.site,
                detail: format!(
                    "`OrderNumber` is {}, expected {order_number}",
                    parsed.detail.order_number
                ),
            });
        }
        for slot in parsed.items.iter_mut().filter(|i| !i.is_complete) {
            *slot = self
                .item_detail(order_number, slot.item.item_number)
                .await?;
        }
        Ok((parsed, request.site))
    }

    async fn enrichment(&self, parsed: &ParsedOrder) -> Result<Enrichment, PresseroError> {
        let detail = &parsed.detail;
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
        let product_ids: BTreeSet<&str> = parsed
            .items
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
        let request = self.request(Method::GET, &["api", "SiteInfo", site_id])?;
        self.read_one(&request, decode::site).await
    }

    /// One product of a site (`GET /api/site/{domain}/products/{productId}`).
    pub async fn product(
        &self,
        site_domain: &str,
        product_id: &str,
    ) -> Result<Product, PresseroError> {
        let request = self.request(
            Method::GET,
            &["api", "site", site_domain, "products", product_id],
        )?;
        self.read_one(&request, decode::product).await
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
        self.read_pages(page, row).await
    }

    /// A site user with their preferred address (`GET /api/V2/users/{userId}/Info`).
    pub async fn site_user(&self, user_id: &str) -> Result<SiteUser, PresseroError> {
        let request = self.request(Method::GET, &["api", "V2", "users", user_id, "Info"])?;
        self.read_one(&request, decode::site_user).await
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

    /// The production files of each item of an order (from the order and item details).
    pub async fn order_files(&self, order_number: u64) -> Result<Vec<ItemFiles>, PresseroError> {
        let (parsed, _) = self.order_parts(order_number).await?;
        Ok(parsed
            .items
            .into_iter()
            .map(|p| ItemFiles {
                item_number: p.item.item_number,
                files: p.item.files,
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
