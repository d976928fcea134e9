//! `doctor` proves the set-up against the live Pace before the first order:
//!
//! - **Pace fields** — for each object type the plan writes, one `loadValueObjects` of one row
//!   naming exactly the fields the plan sends ([`fields::written_fields`]): it costs nothing and
//!   faults on a field Pace does not know (`Unknown field 'x' on object 'Y'`, reference §3).
//! - **ids** — every id the settings name exists (and is active where Pace has an `active` flag
//!   the reference confirms: job types, ship vias, item templates): job types (global and per
//!   storefront), the Site Mapping admin statuses, the Accounts ship vias, the new-customer CSR,
//!   sales person, sales category, taxable code and sales tax, and the item templates of the
//!   storefronts' products (their Integration IDs, read from Pressero; skipped when Pressero
//!   cannot be read). One query per object type, the ids in one `or` filter; job types, job
//!   statuses, ship vias and templates come from the resolver's own look-ups (one call each).
//! - **Fields Pace ignored** — what the sync has seen Pace drop or change so far (the
//!   `pace_ignored` events of the store).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use pace::{Filter, PaceClient, PaceError, ValueObjectDescriptor};
use pressero::{PresseroClient, SearchWindow};

use super::{Check, Problem};
use crate::apply::IgnoredField;
use crate::plan::{PaceFacts, fields};
use crate::rules::{AccountRules, SiteRules};
use crate::settings::Settings;
use crate::store::Store;
use crate::worker::PACE_IGNORED;

/// Name of the check of what Pace ignored so far.
pub const IGNORED_FIELDS: &str = "Fields Pace ignored";

const JOB_TYPES: &str = "Pace job types";
const JOB_STATUSES: &str = "Pace job statuses";
const SHIP_VIAS: &str = "Pace ship vias";
const NEW_CUSTOMER: &str = "Pace new-customer defaults";
const ITEM_TEMPLATES: &str = "Pace item templates";

/// The names of the set-up checks, in order (for skipping them all).
pub(super) fn check_names() -> Vec<String> {
    let mut names: Vec<String> = fields::written_fields()
        .iter()
        .map(|(object, _)| fields_check_name(object.type_name()))
        .collect();
    names.extend(
        [
            JOB_TYPES,
            JOB_STATUSES,
            SHIP_VIAS,
            NEW_CUSTOMER,
            ITEM_TEMPLATES,
        ]
        .map(str::to_owned),
    );
    names
}

fn fields_check_name(object_type: &str) -> String {
    format!("Pace fields: {object_type}")
}

/// A sentence for the fix of a field Pace does not know.
fn unknown_field_fix(object_type: &str) -> String {
    format!(
        "The sync's Pace field mapping (crates/engine/src/plan/fields.rs) names a {object_type} field your Pace version does not have (the message above names it): no order can be synced until the maintainers correct that one name. Check in Pace which field holds the value."
    )
}

/// One `loadValueObjects` of one row per object type the plan writes, naming its fields.
pub(super) async fn field_checks(pace: &PaceClient) -> Vec<Check> {
    let mut checks = Vec::new();
    for (object, names) in fields::written_fields() {
        let type_name = object.type_name();
        let name = fields_check_name(type_name);
        let key = match object {
            fields::PaceObject::Job | fields::PaceObject::JobPart => "@job",
            _ => "@id",
        };
        // The "match everything" idiom (reference §5.2) on a text sample: keys compare as text.
        let every = Filter::eq(key, "0").or(Filter::ne(key, "0"));
        let mut descriptor = ValueObjectDescriptor::new(type_name, every).limit(1);
        for field in &names {
            descriptor = descriptor.field(field, &format!("@{field}"));
        }
        checks.push(match pace.load_value_objects(&descriptor).await {
            Ok(_) => Check::passed(
                &name,
                format!("Pace knows all {} fields the sync writes", names.len()),
            ),
            Err(error) => failed_read(&name, &error, &unknown_field_fix(type_name)),
        });
    }
    checks
}

/// A failed look-up: an unknown field, or another Pace error.
fn failed_read(name: &str, error: &PaceError, unknown_fix: &str) -> Check {
    let message = error.to_string();
    if message.contains("Unknown field") {
        Check::failed(name, Problem::UnknownField, message, unknown_fix)
    } else {
        Check::failed(
            name,
            Problem::ServerError,
            message,
            "Pace refused the look-up: check in Pace that the sync's user may read this object type, and the Pace server's logs.",
        )
    }
}

/// The id checks, from the resolver's `facts` (job types, statuses, ship vias, templates) and
/// one query per new-customer default type.
pub(super) async fn id_checks(
    pace: &PaceClient,
    settings: &Settings,
    facts: &PaceFacts,
    templates: Result<BTreeMap<String, Vec<String>>, String>,
) -> Vec<Check> {
    vec![
        job_type_check(settings, facts),
        job_status_check(settings, facts),
        ship_via_check(settings, facts),
        new_customer_check(pace, settings).await,
        item_template_check(facts, templates),
    ]
}

/// Passed when `problems` is empty, else failed naming each.
fn outcome(name: &str, checked: usize, what: &str, problems: Vec<String>, fix: &str) -> Check {
    if problems.is_empty() {
        Check::passed(name, format!("{checked} {what} found in Pace"))
    } else {
        Check::failed(name, Problem::UnknownId, problems.join("; "), fix)
    }
}

fn job_type_check(settings: &Settings, facts: &PaceFacts) -> Check {
    let mut wanted = vec![(
        "jobs.job_type".to_owned(),
        settings
            .jobs
            .job_type
            .unwrap_or(crate::settings::DEFAULT_JOB_TYPE),
    )];
    for (index, site) in settings.sites.iter().enumerate() {
        if let Some(job_type) = site.job_type {
            wanted.push((
                format!("sites[{index}].job_type ({})", site.site_name.trim()),
                job_type,
            ));
        }
    }
    let problems = wanted
        .iter()
        .filter(|(_, id)| !facts.job_types.contains(id))
        .map(|(setting, id)| format!("{setting} = {id} is not an active Pace job type"))
        .collect();
    outcome(
        JOB_TYPES,
        wanted.len(),
        "job type setting(s)",
        problems,
        "Set each job type named above to the id of an active job type in Pace (Job Types), or activate it there.",
    )
}

fn job_status_check(settings: &Settings, facts: &PaceFacts) -> Check {
    let Ok(rules) = SiteRules::parse(&settings.mapping.site_mapping, "mapping.site_mapping") else {
        return Check::skipped(
            JOB_STATUSES,
            "the Site Mapping rules are not valid (see Settings)",
        );
    };
    let statuses: BTreeSet<String> = rules
        .rules()
        .iter()
        .map(|rule| rule.admin_status.trim().to_owned())
        .filter(|status| !status.is_empty())
        .collect();
    let problems = statuses
        .iter()
        .filter(|status| !facts.job_statuses.contains(*status))
        .map(|status| format!("the Site Mapping adminStatus \"{status}\" is not a Pace job status"))
        .collect();
    outcome(
        JOB_STATUSES,
        statuses.len(),
        "Site Mapping admin status(es)",
        problems,
        "Change adminStatus in the Site Mapping rules (mapping.site_mapping) to a job status id Pace has (e.g. O), or add that status in Pace.",
    )
}

fn ship_via_check(settings: &Settings, facts: &PaceFacts) -> Check {
    let Ok(rules) = AccountRules::parse(&settings.mapping.accounts, "mapping.accounts") else {
        return Check::skipped(SHIP_VIAS, "the Accounts rules are not valid (see Settings)");
    };
    let ids: BTreeSet<i64> = rules
        .rules()
        .iter()
        .filter_map(|rule| rule.ship_via)
        .collect();
    let problems = ids
        .iter()
        .filter_map(
            |id| match facts.ship_vias.iter().find(|via| via.id == *id) {
                None => Some(format!("the Accounts shipVia {id} is not a Pace ship via")),
                Some(via) if !via.active => Some(format!(
                    "the Accounts shipVia {id} ({}) is inactive in Pace",
                    via.description
                )),
                Some(_) => None,
            },
        )
        .collect();
    outcome(
        SHIP_VIAS,
        ids.len(),
        "Accounts ship via(s)",
        problems,
        "Change shipVia in the Accounts rules (mapping.accounts) to an active ship via id of Pace, or activate it there.",
    )
}

/// CSR, sales person, sales category and taxable code (int ids, key `id`, reference §4.1) and the
/// sales tax code: each type asked once. The reference documents no `active` flag on these, so
/// only their existence is checked.
async fn new_customer_check(pace: &PaceClient, settings: &Settings) -> Check {
    let customers = &settings.customers;
    let int_ids = [
        ("CSR", "customers.csr", customers.csr),
        (
            "SalesPerson",
            "customers.sales_person",
            customers.sales_person,
        ),
        (
            "SalesCategory",
            "customers.sales_category",
            customers.sales_category,
        ),
        (
            "TaxableCode",
            "customers.taxable_code",
            customers.taxable_code,
        ),
    ];
    let mut problems = Vec::new();
    let mut checked = 0;
    for (object_type, setting, id) in int_ids {
        let Some(id) = id else { continue };
        checked += 1;
        match pace.find(object_type, &Filter::eq("@id", id)).await {
            Ok(keys) if keys.iter().any(|key| key.trim() == id.to_string()) => {}
            Ok(_) => problems.push(format!("{setting} = {id} is not a Pace {object_type}")),
            Err(error) => problems.push(format!("{setting}: {error}")),
        }
    }
    let sales_tax = customers.sales_tax.trim();
    if !sales_tax.is_empty() {
        checked += 1;
        // Read by `primaryKey` (reference §2.2): the reference does not name SalesTax's key field.
        match pace.read_object("SalesTax", sales_tax).await {
            Ok(_) => {}
            Err(PaceError::NotFound { .. }) => problems.push(format!(
                "customers.sales_tax = \"{sales_tax}\" is not a Pace sales tax code"
            )),
            Err(error) => problems.push(format!("customers.sales_tax: {error}")),
        }
    }
    if checked == 0 {
        return Check::passed(NEW_CUSTOMER, "no new-customer defaults are set");
    }
    outcome(
        NEW_CUSTOMER,
        checked,
        "new-customer default(s)",
        problems,
        "Set each [customers] setting named above to an id Pace has (CSRs, Sales People, Sales Categories, Taxable Codes, Sales Taxes), or leave it blank.",
    )
}

fn item_template_check(
    facts: &PaceFacts,
    templates: Result<BTreeMap<String, Vec<String>>, String>,
) -> Check {
    let templates = match templates {
        Ok(templates) => templates,
        Err(reason) => return Check::skipped(ITEM_TEMPLATES, reason),
    };
    let problems = templates
        .iter()
        .filter(|(code, _)| !facts.item_templates.contains(*code))
        .map(|(code, products)| {
            format!(
                "the Integration ID \"{code}\" of {} is not an active Pace item template",
                products.join(", ")
            )
        })
        .collect();
    outcome(
        ITEM_TEMPLATES,
        templates.len(),
        "product item template(s)",
        problems,
        "Set each product's Integration ID in Pressero to the code of an active item template in Pace, or clear it to send the product without a template.",
    )
}

/// The Integration IDs of the products of the storefronts Pressero has orders from in the
/// first poll's window (what the sync will read first), each with the products naming it
/// (`storefront: product`). `Err` says why it could not be read (Pressero not set up or
/// unreachable).
pub(super) async fn storefront_templates(
    pressero: Option<&PresseroClient>,
    settings: &Settings,
) -> Result<BTreeMap<String, Vec<String>>, String> {
    let Some(pressero) = pressero else {
        return Err(
            "Pressero is not set up, so the storefronts' products are not known".to_owned(),
        );
    };
    let unreachable = |error: pressero::PresseroError| {
        format!("the storefronts' products could not be read from Pressero ({error})")
    };
    let now = Utc::now();
    let hours = i64::try_from(settings.polling.first_poll_lookback_hours.max(1)).unwrap_or(24);
    let window = SearchWindow::new(now - chrono::Duration::hours(hours), now)
        .map_err(|error| format!("no search window: {error:?}"))?;
    let orders = pressero.search_orders(&window).await.map_err(unreachable)?;
    let sites: BTreeMap<String, String> = orders
        .iter()
        .filter(|order| !order.site.domain.trim().is_empty())
        .map(|order| (order.site.domain.clone(), order.site.site_name.clone()))
        .collect();
    let mut templates: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (domain, site_name) in &sites {
        for product in pressero.products(domain).await.map_err(unreachable)? {
            let code = product.integration_id.trim();
            if !code.is_empty() {
                templates
                    .entry(code.to_owned())
                    .or_default()
                    .push(format!("{site_name}: {}", product.name.trim()));
            }
        }
    }
    Ok(templates)
}

/// What Pace ignored so far (the store's `pace_ignored` events), once per object type and field.
pub fn ignored_fields_check(store: &Store) -> Check {
    let events = match store.events_of_kind(PACE_IGNORED) {
        Ok(events) => events,
        Err(error) => {
            return Check::skipped(
                IGNORED_FIELDS,
                format!("the database could not be read: {error}"),
            );
        }
    };
    let mut seen: BTreeMap<(String, String), (IgnoredField, BTreeSet<u64>)> = BTreeMap::new();
    for event in events {
        let Ok(field) = serde_json::from_value::<IgnoredField>(event.detail) else {
            continue;
        };
        let entry = seen
            .entry((field.object.clone(), field.field.clone()))
            .or_insert_with(|| (field, BTreeSet::new()));
        entry.1.extend(event.order);
    }
    if seen.is_empty() {
        return Check::passed(IGNORED_FIELDS, "Pace has stored every field the sync sent");
    }
    let detail = seen
        .values()
        .map(|(first, orders)| {
            let orders: Vec<String> = orders.iter().map(|o| format!("order {o}")).collect();
            format!("{} (first seen; {})", first.message(), orders.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let names: Vec<String> = seen
        .keys()
        .map(|(object, field)| format!("`{field}` on {object}"))
        .collect();
    Check::failed(
        IGNORED_FIELDS,
        Problem::IgnoredField,
        detail,
        format!(
            "Pace accepted these writes but did not keep {}: set the values by hand on the orders listed, and have the sync's Pace field mapping (crates/engine/src/plan/fields.rs) corrected to the field your Pace version uses.",
            names.join(", ")
        ),
    )
}
