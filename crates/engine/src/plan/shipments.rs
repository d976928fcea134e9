//! Step 6 of the specification: one shipment per unique ship-to address of a job (or, with
//! Enable Carton Contents, per shipment group: address + shipping method), with its ship-to
//! contact, ship via and account from the Accounts rules. Without carton contents, one carton
//! holds the whole quantity with Pace's default content; with them, the group's items share one
//! carton, except "Will Ship Separately" items, each placed in a carton of its own (first
//! document, "Enable Carton Contents"), and each carton gets one carton content per part.

use super::PlanContext;
use super::countries::country_fields;
use super::customer::{
    Location, PlannedContact, address_fields, first_filled, join_names, same_contact, ship_to_phone,
};
use super::error::PlanError;
use super::fields::{self, FieldList, PaceObject, carton, carton_content, job_shipment};
use super::jobs::{JobGroup, PartShare};
use super::model::{PlanStep, StepAction};
use pressero::order::Address;

/// What makes two parts share a shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ShipmentKey {
    address: [String; 10],
    method: Option<String>,
}

impl ShipmentKey {
    /// Carton contents group by method too; so does an item that had no ship-to address
    /// (`plan/pickup.rs`).
    fn of(part: &PartShare<'_>, carton_contents: bool, without_address: &[String]) -> Self {
        let by_method = carton_contents || without_address.contains(&part.item.item_id);
        let a = &part.item.ship_to;
        let address = [
            &a.business,
            &a.first_name,
            &a.last_name,
            &a.address1,
            &a.address2,
            &a.address3,
            &a.city,
            &a.state_province,
            &a.postal,
            &a.country,
        ]
        .map(|s| s.trim().to_lowercase());
        Self {
            address,
            method: by_method.then(|| part.item.shipping_method.trim().to_lowercase()),
        }
    }
}

/// The shipment, carton and carton-content steps of one job.
pub(crate) fn shipment_steps(
    ctx: &PlanContext<'_>,
    group: &JobGroup<'_>,
    contacts: &[PlannedContact],
) -> Result<(Vec<PlanStep>, usize), PlanError> {
    let carton_contents = ctx.settings.shipments.enable_carton_contents;
    let mut shipments: Vec<(ShipmentKey, Vec<&PartShare<'_>>)> = Vec::new();
    for part in &group.parts {
        let key = ShipmentKey::of(part, carton_contents, &ctx.without_address);
        match shipments.iter_mut().find(|(k, _)| *k == key) {
            Some((_, parts)) => parts.push(part),
            None => shipments.push((key, vec![part])),
        }
    }
    let mut steps = Vec::new();
    for (index, (_, parts)) in shipments.iter().enumerate() {
        let reference = format!("{}/shipment#{}", group.reference, index + 1);
        steps.extend(one_shipment(ctx, group, &reference, parts, contacts)?);
    }
    Ok((steps, shipments.len()))
}

fn one_shipment(
    ctx: &PlanContext<'_>,
    group: &JobGroup<'_>,
    reference: &str,
    parts: &[&PartShare<'_>],
    contacts: &[PlannedContact],
) -> Result<Vec<PlanStep>, PlanError> {
    let order = ctx.order;
    let Some(first) = parts.first() else {
        return Ok(Vec::new());
    };
    let ship_to = &first.item.ship_to;
    let method = first.item.shipping_method.trim();
    let (ship_via, account) = account_rule(ctx, ship_to, method)?;
    let location = Location::of(first.item, order);
    let contact = contacts
        .iter()
        .find(|c| same_contact(ctx.settings.customers.contact_match, &c.location, &location))
        .map(|c| c.reference.clone());
    let total: u64 = parts.iter().map(|p| p.item.quantity).sum();
    let total = i64::try_from(total).unwrap_or(i64::MAX);
    let settings = &ctx.settings.shipments;
    let name = if ship_to.business.trim().is_empty() {
        join_names(&[&ship_to.first_name, &ship_to.last_name])
    } else {
        ship_to.business.trim().to_owned()
    };
    let mut list = FieldList::default();
    list.key_of(job_shipment::JOB, &group.reference)
        .text(job_shipment::NAME, &name)
        .text(job_shipment::CONTACT_FIRST_NAME, &ship_to.first_name)
        .text(job_shipment::CONTACT_LAST_NAME, &ship_to.last_name)
        .text(
            job_shipment::EMAIL,
            first_filled(&ship_to.email, &order.ordered_by.email),
        )
        .text(job_shipment::PHONE, ship_to_phone(first.item, order));
    address_fields(&mut list, ship_to);
    country_fields(ctx, first.item, &mut list)?;
    if let Some(contact) = &contact {
        list.key_of(job_shipment::CONTACT_NUMBER, contact);
    }
    list.int(job_shipment::PLANNED_QUANTITY, total)
        .maybe_int(job_shipment::SHIP_VIA, ship_via)
        .text(
            job_shipment::ACCOUNT_NUMBER,
            account.as_deref().unwrap_or_default(),
        );
    if account.is_some() {
        list.text(job_shipment::CHARGES, fields::THIRD_PARTY_CHARGES);
    }
    list.maybe_int(job_shipment::SHIPMENT_TYPE, settings.shipment_type_code)
        .text(job_shipment::SHIPPER_NAME, &settings.shipper_name);
    let mut depends_on = vec![group.reference.clone()];
    depends_on.extend(contact);
    let mut steps = vec![PlanStep {
        reference: reference.to_owned(),
        object: PaceObject::JobShipment,
        action: StepAction::Create,
        fields: list.into_fields(),
        depends_on,
    }];
    let with_contents = settings.enable_carton_contents;
    for (index, carton_parts) in cartons(parts, with_contents).iter().enumerate() {
        let carton_reference = format!("{reference}/carton#{}", index + 1);
        steps.extend(carton_steps(
            group,
            reference,
            &carton_reference,
            carton_parts,
            with_contents,
        ));
    }
    Ok(steps)
}

/// The parts of each carton of a shipment: all in one carton; with carton contents, the parts
/// that ship together in one and each "Will Ship Separately" part in its own.
fn cartons<'p, 'a>(
    parts: &[&'p PartShare<'a>],
    with_contents: bool,
) -> Vec<Vec<&'p PartShare<'a>>> {
    if !with_contents {
        return vec![parts.to_vec()];
    }
    let (alone, together): (Vec<&PartShare<'_>>, Vec<&PartShare<'_>>) =
        parts.iter().partition(|p| p.item.ships_separately);
    let mut cartons = Vec::new();
    if !together.is_empty() {
        cartons.push(together);
    }
    cartons.extend(alone.into_iter().map(|part| vec![part]));
    cartons
}

/// One carton (count 1, the parts' whole quantity) and, with carton contents, one content per
/// part instead of Pace's default content.
fn carton_steps(
    group: &JobGroup<'_>,
    shipment_reference: &str,
    carton_reference: &str,
    parts: &[&PartShare<'_>],
    with_contents: bool,
) -> Vec<PlanStep> {
    let quantity = |part: &PartShare<'_>| i64::try_from(part.item.quantity).unwrap_or(i64::MAX);
    let total = parts
        .iter()
        .map(|p| quantity(p))
        .fold(0i64, i64::saturating_add);
    let mut carton_fields = FieldList::default();
    carton_fields
        .key_of(carton::SHIPMENT, shipment_reference)
        .int(carton::COUNT, 1)
        .int(carton::QUANTITY, total)
        .flag(carton::ADD_DEFAULT_CONTENT, !with_contents);
    let mut steps = vec![PlanStep {
        reference: carton_reference.to_owned(),
        object: PaceObject::Carton,
        action: StepAction::Create,
        fields: carton_fields.into_fields(),
        depends_on: vec![shipment_reference.to_owned()],
    }];
    if !with_contents {
        return steps;
    }
    for (index, part) in parts.iter().enumerate() {
        let mut content = FieldList::default();
        content
            .key_of(carton_content::CARTON, carton_reference)
            .key_of(carton_content::JOB_PART_JOB, &group.reference)
            .part_number_of(carton_content::JOB_PART, &part.reference)
            .int(carton_content::QUANTITY, quantity(part));
        steps.push(PlanStep {
            reference: format!("{carton_reference}/content#{}", index + 1),
            object: PaceObject::CartonContent,
            action: StepAction::Create,
            fields: content.into_fields(),
            depends_on: vec![carton_reference.to_owned(), part.reference.clone()],
        });
    }
    steps
}

/// Ship via and account number of a shipment from the Accounts rules. No rules at all: neither
/// is sent. Rules, but none matching: the order stops.
fn account_rule(
    ctx: &PlanContext<'_>,
    ship_to: &Address,
    method: &str,
) -> Result<(Option<i64>, Option<String>), PlanError> {
    let order = ctx.order;
    let rules = &ctx.rules.accounts;
    if rules.is_empty() {
        return Ok((None, None));
    }
    let found = rules
        .find(&order.site.site_name, method, ship_to, &ctx.facts.ship_vias)
        .ok_or_else(|| PlanError::NoAccountRule {
            order: order.order_number,
            ship_to: describe_address(ship_to),
            method: method.to_owned(),
        })?;
    if let Some(id) = found.ship_via
        && !ctx.facts.ship_vias.iter().any(|v| v.id == id && v.active)
    {
        return Err(PlanError::UnknownShipVia {
            order: order.order_number,
            rule: found.rule_position,
            ship_via: id,
        });
    }
    Ok((found.ship_via, found.account))
}

fn describe_address(a: &Address) -> String {
    [
        &a.business,
        &a.address1,
        &a.address2,
        &a.city,
        &a.state_province,
        &a.postal,
    ]
    .into_iter()
    .map(|s| s.trim())
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}
