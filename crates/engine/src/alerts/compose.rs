//! The alert e-mails: one per incident, the daily digest, and the test e-mail, as plain text in a
//! shop manager's words. Composing is pure; [`super::Mailer`] sends.

use super::Incident;
use crate::settings::{Settings, SmtpSecurity, is_valid_email};
use chrono::{DateTime, Utc};
use std::fmt::Write as _;

/// What every subject starts with, so that mail rules can sort alerts.
const SUBJECT_PREFIX: &str = "Pressero → Pace";
/// The signature under every e-mail.
const SIGNATURE: &str = "-- \nPressero → Pace Sync";

/// An e-mail ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertEmail {
    /// The recipients (the valid alert addresses of the settings).
    pub to: Vec<String>,
    /// The subject.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

/// The valid addresses of the "Alert emails" setting (invalid ones are left out and logged;
/// settings validation reports them).
pub fn recipients(settings: &Settings) -> Vec<String> {
    settings
        .alert_emails()
        .into_iter()
        .filter(|address| {
            let valid = is_valid_email(address);
            if !valid {
                tracing::warn!(
                    address,
                    "alert e-mail address left out: not an e-mail address"
                );
            }
            valid
        })
        .map(str::to_owned)
        .collect()
}

/// The e-mail for one incident: the subject names the order and the storefront, the body says
/// what went wrong and what to do.
pub fn compose(incident: &Incident, settings: &Settings) -> AlertEmail {
    let mut body =
        String::from("Hello,\n\nPressero → Pace Sync needs you to look at something.\n\n");
    write_heading(&mut body, incident);
    write_explanation(&mut body, incident);
    body.push_str(
        "\nYou get one e-mail per problem, however often the sync meets it, until it is fixed.\n\n",
    );
    body.push_str(SIGNATURE);
    body.push('\n');
    AlertEmail {
        to: recipients(settings),
        subject: format!("{SUBJECT_PREFIX}: {}", incident.summary()),
        body,
    }
}

/// One e-mail listing the incidents held since the last digest (`since`, if there was one).
pub fn compose_digest(
    incidents: &[Incident],
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    settings: &Settings,
) -> AlertEmail {
    let count = incidents.len();
    let problems = if count == 1 { "problem" } else { "problems" };
    let mut body = String::from("Hello,\n\n");
    let _ = match since {
        Some(since) => writeln!(
            body,
            "Pressero → Pace Sync met {count} new {problems} between {} and {} UTC:",
            since.format("%Y-%m-%d %H:%M"),
            now.format("%Y-%m-%d %H:%M")
        ),
        None => writeln!(
            body,
            "Pressero → Pace Sync met {count} new {problems} up to {} UTC:",
            now.format("%Y-%m-%d %H:%M")
        ),
    };
    for (index, incident) in incidents.iter().enumerate() {
        let _ = writeln!(body, "\n{}. {}", index + 1, incident.summary());
        write_explanation(&mut body, incident);
    }
    body.push_str(
        "\nThis is the daily digest: each problem is listed once. Turn the digest off in Settings → Alerts to get one e-mail per problem as it happens.\n\n",
    );
    body.push_str(SIGNATURE);
    body.push('\n');
    AlertEmail {
        to: recipients(settings),
        subject: format!(
            "{SUBJECT_PREFIX}: daily digest for {}: {count} {problems}",
            now.format("%Y-%m-%d")
        ),
        body,
    }
}

/// The test e-mail sent from Settings to check the mail settings.
pub fn compose_test_email(settings: &Settings) -> AlertEmail {
    let to = recipients(settings);
    let smtp = &settings.smtp;
    let security = match smtp.security {
        SmtpSecurity::None => "no encryption",
        SmtpSecurity::StartTls => "STARTTLS",
        SmtpSecurity::Tls => "TLS",
    };
    let mut body = String::from("Hello,\n\nThis is a test e-mail from Pressero → Pace Sync.\n\n");
    let _ = writeln!(
        body,
        "It went through the mail server {}:{} ({security}) from {}. Alert e-mails go to: {}.",
        smtp.host.trim(),
        smtp.port,
        smtp.from.trim(),
        to.join(", ")
    );
    let mode = if settings.alerts.daily_digest {
        format!(
            "once a day, at {}:00, in a digest",
            settings.alerts.digest_hour
        )
    } else {
        "as soon as a problem happens, one e-mail per problem".to_owned()
    };
    let _ = writeln!(
        body,
        "\nAlerts are sent {mode}. Nothing needs to be done about this e-mail.\n"
    );
    body.push_str(SIGNATURE);
    body.push('\n');
    AlertEmail {
        to,
        subject: format!("{SUBJECT_PREFIX}: test e-mail"),
        body,
    }
}

/// The order, storefront and problem, one labelled line each.
fn write_heading(body: &mut String, incident: &Incident) {
    if let Some(order) = incident.order_number {
        let _ = writeln!(body, "Order:       {order}");
    }
    let _ = writeln!(body, "Storefront:  {}", incident.storefront);
    let _ = writeln!(body, "Problem:     {}", incident.title());
}

/// What went wrong and what to do, as labelled paragraphs.
fn write_explanation(body: &mut String, incident: &Incident) {
    let _ = writeln!(body, "\nWhat went wrong:\n{}", incident.what_went_wrong);
    let _ = writeln!(body, "\nWhat to do:\n{}", incident.what_to_do);
}
