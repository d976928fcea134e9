//! The service the window talks to: the shop's own, or the demo shop. Switching to the demo
//! ("Try the demo") stops the shop's service and starts the demo's; the shop's settings and
//! database are never touched by the demo.

use demo_shop::{DemoPorts, DemoShop};
use engine::secrets::{KeyringStore, WithEnvironment};
use engine::service::{ServiceConfig, ServiceHandle, SyncService};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::AppHandle;
use tokio::sync::RwLock;

/// Where the shop's settings and database are, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// `--config <file>`: the settings file (default: the platform's config folder).
    pub config: Option<PathBuf>,
    /// `--data-dir <dir>`: the database folder (default: the platform's data folder).
    pub data_dir: Option<PathBuf>,
    /// `--demo`: start in demo mode.
    pub demo: bool,
}

impl Places {
    /// Reads `--config`, `--data-dir` and `--demo`; anything else is ignored (WebDriver and the
    /// OS may add arguments of their own).
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Places {
        let mut places = Places::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--config" => places.config = args.next().map(PathBuf::from),
                "--data-dir" => places.data_dir = args.next().map(PathBuf::from),
                "--demo" => places.demo = true,
                _ => {}
            }
        }
        places
    }

    fn service_config(&self) -> Result<ServiceConfig, String> {
        let settings_path = match &self.config {
            Some(path) => path.clone(),
            None => engine::service::default_settings_path().map_err(|e| e.to_string())?,
        };
        let data_dir = match &self.data_dir {
            Some(dir) => dir.clone(),
            None => engine::service::default_data_dir().map_err(|e| e.to_string())?,
        };
        Ok(ServiceConfig {
            settings_path,
            data_dir,
            secrets: Arc::new(WithEnvironment::new(KeyringStore::new())),
        })
    }
}

/// A service with the demo shop it runs against, if it is the demo.
struct Session {
    handle: ServiceHandle,
    demo: Option<DemoShop>,
    live: tauri::async_runtime::JoinHandle<()>,
}

/// The app's state: the current session and the app's version.
pub struct Desk {
    session: RwLock<Option<Session>>,
    version: String,
}

impl Desk {
    /// No session yet (the setup hook opens one).
    pub fn new(version: &str) -> Self {
        Desk {
            session: RwLock::new(None),
            version: version.to_owned(),
        }
    }

    /// The app's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The current service, or an error in words while it is still opening.
    pub async fn handle(&self) -> Result<ServiceHandle, String> {
        self.session
            .read()
            .await
            .as_ref()
            .map(|session| session.handle.clone())
            .ok_or_else(|| "the sync service is still starting; try again in a moment".to_owned())
    }

    /// Whether the current session is the demo.
    pub async fn is_demo(&self) -> bool {
        self.session
            .read()
            .await
            .as_ref()
            .is_some_and(|session| session.demo.is_some())
    }

    /// Opens the shop's service from `places` (or the demo with `--demo`) and starts syncing
    /// when its settings allow (a first run has none yet: the set-up flow saves them).
    pub async fn open(&self, app: &AppHandle, places: &Places) -> Result<(), String> {
        if places.demo {
            return self.start_demo(app).await;
        }
        let handle =
            SyncService::open_or_new(places.service_config()?).map_err(|e| e.to_string())?;
        if handle.settings_path().exists()
            && let Err(error) = handle.start().await
        {
            log::warn!("the sync is not running yet: {error}");
        }
        self.replace(app, handle, None).await;
        Ok(())
    }

    /// Switches to the demo: the bundled simulators with the sample orders.
    pub async fn start_demo(&self, app: &AppHandle) -> Result<(), String> {
        if self.is_demo().await {
            return Ok(());
        }
        let shop = DemoShop::start(DemoPorts::default())
            .await
            .map_err(|e| e.to_string())?;
        let handle = SyncService::open(shop.service_config()).map_err(|e| e.to_string())?;
        handle.start().await.map_err(|e| e.to_string())?;
        self.replace(app, handle, Some(shop)).await;
        Ok(())
    }

    /// Makes `handle` the current service: the previous one stops (gracefully) and its event
    /// forwarding ends; the new one's events reach the window, the tray and notifications.
    async fn replace(&self, app: &AppHandle, handle: ServiceHandle, demo: Option<DemoShop>) {
        let live = crate::live::forward(app.clone(), handle.clone());
        let previous = self.session.write().await.replace(Session {
            handle: handle.clone(),
            demo,
            live,
        });
        if let Some(previous) = previous {
            previous.live.abort();
            previous.handle.stop().await;
            if let Some(shop) = previous.demo {
                shop.stop().await;
            }
        }
        crate::live::refresh_tray(app, &handle);
    }
}
