//! The environment overrides: `PACE_PASSWORD`, `PRESSERO_PASSWORD` and `SMTP_PASSWORD`, when
//! set and not empty, win over whatever the wrapped store keeps (headless servers, CI, tests).

use super::{Account, Secret, SecretError, SecretStore};
use std::fmt;
use std::sync::Arc;

/// Reads one environment variable; injected so tests need not change the process environment.
type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// A [`SecretStore`] whose reads are answered first by the environment variables of
/// [`Account::environment_variable`]. Writes and deletes go to the wrapped store.
#[derive(Clone)]
pub struct WithEnvironment<S> {
    inner: S,
    lookup: Lookup,
}

impl<S: SecretStore> WithEnvironment<S> {
    /// `inner`, overridden by the process environment.
    pub fn new(inner: S) -> Self {
        Self::with_lookup(inner, |name| std::env::var(name).ok())
    }

    /// `inner`, overridden by what `lookup` answers for each variable name.
    pub fn with_lookup(
        inner: S,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        WithEnvironment {
            inner,
            lookup: Arc::new(lookup),
        }
    }

    /// Whether `account`'s password currently comes from its environment variable.
    pub fn is_overridden(&self, account: Account) -> bool {
        self.environment_value(account).is_some()
    }

    fn environment_value(&self, account: Account) -> Option<Secret> {
        (self.lookup)(account.environment_variable())
            .filter(|value| !value.is_empty())
            .map(Secret::new)
    }
}

impl<S: fmt::Debug> fmt::Debug for WithEnvironment<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithEnvironment")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<S: SecretStore> SecretStore for WithEnvironment<S> {
    fn get(&self, account: Account) -> Result<Option<Secret>, SecretError> {
        match self.environment_value(account) {
            Some(secret) => Ok(Some(secret)),
            None => self.inner.get(account),
        }
    }

    fn set(&self, account: Account, password: &Secret) -> Result<(), SecretError> {
        self.inner.set(account, password)
    }

    fn delete(&self, account: Account) -> Result<(), SecretError> {
        self.inner.delete(account)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::MemorySecrets;
    use super::*;
    use std::collections::BTreeMap;

    fn with_variables(variables: &[(&str, &str)]) -> WithEnvironment<MemorySecrets> {
        let variables: BTreeMap<String, String> = variables
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        WithEnvironment::with_lookup(MemorySecrets::default(), move |name| {
            variables.get(name).cloned()
        })
    }

    #[test]
    fn the_environment_wins_over_the_store() {
        let secrets = with_variables(&[("PACE_PASSWORD", "from-env")]);
        secrets
            .set(Account::Pace, &Secret::new("from-keyring"))
            .unwrap();
        secrets
            .set(Account::Pressero, &Secret::new("pressero-keyring"))
            .unwrap();
        assert_eq!(
            secrets.get(Account::Pace).unwrap().unwrap().expose(),
            "from-env"
        );
        assert!(secrets.is_overridden(Account::Pace));
        assert_eq!(
            secrets.get(Account::Pressero).unwrap().unwrap().expose(),
            "pressero-keyring"
        );
        assert!(!secrets.is_overridden(Account::Pressero));
        assert_eq!(secrets.get(Account::Smtp).unwrap(), None);
    }

    #[test]
    fn an_empty_variable_does_not_override() {
        let secrets = with_variables(&[("SMTP_PASSWORD", "")]);
        secrets.set(Account::Smtp, &Secret::new("kept")).unwrap();
        assert_eq!(
            secrets.get(Account::Smtp).unwrap().unwrap().expose(),
            "kept"
        );
    }

    #[test]
    fn delete_reaches_the_store() {
        let secrets = with_variables(&[]);
        secrets.set(Account::Pace, &Secret::new("x")).unwrap();
        secrets.delete(Account::Pace).unwrap();
        assert_eq!(secrets.get(Account::Pace).unwrap(), None);
    }
}
