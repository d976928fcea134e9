//! The sync service's one handle (ARCHITECTURE.md, invariant 4): everything the desktop app and
//! the headless CLI do goes through [`ServiceHandle`]: start and stop, "Sync now", one run
//! (`run --once`), push an order, preview an order's plan without writing, list orders, an
//! order's detail with its trace, settings (get, validate, save), test connections, and the
//! event stream.
//!
//! The handle composes the engine's modules: the [`crate::store`] (SQLite in the data
//! directory), the [`crate::events`] bus over it, the [`crate::poller`], the worker (resolve →
//! plan → apply → write-back) and the passwords of a [`SecretStore`]. Opening a handle needs no
//! password and no network ([`SyncService::open`]: enough for `status` and the order list);
//! the clients are built on first use from the settings and the secret store.
//!
//! ```no_run
//! # async fn demo() -> Result<(), engine::service::ServiceError> {
//! use engine::secrets::{KeyringStore, WithEnvironment};
//! use engine::service::{ServiceConfig, SyncService};
//! use std::sync::Arc;
//! let handle = SyncService::open(ServiceConfig {
//!     settings_path: "settings.toml".into(),
//!     data_dir: engine::service::default_data_dir()?,
//!     secrets: Arc::new(WithEnvironment::new(KeyringStore::new())),
//! })?;
//! let report = handle.run_once().await?;
//! println!("{}", report.message());
//! # Ok(()) }
//! ```

mod alerting;
mod background;
mod clients;
mod detail;
mod doctor;
mod error;
mod preview;
mod run;
mod sync_lock;
#[cfg(test)]
mod tests;
mod window;

pub use alerting::{ALERT, ALERT_EMAIL_FAILED};
pub use detail::{OrderDetail, StatusReport};
pub use doctor::{
    Check, CheckOutcome, ConnectionReport, IGNORED_FIELDS, Problem, check_connections,
    ignored_fields_check,
};
pub use error::ServiceError;
pub use preview::Preview;
pub use run::{PushReport, RunReport, SyncOutcomes};
pub use sync_lock::{LOCK_FILE_NAME, OWNER_FILE_NAME};
pub use window::Connection;

use crate::events::{Clock, EventBus, SyncEvent, SystemClock};
use crate::resolve::{Directory, Resolver};
use crate::secrets::{Account, Secret, SecretStore};
use crate::settings::{Settings, SettingsProblem};
use crate::store::{OrderFilter, OrderRow, Store};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::broadcast;

/// Where the service keeps its settings and its database, and where it finds passwords.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// The settings TOML file (no passwords in it).
    pub settings_path: PathBuf,
    /// The folder of the SQLite database (created when missing).
    pub data_dir: PathBuf,
    /// Where passwords come from (the OS keyring with environment overrides, in the product).
    pub secrets: Arc<dyn SecretStore>,
}

/// The platform's data directory for the service's database, e.g.
/// `~/.local/share/pressero-pace-sync` on Linux.
pub fn default_data_dir() -> Result<PathBuf, ServiceError> {
    project_dirs().map(|dirs| dirs.data_dir().to_path_buf())
}

/// The platform's place for the settings file, e.g. `~/.config/pressero-pace-sync/settings.toml`
/// on Linux.
pub fn default_settings_path() -> Result<PathBuf, ServiceError> {
    project_dirs().map(|dirs| dirs.config_dir().join("settings.toml"))
}

fn project_dirs() -> Result<directories::ProjectDirs, ServiceError> {
    directories::ProjectDirs::from("", "", "pressero-pace-sync").ok_or(ServiceError::NoHomeFolder)
}

/// Opens and starts sync services.
#[derive(Debug, Clone, Copy)]
pub struct SyncService;

impl SyncService {
    /// Opens the database and reads the settings, without starting any background work,
    /// without reaching Pace or Pressero and without changing anything (so `status` may run
    /// beside a running service). Syncing (`run_once`, `backfill`, `start`, `push`) first takes
    /// the data folder's sync lock (one syncing process per data folder, `sync_lock.rs`); a
    /// second process is refused with [`ServiceError::AlreadySyncing`]. Orders a crash left
    /// half-synced go back to Ready when this handle takes the lock.
    pub fn open(config: ServiceConfig) -> Result<ServiceHandle, ServiceError> {
        let settings = Settings::load(&config.settings_path)?;
        Self::open_with(config, settings)
    }

    /// Opens the service like [`SyncService::open`], with a new installation's settings
    /// ([`Settings::new_installation`]: no storefront switched on yet) when the settings file
    /// does not exist yet (the desktop app's first run: the set-up flow saves it). Nothing is
    /// written until settings are saved.
    pub fn open_or_new(config: ServiceConfig) -> Result<ServiceHandle, ServiceError> {
        let settings = if config.settings_path.exists() {
            Settings::load(&config.settings_path)?
        } else {
            Settings::new_installation()
        };
        Self::open_with(config, settings)
    }

    fn open_with(config: ServiceConfig, settings: Settings) -> Result<ServiceHandle, ServiceError> {
        let store = Store::open_in_data_dir(&config.data_dir)?;
        let events = EventBus::new(store.clone())?;
        Ok(ServiceHandle {
            inner: Arc::new(Inner {
                config,
                store,
                events,
                clock: Arc::new(SystemClock),
                settings: Mutex::new(Arc::new(settings)),
                connected: Mutex::new(None),
                sync_lock: Mutex::new(None),
                background: background::Background::default(),
                paused: AtomicBool::new(false),
                backlog: crate::screens::health::BacklogGauge::default(),
            }),
        })
    }

    /// Opens the service ([`SyncService::open`]) and starts polling Pressero and syncing ready
    /// orders in the background until [`ServiceHandle::stop`].
    pub async fn start(config: ServiceConfig) -> Result<ServiceHandle, ServiceError> {
        let handle = SyncService::open(config)?;
        handle.start().await?;
        Ok(handle)
    }
}

/// The running service. Cheap to clone; clones share everything.
#[derive(Debug, Clone)]
pub struct ServiceHandle {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: ServiceConfig,
    store: Store,
    events: EventBus,
    clock: Arc<dyn Clock>,
    settings: Mutex<Arc<Settings>>,
    /// The clients and the modules built over them, made on first use from the settings.
    connected: Mutex<Option<Arc<run::Connected>>>,
    /// The data folder's sync lock, once this handle synced (held until it is dropped).
    sync_lock: Mutex<Option<sync_lock::SyncLock>>,
    background: background::Background,
    /// Whether staff paused the background sync (the window's Pause).
    paused: AtomicBool,
    /// The size of the backlog being drained, for the header's progress bar.
    backlog: crate::screens::health::BacklogGauge,
}

impl ServiceHandle {
    /// The settings in use.
    pub fn settings(&self) -> Settings {
        self.current_settings().as_ref().clone()
    }

    fn current_settings(&self) -> Arc<Settings> {
        self.inner
            .settings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Checks settings without saving them: every problem, with its field path.
    pub fn validate_settings(&self, settings: &Settings) -> Result<(), Vec<SettingsProblem>> {
        settings.validate()
    }

    /// Validates and saves `settings` to the settings file; they take effect at once (the
    /// clients are rebuilt on next use; background work restarts with them).
    pub async fn save_settings(&self, settings: Settings) -> Result<(), ServiceError> {
        settings.validate().map_err(ServiceError::InvalidSettings)?;
        if let Some(folder) = self.inner.config.settings_path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| ServiceError::Write {
                what: "the settings folder",
                source,
            })?;
        }
        settings.save(&self.inner.config.settings_path)?;
        let previous = std::mem::replace(
            &mut *self
                .inner
                .settings
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
            Arc::new(settings.clone()),
        );
        self.requeue_switched_on(&previous, &settings)?;
        self.reconnect().await
    }

    /// Orders Skipped because their storefront was not synced go back to Ready once the new
    /// settings switch it on (the plan decides again; an order skipped for another reason is
    /// simply skipped again).
    fn requeue_switched_on(&self, before: &Settings, after: &Settings) -> Result<(), ServiceError> {
        let skipped = self.inner.store.list_orders(&OrderFilter {
            states: vec![crate::store::OrderState::Skipped],
            ..OrderFilter::default()
        })?;
        for order in skipped {
            let site = &order.site_name;
            if !before.storefronts.syncs(site) && after.storefronts.syncs(site) {
                self.inner.events.change_state_if(
                    order.order_number,
                    crate::store::OrderState::Skipped,
                    crate::store::Transition::Ready,
                )?;
            }
        }
        Ok(())
    }

    /// Keeps `password` for `account` in the secret store (the OS keyring in the product); it
    /// is used at once (background work restarts with it).
    pub async fn set_password(
        &self,
        account: Account,
        password: &Secret,
    ) -> Result<(), ServiceError> {
        self.inner.config.secrets.set(account, password)?;
        self.reconnect().await
    }

    /// Drops the clients built from the settings and passwords, so the next call builds them
    /// again, and restarts the background work with them if it runs.
    async fn reconnect(&self) -> Result<(), ServiceError> {
        *self
            .inner
            .connected
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        if self.inner.background.is_running() {
            self.stop().await;
            self.start().await?;
        }
        Ok(())
    }

    /// The settings file in use.
    pub fn settings_path(&self) -> &Path {
        &self.inner.config.settings_path
    }

    /// The database.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// A new subscriber to the event stream: every event stored from now on (state changes,
    /// polls, apply steps, alerts).
    pub fn subscribe(&self) -> broadcast::Receiver<SyncEvent> {
        self.inner.events.subscribe()
    }

    /// Orders matching `filter`, newest first.
    pub fn list_orders(&self, filter: &OrderFilter) -> Result<Vec<OrderRow>, ServiceError> {
        Ok(self.inner.store.list_orders(filter)?)
    }

    /// Checks the settings, signs in to Pressero, asks Pace for its version and reads from it,
    /// proves the set-up against Pace (fields, ids) and reports what Pace ignored so far: each
    /// failure with what to do about it.
    pub async fn test_connections(&self) -> ConnectionReport {
        check_connections(
            &self.current_settings(),
            self.inner.config.secrets.as_ref(),
            Some(&self.inner.store),
        )
        .await
    }

    /// What syncing order `order_number` would do now, read from Pressero and Pace without
    /// writing anything anywhere.
    pub async fn preview(&self, order_number: u64) -> Result<Preview, ServiceError> {
        let connected = self.connected()?;
        let done = self.store().completed_keys(order_number)?;
        preview::preview_order(
            &connected.pressero,
            &connected.resolver,
            &connected.settings,
            order_number,
            connected.settings.shop.day_of(self.inner.clock.now()),
            &done,
        )
        .await
    }

    /// Sends the "test e-mail" to the alert addresses with the current mail settings; returns
    /// what was sent.
    pub async fn send_test_email(&self) -> Result<crate::alerts::AlertEmail, ServiceError> {
        Ok(self.connected()?.alerting.send_test_email().await?)
    }

    /// [`ServiceHandle::connected`] for syncing: first takes the data folder's sync lock (once
    /// per handle), and on taking it puts the orders a crash left in Syncing back to Ready
    /// (only the lock holder may: another process's Syncing orders are being synced).
    fn syncing(&self) -> Result<Arc<run::Connected>, ServiceError> {
        {
            let mut held = self
                .inner
                .sync_lock
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if held.is_none() {
                let lock = sync_lock::SyncLock::acquire(&self.inner.config.data_dir)?;
                self.inner.events.requeue_interrupted()?;
                *held = Some(lock);
            }
        }
        self.connected()
    }

    /// The clients and modules for the current settings, built on first use.
    fn connected(&self) -> Result<Arc<run::Connected>, ServiceError> {
        let mut connected = self
            .inner
            .connected
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(existing) = connected.as_ref() {
            return Ok(existing.clone());
        }
        let settings = self.current_settings();
        settings.validate().map_err(ServiceError::InvalidSettings)?;
        let secrets = self.inner.config.secrets.as_ref();
        let pace = clients::pace_client(&settings, secrets)?;
        let pressero = clients::pressero_client(&settings, secrets)?;
        let smtp_password = if settings.smtp.user.trim().is_empty() {
            None
        } else {
            match secrets.get(Account::Smtp) {
                Ok(password) => password.map(|p| p.expose().to_owned()),
                Err(error) => {
                    tracing::warn!(%error, "no SMTP password: alert e-mails go without authentication");
                    None
                }
            }
        };
        let alerting =
            alerting::Alerting::new(self.inner.events.clone(), &settings, smtp_password)?;
        let built = Arc::new(run::Connected::new(
            settings,
            pace.clone(),
            pressero,
            Resolver::new(pace).with_directory(Directory::new(self.inner.store.clone())),
            self.inner.events.clone(),
            self.inner.clock.clone(),
            alerting,
        ));
        *connected = Some(built.clone());
        Ok(built)
    }
}
