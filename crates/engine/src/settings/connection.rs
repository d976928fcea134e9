//! Non-secret connection settings (Pressero, Pace, SMTP) and polling settings. Passwords are not
//! here: they live in the OS keyring.

use serde::{Deserialize, Serialize};

/// How to reach the Pressero Admin API (the password is in the keyring).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PaceConnection {
    /// "EFI Pace URL": the root of the Pace server, e.g. `https://pace.example.com`.
    pub url: String,
    /// "Login": the Pace system user allowed to use the API.
    pub login: String,
    /// The company on a multi-company Pace server, if any.
    pub company: Option<String>,
    /// The address of a job in Pace's web UI, with `{job}` where the job number goes, e.g.
    /// `https://pace.example.com/epace/company:public/object/Job/detailView/{job}` (copy it from
    /// your browser with a job open). The app then links each order to its jobs; blank = no link.
    pub job_link: String,
    /// Seconds one Pace call may take before the product stops waiting for its answer. After a
    /// write that was not answered (a timeout, a lost connection, the program stopped), the
    /// product waits until twice this time has passed since the write was sent before it looks
    /// in Pace for what the write made, so a write Pace was still working on is never sent a
    /// second time.
    pub request_timeout_seconds: u64,
}

impl Default for PaceConnection {
    fn default() -> Self {
        PaceConnection {
            url: String::new(),
            login: String::new(),
            company: None,
            job_link: String::new(),
            request_timeout_seconds: 60,
        }
    }
}

impl PaceConnection {
    /// How long one Pace call may take ([`PaceConnection::request_timeout_seconds`]).
    pub fn request_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.request_timeout_seconds)
    }

    /// The web address of Pace job `job` from [`PaceConnection::job_link`], if one is set.
    pub fn job_url(&self, job: &str) -> Option<String> {
        let template = self.job_link.trim();
        (!template.is_empty() && template.contains("{job}")).then(|| template.replace("{job}", job))
    }
}

/// Transport security of the SMTP connection.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PollingSettings {
    /// Seconds between two polls.
    pub interval_seconds: u64,
    /// Seconds each search window reaches back before the previous one, so that no order placed
    /// around a poll is missed.
    pub window_overlap_seconds: u64,
    /// How many orders are synced at the same time.
    pub concurrency: u32,
    /// Hours the very first poll (no high-water mark yet) reaches back, unless a backfill date
    /// is given.
    pub first_poll_lookback_hours: u64,
    /// Days an order waiting for approval is watched for approvals after it was placed (its
    /// order date has long left the polling window by then); older waiting orders are left
    /// alone until a backfill or a push.
    pub approval_watch_days: u64,
    /// Days a synced order is watched for changes in Pressero after it was placed (an item
    /// denied or added, a quantity, ship-to or price edited, the order cancelled): such an
    /// order is shown as "Changed after sync" with what changed, and an alert is sent; nothing
    /// in Pace is changed on its own. Orders placed within the polling window are always
    /// compared; older ones cost one wider search of Pressero's orders per poll over these
    /// days. 0 compares only the orders in the polling window.
    pub change_watch_days: u64,
    /// Seconds before the first retry of an order that failed for a passing reason (network,
    /// timeout, HTTP 5xx); each further retry waits twice as long, with jitter.
    pub retry_first_delay_seconds: u64,
    /// The longest wait between two retries, in seconds (the cap of the doubling).
    pub retry_max_delay_seconds: u64,
    /// Hours after an order's first failed attempt when retrying stops: the order then needs
    /// attention and an alert is raised.
    pub retry_give_up_hours: u64,
}

impl Default for PollingSettings {
    fn default() -> Self {
        Self {
            interval_seconds: 60,
            window_overlap_seconds: 600,
            concurrency: 4,
            first_poll_lookback_hours: 72,
            approval_watch_days: 30,
            change_watch_days: 14,
            retry_first_delay_seconds: 30,
            retry_max_delay_seconds: 30 * 60,
            retry_give_up_hours: 24,
        }
    }
}
