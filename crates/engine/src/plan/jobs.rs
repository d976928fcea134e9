//! Steps 4 and 5 of the specification: the jobs, their parts and materials (Job and Job Part
//! tables, with the second document's extras: description template, PO fallback, one job per
//! order item, job and file names).

use super::PlanContext;
use super::customer::{CUSTOMER_REFERENCE, join_names};
use super::error::PlanError;
use super::fields::{FieldList, PaceObject, cents, job, job_material, job_part};
use super::freight::{allocate, share_by_price};
use super::job_reference::{item_job_reference, job_reference};
use super::model::{FileTarget, JobOverview, PlanAlert, PlanAlertKind, PlanStep, StepAction};
use super::totals::{item_discounts, job_and_part_prices};
use crate::settings::{DescriptionTemplate, PoFallback, SettingsProblem};
use chrono::NaiveDate;
use pressero::order::{Order, OrderItem, ProductionFile};
use rust_decimal::Decimal;

/// One part of a job: an item with its share of money (its price, its share of the order's
/// discount, its tax and freight; split evenly when the item is split over several jobs). What
/// the part is quoted at is decided with the job's price ([`super::totals`]).
#[derive(Debug, Clone)]
pub(crate) struct PartShare<'a> {
    pub reference: String,
    pub item: &'a OrderItem,
    pub price: Decimal,
    pub discount: Decimal,
    pub tax: Decimal,
    pub freight: Decimal,
}

/// One Pace job of the plan, before its steps are written.
#[derive(Debug, Clone)]
pub(crate) struct JobGroup<'a> {
    pub reference: String,
    pub description: String,
    pub pace_reference: String,
    pub requested: Option<NaiveDate>,
    pub parts: Vec<PartShare<'a>>,
    /// Production files: the item, the file's number within it (from 1), the file.
    pub files: Vec<(&'a OrderItem, usize, &'a ProductionFile)>,
}

/// Each item's share of the order's shipping: the items' own shipping when every item of the
/// order (denied and waiting ones too: order totals stay as placed) adds up to the order's,
/// else the order's shipping shared out by price over every item of the order. Either way an
/// item that is not sent (denied, quantity 0) keeps its share: it is never charged to the others.
pub(crate) fn item_freight(order: &Order, items: &[&OrderItem]) -> Vec<Decimal> {
    let all = &order.items;
    let own: Decimal = all.iter().map(|i| i.shipping).sum();
    if own == order.totals.shipping && all.iter().all(|i| !i.shipping.is_sign_negative()) {
        return items.iter().map(|i| i.shipping).collect();
    }
    share_by_price(order.totals.shipping, all, items)
}

/// Groups the items into jobs: one job for the order, or (One job per order item) one per item
/// and uploaded file, with the item's money split evenly over its files.
pub(crate) fn group_jobs<'a>(
    ctx: &PlanContext<'a>,
    items: &[&'a OrderItem],
) -> Result<Vec<JobGroup<'a>>, PlanError> {
    let order = ctx.order;
    let freight = item_freight(order, items);
    let discounts = item_discounts(order, items);
    if !ctx.settings.jobs.one_job_per_item {
        let (field, template_text) = ctx.settings.job_description_setting(&order.site.site_name);
        let template =
            DescriptionTemplate::parse(template_text).map_err(|problem| PlanError::Settings {
                order: order.order_number,
                problems: vec![SettingsProblem::new(&field, problem.to_string())],
            })?;
        let reference = "job#1".to_owned();
        let parts = items
            .iter()
            .zip(freight)
            .zip(discounts)
            .enumerate()
            .map(|(index, ((item, freight), discount))| PartShare {
                reference: format!("{reference}/part#{}", index + 1),
                item,
                price: item.price,
                discount,
                tax: item.tax,
                freight,
            })
            .collect();
        let files = items
            .iter()
            .flat_map(|item| {
                item.files
                    .iter()
                    .enumerate()
                    .map(move |(k, f)| (*item, k + 1, f))
            })
            .collect();
        return Ok(vec![JobGroup {
            reference,
            description: template.render(order.order_number, &order.site.site_name),
            pace_reference: job_reference(order.order_number),
            requested: order
                .requested_ship_date
                .or_else(|| items.iter().filter_map(|i| i.requested_ship_date).min()),
            parts,
            files,
        }]);
    }
    let mut groups = Vec::new();
    for ((item, freight), discount) in items.iter().zip(freight).zip(discounts) {
        let copies = item.files.len().max(1);
        let even = vec![Decimal::ONE; copies];
        let prices = allocate(item.price, &even);
        let item_discounts = allocate(discount, &even);
        let taxes = allocate(item.tax, &even);
        let freights = allocate(freight, &even);
        for file_number in 1..=copies {
            let reference = format!("job#{}", groups.len() + 1);
            groups.push(JobGroup {
                description: job_name(ctx, item, file_number),
                pace_reference: item_job_reference(
                    order.order_number,
                    item.item_number,
                    file_number,
                ),
                requested: item.requested_ship_date.or(order.requested_ship_date),
                parts: vec![PartShare {
                    reference: format!("{reference}/part#1"),
                    item,
                    price: prices[file_number - 1],
                    discount: item_discounts[file_number - 1],
                    tax: taxes[file_number - 1],
                    freight: freights[file_number - 1],
                }],
                files: item
                    .files
                    .get(file_number - 1)
                    .map(|f| (*item, file_number, f))
                    .into_iter()
                    .collect(),
                reference,
            });
        }
    }
    Ok(groups)
}

/// The job name of an item's file (second document, "Override job name"): always
/// `{order number}-{order item seq}-{file num}` when the setting is on; else the item's name,
/// falling back to that format.
fn job_name(ctx: &PlanContext<'_>, item: &OrderItem, file_number: usize) -> String {
    let formatted = format!(
        "{}-{}-{file_number}",
        ctx.order.order_number, item.item_number
    );
    if ctx.settings.jobs.override_job_name || item.item_name.trim().is_empty() {
        formatted
    } else {
        item.item_name.trim().to_owned()
    }
}

/// The name a production file is delivered under: the job name plus the file's extension with
/// Override file name on (numbered when an item name is shared by several files), else the
/// original name.
pub(crate) fn file_targets(ctx: &PlanContext<'_>, group: &JobGroup<'_>) -> Vec<FileTarget> {
    group
        .files
        .iter()
        .map(|&(item, number, file)| {
            let target_name = if ctx.settings.jobs.override_file_name {
                let mut name = job_name(ctx, item, number);
                if !name.ends_with(&format!("-{number}")) && item.files.len() > 1 {
                    name = format!("{name}-{number}");
                }
                match file.file_name.rsplit_once('.') {
                    Some((_, extension)) if !extension.is_empty() => format!("{name}.{extension}"),
                    _ => name,
                }
            } else {
                file.file_name.clone()
            };
            FileTarget {
                job: group.reference.clone(),
                item_number: item.item_number,
                file_number: number,
                file_id: file.file_id.clone(),
                url: file.url.clone(),
                original_name: file.file_name.clone(),
                target_name,
                size_bytes: file.size_bytes,
            }
        })
        .collect()
}

/// The job's steps (create, then override template defaults), its parts' and materials' steps,
/// and its overview (shipments counted later).
pub(crate) fn job_steps(
    ctx: &PlanContext<'_>,
    group: &JobGroup<'_>,
    alerts: &mut Vec<PlanAlert>,
) -> Result<(Vec<PlanStep>, JobOverview), PlanError> {
    let order = ctx.order;
    let rule = &ctx.site_rule.rule;
    let first = group.parts.first().map(|p| p.item);
    let template_code = first
        .map(|item| item.product_integration_id.trim())
        .unwrap_or_default();
    let job_type = ctx.settings.job_type(&order.site.site_name);
    ctx.check_job_type(job_type, "the Job Type setting")?;
    let (price, part_prices) =
        job_and_part_prices(order, &group.parts, rule.include_tax_and_shipping);
    let promise_date = ctx.schedule.promise_date(group.requested, ctx.order_day);
    let po_number = match (order.po_number.trim(), &ctx.settings.jobs.po_fallback) {
        ("", PoFallback::OrderNumber) => order.order_number.to_string(),
        ("", PoFallback::Fixed(text)) => text.trim().to_owned(),
        (given, _) => given.to_owned(),
    };
    let user = &order.ordered_by;
    let mut list = FieldList::default();
    list.key_of(job::CUSTOMER, CUSTOMER_REFERENCE)
        .text(job::DESCRIPTION, &group.description)
        .int(job::JOB_TYPE, job_type)
        .text(job::CONTACT_FIRST_NAME, &user.first_name)
        .text(job::CONTACT_LAST_NAME, &user.last_name)
        .text(job::PO_NUM, &po_number)
        .date(job::DATE_SETUP, ctx.today)
        .text(job::ADMIN_STATUS, &rule.admin_status)
        .date(job::SCHEDULED_SHIP_DATE, promise_date)
        .date(job::PROMISE_DATE, promise_date)
        .money(job::ORIGINAL_QUOTED_PRICE, price)
        .money(job::AMOUNT_TO_INVOICE, price)
        .text(job::ITEM_TEMPLATE, template_code);
    if let Some(item) = first.filter(|_| !template_code.is_empty()) {
        list.int(job::PART1_QUANTITY_ORDERED, quantity(item));
    }
    list.text(
        job::DESCRIPTION2,
        &job_additional_description(ctx, group, template_code),
    )
    .text(job::REFERENCE, &group.pace_reference);
    let mut steps = vec![
        PlanStep {
            reference: group.reference.clone(),
            object: PaceObject::Job,
            action: StepAction::Create,
            fields: list.without(&[]),
            depends_on: vec![CUSTOMER_REFERENCE.to_owned()],
        },
        PlanStep {
            reference: group.reference.clone(),
            object: PaceObject::Job,
            action: StepAction::OverrideTemplateDefaults,
            fields: list.without(&[
                job::CUSTOMER,
                job::ITEM_TEMPLATE,
                job::PART1_QUANTITY_ORDERED,
                job::REFERENCE,
            ]),
            depends_on: vec![group.reference.clone()],
        },
    ];
    let mut materials = Vec::new();
    for (index, (part, part_price)) in group.parts.iter().zip(part_prices).enumerate() {
        steps.extend(part_steps(ctx, group, part, part_price, index == 0)?);
        materials.extend(material_step(ctx, group, part, alerts));
    }
    steps.extend(materials);
    let overview = JobOverview {
        reference: group.reference.clone(),
        description: group.description.clone(),
        po_number,
        promise_date,
        price: cents(price),
        parts: group.parts.len(),
        shipments: 0,
        item_numbers: group.parts.iter().map(|p| p.item.item_number).collect(),
    };
    Ok((steps, overview))
}

fn part_steps(
    ctx: &PlanContext<'_>,
    group: &JobGroup<'_>,
    part: &PartShare<'_>,
    quoted_price: Decimal,
    first: bool,
) -> Result<Vec<PlanStep>, PlanError> {
    let order = ctx.order;
    let item = part.item;
    let job_type = match item.attribute("JobType") {
        Some(value) => {
            let job_type =
                value
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| PlanError::BadJobTypeAttribute {
                        order: order.order_number,
                        item: item.item_number,
                        value: value.to_owned(),
                    })?;
            ctx.check_job_type(
                job_type,
                &format!("item {}'s product attribute JobType", item.item_number),
            )?;
            job_type
        }
        None => ctx.settings.job_type(&order.site.site_name),
    };
    let template_code = item.product_integration_id.trim();
    if !template_code.is_empty() && !ctx.facts.item_templates.contains(template_code) {
        return Err(PlanError::UnknownItemTemplate {
            order: order.order_number,
            item: item.item_number,
            code: template_code.to_owned(),
        });
    }
    // Held to its 64 characters (second document) with every other text: `fields::text_limit`.
    let description = format!(
        "{}-{} {}",
        order.order_number,
        item.item_number,
        item.product_name.trim()
    );
    let mut list = FieldList::default();
    list.key_of(job_part::JOB, &group.reference)
        .text(job_part::DESCRIPTION, &description)
        .int(job_part::JOB_TYPE, job_type)
        .date(job_part::DATE_SETUP, ctx.today)
        .money(job_part::FREIGHT_AMT, part.freight)
        .money(job_part::QUOTED_PRICE, quoted_price)
        .int(job_part::QTY_ORDERED, quantity(item))
        .text(job_part::ITEM_TEMPLATE, template_code)
        .text(job_part::ADDITIONAL_DESCRIPTION, &pricing_description(item));
    let overrides = list.without(&[job_part::JOB, job_part::ITEM_TEMPLATE]);
    if first {
        return Ok(vec![PlanStep {
            reference: part.reference.clone(),
            object: PaceObject::JobPart,
            action: StepAction::UpdateAutoCreated {
                created_by: group.reference.clone(),
            },
            fields: overrides,
            depends_on: vec![group.reference.clone()],
        }]);
    }
    Ok(vec![
        PlanStep {
            reference: part.reference.clone(),
            object: PaceObject::JobPart,
            action: StepAction::Create,
            fields: list.into_fields(),
            depends_on: vec![group.reference.clone()],
        },
        PlanStep {
            reference: part.reference.clone(),
            object: PaceObject::JobPart,
            action: StepAction::OverrideTemplateDefaults,
            fields: overrides,
            depends_on: vec![part.reference.clone()],
        },
    ])
}

fn material_step(
    ctx: &PlanContext<'_>,
    group: &JobGroup<'_>,
    part: &PartShare<'_>,
    alerts: &mut Vec<PlanAlert>,
) -> Option<PlanStep> {
    if !ctx.site_rule.rule.add_material_information {
        return None;
    }
    let Some(material) = part.item.attribute("materialID") else {
        alerts.push(PlanAlert {
            kind: PlanAlertKind::MaterialMissing {
                item: part.item.item_number,
            },
            message: format!(
                "order {}: item {}'s product has no materialID attribute, so no material was added to its part (addMaterialInformation is on for site \"{}\")",
                ctx.order.order_number, part.item.item_number, ctx.order.site.site_name
            ),
        });
        return None;
    };
    let mut list = FieldList::default();
    list.key_of(job_material::JOB, &group.reference)
        .part_number_of(job_material::JOB_PART, &part.reference)
        .text(job_material::INVENTORY_ITEM, material)
        .int(job_material::PLANNED_QUANTITY, quantity(part.item));
    Some(PlanStep {
        reference: format!("{}/material#1", part.reference),
        object: PaceObject::JobMaterial,
        action: StepAction::Create,
        fields: list.into_fields(),
        depends_on: vec![part.reference.clone()],
    })
}

/// The job's additional description (`description2`): the user's name with setUserToDescription;
/// else the order notes when the job has a template; else products, price, shipping, tax and
/// quantity.
fn job_additional_description(
    ctx: &PlanContext<'_>,
    group: &JobGroup<'_>,
    template_code: &str,
) -> String {
    let order = ctx.order;
    if ctx.site_rule.rule.set_user_to_description {
        return join_names(&[&order.ordered_by.first_name, &order.ordered_by.last_name]);
    }
    if !template_code.is_empty() {
        return order.notes.trim().to_owned();
    }
    let names: Vec<&str> = group
        .parts
        .iter()
        .map(|p| p.item.product_name.trim())
        .collect();
    let price: Decimal = group.parts.iter().map(|p| p.price).sum();
    let shipping: Decimal = group.parts.iter().map(|p| p.freight).sum();
    let tax: Decimal = group.parts.iter().map(|p| p.tax).sum();
    let quantity: u64 = group.parts.iter().map(|p| p.item.quantity).sum();
    format!(
        "Products: {}\nPrice: {}\nShipping: {}\nTax: {}\nQuantity: {quantity}",
        names.join(", "),
        money(price),
        money(shipping),
        money(tax)
    )
}

/// The part's additional description: the pricing parameters the buyer chose, one per line, or
/// Pressero's pricing summary when there are none.
fn pricing_description(item: &OrderItem) -> String {
    if item.pricing_parameters.is_empty() {
        return item.pricing_summary.trim().to_owned();
    }
    item.pricing_parameters
        .iter()
        .map(|p| format!("{}: {}", p.name.trim(), p.value.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Money as staff read it: two decimals at least.
pub(crate) fn money(amount: Decimal) -> String {
    cents(amount).to_string()
}

/// An item quantity as a Pace int.
fn quantity(item: &OrderItem) -> i64 {
    i64::try_from(item.quantity).unwrap_or(i64::MAX)
}
