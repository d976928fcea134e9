//! What one apply did, for the order's trace, the event log and the push button's answer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The outcome of applying one order's plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyReport {
    /// Pressero order number.
    pub order_number: u64,
    /// Every Pace key of the plan by local reference: created now, found, or done before.
    pub keys: BTreeMap<String, String>,
    /// Objects created by this run (attachments and notes included), by journal step name: the
    /// local reference for a plan step, e.g. `job#1/part#2`; `job#1 file item 1.2` for a file.
    pub created: BTreeMap<String, String>,
    /// Objects found in Pace after an interrupted step and adopted, by journal step name.
    pub adopted: BTreeMap<String, String>,
    /// Update steps sent by this run (template-default overrides, part 01 fill-ins).
    pub updated: Vec<String>,
    /// Steps skipped because the journal shows them done already.
    pub already_done: Vec<String>,
    /// Override steps not needed: the object was created without an item template (so Pace
    /// kept every field of the create), or the create's reply already held every field the
    /// override would send again (the template changed none of them).
    pub overrides_skipped: Vec<String>,
    /// The Pace job number of each planned job, by local reference.
    pub job_numbers: BTreeMap<String, String>,
    /// Production files attached to their job by this run (target names).
    pub files_attached: Vec<String>,
    /// Production files recorded as links in a job note by this run (target names).
    pub files_linked: Vec<String>,
    /// Write-backs to Pressero done by this run (journal step names).
    pub written_back: Vec<String>,
    /// Fields Pace did not store as sent (left empty or changed), seen in the replies of this
    /// run's creates and updates; one entry per object and field.
    #[serde(default)]
    pub ignored: Vec<super::IgnoredField>,
    /// Pace calls made by this run (look-ups included).
    pub pace_calls: u32,
    /// Pace write calls made by this run.
    pub pace_writes: u32,
}

impl ApplyReport {
    /// Whether this run changed nothing anywhere: every step was done before.
    pub fn changed_nothing(&self) -> bool {
        self.pace_writes == 0 && self.adopted.is_empty() && self.written_back.is_empty()
    }

    /// One line for staff: what was done, or that the order was already synced.
    pub fn summary(&self) -> String {
        if self.changed_nothing() {
            return format!(
                "order {}: already synced: nothing changed",
                self.order_number
            );
        }
        let jobs: Vec<&str> = self.job_numbers.values().map(String::as_str).collect();
        format!(
            "order {}: Pace job(s) {}; {} object(s) created, {} found after an interruption, {} update(s), {} file(s) attached, {} linked, {} write-back(s); {} Pace call(s)",
            self.order_number,
            jobs.join(", "),
            self.created.len(),
            self.adopted.len(),
            self.updated.len(),
            self.files_attached.len(),
            self.files_linked.len(),
            self.written_back.len(),
            self.pace_calls
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_wrote_nothing_says_already_synced() {
        let mut report = ApplyReport {
            order_number: 10001,
            ..ApplyReport::default()
        };
        report.already_done.push("job#1".into());
        assert_eq!(
            report.summary(),
            "order 10001: already synced: nothing changed"
        );
        report.pace_writes = 1;
        report.created.insert("job#1".into(), "10001".into());
        report.job_numbers.insert("job#1".into(), "10001".into());
        assert!(!report.changed_nothing());
        assert!(
            report.summary().contains("Pace job(s) 10001"),
            "{}",
            report.summary()
        );
    }
}
