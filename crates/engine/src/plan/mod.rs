//! The order plan: given a Pressero order, the shop's settings and what Pace already holds,
//! decide exactly what to create in Pace.
//!
//! [`plan`] is pure (ARCHITECTURE.md, invariant 2): no I/O, no clock, no randomness. Everything
//! it needs from Pace is in [`PaceFacts`], looked up beforehand from the [`FactsQuery`] that
//! [`facts_needed`] lists. The resulting [`OrderPlan`] is what the UI previews ([`summary`]) and
//! what apply executes, step by step, journaling each step under its local reference.

mod countries;
mod customer;
mod dates;
mod error;
mod facts;
pub mod fields;
mod freight;
mod items;
mod job_reference;
mod jobs;
mod model;
mod pickup;
mod shipments;
mod summary;
mod totals;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

pub use customer::CUSTOMER_REFERENCE;
pub use error::PlanError;
pub use facts::{
    ContactFact, CountryFact, CustomerFact, FactsQuery, PaceFacts, ShipViaFact, facts_needed,
};
pub use fields::{FieldValue, PaceField, PaceObject};
pub use job_reference::{item_job_reference_prefix, job_reference, order_of_job_reference};
pub use model::{
    CustomerChoice, CustomerIdSetting, CustomerSource, FileTarget, InvalidCustomerId, JobOverview,
    OrderPlan, PlanAlert, PlanAlertKind, PlanOutcome, PlanStep, StepAction,
};
pub use summary::{summary, summary_with_done};

use crate::rules::{AppliedSiteRule, MappingRules};
use crate::settings::{Settings, SettingsProblem, local_day};
use chrono::NaiveDate;
use dates::Schedule;
use pressero::order::Order;
use shop_calendar::HolidayCalendar;

/// Everything the planning steps share for one order.
pub(crate) struct PlanContext<'a> {
    pub order: &'a Order,
    pub settings: &'a Settings,
    pub facts: &'a PaceFacts,
    pub today: NaiveDate,
    /// The calendar day the order was placed, in the shop's time zone.
    pub order_day: NaiveDate,
    pub rules: MappingRules,
    pub site_rule: AppliedSiteRule,
    pub schedule: Schedule,
    /// The items that had no ship-to address and were given the buyer's ([`pickup`]).
    pub without_address: Vec<String>,
}

impl PlanContext<'_> {
    /// Fails unless Pace has job type `job_type`.
    fn check_job_type(&self, job_type: i64, source_of: &str) -> Result<(), PlanError> {
        if self.facts.job_types.contains(&job_type) {
            Ok(())
        } else {
            Err(PlanError::UnknownJobType {
                order: self.order.order_number,
                job_type,
                source_of: source_of.to_owned(),
            })
        }
    }
}

/// Plans one order. `today` is the setup date of anything created (the shop's calendar day,
/// [`crate::settings::ShopSettings::day_of`]); the order's own day is counted in the shop's time
/// zone (`[shop] time_zone`).
pub fn plan(
    order: &Order,
    settings: &Settings,
    facts: &PaceFacts,
    today: NaiveDate,
) -> Result<PlanOutcome, PlanError> {
    let number = order.order_number;
    // First document, "To Enable Integration for a Site": a storefront not switched on is not
    // synced at all, before anything about the order is judged.
    if let Some(reason) = settings.storefronts.skip_reason(&order.site.site_name) {
        return Ok(PlanOutcome::Skip { reason });
    }
    let settings_error = |problems| PlanError::Settings {
        order: number,
        problems,
    };
    let without_address = pickup::items_without_address(order);
    let order = &pickup::with_ship_to_filled(order);
    let rules = MappingRules::from_settings(&settings.mapping).map_err(settings_error)?;
    let schedule = schedule(settings, &order.site.site_name).map_err(settings_error)?;
    let zone = settings
        .shop
        .zone()
        .map_err(|problem| settings_error(vec![problem]))?;
    check_order_money(order)?;
    let selection = items::select_items(order, settings.jobs.wait_for_approve);
    // WaitForApprove (second document): wait until every item is approved or denied, then send
    // only the approved ones. Sending the approved items earlier would lose the pending ones.
    if selection.pending > 0 {
        return Err(PlanError::AwaitingApproval {
            order: number,
            pending: selection.pending,
        });
    }
    if selection.items.is_empty() {
        return Ok(PlanOutcome::Skip {
            reason: skip_reason(&selection),
        });
    }
    let site_rule = rules.sites.for_site(&order.site.site_name);
    if !facts
        .job_statuses
        .contains(site_rule.rule.admin_status.as_str())
    {
        return Err(PlanError::UnknownAdminStatus {
            order: number,
            site: order.site.site_name.clone(),
            status: site_rule.rule.admin_status.clone(),
        });
    }
    let ctx = PlanContext {
        order,
        settings,
        facts,
        today,
        order_day: local_day(zone, order.order_date),
        rules,
        site_rule,
        schedule,
        without_address,
    };
    let mut alerts = Vec::new();
    let choice = customer::identify_customer(order, settings, facts, &mut alerts)?;
    let mut steps = vec![customer::customer_step(order, &choice, settings, today)];
    let (contacts, contact_steps) =
        customer::plan_contacts(order, &selection.items, &choice, settings, facts)?;
    steps.extend(contact_steps);
    let mut overviews = Vec::new();
    let mut files = Vec::new();
    for group in jobs::group_jobs(&ctx, &selection.items)? {
        let (job_steps, mut overview) = jobs::job_steps(&ctx, &group, &mut alerts)?;
        let (shipment_steps, shipments) = shipments::shipment_steps(&ctx, &group, &contacts)?;
        overview.shipments = shipments;
        steps.extend(job_steps);
        steps.extend(shipment_steps);
        files.extend(jobs::file_targets(&ctx, &group));
        overviews.push(overview);
    }
    for cut in fields::fit_lengths(&mut steps) {
        alerts.push(text_cut_alert(number, cut));
    }
    Ok(PlanOutcome::Plan(Box::new(OrderPlan {
        order_number: number,
        order_id: order.order_id.clone(),
        site_name: order.site.site_name.clone(),
        customer: choice,
        site_rule: ctx.site_rule,
        jobs: overviews,
        steps,
        files,
        alerts,
    })))
}

/// The alert for a text cut to its Pace field's length.
fn text_cut_alert(order_number: u64, cut: fields::CutText) -> PlanAlert {
    let object = cut.object.type_name();
    PlanAlert {
        message: format!(
            "order {order_number}: {object} `{}` ({}) was cut to Pace's {} characters: \"{}\" was sent instead of \"{}\"",
            cut.field, cut.reference, cut.limit, cut.sent, cut.original
        ),
        kind: PlanAlertKind::TextCut {
            object: object.to_owned(),
            field: cut.field,
            limit: cut.limit,
            original: cut.original,
            sent: cut.sent,
        },
    }
}

/// The calendar and day count for a site's orders.
fn schedule(settings: &Settings, site_name: &str) -> Result<Schedule, Vec<SettingsProblem>> {
    let days = settings.promise_date_days(site_name);
    if !settings.holidays.skip_holidays {
        return Ok(Schedule {
            days,
            calendar: None,
        });
    }
    let (custom, state) = settings.holidays.parsed()?;
    Ok(Schedule {
        days,
        calendar: Some(HolidayCalendar::new(custom, state)),
    })
}

/// Money the plan cannot share out: negative shipping or prices.
fn check_order_money(order: &Order) -> Result<(), PlanError> {
    let bad = |field: String, amount| PlanError::BadOrder {
        order: order.order_number,
        field,
        problem: format!("is negative ({amount}); correct the order in Pressero"),
    };
    if order.totals.shipping.is_sign_negative() && !order.totals.shipping.is_zero() {
        return Err(bad(
            "the order's shipping".to_owned(),
            order.totals.shipping,
        ));
    }
    for item in &order.items {
        for (what, amount) in [
            ("price", item.price),
            ("tax", item.tax),
            ("shipping", item.shipping),
        ] {
            if amount.is_sign_negative() && !amount.is_zero() {
                return Err(bad(format!("item {}'s {what}", item.item_number), amount));
            }
        }
    }
    Ok(())
}

fn skip_reason(selection: &items::Selection<'_>) -> String {
    match (selection.denied, selection.zero_quantity) {
        (0, 0) => "the order has no items".to_owned(),
        (denied, 0) => format!("every item was denied ({denied})"),
        (0, zero) => format!("no item has a quantity ({zero} with quantity 0)"),
        (denied, zero) => {
            format!("nothing to send: {denied} item(s) denied, {zero} with quantity 0")
        }
    }
}
