//! Sending alert e-mails over SMTP with `lettre`: the server, port and security (STARTTLS, TLS,
//! or none for a relay inside the shop) come from [`SmtpSettings`]; the password is given by the
//! caller (from the keyring) and never appears in logs, errors or `Debug` output.

use super::compose::{AlertEmail, compose_test_email};
use crate::settings::{Settings, SmtpSecurity, SmtpSettings, is_valid_email};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::fmt;
use std::time::Duration;

/// How long one SMTP command may take before the send fails (and is tried again later).
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Why an e-mail could not be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// The mail settings cannot be used.
    #[error("alert e-mails cannot be sent: {field} {problem}")]
    Settings {
        /// The setting, e.g. `smtp.host`.
        field: &'static str,
        /// What is wrong and what to do.
        problem: String,
    },
    /// An address is not an e-mail address.
    #[error("\"{address}\" in {field} is not an e-mail address; fix it in Settings")]
    BadAddress {
        /// The setting it comes from.
        field: &'static str,
        /// The address.
        address: String,
    },
    /// The message could not be put together.
    #[error("the alert e-mail could not be built: {0}")]
    Build(String),
    /// The mail server refused, failed or could not be reached.
    #[error("the mail server {server} did not take the e-mail: {message}")]
    Smtp {
        /// `host:port`.
        server: String,
        /// What happened (the password is never part of it).
        message: String,
        /// Whether trying again later may work (4xx replies, network trouble, time-outs).
        transient: bool,
    },
}

impl MailError {
    /// Whether trying again later may work (otherwise a person must fix the mail settings).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Smtp {
                transient: true,
                ..
            }
        )
    }
}

/// Sends e-mails through the shop's mail server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    sender: Mailbox,
    server: String,
    security: SmtpSecurity,
    user: String,
    password: Option<String>,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("security", &self.security)
            .field("sender", &self.sender.to_string())
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for the SMTP settings; `password` is the SMTP password from the keyring (needed
    /// when `smtp.user` is set). Nothing is sent or connected yet.
    pub fn new(smtp: &SmtpSettings, password: Option<String>) -> Result<Self, MailError> {
        let host = smtp.host.trim();
        if host.is_empty() {
            return Err(MailError::Settings {
                field: "smtp.host",
                problem: "is blank; give the mail server's name".to_owned(),
            });
        }
        let from = smtp.from.trim();
        if from.is_empty() {
            return Err(MailError::Settings {
                field: "smtp.from",
                problem: "is blank; give the sender address of alert e-mails".to_owned(),
            });
        }
        let sender = mailbox("smtp.from", from)?;
        let user = smtp.user.trim();
        let server = format!("{host}:{}", smtp.port);
        let builder = match smtp.security {
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|e| smtp_error(&server, &e, None))?,
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .map_err(|e| smtp_error(&server, &e, None))?,
        };
        let mut builder = builder.port(smtp.port).timeout(Some(SMTP_TIMEOUT));
        let password = password.filter(|p| !p.is_empty());
        if !user.is_empty() {
            let Some(secret) = &password else {
                return Err(MailError::Settings {
                    field: "smtp.user",
                    problem: format!(
                        "is \"{user}\" but no SMTP password is stored; enter the password in Settings (it is kept in the system keyring) or clear the user"
                    ),
                });
            };
            builder = builder.credentials(Credentials::new(user.to_owned(), secret.clone()));
        }
        Ok(Self {
            transport: builder.build(),
            sender,
            server,
            security: smtp.security,
            user: user.to_owned(),
            password,
        })
    }

    /// Sends `email` to its recipients.
    pub async fn send(&self, email: &AlertEmail) -> Result<(), MailError> {
        if email.to.is_empty() {
            return Err(MailError::Settings {
                field: "alerts.emails",
                problem: "is blank; add at least one address (separate addresses with ';')"
                    .to_owned(),
            });
        }
        let mut builder = Message::builder()
            .from(self.sender.clone())
            .subject(email.subject.clone())
            .message_id(None)
            .header(ContentType::TEXT_PLAIN);
        for address in &email.to {
            builder = builder.to(mailbox("alerts.emails", address)?);
        }
        let message = builder
            .body(email.body.clone())
            .map_err(|e| MailError::Build(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map_err(|e| smtp_error(&self.server, &e, self.password.as_deref()))?;
        tracing::info!(subject = %email.subject, recipients = email.to.len(), "alert e-mail sent");
        Ok(())
    }

    /// Sends the test e-mail to the alert addresses of `settings`; returns what was sent.
    pub async fn send_test_email(&self, settings: &Settings) -> Result<AlertEmail, MailError> {
        let email = compose_test_email(settings);
        self.send(&email).await?;
        Ok(email)
    }
}

fn mailbox(field: &'static str, address: &str) -> Result<Mailbox, MailError> {
    let bad = || MailError::BadAddress {
        field,
        address: address.to_owned(),
    };
    if !is_valid_email(address) {
        return Err(bad());
    }
    address.parse().map_err(|_| bad())
}

/// The typed error for a `lettre` failure, with the password (if any) blanked out of the text.
fn smtp_error(
    server: &str,
    error: &lettre::transport::smtp::Error,
    password: Option<&str>,
) -> MailError {
    let mut message = error.to_string();
    if let Some(password) = password.filter(|p| !p.is_empty()) {
        message = message.replace(password, "<redacted>");
    }
    // 4xx replies and time-outs pass; so do network and connection failures (the kinds lettre
    // does not name) and cut-off replies (a connection dropped mid-conversation is reported as
    // an incomplete response). 5xx replies, client and TLS errors need a person.
    let transient = error.is_transient()
        || error.is_timeout()
        || error.is_response()
        || !(error.is_permanent() || error.is_client() || error.is_tls());
    MailError::Smtp {
        server: server.to_owned(),
        message,
        transient,
    }
}
