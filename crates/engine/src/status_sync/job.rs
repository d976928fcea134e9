//! One watched job in one cycle: compare Pace's status and tracked shipments with the job's
//! record, move its Pressero items, post new tracking, write the events, save the record.

use super::items::{items_of_job, pressero_shipment};
use super::ledger::JobRecord;
use super::{
    STAGE_REFUSED, STATUS_CHANGED, StatusProblem, StatusReport, StatusSync, TRACKING_POSTED,
    TRACKING_REFUSED, TrackedShipment, WatchedJob,
};
use crate::store::{NewEvent, StoreError};
use chrono::NaiveDate;
use pressero::PresseroError;
use pressero::order::{Order, OrderItem};
use serde_json::json;

/// The work on one job in one cycle.
pub(super) struct JobCycle<'a> {
    pub sync: &'a StatusSync,
    pub watched: WatchedJob,
    pub status: &'a super::JobStatusRow,
    pub shipments: &'a [&'a TrackedShipment],
    pub today: NaiveDate,
    pub report: &'a mut StatusReport,
}

/// How the job's Pressero items were found.
enum JobItems {
    /// The order (snapshot, or read again from Pressero) and the job's item numbers in it.
    Found(Box<Order>, Vec<u32>),
    /// Nothing tells which items the job covers.
    Unknown,
    /// Pressero could not be asked now: try again next cycle.
    RetryLater,
}

impl JobCycle<'_> {
    /// Does what the job needs and saves its record. Pressero failures are handled here (a
    /// transient one leaves the record for the next cycle); only store failures are returned.
    pub async fn run(mut self) -> Result<(), StoreError> {
        let before = self.watched.record.clone();
        let stage = self
            .sync
            .stage_for(&self.status.admin_status)
            .map(str::to_owned);
        let record = &self.watched.record;
        let status_changed = record.status.as_deref() != Some(self.status.admin_status.as_str())
            || record.stage != stage;
        let new_shipments: Vec<&TrackedShipment> = self
            .shipments
            .iter()
            .copied()
            .filter(|s| !record.shipments_done.contains(&s.id))
            .collect();
        let may_retry_refused = stage.is_some() && record.refused_workflows.is_some();
        let needs_items =
            !new_shipments.is_empty() || (stage.is_some() && status_changed) || may_retry_refused;

        let mut finished = true;
        if needs_items {
            match self.job_items().await? {
                JobItems::Found(order, numbers) => {
                    let items: Vec<&OrderItem> = order
                        .items
                        .iter()
                        .filter(|item| numbers.contains(&item.item_number))
                        .collect();
                    finished &= self
                        .move_items(&order, &items, stage.as_deref(), status_changed)
                        .await?;
                    finished &= self.post_tracking(&order, &items, &new_shipments).await?;
                }
                JobItems::Unknown => self.items_unknown(stage.as_deref(), &new_shipments)?,
                JobItems::RetryLater => finished = false,
            }
        } else if status_changed {
            self.note_unmapped()?;
        }
        if finished && !self.status.open {
            self.watched.record.closed = true;
            self.report.jobs_closed += 1;
        }
        if self.watched.record != before {
            self.watched
                .record
                .save(self.sync.store(), &self.watched.job)?;
        }
        Ok(())
    }

    /// The order and the job's items: from the stored snapshot, else (several jobs and no
    /// `MisId`s in the snapshot) from the order read again from Pressero, which holds the job
    /// numbers written back to each item.
    async fn job_items(&mut self) -> Result<JobItems, StoreError> {
        let order_number = self.watched.record.order;
        let numbers = |order: &Order| {
            items_of_job(order, &self.watched.job, &self.watched.order_jobs).map(|items| {
                items
                    .iter()
                    .map(|item| item.item_number)
                    .collect::<Vec<_>>()
            })
        };
        if let Some(stored) = self.sync.store().order(order_number)?
            && let Some(found) = numbers(&stored.snapshot)
        {
            return Ok(JobItems::Found(Box::new(stored.snapshot), found));
        }
        match self.sync.pressero.order(order_number).await {
            Ok(order) => Ok(match numbers(&order) {
                Some(found) => JobItems::Found(Box::new(order), found),
                None => JobItems::Unknown,
            }),
            Err(error) if error.is_transient() => {
                self.retry_later(&error);
                Ok(JobItems::RetryLater)
            }
            Err(error) => {
                tracing::warn!(order = order_number, %error, "cannot read the order from Pressero");
                Ok(JobItems::Unknown)
            }
        }
    }

    /// Moves `items` to `stage` when the status (or its mapping) changed; otherwise moves the
    /// items Pressero refused the stage for, once one of them has changed workflow. Returns
    /// false when a transient failure leaves the move for the next cycle.
    async fn move_items(
        &mut self,
        order: &Order,
        items: &[&OrderItem],
        stage: Option<&str>,
        status_changed: bool,
    ) -> Result<bool, StoreError> {
        let Some(stage) = stage else {
            if status_changed {
                self.note_unmapped()?;
            }
            return Ok(true);
        };
        let to_move = if status_changed {
            items.to_vec()
        } else {
            self.items_to_try_again(items)
        };
        if to_move.is_empty() {
            return Ok(true);
        }
        let notes = format!(
            "Pace job {} status {}",
            self.watched.job, self.status.admin_status
        );
        let mut moved = Vec::new();
        let mut refused: Vec<(u32, PresseroError)> = Vec::new();
        for item in &to_move {
            let result = if item.workflow_id.is_empty() {
                self.sync
                    .pressero
                    .set_item_stage(order.order_number, item.item_number, stage, Some(&notes))
                    .await
            } else {
                self.sync
                    .pressero
                    .set_item_stage_in_workflow(
                        order.order_number,
                        item.item_number,
                        &item.workflow_id,
                        stage,
                        Some(&notes),
                    )
                    .await
            };
            match result {
                Ok(()) => moved.push(item.item_number),
                Err(error) if error.is_transient() => {
                    self.retry_later(&error);
                    return Ok(false);
                }
                Err(error) => refused.push((item.item_number, error)),
            }
        }
        let previous = self.watched.record.status.clone();
        self.record_status(Some(stage.to_owned()));
        self.report.items_moved += moved.len();
        let mut message = if status_changed {
            format!(
                "Pace job {} is now status {}{}",
                self.watched.job,
                self.status.admin_status,
                was(previous.as_deref())
            )
        } else {
            format!(
                "Pace job {} status {}, tried again as an item's workflow changed",
                self.watched.job, self.status.admin_status
            )
        };
        if !moved.is_empty() {
            message.push_str(&format!(": {} moved to \"{stage}\"", item_list(&moved)));
        }
        self.event(
            STATUS_CHANGED,
            message,
            json!({
                "job": self.watched.job, "from": previous, "to": self.status.admin_status,
                "stage": stage, "moved_items": moved,
                "refused_items": refused.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            }),
        )?;
        if refused.is_empty() {
            self.watched.record.refused_workflows = None;
        } else {
            self.watched.record.refused_workflows = Some(
                to_move
                    .iter()
                    .filter(|item| refused.iter().any(|(n, _)| *n == item.item_number))
                    .map(|item| (item.item_number, item.workflow_id.clone()))
                    .collect(),
            );
            let (numbers, errors): (Vec<u32>, Vec<String>) = refused
                .iter()
                .map(|(number, error)| (*number, error.to_string()))
                .unzip();
            let status = &self.status.admin_status;
            self.problem(
                STAGE_REFUSED,
                format!("status-stage:job:{}:stage:{stage}", self.watched.job),
                format!(
                    "Pressero refused to move {} of order {} to the stage \"{stage}\" mapped to \
                     Pace status {status} (job {}): {}.",
                    item_list(&numbers),
                    order.order_number,
                    self.watched.job,
                    errors.join("; "),
                ),
                format!(
                    "Map status {status} to a stage that every item's workflow has (Settings → \
                     Status updates), or add the stage \"{stage}\" to the workflow in Pressero. \
                     Until the mapping or the item's workflow changes, this is not tried again."
                ),
                json!({"job": self.watched.job, "stage": stage, "items": numbers, "errors": errors}),
            )?;
        }
        Ok(true)
    }

    /// The items Pressero refused the stage for, when one of them has changed workflow since
    /// (none otherwise: a refused stage is not tried again in the same workflow).
    fn items_to_try_again<'o>(&self, items: &[&'o OrderItem]) -> Vec<&'o OrderItem> {
        let Some(refused) = &self.watched.record.refused_workflows else {
            return Vec::new();
        };
        let refused_items: Vec<&'o OrderItem> = items
            .iter()
            .copied()
            .filter(|item| refused.iter().any(|(n, _)| *n == item.item_number))
            .collect();
        let workflow_changed = refused_items
            .iter()
            .any(|item| !refused.contains(&(item.item_number, item.workflow_id.clone())));
        if workflow_changed {
            refused_items
        } else {
            Vec::new()
        }
    }

    /// Posts each new tracked shipment once. Returns false when a transient failure leaves one
    /// for the next cycle.
    async fn post_tracking(
        &mut self,
        order: &Order,
        items: &[&OrderItem],
        shipments: &[&TrackedShipment],
    ) -> Result<bool, StoreError> {
        let mut finished = true;
        for shipment in shipments {
            let posted = pressero_shipment(order, items, shipment, self.today);
            let numbers: Vec<u32> = items
                .iter()
                .filter(|item| posted.item_ids.contains(&item.item_id))
                .map(|item| item.item_number)
                .collect();
            match self.sync.pressero.post_shipment(&posted).await {
                Ok(()) => {
                    self.watched
                        .record
                        .shipments_done
                        .insert(shipment.id.clone());
                    self.report.shipments_posted += 1;
                    self.event(
                        TRACKING_POSTED,
                        format!(
                            "Tracking {} of Pace job {} recorded in Pressero for {}",
                            shipment.tracking_number,
                            self.watched.job,
                            item_list(&numbers)
                        ),
                        json!({
                            "job": self.watched.job, "pace_shipment": shipment.id,
                            "tracking": shipment.tracking_number,
                            "tracking_link": shipment.tracking_link, "items": numbers,
                        }),
                    )?;
                }
                Err(error) if error.is_transient() => {
                    self.retry_later(&error);
                    finished = false;
                }
                Err(error) => {
                    self.watched
                        .record
                        .shipments_done
                        .insert(shipment.id.clone());
                    self.problem(
                        TRACKING_REFUSED,
                        format!(
                            "status-tracking:job:{}:shipment:{}",
                            self.watched.job, shipment.id
                        ),
                        format!(
                            "Pressero refused the shipment with tracking {} of Pace job {} \
                             (order {}): {error}.",
                            shipment.tracking_number, self.watched.job, order.order_number
                        ),
                        "Record the shipment on the order in Pressero by hand; it is not sent \
                         again."
                            .to_owned(),
                        json!({"job": self.watched.job, "pace_shipment": shipment.id}),
                    )?;
                }
            }
        }
        Ok(finished)
    }

    /// No item tells which Pressero items the job covers: one problem, and the status and
    /// shipments are marked as dealt with so that the next cycles do not ask again.
    fn items_unknown(
        &mut self,
        stage: Option<&str>,
        shipments: &[&TrackedShipment],
    ) -> Result<(), StoreError> {
        self.record_status(stage.map(str::to_owned));
        self.watched.record.refused_workflows = None;
        for shipment in shipments {
            self.watched
                .record
                .shipments_done
                .insert(shipment.id.clone());
        }
        let order = self.watched.record.order;
        self.problem(
            STAGE_REFUSED,
            format!("status-items:job:{}", self.watched.job),
            format!(
                "Cannot tell which Pressero items of order {order} Pace job {} covers (the order \
                 has several jobs and no item has this one as its MisId), so its status {} and \
                 tracking were not sent to Pressero.",
                self.watched.job, self.status.admin_status
            ),
            "Set the job number as the MisId of the job's items in Pressero, and move their \
             stage by hand this time."
                .to_owned(),
            json!({"job": self.watched.job, "status": self.status.admin_status}),
        )
    }

    /// A status with no mapped stage: noted in the order's trace (not on first sight: the job
    /// was created with it), nothing moved.
    fn note_unmapped(&mut self) -> Result<(), StoreError> {
        let previous = self.watched.record.status.clone();
        self.record_status(None);
        if previous.is_none() {
            return Ok(());
        }
        let message = format!(
            "Pace job {} is now status {}{}; no Pressero stage is mapped to {}, so its items \
             stay where they are",
            self.watched.job,
            self.status.admin_status,
            was(previous.as_deref()),
            self.status.admin_status
        );
        self.event(
            STATUS_CHANGED,
            message,
            json!({"job": self.watched.job, "from": previous, "to": self.status.admin_status, "stage": null}),
        )
    }

    /// Records the current status (and its stage) as dealt with.
    fn record_status(&mut self, stage: Option<String>) {
        let record: &mut JobRecord = &mut self.watched.record;
        if record.status.as_deref() != Some(self.status.admin_status.as_str())
            || record.stage != stage
        {
            self.report.status_changes += 1;
        }
        record.status = Some(self.status.admin_status.clone());
        record.stage = stage;
    }

    fn retry_later(&mut self, error: &PresseroError) {
        self.report.retry_later += 1;
        tracing::warn!(job = %self.watched.job, %error, "status sync: Pressero failed, trying again next cycle");
    }

    /// An event in the order's trace (stored and broadcast).
    fn event(
        &self,
        kind: &str,
        message: String,
        detail: serde_json::Value,
    ) -> Result<(), StoreError> {
        self.sync.events.record(NewEvent {
            order: Some(self.watched.record.order),
            kind: kind.to_owned(),
            message,
            detail,
        })?;
        Ok(())
    }

    /// A permanent problem: an error event in the order's trace and a [`StatusProblem`] in the
    /// report. Called once per problem: the record then keeps it from being tried again.
    fn problem(
        &mut self,
        kind: &str,
        key: String,
        what_went_wrong: String,
        what_to_do: String,
        detail: serde_json::Value,
    ) -> Result<(), StoreError> {
        tracing::warn!(job = %self.watched.job, %key, "{what_went_wrong}");
        self.event(kind, format!("{what_went_wrong} {what_to_do}"), detail)?;
        self.report.problems.push(StatusProblem {
            key,
            order: self.watched.record.order,
            job: self.watched.job.clone(),
            what_went_wrong,
            what_to_do,
        });
        Ok(())
    }
}

/// ` (was X)`, or nothing when there was no earlier status.
fn was(previous: Option<&str>) -> String {
    previous.map(|p| format!(" (was {p})")).unwrap_or_default()
}

/// `item 2` / `items 1, 3`.
fn item_list(numbers: &[u32]) -> String {
    let list: Vec<String> = numbers.iter().map(u32::to_string).collect();
    match list.len() {
        1 => format!("item {}", list[0]),
        _ => format!("items {}", list.join(", ")),
    }
}
