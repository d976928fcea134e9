//! The Pace calls of a run, by SOAP operation, from the Pace simulator's call log, and the faults
//! the simulators injected, by kind.

use pace_simulator::{FaultKind, RunningPace};
use pressero_simulator::Instruments;
use std::collections::BTreeMap;

/// Pace calls by operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaceCalls {
    /// Calls per SOAP operation (`createJob`, `loadValueObjects Contact`, …).
    pub by_operation: BTreeMap<String, usize>,
}

impl PaceCalls {
    /// The calls the simulator received so far; a look-up named with the object type it asked
    /// for (`loadValueObjects Contact`).
    pub fn of(pace: &RunningPace) -> PaceCalls {
        let mut by_operation = BTreeMap::new();
        for call in pace.instruments().calls.calls() {
            let name = match call.subject {
                Some(subject) => format!("{} {subject}", call.operation),
                None => call.operation,
            };
            *by_operation.entry(name).or_insert(0) += 1;
        }
        PaceCalls { by_operation }
    }

    /// Every call.
    pub fn total(&self) -> usize {
        self.by_operation.values().sum()
    }

    /// Calls that only read (find, load, read, get).
    pub fn look_ups(&self) -> usize {
        self.by_operation
            .iter()
            .filter(|(operation, _)| is_look_up(operation))
            .map(|(_, count)| count)
            .sum()
    }

    /// Calls that write (create, update, delete, add, invoke …).
    pub fn writes(&self) -> usize {
        self.total() - self.look_ups()
    }
}

/// Whether a Pace SOAP operation only reads.
pub fn is_look_up(operation: &str) -> bool {
    ["find", "load", "read", "get"]
        .iter()
        .any(|verb| operation.starts_with(verb))
}

/// The faults `instruments` injected, by kind in words (a slowed call counts as a slow reply).
pub fn faults_by_kind(instruments: &Instruments) -> BTreeMap<String, usize> {
    let mut kinds = BTreeMap::new();
    for call in instruments.calls.calls() {
        let slow = call.slowed.then_some(FaultKind::Slow);
        for fault in call.fault.into_iter().chain(slow) {
            *kinds.entry(fault_name(fault).to_owned()).or_insert(0) += 1;
        }
    }
    kinds
}

/// A fault kind in words.
pub fn fault_name(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::ServerError => "HTTP 500",
        FaultKind::ProtocolError => "protocol fault (SOAP fault / 400)",
        FaultKind::DropConnection => "dropped connection",
        FaultKind::CommitThenDrop => "committed, then dropped",
        FaultKind::Unauthorized => "401 unauthorized",
        FaultKind::MalformedBody => "malformed body",
        FaultKind::Slow => "slow reply",
        FaultKind::BusyDatabase => "busy database",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_ups_and_writes_split_the_calls() {
        let calls = PaceCalls {
            by_operation: [
                ("findObjects", 3),
                ("createJob", 2),
                ("readObject", 1),
                ("updateJob", 4),
            ]
            .into_iter()
            .map(|(op, n)| (op.to_owned(), n))
            .collect(),
        };
        assert_eq!(
            (calls.total(), calls.look_ups(), calls.writes()),
            (10, 4, 6)
        );
    }
}
