//! `credentials set pace|pressero|smtp`: stores a password in the OS keyring, reading one line
//! from standard input (so it never appears in the shell history or the process list).

use crate::Outcome;
use anyhow::Context;
use clap::Subcommand;
use engine::secrets::{Account, KeyringStore, Secret, SecretStore};
use std::io::BufRead;

/// What to do with a password.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Store the password of `pace`, `pressero` or `smtp`, read as one line from standard input.
    Set {
        /// `pace`, `pressero` or `smtp`.
        account: Account,
    },
    /// Remove the stored password of `pace`, `pressero` or `smtp`.
    Delete {
        /// `pace`, `pressero` or `smtp`.
        account: Account,
    },
}

/// Runs the credentials command against the OS keyring.
pub fn run(action: Action) -> anyhow::Result<Outcome> {
    let keyring = KeyringStore::new();
    match action {
        Action::Set { account } => {
            let password = read_password_line(std::io::stdin().lock())
                .with_context(|| format!("reading {} from standard input", account.label()))?;
            keyring.set(account, &password)?;
            println!("Stored {} in the OS keyring.", account.label());
            if std::env::var_os(account.environment_variable()).is_some() {
                println!(
                    "Note: {} is set in this environment and takes precedence over the keyring.",
                    account.environment_variable()
                );
            }
        }
        Action::Delete { account } => {
            keyring.delete(account)?;
            println!("Removed {} from the OS keyring.", account.label());
        }
    }
    Ok(Outcome::Fine)
}

/// The first line of `input`, without its line ending; an empty line is refused.
fn read_password_line(mut input: impl BufRead) -> anyhow::Result<Secret> {
    let mut line = String::new();
    input.read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']);
    anyhow::ensure!(!password.is_empty(), "no password given on standard input");
    Ok(Secret::new(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_the_first_line_without_its_ending() {
        let secret = read_password_line("s3cret pass\r\nsecond line\n".as_bytes()).unwrap();
        assert_eq!(secret.expose(), "s3cret pass");
        assert!(read_password_line("\n".as_bytes()).is_err());
        assert!(read_password_line("".as_bytes()).is_err());
    }
}
