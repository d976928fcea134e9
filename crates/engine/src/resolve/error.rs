//! Why a look-up in Pace failed, keeping whether trying again later may help.

use pace::PaceError;

/// A Pace look-up that failed.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// The Pace call failed (network, fault, refused login, …).
    #[error("looking up {question} in Pace failed: {source}")]
    Pace {
        /// What was being looked up, in staff's words (e.g. "contacts by e-mail").
        question: &'static str,
        /// The client's error (boxed: it is large, and errors travel through many `Result`s).
        #[source]
        source: Box<PaceError>,
    },
    /// Pace answered, but a value in the answer is not what the field holds.
    #[error(
        "looking up {question} in Pace: {object_type} {key} has {field} {value:?}, which is not {expected}; check that object in Pace"
    )]
    UnexpectedValue {
        /// What was being looked up.
        question: &'static str,
        /// The Pace type of the row.
        object_type: &'static str,
        /// The row's primary key.
        key: String,
        /// The field.
        field: &'static str,
        /// What Pace sent (`None`: nothing).
        value: Option<String>,
        /// What was expected, e.g. "a whole number".
        expected: &'static str,
    },
    /// The local directory of Pace contacts and customers could not be read or written.
    #[error("the local directory of Pace contacts and customers failed: {0}")]
    Directory(#[from] Box<crate::store::StoreError>),
}

impl ResolveError {
    /// Whether Pace answered that its database was busy (retried; nothing to fix).
    pub fn is_pace_database_busy(&self) -> bool {
        matches!(self, ResolveError::Pace { source, .. } if source.is_database_busy())
    }

    /// Whether looking up again later may succeed (network trouble, timeouts, HTTP 5xx): the
    /// order is retried. Everything else needs a person.
    pub fn is_transient(&self) -> bool {
        match self {
            ResolveError::Pace { source, .. } => source.is_transient(),
            ResolveError::UnexpectedValue { .. } => false,
            // The sync database is busy or full: the next attempt may find it usable.
            ResolveError::Directory(_) => true,
        }
    }

    /// A Pace error while looking up `question`.
    pub(super) fn pace(question: &'static str) -> impl FnOnce(PaceError) -> Self {
        move |source| ResolveError::Pace {
            question,
            source: Box::new(source),
        }
    }
}
