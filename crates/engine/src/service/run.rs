//! Running the sync: the clients and modules built from the settings ([`Connected`]), one run
//! (poll once, then sync every due order: `run --once`), a backfill, and pushing one order.

use super::alerting::Alerting;
use super::{ServiceError, ServiceHandle};
use crate::apply::{Applier, ApplyOptions};
use crate::events::{Clock, EventBus};
use crate::poller::{PollReport, Poller, PollerSettings};
use crate::resolve::Resolver;
use crate::settings::Settings;
use crate::status_sync::{StatusReport, StatusSync};
use crate::store::{OrderState, Transition};
use crate::worker::{Jitter, OrderOutcome, PaceSync, SYNC_ATTEMPT, Worker, WorkerSettings};
use pace::PaceClient;
use pressero::PresseroClient;
use serde::Serialize;
use std::sync::Arc;

/// The clients and the modules over them, for one version of the settings.
#[derive(Debug)]
pub(crate) struct Connected {
    pub settings: Arc<Settings>,
    pub pressero: PresseroClient,
    pub resolver: Resolver,
    pub poller: Poller,
    pub worker: Worker<PaceSync>,
    pub status: StatusSync,
    pub alerting: Alerting,
}

impl Connected {
    pub fn new(
        settings: Arc<Settings>,
        pace: PaceClient,
        pressero: PresseroClient,
        resolver: Resolver,
        events: EventBus,
        clock: Arc<dyn Clock>,
        alerting: Alerting,
    ) -> Self {
        let status = StatusSync::new(
            pace.clone(),
            pressero.clone(),
            events.clone(),
            settings.status_updates.clone(),
        );
        let poller = Poller::new(
            pressero.clone(),
            events.clone(),
            clock.clone(),
            PollerSettings::from(settings.as_ref()),
        );
        let applier = Applier::new(
            pace,
            pressero.clone(),
            Arc::new(events.store().clone()),
            ApplyOptions::from_settings(&settings),
        );
        let pipeline = PaceSync::new(resolver.clone(), applier, settings.clone(), clock.clone());
        let worker = Worker::new(
            pipeline,
            events,
            clock,
            WorkerSettings::from(settings.as_ref()),
            Jitter::from_os(),
        );
        Connected {
            settings,
            pressero,
            resolver,
            poller,
            worker,
            status,
            alerting,
        }
    }

    /// One status sync cycle; a failed cycle is logged (the next one starts over). Its
    /// problems become alerts.
    pub(super) async fn status_cycle(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<StatusReport> {
        match self.status.run_cycle(now).await {
            Ok(report) => {
                if let Err(error) = self.alerting.status_problems(&report.problems).await {
                    tracing::warn!(%error, "status sync problems could not be reported");
                }
                Some(report)
            }
            Err(error) => {
                tracing::warn!(%error, "status sync cycle failed");
                None
            }
        }
    }

    /// Reports the incidents of what happened since the last look.
    pub(super) async fn alert(&self) {
        if let Err(error) = self.alerting.catch_up().await {
            tracing::warn!(%error, "alerts could not be dispatched");
        }
    }
}

/// What became of the orders a run or a push took, by outcome. Order numbers ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncOutcomes {
    /// Now in Pace.
    pub synced: Vec<u64>,
    /// Nothing to send.
    pub skipped: Vec<u64>,
    /// Waiting for an approver again.
    pub waiting: Vec<u64>,
    /// A passing failure: tried again later.
    pub retrying: Vec<u64>,
    /// A person must fix something and push again.
    pub needs_attention: Vec<u64>,
}

impl SyncOutcomes {
    fn from_outcomes(outcomes: &[OrderOutcome]) -> Self {
        let mut sorted = SyncOutcomes::default();
        for outcome in outcomes {
            let list = match outcome {
                OrderOutcome::Synced { .. } => &mut sorted.synced,
                OrderOutcome::Skipped { .. } => &mut sorted.skipped,
                OrderOutcome::WaitingForApproval { .. } => &mut sorted.waiting,
                OrderOutcome::Retrying { .. } => &mut sorted.retrying,
                OrderOutcome::NeedsAttention { .. } => &mut sorted.needs_attention,
                OrderOutcome::NotTaken { .. } => continue,
            };
            list.push(outcome.order());
        }
        for list in [
            &mut sorted.synced,
            &mut sorted.skipped,
            &mut sorted.waiting,
            &mut sorted.retrying,
            &mut sorted.needs_attention,
        ] {
            list.sort_unstable();
        }
        sorted
    }

    /// One line for staff.
    pub fn message(&self) -> String {
        format!(
            "Sync: {} synced, {} skipped, {} waiting for approval, {} retrying, {} need attention",
            self.synced.len(),
            self.skipped.len(),
            self.waiting.len(),
            self.retrying.len(),
            self.needs_attention.len()
        )
    }
}

/// What one run did: the poll, the orders synced, the status sync.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// The poll.
    pub poll: PollReport,
    /// What became of the due orders.
    pub orders: SyncOutcomes,
    /// The status sync cycle (`None` when it failed: it is logged, and tried again next run).
    pub status: Option<StatusReport>,
}

impl RunReport {
    /// Two lines for staff: the poll, the sync.
    pub fn message(&self) -> String {
        format!("{}\n{}", self.poll.message(), self.orders.message())
    }
}

/// What pushing one order did.
#[derive(Debug, Clone, Serialize)]
pub struct PushReport {
    /// The order.
    pub order_number: u64,
    /// Its state afterwards.
    pub state: OrderState,
    /// One line for staff: what apply did ("already synced: nothing changed" when nothing was
    /// to do), or the error.
    pub message: String,
}

impl ServiceHandle {
    /// One poll of Pressero, then every due order synced; returns when they are all done.
    pub async fn run_once(&self) -> Result<RunReport, ServiceError> {
        let connected = self.syncing()?;
        let poll = connected.poller.poll_once(self.inner.clock.now()).await?;
        self.finish_run(&connected, poll).await
    }

    /// Reads every order placed since `from` (e.g. after the service was off for long, or to
    /// pick up older orders), then syncs every due order.
    pub async fn backfill(
        &self,
        from: chrono::DateTime<chrono::Utc>,
    ) -> Result<RunReport, ServiceError> {
        let connected = self.syncing()?;
        let poll = connected.poller.backfill(from).await?;
        self.finish_run(&connected, poll).await
    }

    /// After a poll: syncs every due order, reports incidents, runs a status sync cycle.
    async fn finish_run(
        &self,
        connected: &Connected,
        poll: PollReport,
    ) -> Result<RunReport, ServiceError> {
        let outcomes = connected.worker.run_due().await;
        connected.alert().await;
        let outcomes = outcomes?;
        let status = connected.status_cycle(self.inner.clock.now()).await;
        Ok(RunReport {
            poll,
            orders: SyncOutcomes::from_outcomes(&outcomes),
            status,
        })
    }

    /// Syncs order `order_number` now, whatever its state (except while it is being synced):
    /// reads it again from Pressero, counts its attempts afresh, marks it Ready and runs it. A synced order is checked
    /// against the journal and Pace, and nothing is created twice ("already synced: nothing
    /// changed").
    pub async fn push(&self, order_number: u64) -> Result<PushReport, ServiceError> {
        let connected = self.syncing()?;
        let store = self.store();
        if let Some(record) = store.order(order_number)?
            && record.row.state == OrderState::Syncing
        {
            return Ok(PushReport {
                order_number,
                state: OrderState::Syncing,
                message: format!("order {order_number} is being synced right now"),
            });
        }
        let order = connected.pressero.order(order_number).await?;
        store.upsert_snapshot(&order, self.inner.clock.now())?;
        // A person pushed: the attempts (and the give-up age) count afresh, so an order that
        // failed for long is not given up at its first passing failure after the push.
        store.reset_attempts(order_number)?;
        self.inner
            .events
            .change_state(order_number, Transition::Ready)?;
        let outcome = connected.worker.sync_order(order_number).await;
        connected.alert().await;
        outcome?;
        let state = store
            .order(order_number)?
            .map_or(OrderState::Ready, |record| record.row.state);
        let message = store
            .events_for(order_number)?
            .into_iter()
            .rev()
            .find(|event| event.kind == SYNC_ATTEMPT)
            .map_or_else(
                || format!("order {order_number}: {state}"),
                |event| event.message,
            );
        Ok(PushReport {
            order_number,
            state,
            message,
        })
    }
}
