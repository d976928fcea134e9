//! `run` (until Ctrl-C), `run --once` (one poll, drain the queue) and `push <order>`, printing
//! the events as they happen.

use super::Places;
use crate::{Outcome, output};
use anyhow::Context;
use engine::service::{ServiceHandle, SyncService};
use engine::store::{OrderFilter, OrderState};

/// One poll (or a backfill from `since`), every due order synced, then the orders' states;
/// exit 2 when any needs attention.
pub async fn once(places: &Places, since: Option<chrono::NaiveDate>) -> anyhow::Result<Outcome> {
    let handle = places.open()?;
    let mut events = handle.subscribe();
    let report = match since {
        Some(day) => {
            let from = day.and_time(chrono::NaiveTime::MIN).and_utc();
            output::printing_events(&mut events, handle.backfill(from)).await?
        }
        None => output::printing_events(&mut events, handle.run_once()).await?,
    };
    println!("{}", report.message());
    attention(&handle)
}

/// Pushes one order and prints what it came to; exit 2 when it needs attention.
pub async fn push(places: &Places, order: u64) -> anyhow::Result<Outcome> {
    let handle = places.open()?;
    let mut events = handle.subscribe();
    let report = output::printing_events(&mut events, handle.push(order)).await?;
    println!("{}", report.message);
    let detail = handle.order_detail(order)?;
    Ok(if detail.order.row.state == OrderState::NeedsAttention {
        Outcome::NeedsAttention
    } else {
        Outcome::Fine
    })
}

/// Runs the service until Ctrl-C, printing events; stops gracefully.
pub async fn until_stopped(places: &Places) -> anyhow::Result<Outcome> {
    let handle = SyncService::start(places.service_config()?)
        .await
        .context("starting the sync service")?;
    println!("Syncing; press Ctrl-C to stop.");
    serve_until_ctrl_c(&handle).await
}

/// Prints events until Ctrl-C, then stops the service gracefully and lists the orders that
/// need attention (a clean stop exits 0 all the same).
pub async fn serve_until_ctrl_c(handle: &ServiceHandle) -> anyhow::Result<Outcome> {
    let mut events = handle.subscribe();
    output::printing_events(&mut events, tokio::signal::ctrl_c())
        .await
        .context("waiting for Ctrl-C")?;
    println!("Stopping: orders being synced finish their current step…");
    handle.stop().await;
    println!("Stopped.");
    attention(handle).map(|_| Outcome::Fine)
}

/// Prints the orders that need attention; [`Outcome::NeedsAttention`] when there are any.
fn attention(handle: &ServiceHandle) -> anyhow::Result<Outcome> {
    let needing = handle.list_orders(&OrderFilter {
        states: vec![OrderState::NeedsAttention],
        ..OrderFilter::default()
    })?;
    if needing.is_empty() {
        return Ok(Outcome::Fine);
    }
    println!("{} order(s) need attention:", needing.len());
    for order in &needing {
        println!("{}", output::order_line(order));
    }
    Ok(Outcome::NeedsAttention)
}
