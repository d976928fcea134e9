//! Pressero's wire format: the lenient JSON reader, the confirmed ([FACT]) names and request
//! bodies, the guessed ([PROPOSAL]) names, and the decoders that turn objects into typed values.

pub(crate) mod decode;
pub(crate) mod facts;
pub(crate) mod json;
pub(crate) mod proposals;
