//! How the simulator answers: Pressero's `{"Message": …}` errors with 400/401/404/500, JSON and
//! file replies, and how each injected fault looks on the wire.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use simulator_kit::{FaultKind, drop_connection};

use crate::error::SimError;
use crate::files::{FileContent, content_type};

/// The 401 text of ASP.NET Web API, as Pressero sends it for a bad or expired token.
pub const DENIED: &str = "Authorization has been denied for this request.";

/// An error answer: a status and Pressero's `{"Message": …}` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// The `Message`.
    pub message: String,
}

impl ApiError {
    /// 400 with `message`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 401 with `message`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: message.into(),
        }
    }

    /// 401 "Authorization has been denied for this request.".
    pub fn denied() -> Self {
        Self::unauthorized(DENIED)
    }

    /// 404 with `message`.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// 404 for a URI no route matches, in ASP.NET's words.
    pub fn no_route(uri: &str) -> Self {
        Self::not_found(format!(
            "No HTTP resource was found that matches the request URI '{uri}'."
        ))
    }

    /// 500 "An error has occurred.".
    pub fn server_error() -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "An error has occurred.".into(),
        }
    }
}

impl From<SimError> for ApiError {
    fn from(error: SimError) -> Self {
        match error {
            SimError::UnknownOrder(_) | SimError::UnknownItem { .. } => {
                ApiError::not_found(error.to_string())
            }
            _ => ApiError::bad_request(error.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(json!({ "Message": self.message }))).into_response()
    }
}

/// A successful answer.
#[derive(Debug)]
pub enum Reply {
    /// 200 with a JSON body.
    Json(Value),
    /// 200 with no body.
    Empty,
    /// 200 with a production file.
    File {
        /// The file name, for `Content-Disposition` and `Content-Type`.
        file_name: String,
        /// The bytes.
        content: FileContent,
    },
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::Json(value) => axum::Json(value).into_response(),
            Reply::Empty => StatusCode::OK.into_response(),
            Reply::File { file_name, content } => {
                let size = content.size();
                let mut response = content.into_body().into_response();
                let headers = response.headers_mut();
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type(&file_name)),
                );
                headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
                let disposition =
                    format!("attachment; filename=\"{}\"", file_name.replace('"', ""));
                if let Ok(value) = HeaderValue::from_str(&disposition) {
                    headers.insert(header::CONTENT_DISPOSITION, value);
                }
                response
            }
        }
    }
}

/// What a fault does before any work: the answer to give instead (or a dropped connection).
/// `None` means "go on" (no fault, or one acted out after the work).
pub fn before_work(fault: Option<FaultKind>) -> Option<Response> {
    match fault? {
        FaultKind::DropConnection => drop_connection(),
        FaultKind::ServerError | FaultKind::BusyDatabase => {
            Some(ApiError::server_error().into_response())
        }
        FaultKind::ProtocolError => Some(
            ApiError::bad_request("The request is invalid. (simulated protocol error)")
                .into_response(),
        ),
        FaultKind::Unauthorized => Some(ApiError::denied().into_response()),
        FaultKind::CommitThenDrop | FaultKind::MalformedBody | FaultKind::Slow => None,
    }
}

/// What a fault does after the work was done: drop the connection, or break the JSON body.
pub fn after_work(fault: Option<FaultKind>, outcome: Result<Reply, ApiError>) -> Response {
    match fault {
        Some(FaultKind::CommitThenDrop) => drop_connection(),
        Some(FaultKind::MalformedBody) => {
            let text = match &outcome {
                Ok(Reply::Json(value)) => value.to_string(),
                Ok(_) => "{\"Items\":[]}".to_owned(),
                Err(error) => json!({ "Message": error.message }).to_string(),
            };
            truncated_json(&text).into_response()
        }
        _ => match outcome {
            Ok(reply) => reply.into_response(),
            Err(error) => error.into_response(),
        },
    }
}

/// The first half of `text` (at least one character, cut on a character boundary).
fn first_half(text: &str) -> &str {
    let mut cut = (text.len() / 2).max(1).min(text.len());
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    &text[..cut]
}

/// 200 with the first half of `text` as a JSON body: syntactically broken JSON.
fn truncated_json(text: &str) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        first_half(text).to_owned(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_half_of_json_does_not_parse() {
        for value in [
            json!({"Items": [1, 2, 3], "TotalItems": 3}),
            json!({"Message": "Zoë"}),
            json!({}),
        ] {
            let text = value.to_string();
            let half = first_half(&text);
            assert!(half.len() < text.len(), "{half}");
            assert!(serde_json::from_str::<Value>(half).is_err(), "{half}");
        }
    }

    #[test]
    fn unknown_orders_are_404_and_bad_writes_400() {
        assert_eq!(
            ApiError::from(SimError::UnknownOrder(1)).status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            ApiError::from(SimError::UnknownStage {
                stage_id: "x".into()
            })
            .status,
            StatusCode::BAD_REQUEST
        );
    }
}
