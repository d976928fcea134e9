//! One module per command. Each opens the service handle and calls it; none holds sync logic.

pub mod credentials;
pub mod demo;
pub mod doctor;
pub mod plan;
pub mod proof;
pub mod run;
pub mod status;

use anyhow::Context;
use engine::secrets::{KeyringStore, SecretStore, WithEnvironment};
use engine::service::{ServiceConfig, ServiceHandle, SyncService};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the settings and the database are, as given on the command line.
#[derive(Debug, Clone)]
pub struct Places {
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
}

impl Places {
    /// The service configuration: the given places (else the platform's), passwords from the
    /// environment, then the OS keyring.
    pub fn service_config(&self) -> anyhow::Result<ServiceConfig> {
        self.service_config_with(Arc::new(WithEnvironment::new(KeyringStore::new())))
    }

    /// The same, with passwords from `secrets`.
    pub fn service_config_with(
        &self,
        secrets: Arc<dyn SecretStore>,
    ) -> anyhow::Result<ServiceConfig> {
        let settings_path = match &self.config {
            Some(path) => path.clone(),
            None => engine::service::default_settings_path()?,
        };
        let data_dir = match &self.data_dir {
            Some(dir) => dir.clone(),
            None => engine::service::default_data_dir()?,
        };
        Ok(ServiceConfig {
            settings_path,
            data_dir,
            secrets,
        })
    }

    /// Opens the service handle (no background work).
    pub fn open(&self) -> anyhow::Result<ServiceHandle> {
        let config = self.service_config()?;
        let settings = config.settings_path.display().to_string();
        SyncService::open(config)
            .with_context(|| format!("opening the sync service (settings {settings})"))
    }
}
