//! The HTTP face: `POST /rpc/services/{Service}` and `POST /rpc/company:{id}/services/{Service}`
//! behind HTTP Basic auth, fault injection through `simulator-kit`, and the `/_sim` routes
//! (the kit's calls/faults routes plus `GET /_sim/objects/{Type}` and `GET`/`PUT
//! /_sim/unknown-fields`, the lenient mode of creates and updates as [`UnknownFields`] JSON).
//!
//! `GET …/{Service}?wsdl` (any GET on a service URL) answers 404 after authentication: the
//! simulator serves no WSDL; clients send hand-written envelopes.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post, put};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use simulator_kit::{FaultKind, Instruments, control_routes, drop_connection};

use crate::Clock;
use crate::schema::object_type;
use crate::services::{self, Call, SERVICES};
use crate::soap::fault::Fault;
use crate::soap::reply;
use crate::soap::request::parse_envelope;
use crate::state::PaceState;
use crate::store::write::UnknownFields;
use crate::value::PaceObject;

/// What every handler shares.
#[derive(Debug)]
pub struct Shared {
    /// The simulated database.
    pub state: Mutex<PaceState>,
    /// Fault rules and call log.
    pub instruments: Instruments,
    /// The accepted login.
    pub login: String,
    /// The accepted password.
    pub password: String,
    /// Company ids accepted in `/rpc/company:{id}/…`.
    pub company_ids: Vec<String>,
    /// What `getVersion` answers.
    pub version: String,
    /// The clock for dates the server fills.
    pub clock: Clock,
}

impl Shared {
    /// Locks the database (a panic elsewhere cannot poison it for good).
    pub fn state(&self) -> MutexGuard<'_, PaceState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

type AppState = Arc<Shared>;

/// The largest SOAP request the simulator accepts. axum's 2 MB default would refuse an
/// `addAttachment` carrying an ordinary production PDF (base64 adds a third); a Pace server
/// takes far larger uploads, so the simulator must not be the limit a client runs into.
pub const MAX_REQUEST_BYTES: usize = 256 * 1024 * 1024;

/// The whole router: SOAP routes, inspection route and the kit's control routes.
pub fn router(shared: Arc<Shared>) -> Router {
    let instruments = shared.instruments.clone();
    Router::new()
        .route("/rpc/services/{service}", post(soap_call).get(wsdl))
        .route(
            "/rpc/{company}/services/{service}",
            post(company_soap_call).get(company_wsdl),
        )
        .route("/_sim/objects/{object_type}", get(inspect_objects))
        .route(
            "/_sim/unknown-fields",
            put(set_unknown_fields).get(unknown_fields),
        )
        .layer(axum::extract::DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(shared)
        .merge(control_routes(instruments))
}

async fn soap_call(
    State(shared): State<AppState>,
    Path(service): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(shared, service, headers, body).await
}

async fn company_soap_call(
    State(shared): State<AppState>,
    Path((company, service)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !known_company(&shared, &company) {
        return not_found(&format!("Unknown company '{company}'"));
    }
    answer(shared, service, headers, body).await
}

async fn wsdl(State(shared): State<AppState>, headers: HeaderMap) -> Response {
    if !authorized(&shared, &headers) {
        return unauthorized();
    }
    not_found("The Pace simulator serves no WSDL")
}

async fn company_wsdl(
    State(shared): State<AppState>,
    Path((company, _service)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !known_company(&shared, &company) {
        return not_found(&format!("Unknown company '{company}'"));
    }
    wsdl(State(shared), headers).await
}

fn known_company(shared: &Shared, segment: &str) -> bool {
    segment
        .strip_prefix("company:")
        .is_some_and(|id| shared.company_ids.iter().any(|known| known == id))
}

async fn inspect_objects(
    State(shared): State<AppState>,
    Path(type_name): Path<String>,
) -> Response {
    let Some(object_type) = object_type(&type_name) else {
        return not_found(&format!("Unknown object type '{type_name}'"));
    };
    let state = shared.state();
    let objects: Vec<PaceObject> = state.live.rows(object_type).into_iter().cloned().collect();
    Json(objects).into_response()
}

async fn set_unknown_fields(
    State(shared): State<AppState>,
    Json(mode): Json<UnknownFields>,
) -> Json<UnknownFields> {
    shared.state().unknown_fields = mode.clone();
    Json(mode)
}

async fn unknown_fields(State(shared): State<AppState>) -> Json<UnknownFields> {
    Json(shared.state().unknown_fields.clone())
}

/// The connection is to be closed without an answer.
struct Dropped;

/// Answers one SOAP call. The work runs in a task of its own, as a real server's request thread
/// does: a client that stops waiting (a timeout, a killed process) does not stop it, so a slow
/// write still commits after the client gave up — the case an interrupted step's look-up must
/// not race.
async fn answer(shared: AppState, service: String, headers: HeaderMap, body: Bytes) -> Response {
    let work = tokio::spawn(async move { call_answer(&shared, &service, &headers, &body).await });
    match work.await {
        Ok(Ok(response)) => response,
        Ok(Err(Dropped)) | Err(_) => drop_connection(),
    }
}

/// Auth, parse, fault injection, then the service.
async fn call_answer(
    shared: &Shared,
    service: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, Dropped> {
    if !SERVICES.contains(&service) {
        return Ok(not_found(&format!("No such service '{service}'")));
    }
    if !authorized(shared, headers) {
        return Ok(unauthorized());
    }
    let envelope = match std::str::from_utf8(body)
        .map_err(|e| Fault::client(format!("Malformed SOAP request: {e}")))
        .and_then(parse_envelope)
    {
        Ok(envelope) => envelope,
        Err(fault) => {
            shared.instruments.calls.record("(malformed)", None);
            return Ok(fault_response(&fault));
        }
    };
    let operation = envelope.operation.name.clone();
    // The object type a look-up asks for, for the call log (`find` names it in `in0`,
    // `loadValueObjects` in its descriptor's `objectName`).
    let subject = match operation.as_str() {
        "find" => envelope.operation.child_text("in0"),
        "loadValueObjects" => envelope
            .operation
            .child("in0")
            .and_then(|descriptor| descriptor.child_text("objectName")),
        _ => None,
    }
    .map(|text| text.trim().to_owned());
    let injected = shared
        .instruments
        .on_call_about(&operation, subject.as_deref())
        .await;
    match injected {
        Some(FaultKind::ServerError) => return Ok(server_error_page()),
        Some(FaultKind::ProtocolError) => {
            return Ok(fault_response(&Fault::server(format!(
                "java.lang.RuntimeException: simulated failure in {operation}"
            ))));
        }
        Some(FaultKind::BusyDatabase) => {
            return Ok(fault_response(&Fault::server(format!(
                "java.sql.SQLTransientException: Lock wait timeout exceeded; try restarting transaction ({operation})"
            ))));
        }
        Some(FaultKind::DropConnection) => return Err(Dropped),
        Some(FaultKind::Unauthorized) => return Ok(unauthorized()),
        Some(FaultKind::MalformedBody) => return Ok(truncated_reply(service, &operation)),
        Some(FaultKind::CommitThenDrop) | Some(FaultKind::Slow) | None => {}
    }
    let outcome = {
        let mut state = shared.state();
        let call = Call {
            service,
            envelope: &envelope,
            now: shared.clock.now(),
            user: &shared.login,
            version: &shared.version,
        };
        services::handle(&mut state, &call)
    };
    if injected == Some(FaultKind::CommitThenDrop) {
        return Err(Dropped);
    }
    Ok(match outcome {
        Ok(xml) => xml_response(StatusCode::OK, xml),
        Err(fault) => {
            tracing::debug!(%operation, %fault, "Pace simulator fault");
            fault_response(&fault)
        }
    })
}

fn authorized(shared: &Shared, headers: &HeaderMap) -> bool {
    let Some(credentials) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b64| STANDARD.decode(b64.trim()).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
    else {
        return false;
    };
    credentials.split_once(':') == Some((shared.login.as_str(), shared.password.as_str()))
}

fn xml_response(status: StatusCode, xml: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/xml; charset=UTF-8"),
        )],
        xml,
    )
        .into_response()
}

fn fault_response(fault: &Fault) -> Response {
    xml_response(StatusCode::INTERNAL_SERVER_ERROR, reply::fault(fault))
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Pace\""),
        )],
        "Unauthorized",
    )
        .into_response()
}

fn not_found(message: &str) -> Response {
    (StatusCode::NOT_FOUND, message.to_owned()).into_response()
}

fn server_error_page() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/html"))],
        "<html><head><title>Error 500</title></head><body><h2>HTTP ERROR 500</h2>\
         <p>Problem accessing /rpc/services. Reason: Internal Server Error</p></body></html>",
    )
        .into_response()
}

/// A 200 whose body stops mid-element.
fn truncated_reply(service: &str, operation: &str) -> Response {
    let full = reply::response(service, operation, Some(""));
    let cut = full.len() * 2 / 3;
    let truncated = full.get(..cut).unwrap_or(&full).to_owned();
    xml_response(StatusCode::OK, truncated)
}
