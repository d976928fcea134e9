//! The plan as staff read it: one line per thing that happens in Pace.

use super::fields::{FieldValue, PaceObject, job, job_part, job_shipment};
use super::jobs::money;
use super::model::{CustomerSource, OrderPlan, PlanStep, StepAction};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A readable summary of the plan, e.g.
/// `Create Job for customer ACME (Acme Corporation): '10001-Acme Store', PO 4471, promise 2026-11-30, price 120.00`.
pub fn summary(plan: &OrderPlan) -> String {
    summary_with_done(plan, &BTreeMap::new())
}

/// The same summary for an order some of whose steps were already sent: a step named in `done`
/// (step reference → Pace key, from the order's journal) reads "already in Pace as <key>"
/// instead of "Create …". Updates that override template defaults are re-sent by apply, so they
/// read as usual.
pub fn summary_with_done(plan: &OrderPlan, done: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let customer = &plan.customer;
    let how = match customer.source {
        CustomerSource::IntegrationId => "the site's Integration ID",
        CustomerSource::DefaultMisId => "the Default MisID",
        CustomerSource::ContactEmail => "the ordering user's e-mail",
        CustomerSource::New => "new customer, to be created",
    };
    let _ = writeln!(
        out,
        "Order {} from site '{}': customer {} ({}), found by {how}",
        plan.order_number, plan.site_name, customer.id, customer.name
    );
    for step in &plan.steps {
        let sent = match step.action {
            StepAction::Create | StepAction::UpdateAutoCreated { .. } => done.get(&step.reference),
            _ => None,
        };
        if let Some(key) = sent {
            let _ = writeln!(
                out,
                "{} {}: already in Pace as {key}",
                step.object.type_name(),
                step.reference
            );
        } else if let Some(line) = step_line(plan, step) {
            let _ = writeln!(out, "{line}");
        }
    }
    for file in &plan.files {
        let _ = writeln!(
            out,
            "File for {} (item {}): '{}' delivered as '{}'",
            file.job, file.item_number, file.original_name, file.target_name
        );
    }
    for alert in &plan.alerts {
        let _ = writeln!(out, "Alert: {}", alert.message);
    }
    out
}

fn step_line(plan: &OrderPlan, step: &PlanStep) -> Option<String> {
    let text = |name: &str| match step.field(name) {
        Some(FieldValue::Text(t)) => t.clone(),
        Some(FieldValue::Int(n)) => n.to_string(),
        Some(FieldValue::Money(m)) => money(*m),
        _ => String::new(),
    };
    let customer = &plan.customer;
    let line = match (&step.action, step.object) {
        (StepAction::UseExisting { key }, PaceObject::Contact) => {
            format!("Use contact {key} ({})", step.reference)
        }
        (StepAction::UseExisting { .. }, _) => return None,
        (StepAction::OverrideTemplateDefaults, _) => format!(
            "Update {} {} again to override template defaults",
            step.object.type_name(),
            step.reference
        ),
        (_, PaceObject::Customer) => format!("Create customer {} ({})", customer.id, customer.name),
        (_, PaceObject::Contact) => format!(
            "Create contact {} {} <{}> ({})",
            text("firstName"),
            text("lastName"),
            text("email"),
            step.reference
        ),
        (_, PaceObject::Job) => {
            let overview = plan.jobs.iter().find(|j| j.reference == step.reference)?;
            format!(
                "Create Job {} for customer {} ({}): '{}', PO {}, promise {}, price {}{}",
                step.reference,
                customer.id,
                customer.name,
                overview.description,
                overview.po_number,
                overview.promise_date,
                money(overview.price),
                with_template(&text(job::ITEM_TEMPLATE))
            )
        }
        (action, PaceObject::JobPart) => format!(
            "{} part {}: '{}', quantity {}, quoted {}, freight {}{}",
            if matches!(action, StepAction::UpdateAutoCreated { .. }) {
                "Fill in"
            } else {
                "Create"
            },
            step.reference,
            text(job_part::DESCRIPTION),
            text(job_part::QTY_ORDERED),
            text(job_part::QUOTED_PRICE),
            text(job_part::FREIGHT_AMT),
            with_template(&text(job_part::ITEM_TEMPLATE))
        ),
        (_, PaceObject::JobMaterial) => format!(
            "Add material {} × {} to {}",
            text("inventoryItem"),
            text("plannedQuantity"),
            step.reference
                .rsplit_once('/')
                .map(|(part, _)| part)
                .unwrap_or_default()
        ),
        (_, PaceObject::JobShipment) => {
            let via = text(job_shipment::SHIP_VIA);
            let account = text(job_shipment::ACCOUNT_NUMBER);
            format!(
                "Create shipment {} to '{}', {}, quantity {}{}{}",
                step.reference,
                text(job_shipment::NAME),
                text("city"),
                text(job_shipment::PLANNED_QUANTITY),
                if via.is_empty() {
                    String::new()
                } else {
                    format!(", ship via {via}")
                },
                if account.is_empty() {
                    String::new()
                } else {
                    format!(", account {account} (third party)")
                }
            )
        }
        (_, PaceObject::Carton) => format!(
            "Create carton {} with quantity {}",
            step.reference,
            text("quantity")
        ),
        (_, PaceObject::CartonContent) => {
            let part = step.fields.iter().find_map(|f| match &f.value {
                FieldValue::PartNumberOf(part) => Some(part.clone()),
                _ => None,
            });
            format!(
                "Put {} of {} in {}",
                text("quantity"),
                part.unwrap_or_default(),
                step.reference
                    .rsplit_once('/')
                    .map(|(carton, _)| carton)
                    .unwrap_or_default()
            )
        }
    };
    Some(line)
}

/// `, template CODE` when a template code is set.
fn with_template(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!(", template {code}")
    }
}
