//! `pressero-pace-sync`: the headless binary.
//!
//! Today it has the `demo` command: it starts the bundled Pace and Pressero simulators (seeded with the
//! sample orders of `fixtures/`) on 127.0.0.1 and prints where they listen and the credentials they
//! accept, until Ctrl-C. The sync service's commands (`run`, `push`, `plan`, `status`, `doctor`) join it
//! with the sync-service issue.

use anyhow::Context;
use clap::{Parser, Subcommand};

/// Pressero → Pace Sync, headless.
#[derive(Debug, Parser)]
#[command(name = "pressero-pace-sync", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the bundled Pace and Pressero simulators with the sample orders.
    Demo {
        /// Port for the Pace simulator (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        pace_port: u16,
        /// Port for the Pressero simulator (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        pressero_port: u16,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    match Cli::parse().command {
        Command::Demo {
            pace_port,
            pressero_port,
        } => demo(pace_port, pressero_port).await,
    }
}

async fn demo(pace_port: u16, pressero_port: u16) -> anyhow::Result<()> {
    let pace_config = pace_simulator::PaceConfig {
        port: pace_port,
        ..pace_simulator::PaceConfig::default()
    };
    let (pace_login, pace_password) = (pace_config.login.clone(), pace_config.password.clone());
    let pace = pace_simulator::PaceSimulator::start(pace_config)
        .await
        .context("starting the Pace simulator")?;
    let pressero =
        pressero_simulator::PresseroSimulator::start(pressero_simulator::PresseroConfig {
            port: pressero_port,
            ..pressero_simulator::PresseroConfig::default()
        })
        .await
        .context("starting the Pressero simulator")?;
    let credentials = pressero.credentials();
    println!("Pressero → Pace Sync demo");
    println!();
    println!(
        "Pace simulator      {}/rpc/services/<Service>",
        pace.base_url()
    );
    println!("  login {pace_login}, password {pace_password} (demo credentials)");
    println!("  objects: GET {}/_sim/objects/Job", pace.base_url());
    println!("Pressero simulator  {}/api/", pressero.base_url());
    println!(
        "  user {}, password {}, subscriber {}, consumer {} (demo credentials)",
        credentials.user_name,
        credentials.password,
        credentials.subscriber_id,
        credentials.consumer_id
    );
    println!(
        "  sample orders: POST {}/api/v2/Orders/Search",
        pressero.base_url()
    );
    println!();
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    pace.stop().await;
    pressero.stop().await;
    Ok(())
}
