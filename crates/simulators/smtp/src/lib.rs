//! A small SMTP server for tests and the demo: it listens on 127.0.0.1, speaks enough of RFC 5321
//! for `lettre` (greeting, EHLO/HELO, AUTH PLAIN and LOGIN, MAIL FROM, RCPT TO, DATA with
//! dot-unstuffing, RSET, NOOP, QUIT) and keeps every message it accepts.
//!
//! ```no_run
//! # async fn demo() {
//! use smtp_simulator::{SmtpConfig, SmtpSimulator};
//! let smtp = SmtpSimulator::start(SmtpConfig::default()).await.unwrap();
//! // … point the mailer at smtp.addr() with security "none" …
//! let messages = smtp.wait_for_messages(1, std::time::Duration::from_secs(5)).await.unwrap();
//! println!("{:?} {:?}", messages[0].subject(), messages[0].text_body());
//! # }
//! ```
//!
//! There is **no TLS** (no STARTTLS is advertised): tests use SMTP security "none". Fault modes
//! ([`Faults`]) make the server reject recipients (550), fail DATA temporarily (451) or drop the
//! connection, and can be changed while it runs. The server stops when [`RunningSmtp`] is dropped.

mod message;
mod session;

pub use message::ReceivedMessage;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};

/// The user name and password the server accepts in AUTH.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpCredentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for SmtpCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpCredentials")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// Misbehaviour on purpose, for tests of error handling.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    /// Recipients answered with `550` (compared case-insensitively).
    pub rejected_recipients: Vec<String>,
    /// Answer DATA with `451` (a temporary failure).
    pub temporary_failure_on_data: bool,
    /// Close the connection without a word when DATA arrives.
    pub drop_connection_on_data: bool,
}

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The name the server gives in its greeting and EHLO reply.
    pub hostname: String,
    /// When set, AUTH is required before MAIL FROM and only these credentials are accepted.
    pub credentials: Option<SmtpCredentials>,
    /// Fault modes at start (see [`RunningSmtp::set_faults`]).
    pub faults: Faults,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            port: 0,
            hostname: "smtp.simulator.test".to_owned(),
            credentials: None,
            faults: Faults::default(),
        }
    }
}

/// The server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Binding 127.0.0.1 failed.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// The OS error.
        source: std::io::Error,
    },
}

/// Fewer messages arrived than awaited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("waited for {expected} message(s), {received} arrived")]
pub struct WaitTimeout {
    /// How many were awaited.
    pub expected: usize,
    /// How many had arrived when the time was up.
    pub received: usize,
}

/// What the server shares with its connections.
#[derive(Debug)]
pub(crate) struct Mailbox {
    pub(crate) hostname: String,
    pub(crate) credentials: Option<SmtpCredentials>,
    faults: Mutex<Faults>,
    messages: Mutex<Vec<ReceivedMessage>>,
    arrived: Notify,
}

/// Locks a mutex even if a panicking test thread poisoned it (the data stays usable).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Mailbox {
    pub(crate) fn faults(&self) -> Faults {
        lock(&self.faults).clone()
    }

    pub(crate) fn deliver(&self, message: ReceivedMessage) {
        lock(&self.messages).push(message);
        self.arrived.notify_waiters();
    }
}

/// Starts SMTP simulators.
pub struct SmtpSimulator;

impl SmtpSimulator {
    /// Starts a server on 127.0.0.1 with `config`.
    pub async fn start(config: SmtpConfig) -> Result<RunningSmtp, StartError> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|source| StartError::Bind {
                port: config.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            port: config.port,
            source,
        })?;
        let mailbox = Arc::new(Mailbox {
            hostname: config.hostname,
            credentials: config.credentials,
            faults: Mutex::new(config.faults),
            messages: Mutex::new(Vec::new()),
            arrived: Notify::new(),
        });
        let accepting = tokio::spawn(accept(listener, Arc::clone(&mailbox)));
        tracing::debug!(%addr, "SMTP simulator listening");
        Ok(RunningSmtp {
            addr,
            mailbox,
            accepting,
        })
    }
}

/// Accepts connections until aborted; aborting drops the set, which ends every session.
async fn accept(listener: TcpListener, mailbox: Arc<Mailbox>) {
    let mut sessions = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    sessions.spawn(session::serve(stream, peer, Arc::clone(&mailbox)));
                }
                Err(error) => tracing::warn!(%error, "SMTP simulator accept failed"),
            },
            Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
        }
    }
}

/// A running server; it stops when dropped.
#[derive(Debug)]
pub struct RunningSmtp {
    addr: SocketAddr,
    mailbox: Arc<Mailbox>,
    accepting: JoinHandle<()>,
}

impl RunningSmtp {
    /// The address it listens on (127.0.0.1 and the port).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every message accepted so far, oldest first.
    pub fn messages(&self) -> Vec<ReceivedMessage> {
        lock(&self.mailbox.messages).clone()
    }

    /// Replaces the fault modes (for connections' next commands).
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.mailbox.faults) = faults;
    }

    /// Waits until at least `count` messages have arrived (returns them all) or `timeout` passes.
    pub async fn wait_for_messages(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<ReceivedMessage>, WaitTimeout> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.mailbox.arrived.notified();
            tokio::pin!(arrived);
            // Registered before looking, so a delivery between the look and the wait is not lost.
            arrived.as_mut().enable();
            let messages = self.messages();
            if messages.len() >= count {
                return Ok(messages);
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return Err(WaitTimeout {
                    expected: count,
                    received: self.messages().len(),
                });
            }
        }
    }
}

impl Drop for RunningSmtp {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

#[cfg(test)]
mod tests;
