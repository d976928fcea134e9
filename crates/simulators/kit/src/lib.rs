//! What the Pace and Pressero simulators share: fault injection, added latency, a call log with
//! counts per operation, the `/_sim/...` control routes for both, and server start-up on
//! 127.0.0.1.
//!
//! A simulator names each incoming call by its *operation* (`createJob`, `Orders/Search`, …),
//! asks [`Faults::take`] whether a fault is due for it, records it in the [`CallLog`], and then
//! behaves as the fault says. What a fault *looks like* on the wire (a SOAP fault, a JSON
//! `Message`, a 401) is the simulator's business; this crate only decides *when*.
//!
//! Control routes (merged into each simulator's router by [`control_routes`]):
//! - `GET /_sim/calls` → `{"calls":[…], "counts":{"createJob":2,…}}`; `DELETE /_sim/calls` clears.
//! - `POST /_sim/faults` with a [`FaultRule`] as JSON adds a rule; `DELETE /_sim/faults` clears.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use rand::Rng;
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// What a simulator does instead of (or besides) answering normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer HTTP 500 with a generic server error page, doing nothing.
    ServerError,
    /// Answer with the protocol's own error (a SOAP fault for Pace, a 400 `Message` for
    /// Pressero), doing nothing.
    ProtocolError,
    /// Close the connection without any answer, doing nothing.
    DropConnection,
    /// Do the work (the write happens), then close the connection without an answer.
    CommitThenDrop,
    /// Answer 401 as if the credentials or token were bad.
    Unauthorized,
    /// Answer 200 with a body that is not valid for the protocol (broken XML or JSON).
    MalformedBody,
    /// Only wait [`FaultRule::latency_ms`], then answer normally.
    Slow,
    /// Answer with the protocol's error for a busy database, doing nothing: for Pace the SOAP
    /// fault `java.sql.SQLTransientException: Lock wait timeout exceeded; try restarting
    /// transaction` (as seen from a real Pace under load); for Pressero an HTTP 503.
    BusyDatabase,
}

/// One fault-injection rule. A rule applies to calls whose operation equals `operation`
/// (case-insensitive), or to every call when `operation` is absent. It fires for the next
/// `count` matching calls, or for each matching call with probability `rate`, or (neither given)
/// for every matching call until cleared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// What happens.
    pub kind: FaultKind,
    /// Which operation it applies to; `None` for all.
    #[serde(default)]
    pub operation: Option<String>,
    /// Fire for this many matching calls, then stop.
    #[serde(default)]
    pub count: Option<u32>,
    /// Fire with this probability (0.0 – 1.0) on each matching call.
    #[serde(default)]
    pub rate: Option<f64>,
    /// Extra delay before answering, for every kind (and the whole point of `Slow`).
    #[serde(default)]
    pub latency_ms: Option<u64>,
}

impl FaultRule {
    /// A rule that fires `count` times for `operation` (or every operation when `None`).
    pub fn times(kind: FaultKind, operation: Option<&str>, count: u32) -> Self {
        FaultRule {
            kind,
            operation: operation.map(str::to_owned),
            count: Some(count),
            rate: None,
            latency_ms: None,
        }
    }

    /// A rule that fires on every call to `operation` (or every operation when `None`) until the
    /// rules are cleared: a server that stays broken.
    pub fn always(kind: FaultKind, operation: Option<&str>) -> Self {
        FaultRule {
            kind,
            operation: operation.map(str::to_owned),
            count: None,
            rate: None,
            latency_ms: None,
        }
    }

    /// A latency on every call to `operation` (every operation when `None`) until cleared: a
    /// server that takes `latency` to answer. Not a fault in the call log.
    pub fn latency(operation: Option<&str>, latency: Duration) -> Self {
        FaultRule {
            latency_ms: Some(millis(latency)),
            ..FaultRule::always(FaultKind::Slow, operation)
        }
    }

    /// The next call to `operation` answered only after `latency`, then normally (a slow reply).
    pub fn slow_once(operation: &str, latency: Duration) -> Self {
        FaultRule {
            latency_ms: Some(millis(latency)),
            ..FaultRule::times(FaultKind::Slow, Some(operation), 1)
        }
    }

    fn matches(&self, operation: &str) -> bool {
        self.operation
            .as_deref()
            .is_none_or(|op| op.eq_ignore_ascii_case(operation))
    }
}

/// What [`Faults::take`] decided for one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultDecision {
    /// The fault to act out, if any (`Slow` is reported as `None` after its delay is applied).
    pub kind: Option<FaultKind>,
    /// How long to wait before acting.
    pub delay: Duration,
    /// Whether a `Slow` rule with a count or a rate picked this call out (a slow reply; a
    /// `Slow` rule for every call is the server's latency, in `delay` but not a fault).
    pub slowed: bool,
}

/// The set of active fault rules; cheap to clone and share between handlers.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    rules: Arc<Mutex<Vec<FaultRule>>>,
}

impl Faults {
    /// Adds a rule.
    pub fn add(&self, rule: FaultRule) {
        lock(&self.rules).push(rule);
    }

    /// Removes every rule.
    pub fn clear(&self) {
        lock(&self.rules).clear();
    }

    /// Decides the fate of one call to `operation`, consuming a count where a counted rule fires.
    /// The first matching fault rule that fires wins (later fault rules are not consulted);
    /// `Slow` rules are always consulted. The latency of every rule that fires adds up, so a
    /// `Slow` rule without count or rate is a latency on every call, and one with a rate slows
    /// only the calls it fires for.
    pub fn take(&self, operation: &str) -> FaultDecision {
        let mut rules = lock(&self.rules);
        let mut rng = rand::rng();
        let mut delay = Duration::ZERO;
        let mut kind = None;
        let mut slowed = false;
        for rule in rules.iter_mut().filter(|r| r.matches(operation)) {
            if kind.is_some() && rule.kind != FaultKind::Slow {
                continue;
            }
            let fires = match (rule.count, rule.rate) {
                (Some(0), _) => false,
                (_, Some(rate)) => rng.random_bool(rate.clamp(0.0, 1.0)),
                _ => true,
            };
            if !fires {
                continue;
            }
            if let Some(count) = rule.count.as_mut() {
                *count -= 1;
            }
            if let Some(ms) = rule.latency_ms {
                delay += Duration::from_millis(ms);
            }
            if rule.kind == FaultKind::Slow {
                slowed |= rule.count.is_some() || rule.rate.is_some();
            } else {
                kind = Some(rule.kind);
            }
        }
        rules.retain(|r| r.count != Some(0));
        FaultDecision {
            kind,
            delay,
            slowed,
        }
    }

    /// Waits for the decision's delay, then returns it. The usual first line of a simulator
    /// handler: `match faults.apply(op).await.kind { … }`.
    pub async fn apply(&self, operation: &str) -> FaultDecision {
        let decision = self.take(operation);
        if !decision.delay.is_zero() {
            tokio::time::sleep(decision.delay).await;
        }
        decision
    }
}

/// One call as the simulator saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// The operation name (`createJob`, `Orders/Search`, …).
    pub operation: String,
    /// The fault injected into this call, if any.
    pub fault: Option<FaultKind>,
    /// Whether a `Slow` rule with a count or a rate picked it out (see [`FaultDecision`]).
    #[serde(default)]
    pub slowed: bool,
    /// What the call was about, where the simulator tells (the object type a Pace look-up
    /// asked for, e.g. `Contact`).
    #[serde(default)]
    pub subject: Option<String>,
}

/// The calls a simulator has received, in order, with counts per operation.
#[derive(Debug, Clone, Default)]
pub struct CallLog {
    calls: Arc<Mutex<Vec<Call>>>,
    arrived: Arc<tokio::sync::Notify>,
}

impl CallLog {
    /// Records a call.
    pub fn record(&self, operation: &str, fault: Option<FaultKind>) {
        self.record_call(Call {
            operation: operation.to_owned(),
            fault,
            slowed: false,
            subject: None,
        });
    }

    /// Records a call with everything known of it.
    pub fn record_call(&self, call: Call) {
        lock(&self.calls).push(call);
        self.arrived.notify_waiters();
    }

    /// Waits until `operation` has received at least `count` calls (counting from the last
    /// [`CallLog::clear`]). Lets a test act at an exact point of a client's work, e.g. kill a
    /// process the moment its third `createJobPart` arrives, without sleeping.
    pub async fn wait_for(&self, operation: &str, count: usize) {
        loop {
            let arrived = self.arrived.notified();
            if self.count(operation) >= count {
                return;
            }
            arrived.await;
        }
    }

    /// Every call so far, oldest first.
    pub fn calls(&self) -> Vec<Call> {
        lock(&self.calls).clone()
    }

    /// How many calls each operation received.
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for call in lock(&self.calls).iter() {
            *counts.entry(call.operation.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// How many calls `operation` received.
    pub fn count(&self, operation: &str) -> usize {
        lock(&self.calls)
            .iter()
            .filter(|c| c.operation == operation)
            .count()
    }

    /// Forgets every call.
    pub fn clear(&self) {
        lock(&self.calls).clear();
    }
}

/// The fault rules and the call log of one simulator.
#[derive(Debug, Clone, Default)]
pub struct Instruments {
    /// Active fault rules.
    pub faults: Faults,
    /// Calls received.
    pub calls: CallLog,
}

impl Instruments {
    /// Applies any fault due for `operation` (after its delay) and records the call.
    pub async fn on_call(&self, operation: &str) -> Option<FaultKind> {
        self.on_call_about(operation, None).await
    }

    /// [`Instruments::on_call`] for a call about `subject` (recorded with it).
    pub async fn on_call_about(&self, operation: &str, subject: Option<&str>) -> Option<FaultKind> {
        let decision = self.faults.apply(operation).await;
        self.calls.record_call(Call {
            operation: operation.to_owned(),
            fault: decision.kind,
            slowed: decision.slowed,
            subject: subject.map(str::to_owned),
        });
        decision.kind
    }
}

#[derive(Serialize)]
struct CallReport {
    calls: Vec<Call>,
    counts: BTreeMap<String, usize>,
}

/// The `/_sim/calls` and `/_sim/faults` control routes over `instruments`.
pub fn control_routes<S: Clone + Send + Sync + 'static>(instruments: Instruments) -> Router<S> {
    Router::new()
        .route(
            "/_sim/calls",
            get(|State(i): State<Instruments>| async move {
                Json(CallReport {
                    calls: i.calls.calls(),
                    counts: i.calls.counts(),
                })
            })
            .delete(|State(i): State<Instruments>| async move { i.calls.clear() }),
        )
        .route(
            "/_sim/faults",
            axum::routing::post(
                |State(i): State<Instruments>, Json(rule): Json<FaultRule>| async move {
                    i.faults.add(rule)
                },
            )
            .delete(|State(i): State<Instruments>| async move { i.faults.clear() }),
        )
        .with_state(instruments)
}

/// Closes the current connection without an answer. Call it from a handler to act out
/// [`FaultKind::DropConnection`] / [`FaultKind::CommitThenDrop`]: the connection task unwinds
/// and hyper drops the socket, so the client sees the connection closed mid-request.
/// (`resume_unwind` skips the panic hook, so nothing is printed.)
pub fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new("simulated dropped connection"))
}

/// A simulator listening on 127.0.0.1; dropping it (or calling [`RunningServer::stop`]) stops it.
#[derive(Debug)]
pub struct RunningServer {
    /// Where it listens.
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningServer {
    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Serves `router` on `127.0.0.1:port` (`0` picks a free port) in a background task.
pub async fn serve(router: Router, port: u16) -> std::io::Result<RunningServer> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let shutdown = async {
            let _ = rx.await;
        };
        if let Err(error) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(%error, "simulator server stopped");
        }
    });
    Ok(RunningServer {
        addr,
        shutdown: Some(tx),
        task: Some(task),
    })
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_rule_fires_exactly_count_times_for_its_operation_only() {
        let faults = Faults::default();
        faults.add(FaultRule::times(
            FaultKind::ServerError,
            Some("createJob"),
            2,
        ));
        assert_eq!(faults.take("readJob").kind, None);
        assert_eq!(faults.take("createJob").kind, Some(FaultKind::ServerError));
        assert_eq!(faults.take("CREATEJOB").kind, Some(FaultKind::ServerError));
        assert_eq!(faults.take("createJob").kind, None);
    }

    #[test]
    fn slow_rule_delays_without_faulting_and_latency_adds_up() {
        let faults = Faults::default();
        let mut slow = FaultRule::times(FaultKind::Slow, None, 1);
        slow.latency_ms = Some(30);
        faults.add(slow);
        let decision = faults.take("find");
        assert_eq!(decision.kind, None);
        assert_eq!(decision.delay, Duration::from_millis(30));
        assert_eq!(faults.take("find").delay, Duration::ZERO);
    }

    #[test]
    fn a_slow_rule_with_a_rate_delays_only_the_calls_it_fires_for() {
        let faults = Faults::default();
        faults.add(FaultRule {
            kind: FaultKind::Slow,
            operation: None,
            count: None,
            rate: Some(0.0),
            latency_ms: Some(1500),
        });
        let mut always = FaultRule::always(FaultKind::Slow, None);
        always.latency_ms = Some(50);
        faults.add(always);
        assert!((0..50).all(|_| {
            let decision = faults.take("x");
            decision.delay == Duration::from_millis(50) && !decision.slowed
        }));
    }

    #[test]
    fn rate_zero_never_fires_and_rate_one_always_fires() {
        let faults = Faults::default();
        faults.add(FaultRule {
            kind: FaultKind::DropConnection,
            operation: None,
            count: None,
            rate: Some(0.0),
            latency_ms: None,
        });
        assert!((0..50).all(|_| faults.take("x").kind.is_none()));
        faults.clear();
        faults.add(FaultRule {
            kind: FaultKind::DropConnection,
            operation: None,
            count: None,
            rate: Some(1.0),
            latency_ms: None,
        });
        assert!((0..50).all(|_| faults.take("x").kind == Some(FaultKind::DropConnection)));
    }

    #[tokio::test]
    async fn wait_for_returns_once_the_calls_have_arrived() {
        let log = CallLog::default();
        let waiter = tokio::spawn({
            let log = log.clone();
            async move { log.wait_for("createJob", 2).await }
        });
        log.record("createJob", None);
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        log.record("find", None);
        log.record("createJob", None);
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("wait_for should return after the second createJob")
            .expect("waiter task");
    }

    #[test]
    fn call_log_counts_per_operation() {
        let log = CallLog::default();
        log.record("find", None);
        log.record("find", Some(FaultKind::ServerError));
        log.record("createJob", None);
        assert_eq!(log.count("find"), 2);
        assert_eq!(log.counts().get("createJob"), Some(&1));
        assert_eq!(log.calls()[1].fault, Some(FaultKind::ServerError));
    }
}
