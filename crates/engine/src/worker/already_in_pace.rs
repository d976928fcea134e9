//! Orders already in Pace though this database never wrote them: the data folder was lost (a
//! new PC, a reinstall, a restored backup) or another installation synced them. A journal can be
//! lost; Pace cannot. So before the first write of an order with no journal entry at all, the
//! worker asks Pace for its jobs (by the `reference` every job of the order carries, and by the
//! job numbers its items' `MisId`s hold in Pressero) — one call for all the orders of a round —
//! and an order found there is adopted as Synced with those job numbers, and a trace line
//! saying so, instead of being created again.
//!
//! What is adopted is the order as a whole: a job found means the order was in Pace, and the
//! parts, shipments and contacts made with it are not looked at (a job cut off half-made on the
//! lost PC stays as it is, for staff to see).

use std::collections::{BTreeMap, BTreeSet};

/// What the round's look-up said about one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InPace {
    /// Pace has these jobs for it.
    Found(Vec<String>),
    /// Pace has none.
    NotFound,
    /// Not asked in this round (a push, or the round's look-up failed): asked in the attempt.
    NotAsked,
}

/// The round's answer for the orders it asked about.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoundLookUp {
    asked: BTreeSet<u64>,
    found: BTreeMap<u64, Vec<String>>,
}

impl RoundLookUp {
    /// The answer for `asked` orders, of which `found` have jobs.
    pub(crate) fn new(asked: BTreeSet<u64>, found: BTreeMap<u64, Vec<String>>) -> Self {
        RoundLookUp { asked, found }
    }

    /// What it said about `order`.
    pub(crate) fn of(&self, order: u64) -> InPace {
        match self.found.get(&order) {
            Some(jobs) => InPace::Found(jobs.clone()),
            None if self.asked.contains(&order) => InPace::NotFound,
            None => InPace::NotAsked,
        }
    }
}

/// The trace line of an adopted order.
pub(crate) fn adopted_message(order: u64, jobs: &[String]) -> String {
    format!(
        "order {order} is already in Pace as job(s) {} (found by its job reference or its items' MisId, though this database never sent it): adopted as synced, nothing created again",
        jobs.join(", ")
    )
}
