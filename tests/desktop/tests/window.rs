//! The real app window, driven as staff would use it: orders appear and sync; an order that
//! needs attention shows its reason; after fixing the setting, Push syncs it; an invalid
//! Accounts rule shows its error where it is; a password typed in Settings reaches the OS
//! keyring and nowhere else; the tray follows an order needing attention; the first run offers
//! set-up and the demo. Each test saves screenshots in `target/desktop-e2e/`.
//!
//! Run with `scripts/desktop-e2e.sh` (Xvfb, a private D-Bus session with an unlocked GNOME
//! Keyring, tauri-driver), one test at a time (one app instance at a time).

#![cfg(test)]

use demo_shop::{DemoPorts, DemoShop};
use desktop_e2e::Desktop;
use engine::secrets::{Account, KeyringStore, SecretStore};
use serde_json::{Value, json};
use std::path::Path;

/// Accounts rules that know UPS Ground and Customer Pickup only: the sample orders shipping by
/// FedEx Overnight (10007) and USPS Priority Mail (10009) match no rule and need attention.
const NARROW_ACCOUNTS: &str = r#"[
{"rule_type":"ShipmentMethodMapping","priority":10,"source_method":"UPS Ground","ship_via":"2"},
{"rule_type":"ShipmentMethodMapping","priority":20,"source_method":"Customer Pickup","ship_via":"1"}
]"#;

/// The fix: match every other method by its name among Pace's ship vias.
const FIXED_ACCOUNTS: &str = r#"[
{"rule_type":"ShipmentMethodMapping","priority":5,"source_method":"MatchByName"},
{"rule_type":"ShipmentMethodMapping","priority":10,"source_method":"Customer Pickup","ship_via":"1"}
]"#;

/// A shop: the demo simulators with the sample orders, and the shop's own settings file and
/// database in a folder of the test (not the demo's), with `accounts` as the Accounts rules.
struct Shop {
    demo: DemoShop,
    folder: tempfile::TempDir,
}

impl Shop {
    async fn start(accounts: &str) -> Shop {
        let demo = DemoShop::start(DemoPorts::default()).await.unwrap();
        let folder = tempfile::tempdir().unwrap();
        let mut settings = demo.settings().unwrap();
        accounts.clone_into(&mut settings.mapping.accounts);
        // The sample orders were placed in November: watch them all for changes after sync.
        settings.polling.change_watch_days = 365;
        settings.save(&folder.path().join("settings.toml")).unwrap();
        Shop { demo, folder }
    }

    fn settings_path(&self) -> std::path::PathBuf {
        self.folder.path().join("settings.toml")
    }

    fn data_dir(&self) -> std::path::PathBuf {
        self.folder.path().join("data")
    }

    fn args(&self) -> Vec<String> {
        vec![
            "--config".into(),
            self.settings_path().display().to_string(),
            "--data-dir".into(),
            self.data_dir().display().to_string(),
        ]
    }

    /// The demo passwords, as the environment gives them to a headless service.
    fn password_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("PACE_PASSWORD", self.demo.pace_credentials().1.to_owned()),
            (
                "PRESSERO_PASSWORD",
                self.demo.pressero.credentials().password.clone(),
            ),
        ]
    }

    async fn launch(&self) -> Desktop {
        let env = self.password_env();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Desktop::launch(&self.args(), &env).await
    }
}

async fn tray_icon(desktop: &Desktop) -> String {
    desktop.invoke("tray_state", json!({})).await["icon"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Replaces a text field's content by typing, as a person would.
async fn type_into(desktop: &Desktop, id: &str, text: &str) {
    let field = desktop.by_id(id).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_sync_and_an_order_fixed_in_settings_is_pushed_to_pace() {
    let shop = Shop::start(NARROW_ACCOUNTS).await;
    let desktop = shop.launch().await;

    // Orders appear and sync, live.
    desktop.by_id("orders-table").await;
    desktop.wait_for_order_state(10001, "synced").await;
    desktop.wait_for_order_state(10007, "needs_attention").await;
    desktop.screenshot("orders").await;

    // The tray follows: an order needs attention.
    assert_eq!(tray_icon(&desktop).await, "attention");

    // The order shows its reason and the fix.
    desktop.open_order(10007).await;
    let error = desktop.by_id("detail-error").await.text().await.unwrap();
    assert!(
        error.contains("Accounts"),
        "the reason names the rules: {error}"
    );
    desktop.click("preview-button").await;
    desktop.by_id("plan").await;
    desktop.screenshot("order-detail").await;

    // Fix the setting: the rules match the other methods by name.
    desktop.click("nav-settings").await;
    type_into(&desktop, "rule-accounts", FIXED_ACCOUNTS).await;
    desktop.click("settings-save").await;
    desktop
        .wait_until("the fixed rules are saved", || async {
            std::fs::read_to_string(shop.settings_path())
                .is_ok_and(|text| text.contains("MatchByName"))
        })
        .await;
    desktop.screenshot("settings").await;

    // Push syncs it.
    desktop.click("nav-orders").await;
    desktop.open_order(10007).await;
    desktop.click("push-button").await;
    desktop
        .wait_until("order 10007 synced after the push", || async {
            desktop
                .invoke("order_view", json!({ "orderNumber": 10007 }))
                .await["summary"]["state"]
                == "synced"
        })
        .await;
    let pace_jobs = desktop
        .invoke("order_view", json!({ "orderNumber": 10007 }))
        .await["summary"]["paceJobs"]
        .clone();
    assert!(
        pace_jobs.as_array().is_some_and(|jobs| !jobs.is_empty()),
        "{pace_jobs}"
    );

    // Every other order that needs attention is pushed or skipped; the tray is all good again.
    desktop.click("back-to-orders").await;
    let waiting = desktop
        .invoke(
            "list_orders",
            json!({ "query": { "states": ["needs_attention"] } }),
        )
        .await;
    for order in waiting.as_array().unwrap() {
        let number = order["orderNumber"].as_u64().unwrap();
        desktop.open_order(number).await;
        desktop.click("skip-button").await;
        type_into(&desktop, "skip-reason", "entered by hand in Pace").await;
        desktop.click("skip-confirm").await;
        desktop
            .wait_until(&format!("order {number} skipped"), || async {
                desktop
                    .invoke("order_view", json!({ "orderNumber": number }))
                    .await["summary"]["state"]
                    == "skipped"
            })
            .await;
        desktop.click("back-to-orders").await;
    }
    desktop
        .wait_until("the tray is all good", || async {
            tray_icon(&desktop).await == "ok"
        })
        .await;

    // A synced order changed in Pressero afterwards shows as changed; staff acknowledge it.
    shop.demo
        .pressero
        .edit_item(10001, 1, json!({ "Quantity": 1000 }))
        .unwrap();
    desktop.click("sync-now").await;
    desktop
        .wait_for_order_state(10001, "changed_after_sync")
        .await;
    desktop
        .wait_until("the tray asks for attention for the change", || async {
            tray_icon(&desktop).await == "attention"
        })
        .await;
    desktop.open_order(10001).await;
    let change = desktop.by_id("detail-change").await.text().await.unwrap();
    assert!(change.contains("1000"), "the difference in words: {change}");
    desktop.screenshot("order-changed-after-sync").await;
    desktop.click("acknowledge-button").await;
    desktop
        .wait_until("order 10001 acknowledged", || async {
            desktop
                .invoke("order_view", json!({ "orderNumber": 10001 }))
                .await["summary"]["state"]
                == "synced"
        })
        .await;
    desktop
        .wait_until(
            "the tray is all good once the change is acknowledged",
            || async { tray_icon(&desktop).await == "ok" },
        )
        .await;
    desktop.click("back-to-orders").await;

    desktop.click("nav-activity").await;
    desktop.by_id("events-table").await;
    desktop.by_id("chart").await;
    desktop.screenshot("activity").await;
    desktop.close().await;
    shop.demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_accounts_rule_shows_its_error_where_it_is() {
    let shop = Shop::start(FIXED_ACCOUNTS).await;
    let desktop = shop.launch().await;
    desktop.click("nav-settings").await;
    type_into(
        &desktop,
        "rule-accounts",
        r#"[{"rule_type":"ShipmentMethodMapping","priority":"first"}]"#,
    )
    .await;
    let problem = desktop
        .wait_for_css("[data-problem-for=\"mapping.accounts\"]")
        .await;
    desktop
        .wait_until("the rule's problem is shown under the editor", || async {
            !problem.text().await.unwrap_or_default().trim().is_empty()
        })
        .await;
    let text = problem.text().await.unwrap();
    assert!(text.contains("priority"), "names the field: {text}");
    desktop.click("settings-save").await;
    let listed = desktop.by_id("settings-problems").await;
    desktop
        .wait_until("the save lists the problem", || async {
            listed
                .text()
                .await
                .unwrap_or_default()
                .contains("mapping.accounts")
                || listed.text().await.unwrap_or_default().contains("priority")
        })
        .await;
    desktop.screenshot("settings-invalid-rule").await;
    assert!(
        !std::fs::read_to_string(shop.settings_path())
            .unwrap()
            .contains("\"first\""),
        "an invalid rule is not saved"
    );

    // "Start at login" (on Linux the autostart plugin writes ~/.config/autostart/<app>.desktop;
    // scripts/desktop-e2e.sh gives the tests a throw-away HOME).
    let autostart_dir = std::env::var_os("HOME")
        .map(|dir| Path::new(&dir).join(".config/autostart"))
        .expect("HOME is set");
    let _ = std::fs::remove_dir_all(&autostart_dir);
    assert_eq!(
        desktop.invoke("get_autostart", json!({})).await,
        Value::Bool(false)
    );
    desktop.click("autostart").await;
    desktop
        .wait_until("an autostart entry is written", || async {
            std::fs::read_dir(&autostart_dir).is_ok_and(|mut entries| entries.next().is_some())
        })
        .await;
    assert_eq!(
        desktop.invoke("get_autostart", json!({})).await,
        Value::Bool(true)
    );
    desktop.click("autostart").await;
    desktop
        .wait_until("the autostart entry is removed", || async {
            std::fs::read_dir(&autostart_dir).is_ok_and(|mut entries| entries.next().is_none())
        })
        .await;
    desktop.close().await;
    shop.demo.stop().await;
}

/// Every file under `folder` that contains `needle`.
fn files_containing(folder: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|bytes| {
            bytes
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
        }) {
            found.push(path.display().to_string());
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_typed_in_settings_reaches_the_keyring_and_nowhere_else() {
    const TYPED: &str = "e2e-Pace-password-7f3c91";
    let shop = Shop::start(FIXED_ACCOUNTS).await;
    let keyring = KeyringStore::new();
    let _ = keyring.delete(Account::Pace);
    // No password in the environment: the window's is the only one.
    let desktop = Desktop::launch(&shop.args(), &[]).await;
    desktop.click("nav-settings").await;
    type_into(&desktop, "password-pace", TYPED).await;
    desktop.click("password-save-pace").await;
    desktop
        .wait_until("the password is in the OS keyring", || async {
            keyring
                .get(Account::Pace)
                .ok()
                .flatten()
                .is_some_and(|secret| secret.expose() == TYPED)
        })
        .await;
    let settings_view = desktop.invoke("get_settings", json!({})).await;
    assert_eq!(settings_view["passwords"]["pace"], Value::Bool(true));
    assert!(!settings_view.to_string().contains(TYPED));
    let page = desktop.source().await;
    assert!(!page.contains(TYPED), "the page does not hold the password");
    desktop.screenshot("settings-password-stored").await;
    desktop.close().await;
    assert_eq!(
        files_containing(shop.folder.path(), TYPED),
        Vec::<String>::new(),
        "neither the settings file nor the database holds the password"
    );
    keyring.delete(Account::Pace).unwrap();
    shop.demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_run_offers_set_up_and_the_demo_one_click_away() {
    let folder = tempfile::tempdir().unwrap();
    let args = vec![
        "--config".to_owned(),
        folder.path().join("none-yet.toml").display().to_string(),
        "--data-dir".to_owned(),
        folder.path().join("data").display().to_string(),
    ];
    let desktop = Desktop::launch(&args, &[]).await;
    desktop.by_id("setup").await;
    desktop.screenshot("first-run").await;
    desktop.click("setup-demo").await;
    desktop.by_id("demo-badge").await;
    desktop.wait_for_order_state(10001, "synced").await;
    desktop.screenshot("demo").await;
    // The storefronts Pressero has orders from, with their Integration IDs (Settings lists them).
    let storefronts = desktop.invoke("storefronts", json!({})).await;
    assert!(
        storefronts
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["siteName"] == "Acme Store" && s["integrationId"] == "ACME"),
        "{storefronts}"
    );
    assert!(
        !folder.path().join("none-yet.toml").exists(),
        "the demo never writes the shop's settings"
    );
    desktop.close().await;
}
