//! "One e-mail per incident": the record of incidents already reported, so that a problem met
//! again on the next retry (or the next order) is not e-mailed twice until it is resolved.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Where reported incidents are remembered (the store in the service, memory in tests).
pub trait IncidentLog: Send + Sync {
    /// Records the incident `key` (met on `order`, described by `summary`); `true` when it is not
    /// already recorded and unresolved, i.e. when staff must be told.
    fn first_time(&self, key: &str, order: Option<u64>, summary: &str) -> bool;

    /// Marks the incident `key` resolved: the next time it happens it is reported again.
    fn resolve(&self, key: &str);
}

impl<T: IncidentLog + ?Sized> IncidentLog for Arc<T> {
    fn first_time(&self, key: &str, order: Option<u64>, summary: &str) -> bool {
        (**self).first_time(key, order, summary)
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
    fn first_time(&self, key: &str, order: Option<u64>, summary: &str) -> bool {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.contains_key(key) {
            return false;
        }
        open.insert(
            key.to_owned(),
            RecordedIncident {
                order,
                summary: summary.to_owned(),
            },
        );
        true
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
        assert!(log.first_time("needs-attention:order:1", Some(1), "a"));
        assert!(!log.first_time("needs-attention:order:1", Some(1), "a"));
        assert!(log.first_time("needs-attention:order:2", Some(2), "b"));
        log.resolve("needs-attention:order:1");
        assert!(log.first_time("needs-attention:order:1", Some(1), "a again"));
        assert_eq!(
            log.open_incidents()["needs-attention:order:1"].summary,
            "a again"
        );
    }
}

/// The store remembers incidents across restarts. A store failure never hides a problem: when
/// the store cannot say, the incident counts as new (better a second e-mail than none).
impl IncidentLog for crate::store::Store {
    fn first_time(&self, key: &str, order: Option<u64>, summary: &str) -> bool {
        self.record_incident(key, order, summary)
            .unwrap_or_else(|error| {
                tracing::warn!(key, %error, "incident not recorded; reporting it anyway");
                true
            })
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
        assert!(store.first_time("keeps-failing:order:7", Some(7), "Order 7: failing"));
        assert!(!store.first_time("keeps-failing:order:7", Some(7), "Order 7: failing"));
        IncidentLog::resolve(&store, "keeps-failing:order:7");
        assert!(store.first_time("keeps-failing:order:7", Some(7), "Order 7: failing"));
        assert_eq!(store.open_incidents().unwrap().len(), 1);
    }
}
