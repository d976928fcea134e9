//! Runs the Pressero simulator.
fn main() {}
