//! Every Pace call apply makes goes through [`CountedPace`], which counts them (all calls, and
//! the writes among them) so the count per order can be stored and shown.

use std::sync::atomic::{AtomicU32, Ordering};

use pace::{Attachment, Filter, PaceClient, PaceError, PaceObject};

/// A [`PaceClient`] (one pooled connection, reused for the whole order) that counts its calls.
#[derive(Debug)]
pub(crate) struct CountedPace<'a> {
    client: &'a PaceClient,
    calls: AtomicU32,
    writes: AtomicU32,
}

impl<'a> CountedPace<'a> {
    pub(crate) fn new(client: &'a PaceClient) -> Self {
        CountedPace {
            client,
            calls: AtomicU32::new(0),
            writes: AtomicU32::new(0),
        }
    }

    /// Calls made so far (failed ones included: they reached, or tried to reach, Pace).
    pub(crate) fn calls(&self) -> u32 {
        self.calls.load(Ordering::Relaxed)
    }

    /// Write calls made so far (create, update, add attachment).
    pub(crate) fn writes(&self) -> u32 {
        self.writes.load(Ordering::Relaxed)
    }

    fn count(&self, write: bool) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        if write {
            self.writes.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) async fn find(
        &self,
        object_type: &str,
        filter: &Filter,
    ) -> Result<Vec<String>, PaceError> {
        self.count(false);
        self.client.find(object_type, filter).await
    }

    pub(crate) async fn create(&self, object: &PaceObject) -> Result<PaceObject, PaceError> {
        self.count(true);
        self.client.create_object(object).await
    }

    pub(crate) async fn update(&self, object: &PaceObject) -> Result<PaceObject, PaceError> {
        self.count(true);
        self.client.update_object(object).await
    }

    pub(crate) async fn add_attachment(
        &self,
        object_type: &str,
        key: &str,
        attachment: &Attachment,
    ) -> Result<String, PaceError> {
        self.count(true);
        self.client
            .add_attachment(object_type, key, None, attachment)
            .await
    }
}
