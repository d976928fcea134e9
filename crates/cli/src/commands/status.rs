//! `status [<order>] [--state STATE]… [--search TEXT] [--json]`: the orders and their sync
//! state, or one order with its journal and trace; `acknowledge <order>`: a change after sync
//! was dealt with.

use super::Places;
use crate::{Outcome, output};
use engine::store::OrderFilter;

/// Prints the status of the orders matching `filter`, or of one order.
pub fn status(
    places: &Places,
    order: Option<u64>,
    filter: &OrderFilter,
    json: bool,
) -> anyhow::Result<Outcome> {
    let handle = places.open()?;
    if let Some(order) = order {
        let detail = handle.order_detail(order)?;
        if json {
            println!("{}", serde_json::to_string_pretty(&detail)?);
        } else {
            print!("{}", output::order_detail(&detail));
        }
        return Ok(Outcome::Fine);
    }
    let report = handle.status(filter)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", output::status(&report));
    }
    Ok(Outcome::Fine)
}

/// Acknowledges order `order`'s change after sync and prints its line.
pub fn acknowledge(places: &Places, order: u64) -> anyhow::Result<Outcome> {
    let handle = places.open()?;
    handle.acknowledge_change(order)?;
    let detail = handle.order_detail(order)?;
    println!("{}", output::order_line(&detail.order.row));
    Ok(Outcome::Fine)
}
