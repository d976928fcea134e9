//! Order search: the date window on `OrderDate` (start inclusive, end exclusive), the `Filters`
//! (`OrderNumber equals`, `WorkflowStagePrinter equals`), the sort, and 0-based paging over item
//! rows with the envelope `{Items, PageNumber, PageSize, TotalItems}`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::{Value, json};

use crate::caseless::QueryParams;
use crate::requests::{SearchFilter, SearchRequest};
use crate::rows::search_row;
use crate::wire::{OrderItem, StoredOrder};

/// The page size when the query string gives none.
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// A search request the simulator cannot carry out, with the `Message` to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSearch(pub String);

/// A checked search.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    filters: Vec<RowFilter>,
    sort_by_date: bool,
    descending: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum RowFilter {
    OrderNumber(u64),
    WorkflowStagePrinter(String),
}

/// Which page of rows to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// 0-based page number.
    pub page_number: usize,
    /// Rows per page.
    pub page_size: usize,
}

/// Parses a date as Pressero clients send them: .NET `"u"` (`2026-11-16 00:00:00Z`), ISO 8601
/// with or without offset (no offset means UTC), or a bare date.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    let naive = text.trim_end_matches(['Z', 'z']);
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(naive, format).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(naive, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .map(|n| n.and_utc())
}

fn filter_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn row_filter(filter: &SearchFilter) -> Result<RowFilter, BadSearch> {
    if !filter.operator.eq_ignore_ascii_case("equals") {
        return Err(BadSearch(format!(
            "The filter operator '{}' is not supported.",
            filter.operator
        )));
    }
    let value = filter_text(&filter.value);
    match filter.column.to_lowercase().as_str() {
        "ordernumber" => value
            .trim()
            .parse()
            .map(RowFilter::OrderNumber)
            .map_err(|_| BadSearch(format!("The value '{value}' is not valid for OrderNumber."))),
        "workflowstageprinter" => Ok(RowFilter::WorkflowStagePrinter(value)),
        _ => Err(BadSearch(format!(
            "The filter column '{}' is not supported.",
            filter.column
        ))),
    }
}

impl Search {
    /// Checks a search body.
    pub fn parse(request: &SearchRequest) -> Result<Self, BadSearch> {
        let date = |field: &str, text: &Option<String>| match text.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(t) => parse_date(t)
                .map(Some)
                .ok_or_else(|| BadSearch(format!("The value '{t}' is not valid for {field}."))),
        };
        let sort = request.sort_descriptor.clone().unwrap_or_default();
        let sort_by_date = match sort.member.to_lowercase().as_str() {
            "" | "ordernumber" => false,
            "orderdate" => true,
            _ => {
                return Err(BadSearch(format!(
                    "The sort member '{}' is not supported.",
                    sort.member
                )));
            }
        };
        let descending = match sort.direction.to_lowercase().as_str() {
            "" | "ascending" | "asc" => false,
            "descending" | "desc" => true,
            _ => {
                return Err(BadSearch(format!(
                    "The sort direction '{}' is not valid.",
                    sort.direction
                )));
            }
        };
        Ok(Search {
            start: date("StartDate", &request.start_date)?,
            end: date("EndDate", &request.end_date)?,
            filters: request
                .filters
                .iter()
                .map(row_filter)
                .collect::<Result<_, _>>()?,
            sort_by_date,
            descending,
        })
    }

    fn takes_order(&self, order: &StoredOrder) -> bool {
        let Some(date) = order.detail.order_date else {
            return false;
        };
        self.start.is_none_or(|start| date >= start) && self.end.is_none_or(|end| date < end)
    }

    fn takes_item(&self, order: &StoredOrder, item: &OrderItem) -> bool {
        self.filters.iter().all(|filter| match filter {
            RowFilter::OrderNumber(n) => order.detail.order_number == *n,
            RowFilter::WorkflowStagePrinter(stage) => {
                item.workflow_stage_printer.eq_ignore_ascii_case(stage)
            }
        })
    }

    /// The matching rows of `orders`, sorted, then the page asked for, in the paging envelope.
    pub fn answer<'a>(
        &self,
        orders: impl Iterator<Item = &'a StoredOrder>,
        paging: Paging,
    ) -> Value {
        let mut hits: Vec<(&StoredOrder, &OrderItem)> = orders
            .filter(|o| self.takes_order(o))
            .flat_map(|o| o.detail.items.iter().map(move |i| (o, i)))
            .filter(|(o, i)| self.takes_item(o, i))
            .collect();
        hits.sort_by(|(a, ai), (b, bi)| {
            let primary = if self.sort_by_date {
                a.detail
                    .order_date
                    .cmp(&b.detail.order_date)
                    .then(a.detail.order_number.cmp(&b.detail.order_number))
            } else {
                a.detail.order_number.cmp(&b.detail.order_number)
            };
            let primary = if self.descending {
                primary.reverse()
            } else {
                primary
            };
            primary.then(ai.order_item_number.cmp(&bi.order_item_number))
        });
        let total = hits.len();
        let rows: Vec<Value> = hits
            .into_iter()
            .skip(paging.page_number.saturating_mul(paging.page_size))
            .take(paging.page_size)
            .map(|(o, i)| search_row(o, i))
            .collect();
        json!({
            "Items": rows,
            "PageNumber": paging.page_number,
            "PageSize": paging.page_size,
            "TotalItems": total,
        })
    }
}

impl Paging {
    /// `pageNumber` and `pageSize` from the query string (any case); defaults 0 and
    /// [`DEFAULT_PAGE_SIZE`]; a page size of 0 or a non-number is refused.
    pub fn from_query(params: &QueryParams) -> Result<Self, BadSearch> {
        let number = |name: &str, default: usize| match params.get(name) {
            None => Ok(default),
            Some(text) => text
                .trim()
                .parse::<usize>()
                .map_err(|_| BadSearch(format!("The value '{text}' is not valid for {name}."))),
        };
        let paging = Paging {
            page_number: number("pageNumber", 0)?,
            page_size: number("pageSize", DEFAULT_PAGE_SIZE)?,
        };
        if paging.page_size == 0 {
            return Err(BadSearch("The value '0' is not valid for pageSize.".into()));
        }
        Ok(paging)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_in_the_formats_clients_send() {
        let expected: DateTime<Utc> = "2026-11-16T14:05:00Z".parse().unwrap();
        for text in [
            "2026-11-16 14:05:00Z",
            "2026-11-16T14:05:00Z",
            "2026-11-16T14:05:00",
            "2026-11-16T15:05:00+01:00",
            "2026-11-16T14:05:00.000Z",
        ] {
            assert_eq!(parse_date(text), Some(expected), "{text}");
        }
        assert_eq!(
            parse_date("2026-11-16"),
            Some("2026-11-16T00:00:00Z".parse().unwrap())
        );
        assert_eq!(parse_date("16/11/2026"), None);
    }

    #[test]
    fn unsupported_filters_and_sorts_are_refused() {
        let mut request = SearchRequest {
            filters: vec![SearchFilter {
                column: "OrderNumber".into(),
                value: Value::String("x".into()),
                operator: "equals".into(),
            }],
            ..SearchRequest::default()
        };
        assert!(Search::parse(&request).is_err());
        request.filters[0].value = json!(10001);
        assert!(Search::parse(&request).is_ok());
        request.filters[0].operator = "contains".into();
        assert!(Search::parse(&request).is_err());
    }
}
