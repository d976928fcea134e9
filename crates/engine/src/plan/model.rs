//! The plan: what to create in Pace for one order, as an ordered list of steps with stable local
//! references, plus the facts staff see in the summary.

use super::fields::{FieldValue, PaceField, PaceObject};
use crate::rules::AppliedSiteRule;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The outcome of planning one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PlanOutcome {
    /// Something to send: the plan.
    Plan(Box<OrderPlan>),
    /// Nothing to send (every item denied, or no item with a quantity): the order is skipped,
    /// not failed.
    Skip {
        /// Why, in staff's words.
        reason: String,
    },
}

/// Everything to create in Pace for one order, in the order apply runs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPlan {
    /// Pressero order number.
    pub order_number: u64,
    /// Pressero order id.
    pub order_id: String,
    /// The storefront.
    pub site_name: String,
    /// The Pace customer the jobs are for.
    pub customer: CustomerChoice,
    /// The Site Mapping rule that applied.
    pub site_rule: AppliedSiteRule,
    /// One entry per Pace job (one per order, or one per item and file).
    pub jobs: Vec<JobOverview>,
    /// The steps, in order: customer, contacts, then per job: job, parts, materials, shipments,
    /// cartons, carton contents.
    pub steps: Vec<PlanStep>,
    /// Production files and the names they get.
    pub files: Vec<FileTarget>,
    /// Things staff should know that did not stop the order.
    pub alerts: Vec<PlanAlert>,
}

/// The Pace customer chosen for the order, and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerChoice {
    /// Pace customer id.
    pub id: String,
    /// Customer name.
    pub name: String,
    /// How it was identified.
    pub source: CustomerSource,
}

/// How the customer was identified (first document's scenario).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSource {
    /// The storefront's Integration ID.
    IntegrationId,
    /// The Default MisID setting.
    DefaultMisId,
    /// The Pace contacts with the ordering user's e-mail.
    ContactEmail,
    /// A new customer is created.
    New,
}

/// One Pace job of the plan, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobOverview {
    /// Local reference, e.g. `job#1`.
    pub reference: String,
    /// The job description.
    pub description: String,
    /// PO number.
    pub po_number: String,
    /// Scheduled ship and promise date.
    pub promise_date: NaiveDate,
    /// Original quoted price / amount to invoice.
    pub price: Decimal,
    /// Number of parts.
    pub parts: usize,
    /// Number of shipments.
    pub shipments: usize,
    /// The Pressero items (item numbers) whose parts the job holds: the items that get this
    /// job's number as their `MisId` after the sync.
    #[serde(default)]
    pub item_numbers: Vec<u32>,
}

/// One step of the plan: create, update or use one Pace object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    /// The object's stable local reference (`customer`, `contact#1`, `job#1`, `job#1/part#2`,
    /// `job#1/shipment#1/carton#1`, …). A create step and its override step share it.
    pub reference: String,
    /// The Pace type.
    pub object: PaceObject,
    /// What to do.
    pub action: StepAction,
    /// The fields to send, with Pace field names, in a fixed order.
    pub fields: Vec<PaceField>,
    /// References of the objects that must exist first.
    pub depends_on: Vec<String>,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum StepAction {
    /// The object already exists in Pace under this key: nothing is written.
    UseExisting {
        /// The Pace key.
        key: String,
    },
    /// Create the object with the fields.
    Create,
    /// Pace created this object itself when it created `created_by` (part 01 of a new job):
    /// find it and update it with the fields.
    UpdateAutoCreated {
        /// The reference of the object whose creation made it.
        created_by: String,
    },
    /// Update the object just created, re-sending the fields that Pace's template defaults may
    /// have replaced (specification steps 4 and 5).
    OverrideTemplateDefaults,
}

/// A production file and the name it is delivered under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileTarget {
    /// The job it belongs to.
    pub job: String,
    /// The Pressero item number.
    pub item_number: u32,
    /// The file's number within the item (from 1).
    pub file_number: usize,
    /// Pressero's file id.
    pub file_id: String,
    /// Where Pressero serves the file.
    pub url: String,
    /// The original file name.
    pub original_name: String,
    /// The name to give it (the job name with Override file name on, else the original name).
    pub target_name: String,
    /// The file's size in bytes, when Pressero said: lets apply choose between attaching it and
    /// linking to it without downloading it first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
}

/// A problem that did not stop the order, for the alert e-mail and the order's trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAlert {
    /// Which problem it is, with its details (what the alert e-mail is composed from).
    pub kind: PlanAlertKind,
    /// What happened and what to do.
    pub message: String,
}

/// The problems that do not stop an order but that staff are told about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "alert", rename_all = "snake_case")]
pub enum PlanAlertKind {
    /// A configured customer id is not a usable Pace customer and was ignored (first document:
    /// "notify … about invalid Customer ID in settings").
    InvalidCustomerId {
        /// Where the id was configured.
        source: CustomerIdSetting,
        /// The id as configured.
        value: String,
        /// Whether Pace does not have it or has it inactive.
        problem: InvalidCustomerId,
    },
    /// The buyer's e-mail leads to several Pace customers (their contacts', or their own
    /// e-mail); the one whose name is the order's business name was chosen (first document:
    /// "matches them with the customer's Business name").
    CustomerChosenByBusinessName {
        /// The buyer's e-mail.
        email: String,
        /// The customer chosen.
        chosen: String,
        /// The other customers the e-mail leads to.
        others: Vec<String>,
    },
    /// An item's product has no `materialID` attribute, so its part got no material.
    MaterialMissing {
        /// The Pressero item number.
        item: u32,
    },
    /// A text was longer than Pace takes in its field and was cut (`plan/fields.rs`, "Text
    /// lengths").
    TextCut {
        /// The Pace type, e.g. `Contact`.
        object: String,
        /// The field, e.g. `companyName`.
        field: String,
        /// The longest text the field takes.
        limit: usize,
        /// The value as it was in Pressero.
        original: String,
        /// The value as sent.
        sent: String,
    },
}

/// Where a configured Pace customer id comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerIdSetting {
    /// The storefront's Integration ID (in Pressero).
    IntegrationId,
    /// The Default MisID setting.
    DefaultMisId,
}

/// Why a configured customer id cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidCustomerId {
    /// Pace has no customer with that id.
    NotFound,
    /// The Pace customer is inactive.
    Inactive,
}

impl OrderPlan {
    /// The steps that write to Pace (everything but [`StepAction::UseExisting`]).
    pub fn writes(&self) -> impl Iterator<Item = &PlanStep> {
        self.steps
            .iter()
            .filter(|s| !matches!(s.action, StepAction::UseExisting { .. }))
    }

    /// The first step planned under `reference`.
    pub fn step(&self, reference: &str) -> Option<&PlanStep> {
        self.steps.iter().find(|s| s.reference == reference)
    }
}

impl PlanStep {
    /// The value of field `name`, if the step sends it.
    pub fn field(&self, name: &str) -> Option<&FieldValue> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.value)
    }
}
