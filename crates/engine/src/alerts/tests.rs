//! Alert e-mails over real SMTP (the SMTP simulator on 127.0.0.1, security "none"), and the
//! composed e-mails as snapshots.

use super::*;
use crate::plan::{CustomerIdSetting, InvalidCustomerId, PlanAlert, PlanAlertKind, PlanError};
use crate::settings::{Settings, SmtpSecurity};
use crate::status_sync::StatusProblem;
use chrono::{DateTime, TimeZone, Utc};
use pretty_assertions::assert_eq;
use smtp_simulator::{Faults, RunningSmtp, SmtpConfig, SmtpCredentials, SmtpSimulator};
use std::sync::Arc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const PASSWORD: &str = "pw-Zx81-never-shown";
const RECIPIENTS: &str = " ops@shop.example ; csr@shop.example;";

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, hour, 0, 0).unwrap()
}

/// One incident of every kind, built the way the service builds them.
fn every_kind() -> Vec<(&'static str, Incident)> {
    let invalid_id = |source, value: &str, problem| PlanAlert {
        kind: PlanAlertKind::InvalidCustomerId {
            source,
            value: value.into(),
            problem,
        },
        message: String::new(),
    };
    let from_error =
        |error: PlanError| Incident::from_plan_error(10010, "Acme Store", &error).unwrap();
    vec![
        (
            "invalid_integration_id",
            Incident::from_plan_alert(
                10010,
                "Acme Store",
                &invalid_id(
                    CustomerIdSetting::IntegrationId,
                    "NOPE",
                    InvalidCustomerId::NotFound,
                ),
            ),
        ),
        (
            "inactive_default_mis_id",
            Incident::from_plan_alert(
                10011,
                "Road Store",
                &invalid_id(
                    CustomerIdSetting::DefaultMisId,
                    "HOUSE",
                    InvalidCustomerId::Inactive,
                ),
            ),
        ),
        (
            "customer_not_identified",
            from_error(PlanError::CustomerNotIdentified {
                order: 10010,
                site: "Acme Store".into(),
                email: "wile@acme.example".into(),
            }),
        ),
        (
            "contacts_of_several_customers",
            from_error(PlanError::ContactsOfSeveralCustomers {
                order: 10010,
                email: "wile@acme.example".into(),
                customers: vec!["ACME".into(), "ROAD".into()],
            }),
        ),
        (
            "contact_missing_create_customer_off",
            from_error(PlanError::ContactNotFound {
                order: 10010,
                customer: "ACME".into(),
                location: "dock@acme.example, 1 Canyon Road, Phoenix AZ 85001".into(),
            }),
        ),
        (
            "material_missing",
            Incident::from_plan_alert(
                10010,
                "Acme Store",
                &PlanAlert {
                    kind: PlanAlertKind::MaterialMissing { item: 2 },
                    message: String::new(),
                },
            ),
        ),
        (
            "needs_attention_from_plan_error",
            from_error(PlanError::UnknownShipVia {
                order: 10010,
                rule: 1,
                ship_via: 77,
            }),
        ),
        (
            "needs_attention",
            Incident::needs_attention(
                10012,
                "Acme Store",
                "Pace refused the job: \"Job type 12 is inactive\".",
                "Make job type 12 active in Pace or choose another job type for the storefront, then press Push on the order.",
            ),
        ),
        (
            "status_sync_stage_missing",
            Incident::from_status_problem(
                "Acme Store",
                &StatusProblem {
                    key: "status-stage:job:J1042:stage:Shipped".into(),
                    order: 10001,
                    job: "J1042".into(),
                    what_went_wrong: "Pressero refused to move item 1 of order 10001 to the stage \"Shipped\" mapped to Pace status Z (job J1042): the stage is not in the item's workflow.".into(),
                    what_to_do: "Map status Z to a stage that every item's workflow has (Settings → Status updates), or add the stage \"Shipped\" to the workflow in Pressero. Until the mapping or the item's workflow changes, this is not tried again.".into(),
                },
            ),
        ),
        (
            "keeps_failing",
            Incident::keeps_failing(
                10013,
                "Acme Store",
                "Pace did not answer within 30 seconds",
                at(8),
                6,
            ),
        ),
    ]
}

fn settings_for(smtp: &RunningSmtp) -> Settings {
    let mut settings = Settings::default();
    settings.alerts.emails = RECIPIENTS.into();
    settings.smtp.host = "127.0.0.1".into();
    settings.smtp.port = smtp.port();
    settings.smtp.security = SmtpSecurity::None;
    settings.smtp.from = "sync@shop.example".into();
    settings
}

async fn plain_server() -> RunningSmtp {
    SmtpSimulator::start(SmtpConfig::default()).await.unwrap()
}

fn dispatcher(settings: &Settings) -> AlertDispatcher<Arc<MemoryIncidentLog>> {
    AlertDispatcher::new(Arc::new(MemoryIncidentLog::default()), settings, None)
}

fn sent(dispatch: &Dispatch) -> &AlertEmail {
    match &dispatch.email {
        EmailOutcome::Sent(email) => email,
        other => panic!("not sent: {other:?}"),
    }
}

#[test]
fn each_kind_of_email_reads_right() {
    let mut settings = Settings::default();
    settings.alerts.emails = RECIPIENTS.into();
    for (name, incident) in every_kind() {
        let email = compose(&incident, &settings);
        assert_eq!(email.to, vec!["ops@shop.example", "csr@shop.example"]);
        insta::assert_snapshot!(
            format!("email_{name}"),
            format!("Subject: {}\n\n{}", email.subject, email.body)
        );
    }
}

#[test]
fn digest_and_test_email_read_right() {
    let mut settings = Settings::default();
    settings.alerts.emails = RECIPIENTS.into();
    settings.smtp.host = "mail.shop.example".into();
    settings.smtp.from = "sync@shop.example".into();
    let incidents: Vec<Incident> = every_kind().into_iter().map(|(_, i)| i).take(3).collect();
    let digest = compose_digest(
        &incidents,
        Some(at(7) - chrono::Duration::days(1)),
        at(7),
        &settings,
    );
    insta::assert_snapshot!(
        "email_digest",
        format!("Subject: {}\n\n{}", digest.subject, digest.body)
    );
    let test = compose_test_email(&settings);
    insta::assert_snapshot!(
        "email_test",
        format!("Subject: {}\n\n{}", test.subject, test.body)
    );
}

#[tokio::test]
async fn every_case_is_emailed_to_every_alert_address_with_its_subject_and_body() {
    let smtp = plain_server().await;
    let settings = settings_for(&smtp);
    let alerts = dispatcher(&settings);
    let mut expected = Vec::new();
    for (_, incident) in every_kind() {
        let dispatch = alerts.dispatch(incident).await;
        assert!(dispatch.new);
        expected.push(sent(&dispatch).clone());
    }
    let received = smtp.wait_for_messages(expected.len(), WAIT).await.unwrap();
    assert_eq!(received.len(), expected.len());
    for (message, email) in received.iter().zip(&expected) {
        assert_eq!(message.sender, "sync@shop.example");
        assert!(message.header("Message-ID").is_some(), "{}", message.raw);
        assert_eq!(
            message.recipients,
            vec!["ops@shop.example", "csr@shop.example"]
        );
        assert_eq!(message.subject().as_deref(), Some(email.subject.as_str()));
        assert_eq!(message.text_body().trim_end(), email.body.trim_end());
        assert!(email.subject.starts_with("Pressero → Pace: "));
    }
    // The subject names the order and the storefront.
    assert_eq!(
        received[2].subject().as_deref(),
        Some(
            "Pressero → Pace: Order 10010 (Acme Store): the Pace customer could not be identified"
        )
    );
}

#[tokio::test]
async fn the_same_incident_is_emailed_once_until_resolved() {
    let smtp = plain_server().await;
    let alerts = dispatcher(&settings_for(&smtp));
    let incident =
        Incident::needs_attention(10010, "Acme Store", "Pace refused the job.", "Fix it.");
    let first = alerts.dispatch(incident.clone()).await;
    assert!(first.new);
    sent(&first);
    smtp.wait_for_messages(1, WAIT).await.unwrap();

    let again = alerts.dispatch(incident.clone()).await;
    assert!(!again.new);
    assert_eq!(again.email, EmailOutcome::AlreadyReported);
    // The same problem met on another order of the storefront is one incident too.
    let (_, invalid_id) = every_kind().remove(0);
    let mut on_another_order = invalid_id.clone();
    on_another_order.order_number = Some(10099);
    assert!(alerts.dispatch(invalid_id).await.new);
    assert!(!alerts.dispatch(on_another_order).await.new);
    assert_eq!(smtp.wait_for_messages(2, WAIT).await.unwrap().len(), 2);

    alerts.resolve_order(10010);
    let after_fix = alerts.dispatch(incident).await;
    assert!(after_fix.new);
    sent(&after_fix);
    let received = smtp.wait_for_messages(3, WAIT).await.unwrap();
    assert_eq!(received.len(), 3);
    assert_eq!(received[0].subject(), received[2].subject());
    assert_eq!(received[0].text_body(), received[2].text_body());
}

#[tokio::test]
async fn the_store_keeps_incidents_across_a_restart() {
    let smtp = plain_server().await;
    let settings = settings_for(&smtp);
    let store = crate::store::Store::open_in_memory().unwrap();
    let incident = Incident::keeps_failing(10013, "Acme Store", "timeout", at(8), 5);
    let before = AlertDispatcher::new(store.clone(), &settings, None);
    assert!(before.dispatch(incident.clone()).await.new);
    drop(before);
    let after_restart = AlertDispatcher::new(store, &settings, None);
    assert_eq!(
        after_restart.dispatch(incident).await.email,
        EmailOutcome::AlreadyReported
    );
    assert_eq!(smtp.wait_for_messages(1, WAIT).await.unwrap().len(), 1);
    assert_eq!(smtp.messages().len(), 1);
}

#[tokio::test]
async fn the_daily_digest_collects_several_incidents_into_one_email() {
    let smtp = plain_server().await;
    let mut settings = settings_for(&smtp);
    settings.alerts.daily_digest = true;
    let alerts = dispatcher(&settings);
    assert_eq!(
        alerts.send_digest(at(7)).await.unwrap(),
        DigestOutcome::Nothing
    );
    let incidents: Vec<Incident> = every_kind().into_iter().map(|(_, i)| i).take(4).collect();
    for incident in &incidents {
        let dispatch = alerts.dispatch(incident.clone()).await;
        assert!(dispatch.new);
        assert_eq!(dispatch.email, EmailOutcome::HeldForDigest);
    }
    assert_eq!(
        alerts.dispatch(incidents[0].clone()).await.email,
        EmailOutcome::AlreadyReported
    );
    assert_eq!(alerts.held_for_digest().len(), 4);
    assert!(smtp.messages().is_empty());

    let DigestOutcome::Sent(digest) = alerts.send_digest(at(7)).await.unwrap() else {
        panic!("no digest sent");
    };
    let received = smtp.wait_for_messages(1, WAIT).await.unwrap();
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert_eq!(
        message.recipients,
        vec!["ops@shop.example", "csr@shop.example"]
    );
    assert_eq!(
        message.subject().as_deref(),
        Some("Pressero → Pace: daily digest for 2026-11-22: 4 problems")
    );
    let body = message.text_body();
    assert_eq!(body.trim_end(), digest.body.trim_end());
    for (index, incident) in incidents.iter().enumerate() {
        assert!(
            body.contains(&format!("{}. {}", index + 1, incident.summary())),
            "{body}"
        );
        assert!(body.contains(&incident.what_to_do), "{body}");
    }
    assert_eq!(
        alerts.send_digest(at(8)).await.unwrap(),
        DigestOutcome::Nothing
    );

    // The next digest covers the time since this one.
    let (_, later) = every_kind().pop().unwrap();
    alerts.dispatch(later).await;
    let DigestOutcome::Sent(second) = alerts.send_digest(at(9)).await.unwrap() else {
        panic!("no second digest");
    };
    assert!(
        second
            .body
            .contains("1 new problem between 2026-11-22 07:00 and 2026-11-22 09:00"),
        "{}",
        second.body
    );
    assert_eq!(smtp.wait_for_messages(2, WAIT).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_failed_digest_keeps_its_incidents_for_the_next_try() {
    let smtp = plain_server().await;
    let mut settings = settings_for(&smtp);
    settings.alerts.daily_digest = true;
    let alerts = dispatcher(&settings);
    for (_, incident) in every_kind().into_iter().take(2) {
        alerts.dispatch(incident).await;
    }
    smtp.set_faults(Faults {
        temporary_failure_on_data: true,
        ..Faults::default()
    });
    let error = alerts.send_digest(at(7)).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert_eq!(alerts.held_for_digest().len(), 2);
    smtp.set_faults(Faults::default());
    assert!(matches!(
        alerts.send_digest(at(8)).await,
        Ok(DigestOutcome::Sent(_))
    ));
    let received = smtp.wait_for_messages(1, WAIT).await.unwrap();
    assert!(received[0].subject().unwrap().ends_with("2 problems"));
}

#[tokio::test]
async fn test_email_authenticates_with_user_and_password() {
    let smtp = SmtpSimulator::start(SmtpConfig {
        credentials: Some(SmtpCredentials {
            user: "mailer".into(),
            password: PASSWORD.into(),
        }),
        ..SmtpConfig::default()
    })
    .await
    .unwrap();
    let mut settings = settings_for(&smtp);
    settings.smtp.user = "mailer".into();
    let alerts = AlertDispatcher::new(
        MemoryIncidentLog::default(),
        &settings,
        Some(PASSWORD.into()),
    );
    let email = alerts.send_test_email().await.unwrap();
    let received = smtp.wait_for_messages(1, WAIT).await.unwrap();
    let message = &received[0];
    assert_eq!(message.authenticated_as.as_deref(), Some("mailer"));
    assert_eq!(
        message.recipients,
        vec!["ops@shop.example", "csr@shop.example"]
    );
    assert_eq!(
        message.subject().as_deref(),
        Some("Pressero → Pace: test e-mail")
    );
    assert_eq!(message.text_body().trim_end(), email.body.trim_end());
    assert!(
        email
            .body
            .contains(&format!("127.0.0.1:{} (no encryption)", smtp.port()))
    );
    assert!(!message.raw.contains(PASSWORD));

    // A wrong password is refused: a settings problem, not worth retrying.
    alerts.reconfigure(&settings, Some("wrong-one".into()));
    let error = alerts.send_test_email().await.unwrap_err();
    assert!(
        matches!(
            error,
            MailError::Smtp {
                transient: false,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(!error.is_transient());
    // No password at all for a user: said before connecting.
    alerts.reconfigure(&settings, None);
    let error = alerts.send_test_email().await.unwrap_err();
    assert!(
        matches!(
            error,
            MailError::Settings {
                field: "smtp.user",
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(smtp.messages().len(), 1);
}

#[tokio::test]
async fn a_refusing_server_is_a_transient_error_and_the_incident_is_tried_again() {
    let smtp = plain_server().await;
    let alerts = dispatcher(&settings_for(&smtp));
    let incident = Incident::keeps_failing(10013, "Acme Store", "timeout", at(8), 5);
    for faults in [
        Faults {
            temporary_failure_on_data: true,
            ..Faults::default()
        },
        Faults {
            drop_connection_on_data: true,
            ..Faults::default()
        },
    ] {
        smtp.set_faults(faults);
        let dispatch = alerts.dispatch(incident.clone()).await;
        assert!(dispatch.new);
        let EmailOutcome::Failed(error) = &dispatch.email else {
            panic!("sent through a refusing server: {dispatch:?}");
        };
        assert!(error.is_transient(), "{error:?}");
    }
    smtp.set_faults(Faults::default());
    let dispatch = alerts.dispatch(incident).await;
    assert!(dispatch.new);
    sent(&dispatch);
    assert_eq!(smtp.wait_for_messages(1, WAIT).await.unwrap().len(), 1);

    // A rejected recipient is permanent: the incident stays reported.
    smtp.set_faults(Faults {
        rejected_recipients: vec!["csr@shop.example".into()],
        ..Faults::default()
    });
    let other = Incident::needs_attention(10014, "Acme Store", "x", "y");
    let EmailOutcome::Failed(error) = alerts.dispatch(other.clone()).await.email else {
        panic!("sent to a rejected recipient");
    };
    assert!(!error.is_transient(), "{error:?}");
    assert_eq!(
        alerts.dispatch(other).await.email,
        EmailOutcome::AlreadyReported
    );
}

#[tokio::test]
async fn no_alert_address_means_no_email_and_no_error() {
    let smtp = plain_server().await;
    let mut settings = settings_for(&smtp);
    settings.alerts.emails = " ; ".into();
    let alerts = dispatcher(&settings);
    let dispatch = alerts
        .dispatch(Incident::needs_attention(10010, "Acme Store", "x", "y"))
        .await;
    assert!(dispatch.new, "still a desktop notification");
    assert_eq!(dispatch.email, EmailOutcome::NoRecipients);
    settings.alerts.daily_digest = true;
    alerts.reconfigure(&settings, None);
    alerts
        .dispatch(Incident::needs_attention(10011, "Acme Store", "x", "y"))
        .await;
    assert_eq!(
        alerts.send_digest(at(7)).await.unwrap(),
        DigestOutcome::Nothing
    );
    assert!(smtp.messages().is_empty());
}

#[tokio::test]
async fn the_password_never_shows() {
    let smtp = SmtpSimulator::start(SmtpConfig {
        credentials: Some(SmtpCredentials {
            user: "mailer".into(),
            password: "other-password".into(),
        }),
        ..SmtpConfig::default()
    })
    .await
    .unwrap();
    let mut settings = settings_for(&smtp);
    settings.smtp.user = "mailer".into();
    let mailer = Mailer::new(&settings.smtp, Some(PASSWORD.into())).unwrap();
    let debug = format!("{mailer:?}");
    assert!(
        debug.contains("<redacted>") && !debug.contains(PASSWORD),
        "{debug}"
    );
    let error = mailer.send_test_email(&settings).await.unwrap_err();
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(PASSWORD), "{text}");
    }
    let alerts = AlertDispatcher::new(
        MemoryIncidentLog::default(),
        &settings,
        Some(PASSWORD.into()),
    );
    let dispatch = alerts
        .dispatch(Incident::needs_attention(10010, "Acme Store", "x", "y"))
        .await;
    assert!(!format!("{dispatch:?}").contains(PASSWORD));
    let toml = settings.to_toml().unwrap();
    assert!(!toml.contains(PASSWORD));
}

#[test]
fn unusable_mail_settings_are_named() {
    let mut settings = Settings::default();
    let error = Mailer::new(&settings.smtp, None).unwrap_err();
    assert!(
        matches!(
            error,
            MailError::Settings {
                field: "smtp.host",
                ..
            }
        ),
        "{error}"
    );
    settings.smtp.host = "mail.shop.example".into();
    let error = Mailer::new(&settings.smtp, None).unwrap_err();
    assert!(
        matches!(
            error,
            MailError::Settings {
                field: "smtp.from",
                ..
            }
        ),
        "{error}"
    );
    settings.smtp.from = "not an address".into();
    let error = Mailer::new(&settings.smtp, None).unwrap_err();
    assert!(
        matches!(
            error,
            MailError::BadAddress {
                field: "smtp.from",
                ..
            }
        ),
        "{error}"
    );
}

#[tokio::test]
async fn starttls_is_required_when_the_settings_say_so() {
    // The simulator offers no STARTTLS: a mailer set to STARTTLS must refuse to send in clear.
    let smtp = plain_server().await;
    let mut settings = settings_for(&smtp);
    settings.smtp.security = SmtpSecurity::StartTls;
    let mailer = Mailer::new(&settings.smtp, None).unwrap();
    let error = mailer.send_test_email(&settings).await.unwrap_err();
    assert!(!error.is_transient(), "{error:?}");
    assert!(smtp.messages().is_empty());
}
