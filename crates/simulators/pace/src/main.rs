//! Runs the Pace simulator.
fn main() {}
