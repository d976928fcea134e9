//! `pressero-pace-sync`: the headless binary.
fn main() {}
