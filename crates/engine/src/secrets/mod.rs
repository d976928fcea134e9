//! Passwords for Pressero, Pace and the SMTP server (ARCHITECTURE.md, invariant 5): they live
//! only in the OS keyring ([`KeyringStore`]), or, for headless use, in the environment
//! variables `PRESSERO_PASSWORD`, `PACE_PASSWORD` and `SMTP_PASSWORD`, which take precedence
//! ([`WithEnvironment`]). They never reach SQLite, the settings file, logs, events or output:
//! a [`Secret`] never shows itself in `Debug` or `Display`.
//!
//! ```no_run
//! use engine::secrets::{Account, KeyringStore, SecretStore, WithEnvironment};
//! let secrets = WithEnvironment::new(KeyringStore::new());
//! let pace_password = secrets.get(Account::Pace)?; // PACE_PASSWORD if set, else the keyring
//! # Ok::<(), engine::secrets::SecretError>(())
//! ```

mod environment;
mod keyring_store;

pub use environment::WithEnvironment;
pub use keyring_store::{KEYRING_SERVICE, KeyringStore};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// Whose password: the three accounts the sync service signs in to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Account {
    /// The Pace API user (`[pace] login` in the settings).
    Pace,
    /// The Pressero admin user (`[pressero] user_name`).
    Pressero,
    /// The SMTP user for alert e-mails (`[smtp] user`).
    Smtp,
}

impl Account {
    /// Every account, in a fixed order.
    pub const ALL: [Account; 3] = [Account::Pace, Account::Pressero, Account::Smtp];

    /// The name used on the command line and as the keyring entry's user: `pace`, `pressero`,
    /// `smtp`.
    pub fn as_str(self) -> &'static str {
        match self {
            Account::Pace => "pace",
            Account::Pressero => "pressero",
            Account::Smtp => "smtp",
        }
    }

    /// The environment variable that overrides the keyring for this account.
    pub fn environment_variable(self) -> &'static str {
        match self {
            Account::Pace => "PACE_PASSWORD",
            Account::Pressero => "PRESSERO_PASSWORD",
            Account::Smtp => "SMTP_PASSWORD",
        }
    }

    /// What the account is, in a shop manager's words.
    pub fn label(self) -> &'static str {
        match self {
            Account::Pace => "the Pace API password",
            Account::Pressero => "the Pressero admin password",
            Account::Smtp => "the SMTP (alert e-mail) password",
        }
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not `pace`, `pressero` or `smtp`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown account {0:?}: expected pace, pressero or smtp")]
pub struct UnknownAccount(pub String);

impl FromStr for Account {
    type Err = UnknownAccount;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Account::ALL
            .into_iter()
            .find(|account| account.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownAccount(text.to_owned()))
    }
}

/// A password held in memory: `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Secret(password.into())
    }

    /// The password itself, to hand to a client (and nowhere else).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Reading or writing a password failed.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The OS keyring could not be used (no Secret Service running, locked, refused…).
    #[error(
        "the OS keyring could not {action} {}: {detail}; unlock the keyring, or set {} for headless use",
        account.label(),
        account.environment_variable()
    )]
    Keyring {
        /// `read`, `store` or `delete`.
        action: &'static str,
        /// Whose password.
        account: Account,
        /// What the keyring said (never the password).
        detail: String,
    },
    /// An empty password was given to store.
    #[error("{} is empty: nothing was stored", account.label())]
    Empty {
        /// Whose password.
        account: Account,
    },
}

/// Where passwords are kept. Implementations: [`KeyringStore`] (the OS keyring), wrapped in
/// [`WithEnvironment`] for the environment overrides; tests use an in-memory double.
pub trait SecretStore: Send + Sync + fmt::Debug {
    /// The password of `account`, if one is kept.
    fn get(&self, account: Account) -> Result<Option<Secret>, SecretError>;
    /// Keeps `password` for `account`, replacing any previous one.
    fn set(&self, account: Account, password: &Secret) -> Result<(), SecretError>;
    /// Forgets the password of `account` (no error when there was none).
    fn delete(&self, account: Account) -> Result<(), SecretError>;
}

impl<S: SecretStore + ?Sized> SecretStore for Arc<S> {
    fn get(&self, account: Account) -> Result<Option<Secret>, SecretError> {
        (**self).get(account)
    }

    fn set(&self, account: Account, password: &Secret) -> Result<(), SecretError> {
        (**self).set(account, password)
    }

    fn delete(&self, account: Account) -> Result<(), SecretError> {
        (**self).delete(account)
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! The in-memory double of [`SecretStore`], for tests only.

    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// Passwords in a map.
    #[derive(Debug, Default)]
    pub(crate) struct MemorySecrets(Mutex<BTreeMap<Account, Secret>>);

    impl SecretStore for MemorySecrets {
        fn get(&self, account: Account) -> Result<Option<Secret>, SecretError> {
            Ok(self.0.lock().unwrap().get(&account).cloned())
        }

        fn set(&self, account: Account, password: &Secret) -> Result<(), SecretError> {
            self.0.lock().unwrap().insert(account, password.clone());
            Ok(())
        }

        fn delete(&self, account: Account) -> Result<(), SecretError> {
            self.0.lock().unwrap().remove(&account);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_parse_from_their_command_line_names() {
        for account in Account::ALL {
            assert_eq!(account.as_str().parse::<Account>().unwrap(), account);
        }
        assert_eq!(" PACE ".parse::<Account>().unwrap(), Account::Pace);
        assert!("ftp".parse::<Account>().is_err());
    }

    #[test]
    fn a_secret_never_shows_itself() {
        let secret = Secret::new("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert!(!secret.to_string().contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
    }
}
