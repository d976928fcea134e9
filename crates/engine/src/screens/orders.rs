//! The Orders screen and the Order detail: one row per order the app knows, newest first, and
//! for one order its items, its trace (every event and every Pace step, with times and Pace
//! keys) and links to its jobs in Pace's web UI.

use super::time_text;
use crate::service::OrderDetail;
use crate::settings::PaceConnection;
use crate::store::{
    ErrorKind, Event, JournalEntry, OrderError, OrderFilter, OrderRow, OrderState, StepOutcome,
};
use pressero::order::{Address, Approval, Order, OrderItem};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An order's error in words, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorView {
    /// Retried by itself (`transient`) or waiting for a person (`permanent`).
    pub kind: ErrorKind,
    /// What went wrong, naming the order's field or the Pace object.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl From<&OrderError> for ErrorView {
    fn from(error: &OrderError) -> Self {
        ErrorView {
            kind: error.kind,
            message: error.message.clone(),
            hint: error.hint.clone(),
        }
    }
}

/// One row of the Orders screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderListItem {
    /// The Pressero order number.
    #[ts(type = "number")]
    pub order_number: u64,
    /// The storefront (Pressero site name).
    pub storefront: String,
    /// Who ordered.
    pub customer: String,
    /// Their e-mail.
    pub email: String,
    /// How many items the order has.
    pub items: u32,
    /// The order total, as decimal text.
    pub total: String,
    /// Where the order is in the sync.
    pub state: OrderState,
    /// The state in staff's words.
    pub state_label: String,
    /// For Retrying: when it is tried again.
    pub next_attempt_at: Option<String>,
    /// The Pace job numbers.
    pub pace_jobs: Vec<String>,
    /// When the order was placed.
    pub order_date: String,
    /// When anything last happened to it.
    pub last_activity: String,
    /// The last error, while it stands.
    pub error: Option<ErrorView>,
    /// Why it was skipped.
    pub skip_reason: Option<String>,
    /// While Changed after sync: what changed in Pressero, in words.
    pub change_after_sync: Option<String>,
}

impl From<&OrderRow> for OrderListItem {
    fn from(row: &OrderRow) -> Self {
        OrderListItem {
            order_number: row.order_number,
            storefront: row.site_name.clone(),
            customer: row.customer_name.clone(),
            email: row.customer_email.clone(),
            items: row.item_count,
            total: row.total.to_string(),
            state: row.state,
            state_label: row.state.label().to_owned(),
            next_attempt_at: row
                .next_attempt_at
                .filter(|_| row.state == OrderState::Retrying)
                .map(time_text),
            pace_jobs: row.pace_jobs.clone(),
            order_date: time_text(row.order_date),
            last_activity: time_text(row.updated_at),
            error: row.last_error.as_ref().map(ErrorView::from),
            skip_reason: row.skip_reason.clone(),
            change_after_sync: row.change_after_sync.clone(),
        }
    }
}

/// The Orders screen's filter. Empty `states` means every state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderQuery {
    /// Only these states.
    pub states: Vec<OrderState>,
    /// Only this storefront.
    pub storefront: Option<String>,
    /// Text in the order number, the customer's name or e-mail.
    pub text: Option<String>,
    /// At most this many orders.
    pub limit: Option<u32>,
}

impl From<OrderQuery> for OrderFilter {
    fn from(query: OrderQuery) -> Self {
        let blank_is_none = |text: Option<String>| text.filter(|t| !t.trim().is_empty());
        OrderFilter {
            states: query.states,
            site: blank_is_none(query.storefront),
            text: blank_is_none(query.text).map(|t| t.trim().to_owned()),
            limit: query.limit,
            offset: 0,
        }
    }
}

/// One item of an order, as the detail lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    /// The item's number in the order.
    pub number: u32,
    /// The product (and the item's own name when it has one).
    pub product: String,
    /// Quantity ordered.
    #[ts(type = "number")]
    pub quantity: u64,
    /// Item price, as decimal text.
    pub price: String,
    /// Its approval, in staff's words.
    pub approval: String,
    /// Where it ships, on one line.
    pub ship_to: String,
}

impl From<&OrderItem> for ItemView {
    fn from(item: &OrderItem) -> Self {
        let product = if item.item_name.trim().is_empty() || item.item_name == item.product_name {
            item.product_name.clone()
        } else {
            format!("{} ({})", item.product_name, item.item_name)
        };
        ItemView {
            number: item.item_number,
            product,
            quantity: item.quantity,
            price: item.price.to_string(),
            approval: approval_label(item.approval).to_owned(),
            ship_to: one_line(&item.ship_to),
        }
    }
}

fn approval_label(approval: Approval) -> &'static str {
    match approval {
        Approval::Approved => "Approved",
        Approval::ApprovedWithModifications => "Approved with changes",
        Approval::Denied => "Denied",
        Approval::Pending => "Pending approval",
    }
}

/// An address on one line: name, business, street, city, state, postal code, country.
fn one_line(address: &Address) -> String {
    let name = format!("{} {}", address.first_name.trim(), address.last_name.trim());
    [
        name.trim(),
        address.business.trim(),
        address.address1.trim(),
        address.address2.trim(),
        address.city.trim(),
        address.state_province.trim(),
        address.postal.trim(),
        address.country.trim(),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

/// One line of an order's trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TraceLine {
    /// When.
    pub at: String,
    /// The event kind (`state_changed`, `sync_attempt`, `alert` …) or `pace_step`.
    pub kind: String,
    /// What happened, in words.
    pub message: String,
    /// The Pace key a step produced, if any.
    pub pace_key: Option<String>,
}

impl From<&Event> for TraceLine {
    fn from(event: &Event) -> Self {
        TraceLine {
            at: time_text(event.at),
            kind: event.kind.clone(),
            message: event.message.clone(),
            pace_key: None,
        }
    }
}

impl From<&JournalEntry> for TraceLine {
    fn from(step: &JournalEntry) -> Self {
        let (message, pace_key, at) = match &step.outcome {
            StepOutcome::Begun => (
                format!(
                    "Pace step {} ({}) begun, not finished",
                    step.step_ref, step.action
                ),
                None,
                step.begun_at,
            ),
            StepOutcome::Done { pace_key } => (
                format!(
                    "Pace step {} ({}) done: {pace_key}",
                    step.step_ref, step.action
                ),
                Some(pace_key.clone()),
                step.finished_at.unwrap_or(step.begun_at),
            ),
            StepOutcome::Failed { message } => (
                format!(
                    "Pace step {} ({}) failed: {message}",
                    step.step_ref, step.action
                ),
                None,
                step.finished_at.unwrap_or(step.begun_at),
            ),
        };
        TraceLine {
            at: time_text(at),
            kind: "pace_step".to_owned(),
            message,
            pace_key,
        }
    }
}

/// A Pace job of the order, with its address in Pace's web UI where the settings give one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct JobLink {
    /// The Pace job number.
    pub job: String,
    /// Its page in Pace's web UI (`pace.job_link`), if set.
    pub url: Option<String>,
}

/// The Order detail screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OrderView {
    /// The order's row.
    pub summary: OrderListItem,
    /// Its items with their approval.
    pub items: Vec<ItemView>,
    /// Every event and Pace step, oldest first.
    pub trace: Vec<TraceLine>,
    /// Its jobs in Pace.
    pub jobs: Vec<JobLink>,
}

impl OrderView {
    /// The view of `detail`; job links from `pace`'s `job_link`.
    pub fn new(detail: &OrderDetail, pace: &PaceConnection) -> Self {
        let row = &detail.order.row;
        let snapshot: &Order = &detail.order.snapshot;
        let mut trace: Vec<(chrono::DateTime<chrono::Utc>, TraceLine)> = detail
            .events
            .iter()
            .map(|event| (event.at, TraceLine::from(event)))
            .chain(detail.journal.iter().map(|step| {
                let at = step.finished_at.unwrap_or(step.begun_at);
                (at, TraceLine::from(step))
            }))
            .collect();
        // A stable sort keeps each source's own order among equal times.
        trace.sort_by_key(|(at, _)| *at);
        OrderView {
            summary: OrderListItem::from(row),
            items: snapshot.items.iter().map(ItemView::from).collect(),
            trace: trace.into_iter().map(|(_, line)| line).collect(),
            jobs: row
                .pace_jobs
                .iter()
                .map(|job| JobLink {
                    job: job.clone(),
                    url: pace.job_url(job),
                })
                .collect(),
        }
    }
}
