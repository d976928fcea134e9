//! The poller: reads Pressero's order search over a date window that overlaps the previous one,
//! stores each order's latest snapshot, and decides which orders are ready for Pace.
//!
//! **The window and the high-water mark.** Each poll searches from `high-water mark − overlap`
//! to now (the very first poll reaches back [`PollerSettings::first_poll_lookback`]; a backfill
//! starts at the date asked for). The high-water mark is the end of the last window that was read
//! completely; it moves only forward and only after the whole window was read and every order in
//! it that needed a full read was stored. A failure part-way (a 500 on page 3, a timeout) leaves it
//! where it was, so the next poll reads the same orders again. The overlap (default 10 minutes)
//! covers clock skew between this computer and Pressero and orders that show up in the search a
//! little after their order date. Orders seen twice are harmless: a snapshot equal to the stored
//! one changes nothing, and an order's state is only set from the snapshot when the snapshot is
//! new or changed, never for an order being synced or already synced (but see late approval in
//! [`readiness`]).
//!
//! **A decision lost to a kill.** Storing a snapshot and deciding the order's state are two
//! transactions; a process killed between them leaves a new order stored as waiting for
//! approval, undecided, and every later poll finds its snapshot unchanged. So an unchanged order
//! that is still waiting for approval (the only state a missing decision leaves) is decided
//! again from its stored snapshot: readiness is pure and cheap, and the state changes only if
//! the decision differs and the order is still waiting (a worker's claim is never undone). This
//! also releases an order stuck that way by an older version.
//!
//! **Approvals come late.** An order waiting for approval may be approved days after it was
//! placed, long after its order date left the window. So each poll also looks up, by order
//! number, every order still waiting for approval that was placed within the last
//! [`PollerSettings::approval_watch`] (one small search per such order).
//!
//! **Changed after sync.** A synced order whose newer snapshot differs from what was sent to Pace
//! in a way that matters to production ([`changed_after_sync`]) goes to
//! `ChangedAfterSync` with the difference in words; nothing is sent to Pace. Synced orders are
//! compared when their rows are in the window, and, while placed within
//! [`PollerSettings::change_watch`], through one wider search per poll from the oldest such
//! order to the window's start (not one search per order).
//!
//! **Full reads only when needed.** The search gives light summaries; the full order
//! (`PresseroClient::order`) is read only for orders not stored yet or whose summary differs from
//! the stored snapshot (items, approvals, quantities, `MisId`, workflow stage).

pub mod changed_after_sync;
mod compare;
pub mod readiness;
mod run;

pub use readiness::{Readiness, readiness};
pub use run::{PollLoop, SyncNow};

use crate::events::{Clock, EventBus, seconds};
use crate::settings::Settings;
use crate::store::{
    NewEvent, OrderFilter, OrderRecord, OrderRow, OrderState, SnapshotChange, Store, StoreError,
    Transition,
};
use chrono::{DateTime, Duration, Utc};
use futures::StreamExt;
use pressero::{OrderQuery, OrderSummary, PresseroClient, PresseroError, SearchWindow};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::sync::Notify;

/// An order as a poll read it: unchanged since stored (not read again), or read in full.
enum Fetched {
    Unchanged(Box<OrderRecord>),
    Read {
        number: u64,
        stored: Option<Box<OrderRecord>>,
        read: Result<Box<pressero::OrderRead>, PresseroError>,
    },
}

/// Event kind of a finished poll (service-wide).
pub const POLL_DONE: &str = "poll_done";
/// Event kind of a poll that failed (service-wide).
pub const POLL_FAILED: &str = "poll_failed";
/// Event kind of an order that could not be read from Pressero.
pub const ORDER_UNREADABLE: &str = "order_unreadable";
/// Event kind: an order was read, but its Pressero order details failed or lacked something
/// (production files, notes, kit links …); the order was built from its search rows, and the
/// message says what was missing.
pub const ORDER_DETAILS_INCOMPLETE: &str = "order_details_incomplete";

/// The part of the settings the poller uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollerSettings {
    /// How far each window reaches back before the high-water mark.
    pub overlap: Duration,
    /// How far the first poll (no high-water mark yet) reaches back.
    pub first_poll_lookback: Duration,
    /// How long after its order date an order waiting for approval is still looked up.
    pub approval_watch: Duration,
    /// How long after its order date a synced order is still compared with Pressero.
    pub change_watch: Duration,
    /// The WaitForApprove setting.
    pub wait_for_approve: bool,
    /// How many orders of a poll are read from Pressero at the same time (the sync
    /// concurrency: reading faster than the worker writes gains nothing).
    pub read_concurrency: usize,
}

impl From<&Settings> for PollerSettings {
    fn from(settings: &Settings) -> Self {
        let polling = &settings.polling;
        PollerSettings {
            overlap: seconds(polling.window_overlap_seconds),
            first_poll_lookback: seconds(polling.first_poll_lookback_hours.saturating_mul(3600)),
            approval_watch: seconds(polling.approval_watch_days.saturating_mul(24 * 3600)),
            change_watch: seconds(polling.change_watch_days.saturating_mul(24 * 3600)),
            wait_for_approve: settings.jobs.wait_for_approve,
            read_concurrency: usize::try_from(polling.concurrency.clamp(1, 16)).unwrap_or(1),
        }
    }
}

/// Why a poll failed. The high-water mark is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    /// The order search failed (the whole window is read again next time).
    #[error("polling Pressero for orders placed {start} … {end} failed: {source}")]
    Search {
        /// Window start.
        start: DateTime<Utc>,
        /// Window end.
        end: DateTime<Utc>,
        /// The client's error.
        source: PresseroError,
    },
    /// The window is empty (e.g. a backfill date in the future).
    #[error("nothing to poll: {0}")]
    EmptyWindow(#[from] pressero::EmptyWindow),
    /// The sync database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl PollError {
    /// Whether polling again later may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            PollError::Search { source, .. } => source.is_transient(),
            PollError::EmptyWindow(_) => false,
            PollError::Store(_) => true,
        }
    }
}

/// What one poll found and did. Order numbers are ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PollReport {
    /// The window searched: start (inclusive).
    pub window_start: Option<DateTime<Utc>>,
    /// The window searched: end (exclusive).
    pub window_end: Option<DateTime<Utc>>,
    /// Orders stored for the first time.
    pub new: Vec<u64>,
    /// Orders whose snapshot changed.
    pub changed: Vec<u64>,
    /// Orders found as already stored (no full read, or a full read giving the same snapshot).
    pub unchanged: Vec<u64>,
    /// Orders that became ready.
    pub ready: Vec<u64>,
    /// Orders that wait for approval.
    pub waiting: Vec<u64>,
    /// Orders skipped (nothing to send).
    pub skipped: Vec<u64>,
    /// Synced orders changed in Pressero in a way that matters (now Changed after sync, or
    /// changed again).
    pub changed_after_sync: Vec<u64>,
    /// Orders that could not be read in full, with why. A passing failure keeps the high-water
    /// mark, so they are read again next poll.
    pub failed: Vec<(u64, String)>,
    /// The high-water mark after the poll.
    pub high_water_mark: Option<DateTime<Utc>>,
}

impl PollReport {
    /// One line for staff.
    pub fn message(&self) -> String {
        format!(
            "Poll: {} new, {} changed, {} unchanged; {} ready, {} waiting for approval, {} skipped{}{}",
            self.new.len(),
            self.changed.len(),
            self.unchanged.len(),
            self.ready.len(),
            self.waiting.len(),
            self.skipped.len(),
            if self.changed_after_sync.is_empty() {
                String::new()
            } else {
                format!(", {} changed after sync", self.changed_after_sync.len())
            },
            if self.failed.is_empty() {
                String::new()
            } else {
                format!(", {} could not be read", self.failed.len())
            },
        )
    }
}

/// Polls Pressero into the store. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Poller {
    pressero: PresseroClient,
    events: EventBus,
    clock: Arc<dyn Clock>,
    settings: PollerSettings,
    /// Notified each time an order becomes ready, so the worker can start on it while the
    /// poll reads the rest.
    on_ready: Option<Arc<Notify>>,
}

impl Poller {
    /// A poller reading `pressero` into the store behind `events`.
    pub fn new(
        pressero: PresseroClient,
        events: EventBus,
        clock: Arc<dyn Clock>,
        settings: PollerSettings,
    ) -> Self {
        Poller {
            pressero,
            events,
            clock,
            settings,
            on_ready: None,
        }
    }

    /// The same poller notifying `on_ready` (give it the worker's wake-up, `Worker::wake`) as
    /// soon as an order becomes ready, not only after the whole poll: the sync of the first
    /// orders overlaps the reading of the others.
    pub fn notifying_ready(mut self, on_ready: Arc<Notify>) -> Self {
        self.on_ready = Some(on_ready);
        self
    }

    fn store(&self) -> &Store {
        self.events.store()
    }

    /// The clock this poller reads.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// One poll at `now`: the window from the high-water mark minus the overlap (first poll: the
    /// configured look-back) to `now`. The mark moves to the window's end only when the whole
    /// window was read. A failed poll is also recorded as an event.
    pub async fn poll_once(&self, now: DateTime<Utc>) -> Result<PollReport, PollError> {
        let start = match self.store().high_water_mark()? {
            // A mark after now (this computer's clock went back) still gives a window.
            Some(mark) => mark.min(now) - self.settings.overlap,
            None => now - self.settings.first_poll_lookback,
        };
        // Never an empty window, even with no overlap.
        let start = start.min(now - Duration::seconds(1));
        self.poll_window(start, now, true).await
    }

    /// Reads every order placed from `from` to now (e.g. after the service was off for a long
    /// time, or to pick up old orders). The high-water mark moves forward only when the backfill
    /// reaches back at least as far as the next regular poll would (so no gap is skipped).
    pub async fn backfill(&self, from: DateTime<Utc>) -> Result<PollReport, PollError> {
        let now = self.clock.now();
        let reaches_back = match self.store().high_water_mark()? {
            Some(mark) => from <= mark - self.settings.overlap,
            None => true,
        };
        self.poll_window(from, now, reaches_back).await
    }

    async fn poll_window(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        may_advance: bool,
    ) -> Result<PollReport, PollError> {
        // One poll's reads share the storefronts, users and products they read.
        let this_poll = Poller {
            pressero: self.pressero.for_one_poll(),
            ..self.clone()
        };
        let result = this_poll.read_window(start, end, may_advance).await;
        match &result {
            Ok(report) => {
                self.events.record(NewEvent {
                    order: None,
                    kind: POLL_DONE.into(),
                    message: report.message(),
                    detail: json!(report),
                })?;
            }
            Err(error) => {
                self.events.record(NewEvent {
                    order: None,
                    kind: POLL_FAILED.into(),
                    message: error.to_string(),
                    detail: json!({ "transient": error.is_transient() }),
                })?;
            }
        }
        result
    }

    async fn read_window(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        may_advance: bool,
    ) -> Result<PollReport, PollError> {
        let window = SearchWindow::new(start, end)?;
        let summaries = self
            .pressero
            .search_orders(&window)
            .await
            .map_err(|source| PollError::Search {
                start: window.start(),
                end: window.end(),
                source,
            })?;
        let mut report = PollReport {
            window_start: Some(window.start()),
            window_end: Some(window.end()),
            ..PollReport::default()
        };
        // Orders are read a few at a time and each is taken as soon as it is read.
        let mut complete = true;
        let reads: Vec<_> = summaries
            .iter()
            .cloned()
            .map(|summary| {
                let poller = self.clone();
                async move { poller.fetch_order(&summary).await }
            })
            .collect();
        let mut reads =
            futures::stream::iter(reads).buffered(self.settings.read_concurrency.max(1));
        while let Some(fetched) = reads.next().await {
            complete &= self.take_fetched(fetched?, &mut report)?;
        }
        let seen: BTreeSet<u64> = summaries.iter().map(|s| s.order_number).collect();
        self.watch_waiting_orders(end, &seen, &mut report).await?;
        self.watch_synced_orders(window.start(), end, &seen, &mut report)
            .await?;
        let mark = self.store().high_water_mark()?;
        if may_advance && complete && mark.is_none_or(|mark| mark < window.end()) {
            self.store().set_high_water_mark(window.end())?;
            report.high_water_mark = Some(window.end());
        } else {
            report.high_water_mark = mark;
        }
        Ok(report)
    }

    /// Looks up each order still waiting for approval that the window did not include (placed
    /// within the approval watch before `now`). A failed look-up is reported; it does not hold
    /// the high-water mark (the window itself was read).
    async fn watch_waiting_orders(
        &self,
        now: DateTime<Utc>,
        seen: &BTreeSet<u64>,
        report: &mut PollReport,
    ) -> Result<(), PollError> {
        let waiting = self.store().list_orders(&OrderFilter {
            states: vec![OrderState::WaitingForApproval],
            ..OrderFilter::default()
        })?;
        let oldest = now - self.settings.approval_watch;
        for row in waiting {
            let number = row.order_number;
            if seen.contains(&number) || row.order_date < oldest {
                continue;
            }
            let window = SearchWindow::new(row.order_date, row.order_date + Duration::seconds(1))?;
            let query = OrderQuery {
                order_number: Some(number),
                ..OrderQuery::new(window)
            };
            match self.pressero.search(&query).await {
                Ok(found) => {
                    for summary in found.iter().filter(|s| s.order_number == number) {
                        self.take_order(summary, report).await?;
                    }
                }
                Err(error) => report.failed.push((number, error.to_string())),
            }
        }
        Ok(())
    }

    /// Compares the synced orders placed within the change watch before `now` but before the
    /// window (`window_start`) with Pressero: one search from the oldest of them to the window's
    /// start, whose rows go the way of the window's (a full read only when they differ). A
    /// failed search is reported for each such order; it does not hold the high-water mark.
    async fn watch_synced_orders(
        &self,
        window_start: DateTime<Utc>,
        now: DateTime<Utc>,
        seen: &BTreeSet<u64>,
        report: &mut PollReport,
    ) -> Result<(), PollError> {
        let oldest = now - self.settings.change_watch;
        let watched: Vec<OrderRow> = self
            .store()
            .list_orders(&OrderFilter {
                states: vec![OrderState::Synced, OrderState::ChangedAfterSync],
                ..OrderFilter::default()
            })?
            .into_iter()
            .filter(|row| {
                row.order_date >= oldest
                    && row.order_date < window_start
                    && !seen.contains(&row.order_number)
            })
            .collect();
        let Some(first) = watched.iter().map(|row| row.order_date).min() else {
            return Ok(());
        };
        let numbers: BTreeSet<u64> = watched.iter().map(|row| row.order_number).collect();
        let window = SearchWindow::new(first, window_start)?;
        match self.pressero.search_orders(&window).await {
            Ok(found) => {
                for summary in found.iter().filter(|s| numbers.contains(&s.order_number)) {
                    self.take_order(summary, report).await?;
                }
            }
            Err(error) => {
                let error = error.to_string();
                report
                    .failed
                    .extend(numbers.iter().map(|number| (*number, error.clone())));
            }
        }
        Ok(())
    }

    /// Stores one order (reading it in full when new or changed) and decides its state. Returns
    /// `false` when it could not be read for a passing reason (the window must be read again).
    async fn take_order(
        &self,
        summary: &OrderSummary,
        report: &mut PollReport,
    ) -> Result<bool, PollError> {
        let fetched = self.fetch_order(summary).await?;
        Ok(self.take_fetched(fetched, report)?)
    }

    /// Reads one order in full, unless its summary shows it unchanged since it was stored.
    async fn fetch_order(&self, summary: &OrderSummary) -> Result<Fetched, PollError> {
        let number = summary.order_number;
        let stored = match self.store().order(number)? {
            Some(record) if compare::same_as_stored(summary, &record.snapshot) => {
                return Ok(Fetched::Unchanged(Box::new(record)));
            }
            stored => stored,
        };
        let read = self.pressero.read_order(number).await;
        Ok(Fetched::Read {
            number,
            stored: stored.map(Box::new),
            read: read.map(Box::new),
        })
    }

    /// Stores what [`Poller::fetch_order`] read and decides the order's state. Returns `false`
    /// when it could not be read for a passing reason (the window must be read again).
    fn take_fetched(&self, fetched: Fetched, report: &mut PollReport) -> Result<bool, StoreError> {
        let (number, stored, read) = match fetched {
            Fetched::Unchanged(record) => {
                report.unchanged.push(record.row.order_number);
                self.decide_if_undecided(&record, report)?;
                return Ok(true);
            }
            Fetched::Read {
                number,
                stored,
                read,
            } => (number, stored, read),
        };
        let order = match read {
            Ok(read) => {
                if !read.gaps.is_empty() {
                    self.events.record(NewEvent {
                        order: Some(number),
                        kind: ORDER_DETAILS_INCOMPLETE.into(),
                        message: format!(
                            "Order {number} was read from its search rows; its Pressero order \
                             details lacked: {}",
                            read.gaps.join("; ")
                        ),
                        detail: json!({ "gaps": read.gaps }),
                    })?;
                }
                read.order
            }
            Err(error) => {
                let transient = error.is_transient();
                report.failed.push((number, error.to_string()));
                self.events.record(NewEvent {
                    order: Some(number),
                    kind: ORDER_UNREADABLE.into(),
                    message: format!("Order {number} could not be read from Pressero: {error}"),
                    detail: json!({ "transient": transient }),
                })?;
                // A permanent failure (a malformed order) would hold the mark for ever: it is
                // reported instead, and read again when its summary changes or by a backfill.
                return Ok(!transient);
            }
        };
        let now = self.clock.now();
        match self.store().upsert_snapshot(&order, now)? {
            SnapshotChange::Unchanged => {
                report.unchanged.push(number);
                if let Some(record) = &stored {
                    self.decide_if_undecided(record, report)?;
                }
                return Ok(true);
            }
            SnapshotChange::New => report.new.push(number),
            SnapshotChange::Changed => report.changed.push(number),
        }
        self.decide(&order, stored.as_deref(), report)?;
        Ok(true)
    }

    /// Decides again an unchanged order still waiting for approval whose stored snapshot says
    /// otherwise: its decision was lost (a kill between storing the snapshot and deciding).
    fn decide_if_undecided(
        &self,
        record: &OrderRecord,
        report: &mut PollReport,
    ) -> Result<(), StoreError> {
        if record.row.state != OrderState::WaitingForApproval
            || matches!(
                readiness(&record.snapshot, self.settings.wait_for_approve),
                Readiness::WaitingForApproval { .. }
            )
        {
            return Ok(());
        }
        tracing::info!(
            order = record.row.order_number,
            "the order waits for approval but its snapshot says otherwise (its decision was lost): deciding it again"
        );
        self.decide(&record.snapshot, Some(record), report)
    }

    /// Sets the state of an order whose snapshot is new or changed. Orders being synced, waiting
    /// for a retry or for a person keep their state; a synced order changes only when it changed
    /// after sync in a way that matters.
    fn decide(
        &self,
        order: &pressero::order::Order,
        before: Option<&OrderRecord>,
        report: &mut PollReport,
    ) -> Result<(), StoreError> {
        let number = order.order_number;
        let state = before.map_or(OrderState::WaitingForApproval, |record| record.row.state);
        match state {
            OrderState::WaitingForApproval | OrderState::Ready | OrderState::Skipped => {}
            OrderState::Synced | OrderState::ChangedAfterSync => {
                if let Some(record) = before {
                    self.check_change_after_sync(order, record, report)?;
                }
                return Ok(());
            }
            OrderState::Syncing | OrderState::Retrying | OrderState::NeedsAttention => {
                return Ok(());
            }
        }
        let (transition, decided) = match readiness(order, self.settings.wait_for_approve) {
            Readiness::Ready => (Transition::Ready, &mut report.ready),
            Readiness::WaitingForApproval { .. } => {
                (Transition::WaitingForApproval, &mut report.waiting)
            }
            Readiness::Skip { reason } => (Transition::Skipped { reason }, &mut report.skipped),
        };
        let becomes_ready = matches!(transition, Transition::Ready);
        // A new order is stored as waiting: record the decision even when it is "waiting", so
        // the log shows it; an existing order changes only when the decision differs. The
        // state was read before Pressero was asked for the order: only if it is still that
        // state (a worker may have claimed the order meanwhile, which must not be undone).
        if (before.is_none() || transition.state() != state)
            && self
                .events
                .change_state_if(number, state, transition)?
                .is_none()
        {
            tracing::info!(
                order = number,
                "the order changed state while it was read (a worker took it): its state is left as it is"
            );
            return Ok(());
        }
        decided.push(number);
        if becomes_ready && let Some(on_ready) = &self.on_ready {
            on_ready.notify_one();
        }
        Ok(())
    }

    /// Compares `order` (Pressero's latest) with what was sent to Pace (the stored snapshot
    /// `record` replaced, for an order synced before the sent snapshot was kept). A change that
    /// matters moves the order to `ChangedAfterSync` with the difference in words (once per
    /// difference: the same difference again changes nothing).
    fn check_change_after_sync(
        &self,
        order: &pressero::order::Order,
        record: &OrderRecord,
        report: &mut PollReport,
    ) -> Result<(), StoreError> {
        let number = order.order_number;
        let sent = self.store().sent_snapshot(number)?;
        let sent = sent.as_ref().unwrap_or(&record.snapshot);
        let changes = changed_after_sync::changes(sent, order, self.settings.wait_for_approve);
        if changes.is_empty() {
            return Ok(());
        }
        let change = changed_after_sync::in_words(&changes);
        if record.row.change_after_sync.as_deref() == Some(change.as_str()) {
            return Ok(());
        }
        let changed = self.events.change_state_if(
            number,
            record.row.state,
            Transition::ChangedAfterSync { change },
        )?;
        if changed.is_some() {
            report.changed_after_sync.push(number);
        }
        Ok(())
    }
}
