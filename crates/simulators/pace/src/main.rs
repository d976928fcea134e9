//! Runs the Pace simulator: `pace-simulator --port N --login L --password P [--seed file]`.

use clap::Parser;
use pace_simulator::{PaceConfig, PaceSimulator, Seed};

/// A local EFI Pace stand-in speaking Pace's SOAP API.
#[derive(Debug, Parser)]
#[command(name = "pace-simulator", version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The API login to accept.
    #[arg(long, default_value = "apiuser")]
    login: String,
    /// The password to accept.
    #[arg(long, default_value = "secret")]
    password: String,
    /// A seed JSON file (default: the bundled fixtures/pace/seed.json).
    #[arg(long)]
    seed: Option<std::path::PathBuf>,
    /// Company ids accepted in /rpc/company:{id}/services/… (repeatable).
    #[arg(long = "company", default_value = "printco")]
    companies: Vec<String>,
    /// Drop unknown fields of creates and updates silently (as a lenient SOAP server may)
    /// instead of faulting `Unknown field 'x' on object 'Type'` as Pace does.
    #[arg(long)]
    drop_unknown_fields: bool,
}

/// Parses the arguments, starts the simulator and serves until Ctrl-C.
async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let seed = match &args.seed {
        Some(path) => Some(Seed::from_file(path)?),
        None => None,
    };
    let pace = PaceSimulator::start(PaceConfig {
        port: args.port,
        login: args.login,
        password: args.password,
        company_ids: args.companies,
        seed,
        unknown_fields: pace_simulator::UnknownFields {
            drop: args.drop_unknown_fields,
            ..Default::default()
        },
        ..PaceConfig::default()
    })
    .await?;
    println!(
        "Pace simulator listening on {}/rpc/services/ (Ctrl-C to stop)",
        pace.base_url()
    );
    tokio::signal::ctrl_c().await?;
    pace.stop().await;
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    match run(Args::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pace-simulator: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
