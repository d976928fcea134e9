//! `doctor`: the settings and connection checks, each failure with its fix; exit 2 when a check
//! fails.

use super::Places;
use crate::Outcome;
use engine::service::{CheckOutcome, ConnectionReport};

/// Runs every check and prints it.
pub async fn doctor(places: &Places, json: bool) -> anyhow::Result<Outcome> {
    let handle = places.open()?;
    let report = handle.test_connections().await;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", human(&report));
    }
    Ok(if report.all_passed() {
        Outcome::Fine
    } else {
        Outcome::NeedsAttention
    })
}

/// The report as lines: `ok`, `FAILED` (with the problem and the fix) or `skipped`.
fn human(report: &ConnectionReport) -> String {
    let mut out = String::new();
    for check in &report.checks {
        match &check.outcome {
            CheckOutcome::Passed { detail } => {
                out.push_str(&format!("ok       {}: {detail}\n", check.name));
            }
            CheckOutcome::Failed { detail, fix, .. } => {
                out.push_str(&format!("FAILED   {}: {detail}\n", check.name));
                out.push_str(&format!("         fix: {fix}\n"));
            }
            CheckOutcome::Skipped { reason } => {
                out.push_str(&format!("skipped  {}: {reason}\n", check.name));
            }
        }
    }
    out.push_str(if report.all_passed() {
        "All checks passed.\n"
    } else {
        "Some checks failed: see the fixes above.\n"
    });
    out
}
