//! One syncing process per data folder. Two processes syncing from one database (the desktop
//! app and `run` in a terminal, two app windows, two `run --once` from a scheduler) would each
//! take orders the other is writing, and each put the other's orders in Syncing back to Ready.
//!
//! So syncing (`run_once`, `backfill`, `start`, `push`) first takes an OS file lock on
//! `sync.lock` in the data folder (`flock` on Unix, `LockFileEx` on Windows, through `fs4`),
//! held until the handle is dropped or the process ends (a killed process loses it at once: no
//! stale lock). The holder writes its process id, command line and start time to `sync.owner`
//! beside it (a separate file: Windows does not let another process read a locked file), so a
//! second process can say which one runs. Opening a handle takes no lock: `status`, `plan`,
//! the order list and the other read-only commands work beside a syncing process.

use super::ServiceError;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// The locked file in the data folder.
pub const LOCK_FILE_NAME: &str = "sync.lock";
/// The file naming the process that holds the lock.
pub const OWNER_FILE_NAME: &str = "sync.owner";

/// The held lock: syncing is allowed while it lives.
#[derive(Debug)]
pub(crate) struct SyncLock {
    _file: File,
}

impl SyncLock {
    /// Takes the data folder's sync lock, or says which process holds it.
    pub(crate) fn acquire(data_dir: &Path) -> Result<SyncLock, ServiceError> {
        let io_error = |what: &'static str| move |source| ServiceError::Write { what, source };
        std::fs::create_dir_all(data_dir).map_err(io_error("the data folder"))?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(data_dir.join(LOCK_FILE_NAME))
            .map_err(io_error("the sync lock file"))?;
        // Called through the trait: `std::fs::File` has a method of the same name only since
        // Rust 1.89, newer than this workspace's minimum.
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                let owner = std::fs::read_to_string(data_dir.join(OWNER_FILE_NAME))
                    .map(|text| text.trim().to_owned())
                    .unwrap_or_default();
                return Err(ServiceError::AlreadySyncing {
                    data_dir: data_dir.to_path_buf(),
                    owner: if owner.is_empty() {
                        "a process that did not say which it is".to_owned()
                    } else {
                        owner
                    },
                });
            }
            Err(fs4::TryLockError::Error(source)) => {
                return Err(ServiceError::Write {
                    what: "the sync lock file (locking it)",
                    source,
                });
            }
        }
        std::fs::write(data_dir.join(OWNER_FILE_NAME), owner_line())
            .map_err(io_error("the sync owner file"))?;
        Ok(SyncLock { _file: file })
    }
}

/// `process 4711 (pressero-pace-sync run --once), since 2026-11-20 09:00:00 UTC`.
fn owner_line() -> String {
    let command: Vec<String> = std::env::args()
        .enumerate()
        .map(|(index, argument)| {
            if index == 0 {
                PathBuf::from(&argument)
                    .file_name()
                    .map_or(argument.clone(), |name| name.to_string_lossy().into_owned())
            } else {
                argument
            }
        })
        .collect();
    format!(
        "process {} ({}), since {}\n",
        std::process::id(),
        command.join(" "),
        chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_folder_is_refused_naming_the_first_until_it_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = SyncLock::acquire(dir.path()).unwrap();
        let error = SyncLock::acquire(dir.path()).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(&format!("process {}", std::process::id()))
                && message.contains("already syncing"),
            "{message}"
        );
        drop(first);
        SyncLock::acquire(dir.path()).unwrap();
    }
}
