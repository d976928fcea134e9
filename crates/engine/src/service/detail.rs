//! An order's detail with its trace (the UI's order page, `status <order>`), and the status
//! overview (the UI's dashboard, the CLI's `status`).

use super::{ServiceError, ServiceHandle};
use crate::store::{Event, JournalEntry, OrderFilter, OrderRecord, OrderRow, OrderState};
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything known about one order: its stored state and snapshot, the journal of its Pace
/// steps, and its events (the trace), oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct OrderDetail {
    /// State, attempts, last error, Pace jobs and calls, and the latest Pressero snapshot.
    pub order: OrderRecord,
    /// Each Pace step begun, done or failed.
    pub journal: Vec<JournalEntry>,
    /// The order's trace.
    pub events: Vec<Event>,
}

/// How many orders are in each state, and the orders themselves (newest first).
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// Orders per state (states with none are left out).
    pub counts: BTreeMap<OrderState, u64>,
    /// The orders.
    pub orders: Vec<OrderRow>,
}

impl StatusReport {
    /// Whether any order needs a person (Needs attention).
    pub fn needs_attention(&self) -> bool {
        self.orders
            .iter()
            .any(|order| order.state == OrderState::NeedsAttention)
    }
}

impl ServiceHandle {
    /// Order `order_number` with its journal and trace.
    pub fn order_detail(&self, order_number: u64) -> Result<OrderDetail, ServiceError> {
        let store = self.store();
        let order = store
            .order(order_number)?
            .ok_or(ServiceError::UnknownOrder(order_number))?;
        Ok(OrderDetail {
            order,
            journal: store.journal(order_number)?,
            events: store.events_for(order_number)?,
        })
    }

    /// The counts per state and every order matching `filter`.
    pub fn status(&self, filter: &OrderFilter) -> Result<StatusReport, ServiceError> {
        Ok(StatusReport {
            counts: self.store().state_counts()?,
            orders: self.list_orders(filter)?,
        })
    }
}
