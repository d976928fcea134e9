//! Why applying a plan stopped: always naming the order, the plan step and the Pace object, and
//! keeping the transient / permanent decision of the client that failed.

use super::journal::JournalError;

/// Applying an order's plan failed at one step.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// A Pace call failed. A business fault is permanent; a lost connection or a timeout is
    /// transient (the journal and the look-ups make the retry safe).
    #[error("order {order}, step {step} ({object}): {source}")]
    Pace {
        /// Pressero order number.
        order: u64,
        /// The plan step (its local reference, e.g. `job#1/part#2`).
        step: String,
        /// The Pace object type, e.g. `JobPart`.
        object: String,
        /// The client's error (boxed: it is large).
        source: Box<pace::PaceError>,
    },
    /// A Pressero call failed (downloading a production file, writing back `MisId` or stage).
    #[error("order {order}, step {step}: {source}")]
    Pressero {
        /// Pressero order number.
        order: u64,
        /// The step, e.g. `file job#1 item 1 file 2` or `mis-id item 1`.
        step: String,
        /// The client's error (boxed: it is large).
        source: Box<pressero::PresseroError>,
    },
    /// The step journal could not be read or written; nothing after it was sent.
    #[error("order {order}, step {step}: the step journal failed: {source}")]
    Journal {
        /// Pressero order number.
        order: u64,
        /// The step.
        step: String,
        /// The store's error.
        source: JournalError,
    },
    /// A step refers to an object that has no Pace key yet (the plan lists it later or not at
    /// all): a defect in the plan, not something a retry fixes.
    #[error(
        "order {order}, step {step} ({object}): field {field} needs the Pace key of {reference}, which is not known yet"
    )]
    MissingLink {
        /// Pressero order number.
        order: u64,
        /// The step.
        step: String,
        /// The Pace object type.
        object: String,
        /// The field that refers to it.
        field: String,
        /// The local reference it refers to.
        reference: String,
    },
    /// A write of this step was sent and never answered (a timeout, a lost connection, the
    /// program stopped) less than twice the Pace request timeout ago: Pace may still commit it,
    /// so it is neither looked up nor sent again before `settled_at` (tried again then).
    #[error(
        "order {order}, step {step} ({object}): the {object} sent to Pace at {sent_at} was never answered and Pace may still be saving it; the order waits until {settled_at} to look in Pace for it, so it is not created twice"
    )]
    MayStillBeInFlight {
        /// Pressero order number.
        order: u64,
        /// The step.
        step: String,
        /// The Pace object type.
        object: String,
        /// When the write was sent.
        sent_at: chrono::DateTime<chrono::Utc>,
        /// When no earlier request for it can still commit.
        settled_at: chrono::DateTime<chrono::Utc>,
    },
    /// Another order's create of a customer or contact this order would create too was sent and
    /// never answered less than twice the Pace request timeout ago: Pace may still commit it, so
    /// this order writes nothing before `settled_at`, then plans again (finding what Pace saved).
    #[error(
        "order {order}, step {step}: order {other_order} sent the {what} to Pace at {sent_at} and was never answered, and Pace may still be saving it; this order waits until {settled_at} to look in Pace for it, so it is not created twice"
    )]
    AnotherOrderMayStillBeCreating {
        /// Pressero order number.
        order: u64,
        /// This order's step that would create it.
        step: String,
        /// The order whose create may still be in flight.
        other_order: u64,
        /// What it creates, in words (`contact dock@acme.example`).
        what: String,
        /// When the other order's write was sent.
        sent_at: chrono::DateTime<chrono::Utc>,
        /// When no request of it can still commit.
        settled_at: chrono::DateTime<chrono::Utc>,
    },
    /// Pace answered a create without the new object's key.
    #[error("order {order}, step {step}: Pace created the {object} but its reply has no key")]
    NoKeyInReply {
        /// Pressero order number.
        order: u64,
        /// The step.
        step: String,
        /// The Pace object type.
        object: String,
    },
}

impl ApplyError {
    /// Whether Pace answered that its database was busy (retried; nothing to fix).
    pub fn is_pace_database_busy(&self) -> bool {
        matches!(self, ApplyError::Pace { source, .. } if source.is_database_busy())
    }

    /// When the attempt may be made again at the earliest (a write that may still be in flight
    /// waits for it to settle); `None`: whenever the retry schedule says.
    pub fn not_before(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        match self {
            ApplyError::MayStillBeInFlight { settled_at, .. }
            | ApplyError::AnotherOrderMayStillBeCreating { settled_at, .. } => Some(*settled_at),
            _ => None,
        }
    }

    /// Whether applying the plan again later may succeed (network, timeouts, Pace or Pressero
    /// unavailable, a local journal hiccup). Pace business faults and plan defects are permanent.
    pub fn is_transient(&self) -> bool {
        match self {
            ApplyError::Pace { source, .. } => source.is_transient(),
            ApplyError::Pressero { source, .. } => source.is_transient(),
            ApplyError::Journal { .. }
            | ApplyError::MayStillBeInFlight { .. }
            | ApplyError::AnotherOrderMayStillBeCreating { .. } => true,
            ApplyError::MissingLink { .. } | ApplyError::NoKeyInReply { .. } => false,
        }
    }

    /// The order the error is about.
    pub fn order(&self) -> u64 {
        match self {
            ApplyError::Pace { order, .. }
            | ApplyError::Pressero { order, .. }
            | ApplyError::Journal { order, .. }
            | ApplyError::MissingLink { order, .. }
            | ApplyError::MayStillBeInFlight { order, .. }
            | ApplyError::AnotherOrderMayStillBeCreating { order, .. }
            | ApplyError::NoKeyInReply { order, .. } => *order,
        }
    }

    /// The plan step the error is about.
    pub fn step(&self) -> &str {
        match self {
            ApplyError::Pace { step, .. }
            | ApplyError::Pressero { step, .. }
            | ApplyError::Journal { step, .. }
            | ApplyError::MissingLink { step, .. }
            | ApplyError::MayStillBeInFlight { step, .. }
            | ApplyError::AnotherOrderMayStillBeCreating { step, .. }
            | ApplyError::NoKeyInReply { step, .. } => step,
        }
    }
}
