//! Property tests of the planner over generated orders: money and quantities add up, items
//! appear exactly when they should, dates skip holidays, and planning is deterministic.

use super::*;
use crate::settings::MissingContact;
use crate::test_support::{acme_dock, d, date, facts, item, order_with, settings};
use pressero::order::{Approval, KitRole, OrderItem};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What the generator varies per item.
#[derive(Debug, Clone)]
struct ItemShape {
    quantity: u64,
    price_cents: i64,
    shipping_cents: i64,
    approval: Approval,
    kit: u8,
    address: usize,
    method: usize,
    separately: bool,
    requested_day: Option<u32>,
}

/// What the generator varies per order and settings.
#[derive(Debug, Clone)]
struct OrderShape {
    items: Vec<ItemShape>,
    order_shipping_cents: Option<i64>,
    wait_for_approve: bool,
    carton_contents: bool,
    skip_holidays: bool,
    one_job_per_item: bool,
    include_tax_and_shipping: bool,
    promise_days: i64,
}

fn item_shape() -> impl Strategy<Value = ItemShape> {
    (
        (0u64..500, 0i64..100_000, 0i64..3_000),
        prop_oneof![
            Just(Approval::Approved),
            Just(Approval::ApprovedWithModifications),
            Just(Approval::Denied),
            Just(Approval::Pending)
        ],
        (
            0u8..5,
            0usize..3,
            0usize..2,
            any::<bool>(),
            proptest::option::of(0u32..60),
        ),
    )
        .prop_map(
            |(
                (quantity, price_cents, shipping_cents),
                approval,
                (kit, address, method, separately, requested_day),
            )| {
                ItemShape {
                    quantity,
                    price_cents,
                    shipping_cents,
                    approval,
                    kit,
                    address,
                    method,
                    separately,
                    requested_day,
                }
            },
        )
}

fn order_shape() -> impl Strategy<Value = OrderShape> {
    (
        proptest::collection::vec(item_shape(), 1..7),
        proptest::option::of(0i64..10_000),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        0i64..20,
    )
        .prop_map(
            |(items, order_shipping_cents, flags, promise_days)| OrderShape {
                items,
                order_shipping_cents,
                wait_for_approve: flags.0,
                carton_contents: flags.1,
                skip_holidays: flags.2,
                one_job_per_item: flags.3,
                include_tax_and_shipping: flags.4,
                promise_days,
            },
        )
}

const ADDRESSES: [&str; 3] = ["1 Canyon Rd", "2 Mesa Blvd", "3 Butte Way"];
const METHODS: [&str; 2] = ["UPS Ground", "Customer Pickup"];

/// Builds the order; `kit` 0 → kit parent, 1 → child of the latest parent, else an ordinary item.
fn build(shape: &OrderShape) -> (Order, Settings, PaceFacts) {
    let mut items: Vec<OrderItem> = Vec::new();
    let mut parent: Option<String> = None;
    for (index, s) in shape.items.iter().enumerate() {
        let mut it = item(u32::try_from(index).unwrap() + 1, s.quantity);
        it.price = Decimal::new(s.price_cents, 2);
        it.shipping = Decimal::new(s.shipping_cents, 2);
        it.approval = s.approval;
        it.ship_to = acme_dock();
        it.ship_to.address1 = ADDRESSES[s.address].into();
        it.shipping_method = METHODS[s.method].into();
        it.ships_separately = s.separately;
        it.requested_ship_date = s
            .requested_day
            .map(|n| date("2026-11-20") + chrono::Days::new(u64::from(n)));
        match (s.kit, &parent) {
            (0, _) => {
                it.kit = KitRole::Parent;
                parent = Some(it.item_id.clone());
            }
            (1, Some(p)) => {
                it.kit = KitRole::Child {
                    parent_item_id: p.clone(),
                }
            }
            _ => {}
        }
        items.push(it);
    }
    let mut order = order_with(items);
    order.requested_ship_date = shape
        .items
        .first()
        .and_then(|s| s.requested_day)
        .map(|n| date("2026-12-20") + chrono::Days::new(u64::from(n)));
    order.totals.shipping = match shape.order_shipping_cents {
        Some(cents) => Decimal::new(cents, 2),
        None => order.items.iter().map(|i| i.shipping).sum(),
    };
    let mut settings = settings();
    settings.mapping.site_mapping = format!(
        r#"[{{"siteName":"DefaultSiteConfiguration","adminStatus":"O","includeTaxAndShipping":{}}}]"#,
        shape.include_tax_and_shipping
    );
    settings.mapping.accounts = r#"[{"rule_type":"ShipmentMethodMapping","priority":10,"source_method":"Customer Pickup","ship_via":"7"},
        {"rule_type":"DefaultMapping","priority":1,"ship_via":"7","account":"ACC"}]"#
        .into();
    settings.customers.when_contact_missing = MissingContact::Create;
    settings.jobs.wait_for_approve = shape.wait_for_approve;
    settings.jobs.one_job_per_item = shape.one_job_per_item;
    settings.jobs.promise_date_days = Some(shape.promise_days);
    settings.shipments.enable_carton_contents = shape.carton_contents;
    settings.holidays.skip_holidays = shape.skip_holidays;
    settings.holidays.custom = "2026-11-24|2026-12-01".into();
    settings.holidays.state = "TX".into();
    (order, settings, facts())
}

fn int(step: &PlanStep, name: &str) -> i64 {
    match step.field(name) {
        Some(FieldValue::Int(n)) => *n,
        other => panic!("{name} of {} is {other:?}", step.reference),
    }
}

fn money(step: &PlanStep, name: &str) -> Decimal {
    match step.field(name) {
        Some(FieldValue::Money(m)) => *m,
        other => panic!("{name} of {} is {other:?}", step.reference),
    }
}

/// The first step of each part (its create or its auto-created update).
fn parts(plan: &OrderPlan) -> Vec<&PlanStep> {
    plan.steps
        .iter()
        .filter(|s| {
            s.object == PaceObject::JobPart && s.action != StepAction::OverrideTemplateDefaults
        })
        .collect()
}

/// Item number of a part, from its description `10001-<n> …`.
fn item_number(part: &PlanStep) -> u32 {
    match part.field("description") {
        Some(FieldValue::Text(t)) => t["10001-".len()..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap(),
        other => panic!("{other:?}"),
    }
}

/// The approval of the kit parent of `it`, when `it` is a kit child.
fn parent_approval(order: &Order, it: &OrderItem) -> Option<Approval> {
    match &it.kit {
        KitRole::Child { parent_item_id } => order
            .items
            .iter()
            .find(|p| &p.item_id == parent_item_id)
            .map(|p| p.approval),
        KitRole::Parent | KitRole::None => None,
    }
}

/// Whether an item should become a part, worked out independently of the planner.
fn expected(order: &Order, it: &OrderItem, wait: bool) -> bool {
    if it.kit == KitRole::Parent {
        return false;
    }
    let parent = parent_approval(order, it);
    let ok = |a: Approval| a.is_approved() || (a == Approval::Pending && !wait);
    ok(it.approval) && parent.is_none_or(ok) && it.quantity > 0
}

/// Whether an item still waits for approval (itself or its kit), worked out independently.
fn waits(order: &Order, it: &OrderItem) -> bool {
    if it.kit == KitRole::Parent {
        return false;
    }
    let parent = parent_approval(order, it);
    let denied = it.approval == Approval::Denied || parent == Some(Approval::Denied);
    !denied && (it.approval == Approval::Pending || parent == Some(Approval::Pending))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_orders_plan_consistently(shape in order_shape()) {
        let (order, settings, facts) = build(&shape);
        let today = date("2026-11-21");
        let first = plan(&order, &settings, &facts, today);
        // Deterministic: the same inputs give the same plan, byte for byte.
        let second = plan(&order, &settings, &facts, today);
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(serde_json::to_string(&first).unwrap(), serde_json::to_string(&second).unwrap());
        let plan = match first {
            Ok(PlanOutcome::Plan(plan)) => plan,
            Ok(PlanOutcome::Skip { .. }) => {
                prop_assert!(order.items.iter().all(|i| !expected(&order, i, shape.wait_for_approve)));
                prop_assert!(!shape.wait_for_approve || !order.items.iter().any(|i| waits(&order, i)));
                return Ok(());
            }
            // WaitForApprove holds the whole order while any item waits.
            Err(PlanError::AwaitingApproval { .. }) => {
                prop_assert!(shape.wait_for_approve);
                prop_assert!(order.items.iter().any(|i| waits(&order, i)));
                return Ok(());
            }
            Err(other) => return Err(TestCaseError::fail(format!("unexpected error {other}"))),
        };
        prop_assert!(!shape.wait_for_approve || !order.items.iter().any(|i| waits(&order, i)));
        let parts = parts(&plan);
        // Part freights never exceed the order's shipping (items not sent keep their share),
        // and add up to it exactly when every item of the order is sent.
        let freight: Decimal = parts.iter().map(|p| money(p, "freightAmt")).sum();
        prop_assert!(freight <= order.totals.shipping, "{} > {}", freight, order.totals.shipping);
        if order.items.iter().all(|i| expected(&order, i, shape.wait_for_approve)) {
            prop_assert_eq!(freight, order.totals.shipping);
        }
        // No part has quantity 0.
        prop_assert!(parts.iter().all(|p| int(p, "qtyOrdered") > 0));
        // Every item that should go appears (once per job it is split into); others never.
        let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
        for part in &parts {
            *seen.entry(item_number(part)).or_default() += 1;
        }
        for it in &order.items {
            let times = if expected(&order, it, shape.wait_for_approve) {
                if shape.one_job_per_item { it.files.len().max(1) } else { 1 }
            } else {
                0
            };
            prop_assert_eq!(seen.get(&it.item_number).copied().unwrap_or(0), times, "item {}", it.item_number);
            if it.approval == Approval::Denied {
                prop_assert!(!seen.contains_key(&it.item_number));
            }
        }
        // A shipment's cartons hold its quantity (one carton without carton contents); each
        // carton's contents hold the carton's; shipments hold every part's quantity.
        let shipments: Vec<&PlanStep> = plan.steps.iter().filter(|s| s.object == PaceObject::JobShipment).collect();
        for shipment in &shipments {
            let cartons: Vec<&PlanStep> = plan.steps.iter()
                .filter(|s| s.object == PaceObject::Carton && s.reference.starts_with(&format!("{}/", shipment.reference)))
                .collect();
            prop_assert!(!cartons.is_empty());
            prop_assert!(shape.carton_contents || cartons.len() == 1);
            prop_assert_eq!(cartons.iter().map(|c| int(c, "quantity")).sum::<i64>(), int(shipment, "plannedQuantity"));
            for carton in &cartons {
                let contents: Vec<&PlanStep> = plan.steps.iter()
                    .filter(|s| s.object == PaceObject::CartonContent && s.reference.starts_with(&format!("{}/", carton.reference)))
                    .collect();
                if shape.carton_contents {
                    prop_assert_eq!(contents.iter().map(|c| int(c, "quantity")).sum::<i64>(), int(carton, "quantity"));
                } else {
                    prop_assert!(contents.is_empty());
                }
            }
        }
        let shipped: i64 = shipments.iter().map(|s| int(s, "plannedQuantity")).sum();
        prop_assert_eq!(shipped, parts.iter().map(|p| int(p, "qtyOrdered")).sum::<i64>());
        // Promise dates skip weekends and holidays when asked to.
        if shape.skip_holidays {
            let calendar = shop_calendar::HolidayCalendar::new(
                shop_calendar::parse_custom_holidays(&settings.holidays.custom).unwrap(),
                Some("TX".parse().unwrap()),
            );
            for job in &plan.jobs {
                prop_assert!(calendar.is_working_day(job.promise_date), "{}", job.promise_date);
            }
        }
        // Every reference a field points at is planned before the step that uses it.
        for (index, step) in plan.steps.iter().enumerate() {
            for field in &step.fields {
                if let FieldValue::KeyOf(target) | FieldValue::PartNumberOf(target) = &field.value {
                    prop_assert!(plan.steps[..index].iter().any(|s| &s.reference == target), "{} → {}", step.reference, target);
                }
            }
        }
    }
}

#[test]
fn the_generator_covers_the_interesting_cases() {
    // A fixed shape, checked by hand: one denied kit child under wait, order shipping not the
    // items' sum, so the price-share path runs (over every item: the denied child keeps its
    // share).
    let shape = OrderShape {
        items: vec![
            ItemShape {
                quantity: 1,
                price_cents: 0,
                shipping_cents: 0,
                approval: Approval::Approved,
                kit: 0,
                address: 0,
                method: 0,
                separately: false,
                requested_day: None,
            },
            ItemShape {
                quantity: 10,
                price_cents: 1000,
                shipping_cents: 100,
                approval: Approval::Denied,
                kit: 1,
                address: 0,
                method: 0,
                separately: false,
                requested_day: None,
            },
            ItemShape {
                quantity: 20,
                price_cents: 3000,
                shipping_cents: 100,
                approval: Approval::Approved,
                kit: 1,
                address: 1,
                method: 1,
                separately: true,
                requested_day: Some(3),
            },
        ],
        order_shipping_cents: Some(1001),
        wait_for_approve: true,
        carton_contents: true,
        skip_holidays: true,
        one_job_per_item: false,
        include_tax_and_shipping: true,
        promise_days: 3,
    };
    let (order, settings, facts) = build(&shape);
    let PlanOutcome::Plan(plan) = plan(&order, &settings, &facts, date("2026-11-21")).unwrap()
    else {
        panic!()
    };
    let parts = parts(&plan);
    assert_eq!(parts.len(), 1);
    // 10.01 shared by price 0 : 10.00 : 30.00 → 0.00, 2.50, 7.51 (the leftover cent to the
    // largest remainder); only the last item is sent.
    assert_eq!(money(parts[0], "freightAmt"), d("7.51"));
    assert_eq!(int(parts[0], "qtyOrdered"), 20);
}
