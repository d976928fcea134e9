//! `demo`: starts the simulators and the service, prints each sample order's progress, keeps
//! polling, and stops cleanly on Ctrl-C.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_syncs_the_sample_orders_and_stops_on_ctrl_c() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pressero-pace-sync"))
        .arg("demo")
        .env_remove("PACE_PASSWORD")
        .env_remove("PRESSERO_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    let read_until_polling = async {
        while let Some(line) = lines.next_line().await.unwrap() {
            let done = line.starts_with("Polling every");
            seen.push(line);
            if done {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(120), read_until_polling)
        .await
        .expect("the demo's first run ends");
    let transcript = seen.join("\n");
    for order in 10001..=10016 {
        assert!(
            transcript.contains(&format!("Order {order}")),
            "progress of {order}:\n{transcript}"
        );
    }
    assert!(transcript.contains("14 synced"), "{transcript}");
    assert!(
        transcript.contains("Order 10010 needs attention"),
        "{transcript}"
    );

    let pid = child.id().unwrap().to_string();
    let interrupt = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .await
        .unwrap();
    assert!(interrupt.success());
    let mut rest = Vec::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        rest.push(line);
    }
    let status = tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .expect("the demo stops")
        .unwrap();
    assert!(status.success(), "{}", rest.join("\n"));
    assert!(
        rest.iter().any(|line| line == "Stopped."),
        "{}",
        rest.join("\n")
    );
}
