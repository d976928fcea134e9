//! `pressero-pace-sync`: the headless binary. Every command goes through the engine's service
//! handle (`engine::service`), the same API the desktop app calls (ARCHITECTURE.md,
//! invariant 4).
//!
//! Commands: `run` (until Ctrl-C), `run --once [--since DATE]` (one poll or a backfill, drain
//! the queue), `push <order>`, `acknowledge <order>` (a change after sync was dealt with),
//! `plan <order> [--json]`, `status [--json]`, `doctor`, `credentials set pace|pressero|smtp`
//! (the password is read from standard input), `demo` (the simulators with the sample orders
//! and the service, printing progress), `benchmark` and `soak` (the proof: `sync-proof`). Options `--config <file.toml>` and `--data-dir <dir>`.
//!
//! Exit codes: 0 all well; 1 the command failed; 2 an order needs attention (`run --once`,
//! `push`) or a check failed (`doctor`).

mod commands;
mod output;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Pressero → Pace Sync, headless.
#[derive(Debug, Parser)]
#[command(name = "pressero-pace-sync", version, about)]
struct Cli {
    /// The settings file (TOML; no passwords in it). Default: the platform's config folder.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where the sync database is kept. Default: the platform's data folder.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Poll Pressero and sync ready orders to Pace until Ctrl-C.
    Run {
        /// One poll, sync every due order, then exit (2 if an order needs attention).
        #[arg(long)]
        once: bool,
        /// With --once: read every order placed since this day (YYYY-MM-DD, UTC) instead of
        /// the usual window (a backfill).
        #[arg(long, value_name = "DATE", requires = "once")]
        since: Option<chrono::NaiveDate>,
    },
    /// Sync one order now (again), whatever its state.
    Push {
        /// The Pressero order number.
        order: u64,
    },
    /// Acknowledge an order changed in Pressero after sync (the Pace job was brought in line
    /// by hand, or needs nothing): back to Synced; nothing is written to Pace.
    Acknowledge {
        /// The Pressero order number.
        order: u64,
    },
    /// Show what syncing an order would create in Pace, without writing anything.
    Plan {
        /// The Pressero order number.
        order: u64,
        /// Print the plan as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the orders and their sync state (or one order with its trace).
    Status {
        /// Only this order, with its journal and trace.
        order: Option<u64>,
        /// Only orders in this state (repeatable): waiting_for_approval, ready, syncing, synced,
        /// retrying, needs_attention, skipped, changed_after_sync.
        #[arg(long = "state", value_name = "STATE")]
        states: Vec<engine::store::OrderState>,
        /// Only orders whose number, customer e-mail or name, or storefront contains this text.
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check the settings and the connections to Pressero, Pace and the mail server.
    Doctor {
        /// Print the checks as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Store or remove a password in the OS keyring.
    Credentials {
        #[command(subcommand)]
        action: commands::credentials::Action,
    },
    /// Run the demo: the simulators with the sample orders, and the service, until Ctrl-C.
    ///
    /// Starts the bundled Pace, Pressero and SMTP simulators and syncs the sample orders, in a
    /// temporary folder of its own (--config and --data-dir are not used).
    Demo {
        /// Port for the Pace simulator (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        pace_port: u16,
        /// Port for the Pressero simulator (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        pressero_port: u16,
    },
    /// Measure: generated orders through this program's `run` against the bundled simulators,
    /// with a Pace latency; prints orders per minute, Pace calls per order, ready → synced
    /// p50/p95, memory, the ratio to the bound, then idle CPU and memory.
    Benchmark(commands::proof::BenchmarkArgs),
    /// Chaos soak: generated orders with Pace and Pressero faults, the service killed at random
    /// moments and restarted, then Pace checked against an undisturbed run (exit 2 on any
    /// duplicate, missing object, wrong quantity or stuck order without an alert).
    Soak(commands::proof::SoakArgs),
}

/// What a command came to, beyond success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// All well.
    Fine,
    /// Something needs a person: an order in Needs attention, a failed check.
    NeedsAttention,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(Outcome::Fine) => ExitCode::SUCCESS,
        Ok(Outcome::NeedsAttention) => ExitCode::from(2),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let places = commands::Places {
        config: cli.config,
        data_dir: cli.data_dir,
    };
    match cli.command {
        Command::Run { once: true, since } => commands::run::once(&places, since).await,
        Command::Run { once: false, .. } => commands::run::until_stopped(&places).await,
        Command::Push { order } => commands::run::push(&places, order).await,
        Command::Acknowledge { order } => commands::status::acknowledge(&places, order),
        Command::Plan { order, json } => commands::plan::plan(&places, order, json).await,
        Command::Status {
            order,
            states,
            search,
            json,
        } => {
            let filter = engine::store::OrderFilter {
                states,
                text: search,
                ..engine::store::OrderFilter::default()
            };
            commands::status::status(&places, order, &filter, json)
        }
        Command::Doctor { json } => commands::doctor::doctor(&places, json).await,
        Command::Credentials { action } => commands::credentials::run(action),
        Command::Demo {
            pace_port,
            pressero_port,
        } => commands::demo::demo(pace_port, pressero_port).await,
        Command::Benchmark(args) => commands::proof::benchmark(args).await,
        Command::Soak(args) => commands::proof::soak(args).await,
    }
}
