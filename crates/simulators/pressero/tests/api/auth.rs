//! Authentication, token expiry, the 401 text, and case-insensitive routes.

use std::time::Duration;

use pressero_simulator::{DENIED, PresseroConfig, PresseroSimulator};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Harness, login_body, message, start, start_with};

#[tokio::test]
async fn authentication_accepts_field_names_in_any_case_and_gives_an_upper_case_guid() {
    let h = start().await;
    let c = h.pressero.credentials().clone();
    let response = h
        .post_without_token(
            "/api/v2/authentication",
            Some(&json!({
                "username": c.user_name.to_uppercase(), "PASSWORD": c.password,
                "SubscriberID": c.subscriber_id.to_uppercase(), "consumerid": c.consumer_id,
            })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let token = body["Token"].as_str().unwrap();
    assert_eq!(token, token.to_uppercase());
    assert!(uuid_like(token), "{token}");
    assert_eq!(body["TokenDuration"], 30);
}

fn uuid_like(text: &str) -> bool {
    let groups: Vec<usize> = text.split('-').map(str::len).collect();
    groups == [8, 4, 4, 4, 12] && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

async fn login_with(h: &Harness, field: &str, value: &str) -> reqwest::Response {
    let mut body = login_body(&h.pressero);
    body[field] = json!(value);
    h.post_without_token("/api/V2/Authentication", Some(&body))
        .await
}

#[tokio::test]
async fn wrong_credentials_are_401_with_a_message_saying_which() {
    let h = start().await;
    let unknown_subscriber = message(
        login_with(&h, "SubscriberId", "00000000-0000-0000-0000-000000000000").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(
        unknown_subscriber.to_lowercase().contains("subscriber"),
        "{unknown_subscriber}"
    );
    let unknown_consumer = message(
        login_with(&h, "ConsumerID", "nope").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(
        unknown_consumer.to_lowercase().contains("consumer"),
        "{unknown_consumer}"
    );
    let bad_password = message(
        login_with(&h, "Password", "wrong").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(bad_password.contains("password"), "{bad_password}");
}

#[tokio::test]
async fn calls_without_a_valid_token_get_the_aspnet_401_text() {
    let h = start().await;
    let path = h.url("/api/Workflows");
    for authorization in [
        None,
        Some("token NOT-A-TOKEN".to_owned()),
        Some(format!("Bearer {}", h.token)),
    ] {
        let mut request = h.http.get(&path);
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        let text = message(request.send().await.unwrap(), StatusCode::UNAUTHORIZED).await;
        assert_eq!(text, DENIED);
    }
    let upper_scheme = h
        .http
        .get(&path)
        .header("Authorization", format!("TOKEN {}", h.token))
        .send()
        .await
        .unwrap();
    assert_eq!(upper_scheme.status(), StatusCode::OK);
}

#[tokio::test]
async fn tokens_expire_after_the_configured_lifetime() {
    let config = PresseroConfig {
        token_ttl: Duration::ZERO,
        ..PresseroConfig::default()
    };
    let pressero = PresseroSimulator::start(config).await.unwrap();
    let http = reqwest::Client::new();
    let body: Value = http
        .post(format!("{}/api/V2/Authentication", pressero.base_url()))
        .json(&login_body(&pressero))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["TokenDuration"], 1);
    let token = body["Token"].as_str().unwrap();
    let response = http
        .get(format!("{}/api/Workflows", pressero.base_url()))
        .header("Authorization", format!("token {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(message(response, StatusCode::UNAUTHORIZED).await, DENIED);
}

#[tokio::test]
async fn validate_says_whether_a_token_is_still_good() {
    let h = start().await;
    let validate = |token: String| {
        let url = h.url(&format!("/api/v2/Authentication/{token}/Validate"));
        let http = h.http.clone();
        async move { http.get(url).send().await.unwrap().status() }
    };
    assert_eq!(validate(h.token.clone()).await, StatusCode::OK);
    assert_eq!(validate("ABC".into()).await, StatusCode::UNAUTHORIZED);
    h.pressero.expire_tokens();
    assert_eq!(validate(h.token.clone()).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn routes_match_in_any_case_with_or_without_a_trailing_slash() {
    let h = start_with(PresseroConfig::default()).await;
    for path in [
        "/api/v2/orders/10001/Details",
        "/API/V2/ORDERS/10001/DETAILS",
        "/Api/v2/Orders/10001/details/",
    ] {
        let order = h.get_json(path).await;
        assert_eq!(order["OrderNumber"], 10001, "{path}");
    }
    let text = message(h.get("/api/v2/nothing/here").await, StatusCode::NOT_FOUND).await;
    assert!(text.starts_with("No HTTP resource was found"), "{text}");
    let text = message(
        h.get("/api/v2/orders/search").await,
        StatusCode::METHOD_NOT_ALLOWED,
    )
    .await;
    assert!(text.contains("'GET'"), "{text}");
}
