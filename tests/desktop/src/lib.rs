//! Drives the real desktop window over WebDriver: `tauri-driver` (which runs WebKitWebDriver)
//! launches the built app binary under the X server of `DISPLAY` (Xvfb in CI), with the D-Bus
//! session (and so the OS keyring) of the environment; the tests click, type and read the page
//! as a person would, and save a screenshot of each screen as an artifact.
//!
//! `scripts/desktop-e2e.sh` prepares all of it (the UI build, the app build, tauri-driver, Xvfb,
//! a private D-Bus session with an unlocked GNOME Keyring) and runs these tests; `make test`
//! calls it.

// Test support: panicking with the reason is how it reports.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// How long a test waits for the window to show something before it fails.
pub const PATIENCE: Duration = Duration::from_secs(90);

/// The workspace's folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The built app: `DESKTOP_APP`, else the workspace's debug build.
pub fn app_binary() -> PathBuf {
    std::env::var_os("DESKTOP_APP").map_or_else(
        || {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| workspace().join("target"), PathBuf::from);
            target.join("debug/pressero-pace-sync-desktop")
        },
        PathBuf::from,
    )
}

/// Where the screenshots go: `target/desktop-e2e/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = workspace().join("target/desktop-e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Fails with what to do when the environment cannot show a window.
pub fn check_environment() {
    for (variable, why) in [
        ("DISPLAY", "an X server (Xvfb)"),
        (
            "DBUS_SESSION_BUS_ADDRESS",
            "a D-Bus session with the keyring",
        ),
    ] {
        assert!(
            std::env::var_os(variable).is_some(),
            "{variable} is not set: these tests need {why}; run them with scripts/desktop-e2e.sh"
        );
    }
    assert!(
        app_binary().exists(),
        "{} is missing: build the app first (scripts/desktop-e2e.sh does)",
        app_binary().display()
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One running app window and the WebDriver session driving it.
pub struct Desktop {
    driver: Child,
    /// The WebDriver client.
    pub client: Client,
}

impl Desktop {
    /// Launches the app with `args` (e.g. `--config`, `--data-dir`), its environment extended
    /// by `env`, and waits for the window's first screen.
    pub async fn launch(args: &[String], env: &[(&str, &str)]) -> Desktop {
        check_environment();
        let port = free_port();
        let native_port = free_port();
        let mut driver = Command::new("tauri-driver");
        driver
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (name, value) in env {
            driver.env(name, value);
        }
        let driver = driver
            .spawn()
            .expect("tauri-driver runs (cargo install tauri-driver --locked)");
        let capabilities = json!({
            "tauri:options": {
                "application": app_binary(),
                "args": args,
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() < Duration::from_secs(30) => {
                    // tauri-driver is still binding its port.
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => panic!("no WebDriver session with the app: {error}"),
            }
        };
        let desktop = Desktop { driver, client };
        desktop.wait_for_css("main, [data-testid=setup]").await;
        desktop
    }

    /// The element with `data-testid` = `id`, waiting for it to appear.
    pub async fn by_id(&self, id: &str) -> Element {
        self.wait_for_css(&format!("[data-testid=\"{id}\"]")).await
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn wait_for_css(&self, css: &str) -> Element {
        let started = Instant::now();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                return element;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "nothing matches {css} after {PATIENCE:?}:\n{}",
                self.visible_text().await
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Waits until `check` holds (it reads the page); `what` says what was waited for.
    pub async fn wait_until<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = bool>,
    {
        let started = Instant::now();
        while !check().await {
            assert!(
                started.elapsed() < PATIENCE,
                "{what}: not after {PATIENCE:?}:\n{}",
                self.visible_text().await
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }

    /// Clicks the element with `data-testid` = `id`.
    /// Clicks the element with `data-testid` = `id`, scrolled into view first as a person
    /// would scroll to it.
    pub async fn click(&self, id: &str) {
        self.click_css(&format!("[data-testid=\"{id}\"]")).await;
    }

    /// Opens order `order` from the Orders screen by clicking its row (its first cell: WebKit
    /// takes a table row itself for not interactable).
    pub async fn open_order(&self, order: u64) {
        self.click_css(&format!("[data-testid=\"order-row-{order}\"] td"))
            .await;
        self.by_id("order-detail").await;
    }

    /// Clicks the first element matching `css`, scrolled into view first.
    pub async fn click_css(&self, css: &str) {
        let element = self.wait_for_css(css).await;
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![serde_json::to_value(&element).unwrap()],
            )
            .await
            .unwrap();
        element.click().await.unwrap();
    }

    /// The `data-state` of order `order`'s row, if it is listed.
    pub async fn order_state(&self, order: u64) -> Option<String> {
        let row = self
            .client
            .find(Locator::Css(&format!(
                "[data-testid=\"order-row-{order}\"]"
            )))
            .await
            .ok()?;
        row.attr("data-state").await.ok().flatten()
    }

    /// Waits until order `order`'s row shows `state`.
    pub async fn wait_for_order_state(&self, order: u64, state: &str) {
        self.wait_until(&format!("order {order} {state}"), || async {
            self.order_state(order).await.as_deref() == Some(state)
        })
        .await;
    }

    /// Calls one of the app's commands from the page, as the UI does.
    pub async fn invoke(&self, command: &str, args: Value) -> Value {
        let script = "const done = arguments[arguments.length - 1];
            window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
              .then((value) => done({ ok: value }), (error) => done({ error: String(error) }));";
        let answer = self
            .client
            .execute_async(script, vec![json!(command), args])
            .await
            .unwrap();
        match answer.get("ok") {
            Some(value) => value.clone(),
            None => panic!("{command} failed: {answer}"),
        }
    }

    /// The page's visible text (for failure messages).
    pub async fn visible_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(error) => format!("(no page: {error})"),
        }
    }

    /// The page's HTML.
    pub async fn source(&self) -> String {
        self.client.source().await.unwrap()
    }

    /// Saves a screenshot of the window as `target/desktop-e2e/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.unwrap();
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Ends the session (the app quits) and stops tauri-driver with SIGTERM, so its
    /// WebKitWebDriver child ends too.
    pub async fn close(mut self) {
        // Quit, as the tray's Quit does: closing the window alone keeps the app in the tray.
        let _ = self
            .client
            .execute(
                "window.__TAURI_INTERNALS__.invoke('quit'); return true;",
                vec![],
            )
            .await;
        let _ = self.client.clone().close().await;
        if let Some(pid) = self.driver.id() {
            let _ = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.driver.wait()).await;
    }
}

impl Drop for Desktop {
    /// A test that failed never reached [`Desktop::close`]: the app and tauri-driver are ended
    /// here, so the next test's app is not taken for a second instance of this one.
    fn drop(&mut self) {
        if let Some(pid) = self.driver.id() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        let _ = std::process::Command::new("pkill")
            .args(["-TERM", "-f", &app_binary().display().to_string()])
            .status();
    }
}
