//! `benchmark` and `soak`: the proof commands (the `sync-proof` crate). Each runs this very
//! binary's `run` as the service under proof, against the bundled simulators, and prints what it
//! measured; `soak` exits 2 when it found a duplicate, a missing object, a wrong quantity, an
//! order not synced in the end or a stuck order without its alert.

use crate::Outcome;
use anyhow::Context;
use std::time::Duration;
use sync_proof::benchmark::{self, BenchmarkOptions};
use sync_proof::shop::Templates;
use sync_proof::soak::{self, SoakOptions};

/// What `benchmark` was asked for.
#[derive(Debug, Clone, Copy)]
pub struct BenchmarkArgs {
    /// `--orders`.
    pub orders: usize,
    /// `--latency-ms`.
    pub latency_ms: u64,
    /// `--concurrency`.
    pub concurrency: u32,
    /// `--idle-seconds`.
    pub idle_seconds: u64,
    /// `--seed`.
    pub seed: u64,
    /// `--templates`.
    pub templates: Templates,
}

/// `benchmark`.
pub async fn benchmark(args: BenchmarkArgs) -> anyhow::Result<Outcome> {
    let report = benchmark::run(BenchmarkOptions {
        binary: this_binary()?,
        orders: args.orders,
        latency: Duration::from_millis(args.latency_ms),
        concurrency: args.concurrency,
        idle: Duration::from_secs(args.idle_seconds),
        seed: args.seed,
        give_up_after: Duration::from_secs(1800),
        templates: args.templates,
    })
    .await?;
    print!("{report}");
    println!("  machine: {}", sync_proof::machine());
    Ok(if report.not_synced.is_empty() {
        Outcome::Fine
    } else {
        Outcome::NeedsAttention
    })
}

/// `soak`.
pub async fn soak(
    orders: usize,
    seed: u64,
    kill_every: (f64, f64),
    pace_faults: f64,
    pressero_faults: f64,
) -> anyhow::Result<Outcome> {
    let report = soak::run(SoakOptions {
        binary: this_binary()?,
        orders,
        seed,
        kill_every: kill_every.0..=kill_every.1.max(kill_every.0),
        pace_faults,
        pressero_faults,
        give_up_after: Duration::from_secs(3600),
    })
    .await?;
    print!("{report}");
    println!("  machine: {}", sync_proof::machine());
    Ok(if report.passed() {
        Outcome::Fine
    } else {
        Outcome::NeedsAttention
    })
}

fn this_binary() -> anyhow::Result<std::path::PathBuf> {
    std::env::current_exe().context("finding this program's own file (the service under proof)")
}
