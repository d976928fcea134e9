//! The OS keyring: the Secret Service on Linux (GNOME Keyring, KWallet), the Keychain on macOS,
//! the Credential Manager on Windows, through the `keyring` crate. One entry per [`Account`],
//! under the service name [`KEYRING_SERVICE`].

use super::{Account, Secret, SecretError, SecretStore};

/// The keyring service name the passwords are filed under.
pub const KEYRING_SERVICE: &str = "pressero-pace-sync";

/// The OS keyring as a [`SecretStore`].
#[derive(Debug, Clone, Default)]
pub struct KeyringStore {
    service: Option<String>,
}

impl KeyringStore {
    /// The keyring entries under [`KEYRING_SERVICE`].
    pub fn new() -> Self {
        KeyringStore { service: None }
    }

    /// The keyring entries under another service name (tests, side-by-side installs).
    pub fn with_service(service: impl Into<String>) -> Self {
        KeyringStore {
            service: Some(service.into()),
        }
    }

    fn entry(&self, account: Account, action: &'static str) -> Result<keyring::Entry, SecretError> {
        let service = self.service.as_deref().unwrap_or(KEYRING_SERVICE);
        keyring::Entry::new(service, account.as_str()).map_err(failed(action, account))
    }
}

/// Turns a keyring error into a [`SecretError`] (the keyring's messages never hold the password).
fn failed(action: &'static str, account: Account) -> impl FnOnce(keyring::Error) -> SecretError {
    move |error| SecretError::Keyring {
        action,
        account,
        detail: error.to_string(),
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, account: Account) -> Result<Option<Secret>, SecretError> {
        match self.entry(account, "read")?.get_password() {
            Ok(password) => Ok(Some(Secret::new(password))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(failed("read", account)(error)),
        }
    }

    fn set(&self, account: Account, password: &Secret) -> Result<(), SecretError> {
        if password.expose().is_empty() {
            return Err(SecretError::Empty { account });
        }
        self.entry(account, "store")?
            .set_password(password.expose())
            .map_err(failed("store", account))
    }

    fn delete(&self, account: Account) -> Result<(), SecretError> {
        match self.entry(account, "delete")?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(failed("delete", account)(error)),
        }
    }
}
