//! The async Pace client: one pooled HTTP client inside, cheap to clone, one method per
//! operation, typed and generic. Calls are logged with `tracing` (operation, type, key,
//! duration), never with the password or the `Authorization` header.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, CONNECTION, CONTENT_TYPE, HeaderMap, HeaderValue};

use crate::connection::{PaceConnection, Password, SettingsError};
use crate::error::{CallContext, PaceError, RequestProblem, TransportKind};
use crate::object::{PaceObject, PaceType, fields_of, value_of};
use crate::reply::{keys, parse_reply};
use crate::requests::{self, Attachment, SoapRequest};
use crate::value::FieldValue;
use crate::value_objects::{ValueObject, ValueObjectDescriptor, parse_value_objects};
use crate::xml::XmlElement;
use crate::xpath::{Filter, Sort};

/// A client for one Pace server. Clones share the connection pool.
#[derive(Clone)]
pub struct PaceClient {
    shared: Arc<Shared>,
    transaction_id: Option<Arc<str>>,
}

struct Shared {
    http: reqwest::Client,
    connection: PaceConnection,
}

impl fmt::Debug for PaceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaceClient")
            .field("connection", &self.shared.connection)
            .field("transaction_id", &self.transaction_id)
            .finish_non_exhaustive()
    }
}

impl PaceClient {
    /// A client for `connection`, logging in as its login with `password`.
    pub fn new(connection: PaceConnection, password: Password) -> Result<Self, SettingsError> {
        let credentials = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            connection.login(),
            password.expose()
        ));
        let mut authorization = HeaderValue::from_str(&format!("Basic {credentials}"))
            .map_err(|e| SettingsError::Http(e.to_string()))?;
        authorization.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/xml; charset=utf-8"),
        );
        headers.insert("SOAPAction", HeaderValue::from_static("\"\""));
        let (connect_timeout, request_timeout) = connection.timeouts();
        // Pace's SOAP stack is HTTP/1.1; `Connection: close` is not allowed in HTTP/2 anyway.
        let mut builder = reqwest::Client::builder()
            .http1_only()
            .connect_timeout(connect_timeout)
            .timeout(request_timeout);
        if !connection.is_keep_alive() {
            headers.insert(CONNECTION, HeaderValue::from_static("close"));
            builder = builder.pool_max_idle_per_host(0);
        }
        if let Some(pem) = connection.trusted_ca() {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| SettingsError::InvalidCertificate(e.to_string()))?;
            if certificates.is_empty() {
                return Err(SettingsError::InvalidCertificate(
                    "no certificate found".to_owned(),
                ));
            }
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let http = builder
            .default_headers(headers)
            .build()
            .map_err(|e| SettingsError::Http(e.to_string()))?;
        Ok(PaceClient {
            shared: Arc::new(Shared { http, connection }),
            transaction_id: None,
        })
    }

    /// The connection settings.
    pub fn connection(&self) -> &PaceConnection {
        &self.shared.connection
    }

    /// Sends `request` and returns its `out` element (`None` for void operations).
    async fn call(&self, request: &SoapRequest) -> Result<Option<XmlElement>, PaceError> {
        let context = request.context();
        let envelope = request.envelope(self.transaction_id.as_deref())?;
        let url = self.shared.connection.service_url(request.service());
        let started = Instant::now();
        let result = self
            .exchange(context, &url, envelope, request.expects_out())
            .await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let object_type = context.object_type.as_deref().unwrap_or("");
        let key = context.key.as_deref().unwrap_or("");
        match &result {
            Ok(_) => {
                tracing::debug!(operation = %context.operation, object_type, key, elapsed_ms, "pace call")
            }
            Err(error) => tracing::warn!(
                operation = %context.operation, object_type, key, elapsed_ms,
                transient = error.is_transient(), %error, "pace call failed"
            ),
        }
        result
    }

    async fn exchange(
        &self,
        context: &CallContext,
        url: &str,
        envelope: String,
        expects_out: bool,
    ) -> Result<Option<XmlElement>, PaceError> {
        let transport = |error: reqwest::Error| {
            let detail = error_chain(&error);
            PaceError::Transport {
                context: context.clone(),
                kind: classify(&error),
                detail: explain_certificate_problem(&detail).unwrap_or(detail),
            }
        };
        let response = self
            .shared
            .http
            .post(url)
            .body(envelope)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(transport)?;
        parse_reply(context, status, &body, expects_out)
    }

    /// Sends a request that must return `out`.
    async fn call_out(&self, request: &SoapRequest) -> Result<XmlElement, PaceError> {
        self.call(request)
            .await?
            .ok_or_else(|| PaceError::UnexpectedReply {
                context: request.context().clone(),
                problem: "no <out> in the reply".to_owned(),
                snippet: String::new(),
            })
    }

    /// The keys of the `object_type` objects matching `filter`.
    pub async fn find(&self, object_type: &str, filter: &Filter) -> Result<Vec<String>, PaceError> {
        let request = requests::find(object_type, filter)?;
        Ok(keys(&self.call_out(&request).await?))
    }

    /// The keys of one sorted page of matching objects.
    pub async fn find_sort_and_limit(
        &self,
        object_type: &str,
        filter: &Filter,
        sorts: &[Sort],
        offset: u32,
        limit: u32,
    ) -> Result<Vec<String>, PaceError> {
        let request = requests::find_sort_and_limit(object_type, filter, sorts, offset, limit)?;
        Ok(keys(&self.call_out(&request).await?))
    }

    /// The typed objects matching `filter`: one `find`, then one `read` per key, in key order.
    /// Fine for a handful of objects (the contacts with an e-mail address); for many, use
    /// [`PaceClient::load_value_objects`].
    pub async fn find_objects<T: PaceType>(&self, filter: &Filter) -> Result<Vec<T>, PaceError> {
        let mut objects = Vec::new();
        for key in self.find(T::TYPE, filter).await? {
            objects.push(self.read(&key).await?);
        }
        Ok(objects)
    }

    /// Chosen fields of matching objects in one round trip; at most the query's limit rows.
    pub async fn load_value_objects(
        &self,
        query: &ValueObjectDescriptor,
    ) -> Result<Vec<ValueObject>, PaceError> {
        let request = requests::load_value_objects(query)?;
        let out = self.call_out(&request).await?;
        parse_value_objects(&out, query.page_limit()).map_err(|problem| {
            PaceError::UnexpectedReply {
                context: request.context().clone(),
                problem,
                snippet: String::new(),
            }
        })
    }

    /// Reads one object of any type by key.
    pub async fn read_object(&self, object_type: &str, key: &str) -> Result<PaceObject, PaceError> {
        let request = requests::read_object(object_type, key)?;
        let out = self.call_out(&request).await?;
        Ok(object_of(object_type, &out))
    }

    /// Reads one typed object by key.
    pub async fn read<T: PaceType>(&self, key: &str) -> Result<T, PaceError> {
        let request = requests::read_object(T::TYPE, key)?;
        let out = self.call_out(&request).await?;
        typed(&request, object_of(T::TYPE, &out))
    }

    /// Creates an object from the fields that are set; returns it as Pace stored it (with its
    /// new key and defaults).
    pub async fn create<T: PaceType>(&self, object: &T) -> Result<T, PaceError> {
        let request = requests::create_object(&object.to_object())?;
        let out = self.call_out(&request).await?;
        typed(&request, object_of(T::TYPE, &out))
    }

    /// Creates an object of any type.
    pub async fn create_object(&self, object: &PaceObject) -> Result<PaceObject, PaceError> {
        let request = requests::create_object(object)?;
        let out = self.call_out(&request).await?;
        Ok(object_of(&object.object_type, &out))
    }

    /// Updates an object: sends its key and only the fields that are set (plus its
    /// `other_fields`); returns it as Pace stored it. For the smallest change, build a fresh
    /// value with the key and the changed fields (`Job { job: Some(key), admin_status:
    /// Some("C".into()), ..Job::default() }`) rather than sending back a whole object read
    /// earlier.
    pub async fn update<T: PaceType>(&self, object: &T) -> Result<T, PaceError> {
        let Some(key) = object.key() else {
            return Err(PaceError::InvalidRequest {
                context: CallContext::operation(format!("update{}", T::TYPE)).with_type(T::TYPE),
                problem: RequestProblem::MissingKey {
                    object_type: T::TYPE.to_owned(),
                    key_fields: T::KEY_FIELDS,
                },
            });
        };
        let request = requests::update_object(&object.to_object(), Some(key))?;
        let out = self.call_out(&request).await?;
        typed(&request, object_of(T::TYPE, &out))
    }

    /// Updates an object of any type with exactly the fields given (include its key fields).
    pub async fn update_object(&self, object: &PaceObject) -> Result<PaceObject, PaceError> {
        let request = requests::update_object(object, None)?;
        let out = self.call_out(&request).await?;
        Ok(object_of(&object.object_type, &out))
    }

    /// Deletes an object.
    pub async fn delete(&self, object_type: &str, key: &str) -> Result<(), PaceError> {
        self.call(&requests::delete_object(object_type, key)?)
            .await?;
        Ok(())
    }

    /// Runs an InvokeAction operation with positional arguments; returns its `out`: text, a
    /// structure of fields, or nil.
    pub async fn invoke_action(
        &self,
        action: &str,
        arguments: &[FieldValue],
    ) -> Result<FieldValue, PaceError> {
        let request = requests::invoke_action(action, arguments)?;
        Ok(value_of(&self.call_out(&request).await?))
    }

    /// The Pace version, e.g. `36.01-2482 (202301011200)`.
    pub async fn version(&self) -> Result<String, PaceError> {
        let out = self.call_out(&requests::version()?).await?;
        Ok(out.text().trim().to_owned())
    }

    /// Attaches a file to an object (optionally to one of its fields); returns the attachment key.
    pub async fn add_attachment(
        &self,
        object_type: &str,
        key: &str,
        field: Option<&str>,
        attachment: &Attachment,
    ) -> Result<String, PaceError> {
        let request = requests::add_attachment(object_type, key, field, attachment)?;
        Ok(self.call_out(&request).await?.text().trim().to_owned())
    }

    /// Starts a transaction (Pace ≥ 29.0-1704) that Pace rolls back by itself after `timeout`.
    /// Calls made through the returned [`Transaction`] carry its id; nothing is visible to
    /// others until [`Transaction::commit`]. A fault inside the transaction means Pace has
    /// already rolled it back.
    pub async fn start_transaction(&self, timeout: Duration) -> Result<Transaction, PaceError> {
        let request = requests::start_transaction(timeout)?;
        let out = self.call_out(&request).await?;
        let id = out.text().trim();
        if id.is_empty() {
            return Err(PaceError::UnexpectedReply {
                context: request.context().clone(),
                problem: "the transaction id is empty".to_owned(),
                snippet: String::new(),
            });
        }
        Ok(Transaction {
            client: PaceClient {
                shared: Arc::clone(&self.shared),
                transaction_id: Some(Arc::from(id)),
            },
        })
    }
}

/// A Pace transaction. It dereferences to a [`PaceClient`] whose every call carries the
/// transaction's `txnId` header; finish it with [`Transaction::commit`] or
/// [`Transaction::rollback`] (dropped unfinished, Pace rolls it back at its timeout).
#[derive(Debug, Clone)]
pub struct Transaction {
    client: PaceClient,
}

impl Transaction {
    /// The id Pace gave the transaction.
    pub fn id(&self) -> &str {
        self.client.transaction_id.as_deref().unwrap_or("")
    }

    /// Makes every change of the transaction permanent.
    pub async fn commit(self) -> Result<(), PaceError> {
        self.client.call(&requests::commit()?).await?;
        Ok(())
    }

    /// Undoes every change of the transaction.
    pub async fn rollback(self) -> Result<(), PaceError> {
        self.client.call(&requests::rollback()?).await?;
        Ok(())
    }
}

impl std::ops::Deref for Transaction {
    type Target = PaceClient;

    fn deref(&self) -> &PaceClient {
        &self.client
    }
}

fn object_of(object_type: &str, out: &XmlElement) -> PaceObject {
    PaceObject {
        object_type: object_type.to_owned(),
        fields: fields_of(out),
    }
}

fn typed<T: PaceType>(request: &SoapRequest, object: PaceObject) -> Result<T, PaceError> {
    T::from_object(object).map_err(|error| PaceError::UnexpectedReply {
        context: request.context().clone(),
        problem: error.to_string(),
        snippet: String::new(),
    })
}

/// Decides the transport failure kind by walking the error's sources.
fn classify(error: &reqwest::Error) -> TransportKind {
    let chain = error_chain(error).to_ascii_lowercase();
    if error.is_timeout() || chain.contains("timed out") {
        return TransportKind::Timeout;
    }
    if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake") {
        return TransportKind::Tls;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            match io.kind() {
                ConnectionRefused | AddrNotAvailable | HostUnreachable | NetworkUnreachable => {
                    return TransportKind::Connect;
                }
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof => {
                    return TransportKind::ConnectionClosed;
                }
                _ => {}
            }
        }
        source = current.source();
    }
    if error.is_connect() {
        TransportKind::Connect
    } else if error.is_request() || error.is_body() || chain.contains("closed") {
        TransportKind::ConnectionClosed
    } else {
        TransportKind::Other
    }
}

/// A sentence a shop's staff can act on, in front of rustls's terse wording, when the server's
/// certificate is the problem; `None` for anything else.
fn explain_certificate_problem(detail: &str) -> Option<String> {
    let advice = if detail.contains("UnknownIssuer") {
        "the Pace server's certificate is not signed by a certificate authority this computer trusts: \
         add the shop's Pace CA certificate to the Pace connection settings"
    } else if detail.contains("NotValidForName") || detail.contains("not valid for name") {
        "the Pace server's certificate is for another host name: use the host name the certificate names in \
         the Pace URL"
    } else if detail.contains("Expired") {
        "the Pace server's certificate has expired: ask the Pace administrator to renew it"
    } else {
        return None;
    };
    Some(format!("{advice} ({detail})"))
}

/// The error and its sources as one line. reqwest errors never include header values, so the
/// `Authorization` header cannot leak here.
fn error_chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(current) = source {
        text.push_str(": ");
        text.push_str(&current.to_string());
        source = current.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_problems_are_explained_in_plain_words_and_keep_the_detail() {
        let unknown = "client error (Connect): invalid peer certificate: UnknownIssuer";
        let explained = explain_certificate_problem(unknown).unwrap();
        assert!(explained.starts_with("the Pace server's certificate is not signed"));
        assert!(explained.ends_with(&format!("({unknown})")));
        assert!(
            explain_certificate_problem("invalid peer certificate: Expired")
                .unwrap()
                .contains("expired")
        );
        assert_eq!(explain_certificate_problem("connection refused"), None);
    }

    #[test]
    fn debug_never_shows_the_password_or_the_authorization_header() {
        let connection = PaceConnection::new("http://127.0.0.1:9", "api").unwrap();
        let client = PaceClient::new(connection, Password::new("hunter2-secret")).unwrap();
        let text = format!("{client:?}");
        assert!(!text.contains("hunter2"), "{text}");
        // base64("api:hunter2-secret") must not show either.
        assert!(!text.contains("YXBpOmh1bnRlcjI"), "{text}");
        assert!(text.contains("api"));
    }

    #[test]
    fn bad_ca_certificate_is_refused() {
        let connection = PaceConnection::new("https://pace.local", "api")
            .unwrap()
            .trusted_ca_pem(b"not a certificate".to_vec());
        assert!(matches!(
            PaceClient::new(connection, Password::new("x")),
            Err(SettingsError::InvalidCertificate(_))
        ));
    }

    /// Collects every field of every log event and span as text.
    #[derive(Default, Clone)]
    struct CapturedLog(Arc<std::sync::Mutex<String>>);

    struct Collect<'a>(&'a mut String);

    impl tracing::field::Visit for Collect<'_> {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
            self.0.push_str(&format!("{}={:?} ", field.name(), value));
        }
    }

    impl tracing::Subscriber for CapturedLog {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            let mut log = self.0.lock().unwrap();
            span.record(&mut Collect(&mut log));
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
            values.record(&mut Collect(&mut self.0.lock().unwrap()));
        }
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            let mut log = self.0.lock().unwrap();
            event.record(&mut Collect(&mut log));
            log.push('\n');
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    #[test]
    fn failed_call_is_logged_and_classified_without_credentials() {
        // A port that was just free: connecting is refused.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let connection = PaceConnection::new(&format!("http://127.0.0.1:{port}"), "api").unwrap();
        let client = PaceClient::new(connection, Password::new("hunter2-secret")).unwrap();
        let log = CapturedLog::default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let result = tracing::subscriber::with_default(log.clone(), || {
            runtime.block_on(client.find("Job", &Filter::eq("@job", "1")))
        });
        let error = result.unwrap_err();
        assert!(
            matches!(
                error,
                PaceError::Transport {
                    kind: TransportKind::Connect,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.is_transient());
        assert!(!error.outcome_unknown());
        let text = log.0.lock().unwrap().clone();
        assert!(text.contains("operation=find"), "{text}");
        assert!(text.contains("elapsed_ms="), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("YXBpOmh1bnRlcjI"), "{text}");
        assert!(
            !text.to_ascii_lowercase().contains("authorization"),
            "{text}"
        );
    }
}
