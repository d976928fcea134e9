//! `demo`: the bundled Pace, Pressero and SMTP simulators (seeded with the sample orders of
//! `fixtures/`) on 127.0.0.1, a settings file pointing at them (the golden settings of
//! `fixtures/settings/golden.toml`), and the sync service: one run, then polling, printing each
//! order's progress, until Ctrl-C. Headless. The demo keeps its settings and database in a
//! temporary folder of its own (never the shop's `--config` / `--data-dir`); the demo passwords
//! are handed to the service as environment-style overrides, never written anywhere.

use super::run::serve_until_ctrl_c;
use crate::{Outcome, output};
use anyhow::Context;
use engine::secrets::{Account, KeyringStore, WithEnvironment};
use engine::service::SyncService;
use engine::settings::{Settings, SmtpSecurity};
use std::sync::Arc;

/// The demo's settings: the golden settings of the fixtures.
const DEMO_SETTINGS: &str = include_str!("../../../../fixtures/settings/golden.toml");

/// The sample orders are placed from this day on; the first poll reaches back to it.
const SAMPLE_ORDERS_FROM: &str = "2026-11-15T00:00:00Z";

/// Runs the demo until Ctrl-C.
pub async fn demo(pace_port: u16, pressero_port: u16) -> anyhow::Result<Outcome> {
    let pace_config = pace_simulator::PaceConfig {
        port: pace_port,
        ..pace_simulator::PaceConfig::default()
    };
    let (pace_login, pace_password) = (pace_config.login.clone(), pace_config.password.clone());
    let pace = pace_simulator::PaceSimulator::start(pace_config)
        .await
        .context("starting the Pace simulator")?;
    let pressero =
        pressero_simulator::PresseroSimulator::start(pressero_simulator::PresseroConfig {
            port: pressero_port,
            ..pressero_simulator::PresseroConfig::default()
        })
        .await
        .context("starting the Pressero simulator")?;
    let smtp = smtp_simulator::SmtpSimulator::start(smtp_simulator::SmtpConfig::default())
        .await
        .context("starting the SMTP simulator")?;
    let credentials = pressero.credentials().clone();

    let workspace = tempfile::Builder::new()
        .prefix("pressero-pace-sync-demo")
        .tempdir()
        .context("creating the demo's folder")?;
    let mut settings = Settings::from_toml(DEMO_SETTINGS).context("reading the demo settings")?;
    settings.pressero.admin_url = pressero.base_url();
    settings.pressero.user_name = credentials.user_name.clone();
    settings.pressero.subscriber_id = credentials.subscriber_id.clone();
    settings.pressero.consumer_id = credentials.consumer_id.clone();
    settings.pace.url = pace.base_url();
    settings.pace.login = pace_login.clone();
    settings.pace.company = None;
    settings.smtp.host = "127.0.0.1".to_owned();
    settings.smtp.port = smtp.port();
    settings.smtp.security = SmtpSecurity::None;
    settings.smtp.user = String::new();
    settings.polling.first_poll_lookback_hours = hours_since_sample_orders();
    settings.polling.interval_seconds = 10;
    // The demo's own settings file and database, never the shop's (`--config` and
    // `--data-dir` are not used by the demo).
    let settings_path = workspace.path().join("settings.toml");
    settings.save(&settings_path)?;
    let data_dir = workspace.path().join("data");

    println!("Pressero → Pace Sync demo");
    println!();
    println!(
        "Pace simulator      {}/rpc/services/<Service>",
        pace.base_url()
    );
    println!("  login {pace_login}, password {pace_password} (demo credentials)");
    println!("  objects: GET {}/_sim/objects/Job", pace.base_url());
    println!("Pressero simulator  {}/api/", pressero.base_url());
    println!(
        "  user {}, password {}, subscriber {} (demo credentials)",
        credentials.user_name, credentials.password, credentials.subscriber_id
    );
    println!(
        "SMTP simulator      127.0.0.1:{} (alert e-mails)",
        smtp.port()
    );
    println!("Settings            {}", settings_path.display());
    println!("Database            {}", data_dir.display());
    println!();

    let demo_passwords = [
        (Account::Pace, pace_password),
        (Account::Pressero, credentials.password.clone()),
    ];
    let secrets = WithEnvironment::with_lookup(KeyringStore::new(), move |variable| {
        demo_passwords
            .iter()
            .find(|(account, _)| account.environment_variable() == variable)
            .map(|(_, password)| password.clone())
    });
    let config = engine::service::ServiceConfig {
        settings_path,
        data_dir,
        secrets: Arc::new(secrets),
    };
    let handle = SyncService::open(config)?;
    let mut events = handle.subscribe();
    println!("First run: every sample order…");
    let report = output::printing_events(&mut events, handle.run_once()).await?;
    println!("{}", report.message());
    drop(events);
    handle.start().await?;
    println!();
    println!(
        "Polling every 10 s; approve or add orders in the Pressero simulator. Press Ctrl-C to stop."
    );
    let outcome = serve_until_ctrl_c(&handle).await;
    pace.stop().await;
    pressero.stop().await;
    drop(smtp);
    outcome
}

/// Hours from the first sample order's day to now (at least one), so the first poll finds them.
fn hours_since_sample_orders() -> u64 {
    let from = chrono::DateTime::parse_from_rfc3339(SAMPLE_ORDERS_FROM)
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|_| chrono::Utc::now());
    let hours = (chrono::Utc::now() - from).num_hours();
    u64::try_from(hours).unwrap_or(0).max(1) + 24
}
