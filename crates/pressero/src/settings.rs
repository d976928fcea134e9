//! How to reach one Pressero subscriber's Admin API: the admin base URL (a data-centre host such
//! as `https://admin.chi.v6.pressero.com`, or a white-label admin domain), the API user, the
//! subscriber and consumer ids, timeouts and sizes. The password is not a setting: the caller
//! hands it to the client as a [`Password`], and it stays in memory only.

use std::fmt;
use std::time::Duration;

use url::Url;

/// Settings for a [`crate::PresseroClient`].
#[derive(Clone, PartialEq, Eq)]
pub struct PresseroSettings {
    admin_url: Url,
    /// The Pressero admin user the integration signs in as.
    pub user_name: String,
    /// The Pressero account's `SubscriberId` (a GUID).
    pub subscriber_id: String,
    /// The application's `ConsumerID` (a GUID issued by Aleyant).
    pub consumer_id: String,
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// How long an ordinary call may take.
    pub request_timeout: Duration,
    /// How long one page of an order search may take (big searches are slow: reference §4).
    pub search_timeout: Duration,
    /// How long a production file download may take.
    pub download_timeout: Duration,
    /// Rows per search page.
    pub page_size: u32,
    /// Longest date span one search request covers; longer windows are split.
    pub max_search_span: chrono::Duration,
}

/// Why settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// The admin URL is not usable.
    #[error(
        "Pressero admin URL {url:?} {problem}; expected the admin site's address, e.g. \
         https://admin.chi.v6.pressero.com or your white-label admin domain"
    )]
    AdminUrl {
        /// What was given.
        url: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A required setting is empty.
    #[error("Pressero {0} is empty")]
    Missing(&'static str),
    /// The page size is out of range.
    #[error("Pressero search page size {0} is out of range (1 to 10000)")]
    PageSize(u32),
    /// The search span is not positive.
    #[error("Pressero longest search span must be at least one second")]
    SearchSpan,
}

/// Largest page size accepted (Pressero accepts big pages; the reference saw 1500 for orders).
const MAX_PAGE_SIZE: u32 = 10_000;

impl PresseroSettings {
    /// Settings with default timeouts (10 s to connect, 60 s per call, 5 min per search page,
    /// 10 min per file), 500 rows per page and searches of at most 7 days.
    ///
    /// `admin_url` may omit `https://` and may end in `/` or `/api`. Plain `http` is accepted
    /// only for this machine (`localhost`, `127.0.0.1`, `::1`), so the password never travels
    /// unencrypted over a network.
    pub fn new(
        admin_url: &str,
        user_name: &str,
        subscriber_id: &str,
        consumer_id: &str,
    ) -> Result<Self, SettingsError> {
        let settings = PresseroSettings {
            admin_url: parse_admin_url(admin_url)?,
            user_name: user_name.trim().to_owned(),
            subscriber_id: subscriber_id.trim().to_owned(),
            consumer_id: consumer_id.trim().to_owned(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            search_timeout: Duration::from_secs(300),
            download_timeout: Duration::from_secs(600),
            page_size: 500,
            max_search_span: chrono::Duration::days(7),
        };
        settings.validate()?;
        Ok(settings)
    }

    /// Checks the settings a caller may have changed after [`PresseroSettings::new`].
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.user_name.trim().is_empty() {
            return Err(SettingsError::Missing("user name"));
        }
        if self.subscriber_id.trim().is_empty() {
            return Err(SettingsError::Missing("subscriber id"));
        }
        if self.consumer_id.trim().is_empty() {
            return Err(SettingsError::Missing("consumer id"));
        }
        if self.page_size == 0 || self.page_size > MAX_PAGE_SIZE {
            return Err(SettingsError::PageSize(self.page_size));
        }
        if self.max_search_span < chrono::Duration::seconds(1) {
            return Err(SettingsError::SearchSpan);
        }
        Ok(())
    }

    /// The admin base URL, without a trailing `/` or `/api`.
    pub fn admin_url(&self) -> &Url {
        &self.admin_url
    }
}

impl fmt::Debug for PresseroSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresseroSettings")
            .field("admin_url", &self.admin_url.as_str())
            .field("user_name", &self.user_name)
            .field("subscriber_id", &self.subscriber_id)
            .field("consumer_id", &self.consumer_id)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("search_timeout", &self.search_timeout)
            .field("download_timeout", &self.download_timeout)
            .field("page_size", &self.page_size)
            .field("max_search_span", &self.max_search_span)
            .finish()
    }
}

fn parse_admin_url(given: &str) -> Result<Url, SettingsError> {
    let fail = |problem: &str| SettingsError::AdminUrl {
        url: given.to_owned(),
        problem: problem.to_owned(),
    };
    let trimmed = given.trim();
    if trimmed.is_empty() {
        return Err(fail("is empty"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| fail(&format!("is not a URL ({e})")))?;
    let host = url
        .host_str()
        .ok_or_else(|| fail("has no host name"))?
        .to_ascii_lowercase();
    let is_local = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    match url.scheme() {
        "https" => {}
        "http" if is_local => {}
        "http" => return Err(fail("uses plain http; use https")),
        _ => return Err(fail("must start with https://")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(fail("must not contain a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(fail("must not have a query (?…) or fragment (#…)"));
    }
    let path = url.path().trim_end_matches('/');
    let path = path
        .strip_suffix("/api")
        .or_else(|| path.strip_suffix("/API"))
        .unwrap_or(path)
        .to_owned();
    url.set_path(&path);
    Ok(url)
}

/// The Pressero API user's password. Kept in memory only; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Password(password.into())
    }

    pub(crate) fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_of(given: &str) -> Result<String, SettingsError> {
        PresseroSettings::new(given, "api", "sub", "con").map(|s| s.admin_url().to_string())
    }

    #[test]
    fn data_centre_and_white_label_hosts_are_accepted() {
        assert_eq!(
            url_of("https://admin.chi.v6.pressero.com").unwrap(),
            "https://admin.chi.v6.pressero.com/"
        );
        assert_eq!(
            url_of("admin.sg.v6.pressero.com/api/").unwrap(),
            "https://admin.sg.v6.pressero.com/"
        );
        assert_eq!(
            url_of(" https://adminc.pro-matters.com/ ").unwrap(),
            "https://adminc.pro-matters.com/"
        );
        assert_eq!(
            url_of("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080/"
        );
    }

    #[test]
    fn unusable_urls_are_refused_with_a_clear_error() {
        for (given, problem) in [
            ("", "is empty"),
            ("http://admin.chi.v6.pressero.com", "plain http"),
            ("ftp://admin.example.com", "https://"),
            ("https://user:pw@admin.example.com", "user name or password"),
            ("https://admin.example.com/?x=1", "query"),
            ("https://", "not a URL"),
        ] {
            let error = url_of(given).unwrap_err().to_string();
            assert!(error.contains(problem), "{given}: {error}");
            assert!(error.contains("admin.chi.v6.pressero.com"), "{error}");
        }
    }

    #[test]
    fn missing_credentials_and_bad_sizes_are_refused() {
        assert_eq!(
            PresseroSettings::new("admin.example.com", " ", "s", "c").unwrap_err(),
            SettingsError::Missing("user name")
        );
        let mut settings = PresseroSettings::new("admin.example.com", "u", "s", "c").unwrap();
        settings.page_size = 0;
        assert_eq!(settings.validate(), Err(SettingsError::PageSize(0)));
    }

    #[test]
    fn debug_never_shows_the_password() {
        let password = Password::new("hunter2-secret");
        assert!(!format!("{password:?}").contains("hunter2"));
    }
}
