//! The chaos soak: N generated orders through the real service while Pace and Pressero fail on
//! purpose and the service is SIGKILLed at random moments and started again; then a check of
//! Pace's contents against an undisturbed run of the same orders.
//!
//! 1. **Undisturbed run**: the orders in a shop of their own, no faults, `run --once`: what
//!    their plans make in Pace, once each.
//! 2. **Chaos**: the same orders in a new shop; a share of Pace calls fail (HTTP 500, SOAP faults,
//!    busy-database faults, dropped connections, committed-then-dropped writes, replies slower than
//!    the service's Pace timeout) and of Pressero calls (401, HTTP 500); the service (`run`) is
//!    killed every few seconds and restarted, until every order has come to rest (synced, or
//!    needing a person).
//! 3. **Aftermath**: faults off, one more `run --once` (a process after the last kill sends what
//!    that one could not); every order then needing attention ("stuck") must have had an alert
//!    e-mail naming it. Then the stuck orders are retried ("retry all that need attention") and
//!    must sync.
//! 4. **Check**: Pace's contents against the undisturbed run's: duplicates, missing objects,
//!    wrong quantities ([`crate::contents`]).

use crate::calls::faults_by_kind;
use crate::contents::{Differences, PaceContents, compare};
use crate::orders;
use crate::shop::{NotSynced, ProofShop, Templates, at_rest};
use anyhow::{Context, bail};
use engine::settings::Settings;
use engine::store::OrderState;
use pace_simulator::{FaultKind, FaultRule};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to run.
#[derive(Debug, Clone)]
pub struct SoakOptions {
    /// The service binary (`pressero-pace-sync`).
    pub binary: PathBuf,
    /// How many orders.
    pub orders: usize,
    /// The seed of the orders and the kill times.
    pub seed: u64,
    /// Seconds between a start of the service and its kill, drawn from this range.
    pub kill_every: RangeInclusive<f64>,
    /// Pace's answer time for every call during the chaos (so kills land mid-sync).
    pub latency: Duration,
    /// The share of Pace calls that fail (0–1).
    pub pace_faults: f64,
    /// The share of Pressero calls that fail (0–1).
    pub pressero_faults: f64,
    /// The longest the chaos may go on before the soak gives up.
    pub give_up_after: Duration,
}

/// What it found.
#[derive(Debug, Clone, Default)]
pub struct SoakReport {
    /// Orders.
    pub orders: usize,
    /// Pace's answer time during the chaos.
    pub latency: Duration,
    /// How often the service was killed.
    pub kills: usize,
    /// How long the chaos lasted.
    pub chaos: Duration,
    /// Faults injected into Pace calls, by kind.
    pub pace_faults: BTreeMap<String, usize>,
    /// Faults injected into Pressero calls, by kind.
    pub pressero_faults: BTreeMap<String, usize>,
    /// Pace calls during the chaos.
    pub pace_calls: usize,
    /// Orders needing attention after the chaos, with how many alert e-mails named each.
    pub stuck: BTreeMap<u64, usize>,
    /// Orders not at rest when the chaos gave up.
    pub unsettled: Vec<(u64, Option<OrderState>)>,
    /// Orders not synced after the stuck ones were retried.
    pub not_synced: Vec<NotSynced>,
    /// Pace's contents against the undisturbed run's.
    pub differences: Differences,
    /// Where a failed run's settings, database and service log were kept.
    pub kept: Option<PathBuf>,
}

impl SoakReport {
    /// Stuck orders no alert e-mail named.
    pub fn unalerted(&self) -> Vec<u64> {
        self.stuck
            .iter()
            .filter(|(_, alerts)| **alerts == 0)
            .map(|(order, _)| *order)
            .collect()
    }

    /// No duplicate, nothing missing, no wrong quantity, every order synced in the end and every
    /// stuck order alerted.
    pub fn passed(&self) -> bool {
        self.differences == Differences::default()
            && self.not_synced.is_empty()
            && self.unsettled.is_empty()
            && self.unalerted().is_empty()
    }
}

/// The settings of both runs: short Pace timeouts and retries, so a soak takes minutes.
fn soak_settings(settings: &mut Settings) {
    settings.pace.request_timeout_seconds = 1;
    settings.polling.retry_first_delay_seconds = 1;
    settings.polling.retry_max_delay_seconds = 4;
}

/// Runs the soak.
pub async fn run(options: SoakOptions) -> anyhow::Result<SoakReport> {
    let orders = orders::generate(options.orders, options.seed);
    let expected = undisturbed(&options, orders.clone()).await?;

    let mut shop = ProofShop::start(&options.binary, Templates::Bundled, soak_settings).await?;
    shop.add_orders(orders)?;
    // A slow reply outlasts the service's Pace timeout (it stops waiting; Pace saves the write
    // later), yet Pace finishes it within one more timeout, as the in-flight rule assumes
    // (ARCHITECTURE.md: an unanswered write is looked up after twice the timeout).
    let slow_ms = 1500 * shop.settings.pace.request_timeout_seconds;
    for rule in pace_faults(options.pace_faults, slow_ms) {
        shop.shop.pace.instruments().faults.add(rule);
    }
    shop.shop
        .pace
        .instruments()
        .faults
        .add(FaultRule::latency(None, options.latency));
    for rule in pressero_faults(options.pressero_faults) {
        shop.shop.pressero.instruments().faults.add(rule);
    }
    let handle = shop.handle()?;
    let mut rng = StdRng::seed_from_u64(options.seed);
    let started = Instant::now();
    let mut report = SoakReport {
        orders: shop.orders.len(),
        latency: options.latency,
        ..SoakReport::default()
    };
    loop {
        let service = shop.service.spawn().context("starting the service")?;
        let up = rng.random_range(options.kill_every.clone());
        tokio::time::sleep(Duration::from_secs_f64(up.max(0.05))).await;
        service.kill().await?;
        report.kills += 1;
        let tally = shop.tally(&handle)?;
        if tally.keys().all(|state| at_rest(*state)) {
            break;
        }
        if started.elapsed() > options.give_up_after {
            let states = shop.states(&handle)?;
            report.unsettled = shop
                .orders
                .iter()
                .map(|n| (*n, states.get(n).copied()))
                .filter(|(_, state)| !at_rest(*state))
                .collect();
            break;
        }
    }
    report.chaos = started.elapsed();
    report.pace_faults = faults_by_kind(shop.shop.pace.instruments());
    report.pressero_faults = faults_by_kind(shop.shop.pressero.instruments());
    report.pace_calls = shop.shop.pace.instruments().calls.calls().len();
    shop.shop.pace.instruments().faults.clear();
    shop.shop.pressero.instruments().faults.clear();

    // A process after the last kill: it sends the alerts the killed one could not.
    shop.service.run_once().await?;
    let states = shop.states(&handle)?;
    let messages = shop.shop.smtp.messages();
    for order in &shop.orders {
        if states.get(order) == Some(&OrderState::NeedsAttention) {
            let alerts = messages
                .iter()
                .filter(|message| names_order(&message.subject().unwrap_or_default(), *order))
                .count();
            report.stuck.insert(*order, alerts);
        }
    }

    handle.retry_attention()?;
    for _ in 0..10 {
        shop.service.run_once().await?;
        let tally = shop.tally(&handle)?;
        if tally.keys().all(|state| *state == Some(OrderState::Synced)) {
            break;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    report.not_synced = shop.not_synced(&handle)?;
    report.differences = compare(&expected, &PaceContents::of(&shop.shop.pace), &shop.orders);
    if !report.passed() {
        report.kept = Some(shop.shop.keep_folder());
    }
    Ok(report)
}

/// Whether an alert's subject names `order` ("… order 300012 …", not order 3000121).
fn names_order(subject: &str, order: u64) -> bool {
    let subject = subject.to_lowercase();
    let named = format!("order {order}");
    subject.match_indices(&named).any(|(at, _)| {
        !subject[at + named.len()..]
            .chars()
            .next()
            .is_some_and(|next| next.is_ascii_digit())
    })
}

/// Pace's contents after an undisturbed run of `orders`.
async fn undisturbed(
    options: &SoakOptions,
    orders: Vec<serde_json::Value>,
) -> anyhow::Result<PaceContents> {
    let mut shop = ProofShop::start(&options.binary, Templates::Bundled, soak_settings).await?;
    shop.add_orders(orders)?;
    let handle = shop.handle()?;
    for _ in 0..3 {
        shop.service.run_once().await?;
        if shop
            .tally(&handle)?
            .keys()
            .all(|state| *state == Some(OrderState::Synced))
        {
            return Ok(PaceContents::of(&shop.shop.pace));
        }
    }
    bail!(
        "the undisturbed run did not sync every order: {:?}; see {}",
        shop.tally(&handle)?,
        shop.service.log.display()
    )
}

/// Fault rules failing about `rate` of Pace's calls, spread over the kinds; a slow reply takes
/// `slow_ms`.
fn pace_faults(rate: f64, slow_ms: u64) -> Vec<FaultRule> {
    let share = |kind, part: f64| FaultRule {
        rate: Some(rate * part),
        ..FaultRule::always(kind, None)
    };
    vec![
        share(FaultKind::ServerError, 0.2),
        share(FaultKind::ProtocolError, 0.1),
        share(FaultKind::BusyDatabase, 0.1),
        share(FaultKind::DropConnection, 0.2),
        share(FaultKind::CommitThenDrop, 0.2),
        FaultRule {
            latency_ms: Some(slow_ms),
            ..share(FaultKind::Slow, 0.2)
        },
    ]
}

/// Fault rules failing about `rate` of Pressero's calls: half 401, half HTTP 500.
fn pressero_faults(rate: f64) -> Vec<FaultRule> {
    [FaultKind::Unauthorized, FaultKind::ServerError]
        .into_iter()
        .map(|kind| FaultRule {
            rate: Some(rate / 2.0),
            ..FaultRule::always(kind, None)
        })
        .collect()
}

impl fmt::Display for SoakReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Soak: {} orders, {} kills of the service in {:.0} s of chaos, {} Pace calls ({} ms each)",
            self.orders,
            self.kills,
            self.chaos.as_secs_f64(),
            self.pace_calls,
            self.latency.as_millis()
        )?;
        for (side, faults) in [
            ("Pace", &self.pace_faults),
            ("Pressero", &self.pressero_faults),
        ] {
            let total: usize = faults.values().sum();
            let kinds: Vec<String> = faults.iter().map(|(k, n)| format!("{k} {n}")).collect();
            writeln!(f, "  {side} faults: {total} ({})", kinds.join(", "))?;
        }
        let alerted = self.stuck.len() - self.unalerted().len();
        let most = self.stuck.values().max().copied().unwrap_or(0);
        writeln!(
            f,
            "  stuck (needing attention): {}, alerted {} (at most {} e-mails for one order)",
            self.stuck.len(),
            alerted,
            most
        )?;
        for order in self.unalerted() {
            writeln!(f, "    NOT ALERTED: order {order}")?;
        }
        for (order, state) in &self.unsettled {
            writeln!(
                f,
                "    NOT AT REST when the chaos gave up: order {order} ({state:?})"
            )?;
        }
        writeln!(
            f,
            "  after retrying the stuck orders: {} not synced",
            self.not_synced.len()
        )?;
        for order in &self.not_synced {
            writeln!(f, "    NOT SYNCED: {order}")?;
        }
        let d = &self.differences;
        writeln!(
            f,
            "  Pace against the undisturbed run: {} duplicates, {} missing, {} wrong quantities",
            d.duplicates.len(),
            d.missing.len(),
            d.wrong_quantities.len()
        )?;
        for line in d
            .duplicates
            .iter()
            .chain(&d.missing)
            .chain(&d.wrong_quantities)
        {
            writeln!(f, "    {line}")?;
        }
        if let Some(kept) = &self.kept {
            writeln!(
                f,
                "  the run's database and service log are kept in {}",
                kept.display()
            )?;
        }
        writeln!(f, "  {}", if self.passed() { "PASSED" } else { "FAILED" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_names_an_order_by_its_whole_number() {
        let subject = "Pressero → Pace Sync: Order 300012 (Public Shop): needs attention";
        assert!(names_order(subject, 300012));
        assert!(!names_order(subject, 30001));
        assert!(!names_order(
            "Order 3000121 (Acme): needs attention",
            300012
        ));
    }
}
