//! The resolver: read-only Pace look-ups that answer a plan's [`FactsQuery`] with the
//! [`PaceFacts`] the planner needs (service design: resolve → plan → apply).
//!
//! One Pace call per kind of question, never one per item: all customer ids (and customers by
//! e-mail) in one `loadValueObjects`, all contact e-mails in one (which also brings each contact's customer name and
//! status, so no second round trip), one each for ship vias, job types, job statuses and item
//! templates. The independent questions are asked concurrently. Answers that change rarely
//! are cached for a few minutes (see [`CacheLifetimes`]), timed by an injected [`Clock`].
//!
//! What the answers hold:
//! - customers: every asked id that exists, active or not (a candidate new-customer id that
//!   exists is taken), plus the customer of every contact found; "active" is read from the
//!   customer's status (a guess isolated in `lookups.rs`);
//! - contacts: the active contacts whose `email` equals an asked address; asked of Pace, which
//!   compares exactly (a contact stored as `Jane.Doe@…` is not found for `jane.doe@…`), or of
//!   the local [`Directory`] first, which compares without case and needs no call (see
//!   `directory.rs`; [`Resolver::look_up`] then [`Resolver::confirm`]); the phone is
//!   `businessPhoneNumber`, else `mobilePhoneNumber`;
//! - customers by e-mail: the active customers whose own `email` is an asked address (asked
//!   in the same call as the customers by id);
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
mod directory;
mod error;
mod lookups;
#[cfg(test)]
mod tests;

pub use cache::CacheLifetimes;
pub use clock::{Clock, ManualClock, SystemClock};
pub use directory::{Directory, FULL_EVERY, REFRESH_EVERY};
pub use error::ResolveError;

use crate::plan::{ContactFact, CountryFact, CustomerFact, FactsQuery, PaceFacts, ShipViaFact};
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
    directory: Option<Directory>,
    /// Held while the reference lists are looked at and, when stale, fetched: orders starting at
    /// once fetch each list once, the others wait and find it cached (single flight).
    lists: Arc<tokio::sync::Mutex<()>>,
}

/// What [`Resolver::look_up`] found.
#[derive(Debug, Clone)]
pub struct LookedUp {
    /// The facts.
    pub facts: PaceFacts,
    /// Whether Pace itself was asked for the contacts and customers (no directory), so a miss
    /// needs no confirming.
    pub confirmed: bool,
}

impl Resolver {
    /// A resolver over `pace` with the system clock and the default cache lifetimes.
    pub fn new(pace: PaceClient) -> Self {
        Resolver {
            pace,
            clock: Arc::new(SystemClock),
            lifetimes: CacheLifetimes::default(),
            cache: Arc::default(),
            directory: None,
            lists: Arc::default(),
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

    /// The same resolver answering e-mails and customer ids from `directory` first
    /// ([`Directory`]: e-mails compared without case, no Pace call for what it knows).
    pub fn with_directory(mut self, directory: Directory) -> Self {
        self.directory = Some(directory);
        self
    }

    /// Looks up everything `query` asks for, a miss in the directory confirmed by Pace.
    /// Read-only in Pace.
    pub async fn resolve(&self, query: &FactsQuery) -> Result<PaceFacts, ResolveError> {
        let looked_up = self.look_up(query).await?;
        self.confirm(query, looked_up).await
    }

    /// Looks up everything `query` asks for, the contacts and customers from the directory
    /// alone when there is one (then [`LookedUp::confirmed`] is false: a plan that would create
    /// a customer or contact, or fail or alert on one not found, must be made again from
    /// [`Resolver::confirm`]'s answer).
    pub async fn look_up(&self, query: &FactsQuery) -> Result<LookedUp, ResolveError> {
        let refresh = async {
            match &self.directory {
                Some(directory) => directory.refresh(&self.pace, self.clock.now()).await,
                None => Ok(()),
            }
        };
        let lists = async {
            let _one_fetch_at_a_time = self.lists.lock().await;
            futures::try_join!(
                self.ship_vias(query.ship_vias),
                self.job_types(query.job_types),
                self.job_statuses(query.job_statuses),
                self.countries(query.countries),
            )
        };
        let ((ship_vias, job_types, job_statuses, (countries, state_keys)), item_templates, ()) =
            futures::try_join!(lists, self.item_templates(&query.item_templates), refresh)?;
        let mut facts = PaceFacts {
            ship_vias,
            job_types,
            job_statuses,
            item_templates,
            countries,
            state_keys,
            ..PaceFacts::default()
        };
        match &self.directory {
            Some(directory) => {
                directory.answer(query, &mut facts)?;
                Ok(LookedUp {
                    facts,
                    confirmed: false,
                })
            }
            None => Ok(LookedUp {
                facts: self.ask_pace(query, facts).await?,
                confirmed: true,
            }),
        }
    }

    /// `looked_up` with the contacts and customers of `query` asked of Pace directly (what the
    /// directory had is kept: Pace compares e-mails exactly), and what Pace said added to the
    /// directory.
    pub async fn confirm(
        &self,
        query: &FactsQuery,
        looked_up: LookedUp,
    ) -> Result<PaceFacts, ResolveError> {
        if looked_up.confirmed {
            return Ok(looked_up.facts);
        }
        self.ask_pace(query, looked_up.facts).await
    }

    /// `looked_up` with only the contacts of `query` asked of Pace directly (one call): for a
    /// plan whose only miss is a contact to create, its customer known. What Pace said is added
    /// to the directory. Still not confirmed: a plan made from it that rests on a customer miss
    /// must ask [`Resolver::confirm`].
    pub async fn confirm_contacts(
        &self,
        query: &FactsQuery,
        looked_up: LookedUp,
    ) -> Result<LookedUp, ResolveError> {
        if looked_up.confirmed {
            return Ok(looked_up);
        }
        let mut facts = looked_up.facts;
        let (contacts_by_email, contact_customers) =
            lookups::contacts(&self.pace, &query.contact_emails).await?;
        self.cache()
            .remember_customers(&contact_customers, self.clock.now());
        facts.customers.extend(contact_customers);
        add_contacts(&mut facts, contacts_by_email);
        if let Some(directory) = &self.directory {
            directory.learn(&facts, &[])?;
        }
        Ok(LookedUp {
            facts,
            confirmed: false,
        })
    }

    /// Asks Pace for the customers by id, the contacts by e-mail and the customers by e-mail
    /// (three calls at once), adding them to `facts`.
    async fn ask_pace(
        &self,
        query: &FactsQuery,
        mut facts: PaceFacts,
    ) -> Result<PaceFacts, ResolveError> {
        let emails = &query.contact_emails;
        let (known, ask) =
            self.cache()
                .customers(&query.customer_ids, self.clock.now(), &self.lifetimes);
        let ((contacts_by_email, contact_customers), customers) = futures::try_join!(
            lookups::contacts(&self.pace, emails),
            lookups::customers_by_id_or_email(&self.pace, &ask, emails),
        )?;
        let asked: BTreeMap<String, CustomerFact> = customers
            .iter()
            .filter(|c| ask.contains(&c.id))
            .map(|c| (c.id.clone(), directory::customer_fact(c)))
            .collect();
        let now = self.clock.now();
        self.cache().remember_customers(&contact_customers, now);
        self.cache().remember_customers(&asked, now);
        facts.customers.extend(contact_customers);
        facts.customers.extend(known);
        facts.customers.extend(asked);
        let by_email: Vec<_> = customers
            .into_iter()
            .filter(|c| emails.contains(&crate::store::email_key(&c.email)))
            .collect();
        for customer in by_email.iter().filter(|c| c.active) {
            facts
                .customers
                .insert(customer.id.clone(), directory::customer_fact(customer));
            let entry = facts
                .customers_by_email
                .entry(crate::store::email_key(&customer.email))
                .or_default();
            if !entry.contains(&customer.id) {
                entry.push(customer.id.clone());
            }
        }
        add_contacts(&mut facts, contacts_by_email);
        if let Some(directory) = &self.directory {
            directory.learn(&facts, &by_email)?;
        }
        Ok(facts)
    }

    /// Teaches the local directory what `plan` just created in Pace (its new customer and
    /// contacts, `keys` by step reference), so the next order needing them finds them without
    /// asking Pace. Nothing without a directory.
    pub fn learn_created(
        &self,
        plan: &crate::plan::OrderPlan,
        keys: &BTreeMap<String, String>,
    ) -> Result<(), ResolveError> {
        match &self.directory {
            Some(directory) => directory.learn_created(plan, keys),
            None => Ok(()),
        }
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

    /// Pace's countries and State keys (two calls, cached like the other lists).
    async fn countries(
        &self,
        wanted: bool,
    ) -> Result<(Vec<CountryFact>, BTreeSet<String>), ResolveError> {
        if !wanted {
            return Ok((Vec::new(), BTreeSet::new()));
        }
        if let Some(cached) = self.cache().countries(self.clock.now(), &self.lifetimes) {
            return Ok(cached);
        }
        let found = futures::try_join!(
            lookups::countries(&self.pace),
            lookups::state_keys(&self.pace)
        )?;
        self.cache()
            .remember_countries(found.clone(), self.clock.now());
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

/// Adds the contacts Pace found by e-mail to `facts` (those already there, by id, once).
fn add_contacts(facts: &mut PaceFacts, found_by_email: BTreeMap<String, Vec<ContactFact>>) {
    for (email, found) in found_by_email {
        let known = facts.contacts_by_email.entry(email).or_default();
        for contact in found {
            if !known.iter().any(|k| k.id == contact.id) {
                known.push(contact);
            }
        }
    }
}
