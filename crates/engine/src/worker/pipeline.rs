//! One order's way to Pace, as the worker runs it: resolve (read-only Pace look-ups) → plan
//! (pure) → apply (journaled Pace writes, then the write-back to Pressero).
//!
//! [`OrderSync`] is the seam: the worker only knows that an order goes in and a [`SyncDone`] or a
//! [`SyncFailure`] comes out. [`PaceSync`] is the real pipeline.

use super::failure::SyncFailure;
use crate::apply::Applier;
use crate::events::Clock;
use crate::plan::{PlanError, PlanOutcome, facts_needed, plan};
use crate::resolve::Resolver;
use crate::settings::Settings;
use pressero::order::Order;
use std::future::Future;
use std::sync::Arc;

/// What a successful sync of one order came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncDone {
    /// The order is in Pace.
    Synced {
        /// The Pace job numbers created or used.
        pace_jobs: Vec<String>,
        /// One line for staff (what apply did, calls made).
        summary: String,
    },
    /// Nothing to send (the planner's reason).
    Skipped {
        /// Why.
        reason: String,
    },
    /// WaitForApprove is on and no item is approved yet (an approval was withdrawn since the
    /// poll): the order waits again.
    WaitingForApproval {
        /// What the planner said.
        message: String,
    },
}

/// Syncs one order to Pace. Implemented by [`PaceSync`]; tests may script it.
pub trait OrderSync: Send + Sync + 'static {
    /// Sends `order` (its latest stored snapshot) to Pace.
    fn sync_order(
        &self,
        order: &Order,
    ) -> impl Future<Output = Result<SyncDone, SyncFailure>> + Send;
}

/// The real pipeline: the resolver, the planner under the shop's settings, and apply (which
/// also writes the job numbers back to Pressero).
#[derive(Debug, Clone)]
pub struct PaceSync {
    resolver: Resolver,
    applier: Applier,
    settings: Arc<Settings>,
    clock: Arc<dyn Clock>,
}

impl PaceSync {
    /// A pipeline looking up facts with `resolver`, planning with `settings` (the plan's "today"
    /// is the clock's date, in UTC) and writing with `applier`.
    pub fn new(
        resolver: Resolver,
        applier: Applier,
        settings: Arc<Settings>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        PaceSync {
            resolver,
            applier,
            settings,
            clock,
        }
    }

    /// Resolves and plans `order`: the plan outcome, or (as `Err`) that the order waits for an
    /// approver again.
    pub async fn plan_order(
        &self,
        order: &Order,
    ) -> Result<Result<PlanOutcome, SyncDone>, SyncFailure> {
        let facts = self
            .resolver
            .resolve(&facts_needed(order, &self.settings))
            .await?;
        let today = self.clock.now().date_naive();
        match plan(order, &self.settings, &facts, today) {
            Ok(outcome) => Ok(Ok(outcome)),
            Err(error @ PlanError::AwaitingApproval { .. }) => {
                Ok(Err(SyncDone::WaitingForApproval {
                    message: error.to_string(),
                }))
            }
            Err(error) => Err(error.into()),
        }
    }
}

impl OrderSync for PaceSync {
    async fn sync_order(&self, order: &Order) -> Result<SyncDone, SyncFailure> {
        let plan = match self.plan_order(order).await? {
            Err(done) => return Ok(done),
            Ok(PlanOutcome::Skip { reason }) => return Ok(SyncDone::Skipped { reason }),
            Ok(PlanOutcome::Plan(plan)) => plan,
        };
        let report = self.applier.apply(order.order_number, &plan).await?;
        Ok(SyncDone::Synced {
            pace_jobs: report.job_numbers.values().cloned().collect(),
            summary: report.summary(),
        })
    }
}
