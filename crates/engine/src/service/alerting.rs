//! Alerts from what the sync does: the service reads the event log and turns each order that
//! needs attention, keeps failing, or changed in Pressero after sync (one incident per change),
//! into an incident for the [`AlertDispatcher`] (one e-mail
//! per incident), resolving an order's incidents when it is synced. An order stopped by a plan
//! error gets that error's own incident (customer not identified, contacts of several customers,
//! contact missing), found in its last sync attempt; the plan alerts of a synced order (an
//! ignored customer id, a part without material) become incidents too, and so does each field
//! Pace ignored (a `pace_ignored` event; one incident per object type and field). Each new incident is also
//! an [`ALERT`] event, which the desktop app shows as a notification. Status sync problems
//! become incidents the same way.

use crate::alerts::{AlertDispatcher, EmailOutcome, Incident};
use crate::apply::IgnoredField;
use crate::events::EventBus;
use crate::plan::{PlanAlert, PlanError};
use crate::settings::Settings;
use crate::status_sync::StatusProblem;
use crate::store::{
    Event, EventId, NewEvent, OrderError, OrderState, STATE_CHANGED, Store, StoreError,
};
use crate::worker::{PACE_IGNORED, SYNC_ATTEMPT};
use serde_json::json;
use std::sync::{Mutex, PoisonError};

/// Event kind of a new incident (a desktop notification).
pub const ALERT: &str = "alert";

/// How an [`ALERT`] event's `email` detail begins when the e-mail could not be sent.
pub const ALERT_EMAIL_FAILED: &str = "the alert e-mail could not be sent";

/// The service value holding the id of the last event the alerts looked at.
const ALERTS_SEEN: &str = "alerts_seen_event";

/// Watches the event log and dispatches incidents.
pub(crate) struct Alerting {
    dispatcher: AlertDispatcher<Store>,
    events: EventBus,
    failing_attempts: u32,
    /// The last event looked at.
    seen: Mutex<EventId>,
}

impl std::fmt::Debug for Alerting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Alerting").finish_non_exhaustive()
    }
}

impl Alerting {
    /// Alerts for the events logged since the last process looked (from now on, for a database
    /// that never had one), mailed with `settings` and the SMTP password.
    pub fn new(
        events: EventBus,
        settings: &Settings,
        smtp_password: Option<String>,
    ) -> Result<Self, StoreError> {
        let store = events.store().clone();
        // Where the last process stopped looking: an incident whose state change was stored
        // just before a crash is raised by the next process (the event log is the outbox: the
        // store writes a state change and its event in one transaction). A database that never
        // had a process alert from it starts at its newest event, so history is not re-alerted.
        let last = match store
            .setting_value(ALERTS_SEEN)?
            .and_then(|text| text.parse::<i64>().ok())
        {
            Some(id) => EventId(id),
            None => {
                let newest = store
                    .recent_events(1)?
                    .first()
                    .map_or(EventId(0), |event| event.id);
                store.set_setting_value(ALERTS_SEEN, &newest.0.to_string())?;
                newest
            }
        };
        Ok(Alerting {
            dispatcher: AlertDispatcher::new(store, settings, smtp_password),
            events,
            failing_attempts: settings.alerts.failing_attempts_before_alert.max(1),
            seen: Mutex::new(last),
        })
    }

    /// Dispatches the incidents of every state change logged since the last call.
    pub async fn catch_up(&self) -> Result<(), StoreError> {
        let events = {
            let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
            let events = self.events.store().events_after(*seen)?;
            if let Some(last) = events.last() {
                *seen = last.id;
            }
            events
        };
        for event in &events {
            let incidents = match event.kind.as_str() {
                STATE_CHANGED => self.incident_of(event)?.into_iter().collect(),
                SYNC_ATTEMPT => self.plan_alerts_of(event)?,
                PACE_IGNORED => self.ignored_of(event)?.into_iter().collect(),
                _ => Vec::new(),
            };
            for incident in incidents {
                self.dispatch(incident).await?;
            }
            // Only once its incidents are dispatched (a crash in between dispatches them again;
            // the dispatcher reports an open incident once).
            self.events
                .store()
                .set_setting_value(ALERTS_SEEN, &event.id.0.to_string())?;
        }
        Ok(())
    }

    /// The incidents of the plan alerts a sync attempt recorded (an ignored customer id, a part
    /// without material).
    fn plan_alerts_of(&self, event: &Event) -> Result<Vec<Incident>, StoreError> {
        let Some(order) = event.order else {
            return Ok(Vec::new());
        };
        let alerts: Vec<PlanAlert> = event
            .detail
            .get("alerts")
            .and_then(|alerts| serde_json::from_value(alerts.clone()).ok())
            .unwrap_or_default();
        if alerts.is_empty() {
            return Ok(Vec::new());
        }
        let storefront = self.storefront(order)?;
        Ok(alerts
            .iter()
            .map(|alert| Incident::from_plan_alert(order, &storefront, alert))
            .collect())
    }

    /// The incident of a field Pace ignored (one per object type and field: the dispatcher
    /// reports a key once while it is open).
    fn ignored_of(&self, event: &Event) -> Result<Option<Incident>, StoreError> {
        let (Some(order), Ok(ignored)) = (
            event.order,
            serde_json::from_value::<IgnoredField>(event.detail.clone()),
        ) else {
            return Ok(None);
        };
        let storefront = self.storefront(order)?;
        Ok(Some(Incident::pace_ignored(order, &storefront, &ignored)))
    }

    /// The typed incident of the plan error that stopped the attempt leading to the state
    /// change `event` (the order's last sync attempt before it), if that was a plan error.
    fn plan_error_incident(
        &self,
        order: u64,
        event: &Event,
        storefront: &str,
    ) -> Result<Option<Incident>, StoreError> {
        let attempts = self.events.store().events_for(order)?;
        let plan_error = attempts
            .iter()
            .rev()
            .filter(|earlier| earlier.id < event.id)
            .find(|earlier| earlier.kind == SYNC_ATTEMPT)
            .and_then(|attempt| attempt.detail.get("plan_error"))
            .and_then(|error| serde_json::from_value::<PlanError>(error.clone()).ok());
        Ok(plan_error.and_then(|error| Incident::from_plan_error(order, storefront, &error)))
    }

    /// The storefront of `order` (empty when the order is not stored).
    fn storefront(&self, order: u64) -> Result<String, StoreError> {
        Ok(self
            .events
            .store()
            .order(order)?
            .map(|record| record.row.site_name)
            .unwrap_or_default())
    }

    /// Dispatches the problems a status sync cycle met.
    pub async fn status_problems(&self, problems: &[StatusProblem]) -> Result<(), StoreError> {
        for problem in problems {
            let storefront = self.storefront(problem.order)?;
            self.dispatch(Incident::from_status_problem(&storefront, problem))
                .await?;
        }
        Ok(())
    }

    /// The incident a state change raises, if any; a synced order's incidents are resolved.
    fn incident_of(&self, event: &Event) -> Result<Option<Incident>, StoreError> {
        let Some(order) = event.order else {
            return Ok(None);
        };
        let to = event.detail.get("to").and_then(|to| to.as_str());
        if to == Some(OrderState::Synced.as_str()) || to == Some(OrderState::Skipped.as_str()) {
            for key in Incident::order_keys(order) {
                self.dispatcher.resolve(&key);
            }
            return Ok(None);
        }
        if to == Some(OrderState::ChangedAfterSync.as_str()) {
            let Some(change) = event
                .detail
                .get("change")
                .and_then(|change| change.as_str())
            else {
                return Ok(None);
            };
            // One alert per change: an earlier change of the order (still open) gives way.
            let incident = Incident::changed_after_sync(order, &self.storefront(order)?, change);
            self.dispatcher.resolve(&incident.key);
            return Ok(Some(incident));
        }
        let Some(error) = event
            .detail
            .get("error")
            .and_then(|error| serde_json::from_value::<OrderError>(error.clone()).ok())
        else {
            return Ok(None);
        };
        let Some(record) = self.events.store().order(order)? else {
            return Ok(None);
        };
        let storefront = &record.row.site_name;
        if to == Some(OrderState::NeedsAttention.as_str()) {
            if let Some(incident) = self.plan_error_incident(order, event, storefront)? {
                return Ok(Some(incident));
            }
            return Ok(Some(Incident::needs_attention(
                order,
                storefront,
                &error.message,
                &error.hint,
            )));
        }
        let attempts = record.row.attempts;
        if to == Some(OrderState::Retrying.as_str()) && attempts >= self.failing_attempts {
            let since = record.row.first_attempt_at.unwrap_or(event.at);
            return Ok(Some(Incident::keeps_failing(
                order,
                storefront,
                &error.message,
                since,
                attempts,
            )));
        }
        Ok(None)
    }

    /// Hands `incident` to the dispatcher; a new one is also an [`ALERT`] event.
    async fn dispatch(&self, incident: Incident) -> Result<(), StoreError> {
        let dispatch = self.dispatcher.dispatch(incident).await;
        if !dispatch.new {
            return Ok(());
        }
        let email = match &dispatch.email {
            EmailOutcome::Sent(_) => "e-mailed".to_owned(),
            EmailOutcome::HeldForDigest => "kept for the daily digest".to_owned(),
            EmailOutcome::NoRecipients => "no alert e-mail address is set".to_owned(),
            EmailOutcome::Failed(error) => format!("{ALERT_EMAIL_FAILED}: {error}"),
            EmailOutcome::AlreadyReported => "already reported".to_owned(),
        };
        let incident = &dispatch.incident;
        self.events.record(NewEvent {
            order: incident.order_number,
            kind: ALERT.into(),
            message: incident.summary(),
            detail: json!({
                "key": incident.key,
                "title": incident.title(),
                "what_went_wrong": incident.what_went_wrong,
                "what_to_do": incident.what_to_do,
                "email": email,
            }),
        })?;
        Ok(())
    }

    /// Sends the test e-mail to the alert addresses with the current mail settings.
    pub async fn send_test_email(
        &self,
    ) -> Result<crate::alerts::AlertEmail, crate::alerts::MailError> {
        self.dispatcher.send_test_email().await
    }

    /// Sends the daily digest when it is due (the dispatcher knows the hour and what is held).
    pub async fn send_digest(&self, now: chrono::DateTime<chrono::Utc>) {
        if let Err(error) = self.dispatcher.send_digest(now).await {
            tracing::warn!(%error, "the daily digest could not be sent");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Transition;
    use crate::test_support::{at, store_with_orders};

    fn alerts(store: &Store, order: u64) -> Vec<String> {
        store
            .events_for(order)
            .unwrap()
            .into_iter()
            .filter(|event| event.kind == ALERT)
            .map(|event| event.message)
            .collect()
    }

    #[tokio::test]
    async fn each_change_after_sync_is_one_alert_and_acknowledging_resolves_it() {
        let (_dir, store) = store_with_orders(&[7]);
        let events = EventBus::new(store.clone()).unwrap();
        let alerting = Alerting::new(events.clone(), &Settings::default(), None).unwrap();
        events.change_state(7, Transition::Ready).unwrap();
        assert!(events.claim(7, at(1)).unwrap());
        events
            .change_state(
                7,
                Transition::Synced {
                    pace_jobs: vec!["J1".into()],
                },
            )
            .unwrap();
        let change = |text: &str| Transition::ChangedAfterSync {
            change: text.into(),
        };
        events.change_state(7, change("item 1 denied")).unwrap();
        alerting.catch_up().await.unwrap();
        alerting.catch_up().await.unwrap();
        assert_eq!(
            alerts(&store, 7),
            ["Order 7 (Acme): the order changed in Pressero after sync"]
        );
        // A further, different change is told again, once.
        events
            .change_state(7, change("item 1 denied; item 2 quantity 5 → 6"))
            .unwrap();
        alerting.catch_up().await.unwrap();
        assert_eq!(alerts(&store, 7).len(), 2);
        assert_eq!(store.open_incidents().unwrap().len(), 1);

        assert!(events.acknowledge_change(7).unwrap().is_some());
        alerting.catch_up().await.unwrap();
        assert!(store.open_incidents().unwrap().is_empty(), "resolved");
        assert_eq!(alerts(&store, 7).len(), 2);
    }

    #[tokio::test]
    async fn an_order_that_needed_attention_just_before_a_kill_is_alerted_by_the_next_process() {
        let (_dir, store) = store_with_orders(&[8]);
        let events = EventBus::new(store.clone()).unwrap();
        let before_the_kill = Alerting::new(events.clone(), &Settings::default(), None).unwrap();
        before_the_kill.catch_up().await.unwrap();
        // The state change (and its event, in the same transaction) is stored; the process is
        // killed before its alert loop looked.
        events
            .change_state(
                8,
                Transition::NeedsAttention {
                    error: crate::store::OrderError {
                        kind: crate::store::ErrorKind::Permanent,
                        message: "order 8: no Accounts rule matches".into(),
                        hint: "Add a rule.".into(),
                    },
                },
            )
            .unwrap();
        drop(before_the_kill);

        let next_process = EventBus::new(store.clone()).unwrap();
        let alerting = Alerting::new(next_process, &Settings::default(), None).unwrap();
        alerting.catch_up().await.unwrap();
        assert_eq!(alerts(&store, 8).len(), 1, "the next process raises it");
        alerting.catch_up().await.unwrap();
        let again = Alerting::new(
            EventBus::new(store.clone()).unwrap(),
            &Settings::default(),
            None,
        )
        .unwrap();
        again.catch_up().await.unwrap();
        assert_eq!(alerts(&store, 8).len(), 1, "and only once");
    }

    #[tokio::test]
    async fn an_incident_recorded_just_before_a_kill_is_e_mailed_by_the_next_process_once() {
        let smtp = smtp_simulator::SmtpSimulator::start(smtp_simulator::SmtpConfig::default())
            .await
            .unwrap();
        let mut settings = Settings::default();
        settings.alerts.emails = "ops@shop.example".into();
        settings.smtp.host = "127.0.0.1".into();
        settings.smtp.port = smtp.port();
        settings.smtp.security = crate::settings::SmtpSecurity::None;
        settings.smtp.from = "sync@shop.example".into();
        let (_dir, store) = store_with_orders(&[9]);
        let events = EventBus::new(store.clone()).unwrap();
        let before_the_kill = Alerting::new(events.clone(), &settings, None).unwrap();
        before_the_kill.catch_up().await.unwrap();
        let (message, hint) = ("order 9: no Accounts rule matches", "Add a rule.");
        events
            .change_state(
                9,
                Transition::NeedsAttention {
                    error: crate::store::OrderError {
                        kind: crate::store::ErrorKind::Permanent,
                        message: message.into(),
                        hint: hint.into(),
                    },
                },
            )
            .unwrap();
        // The dispatcher recorded the incident (committed), and the process was killed before
        // the e-mail went out and before the cursor moved.
        let storefront = store.order(9).unwrap().unwrap().row.site_name;
        let incident = Incident::needs_attention(9, &storefront, message, hint);
        store
            .record_incident(&incident.key, incident.order_number, &incident.summary())
            .unwrap();
        drop(before_the_kill);

        let next_process =
            Alerting::new(EventBus::new(store.clone()).unwrap(), &settings, None).unwrap();
        next_process.catch_up().await.unwrap();
        let received = smtp
            .wait_for_messages(1, std::time::Duration::from_secs(10))
            .await
            .unwrap();
        assert_eq!(received.len(), 1, "the next process sends the e-mail");
        assert_eq!(alerts(&store, 9).len(), 1, "and raises the alert");
        drop(next_process);

        // A third process, and a new occurrence of the open incident, send nothing more.
        let third = Alerting::new(EventBus::new(store.clone()).unwrap(), &settings, None).unwrap();
        third.catch_up().await.unwrap();
        third.dispatch(incident).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(smtp.messages().len(), 1, "one e-mail per incident");
        assert_eq!(alerts(&store, 9).len(), 1);
    }
}
