//! What the engine's integration tests share: both simulators started with their bundled seeds,
//! the real Pace and Pressero clients over HTTP on 127.0.0.1, the golden settings
//! (`fixtures/settings/golden.toml`), the day of planning and SQLite stores in temp folders.
//! The apply tests' world ([`apply_world`]) and the poller's and worker's world
//! ([`worker_world`]) are built from these pieces.

#![allow(dead_code)] // Each test file uses its own part of this support module.

pub mod apply_world;
pub mod worker_world;

use chrono::NaiveDate;
use engine::settings::Settings;
use engine::store::Store;
use pace::{PaceClient, PaceConnection};
use pace_simulator::{PaceConfig, PaceSimulator, RunningPace};
use pressero::{PresseroClient, PresseroSettings};
use pressero_simulator::{PresseroConfig, PresseroSimulator, RunningPressero};
use std::path::PathBuf;
use tempfile::TempDir;

/// The settings of the golden plans (`fixtures/settings/golden.toml`): Create Customer on.
pub fn golden_settings() -> Settings {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/settings/golden.toml");
    Settings::load(&path).unwrap()
}

/// The day of planning (Friday 2026-11-20): the setup date of everything created.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

/// The Pressero simulator with its bundled seed.
pub async fn start_pressero() -> RunningPressero {
    PresseroSimulator::start(PresseroConfig::default())
        .await
        .unwrap()
}

/// A Pressero client for `pressero` with `page_size` rows per search page.
pub fn pressero_client(pressero: &RunningPressero, page_size: u32) -> PresseroClient {
    let credentials = pressero.credentials().clone();
    let mut settings = PresseroSettings::new(
        &pressero.base_url(),
        &credentials.user_name,
        &credentials.subscriber_id,
        &credentials.consumer_id,
    )
    .unwrap();
    settings.page_size = page_size;
    PresseroClient::new(settings, pressero::Password::new(credentials.password)).unwrap()
}

/// A Pressero client for `pressero` with the default page size (500).
pub fn default_pressero_client(pressero: &RunningPressero) -> PresseroClient {
    pressero_client(pressero, 500)
}

/// The Pace simulator started with `config`, and a Pace client logged in with its credentials.
pub async fn start_pace(config: PaceConfig) -> (RunningPace, PaceClient) {
    let (login, password) = (config.login.clone(), config.password.clone());
    let pace = PaceSimulator::start(config).await.unwrap();
    let client = PaceClient::new(
        PaceConnection::new(&pace.base_url(), &login).unwrap(),
        pace::Password::new(password),
    )
    .unwrap();
    (pace, client)
}

/// A store on a file in a fresh temporary folder (keep the folder alive while using the store).
pub fn temp_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path()).unwrap();
    (dir, store)
}
