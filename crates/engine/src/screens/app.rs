//! What the window needs to know first: the version, whether this is the demo or a first run
//! (no settings file yet: the set-up flow instead of an empty screen), where settings and data
//! live, and whether the OS keyring can be used (a locked or missing keyring is explained, never
//! a silent failure).

use crate::secrets::{Account, SecretError, SecretStore};
use serde::Serialize;
use ts_rs::TS;

/// Whether the OS keyring can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeyringState {
    /// It answers.
    Ok,
    /// It is there but locked (or refused access).
    Locked,
    /// There is none (no Secret Service running, on Linux).
    Missing,
}

/// The keyring's state with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KeyringStatus {
    /// The state.
    pub state: KeyringState,
    /// What it means, in words.
    pub message: String,
    /// What to do; empty when nothing is needed.
    pub fix: String,
}

impl KeyringStatus {
    /// Asks `secrets` for a password (a read: nothing is changed) and explains the answer.
    pub fn probe(secrets: &dyn SecretStore) -> Self {
        match secrets.get(Account::Pace) {
            Ok(_) => KeyringStatus {
                state: KeyringState::Ok,
                message: "The OS keyring is available: passwords are kept there.".to_owned(),
                fix: String::new(),
            },
            Err(SecretError::Keyring { detail, .. }) => {
                let lower = detail.to_ascii_lowercase();
                let missing = [
                    "no such",
                    "not provided",
                    "not found",
                    "service",
                    "dbus",
                    "d-bus",
                ]
                .iter()
                .any(|word| lower.contains(word))
                    && !lower.contains("locked");
                if missing {
                    KeyringStatus {
                        state: KeyringState::Missing,
                        message: format!("No OS keyring answers ({detail}), so passwords cannot be stored."),
                        fix: "Start your desktop's keyring (GNOME Keyring or KWallet on Linux; it is built in on Windows and macOS), then restart the app. For a headless computer, set PACE_PASSWORD, PRESSERO_PASSWORD and SMTP_PASSWORD in the environment instead.".to_owned(),
                    }
                } else {
                    KeyringStatus {
                        state: KeyringState::Locked,
                        message: format!("The OS keyring is locked or refused access ({detail})."),
                        fix: "Unlock the keyring (log in again, or open your keyring app and unlock the login keyring), then try again.".to_owned(),
                    }
                }
            }
            Err(error) => KeyringStatus {
                state: KeyringState::Locked,
                message: error.to_string(),
                fix: "Unlock the keyring, then try again.".to_owned(),
            },
        }
    }
}

/// What the window needs to know when it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// Whether this is the demo (bundled simulators with the sample orders).
    pub demo: bool,
    /// Whether the shop has not set the app up yet (no settings file).
    pub first_run: bool,
    /// Whether passwords can be kept.
    pub keyring: KeyringStatus,
    /// The settings file.
    pub settings_path: String,
    /// The folder of the database.
    pub data_dir: String,
}
