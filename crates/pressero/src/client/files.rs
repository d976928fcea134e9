//! Downloading production files by the `Url` Pressero gives for them. The session token is sent
//! only to the admin site itself (same scheme, host and port), never to another host.

use reqwest::Method;
use url::Url;

use super::{PresseroClient, Request};
use crate::error::{CallSite, PresseroError};
use crate::order::ProductionFile;

impl PresseroClient {
    /// The bytes of a production file. When Pressero declared the file's size, a download of
    /// another length is an error (transient: the transfer was cut short).
    pub async fn download_file(&self, file: &ProductionFile) -> Result<Vec<u8>, PresseroError> {
        let site = CallSite::new(format!("GET {}", file.url));
        let url = Url::parse(&file.url).map_err(|e| PresseroError::InvalidRequest {
            site: site.clone(),
            detail: format!("file {:?} has no usable `Url` ({e})", file.file_name),
        })?;
        let admin = self.settings().admin_url();
        let same_origin = url.origin() == admin.origin();
        if !same_origin {
            tracing::warn!(url = %url, "production file is not on the admin site: downloading without the token");
        }
        let request = Request {
            method: Method::GET,
            site: CallSite::new(format!("GET {}", url.path())),
            url,
            body: None,
            timeout: self.settings().download_timeout,
            with_token: same_origin,
        };
        let bytes = self.call(&request).await?;
        match file.size_bytes {
            Some(expected) if expected != bytes.len() as u64 => Err(PresseroError::Network {
                site: request.site,
                detail: format!(
                    "file {:?} is {expected} bytes, but {} arrived",
                    file.file_name,
                    bytes.len()
                ),
            }),
            _ => Ok(bytes),
        }
    }
}
