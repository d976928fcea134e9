//! `sync-proof`: the proof that the service holds up, as commands anyone can run
//! (`pressero-pace-sync benchmark`, `pressero-pace-sync soak`; README, "Measured").
//!
//! Both run the real service binary as a child process against the bundled simulators
//! (`demo-shop`), with orders generated from the sample orders ([`orders`]):
//!
//! - [`benchmark`]: throughput, Pace calls per order, ready → synced times, memory, and the run
//!   against its bound (calls × latency ÷ concurrency), then the idle service's CPU and memory;
//! - [`soak`]: Pace and Pressero faults and SIGKILLs at random moments, then Pace's contents
//!   checked against an undisturbed run of the same orders ([`contents`]), and every stuck
//!   order's alert.
//!
//! | module | what it does |
//! | --- | --- |
//! | [`orders`] | the generated orders (copies of the samples under new numbers and ids) |
//! | [`shop`] | the simulators, the run's settings, the service command, the orders' states |
//! | [`service`] | the service as a child process: start, kill, its memory and CPU from `/proc` |
//! | [`calls`] | Pace calls by operation, injected faults by kind |
//! | [`contents`] | what Pace holds per order, compared with an undisturbed run |

pub mod benchmark;
pub mod calls;
pub mod contents;
pub mod orders;
pub mod service;
pub mod shop;
pub mod soak;

/// The machine the figures come from, in one line: CPU model, cores, memory, OS, build.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map_or("unknown CPU".to_owned(), |(_, name)| name.trim().to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("MemTotal:"))
                .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        })
        .map_or("?".to_owned(), |kib| {
            format!("{:.0}", kib / 1024.0 / 1024.0)
        });
    let build = if cfg!(debug_assertions) {
        "debug build"
    } else {
        "release build"
    };
    format!(
        "{model}, {cores} cores, {memory_gib} GiB, {} {}, {build}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}
