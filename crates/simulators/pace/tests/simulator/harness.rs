//! Starting a simulator with a fixed clock and posting envelopes to it.

use chrono::{TimeZone, Utc};
use pace_simulator::soap::request::{Element, parse_document};
use pace_simulator::{Clock, PaceConfig, PaceSimulator, RunningPace, Seed};

pub const LOGIN: &str = "apiuser";
pub const PASSWORD: &str = "secret";

/// A running simulator and an HTTP client for it.
pub struct Pace {
    pub running: RunningPace,
    client: reqwest::Client,
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub www_authenticate: Option<String>,
}

pub fn fixed_clock() -> Clock {
    Clock::fixed(
        Utc.with_ymd_and_hms(2026, 11, 22, 14, 5, 9)
            .single()
            .unwrap_or_default(),
    )
}

/// The reference's request envelope around `body`, with optional SOAP headers.
pub fn envelope(headers: &str, body: &str) -> String {
    let header = if headers.is_empty() {
        String::new()
    } else {
        format!("<soap:Header>{headers}</soap:Header>")
    };
    format!(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
               xmlns:xsd="http://www.w3.org/2001/XMLSchema"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{header}
  <soap:Body>{body}</soap:Body>
</soap:Envelope>"#
    )
}

/// `<name xmlns="http://pace2020.com/epace/object">value</name>` for each pair.
pub fn fields(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| {
            let value = escape(value);
            format!(r#"<{name} xmlns="http://pace2020.com/epace/object">{value}</{name}>"#)
        })
        .collect()
}

/// `<op xmlns="urn://pace2020.com/epace/sdk/{service}">inner</op>`.
pub fn operation(service: &str, op: &str, inner: &str) -> String {
    format!(r#"<{op} xmlns="urn://pace2020.com/epace/sdk/{service}">{inner}</{op}>"#)
}

impl Pace {
    pub async fn start() -> Pace {
        Pace::start_with(PaceConfig {
            clock: fixed_clock(),
            ..PaceConfig::default()
        })
        .await
    }

    pub async fn start_with_seed(seed: Seed) -> Pace {
        Pace::start_with(PaceConfig {
            clock: fixed_clock(),
            seed: Some(seed),
            ..PaceConfig::default()
        })
        .await
    }

    pub async fn start_with(config: PaceConfig) -> Pace {
        let running = match PaceSimulator::start(config).await {
            Ok(running) => running,
            Err(error) => panic!("simulator did not start: {error}"),
        };
        Pace {
            running,
            client: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.base_url())
    }

    /// Posts raw bytes to `path` with the given credentials (`None` = no Authorization).
    pub async fn post_raw(
        &self,
        path: &str,
        body: String,
        credentials: Option<(&str, &str)>,
    ) -> Reply {
        let mut request = self
            .client
            .post(self.url(path))
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"\"")
            .body(body);
        if let Some((login, password)) = credentials {
            request = request.basic_auth(login, Some(password));
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => panic!("POST {path}: {error}"),
        };
        let status = response.status().as_u16();
        let www_authenticate = response
            .headers()
            .get("WWW-Authenticate")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.unwrap_or_default();
        Reply {
            status,
            body,
            www_authenticate,
        }
    }

    /// Posts a whole envelope to `/rpc/services/{service}` with good credentials.
    pub async fn post(&self, service: &str, xml: String) -> Reply {
        self.post_raw(
            &format!("/rpc/services/{service}"),
            xml,
            Some((LOGIN, PASSWORD)),
        )
        .await
    }

    /// Calls `op` of `service` with `inner` as its parameters.
    pub async fn call(&self, service: &str, op: &str, inner: &str) -> Reply {
        self.post(service, envelope("", &operation(service, op, inner)))
            .await
    }

    /// Calls inside transaction `txn`.
    pub async fn call_in(&self, txn: &str, service: &str, op: &str, inner: &str) -> Reply {
        let header = format!(r#"<txnId xmlns="transaction">{txn}</txnId>"#);
        self.post(service, envelope(&header, &operation(service, op, inner)))
            .await
    }

    pub async fn create(&self, type_name: &str, pairs: &[(&str, &str)]) -> Reply {
        self.object_call("CreateObject", "create", type_name, pairs)
            .await
    }

    pub async fn update(&self, type_name: &str, pairs: &[(&str, &str)]) -> Reply {
        self.object_call("UpdateObject", "update", type_name, pairs)
            .await
    }

    pub async fn read(&self, type_name: &str, pairs: &[(&str, &str)]) -> Reply {
        self.object_call("ReadObject", "read", type_name, pairs)
            .await
    }

    /// Calls `{verb}{type_name}` of `service` with one `type_name` object holding `pairs`.
    async fn object_call(
        &self,
        service: &str,
        verb: &str,
        type_name: &str,
        pairs: &[(&str, &str)],
    ) -> Reply {
        let param = lcfirst(type_name);
        self.call(
            service,
            &format!("{verb}{type_name}"),
            &format!("<{param}>{}</{param}>", fields(pairs)),
        )
        .await
    }

    /// `find(type, xpath)` → the keys.
    pub async fn find(&self, type_name: &str, xpath: &str) -> Vec<String> {
        let reply = self
            .call(
                "FindObjects",
                "find",
                &format!("<in0>{type_name}</in0><in1>{}</in1>", escape(xpath)),
            )
            .await;
        assert_eq!(reply.status, 200, "find {xpath}: {}", reply.body);
        reply
            .out()
            .children
            .iter()
            .map(|s| s.text.clone())
            .collect()
    }
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn lcfirst(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

impl Reply {
    pub fn root(&self) -> Element {
        match parse_document(&self.body) {
            Ok(root) => root,
            Err(fault) => panic!("reply is not XML ({fault}): {}", self.body),
        }
    }

    /// The single element in `soap:Body` (a response or a fault).
    pub fn body_element(&self) -> Element {
        self.root()
            .child("Body")
            .and_then(|body| body.children.first().cloned())
            .unwrap_or_default()
    }

    /// `ns1:out` of the response.
    pub fn out(&self) -> Element {
        self.body_element()
            .child("out")
            .cloned()
            .unwrap_or_default()
    }

    /// A field of the object in `out` (`None` when nil or absent).
    pub fn field(&self, name: &str) -> Option<String> {
        self.out().child_text(name).map(str::to_owned)
    }

    /// The `faultstring`, when the reply is a fault.
    pub fn fault(&self) -> Option<String> {
        let element = self.body_element();
        (element.name == "Fault").then(|| {
            element
                .child_text("faultstring")
                .unwrap_or_default()
                .to_owned()
        })
    }

    pub fn fault_code(&self) -> Option<String> {
        self.body_element()
            .child_text("faultcode")
            .map(str::to_owned)
    }

    /// Asserts a 500 fault whose message contains `text`.
    pub fn assert_fault(&self, text: &str) {
        assert_eq!(self.status, 500, "{}", self.body);
        let fault = self.fault().unwrap_or_default();
        assert!(fault.contains(text), "fault '{fault}' lacks '{text}'");
    }

    /// Asserts a 200 reply and returns it.
    pub fn ok(self) -> Reply {
        assert_eq!(self.status, 200, "{}", self.body);
        self
    }
}

/// Re-indents XML for readable snapshots.
pub fn pretty(xml: &str) -> String {
    use quick_xml::events::Event;
    use quick_xml::{Reader, Writer};
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Text(text)) if text.iter().all(u8::is_ascii_whitespace) => {}
            Ok(event) => {
                if writer.write_event(event).is_err() {
                    break;
                }
            }
            Err(error) => panic!("not XML: {error}"),
        }
    }
    String::from_utf8_lossy(&writer.into_inner()).into_owned()
}
