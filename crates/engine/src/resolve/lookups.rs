//! The Pace queries behind each kind of fact: one call per kind of question (all ids or
//! e-mails in one `or` filter, built with [`pace::Filter`] so quotes and non-ASCII are safe),
//! `loadValueObjects` with just the fields needed instead of `find` plus one read per key.
//!
//! Every field path here is one `shared/reference/pace-api.md` confirms (§4.2–§4.10, §5.1); a
//! path Pace does not know faults the whole question (`Unknown field 'x' on object 'Y'`), which
//! `doctor` runs once against the live Pace before the first order.

use super::error::ResolveError;
use crate::plan::{
    ContactFact, CountryFact, CustomerFact, ShipViaFact, item_job_reference_prefix, job_reference,
    order_of_job_reference,
};
use crate::store::{DirectoryContact, DirectoryCustomer};
use pace::{Filter, PaceClient, Sort, ValueObject, ValueObjectDescriptor};
use std::collections::{BTreeMap, BTreeSet};

/// Rows asked for per `loadValueObjects` page (S1's page; more pages are read when full).
const PAGE: u32 = 1000;

/// Whether a customer's status is an active one: reference §4.2 [C], public Pace integration
/// code filters active customers with `customerStatus/@customerActive = "true"` (the flag of the
/// `CustomerStatus` row is `customerActive`, not `active`). A missing value (no status) counts as
/// active.
pub(crate) const CUSTOMER_ACTIVE: &str = "customerStatus/@customerActive";

/// The same flag, read from a contact's customer.
pub(crate) const CONTACT_CUSTOMER_ACTIVE: &str = "customer/customerStatus/@customerActive";

/// Every row of `object_type` matching `filter`, with `fields` (`(name, path)`), sorted by
/// `key` so pages do not overlap.
async fn load_all(
    pace: &PaceClient,
    question: &'static str,
    object_type: &str,
    filter: Filter,
    key: &str,
    fields: &[(&str, &str)],
) -> Result<Vec<ValueObject>, ResolveError> {
    let mut descriptor = ValueObjectDescriptor::new(object_type, filter)
        .sort(Sort::ascending(key))
        .limit(PAGE);
    for (name, path) in fields {
        descriptor = descriptor.field(name, path);
    }
    let mut rows = Vec::new();
    loop {
        let offset = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let page = pace
            .load_value_objects(&descriptor.clone().offset(offset))
            .await
            .map_err(ResolveError::pace(question))?;
        let full = page.len() >= PAGE as usize;
        rows.extend(page);
        if !full {
            return Ok(rows);
        }
    }
}

/// `@field = v1 or @field = v2 …`; `None` when there are no values.
fn any_of<'a>(field: &str, values: impl IntoIterator<Item = &'a String>) -> Option<Filter> {
    let filters: Vec<Filter> = values
        .into_iter()
        .map(|value| Filter::eq(field, value.as_str()))
        .collect();
    (!filters.is_empty()).then(|| Filter::any(filters))
}

/// Every row: the "match everything" idiom of the reference (§5.2, `@id = 1 or @id != 1`).
fn every_row(key: &str, sample: impl Into<pace::xpath::Literal> + Clone) -> Filter {
    Filter::eq(key, sample.clone()).or(Filter::ne(key, sample))
}

/// A contact's phone: its business phone, else its mobile (Contact has no plain `phone`,
/// reference §4.3).
fn contact_phone(row: &ValueObject) -> String {
    let business = text(row, "businessPhoneNumber");
    if business.is_empty() {
        text(row, "mobilePhoneNumber")
    } else {
        business
    }
}

/// A flag that is on unless Pace says `false` (nil counts as on).
fn flag_on(row: &ValueObject, name: &str) -> bool {
    row.get(name)
        .is_none_or(|value| !value.trim().eq_ignore_ascii_case("false"))
}

fn text(row: &ValueObject, name: &str) -> String {
    row.get(name).unwrap_or_default().trim().to_owned()
}

/// The row's primary key as a whole number.
fn int_key(
    row: &ValueObject,
    question: &'static str,
    object_type: &'static str,
) -> Result<i64, ResolveError> {
    row.primary_key
        .trim()
        .parse()
        .map_err(|_| ResolveError::UnexpectedValue {
            question,
            object_type,
            key: row.primary_key.clone(),
            field: "id",
            value: Some(row.primary_key.clone()),
            expected: "a whole number",
        })
}

/// Active contacts with these e-mail addresses, by lower-cased address, and their customers.
pub(super) async fn contacts(
    pace: &PaceClient,
    emails: &BTreeSet<String>,
) -> Result<
    (
        BTreeMap<String, Vec<ContactFact>>,
        BTreeMap<String, CustomerFact>,
    ),
    ResolveError,
> {
    const QUESTION: &str = "contacts by e-mail";
    let Some(filter) = any_of("@email", emails) else {
        return Ok(Default::default());
    };
    let rows = load_all(
        pace,
        QUESTION,
        "Contact",
        filter,
        "@id",
        &[
            ("customer", "@customer"),
            ("firstName", "@firstName"),
            ("lastName", "@lastName"),
            ("email", "@email"),
            ("address1", "@address1"),
            ("address2", "@address2"),
            ("address3", "@address3"),
            ("city", "@city"),
            ("state", "@state"),
            ("zip", "@zip"),
            ("businessPhoneNumber", "@businessPhoneNumber"),
            ("mobilePhoneNumber", "@mobilePhoneNumber"),
            ("active", "@active"),
            ("customerName", "customer/@custName"),
            ("customerActive", CONTACT_CUSTOMER_ACTIVE),
        ],
    )
    .await?;
    let mut by_email: BTreeMap<String, Vec<ContactFact>> = BTreeMap::new();
    let mut customers = BTreeMap::new();
    for row in rows.iter().filter(|row| flag_on(row, "active")) {
        let customer = text(row, "customer");
        if customer.is_empty() {
            return Err(ResolveError::UnexpectedValue {
                question: QUESTION,
                object_type: "Contact",
                key: row.primary_key.clone(),
                field: "customer",
                value: None,
                expected: "a customer id",
            });
        }
        let contact = ContactFact {
            id: int_key(row, QUESTION, "Contact")?,
            customer: customer.clone(),
            first_name: text(row, "firstName"),
            last_name: text(row, "lastName"),
            email: text(row, "email"),
            address1: text(row, "address1"),
            address2: text(row, "address2"),
            address3: text(row, "address3"),
            city: text(row, "city"),
            state: text(row, "state"),
            zip: text(row, "zip"),
            phone: contact_phone(row),
        };
        customers.insert(
            customer,
            CustomerFact {
                name: text(row, "customerName"),
                active: flag_on(row, "customerActive"),
            },
        );
        by_email
            .entry(contact.email.to_lowercase())
            .or_default()
            .push(contact);
    }
    Ok((by_email, customers))
}

/// Every ship via, active or not.
pub(super) async fn ship_vias(pace: &PaceClient) -> Result<Vec<ShipViaFact>, ResolveError> {
    const QUESTION: &str = "ship vias";
    let rows = load_all(
        pace,
        QUESTION,
        "ShipVia",
        every_row("@id", 1),
        "@id",
        &[("description", "@description"), ("active", "@active")],
    )
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ShipViaFact {
                id: int_key(row, QUESTION, "ShipVia")?,
                description: text(row, "description"),
                active: flag_on(row, "active"),
            })
        })
        .collect()
}

/// The ids of the active job types.
pub(super) async fn job_types(pace: &PaceClient) -> Result<BTreeSet<i64>, ResolveError> {
    const QUESTION: &str = "job types";
    let rows = load_all(
        pace,
        QUESTION,
        "JobType",
        every_row("@id", 1),
        "@id",
        &[("active", "@active")],
    )
    .await?;
    rows.iter()
        .filter(|row| flag_on(row, "active"))
        .map(|row| int_key(row, QUESTION, "JobType"))
        .collect()
}

/// The ids of every job status.
pub(super) async fn job_statuses(pace: &PaceClient) -> Result<BTreeSet<String>, ResolveError> {
    every_key(pace, "job statuses", "JobStatus", every_row("@id", "O")).await
}

/// Every key of `object_type` (one `find`: only the keys are needed), trimmed.
async fn every_key(
    pace: &PaceClient,
    question: &'static str,
    object_type: &str,
    every: Filter,
) -> Result<BTreeSet<String>, ResolveError> {
    let keys = pace
        .find(object_type, &every)
        .await
        .map_err(ResolveError::pace(question))?;
    Ok(keys.into_iter().map(|k| k.trim().to_owned()).collect())
}

/// The codes among `codes` that are active item templates.
pub(super) async fn item_templates(
    pace: &PaceClient,
    codes: &BTreeSet<String>,
) -> Result<BTreeSet<String>, ResolveError> {
    let Some(filter) = any_of("@code", codes) else {
        return Ok(BTreeSet::new());
    };
    let rows = load_all(
        pace,
        "item templates",
        "ItemTemplate",
        filter,
        "@code",
        &[("active", "@active")],
    )
    .await?;
    Ok(rows
        .iter()
        .filter(|row| flag_on(row, "active"))
        .map(|row| row.primary_key.trim().to_owned())
        .collect())
}

/// Pace's Country field holding the ISO code. **Guess**: the reference (§4.1) confirms only
/// that Country's `id` is an int (`1` = US); `name` and `isoCountry` are inferred. `doctor`
/// runs this question once against the live Pace, which faults on a name it does not know.
pub(crate) const COUNTRY_ISO_CODE: &str = "@isoCountry";

/// Every country of Pace, with its name and ISO code.
pub(super) async fn countries(pace: &PaceClient) -> Result<Vec<CountryFact>, ResolveError> {
    const QUESTION: &str = "countries";
    let rows = load_all(
        pace,
        QUESTION,
        "Country",
        every_row("@id", 1),
        "@id",
        &[("name", "@name"), ("iso", COUNTRY_ISO_CODE)],
    )
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CountryFact {
                id: int_key(row, QUESTION, "Country")?,
                name: text(row, "name"),
                iso_code: text(row, "iso"),
            })
        })
        .collect()
}

/// Every State key of Pace (`country:code`, reference §4.1).
pub(super) async fn state_keys(pace: &PaceClient) -> Result<BTreeSet<String>, ResolveError> {
    every_key(pace, "states", "State", every_row("@stateKey", "1:NY")).await
}

/// The Pace jobs of `orders` (each an order number and its items' `MisId`s in Pressero), by
/// order number: the jobs whose `reference` names the order (its one job, or its item jobs), and
/// the jobs whose number an item's `MisId` holds. One call for all (`find` is not enough: the
/// reference says which order a job is for). Orders with no job are left out.
pub(super) async fn jobs_of_orders(
    pace: &PaceClient,
    orders: &[(u64, BTreeSet<String>)],
) -> Result<BTreeMap<u64, BTreeSet<String>>, ResolveError> {
    let mut filters = Vec::new();
    for (order, mis_ids) in orders {
        filters.push(Filter::eq("@reference", job_reference(*order).as_str()));
        filters.push(Filter::starts_with(
            "@reference",
            &item_job_reference_prefix(*order),
        ));
        filters.extend(mis_ids.iter().map(|job| Filter::eq("@job", job.as_str())));
    }
    if filters.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows = load_all(
        pace,
        "jobs of orders already in Pace",
        "Job",
        Filter::any(filters),
        "@job",
        &[("reference", "@reference")],
    )
    .await?;
    let mut found: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for row in &rows {
        let job = row.primary_key.trim().to_owned();
        let by_reference = order_of_job_reference(&text(row, "reference"));
        for (order, mis_ids) in orders {
            if by_reference == Some(*order) || mis_ids.contains(&job) {
                found.entry(*order).or_default().insert(job.clone());
            }
        }
    }
    Ok(found)
}

/// The fields of a contact the directory keeps.
const DIRECTORY_CONTACT_FIELDS: &[(&str, &str)] = &[
    ("customer", "@customer"),
    ("email", "@email"),
    ("active", "@active"),
    ("firstName", "@firstName"),
    ("lastName", "@lastName"),
    ("address1", "@address1"),
    ("address2", "@address2"),
    ("address3", "@address3"),
    ("city", "@city"),
    ("state", "@state"),
    ("zip", "@zip"),
    ("businessPhoneNumber", "@businessPhoneNumber"),
    ("mobilePhoneNumber", "@mobilePhoneNumber"),
];

/// Contacts for the directory: every one (`newer_than: None`) or those with an id above it
/// (contact ids are whole numbers Pace hands out in rising order, reference §4.1). Contacts of
/// no customer are left out: they identify nobody.
pub(super) async fn directory_contacts(
    pace: &PaceClient,
    newer_than: Option<i64>,
) -> Result<Vec<DirectoryContact>, ResolveError> {
    const QUESTION: &str = "contacts for the local directory";
    let filter = match newer_than {
        Some(id) => Filter::gt("@id", id),
        None => every_row("@id", 1),
    };
    let rows = load_all(
        pace,
        QUESTION,
        "Contact",
        filter,
        "@id",
        DIRECTORY_CONTACT_FIELDS,
    )
    .await?;
    let mut contacts = Vec::new();
    for row in rows.iter().filter(|row| !text(row, "customer").is_empty()) {
        contacts.push(DirectoryContact {
            id: int_key(row, QUESTION, "Contact")?,
            email: text(row, "email"),
            customer: text(row, "customer"),
            active: flag_on(row, "active"),
            first_name: text(row, "firstName"),
            last_name: text(row, "lastName"),
            address1: text(row, "address1"),
            address2: text(row, "address2"),
            address3: text(row, "address3"),
            city: text(row, "city"),
            state: text(row, "state"),
            zip: text(row, "zip"),
            phone: contact_phone(row),
        });
    }
    Ok(contacts)
}

/// Customers for the directory: every one (`set_up_since: None`), or those set up on or after
/// that day (`dateSetup`, reference §4.2: the only confirmed date on a customer; a customer
/// changed later is seen at the next full load).
pub(super) async fn directory_customers(
    pace: &PaceClient,
    set_up_since: Option<chrono::NaiveDate>,
) -> Result<Vec<DirectoryCustomer>, ResolveError> {
    use chrono::Datelike;
    let filter = match set_up_since {
        Some(day) => Filter::ge(
            "@dateSetup",
            pace::xpath::date(day.year(), day.month(), day.day()),
        ),
        None => every_row("@id", "HOUSE"),
    };
    customers_where(pace, "customers for the local directory", filter).await
}

/// The customers with these ids (any status: an id that exists is taken), and those whose own
/// `email` is one of `emails` (as asked: Pace compares exactly), in one call.
pub(super) async fn customers_by_id_or_email(
    pace: &PaceClient,
    ids: &BTreeSet<String>,
    emails: &BTreeSet<String>,
) -> Result<Vec<DirectoryCustomer>, ResolveError> {
    let filters: Vec<Filter> = [any_of("@id", ids), any_of("@email", emails)]
        .into_iter()
        .flatten()
        .collect();
    if filters.is_empty() {
        return Ok(Vec::new());
    }
    customers_where(pace, "customers by id or e-mail", Filter::any(filters)).await
}

async fn customers_where(
    pace: &PaceClient,
    question: &'static str,
    filter: Filter,
) -> Result<Vec<DirectoryCustomer>, ResolveError> {
    let rows = load_all(
        pace,
        question,
        "Customer",
        filter,
        "@id",
        &[
            ("custName", "@custName"),
            ("email", "@email"),
            ("active", CUSTOMER_ACTIVE),
        ],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|row| DirectoryCustomer {
            id: row.primary_key.trim().to_owned(),
            name: text(row, "custName"),
            email: text(row, "email"),
            active: flag_on(row, "active"),
        })
        .collect())
}
