//! Alert e-mails from the service, over real SMTP (the SMTP simulator on 127.0.0.1): an order
//! that needs attention is e-mailed once to every alert address, naming the order, the
//! storefront and the fix; running again does not repeat it.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use engine::settings::SmtpSecurity;
use smtp_simulator::{RunningSmtp, SmtpConfig, SmtpSimulator};
use std::time::Duration;
use support::{World, text};

/// The SMTP simulator and both simulators with `orders`, alerts going to two addresses.
async fn mailing_world(orders: &[u64]) -> (RunningSmtp, World) {
    let smtp = SmtpSimulator::start(SmtpConfig::default()).await.unwrap();
    let mut world = World::with_orders(orders).await;
    world.settings.alerts.emails = "csr@printworks.example; it@printworks.example".to_owned();
    world.settings.smtp.host = "127.0.0.1".to_owned();
    world.settings.smtp.port = smtp.port();
    world.settings.smtp.security = SmtpSecurity::None;
    world.settings.smtp.user = String::new();
    world.settings.smtp.from = "sync@printworks.example".to_owned();
    world.write_settings();
    (smtp, world)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_needing_attention_is_e_mailed_once() {
    let (smtp, world) = mailing_world(&[10001, 10010]).await;

    let first = world.run(&["run", "--once"]).await;
    assert_eq!(first.status.code(), Some(2), "{}", text(&first));
    let messages = smtp
        .wait_for_messages(1, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(messages.len(), 1, "one e-mail for one incident");
    let email = &messages[0];
    let mut recipients = email.recipients.clone();
    recipients.sort();
    assert_eq!(
        recipients,
        ["csr@printworks.example", "it@printworks.example"]
    );
    let subject = email.subject().unwrap();
    assert!(subject.contains("10010"), "{subject}");
    assert!(subject.contains("Public Shop"), "{subject}");
    let body = email.text_body();
    assert!(body.contains("shared@buyers.example"), "{body}");
    assert!(text(&first).contains("needs attention"), "{}", text(&first));

    let second = world.run(&["run", "--once"]).await;
    assert_eq!(second.status.code(), Some(2), "{}", text(&second));
    let push = world.run(&["push", "10010"]).await;
    assert_eq!(push.status.code(), Some(2), "{}", text(&push));
    assert_eq!(
        smtp.messages().len(),
        1,
        "the same incident is not e-mailed again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_problems_are_e_mailed_as_their_own_incidents_once_each() {
    let (smtp, world) = mailing_world(&[10010, 10014, 10015]).await;
    let first = world.run(&["run", "--once"]).await;
    let messages = smtp
        .wait_for_messages(3, Duration::from_secs(30))
        .await
        .unwrap();
    let mut subjects: Vec<String> = messages
        .iter()
        .map(|message| message.subject().unwrap())
        .collect();
    subjects.sort();
    assert_eq!(
        subjects,
        [
            "Pressero → Pace: Order 10010 (Public Shop): the e-mail belongs to contacts of several Pace customers",
            "Pressero → Pace: Order 10014 (Bad ID Store): customer id \"NOPE\" in the settings is not in Pace",
            "Pressero → Pace: Order 10015 (Legacy Store): customer id \"OLDCO\" in the settings is inactive in Pace",
        ],
        "{}",
        text(&first)
    );
    let several = messages
        .iter()
        .find(|message| message.subject().unwrap().contains("10010"))
        .unwrap()
        .text_body();
    assert!(
        several.contains("shared@buyers.example") && several.contains("BLUEHILL, NORTHWIND"),
        "{several}"
    );

    // Running again and pushing meet the same problems: no second e-mail.
    world.run(&["run", "--once"]).await;
    for order in ["10010", "10014", "10015"] {
        world.run(&["push", order]).await;
    }
    assert_eq!(smtp.messages().len(), 3, "each incident is e-mailed once");
}
