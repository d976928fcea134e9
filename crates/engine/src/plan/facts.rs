//! What the planner needs to know from Pace, looked up beforehand by the service's resolver
//! ([`PaceFacts`]), and the pure list of what to look up for one order ([`facts_needed`]).

use super::customer::new_customer_id_candidates;
use super::items::select_items;
use crate::settings::Settings;
use pressero::order::Order;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A Pace customer as the planner needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFact {
    /// `custName`.
    pub name: String,
    /// Whether the customer is active (`customerStatus` open).
    pub active: bool,
}

/// A Pace contact found by e-mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFact {
    /// Contact `id`.
    pub id: i64,
    /// The customer the contact belongs to.
    pub customer: String,
    /// `firstName`.
    pub first_name: String,
    /// `lastName`.
    pub last_name: String,
    /// `email`.
    pub email: String,
    /// `address1`.
    pub address1: String,
    /// `address2`.
    pub address2: String,
    /// `address3`.
    pub address3: String,
    /// `city`.
    pub city: String,
    /// `state`.
    pub state: String,
    /// `zip`.
    pub zip: String,
    /// The contact's phone (`businessPhoneNumber`, else `mobilePhoneNumber`).
    pub phone: String,
}

/// A Pace ship via.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipViaFact {
    /// `id`.
    pub id: i64,
    /// `description`: the name shops see, compared with Pressero's shipping method.
    pub description: String,
    /// `active`.
    pub active: bool,
}

/// A Pace country (reference §4.1: `id` is an int, `1` = US).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryFact {
    /// `id`.
    pub id: i64,
    /// `name`, e.g. `Canada`.
    pub name: String,
    /// The ISO code, e.g. `CA`.
    pub iso_code: String,
}

/// Everything the planner needs from Pace, looked up before planning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaceFacts {
    /// Customers by id: those asked for in [`FactsQuery::customer_ids`] that exist, and the
    /// customers of the contacts found. A candidate new-customer id present here is taken.
    pub customers: BTreeMap<String, CustomerFact>,
    /// Contacts by e-mail address (lower-cased key), for each address in
    /// [`FactsQuery::contact_emails`]; addresses with no contact may be left out.
    pub contacts_by_email: BTreeMap<String, Vec<ContactFact>>,
    /// The active customers whose own `email` is an address of
    /// [`FactsQuery::contact_emails`], by lower-cased address (first document: "searches all
    /// customers by Email"); their facts are in [`PaceFacts::customers`].
    #[serde(default)]
    pub customers_by_email: BTreeMap<String, Vec<String>>,
    /// Every ship via of Pace.
    pub ship_vias: Vec<ShipViaFact>,
    /// Every job type id of Pace.
    pub job_types: BTreeSet<i64>,
    /// Every job status id of Pace (`O`, `C`, …).
    pub job_statuses: BTreeSet<String>,
    /// The item template codes of [`FactsQuery::item_templates`] that exist in Pace.
    pub item_templates: BTreeSet<String>,
    /// Every country of Pace, when [`FactsQuery::countries`] asked.
    #[serde(default)]
    pub countries: Vec<CountryFact>,
    /// Every State key of Pace (`country:code`, e.g. `2:ON`), when [`FactsQuery::countries`]
    /// asked: a ship-to's state key is sent only when Pace has it.
    #[serde(default)]
    pub state_keys: BTreeSet<String>,
}

impl PaceFacts {
    /// The contacts with this e-mail address (compared without regard to case).
    pub fn contacts_with_email(&self, email: &str) -> &[ContactFact] {
        self.contacts_by_email
            .get(&email.trim().to_lowercase())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

impl PaceFacts {
    /// The ids of the customers whose own e-mail is this address (compared without case).
    pub fn customers_with_email(&self, email: &str) -> &[String] {
        self.customers_by_email
            .get(&email.trim().to_lowercase())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// What to look up in Pace for one order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactsQuery {
    /// Customer ids to read: the site's Integration ID, the Default MisID, and (when Create
    /// Customer is on) the candidate ids for a new customer. The resolver also reads the customer of every contact it finds.
    pub customer_ids: BTreeSet<String>,
    /// E-mail addresses (lower-cased) whose contacts to find: the ordering user's and each
    /// ship-to address's.
    pub contact_emails: BTreeSet<String>,
    /// Item template codes to check.
    pub item_templates: BTreeSet<String>,
    /// Whether the ship via list is needed (the Accounts rules are not empty).
    pub ship_vias: bool,
    /// Whether the job type list is needed (always, to check job types).
    pub job_types: bool,
    /// Whether the job status list is needed (always, to check the site rule's status).
    pub job_statuses: bool,
    /// Whether the country and state lists are needed (some ship-to names a country).
    #[serde(default)]
    pub countries: bool,
}

/// Lists exactly what [`super::plan`] will look at in Pace for this order. Pure. Nothing for an
/// order of a storefront not switched on: it is skipped without asking Pace anything.
pub fn facts_needed(order: &Order, settings: &Settings) -> FactsQuery {
    if !settings.storefronts.syncs(&order.site.site_name) {
        return FactsQuery::default();
    }
    let order = &super::pickup::with_ship_to_filled(order);
    let selection = select_items(order, settings.jobs.wait_for_approve);
    let mut query = FactsQuery {
        job_types: true,
        job_statuses: true,
        ship_vias: !settings.mapping.accounts.trim().is_empty(),
        ..FactsQuery::default()
    };
    for id in [
        &order.site.integration_id,
        &settings.customers.default_mis_id,
    ] {
        if !id.trim().is_empty() {
            query.customer_ids.insert(id.trim().to_owned());
        }
    }
    if settings.customers.create_customer {
        query.customer_ids.extend(new_customer_id_candidates(order));
    }
    let emails = std::iter::once(&order.ordered_by.email)
        .chain(selection.items.iter().map(|item| &item.ship_to.email));
    for email in emails {
        if !email.trim().is_empty() {
            query.contact_emails.insert(email.trim().to_lowercase());
        }
    }
    query.countries = selection
        .items
        .iter()
        .any(|item| !item.ship_to.country.trim().is_empty());
    for item in &selection.items {
        if !item.product_integration_id.trim().is_empty() {
            query
                .item_templates
                .insert(item.product_integration_id.trim().to_owned());
        }
    }
    query
}
