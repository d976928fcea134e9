//! Status sync: Pace job status → Pressero workflow stage, and Pace shipment tracking →
//! Pressero shipments, for the jobs the product created.
//!
//! One [`StatusSync::run_cycle`]:
//! 1. lists the jobs to watch: the Pace jobs of every synced order, less the jobs already seen
//!    closed (local reads only);
//! 2. asks Pace, in one `loadValueObjects` call, for the status of all of them (`adminStatus`
//!    and whether it is an open status), and in one more for their shipments that carry a
//!    tracking number (more calls only past [`JOBS_PER_QUERY`] jobs or 1000 shipments: the
//!    number of calls does not grow with the number of jobs);
//! 3. compares with what it recorded for each job (its ledger) and, for a change:
//!    - maps the status to a Pressero stage name (the `status_updates` setting) and moves each
//!      Pressero item of the job there (the stage id is resolved in the item's workflow by the
//!      Pressero client); an unmapped status changes nothing and is only noted;
//!    - posts each shipment with a tracking number to Pressero, once;
//!    - writes an event in the order's trace;
//! 4. stops watching a job once Pace says its status is a closed one.
//!
//! Every status change, stage move and tracking sent is an event in the order's trace, written
//! through the [`EventBus`] (stored and broadcast live).
//!
//! Errors: a transient failure (network, timeout, HTTP 5xx) leaves the job's record as it was,
//! so the next cycle tries again. A permanent refusal (a mapping that names a stage the item's
//! workflow lacks, a shipment Pressero refuses) is shown once: one error event, and one
//! [`StatusProblem`] in that cycle's report (with a stable key, for the alerts); the record notes
//! it, and it is tried again only when the status, the mapping or the item's workflow changes.

mod items;
mod job;
mod ledger;
mod pace_rows;

pub use pace_rows::{JOBS_PER_QUERY, JobStatusRow, TrackedShipment};

use crate::events::EventBus;
use crate::settings::StatusStage;
use crate::store::{OrderFilter, OrderState, Store, StoreError};
use chrono::{DateTime, Utc};
use ledger::JobRecord;
use pace::{PaceClient, PaceError};
use pressero::PresseroClient;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Event kind: a watched job's Pace status changed (the message says where its items went).
pub const STATUS_CHANGED: &str = "pace_status_changed";
/// Event kind: Pressero refused a mapped stage (or the job's items could not be told).
pub const STAGE_REFUSED: &str = "pressero_stage_refused";
/// Event kind: a Pace shipment's tracking was recorded in Pressero.
pub const TRACKING_POSTED: &str = "tracking_posted";
/// Event kind: Pressero refused a shipment with tracking.
pub const TRACKING_REFUSED: &str = "tracking_refused";

/// What one cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    /// Jobs watched this cycle (open jobs of synced orders).
    pub jobs_watched: usize,
    /// Pace calls made (constant in the number of jobs up to [`JOBS_PER_QUERY`]).
    pub pace_calls: u64,
    /// Status changes dealt with (moved, or noted as unmapped).
    pub status_changes: usize,
    /// Pressero items moved to a new stage.
    pub items_moved: usize,
    /// Shipments with tracking recorded in Pressero.
    pub shipments_posted: usize,
    /// Jobs seen closed this cycle (no longer watched).
    pub jobs_closed: usize,
    /// Permanent problems met this cycle, each reported once (also an error event).
    pub problems: Vec<StatusProblem>,
    /// Transient failures: the next cycle tries again.
    pub retry_later: usize,
}

/// A problem a person must fix, met once (status sync does not try again until the status, the
/// mapping or the item's workflow changes). Ready to become an alert incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusProblem {
    /// Stable key: `status-stage:job:<job>:stage:<stage>`, `status-tracking:job:<job>:shipment:<id>`
    /// or `status-items:job:<job>`.
    pub key: String,
    /// The Pressero order.
    pub order: u64,
    /// The Pace job.
    pub job: String,
    /// What went wrong, in a shop manager's words.
    pub what_went_wrong: String,
    /// What to do about it.
    pub what_to_do: String,
}

/// Why a whole cycle failed (nothing was recorded; the next cycle starts over).
#[derive(Debug, thiserror::Error)]
pub enum StatusSyncError {
    /// Pace could not be asked for the jobs' status or shipments.
    #[error("status sync could not read the jobs' status from Pace: {0}")]
    Pace(#[from] PaceError),
    /// The sync database failed.
    #[error("status sync could not use the sync database: {0}")]
    Store(#[from] StoreError),
}

impl StatusSyncError {
    /// Whether the next cycle may succeed without anyone doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            StatusSyncError::Pace(error) => error.is_transient(),
            StatusSyncError::Store(_) => false,
        }
    }
}

/// Pace status → Pressero stage and tracking → Pressero shipments. Cheap to clone.
#[derive(Debug, Clone)]
pub struct StatusSync {
    pace: PaceClient,
    pressero: PresseroClient,
    events: EventBus,
    mapping: Vec<StatusStage>,
}

/// A job to look at this cycle, with its order and what was recorded about it.
#[derive(Debug)]
struct WatchedJob {
    job: String,
    order_jobs: Vec<String>,
    record: JobRecord,
}

impl StatusSync {
    /// Status sync over these clients and the event bus (and its store), with the shop's
    /// `status_updates` mapping (Pace status code → Pressero stage name).
    pub fn new(
        pace: PaceClient,
        pressero: PresseroClient,
        events: EventBus,
        mapping: Vec<StatusStage>,
    ) -> Self {
        StatusSync {
            pace,
            pressero,
            events,
            mapping,
        }
    }

    fn store(&self) -> &Store {
        self.events.store()
    }

    /// Replaces the mapping (after the settings changed); the next cycle uses it, and a job
    /// whose mapped stage changed is moved again.
    pub fn set_mapping(&mut self, mapping: Vec<StatusStage>) {
        self.mapping = mapping;
    }

    /// The Pressero stage mapped to Pace status `status` (see [`stage_for`]).
    pub fn stage_for(&self, status: &str) -> Option<&str> {
        stage_for(&self.mapping, status)
    }

    /// One cycle (see the module documentation). `now` dates shipments Pace gives no date.
    pub async fn run_cycle(&self, now: DateTime<Utc>) -> Result<StatusReport, StatusSyncError> {
        let watched = self.watched_jobs()?;
        let mut report = StatusReport {
            jobs_watched: watched.len(),
            ..StatusReport::default()
        };
        if watched.is_empty() {
            return Ok(report);
        }
        let numbers: Vec<String> = watched.iter().map(|w| w.job.clone()).collect();
        let (statuses, status_calls) = pace_rows::job_statuses(&self.pace, &numbers).await?;
        report.pace_calls += status_calls;
        let (shipments, shipment_calls) =
            pace_rows::tracked_shipments(&self.pace, &numbers).await?;
        report.pace_calls += shipment_calls;

        let statuses: BTreeMap<&str, &JobStatusRow> =
            statuses.iter().map(|row| (row.job.as_str(), row)).collect();
        let mut shipments_by_job: BTreeMap<&str, Vec<&TrackedShipment>> = BTreeMap::new();
        for shipment in &shipments {
            shipments_by_job
                .entry(shipment.job.as_str())
                .or_default()
                .push(shipment);
        }
        for watched in watched {
            let Some(status) = statuses.get(watched.job.as_str()) else {
                tracing::debug!(job = %watched.job, "Pace did not list the job: skipped");
                continue;
            };
            let shipments = shipments_by_job
                .get(watched.job.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            job::JobCycle {
                sync: self,
                watched,
                status,
                shipments,
                today: now.date_naive(),
                report: &mut report,
            }
            .run()
            .await?;
        }
        tracing::info!(?report, "status sync cycle done");
        Ok(report)
    }

    /// The open jobs of synced orders, each once, with what was recorded about them.
    fn watched_jobs(&self) -> Result<Vec<WatchedJob>, StoreError> {
        let orders = self.store().list_orders(&OrderFilter {
            // A changed order's job is still in Pace and in production.
            states: vec![OrderState::Synced, OrderState::ChangedAfterSync],
            ..OrderFilter::default()
        })?;
        let mut seen = BTreeSet::new();
        let mut watched = Vec::new();
        for order in orders {
            for job in &order.pace_jobs {
                if !seen.insert(job.clone()) {
                    continue;
                }
                let record = JobRecord::load(self.store(), job, order.order_number)?;
                if !record.closed {
                    watched.push(WatchedJob {
                        job: job.clone(),
                        order_jobs: order.pace_jobs.clone(),
                        record,
                    });
                }
            }
        }
        Ok(watched)
    }
}

/// The Pressero stage `mapping` gives Pace status `status`: codes compared after trimming, with
/// case (Pace's status ids are case-sensitive: `a` "Approved" is not `A`); a blank stage is no
/// mapping.
pub fn stage_for<'m>(mapping: &'m [StatusStage], status: &str) -> Option<&'m str> {
    mapping
        .iter()
        .find(|entry| entry.pace_status.trim() == status.trim())
        .map(|entry| entry.pressero_stage.trim())
        .filter(|stage| !stage.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_maps_to_its_stage_by_exact_code() {
        let mapping: Vec<StatusStage> = [("C", " Order Completed "), ("a", "Prepress"), ("X", " ")]
            .into_iter()
            .map(|(status, stage)| StatusStage {
                pace_status: status.into(),
                pressero_stage: stage.into(),
            })
            .collect();
        assert_eq!(stage_for(&mapping, " C"), Some("Order Completed"));
        assert_eq!(stage_for(&mapping, "a"), Some("Prepress"));
        assert_eq!(
            stage_for(&mapping, "A"),
            None,
            "status ids are case-sensitive"
        );
        assert_eq!(stage_for(&mapping, "X"), None, "a blank stage maps nothing");
        assert_eq!(stage_for(&mapping, "O"), None);
    }
}
