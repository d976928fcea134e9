//! The worker: takes ready and due orders from the store and syncs them to Pace, a few at a time,
//! never two orders creating the same new customer or contact at once, and records each outcome.
//!
//! For each due order: wait for a free slot (at most `concurrency` orders at a time), claim it (`Ready`/`Retrying` → `Syncing`, atomically, so a
//! second worker or a push cannot take it too), count the attempt, run resolve → plan → apply
//! ([`OrderSync`]), and record what came of it:
//!
//! - `Synced` with the Pace job numbers (apply adds the Pace calls to the order's count);
//! - `Synced` without a write when the order has no journal entry and Pace already holds its
//!   jobs (a lost data folder: [`already_in_pace`]; one Pace look-up per round for all such
//!   orders);
//! - `Skipped` with the planner's reason; `WaitingForApproval` if an approval was withdrawn;
//! - a failure is classified once ([`classify`]): transient → `Retrying` at now + an exponential,
//!   jittered, capped backoff ([`RetryPolicy`]), unless the order's first attempt is older than
//!   the give-up age → `NeedsAttention`; permanent → `NeedsAttention` with the message and the fix.
//!
//! Orders of one customer run side by side: only a plan that creates a customer or contact waits,
//! for the orders creating the same one ([`locks`]). [`Worker::run`] keeps its slots busy while
//! orders come in: it takes newly due orders while others are still syncing, gathering those
//! that fall due within [`TAKE_GAP`] so that the look-up of orders already in Pace covers
//! several at once. Every state change is an event ([`EventBus`]).

mod already_in_pace;
pub mod backoff;
pub mod failure;
pub mod locks;
pub mod pipeline;

pub use backoff::{Jitter, RetryPolicy};
pub use failure::{SyncFailure, classify};
pub use locks::{CreationLocks, creation_keys};
pub use pipeline::{OrderSync, PaceSync, SyncDone};

use crate::events::{Clock, EventBus};
use crate::settings::Settings;
use crate::store::{NewEvent, OrderError, Store, StoreError, Transition};
use already_in_pace::{InPace, RoundLookUp};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinSet;

/// Event kind of a finished sync attempt (its message is apply's summary or the error). Its
/// detail has the attempt number (`attempt`), the state entered (`to`), the plan's alerts of a
/// synced order (`alerts`, [`crate::plan::PlanAlert`]s) and, when the plan failed, the plan
/// error (`plan_error`, a [`crate::plan::PlanError`]): what the alerts are made from.
pub const SYNC_ATTEMPT: &str = "sync_attempt";

/// Event kind of a field Pace did not store as sent (left empty or changed), seen in a reply
/// while the order was applied: one event per object and field on the order's trace, its
/// message "Pace ignored `scheduledShipDate` on Job 10057: sent 2026-12-08, stored empty" and
/// its detail the [`IgnoredField`](crate::apply::IgnoredField).
pub const PACE_IGNORED: &str = "pace_ignored";

/// At most this many due orders are taken per round (the rest in the next round).
const ROUND_SIZE: u32 = 500;

/// How long the worker loop sleeps at most before looking for due orders again (retries fall
/// due while nothing wakes it).
const MAX_IDLE: Duration = Duration::from_secs(30);

/// While orders are syncing, how long the worker gathers orders falling due before it takes
/// them: one look-up in Pace for orders already there then covers several.
pub const TAKE_GAP: Duration = Duration::from_millis(500);

/// The part of the settings the worker uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerSettings {
    /// How many orders are synced at the same time (at least 1).
    pub concurrency: usize,
    /// Retry timing.
    pub retry: RetryPolicy,
}

impl From<&Settings> for WorkerSettings {
    fn from(settings: &Settings) -> Self {
        WorkerSettings {
            concurrency: usize::try_from(settings.polling.concurrency)
                .unwrap_or(1)
                .max(1),
            retry: RetryPolicy::from(settings),
        }
    }
}

/// What became of one order the worker took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderOutcome {
    /// In Pace, with these job numbers.
    Synced {
        /// The order.
        order: u64,
        /// Its Pace job numbers.
        pace_jobs: Vec<String>,
    },
    /// Nothing to send.
    Skipped {
        /// The order.
        order: u64,
        /// Why.
        reason: String,
    },
    /// Waits for an approver again.
    WaitingForApproval {
        /// The order.
        order: u64,
    },
    /// A transient failure: tried again at `next_attempt_at`.
    Retrying {
        /// The order.
        order: u64,
        /// When.
        next_attempt_at: DateTime<Utc>,
        /// The error.
        error: OrderError,
    },
    /// A permanent failure, or retries given up.
    NeedsAttention {
        /// The order.
        order: u64,
        /// The error, with the fix.
        error: OrderError,
    },
    /// Not taken: it was not due any more (another worker or a person took it, or it changed).
    NotTaken {
        /// The order.
        order: u64,
    },
}

impl OrderOutcome {
    /// The order number.
    pub fn order(&self) -> u64 {
        match self {
            OrderOutcome::Synced { order, .. }
            | OrderOutcome::Skipped { order, .. }
            | OrderOutcome::WaitingForApproval { order }
            | OrderOutcome::Retrying { order, .. }
            | OrderOutcome::NeedsAttention { order, .. }
            | OrderOutcome::NotTaken { order } => *order,
        }
    }
}

/// Why the worker could not do its job (the orders concerned stay as they were, or in
/// `Syncing` until the next start requeues them).
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The sync database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A sync task panicked or was cancelled (the order stays in `Syncing` until the next
    /// start-up requeues it).
    #[error("the sync task of order {order} ended abnormally: {detail}")]
    Task {
        /// The order.
        order: u64,
        /// What happened.
        detail: String,
    },
}

/// Syncs due orders. Cheap to clone; clones share the slots, the locks and the wake-up.
#[derive(Debug)]
pub struct Worker<S> {
    inner: Arc<Inner<S>>,
}

impl<S> Clone for Worker<S> {
    fn clone(&self) -> Self {
        Worker {
            inner: self.inner.clone(),
        }
    }
}

#[derive(Debug)]
struct Inner<S> {
    sync: S,
    events: EventBus,
    clock: Arc<dyn Clock>,
    settings: WorkerSettings,
    jitter: Jitter,
    locks: CreationLocks,
    slots: Arc<Semaphore>,
    wake: Arc<Notify>,
}

impl<S: OrderSync> Worker<S> {
    /// A worker syncing through `sync`, recording through `events`, reading time from `clock`,
    /// drawing retry jitter from `jitter` ([`Jitter::from_os`], or [`Jitter::seeded`] in tests).
    pub fn new(
        sync: S,
        events: EventBus,
        clock: Arc<dyn Clock>,
        settings: WorkerSettings,
        jitter: Jitter,
    ) -> Self {
        let slots = Arc::new(Semaphore::new(settings.concurrency.max(1)));
        Worker {
            inner: Arc::new(Inner {
                sync,
                events,
                clock,
                settings,
                jitter,
                locks: CreationLocks::default(),
                slots,
                wake: Arc::new(Notify::new()),
            }),
        }
    }

    /// The worker's wake-up: notify it (after a poll, a push, "Sync now") to look for due
    /// orders at once.
    pub fn wake(&self) -> Arc<Notify> {
        self.inner.wake.clone()
    }

    fn store(&self) -> &Store {
        self.inner.events.store()
    }

    /// Syncs every order due now (by the clock): `Ready`, or `Retrying` whose time has come, at
    /// most `concurrency` at a time and one per customer. Returns when all are done, with what
    /// became of each, in the order they finished.
    pub async fn run_due(&self) -> Result<Vec<OrderOutcome>, WorkerError> {
        let mut tasks = JoinSet::new();
        let mut orders = HashMap::new();
        self.take_due(&mut tasks, &mut orders).await?;
        let mut outcomes = Vec::new();
        let mut first_error = None;
        while let Some(joined) = tasks.join_next_with_id().await {
            let error = match joined {
                Ok((_, Ok(outcome))) => {
                    outcomes.push(outcome);
                    continue;
                }
                Ok((_, Err(error))) => error,
                Err(error) => WorkerError::Task {
                    order: orders.get(&error.id()).copied().unwrap_or_default(),
                    detail: error.to_string(),
                },
            };
            tracing::error!(%error, "a sync could not be finished or recorded");
            first_error.get_or_insert(error);
        }
        match first_error {
            Some(error) => Err(error),
            None => Ok(outcomes),
        }
    }

    /// Asks Pace, in one look-up, for the jobs of those of `orders` this database never wrote
    /// (no journal entry). A failed look-up is logged: each such order then asks again in its
    /// own attempt, where a failure is the attempt's.
    async fn look_in_pace(
        &self,
        orders: impl Iterator<Item = u64>,
    ) -> Result<RoundLookUp, WorkerError> {
        let mut never_written = Vec::new();
        for order in orders {
            if self.store().journal(order)?.is_empty()
                && let Some(record) = self.store().order(order)?
            {
                never_written.push(record.snapshot);
            }
        }
        if never_written.is_empty() {
            return Ok(RoundLookUp::default());
        }
        match self.inner.sync.jobs_in_pace(&never_written).await {
            Ok(found) => Ok(RoundLookUp::new(
                never_written.iter().map(|o| o.order_number).collect(),
                found,
            )),
            Err(error) => {
                tracing::warn!(%error, "could not ask Pace which orders it holds already; each order asks in its attempt");
                Ok(RoundLookUp::default())
            }
        }
    }

    /// Syncs one order if it is due (e.g. just pushed: `Ready`), waiting for its customer
    /// locks and a free slot first.
    pub async fn sync_order(&self, order_number: u64) -> Result<OrderOutcome, WorkerError> {
        self.sync_checked(order_number, InPace::NotAsked).await
    }

    /// [`Worker::sync_order`], with what the round's look-up in Pace said about the order.
    async fn sync_checked(
        &self,
        order_number: u64,
        in_pace: InPace,
    ) -> Result<OrderOutcome, WorkerError> {
        let not_taken = OrderOutcome::NotTaken {
            order: order_number,
        };
        if self.store().order(order_number)?.is_none() {
            return Ok(not_taken);
        }
        let Ok(_slot) = self.inner.slots.clone().acquire_owned().await else {
            return Ok(not_taken);
        };
        if !self
            .inner
            .events
            .claim(order_number, self.inner.clock.now())?
        {
            return Ok(not_taken);
        }
        // The snapshot may have changed while this order waited for its turn.
        let Some(record) = self.store().order(order_number)? else {
            return Ok(not_taken);
        };
        let attempts = self
            .store()
            .record_attempt(order_number, self.inner.clock.now())?;
        if self.store().journal(order_number)?.is_empty() {
            let found = match in_pace {
                InPace::Found(jobs) => Ok(Some(jobs)),
                InPace::NotFound => Ok(None),
                InPace::NotAsked => self
                    .inner
                    .sync
                    .jobs_in_pace(std::slice::from_ref(&record.snapshot))
                    .await
                    .map(|mut found| found.remove(&order_number)),
            };
            match found {
                Ok(Some(pace_jobs)) => {
                    let done = SyncDone::Synced {
                        summary: already_in_pace::adopted_message(order_number, &pace_jobs),
                        pace_jobs,
                        alerts: Vec::new(),
                        ignored: Vec::new(),
                    };
                    return self.record(order_number, attempts, Ok(done));
                }
                Ok(None) => {}
                Err(failure) => return self.record(order_number, attempts, Err(failure)),
            }
        }
        let result = self
            .inner
            .sync
            .sync_order(&record.snapshot, &self.inner.locks)
            .await;
        self.record(order_number, attempts, result)
    }

    /// Records the outcome of one attempt.
    fn record(
        &self,
        order: u64,
        attempts: u32,
        result: Result<SyncDone, SyncFailure>,
    ) -> Result<OrderOutcome, WorkerError> {
        let events = &self.inner.events;
        let mut detail = json!({ "attempt": attempts });
        let (transition, outcome, message) = match result {
            Ok(SyncDone::Synced {
                pace_jobs,
                summary,
                alerts,
                ignored,
            }) => {
                if !alerts.is_empty() {
                    detail["alerts"] = json!(alerts);
                }
                for field in &ignored {
                    events.record(NewEvent {
                        order: Some(order),
                        kind: PACE_IGNORED.into(),
                        message: field.message(),
                        detail: json!(field),
                    })?;
                }
                (
                    Transition::Synced {
                        pace_jobs: pace_jobs.clone(),
                    },
                    OrderOutcome::Synced { order, pace_jobs },
                    summary,
                )
            }
            Ok(SyncDone::Skipped { reason }) => (
                Transition::Skipped {
                    reason: reason.clone(),
                },
                OrderOutcome::Skipped {
                    order,
                    reason: reason.clone(),
                },
                reason,
            ),
            Ok(SyncDone::WaitingForApproval { message }) => (
                Transition::WaitingForApproval,
                OrderOutcome::WaitingForApproval { order },
                message,
            ),
            Err(failure) => {
                if let SyncFailure::Plan(plan_error) = &failure {
                    detail["plan_error"] = json!(plan_error);
                }
                let error = classify(&failure);
                let message = error.message.clone();
                let (transition, outcome) =
                    self.after_failure(order, attempts, error, failure.not_before())?;
                (transition, outcome, message)
            }
        };
        detail["to"] = json!(transition.state());
        events.record(NewEvent {
            order: Some(order),
            kind: SYNC_ATTEMPT.into(),
            message,
            detail,
        })?;
        events.change_state(order, transition)?;
        Ok(outcome)
    }

    /// Retrying (with backoff) or Needs attention, for a classified failure.
    fn after_failure(
        &self,
        order: u64,
        attempts: u32,
        error: OrderError,
        not_before: Option<DateTime<Utc>>,
    ) -> Result<(Transition, OrderOutcome), WorkerError> {
        let now = self.inner.clock.now();
        let retry = &self.inner.settings.retry;
        if error.kind == crate::store::ErrorKind::Permanent {
            return Ok(needs_attention(order, error));
        }
        let first_attempt = self
            .store()
            .order(order)?
            .and_then(|record| record.row.first_attempt_at)
            .unwrap_or(now);
        let age = now - first_attempt;
        if retry.gives_up(age) {
            return Ok(needs_attention(
                order,
                failure::given_up(error, attempts, age),
            ));
        }
        let scheduled = now + retry.delay(attempts, self.inner.jitter.next());
        let next_attempt_at = not_before.map_or(scheduled, |earliest| scheduled.max(earliest));
        Ok((
            Transition::Retrying {
                next_attempt_at,
                error: error.clone(),
            },
            OrderOutcome::Retrying {
                order,
                next_attempt_at,
                error,
            },
        ))
    }

    /// Runs until `stop` completes: syncs what is due and, while those sync, takes what falls
    /// due meanwhile (on a wake-up, e.g. an order the poll just made ready, at most every
    /// [`TAKE_GAP`] while others are syncing), so the slots stay busy; when nothing is
    /// syncing it waits for a wake-up, the next retry, or at most 30 s. On `stop`, the orders
    /// being synced finish first.
    pub async fn run(&self, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        let mut tasks: JoinSet<Result<OrderOutcome, WorkerError>> = JoinSet::new();
        let mut taken: HashMap<tokio::task::Id, u64> = HashMap::new();
        loop {
            if let Err(error) = self.take_due(&mut tasks, &mut taken).await {
                tracing::error!(%error, "the worker could not take the due orders");
            }
            let idle = if tasks.is_empty() {
                self.idle_time()
            } else {
                MAX_IDLE
            };
            let gap = tokio::time::sleep(TAKE_GAP);
            let idle = tokio::time::sleep(idle);
            tokio::pin!(gap, idle);
            // While orders sync, a wake-up is answered after the gap, gathering what falls due.
            let mut woken = false;
            loop {
                tokio::select! {
                    () = &mut stop => {
                        while let Some(joined) = tasks.join_next_with_id().await {
                            finished(&mut taken, joined);
                        }
                        return;
                    }
                    Some(joined) = tasks.join_next_with_id(), if !tasks.is_empty() => {
                        finished(&mut taken, joined);
                        if tasks.is_empty() || woken {
                            break;
                        }
                    }
                    () = self.inner.wake.notified(), if !woken => {
                        woken = true;
                        if tasks.is_empty() {
                            break;
                        }
                    }
                    () = &mut gap, if woken => break,
                    () = &mut idle => break,
                }
            }
        }
    }

    /// Spawns a sync for each due order not already taken.
    async fn take_due(
        &self,
        tasks: &mut JoinSet<Result<OrderOutcome, WorkerError>>,
        taken: &mut HashMap<tokio::task::Id, u64>,
    ) -> Result<(), WorkerError> {
        let running: std::collections::HashSet<u64> = taken.values().copied().collect();
        let due: Vec<u64> = self
            .store()
            .due_orders(self.inner.clock.now(), ROUND_SIZE)?
            .into_iter()
            .map(|row| row.order_number)
            .filter(|order| !running.contains(order))
            .collect();
        if due.is_empty() {
            return Ok(());
        }
        let in_pace = self.look_in_pace(due.iter().copied()).await?;
        for order in due {
            let worker = self.clone();
            let in_pace = in_pace.of(order);
            let task = tasks.spawn(async move { worker.sync_checked(order, in_pace).await });
            taken.insert(task.id(), order);
        }
        Ok(())
    }

    /// How long until the next retry falls due (at most [`MAX_IDLE`]).
    fn idle_time(&self) -> Duration {
        let filter = crate::store::OrderFilter {
            states: vec![crate::store::OrderState::Retrying],
            ..Default::default()
        };
        let now = self.inner.clock.now();
        self.store()
            .list_orders(&filter)
            .ok()
            .and_then(|rows| rows.iter().filter_map(|row| row.next_attempt_at).min())
            .and_then(|next| (next - now).to_std().ok())
            .map_or(MAX_IDLE, |wait| wait.min(MAX_IDLE))
    }
}

/// Forgets a finished sync, logging what could not be recorded.
fn finished(
    taken: &mut HashMap<tokio::task::Id, u64>,
    joined: Result<(tokio::task::Id, Result<OrderOutcome, WorkerError>), tokio::task::JoinError>,
) {
    let error = match joined {
        Ok((id, outcome)) => {
            taken.remove(&id);
            match outcome {
                Ok(_) => return,
                Err(error) => error,
            }
        }
        Err(error) => WorkerError::Task {
            order: taken.remove(&error.id()).unwrap_or_default(),
            detail: error.to_string(),
        },
    };
    tracing::error!(%error, "a sync could not be finished or recorded");
}

fn needs_attention(order: u64, error: OrderError) -> (Transition, OrderOutcome) {
    (
        Transition::NeedsAttention {
            error: error.clone(),
        },
        OrderOutcome::NeedsAttention { order, error },
    )
}
