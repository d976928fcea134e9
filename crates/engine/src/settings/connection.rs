//! Non-secret connection settings (Pressero, Pace, SMTP) and polling settings. Passwords are not
//! here: they live in the OS keyring.

use serde::{Deserialize, Serialize};

/// How to reach the Pressero Admin API (the password is in the keyring).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PresseroConnection {
    /// The Pressero admin URL, e.g. `https://admin.chiliadmin.net`.
    pub admin_url: String,
    /// The admin user name.
    pub user_name: String,
    /// The subscriber id.
    pub subscriber_id: String,
    /// The consumer id.
    pub consumer_id: String,
}

/// How to reach Pace's SOAP API (the password is in the keyring).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PaceConnection {
    /// "EFI Pace URL": the root of the Pace server, e.g. `https://pace.example.com`.
    pub url: String,
    /// "Login": the Pace system user allowed to use the API.
    pub login: String,
    /// The company on a multi-company Pace server, if any.
    pub company: Option<String>,
}

/// Transport security of the SMTP connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain connection (only for a relay inside the shop).
    None,
    /// Plain connection upgraded with STARTTLS (port 587). The default.
    #[default]
    StartTls,
    /// TLS from the start (port 465).
    Tls,
}

/// Outgoing mail for alerts (the password is in the keyring).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpSettings {
    /// Mail server host name; blank = no alert e-mails.
    pub host: String,
    /// Mail server port.
    pub port: u16,
    /// Transport security.
    pub security: SmtpSecurity,
    /// User name for SMTP authentication; blank = none.
    pub user: String,
    /// The sender address of alert e-mails.
    pub from: String,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: 587,
            security: SmtpSecurity::StartTls,
            user: String::new(),
            from: String::new(),
        }
    }
}

/// How Pressero is polled for new and approved orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PollingSettings {
    /// Seconds between two polls.
    pub interval_seconds: u64,
    /// Seconds each search window reaches back before the previous one, so that no order placed
    /// around a poll is missed.
    pub window_overlap_seconds: u64,
    /// How many orders are synced at the same time.
    pub concurrency: u32,
}

impl Default for PollingSettings {
    fn default() -> Self {
        Self {
            interval_seconds: 60,
            window_overlap_seconds: 600,
            concurrency: 4,
        }
    }
}
