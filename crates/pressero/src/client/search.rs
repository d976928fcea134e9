//! Polling: the order search (`POST /api/v2/Orders/Search`, or one site's
//! `POST /api/site/{domain}/orders/`), split into windows no longer than the configured span,
//! paged (0-based) until every row is read, and grouped into [`OrderSummary`]s.

use reqwest::Method;

use super::{PresseroClient, malformed};
use crate::error::{CallSite, PresseroError};
use crate::normalize::Located;
use crate::summary::{self, OrderSummary};
use crate::window::SearchWindow;
use crate::wire::decode::{self, SearchRow};
use crate::wire::facts::{
    FILTER_EQUALS, FILTER_ORDER_NUMBER, FILTER_WORKFLOW_STAGE_PRINTER, SEARCH_DATE_FORMAT,
    SORT_BY_ORDER_NUMBER, SearchFilter, SearchRequest,
};
use crate::wire::json::Obj;

/// What to search for: a window of order dates, optionally one site, one order, or items at
/// one workflow stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderQuery {
    /// Orders placed in this window.
    pub window: SearchWindow,
    /// Only this site (its domain), through the per-site search.
    pub site_domain: Option<String>,
    /// Only this order.
    pub order_number: Option<u64>,
    /// Only items at this workflow stage (admin-side name, e.g. `Order Received`).
    pub printer_stage: Option<String>,
}

impl OrderQuery {
    /// Every order placed in `window`, on every site.
    pub fn new(window: SearchWindow) -> Self {
        OrderQuery {
            window,
            site_domain: None,
            order_number: None,
            printer_stage: None,
        }
    }

    fn filters(&self) -> Vec<SearchFilter> {
        let mut filters = Vec::new();
        if let Some(number) = self.order_number {
            filters.push(SearchFilter {
                column: FILTER_ORDER_NUMBER,
                value: number.to_string(),
                operator: FILTER_EQUALS,
            });
        }
        if let Some(stage) = &self.printer_stage {
            filters.push(SearchFilter {
                column: FILTER_WORKFLOW_STAGE_PRINTER,
                value: stage.clone(),
                operator: FILTER_EQUALS,
            });
        }
        filters
    }
}

impl PresseroClient {
    /// Every order placed in `window` on any site, as light summaries (number, date, site,
    /// items with approval, kit role, `MisId` and workflow stage), ascending by order number.
    pub async fn search_orders(
        &self,
        window: &SearchWindow,
    ) -> Result<Vec<OrderSummary>, PresseroError> {
        self.search(&OrderQuery::new(*window)).await
    }

    /// Every order placed in `window` on the site with this domain.
    pub async fn search_site_orders(
        &self,
        site_domain: &str,
        window: &SearchWindow,
    ) -> Result<Vec<OrderSummary>, PresseroError> {
        let mut query = OrderQuery::new(*window);
        query.site_domain = Some(site_domain.to_owned());
        self.search(&query).await
    }

    /// Runs `query`: one search per part of the window no longer than the configured span,
    /// each read page by page; rows are de-duplicated and grouped into orders (a page boundary
    /// may fall inside an order).
    pub async fn search(&self, query: &OrderQuery) -> Result<Vec<OrderSummary>, PresseroError> {
        let mut rows = Vec::new();
        for part in query.window.split(self.settings().max_search_span) {
            rows.extend(self.search_part(query, &part).await?);
        }
        Ok(summary::group(rows))
    }

    async fn search_part(
        &self,
        query: &OrderQuery,
        window: &SearchWindow,
    ) -> Result<Vec<SearchRow>, PresseroError> {
        let body = SearchRequest {
            start_date: window.start().format(SEARCH_DATE_FORMAT).to_string(),
            end_date: window.end().format(SEARCH_DATE_FORMAT).to_string(),
            sort: SORT_BY_ORDER_NUMBER,
            filters: query.filters(),
        };
        let body = serde_json::to_vec(&body).unwrap_or_default();
        let page = |_page_number| {
            let mut request = match &query.site_domain {
                Some(domain) => self.request(Method::POST, &["api", "site", domain, "orders", ""]),
                None => self.request(Method::POST, &["api", "v2", "Orders", "Search"]),
            }?;
            request.body = Some(body.clone());
            request.timeout = self.settings().search_timeout;
            Ok(request)
        };
        let row = |raw: &Obj<'_>, site: &CallSite| {
            let row = decode::search_row(raw).map_err(|error| {
                malformed(
                    site,
                    Located {
                        order_number: decode::order_number(raw).ok(),
                        item_number: decode::item_number(raw).ok(),
                        error,
                    },
                )
            })?;
            let key = format!("{}-{}", row.order_number, row.item.item_number);
            Ok((row, key))
        };
        self.read_pages(page, row).await
    }
}
