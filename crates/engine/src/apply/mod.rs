//! Apply: executes an order's [`OrderPlan`] against Pace, step by step, then delivers the
//! production files and writes the job numbers back to Pressero.
//!
//! Every write is journaled before and after its call ([`StepJournal`], the store in the
//! product; ARCHITECTURE.md invariant 3):
//!
//! - a step the journal shows done is skipped and its key reused (no call);
//! - a step begun but never finished (a crash, a timeout, a lost reply) is first looked up in
//!   Pace (by the fields listed in `identity.rs`: a Job by its `reference`, a part by its job …)
//!   and adopted when found; only then is it done again;
//! - a fresh step is begun, sent, and finished with the key Pace returned;
//! - a create of a new customer or contact is journaled with its creation key
//!   (`worker::locks::creation_key`), and nothing of a plan is written while another order's
//!   create of one of its keys is begun and may still commit
//!   ([`ApplyError::AnotherOrderMayStillBeCreating`], tried again once it has settled).
//!
//! So a crash, a lost response or a second push never creates a second Job, Part, Shipment,
//! Customer or Contact, and a second apply of an applied plan makes no Pace call at all and says
//! "already synced: nothing changed" ([`ApplyReport::summary`]).
//!
//! Each create's and update's reply (the object as Pace stored it) is compared with what was sent;
//! a field Pace left empty or changed is reported in [`ApplyReport::ignored`] ("Pace ignored
//! `scheduledShipDate` on Job 10057: sent 2026-12-08, stored empty"), at no extra call
//! (`ignored.rs`).
//!
//! Calls are kept few: one pooled connection per client; fields are set on the create, and the
//! override update only follows a create that used an item template (whose defaults Pace writes
//! over the create's fields); part 01, which Pace creates with the job, is filled in by one
//! update. Every Pace call is counted and added to the order's count in the store.

mod calls;
mod error;
mod files;
mod identity;
mod ignored;
pub(crate) mod journal;
mod links;
mod report;
pub(crate) mod run;

pub use error::ApplyError;
pub use files::FILE_LINKS_NOTE_SUMMARY;
pub use ignored::IgnoredField;
pub use journal::{EntryId, JournalError, OpenCreation, StepJournal};
pub use report::ApplyReport;

use std::sync::Arc;

use chrono_tz::Tz;
use pace::PaceClient;
use pressero::PresseroClient;
use pressero::order::Order;

use crate::plan::OrderPlan;
use crate::settings::Settings;
use calls::CountedPace;
use run::Run;

/// What apply does besides the plan's steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Production files up to this many bytes are attached; larger ones are linked in a note.
    pub attach_files_up_to_bytes: u64,
    /// The Pressero workflow stage items move to after the sync, if any.
    pub workflow_stage: Option<String>,
    /// The shop's time zone: a date field is sent as midnight of that day there, in UTC
    /// (reference §1.5), with the offset of that day (daylight saving time followed).
    pub time_zone: Tz,
    /// How long after a write was sent it may still commit in Pace (twice the Pace request
    /// timeout): an interrupted step is looked up in Pace only once this has passed, so a write
    /// Pace was still working on is never sent twice.
    pub in_flight_for: chrono::Duration,
}

impl ApplyOptions {
    /// The options set in `settings` (`[after_sync]`, `[shop] time_zone`). An invalid time zone
    /// counts as UTC here; the plan, which comes first, refuses it.
    pub fn from_settings(settings: &Settings) -> Self {
        let stage = settings.after_sync.workflow_stage.trim();
        ApplyOptions {
            attach_files_up_to_bytes: settings
                .after_sync
                .attach_files_up_to_mb
                .saturating_mul(1024 * 1024),
            workflow_stage: (!stage.is_empty()).then(|| stage.to_owned()),
            time_zone: settings.shop.zone().unwrap_or(Tz::UTC),
            in_flight_for: in_flight_for(settings.pace.request_timeout()),
        }
    }
}

/// How long a write sent with Pace request timeout `timeout` may still commit: the timeout
/// (the product stopped waiting then), and as long again for Pace finishing a request whose
/// answer nobody waited for.
pub fn in_flight_for(timeout: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(timeout.saturating_mul(2)).unwrap_or(chrono::Duration::MAX)
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions::from_settings(&Settings::default())
    }
}

/// Applies plans: the Pace and Pressero clients (each one pooled connection, reused), and the
/// journal.
#[derive(Clone)]
pub struct Applier {
    pace: PaceClient,
    pressero: PresseroClient,
    journal: Arc<dyn StepJournal>,
    options: ApplyOptions,
}

impl std::fmt::Debug for Applier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Applier")
            .field("pace", &self.pace)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Applier {
    /// An applier writing through `pace` and `pressero`, journaling in `journal`.
    pub fn new(
        pace: PaceClient,
        pressero: PresseroClient,
        journal: Arc<dyn StepJournal>,
        options: ApplyOptions,
    ) -> Self {
        Applier {
            pace,
            pressero,
            journal,
            options,
        }
    }

    /// Applies `plan` (made from `order`, the Pressero order as read): its Pace steps in order,
    /// then the production files, then the write-back to Pressero (each item's workflow stage
    /// in the item's `WorkflowId` as `order` has it, so no Pressero read). The Pace calls made
    /// are added to the order's count in the journal whether it succeeds or not.
    pub async fn apply(&self, order: &Order, plan: &OrderPlan) -> Result<ApplyReport, ApplyError> {
        let order_number = order.order_number;
        debug_assert_eq!(order_number, plan.order_number);
        let pace = CountedPace::new(&self.pace);
        let result = self.run(order, plan, &pace).await;
        if pace.calls() > 0
            && let Err(error) = self.journal.add_pace_calls(order_number, pace.calls())
        {
            tracing::warn!(order = order_number, %error, "could not add to the order's Pace call count");
        }
        let mut report = result?;
        report.pace_calls = pace.calls();
        report.pace_writes = pace.writes();
        tracing::info!(
            order = order_number,
            calls = report.pace_calls,
            "{}",
            report.summary()
        );
        Ok(report)
    }

    async fn run(
        &self,
        order: &Order,
        plan: &OrderPlan,
        pace: &CountedPace<'_>,
    ) -> Result<ApplyReport, ApplyError> {
        let mut run = Run::start(plan, pace, self.journal.as_ref(), &self.options)?;
        run.plan_steps().await?;
        run.production_files(&self.pressero, self.options.attach_files_up_to_bytes)
            .await?;
        run.write_back(
            &self.pressero,
            self.options.workflow_stage.as_deref(),
            order,
        )
        .await?;
        run.report.keys = run.keys.all().clone();
        Ok(run.report)
    }
}
