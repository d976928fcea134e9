//! Why an order cannot be planned: each error names the order, what is wrong and how to fix it.

use crate::settings::SettingsProblem;
use serde::{Deserialize, Serialize};

/// An order that cannot be planned until a person fixes something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum PlanError {
    /// The settings have problems.
    #[error(
        "order {order}: the settings cannot be used: {}. Fix them in Settings.",
        list(problems)
    )]
    Settings {
        /// Order number.
        order: u64,
        /// The problems.
        problems: Vec<SettingsProblem>,
    },
    /// WaitForApprove is on and items still wait for approval.
    #[error(
        "order {order}: {pending} item(s) still wait for approval (WaitForApprove is on). Approve or deny them in Pressero; the order is sent, with its approved items, once every item is decided."
    )]
    AwaitingApproval {
        /// Order number.
        order: u64,
        /// Items waiting.
        pending: usize,
    },
    /// No customer id, no contact with the user's e-mail, and Create Customer is off.
    #[error(
        "order {order}: the Pace customer could not be identified: site \"{site}\" has no valid Integration ID, there is no valid Default MisID, no Pace contact has the e-mail \"{email}\", and Create Customer is off. Set the site's Integration ID, add the contact in Pace, or turn Create Customer on."
    )]
    CustomerNotIdentified {
        /// Order number.
        order: u64,
        /// The site.
        site: String,
        /// The ordering user's e-mail.
        email: String,
    },
    /// Contacts with the user's e-mail belong to different customers.
    #[error("order {order}: the Pace customer could not be identified: contacts with the e-mail \"{email}\" belong to several customers ({}). Keep the e-mail on one customer's contacts in Pace, or set the site's Integration ID.", customers.join(", "))]
    ContactsOfSeveralCustomers {
        /// Order number.
        order: u64,
        /// The ordering user's e-mail.
        email: String,
        /// The customers.
        customers: Vec<String>,
    },
    /// A ship-to contact is not in Pace, and neither Create Customer nor "create missing
    /// contacts" is on.
    #[error(
        "order {order}: customer {customer} has no Pace contact for the ship-to {location}. Add the contact in Pace, turn Create Customer on, or set \"when contact missing\" to create."
    )]
    ContactNotFound {
        /// Order number.
        order: u64,
        /// Customer id.
        customer: String,
        /// The ship-to (e-mail and address).
        location: String,
    },
    /// All candidate ids for a new customer are taken.
    #[error("order {order}: no free Pace customer id for new customer \"{name}\" (tried {}). Create the customer in Pace and set the site's Integration ID.", tried.join(", "))]
    NoFreeCustomerId {
        /// Order number.
        order: u64,
        /// The new customer's name.
        name: String,
        /// The ids tried.
        tried: Vec<String>,
    },
    /// The Accounts rules exist but none matches a shipment.
    #[error(
        "order {order}: no Accounts rule matches the shipment to {ship_to} by \"{method}\". Add a rule that covers it (e.g. a DefaultMapping without source_site) in mapping.accounts."
    )]
    NoAccountRule {
        /// Order number.
        order: u64,
        /// The ship-to address.
        ship_to: String,
        /// The Pressero shipping method.
        method: String,
    },
    /// A ship-to's country is not one of Pace's countries (by ISO code or name).
    #[error(
        "order {order}: item {item}'s ship-to country \"{country}\" is not a country in Pace (compared with each Pace Country's ISO code and name). Correct the item's ship-to country in Pressero (an ISO code such as CA, or the country's name), or add the country in Pace, then push the order."
    )]
    UnknownCountry {
        /// Order number.
        order: u64,
        /// The Pressero item number.
        item: u32,
        /// The country as Pressero gave it.
        country: String,
    },
    /// An Accounts rule names a ship via Pace does not have.
    #[error(
        "order {order}: Accounts rule mapping.accounts[{rule}] gives ship via {ship_via}, which Pace does not have (or is inactive). Fix the rule's ship_via."
    )]
    UnknownShipVia {
        /// Order number.
        order: u64,
        /// Rule position.
        rule: usize,
        /// The ship via id.
        ship_via: i64,
    },
    /// The site rule's adminStatus is not a Pace job status.
    #[error(
        "order {order}: the Site Mapping rule for \"{site}\" sets adminStatus \"{status}\", which is not a Pace job status. Fix adminStatus in mapping.site_mapping (or add a DefaultSiteConfiguration rule)."
    )]
    UnknownAdminStatus {
        /// Order number.
        order: u64,
        /// The site.
        site: String,
        /// The status.
        status: String,
    },
    /// A job type that Pace does not have.
    #[error(
        "order {order}: job type {job_type} ({source_of}) is not a Pace job type. Fix it, or add the job type in Pace."
    )]
    UnknownJobType {
        /// Order number.
        order: u64,
        /// The job type.
        job_type: i64,
        /// Where it came from (setting or product attribute).
        source_of: String,
    },
    /// A product's JobType attribute is not a number.
    #[error(
        "order {order}: item {item}'s product attribute JobType is \"{value}\", not a Pace job type number. Fix the product's JobType attribute in Pressero."
    )]
    BadJobTypeAttribute {
        /// Order number.
        order: u64,
        /// Item number.
        item: u32,
        /// The attribute value.
        value: String,
    },
    /// A product's Integration ID is not a Pace item template.
    #[error(
        "order {order}: item {item}'s product Integration ID \"{code}\" is not a Pace item template. Fix the product's Integration ID in Pressero, or add the template in Pace."
    )]
    UnknownItemTemplate {
        /// Order number.
        order: u64,
        /// Item number.
        item: u32,
        /// The code.
        code: String,
    },
    /// The order itself has a value the plan cannot use.
    #[error("order {order}: {field} {problem}")]
    BadOrder {
        /// Order number.
        order: u64,
        /// The order field.
        field: String,
        /// What is wrong and what to do.
        problem: String,
    },
}

fn list(problems: &[SettingsProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
