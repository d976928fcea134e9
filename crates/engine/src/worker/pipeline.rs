//! One order's way to Pace, as the worker runs it: resolve (read-only Pace look-ups) → plan
//! (pure) → apply (journaled Pace writes, then the write-back to Pressero).
//!
//! [`OrderSync`] is the seam: the worker only knows that an order goes in and a [`SyncDone`] or a
//! [`SyncFailure`] comes out. [`PaceSync`] is the real pipeline.

use super::failure::SyncFailure;
use super::locks::{CreationLocks, creation_keys};
use crate::apply::{Applier, IgnoredField};
use crate::events::Clock;
use crate::plan::{
    OrderPlan, PaceObject, PlanAlert, PlanAlertKind, PlanError, PlanOutcome, StepAction,
    facts_needed, plan,
};
use crate::resolve::Resolver;
use crate::settings::Settings;
use pressero::order::Order;
use std::collections::BTreeMap;
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
        /// What the plan said staff should know (an ignored customer id, a part without
        /// material): the service turns each into an alert.
        alerts: Vec<PlanAlert>,
        /// Fields Pace did not store as sent, from the replies of apply's writes: each goes on
        /// the order's trace, and the service turns each into an alert.
        ignored: Vec<IgnoredField>,
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
    /// Sends `order` (its latest stored snapshot) to Pace. `locks` are the worker's creation
    /// locks: a plan that creates a customer or contact writes holding the locks of what it
    /// creates ([`creation_keys`]).
    fn sync_order(
        &self,
        order: &Order,
        locks: &CreationLocks,
    ) -> impl Future<Output = Result<SyncDone, SyncFailure>> + Send;

    /// The Pace jobs already made for each of `orders`, by order number (orders with none left
    /// out): how an order this database never wrote is found in Pace before it is created
    /// again. One look-up for all. The default finds none (a scripted sync has no Pace).
    fn jobs_in_pace(
        &self,
        orders: &[Order],
    ) -> impl Future<Output = Result<BTreeMap<u64, Vec<String>>, SyncFailure>> + Send {
        let _ = orders;
        async { Ok(BTreeMap::new()) }
    }
}

/// How often a plan made again under its creation locks may need other locks before the attempt
/// is given up as a passing failure (retried later).
const CREATION_LOCK_TRIES: usize = 3;

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
    /// is the clock's date in the shop's time zone) and writing with `applier`.
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
        let query = facts_needed(order, &self.settings);
        let looked_up = self.resolver.look_up(&query).await?;
        let today = self.settings.shop.day_of(self.clock.now());
        let mut planned = plan(order, &self.settings, &looked_up.facts, today);
        if !looked_up.confirmed {
            // The directory may be behind Pace: ask Pace before creating or stopping anything.
            // A plan whose only miss is a new contact of a known customer asks for the contacts
            // alone (one call instead of two); if the plan made from that rests on a customer
            // miss after all, Pace is asked for everything.
            let mut looked_up = looked_up;
            let mut miss = miss_in(&planned);
            if miss == Miss::NewContactsOnly {
                looked_up = self.resolver.confirm_contacts(&query, looked_up).await?;
                planned = plan(order, &self.settings, &looked_up.facts, today);
                miss = match miss_in(&planned) {
                    Miss::Customer => Miss::Customer,
                    Miss::None | Miss::NewContactsOnly => Miss::None,
                };
            }
            if miss == Miss::Customer {
                let facts = self.resolver.confirm(&query, looked_up).await?;
                planned = plan(order, &self.settings, &facts, today);
            }
        }
        match planned {
            Ok(outcome) => Ok(Ok(outcome)),
            Err(error @ PlanError::AwaitingApproval { .. }) => {
                Ok(Err(SyncDone::WaitingForApproval {
                    message: error.to_string(),
                }))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Resolves and plans `order`: the plan, or what the attempt came to without one.
    async fn plan_or_done(
        &self,
        order: &Order,
    ) -> Result<Result<OrderPlan, SyncDone>, SyncFailure> {
        Ok(match self.plan_order(order).await? {
            Err(done) => Err(done),
            Ok(PlanOutcome::Skip { reason }) => Err(SyncDone::Skipped { reason }),
            Ok(PlanOutcome::Plan(plan)) => Ok(*plan),
        })
    }
}

/// What a plan made from the local directory rests on that the directory did not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Miss {
    /// Nothing: the plan stands.
    None,
    /// It creates contacts of a customer it found: asking Pace for the contacts settles it.
    NewContactsOnly,
    /// It creates a customer, ignores a configured customer id, or fails (a customer not
    /// identified, a contact missing …): Pace is asked for everything.
    Customer,
}

/// The [`Miss`] of a plan made from the local directory. Such a plan is made again from Pace's
/// own answer.
fn miss_in(planned: &Result<PlanOutcome, PlanError>) -> Miss {
    let plan = match planned {
        Ok(PlanOutcome::Skip { .. }) | Err(PlanError::AwaitingApproval { .. }) => {
            return Miss::None;
        }
        Err(_) => return Miss::Customer,
        Ok(PlanOutcome::Plan(plan)) => plan,
    };
    let creates = |object: PaceObject| {
        plan.steps
            .iter()
            .any(|step| step.action == StepAction::Create && step.object == object)
    };
    let ignores_an_id = plan
        .alerts
        .iter()
        .any(|alert| matches!(alert.kind, PlanAlertKind::InvalidCustomerId { .. }));
    if creates(PaceObject::Customer) || ignores_an_id {
        Miss::Customer
    } else if creates(PaceObject::Contact) {
        Miss::NewContactsOnly
    } else {
        Miss::None
    }
}

impl OrderSync for PaceSync {
    /// Plans the order, then applies it. A plan that creates nothing shared (the usual order of
    /// a known customer) applies at once, beside any other order of that customer. A plan that
    /// creates a customer or contact first takes the locks of what it creates; if any creation
    /// lock was released since it was planned (another order may have created the same thing),
    /// it is planned again under the locks. Two orders that would create the same customer or
    /// contact thus never do so at once, and an order that met no such order plans only once.
    async fn sync_order(
        &self,
        order: &Order,
        locks: &CreationLocks,
    ) -> Result<SyncDone, SyncFailure> {
        let releases_before = locks.releases();
        let first_plan = match self.plan_or_done(order).await? {
            Ok(plan) => plan,
            Err(done) => return Ok(done),
        };
        let mut keys = creation_keys(&first_plan);
        let mut fresh_plan = Some(first_plan);
        for _ in 0..CREATION_LOCK_TRIES {
            let _creations = if keys.is_empty() {
                None
            } else {
                Some(locks.lock(&keys).await)
            };
            let still_fresh = keys.is_empty() || locks.releases() == releases_before;
            let plan = match fresh_plan.take().filter(|_| still_fresh) {
                Some(plan) => plan,
                None => match self.plan_or_done(order).await? {
                    Ok(plan) => plan,
                    Err(done) => return Ok(done),
                },
            };
            let needed = creation_keys(&plan);
            if !needed.is_subset(&keys) {
                // The facts changed while waiting: let go, and wait for what it creates now.
                keys = needed;
                continue;
            }
            let report = self.applier.apply(order, &plan).await?;
            if let Err(error) = self.resolver.learn_created(&plan, &report.keys) {
                // Only a saving: the next refresh brings them, and a miss is confirmed.
                tracing::warn!(order = order.order_number, %error, "what the order created was not added to the local directory");
            }
            return Ok(SyncDone::Synced {
                pace_jobs: report.job_numbers.values().cloned().collect(),
                summary: report.summary(),
                alerts: plan.alerts,
                ignored: report.ignored,
            });
        }
        Err(SyncFailure::CustomerKeptChanging {
            order: order.order_number,
        })
    }

    /// Asks Pace by job reference and by the items' `MisId` (one call per hundred orders).
    async fn jobs_in_pace(
        &self,
        orders: &[Order],
    ) -> Result<BTreeMap<u64, Vec<String>>, SyncFailure> {
        Ok(self.resolver.jobs_of_orders(orders).await?)
    }
}
