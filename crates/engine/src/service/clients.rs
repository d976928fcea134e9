//! Building the Pace and Pressero clients from the settings (addresses, users) and the secret
//! store (passwords). The only place the service turns a [`Secret`] into a client password.

use super::ServiceError;
use crate::secrets::{Account, Secret, SecretStore};
use crate::settings::Settings;
use pace::PaceClient;
use pressero::PresseroClient;

/// The password of `account`, or a clear error saying how to give it.
pub(crate) fn password(
    secrets: &dyn SecretStore,
    account: Account,
) -> Result<Secret, ServiceError> {
    secrets
        .get(account)?
        .ok_or(ServiceError::MissingPassword { account })
}

/// A Pace client for the settings' server and login.
pub(crate) fn pace_client(
    settings: &Settings,
    secrets: &dyn SecretStore,
) -> Result<PaceClient, ServiceError> {
    let connection = &settings.pace;
    let mut pace_connection = pace::PaceConnection::new(&connection.url, &connection.login)?
        .request_timeout(connection.request_timeout());
    if let Some(company) = connection
        .company
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        pace_connection = pace_connection.company(company.trim())?;
    }
    let password = password(secrets, Account::Pace)?;
    Ok(PaceClient::new(
        pace_connection,
        pace::Password::new(password.expose()),
    )?)
}

/// A Pressero client for the settings' admin site, user, subscriber and consumer.
pub(crate) fn pressero_client(
    settings: &Settings,
    secrets: &dyn SecretStore,
) -> Result<PresseroClient, ServiceError> {
    let connection = &settings.pressero;
    let pressero_settings = pressero::PresseroSettings::new(
        &connection.admin_url,
        &connection.user_name,
        &connection.subscriber_id,
        &connection.consumer_id,
    )
    .map_err(pressero::PresseroError::from)
    .map_err(|error| ServiceError::PresseroSetup(Box::new(error)))?;
    let password = password(secrets, Account::Pressero)?;
    PresseroClient::new(
        pressero_settings,
        pressero::Password::new(password.expose()),
    )
    .map_err(|error| ServiceError::PresseroSetup(Box::new(error)))
}
