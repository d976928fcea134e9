//! Where and how to reach Pace: the validated base URL, optional company (multi-company
//! servers), login, timeouts, keep-alive and an extra trusted CA. The password is not part of
//! it: it is handed to [`crate::PaceClient::new`] as a [`Password`], kept only in memory and
//! never printed.

use std::fmt;
use std::time::Duration;

use url::Url;

use crate::wire::Service;

/// Why connection settings are not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// The Pace URL is not an absolute http(s) URL of a server.
    #[error("{0}")]
    InvalidUrl(String),
    /// The company id holds characters other than letters, digits, `_` and `-`.
    #[error("Pace company id '{0}' may only hold letters, digits, '_' and '-'")]
    InvalidCompany(String),
    /// The login is empty.
    #[error("the Pace login is empty")]
    EmptyLogin,
    /// The extra CA certificate is not a PEM certificate.
    #[error("the trusted CA certificate is not a PEM certificate: {0}")]
    InvalidCertificate(String),
    /// The HTTP client could not be built.
    #[error("could not set up HTTP for Pace: {0}")]
    Http(String),
}

/// A Pace password: held in memory only; `Debug` and `Display` never show it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Password(password.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// Settings for reaching one Pace server.
#[derive(Clone, PartialEq, Eq)]
pub struct PaceConnection {
    base_url: Url,
    company: Option<String>,
    login: String,
    connect_timeout: Duration,
    request_timeout: Duration,
    keep_alive: bool,
    trusted_ca_pem: Option<Vec<u8>>,
}

impl fmt::Debug for PaceConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaceConnection")
            .field("base_url", &self.base_url.as_str())
            .field("company", &self.company)
            .field("login", &self.login)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("keep_alive", &self.keep_alive)
            .field(
                "trusted_ca_pem",
                &self.trusted_ca_pem.as_ref().map(|p| p.len()),
            )
            .finish()
    }
}

impl PaceConnection {
    /// Settings for the server at `base_url` (`http://pace.local`, `https://10.0.0.5:8443`;
    /// only the root is needed) with `login`. Defaults: connect timeout 10 s, request timeout
    /// 60 s, keep-alive on, no extra CA, no company.
    pub fn new(base_url: &str, login: &str) -> Result<Self, SettingsError> {
        let trimmed = base_url.trim();
        let lower = trimmed.to_ascii_lowercase();
        if !lower.starts_with("http://") && !lower.starts_with("https://") {
            return Err(SettingsError::InvalidUrl(format!(
                "Pace URL must start with http:// or https://, got '{trimmed}'"
            )));
        }
        let url = Url::parse(trimmed).map_err(|e| {
            SettingsError::InvalidUrl(format!("Pace URL '{trimmed}' is not a valid URL: {e}"))
        })?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(SettingsError::InvalidUrl(format!(
                "Pace URL '{trimmed}' has no host"
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(SettingsError::InvalidUrl(
                "Pace URL must not contain a user name or password: give them as the login and password".to_owned(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(SettingsError::InvalidUrl(format!(
                "Pace URL '{trimmed}' must not have a query or fragment"
            )));
        }
        if login.trim().is_empty() {
            return Err(SettingsError::EmptyLogin);
        }
        Ok(PaceConnection {
            base_url: url,
            company: None,
            login: login.to_owned(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            keep_alive: true,
            trusted_ca_pem: None,
        })
    }

    /// For multi-company servers: calls go to `/rpc/company:<id>/services/<Service>`.
    pub fn company(mut self, company: &str) -> Result<Self, SettingsError> {
        let valid = !company.is_empty()
            && company
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(SettingsError::InvalidCompany(company.to_owned()));
        }
        self.company = Some(company.to_owned());
        Ok(self)
    }

    /// How long to wait for the TCP (and TLS) connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one whole call may take.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Keep connections open between calls (on by default). Off sends `Connection: close` and
    /// keeps no pool, which helps over flaky WAN links (reference §6).
    pub fn keep_alive(mut self, keep_alive: bool) -> Self {
        self.keep_alive = keep_alive;
        self
    }

    /// Also trust this CA certificate (PEM), for on-premise servers with their own CA.
    pub fn trusted_ca_pem(mut self, pem: Vec<u8>) -> Self {
        self.trusted_ca_pem = Some(pem);
        self
    }

    /// The login.
    pub fn login(&self) -> &str {
        &self.login
    }

    /// Whether keep-alive is on.
    pub fn is_keep_alive(&self) -> bool {
        self.keep_alive
    }

    pub(crate) fn timeouts(&self) -> (Duration, Duration) {
        (self.connect_timeout, self.request_timeout)
    }

    pub(crate) fn trusted_ca(&self) -> Option<&[u8]> {
        self.trusted_ca_pem.as_deref()
    }

    /// The endpoint of `service`: `{base}/rpc/services/{Service}` or
    /// `{base}/rpc/company:{id}/services/{Service}`.
    pub fn service_url(&self, service: Service) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        match &self.company {
            Some(company) => format!("{base}/rpc/company:{company}/services/{}", service.name()),
            None => format!("{base}/rpc/services/{}", service.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let c = PaceConnection::new("https://pace.example.com:8443/", "api").unwrap();
        assert_eq!(
            c.service_url(Service::FindObjects),
            "https://pace.example.com:8443/rpc/services/FindObjects"
        );
        let c = c.company("2").unwrap();
        assert_eq!(
            c.service_url(Service::ReadObject),
            "https://pace.example.com:8443/rpc/company:2/services/ReadObject"
        );
        let c = PaceConnection::new("http://10.0.0.5", "api").unwrap();
        assert_eq!(
            c.service_url(Service::Version),
            "http://10.0.0.5/rpc/services/Version"
        );
    }

    #[test]
    fn bad_urls_say_why() {
        let error = PaceConnection::new("pace.local", "api").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Pace URL must start with http:// or https://, got 'pace.local'"
        );
        assert!(PaceConnection::new("ftp://pace.local", "api").is_err());
        assert!(PaceConnection::new("http://", "api").is_err());
        assert!(PaceConnection::new("http://u:p@pace.local", "api").is_err());
        assert!(PaceConnection::new("http://pace.local/?x=1", "api").is_err());
        assert_eq!(
            PaceConnection::new("http://pace.local", " "),
            Err(SettingsError::EmptyLogin)
        );
        let c = PaceConnection::new("http://pace.local", "api").unwrap();
        assert!(c.company("a/b").is_err());
    }

    #[test]
    fn password_is_never_printed() {
        let password = Password::new("s3cret-pw");
        assert!(!format!("{password:?}").contains("s3cret"));
        assert_eq!(password.expose(), "s3cret-pw");
    }
}
