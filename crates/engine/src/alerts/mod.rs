//! Alert e-mails: the problems the specification says to notify the "Alert emails" addresses
//! about (an invalid customer id in the settings, a customer that cannot be identified, contacts
//! of several customers, a missing contact with Create Customer off) and orders that need
//! attention or keep failing.
//!
//! - [`Incident`]: one problem, with a stable key (one e-mail per incident, not per retry),
//!   built from a [`crate::plan::PlanAlert`], a [`crate::plan::PlanError`] or an order failure.
//! - [`compose()`]: the e-mail (subject names the order and storefront; the body says what went
//!   wrong and what to do), the daily digest and the test e-mail.
//! - [`Mailer`]: SMTP through `lettre` (STARTTLS, TLS or none); the password is never shown.
//! - [`IncidentLog`]: what was already reported ([`MemoryIncidentLog`] in memory).
//! - [`AlertDispatcher`]: incident in, e-mail (or digest line) out, once; its [`Dispatch`] tells
//!   the service which incidents are new, for desktop notifications.

mod compose;
mod dispatch;
mod incident;
mod log;
mod mailer;

#[cfg(test)]
mod tests;

pub use compose::{AlertEmail, compose, compose_digest, compose_test_email, recipients};
pub use dispatch::{AlertDispatcher, DigestOutcome, Dispatch, EmailOutcome, next_digest_time};
pub use incident::{Incident, IncidentKind};
pub use log::{IncidentLog, MemoryIncidentLog, RecordedIncident};
pub use mailer::{MailError, Mailer};
