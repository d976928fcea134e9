//! EFI Pace SOAP API client.
//!
//! The only crate of the product that knows SOAP and XML (ARCHITECTURE.md, invariant 1).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use pace::{Filter, Job, PaceClient, PaceConnection, Password};
//!
//! let connection = PaceConnection::new("https://pace.example.com:8443", "api")?;
//! let pace = PaceClient::new(connection, Password::new("…"))?;
//! let keys = pace.find("Job", &Filter::eq("@poNum", "PO-1").and(Filter::eq("@customer", "HOUSE"))).await?;
//! let job: Job = pace.read(&keys[0]).await?;
//! pace.update(&Job { job: job.job.clone(), admin_status: Some("C".into()), ..Job::default() }).await?;
//! # Ok(()) }
//! ```
//!
//! - [`PaceConnection`] / [`Password`] / [`PaceClient`]: settings and the async client.
//! - [`objects`]: typed Job, JobPart, JobShipment, … with the real SOAP field names;
//!   [`PaceObject`] for anything else.
//! - [`xpath`]: the injection-proof filter builder.
//! - [`requests`]: every request envelope, buildable without a network.
//! - [`PaceError`]: one error enum with [`PaceError::is_transient`].

mod client;
mod connection;
mod error;
mod object;
pub mod objects;
mod reply;
pub mod requests;
mod value;
mod value_objects;
mod wire;
mod xml;
pub mod xpath;

pub use client::{PaceClient, Transaction};
pub use connection::{PaceConnection, Password, SettingsError};
pub use error::{CallContext, PaceError, RequestProblem, TransportKind};
pub use object::{FieldParseError, PaceObject, PaceType};
pub use objects::*;
pub use requests::{Attachment, SoapRequest};
pub use value::{Field, FieldValue, PaceDate, PaceTime, WireValue};
pub use value_objects::{ValueObject, ValueObjectDescriptor};
pub use wire::Service;
pub use xpath::{Filter, Sort};
