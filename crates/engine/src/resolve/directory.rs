//! The resolver's side of the local directory of Pace contacts and customers
//! (`store/directory.rs`): when to load it, and how it answers an order's questions.
//!
//! - **Loaded whole** with `loadValueObjects` in pages when it was never loaded and then every
//!   [`FULL_EVERY`] (a changed e-mail, a deactivated contact, a renamed customer are seen then).
//! - **Refreshed** at most every [`REFRESH_EVERY`] while orders are synced, with what is new:
//!   contacts with an id above the highest known (`@id > n`: ids rise, reference §4.1), customers
//!   set up since the day before the last refresh (`@dateSetup`). The reference confirms no
//!   "changed since" field on Contact or Customer, so changes wait for the next full load.
//! - **Answers** by e-mail compared without case (Pace's XPath compares exactly and has no
//!   `lower-case()`, §4.2), so staff's `Jane.Doe@Acme-Corp.com` is found for the buyer
//!   `jane.doe@acme-corp.com`; and without a Pace call, so most orders of known buyers make no
//!   look-up for their customer and contacts.
//! - **A miss is confirmed**: the resolver asks Pace directly before anything is created or an
//!   order is stopped (`Resolver::confirm`), and what Pace says is added here.
//! - **What an order created is learnt at once** (`Resolver::learn_created`): its new customer
//!   and contacts, with the keys Pace gave them, so the next order shipping to the same new
//!   person plans from here without asking Pace again.
//! - The refresh asks for contacts above the highest id a *load or refresh* saw (a service
//!   value), not above the highest in the directory: a contact learnt from a confirm or a
//!   creation may have a higher id than others made meanwhile in Pace, which must still come.

use super::error::ResolveError;
use super::lookups;
use crate::plan::{
    ContactFact, CustomerFact, FactsQuery, FieldValue, OrderPlan, PaceFacts, PaceObject, PlanStep,
    StepAction, fields,
};
use crate::store::{DirectoryContact, DirectoryCustomer, Store, StoreError, email_key};
use chrono::{DateTime, Utc};
use pace::PaceClient;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the directory is loaded whole.
pub const FULL_EVERY: Duration = Duration::from_secs(24 * 3600);
/// How often, at most, new contacts and customers are asked for while orders are synced.
pub const REFRESH_EVERY: Duration = Duration::from_secs(60);

/// When the directory was last loaded whole (a service value).
const LOADED_AT: &str = "directory.loaded_at";
/// The day from which customers set up are asked for at the next refresh (a service value).
const CUSTOMERS_SINCE: &str = "directory.customers_since";
/// The highest contact id a load or refresh of the directory saw (a service value).
const CONTACTS_SEEN_UP_TO: &str = "directory.contacts_seen_up_to";

/// The directory in the sync database, and when it was last refreshed by this process.
#[derive(Debug, Clone)]
pub struct Directory {
    store: Store,
    refreshed_at: Arc<tokio::sync::Mutex<Option<Instant>>>,
}

fn store_error(error: StoreError) -> ResolveError {
    ResolveError::Directory(Box::new(error))
}

impl Directory {
    /// The directory kept in `store`.
    pub fn new(store: Store) -> Self {
        Directory {
            store,
            refreshed_at: Arc::default(),
        }
    }

    /// Loads the directory whole when due, else asks for what is new when due (at most one
    /// caller at a time; the others wait and find it fresh).
    pub(super) async fn refresh(
        &self,
        pace: &PaceClient,
        now: Instant,
    ) -> Result<(), ResolveError> {
        let mut refreshed_at = self.refreshed_at.lock().await;
        let wall_now = Utc::now();
        let loaded_at = self
            .store
            .setting_value(LOADED_AT)
            .map_err(store_error)?
            .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
            .map(|at| at.with_timezone(&Utc));
        let full_due =
            loaded_at.is_none_or(|at| (wall_now - at).to_std().unwrap_or_default() >= FULL_EVERY);
        if full_due {
            let (contacts, customers) = futures::try_join!(
                lookups::directory_contacts(pace, None),
                lookups::directory_customers(pace, None),
            )?;
            self.store
                .directory_replace(&contacts, &customers)
                .map_err(store_error)?;
            self.set_contacts_seen_up_to(&contacts, None)?;
            self.store
                .set_setting_value(LOADED_AT, &wall_now.to_rfc3339())
                .map_err(store_error)?;
        } else if refreshed_at.is_none_or(|at| now.saturating_duration_since(at) >= REFRESH_EVERY) {
            let highest = match self
                .store
                .setting_value(CONTACTS_SEEN_UP_TO)
                .map_err(store_error)?
                .and_then(|text| text.parse::<i64>().ok())
            {
                Some(seen) => Some(seen),
                None => self
                    .store
                    .directory_highest_contact_id()
                    .map_err(store_error)?,
            };
            let since = self
                .store
                .setting_value(CUSTOMERS_SINCE)
                .map_err(store_error)?
                .and_then(|text| text.parse().ok());
            let (contacts, customers) = futures::try_join!(
                lookups::directory_contacts(pace, Some(highest.unwrap_or(0))),
                lookups::directory_customers(pace, since),
            )?;
            self.store
                .directory_merge(&contacts, &customers)
                .map_err(store_error)?;
            self.set_contacts_seen_up_to(&contacts, highest)?;
        } else {
            return Ok(());
        }
        // The day before, so a customer set up late on the last refresh's day is not missed.
        let since = (wall_now - chrono::Duration::days(1)).date_naive();
        self.store
            .set_setting_value(CUSTOMERS_SINCE, &since.to_string())
            .map_err(store_error)?;
        *refreshed_at = Some(now);
        Ok(())
    }

    /// Fills in what the directory knows for `query`: the active contacts with the asked
    /// e-mails, the active customers whose own e-mail is one of them, and the customers asked
    /// for or met there. No Pace call.
    pub(super) fn answer(
        &self,
        query: &FactsQuery,
        facts: &mut PaceFacts,
    ) -> Result<(), ResolveError> {
        let emails = &query.contact_emails;
        let contacts = self
            .store
            .directory_contacts_with_emails(emails)
            .map_err(store_error)?;
        let by_email = self
            .store
            .directory_customers_with_emails(emails)
            .map_err(store_error)?;
        let mut ids: BTreeSet<String> = query.customer_ids.clone();
        for contact in contacts.iter().filter(|c| c.active) {
            ids.insert(contact.customer.clone());
            facts
                .contacts_by_email
                .entry(email_key(&contact.email))
                .or_default()
                .push(contact_fact(contact));
        }
        for customer in by_email.iter().filter(|c| c.active) {
            ids.insert(customer.id.clone());
            let entry = facts
                .customers_by_email
                .entry(email_key(&customer.email))
                .or_default();
            if !entry.contains(&customer.id) {
                entry.push(customer.id.clone());
            }
        }
        for customer in self
            .store
            .directory_customers_by_id(&ids)
            .map_err(store_error)?
        {
            facts
                .customers
                .insert(customer.id.clone(), customer_fact(&customer));
        }
        Ok(())
    }

    /// Records the highest contact id a load or refresh saw: the most of `contacts`' ids and
    /// `before`.
    fn set_contacts_seen_up_to(
        &self,
        contacts: &[DirectoryContact],
        before: Option<i64>,
    ) -> Result<(), ResolveError> {
        let seen = contacts.iter().map(|c| c.id).chain(before).max();
        match seen {
            Some(seen) => self
                .store
                .set_setting_value(CONTACTS_SEEN_UP_TO, &seen.to_string())
                .map_err(store_error),
            None => Ok(()),
        }
    }

    /// Adds what `plan` created in Pace, with the keys Pace gave (`keys`, by step reference): its
    /// new customer and its new contacts. A step without a key (not written) is left out.
    pub(super) fn learn_created(
        &self,
        plan: &OrderPlan,
        keys: &BTreeMap<String, String>,
    ) -> Result<(), ResolveError> {
        let created = |object: PaceObject| {
            plan.steps
                .iter()
                .filter(move |step| step.object == object && step.action == StepAction::Create)
        };
        let text = |step: &PlanStep, name: &str| -> String {
            match step.field(name) {
                Some(FieldValue::Text(text)) => text.trim().to_owned(),
                Some(FieldValue::KeyOf(reference)) => {
                    keys.get(reference).cloned().unwrap_or_default()
                }
                Some(FieldValue::Int(number)) => number.to_string(),
                _ => String::new(),
            }
        };
        let customers: Vec<DirectoryCustomer> = created(PaceObject::Customer)
            .filter_map(|step| {
                Some(DirectoryCustomer {
                    id: keys.get(&step.reference)?.clone(),
                    name: text(step, fields::customer::CUST_NAME),
                    email: text(step, fields::customer::EMAIL),
                    active: true,
                })
            })
            .collect();
        let contacts: Vec<DirectoryContact> = created(PaceObject::Contact)
            .filter_map(|step| {
                let id = keys.get(&step.reference)?.trim().parse::<i64>().ok()?;
                Some(DirectoryContact {
                    id,
                    email: text(step, fields::contact::EMAIL),
                    customer: text(step, fields::contact::CUSTOMER),
                    active: true,
                    first_name: text(step, fields::contact::FIRST_NAME),
                    last_name: text(step, fields::contact::LAST_NAME),
                    address1: text(step, fields::address::ADDRESS1),
                    address2: text(step, fields::address::ADDRESS2),
                    address3: text(step, fields::address::ADDRESS3),
                    city: text(step, fields::address::CITY),
                    state: text(step, fields::address::STATE),
                    zip: text(step, fields::address::ZIP),
                    phone: text(step, fields::contact::BUSINESS_PHONE_NUMBER),
                })
            })
            .filter(|contact| !contact.customer.is_empty())
            .collect();
        if customers.is_empty() && contacts.is_empty() {
            return Ok(());
        }
        self.store
            .directory_merge(&contacts, &customers)
            .map_err(store_error)
    }

    /// Adds what a direct Pace query found (the active contacts with the asked e-mails, and
    /// the customers by e-mail).
    pub(super) fn learn(
        &self,
        facts: &PaceFacts,
        customers: &[DirectoryCustomer],
    ) -> Result<(), ResolveError> {
        let contacts: Vec<DirectoryContact> = facts
            .contacts_by_email
            .values()
            .flatten()
            .map(|c| DirectoryContact {
                id: c.id,
                email: c.email.clone(),
                customer: c.customer.clone(),
                active: true,
                first_name: c.first_name.clone(),
                last_name: c.last_name.clone(),
                address1: c.address1.clone(),
                address2: c.address2.clone(),
                address3: c.address3.clone(),
                city: c.city.clone(),
                state: c.state.clone(),
                zip: c.zip.clone(),
                phone: c.phone.clone(),
            })
            .collect();
        self.store
            .directory_merge(&contacts, customers)
            .map_err(store_error)
    }
}

fn contact_fact(contact: &DirectoryContact) -> ContactFact {
    ContactFact {
        id: contact.id,
        customer: contact.customer.clone(),
        first_name: contact.first_name.clone(),
        last_name: contact.last_name.clone(),
        email: contact.email.clone(),
        address1: contact.address1.clone(),
        address2: contact.address2.clone(),
        address3: contact.address3.clone(),
        city: contact.city.clone(),
        state: contact.state.clone(),
        zip: contact.zip.clone(),
        phone: contact.phone.clone(),
    }
}

pub(super) fn customer_fact(customer: &DirectoryCustomer) -> CustomerFact {
    CustomerFact {
        name: customer.name.clone(),
        active: customer.active,
    }
}
