//! The service handle without a network: opening, settings (validate, save, reload), the empty
//! status, an unknown order, and what a missing password says.

use super::*;
use crate::secrets::test_support::MemorySecrets;
use crate::store::OrderFilter;

fn config(dir: &Path) -> ServiceConfig {
    ServiceConfig {
        settings_path: dir.join("settings.toml"),
        data_dir: dir.join("data"),
        secrets: Arc::new(MemorySecrets::default()),
    }
}

fn good_settings() -> Settings {
    let mut settings = Settings::default();
    settings.pressero.admin_url = "http://127.0.0.1:9".into();
    settings.pressero.user_name = "api@shop.example".into();
    settings.pressero.subscriber_id = "sub".into();
    settings.pressero.consumer_id = "con".into();
    settings.pace.url = "http://127.0.0.1:9".into();
    settings.pace.login = "api".into();
    settings
}

#[tokio::test]
async fn settings_are_validated_before_they_are_saved_and_apply_at_once() {
    let dir = tempfile::tempdir().unwrap();
    good_settings()
        .save(&dir.path().join("settings.toml"))
        .unwrap();
    let handle = SyncService::open(config(dir.path())).unwrap();
    assert_eq!(handle.settings(), good_settings());

    let mut bad = good_settings();
    bad.polling.concurrency = 0;
    let problems = handle.validate_settings(&bad).unwrap_err();
    assert_eq!(problems[0].field, "polling.concurrency");
    assert!(matches!(
        handle.save_settings(bad).await,
        Err(ServiceError::InvalidSettings(_))
    ));
    assert_eq!(
        Settings::load(handle.settings_path()).unwrap(),
        good_settings(),
        "an invalid save leaves the file alone"
    );

    let mut better = good_settings();
    better.polling.concurrency = 2;
    handle.save_settings(better.clone()).await.unwrap();
    assert_eq!(handle.settings(), better);
    assert_eq!(Settings::load(handle.settings_path()).unwrap(), better);
}

#[tokio::test]
async fn an_empty_service_has_no_orders_and_names_a_missing_password() {
    let dir = tempfile::tempdir().unwrap();
    good_settings()
        .save(&dir.path().join("settings.toml"))
        .unwrap();
    let handle = SyncService::open(config(dir.path())).unwrap();
    let status = handle.status(&OrderFilter::default()).unwrap();
    assert!(status.orders.is_empty() && status.counts.is_empty());
    assert!(matches!(
        handle.order_detail(10001),
        Err(ServiceError::UnknownOrder(10001))
    ));
    let error = handle.run_once().await.unwrap_err();
    assert!(
        matches!(
            error,
            ServiceError::MissingPassword {
                account: Account::Pace
            }
        ),
        "{error}"
    );
    assert!(
        error.to_string().contains("credentials set pace"),
        "{error}"
    );
    assert!(error.to_string().contains("PACE_PASSWORD"), "{error}");
}

#[test]
fn a_missing_settings_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let error = SyncService::open(config(dir.path())).unwrap_err();
    assert!(error.to_string().contains("settings.toml"), "{error}");
}

#[tokio::test]
async fn a_password_set_through_the_handle_is_used_at_once() {
    let dir = tempfile::tempdir().unwrap();
    good_settings()
        .save(&dir.path().join("settings.toml"))
        .unwrap();
    let handle = SyncService::open(config(dir.path())).unwrap();
    assert!(matches!(
        handle.preview(10001).await,
        Err(ServiceError::MissingPassword {
            account: Account::Pace
        })
    ));
    handle
        .set_password(Account::Pace, &Secret::new("pace-pw"))
        .await
        .unwrap();
    assert!(matches!(
        handle.preview(10001).await,
        Err(ServiceError::MissingPassword {
            account: Account::Pressero
        })
    ));
    handle
        .set_password(Account::Pressero, &Secret::new("pressero-pw"))
        .await
        .unwrap();
    // Both passwords are there now: the call goes out (and finds nothing listening).
    let error = handle.preview(10001).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
}

#[tokio::test]
async fn the_test_e_mail_reaches_the_alert_addresses() {
    let smtp = smtp_simulator::SmtpSimulator::start(smtp_simulator::SmtpConfig::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut settings = good_settings();
    settings.alerts.emails = "csr@shop.example; it@shop.example".into();
    settings.smtp.host = "127.0.0.1".into();
    settings.smtp.port = smtp.port();
    settings.smtp.security = crate::settings::SmtpSecurity::None;
    settings.smtp.from = "sync@shop.example".into();
    settings.save(&dir.path().join("settings.toml")).unwrap();
    let handle = SyncService::open(config(dir.path())).unwrap();
    for account in [Account::Pace, Account::Pressero] {
        handle
            .set_password(account, &Secret::new("pw"))
            .await
            .unwrap();
    }
    handle.send_test_email().await.unwrap();
    let messages = smtp
        .wait_for_messages(1, std::time::Duration::from_secs(10))
        .await
        .unwrap();
    let mut recipients = messages[0].recipients.clone();
    recipients.sort();
    assert_eq!(recipients, ["csr@shop.example", "it@shop.example"]);
}

#[tokio::test]
async fn switching_a_storefront_on_sends_its_skipped_orders_again() {
    use crate::settings::{Storefront, StorefrontSettings};
    use crate::store::{OrderState, Transition};
    let dir = tempfile::tempdir().unwrap();
    let mut only_listed = good_settings();
    only_listed.storefronts = StorefrontSettings::new_installation();
    only_listed.save(&dir.path().join("settings.toml")).unwrap();
    let handle = SyncService::open(config(dir.path())).unwrap();
    let store = handle.store();
    for (number, site) in [(1, "Acme Store"), (2, "Public Shop")] {
        store
            .upsert_snapshot(
                &crate::test_support::site_order(number, site, "jane@acme.example"),
                chrono::Utc::now(),
            )
            .unwrap();
        let reason = only_listed.storefronts.skip_reason(site).unwrap();
        store
            .set_state(number, Transition::Skipped { reason })
            .unwrap();
    }
    let seen = handle.storefronts().await.unwrap();
    assert_eq!(
        seen.iter()
            .map(|s| (s.site_name.as_str(), s.orders, s.synced))
            .collect::<Vec<_>>(),
        vec![("Acme Store", 1, false), ("Public Shop", 1, false)]
    );

    let mut acme_on = only_listed.clone();
    acme_on.storefronts.list.push(Storefront {
        site_name: "Acme Store".into(),
        integration_id: String::new(),
        sync: true,
    });
    handle.save_settings(acme_on).await.unwrap();
    let state = |n| store.order(n).unwrap().unwrap().row.state;
    assert_eq!(state(1), OrderState::Ready, "its storefront is on now");
    assert_eq!(state(2), OrderState::Skipped, "still off");
    assert!(handle.storefronts().await.unwrap()[0].synced);
}
