//! Human output: the order table, one order's trace, and event lines.

use engine::events::SyncEvent;
use engine::service::{OrderDetail, StatusReport};
use engine::store::{OrderRow, StepOutcome};
use std::fmt::Write;

/// The counts per state, then one line per order.
pub fn status(report: &StatusReport) -> String {
    let mut out = String::new();
    if report.orders.is_empty() {
        out.push_str("No orders yet: run a poll (`run --once`).\n");
        return out;
    }
    let counts: Vec<String> = report
        .counts
        .iter()
        .map(|(state, count)| format!("{state}: {count}"))
        .collect();
    let _ = writeln!(out, "{}", counts.join(", "));
    for order in &report.orders {
        let _ = writeln!(out, "{}", order_line(order));
    }
    out
}

/// One order in one line: number, site, state, Pace jobs, calls, and the error with its fix.
pub fn order_line(order: &OrderRow) -> String {
    let mut line = format!(
        "{:>8}  {:<14} {:<21}",
        order.order_number,
        order.site_name,
        order.state.label()
    );
    if !order.pace_jobs.is_empty() {
        let _ = write!(line, " Pace job {}", order.pace_jobs.join(", "));
    }
    let _ = write!(line, " ({} Pace calls)", order.pace_calls);
    if let Some(next) = order.next_attempt_at {
        let _ = write!(line, " next try {}", next.format("%Y-%m-%d %H:%M:%S UTC"));
    }
    if let Some(reason) = &order.skip_reason {
        let _ = write!(line, ": {reason}");
    }
    if let Some(change) = &order.change_after_sync {
        let _ = write!(
            line,
            ": changed in Pressero after sync: {change} (change the Pace job by hand, then \
             `acknowledge {}`)",
            order.order_number
        );
    }
    if let Some(error) = &order.last_error {
        let _ = write!(line, ": {}", error.message);
        if !error.hint.is_empty() {
            let _ = write!(line, " (fix: {})", error.hint);
        }
    }
    line
}

/// One order: its line, its journal, its trace.
pub fn order_detail(detail: &OrderDetail) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", order_line(&detail.order.row));
    if !detail.journal.is_empty() {
        let _ = writeln!(out, "Pace steps:");
        for entry in &detail.journal {
            let outcome = match &entry.outcome {
                StepOutcome::Begun => "begun, not finished".to_owned(),
                StepOutcome::Done { pace_key } => format!("done: {pace_key}"),
                StepOutcome::Failed { message } => format!("failed: {message}"),
            };
            let _ = writeln!(
                out,
                "  {} {} {}: {outcome}",
                entry.begun_at.format("%Y-%m-%d %H:%M:%S"),
                entry.step_ref,
                entry.action.as_str(),
            );
        }
    }
    let _ = writeln!(out, "Trace:");
    for event in &detail.events {
        let _ = writeln!(out, "  {}", event_line(event));
    }
    out
}

/// One event: time, order (unless the message already names it), message.
pub fn event_line(event: &SyncEvent) -> String {
    let time = event.at.format("%H:%M:%S");
    match event.order {
        Some(order) if !names_order(&event.message, order) => {
            format!("{time} order {order}: {}", event.message)
        }
        _ => format!("{time} {}", event.message),
    }
}

/// Whether `message` starts by naming order `order` ("Order 10001 …", "order 10001: …").
fn names_order(message: &str, order: u64) -> bool {
    message
        .get(..6)
        .is_some_and(|start| start.eq_ignore_ascii_case("order "))
        && message[6..].starts_with(&order.to_string())
}

/// Awaits `work`, printing each event of `events` as it comes (and those still queued at the
/// end).
pub async fn printing_events<T>(
    events: &mut tokio::sync::broadcast::Receiver<SyncEvent>,
    work: impl std::future::Future<Output = T>,
) -> T {
    tokio::pin!(work);
    let result = loop {
        tokio::select! {
            result = &mut work => break result,
            event = events.recv() => {
                if let Ok(event) = event {
                    println!("{}", event_line(&event));
                }
            }
        }
    };
    while let Ok(event) = events.try_recv() {
        println!("{}", event_line(&event));
    }
    result
}
