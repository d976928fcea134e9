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

/// What `benchmark` is asked for.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchmarkArgs {
    /// How many orders.
    #[arg(long, default_value_t = 200)]
    orders: usize,
    /// Milliseconds Pace takes to answer each call.
    #[arg(long, default_value_t = 50)]
    latency_ms: u64,
    /// Orders synced at the same time.
    #[arg(long, default_value_t = 4)]
    concurrency: u32,
    /// Seconds the idle service is watched after the orders synced.
    #[arg(long, default_value_t = 60)]
    idle_seconds: u64,
    /// Seed of the generated orders.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Pace's item templates: `bundled` (they write over job and part fields, so each job and
    /// part needs its override update) or `press-forms` (as in EFI's sample: nothing written
    /// over job or part fields).
    #[arg(long, default_value = "bundled", value_parser = templates)]
    templates: Templates,
}

/// What `soak` is asked for.
#[derive(Debug, Clone, clap::Args)]
pub struct SoakArgs {
    /// How many orders.
    #[arg(long, default_value_t = 1000)]
    orders: usize,
    /// Seed of the orders and the kill times.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Seconds between a start and a kill, a range: MIN-MAX.
    #[arg(long, default_value = "2-8", value_parser = seconds_range)]
    kill_every: (f64, f64),
    /// Milliseconds Pace takes to answer each call during the chaos (so kills land mid-sync).
    #[arg(long, default_value_t = 20)]
    latency_ms: u64,
    /// Share of Pace calls that fail.
    #[arg(long, default_value_t = 0.10)]
    pace_faults: f64,
    /// Share of Pressero calls that fail.
    #[arg(long, default_value_t = 0.05)]
    pressero_faults: f64,
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
pub async fn soak(args: SoakArgs) -> anyhow::Result<Outcome> {
    let (low, high) = args.kill_every;
    let report = soak::run(SoakOptions {
        binary: this_binary()?,
        orders: args.orders,
        seed: args.seed,
        kill_every: low..=high.max(low),
        latency: Duration::from_millis(args.latency_ms),
        pace_faults: args.pace_faults,
        pressero_faults: args.pressero_faults,
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

/// `bundled` or `press-forms`.
fn templates(text: &str) -> Result<Templates, String> {
    match text {
        "bundled" => Ok(Templates::Bundled),
        "press-forms" => Ok(Templates::PressForms),
        other => Err(format!("'{other}': say bundled or press-forms")),
    }
}

/// `2-8` → (2.0, 8.0); `3` → (3.0, 3.0).
fn seconds_range(text: &str) -> Result<(f64, f64), String> {
    let number = |t: &str| {
        t.trim()
            .parse::<f64>()
            .ok()
            .filter(|s| *s > 0.0)
            .ok_or_else(|| format!("'{t}' is not a number of seconds above 0"))
    };
    match text.split_once('-') {
        Some((low, high)) => Ok((number(low)?, number(high)?)),
        None => number(text).map(|s| (s, s)),
    }
}
