//! "One e-mail per incident": the record of incidents already reported, so that a problem met
//! again on the next retry (or the next order) is not e-mailed twice until it is resolved. An
//! incident is recorded before its alert is sent and marked reported after, so an incident whose
//! process stopped in between is still to report when it is met again (at least once, not never).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Where reported incidents are remembered (the store in the service, memory in tests).
pub trait IncidentLog: Send + Sync {
    /// Records an occurrence of the incident `key` (met on `order`, described by `summary`);
    /// `true` when staff must be told: it is not already recorded and unresolved, or it is but
    /// was never [reported](IncidentLog::reported).
    fn to_report(&self, key: &str, order: Option<u64>, summary: &str) -> bool;

    /// Marks the open incident `key` reported (its alert was delivered, or there was nothing to
    /// deliver): met again, it is not reported again until resolved.
    fn reported(&self, key: &str);

    /// Marks the incident `key` resolved: the next time it happens it is reported again.
    fn resolve(&self, key: &str);
}

impl<T: IncidentLog + ?Sized> IncidentLog for Arc<T> {
    fn to_report(&self, key: &str, order: Option<u64>, summary: &str) -> bool {
        (**self).to_report(key, order, summary)
    }

    fn reported(&self, key: &str) {
        (**self).reported(key);
    }

    fn resolve(&self, key: &str) {
        (**self).resolve(key);
    }
}

/// An incident remembered by [`MemoryIncidentLog`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedIncident {
    /// The order it was first met on.
    pub order: Option<u64>,
    /// Its one-line summary.
    pub summary: String,
    /// Whether its alert was delivered.
    pub reported: bool,
}

/// An [`IncidentLog`] in memory (tests, and a service without a store): forgets on restart.
#[derive(Debug, Default)]
pub struct MemoryIncidentLog {
    open: Mutex<BTreeMap<String, RecordedIncident>>,
}

impl MemoryIncidentLog {
    /// The unresolved incidents, by key.
    pub fn open_incidents(&self) -> BTreeMap<String, RecordedIncident> {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl IncidentLog for MemoryIncidentLog {
    fn to_report(&self, key: &str, order: Option<u64>, summary: &str) -> bool {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let recorded = open
            .entry(key.to_owned())
            .or_insert_with(|| RecordedIncident {
                order,
                summary: summary.to_owned(),
                reported: false,
            });
        !recorded.reported
    }

    fn reported(&self, key: &str) {
        if let Some(recorded) = self
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(key)
        {
            recorded.reported = true;
        }
    }

    fn resolve(&self, key: &str) {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_is_new_once_until_resolved() {
        let log = MemoryIncidentLog::default();
        assert!(log.to_report("needs-attention:order:1", Some(1), "a"));
        assert!(
            log.to_report("needs-attention:order:1", Some(1), "a"),
            "not reported yet"
        );
        log.reported("needs-attention:order:1");
        assert!(!log.to_report("needs-attention:order:1", Some(1), "a"));
        assert!(log.to_report("needs-attention:order:2", Some(2), "b"));
        log.resolve("needs-attention:order:1");
        assert!(log.to_report("needs-attention:order:1", Some(1), "a again"));
        assert_eq!(
            log.open_incidents()["needs-attention:order:1"].summary,
            "a again"
        );
    }
}

/// The store remembers incidents, and whether each was reported, across restarts. A store
/// failure never hides a problem: when the store cannot say, the incident counts as to report
/// (better a second e-mail than none).
impl IncidentLog for crate::store::Store {
    fn to_report(&self, key: &str, order: Option<u64>, summary: &str) -> bool {
        self.record_incident(key, order, summary)
            .unwrap_or_else(|error| {
                tracing::warn!(key, %error, "incident not recorded; reporting it anyway");
                true
            })
    }

    fn reported(&self, key: &str) {
        if let Err(error) = self.mark_incident_reported(key) {
            tracing::warn!(key, %error, "incident not marked reported");
        }
    }

    fn resolve(&self, key: &str) {
        if let Err(error) = self.resolve_incident(key) {
            tracing::warn!(key, %error, "incident not marked resolved");
        }
    }
}

#[cfg(test)]
mod store_tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_store_reports_an_incident_once_until_resolved() {
        let store = Store::open_in_memory().unwrap();
        let key = "keeps-failing:order:7";
        assert!(store.to_report(key, Some(7), "Order 7: failing"));
        assert!(
            store.to_report(key, Some(7), "Order 7: failing"),
            "recorded by a process that stopped before reporting it"
        );
        store.reported(key);
        assert!(!store.to_report(key, Some(7), "Order 7: failing"));
        IncidentLog::resolve(&store, key);
        assert!(store.to_report(key, Some(7), "Order 7: failing"));
        assert_eq!(store.open_incidents().unwrap().len(), 1);
    }
}
