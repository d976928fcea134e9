//! What the CLI tests share: both simulators started in the test process on 127.0.0.1, a
//! settings file pointing at them in a temp dir, and the real binary run with `--config` and
//! `--data-dir`, passwords through the environment.

#![allow(dead_code)] // Each test file uses its own part of this support module.

use engine::settings::Settings;
use pace_simulator::{PaceConfig, PaceSimulator, RunningPace};
use pressero_simulator::{PresseroConfig, PresseroSimulator, RunningPressero};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use tempfile::TempDir;
use tokio::process::{Child, Command};

/// The golden settings of the fixtures.
const GOLDEN_SETTINGS: &str = include_str!("../../../../fixtures/settings/golden.toml");

/// Passwords given to the binary; they must never appear in its output or files.
pub const PACE_PASSWORD: &str = "pace-Secret-4711";
pub const PRESSERO_PASSWORD: &str = "pressero-Secret-0815";

/// Every form a password could leak in: as given, and Pace's HTTP Basic credentials.
pub fn secret_forms() -> Vec<String> {
    use base64::Engine;
    vec![
        PACE_PASSWORD.to_owned(),
        PRESSERO_PASSWORD.to_owned(),
        base64::engine::general_purpose::STANDARD.encode(format!("apiuser:{PACE_PASSWORD}")),
    ]
}

/// Both simulators, a settings file and a data folder.
pub struct World {
    pub pace: RunningPace,
    pub pressero: RunningPressero,
    pub dir: TempDir,
    pub settings: Settings,
    _seed_dir: Option<TempDir>,
}

/// The bundled Pace seed (`fixtures/pace/seed.json`) as JSON, to change before starting.
pub fn pace_seed_json() -> Value {
    serde_json::from_str(include_str!("../../../../fixtures/pace/seed.json")).unwrap()
}

impl World {
    /// Starts both simulators (bundled seeds) and writes the golden settings pointing at them.
    pub async fn start() -> World {
        World::start_with(pressero_simulator::Seed::bundled(), None, None).await
    }

    /// The same, with only these fixture orders in the Pressero simulator.
    pub async fn with_orders(orders: &[u64]) -> World {
        World::with_orders_and_pace(orders, None).await
    }

    /// The same, with this Pace seed (see [`pace_seed_json`]) instead of the bundled one.
    pub async fn with_orders_and_pace(orders: &[u64], pace_seed: Option<Value>) -> World {
        let seed_dir = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pressero");
        for name in [
            "sites.json",
            "users.json",
            "products.json",
            "workflows.json",
        ] {
            std::fs::copy(fixtures.join(name), seed_dir.path().join(name)).unwrap();
        }
        std::fs::create_dir(seed_dir.path().join("orders")).unwrap();
        for entry in std::fs::read_dir(fixtures.join("orders")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if orders
                .iter()
                .any(|order| name.starts_with(&format!("{order}-")))
            {
                std::fs::copy(&path, seed_dir.path().join("orders").join(&name)).unwrap();
            }
        }
        World::start_with(
            pressero_simulator::Seed::directory(seed_dir.path()),
            Some(seed_dir),
            pace_seed,
        )
        .await
    }

    async fn start_with(
        seed: pressero_simulator::Seed,
        seed_dir: Option<TempDir>,
        pace_seed: Option<Value>,
    ) -> World {
        let pace_seed =
            pace_seed.map(|json| pace_simulator::Seed::from_json(&json.to_string()).unwrap());
        let pace = PaceSimulator::start(PaceConfig {
            password: PACE_PASSWORD.to_owned(),
            seed: pace_seed,
            ..PaceConfig::default()
        })
        .await
        .unwrap();
        let mut pressero_config = PresseroConfig {
            seed,
            ..PresseroConfig::default()
        };
        pressero_config.credentials.password = PRESSERO_PASSWORD.to_owned();
        let pressero = PresseroSimulator::start(pressero_config).await.unwrap();
        let credentials = pressero.credentials().clone();
        let mut settings = Settings::from_toml(GOLDEN_SETTINGS).unwrap();
        settings.pressero.admin_url = pressero.base_url();
        settings.pressero.user_name = credentials.user_name;
        settings.pressero.subscriber_id = credentials.subscriber_id;
        settings.pressero.consumer_id = credentials.consumer_id;
        settings.pace.url = pace.base_url();
        settings.pace.login = "apiuser".to_owned();
        settings.pace.company = None;
        // No alert e-mails in these tests (the SMTP side has its own tests).
        settings.alerts.emails = String::new();
        settings.smtp.host = String::new();
        // The sample orders are placed 2026-11-16 … 20: reach back to them.
        let since = chrono::Utc::now()
            - chrono::DateTime::parse_from_rfc3339("2026-11-15T00:00:00Z")
                .unwrap()
                .with_timezone(&chrono::Utc);
        settings.polling.first_poll_lookback_hours =
            u64::try_from(since.num_hours()).unwrap().max(1) + 24;
        let world = World {
            pace,
            pressero,
            dir: tempfile::tempdir().unwrap(),
            settings,
            _seed_dir: seed_dir,
        };
        world.write_settings();
        world
    }

    /// Writes `self.settings` to the settings file.
    pub fn write_settings(&self) {
        self.settings.save(&self.settings_path()).unwrap();
    }

    pub fn settings_path(&self) -> PathBuf {
        self.dir.path().join("settings.toml")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The binary with `--config`, `--data-dir` and the passwords in the environment.
    pub fn command(&self, args: &[&str]) -> Command {
        command(&self.settings_path(), &self.data_dir(), args)
    }

    /// Runs the binary to the end.
    pub async fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().await.unwrap()
    }

    /// Starts the binary (to kill it).
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap()
    }

    /// `status --json`, parsed.
    pub async fn status(&self) -> Value {
        let output = self.run(&["status", "--json"]).await;
        assert!(output.status.success(), "{}", text(&output));
        serde_json::from_slice(&output.stdout).unwrap()
    }

    /// The state of every order in `status --json`, by order number.
    pub async fn states(&self) -> std::collections::BTreeMap<u64, String> {
        self.status().await["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row["order_number"].as_u64().unwrap(),
                    row["state"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// The Pace jobs whose reference names Pressero order `order`.
    pub fn jobs_of(&self, order: u64) -> Vec<String> {
        let reference = format!("Pressero order {order}");
        self.pace
            .objects("Job")
            .into_iter()
            .filter(|job| job.get("reference") == Some(&reference))
            .filter_map(|job| job.get("job").cloned())
            .collect()
    }

    /// How many objects of `object_type` belong to Pace job `job`.
    pub fn count_on_job(&self, object_type: &str, job: &str) -> usize {
        self.pace
            .objects(object_type)
            .into_iter()
            .filter(|object| object.get("job").map(String::as_str) == Some(job))
            .count()
    }

    /// Objects per type, for the types the sync creates.
    pub fn pace_counts(&self) -> std::collections::BTreeMap<&'static str, usize> {
        [
            "Customer",
            "Contact",
            "Job",
            "JobPart",
            "JobShipment",
            "Carton",
            "CartonContent",
            "JobMaterial",
            "JobNote",
        ]
        .into_iter()
        .map(|object_type| (object_type, self.pace.count(object_type)))
        .collect()
    }
}

/// The binary with `--config`, `--data-dir` and the passwords in the environment.
pub fn command(settings: &Path, data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pressero-pace-sync"));
    command
        .arg("--config")
        .arg(settings)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("PACE_PASSWORD", PACE_PASSWORD)
        .env("PRESSERO_PASSWORD", PRESSERO_PASSWORD)
        .env_remove("SMTP_PASSWORD")
        .env("RUST_LOG", "trace");
    command
}

/// How many Pace write calls (create, update, delete, add) the simulator received.
pub fn pace_writes(pace: &RunningPace) -> Vec<String> {
    pace.instruments()
        .calls
        .calls()
        .into_iter()
        .map(|call| call.operation)
        .filter(|operation| {
            ["create", "update", "delete", "add"]
                .iter()
                .any(|verb| operation.starts_with(verb))
        })
        .collect()
}

/// Standard output and error, for assertion messages.
pub fn text(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The (check name, problem) of each failed check in `doctor --json`'s report.
pub fn failed_checks(report: &Value) -> Vec<(String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|check| check["status"] == "failed")
        .map(|check| {
            (
                check["name"].as_str().unwrap().to_owned(),
                check["problem"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
