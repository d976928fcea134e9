//! EFI Pace SOAP API client.
//!
//! The only crate of the product that knows SOAP and XML (ARCHITECTURE.md, invariant 1).
