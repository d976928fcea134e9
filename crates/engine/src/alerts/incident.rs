//! Incidents: the problems staff are told about (by e-mail and desktop notification), each with a
//! stable key so that one problem gives one e-mail however often the sync meets it again.

use crate::apply::IgnoredField;
use crate::plan::{CustomerIdSetting, InvalidCustomerId, PlanAlert, PlanAlertKind, PlanError};
use crate::status_sync::StatusProblem;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One problem to tell staff about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    /// The dedupe key: the same problem has the same key until it is resolved
    /// (`invalid-customer-id:ACME-STORE:NOPE`, `needs-attention:order:10010`).
    pub key: String,
    /// Which problem it is.
    pub kind: IncidentKind,
    /// The Pressero order it was met on, if any.
    pub order_number: Option<u64>,
    /// The storefront (Pressero site name).
    pub storefront: String,
    /// What went wrong, in a shop manager's words.
    pub what_went_wrong: String,
    /// What to do about it.
    pub what_to_do: String,
}

/// The kinds of problem, one for each case the specification says to notify about, plus orders
/// that need attention or keep failing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "incident", rename_all = "snake_case")]
pub enum IncidentKind {
    /// A customer id in the settings (storefront Integration ID or Default MisID) is not an
    /// active Pace customer; it was ignored. One incident per storefront (or Default MisID) and
    /// value, across orders.
    InvalidCustomerId {
        /// Where the id is configured.
        source: CustomerIdSetting,
        /// The id.
        value: String,
        /// Not in Pace, or inactive.
        problem: InvalidCustomerId,
    },
    /// No customer id and no Pace contact with the ordering user's e-mail, and Create Customer is
    /// off: the customer could not be identified.
    CustomerNotIdentified {
        /// The ordering user's e-mail.
        email: String,
    },
    /// Pace contacts with the ordering user's e-mail belong to several customers.
    ContactsOfSeveralCustomers {
        /// The ordering user's e-mail.
        email: String,
        /// The Pace customer ids.
        customers: Vec<String>,
    },
    /// The buyer's e-mail leads to several Pace customers; the one named like the order's
    /// business was chosen, and the order was sent.
    CustomerChosenByBusinessName {
        /// The buyer's e-mail.
        email: String,
        /// The customer chosen.
        chosen: String,
        /// The others.
        others: Vec<String>,
    },
    /// A ship-to contact is not in Pace and Create Customer is off (the specification's "if
    /// contact is not found and Create Customer is No … notify").
    ContactMissingCreateCustomerOff {
        /// The Pace customer id.
        customer: String,
        /// The ship-to (e-mail and address).
        ship_to: String,
    },
    /// An item's product has no `materialID`, so its part was sent without material.
    MaterialMissing {
        /// The Pressero item number.
        item: u32,
    },
    /// A text was longer than Pace takes and was cut before it was sent. One incident per
    /// order, object type and field.
    TextCut {
        /// The Pace object type.
        object: String,
        /// The field's SOAP name.
        field: String,
        /// The longest text the field takes.
        limit: usize,
    },
    /// The order stopped on a problem a person must fix, then push the order again.
    NeedsAttention,
    /// A synced order changed in Pressero in a way that matters to production. One incident per
    /// change: a further, different change is a new one.
    ChangedAfterSync,
    /// Status sync could not bring a Pace job's status or shipments to Pressero (e.g. the
    /// mapped stage is not in the item's workflow). One incident per problem key.
    StatusSync {
        /// The Pace job.
        job: String,
    },
    /// Pace accepted a write but did not store a field as it was sent (left it empty or changed
    /// it; a misnamed field is often dropped silently). One incident per object type and field,
    /// across orders.
    PaceIgnored {
        /// The Pace object type.
        object: String,
        /// The field's SOAP name.
        field: String,
        /// What was sent, on the first order met.
        sent: String,
        /// What Pace stored; `None` when nothing.
        stored: Option<String>,
    },
    /// The order keeps failing on a passing problem (network, Pace or Pressero unavailable) and
    /// is still being retried.
    KeepsFailing {
        /// When the first failed attempt was.
        since: DateTime<Utc>,
        /// How many attempts failed.
        attempts: u32,
    },
}

/// What is done after a plan problem is fixed.
const PUSH_AGAIN: &str =
    "Then press Push on the order in Pressero → Pace Sync: it is not retried on its own.";

impl Incident {
    /// The incident for a problem that did not stop the order.
    pub fn from_plan_alert(order_number: u64, storefront: &str, alert: &PlanAlert) -> Self {
        match &alert.kind {
            PlanAlertKind::InvalidCustomerId {
                source,
                value,
                problem,
            } => invalid_customer_id(order_number, storefront, *source, value, *problem),
            PlanAlertKind::CustomerChosenByBusinessName {
                email,
                chosen,
                others,
            } => Self {
                key: format!("customer-chosen-by-business-name:order:{order_number}"),
                kind: IncidentKind::CustomerChosenByBusinessName {
                    email: email.clone(),
                    chosen: chosen.clone(),
                    others: others.clone(),
                },
                order_number: Some(order_number),
                storefront: storefront.to_owned(),
                what_went_wrong: format!(
                    "The e-mail \"{email}\" leads to several Pace customers ({chosen}, {}). The order went to {chosen}, whose name is the order's business name.",
                    others.join(", ")
                ),
                what_to_do: format!(
                    "Check in Pace that {chosen} is the right customer; keep \"{email}\" on one customer's contacts only, or set the storefront's Integration ID in Pressero, so that the next orders need no guess."
                ),
            },
            PlanAlertKind::MaterialMissing { item } => Self {
                key: format!("material-missing:order:{order_number}:item:{item}"),
                kind: IncidentKind::MaterialMissing { item: *item },
                order_number: Some(order_number),
                storefront: storefront.to_owned(),
                what_went_wrong: format!(
                    "Item {item}'s product has no materialID attribute, so its job part was created in Pace without material. The order itself was sent."
                ),
                what_to_do: format!(
                    "Add the material to the job part in Pace by hand, and give the product a materialID attribute in Pressero so the next orders get it (or turn addMaterialInformation off for \"{storefront}\" in the Site Mapping rules)."
                ),
            },
            PlanAlertKind::TextCut {
                object,
                field,
                limit,
                original,
                sent,
            } => Self {
                key: format!("text-cut:order:{order_number}:{object}:{field}"),
                kind: IncidentKind::TextCut {
                    object: object.clone(),
                    field: field.clone(),
                    limit: *limit,
                },
                order_number: Some(order_number),
                storefront: storefront.to_owned(),
                what_went_wrong: format!(
                    "\"{original}\" is longer than the {limit} characters Pace takes in {object} `{field}`, so \"{sent}\" was sent. The order itself was sent."
                ),
                what_to_do: format!(
                    "Check the {object} in Pace and shorten the text by hand if the cut reads badly; a shorter text in Pressero avoids it next time."
                ),
            },
        }
    }

    /// The incident for an order that cannot be planned; `None` when there is nothing to report
    /// (items still wait for approval).
    pub fn from_plan_error(order_number: u64, storefront: &str, error: &PlanError) -> Option<Self> {
        let order = Some(order_number);
        let storefront_owned = storefront.to_owned();
        let incident = match error {
            PlanError::AwaitingApproval { .. } => return None,
            PlanError::CustomerNotIdentified { email, .. } => Self {
                key: format!("customer-not-identified:order:{order_number}"),
                kind: IncidentKind::CustomerNotIdentified {
                    email: email.clone(),
                },
                order_number: order,
                storefront: storefront_owned,
                what_went_wrong: format!(
                    "The Pace customer for this order could not be identified: the storefront has no usable Integration ID, there is no usable Default MisID, no Pace contact has the e-mail \"{email}\", and Create Customer is off. Nothing was created in Pace."
                ),
                what_to_do: format!(
                    "Do one of these: set the storefront's Integration ID in Pressero to the Pace customer id; add a contact with the e-mail \"{email}\" to the right customer in Pace; or turn Create Customer on in Settings. {PUSH_AGAIN}"
                ),
            },
            PlanError::ContactsOfSeveralCustomers {
                email, customers, ..
            } => Self {
                key: format!("contacts-of-several-customers:order:{order_number}"),
                kind: IncidentKind::ContactsOfSeveralCustomers {
                    email: email.clone(),
                    customers: customers.clone(),
                },
                order_number: order,
                storefront: storefront_owned,
                what_went_wrong: format!(
                    "The Pace customer for this order could not be identified: Pace contacts with the e-mail \"{email}\" belong to several customers ({}). Nothing was created in Pace.",
                    customers.join(", ")
                ),
                what_to_do: format!(
                    "Keep the e-mail \"{email}\" on the contacts of one customer only in Pace, or set the storefront's Integration ID in Pressero to the right Pace customer id. {PUSH_AGAIN}"
                ),
            },
            PlanError::ContactNotFound {
                customer, location, ..
            } => Self {
                key: format!("contact-missing:order:{order_number}"),
                kind: IncidentKind::ContactMissingCreateCustomerOff {
                    customer: customer.clone(),
                    ship_to: location.clone(),
                },
                order_number: order,
                storefront: storefront_owned,
                what_went_wrong: format!(
                    "Pace customer {customer} has no contact for the ship-to {location}, and Create Customer is off, so the contact was not created. Nothing was created in Pace."
                ),
                what_to_do: format!(
                    "Add the contact to customer {customer} in Pace, turn Create Customer on, or set \"when contact missing\" to create in Settings. {PUSH_AGAIN}"
                ),
            },
            other => {
                let message = other.to_string();
                let prefix = format!("order {order_number}: ");
                let what = message.strip_prefix(&prefix).unwrap_or(&message);
                Self::needs_attention(
                    order_number,
                    storefront,
                    &capitalized(what),
                    &format!("Fix what the message above names. {PUSH_AGAIN}"),
                )
            }
        };
        Some(incident)
    }

    /// The incident for an order stopped by a permanent error (a person must fix and push).
    pub fn needs_attention(
        order_number: u64,
        storefront: &str,
        what_went_wrong: &str,
        what_to_do: &str,
    ) -> Self {
        Self {
            key: format!("needs-attention:order:{order_number}"),
            kind: IncidentKind::NeedsAttention,
            order_number: Some(order_number),
            storefront: storefront.to_owned(),
            what_went_wrong: what_went_wrong.to_owned(),
            what_to_do: what_to_do.to_owned(),
        }
    }

    /// The incident for a synced order that changed in Pressero (`change` in words).
    pub fn changed_after_sync(order_number: u64, storefront: &str, change: &str) -> Self {
        Self {
            key: format!("changed-after-sync:order:{order_number}"),
            kind: IncidentKind::ChangedAfterSync,
            order_number: Some(order_number),
            storefront: storefront.to_owned(),
            what_went_wrong: format!(
                "The order was changed in Pressero after it was synced to Pace: {change}. Pace still has the order as it was sent."
            ),
            what_to_do: crate::poller::changed_after_sync::WHAT_TO_DO.to_owned(),
        }
    }

    /// The incident for a problem status sync met (its key is the problem's own stable key).
    pub fn from_status_problem(storefront: &str, problem: &StatusProblem) -> Self {
        Self {
            key: problem.key.clone(),
            kind: IncidentKind::StatusSync {
                job: problem.job.clone(),
            },
            order_number: Some(problem.order),
            storefront: storefront.to_owned(),
            what_went_wrong: problem.what_went_wrong.clone(),
            what_to_do: problem.what_to_do.clone(),
        }
    }

    /// The incident for an order whose attempts keep failing on a passing problem.
    pub fn keeps_failing(
        order_number: u64,
        storefront: &str,
        last_error: &str,
        since: DateTime<Utc>,
        attempts: u32,
    ) -> Self {
        Self {
            key: format!("keeps-failing:order:{order_number}"),
            kind: IncidentKind::KeepsFailing { since, attempts },
            order_number: Some(order_number),
            storefront: storefront.to_owned(),
            what_went_wrong: format!(
                "The order could not be sent to Pace in {attempts} attempts since {} UTC. The last attempt failed with: {last_error}",
                since.format("%Y-%m-%d %H:%M")
            ),
            what_to_do: "Nothing is lost: the order is retried on its own. If this goes on, check that the Pace and Pressero servers are up and reachable from this computer (Settings → Test connections).".to_owned(),
        }
    }

    /// The incident for a field Pace did not store as sent, met on order `order_number`. Its key
    /// is the object type and field (`pace-ignored:JOB:SCHEDULEDSHIPDATE`), so the same field is
    /// reported once however many orders meet it.
    pub fn pace_ignored(order_number: u64, storefront: &str, ignored: &IgnoredField) -> Self {
        Self {
            key: format!(
                "pace-ignored:{}:{}",
                key_part(&ignored.object),
                key_part(&ignored.field)
            ),
            kind: IncidentKind::PaceIgnored {
                object: ignored.object.clone(),
                field: ignored.field.clone(),
                sent: ignored.sent.clone(),
                stored: ignored.stored.clone(),
            },
            order_number: Some(order_number),
            storefront: storefront.to_owned(),
            what_went_wrong: format!(
                "{}. Pace accepted the write without an error but did not keep this field as sent, so this order's {} in Pace (and those of later orders) lack it. You are told once for this field; each order's trace still lists it.",
                ignored.message(),
                ignored.object
            ),
            what_to_do: format!(
                "Set `{field}` by hand on the {object} objects of the orders listed under \"Fields Pace ignored\" in `pressero-pace-sync doctor`, and check in Pace which field holds this value in your Pace version: the field name `{field}` is configured in the sync's Pace field mapping (crates/engine/src/plan/fields.rs), which the maintainers correct in one place.",
                field = ignored.field,
                object = ignored.object
            ),
        }
    }

    /// The keys of the per-order incidents of `order_number`: resolve them when the order is
    /// synced or pushed again, so that a new failure is reported again.
    pub fn order_keys(order_number: u64) -> Vec<String> {
        [
            "needs-attention",
            "keeps-failing",
            "customer-not-identified",
            "contacts-of-several-customers",
            "contact-missing",
            "changed-after-sync",
        ]
        .iter()
        .map(|kind| format!("{kind}:order:{order_number}"))
        .collect()
    }

    /// A short title: what happened, in a few words.
    pub fn title(&self) -> String {
        match &self.kind {
            IncidentKind::InvalidCustomerId { value, problem, .. } => match problem {
                InvalidCustomerId::NotFound => {
                    format!("customer id \"{value}\" in the settings is not in Pace")
                }
                InvalidCustomerId::Inactive => {
                    format!("customer id \"{value}\" in the settings is inactive in Pace")
                }
            },
            IncidentKind::CustomerNotIdentified { .. } => {
                "the Pace customer could not be identified".to_owned()
            }
            IncidentKind::ContactsOfSeveralCustomers { .. } => {
                "the e-mail belongs to contacts of several Pace customers".to_owned()
            }
            IncidentKind::ContactMissingCreateCustomerOff { .. } => {
                "a ship-to contact is missing in Pace".to_owned()
            }
            IncidentKind::CustomerChosenByBusinessName { chosen, .. } => {
                format!(
                    "the e-mail leads to several Pace customers: {chosen} chosen by business name"
                )
            }
            IncidentKind::MaterialMissing { item } => {
                format!("item {item} was sent without material")
            }
            IncidentKind::StatusSync { job } => {
                format!("the status of Pace job {job} could not be passed on to Pressero")
            }
            IncidentKind::PaceIgnored { object, field, .. } => {
                format!("Pace ignored `{field}` on {object}")
            }
            IncidentKind::TextCut { object, field, .. } => {
                format!("a text was cut to fit {object} `{field}`")
            }
            IncidentKind::NeedsAttention => "the order needs attention".to_owned(),
            IncidentKind::ChangedAfterSync => "the order changed in Pressero after sync".to_owned(),
            IncidentKind::KeepsFailing { attempts, .. } => {
                format!("the order keeps failing ({attempts} attempts)")
            }
        }
    }

    /// Where it happened: `order 10010 (Acme Store)`, or `storefront Acme Store`.
    pub fn place(&self) -> String {
        match self.order_number {
            Some(order) => format!("order {order} ({})", self.storefront),
            None => format!("storefront {}", self.storefront),
        }
    }

    /// One line for lists, logs and desktop notifications: `Order 10010 (Acme Store): …`.
    pub fn summary(&self) -> String {
        format!("{}: {}", capitalized(&self.place()), self.title())
    }
}

/// `text` with its first letter upper-cased.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A configured customer id that is not usable: one incident per place it is configured and
/// value, across orders.
fn invalid_customer_id(
    order_number: u64,
    storefront: &str,
    source: CustomerIdSetting,
    value: &str,
    problem: InvalidCustomerId,
) -> Incident {
    let (key_scope, setting, fix) = match source {
        CustomerIdSetting::IntegrationId => (
            key_part(storefront),
            format!("the Integration ID of storefront \"{storefront}\""),
            format!(
                "Put the right Pace customer id in the Integration ID of storefront \"{storefront}\" in Pressero (or clear it)"
            ),
        ),
        CustomerIdSetting::DefaultMisId => (
            "DEFAULT-MIS-ID".to_owned(),
            "the Default MisID setting".to_owned(),
            "Put the right Pace customer id in Settings → Default MisID (or clear it)".to_owned(),
        ),
    };
    let state = match problem {
        InvalidCustomerId::NotFound => "is not a customer in Pace",
        InvalidCustomerId::Inactive => "is an inactive customer in Pace",
    };
    let activate = match problem {
        InvalidCustomerId::NotFound => "",
        InvalidCustomerId::Inactive => ", or make the customer active again in Pace",
    };
    Incident {
        key: format!("invalid-customer-id:{key_scope}:{}", key_part(value)),
        kind: IncidentKind::InvalidCustomerId {
            source,
            value: value.to_owned(),
            problem,
        },
        order_number: Some(order_number),
        storefront: storefront.to_owned(),
        what_went_wrong: format!(
            "The customer id \"{value}\" from {setting} {state}, so it was ignored and the customer was looked for another way. This happens on every order that uses it; you are told once."
        ),
        what_to_do: format!("{fix}{activate}."),
    }
}

/// A key segment: upper-cased, every run of other characters than letters and digits made one
/// `-` (`Acme Store` → `ACME-STORE`).
fn key_part(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_uppercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn invalid_id_alert(source: CustomerIdSetting, value: &str) -> PlanAlert {
        PlanAlert {
            kind: PlanAlertKind::InvalidCustomerId {
                source,
                value: value.into(),
                problem: InvalidCustomerId::NotFound,
            },
            message: String::new(),
        }
    }

    #[test]
    fn an_invalid_integration_id_is_one_incident_across_orders_of_the_storefront() {
        let alert = invalid_id_alert(CustomerIdSetting::IntegrationId, "nope");
        let first = Incident::from_plan_alert(10010, "Acme Store", &alert);
        let second = Incident::from_plan_alert(10011, " acme  store ", &alert);
        assert_eq!(first.key, "invalid-customer-id:ACME-STORE:NOPE");
        assert_eq!(first.key, second.key);
        let other_site = Incident::from_plan_alert(10012, "Road Store", &alert);
        assert_ne!(first.key, other_site.key);
        let default_id = Incident::from_plan_alert(
            10010,
            "Acme Store",
            &invalid_id_alert(CustomerIdSetting::DefaultMisId, "nope"),
        );
        assert_eq!(default_id.key, "invalid-customer-id:DEFAULT-MIS-ID:NOPE");
    }

    #[test]
    fn plan_errors_map_to_their_kinds_and_per_order_keys() {
        let not_identified = PlanError::CustomerNotIdentified {
            order: 10010,
            site: "Acme Store".into(),
            email: "wile@acme.example".into(),
        };
        let incident = Incident::from_plan_error(10010, "Acme Store", &not_identified).unwrap();
        assert_eq!(incident.key, "customer-not-identified:order:10010");
        assert_eq!(
            incident.kind,
            IncidentKind::CustomerNotIdentified {
                email: "wile@acme.example".into()
            }
        );
        let several = PlanError::ContactsOfSeveralCustomers {
            order: 10010,
            email: "wile@acme.example".into(),
            customers: vec!["ACME".into(), "ROAD".into()],
        };
        let incident = Incident::from_plan_error(10010, "Acme Store", &several).unwrap();
        assert!(incident.what_went_wrong.contains("ACME, ROAD"));
        let contact = PlanError::ContactNotFound {
            order: 10010,
            customer: "ACME".into(),
            location: "dock@acme.example, 1 Road".into(),
        };
        let incident = Incident::from_plan_error(10010, "Acme Store", &contact).unwrap();
        assert_eq!(incident.key, "contact-missing:order:10010");
        let other = PlanError::UnknownShipVia {
            order: 10010,
            rule: 2,
            ship_via: 77,
        };
        let incident = Incident::from_plan_error(10010, "Acme Store", &other).unwrap();
        assert_eq!(incident.kind, IncidentKind::NeedsAttention);
        assert!(
            incident
                .what_went_wrong
                .starts_with("Accounts rule mapping.accounts[2] gives ship via 77")
        );
        let waiting = PlanError::AwaitingApproval {
            order: 10010,
            pending: 1,
        };
        assert_eq!(
            Incident::from_plan_error(10010, "Acme Store", &waiting),
            None
        );
    }

    #[test]
    fn every_per_order_key_is_in_the_order_keys() {
        let since = DateTime::<Utc>::UNIX_EPOCH;
        let keys = Incident::order_keys(10010);
        for incident in [
            Incident::needs_attention(10010, "Acme", "x", "y"),
            Incident::keeps_failing(10010, "Acme", "timeout", since, 5),
            Incident::from_plan_error(
                10010,
                "Acme",
                &PlanError::ContactsOfSeveralCustomers {
                    order: 10010,
                    email: "a@b.com".into(),
                    customers: vec![],
                },
            )
            .unwrap(),
        ] {
            assert!(keys.contains(&incident.key), "{}", incident.key);
        }
        assert!(!keys.iter().any(|k| k.contains("10011")));
    }

    #[test]
    fn each_status_sync_problem_is_its_own_incident() {
        let problem = |key: &str| StatusProblem {
            key: key.into(),
            order: 10001,
            job: "J1042".into(),
            what_went_wrong: "Pressero refused the stage".into(),
            what_to_do: "Map the status to another stage".into(),
        };
        let stage = Incident::from_status_problem(
            "Acme Store",
            &problem("status-stage:job:J1042:stage:Shipped"),
        );
        assert_eq!(stage.key, "status-stage:job:J1042:stage:Shipped");
        assert_eq!(
            stage.kind,
            IncidentKind::StatusSync {
                job: "J1042".into()
            }
        );
        assert_eq!(stage.what_to_do, "Map the status to another stage");
        let tracking = Incident::from_status_problem(
            "Acme Store",
            &problem("status-tracking:job:J1042:shipment:7"),
        );
        assert_ne!(stage.key, tracking.key);
        assert!(
            !Incident::order_keys(10001).contains(&stage.key),
            "an order's sync does not resolve it"
        );
    }

    #[test]
    fn summary_names_the_place_and_what_happened() {
        let incident = Incident::needs_attention(10010, "Acme Store", "x", "y");
        assert_eq!(
            incident.summary(),
            "Order 10010 (Acme Store): the order needs attention"
        );
    }

    #[test]
    fn a_field_pace_ignored_is_one_incident_per_type_and_field_across_orders() {
        let ignored = |key: &str, field: &str| IgnoredField {
            object: "Job".into(),
            key: key.into(),
            field: field.into(),
            sent: "2026-12-08".into(),
            stored: None,
        };
        let first =
            Incident::pace_ignored(10057, "Acme Store", &ignored("10057", "scheduledShipDate"));
        let second =
            Incident::pace_ignored(10058, "Other Store", &ignored("10058", "scheduledShipDate"));
        let other = Incident::pace_ignored(10057, "Acme Store", &ignored("10057", "poNum"));
        assert_eq!(first.key, "pace-ignored:JOB:SCHEDULEDSHIPDATE");
        assert_eq!(first.key, second.key);
        assert_ne!(first.key, other.key);
        assert!(
            !Incident::order_keys(10057).contains(&first.key),
            "syncing an order does not resolve it"
        );
        assert!(first.what_went_wrong.starts_with(
            "Pace ignored `scheduledShipDate` on Job 10057: sent 2026-12-08, stored empty."
        ));
        assert_eq!(first.title(), "Pace ignored `scheduledShipDate` on Job");
    }

    #[test]
    fn key_parts_are_stable() {
        assert_eq!(key_part("  Acme  Store #2 "), "ACME-STORE-2");
        assert_eq!(key_part("a:b"), "A-B");
    }
}
