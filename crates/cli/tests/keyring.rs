//! The real OS keyring (the Secret Service of GNOME Keyring, in a private D-Bus session started
//! with `dbus-run-session`, unlocked with a throw-away password): `credentials set` stores the
//! passwords read from standard input, the service then signs in to both simulators with them
//! (no password in the environment), and `credentials delete` removes them again.
//!
//! Needs the Debian packages `dbus` and `gnome-keyring` (`scripts/test.sh` installs them).

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use serde_json::Value;
use support::{PACE_PASSWORD, PRESSERO_PASSWORD, World, failed_checks};
use tokio::process::Command;

/// Runs in one D-Bus session: unlock the keyring, store both passwords, `doctor`, delete the
/// Pace password, `doctor` again.
const SCRIPT: &str = r#"
set -e
printf '%s' "$UNLOCK" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
printf '%s\n' "$PACE_SECRET" | "$BIN" credentials set pace
printf '%s\n' "$PRESSERO_SECRET" | "$BIN" credentials set pressero
"$BIN" --config "$CONFIG" --data-dir "$DATA" doctor --json > "$WITH_KEYRING" || true
"$BIN" credentials delete pace
"$BIN" --config "$CONFIG" --data-dir "$DATA" doctor --json > "$WITHOUT_PACE" || true
"#;

fn installed(program: &str) -> bool {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|output| output.status.success())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_set_in_the_os_keyring_are_used_and_can_be_removed() {
    for program in ["dbus-run-session", "gnome-keyring-daemon"] {
        assert!(
            installed(program),
            "{program} is missing: install the Debian packages dbus and gnome-keyring (scripts/test.sh does)"
        );
    }
    let world = World::start().await;
    let home = tempfile::tempdir().unwrap();
    let with_keyring = home.path().join("with-keyring.json");
    let without_pace = home.path().join("without-pace.json");
    let output = Command::new("dbus-run-session")
        .arg("--")
        .arg("sh")
        .arg("-c")
        .arg(SCRIPT)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("share"))
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("PACE_PASSWORD")
        .env_remove("PRESSERO_PASSWORD")
        .env_remove("SMTP_PASSWORD")
        .env("UNLOCK", "throw-away keyring password")
        .env("PACE_SECRET", PACE_PASSWORD)
        .env("PRESSERO_SECRET", PRESSERO_PASSWORD)
        .env("BIN", env!("CARGO_BIN_EXE_pressero-pace-sync"))
        .env("CONFIG", world.settings_path())
        .env("DATA", world.data_dir())
        .env("WITH_KEYRING", &with_keyring)
        .env("WITHOUT_PACE", &without_pace)
        .output()
        .await
        .unwrap();
    let all = support::text(&output);
    assert!(output.status.success(), "{all}");
    assert!(
        all.contains("Stored the Pace API password in the OS keyring"),
        "{all}"
    );
    assert!(
        !all.contains(PACE_PASSWORD) && !all.contains(PRESSERO_PASSWORD),
        "{all}"
    );

    let report: Value = serde_json::from_slice(&std::fs::read(&with_keyring).unwrap()).unwrap();
    assert_eq!(
        failed_checks(&report),
        vec![],
        "signed in with the keyring's passwords: {report}"
    );
    let report: Value = serde_json::from_slice(&std::fs::read(&without_pace).unwrap()).unwrap();
    assert_eq!(
        failed_checks(&report),
        vec![("Pace version".to_owned(), "missing_password".to_owned())],
        "{report}"
    );
}
