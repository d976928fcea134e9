//! The sync service's event stream: every order state change, poll and sync outcome, as one
//! stream that the desktop app, the tray, notifications and the CLI subscribe to, backed by the
//! store's event log so nothing is lost when nobody listens.
//!
//! - [`EventBus`]: state changes and other events go through it; it writes them to the store and
//!   broadcasts each stored event once, in the log's order ([`EventBus::subscribe`]).
//! - [`Clock`]: the wall clock the poller and the worker read, injected so tests control time
//!   ([`SystemClock`], [`ManualClock`]).

mod bus;
mod clock;

pub use bus::{EVENT_STREAM_CAPACITY, EventBus, SyncEvent};
pub(crate) use clock::seconds;
pub use clock::{Clock, ManualClock, SystemClock};
