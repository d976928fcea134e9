//! The step journal as apply uses it: what a step is called in the journal, and the
//! [`StepJournal`] seam the store implements (begin before the Pace call, done or failed after).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::plan::PlanStep;
use crate::store::{JournalEntryId, Store};

/// The journal could not be read or written (the store's error, boxed so apply does not depend
/// on how the journal is kept).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct JournalError(Box<dyn std::error::Error + Send + Sync>);

impl JournalError {
    /// Wraps the journal's own error.
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        JournalError(Box::new(error))
    }
}

/// The id of one journal entry (one attempt at one step).
pub type EntryId = i64;

/// A step begun and never finished: its open entry, and when its write was last sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted {
    /// The open entry.
    pub entry: EntryId,
    /// When the write was sent (the entry was begun, or sent again).
    pub sent_at: DateTime<Utc>,
}

/// Another order's create of something this order would create too (same creation key), begun
/// and neither done nor failed: Pace may still be committing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCreation {
    /// The other order.
    pub order: u64,
    /// Its step.
    pub step: String,
    /// The creation key (`contact:<e-mail>` …).
    pub key: String,
    /// When its write was sent.
    pub sent_at: DateTime<Utc>,
}

/// Where apply records each step before and after its call: in the product, the SQLite store.
///
/// A step name (see [`step_name`]) may be begun again after a failure; its entries are kept in
/// order. A step is *completed* once an entry of it is done (with the Pace key, or the value
/// written), *interrupted* while an entry is begun and neither done nor failed.
pub trait StepJournal: Send + Sync {
    /// The Pace key (or value written) of every completed step of the order, by step name.
    fn completed_keys(&self, order: u64) -> Result<BTreeMap<String, String>, JournalError>;
    /// The order's steps that were begun and neither finished nor failed: the open entry of
    /// each, by step name. Apply finishes that entry rather than beginning another.
    fn interrupted_steps(&self, order: u64) -> Result<BTreeMap<String, Interrupted>, JournalError>;
    /// Records that an interrupted entry's write is sent again now (nothing was found in Pace).
    fn resent(&self, entry: EntryId) -> Result<(), JournalError>;
    /// Records that `step` is about to be done (`action`: `create`, `update`, `attach`, …);
    /// `creation_key` for a create of a new customer or contact another order might create
    /// too (`worker::locks::creation_key`), `None` otherwise.
    fn begin(
        &self,
        order: u64,
        step: &str,
        action: &str,
        creation_key: Option<&str>,
    ) -> Result<EntryId, JournalError>;
    /// The creates of orders other than `order` with one of `keys`, begun and neither done nor
    /// failed.
    fn open_creations(
        &self,
        keys: &BTreeSet<String>,
        order: u64,
    ) -> Result<Vec<OpenCreation>, JournalError>;
    /// Records that the entry's call succeeded, with the Pace key or the value written.
    fn done(&self, entry: EntryId, key: &str) -> Result<(), JournalError>;
    /// Records that the entry's call failed for sure (nothing was written).
    fn failed(&self, entry: EntryId, message: &str) -> Result<(), JournalError>;
    /// Adds `calls` to the order's Pace call count.
    fn add_pace_calls(&self, order: u64, calls: u32) -> Result<(), JournalError>;
}

/// The product's journal: the SQLite store.
impl StepJournal for Store {
    fn completed_keys(&self, order: u64) -> Result<BTreeMap<String, String>, JournalError> {
        Store::completed_keys(self, order).map_err(JournalError::new)
    }

    fn interrupted_steps(&self, order: u64) -> Result<BTreeMap<String, Interrupted>, JournalError> {
        let mut open = BTreeMap::new();
        for entry in Store::interrupted_steps(self, order).map_err(JournalError::new)? {
            open.entry(entry.step_ref).or_insert(Interrupted {
                entry: entry.id.0,
                sent_at: entry.begun_at,
            });
        }
        Ok(open)
    }

    fn resent(&self, entry: EntryId) -> Result<(), JournalError> {
        self.journal_resent(JournalEntryId(entry))
            .map_err(JournalError::new)
    }

    fn begin(
        &self,
        order: u64,
        step: &str,
        action: &str,
        creation_key: Option<&str>,
    ) -> Result<EntryId, JournalError> {
        self.journal_begin_creation(order, step, action, creation_key)
            .map(|id| id.0)
            .map_err(JournalError::new)
    }

    fn open_creations(
        &self,
        keys: &BTreeSet<String>,
        order: u64,
    ) -> Result<Vec<OpenCreation>, JournalError> {
        Ok(Store::open_creations(self, keys, order)
            .map_err(JournalError::new)?
            .into_iter()
            .filter_map(|entry| {
                Some(OpenCreation {
                    order: entry.order_number,
                    step: entry.step_ref,
                    key: entry.creation_key?,
                    sent_at: entry.begun_at,
                })
            })
            .collect())
    }

    fn done(&self, entry: EntryId, key: &str) -> Result<(), JournalError> {
        self.journal_done(JournalEntryId(entry), key)
            .map_err(JournalError::new)
    }

    fn failed(&self, entry: EntryId, message: &str) -> Result<(), JournalError> {
        self.journal_failed(JournalEntryId(entry), message)
            .map_err(JournalError::new)
    }

    fn add_pace_calls(&self, order: u64, calls: u32) -> Result<(), JournalError> {
        Store::add_pace_calls(self, order, u64::from(calls))
            .map(drop)
            .map_err(JournalError::new)
    }
}

/// The journal name of a plan step: its reference for a create or a fill-in of an auto-created
/// object; `<reference> override` for the update that re-sends what template defaults replaced.
pub(crate) fn step_name(step: &PlanStep) -> String {
    match step.action {
        crate::plan::StepAction::OverrideTemplateDefaults => format!("{} override", step.reference),
        _ => step.reference.clone(),
    }
}

/// The journal name of attaching one production file to its job.
pub(crate) fn file_step_name(job: &str, item_number: u32, file_number: usize) -> String {
    format!("{job} file item {item_number}.{file_number}")
}

/// The journal name of the job note listing the links of files too large to attach.
pub(crate) fn file_links_step_name(job: &str) -> String {
    format!("{job} file links")
}

/// The journal name of writing an item's `MisId` back to Pressero.
pub(crate) fn mis_id_step_name(item_number: u32) -> String {
    format!("item {item_number} mis-id")
}

/// The journal name of moving an item to the after-sync workflow stage.
pub(crate) fn stage_step_name(item_number: u32) -> String {
    format!("item {item_number} stage")
}
