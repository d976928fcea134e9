//! "Plan an order without writing" (the UI's preview, the CLI's `plan`): read the order from
//! Pressero, look up in Pace what the plan needs (read-only), and plan it. Nothing is written
//! anywhere: not to Pace, not to Pressero, not to the store. Steps the order's journal has as
//! done read "already in Pace as <key>" (the plan itself stays pure).

use super::ServiceError;
use crate::plan::{self, OrderPlan, PlanError, PlanOutcome};
use crate::resolve::Resolver;
use crate::settings::Settings;
use chrono::NaiveDate;
use pressero::PresseroClient;
use serde::Serialize;
use std::collections::BTreeMap;

/// What syncing an order would do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Preview {
    /// These Pace objects would be created or updated.
    Plan {
        /// The plan, step by step.
        plan: Box<OrderPlan>,
        /// The plan as staff read it, one line per thing that happens in Pace.
        summary: String,
    },
    /// Nothing would be sent.
    Skip {
        /// Why.
        reason: String,
    },
    /// The order cannot be synced as it stands: what and how to fix.
    Blocked {
        /// The reason, naming the order and the field.
        error: PlanError,
        /// The same, as a sentence.
        message: String,
    },
}

impl Preview {
    /// The preview of a planning outcome, for an order whose steps in `done` (step reference →
    /// Pace key, from its journal) are already in Pace.
    pub fn from_outcome(
        outcome: Result<PlanOutcome, PlanError>,
        done: &BTreeMap<String, String>,
    ) -> Self {
        match outcome {
            Ok(PlanOutcome::Plan(plan)) => Preview::Plan {
                summary: plan::summary_with_done(&plan, done),
                plan,
            },
            Ok(PlanOutcome::Skip { reason }) => Preview::Skip { reason },
            Err(error) => Preview::Blocked {
                message: error.to_string(),
                error,
            },
        }
    }
}

/// Reads order `order_number` from Pressero, resolves its facts in Pace and plans it for `today`;
/// the steps in `done` (from the order's journal) read as already in Pace.
pub(crate) async fn preview_order(
    pressero: &PresseroClient,
    resolver: &Resolver,
    settings: &Settings,
    order_number: u64,
    today: NaiveDate,
    done: &BTreeMap<String, String>,
) -> Result<Preview, ServiceError> {
    let order = pressero.order(order_number).await?;
    let facts = resolver
        .resolve(&plan::facts_needed(&order, settings))
        .await?;
    Ok(Preview::from_outcome(
        plan::plan(&order, settings, &facts, today),
        done,
    ))
}
