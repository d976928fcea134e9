//! The proof commands, small: a chaos soak of 30 orders (Pace and Pressero faults, the service
//! SIGKILLed every 1–3 s and restarted) must end with every order in Pace exactly as an
//! undisturbed run made it and every stuck order alerted; a benchmark of 12 orders must sync
//! them all and print its figures. (The README's figures come from the full-size runs.)

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`.
#![cfg(test)]

use std::process::Output;

fn proof(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pressero-pace-sync"))
        .args(args)
        .env_remove("PACE_PASSWORD")
        .env_remove("PRESSERO_PASSWORD")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_small_chaos_soak_leaves_no_duplicate_nothing_missing_and_every_stuck_order_alerted() {
    let output = proof(&[
        "soak",
        "--orders",
        "30",
        "--seed",
        "7",
        "--kill-every",
        "1-3",
    ]);
    let report = text(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(
        report.contains("0 duplicates, 0 missing, 0 wrong quantities"),
        "{report}"
    );
    assert!(
        report.contains("after retrying the stuck orders: 0 not synced"),
        "{report}"
    );
    let kills: usize = report
        .split(" kills of the service")
        .next()
        .and_then(|head| head.rsplit(", ").next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(kills >= 2, "the service was killed and restarted: {report}");
    assert!(report.contains("Pace faults: "), "{report}");
    assert!(
        !report.contains("Pace faults: 0 "),
        "faults were injected: {report}"
    );
}

#[test]
fn a_small_benchmark_syncs_every_order_and_prints_its_figures() {
    let output = proof(&[
        "benchmark",
        "--orders",
        "12",
        "--latency-ms",
        "5",
        "--idle-seconds",
        "1",
    ]);
    let report = text(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(report.contains("synced 12 of 12"), "{report}");
    for figure in [
        "orders per minute",
        "Pace calls per order:",
        "createJob ",
        "ready → synced: p50",
        "measured / bound",
        "service memory: peak",
        "% of one core",
        "machine: ",
    ] {
        assert!(report.contains(figure), "{figure}: {report}");
    }
}
