//! The one error type of the Pressero client. Every error names the call
//! (e.g. `POST /api/v2/Orders/Search`), the order and item when known, and what Pressero said;
//! [`PresseroError::is_transient`] decides, once, whether trying again later can help.

use std::fmt;
use std::time::Duration;

/// Which call an error is about: method and path, and the order/item when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSite {
    /// Method and path, e.g. `GET /api/v2/orders/10002/Details` (no query string).
    pub call: String,
    /// The order, when the call is about one.
    pub order_number: Option<u64>,
    /// The item, when the call is about one.
    pub item_number: Option<u32>,
}

impl CallSite {
    /// A call about no particular order.
    pub(crate) fn new(call: String) -> Self {
        CallSite {
            call,
            order_number: None,
            item_number: None,
        }
    }

    /// The same call, about `order`.
    pub(crate) fn order(mut self, order: u64) -> Self {
        self.order_number = Some(order);
        self
    }

    /// The same call, about `item` (of the order already set).
    pub(crate) fn item(mut self, item: Option<u32>) -> Self {
        self.item_number = item;
        self
    }
}

impl fmt::Display for CallSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.call)?;
        match (self.order_number, self.item_number) {
            (Some(order), Some(item)) => write!(f, ": order {order} item {item}"),
            (Some(order), None) => write!(f, ": order {order}"),
            (None, Some(item)) => write!(f, ": item {item}"),
            (None, None) => Ok(()),
        }
    }
}

/// Everything that can go wrong talking to Pressero.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresseroError {
    /// The client's settings are unusable.
    #[error(transparent)]
    Settings(#[from] crate::settings::SettingsError),
    /// Pressero could not be reached, or the connection broke before a full answer.
    #[error("{site}: could not reach Pressero: {detail}")]
    Network {
        /// The call.
        site: CallSite,
        /// What the network layer said.
        detail: String,
    },
    /// Pressero did not answer in time.
    #[error("{site}: Pressero did not answer within {} s", timeout.as_secs())]
    Timeout {
        /// The call.
        site: CallSite,
        /// The limit that ran out.
        timeout: Duration,
    },
    /// Pressero answered with an HTTP error status.
    #[error("{site}: Pressero answered HTTP {status}: {message}")]
    Status {
        /// The call.
        site: CallSite,
        /// The HTTP status.
        status: u16,
        /// What Pressero said (`Message`), or the start of the body.
        message: String,
    },
    /// Pressero refused the token even after the client signed in again.
    #[error("{site}: Pressero refused the session even after signing in again: {message}")]
    Unauthorized {
        /// The call.
        site: CallSite,
        /// What Pressero said.
        message: String,
    },
    /// Pressero refused to sign in.
    #[error(
        "Pressero refused to sign in as {user_name:?}: {message} (check the user name, \
         password, subscriber id and consumer id)"
    )]
    SignInRefused {
        /// The user name tried.
        user_name: String,
        /// What Pressero said.
        message: String,
    },
    /// Pressero's answer could not be understood: names the field and what was wrong.
    #[error("{site}: {detail}")]
    Malformed {
        /// The call (with the order and item the field belongs to, when known).
        site: CallSite,
        /// Which field, what it was and what was expected.
        detail: String,
    },
    /// A workflow stage name that the item's workflow does not have.
    #[error(
        "{site}: workflow {workflow} has no stage named {stage:?}; its stages are: {}",
        available.join(", ")
    )]
    UnknownStage {
        /// The write-back call.
        site: CallSite,
        /// The workflow: its name and id.
        workflow: String,
        /// The stage name asked for.
        stage: String,
        /// The workflow's stage names (`PrinterStage`), in order.
        available: Vec<String>,
    },
    /// A request the client refuses to send (e.g. an id that is not a safe path segment).
    #[error("{site}: {detail}")]
    InvalidRequest {
        /// The call.
        site: CallSite,
        /// What is wrong.
        detail: String,
    },
}

/// The call site of `$error` (a `&PresseroError` or a `&mut PresseroError`, giving the same kind
/// of reference to the site), when its variant has one: one list of those variants for
/// [`PresseroError::call_site`] and the private `call_site_mut`.
macro_rules! call_site_of {
    ($error:expr) => {
        match $error {
            PresseroError::Network { site, .. }
            | PresseroError::Timeout { site, .. }
            | PresseroError::Status { site, .. }
            | PresseroError::Unauthorized { site, .. }
            | PresseroError::Malformed { site, .. }
            | PresseroError::UnknownStage { site, .. }
            | PresseroError::InvalidRequest { site, .. } => Some(site),
            PresseroError::Settings(_) | PresseroError::SignInRefused { .. } => None,
        }
    };
}

impl PresseroError {
    /// Whether trying again later may succeed: network trouble, timeouts, HTTP 5xx, 408 and
    /// 429. Not: 400/404 and other 4xx, a refused sign-in, a token refused after renewal, an
    /// answer that cannot be understood, an unknown stage, bad settings.
    pub fn is_transient(&self) -> bool {
        match self {
            PresseroError::Network { .. } | PresseroError::Timeout { .. } => true,
            PresseroError::Status { status, .. } => {
                *status >= 500 || *status == 408 || *status == 429
            }
            PresseroError::Settings(_)
            | PresseroError::Unauthorized { .. }
            | PresseroError::SignInRefused { .. }
            | PresseroError::Malformed { .. }
            | PresseroError::UnknownStage { .. }
            | PresseroError::InvalidRequest { .. } => false,
        }
    }

    /// The HTTP status Pressero answered, for [`PresseroError::Status`].
    pub fn status(&self) -> Option<u16> {
        match self {
            PresseroError::Status { status, .. } => Some(*status),
            PresseroError::Unauthorized { .. } | PresseroError::SignInRefused { .. } => Some(401),
            _ => None,
        }
    }

    /// Whether Pressero said the thing asked for does not exist (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// The same error, naming `order` when its call did not already name an order.
    pub(crate) fn about_order(mut self, order: u64) -> Self {
        if let Some(site) = self.call_site_mut() {
            site.order_number.get_or_insert(order);
        }
        self
    }

    fn call_site_mut(&mut self) -> Option<&mut CallSite> {
        call_site_of!(self)
    }

    /// The call the error is about, when there is one.
    pub fn call_site(&self) -> Option<&CallSite> {
        call_site_of!(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> CallSite {
        CallSite::new("GET /api/v2/orders/10002/Details".into())
            .order(10002)
            .item(Some(3))
    }

    #[test]
    fn malformed_errors_read_as_call_order_item_field() {
        let error = PresseroError::Malformed {
            site: site(),
            detail: r#"`Quantity` is "abc", expected a whole number"#.into(),
        };
        assert_eq!(
            error.to_string(),
            r#"GET /api/v2/orders/10002/Details: order 10002 item 3: `Quantity` is "abc", expected a whole number"#
        );
        assert!(!error.is_transient());
    }

    #[test]
    fn transience_by_kind_and_status() {
        let status = |status| PresseroError::Status {
            site: site(),
            status,
            message: "x".into(),
        };
        assert!(status(500).is_transient());
        assert!(status(503).is_transient());
        assert!(status(429).is_transient());
        assert!(!status(400).is_transient());
        assert!(!status(404).is_transient());
        assert!(status(404).is_not_found());
        assert!(
            PresseroError::Timeout {
                site: site(),
                timeout: Duration::from_secs(1)
            }
            .is_transient()
        );
        assert!(
            !PresseroError::Unauthorized {
                site: site(),
                message: "no".into()
            }
            .is_transient()
        );
    }
}
