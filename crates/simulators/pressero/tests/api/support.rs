//! A running simulator, an HTTP client and a token, with helpers for the calls tests make.

use pressero_simulator::{PresseroConfig, PresseroSimulator, RunningPressero};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};

pub struct Harness {
    pub pressero: RunningPressero,
    pub http: Client,
    pub token: String,
}

/// The body that authenticates with `config`'s credentials.
pub fn login_body(pressero: &RunningPressero) -> Value {
    let c = pressero.credentials();
    json!({
        "UserName": c.user_name, "Password": c.password,
        "SubscriberId": c.subscriber_id, "ConsumerID": c.consumer_id,
    })
}

pub async fn start() -> Harness {
    start_with(PresseroConfig::default()).await
}

pub async fn start_with(config: PresseroConfig) -> Harness {
    let pressero = PresseroSimulator::start(config).await.unwrap();
    // No pooled connections: a dropped connection must not be retried on a fresh one.
    let http = Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let mut harness = Harness {
        pressero,
        http,
        token: String::new(),
    };
    harness.token = harness.login().await;
    harness
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.pressero.base_url())
    }

    pub async fn login(&self) -> String {
        let response = self
            .http
            .post(self.url("/api/V2/Authentication"))
            .json(&login_body(&self.pressero))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["Token"].as_str().unwrap().to_owned()
    }

    fn authorized(&self, request: RequestBuilder) -> RequestBuilder {
        request.header("Authorization", format!("token {}", self.token))
    }

    pub async fn get(&self, path: &str) -> Response {
        self.authorized(self.http.get(self.url(path)))
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.authorized(self.http.post(self.url(path)).json(body))
            .send()
            .await
            .unwrap()
    }

    pub async fn put(&self, path: &str, body: Option<&Value>) -> Response {
        let request = self.http.put(self.url(path));
        let request = match body {
            Some(body) => request.json(body),
            None => request,
        };
        self.authorized(request).send().await.unwrap()
    }

    /// POST `path` without a token (sign-in, the `/_sim` control routes), with `body` as JSON if
    /// given.
    pub async fn post_without_token(&self, path: &str, body: Option<&Value>) -> Response {
        let request = self.http.post(self.url(path));
        let request = match body {
            Some(body) => request.json(body),
            None => request,
        };
        request.send().await.unwrap()
    }

    /// GET the unauthenticated `/_sim` control route `path`, as JSON.
    pub async fn control_json(&self, path: &str) -> Value {
        let response = self.http.get(self.url(path)).send().await.unwrap();
        response.json().await.unwrap()
    }

    /// GET `path`, expecting 200 and JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.unwrap()
    }

    /// One page of `POST path?pageNumber=&pageSize=` with `body`, expecting 200.
    pub async fn search_page(&self, path: &str, page: usize, size: usize, body: &Value) -> Value {
        let response = self
            .post(&format!("{path}?pageNumber={page}&pageSize={size}"), body)
            .await;
        assert_eq!(response.status(), StatusCode::OK, "search {path}");
        response.json().await.unwrap()
    }
}

/// `(OrderNumber, OrderItemNumber)` of each row of a search page.
pub fn keys(page: &Value) -> Vec<(u64, u64)> {
    page["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["OrderNumber"].as_u64().unwrap(),
                r["OrderItemNumber"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The `Message` of an error answer, checking its status.
pub async fn message(response: Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    body["Message"].as_str().unwrap().to_owned()
}

/// The id of the stage named `name` in the workflow of item `seq` of order `order`.
pub async fn stage_id(h: &Harness, order: u64, seq: u32, name: &str) -> String {
    let item = h
        .get_json(&format!("/api/v2/orders/{order}/Item/{seq}/Details"))
        .await;
    let workflow = item["WorkflowId"].as_str().unwrap();
    let stages = h
        .get_json(&format!("/api/workflows/{workflow}/Stages"))
        .await;
    stages
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["PrinterStage"] == name)
        .map(|s| s["WorkflowStageId"].as_str().unwrap().to_owned())
        .unwrap()
}
