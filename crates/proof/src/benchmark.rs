//! The benchmark: N generated orders through the real service (`run`, one process) against the
//! bundled simulators, every Pace call answered after a set latency, the service syncing
//! `concurrency` orders at a time. It reports orders per minute, Pace calls per order by
//! operation, ready → synced p50/p95, the service's peak memory, and how the run's length
//! compares with its bound (Pace calls × latency ÷ concurrency: what the run would take if the
//! service did nothing but wait for Pace with every slot busy); then the service's CPU and
//! memory while it sits idle, polling.

use crate::calls::PaceCalls;
use crate::orders;
use crate::service::Memory;
use crate::shop::{NotSynced, ProofShop, Templates, at_rest};
use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use engine::store::STATE_CHANGED;
use pace_simulator::FaultRule;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to run.
#[derive(Debug, Clone)]
pub struct BenchmarkOptions {
    /// The service binary (`pressero-pace-sync`).
    pub binary: PathBuf,
    /// How many orders.
    pub orders: usize,
    /// Pace's answer time for every call.
    pub latency: Duration,
    /// Orders synced at the same time (`polling.concurrency`).
    pub concurrency: u32,
    /// How long the idle service is watched.
    pub idle: Duration,
    /// The seed of the generated orders.
    pub seed: u64,
    /// The longest the orders may take before the benchmark gives up.
    pub give_up_after: Duration,
    /// What Pace's item templates write.
    pub templates: Templates,
}

/// What it measured.
#[derive(Debug, Clone)]
pub struct BenchmarkReport {
    /// What ran.
    pub options: BenchmarkOptions,
    /// Orders synced.
    pub synced: usize,
    /// Orders that did not sync.
    pub not_synced: Vec<NotSynced>,
    /// From the service's start to the last order synced.
    pub elapsed: Duration,
    /// Pace calls during the run.
    pub calls: PaceCalls,
    /// Ready → synced of each synced order, sorted.
    pub ready_to_synced: Vec<Duration>,
    /// From the service's start to the first order ready (start-up and the first poll's reads).
    pub first_ready: Option<Duration>,
    /// The orders' syncing times added up (each from its last claim to synced).
    pub syncing: Duration,
    /// The service's memory at the end of the run (its peak is the run's).
    pub memory: Option<Memory>,
    /// CPU time of the idle service over [`BenchmarkOptions::idle`].
    pub idle_cpu: Option<Duration>,
    /// The idle service's memory at the end of the idle watch.
    pub idle_memory: Option<Memory>,
}

impl BenchmarkReport {
    /// Synced orders per minute.
    pub fn orders_per_minute(&self) -> f64 {
        self.synced as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON) * 60.0
    }

    /// Pace calls × latency ÷ concurrency.
    pub fn bound(&self) -> Duration {
        self.options
            .latency
            .mul_f64(self.calls.total() as f64 / f64::from(self.options.concurrency.max(1)))
    }

    /// The run's length over its bound.
    pub fn ratio_to_bound(&self) -> f64 {
        self.elapsed.as_secs_f64() / self.bound().as_secs_f64().max(f64::EPSILON)
    }

    /// The `q`-quantile (0–1) of ready → synced.
    pub fn ready_to_synced_quantile(&self, q: f64) -> Option<Duration> {
        quantile(&self.ready_to_synced, q)
    }
}

/// Runs the benchmark.
pub async fn run(options: BenchmarkOptions) -> anyhow::Result<BenchmarkReport> {
    let concurrency = options.concurrency;
    let mut shop = ProofShop::start(&options.binary, options.templates, |settings| {
        settings.polling.concurrency = concurrency;
    })
    .await?;
    shop.add_orders(orders::generate(options.orders, options.seed))?;
    shop.shop
        .pace
        .instruments()
        .faults
        .add(FaultRule::latency(None, options.latency));
    let handle = shop.handle()?;
    let started_at = Utc::now();
    let started = Instant::now();
    let mut service = shop.service.spawn().context("starting the service")?;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let tally = shop.tally(&handle)?;
        if tally.iter().all(|(state, _)| at_rest(*state)) {
            break;
        }
        if !service.is_running() {
            bail!(
                "the service stopped during the benchmark; see {}",
                shop.service.log.display()
            );
        }
        if started.elapsed() > options.give_up_after {
            bail!(
                "the orders did not sync within {:?}: {tally:?}",
                options.give_up_after
            );
        }
    }
    let memory = service.memory();
    let calls = PaceCalls::of(&shop.shop.pace);
    let not_synced = shop.not_synced(&handle)?;
    let timeline = Timeline::read(&handle, &shop.orders)?;
    let since_start =
        |at: Option<&DateTime<Utc>>| at.and_then(|at| (*at - started_at).to_std().ok());
    let elapsed = since_start(timeline.synced.values().max()).unwrap_or_else(|| started.elapsed());
    let first_ready = since_start(timeline.ready.values().min());
    let ready_to_synced = timeline.to_synced(&timeline.ready);
    let syncing: Duration = timeline.to_synced(&timeline.syncing).iter().sum();

    let idle_from = service.cpu_time();
    tokio::time::sleep(options.idle).await;
    let idle_cpu = idle_from
        .zip(service.cpu_time())
        .map(|(from, to)| to.saturating_sub(from));
    let idle_memory = service.memory();
    service.kill().await?;
    Ok(BenchmarkReport {
        synced: shop.orders.len() - not_synced.len(),
        not_synced,
        elapsed,
        calls,
        ready_to_synced,
        first_ready,
        syncing,
        memory,
        idle_cpu,
        idle_memory,
        options,
    })
}

/// When each order became ready (first), started syncing (last) and was synced, from the
/// state-change events.
#[derive(Debug, Default)]
struct Timeline {
    ready: BTreeMap<u64, DateTime<Utc>>,
    syncing: BTreeMap<u64, DateTime<Utc>>,
    synced: BTreeMap<u64, DateTime<Utc>>,
}

impl Timeline {
    fn read(handle: &engine::service::ServiceHandle, orders: &[u64]) -> anyhow::Result<Timeline> {
        let mut timeline = Timeline::default();
        for event in handle.store().events_of_kind(STATE_CHANGED)? {
            let Some(order) = event.order.filter(|n| orders.contains(n)) else {
                continue;
            };
            match event.detail["to"].as_str() {
                Some("ready") => {
                    timeline.ready.entry(order).or_insert(event.at);
                }
                Some("syncing") => {
                    timeline.syncing.insert(order, event.at);
                }
                Some("synced") => {
                    timeline.synced.insert(order, event.at);
                }
                _ => {}
            }
        }
        Ok(timeline)
    }

    /// Each synced order's time from `from` to synced, sorted.
    fn to_synced(&self, from: &BTreeMap<u64, DateTime<Utc>>) -> Vec<Duration> {
        let mut times: Vec<Duration> = self
            .synced
            .iter()
            .filter_map(|(order, at)| (*at - *from.get(order)?).to_std().ok())
            .collect();
        times.sort();
        times
    }
}

/// The `q`-quantile (nearest rank) of sorted `values`.
pub fn quantile(values: &[Duration], q: f64) -> Option<Duration> {
    if values.is_empty() {
        return None;
    }
    let rank = (q.clamp(0.0, 1.0) * values.len() as f64).ceil() as usize;
    values
        .get(rank.saturating_sub(1).min(values.len() - 1))
        .copied()
}

impl fmt::Display for BenchmarkReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.options;
        let synced = self.synced.max(1) as f64;
        writeln!(
            f,
            "Benchmark: {} orders, Pace latency {} ms, concurrency {}, seed {}, {}",
            o.orders,
            o.latency.as_millis(),
            o.concurrency,
            o.seed,
            o.templates
        )?;
        writeln!(
            f,
            "  synced {} of {} in {:.1} s: {:.1} orders per minute",
            self.synced,
            o.orders,
            self.elapsed.as_secs_f64(),
            self.orders_per_minute()
        )?;
        for order in &self.not_synced {
            writeln!(f, "  NOT SYNCED: {order}")?;
        }
        writeln!(
            f,
            "  Pace calls per order: {:.2} ({:.2} look-ups, {:.2} writes)",
            self.calls.total() as f64 / synced,
            self.calls.look_ups() as f64 / synced,
            self.calls.writes() as f64 / synced
        )?;
        for (operation, count) in &self.calls.by_operation {
            writeln!(
                f,
                "    {operation:<28} {count:>6}  {:>6.2} per order",
                *count as f64 / synced
            )?;
        }
        let seconds =
            |d: Option<Duration>| d.map_or("-".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()));
        writeln!(
            f,
            "  ready → synced: p50 {}, p95 {}",
            seconds(self.ready_to_synced_quantile(0.50)),
            seconds(self.ready_to_synced_quantile(0.95))
        )?;
        writeln!(
            f,
            "  bound (calls × latency ÷ concurrency) {:.1} s; measured / bound {:.2}",
            self.bound().as_secs_f64(),
            self.ratio_to_bound()
        )?;
        let slots = self.elapsed.as_secs_f64() * f64::from(o.concurrency.max(1));
        writeln!(
            f,
            "    where the rest went: first order ready after {}; slots busy {:.0} % of the run; {:.1} ms per Pace call while syncing (latency {} ms)",
            seconds(self.first_ready),
            self.syncing.as_secs_f64() / slots.max(f64::EPSILON) * 100.0,
            self.syncing.as_secs_f64() * 1000.0 / self.calls.total().max(1) as f64,
            o.latency.as_millis()
        )?;
        let mib = |kib: u64| kib as f64 / 1024.0;
        if let Some(memory) = self.memory {
            writeln!(
                f,
                "  service memory: peak {:.1} MiB, at the end {:.1} MiB",
                mib(memory.peak_kib),
                mib(memory.resident_kib)
            )?;
        }
        if let (Some(cpu), Some(memory)) = (self.idle_cpu, self.idle_memory) {
            writeln!(
                f,
                "  idle for {} s: {:.2} % of one core, {:.1} MiB resident",
                o.idle.as_secs(),
                cpu.as_secs_f64() / o.idle.as_secs_f64().max(f64::EPSILON) * 100.0,
                mib(memory.resident_kib)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_nearest_rank() {
        let values: Vec<Duration> = (1..=20).map(Duration::from_secs).collect();
        assert_eq!(quantile(&values, 0.5), Some(Duration::from_secs(10)));
        assert_eq!(quantile(&values, 0.95), Some(Duration::from_secs(19)));
        assert_eq!(quantile(&values, 1.0), Some(Duration::from_secs(20)));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
