//! Step 3 of the specification: identify the Pace customer (Integration ID, Default MisID, then
//! the ordering user's e-mail), create it when allowed, and find or create one contact per unique
//! ship-to location.

use super::error::PlanError;
use super::facts::{ContactFact, PaceFacts};
use super::fields::{self, FieldList, PaceObject, address, contact, customer};
use super::model::{
    CustomerChoice, CustomerIdSetting, CustomerSource, InvalidCustomerId, PlanAlert, PlanAlertKind,
    PlanStep, StepAction,
};
use crate::settings::{ContactMatch, MissingContact, Settings};
use chrono::NaiveDate;
use pressero::order::{Address, Order, OrderItem};

/// The local reference of the customer step.
pub const CUSTOMER_REFERENCE: &str = "customer";

/// Longest generated customer id.
const CUSTOMER_ID_LENGTH: usize = 10;
/// How many candidate ids are tried for a new customer.
const CUSTOMER_ID_CANDIDATES: usize = 10;

/// The new customer's name (Customer table): the user's address-book Business, else First +
/// Middle + Last name.
pub(crate) fn new_customer_name(order: &Order) -> String {
    let business = order.ordered_by.address.business.trim();
    if !business.is_empty() {
        return business.to_owned();
    }
    let user = &order.ordered_by;
    join_names(&[&user.first_name, &user.middle_name, &user.last_name])
}

/// Candidate ids for a new customer, in the order they are tried: the name's letters and digits,
/// upper-cased, at most 10 long (`WEB` when there are none), then with `2`, `3`, … at the end.
pub(crate) fn new_customer_id_candidates(order: &Order) -> Vec<String> {
    let base: String = new_customer_name(order)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .take(CUSTOMER_ID_LENGTH)
        .collect();
    let base = if base.is_empty() {
        "WEB".to_owned()
    } else {
        base
    };
    let mut candidates = vec![base.clone()];
    for n in 2..=CUSTOMER_ID_CANDIDATES {
        let suffix = n.to_string();
        let stem: String = base
            .chars()
            .take(CUSTOMER_ID_LENGTH - suffix.len())
            .collect();
        candidates.push(format!("{stem}{suffix}"));
    }
    candidates
}

/// Identifies the customer. Invalid ids are ignored with an alert.
pub(crate) fn identify_customer(
    order: &Order,
    settings: &Settings,
    facts: &PaceFacts,
    alerts: &mut Vec<PlanAlert>,
) -> Result<CustomerChoice, PlanError> {
    let configured = [
        (
            order.site.integration_id.trim(),
            CustomerSource::IntegrationId,
            CustomerIdSetting::IntegrationId,
            format!("the Integration ID of site \"{}\"", order.site.site_name),
        ),
        (
            settings.customers.default_mis_id.trim(),
            CustomerSource::DefaultMisId,
            CustomerIdSetting::DefaultMisId,
            "the Default MisID setting".to_owned(),
        ),
    ];
    for (id, source, setting, origin) in configured {
        if id.is_empty() {
            continue;
        }
        match facts.customers.get(id) {
            Some(found) if found.active => {
                return Ok(CustomerChoice {
                    id: id.to_owned(),
                    name: found.name.clone(),
                    source,
                });
            }
            found => {
                let problem = if found.is_some() {
                    InvalidCustomerId::Inactive
                } else {
                    InvalidCustomerId::NotFound
                };
                alerts.push(PlanAlert {
                    kind: PlanAlertKind::InvalidCustomerId {
                        source: setting,
                        value: id.to_owned(),
                        problem,
                    },
                    message: format!(
                        "order {}: customer id \"{id}\" from {origin} is {} in Pace and was ignored; fix it in the settings",
                        order.order_number,
                        match problem {
                            InvalidCustomerId::Inactive => "inactive",
                            InvalidCustomerId::NotFound => "not found",
                        },
                    ),
                });
            }
        }
    }
    let email = order.ordered_by.email.trim();
    let mut customers: Vec<&str> = facts
        .contacts_with_email(email)
        .iter()
        .map(|c| c.customer.as_str())
        .chain(facts.customers_with_email(email).iter().map(String::as_str))
        .collect();
    customers.sort_unstable();
    customers.dedup();
    if customers.len() > 1
        && let Some(chosen) = by_business_name(order, facts, &customers)
    {
        let others: Vec<String> = customers
            .iter()
            .filter(|id| **id != chosen)
            .map(|id| (*id).to_owned())
            .collect();
        alerts.push(PlanAlert {
            kind: PlanAlertKind::CustomerChosenByBusinessName {
                email: email.to_owned(),
                chosen: chosen.to_owned(),
                others: others.clone(),
            },
            message: format!(
                "order {}: the e-mail \"{email}\" leads to several Pace customers; {chosen} was chosen because its name is the order's business name \"{}\" (the others: {})",
                order.order_number,
                order.ordered_by.address.business.trim(),
                others.join(", ")
            ),
        });
        customers = vec![chosen];
    }
    match customers.as_slice() {
        [id] => Ok(CustomerChoice {
            id: (*id).to_owned(),
            name: facts
                .customers
                .get(*id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            source: CustomerSource::ContactEmail,
        }),
        [] if settings.customers.create_customer => new_customer(order, facts),
        [] => Err(PlanError::CustomerNotIdentified {
            order: order.order_number,
            site: order.site.site_name.clone(),
            email: email.to_owned(),
        }),
        several => Err(PlanError::ContactsOfSeveralCustomers {
            order: order.order_number,
            email: email.to_owned(),
            customers: several.iter().map(|c| (*c).to_owned()).collect(),
        }),
    }
}

/// The one of `customers` whose name is the order's business name (the user's address-book
/// Business, compared trimmed and without case), if exactly one is.
fn by_business_name<'a>(
    order: &Order,
    facts: &PaceFacts,
    customers: &[&'a str],
) -> Option<&'a str> {
    let business = order.ordered_by.address.business.trim();
    if business.is_empty() {
        return None;
    }
    let named: Vec<&str> = customers
        .iter()
        .copied()
        .filter(|id| {
            facts
                .customers
                .get(*id)
                .is_some_and(|c| c.name.trim().to_lowercase() == business.to_lowercase())
        })
        .collect();
    match named.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

fn new_customer(order: &Order, facts: &PaceFacts) -> Result<CustomerChoice, PlanError> {
    let name = new_customer_name(order);
    let candidates = new_customer_id_candidates(order);
    match candidates
        .iter()
        .find(|id| !facts.customers.contains_key(*id))
    {
        Some(id) => Ok(CustomerChoice {
            id: id.clone(),
            name,
            source: CustomerSource::New,
        }),
        None => Err(PlanError::NoFreeCustomerId {
            order: order.order_number,
            name,
            tried: candidates,
        }),
    }
}

/// The customer step: use the existing one, or create it (Customer and Contact table).
pub(crate) fn customer_step(
    order: &Order,
    choice: &CustomerChoice,
    settings: &Settings,
    today: NaiveDate,
) -> PlanStep {
    if choice.source != CustomerSource::New {
        return PlanStep {
            reference: CUSTOMER_REFERENCE.to_owned(),
            object: PaceObject::Customer,
            action: StepAction::UseExisting {
                key: choice.id.clone(),
            },
            fields: Vec::new(),
            depends_on: Vec::new(),
        };
    }
    let user = &order.ordered_by;
    let book = &user.address;
    let defaults = &settings.customers;
    let mut list = FieldList::default();
    list.text(customer::ID, &choice.id)
        .text(customer::CUST_NAME, &choice.name)
        .int(customer::CUSTOMER_TYPE, fields::NEW_CUSTOMER_TYPE)
        .text(customer::CONTACT_FIRST_NAME, &user.first_name)
        .text(customer::CONTACT_LAST_NAME, &user.last_name)
        .text(customer::EMAIL, &user.email)
        .text(
            customer::PHONE_NUMBER,
            first_filled(&user.phone, &user.cell_phone),
        )
        .date(customer::DATE_SETUP, today)
        .text(customer::CONTACT_TITLE, &user.title);
    address_fields(&mut list, book);
    list.maybe_int(customer::SALES_PERSON, defaults.sales_person)
        .maybe_int(customer::CSR, defaults.csr)
        .text(customer::SALES_TAX, &defaults.sales_tax)
        .maybe_int(customer::TAXABLE_CODE, defaults.taxable_code)
        .maybe_int(customer::SALES_CATEGORY, defaults.sales_category);
    PlanStep {
        reference: CUSTOMER_REFERENCE.to_owned(),
        object: PaceObject::Customer,
        action: StepAction::Create,
        fields: list.into_fields(),
        depends_on: Vec::new(),
    }
}

/// A ship-to location as the contact key sees it: e-mail, every mapped address segment and the
/// phone, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Location([String; 8]);

impl Location {
    /// The location of an item's ship-to (the ordering user's e-mail when the ship-to has none).
    pub(crate) fn of(item: &OrderItem, order: &Order) -> Self {
        let ship_to = &item.ship_to;
        let email = first_filled(&ship_to.email, &order.ordered_by.email);
        let phone = ship_to_phone(item, order);
        Self(
            [
                email,
                &ship_to.address1,
                &ship_to.address2,
                &ship_to.address3,
                &ship_to.city,
                &ship_to.state_province,
                &ship_to.postal,
                phone,
            ]
            .map(|s| s.trim().to_lowercase()),
        )
    }

    fn of_contact(contact: &ContactFact) -> Self {
        Self(
            [
                &contact.email,
                &contact.address1,
                &contact.address2,
                &contact.address3,
                &contact.city,
                &contact.state,
                &contact.zip,
                &contact.phone,
            ]
            .map(|s| s.trim().to_lowercase()),
        )
    }

    /// The ordering user's location: e-mail, address-book address, and telephone (else cell
    /// phone), as a new customer's contact for the buyer has them.
    fn of_buyer(order: &Order) -> Self {
        let user = &order.ordered_by;
        let book = &user.address;
        Self(
            [
                &user.email,
                &book.address1,
                &book.address2,
                &book.address3,
                &book.city,
                &book.state_province,
                &book.postal,
                first_filled(&user.phone, &user.cell_phone),
            ]
            .map(|s| s.trim().to_lowercase()),
        )
    }

    fn email(&self) -> &str {
        &self.0[0]
    }

    fn describe(&self) -> String {
        let parts: Vec<&str> = self
            .0
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        parts.join(", ")
    }
}

/// Whether ship-to locations `a` and `b` are one contact under `rule` (`[customers]
/// contact_match`): the whole location, or the e-mail alone.
pub(crate) fn same_contact(rule: ContactMatch, a: &Location, b: &Location) -> bool {
    match rule {
        ContactMatch::EmailAddressPhone => a == b,
        ContactMatch::Email => a.email() == b.email(),
    }
}

/// One contact of the plan: its location and reference.
#[derive(Debug, Clone)]
pub(crate) struct PlannedContact {
    pub location: Location,
    pub reference: String,
}

/// The reference of a new customer's contact for the ordering user, when no ship-to location is
/// the buyer's own.
pub(crate) const BUYER_CONTACT_REFERENCE: &str = "contact#buyer";

/// Finds or creates one contact per unique ship-to location of `items` (in item order); what
/// makes a location unique, and an existing contact its own, is `[customers] contact_match`.
/// Matching by e-mail alone, a contact at the ship-to's own address is preferred, else the
/// first the facts list.
///
/// A new customer first gets a contact for the ordering user (first document: "create new
/// customer and contact"), so that the buyer's next order finds the customer by e-mail even
/// when this one ships to a colleague; when a ship-to location is the buyer's own, its contact
/// is that contact.
pub(crate) fn plan_contacts(
    order: &Order,
    items: &[&OrderItem],
    choice: &CustomerChoice,
    settings: &Settings,
    facts: &PaceFacts,
) -> Result<(Vec<PlannedContact>, Vec<PlanStep>), PlanError> {
    let may_create = choice.source == CustomerSource::New
        || settings.customers.create_customer
        || settings.customers.when_contact_missing == MissingContact::Create;
    let rule = settings.customers.contact_match;
    let mut contacts: Vec<PlannedContact> = Vec::new();
    let mut steps = Vec::new();
    if choice.source == CustomerSource::New {
        let buyer = Location::of_buyer(order);
        let ships_to_buyer = items
            .iter()
            .any(|item| same_contact(rule, &Location::of(item, order), &buyer));
        if !ships_to_buyer {
            steps.push(buyer_contact_step(order));
        }
    }
    for item in items {
        let location = Location::of(item, order);
        if contacts
            .iter()
            .any(|c| same_contact(rule, &c.location, &location))
        {
            continue;
        }
        let reference = format!("contact#{}", contacts.len() + 1);
        let existing = facts
            .contacts_with_email(location.email())
            .iter()
            .filter(|c| c.customer == choice.id)
            .map(|c| (c, Location::of_contact(c)))
            .filter(|(_, at)| same_contact(rule, at, &location))
            .min_by_key(|(_, at)| *at != location)
            .map(|(c, _)| c);
        let step = match existing {
            Some(found) => PlanStep {
                reference: reference.clone(),
                object: PaceObject::Contact,
                action: StepAction::UseExisting {
                    key: found.id.to_string(),
                },
                fields: Vec::new(),
                depends_on: Vec::new(),
            },
            None if may_create => new_contact_step(&reference, item, order),
            None => {
                return Err(PlanError::ContactNotFound {
                    order: order.order_number,
                    customer: choice.id.clone(),
                    location: location.describe(),
                });
            }
        };
        steps.push(step);
        contacts.push(PlannedContact {
            location,
            reference,
        });
    }
    Ok((contacts, steps))
}

/// A new customer's contact for the ordering user (Customer and Contact table: the Site User's
/// names, e-mail, title, telephone or cell phone and address-book address). Not a ship-to.
fn buyer_contact_step(order: &Order) -> PlanStep {
    let user = &order.ordered_by;
    let book = &user.address;
    let mut list = FieldList::default();
    list.key_of(contact::CUSTOMER, CUSTOMER_REFERENCE)
        .text(contact::FIRST_NAME, &user.first_name)
        .text(contact::LAST_NAME, &user.last_name)
        .text(contact::EMAIL, &user.email)
        .text(
            contact::BUSINESS_PHONE_NUMBER,
            first_filled(&user.phone, &user.cell_phone),
        )
        .text(contact::TITLE, &user.title)
        .text(contact::COMPANY_NAME, &book.business);
    address_fields(&mut list, book);
    PlanStep {
        reference: BUYER_CONTACT_REFERENCE.to_owned(),
        object: PaceObject::Contact,
        action: StepAction::Create,
        fields: list.into_fields(),
        depends_on: vec![CUSTOMER_REFERENCE.to_owned()],
    }
}

fn new_contact_step(reference: &str, item: &OrderItem, order: &Order) -> PlanStep {
    let ship_to = &item.ship_to;
    let user = &order.ordered_by;
    let (first, last) =
        if ship_to.first_name.trim().is_empty() && ship_to.last_name.trim().is_empty() {
            (&user.first_name, &user.last_name)
        } else {
            (&ship_to.first_name, &ship_to.last_name)
        };
    let mut list = FieldList::default();
    list.key_of(contact::CUSTOMER, CUSTOMER_REFERENCE)
        .text(contact::FIRST_NAME, first)
        .text(contact::LAST_NAME, last)
        .text(contact::EMAIL, first_filled(&ship_to.email, &user.email))
        .text(contact::BUSINESS_PHONE_NUMBER, ship_to_phone(item, order))
        .text(contact::TITLE, &ship_to.title)
        .text(contact::COMPANY_NAME, &ship_to.business);
    address_fields(&mut list, ship_to);
    list.flag(contact::SHIP_TO, true);
    PlanStep {
        reference: reference.to_owned(),
        object: PaceObject::Contact,
        action: StepAction::Create,
        fields: list.into_fields(),
        depends_on: vec![CUSTOMER_REFERENCE.to_owned()],
    }
}

/// Address1..3, City, State, Zip.
pub(crate) fn address_fields(list: &mut FieldList, source: &Address) {
    list.text(address::ADDRESS1, &source.address1)
        .text(address::ADDRESS2, &source.address2)
        .text(address::ADDRESS3, &source.address3)
        .text(address::CITY, &source.city)
        .text(address::STATE, &source.state_province)
        .text(address::ZIP, &source.postal);
}

/// The phone of an item's ship-to: its telephone, else its cell phone; when the ship-to has
/// neither and is the ordering user (no e-mail of its own, or the user's), the user's
/// telephone, else cell phone (Customer and Contact table: "Telephone or Cell Phone").
pub(crate) fn ship_to_phone<'a>(item: &'a OrderItem, order: &'a Order) -> &'a str {
    let ship_to = &item.ship_to;
    let own = first_filled(&ship_to.phone, &ship_to.cell_phone);
    let user = &order.ordered_by;
    let is_user = ship_to.email.trim().is_empty()
        || ship_to.email.trim().eq_ignore_ascii_case(user.email.trim());
    if own.trim().is_empty() && is_user {
        first_filled(&user.phone, &user.cell_phone)
    } else {
        own
    }
}

/// `a` unless it is blank, else `b`.
pub(crate) fn first_filled<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.trim().is_empty() { b } else { a }
}

/// Non-blank names joined by one space.
pub(crate) fn join_names(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
