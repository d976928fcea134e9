//! Bounded fuzzing of the Pace client's two parsers of outside text ("no panic, no hang, a
//! clear error each"), each for `FUZZ_SECONDS` (default 3 s; `scripts/fuzz.sh 60` for longer),
//! with `fuzz_budget`.
//!
//! - **SOAP replies**, through the public client (no test-only API): a `fuzz_budget::http` stub
//!   on 127.0.0.1 first forwards every call of a list (version, find, findSortAndLimit, typed
//!   and generic reads, create, update, delete, loadValueObjects, two InvokeActions,
//!   addAttachment, startTransaction, and two calls Pace answers with a fault) to the Pace
//!   simulator and records its replies; each case then makes one of those calls with the stub
//!   answering an HTTP status and a body: a recorded reply mutated structure-aware (elements
//!   deleted, duplicated or replaced, text swapped for other types, spans cut…), a reply built
//!   from Pace field names with random values, hand-written odd shapes (SOAP 1.2 fault, HTML
//!   error page, an empty fault), or random bytes. Every call must end (the client's request
//!   timeout, the per-case limit) in `Ok` (only for a 2xx status) or a `PaceError` whose
//!   message names the operation and says what was wrong, with nothing empty after a colon.
//! - **The XPath filter builder** ([`pace::xpath`]): filters of arbitrary field paths and
//!   literals (quotes, brackets, control characters, unicode, NaN, impossible dates, empty
//!   groups) and sorts. Rendering gives either a well-formed expression (literals closed,
//!   parentheses balanced, nothing outside a literal but names, operators and punctuation, every
//!   character one XML can carry) that the request builders accept, or an [`XPathError`] that
//!   names the offending path or value and is justified by one of the filter's parts.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use fuzz_budget::http::{Request, Response, StubServer, forward};
use fuzz_budget::mutate::{self, Mutant};
use pace::xpath::{Comparison, Filter, Literal, Sort, XPathError};
use pace::{
    Attachment, Contact, Customer, FieldValue, Job, JobNote, JobPart, JobShipment, PaceClient,
    PaceConnection, PaceError, PaceType, Password, ShipVia, ValueObjectDescriptor, requests,
};
use pace_simulator::{PaceConfig, PaceSimulator};
use proptest::prelude::*;

// ------------------------------------------------------------------------------------------
// SOAP replies
// ------------------------------------------------------------------------------------------

/// One client call the fuzzer makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Call {
    Version,
    FindJobs,
    FindSorted,
    ReadJob,
    ReadCustomer,
    ReadContact,
    ReadJobPart,
    ReadShipVia,
    ReadObject,
    CreateJob,
    CreateShipment,
    CreateNote,
    UpdatePart,
    DeleteNote,
    LoadValueObjects,
    InvokeText,
    InvokeObject,
    AddAttachment,
    StartTransaction,
    ReadMissing,
    FindBadField,
}

const CALLS: [Call; 21] = [
    Call::Version,
    Call::FindJobs,
    Call::FindSorted,
    Call::ReadJob,
    Call::ReadCustomer,
    Call::ReadContact,
    Call::ReadJobPart,
    Call::ReadShipVia,
    Call::ReadObject,
    Call::CreateJob,
    Call::CreateShipment,
    Call::CreateNote,
    Call::UpdatePart,
    Call::DeleteNote,
    Call::LoadValueObjects,
    Call::InvokeText,
    Call::InvokeObject,
    Call::AddAttachment,
    Call::StartTransaction,
    Call::ReadMissing,
    Call::FindBadField,
];

/// Keys of objects the simulator created while recording, for the calls that need one.
#[derive(Debug, Clone, Default)]
struct Keys {
    job: String,
    note: String,
}

/// Makes `call`; `Ok` is a short description of what came back.
async fn make(client: &PaceClient, call: Call, keys: &Keys) -> Result<String, PaceError> {
    let shown = |value: &dyn std::fmt::Debug| format!("{value:?}");
    match call {
        Call::Version => client.version().await,
        Call::FindJobs => client
            .find("Job", &Filter::eq("@customer", "ACME"))
            .await
            .map(|k| shown(&k)),
        Call::FindSorted => client
            .find_sort_and_limit(
                "ShipVia",
                &Filter::gt("@id", 0),
                &[Sort::descending("@id")],
                0,
                3,
            )
            .await
            .map(|k| shown(&k)),
        Call::ReadJob => client.read::<Job>(&keys.job).await.map(|o| shown(&o)),
        Call::ReadCustomer => client.read::<Customer>("ACME").await.map(|o| shown(&o)),
        Call::ReadContact => client.read::<Contact>("101").await.map(|o| shown(&o)),
        Call::ReadJobPart => client
            .read::<JobPart>(&format!("{}:01", keys.job))
            .await
            .map(|o| shown(&o)),
        Call::ReadShipVia => client.read::<ShipVia>("2").await.map(|o| shown(&o)),
        Call::ReadObject => client
            .read_object("Customer", "ACME")
            .await
            .map(|o| shown(&o)),
        Call::CreateJob => client
            .create(&Job {
                customer: Some("ACME".into()),
                description: Some("1001-Storefront".into()),
                job_type: Some(1),
                admin_status: Some("O".into()),
                ..Job::default()
            })
            .await
            .map(|o| shown(&o)),
        Call::CreateShipment => client
            .create(&JobShipment {
                job: Some(keys.job.clone()),
                name: Some("Jane Doe".into()),
                address1: Some("100 Industrial Way".into()),
                city: Some("New York".into()),
                state: Some("NY".into()),
                zip: Some("10001".into()),
                country: Some(1),
                ship_via: Some(2),
                quantity: Some(250),
                ..JobShipment::default()
            })
            .await
            .map(|o| shown(&o)),
        Call::CreateNote => client
            .create(&JobNote {
                job: Some(keys.job.clone()),
                note: Some("Rush, please".into()),
                ..JobNote::default()
            })
            .await
            .map(|o| shown(&o)),
        Call::UpdatePart => client
            .update(&JobPart {
                job: Some(keys.job.clone()),
                job_part: Some("01".into()),
                qty_ordered: Some(250),
                freight_amt: Some(9.5),
                ..JobPart::default()
            })
            .await
            .map(|o| shown(&o)),
        Call::DeleteNote => client
            .delete("JobNote", &keys.note)
            .await
            .map(|()| "deleted".to_owned()),
        Call::LoadValueObjects => client
            .load_value_objects(
                &ValueObjectDescriptor::new("Contact", Filter::gt("@id", 0))
                    .field("email", "@email")
                    .field("customerName", "customer/@custName")
                    .sort(Sort::ascending("@id"))
                    .limit(3),
            )
            .await
            .map(|rows| shown(&rows)),
        Call::InvokeText => client
            .invoke_action(
                "isComboJobPercentagesDistributed",
                &[FieldValue::reference(keys.job.clone())],
            )
            .await
            .map(|v| shown(&v)),
        Call::InvokeObject => client
            .invoke_action(
                "convertJobToEstimate",
                &[FieldValue::reference(keys.job.clone())],
            )
            .await
            .map(|v| shown(&v)),
        Call::AddAttachment => {
            client
                .add_attachment(
                    "Job",
                    &keys.job,
                    None,
                    &Attachment {
                        name: "proof.pdf".into(),
                        content: b"%PDF-1.4 \x00\x01\xff".to_vec(),
                        mime_type: "application/pdf".into(),
                        file_extension: "pdf".into(),
                    },
                )
                .await
        }
        Call::StartTransaction => client
            .start_transaction(Duration::from_secs(30))
            .await
            .map(|t| t.id().to_owned()),
        Call::ReadMissing => client
            .read::<Customer>("NOSUCHCUSTOMER")
            .await
            .map(|o| shown(&o)),
        Call::FindBadField => client
            .find("Job", &Filter::eq("@noSuchField", "x"))
            .await
            .map(|k| shown(&k)),
    }
}

/// Odd reply shapes the simulator does not produce (from the reply unit tests and the SOAP
/// specifications), fuzzed like the recorded ones.
const HANDWRITTEN: &[(&str, &str)] = &[
    (
        "soap 1.2 fault",
        r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>
<env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en">The transaction is invalid.</env:Text></env:Reason>
</env:Fault></env:Body></env:Envelope>"#,
    ),
    (
        "fault in 200",
        r#"<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>
<S:Fault><faultcode>S:Client</faultcode><faultstring>Unknown field 'bogus' on object 'Job'</faultstring></S:Fault>
</S:Body></S:Envelope>"#,
    ),
    (
        "empty fault",
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault/></soap:Body></soap:Envelope>"#,
    ),
    (
        "no namespaces",
        "<Envelope><Body><findResponse><out><string>7</string><string xsi:nil=\"true\"/></out></findResponse></Body></Envelope>",
    ),
    (
        "html error page",
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
    ),
    (
        "doctype with entity",
        "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"&#38;e;&#38;e;\">]><Envelope><Body>&e;</Body></Envelope>",
    ),
];

/// Pace field names and values: what generated replies are made of and what mutations insert.
const PACE_WORDS: &[&str] = &[
    "job",
    "jobPart",
    "customer",
    "custName",
    "description",
    "jobType",
    "adminStatus",
    "qtyOrdered",
    "freightAmt",
    "dateSetup",
    "scheduledShipDate",
    "poNum",
    "id",
    "ship_via",
    "shipVia",
    "country",
    "active",
    "string",
    "out",
    "primaryKey",
    "ValueObject",
    "valueObjects",
    "ValueField",
    "fields",
    "name",
    "value",
    "faultstring",
    "faultcode",
    "Fault",
    "Body",
    "Envelope",
    "xsi:nil=\"true\"",
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
    "2022-10-12T04:00:00.000Z",
    "2026-13-45T99:99:99Z",
    "12:30:00",
    "Unable to locate object",
    "Lock wait timeout exceeded; try restarting transaction",
    "ACME",
    "12345:01",
    "-0.0",
    "1.7976931348623157e309",
];

#[cfg(test)]
mod replies {
    use super::*;

    /// The operation a recorded reply answers (`readJob` from `<ns1:readJobResponse`).
    fn operation_of(reply: &str) -> Option<String> {
        let end = reply.find("Response")?;
        let start = reply[..end]
            .rfind(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .map_or(0, |i| i + 1);
        Some(reply[start..end].to_owned()).filter(|op| !op.is_empty())
    }

    pub struct Recorded {
        pub keys: Keys,
        /// Each call's recorded reply body and the operation it answers.
        pub replies: Vec<(Call, String, Option<String>)>,
    }

    /// Makes every call against the Pace simulator through a forwarding stub, keeping each
    /// reply.
    pub fn record(runtime: &tokio::runtime::Runtime) -> Recorded {
        let pace = runtime
            .block_on(PaceSimulator::start(PaceConfig::default()))
            .expect("simulator starts");
        let upstream = pace
            .base_url()
            .trim_start_matches("http://")
            .parse()
            .expect("simulator address");
        let last: Arc<Mutex<Option<Response>>> = Arc::default();
        let kept = Arc::clone(&last);
        let stub = StubServer::start(move |request: &Request| {
            let response = forward(upstream, request).unwrap_or_else(|e| {
                Response::new(599, "text/plain", format!("forwarding failed: {e}"))
            });
            *kept.lock().expect("lock") = Some(response.clone());
            response
        })
        .expect("stub starts");
        let client = client_for(&stub.base_url());
        let job: Job = runtime
            .block_on(client.create(&Job {
                customer: Some("ACME".into()),
                description: Some("fuzz".into()),
                job_type: Some(1),
                ..Job::default()
            }))
            .expect("a job");
        let note: JobNote = runtime
            .block_on(client.create(&JobNote {
                job: job.key(),
                note: Some("to delete".into()),
                ..JobNote::default()
            }))
            .expect("a note");
        let keys = Keys {
            job: job.key().expect("job key"),
            note: note.key().expect("note key"),
        };
        let mut replies = Vec::new();
        for call in CALLS {
            last.lock().expect("lock").take();
            let outcome = runtime.block_on(make(&client, call, &keys));
            let expected_ok = !matches!(call, Call::ReadMissing | Call::FindBadField);
            assert_eq!(
                outcome.is_ok(),
                expected_ok,
                "recording {call:?}: {outcome:?}"
            );
            let response = last.lock().expect("lock").take().expect("a reply");
            let body = String::from_utf8(response.body).expect("UTF-8 reply");
            let operation = operation_of(&body);
            replies.push((call, body, operation));
        }
        drop(stub);
        drop(pace);
        Recorded { keys, replies }
    }

    /// The Pace simulator's recorded replies, and a client talking to a stub that answers
    /// whatever [`Rig::answer`] was last given.
    pub struct Rig {
        pub runtime: tokio::runtime::Runtime,
        pub recorded: Recorded,
        pub client: PaceClient,
        served: Arc<Mutex<Response>>,
        _stub: StubServer,
    }

    impl Rig {
        pub fn start() -> Rig {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            let recorded = record(&runtime);
            let served = Arc::new(Mutex::new(Response::new(200, "text/xml", Vec::new())));
            let answers = Arc::clone(&served);
            let stub = StubServer::start(move |_: &Request| answers.lock().expect("lock").clone())
                .expect("stub starts");
            let client = client_for(&stub.base_url());
            Rig {
                runtime,
                recorded,
                client,
                served,
                _stub: stub,
            }
        }

        /// The stub answers the next calls with `response`.
        pub fn answer(&self, response: Response) {
            *self.served.lock().expect("lock") = response;
        }
    }

    pub fn client_for(base_url: &str) -> PaceClient {
        let connection = PaceConnection::new(base_url, "apiuser")
            .expect("URL")
            .connect_timeout(Duration::from_secs(2))
            .request_timeout(Duration::from_secs(5));
        PaceClient::new(connection, Password::new("secret")).expect("client")
    }

    /// One case: a call, the HTTP status and the body the stub answers it with.
    #[derive(Debug, Clone)]
    pub struct Case {
        pub call: Call,
        pub status: u16,
        pub body: Body,
    }

    #[derive(Debug, Clone)]
    pub enum Body {
        Mutant(Mutant),
        Generated(String),
        Bytes(Vec<u8>),
    }

    impl Body {
        pub fn bytes(&self) -> Vec<u8> {
            match self {
                Body::Mutant(m) => m.text.clone().into_bytes(),
                Body::Generated(text) => text.clone().into_bytes(),
                Body::Bytes(bytes) => bytes.clone(),
            }
        }
    }

    fn status() -> impl Strategy<Value = u16> {
        prop_oneof![
            12 => Just(200),
            2 => Just(500),
            1 => prop::sample::select(vec![201, 202, 203, 204, 206, 299, 301, 302, 304, 400, 401, 403, 404, 408, 429, 502, 503, 504]),
            1 => 100u16..600,
        ]
    }

    /// A SOAP reply to `operation` whose `out` holds random Pace fields.
    fn generated(operation: String) -> impl Strategy<Value = String> {
        let value = prop_oneof![
            prop::sample::select(PACE_WORDS).prop_map(str::to_owned),
            prop::sample::select(mutate::WRONG_TYPES).prop_map(str::to_owned),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|n| n.to_string()),
            mutate::nasty_text().prop_map(|t| t.replace('&', "&amp;").replace('<', "&lt;")),
        ];
        let field = (prop::sample::select(PACE_WORDS), value, any::<bool>()).prop_map(
            |(name, value, nil)| {
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if nil {
                    format!("<ns2:{name} xsi:nil=\"true\"/>")
                } else {
                    format!("<ns2:{name}>{value}</ns2:{name}>")
                }
            },
        );
        let fields = prop::collection::vec(field, 0..8);
        let nested = prop::collection::vec(fields.clone(), 0..3);
        (fields, nested).prop_map(move |(fields, nested)| {
            let nested: String = nested
                .into_iter()
                .map(|inner| format!("<ns2:parts>{}</ns2:parts>", inner.concat()))
                .collect();
            format!(
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" \
                 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soap:Body>\
                 <ns1:{operation}Response xmlns:ns1=\"urn://pace2020.com/epace/sdk/x\" \
                 xmlns:ns2=\"http://pace2020.com/epace/object\"><ns1:out>{}{nested}</ns1:out>\
                 </ns1:{operation}Response></soap:Body></soap:Envelope>",
                fields.concat()
            )
        })
    }

    pub fn cases(recorded: &Recorded) -> impl Strategy<Value = Case> + use<> {
        let own: Vec<(String, String)> = recorded
            .replies
            .iter()
            .map(|(call, body, _)| (format!("{call:?}"), body.clone()))
            .collect();
        let mut all = own.clone();
        all.extend(
            HANDWRITTEN
                .iter()
                .map(|(name, body)| ((*name).to_owned(), (*body).to_owned())),
        );
        let dictionary: Arc<[String]> = PACE_WORDS.iter().map(|w| (*w).to_owned()).collect();
        let all: Arc<[(String, String)]> = all.into();
        let replies = recorded.replies.clone();
        (0..replies.len()).prop_flat_map(move |index| {
            let (call, _, operation) = replies[index].clone();
            let operation = operation.unwrap_or_else(|| "find".to_owned());
            let body = prop_oneof![
                6 => mutate::mutants(vec![own[index].clone()], dictionary.clone()).prop_map(Body::Mutant),
                2 => mutate::mutants(all.clone(), dictionary.clone()).prop_map(Body::Mutant),
                2 => generated(operation).prop_map(Body::Generated),
                1 => prop::collection::vec(any::<u8>(), 0..256).prop_map(Body::Bytes),
                1 => (mutate::mutants(vec![own[index].clone()], dictionary.clone()), any::<prop::sample::Index>(), any::<u8>())
                    .prop_map(|(m, at, byte)| {
                        let mut bytes = m.text.into_bytes();
                        if !bytes.is_empty() {
                            let i = at.index(bytes.len());
                            bytes[i] = byte;
                        }
                        Body::Bytes(bytes)
                    }),
            ];
            (status(), body).prop_map(move |(status, body)| Case { call, status, body })
        })
    }

    /// What every answer must satisfy.
    pub fn check(case: &Case, outcome: &Result<String, PaceError>) -> Result<(), TestCaseError> {
        let status = case.status;
        let error = match outcome {
            Ok(value) => {
                prop_assert!(
                    (200..300).contains(&status),
                    "Ok from HTTP {}: {}",
                    status,
                    value
                );
                return Ok(());
            }
            Err(error) => error,
        };
        let text = error.to_string();
        prop_assert!(!text.trim().is_empty(), "an empty message: {:?}", error);
        // The message's own words never end in a colon with nothing after it (what it quotes
        // from the reply may end in anything).
        let quoted = match error {
            PaceError::UnexpectedReply { snippet, .. } | PaceError::HttpStatus { snippet, .. } => {
                snippet.as_str()
            }
            PaceError::Fault { message, .. } | PaceError::NotFound { message, .. } => message,
            PaceError::Transport { detail, .. } => detail,
            _ => "",
        };
        if quoted.trim().is_empty() || !text.ends_with(quoted) {
            prop_assert!(
                !text.trim_end().ends_with(':'),
                "nothing after the last colon: {}",
                text
            );
        }
        let operation = &error.context().operation;
        prop_assert!(!operation.is_empty(), "no operation: {:?}", error);
        prop_assert!(text.contains(operation.as_str()), "{}", text);
        match error {
            PaceError::Authentication { .. } => prop_assert_eq!(status, 401),
            PaceError::HttpStatus { status: got, .. } => {
                prop_assert_eq!(*got, status);
                prop_assert!(!(200..300).contains(got));
            }
            PaceError::UnexpectedReply { problem, .. } => {
                prop_assert!(!problem.trim().is_empty(), "no problem: {}", text);
            }
            PaceError::Fault { message, .. } | PaceError::NotFound { message, .. } => {
                prop_assert!(
                    !message.trim().is_empty(),
                    "a fault without words: {}",
                    text
                );
            }
            PaceError::Transport { detail, .. } => {
                // Only a status HTTP gives no ordinary reply with (1xx, 204, 304…).
                prop_assert!(!detail.trim().is_empty(), "{}", text);
                prop_assert!(
                    !(200..300).contains(&status) || status == 204 || status == 205,
                    "a transport error for HTTP {}: {}",
                    status,
                    text
                );
            }
            PaceError::InvalidRequest { .. } => {
                prop_assert!(false, "the fixed request was refused: {}", text)
            }
        }
        Ok(())
    }
}

#[test]
fn soap_replies() {
    use replies::*;
    let rig = Rig::start();
    fuzz_budget::fuzz("pace soap replies", cases(&rig.recorded), |case| {
        rig.answer(Response::new(
            case.status,
            "text/xml; charset=utf-8",
            case.body.bytes(),
        ));
        let outcome = rig
            .runtime
            .block_on(make(&rig.client, case.call, &rig.recorded.keys));
        check(&case, &outcome)
    });
}

// ------------------------------------------------------------------------------------------
// XPath filters
// ------------------------------------------------------------------------------------------

/// A filter as generated, kept to judge what rendering says about it.
#[derive(Debug, Clone)]
enum Spec {
    Compare(String, Comparison, Literal),
    Contains(String, String),
    StartsWith(String, String),
    And(Box<Spec>, Box<Spec>),
    Or(Box<Spec>, Box<Spec>),
    All(Vec<Spec>),
    Any(Vec<Spec>),
}

impl Spec {
    fn filter(&self) -> Filter {
        match self {
            Spec::Compare(path, op, value) => Filter::compare(path, *op, value.clone()),
            Spec::Contains(path, text) => Filter::contains(path, text),
            Spec::StartsWith(path, text) => Filter::starts_with(path, text),
            Spec::And(a, b) => a.filter().and(b.filter()),
            Spec::Or(a, b) => a.filter().or(b.filter()),
            Spec::All(members) => Filter::all(members.iter().map(Spec::filter)),
            Spec::Any(members) => Filter::any(members.iter().map(Spec::filter)),
        }
    }

    /// Every leaf: its path and its literal.
    fn leaves<'a>(&'a self, out: &mut Vec<(&'a str, LeafValue<'a>)>) {
        match self {
            Spec::Compare(path, _, value) => out.push((path, LeafValue::Literal(value))),
            Spec::Contains(path, text) | Spec::StartsWith(path, text) => {
                out.push((path, LeafValue::Text(text)))
            }
            Spec::And(a, b) | Spec::Or(a, b) => {
                a.leaves(out);
                b.leaves(out);
            }
            Spec::All(members) | Spec::Any(members) => members.iter().for_each(|m| m.leaves(out)),
        }
    }

    fn has_empty_group(&self) -> bool {
        match self {
            Spec::All(m) | Spec::Any(m) => m.is_empty() || m.iter().any(Spec::has_empty_group),
            Spec::And(a, b) | Spec::Or(a, b) => a.has_empty_group() || b.has_empty_group(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum LeafValue<'a> {
    Literal(&'a Literal),
    Text(&'a str),
}

impl LeafValue<'_> {
    fn text(&self) -> Option<&str> {
        match self {
            LeafValue::Literal(Literal::Text(t)) => Some(t),
            LeafValue::Text(t) => Some(t),
            LeafValue::Literal(_) => None,
        }
    }
}

/// A character XML 1.0 cannot carry.
fn unsendable(c: char) -> bool {
    (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// The path rule, written independently of the builder: relation steps (a name, `.` or `..`)
/// then `@name`; a name is an ASCII letter or `_`, then ASCII letters, digits, `_` or `-`.
fn valid_path(path: &str) -> bool {
    let name = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let mut steps: Vec<&str> = path.split('/').collect();
    let last = steps.pop().unwrap_or_default();
    last.strip_prefix('@').is_some_and(name)
        && steps.iter().all(|s| *s == "." || *s == ".." || name(s))
}

/// Literals closed, parentheses balanced, outside literals only names, operators and
/// punctuation; the literals' contents in order.
fn well_formed(xpath: &str) -> Result<Vec<String>, String> {
    let mut literals = Vec::new();
    let mut depth = 0i32;
    let mut chars = xpath.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                let mut literal = String::new();
                loop {
                    match chars.next() {
                        Some(d) if d == c => break,
                        Some(d) => literal.push(d),
                        None => return Err(format!("unclosed literal in {xpath:?}")),
                    }
                }
                literals.push(literal);
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!("unbalanced ')' in {xpath:?}"));
                }
            }
            c if c.is_ascii_alphanumeric() || " _@/.-,=!<>".contains(c) => {}
            other => return Err(format!("{other:?} outside a literal in {xpath:?}")),
        }
    }
    if depth != 0 {
        return Err(format!("unbalanced '(' in {xpath:?}"));
    }
    if let Some(c) = xpath.chars().find(|c| unsendable(*c)) {
        return Err(format!("U+{:04X} in {xpath:?}", c as u32));
    }
    Ok(literals)
}

#[cfg(test)]
mod filters {
    use super::*;

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[A-Za-z_][A-Za-z0-9_-]{0,8}",
            1 => "[A-Za-z0-9_@./ \\-\\[\\]()'\"=]{0,6}",
            1 => mutate::nasty_text(),
        ]
    }

    pub fn path() -> BoxedStrategy<String> {
        let steps = prop::collection::vec(
            prop_oneof![3 => name(), 1 => Just(".".to_owned()), 1 => Just("..".to_owned())],
            0..3,
        );
        prop_oneof![
            6 => (steps, name()).prop_map(|(steps, field)| {
                let mut parts = steps;
                parts.push(format!("@{field}"));
                parts.join("/")
            }),
            1 => prop::sample::select(vec![
                "", "@", "/", "//@a", "@a/", "a//@b", "@a b", "@a]", "@a=1 or @b", "../@x",
                "./@y", "@é", "@a\u{0}", "@a\n", "customer/@custName", "@1a", "@-a",
            ])
            .prop_map(str::to_owned),
            1 => any::<String>(),
        ]
        .boxed()
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => mutate::nasty_text(),
            1 => any::<String>(),
            1 => prop::sample::select(vec![
                "x' or '1'='1", "\" or \"1\"=\"1", "it's \"both\"", "] [ \\", " and ", "or",
                "a\u{0}b", "tab\there", "line\r\nbreak", "\u{fffe}", "😀 中文 é",
            ])
            .prop_map(str::to_owned),
        ]
    }

    fn literal() -> impl Strategy<Value = Literal> {
        prop_oneof![
            3 => text().prop_map(Literal::Text),
            1 => any::<i64>().prop_map(Literal::Integer),
            1 => prop::num::f64::ANY.prop_map(Literal::Number),
            1 => any::<bool>().prop_map(Literal::Bool),
            1 => (-10_000i32..10_000, 0u32..14, 0u32..33)
                .prop_map(|(year, month, day)| Literal::Date { year, month, day }),
            1 => (any::<i32>(), any::<u32>(), any::<u32>())
                .prop_map(|(year, month, day)| Literal::Date { year, month, day }),
        ]
    }

    fn op() -> impl Strategy<Value = Comparison> {
        prop::sample::select(vec![
            Comparison::Eq,
            Comparison::Ne,
            Comparison::Lt,
            Comparison::Le,
            Comparison::Gt,
            Comparison::Ge,
        ])
    }

    pub fn spec() -> impl Strategy<Value = Spec> {
        let leaf = prop_oneof![
            4 => (path(), op(), literal()).prop_map(|(p, o, v)| Spec::Compare(p, o, v)),
            1 => (path(), text()).prop_map(|(p, t)| Spec::Contains(p, t)),
            1 => (path(), text()).prop_map(|(p, t)| Spec::StartsWith(p, t)),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                3 => (inner.clone(), inner.clone()).prop_map(|(a, b)| Spec::And(Box::new(a), Box::new(b))),
                3 => (inner.clone(), inner.clone()).prop_map(|(a, b)| Spec::Or(Box::new(a), Box::new(b))),
                1 => prop::collection::vec(inner.clone(), 0..4).prop_map(Spec::All),
                1 => prop::collection::vec(inner, 0..4).prop_map(Spec::Any),
            ]
        })
    }

    pub fn sorts() -> impl Strategy<Value = Vec<(String, bool)>> {
        prop::collection::vec((path(), any::<bool>()), 0..3)
    }

    fn date_exists(year: i32, month: u32, day: u32) -> bool {
        NaiveDate::from_ymd_opt(year, month, day).is_some()
    }

    /// What rendering `spec` must give.
    pub fn check(spec: &Spec, sort_paths: &[(String, bool)]) -> Result<(), TestCaseError> {
        let filter = spec.filter();
        let mut leaves = Vec::new();
        spec.leaves(&mut leaves);
        match filter.to_xpath() {
            Ok(xpath) => {
                let literals = well_formed(&xpath).map_err(TestCaseError::fail)?;
                for (path, value) in &leaves {
                    prop_assert!(valid_path(path), "accepted path {:?}: {}", path, xpath);
                    prop_assert!(xpath.contains(path), "{:?} not in {}", path, xpath);
                    if let Some(text) = value.text() {
                        prop_assert!(
                            literals.iter().any(|l| l == text),
                            "{:?} is not one literal of {:?}",
                            text,
                            xpath
                        );
                    }
                    if let LeafValue::Literal(Literal::Number(n)) = value {
                        prop_assert!(n.is_finite(), "{} accepted: {}", n, xpath);
                    }
                    if let LeafValue::Literal(Literal::Date { year, month, day }) = value {
                        prop_assert!(date_exists(*year, *month, *day), "{}", xpath);
                    }
                }
                // What renders can be sent.
                let sorts: Vec<Sort> = sort_paths
                    .iter()
                    .map(|(p, d)| {
                        if *d {
                            Sort::descending(p)
                        } else {
                            Sort::ascending(p)
                        }
                    })
                    .collect();
                if let Err(e) = requests::find("Job", &filter) {
                    prop_assert!(false, "rendered {:?} but find refused it: {}", xpath, e);
                }
                match requests::find_sort_and_limit("Job", &filter, &sorts, 0, 10) {
                    Ok(_) => prop_assert!(sort_paths.iter().all(|(p, _)| valid_path(p))),
                    Err(e) => {
                        let text = e.to_string();
                        let bad = sort_paths.iter().find(|(p, _)| !valid_path(p));
                        prop_assert!(bad.is_some(), "refused: {}", text);
                        prop_assert!(text.contains("is not a Pace field path"), "{}", text);
                    }
                }
                let mut query = ValueObjectDescriptor::new("Job", filter.clone());
                for sort in sorts {
                    query = query.sort(sort);
                }
                let loaded = requests::load_value_objects(&query);
                prop_assert_eq!(
                    loaded.is_ok(),
                    sort_paths.iter().all(|(p, _)| valid_path(p))
                );
            }
            Err(error) => {
                let text = error.to_string();
                prop_assert!(!text.trim().is_empty());
                let justified = match &error {
                    XPathError::InvalidField { path } => {
                        prop_assert!(text.contains(path.as_str()), "{}", text);
                        leaves.iter().any(|(p, _)| p == path) && !valid_path(path)
                    }
                    XPathError::BothQuotes { value } => {
                        prop_assert!(text.contains(&format!("{value:?}")), "{}", text);
                        leaves.iter().any(|(_, v)| v.text() == Some(value))
                            && value.contains('"')
                            && value.contains('\'')
                    }
                    XPathError::InvalidCharacter { path, code } => {
                        prop_assert!(text.contains(path.as_str()), "{}", text);
                        prop_assert!(text.contains(&format!("{code:04X}")), "{}", text);
                        leaves.iter().any(|(p, v)| {
                            p == path
                                && v.text().is_some_and(|t| {
                                    t.chars().any(|c| unsendable(c) && c as u32 == *code)
                                })
                        })
                    }
                    XPathError::NotFinite(n) => leaves.iter().any(|(_, v)| {
                        matches!(v, LeafValue::Literal(Literal::Number(m)) if !m.is_finite() && m.to_string() == n.to_string())
                    }),
                    XPathError::InvalidDate { year, month, day } => {
                        !date_exists(*year, *month, *day)
                            && leaves.iter().any(|(_, v)| {
                                matches!(v, LeafValue::Literal(Literal::Date { year: y, month: m, day: d })
                                    if (y, m, d) == (year, month, day))
                            })
                    }
                    XPathError::EmptyGroup => spec.has_empty_group(),
                };
                prop_assert!(justified, "{:?} is not justified by {:?}", error, spec);
            }
        }
        for (path, _) in sort_paths {
            match Sort::ascending(path).path() {
                Ok(p) => prop_assert!(valid_path(p) && p == path),
                Err(e) => {
                    prop_assert!(!valid_path(path));
                    prop_assert!(e.to_string().contains(path.as_str()));
                }
            }
        }
        Ok(())
    }
}

#[test]
fn xpath_filters() {
    use filters::*;
    fuzz_budget::fuzz(
        "pace xpath filters",
        (spec(), sorts()),
        |(spec, sort_paths)| check(&spec, &sort_paths),
    );
}

#[test]
fn the_recorded_replies_are_understood() {
    // The fuzzer's starting points are good replies: each recorded call, replayed unmutated
    // with HTTP 200, gives what it gave against the simulator.
    use replies::*;
    let rig = Rig::start();
    for (call, body, _) in &rig.recorded.replies {
        rig.answer(Response::new(200, "text/xml", body.clone()));
        let outcome = rig
            .runtime
            .block_on(make(&rig.client, *call, &rig.recorded.keys));
        let expected_ok = !matches!(call, Call::ReadMissing | Call::FindBadField);
        assert_eq!(outcome.is_ok(), expected_ok, "{call:?}: {outcome:?}");
    }
}
