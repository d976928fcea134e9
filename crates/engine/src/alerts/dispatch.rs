//! The alert dispatcher: takes incidents as the sync meets them, tells staff once per incident
//! (an e-mail now, or a line in the daily digest), and says what it did so that the service can
//! raise a desktop notification for every new incident.
//!
//! The incident is recorded in the [`IncidentLog`] before its e-mail is sent and marked reported
//! after (e-mailed, held for the digest, no recipients, or a permanent mail failure), so a process
//! stopped in between sends it when it meets the incident again (the next process replays the
//! event): at least one e-mail, and one unless the stop fell between sending and marking.

use super::compose::{AlertEmail, compose, compose_digest, recipients};
use super::{Incident, IncidentLog, MailError, Mailer};
use crate::settings::Settings;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock};

/// What became of an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispatch {
    /// The incident.
    pub incident: Incident,
    /// Whether it is new (not reported before and unresolved): raise a desktop notification.
    pub new: bool,
    /// What happened about the e-mail.
    pub email: EmailOutcome,
}

/// What happened about an incident's e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailOutcome {
    /// Reported before and not resolved since: no e-mail.
    AlreadyReported,
    /// Sent now.
    Sent(AlertEmail),
    /// Kept for the daily digest.
    HeldForDigest,
    /// No alert address is set: no e-mail, and that is fine.
    NoRecipients,
    /// Sending failed. After a transient failure the incident is forgotten, so it is reported
    /// (and e-mailed) again the next time it happens; after a permanent one (mail settings) it
    /// is marked reported, so a broken mail setting does not repeat the desktop notification.
    Failed(MailError),
}

/// What [`AlertDispatcher::send_digest`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestOutcome {
    /// No incident since the last digest: nothing sent.
    Nothing,
    /// No alert address is set: the held incidents were dropped.
    NoRecipients,
    /// The digest was sent.
    Sent(AlertEmail),
}

/// The mail side of the settings, swapped as a whole when the settings change.
struct MailSetup {
    settings: Settings,
    mailer: Result<Mailer, MailError>,
}

/// Incidents held for the next digest.
#[derive(Default)]
struct DigestQueue {
    held: Vec<Incident>,
    last_sent: Option<DateTime<Utc>>,
}

/// Turns incidents into alert e-mails, once per incident.
pub struct AlertDispatcher<L> {
    log: L,
    setup: RwLock<MailSetup>,
    digest: Mutex<DigestQueue>,
    /// Keys whose alert this dispatcher is delivering now: met again meanwhile (by another
    /// task), they are already reported.
    delivering: Mutex<BTreeSet<String>>,
}

/// Takes a key out of [`AlertDispatcher::delivering`] when its delivery ends (or is dropped).
struct Delivering<'a> {
    keys: &'a Mutex<BTreeSet<String>>,
    key: String,
}

impl Drop for Delivering<'_> {
    fn drop(&mut self) {
        self.keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.key);
    }
}

impl<L: IncidentLog> AlertDispatcher<L> {
    /// A dispatcher recording incidents in `log`, mailing with `settings` (alert addresses,
    /// digest, SMTP) and the SMTP password from the keyring. Unusable mail settings are reported
    /// when an e-mail is due, not here.
    pub fn new(log: L, settings: &Settings, smtp_password: Option<String>) -> Self {
        Self {
            log,
            setup: RwLock::new(mail_setup(settings, smtp_password)),
            digest: Mutex::new(DigestQueue::default()),
            delivering: Mutex::new(BTreeSet::new()),
        }
    }

    /// Takes new settings (and password) after they were saved.
    pub fn reconfigure(&self, settings: &Settings, smtp_password: Option<String>) {
        *self.setup.write().unwrap_or_else(PoisonError::into_inner) =
            mail_setup(settings, smtp_password);
    }

    /// Reports `incident` unless it was already reported and not resolved since (an incident
    /// recorded but never reported, by a process stopped before its e-mail, is reported now).
    pub async fn dispatch(&self, incident: Incident) -> Dispatch {
        let summary = incident.summary();
        let delivering = {
            let mut keys = self
                .delivering
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            // Every occurrence is recorded, also while another task delivers the same key.
            let to_report = self
                .log
                .to_report(&incident.key, incident.order_number, &summary);
            (to_report && keys.insert(incident.key.clone())).then(|| Delivering {
                keys: &self.delivering,
                key: incident.key.clone(),
            })
        };
        let Some(_delivering) = delivering else {
            return Dispatch {
                incident,
                new: false,
                email: EmailOutcome::AlreadyReported,
            };
        };
        tracing::info!(key = %incident.key, %summary, "new incident");
        let (settings, mailer) = self.current();
        let email = if recipients(&settings).is_empty() {
            EmailOutcome::NoRecipients
        } else if settings.alerts.daily_digest {
            self.queue().held.push(incident.clone());
            EmailOutcome::HeldForDigest
        } else {
            let email = compose(&incident, &settings);
            match send(mailer, &email).await {
                Ok(()) => EmailOutcome::Sent(email),
                Err(error) => {
                    tracing::warn!(key = %incident.key, %error, "alert e-mail not sent");
                    EmailOutcome::Failed(error)
                }
            }
        };
        match &email {
            EmailOutcome::Failed(error) if error.is_transient() => {
                self.log.resolve(&incident.key);
            }
            _ => self.log.reported(&incident.key),
        }
        Dispatch {
            incident,
            new: true,
            email,
        }
    }

    /// Marks the incident `key` resolved: it is reported again if it happens again.
    pub fn resolve(&self, key: &str) {
        self.log.resolve(key);
    }

    /// Resolves every per-order incident of `order_number` (after it synced or was pushed).
    pub fn resolve_order(&self, order_number: u64) {
        for key in Incident::order_keys(order_number) {
            self.log.resolve(&key);
        }
    }

    /// The incidents held for the next digest.
    pub fn held_for_digest(&self) -> Vec<Incident> {
        self.queue().held.clone()
    }

    /// Sends one e-mail listing the incidents held since the last digest. On failure they stay
    /// held for the next try.
    pub async fn send_digest(&self, now: DateTime<Utc>) -> Result<DigestOutcome, MailError> {
        let (held, since) = {
            let mut queue = self.queue();
            (std::mem::take(&mut queue.held), queue.last_sent)
        };
        if held.is_empty() {
            return Ok(DigestOutcome::Nothing);
        }
        let (settings, mailer) = self.current();
        if recipients(&settings).is_empty() {
            self.queue().last_sent = Some(now);
            return Ok(DigestOutcome::NoRecipients);
        }
        let email = compose_digest(&held, since, now, &settings);
        match send(mailer, &email).await {
            Ok(()) => {
                self.queue().last_sent = Some(now);
                Ok(DigestOutcome::Sent(email))
            }
            Err(error) => {
                let mut queue = self.queue();
                let newer = std::mem::replace(&mut queue.held, held);
                queue.held.extend(newer);
                Err(error)
            }
        }
    }

    /// Sends the test e-mail with the current settings; returns what was sent.
    pub async fn send_test_email(&self) -> Result<AlertEmail, MailError> {
        let (settings, mailer) = self.current();
        mailer?.send_test_email(&settings).await
    }

    /// A copy of the current settings and mailer (no lock is held across a send).
    fn current(&self) -> (Settings, Result<Mailer, MailError>) {
        let setup = self.setup.read().unwrap_or_else(PoisonError::into_inner);
        (setup.settings.clone(), setup.mailer.clone())
    }

    fn queue(&self) -> MutexGuard<'_, DigestQueue> {
        self.digest.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn mail_setup(settings: &Settings, smtp_password: Option<String>) -> MailSetup {
    MailSetup {
        settings: settings.clone(),
        mailer: Mailer::new(&settings.smtp, smtp_password),
    }
}

async fn send(mailer: Result<Mailer, MailError>, email: &AlertEmail) -> Result<(), MailError> {
    mailer?.send(email).await
}

/// When the next daily digest is due after `after`: the next `hour`:00 in `after`'s time zone
/// (a day whose `hour`:00 does not exist, at a clock change, is skipped).
pub fn next_digest_time<Tz: TimeZone>(hour: u8, after: &DateTime<Tz>) -> DateTime<Tz> {
    let time = NaiveTime::from_hms_opt(u32::from(hour.min(23)), 0, 0).unwrap_or(NaiveTime::MIN);
    let zone = after.timezone();
    let mut day = after.date_naive();
    for _ in 0..4 {
        if let Some(at) = zone.from_local_datetime(&day.and_time(time)).earliest()
            && at > *after
        {
            return at;
        }
        day = day.succ_opt().unwrap_or(day);
    }
    after.clone() + Duration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    #[test]
    fn next_digest_is_today_at_the_hour_or_tomorrow() {
        let zone = FixedOffset::west_opt(5 * 3600).unwrap();
        let morning = zone.with_ymd_and_hms(2026, 11, 22, 6, 30, 0).unwrap();
        assert_eq!(
            next_digest_time(7, &morning),
            zone.with_ymd_and_hms(2026, 11, 22, 7, 0, 0).unwrap()
        );
        let at_seven = zone.with_ymd_and_hms(2026, 11, 22, 7, 0, 0).unwrap();
        assert_eq!(
            next_digest_time(7, &at_seven),
            zone.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).unwrap()
        );
        let evening = zone.with_ymd_and_hms(2026, 12, 31, 20, 0, 0).unwrap();
        assert_eq!(
            next_digest_time(7, &evening),
            zone.with_ymd_and_hms(2027, 1, 1, 7, 0, 0).unwrap()
        );
    }
}
