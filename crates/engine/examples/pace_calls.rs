//! How many Pace calls an order costs, over real HTTP against the simulators: the 16 sample
//! orders in a first run (a new data folder), then the same buyers' next 16 orders in a second
//! run, as a shop's day goes on. Prints the calls per synced order of each run, by operation;
//! asserts nothing.
//!
//! `cargo run -p engine --example pace_calls`

use engine::secrets::{Account, Secret, SecretError, SecretStore};
use engine::service::{ServiceConfig, SyncService};
use engine::settings::Settings;
use pace_simulator::{PaceConfig, PaceSimulator, RunningPace};
use pressero_simulator::{PresseroConfig, PresseroSimulator};
use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;
use std::sync::Arc;

/// The passwords the simulators accept.
#[derive(Debug)]
struct Passwords {
    pace: String,
    pressero: String,
}

impl SecretStore for Passwords {
    fn get(&self, account: Account) -> Result<Option<Secret>, SecretError> {
        Ok(match account {
            Account::Pace => Some(Secret::new(self.pace.clone())),
            Account::Pressero => Some(Secret::new(self.pressero.clone())),
            _ => None,
        })
    }

    fn set(&self, _: Account, _: &Secret) -> Result<(), SecretError> {
        Ok(())
    }

    fn delete(&self, _: Account) -> Result<(), SecretError> {
        Ok(())
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let pace = PaceSimulator::start(PaceConfig::default()).await?;
    let pressero = PresseroSimulator::start(PresseroConfig::default()).await?;
    let credentials = pressero.credentials().clone();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut settings = Settings::from_toml(&std::fs::read_to_string(
        fixtures.join("settings/golden.toml"),
    )?)?;
    settings.pressero.admin_url = pressero.base_url();
    settings.pressero.user_name = credentials.user_name;
    settings.pressero.subscriber_id = credentials.subscriber_id;
    settings.pressero.consumer_id = credentials.consumer_id;
    settings.pace.url = pace.base_url();
    settings.pace.login = "apiuser".to_owned();
    settings.pace.company = None;
    settings.alerts.emails = String::new();
    settings.smtp.host = String::new();
    settings.polling.first_poll_lookback_hours = 24 * 365 * 5;
    let dir = tempfile::tempdir()?;
    let settings_path = dir.path().join("settings.toml");
    settings.save(&settings_path)?;
    let handle = SyncService::open(ServiceConfig {
        settings_path,
        data_dir: dir.path().join("data"),
        secrets: Arc::new(Passwords {
            pace: "secret".to_owned(),
            pressero: credentials.password,
        }),
    })?;

    let first = handle.run_once().await?;
    report(
        "first run, 16 sample orders, new data folder",
        first.orders.synced.len(),
        &pace,
    );

    // The same buyers order again: each sample order once more, placed now.
    let mut numbers = Vec::new();
    for entry in std::fs::read_dir(fixtures.join("pressero/orders"))? {
        let text = std::fs::read_to_string(entry?.path())?;
        let mut order: serde_json::Value = serde_json::from_str(&text)?;
        let number = order["OrderNumber"].as_u64().ok_or("no OrderNumber")? + 50_000;
        order["OrderNumber"] = number.into();
        if let Some(fields) = order.as_object_mut() {
            fields.remove("OrderDate");
        }
        numbers.push(pressero.add_order_json(order)?);
    }
    pace.instruments().calls.clear();
    let second = handle.run_once().await?;
    report(
        &format!("second run, the same buyers' next {} orders", numbers.len()),
        second.orders.synced.len(),
        &pace,
    );
    Ok(())
}

/// Prints the Pace calls since the last clear, per synced order and by operation.
fn report(what: &str, synced: usize, pace: &RunningPace) {
    let calls = pace.instruments().calls.calls();
    let mut by_operation: BTreeMap<String, usize> = BTreeMap::new();
    for call in &calls {
        *by_operation.entry(call.operation.clone()).or_default() += 1;
    }
    let per_order = |n: usize| n as f64 / synced.max(1) as f64;
    let reads: usize = by_operation
        .iter()
        .filter(|(op, _)| {
            op.starts_with("find") || op.starts_with("load") || op.starts_with("read")
        })
        .map(|(_, n)| n)
        .sum();
    println!("{what}: {synced} synced");
    println!(
        "  Pace calls: {} in all, {:.2} per synced order ({:.2} look-ups, {:.2} writes)",
        calls.len(),
        per_order(calls.len()),
        per_order(reads),
        per_order(calls.len() - reads),
    );
    for (operation, count) in by_operation {
        println!("    {operation:<24} {count:>4}");
    }
}
