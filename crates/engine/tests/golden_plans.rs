//! Golden plans (issue 4): every fixture order (10001–10016) read through the Pressero client
//! from the Pressero simulator, its facts resolved through the resolver against the Pace
//! simulator (both with their bundled seeds), planned with `fixtures/settings/golden.toml` and
//! a fixed `today`, and pinned with insta: the human summary and the plan JSON, or the
//! planning error, or the skip reason. Scenario variants change one setting on top of the file
//! and say which in the snapshot name.
//!
//! Each golden was read field by field against the specification (`shared/seeds/`) and
//! `fixtures/pressero/README.md`: a changed snapshot is a changed statement about what goes to
//! Pace, to be reviewed as such.
//!
//! A second test checks that every plan names only Pace types and fields the Pace simulator's
//! schema knows (the simulator, like Pace, faults on unknown fields), with values of the
//! field's kind, links to objects of the type the field refers to, and every field a create
//! requires.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use engine::plan::PlanOutcome;
use golden::*;

/// Set-up and checks shared by the tests below.
mod golden {
    use crate::support::{default_pressero_client, start_pace, start_pressero};
    use engine::plan::{
        FieldValue, OrderPlan, PlanOutcome, PlanStep, StepAction, facts_needed, plan, summary,
    };
    use engine::resolve::Resolver;
    use engine::settings::{ContactMatch, PoFallback, Settings};
    use pace_simulator::schema::{self, Kind};
    use pace_simulator::{PaceConfig, RunningPace};
    use pressero::PresseroClient;
    use pressero_simulator::RunningPressero;

    pub(crate) use crate::support::today;

    /// The fixture orders.
    pub(crate) const ORDERS: std::ops::RangeInclusive<u64> = 10001..=10016;

    /// The shop-case orders (`fixtures/pressero/shop-cases/`, added to the simulator by
    /// [`world`]): discounted, an over-long company name, a Canadian and a German ship-to, a
    /// pickup item without an address.
    pub(crate) const SHOP_CASES: std::ops::RangeInclusive<u64> = 20101..=20105;

    /// Both simulators and the clients over them.
    pub(crate) struct World {
        pub(crate) pressero: RunningPressero,
        pub(crate) pace: RunningPace,
        pub(crate) orders: PresseroClient,
        pub(crate) resolver: Resolver,
    }

    pub(crate) async fn world() -> World {
        let pressero = start_pressero().await;
        for order in pressero_simulator::shop_case_orders() {
            pressero.add_order_json(order).unwrap();
        }
        let orders = default_pressero_client(&pressero);
        let (pace, client) = start_pace(PaceConfig::default()).await;
        World {
            pressero,
            pace,
            orders,
            resolver: Resolver::new(client),
        }
    }

    pub(crate) fn golden_settings() -> Settings {
        let settings = crate::support::golden_settings();
        assert_eq!(settings.validate(), Ok(()), "golden.toml must be valid");
        settings
    }

    /// A scenario variant: its name and the settings change it makes.
    struct Variant {
        order: u64,
        name: &'static str,
        change: fn(&mut Settings),
    }

    /// The variants the fixture README asks for, each one setting away from golden.toml.
    const VARIANTS: &[Variant] = &[
        Variant {
            order: 10001,
            name: "contact_match_email",
            change: |s| s.customers.contact_match = ContactMatch::Email,
        },
        Variant {
            order: 10002,
            name: "po_fallback_9999",
            change: |s| s.jobs.po_fallback = PoFallback::Fixed("9999".into()),
        },
        Variant {
            order: 10002,
            name: "storefront_switched_off",
            change: |s| {
                s.storefronts.list.push(engine::settings::Storefront {
                    site_name: "Public Shop".into(),
                    integration_id: String::new(),
                    sync: false,
                })
            },
        },
        Variant {
            order: 10001,
            name: "only_listed_storefronts",
            change: |s| {
                s.storefronts.sync = engine::settings::StorefrontSync::OnlyListed;
                s.storefronts.list.push(engine::settings::Storefront {
                    site_name: "Public Shop".into(),
                    integration_id: String::new(),
                    sync: true,
                })
            },
        },
        Variant {
            order: 20101,
            name: "without_tax_and_shipping",
            change: |s| {
                s.mapping.site_mapping = s.mapping.site_mapping.replacen(
                    r#""includeTaxAndShipping":true"#,
                    r#""includeTaxAndShipping":false"#,
                    1,
                )
            },
        },
        Variant {
            order: 10005,
            name: "wait_for_approve",
            change: |s| s.jobs.wait_for_approve = true,
        },
        Variant {
            order: 10007,
            name: "carton_contents",
            change: |s| s.shipments.enable_carton_contents = true,
        },
        Variant {
            order: 10008,
            name: "carton_contents",
            change: |s| s.shipments.enable_carton_contents = true,
        },
        Variant {
            order: 10009,
            name: "create_customer_off",
            change: |s| s.customers.create_customer = false,
        },
        Variant {
            order: 10012,
            name: "without_some_site_default_mapping",
            change: |s| {
                let mut rules: Vec<serde_json::Value> =
                    serde_json::from_str(&s.mapping.accounts).unwrap();
                rules.retain(|r| r["rule_type"] != "DefaultMapping");
                s.mapping.accounts = serde_json::to_string(&rules).unwrap();
            },
        },
        Variant {
            order: 10013,
            name: "one_job_per_item_override_names",
            change: |s| {
                s.jobs.one_job_per_item = true;
                s.jobs.override_job_name = true;
                s.jobs.override_file_name = true;
            },
        },
        Variant {
            order: 10013,
            name: "one_job_per_item_item_names",
            change: |s| {
                s.jobs.one_job_per_item = true;
                s.jobs.override_file_name = true;
            },
        },
        Variant {
            order: 10015,
            name: "create_customer_off",
            change: |s| s.customers.create_customer = false,
        },
    ];

    /// Reads, resolves and plans one order.
    pub(crate) async fn plan_order(
        world: &World,
        number: u64,
        settings: &Settings,
    ) -> Result<PlanOutcome, engine::plan::PlanError> {
        let order = world.orders.order(number).await.unwrap();
        let facts = world
            .resolver
            .resolve(&facts_needed(&order, settings))
            .await
            .unwrap();
        plan(&order, settings, &facts, today())
    }

    /// The golden text: summary + plan JSON, the skip reason, or the error and its JSON.
    pub(crate) fn golden_text(outcome: &Result<PlanOutcome, engine::plan::PlanError>) -> String {
        match outcome {
            Ok(PlanOutcome::Plan(plan)) => format!(
                "{}\n{}",
                summary(plan),
                serde_json::to_string_pretty(plan).unwrap()
            ),
            Ok(PlanOutcome::Skip { reason }) => format!("Skipped: {reason}\n"),
            Err(error) => format!(
                "Error: {error}\n\n{}",
                serde_json::to_string_pretty(error).unwrap()
            ),
        }
    }

    /// Every (snapshot name, outcome): the base settings for each order, then the variants.
    pub(crate) async fn every_outcome(
        world: &World,
    ) -> Vec<(String, Result<PlanOutcome, engine::plan::PlanError>)> {
        let base = golden_settings();
        let mut outcomes = Vec::new();
        for number in ORDERS.chain(SHOP_CASES) {
            outcomes.push((number.to_string(), plan_order(world, number, &base).await));
        }
        for variant in VARIANTS {
            let mut settings = base.clone();
            (variant.change)(&mut settings);
            let name = format!("{}_{}", variant.order, variant.name);
            outcomes.push((name, plan_order(world, variant.order, &settings).await));
        }
        outcomes
    }

    /// What the Pace simulator's schema would refuse in `plan`.
    pub(crate) fn schema_problems(plan: &OrderPlan) -> Vec<String> {
        let mut problems = Vec::new();
        for step in &plan.steps {
            let type_name = step.object.type_name();
            let Some(object_type) = schema::object_type(type_name) else {
                problems.push(format!("{}: Pace has no type {type_name}", step.reference));
                continue;
            };
            for field in &step.fields {
                let Some(known) = object_type.field(&field.name) else {
                    problems.push(format!(
                        "{}: {type_name} has no field {}",
                        step.reference, field.name
                    ));
                    continue;
                };
                if let Some(problem) = value_problem(plan, known, &field.value) {
                    problems.push(format!(
                        "{}: {type_name}.{} {problem}",
                        step.reference, field.name
                    ));
                }
            }
            if step.action == StepAction::Create {
                for required in object_type.fields.iter().filter(|f| f.required) {
                    if step.field(required.name).is_none() {
                        problems.push(format!(
                            "{}: creating a {type_name} needs {}",
                            step.reference, required.name
                        ));
                    }
                }
            }
        }
        problems
    }

    /// Why `value` does not fit the field, if it does not.
    pub(crate) fn value_problem(
        plan: &OrderPlan,
        field: &schema::Field,
        value: &FieldValue,
    ) -> Option<String> {
        let fits = match value {
            FieldValue::Text(_) | FieldValue::PartNumberOf(_) => field.kind == Kind::Text,
            FieldValue::Int(_) => matches!(field.kind, Kind::Int | Kind::Decimal),
            FieldValue::Money(_) => field.kind == Kind::Decimal,
            FieldValue::Bool(_) => field.kind == Kind::Bool,
            FieldValue::Date(_) => field.kind == Kind::DateTime,
            FieldValue::KeyOf(reference) => {
                let target = plan
                    .step(reference)
                    .map(|s: &PlanStep| s.object.type_name());
                return (field.refers_to != target).then(|| {
                    format!(
                        "refers to {:?} but is given the key of {reference} ({target:?})",
                        field.refers_to
                    )
                });
            }
        };
        (!fits).then(|| format!("is a {:?} field, given {value:?}", field.kind))
    }
}

#[tokio::test]
async fn golden_plans_of_every_fixture_order() {
    let world = world().await;
    // File URLs carry the simulator's port, which changes from run to run.
    let base_url = world.pressero.base_url();
    for (name, outcome) in every_outcome(&world).await {
        let text = golden_text(&outcome).replace(&base_url, "http://pressero.test");
        insta::assert_snapshot!(name, text);
    }
}

#[tokio::test]
async fn a_utc_shop_plans_as_before_and_another_zone_counts_its_own_days() {
    let world = world().await;
    let golden = golden_settings();
    assert_eq!(golden.shop.time_zone, "UTC", "the goldens are a UTC shop's");
    let mut unset = golden.clone();
    unset.shop = engine::settings::ShopSettings::default();
    let mut kiritimati = golden.clone();
    kiritimati.shop.time_zone = "Pacific/Kiritimati".into();
    let mut moved = Vec::new();
    for number in ORDERS {
        let utc = golden_text(&plan_order(&world, number, &golden).await);
        assert_eq!(
            golden_text(&plan_order(&world, number, &unset).await),
            utc,
            "order {number}: a shop without a time zone plans as a UTC shop"
        );
        if golden_text(&plan_order(&world, number, &kiritimati).await) != utc {
            moved.push(number);
        }
    }
    // Placed at or after 10:00 UTC, orders were already on the next day in Kiritimati (UTC+14).
    // The promise date moves for those without a requested ship date whose count does not
    // land on the same working day anyway: 10002 (Tue 17th + 3), 10004 and 10005 (Acme Store,
    // Wed 18th + 7), 10014 and 10015 (Sat 21st + 3 = Tue 24th). 10007, 10008, 10011 and 10012
    // still land on Monday the 23rd; 10001, 10003 and 10006 have a requested date; 10009 and
    // 10013 were placed before 10:00; 10010 stops and 10016 is skipped before any date.
    assert_eq!(moved, [10002, 10004, 10005, 10014, 10015]);
}

#[tokio::test]
async fn an_order_waiting_for_approval_goes_once_its_items_are_decided() {
    let world = world().await;
    let mut settings = golden_settings();
    settings.jobs.wait_for_approve = true;
    let parts = |outcome: Result<PlanOutcome, _>| match outcome {
        Ok(PlanOutcome::Plan(plan)) => plan.jobs.iter().map(|j| j.parts).sum::<usize>(),
        other => panic!("expected a plan, got {other:?}"),
    };
    assert!(matches!(
        plan_order(&world, 10005, &settings).await,
        Err(engine::plan::PlanError::AwaitingApproval { pending: 1, .. })
    ));
    world.pressero.approve_item(10005, 2).unwrap();
    assert_eq!(parts(plan_order(&world, 10005, &settings).await), 2);
    // In no-approval mode the approved item goes at once, the pending one with it.
    settings.jobs.wait_for_approve = false;
    assert_eq!(parts(plan_order(&world, 10005, &settings).await), 2);

    let world = self::world().await;
    world.pressero.deny_item(10005, 2).unwrap();
    settings.jobs.wait_for_approve = true;
    assert_eq!(parts(plan_order(&world, 10005, &settings).await), 1);
}

#[tokio::test]
async fn every_plan_names_only_fields_pace_knows() {
    let world = world().await;
    let mut checked = 0;
    for (name, outcome) in every_outcome(&world).await {
        if let Ok(PlanOutcome::Plan(plan)) = outcome {
            let problems = schema_problems(&plan);
            assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
            // doctor probes Pace with `written_fields()`: it must name every planned field.
            let written = engine::plan::fields::written_fields();
            for step in &plan.steps {
                let listed = written
                    .iter()
                    .find(|(object, _)| *object == step.object)
                    .map(|(_, fields)| fields.clone())
                    .unwrap_or_default();
                for field in &step.fields {
                    assert!(
                        listed.contains(&field.name.as_str()),
                        "{name}: {} `{}` is not in fields::written_fields()",
                        step.object.type_name(),
                        field.name
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} plans checked");
}

#[tokio::test]
async fn resolving_every_fixture_order_costs_two_calls_each_once_the_lists_are_cached() {
    let world = world().await;
    let settings = golden_settings();
    for number in ORDERS {
        let order = world.orders.order(number).await.unwrap();
        world
            .resolver
            .resolve(&engine::plan::facts_needed(&order, &settings))
            .await
            .unwrap();
    }
    // Per order: one loadValueObjects for the customer ids (Integration ID and candidate new
    // ids) and one for the e-mails. Once for all orders: ship vias, job types (loadValueObjects)
    // and job statuses (find). Item templates only when an order names one not seen yet:
    // BC-STD (10001), FLYER-A5 (10002), POSTER-24X36 (10006). Once for all ship-to
    // countries: the countries (loadValueObjects) and the State keys (find). Never a read per
    // object.
    let calls = world.pace.instruments().calls.counts();
    let expected: std::collections::BTreeMap<String, usize> = [
        ("loadValueObjects".to_owned(), 16 * 2 + 2 + 3 + 1),
        ("find".to_owned(), 1 + 1),
    ]
    .into();
    assert_eq!(calls, expected);
}
