//! The resolver over real HTTP against the Pace simulator (bundled seed, fixtures/pace/):
//! the facts it returns, how many Pace calls it makes, what the cache spares, and how its
//! errors are classified.

use super::*;
use crate::plan::ContactFact;
use pace::{PaceConnection, Password};
use pace_simulator::{FaultKind, FaultRule, PaceConfig, PaceSimulator, RunningPace};
use pretty_assertions::assert_eq;
use std::collections::BTreeMap;
use std::time::Duration;

async fn simulator() -> RunningPace {
    PaceSimulator::start(PaceConfig::default()).await.unwrap()
}

fn client(pace: &RunningPace) -> PaceClient {
    let config = PaceConfig::default();
    let connection = PaceConnection::new(&pace.base_url(), &config.login).unwrap();
    PaceClient::new(connection, Password::new(config.password)).unwrap()
}

fn set(values: &[&str]) -> BTreeSet<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// Everything at once: configured ids, e-mails, templates and the three lists.
fn full_query() -> FactsQuery {
    FactsQuery {
        customer_ids: set(&["ACME", "OLDCO", "NOPE"]),
        contact_emails: set(&[
            "jane.doe@acme.example",
            "shared@buyers.example",
            "olga@oldco.example",
            "nobody@nowhere.example",
        ]),
        item_templates: set(&["BC-STD", "NO-SUCH-TEMPLATE"]),
        ship_vias: true,
        job_types: true,
        job_statuses: true,
        countries: true,
    }
}

/// Calls per operation since the last clear.
fn calls(pace: &RunningPace) -> BTreeMap<String, usize> {
    pace.instruments().calls.counts()
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(op, n)| ((*op).to_owned(), *n)).collect()
}

#[tokio::test]
async fn answers_every_question_with_one_call_per_kind() {
    let pace = simulator().await;
    let facts = Resolver::new(client(&pace))
        .resolve(&full_query())
        .await
        .unwrap();

    // Customers asked for (NOPE does not exist; OLDCO exists but is inactive), plus the
    // customers of the contacts found.
    let customers: Vec<(&str, &str, bool)> = facts
        .customers
        .iter()
        .map(|(id, c)| (id.as_str(), c.name.as_str(), c.active))
        .collect();
    assert_eq!(
        customers,
        vec![
            ("ACME", "Acme Corporation", true),
            ("BLUEHILL", "Blue Hill Bank", true),
            ("NORTHWIND", "Northwind Traders", true),
            ("OLDCO", "Old Company Ltd", false),
        ]
    );
    // Jane's contact in full; the shared address belongs to two customers; the inactive
    // contact (106) and the unknown address are absent.
    assert_eq!(
        facts.contacts_with_email("Jane.Doe@acme.example"),
        [ContactFact {
            id: 101,
            customer: "ACME".into(),
            first_name: "Jane".into(),
            last_name: "Doe".into(),
            email: "jane.doe@acme.example".into(),
            address1: "100 Industrial Way".into(),
            address2: "Suite 4".into(),
            address3: String::new(),
            city: "New York".into(),
            state: "NY".into(),
            zip: "10001".into(),
            phone: "212-555-0101".into(),
        }]
    );
    let shared: Vec<(i64, &str)> = facts
        .contacts_with_email("shared@buyers.example")
        .iter()
        .map(|c| (c.id, c.customer.as_str()))
        .collect();
    assert_eq!(shared, vec![(103, "NORTHWIND"), (104, "BLUEHILL")]);
    assert_eq!(
        facts.contacts_by_email.keys().collect::<Vec<_>>(),
        ["jane.doe@acme.example", "shared@buyers.example"]
    );
    let vias: Vec<(i64, &str)> = facts
        .ship_vias
        .iter()
        .map(|v| (v.id, v.description.as_str()))
        .collect();
    assert_eq!(
        vias,
        vec![
            (1, "Customer Pickup"),
            (2, "UPS Ground"),
            (3, "FedEx Overnight"),
            (4, "UPS Next Day Air"),
            (5, "USPS Priority Mail")
        ]
    );
    assert!(facts.ship_vias.iter().all(|v| v.active));
    assert_eq!(facts.job_types, BTreeSet::from([1, 2, 3, 10]));
    assert_eq!(
        facts.job_statuses,
        set(&["0", "C", "O", "P", "S", "X", "a"])
    );
    assert_eq!(facts.item_templates, set(&["BC-STD"]));

    // One loadValueObjects per kind (customers, contacts, ship vias, job types, templates,
    // countries), one find each for the statuses and the State keys, and never a read per
    // object.
    assert_eq!(
        calls(&pace),
        counts(&[("loadValueObjects", 6), ("find", 2)])
    );
    assert!(
        facts
            .countries
            .iter()
            .any(|c| c.id == 2 && c.iso_code == "CA" && c.name == "Canada")
    );
    assert!(facts.state_keys.contains("2:ON") && facts.state_keys.contains("1:NY"));
}

#[tokio::test]
async fn asks_nothing_for_an_empty_query() {
    let pace = simulator().await;
    let facts = Resolver::new(client(&pace))
        .resolve(&FactsQuery::default())
        .await
        .unwrap();
    assert_eq!(facts, PaceFacts::default());
    assert!(calls(&pace).is_empty(), "{:?}", calls(&pace));
}

#[tokio::test]
async fn quotes_and_non_ascii_reach_pace_intact() {
    let pace = simulator().await;
    let query = FactsQuery {
        customer_ids: set(&["OBRIEN", "O'BRIEN", "SAY \"HI\""]),
        contact_emails: set(&["zoe.obrien@obrien.example", "o'brien@obrien.example"]),
        ..FactsQuery::default()
    };
    let facts = Resolver::new(client(&pace)).resolve(&query).await.unwrap();
    assert_eq!(facts.customers.keys().collect::<Vec<_>>(), ["OBRIEN"]);
    assert_eq!(facts.customers["OBRIEN"].name, "O'Brien & Söhne GmbH");
    let zoe = facts.contacts_with_email("zoe.obrien@obrien.example");
    assert_eq!(zoe.len(), 1);
    assert_eq!(
        (
            zoe[0].first_name.as_str(),
            zoe[0].last_name.as_str(),
            zoe[0].address1.as_str()
        ),
        ("Zoë", "O'Brien", "Müllerstraße 42")
    );
    assert_eq!(calls(&pace), counts(&[("loadValueObjects", 2)]));
}

#[tokio::test]
async fn the_cache_spares_calls_until_it_expires() {
    let pace = simulator().await;
    let clock = Arc::new(ManualClock::new());
    let resolver = Resolver::new(client(&pace)).with_clock(clock.clone());
    let query = FactsQuery {
        customer_ids: set(&["ACME"]),
        contact_emails: set(&["bob.smith@bluehill.example"]),
        item_templates: set(&["BC-STD"]),
        ship_vias: true,
        job_types: true,
        job_statuses: true,
        countries: false,
    };
    let first = resolver.resolve(&query).await.unwrap();
    assert_eq!(
        calls(&pace),
        counts(&[("loadValueObjects", 5), ("find", 1)])
    );

    // A minute later: only the contacts and the customers by e-mail are asked again (ACME was
    // validated, BLUEHILL came with Bob's contact, the lists and the template are fresh).
    pace.instruments().calls.clear();
    clock.advance(Duration::from_secs(60));
    let second = resolver.resolve(&query).await.unwrap();
    assert_eq!(second, first);
    assert_eq!(calls(&pace), counts(&[("loadValueObjects", 2)]));
    // BLUEHILL, known from the contact a minute ago, is not asked either.
    let with_bluehill = FactsQuery {
        customer_ids: set(&["BLUEHILL"]),
        ..query.clone()
    };
    pace.instruments().calls.clear();
    resolver.resolve(&with_bluehill).await.unwrap();
    assert_eq!(calls(&pace), counts(&[("loadValueObjects", 2)]));

    // Five minutes after the first look-up, everything is asked again.
    pace.instruments().calls.clear();
    clock.advance(Duration::from_secs(240));
    assert_eq!(resolver.resolve(&query).await.unwrap(), first);
    assert_eq!(
        calls(&pace),
        counts(&[("loadValueObjects", 5), ("find", 1)])
    );

    // Forgetting the cache asks everything again at once.
    pace.instruments().calls.clear();
    resolver.forget_cached();
    resolver.resolve(&query).await.unwrap();
    assert_eq!(
        calls(&pace),
        counts(&[("loadValueObjects", 5), ("find", 1)])
    );
}

#[tokio::test]
async fn orders_starting_at_once_fetch_each_reference_list_once() {
    let pace = simulator().await;
    let resolver = Resolver::new(client(&pace));
    let lists = FactsQuery {
        ship_vias: true,
        job_types: true,
        job_statuses: true,
        countries: true,
        ..FactsQuery::default()
    };
    let (first, second, third) = tokio::join!(
        resolver.resolve(&lists),
        resolver.resolve(&lists),
        resolver.resolve(&lists)
    );
    assert_eq!(first.unwrap(), second.unwrap());
    assert!(third.is_ok());
    // Ship vias, job types, countries; job statuses and State keys: once each.
    assert_eq!(
        calls(&pace),
        counts(&[("loadValueObjects", 3), ("find", 2)])
    );
}

#[tokio::test]
async fn missing_and_inactive_answers_are_never_cached() {
    let pace = simulator().await;
    let resolver = Resolver::new(client(&pace));
    let query = FactsQuery {
        customer_ids: set(&["OLDCO", "NOPE"]),
        item_templates: set(&["NO-SUCH-TEMPLATE"]),
        ..FactsQuery::default()
    };
    for _ in 0..2 {
        let facts = resolver.resolve(&query).await.unwrap();
        assert!(!facts.customers["OLDCO"].active);
        assert!(facts.item_templates.is_empty());
    }
    // Customers and templates asked both times.
    assert_eq!(calls(&pace), counts(&[("loadValueObjects", 4)]));
}

#[tokio::test]
async fn network_trouble_is_transient_and_a_fault_is_not() {
    let pace = simulator().await;
    let resolver = Resolver::new(client(&pace));
    let query = FactsQuery {
        contact_emails: set(&["jane.doe@acme.example"]),
        ..FactsQuery::default()
    };
    // Contacts and customers by e-mail are asked at once: each fault hits both calls.
    let faults = &pace.instruments().faults;

    faults.add(FaultRule::times(
        FaultKind::ServerError,
        Some("loadValueObjects"),
        2,
    ));
    let error = resolver.resolve(&query).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert!(
        error.to_string().contains("contacts by e-mail")
            || error.to_string().contains("customers by id or e-mail"),
        "{error}"
    );

    faults.add(FaultRule::times(
        FaultKind::DropConnection,
        Some("loadValueObjects"),
        2,
    ));
    assert!(resolver.resolve(&query).await.unwrap_err().is_transient());

    faults.add(FaultRule::times(
        FaultKind::ProtocolError,
        Some("loadValueObjects"),
        2,
    ));
    let error = resolver.resolve(&query).await.unwrap_err();
    assert!(!error.is_transient(), "{error}");

    faults.add(FaultRule::times(FaultKind::Unauthorized, None, 1));
    assert!(!resolver.resolve(&query).await.unwrap_err().is_transient());

    // Once the faults are spent, the same resolver answers.
    let facts = resolver.resolve(&query).await.unwrap();
    assert_eq!(facts.contacts_with_email("jane.doe@acme.example").len(), 1);
}

#[tokio::test]
async fn an_email_no_filter_can_hold_is_a_permanent_error_and_nothing_is_sent() {
    let pace = simulator().await;
    let query = FactsQuery {
        contact_emails: set(&["o'brien\"x@obrien.example"]),
        ..FactsQuery::default()
    };
    let error = Resolver::new(client(&pace))
        .resolve(&query)
        .await
        .unwrap_err();
    assert!(!error.is_transient(), "{error}");
    let message = error.to_string();
    assert!(message.contains("contacts by e-mail"), "{message}");
    assert!(calls(&pace).is_empty(), "{:?}", calls(&pace));
}
