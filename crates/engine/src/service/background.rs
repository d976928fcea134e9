//! The background work of a started service: the poll loop, the worker, status sync and alerts,
//! each a task until a graceful stop (no new order is taken; orders being synced finish, or are
//! cut off after a grace period and resume from the journal next time).

use super::run::Connected;
use super::{ServiceError, ServiceHandle};
use crate::events::Clock;
use crate::poller::{PollLoop, SyncNow};
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How long a stop waits for orders being synced to finish before cutting them off (an order
/// cut off mid-step is found in the journal and completed, without duplicates, next time).
const STOP_GRACE: Duration = Duration::from_secs(30);

/// The background work of a started service.
#[derive(Debug, Default)]
pub(crate) struct Background {
    pub(super) sync_now: SyncNow,
    running: Mutex<Option<Running>>,
}

#[derive(Debug)]
struct Running {
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl Background {
    pub fn is_running(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Signals the loops to stop, waits up to [`STOP_GRACE`] for them, then cuts them off.
    /// Returns whether work was cut off (orders may be left in Syncing).
    pub async fn stop(&self) -> bool {
        let running = self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let Some(mut running) = running else {
            return false;
        };
        let _ = running.stop.send(true);
        let finished = tokio::time::timeout(STOP_GRACE, async {
            while running.tasks.join_next().await.is_some() {}
        })
        .await;
        if finished.is_err() {
            tracing::warn!(
                "orders still syncing after the grace period were cut off; they resume from the journal next time"
            );
            running.tasks.shutdown().await;
        }
        finished.is_err()
    }
}

/// Status sync every poll interval until `stop`.
async fn status_loop(
    connected: Arc<Connected>,
    clock: Arc<dyn Clock>,
    stop: impl Future<Output = ()>,
) {
    tokio::pin!(stop);
    let interval = Duration::from_secs(connected.settings.polling.interval_seconds.max(1));
    loop {
        connected.status_cycle(clock.now()).await;
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(interval) => {}
        }
    }
}

/// Dispatches alerts as events arrive, and sends the daily digest at its hour, until `stop`.
async fn alert_loop(
    connected: Arc<Connected>,
    mut events: tokio::sync::broadcast::Receiver<crate::events::SyncEvent>,
    stop: impl Future<Output = ()>,
) {
    tokio::pin!(stop);
    let alerts = &connected.settings.alerts;
    loop {
        let next_digest =
            crate::alerts::next_digest_time(alerts.digest_hour, &chrono::Local::now());
        let until_digest = (next_digest - chrono::Local::now())
            .to_std()
            .unwrap_or(Duration::ZERO);
        tokio::select! {
            () = &mut stop => return,
            // Any event (or a lag: the log is read from the store anyway) may be a state change.
            _ = events.recv() => connected.alert().await,
            () = tokio::time::sleep(until_digest), if alerts.daily_digest => {
                connected.alerting.send_digest(chrono::Utc::now()).await;
            }
        }
    }
}

/// A future that completes when `stop` is signalled (or its sender is gone).
async fn stopped(mut stop: watch::Receiver<bool>) {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            return;
        }
    }
}

impl ServiceHandle {
    /// "Sync now": polls at once (when started), then syncs what became ready.
    pub fn sync_now(&self) {
        self.inner.background.sync_now.press();
    }

    /// Starts the poll loop and the worker in the background (nothing happens if they run
    /// already).
    pub async fn start(&self) -> Result<(), ServiceError> {
        let connected = self.syncing()?;
        let background = &self.inner.background;
        let mut running = background
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if running.is_some() {
            return Ok(());
        }
        let (stop, stop_signal) = watch::channel(false);
        let mut tasks = JoinSet::new();
        let worker = connected.worker.clone();
        let poll_loop = PollLoop::new(
            connected.poller.clone().notifying_ready(worker.wake()),
            Duration::from_secs(connected.settings.polling.interval_seconds.max(1)),
            background.sync_now.clone(),
            worker.wake(),
        );
        tasks.spawn(poll_loop.run(stopped(stop_signal.clone())));
        let worker_stop = stopped(stop_signal.clone());
        tasks.spawn(async move { worker.run(worker_stop).await });
        tasks.spawn(status_loop(
            connected.clone(),
            self.inner.clock.clone(),
            stopped(stop_signal.clone()),
        ));
        tasks.spawn(alert_loop(
            connected,
            self.inner.events.subscribe(),
            stopped(stop_signal),
        ));
        *running = Some(Running { stop, tasks });
        Ok(())
    }

    /// Stops the background work gracefully: no new order is taken; orders being synced finish
    /// (each Pace step is journaled, so one cut off after the grace period resumes without
    /// duplicates next time).
    pub async fn stop(&self) {
        if self.inner.background.stop().await {
            // The cut-off orders go back to Ready for the next start of this handle.
            if let Err(error) = self.inner.events.requeue_interrupted() {
                tracing::warn!(%error, "orders cut off by the stop stay in Syncing until the next start");
            }
        }
    }
}
