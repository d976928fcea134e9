//! `demo`: the bundled demo shop (the `demo-shop` crate: Pace, Pressero and SMTP simulators
//! with the sample orders of `fixtures/`, and settings for them in a temporary folder) and the
//! sync service: one run, then polling, printing each order's progress, until Ctrl-C. Headless.
//! The shop's own `--config` / `--data-dir` are never used by the demo.

use super::run::serve_until_ctrl_c;
use crate::{Outcome, output};
use anyhow::Context;
use demo_shop::{DEMO_POLL_SECONDS, DemoPorts, DemoShop};
use engine::service::SyncService;

/// Runs the demo until Ctrl-C.
pub async fn demo(pace_port: u16, pressero_port: u16) -> anyhow::Result<Outcome> {
    let shop = DemoShop::start(DemoPorts {
        pace: pace_port,
        pressero: pressero_port,
    })
    .await
    .context("starting the demo shop")?;
    let (pace_login, pace_password) = shop.pace_credentials();
    let credentials = shop.pressero.credentials();

    println!("Pressero → Pace Sync demo");
    println!();
    println!(
        "Pace simulator      {}/rpc/services/<Service>",
        shop.pace.base_url()
    );
    println!("  login {pace_login}, password {pace_password} (demo credentials)");
    println!("  objects: GET {}/_sim/objects/Job", shop.pace.base_url());
    println!("Pressero simulator  {}/api/", shop.pressero.base_url());
    println!(
        "  user {}, password {}, subscriber {} (demo credentials)",
        credentials.user_name, credentials.password, credentials.subscriber_id
    );
    println!(
        "SMTP simulator      127.0.0.1:{} (alert e-mails)",
        shop.smtp.port()
    );
    println!("Settings            {}", shop.settings_path().display());
    println!("Database            {}", shop.data_dir().display());
    println!();

    let handle = SyncService::open(shop.service_config())?;
    let mut events = handle.subscribe();
    println!("First run: every sample order…");
    let report = output::printing_events(&mut events, handle.run_once()).await?;
    println!("{}", report.message());
    drop(events);
    handle.start().await?;
    println!();
    println!(
        "Polling every {DEMO_POLL_SECONDS} s; approve or add orders in the Pressero simulator. Press Ctrl-C to stop."
    );
    let outcome = serve_until_ctrl_c(&handle).await;
    shop.stop().await;
    outcome
}
