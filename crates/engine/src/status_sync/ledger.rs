//! What status sync remembers about each Pace job it watches: the last status it acted on (and
//! the stage that meant), the shipments already recorded in Pressero, and whether the job is
//! closed. Kept as one small JSON value per job in the store's service values
//! (`status_sync/job/<job>`), so nothing here needs a table of its own.

use crate::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The service-value name of job `job`'s record.
fn value_name(job: &str) -> String {
    format!("status_sync/job/{job}")
}

/// What status sync last did for one Pace job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobRecord {
    /// The Pressero order the job was created for.
    pub order: u64,
    /// The Pace `adminStatus` last dealt with (items moved, noted as unmapped, or refused for
    /// good); `None` before the job was first seen.
    pub status: Option<String>,
    /// The Pressero stage that status was mapped to then (`None`: not mapped). A change of the
    /// mapping is a change: the items are moved again.
    pub stage: Option<String>,
    /// When Pressero refused that stage for some items: those items' `(number, workflow id)`
    /// at the time. They are tried again only once one of them is on another workflow.
    pub refused_workflows: Option<Vec<(u32, String)>>,
    /// The job is closed in Pace: it is no longer watched.
    pub closed: bool,
    /// The Pace shipments (JobShipment keys) recorded in Pressero, or refused by Pressero for
    /// good (an error was shown once): never posted again.
    pub shipments_done: BTreeSet<String>,
}

impl JobRecord {
    /// The record of `job`, or a fresh one for `order` when the job was never seen.
    pub fn load(store: &Store, job: &str, order: u64) -> Result<JobRecord, StoreError> {
        let stored = store.setting_value(&value_name(job))?;
        Ok(
            match stored.map(|text| serde_json::from_str::<JobRecord>(&text)) {
                Some(Ok(record)) => record,
                Some(Err(error)) => {
                    // Only this module writes the value; an unreadable one is started afresh (the
                    // worst outcome is one repeated stage move), not a stuck status sync.
                    tracing::warn!(job, %error, "unreadable status sync record: starting afresh");
                    JobRecord::fresh(order)
                }
                None => JobRecord::fresh(order),
            },
        )
    }

    /// Saves the record of `job`.
    pub fn save(&self, store: &Store, job: &str) -> Result<(), StoreError> {
        let text = serde_json::to_string(self).map_err(|source| StoreError::Encode {
            operation: "save a status sync record",
            order: Some(self.order),
            source,
        })?;
        store.set_setting_value(&value_name(job), &text)
    }

    fn fresh(order: u64) -> JobRecord {
        JobRecord {
            order,
            ..JobRecord::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_through_the_store_and_jobs_do_not_mix() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(
            JobRecord::load(&store, "J1", 7).unwrap(),
            JobRecord::fresh(7)
        );
        let record = JobRecord {
            order: 7,
            status: Some("C".into()),
            stage: Some("Order Completed".into()),
            refused_workflows: Some(vec![(1, "wf".into())]),
            closed: true,
            shipments_done: ["12".to_owned()].into(),
        };
        record.save(&store, "J1").unwrap();
        assert_eq!(JobRecord::load(&store, "J1", 7).unwrap(), record);
        assert_eq!(
            JobRecord::load(&store, "J2", 8).unwrap(),
            JobRecord::fresh(8)
        );
    }

    #[test]
    fn an_unreadable_record_starts_afresh() {
        let store = Store::open_in_memory().unwrap();
        store
            .set_setting_value(&value_name("J1"), "{not json")
            .unwrap();
        assert_eq!(
            JobRecord::load(&store, "J1", 7).unwrap(),
            JobRecord::fresh(7)
        );
    }
}
