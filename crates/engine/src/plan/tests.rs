//! The planner's tests: one per rule and mapping-table row, plus plan and summary snapshots.

use super::*;
use crate::settings::{ContactMatch, MissingContact, PoFallback, SiteOverride};
use crate::test_support::{acme_contact, acme_dock, d, date, facts, item, order_with, settings};
use pressero::order::{Approval, NamedValue, ProductionFile};
use pretty_assertions::assert_eq;
use rust_decimal::Decimal;

const TODAY: &str = "2026-11-21";

fn outcome(
    order: &Order,
    settings: &Settings,
    facts: &PaceFacts,
) -> Result<PlanOutcome, PlanError> {
    plan(order, settings, facts, date(TODAY))
}

fn planned(order: &Order, settings: &Settings, facts: &PaceFacts) -> OrderPlan {
    match outcome(order, settings, facts) {
        Ok(PlanOutcome::Plan(plan)) => *plan,
        other => panic!("expected a plan, got {other:?}"),
    }
}

fn failed(order: &Order, settings: &Settings, facts: &PaceFacts) -> PlanError {
    match outcome(order, settings, facts) {
        Err(error) => error,
        other => panic!("expected an error, got {other:?}"),
    }
}

fn step<'a>(plan: &'a OrderPlan, reference: &str, action: &StepAction) -> &'a PlanStep {
    plan.steps
        .iter()
        .find(|s| s.reference == reference && &s.action == action)
        .unwrap_or_else(|| panic!("no {action:?} step {reference} in {:#?}", plan.steps))
}

fn value<'a>(plan: &'a OrderPlan, reference: &str, name: &str) -> Option<&'a FieldValue> {
    plan.steps
        .iter()
        .filter(|s| s.reference == reference)
        .find_map(|s| s.field(name))
}

fn text(value: &str) -> Option<FieldValue> {
    Some(FieldValue::Text(value.into()))
}

fn names(step: &PlanStep) -> Vec<&str> {
    step.fields.iter().map(|f| f.name.as_str()).collect()
}

// ---- customer identification ----------------------------------------------------------------

#[test]
fn integration_id_identifies_the_customer() {
    let plan = planned(
        &order_with(vec![item(1, 100)]),
        &settings(),
        &known_contact_facts(),
    );
    assert_eq!(plan.customer.id, "ACME");
    assert_eq!(plan.customer.source, CustomerSource::IntegrationId);
    assert_eq!(
        step(
            &plan,
            "customer",
            &StepAction::UseExisting { key: "ACME".into() }
        )
        .fields,
        vec![]
    );
    assert!(plan.alerts.is_empty());
}

#[test]
fn unknown_integration_id_is_ignored_with_an_alert_and_default_mis_id_is_used() {
    let mut order = order_with(vec![item(1, 100)]);
    order.site.integration_id = "GONE".into();
    let mut settings = settings();
    settings.customers.default_mis_id = "ACME".into();
    let plan = planned(&order, &settings, &known_contact_facts());
    assert_eq!(
        (plan.customer.id.as_str(), plan.customer.source),
        ("ACME", CustomerSource::DefaultMisId)
    );
    assert_eq!(plan.alerts.len(), 1);
    assert!(
        plan.alerts[0].message.contains("\"GONE\"") && plan.alerts[0].message.contains("not found")
    );
    assert_eq!(
        plan.alerts[0].kind,
        PlanAlertKind::InvalidCustomerId {
            source: CustomerIdSetting::IntegrationId,
            value: "GONE".into(),
            problem: InvalidCustomerId::NotFound,
        }
    );
}

#[test]
fn inactive_customer_is_ignored_and_the_contacts_email_decides() {
    let mut facts = facts();
    facts.customers.get_mut("ACME").unwrap().active = false;
    facts.customers.insert(
        "ROAD".into(),
        CustomerFact {
            name: "Road Runner Inc".into(),
            active: true,
        },
    );
    facts
        .contacts_by_email
        .insert("wile@acme.example".into(), vec![acme_contact(31, "ROAD")]);
    let plan = planned(&order_with(vec![item(1, 100)]), &settings(), &facts);
    assert_eq!(plan.customer.id, "ROAD");
    assert_eq!(plan.customer.name, "Road Runner Inc");
    assert_eq!(plan.customer.source, CustomerSource::ContactEmail);
    assert!(plan.alerts[0].message.contains("inactive"));
    assert_eq!(
        plan.alerts[0].kind,
        PlanAlertKind::InvalidCustomerId {
            source: CustomerIdSetting::IntegrationId,
            value: "ACME".into(),
            problem: InvalidCustomerId::Inactive,
        }
    );
    // The matching contact of that customer is reused.
    assert_eq!(
        plan.step("contact#1").unwrap().action,
        StepAction::UseExisting { key: "31".into() }
    );
}

#[test]
fn contacts_of_several_customers_stop_the_order() {
    let mut order = order_with(vec![item(1, 100)]);
    order.site.integration_id.clear();
    let mut facts = facts();
    facts.contacts_by_email.insert(
        "wile@acme.example".into(),
        vec![
            acme_contact(1, "B"),
            acme_contact(2, "A"),
            acme_contact(3, "B"),
        ],
    );
    let error = failed(&order, &settings(), &facts);
    assert_eq!(
        error,
        PlanError::ContactsOfSeveralCustomers {
            order: 10001,
            email: "wile@acme.example".into(),
            customers: vec!["A".into(), "B".into()]
        }
    );
    assert!(
        error.to_string().contains("order 10001") && error.to_string().contains("Integration ID")
    );
}

#[test]
fn the_customer_named_like_the_orders_business_wins_among_several_with_an_alert() {
    let mut order = order_with(vec![item(1, 100)]);
    order.site.integration_id.clear();
    order.ordered_by.address.business = "Acme Corporation ".into();
    let mut facts = facts();
    // One customer by a contact's e-mail, the other by its own e-mail (in another case).
    facts
        .contacts_by_email
        .insert("wile@acme.example".into(), vec![acme_contact(1, "ROADRUN")]);
    facts
        .customers_by_email
        .insert("wile@acme.example".into(), vec!["ACMECO".into()]);
    for (id, name) in [
        ("ROADRUN", "Road Runner Inc"),
        ("ACMECO", "ACME Corporation"),
    ] {
        facts.customers.insert(
            id.into(),
            CustomerFact {
                name: name.into(),
                active: true,
            },
        );
    }
    let mut settings = settings();
    settings.customers.when_contact_missing = MissingContact::Create;
    let plan = planned(&order, &settings, &facts);
    assert_eq!(plan.customer.id, "ACMECO");
    assert!(
        plan.alerts.iter().any(|alert| alert.kind
            == PlanAlertKind::CustomerChosenByBusinessName {
                email: "wile@acme.example".into(),
                chosen: "ACMECO".into(),
                others: vec!["ROADRUN".into()],
            }),
        "{:?}",
        plan.alerts
    );

    // No name matches: still ambiguous, the order stops as before.
    order.ordered_by.address.business = "Wile E. Coyote Ltd".into();
    assert!(matches!(
        failed(&order, &settings, &facts),
        PlanError::ContactsOfSeveralCustomers { .. }
    ));
}

#[test]
fn a_new_customer_gets_a_contact_for_the_buyer_when_the_order_ships_to_a_colleague() {
    let mut order = order_with(vec![item(1, 100)]);
    order.site.integration_id.clear();
    order.items[0].ship_to.email = "road.runner@acme.example".into();
    order.items[0].ship_to.first_name = "Road".into();
    let mut settings = settings();
    settings.customers.create_customer = true;
    let plan = planned(&order, &settings, &facts());
    assert_eq!(plan.customer.source, CustomerSource::New);
    let contacts: Vec<Option<&FieldValue>> = plan
        .steps
        .iter()
        .filter(|s| s.object == PaceObject::Contact && s.action == StepAction::Create)
        .map(|s| s.field("email"))
        .collect();
    assert_eq!(
        contacts,
        [
            text(&order.ordered_by.email).as_ref(),
            text("road.runner@acme.example").as_ref()
        ]
    );
}

#[test]
fn no_customer_and_create_customer_off_stops_the_order() {
    let mut order = order_with(vec![item(1, 100)]);
    order.site.integration_id.clear();
    let error = failed(&order, &settings(), &facts());
    assert!(
        matches!(error, PlanError::CustomerNotIdentified { order: 10001, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("turn Create Customer on"));
}

#[test]
fn create_customer_makes_the_customer_and_its_contact() {
    let mut order = order_with(vec![item(1, 100)]);
    order.site.integration_id.clear();
    let mut settings = settings();
    settings.customers.create_customer = true;
    settings.customers.csr = Some(4);
    settings.customers.sales_person = Some(7);
    settings.customers.sales_category = Some(2);
    settings.customers.sales_tax = "TX".into();
    settings.customers.taxable_code = Some(1);
    let mut facts = facts();
    facts.customers.insert(
        "ACMECORPOR".into(),
        CustomerFact {
            name: "Other".into(),
            active: true,
        },
    );
    let plan = planned(&order, &settings, &facts);
    assert_eq!(plan.customer.id, "ACMECORPO2");
    assert_eq!(plan.customer.source, CustomerSource::New);
    let customer = step(&plan, "customer", &StepAction::Create);
    assert_eq!(
        names(customer),
        vec![
            "id",
            "custName",
            "customerType",
            "contactFirstName",
            "contactLastName",
            "email",
            "phoneNumber",
            "dateSetup",
            "contactTitle",
            "address1",
            "city",
            "state",
            "zip",
            "salesPerson",
            "csr",
            "salesTax",
            "taxableCode",
            "salesCategory"
        ]
    );
    assert_eq!(
        customer.field("custName"),
        text("Acme Corporation").as_ref()
    );
    assert_eq!(customer.field("customerType"), Some(&FieldValue::Int(1)));
    assert_eq!(
        customer.field("dateSetup"),
        Some(&FieldValue::Date(date(TODAY)))
    );
    assert_eq!(customer.field("csr"), Some(&FieldValue::Int(4)));
    let contact = step(&plan, "contact#1", &StepAction::Create);
    assert_eq!(
        contact.field("customer"),
        Some(&FieldValue::KeyOf("customer".into()))
    );
    assert_eq!(
        contact.field("businessPhoneNumber"),
        text("214-555-0100").as_ref()
    );
    assert_eq!(contact.depends_on, vec!["customer".to_owned()]);
}

#[test]
fn new_customer_name_falls_back_to_the_users_names_and_ids_stay_short() {
    let mut order = order_with(vec![item(1, 100)]);
    order.ordered_by.address.business.clear();
    assert_eq!(customer::new_customer_name(&order), "Wile E. Coyote");
    let candidates = customer::new_customer_id_candidates(&order);
    assert_eq!(candidates[0], "WILEECOYOT");
    assert_eq!(candidates[9], "WILEECOY10");
    assert!(candidates.iter().all(|c| c.len() <= 10));
    order.ordered_by.first_name = "Ærø".into();
    order.ordered_by.middle_name.clear();
    order.ordered_by.last_name.clear();
    assert_eq!(customer::new_customer_id_candidates(&order)[0], "R");
    order.ordered_by.first_name = "—".into();
    assert_eq!(customer::new_customer_id_candidates(&order)[0], "WEB");
}

#[test]
fn no_free_customer_id_stops_the_order() {
    let mut order = order_with(vec![item(1, 100)]);
    order.site.integration_id.clear();
    let mut settings = settings();
    settings.customers.create_customer = true;
    let mut facts = facts();
    for id in customer::new_customer_id_candidates(&order) {
        facts.customers.insert(
            id,
            CustomerFact {
                name: "Taken".into(),
                active: true,
            },
        );
    }
    assert!(matches!(
        failed(&order, &settings, &facts),
        PlanError::NoFreeCustomerId { .. }
    ));
}

// ---- contacts ------------------------------------------------------------------------------

#[test]
fn missing_contact_follows_the_setting() {
    let order = order_with(vec![item(1, 100)]);
    let mut settings = settings();
    let error = failed(&order, &settings, &facts());
    assert!(
        matches!(error, PlanError::ContactNotFound { ref customer, .. } if customer == "ACME"),
        "{error:?}"
    );
    settings.customers.when_contact_missing = MissingContact::Create;
    let plan = planned(&order, &settings, &facts());
    assert_eq!(plan.step("contact#1").unwrap().action, StepAction::Create);
}

#[test]
fn a_contact_of_another_customer_or_address_is_not_reused() {
    let mut facts = facts();
    let mut elsewhere = acme_contact(5, "ACME");
    elsewhere.address1 = "9 Other St".into();
    facts.contacts_by_email.insert(
        "wile@acme.example".into(),
        vec![acme_contact(4, "ROAD"), elsewhere],
    );
    let mut settings = settings();
    settings.customers.when_contact_missing = MissingContact::Create;
    let plan = planned(&order_with(vec![item(1, 100)]), &settings, &facts);
    assert_eq!(plan.step("contact#1").unwrap().action, StepAction::Create);
}

#[test]
fn matching_contacts_by_email_alone_reuses_one_at_another_address() {
    let mut elsewhere = acme_contact(5, "ACME");
    elsewhere.address1 = "9 Other St".into();
    elsewhere.email = "Wile@Acme.Example".into();
    let mut facts = facts();
    facts.contacts_by_email.insert(
        "wile@acme.example".into(),
        vec![acme_contact(4, "ROAD"), elsewhere],
    );
    let mut second = item(2, 50);
    second.ship_to.address1 = "2 Mesa Blvd".into();
    let order = order_with(vec![item(1, 100), second]);
    let mut settings = settings();
    settings.customers.when_contact_missing = MissingContact::Create;

    // E-mail, address and phone (the default): neither ship-to is contact 5.
    let plan = planned(&order, &settings, &facts);
    assert_eq!(plan.step("contact#1").unwrap().action, StepAction::Create);
    assert_eq!(plan.step("contact#2").unwrap().action, StepAction::Create);

    // E-mail alone: contact 5 serves both ship-tos; each shipment keeps its own address.
    settings.customers.contact_match = ContactMatch::Email;
    let plan = planned(&order, &settings, &facts);
    assert_eq!(
        plan.step("contact#1").unwrap().action,
        StepAction::UseExisting { key: "5".into() }
    );
    assert!(plan.step("contact#2").is_none());
    for (shipment, address1) in [
        ("job#1/shipment#1", "1 Canyon Rd"),
        ("job#1/shipment#2", "2 Mesa Blvd"),
    ] {
        assert_eq!(
            value(&plan, shipment, "contactNumber"),
            Some(&FieldValue::KeyOf("contact#1".into()))
        );
        assert_eq!(value(&plan, shipment, "address1"), text(address1).as_ref());
    }
}

#[test]
fn matching_contacts_by_email_alone_creates_one_when_the_customer_has_none() {
    let mut facts = facts();
    facts
        .contacts_by_email
        .insert("wile@acme.example".into(), vec![acme_contact(4, "ROAD")]);
    let mut settings = settings();
    settings.customers.contact_match = ContactMatch::Email;
    settings.customers.when_contact_missing = MissingContact::Create;
    let plan = planned(&order_with(vec![item(1, 100)]), &settings, &facts);
    let contact = step(&plan, "contact#1", &StepAction::Create);
    assert_eq!(contact.field("email"), text("wile@acme.example").as_ref());
    assert_eq!(contact.field("address1"), text("1 Canyon Rd").as_ref());
}

#[test]
fn one_contact_per_unique_ship_to_location() {
    let mut second = item(2, 50);
    second.ship_to.address1 = "2 Mesa Blvd".into();
    let mut third = item(3, 25);
    third.ship_to.address1 = " 1 CANYON RD ".into();
    let mut facts = facts();
    facts
        .contacts_by_email
        .insert("wile@acme.example".into(), vec![acme_contact(31, "ACME")]);
    let mut settings = settings();
    settings.customers.when_contact_missing = MissingContact::Create;
    let plan = planned(
        &order_with(vec![item(1, 100), second, third]),
        &settings,
        &facts,
    );
    assert_eq!(
        plan.step("contact#1").unwrap().action,
        StepAction::UseExisting { key: "31".into() }
    );
    assert_eq!(plan.step("contact#2").unwrap().action, StepAction::Create);
    assert!(plan.step("contact#3").is_none());
    assert_eq!(
        value(&plan, "job#1/shipment#2", "contactNumber"),
        Some(&FieldValue::KeyOf("contact#2".into()))
    );
}

// ---- the job ---------------------------------------------------------------------------------

fn known_contact_facts() -> PaceFacts {
    let mut facts = facts();
    facts
        .contacts_by_email
        .insert("wile@acme.example".into(), vec![acme_contact(31, "ACME")]);
    facts
}

#[test]
fn job_fields_follow_the_job_table() {
    let plan = planned(
        &order_with(vec![item(1, 100), item(2, 50)]),
        &settings(),
        &known_contact_facts(),
    );
    let job = step(&plan, "job#1", &StepAction::Create);
    assert_eq!(
        names(job),
        vec![
            "customer",
            "description",
            "jobType",
            "contactFirstName",
            "contactLastName",
            "poNum",
            "dateSetup",
            "adminStatus",
            "scheduledShipDate",
            "promiseDate",
            "originalQuotedPrice",
            "amountToInvoice",
            "description2",
            "reference"
        ]
    );
    assert_eq!(
        job.field("customer"),
        Some(&FieldValue::KeyOf("customer".into()))
    );
    assert_eq!(job.field("description"), text("10001-Acme Store").as_ref());
    assert_eq!(job.field("jobType"), Some(&FieldValue::Int(1)));
    assert_eq!(job.field("poNum"), text("4471").as_ref());
    assert_eq!(job.field("adminStatus"), text("O").as_ref());
    assert_eq!(job.field("dateSetup"), Some(&FieldValue::Date(date(TODAY))));
    // Ordered Friday 2026-11-20, + 3 calendar days, no skipping.
    assert_eq!(
        job.field("promiseDate"),
        Some(&FieldValue::Date(date("2026-11-23")))
    );
    assert_eq!(
        job.field("scheduledShipDate"),
        Some(&FieldValue::Date(date("2026-11-23")))
    );
    // includeTaxAndShipping: 10 + 20 prices, 2 tax, 12 shipping.
    assert_eq!(
        job.field("originalQuotedPrice"),
        Some(&FieldValue::Money(d("44.00")))
    );
    assert_eq!(
        job.field("amountToInvoice"),
        Some(&FieldValue::Money(d("44.00")))
    );
    assert_eq!(
        job.field("reference"),
        text("Pressero order 10001").as_ref()
    );
    assert_eq!(job.depends_on, vec!["customer".to_owned()]);
}

#[test]
fn an_evening_order_in_chicago_counts_from_its_local_day() {
    // Sunday 2026-11-22 at 20:00 in Chicago (CST, UTC-6) is Monday 02:00 UTC; it is planned at
    // once, so "today" is that same instant, as the worker computes it.
    let placed: chrono::DateTime<chrono::Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
    let mut order = order_with(vec![item(1, 100)]);
    order.order_date = placed;
    let dates_in = |zone: &str| {
        let mut settings = settings();
        settings.shop.time_zone = zone.into();
        let today = settings.shop.day_of(placed);
        let plan = match plan(&order, &settings, &known_contact_facts(), today) {
            Ok(PlanOutcome::Plan(plan)) => plan,
            other => panic!("expected a plan, got {other:?}"),
        };
        let job = step(&plan, "job#1", &StepAction::Create);
        let date_of = |name| match job.field(name) {
            Some(FieldValue::Date(day)) => day.to_string(),
            other => panic!("{name} is {other:?}"),
        };
        (date_of("dateSetup"), date_of("promiseDate"))
    };
    assert_eq!(
        dates_in("America/Chicago"),
        ("2026-11-22".to_owned(), "2026-11-25".to_owned())
    );
    assert_eq!(
        dates_in("UTC"),
        ("2026-11-23".to_owned(), "2026-11-26".to_owned())
    );
}

#[test]
fn the_job_is_updated_after_create_to_override_template_defaults() {
    let plan = planned(
        &order_with(vec![item(1, 100)]),
        &settings(),
        &known_contact_facts(),
    );
    let update = step(&plan, "job#1", &StepAction::OverrideTemplateDefaults);
    let fields = names(update);
    assert!(!fields.contains(&"customer") && !fields.contains(&"reference"));
    assert!(
        fields.contains(&"adminStatus")
            && fields.contains(&"promiseDate")
            && fields.contains(&"description")
    );
    assert_eq!(update.depends_on, vec!["job#1".to_owned()]);
}

#[test]
fn price_without_tax_and_shipping_when_the_site_rule_says_so() {
    let mut settings = settings();
    settings.mapping.site_mapping = r#"[{"siteName":"Acme Store","adminStatus":"O"}]"#.into();
    let plan = planned(
        &order_with(vec![item(1, 100), item(2, 50)]),
        &settings,
        &known_contact_facts(),
    );
    assert_eq!(
        value(&plan, "job#1", "originalQuotedPrice"),
        Some(&FieldValue::Money(d("30")))
    );
    assert_eq!(
        value(&plan, "job#1/part#2", "quotedPrice"),
        Some(&FieldValue::Money(d("20")))
    );
}

#[test]
fn po_number_fallback_is_the_order_number_or_the_fixed_value() {
    let mut order = order_with(vec![item(1, 100)]);
    order.po_number = "  ".into();
    let mut settings = settings();
    let plan = planned(&order, &settings, &known_contact_facts());
    assert_eq!(value(&plan, "job#1", "poNum"), text("10001").as_ref());
    settings.jobs.po_fallback = PoFallback::Fixed("9999".into());
    let plan = planned(&order, &settings, &known_contact_facts());
    assert_eq!(value(&plan, "job#1", "poNum"), text("9999").as_ref());
}

#[test]
fn site_overrides_set_description_job_type_and_days() {
    let mut settings = settings();
    settings.jobs.description_template = "Web {OrderNumber}".into();
    settings.sites.push(SiteOverride {
        site_name: "acme store".into(),
        promise_date_days: Some(10),
        job_type: Some(10),
        job_description: "{SiteName}/{OrderNumber}".into(),
    });
    let plan = planned(
        &order_with(vec![item(1, 100)]),
        &settings,
        &known_contact_facts(),
    );
    assert_eq!(
        value(&plan, "job#1", "description"),
        text("Acme Store/10001").as_ref()
    );
    assert_eq!(value(&plan, "job#1", "jobType"), Some(&FieldValue::Int(10)));
    assert_eq!(
        value(&plan, "job#1", "promiseDate"),
        Some(&FieldValue::Date(date("2026-11-30")))
    );
}

#[test]
fn requested_ship_date_is_used_and_moved_past_holidays_when_skipping() {
    let mut order = order_with(vec![item(1, 100)]);
    order.requested_ship_date = Some(date("2026-11-26")); // Thanksgiving
    let mut settings = settings();
    let plan = planned(&order, &settings, &known_contact_facts());
    assert_eq!(
        value(&plan, "job#1", "promiseDate"),
        Some(&FieldValue::Date(date("2026-11-26")))
    );
    settings.holidays.skip_holidays = true;
    let plan = planned(&order, &settings, &known_contact_facts());
    assert_eq!(
        value(&plan, "job#1", "promiseDate"),
        Some(&FieldValue::Date(date("2026-11-27")))
    );
    settings.holidays.state = "TX".into(); // Texas also closes the day after Thanksgiving
    let plan = planned(&order, &settings, &known_contact_facts());
    assert_eq!(
        value(&plan, "job#1", "promiseDate"),
        Some(&FieldValue::Date(date("2026-11-30")))
    );
}

#[test]
fn additional_description_rules() {
    // No template: products, price, shipping, tax, quantity.
    let plan = planned(
        &order_with(vec![item(1, 100), item(2, 50)]),
        &settings(),
        &known_contact_facts(),
    );
    assert_eq!(
        value(&plan, "job#1", "description2"),
        text("Products: Product 1, Product 2\nPrice: 30.00\nShipping: 12.00\nTax: 2.00\nQuantity: 150").as_ref()
    );
    // A template: the order notes.
    let mut templated = item(1, 100);
    templated.product_integration_id = "BC".into();
    let mut facts = known_contact_facts();
    facts.item_templates.insert("BC".into());
    let plan = planned(&order_with(vec![templated.clone()]), &settings(), &facts);
    assert_eq!(
        value(&plan, "job#1", "description2"),
        text("Please rush").as_ref()
    );
    // setUserToDescription: the user's first and last name, whatever else.
    let mut settings = settings();
    settings.mapping.site_mapping =
        r#"[{"siteName":"DefaultSiteConfiguration","adminStatus":"O","setUserToDescription":true}]"#.into();
    let plan = planned(&order_with(vec![templated]), &settings, &facts);
    assert_eq!(
        value(&plan, "job#1", "description2"),
        text("Wile Coyote").as_ref()
    );
}

#[test]
fn template_code_goes_on_the_job_for_part_one_and_on_later_parts() {
    let mut first = item(1, 100);
    first.product_integration_id = " BC ".into();
    let mut second = item(2, 50);
    second.product_integration_id = "FLYER".into();
    let mut facts = known_contact_facts();
    facts
        .item_templates
        .extend(["BC".to_owned(), "FLYER".to_owned()]);
    let plan = planned(&order_with(vec![first, second]), &settings(), &facts);
    let job = step(&plan, "job#1", &StepAction::Create);
    assert_eq!(job.field("itemTemplate"), text("BC").as_ref());
    assert_eq!(
        job.field("part1QuantityOrdered"),
        Some(&FieldValue::Int(100))
    );
    let update = step(&plan, "job#1", &StepAction::OverrideTemplateDefaults);
    assert_eq!(update.field("itemTemplate"), None);
    assert_eq!(
        step(&plan, "job#1/part#2", &StepAction::Create).field("itemTemplate"),
        text("FLYER").as_ref()
    );
    assert_eq!(
        step(&plan, "job#1/part#2", &StepAction::OverrideTemplateDefaults).field("itemTemplate"),
        None
    );
}

#[test]
fn unknown_template_code_stops_the_order() {
    let mut templated = item(1, 100);
    templated.product_integration_id = "NOPE".into();
    let error = failed(
        &order_with(vec![templated]),
        &settings(),
        &known_contact_facts(),
    );
    assert_eq!(
        error,
        PlanError::UnknownItemTemplate {
            order: 10001,
            item: 1,
            code: "NOPE".into()
        }
    );
}

#[test]
fn unknown_admin_status_stops_the_order_including_the_built_in_default() {
    let mut settings = settings();
    settings.mapping.site_mapping = r#"[{"siteName":"Acme Store","adminStatus":"a"}]"#.into();
    let error = failed(
        &order_with(vec![item(1, 100)]),
        &settings,
        &known_contact_facts(),
    );
    assert!(
        matches!(error, PlanError::UnknownAdminStatus { ref status, .. } if status == "a"),
        "{error:?}"
    );
    settings.mapping.site_mapping.clear();
    let error = failed(
        &order_with(vec![item(1, 100)]),
        &settings,
        &known_contact_facts(),
    );
    assert!(
        matches!(error, PlanError::UnknownAdminStatus { ref status, .. } if status == "0"),
        "{error:?}"
    );
}

#[test]
fn a_bad_site_template_is_reported_with_its_setting() {
    let mut settings = settings();
    settings.sites.push(SiteOverride {
        site_name: "Acme Store".into(),
        job_description: "{Order}".into(),
        ..SiteOverride::default()
    });
    let error = failed(
        &order_with(vec![item(1, 100)]),
        &settings,
        &known_contact_facts(),
    );
    let PlanError::Settings { problems, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(problems[0].field, "sites[0].job_description");
}

#[test]
fn settings_problems_stop_the_order() {
    let mut settings = settings();
    settings.mapping.accounts = "[{".into();
    let error = failed(
        &order_with(vec![item(1, 100)]),
        &settings,
        &known_contact_facts(),
    );
    assert!(matches!(error, PlanError::Settings { .. }));
    assert!(error.to_string().contains("mapping.accounts"));
}

// ---- parts -----------------------------------------------------------------------------------

#[test]
fn part_one_is_filled_in_and_later_parts_are_created_then_updated() {
    let plan = planned(
        &order_with(vec![item(1, 100), item(2, 50)]),
        &settings(),
        &known_contact_facts(),
    );
    let first = step(
        &plan,
        "job#1/part#1",
        &StepAction::UpdateAutoCreated {
            created_by: "job#1".into(),
        },
    );
    assert_eq!(
        names(first),
        vec![
            "description",
            "jobType",
            "dateSetup",
            "freightAmt",
            "quotedPrice",
            "qtyOrdered",
            "additionalDescription"
        ]
    );
    let second = step(&plan, "job#1/part#2", &StepAction::Create);
    assert_eq!(
        second.field("job"),
        Some(&FieldValue::KeyOf("job#1".into()))
    );
    assert_eq!(
        second.field("description"),
        text("10001-2 Product 2").as_ref()
    );
    assert_eq!(second.field("qtyOrdered"), Some(&FieldValue::Int(50)));
    assert_eq!(
        second.field("additionalDescription"),
        text("Paper: 100# Gloss").as_ref()
    );
    assert!(
        second.field("description2").is_none(),
        "JobPart has no description2"
    );
    assert!(
        second.field("adminStatus").is_none(),
        "JobPart has no adminStatus"
    );
    step(&plan, "job#1/part#2", &StepAction::OverrideTemplateDefaults);
}

#[test]
fn part_description_is_limited_to_64_characters() {
    let mut long = item(1, 100);
    long.product_name = "Ä".repeat(100);
    let plan = planned(&order_with(vec![long]), &settings(), &known_contact_facts());
    let Some(FieldValue::Text(description)) = value(&plan, "job#1/part#1", "description") else {
        panic!()
    };
    assert_eq!(description.chars().count(), 64);
    assert!(description.starts_with("10001-1 ÄÄ"));
}

#[test]
fn job_type_comes_from_the_product_attribute() {
    let mut typed = item(1, 100);
    typed.attributes.push(NamedValue {
        name: "jobtype".into(),
        value: "10".into(),
    });
    let plan = planned(
        &order_with(vec![typed.clone()]),
        &settings(),
        &known_contact_facts(),
    );
    assert_eq!(
        value(&plan, "job#1/part#1", "jobType"),
        Some(&FieldValue::Int(10))
    );
    typed.attributes[0].value = "Offset".into();
    let error = failed(
        &order_with(vec![typed.clone()]),
        &settings(),
        &known_contact_facts(),
    );
    assert!(matches!(
        error,
        PlanError::BadJobTypeAttribute { item: 1, .. }
    ));
    typed.attributes[0].value = "99".into();
    let error = failed(
        &order_with(vec![typed]),
        &settings(),
        &known_contact_facts(),
    );
    assert!(matches!(
        error,
        PlanError::UnknownJobType { job_type: 99, .. }
    ));
}

#[test]
fn freight_uses_item_shipping_when_it_adds_up_else_shares_by_price() {
    let mut first = item(1, 100);
    first.shipping = d("9.00");
    let mut second = item(2, 50);
    second.shipping = d("3.00");
    let plan = planned(
        &order_with(vec![first.clone(), second.clone()]),
        &settings(),
        &known_contact_facts(),
    );
    assert_eq!(
        value(&plan, "job#1/part#1", "freightAmt"),
        Some(&FieldValue::Money(d("9.00")))
    );
    assert_eq!(
        value(&plan, "job#1/part#2", "freightAmt"),
        Some(&FieldValue::Money(d("3.00")))
    );
    second.shipping = d("1.00");
    let plan = planned(
        &order_with(vec![first, second]),
        &settings(),
        &known_contact_facts(),
    );
    // 12.00 by price 10:20.
    assert_eq!(
        value(&plan, "job#1/part#1", "freightAmt"),
        Some(&FieldValue::Money(d("4.00")))
    );
    assert_eq!(
        value(&plan, "job#1/part#2", "freightAmt"),
        Some(&FieldValue::Money(d("8.00")))
    );
    assert_eq!(
        value(&plan, "job#1/part#2", "quotedPrice"),
        Some(&FieldValue::Money(d("29.00")))
    );
}

#[test]
fn materials_when_the_site_rule_asks() {
    let mut settings = settings();
    settings.mapping.site_mapping =
        r#"[{"siteName":"DefaultSiteConfiguration","adminStatus":"O","addMaterialInformation":true}]"#.into();
    let mut with_material = item(1, 100);
    with_material.attributes.push(NamedValue {
        name: "materialID".into(),
        value: "PAPER-80".into(),
    });
    let plan = planned(
        &order_with(vec![with_material, item(2, 50)]),
        &settings,
        &known_contact_facts(),
    );
    let material = step(&plan, "job#1/part#1/material#1", &StepAction::Create);
    assert_eq!(material.object, PaceObject::JobMaterial);
    assert_eq!(
        material.field("jobPart"),
        Some(&FieldValue::PartNumberOf("job#1/part#1".into()))
    );
    assert_eq!(material.field("inventoryItem"), text("PAPER-80").as_ref());
    assert_eq!(
        material.field("plannedQuantity"),
        Some(&FieldValue::Int(100))
    );
    assert!(plan.step("job#1/part#2/material#1").is_none());
    assert!(
        plan.alerts[0].message.contains("item 2") && plan.alerts[0].message.contains("materialID")
    );
    assert_eq!(
        plan.alerts[0].kind,
        PlanAlertKind::MaterialMissing { item: 2 }
    );
}

// ---- which items -----------------------------------------------------------------------------

#[test]
fn an_order_with_every_item_denied_is_skipped() {
    let mut denied = item(1, 100);
    denied.approval = Approval::Denied;
    let outcome = outcome(
        &order_with(vec![denied]),
        &settings(),
        &known_contact_facts(),
    )
    .unwrap();
    assert_eq!(
        outcome,
        PlanOutcome::Skip {
            reason: "every item was denied (1)".into()
        }
    );
}

#[test]
fn wait_for_approve_waits_while_any_item_is_pending() {
    let mut pending = item(1, 100);
    pending.approval = Approval::Pending;
    let mut settings = settings();
    settings.jobs.wait_for_approve = true;
    let error = failed(
        &order_with(vec![pending.clone()]),
        &settings,
        &known_contact_facts(),
    );
    assert_eq!(
        error,
        PlanError::AwaitingApproval {
            order: 10001,
            pending: 1
        }
    );
    // One item approved, one pending: the order still waits (it is sent once every item is
    // approved or denied, second document), so the pending item is not lost.
    let error = failed(
        &order_with(vec![pending.clone(), item(2, 50)]),
        &settings,
        &known_contact_facts(),
    );
    assert_eq!(
        error,
        PlanError::AwaitingApproval {
            order: 10001,
            pending: 1
        }
    );
    let mut denied = pending.clone();
    denied.approval = Approval::Denied;
    let plan = planned(
        &order_with(vec![denied, item(2, 50)]),
        &settings,
        &known_contact_facts(),
    );
    assert_eq!(plan.jobs[0].parts, 1);
    settings.jobs.wait_for_approve = false;
    let plan = planned(
        &order_with(vec![pending, item(2, 50)]),
        &settings,
        &known_contact_facts(),
    );
    assert_eq!(plan.jobs[0].parts, 2);
}

// ---- one job per item, names, files ----------------------------------------------------------

fn files(count: usize) -> Vec<ProductionFile> {
    (1..=count)
        .map(|n| ProductionFile {
            file_id: format!("f{n}"),
            file_name: format!("art {n}.pdf"),
            url: format!("https://files.example/f{n}"),
            size_bytes: None,
        })
        .collect()
}

#[test]
fn one_job_per_item_and_file_with_money_split_exactly() {
    let mut settings = settings();
    settings.jobs.one_job_per_item = true;
    let mut named = item(1, 100);
    named.item_name = "Spring flyer".into();
    named.files = files(2);
    named.price = d("10.01");
    let plan = planned(
        &order_with(vec![named, item(2, 50)]),
        &settings,
        &known_contact_facts(),
    );
    let descriptions: Vec<&str> = plan.jobs.iter().map(|j| j.description.as_str()).collect();
    assert_eq!(
        descriptions,
        vec!["Spring flyer", "Spring flyer", "10001-2-1"]
    );
    assert_eq!(
        value(&plan, "job#2", "reference"),
        text("Pressero order 10001 item 1 file 2").as_ref()
    );
    assert_eq!(
        value(&plan, "job#1/part#1", "qtyOrdered"),
        Some(&FieldValue::Int(100))
    );
    let prices: Vec<Decimal> = ["job#1/part#1", "job#2/part#1"]
        .iter()
        .map(|r| match value(&plan, r, "quotedPrice") {
            Some(FieldValue::Money(m)) => *m,
            other => panic!("{other:?}"),
        })
        .collect();
    // Price 10.01 + tax 1 + freight (12 shared 10.01:20 → 4.00), split over two files.
    assert_eq!(prices.iter().sum::<Decimal>(), d("15.01"));
    let targets: Vec<&str> = plan.files.iter().map(|f| f.target_name.as_str()).collect();
    assert_eq!(targets, vec!["art 1.pdf", "art 2.pdf"]);
    settings.jobs.override_job_name = true;
    settings.jobs.override_file_name = true;
    let mut named = item(1, 100);
    named.item_name = "Spring flyer".into();
    named.files = files(2);
    let plan = planned(&order_with(vec![named]), &settings, &known_contact_facts());
    let descriptions: Vec<&str> = plan.jobs.iter().map(|j| j.description.as_str()).collect();
    assert_eq!(descriptions, vec!["10001-1-1", "10001-1-2"]);
    let targets: Vec<(&str, &str)> = plan
        .files
        .iter()
        .map(|f| (f.job.as_str(), f.target_name.as_str()))
        .collect();
    assert_eq!(
        targets,
        vec![("job#1", "10001-1-1.pdf"), ("job#2", "10001-1-2.pdf")]
    );
}

#[test]
fn override_file_name_with_item_names_numbers_the_files() {
    let mut settings = settings();
    settings.jobs.override_file_name = true;
    let mut named = item(1, 100);
    named.item_name = "Flyer".into();
    named.files = files(2);
    let plan = planned(&order_with(vec![named]), &settings, &known_contact_facts());
    let targets: Vec<&str> = plan.files.iter().map(|f| f.target_name.as_str()).collect();
    assert_eq!(targets, vec!["Flyer-1.pdf", "Flyer-2.pdf"]);
}

// ---- shipments -------------------------------------------------------------------------------

#[test]
fn one_shipment_per_ship_to_with_one_carton_of_everything() {
    let mut elsewhere = item(3, 7);
    elsewhere.ship_to.address1 = "2 Mesa Blvd".into();
    elsewhere.ship_to.business.clear();
    let mut settings = settings();
    settings.customers.when_contact_missing = MissingContact::Create;
    let plan = planned(
        &order_with(vec![item(1, 100), item(2, 50), elsewhere]),
        &settings,
        &known_contact_facts(),
    );
    assert_eq!(plan.jobs[0].shipments, 2);
    let shipment = step(&plan, "job#1/shipment#1", &StepAction::Create);
    assert_eq!(
        names(shipment),
        vec![
            "job",
            "name",
            "contactFirstName",
            "contactLastName",
            "email",
            "phone",
            "address1",
            "city",
            "state",
            "zip",
            "country",
            "contactNumber",
            "plannedQuantity",
            "shipperName"
        ]
    );
    assert_eq!(shipment.field("name"), text("Acme Corporation").as_ref());
    assert_eq!(
        shipment.field("plannedQuantity"),
        Some(&FieldValue::Int(150))
    );
    assert_eq!(shipment.field("shipperName"), text("api_3rdParty").as_ref());
    assert_eq!(
        shipment.depends_on,
        vec!["job#1".to_owned(), "contact#1".to_owned()]
    );
    let carton = step(&plan, "job#1/shipment#1/carton#1", &StepAction::Create);
    assert_eq!(
        carton.field("shipment"),
        Some(&FieldValue::KeyOf("job#1/shipment#1".into()))
    );
    assert_eq!(carton.field("count"), Some(&FieldValue::Int(1)));
    assert_eq!(carton.field("quantity"), Some(&FieldValue::Int(150)));
    assert_eq!(
        carton.field("addDefaultContent"),
        Some(&FieldValue::Bool(true))
    );
    assert_eq!(
        value(&plan, "job#1/shipment#2", "name"),
        text("Wile Coyote").as_ref()
    );
    assert!(plan.step("job#1/shipment#1/carton#1/content#1").is_none());
}

#[test]
fn carton_contents_group_by_address_and_method_and_separate_items_get_their_own_carton() {
    let mut settings = settings();
    settings.shipments.enable_carton_contents = true;
    settings.shipments.shipment_type_code = Some(50);
    let mut overnight = item(2, 50);
    overnight.shipping_method = "FedEx Overnight".into();
    let mut alone = item(3, 5);
    alone.ships_separately = true;
    let plan = planned(
        &order_with(vec![item(1, 100), overnight, alone, item(4, 20)]),
        &settings,
        &known_contact_facts(),
    );
    // Two shipment groups (UPS Ground, FedEx Overnight); item 3 ships separately: a carton of
    // its own in its group's shipment ("placed individually in a carton", first document).
    assert_eq!(plan.jobs[0].shipments, 2);
    assert_eq!(
        value(&plan, "job#1/shipment#1", "plannedQuantity"),
        Some(&FieldValue::Int(125))
    );
    assert_eq!(
        value(&plan, "job#1/shipment#1", "shipmentType"),
        Some(&FieldValue::Int(50))
    );
    assert_eq!(
        value(&plan, "job#1/shipment#1/carton#1", "quantity"),
        Some(&FieldValue::Int(120))
    );
    assert_eq!(
        value(&plan, "job#1/shipment#1/carton#2", "quantity"),
        Some(&FieldValue::Int(5))
    );
    assert_eq!(
        value(&plan, "job#1/shipment#1/carton#2/content#1", "jobPart"),
        Some(&FieldValue::PartNumberOf("job#1/part#3".into()))
    );
    assert!(plan.step("job#1/shipment#1/carton#3").is_none());
    let carton = step(&plan, "job#1/shipment#1/carton#1", &StepAction::Create);
    assert_eq!(
        carton.field("addDefaultContent"),
        Some(&FieldValue::Bool(false))
    );
    let content = step(
        &plan,
        "job#1/shipment#1/carton#1/content#2",
        &StepAction::Create,
    );
    assert_eq!(
        content.field("jobPartJob"),
        Some(&FieldValue::KeyOf("job#1".into()))
    );
    assert_eq!(
        content.field("jobPart"),
        Some(&FieldValue::PartNumberOf("job#1/part#4".into()))
    );
    assert_eq!(content.field("quantity"), Some(&FieldValue::Int(20)));
    assert_eq!(
        content.depends_on,
        vec![
            "job#1/shipment#1/carton#1".to_owned(),
            "job#1/part#4".to_owned()
        ]
    );
}

#[test]
fn accounts_rules_give_ship_via_account_and_third_party_charges() {
    let mut settings = settings();
    settings.mapping.accounts = r#"[
        {"rule_type":"ShipmentMethodMapping","priority":5,"source_method":"MatchByName"},
        {"rule_type":"ShipmentAddressMapping","priority":100,"source_address":["1 Canyon Rd"],"ship_via":"7","account":" ACC-9 "}
    ]"#
    .into();
    let mut elsewhere = item(2, 50);
    elsewhere.ship_to.address1 = "2 Mesa Blvd".into();
    settings.customers.when_contact_missing = MissingContact::Create;
    let plan = planned(
        &order_with(vec![item(1, 100), elsewhere.clone()]),
        &settings,
        &known_contact_facts(),
    );
    assert_eq!(
        value(&plan, "job#1/shipment#1", "shipVia"),
        Some(&FieldValue::Int(7))
    );
    assert_eq!(
        value(&plan, "job#1/shipment#1", "accountNumber"),
        text("ACC-9").as_ref()
    );
    assert_eq!(
        value(&plan, "job#1/shipment#1", "charges"),
        text("Third Party/Ship Bill To").as_ref()
    );
    // Matched by name: ship via 7 "UPS Ground", no account, no charges.
    assert_eq!(
        value(&plan, "job#1/shipment#2", "shipVia"),
        Some(&FieldValue::Int(7))
    );
    assert_eq!(value(&plan, "job#1/shipment#2", "accountNumber"), None);
    assert_eq!(value(&plan, "job#1/shipment#2", "charges"), None);
    // A method Pace does not know: no rule matches.
    elsewhere.shipping_method = "Pony Express".into();
    let error = failed(
        &order_with(vec![item(1, 100), elsewhere]),
        &settings,
        &known_contact_facts(),
    );
    assert!(
        matches!(error, PlanError::NoAccountRule { ref method, .. } if method == "Pony Express"),
        "{error:?}"
    );
}

#[test]
fn a_rule_naming_a_ship_via_pace_lacks_stops_the_order() {
    let mut settings = settings();
    settings.mapping.accounts =
        r#"[{"rule_type":"DefaultMapping","priority":1,"ship_via":"99"}]"#.into();
    let error = failed(
        &order_with(vec![item(1, 100)]),
        &settings,
        &known_contact_facts(),
    );
    assert_eq!(
        error,
        PlanError::UnknownShipVia {
            order: 10001,
            rule: 0,
            ship_via: 99
        }
    );
}

// ---- facts, determinism, snapshots -------------------------------------------------------------

#[test]
fn facts_needed_lists_what_the_plan_looks_at() {
    let mut order = order_with(vec![item(1, 100), item(2, 50)]);
    order.items[1].ship_to.email = "Dock@Acme.example".into();
    order.items[0].product_integration_id = "BC".into();
    let mut settings = settings();
    settings.customers.default_mis_id = "HOUSE".into();
    let query = facts_needed(&order, &settings);
    assert_eq!(
        query.customer_ids.iter().collect::<Vec<_>>(),
        vec!["ACME", "HOUSE"]
    );
    assert_eq!(
        query.contact_emails.iter().collect::<Vec<_>>(),
        vec!["dock@acme.example", "wile@acme.example"]
    );
    assert_eq!(query.item_templates.iter().collect::<Vec<_>>(), vec!["BC"]);
    assert!(!query.ship_vias && query.job_types && query.job_statuses);
    settings.customers.create_customer = true;
    settings.mapping.accounts =
        r#"[{"rule_type":"DefaultMapping","priority":1,"ship_via":"7"}]"#.into();
    let query = facts_needed(&order, &settings);
    assert!(query.customer_ids.contains("ACMECORPOR") && query.customer_ids.contains("ACMECORP10"));
    assert!(query.ship_vias);
}

fn snapshot_order() -> (Order, Settings, PaceFacts) {
    let mut settings = settings();
    settings.mapping.accounts =
        r#"[{"rule_type":"ShipmentMethodMapping","priority":5,"source_method":"MatchByName"}]"#
            .into();
    settings.customers.when_contact_missing = MissingContact::Create;
    let mut elsewhere = item(2, 50);
    elsewhere.ship_to.address1 = "2 Mesa Blvd".into();
    elsewhere.files = files(1);
    (
        order_with(vec![item(1, 100), elsewhere]),
        settings,
        known_contact_facts(),
    )
}

#[test]
fn plan_json_snapshot() {
    let (order, settings, facts) = snapshot_order();
    let plan = planned(&order, &settings, &facts);
    insta::assert_json_snapshot!("plan_two_addresses", plan);
}

#[test]
fn summary_snapshot() {
    let (order, settings, facts) = snapshot_order();
    let plan = planned(&order, &settings, &facts);
    insta::assert_snapshot!("summary_two_addresses", summary(&plan));
}

#[test]
fn summary_says_which_steps_are_already_in_pace() {
    let (order, settings, facts) = snapshot_order();
    let plan = planned(&order, &settings, &facts);
    let done: std::collections::BTreeMap<String, String> = [
        ("contact#2", "77"),
        ("job#1", "J1042"),
        ("job#1/part#1", "J1042:01"),
    ]
    .into_iter()
    .map(|(step, key)| (step.to_owned(), key.to_owned()))
    .collect();
    let text = super::summary_with_done(&plan, &done);
    let lines: Vec<&str> = text.lines().collect();
    for expected in [
        "Contact contact#2: already in Pace as 77",
        "Job job#1: already in Pace as J1042",
        "JobPart job#1/part#1: already in Pace as J1042:01",
    ] {
        assert!(lines.contains(&expected), "{text}");
    }
    assert!(!text.contains("Create contact"), "{text}");
    assert!(!text.contains("Create Job"), "{text}");
    assert!(!text.contains("Fill in part"), "{text}");
    // What is not in the journal reads as before.
    assert!(
        text.contains("Create part job#1/part#2") && text.contains("Use contact 31"),
        "{text}"
    );
    assert_eq!(
        super::summary_with_done(&plan, &Default::default()),
        summary(&plan)
    );
}

#[test]
fn plan_survives_a_json_round_trip() {
    let (order, settings, facts) = snapshot_order();
    let outcome = outcome(&order, &settings, &facts).unwrap();
    let json = serde_json::to_string(&outcome).unwrap();
    assert_eq!(serde_json::from_str::<PlanOutcome>(&json).unwrap(), outcome);
    let mut elsewhere = acme_dock();
    elsewhere.city = "Austin".into();
    assert_ne!(elsewhere, acme_dock());
}

#[test]
fn summary_snapshot_new_customer_templates_materials_carton_contents() {
    let mut order = order_with(vec![item(1, 100), item(2, 50), item(3, 5)]);
    order.site.integration_id.clear();
    order.po_number.clear();
    order.items[0].product_integration_id = "BC".into();
    order.items[0].attributes.push(NamedValue {
        name: "materialID".into(),
        value: "PAPER-80".into(),
    });
    order.items[1].shipping_method = "Customer Pickup".into();
    order.items[2].ships_separately = true;
    order.items[2].item_name = "Door hanger".into();
    order.items[2].files = files(2);
    let mut settings = settings();
    settings.customers.create_customer = true;
    settings.jobs.po_fallback = PoFallback::Fixed("9999".into());
    settings.jobs.override_file_name = true;
    settings.holidays.skip_holidays = true;
    settings.shipments.enable_carton_contents = true;
    settings.shipments.shipment_type_code = Some(50);
    settings.mapping.site_mapping = r#"[{"siteName":"DefaultSiteConfiguration","adminStatus":"O","includeTaxAndShipping":true,"addMaterialInformation":true}]"#.into();
    settings.mapping.accounts = r#"[{"rule_type":"ShipmentMethodMapping","priority":10,"source_method":"Customer Pickup","ship_via":"7"},
        {"rule_type":"DefaultMapping","priority":1,"ship_via":"7","account":"UPS-123"}]"#
        .into();
    let mut facts = facts();
    facts.item_templates.insert("BC".into());
    let plan = planned(&order, &settings, &facts);
    insta::assert_snapshot!("summary_new_customer_carton_contents", summary(&plan));
}

#[test]
fn summary_snapshot_one_job_per_item() {
    let mut named = item(1, 100);
    named.item_name = "Spring flyer".into();
    named.files = files(2);
    let mut settings = settings();
    settings.jobs.one_job_per_item = true;
    settings.jobs.override_job_name = true;
    settings.jobs.override_file_name = true;
    let plan = planned(
        &order_with(vec![named, item(2, 50)]),
        &settings,
        &known_contact_facts(),
    );
    insta::assert_snapshot!("summary_one_job_per_item", summary(&plan));
}

#[test]
fn every_plan_error_names_the_order() {
    let errors = [
        PlanError::Settings {
            order: 10001,
            problems: vec![crate::settings::SettingsProblem::new(
                "jobs.job_type",
                "bad",
            )],
        },
        PlanError::AwaitingApproval {
            order: 10001,
            pending: 2,
        },
        PlanError::CustomerNotIdentified {
            order: 10001,
            site: "S".into(),
            email: "e@x.com".into(),
        },
        PlanError::ContactsOfSeveralCustomers {
            order: 10001,
            email: "e@x.com".into(),
            customers: vec!["A".into()],
        },
        PlanError::ContactNotFound {
            order: 10001,
            customer: "A".into(),
            location: "e@x.com".into(),
        },
        PlanError::NoFreeCustomerId {
            order: 10001,
            name: "N".into(),
            tried: vec!["N".into()],
        },
        PlanError::NoAccountRule {
            order: 10001,
            ship_to: "1 Main".into(),
            method: "UPS".into(),
        },
        PlanError::UnknownShipVia {
            order: 10001,
            rule: 2,
            ship_via: 9,
        },
        PlanError::UnknownAdminStatus {
            order: 10001,
            site: "S".into(),
            status: "X".into(),
        },
        PlanError::UnknownJobType {
            order: 10001,
            job_type: 5,
            source_of: "the Job Type setting".into(),
        },
        PlanError::BadJobTypeAttribute {
            order: 10001,
            item: 1,
            value: "x".into(),
        },
        PlanError::UnknownItemTemplate {
            order: 10001,
            item: 1,
            code: "T".into(),
        },
        PlanError::BadOrder {
            order: 10001,
            field: "the order's shipping".into(),
            problem: "is negative".into(),
        },
    ];
    for error in errors {
        let message = error.to_string();
        assert!(message.starts_with("order 10001: "), "{message}");
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(serde_json::from_str::<PlanError>(&json).unwrap(), error);
    }
}

#[test]
fn negative_money_stops_the_order() {
    let mut order = order_with(vec![item(1, 100)]);
    order.totals.shipping = d("-1.00");
    let error = failed(&order, &settings(), &known_contact_facts());
    assert!(matches!(error, PlanError::BadOrder { .. }), "{error:?}");
    let mut order = order_with(vec![item(1, 100)]);
    order.items[0].price = d("-5");
    let error = failed(&order, &settings(), &known_contact_facts());
    assert!(error.to_string().contains("item 1's price"), "{error}");
}

#[test]
fn a_ship_to_without_phone_that_is_the_user_takes_the_users_phone_everywhere() {
    // The ship-to is the ordering user (same e-mail) and has no phone; the user has only a
    // cell phone (fixture order 10009).
    let mut it = item(1, 10);
    it.ship_to.phone.clear();
    let mut order = order_with(vec![it]);
    order.ordered_by.phone.clear();
    order.ordered_by.cell_phone = "512-555-0131".into();
    order.ordered_by.email = order.items[0].ship_to.email.clone();
    let mut settings = settings();
    settings.customers.when_contact_missing = MissingContact::Create;
    let plan = planned(&order, &settings, &facts());
    assert_eq!(
        value(&plan, "contact#1", "businessPhoneNumber"),
        text("512-555-0131").as_ref()
    );
    assert_eq!(
        value(&plan, "job#1/shipment#1", "phone"),
        text("512-555-0131").as_ref()
    );
    // The contact created that way is found again next time (its phone is part of the key).
    let mut known = facts();
    let mut contact = acme_contact(31, "ACME");
    contact.phone = "512-555-0131".into();
    known
        .contacts_by_email
        .insert("wile@acme.example".into(), vec![contact]);
    let plan = planned(&order, &settings, &known);
    assert_eq!(
        plan.step("contact#1").map(|s| &s.action),
        Some(&StepAction::UseExisting { key: "31".into() })
    );
    // A ship-to of someone else without a phone does not take the user's.
    order.items[0].ship_to.email = "dock@acme.example".into();
    let plan = planned(&order, &settings, &facts());
    assert_eq!(value(&plan, "contact#1", "businessPhoneNumber"), None);
}

// ---- countries -------------------------------------------------------------------------------

#[test]
fn a_ship_to_country_pace_does_not_have_stops_the_order_naming_the_item() {
    let mut abroad = item(1, 10);
    abroad.ship_to.country = "Atlantis".into();
    let error = failed(
        &order_with(vec![abroad]),
        &settings(),
        &known_contact_facts(),
    );
    assert!(
        matches!(&error, PlanError::UnknownCountry { item: 1, country, .. } if country == "Atlantis"),
        "{error:?}"
    );
    assert!(error.to_string().contains("ship-to country"), "{error}");
}
