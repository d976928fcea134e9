//! `plan <order> [--json]`: what syncing an order would do, read from Pressero and Pace without
//! writing anything.

use super::Places;
use crate::Outcome;
use engine::service::Preview;
use engine::store::OrderState;

/// Plans the order and prints the plan (or why it cannot be planned).
pub async fn plan(places: &Places, order: u64, json: bool) -> anyhow::Result<Outcome> {
    let handle = places.open()?;
    let preview = handle.preview(order).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&preview)?);
    } else {
        match &preview {
            Preview::Plan { summary, .. } => print!("{summary}"),
            Preview::Skip { reason } => println!("Order {order}: nothing to send: {reason}"),
            Preview::Blocked { message, .. } => {
                println!("Order {order} cannot be synced: {message}")
            }
        }
        if let Ok(detail) = handle.order_detail(order)
            && detail.order.row.state == OrderState::Synced
        {
            println!(
                "Note: order {order} is already synced (Pace job {}): a push finds what exists and creates nothing twice.",
                detail.order.row.pace_jobs.join(", ")
            );
        }
    }
    Ok(match preview {
        Preview::Blocked { .. } => Outcome::NeedsAttention,
        Preview::Plan { .. } | Preview::Skip { .. } => Outcome::Fine,
    })
}
