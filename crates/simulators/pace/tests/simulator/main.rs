//! The Pace simulator over real HTTP on 127.0.0.1, driven with hand-written SOAP envelopes the
//! way the reference shows them.

mod actions_and_attachments;
mod faults;
mod find;
mod harness;
mod objects;
mod transactions;
mod unknown_fields;
mod wire_format;
