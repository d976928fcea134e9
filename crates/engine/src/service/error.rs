//! Why a service call failed, keeping whether trying again later may help.

use crate::apply::ApplyError;
use crate::plan::PlanError;
use crate::poller::PollError;
use crate::resolve::ResolveError;
use crate::secrets::{Account, SecretError};
use crate::settings::{SettingsFileError, SettingsProblem};
use crate::store::StoreError;
use crate::worker::WorkerError;

/// A service call that failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The settings file could not be read or written.
    #[error(transparent)]
    SettingsFile(#[from] SettingsFileError),
    /// The settings are not valid.
    #[error("the settings are not valid: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidSettings(Vec<SettingsProblem>),
    /// No password is kept for an account.
    #[error(
        "no {} is stored: run `pressero-pace-sync credentials set {account}` (or set {})",
        account.label().trim_start_matches("the "),
        account.environment_variable()
    )]
    MissingPassword {
        /// Whose password.
        account: Account,
    },
    /// The keyring could not be read.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// The Pace connection settings are unusable.
    #[error("the Pace connection settings are unusable: {0}")]
    PaceSetup(#[from] pace::SettingsError),
    /// The Pressero connection settings are unusable.
    #[error("the Pressero connection settings are unusable: {0}")]
    PresseroSetup(Box<pressero::PresseroError>),
    /// A Pressero call failed.
    #[error(transparent)]
    Pressero(Box<pressero::PresseroError>),
    /// A Pace look-up failed.
    #[error(transparent)]
    Resolve(Box<ResolveError>),
    /// The order cannot be planned.
    #[error(transparent)]
    Plan(Box<PlanError>),
    /// Applying the plan failed.
    #[error(transparent)]
    Apply(Box<ApplyError>),
    /// Polling Pressero failed.
    #[error(transparent)]
    Poll(Box<PollError>),
    /// The worker could not record an order's outcome.
    #[error(transparent)]
    Worker(Box<WorkerError>),
    /// An e-mail could not be sent.
    #[error(transparent)]
    Mail(Box<crate::alerts::MailError>),
    /// The database failed.
    #[error(transparent)]
    Store(Box<StoreError>),
    /// The order is not known.
    #[error(
        "order {0} is not known: it was never seen in Pressero (check the number, or run a poll first)"
    )]
    UnknownOrder(u64),
    /// The order cannot be skipped in its state.
    #[error("order {order} cannot be skipped: it is {state}")]
    CannotSkip {
        /// The order.
        order: u64,
        /// Its state.
        state: crate::store::OrderState,
    },
    /// Only an order in "Changed after sync" can be acknowledged.
    #[error("order {order} has no change after sync to acknowledge: it is {state}")]
    NothingToAcknowledge {
        /// The order.
        order: u64,
        /// Its state.
        state: crate::store::OrderState,
    },
    /// A file (the diagnostics bundle) could not be written.
    #[error("could not write {what}: {source}")]
    Write {
        /// What.
        what: &'static str,
        /// Why.
        source: std::io::Error,
    },
    /// Another process syncs with this data folder (its sync lock is held).
    #[error(
        "another Pressero → Pace Sync is already syncing with the data folder {}: {owner}. \
         Only one process may sync per data folder: stop that one first, or let it do the \
         syncing (read-only commands such as `status` and `plan` still work beside it)",
        data_dir.display()
    )]
    AlreadySyncing {
        /// The data folder.
        data_dir: std::path::PathBuf,
        /// The process holding the lock, as it described itself (pid, command, since when).
        owner: String,
    },
    /// No home folder to put the data directory in.
    #[error("this computer has no home folder for the data directory: give --data-dir")]
    NoHomeFolder,
}

impl ServiceError {
    /// Whether trying again later may succeed (network trouble, timeouts, HTTP 5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            ServiceError::Pressero(error) => error.is_transient(),
            ServiceError::Resolve(error) => error.is_transient(),
            ServiceError::Apply(error) => error.is_transient(),
            ServiceError::Poll(error) => error.is_transient(),
            ServiceError::Mail(error) => error.is_transient(),
            _ => false,
        }
    }
}

/// `From` for the errors kept boxed (so a `Result<_, ServiceError>` stays small).
macro_rules! boxed_from {
    ($($source:ty => $variant:ident),* $(,)?) => {
        $(impl From<$source> for ServiceError {
            fn from(error: $source) -> Self {
                ServiceError::$variant(Box::new(error))
            }
        })*
    };
}

boxed_from! {
    pressero::PresseroError => Pressero,
    ResolveError => Resolve,
    PlanError => Plan,
    ApplyError => Apply,
    PollError => Poll,
    WorkerError => Worker,
    StoreError => Store,
    crate::alerts::MailError => Mail,
}
