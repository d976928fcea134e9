//! The poll loop: a poll every interval, and at once on "Sync now"; after each poll the worker is
//! woken so newly ready orders go straight away.

use super::Poller;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The "Sync now" button: wakes the poll loop at once. Cheap to clone; a press while a poll runs
/// is kept and starts another poll right after it.
#[derive(Debug, Clone, Default)]
pub struct SyncNow(Arc<Notify>);

impl SyncNow {
    /// A trigger nobody has pressed.
    pub fn new() -> Self {
        SyncNow::default()
    }

    /// Presses "Sync now".
    pub fn press(&self) {
        self.0.notify_one();
    }

    /// Waits for the next press (or returns at once for a press not yet taken).
    pub async fn pressed(&self) {
        self.0.notified().await;
    }
}

/// Runs a [`Poller`] until stopped.
#[derive(Debug)]
pub struct PollLoop {
    poller: Poller,
    interval: Duration,
    sync_now: SyncNow,
    after_poll: Arc<Notify>,
}

impl PollLoop {
    /// Polls every `interval` and whenever `sync_now` is pressed; after each poll (failed or
    /// not) notifies `after_poll` (give it the worker's wake-up, `Worker::wake`).
    pub fn new(
        poller: Poller,
        interval: Duration,
        sync_now: SyncNow,
        after_poll: Arc<Notify>,
    ) -> Self {
        PollLoop {
            poller,
            interval,
            sync_now,
            after_poll,
        }
    }

    /// Polls at once, then every interval or on "Sync now", until `stop` completes. A failed
    /// poll is logged (and is an event); the next one reads the same window again.
    pub async fn run(self, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            let now = self.poller.clock().now();
            match self.poller.poll_once(now).await {
                Ok(report) => tracing::info!(message = %report.message(), "poll done"),
                Err(error) => tracing::warn!(%error, "poll failed"),
            }
            self.after_poll.notify_one();
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(self.interval) => {}
                () = self.sync_now.pressed() => {}
            }
        }
    }
}
