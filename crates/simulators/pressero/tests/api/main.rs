//! The Pressero simulator over real HTTP on 127.0.0.1, with hand-written JSON: authentication,
//! search, details, writes, control routes and faults.
//!
//! Each module is `#[cfg(test)]` so that clippy treats the helpers' `unwrap`s as test code.

#[cfg(test)]
mod auth;
#[cfg(test)]
mod control;
#[cfg(test)]
mod details;
#[cfg(test)]
mod faults;
#[cfg(test)]
mod search;
#[cfg(test)]
mod support;
#[cfg(test)]
mod writes;
