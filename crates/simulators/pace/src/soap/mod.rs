//! The SOAP 1.1 side: reading request envelopes into a small element tree, writing replies with
//! Pace's literal `soap:`/`ns1:`/`ns2:` prefixes, and faults.

pub mod fault;
pub mod reply;
pub mod request;

/// The SOAP 1.1 envelope namespace.
pub const SOAP_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The namespace of Pace business-object fields.
pub const OBJECT_NS: &str = "http://pace2020.com/epace/object";
/// The namespace of RPC helper types (`XPathDataSort`, `FieldDescriptor`, `ValueObject` …).
pub const RPC_NS: &str = "http://rpc.services.appbox.pace2020.com";
/// The namespace of transaction headers (literally `transaction`).
pub const TRANSACTION_NS: &str = "transaction";

/// The wrapper namespace of a service's operations: `urn://pace2020.com/epace/sdk/{Service}`.
pub fn service_namespace(service: &str) -> String {
    format!("urn://pace2020.com/epace/sdk/{service}")
}
