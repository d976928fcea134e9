//! Bounded fuzzing of the Pressero client's JSON decoding ("no panic, no hang, a clear error
//! each") for `FUZZ_SECONDS` (default 3 s; `scripts/fuzz.sh 60` for longer), with
//! `fuzz_budget`.
//!
//! Through the public client only (no test-only API): a `fuzz_budget::http` stub on 127.0.0.1
//! first forwards each scenario's calls (sign-in, order search with paging, one site's search,
//! reading each fixture order — its search rows, details, site info, user info, products —,
//! one item's details, a site's products, an address book, workflows and a workflow's stages)
//! to the Pressero simulator, seeded from `fixtures/pressero`, and records every answer by
//! method and path. Each case then runs one scenario with a fresh client against the stub
//! answering the recorded answers, one of them replaced: a structure-aware mutation of it,
//! laid out one member a line (a value swapped for a well-formed one of another type, so
//! that the decoders behind the JSON parser are reached; a member, object or array deleted,
//! duplicated or replaced; a span cut…, with Pressero's own field names as fillers), another
//! call's answer, or random text, under a random HTTP status. A call the recording lacks is a
//! 404.
//!
//! Every scenario must end (the client's timeouts, the per-case limit) in `Ok` or a
//! [`PresseroError`] whose message is not empty, names the call (`GET /api/...`) when the
//! error has one, and says what was wrong (`Malformed` names the field when a field is to
//! blame).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use fuzz_budget::http::{Request, Response, StubServer, forward};
use fuzz_budget::mutate::{self, Mutant};
use pressero::{Password, PresseroClient, PresseroError, PresseroSettings, SearchWindow};
use pressero_simulator::{PresseroConfig, PresseroSimulator};
use proptest::prelude::*;

/// The storefront most fixture orders come from, and one of its users.
const ACME_DOMAIN: &str = "acme.chi.v6.pressero.com";
const ACME_USER: &str = "3af877c8-b881-50e0-bcce-f724fb8a2856";
const PUBLIC_DOMAIN: &str = "shop.printworks.example";
const STANDARD_WORKFLOW: &str = "30f81663-1a82-51f5-9c95-63ac7f06efa8";

/// What a case asks the client for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    SignIn,
    Search,
    SearchSite,
    ReadOrder(u64),
    OrderItem(u64, u32),
    Products,
    AddressBook,
    Workflows,
    Stages,
}

fn scenarios() -> Vec<Scenario> {
    let mut all = vec![
        Scenario::SignIn,
        Scenario::Search,
        Scenario::SearchSite,
        Scenario::OrderItem(10002, 2),
        Scenario::Products,
        Scenario::AddressBook,
        Scenario::Workflows,
        Scenario::Stages,
    ];
    all.extend((10001..=10016).map(Scenario::ReadOrder));
    all
}

fn november() -> Option<SearchWindow> {
    let at = |text: &str| text.parse::<DateTime<Utc>>().ok();
    SearchWindow::new(at("2026-11-01T00:00:00Z")?, at("2026-12-01T00:00:00Z")?).ok()
}

/// Runs `scenario`; `Ok` is a short description of what came back.
async fn run(client: &PresseroClient, scenario: Scenario) -> Result<String, PresseroError> {
    let shown = |value: &dyn std::fmt::Debug| format!("{value:?}");
    let window = november();
    match scenario {
        Scenario::SignIn => client.check_sign_in().await.map(|()| "signed in".into()),
        Scenario::Search => match window {
            Some(window) => client.search_orders(&window).await.map(|s| shown(&s)),
            None => Ok("no window".into()),
        },
        Scenario::SearchSite => match window {
            Some(window) => client
                .search_site_orders(PUBLIC_DOMAIN, &window)
                .await
                .map(|s| shown(&s)),
            None => Ok("no window".into()),
        },
        Scenario::ReadOrder(number) => client.read_order(number).await.map(|o| shown(&o)),
        Scenario::OrderItem(number, item) => {
            client.order_item(number, item).await.map(|i| shown(&i))
        }
        Scenario::Products => client.products(ACME_DOMAIN).await.map(|p| shown(&p)),
        Scenario::AddressBook => client
            .address_book(ACME_DOMAIN, ACME_USER)
            .await
            .map(|a| shown(&a)),
        Scenario::Workflows => client.workflows().await.map(|w| shown(&w)),
        Scenario::Stages => client
            .workflow_stages(STANDARD_WORKFLOW)
            .await
            .map(|s| shown(&s)),
    }
}

/// `METHOD target`: how a recorded answer is found again.
fn route(request: &Request) -> String {
    format!("{} {}", request.method, request.target)
}

/// A JSON answer laid out one member a line (so that line edits delete, repeat or swap
/// members); other text as it is.
fn pretty(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|value| serde_json::to_string_pretty(&value).ok())
        .unwrap_or_else(|| text.into_owned())
}

/// Every object key in a JSON text, for the mutations' dictionary.
fn keys_of(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                out.insert(format!("\"{key}\""));
                keys_of(inner, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| keys_of(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod support {
    use super::*;

    /// One recorded answer of a scenario.
    #[derive(Debug, Clone)]
    pub struct Exchange {
        pub route: String,
        pub response: Response,
    }

    pub struct Recording {
        pub credentials: (String, String, String, String),
        pub scenarios: Vec<(Scenario, Vec<Exchange>)>,
    }

    pub fn client(
        base_url: &str,
        credentials: &(String, String, String, String),
    ) -> PresseroClient {
        let (user, subscriber, consumer, password) = credentials;
        let mut settings =
            PresseroSettings::new(base_url, user, subscriber, consumer).expect("settings");
        settings.connect_timeout = Duration::from_secs(2);
        settings.request_timeout = Duration::from_secs(5);
        settings.search_timeout = Duration::from_secs(5);
        settings.max_search_span = chrono::Duration::days(31);
        // Small pages, so that the search is read in several.
        settings.page_size = 10;
        PresseroClient::new(settings, Password::new(password.clone())).expect("client")
    }

    /// Runs every scenario against the simulator through a forwarding stub, with a fresh
    /// client each, keeping each answer.
    pub fn record(runtime: &tokio::runtime::Runtime) -> Recording {
        let pressero = runtime
            .block_on(PresseroSimulator::start(PresseroConfig::default()))
            .expect("simulator starts");
        let c = pressero.credentials();
        let credentials = (
            c.user_name.clone(),
            c.subscriber_id.clone(),
            c.consumer_id.clone(),
            c.password.clone(),
        );
        let upstream = pressero
            .base_url()
            .trim_start_matches("http://")
            .parse()
            .expect("simulator address");
        let seen: Arc<Mutex<Vec<Exchange>>> = Arc::default();
        let kept = Arc::clone(&seen);
        let stub = StubServer::start(move |request: &Request| {
            let response = forward(upstream, request).unwrap_or_else(|e| {
                Response::new(599, "text/plain", format!("forwarding failed: {e}"))
            });
            kept.lock().expect("lock").push(Exchange {
                route: route(request),
                response: response.clone(),
            });
            response
        })
        .expect("stub starts");
        let mut recorded = Vec::new();
        for scenario in scenarios() {
            seen.lock().expect("lock").clear();
            let client = client(&stub.base_url(), &credentials);
            let outcome = runtime.block_on(run(&client, scenario));
            assert!(outcome.is_ok(), "recording {scenario:?}: {outcome:?}");
            let exchanges = std::mem::take(&mut *seen.lock().expect("lock"));
            assert!(!exchanges.is_empty(), "{scenario:?} made no call");
            recorded.push((scenario, exchanges));
        }
        drop(stub);
        drop(pressero);
        Recording {
            credentials,
            scenarios: recorded,
        }
    }

    /// What the stub answers in one case, by route.
    #[derive(Debug, Clone)]
    pub struct Case {
        pub scenario: Scenario,
        /// The route whose answer is replaced.
        pub route: String,
        pub status: u16,
        pub body: Body,
    }

    #[derive(Debug, Clone)]
    pub enum Body {
        Mutant(Mutant),
        Text(String),
    }

    impl Body {
        pub fn text(&self) -> &str {
            match self {
                Body::Mutant(m) => &m.text,
                Body::Text(t) => t,
            }
        }
    }

    fn status() -> impl Strategy<Value = u16> {
        prop_oneof![
            14 => Just(200),
            1 => prop::sample::select(vec![201, 204, 301, 400, 401, 403, 404, 408, 429, 500, 502, 503]),
            1 => 100u16..600,
        ]
    }

    pub fn cases(recording: &Recording) -> impl Strategy<Value = Case> + use<> {
        let mut dictionary = BTreeSet::new();
        let mut every_body = Vec::new();
        for (scenario, exchanges) in &recording.scenarios {
            for exchange in exchanges {
                let text = pretty(&exchange.response.body);
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
                    keys_of(&value, &mut dictionary);
                }
                every_body.push((format!("{scenario:?} {}", exchange.route), text));
            }
        }
        let dictionary: Arc<[String]> = dictionary.into_iter().collect();
        let every_body: Arc<[(String, String)]> = every_body.into();
        let scenarios = recording.scenarios.clone();
        (0..scenarios.len(), any::<prop::sample::Index>()).prop_flat_map(move |(s, which)| {
            let (scenario, exchanges) = &scenarios[s];
            let exchange = which.get(exchanges).clone();
            let own = vec![(
                format!("{scenario:?} {}", exchange.route),
                pretty(&exchange.response.body),
            )];
            let body = prop_oneof![
                8 => mutate::mutants(own, dictionary.clone()).prop_map(Body::Mutant),
                1 => mutate::mutants(every_body.clone(), dictionary.clone()).prop_map(Body::Mutant),
                1 => prop_oneof![
                    mutate::nasty_text(),
                    any::<String>(),
                    prop::sample::select(mutate::WRONG_TYPES).prop_map(str::to_owned),
                ]
                .prop_map(Body::Text),
            ];
            let scenario = *scenario;
            let route = exchange.route;
            (status(), body).prop_map(move |(status, body)| Case {
                scenario,
                route: route.clone(),
                status,
                body,
            })
        })
    }

    /// The answers of one case, by route.
    pub fn answers(recording: &Recording, case: &Case) -> BTreeMap<String, Response> {
        let mut answers = BTreeMap::new();
        if let Some((_, exchanges)) = recording
            .scenarios
            .iter()
            .find(|(s, _)| *s == case.scenario)
        {
            for exchange in exchanges {
                answers
                    .entry(exchange.route.clone())
                    .or_insert_with(|| exchange.response.clone());
            }
        }
        answers.insert(
            case.route.clone(),
            Response::new(case.status, "application/json", case.body.text()),
        );
        answers
    }

    /// What every outcome must satisfy.
    pub fn check(
        case: &Case,
        outcome: &Result<String, PresseroError>,
    ) -> Result<(), TestCaseError> {
        let Err(error) = outcome else {
            return Ok(());
        };
        let text = error.to_string();
        prop_assert!(!text.trim().is_empty(), "an empty message: {:?}", error);
        if let Some(site) = error.call_site() {
            prop_assert!(site.call.contains(" /api/"), "no call named: {}", text);
            prop_assert!(text.contains(&site.call), "{}", text);
        }
        match error {
            PresseroError::Malformed { detail, .. }
            | PresseroError::InvalidRequest { detail, .. } => {
                prop_assert!(!detail.trim().is_empty(), "nothing said: {}", text);
                prop_assert!(!detail.trim_end().ends_with(':'), "{}", text);
            }
            PresseroError::Status {
                status, message, ..
            } => {
                prop_assert!(!message.trim().is_empty(), "{}", text);
                prop_assert!(
                    *status == case.status || *status == 404,
                    "HTTP {} served, {} reported: {}",
                    case.status,
                    status,
                    text
                );
            }
            PresseroError::SignInRefused { message, .. }
            | PresseroError::Unauthorized { message, .. } => {
                prop_assert!(!message.trim().is_empty(), "{}", text);
                prop_assert!(matches!(case.status, 400 | 401 | 403), "{}", text);
            }
            PresseroError::Network { detail, .. } => {
                // Only an answer HTTP cannot deliver as one (1xx, 204, …) breaks the exchange.
                prop_assert!(!detail.trim().is_empty(), "{}", text);
                prop_assert!(
                    !(200..300).contains(&case.status) || case.status == 204,
                    "a network error for HTTP {}: {}",
                    case.status,
                    text
                );
            }
            PresseroError::Timeout { .. } => {
                prop_assert!(false, "the stub answers at once: {}", text)
            }
            PresseroError::UnknownStage { .. } | PresseroError::Settings(_) => {
                prop_assert!(false, "not from a read: {}", text)
            }
        }
        Ok(())
    }
}

fn runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => panic!("no runtime: {e}"),
    }
}

#[cfg(test)]
/// A stub answering each call with what `current` holds for its route (404 for a route the
/// recording lacks).
fn replay_stub(current: &Arc<Mutex<BTreeMap<String, Response>>>) -> StubServer {
    let served = Arc::clone(current);
    StubServer::start(move |request: &Request| {
        served
            .lock()
            .expect("lock")
            .get(&route(request))
            .cloned()
            .unwrap_or_else(|| {
                Response::new(
                    404,
                    "application/json",
                    r#"{"Message":"No such call in the recording."}"#,
                )
            })
    })
    .expect("stub starts")
}

#[test]
fn pressero_answers() {
    use support::*;
    let runtime = runtime();
    let recording = record(&runtime);
    let current: Arc<Mutex<BTreeMap<String, Response>>> = Arc::default();
    let stub = replay_stub(&current);
    let base_url = stub.base_url();
    fuzz_budget::fuzz("pressero json", cases(&recording), |case| {
        *current.lock().expect("lock") = answers(&recording, &case);
        let client = client(&base_url, &recording.credentials);
        let outcome = runtime.block_on(run(&client, case.scenario));
        check(&case, &outcome)
    });
}

#[test]
fn the_recorded_answers_are_understood() {
    // The fuzzer's starting points are good answers: each scenario, replayed unmutated, gives
    // what it gave against the simulator.
    use support::*;
    let runtime = runtime();
    let recording = record(&runtime);
    let current: Arc<Mutex<BTreeMap<String, Response>>> = Arc::default();
    let stub = replay_stub(&current);
    for (scenario, exchanges) in &recording.scenarios {
        *current.lock().expect("lock") = exchanges
            .iter()
            .map(|e| (e.route.clone(), e.response.clone()))
            .collect();
        let client = client(&stub.base_url(), &recording.credentials);
        let outcome = runtime.block_on(run(&client, *scenario));
        assert!(outcome.is_ok(), "{scenario:?}: {outcome:?}");
    }
}
