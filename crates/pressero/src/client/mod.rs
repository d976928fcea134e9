//! [`PresseroClient`]: one async client per Pressero subscriber, cheap to clone (one shared
//! `reqwest` client, one shared session). Every call goes through [`PresseroClient::call`], which
//! adds the session token, signs in again once on a 401 and retries once, and turns every
//! failure into a [`PresseroError`] that names the call.
//!
//! The calls themselves are grouped by purpose: [`search`] (polling), [`reads`] (orders and
//! what enriches them), [`writes`] (write-back), [`files`] (production file downloads).

mod files;
mod paging;
mod poll_reads;
mod reads;
mod search;
mod session;
mod writes;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use reqwest::{Method, StatusCode};
use url::Url;

pub use search::OrderQuery;

use crate::error::{CallSite, PresseroError};
use crate::normalize::Located;
use crate::records::{Workflow, WorkflowStage};
use crate::settings::{Password, PresseroSettings};
use crate::wire::decode;
use crate::wire::json::FieldError;
use session::Session;

/// The Pressero Admin API client. Clones share the connection pool, the session token and the
/// workflow-stage cache.
#[derive(Clone)]
pub struct PresseroClient {
    inner: Arc<Inner>,
    /// Site info, users and products read during one poll ([`PresseroClient::for_one_poll`]).
    poll: Option<Arc<poll_reads::PollReads>>,
}

struct Inner {
    settings: PresseroSettings,
    password: Password,
    http: reqwest::Client,
    session: Session,
    /// Stages of each workflow, by `WorkflowId`.
    stages: Mutex<HashMap<String, Arc<Vec<WorkflowStage>>>>,
    /// The subscriber's workflows, once read.
    workflows: Mutex<Option<Arc<Vec<Workflow>>>>,
}

impl fmt::Debug for PresseroClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresseroClient")
            .field("settings", &self.inner.settings)
            .field("password", &self.inner.password)
            .field("session", &self.inner.session)
            .finish()
    }
}

/// One HTTP call to make.
struct Request {
    method: Method,
    url: Url,
    body: Option<Vec<u8>>,
    timeout: Duration,
    site: CallSite,
    /// Whether to send the session token (not to hosts other than the admin site).
    with_token: bool,
}

impl PresseroClient {
    /// A client for `settings`, signing in with `password` when first needed.
    pub fn new(settings: PresseroSettings, password: Password) -> Result<Self, PresseroError> {
        settings.validate()?;
        let http = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .user_agent(concat!("pressero-pace-sync/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| PresseroError::InvalidRequest {
                site: CallSite::new("(client set-up)".to_owned()),
                detail: format!("cannot set up HTTP: {error}"),
            })?;
        Ok(PresseroClient {
            inner: Arc::new(Inner {
                settings,
                password,
                http,
                session: Session::default(),
                stages: Mutex::new(HashMap::new()),
                workflows: Mutex::new(None),
            }),
            poll: None,
        })
    }

    /// The same client, remembering site info, users and products for as long as it is kept:
    /// give one to each poll, so a poll of many orders reads each storefront, buyer and
    /// product once, and a change in Pressero counts from the next poll.
    pub fn for_one_poll(&self) -> PresseroClient {
        PresseroClient {
            inner: self.inner.clone(),
            poll: Some(Arc::default()),
        }
    }

    /// Signs in (unless already signed in with a token that is still good): a connection check
    /// for set-up screens and `doctor`. A refused sign-in is [`PresseroError::SignInRefused`].
    pub async fn check_sign_in(&self) -> Result<(), PresseroError> {
        self.inner.session.token(self).await.map(drop)
    }

    /// The settings this client uses.
    pub fn settings(&self) -> &PresseroSettings {
        &self.inner.settings
    }

    /// `{admin}/api/...` with each segment percent-encoded. Segments that came from outside
    /// (domains, ids) must not be empty, `.` or `..`.
    fn url(&self, method: &Method, segments: &[&str]) -> Result<(Url, CallSite), PresseroError> {
        let mut url = self.inner.settings.admin_url().clone();
        let display = format!("{method} /{}", segments.join("/"));
        // An empty last segment is a trailing `/`, as some Pressero routes are written.
        let last = segments.len().saturating_sub(1);
        if let Some((_, bad)) = segments.iter().enumerate().find(|(i, s)| {
            (s.trim().is_empty() && !(s.is_empty() && *i == last)) || **s == "." || **s == ".."
        }) {
            return Err(PresseroError::InvalidRequest {
                site: CallSite::new(display),
                detail: format!("{bad:?} is not a usable id in a Pressero path"),
            });
        }
        {
            let Ok(mut path) = url.path_segments_mut() else {
                return Err(PresseroError::InvalidRequest {
                    site: CallSite::new(display),
                    detail: "the admin URL cannot take a path".to_owned(),
                });
            };
            path.pop_if_empty();
            path.extend(segments);
        }
        let site = CallSite::new(format!("{method} {}", url.path()));
        Ok((url, site))
    }

    /// A request to the admin API with the ordinary timeout.
    fn request(&self, method: Method, segments: &[&str]) -> Result<Request, PresseroError> {
        let (url, site) = self.url(&method, segments)?;
        Ok(Request {
            method,
            url,
            body: None,
            timeout: self.inner.settings.request_timeout,
            site,
            with_token: true,
        })
    }

    /// Makes the call with the session token; on a 401, signs in again (once, shared with
    /// concurrent callers) and retries once. Returns the body of a 2xx answer.
    async fn call(&self, request: &Request) -> Result<Vec<u8>, PresseroError> {
        if !request.with_token {
            let (status, body) = self.attempt(request, None).await?;
            return check_status(request, status, body);
        }
        let token = self.inner.session.token(self).await?;
        let (status, body) = self.attempt(request, Some(&token.header)).await?;
        if status != StatusCode::UNAUTHORIZED {
            return check_status(request, status, body);
        }
        tracing::info!(call = %request.site, "Pressero refused the token; signing in again");
        let renewed = self.inner.session.renew(self, token.generation).await?;
        let (status, body) = self.attempt(request, Some(&renewed.header)).await?;
        if status == StatusCode::UNAUTHORIZED {
            return Err(PresseroError::Unauthorized {
                site: request.site.clone(),
                message: message_of(&body),
            });
        }
        check_status(request, status, body)
    }

    /// One HTTP exchange: the status and the whole body.
    async fn attempt(
        &self,
        request: &Request,
        token: Option<&HeaderValue>,
    ) -> Result<(StatusCode, Vec<u8>), PresseroError> {
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), request.url.clone())
            .timeout(request.timeout);
        if let Some(token) = token {
            builder = builder.header(AUTHORIZATION, token.clone());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        tracing::debug!(call = %request.site, "Pressero call");
        let network = |error: reqwest::Error| network_error(&request.site, request.timeout, error);
        let response = builder.send().await.map_err(network)?;
        let status = response.status();
        let body = response.bytes().await.map_err(network)?;
        Ok((status, body.to_vec()))
    }

    /// Makes the call and reads the answer as text.
    async fn call_text(&self, request: &Request) -> Result<String, PresseroError> {
        let body = self.call(request).await?;
        String::from_utf8(body).map_err(|_| PresseroError::Malformed {
            site: request.site.clone(),
            detail: "the answer is not UTF-8 text".to_owned(),
        })
    }

    fn stage_cache(&self) -> MutexGuard<'_, HashMap<String, Arc<Vec<WorkflowStage>>>> {
        lock(&self.inner.stages)
    }

    fn workflow_cache(&self) -> MutexGuard<'_, Option<Arc<Vec<Workflow>>>> {
        lock(&self.inner.workflows)
    }
}

/// A 2xx body, or the error the status means.
fn check_status(
    request: &Request,
    status: StatusCode,
    body: Vec<u8>,
) -> Result<Vec<u8>, PresseroError> {
    if status.is_success() {
        return Ok(body);
    }
    Err(PresseroError::Status {
        site: request.site.clone(),
        status: status.as_u16(),
        message: message_of(&body),
    })
}

/// What an error body says: its `Message`, or the start of the body.
fn message_of(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    decode::error_message(&text).unwrap_or_else(|| {
        let start: String = text.trim().chars().take(200).collect();
        if start.is_empty() {
            "(no message)".to_owned()
        } else {
            start
        }
    })
}

fn network_error(site: &CallSite, timeout: Duration, error: reqwest::Error) -> PresseroError {
    if error.is_timeout() {
        PresseroError::Timeout {
            site: site.clone(),
            timeout,
        }
    } else {
        // `without_url`: the URL is already in the call site.
        let error = error.without_url();
        let mut detail = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            detail = format!("{detail}: {cause}");
            source = cause.source();
        }
        PresseroError::Network {
            site: site.clone(),
            detail,
        }
    }
}

/// A malformed-answer error for `site`, naming the order and item when known.
fn malformed(site: &CallSite, located: Located) -> PresseroError {
    let mut site = site.clone();
    if site.order_number.is_none() {
        site.order_number = located.order_number;
    }
    if site.item_number.is_none() {
        site.item_number = located.item_number;
    }
    PresseroError::Malformed {
        site,
        detail: located.error.to_string(),
    }
}

/// A malformed-answer error for a field problem with no order/item of its own.
fn malformed_field(site: &CallSite, error: FieldError) -> PresseroError {
    malformed(
        site,
        Located {
            order_number: None,
            item_number: None,
            error,
        },
    )
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere while holding a cache lock leaves a usable cache.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
