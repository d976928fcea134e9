//! The resolver: read-only Pace look-ups that answer a plan's [`FactsQuery`] with the
//! [`PaceFacts`] the planner needs (service design: resolve → plan → apply).
//!
//! One Pace call per kind of question, never one per item: all customer ids in one
//! `loadValueObjects`, all e-mails in one (which also brings each contact's customer name and
//! status, so no second round trip), one each for ship vias, job types, job statuses and item
//! templates. The independent questions are asked concurrently. Answers that change rarely
//! are cached for a few minutes (see [`CacheLifetimes`]), timed by an injected [`Clock`].
//!
//! What the answers hold:
//! - customers: every asked id that exists, active or not (a candidate new-customer id that
//!   exists is taken), plus the customer of every contact found; "active" is read from the
//!   customer's status (a guess isolated in `lookups.rs`);
//! - contacts: the active contacts whose `email` equals an asked address (Pace compares
//!   exactly; the plan asks in lower case, so a contact stored as `Jane.Doe@…` is not found);
//!   the phone is `businessPhoneNumber`, else `mobilePhoneNumber`;
//! - ship vias: all, with their `active` flag; job types: the active ones; job statuses: all;
//!   item templates: the asked codes that are active templates.
//!
//! ```no_run
//! # async fn demo(pace: pace::PaceClient, order: &pressero::order::Order,
//! #   settings: &engine::settings::Settings) -> Result<(), engine::resolve::ResolveError> {
//! use engine::resolve::Resolver;
//! let resolver = Resolver::new(pace);
//! let facts = resolver.resolve(&engine::plan::facts_needed(order, settings)).await?;
//! # Ok(()) }
//! ```

mod cache;
mod clock;
mod error;
mod lookups;
#[cfg(test)]
mod tests;

pub use cache::CacheLifetimes;
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::ResolveError;

use crate::plan::{CustomerFact, FactsQuery, PaceFacts, ShipViaFact};
use cache::Cache;
use pace::PaceClient;
use pressero::order::Order;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard};

/// Answers [`FactsQuery`]s from one Pace server. Cheap to clone; clones share the cache.
#[derive(Debug, Clone)]
pub struct Resolver {
    pace: PaceClient,
    clock: Arc<dyn Clock>,
    lifetimes: CacheLifetimes,
    cache: Arc<Mutex<Cache>>,
}

impl Resolver {
    /// A resolver over `pace` with the system clock and the default cache lifetimes.
    pub fn new(pace: PaceClient) -> Self {
        Resolver {
            pace,
            clock: Arc::new(SystemClock),
            lifetimes: CacheLifetimes::default(),
            cache: Arc::default(),
        }
    }

    /// The same resolver reading time from `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The same resolver keeping cached answers for `lifetimes`.
    pub fn with_lifetimes(mut self, lifetimes: CacheLifetimes) -> Self {
        self.lifetimes = lifetimes;
        self
    }

    /// Forgets every cached answer (e.g. after staff changed Pace and push an order again).
    pub fn forget_cached(&self) {
        *self.cache() = Cache::default();
    }

    /// Looks up everything `query` asks for. Read-only.
    pub async fn resolve(&self, query: &FactsQuery) -> Result<PaceFacts, ResolveError> {
        let (
            customers,
            (contacts_by_email, contact_customers),
            ship_vias,
            job_types,
            job_statuses,
            item_templates,
        ) = futures::try_join!(
            self.customers(&query.customer_ids),
            lookups::contacts(&self.pace, &query.contact_emails),
            self.ship_vias(query.ship_vias),
            self.job_types(query.job_types),
            self.job_statuses(query.job_statuses),
            self.item_templates(&query.item_templates),
        )?;
        self.cache()
            .remember_customers(&contact_customers, self.clock.now());
        let mut all_customers = contact_customers;
        all_customers.extend(customers);
        Ok(PaceFacts {
            customers: all_customers,
            contacts_by_email,
            ship_vias,
            job_types,
            job_statuses,
            item_templates,
        })
    }

    /// The Pace jobs already made for each of `orders` (by their `reference`, or the number an
    /// item's `MisId` holds in Pressero), by order number; orders with none are left out. One
    /// Pace call per hundred orders.
    pub async fn jobs_of_orders(
        &self,
        orders: &[Order],
    ) -> Result<BTreeMap<u64, Vec<String>>, ResolveError> {
        const BATCH: usize = 100;
        let mut found = BTreeMap::new();
        for batch in orders.chunks(BATCH) {
            let asked: Vec<(u64, BTreeSet<String>)> = batch
                .iter()
                .map(|order| {
                    let mis_ids = order
                        .items
                        .iter()
                        .map(|item| item.mis_id.trim())
                        .filter(|id| !id.is_empty())
                        .map(str::to_owned)
                        .collect();
                    (order.order_number, mis_ids)
                })
                .collect();
            let jobs = lookups::jobs_of_orders(&self.pace, &asked).await?;
            found.extend(
                jobs.into_iter()
                    .map(|(order, jobs)| (order, jobs.into_iter().collect())),
            );
        }
        Ok(found)
    }

    fn cache(&self) -> MutexGuard<'_, Cache> {
        // The cache holds only whole answers, so one left by a panicking thread is still valid.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn customers(
        &self,
        ids: &BTreeSet<String>,
    ) -> Result<BTreeMap<String, CustomerFact>, ResolveError> {
        let (mut known, ask) = self
            .cache()
            .customers(ids, self.clock.now(), &self.lifetimes);
        if !ask.is_empty() {
            let found = lookups::customers(&self.pace, &ask).await?;
            self.cache().remember_customers(&found, self.clock.now());
            known.extend(found);
        }
        Ok(known)
    }

    async fn ship_vias(&self, wanted: bool) -> Result<Vec<ShipViaFact>, ResolveError> {
        if !wanted {
            return Ok(Vec::new());
        }
        if let Some(cached) = self.cache().ship_vias(self.clock.now(), &self.lifetimes) {
            return Ok(cached);
        }
        let found = lookups::ship_vias(&self.pace).await?;
        self.cache()
            .remember_ship_vias(found.clone(), self.clock.now());
        Ok(found)
    }

    async fn job_types(&self, wanted: bool) -> Result<BTreeSet<i64>, ResolveError> {
        if !wanted {
            return Ok(BTreeSet::new());
        }
        if let Some(cached) = self.cache().job_types(self.clock.now(), &self.lifetimes) {
            return Ok(cached);
        }
        let found = lookups::job_types(&self.pace).await?;
        self.cache()
            .remember_job_types(found.clone(), self.clock.now());
        Ok(found)
    }

    async fn job_statuses(&self, wanted: bool) -> Result<BTreeSet<String>, ResolveError> {
        if !wanted {
            return Ok(BTreeSet::new());
        }
        if let Some(cached) = self.cache().job_statuses(self.clock.now(), &self.lifetimes) {
            return Ok(cached);
        }
        let found = lookups::job_statuses(&self.pace).await?;
        self.cache()
            .remember_job_statuses(found.clone(), self.clock.now());
        Ok(found)
    }

    async fn item_templates(
        &self,
        codes: &BTreeSet<String>,
    ) -> Result<BTreeSet<String>, ResolveError> {
        let (mut known, ask) =
            self.cache()
                .item_templates(codes, self.clock.now(), &self.lifetimes);
        if !ask.is_empty() {
            let found = lookups::item_templates(&self.pace, &ask).await?;
            self.cache()
                .remember_item_templates(&found, self.clock.now());
            known.extend(found);
        }
        Ok(known)
    }
}
