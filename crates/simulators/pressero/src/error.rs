//! What can go wrong when the simulator loads its seed or is told to change an order.

use std::path::PathBuf;

/// An error from seeding the simulator or from one of its control functions.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// A seed file could not be read.
    #[error("cannot read seed file {path}: {source}")]
    ReadSeed {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A seed file (or an order given to the simulator) is not valid JSON of the expected shape.
    #[error("{file} is not valid: {reason}")]
    BadJson {
        /// Which file or input.
        file: String,
        /// The parser's complaint.
        reason: String,
    },
    /// An order does not fit the rest of the seed (unknown site, user, product, stage, …).
    #[error("order {order_number} is not valid: {reason}")]
    InvalidOrder {
        /// The order's number.
        order_number: u64,
        /// What is wrong, naming the field.
        reason: String,
    },
    /// An order with this number already exists.
    #[error("order {0} already exists")]
    DuplicateOrder(u64),
    /// No order has this number.
    #[error("Order not found")]
    UnknownOrder(u64),
    /// The order has no item with this number.
    #[error("Order item not found")]
    UnknownItem {
        /// The order's number.
        order_number: u64,
        /// The item's number.
        item_number: u32,
    },
    /// The stage is not a stage of the item's workflow.
    #[error("The workflow stage '{stage_id}' is not valid for this order item's workflow.")]
    UnknownStage {
        /// The stage id given.
        stage_id: String,
    },
    /// A shipment request names an order or items that do not exist, or is incomplete.
    #[error("{0}")]
    InvalidShipment(String),
    /// The server could not be started.
    #[error("cannot start the Pressero simulator: {0}")]
    Start(#[from] std::io::Error),
}
