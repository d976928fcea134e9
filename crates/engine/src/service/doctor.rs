//! "Test connections" (the desktop app's button, the CLI's `doctor`): checks the settings, signs
//! in to Pressero, asks Pace for its version and reads from it, and tells the usual failures
//! apart (wrong password, wrong address, wrong subscriber id, unreachable host), each with a fix
//! a shop manager can act on. Then it proves the set-up against the live Pace before the first
//! order (`setup.rs`): the fields the plan writes, the ids the settings name, and what Pace
//! ignored so far. Passwords never appear in what it reports.

mod setup;

pub use setup::{IGNORED_FIELDS, ignored_fields_check};

use super::clients;
use crate::plan::FactsQuery;
use crate::resolve::{ResolveError, Resolver};
use crate::secrets::{Account, SecretStore};
use crate::settings::Settings;
use crate::store::Store;
use pace::{PaceError, TransportKind};
use pressero::PresseroError;
use serde::Serialize;

/// What went wrong in a failed check, as a kind the UI and tests can tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// The settings are incomplete or invalid.
    InvalidSettings,
    /// No password is kept for the account.
    MissingPassword,
    /// The server refused the user name or password.
    WrongPassword,
    /// Something answered at the address, but not the expected API (wrong URL or path).
    WrongAddress,
    /// Pressero does not know the subscriber id.
    WrongSubscriber,
    /// Pressero does not know the consumer id.
    WrongConsumer,
    /// The host could not be reached (refused, unknown name, timed out).
    Unreachable,
    /// The TLS certificate was not accepted.
    Certificate,
    /// The server answered with an error of its own.
    ServerError,
    /// Pace does not know a field the sync writes or reads (`Unknown field 'x' on object 'Y'`).
    UnknownField,
    /// An id the settings name is not in Pace, or is inactive there.
    UnknownId,
    /// Pace accepted a write but did not keep a field as it was sent.
    IgnoredField,
}

/// How one check ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum CheckOutcome {
    /// It worked; `detail` says what was seen (e.g. the Pace version).
    Passed {
        /// What was seen.
        detail: String,
    },
    /// It failed.
    Failed {
        /// The kind of problem.
        problem: Problem,
        /// What went wrong.
        detail: String,
        /// What to do about it, in one sentence.
        fix: String,
    },
    /// Not run (not configured, or an earlier check failed).
    Skipped {
        /// Why.
        reason: String,
    },
}

/// One connection check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked, e.g. "Pace version".
    pub name: String,
    /// How it ended.
    #[serde(flatten)]
    pub outcome: CheckOutcome,
}

impl Check {
    fn passed(name: &str, detail: impl Into<String>) -> Self {
        Check {
            name: name.to_owned(),
            outcome: CheckOutcome::Passed {
                detail: detail.into(),
            },
        }
    }

    fn failed(
        name: &str,
        problem: Problem,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Check {
            name: name.to_owned(),
            outcome: CheckOutcome::Failed {
                problem,
                detail: detail.into(),
                fix: fix.into(),
            },
        }
    }

    fn skipped(name: &str, reason: impl Into<String>) -> Self {
        Check {
            name: name.to_owned(),
            outcome: CheckOutcome::Skipped {
                reason: reason.into(),
            },
        }
    }

    /// Whether the check failed.
    pub fn is_failed(&self) -> bool {
        matches!(self.outcome, CheckOutcome::Failed { .. })
    }

    /// The problem, when the check failed.
    pub fn problem(&self) -> Option<Problem> {
        match self.outcome {
            CheckOutcome::Failed { problem, .. } => Some(problem),
            _ => None,
        }
    }
}

/// Every check, in the order they ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionReport {
    /// The checks.
    pub checks: Vec<Check>,
}

impl ConnectionReport {
    /// Whether no check failed.
    pub fn all_passed(&self) -> bool {
        !self.checks.iter().any(Check::is_failed)
    }

    /// The problems of the failed checks, in order.
    pub fn problems(&self) -> Vec<Problem> {
        self.checks.iter().filter_map(Check::problem).collect()
    }
}

const SETTINGS: &str = "Settings";
const PRESSERO: &str = "Pressero sign-in";
const PACE_VERSION: &str = "Pace version";
const PACE_READ: &str = "Pace read";
const SMTP: &str = "Mail server";

/// How long the mail server check waits for the connection.
const SMTP_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs every check against `settings` with the passwords of `secrets`; with the sync's `store`,
/// also reports the fields Pace ignored so far.
pub async fn check_connections(
    settings: &Settings,
    secrets: &dyn SecretStore,
    store: Option<&Store>,
) -> ConnectionReport {
    let mut checks = vec![match settings.validate() {
        Ok(()) => Check::passed(SETTINGS, "the settings are complete and valid"),
        Err(problems) => Check::failed(
            SETTINGS,
            Problem::InvalidSettings,
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
            "Correct each setting named above in the settings file or the Settings screen.",
        ),
    }];
    checks.push(check_pressero(settings, secrets).await);
    checks.extend(check_pace(settings, secrets).await);
    if let Some(store) = store {
        checks.push(ignored_fields_check(store));
    }
    checks.push(check_smtp(settings).await);
    ConnectionReport { checks }
}

pub(super) async fn check_pressero(settings: &Settings, secrets: &dyn SecretStore) -> Check {
    if settings.pressero.admin_url.trim().is_empty() {
        return Check::failed(
            PRESSERO,
            Problem::InvalidSettings,
            "no Pressero admin URL is set",
            "Set [pressero] admin_url to your Pressero admin site, e.g. https://admin.chi.v6.pressero.com.",
        );
    }
    let client = match clients::pressero_client(settings, secrets) {
        Ok(client) => client,
        Err(error) => return setup_failure(PRESSERO, Account::Pressero, &error),
    };
    match client.check_sign_in().await {
        Ok(()) => Check::passed(
            PRESSERO,
            format!(
                "signed in to {} as {}",
                settings.pressero.admin_url.trim(),
                settings.pressero.user_name.trim()
            ),
        ),
        Err(error) => {
            let (problem, fix) = diagnose_pressero(&error, settings);
            Check::failed(PRESSERO, problem, error.to_string(), fix)
        }
    }
}

pub(super) async fn check_pace(settings: &Settings, secrets: &dyn SecretStore) -> Vec<Check> {
    if settings.pace.url.trim().is_empty() {
        return vec![
            Check::failed(
                PACE_VERSION,
                Problem::InvalidSettings,
                "no EFI Pace URL is set",
                "Set [pace] url to the root of your Pace server, e.g. https://pace.example.com.",
            ),
            Check::skipped(PACE_READ, "Pace is not set up"),
        ]
        .into_iter()
        .chain(skipped_setup("Pace is not set up"))
        .collect();
    }
    let client = match clients::pace_client(settings, secrets) {
        Ok(client) => client,
        Err(error) => {
            return vec![
                setup_failure(PACE_VERSION, Account::Pace, &error),
                Check::skipped(PACE_READ, "Pace is not set up"),
            ]
            .into_iter()
            .chain(skipped_setup("Pace is not set up"))
            .collect();
        }
    };
    let version = match client.version().await {
        Ok(version) => Check::passed(PACE_VERSION, format!("Pace {version}")),
        Err(error) => {
            let (problem, fix) = diagnose_pace(&error, settings);
            return vec![
                Check::failed(PACE_VERSION, problem, error.to_string(), fix),
                Check::skipped(PACE_READ, "Pace did not answer its version"),
            ]
            .into_iter()
            .chain(skipped_setup("Pace did not answer its version"))
            .collect();
        }
    };
    let pressero = clients::pressero_client(settings, secrets).ok();
    let templates = setup::storefront_templates(pressero.as_ref(), settings).await;
    // The resolver's own look-ups, each once: they name the field paths every order's resolve
    // uses (a customer's activity, a contact's customer …), so an unknown one faults here, before
    // the first order. The probe id and e-mail match nothing.
    let default_mis_id = settings.customers.default_mis_id.trim();
    let probe_customer = if default_mis_id.is_empty() {
        "PRESSERO-PACE-SYNC-DOCTOR"
    } else {
        default_mis_id
    };
    let query = FactsQuery {
        customer_ids: [probe_customer.to_owned()].into(),
        contact_emails: ["doctor@pressero-pace-sync.invalid".to_owned()].into(),
        item_templates: templates
            .as_ref()
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default(),
        ship_vias: true,
        job_types: true,
        job_statuses: true,
        countries: true,
    };
    let facts = match Resolver::new(client.clone()).resolve(&query).await {
        Ok(facts) => facts,
        Err(error) => {
            let read = match error {
                ResolveError::Pace { source, .. }
                    if source.to_string().contains("Unknown field") =>
                {
                    Check::failed(
                        PACE_READ,
                        Problem::UnknownField,
                        source.to_string(),
                        "The sync's Pace look-ups (crates/engine/src/resolve/lookups.rs) name a field your Pace version does not have (the message above names it): no order can be synced until the maintainers correct that one path.",
                    )
                }
                ResolveError::Pace { source, .. } => {
                    let (problem, fix) = diagnose_pace(&source, settings);
                    Check::failed(PACE_READ, problem, source.to_string(), fix)
                }
                error => Check::failed(
                    PACE_READ,
                    Problem::ServerError,
                    error.to_string(),
                    "Pace answered with data this program does not understand; check the Pace server's logs and version.",
                ),
            };
            return [version, read]
                .into_iter()
                .chain(skipped_setup("Pace could not be read"))
                .collect();
        }
    };
    let read = Check::passed(
        PACE_READ,
        format!(
            "read {} job statuses, {} job types, {} ship vias; the customer and contact look-ups answer",
            facts.job_statuses.len(),
            facts.job_types.len(),
            facts.ship_vias.len()
        ),
    );
    let mut checks = vec![version, read];
    checks.extend(setup::field_checks(&client).await);
    checks.extend(setup::id_checks(&client, settings, &facts, templates).await);
    checks
}

/// The set-up checks, skipped for `reason`.
fn skipped_setup(reason: &str) -> Vec<Check> {
    setup::check_names()
        .iter()
        .map(|name| Check::skipped(name, reason))
        .collect()
}

/// Connects to the mail server when alert e-mails are set up (sending a test e-mail is the
/// alerts' own action; this only tells whether the server can be reached).
pub(super) async fn check_smtp(settings: &Settings) -> Check {
    let host = settings.smtp.host.trim();
    if host.is_empty() {
        return Check::skipped(
            SMTP,
            "no mail server is set up, so no alert e-mails are sent",
        );
    }
    let port = settings.smtp.port;
    let connect = tokio::net::TcpStream::connect((host, port));
    match tokio::time::timeout(SMTP_CONNECT_TIMEOUT, connect).await {
        Ok(Ok(_)) => Check::passed(SMTP, format!("{host}:{port} accepts connections")),
        Ok(Err(error)) => Check::failed(
            SMTP,
            Problem::Unreachable,
            format!("cannot connect to {host}:{port}: {error}"),
            "Check [smtp] host and port (587 for STARTTLS, 465 for TLS) and that this computer may send mail through that server.",
        ),
        Err(_) => Check::failed(
            SMTP,
            Problem::Unreachable,
            format!(
                "{host}:{port} did not answer within {} s",
                SMTP_CONNECT_TIMEOUT.as_secs()
            ),
            "Check [smtp] host and port, and that no firewall blocks outgoing mail from this computer.",
        ),
    }
}

/// A client could not even be built: missing password, unusable address.
fn setup_failure(name: &str, account: Account, error: &super::ServiceError) -> Check {
    match error {
        super::ServiceError::MissingPassword { .. } => Check::failed(
            name,
            Problem::MissingPassword,
            error.to_string(),
            format!(
                "Store it with `pressero-pace-sync credentials set {account}` (or set {} for headless use).",
                account.environment_variable()
            ),
        ),
        super::ServiceError::Secret(_) => Check::failed(
            name,
            Problem::MissingPassword,
            error.to_string(),
            format!(
                "Unlock the OS keyring, or set {} for headless use.",
                account.environment_variable()
            ),
        ),
        _ => Check::failed(
            name,
            Problem::InvalidSettings,
            error.to_string(),
            "Correct the address and user in the settings.",
        ),
    }
}

/// The kind of a Pace failure and what to do about it.
fn diagnose_pace(error: &PaceError, settings: &Settings) -> (Problem, String) {
    let url = settings.pace.url.trim();
    let login = settings.pace.login.trim();
    match error {
        PaceError::Authentication { .. } => (
            Problem::WrongPassword,
            format!(
                "Pace refused user '{login}': re-enter the Pace password with `pressero-pace-sync credentials set pace` (or PACE_PASSWORD), and check in Pace that '{login}' is a system user allowed to use the API."
            ),
        ),
        PaceError::Transport {
            kind: TransportKind::Tls,
            ..
        } => (
            Problem::Certificate,
            format!(
                "The certificate of {url} was not accepted: install a valid certificate on the Pace server, or check that the URL's host name matches it."
            ),
        ),
        PaceError::Transport { .. } => (
            Problem::Unreachable,
            format!(
                "Nothing answered at {url}: check that the Pace server is running, that the host name and port in [pace] url are right, and that this computer can reach it (firewall, VPN)."
            ),
        ),
        PaceError::HttpStatus { status, .. } if *status >= 500 => (
            Problem::ServerError,
            format!(
                "The server at {url} answered HTTP {status}: check that Pace is running properly (its logs), then try again."
            ),
        ),
        PaceError::HttpStatus { .. }
        | PaceError::UnexpectedReply { .. }
        | PaceError::NotFound { .. } => (
            Problem::WrongAddress,
            format!(
                "Something answered at {url}, but not Pace's API: set [pace] url to the root of the Pace server (e.g. https://pace.example.com, without /rpc/services), and check the company id if your server has several."
            ),
        ),
        PaceError::Fault { .. } | PaceError::InvalidRequest { .. } => (
            Problem::ServerError,
            format!(
                "Pace answered with an error: check in Pace that user '{login}' may read jobs and job statuses."
            ),
        ),
    }
}

/// The kind of a Pressero failure and what to do about it.
fn diagnose_pressero(error: &PresseroError, settings: &Settings) -> (Problem, String) {
    let url = settings.pressero.admin_url.trim();
    match error {
        PresseroError::SignInRefused { message, .. } => sign_in_refused(message, settings),
        PresseroError::Network { .. } | PresseroError::Timeout { .. } => (
            Problem::Unreachable,
            format!(
                "Nothing answered at {url}: check the Pressero admin URL in [pressero] admin_url and that this computer can reach the internet (firewall, proxy)."
            ),
        ),
        PresseroError::Status { status, .. } if *status >= 500 => (
            Problem::ServerError,
            format!(
                "Pressero answered HTTP {status}: it may be down for maintenance; try again later."
            ),
        ),
        _ => (
            Problem::WrongAddress,
            format!(
                "Something answered at {url}, but not Pressero's Admin API: set [pressero] admin_url to your admin site, e.g. https://admin.chi.v6.pressero.com."
            ),
        ),
    }
}

/// Tells which credential Pressero refused from its message. The wording of a real Pressero's
/// refusal is not documented (reference §1.2); the simulator says "Unknown subscriber …" /
/// "Unknown consumer …", so the words "subscriber" and "consumer" are looked for, and any other
/// refusal is taken as a wrong user name or password.
fn sign_in_refused(message: &str, settings: &Settings) -> (Problem, String) {
    let lower = message.to_ascii_lowercase();
    if lower.contains("subscriber") {
        (
            Problem::WrongSubscriber,
            format!(
                "Pressero does not know subscriber id '{}': copy the SubscriberId from your Pressero admin (API settings) into [pressero] subscriber_id.",
                settings.pressero.subscriber_id.trim()
            ),
        )
    } else if lower.contains("consumer") {
        (
            Problem::WrongConsumer,
            "Pressero does not know the consumer id: put the ConsumerID Aleyant issued for this application into [pressero] consumer_id.".to_owned(),
        )
    } else {
        (
            Problem::WrongPassword,
            format!(
                "Pressero refused user '{}': re-enter the Pressero password with `pressero-pace-sync credentials set pressero` (or PRESSERO_PASSWORD), and check the user name.",
                settings.pressero.user_name.trim()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_sign_in_names_the_credential_pressero_named() {
        let settings = Settings::default();
        let kind = |message: &str| sign_in_refused(message, &settings).0;
        assert_eq!(kind("Unknown subscriber 'x'."), Problem::WrongSubscriber);
        assert_eq!(kind("Unknown consumer 'y'."), Problem::WrongConsumer);
        assert_eq!(
            kind("The user name or password is incorrect."),
            Problem::WrongPassword
        );
    }

    #[test]
    fn pace_failures_are_told_apart() {
        let settings = Settings::default();
        let context = pace::CallContext::operation("getVersion");
        let kind = |error: PaceError| diagnose_pace(&error, &settings).0;
        assert_eq!(
            kind(PaceError::Authentication {
                context: context.clone()
            }),
            Problem::WrongPassword
        );
        assert_eq!(
            kind(PaceError::HttpStatus {
                context: context.clone(),
                status: 404,
                snippet: String::new()
            }),
            Problem::WrongAddress
        );
        assert_eq!(
            kind(PaceError::Transport {
                context: context.clone(),
                kind: TransportKind::Connect,
                detail: "refused".into()
            }),
            Problem::Unreachable
        );
        assert_eq!(
            kind(PaceError::Transport {
                context,
                kind: TransportKind::Tls,
                detail: "bad certificate".into()
            }),
            Problem::Certificate
        );
    }
}
