//! The demo shop: the bundled Pace, Pressero and SMTP simulators on 127.0.0.1, seeded with the
//! sample orders of `fixtures/`, and a settings file pointing at them (the golden settings of
//! `fixtures/settings/golden.toml`). The CLI's `demo` and the desktop app's demo mode both run
//! the sync service against it.
//!
//! The demo keeps its settings and database in a temporary folder of its own, never the shop's;
//! the demo passwords reach the service as environment-style overrides in memory, never written
//! anywhere (not even to the OS keyring).

use engine::secrets::{Account, KeyringStore, SecretStore, WithEnvironment};
use engine::service::ServiceConfig;
use engine::settings::{Settings, SettingsFileError, SmtpSecurity};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The demo's settings: the golden settings of the fixtures.
const DEMO_SETTINGS: &str = include_str!("../../../fixtures/settings/golden.toml");

/// The sample orders are placed from this day on; the first poll reaches back to it.
const SAMPLE_ORDERS_FROM: &str = "2026-11-15T00:00:00Z";

/// Seconds between two polls in the demo.
pub const DEMO_POLL_SECONDS: u64 = 10;

/// Why the demo shop could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A simulator did not start (its port is taken, say).
    #[error("starting the {which} simulator: {detail}")]
    Simulator {
        /// Which one.
        which: &'static str,
        /// What went wrong.
        detail: String,
    },
    /// The demo's folder could not be made.
    #[error("creating the demo's folder: {0}")]
    Folder(#[from] std::io::Error),
    /// The demo settings could not be read or written.
    #[error("the demo settings: {0}")]
    Settings(#[from] SettingsFileError),
}

/// Ports for the simulators; 0 picks a free one.
#[derive(Debug, Clone, Copy, Default)]
pub struct DemoPorts {
    /// The Pace simulator's port.
    pub pace: u16,
    /// The Pressero simulator's port.
    pub pressero: u16,
}

/// Which orders the demo's Pressero holds when it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DemoOrders {
    /// The 16 sample orders of `fixtures/pressero/orders` (the demo).
    #[default]
    Samples,
    /// None: the caller adds its own (the benchmark and the soak of `sync-proof`).
    None,
}

/// The running demo shop. Dropping it (or [`DemoShop::stop`]) stops the simulators and removes
/// its folder.
#[derive(Debug)]
pub struct DemoShop {
    /// The Pace simulator.
    pub pace: pace_simulator::RunningPace,
    /// The Pressero simulator.
    pub pressero: pressero_simulator::RunningPressero,
    /// The SMTP simulator (alert e-mails).
    pub smtp: smtp_simulator::RunningSmtp,
    pace_login: String,
    pace_password: String,
    folder: tempfile::TempDir,
}

impl DemoShop {
    /// Starts the three simulators with the sample orders and writes the demo settings for them.
    pub async fn start(ports: DemoPorts) -> Result<DemoShop, DemoError> {
        DemoShop::start_with(ports, DemoOrders::Samples, None).await
    }

    /// Starts the three simulators, Pressero holding `orders`, Pace `pace_seed` (the bundled
    /// one when `None`), and writes the demo settings.
    pub async fn start_with(
        ports: DemoPorts,
        orders: DemoOrders,
        pace_seed: Option<pace_simulator::Seed>,
    ) -> Result<DemoShop, DemoError> {
        let pace_config = pace_simulator::PaceConfig {
            port: ports.pace,
            seed: pace_seed,
            ..pace_simulator::PaceConfig::default()
        };
        let (pace_login, pace_password) = (pace_config.login.clone(), pace_config.password.clone());
        let pace = pace_simulator::PaceSimulator::start(pace_config)
            .await
            .map_err(|e| simulator("Pace", e))?;
        let pressero =
            pressero_simulator::PresseroSimulator::start(pressero_simulator::PresseroConfig {
                port: ports.pressero,
                seed: match orders {
                    DemoOrders::Samples => pressero_simulator::Seed::bundled(),
                    DemoOrders::None => pressero_simulator::Seed::BundledCatalog,
                },
                ..pressero_simulator::PresseroConfig::default()
            })
            .await
            .map_err(|e| simulator("Pressero", e))?;
        let smtp = smtp_simulator::SmtpSimulator::start(smtp_simulator::SmtpConfig::default())
            .await
            .map_err(|e| simulator("SMTP", e))?;
        let folder = tempfile::Builder::new()
            .prefix("pressero-pace-sync-demo")
            .tempdir()?;
        let shop = DemoShop {
            pace,
            pressero,
            smtp,
            pace_login,
            pace_password,
            folder,
        };
        shop.settings()?.save(&shop.settings_path())?;
        Ok(shop)
    }

    /// The demo's settings: the golden settings, pointed at the simulators.
    pub fn settings(&self) -> Result<Settings, SettingsFileError> {
        let credentials = self.pressero.credentials();
        let mut settings =
            Settings::from_toml(DEMO_SETTINGS).map_err(|e| SettingsFileError::Parse {
                path: "fixtures/settings/golden.toml".to_owned(),
                message: e.to_string(),
            })?;
        settings.pressero.admin_url = self.pressero.base_url();
        settings.pressero.user_name = credentials.user_name.clone();
        settings.pressero.subscriber_id = credentials.subscriber_id.clone();
        settings.pressero.consumer_id = credentials.consumer_id.clone();
        settings.pace.url = self.pace.base_url();
        settings.pace.login = self.pace_login.clone();
        settings.pace.company = None;
        settings.pace.job_link = format!("{}/_sim/objects/Job?job={{job}}", self.pace.base_url());
        settings.smtp.host = "127.0.0.1".to_owned();
        settings.smtp.port = self.smtp.port();
        settings.smtp.security = SmtpSecurity::None;
        settings.smtp.user = String::new();
        settings.polling.first_poll_lookback_hours = hours_since_sample_orders();
        settings.polling.interval_seconds = DEMO_POLL_SECONDS;
        Ok(settings)
    }

    /// The demo's settings file.
    pub fn settings_path(&self) -> PathBuf {
        self.folder.path().join("settings.toml")
    }

    /// The demo's database folder.
    pub fn data_dir(&self) -> PathBuf {
        self.folder.path().join("data")
    }

    /// The demo's folder.
    pub fn folder(&self) -> &Path {
        self.folder.path()
    }

    /// Keeps the demo's folder (settings, database, logs) after the shop stops, to look into
    /// (the soak keeps a failed run's); returns where it is.
    pub fn keep_folder(&mut self) -> PathBuf {
        self.folder.disable_cleanup(true);
        self.folder.path().to_owned()
    }

    /// The Pace simulator's login and password (demo credentials, shown to the user).
    pub fn pace_credentials(&self) -> (&str, &str) {
        (&self.pace_login, &self.pace_password)
    }

    /// Passwords for the service: the demo's own, in memory, over the OS keyring (which is
    /// then never asked for the Pace and Pressero passwords).
    pub fn secrets(&self) -> Arc<dyn SecretStore> {
        let demo_passwords = [
            (Account::Pace, self.pace_password.clone()),
            (
                Account::Pressero,
                self.pressero.credentials().password.clone(),
            ),
        ];
        Arc::new(WithEnvironment::with_lookup(
            KeyringStore::new(),
            move |variable| {
                demo_passwords
                    .iter()
                    .find(|(account, _)| account.environment_variable() == variable)
                    .map(|(_, password)| password.clone())
            },
        ))
    }

    /// The sync service's configuration for the demo.
    pub fn service_config(&self) -> ServiceConfig {
        ServiceConfig {
            settings_path: self.settings_path(),
            data_dir: self.data_dir(),
            secrets: self.secrets(),
        }
    }

    /// Stops the simulators.
    pub async fn stop(self) {
        self.pace.stop().await;
        self.pressero.stop().await;
    }
}

fn simulator(which: &'static str, error: impl std::fmt::Display) -> DemoError {
    DemoError::Simulator {
        which,
        detail: error.to_string(),
    }
}

/// Hours from the first sample order's day to now (at least one), so the first poll finds them.
fn hours_since_sample_orders() -> u64 {
    let from = chrono::DateTime::parse_from_rfc3339(SAMPLE_ORDERS_FROM)
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|_| chrono::Utc::now());
    let hours = (chrono::Utc::now() - from).num_hours();
    u64::try_from(hours).unwrap_or(0).max(1) + 24
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_demo_settings_point_at_the_running_simulators_and_are_valid() {
        let shop = DemoShop::start(DemoPorts::default()).await.unwrap();
        let settings = Settings::load(&shop.settings_path()).unwrap();
        settings.validate().unwrap();
        assert_eq!(settings.pace.url, shop.pace.base_url());
        assert_eq!(settings.pressero.admin_url, shop.pressero.base_url());
        assert_eq!(settings.smtp.port, shop.smtp.port());
        assert!(
            !std::fs::read_to_string(shop.settings_path())
                .unwrap()
                .contains(shop.pace_credentials().1),
            "no password in the demo's settings file"
        );
        let secrets = shop.secrets();
        assert_eq!(
            secrets.get(Account::Pace).unwrap().unwrap().expose(),
            shop.pace_credentials().1
        );
    }
}
