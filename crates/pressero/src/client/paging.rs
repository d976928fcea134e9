//! Reading a paged Pressero list (`?pageNumber=k&pageSize=n`, 0-based, envelope
//! `{Items, PageNumber, PageSize, TotalItems}`) until every row is read.

use std::collections::HashSet;

use super::{PresseroClient, Request, malformed_field};
use crate::error::{CallSite, PresseroError};
use crate::wire::decode;
use crate::wire::json::Obj;

/// One decoded row and the key that identifies it (rows seen twice count once).
pub(super) type Row<T> = (T, String);

impl PresseroClient {
    /// Reads pages 0, 1, … of the request `page(k)` builds, decoding each row, until
    /// `TotalItems` rows are read (or, without a total, a short or empty page). A page made only
    /// of rows already read means paging does not advance: an error, not an endless loop.
    pub(super) async fn read_pages<T>(
        &self,
        page: impl Fn(u64) -> Result<Request, PresseroError>,
        row: impl Fn(&Obj<'_>, &CallSite) -> Result<Row<T>, PresseroError>,
    ) -> Result<Vec<T>, PresseroError> {
        let page_size = u64::from(self.settings().page_size);
        let mut seen = HashSet::new();
        let mut rows = Vec::new();
        let mut read: u64 = 0;
        for page_number in 0u64.. {
            let mut request = page(page_number)?;
            request
                .url
                .query_pairs_mut()
                .append_pair("pageNumber", &page_number.to_string())
                .append_pair("pageSize", &page_size.to_string());
            let text = self.call_text(&request).await?;
            let obj = Obj::parse(&text).map_err(|e| malformed_field(&request.site, e))?;
            let envelope = decode::page(&obj).map_err(|e| malformed_field(&request.site, e))?;
            if envelope.rows.is_empty() {
                break;
            }
            let count = envelope.rows.len() as u64;
            let mut new_rows = 0;
            for raw in &envelope.rows {
                let (decoded, key) = row(raw, &request.site)?;
                if seen.insert(key) {
                    new_rows += 1;
                    rows.push(decoded);
                }
            }
            read += count;
            let done = match envelope.total {
                Some(total) => read >= total,
                None => count < page_size,
            };
            if done {
                break;
            }
            if new_rows == 0 {
                return Err(PresseroError::Malformed {
                    site: request.site.clone(),
                    detail: format!(
                        "page {page_number} holds only rows already read, so paging does not \
                         advance ({read} rows read, `TotalItems` {})",
                        envelope
                            .total
                            .map_or("absent".to_owned(), |t| t.to_string())
                    ),
                });
            }
        }
        Ok(rows)
    }
}
