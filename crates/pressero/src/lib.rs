//! Aleyant Pressero Admin API (v6) client, and the normalized [`order::Order`] model that the
//! rest of the product works with.
//!
//! The only crate of the product that knows Pressero's HTTP API (ARCHITECTURE.md, invariant 1).

pub mod order;
