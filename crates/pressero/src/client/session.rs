//! The Pressero session: signing in (`POST /api/V2/Authentication`), caching the token, and
//! renewing it, either before its announced lifetime runs out or after a 401. Concurrent callers
//! that hit a 401 with the same token share one sign-in.

use std::fmt;
use std::time::{Duration, Instant};

use reqwest::Method;
use reqwest::header::HeaderValue;

use super::{PresseroClient, malformed_field, message_of};
use crate::error::PresseroError;
use crate::wire::decode;
use crate::wire::facts::AuthenticationRequest;
use crate::wire::json::Obj;

/// Renew this long before the announced lifetime runs out.
const RENEW_MARGIN: Duration = Duration::from_secs(60);

/// The current token, if signed in.
#[derive(Default)]
pub(super) struct Session {
    state: tokio::sync::Mutex<State>,
}

#[derive(Default)]
struct State {
    token: Option<Token>,
    signed_in: u64,
}

/// A session token, ready to send.
#[derive(Clone)]
pub(super) struct Token {
    /// `token <Token>`, marked sensitive.
    pub(super) header: HeaderValue,
    /// Which sign-in produced it (1, 2, …).
    pub(super) generation: u64,
    /// When to sign in again without waiting for a 401, if Pressero said how long it lasts.
    renew_at: Option<Instant>,
}

impl Token {
    fn is_fresh(&self) -> bool {
        self.renew_at.is_none_or(|at| Instant::now() < at)
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Session(<token redacted>)")
    }
}

impl Session {
    /// The current token, signing in first if there is none or it is due for renewal.
    pub(super) async fn token(&self, client: &PresseroClient) -> Result<Token, PresseroError> {
        let mut state = self.state.lock().await;
        match &state.token {
            Some(token) if token.is_fresh() => Ok(token.clone()),
            _ => sign_in(client, &mut state).await,
        }
    }

    /// A token newer than `refused` (which Pressero just answered 401 to): another caller's
    /// renewal if one happened meanwhile, else a new sign-in.
    pub(super) async fn renew(
        &self,
        client: &PresseroClient,
        refused: u64,
    ) -> Result<Token, PresseroError> {
        let mut state = self.state.lock().await;
        match &state.token {
            Some(token) if token.generation != refused && token.is_fresh() => Ok(token.clone()),
            _ => sign_in(client, &mut state).await,
        }
    }
}

/// How long after signing in to sign in again, for a token said to last `minutes`: a minute
/// early (half the lifetime for very short ones). No lifetime, or zero, means "until a 401".
fn renewal_delay(minutes: Option<u64>) -> Option<Duration> {
    let lifetime = Duration::from_secs(minutes.filter(|m| *m > 0)?.saturating_mul(60));
    Some(lifetime.saturating_sub(RENEW_MARGIN.min(lifetime / 2)))
}

async fn sign_in(client: &PresseroClient, state: &mut State) -> Result<Token, PresseroError> {
    state.token = None;
    let settings = client.settings();
    let mut request = client.request(Method::POST, &["api", "V2", "Authentication"])?;
    let body = AuthenticationRequest {
        user_name: &settings.user_name,
        password: client.inner.password.reveal(),
        subscriber_id: &settings.subscriber_id,
        consumer_id: &settings.consumer_id,
    };
    request.body =
        Some(
            serde_json::to_vec(&body).map_err(|error| PresseroError::InvalidRequest {
                site: request.site.clone(),
                detail: format!("cannot write the sign-in body: {error}"),
            })?,
        );
    request.with_token = false;
    let (status, answer) = client.attempt(&request, None).await?;
    if matches!(status.as_u16(), 400 | 401 | 403) {
        return Err(PresseroError::SignInRefused {
            user_name: settings.user_name.clone(),
            message: message_of(&answer),
        });
    }
    let answer = super::check_status(&request, status, answer)?;
    let text = String::from_utf8_lossy(&answer);
    let (token, minutes) = Obj::parse(&text)
        .and_then(|obj| decode::token(&obj))
        .map_err(|e| malformed_field(&request.site, e))?;
    let mut header =
        HeaderValue::from_str(&format!("token {token}")).map_err(|_| PresseroError::Malformed {
            site: request.site.clone(),
            detail: "`Token` holds characters that cannot be sent in a header".to_owned(),
        })?;
    header.set_sensitive(true);
    state.signed_in += 1;
    // A lifetime beyond what the clock can count (`TokenDuration` is Pressero's text) is
    // treated as none: renewed on a 401.
    let renew_at = renewal_delay(minutes).and_then(|delay| Instant::now().checked_add(delay));
    tracing::info!(
        user = %settings.user_name,
        sign_in = state.signed_in,
        lifetime_minutes = ?minutes,
        "signed in to Pressero"
    );
    let token = Token {
        header,
        generation: state.signed_in,
        renew_at,
    };
    state.token = Some(token.clone());
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_renewed_a_little_before_they_expire() {
        assert_eq!(renewal_delay(Some(30)), Some(Duration::from_secs(29 * 60)));
        assert_eq!(renewal_delay(Some(1)), Some(Duration::from_secs(30)));
        assert_eq!(renewal_delay(Some(0)), None);
        assert_eq!(renewal_delay(None), None);
    }

    #[test]
    fn a_lifetime_beyond_the_clock_is_renewed_on_a_401_without_panicking() {
        // Found by fuzzing: `TokenDuration` u64::MAX overflowed `Instant + Duration`.
        use crate::{Password, PresseroSettings};
        use fuzz_budget::http::{Response, StubServer};
        let stub = StubServer::start(|_| {
            Response::new(
                200,
                "application/json",
                r#"{"Token":"C322C7F7-D02E-4F74-97C8-EF3438D61827","TokenDuration":18446744073709551615}"#,
            )
        })
        .unwrap();
        let settings = PresseroSettings::new(&stub.base_url(), "api", "sub", "con").unwrap();
        let client = PresseroClient::new(settings, Password::new("pw")).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let token = runtime
            .block_on(client.inner.session.token(&client))
            .unwrap();
        assert_eq!(token.renew_at, None);
        assert!(token.is_fresh());
    }
}
