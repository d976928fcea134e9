//! Orders: the latest Pressero snapshot of each order with its sync state, and the lists staff
//! see. The few fields a list shows or filters on (site, e-mail, total …) are copied out of the
//! snapshot into columns, so a list never parses snapshots.

use super::Store;
use super::columns::{StoredJson, StoredTime, optional_time, parse_text, time_text};
use super::error::{During, StoreError};
use super::state::{ErrorKind, OrderError, OrderState};
use chrono::{DateTime, Utc};
use pressero::order::Order;
use rusqlite::types::{FromSql, FromSqlResult, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, named_params, params_from_iter};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an upsert did to the stored snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotChange {
    /// The order was not stored before; it starts as [`OrderState::WaitingForApproval`] until
    /// the poller decides it is ready.
    New,
    /// The snapshot differs from the stored one and replaced it (the state is untouched).
    Changed,
    /// The snapshot is the same as the stored one; nothing was written.
    Unchanged,
}

/// An order as a list shows it: everything but the snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRow {
    /// Pressero order number.
    pub order_number: u64,
    /// Pressero order id (GUID).
    pub order_id: String,
    /// When the order was placed.
    pub order_date: DateTime<Utc>,
    /// The storefront's name.
    pub site_name: String,
    /// The ordering user's e-mail.
    pub customer_email: String,
    /// The ordering user's name.
    pub customer_name: String,
    /// The order total.
    pub total: Decimal,
    /// Number of items (kit parents and children included).
    pub item_count: u32,
    /// Sync state.
    pub state: OrderState,
    /// Sync attempts so far.
    pub attempts: u32,
    /// When the first attempt started, if any (the age at which retries are given up).
    pub first_attempt_at: Option<DateTime<Utc>>,
    /// When a `Retrying` order is tried again.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The last error, while the order is `Retrying`, `NeedsAttention` or `Syncing` again.
    pub last_error: Option<OrderError>,
    /// Why a `Skipped` order was skipped.
    pub skip_reason: Option<String>,
    /// What changed in Pressero after the sync, in words, while the order is
    /// `ChangedAfterSync`.
    pub change_after_sync: Option<String>,
    /// The Pace job numbers of a synced order.
    pub pace_jobs: Vec<String>,
    /// Pace API calls made for this order, over all attempts.
    pub pace_calls: u64,
    /// When the order was first seen.
    pub first_seen_at: DateTime<Utc>,
    /// When its snapshot last changed.
    pub snapshot_changed_at: DateTime<Utc>,
    /// When its state last changed.
    pub state_changed_at: DateTime<Utc>,
    /// When anything about it last changed.
    pub updated_at: DateTime<Utc>,
}

/// An order with its latest Pressero snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRecord {
    /// State, attempts, error, Pace keys and times.
    pub row: OrderRow,
    /// The latest Pressero snapshot.
    pub snapshot: Order,
}

/// Which orders a list shows. The default shows every order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFilter {
    /// Only these states; empty for all.
    pub states: Vec<OrderState>,
    /// Only this storefront (exact name).
    pub site: Option<String>,
    /// Text found (ignoring ASCII case) in the order number, the customer's e-mail or name, or
    /// the site name.
    pub text: Option<String>,
    /// At most this many orders; `None` for all.
    pub limit: Option<u32>,
    /// Skip this many first.
    pub offset: u32,
}

/// The columns of an [`OrderRow`], in a `SELECT`.
pub(crate) const ORDER_ROW_COLUMNS: &str = "order_number, order_id, order_date, site_name, \
     customer_email, customer_name, order_total, item_count, state, attempts, first_attempt_at, \
     next_attempt_at, error_kind, error_message, error_hint, skip_reason, change_after_sync, \
     pace_jobs, pace_calls, first_seen_at, snapshot_changed_at, state_changed_at, updated_at";

impl Store {
    /// Stores the latest Pressero snapshot of an order, seen at `seen_at`. A new order starts as
    /// [`OrderState::WaitingForApproval`]; an existing order keeps its state.
    pub fn upsert_snapshot(
        &self,
        order: &Order,
        seen_at: DateTime<Utc>,
    ) -> Result<SnapshotChange, StoreError> {
        let number = order.order_number;
        let operation = "record the Pressero snapshot";
        let snapshot = serde_json::to_string(order).map_err(|source| StoreError::Encode {
            operation,
            order: Some(number),
            source,
        })?;
        self.write(operation, Some(number), |transaction| {
            let stored: Option<String> = transaction
                .query_row(
                    "SELECT snapshot FROM orders WHERE order_number = ?1",
                    [number],
                    |row| row.get(0),
                )
                .optional()
                .during(operation, Some(number))?;
            let change = match stored {
                None => SnapshotChange::New,
                Some(stored) if stored == snapshot => return Ok(SnapshotChange::Unchanged),
                Some(_) => SnapshotChange::Changed,
            };
            transaction
                .execute(
                    "INSERT INTO orders (order_number, order_id, order_date, site_name,
                         customer_email, customer_name, order_total, item_count, snapshot, state,
                         first_seen_at, snapshot_changed_at, state_changed_at, updated_at)
                     VALUES (:number, :id, :date, :site, :email, :name, :total, :items,
                         :snapshot, :state, :seen, :seen, :seen, :seen)
                     ON CONFLICT (order_number) DO UPDATE SET order_id = excluded.order_id,
                         order_date = excluded.order_date, site_name = excluded.site_name,
                         customer_email = excluded.customer_email,
                         customer_name = excluded.customer_name,
                         order_total = excluded.order_total, item_count = excluded.item_count,
                         snapshot = excluded.snapshot,
                         snapshot_changed_at = excluded.snapshot_changed_at,
                         updated_at = excluded.updated_at",
                    named_params! {
                        ":number": number,
                        ":id": order.order_id,
                        ":date": time_text(order.order_date),
                        ":site": order.site.site_name,
                        ":email": order.ordered_by.email,
                        ":name": customer_name(order),
                        ":total": order.totals.total.to_string(),
                        ":items": order.items.len(),
                        ":snapshot": snapshot,
                        ":state": OrderState::WaitingForApproval,
                        ":seen": time_text(seen_at),
                    },
                )
                .during(operation, Some(number))?;
            Ok(change)
        })
    }

    /// The order `order_number` with its snapshot, if stored.
    pub fn order(&self, order_number: u64) -> Result<Option<OrderRecord>, StoreError> {
        let operation = "read the order";
        let found = self.read(|connection| {
            connection
                .query_row(
                    &format!(
                        "SELECT {ORDER_ROW_COLUMNS}, snapshot FROM orders WHERE order_number = ?1"
                    ),
                    [order_number],
                    |row| Ok((read_order_row(row)?, row.get::<_, String>("snapshot")?)),
                )
                .optional()
                .during(operation, Some(order_number))
        })?;
        let Some((row, snapshot)) = found else {
            return Ok(None);
        };
        let snapshot =
            serde_json::from_str(&snapshot).map_err(|source| StoreError::CorruptSnapshot {
                order: order_number,
                source,
            })?;
        Ok(Some(OrderRecord { row, snapshot }))
    }

    /// The snapshot last sent to Pace (copied when a worker claimed the order; for a synced
    /// order, what Pace has). `None` for an order never claimed, or claimed before this was kept.
    pub fn sent_snapshot(&self, order_number: u64) -> Result<Option<Order>, StoreError> {
        let operation = "read the snapshot sent to Pace";
        let found: Option<Option<String>> = self.read(|connection| {
            connection
                .query_row(
                    "SELECT sent_snapshot FROM orders WHERE order_number = ?1",
                    [order_number],
                    |row| row.get(0),
                )
                .optional()
                .during(operation, Some(order_number))
        })?;
        found
            .flatten()
            .map(|text| {
                serde_json::from_str(&text).map_err(|source| StoreError::CorruptSnapshot {
                    order: order_number,
                    source,
                })
            })
            .transpose()
    }

    /// The orders matching `filter`, newest (by order date) first.
    pub fn list_orders(&self, filter: &OrderFilter) -> Result<Vec<OrderRow>, StoreError> {
        let operation = "list the orders";
        let mut conditions: Vec<String> = Vec::new();
        let mut parameters: Vec<Value> = Vec::new();
        if !filter.states.is_empty() {
            let marks = vec!["?"; filter.states.len()].join(", ");
            conditions.push(format!("state IN ({marks})"));
            parameters.extend(
                filter
                    .states
                    .iter()
                    .map(|state| Value::Text(state.as_str().to_owned())),
            );
        }
        if let Some(site) = &filter.site {
            conditions.push("site_name = ?".to_owned());
            parameters.push(Value::Text(site.clone()));
        }
        if let Some(text) = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            conditions.push(
                "(CAST(order_number AS TEXT) LIKE ? ESCAPE '\\' \
                 OR customer_email LIKE ? ESCAPE '\\' OR customer_name LIKE ? ESCAPE '\\' \
                 OR site_name LIKE ? ESCAPE '\\')"
                    .to_owned(),
            );
            let pattern = format!("%{}%", escape_like(text));
            parameters.extend(std::iter::repeat_n(Value::Text(pattern), 4));
        }
        parameters.push(Value::Integer(filter.limit.map_or(-1, i64::from)));
        parameters.push(Value::Integer(i64::from(filter.offset)));
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT {ORDER_ROW_COLUMNS} FROM orders {where_clause} \
             ORDER BY order_date DESC, order_number DESC LIMIT ? OFFSET ?"
        );
        self.read(|connection| select_order_rows(connection, &sql, parameters, operation))
    }

    /// Every storefront the store has orders of: its name, its Integration ID in the newest
    /// order's snapshot, and how many orders, by name.
    pub fn storefronts_seen(&self) -> Result<Vec<(String, String, u64)>, StoreError> {
        let operation = "list the storefronts seen";
        self.read(|connection| {
            let mut statement = connection
                .prepare_cached(
                    "SELECT site_name,
                            (SELECT json_extract(newest.snapshot, '$.site.integration_id')
                               FROM orders AS newest WHERE newest.site_name = orders.site_name
                              ORDER BY newest.order_date DESC LIMIT 1) AS integration_id,
                            count(*) AS orders
                       FROM orders GROUP BY site_name ORDER BY site_name",
                )
                .during(operation, None)?;
            statement
                .query_map([], |row| {
                    Ok((
                        row.get("site_name")?,
                        row.get::<_, Option<String>>("integration_id")?
                            .unwrap_or_default(),
                        row.get("orders")?,
                    ))
                })
                .during(operation, None)?
                .collect::<rusqlite::Result<_>>()
                .during(operation, None)
        })
    }

    /// How many orders are in each state (states with none are left out).
    pub fn state_counts(&self) -> Result<BTreeMap<OrderState, u64>, StoreError> {
        let operation = "count the orders by state";
        self.read(|connection| {
            let mut statement = connection
                .prepare_cached("SELECT state, count(*) FROM orders GROUP BY state")
                .during(operation, None)?;
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .during(operation, None)?
                .collect::<rusqlite::Result<_>>()
                .during(operation, None)
        })
    }
}

/// Runs a `SELECT` of [`ORDER_ROW_COLUMNS`].
pub(crate) fn select_order_rows(
    connection: &Connection,
    sql: &str,
    parameters: impl IntoIterator<Item = Value>,
    operation: &'static str,
) -> Result<Vec<OrderRow>, StoreError> {
    let mut statement = connection.prepare_cached(sql).during(operation, None)?;
    let rows = statement
        .query_map(params_from_iter(parameters), read_order_row)
        .during(operation, None)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .during(operation, None)?;
    Ok(rows)
}

/// Reads the [`ORDER_ROW_COLUMNS`] of one row.
fn read_order_row(row: &Row<'_>) -> rusqlite::Result<OrderRow> {
    let StoredTime(order_date) = row.get("order_date")?;
    let StoredDecimal(total) = row.get("order_total")?;
    let error_kind: Option<ErrorKind> = row.get("error_kind")?;
    let last_error = match error_kind {
        Some(kind) => Some(OrderError {
            kind,
            message: row
                .get::<_, Option<String>>("error_message")?
                .unwrap_or_default(),
            hint: row
                .get::<_, Option<String>>("error_hint")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    let StoredJson(pace_jobs) = row.get("pace_jobs")?;
    let StoredTime(first_seen_at) = row.get("first_seen_at")?;
    let StoredTime(snapshot_changed_at) = row.get("snapshot_changed_at")?;
    let StoredTime(state_changed_at) = row.get("state_changed_at")?;
    let StoredTime(updated_at) = row.get("updated_at")?;
    Ok(OrderRow {
        order_number: row.get("order_number")?,
        order_id: row.get("order_id")?,
        order_date,
        site_name: row.get("site_name")?,
        customer_email: row.get("customer_email")?,
        customer_name: row.get("customer_name")?,
        total,
        item_count: row.get("item_count")?,
        state: row.get("state")?,
        attempts: row.get("attempts")?,
        first_attempt_at: optional_time(row.get("first_attempt_at")?),
        next_attempt_at: optional_time(row.get("next_attempt_at")?),
        last_error,
        skip_reason: row.get("skip_reason")?,
        change_after_sync: row.get("change_after_sync")?,
        pace_jobs,
        pace_calls: row.get("pace_calls")?,
        first_seen_at,
        snapshot_changed_at,
        state_changed_at,
        updated_at,
    })
}

/// A decimal stored as text.
struct StoredDecimal(Decimal);

impl FromSql for StoredDecimal {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        parse_text(value, "amount").map(StoredDecimal)
    }
}

/// The ordering user's name, `First Last`.
fn customer_name(order: &Order) -> String {
    let user = &order.ordered_by;
    [user.first_name.trim(), user.last_name.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(character, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, site_order, store_with_orders, temp_store};

    #[test]
    fn upsert_tells_new_changed_and_unchanged_and_keeps_the_state() {
        let (_dir, store) = temp_store();
        let mut snapshot = site_order(1001, "Acme", "buyer@acme.example");
        assert_eq!(
            store.upsert_snapshot(&snapshot, at(0)).unwrap(),
            SnapshotChange::New
        );
        assert_eq!(
            store.upsert_snapshot(&snapshot, at(5)).unwrap(),
            SnapshotChange::Unchanged
        );
        store
            .set_state(1001, crate::store::Transition::Ready)
            .unwrap();

        snapshot.items[0].quantity = 1000;
        assert_eq!(
            store.upsert_snapshot(&snapshot, at(10)).unwrap(),
            SnapshotChange::Changed
        );
        let record = store.order(1001).unwrap().unwrap();
        assert_eq!(record.snapshot, snapshot);
        assert_eq!(record.row.state, OrderState::Ready, "state untouched");
        assert_eq!(record.row.first_seen_at, at(0));
        assert_eq!(record.row.snapshot_changed_at, at(10));
        assert_eq!(record.row.customer_email, "buyer@acme.example");
        assert_eq!(record.row.customer_name, "Wile Coyote");
        assert_eq!(record.row.total, Decimal::new(12_345, 2));
        assert_eq!(record.row.item_count, 1);
    }

    #[test]
    fn a_new_order_waits_for_approval_until_the_poller_decides() {
        let (_dir, store) = store_with_orders(&[5]);
        let row = store.order(5).unwrap().unwrap().row;
        assert_eq!(row.state, OrderState::WaitingForApproval);
        assert_eq!((row.attempts, row.pace_calls), (0, 0));
        assert_eq!(row.last_error, None);
        assert!(row.pace_jobs.is_empty());
        assert_eq!(store.order(6).unwrap(), None);
    }

    #[test]
    fn a_corrupt_snapshot_is_an_error_naming_the_order() {
        let (_dir, store) = store_with_orders(&[77]);
        store
            .read(|connection| {
                connection
                    .execute(
                        "UPDATE orders SET snapshot = '{\"order_number\": ' WHERE order_number = 77",
                        [],
                    )
                    .during("corrupt", None)
            })
            .unwrap();
        let error = store.order(77).unwrap_err();
        assert!(
            matches!(error, StoreError::CorruptSnapshot { order: 77, .. }),
            "{error}"
        );
        assert!(error.to_string().contains("order 77"), "{error}");
        assert_eq!(store.list_orders(&OrderFilter::default()).unwrap().len(), 1);
    }

    #[test]
    fn lists_newest_first_with_state_site_text_and_paging() {
        let (_dir, store) = temp_store();
        store
            .upsert_snapshot(&site_order(10, "Acme", "wile@acme.example"), at(0))
            .unwrap();
        store
            .upsert_snapshot(&site_order(20, "Globex", "hank@globex.example"), at(0))
            .unwrap();
        store
            .upsert_snapshot(&site_order(30, "Acme", "road_runner@acme.example"), at(0))
            .unwrap();
        store
            .upsert_snapshot(&site_order(4100, "Initech", "bill@initech.example"), at(0))
            .unwrap();
        store
            .set_state(20, crate::store::Transition::Ready)
            .unwrap();
        store
            .set_state(30, crate::store::Transition::Ready)
            .unwrap();

        let numbers = |filter: OrderFilter| -> Vec<u64> {
            store
                .list_orders(&filter)
                .unwrap()
                .into_iter()
                .map(|row| row.order_number)
                .collect()
        };
        assert_eq!(numbers(OrderFilter::default()), [4100, 30, 20, 10]);
        let ready = OrderFilter {
            states: vec![OrderState::Ready],
            ..OrderFilter::default()
        };
        assert_eq!(numbers(ready), [30, 20]);
        let acme = OrderFilter {
            site: Some("Acme".into()),
            ..OrderFilter::default()
        };
        assert_eq!(numbers(acme), [30, 10]);
        let text = |text: &str| OrderFilter {
            text: Some(text.into()),
            ..OrderFilter::default()
        };
        assert_eq!(numbers(text("GLOBEX")), [20], "site or e-mail, any case");
        assert_eq!(numbers(text("41")), [4100], "order number");
        assert_eq!(numbers(text("_")), [30], "LIKE wildcards are literal");
        assert_eq!(numbers(text("coyote")), [4100, 30, 20, 10], "customer name");
        let page = OrderFilter {
            limit: Some(2),
            offset: 1,
            ..OrderFilter::default()
        };
        assert_eq!(numbers(page), [30, 20]);
        let none = OrderFilter {
            states: vec![OrderState::Synced, OrderState::Skipped],
            ..OrderFilter::default()
        };
        assert!(numbers(none).is_empty());

        let counts = store.state_counts().unwrap();
        assert_eq!(counts.get(&OrderState::Ready), Some(&2));
        assert_eq!(counts.get(&OrderState::WaitingForApproval), Some(&2));
        assert_eq!(counts.get(&OrderState::Synced), None);
    }
}
