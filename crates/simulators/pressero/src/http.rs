//! The simulator's HTTP surface: the Pressero API routes, the `/_sim` control routes (ours and
//! the kit's fault/call-log routes), Pressero's 404 for anything else, and case-insensitive
//! routing: every request path is lower-cased (and a trailing `/` dropped) before routing, as
//! Pressero's IIS/ASP.NET server matches paths without regard to case.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::Uri;
use axum::http::uri::PathAndQuery;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;

use crate::reply::ApiError;
use crate::state::Sim;

/// The full router over `sim`.
pub fn router(sim: Arc<Sim>) -> Router {
    let routes = crate::api::routes()
        .merge(crate::control::routes())
        .merge(simulator_kit::control_routes(sim.instruments.clone()))
        .fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .with_state(sim);
    Router::new().fallback_service(routes.map_request(lower_case_path))
}

async fn no_route(uri: Uri) -> Response {
    ApiError::no_route(&uri.to_string()).into_response()
}

async fn wrong_method(method: axum::http::Method) -> Response {
    ApiError {
        status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
        message: format!("The requested resource does not support http method '{method}'."),
    }
    .into_response()
}

/// `path` lower-cased, without a trailing `/` (except for `/` itself).
fn normalized_path(path: &str) -> String {
    let lower = path.to_lowercase();
    match lower.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed.to_owned(),
        _ => lower,
    }
}

fn lower_case_path(mut request: Request) -> Request {
    let uri = request.uri();
    let path = normalized_path(uri.path());
    let rewritten = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    if let Ok(path_and_query) = rewritten.parse::<PathAndQuery>() {
        let mut parts = uri.clone().into_parts();
        parts.path_and_query = Some(path_and_query);
        if let Ok(uri) = Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_lower_cased_and_lose_a_trailing_slash() {
        assert_eq!(
            normalized_path("/api/V2/Orders/Search"),
            "/api/v2/orders/search"
        );
        assert_eq!(
            normalized_path("/api/site/Shop.Example/orders/"),
            "/api/site/shop.example/orders"
        );
        assert_eq!(normalized_path("/"), "/");
    }

    #[test]
    fn the_query_string_keeps_its_case() {
        let request = Request::builder()
            .uri("/API/Workflows/?notes=Job%20A&pageNumber=1")
            .body(axum::body::Body::empty())
            .unwrap();
        let request = lower_case_path(request);
        assert_eq!(request.uri().path(), "/api/workflows");
        assert_eq!(request.uri().query(), Some("notes=Job%20A&pageNumber=1"));
    }
}
