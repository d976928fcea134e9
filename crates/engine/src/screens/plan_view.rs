//! "What will be created in Pace" (the detail's Preview plan): the plan's summary lines, every
//! step with the Pace fields it sends, the plan's alerts, or why nothing would be sent.

use super::orders::ErrorView;
use crate::plan::{FieldValue, PlanStep, StepAction};
use crate::service::Preview;
use crate::worker::{SyncFailure, classify};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PlanStepView {
    /// The step's local reference (`job#1/part#2` …).
    pub reference: String,
    /// `Create`, `Update` or `Use existing`.
    pub action: String,
    /// The Pace type (`Job`, `JobShipment` …).
    pub object: String,
    /// Pace field name and value, in the order they are sent.
    pub fields: Vec<(String, String)>,
    /// Whether the order's journal has it as done already.
    pub done: bool,
}

/// What syncing an order would do (or did).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PlanView {
    /// The plan as staff read it, a line per thing that happens in Pace.
    pub summary: Vec<String>,
    /// Every step.
    pub steps: Vec<PlanStepView>,
    /// What staff should know that did not stop the order.
    pub alerts: Vec<String>,
    /// Why nothing would be sent, when so.
    pub skip: Option<String>,
    /// Why the order cannot be planned as it stands, with the fix.
    pub error: Option<ErrorView>,
}

impl PlanView {
    /// The view of `preview`; steps in `done` (reference → Pace key) are marked done.
    pub fn new(preview: &Preview, done: &BTreeMap<String, String>) -> Self {
        let empty = PlanView {
            summary: Vec::new(),
            steps: Vec::new(),
            alerts: Vec::new(),
            skip: None,
            error: None,
        };
        match preview {
            Preview::Plan { plan, summary } => PlanView {
                summary: summary.lines().map(str::to_owned).collect(),
                steps: plan
                    .steps
                    .iter()
                    .map(|step| step_view(step, done))
                    .collect(),
                alerts: plan.alerts.iter().map(|a| a.message.clone()).collect(),
                ..empty
            },
            Preview::Skip { reason } => PlanView {
                skip: Some(reason.clone()),
                ..empty
            },
            Preview::Blocked { error, .. } => PlanView {
                error: Some(ErrorView::from(&classify(&SyncFailure::Plan(
                    error.clone(),
                )))),
                ..empty
            },
        }
    }
}

fn step_view(step: &PlanStep, done: &BTreeMap<String, String>) -> PlanStepView {
    let action = match &step.action {
        StepAction::UseExisting { .. } => "Use existing",
        StepAction::Create => "Create",
        StepAction::UpdateAutoCreated { .. } | StepAction::OverrideTemplateDefaults => "Update",
    };
    let mut fields: Vec<(String, String)> = step
        .fields
        .iter()
        .map(|field| (field.name.clone(), value_text(&field.value)))
        .collect();
    if let StepAction::UseExisting { key } = &step.action {
        fields.insert(0, ("key".to_owned(), key.clone()));
    }
    PlanStepView {
        reference: step.reference.clone(),
        action: action.to_owned(),
        object: step.object.type_name().to_owned(),
        fields,
        done: done.contains_key(&step.reference)
            || matches!(step.action, StepAction::UseExisting { .. }),
    }
}

/// A field's value as staff read it; keys of objects created earlier in the plan read
/// "(key of job#1)" since Pace assigns them.
fn value_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(text) => text.clone(),
        FieldValue::Int(number) => number.to_string(),
        FieldValue::Money(amount) => amount.to_string(),
        FieldValue::Bool(flag) => flag.to_string(),
        FieldValue::Date(date) => date.to_string(),
        FieldValue::KeyOf(reference) => format!("(key of {reference})"),
        FieldValue::PartNumberOf(reference) => format!("(part number of {reference})"),
    }
}
