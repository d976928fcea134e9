//! Runs the Pressero simulator on 127.0.0.1 until Ctrl-C, printing where it listens and the
//! credentials it accepts.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use pressero_simulator::{Credentials, PresseroConfig, PresseroSimulator, Seed};

/// A local Aleyant Pressero stand-in (Admin API v6), seeded from fixtures.
#[derive(Debug, Parser)]
#[command(name = "pressero-simulator", version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 7402)]
    port: u16,
    /// Admin user name accepted by /api/V2/Authentication.
    #[arg(long)]
    user_name: Option<String>,
    /// Password accepted.
    #[arg(long)]
    password: Option<String>,
    /// SubscriberId accepted.
    #[arg(long)]
    subscriber_id: Option<String>,
    /// ConsumerID accepted.
    #[arg(long)]
    consumer_id: Option<String>,
    /// Token lifetime in seconds.
    #[arg(long, default_value_t = 1800)]
    token_ttl_secs: u64,
    /// A directory laid out like fixtures/pressero (default: the bundled fixtures).
    #[arg(long)]
    fixtures: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let args = Args::parse();
    let defaults = Credentials::default();
    let credentials = Credentials {
        user_name: args.user_name.unwrap_or(defaults.user_name),
        password: args.password.unwrap_or(defaults.password),
        subscriber_id: args.subscriber_id.unwrap_or(defaults.subscriber_id),
        consumer_id: args.consumer_id.unwrap_or(defaults.consumer_id),
    };
    let config = PresseroConfig {
        port: args.port,
        credentials,
        token_ttl: Duration::from_secs(args.token_ttl_secs),
        seed: args.fixtures.map_or_else(Seed::bundled, Seed::directory),
    };
    let pressero = PresseroSimulator::start(config).await?;
    let credentials = pressero.credentials();
    println!("Pressero simulator listening on {}", pressero.base_url());
    println!("  UserName:     {}", credentials.user_name);
    println!("  Password:     {}", credentials.password);
    println!("  SubscriberId: {}", credentials.subscriber_id);
    println!("  ConsumerID:   {}", credentials.consumer_id);
    println!(
        "Control routes under {}/_sim/ ; Ctrl-C stops.",
        pressero.base_url()
    );
    tokio::signal::ctrl_c().await?;
    pressero.stop().await;
    Ok(())
}
