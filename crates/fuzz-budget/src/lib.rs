//! Bounded fuzzing for the workspace's parsers: property tests that run for a fixed **time**,
//! not a fixed number of cases. Dev-only (a dev-dependency of `pace`, `pressero` and `engine`,
//! whose `tests/fuzz.rs` use it); it depends on nothing but proptest.
//!
//! - [`fuzz`]: runs a proptest strategy and a property case after case until the budget
//!   (`FUZZ_SECONDS`, default 3 s per target) is spent, then prints
//!   `fuzz <target>: <cases> cases in <secs> s, 0 failures`. A failing case (a failed assertion
//!   or a panic, which proptest catches) is shrunk and reported with the seed that replays it.
//!   Each case must finish within `FUZZ_CASE_SECONDS` (default 10 s): one that finishes later
//!   fails (proptest's `timeout`), and one that does not finish at all (a hang) is noticed by a
//!   watchdog thread, which names the seed and ends the test process.
//! - [`mutate`]: structure-aware mutations of real samples (delete, duplicate or replace a span,
//!   a line, an XML element or a bracketed group; swap a literal for one of another type;
//!   truncate), and the nasty fillers they insert.
//! - [`http`]: a small blocking HTTP/1.1 server on 127.0.0.1 that answers each request with
//!   whatever a closure says (a recorded reply, a mutated one), and [`http::forward`] to record
//!   a real server's replies through it.
//!
//! Replaying a failure: every case is generated from its own seed; `FUZZ_SEED=<seed>` runs
//! exactly that case once, e.g. `FUZZ_SEED=123 cargo test -p pace --test fuzz xpath`.

pub mod http;
pub mod mutate;

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use proptest::prelude::RngCore;
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};

/// The time budget of one target when `FUZZ_SECONDS` is not set: short, so `cargo test` stays
/// quick.
pub const DEFAULT_SECONDS: f64 = 3.0;

/// How long one case may take when `FUZZ_CASE_SECONDS` is not set. Generous: the parsers take
/// microseconds, but a debug build on a busy machine is slow.
pub const DEFAULT_CASE_SECONDS: f64 = 10.0;

/// How long a failing case may be shrunk before it is reported as found.
const SHRINK_TIME: Duration = Duration::from_secs(30);

/// How long to fuzz one target, and one case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// The whole target: cases are run until this has elapsed.
    pub total: Duration,
    /// One case (a run of the property on one input).
    pub per_case: Duration,
    /// Run only the case of this seed, once (`FUZZ_SEED`).
    pub replay: Option<u64>,
}

impl Budget {
    /// The budget from `FUZZ_SECONDS`, `FUZZ_CASE_SECONDS` and `FUZZ_SEED`, or why one of them
    /// cannot be read.
    pub fn from_env() -> Result<Budget, String> {
        let seconds = |name: &str, default: f64| -> Result<Duration, String> {
            match std::env::var(name) {
                Err(_) => Ok(Duration::from_secs_f64(default)),
                Ok(text) => text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s >= 0.0 && *s < 1.0e9)
                    .map(Duration::from_secs_f64)
                    .ok_or_else(|| format!("{name}={text:?} is not a number of seconds")),
            }
        };
        let replay = match std::env::var("FUZZ_SEED") {
            Err(_) => None,
            Ok(text) => Some(
                text.trim()
                    .parse::<u64>()
                    .map_err(|_| format!("FUZZ_SEED={text:?} is not a seed (a whole number)"))?,
            ),
        };
        Ok(Budget {
            total: seconds("FUZZ_SECONDS", DEFAULT_SECONDS)?,
            per_case: seconds("FUZZ_CASE_SECONDS", DEFAULT_CASE_SECONDS)?,
            replay,
        })
    }
}

/// What one target's run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The target's name.
    pub target: String,
    /// Cases run (each an input the property accepted as a case).
    pub cases: u64,
    /// Cases the property rejected (`prop_assume!`), not counted in `cases`.
    pub rejected: u64,
    /// How long the run took.
    pub elapsed: Duration,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "fuzz {}: {} cases in {:.1} s, 0 failures",
            self.target,
            self.cases,
            self.elapsed.as_secs_f64()
        )?;
        if self.rejected > 0 {
            write!(f, " ({} inputs rejected)", self.rejected)?;
        }
        Ok(())
    }
}

/// Fuzzes `target` for the budget read from the environment ([`Budget::from_env`]); see
/// [`fuzz_with`].
///
/// # Panics
///
/// When the environment holds a bad budget, and as [`fuzz_with`] does.
pub fn fuzz<S: Strategy>(
    target: &str,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> Report {
    let budget = Budget::from_env().unwrap_or_else(|why| panic!("fuzz {target}: {why}"));
    fuzz_with(target, budget, strategy, property)
}

/// Runs `property` on inputs drawn from `strategy`, one fresh seed per case, until
/// `budget.total` has elapsed (at least one case), and prints the [`Report`].
///
/// # Panics
///
/// When a case fails (the property returns an error, panics, or takes longer than
/// `budget.per_case`): the message has the reason, the shrunk input and the seed that replays
/// the case. When a case hangs, the watchdog prints the seed and exits the process with
/// status 101 instead (a stuck thread cannot be stopped).
pub fn fuzz_with<S: Strategy>(
    target: &str,
    budget: Budget,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> Report {
    let started = Instant::now();
    let watchdog = Watchdog::start(target, budget.per_case);
    let mut seeds = TestRunner::new(Config::default());
    let per_case_ms = u32::try_from(budget.per_case.as_millis())
        .unwrap_or(u32::MAX)
        .max(1);
    let mut cases = 0;
    let mut rejected = 0;
    loop {
        let seed = budget.replay.unwrap_or_else(|| seeds.rng().next_u64());
        let config = Config {
            rng_seed: RngSeed::Fixed(seed),
            timeout: per_case_ms,
            max_shrink_time: u32::try_from(SHRINK_TIME.as_millis()).unwrap_or(u32::MAX),
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let tree = strategy.new_tree(&mut runner).unwrap_or_else(|why| {
            panic!("fuzz {target}: the strategy gave no input (seed {seed}): {why}")
        });
        let outcome = runner.run_one(tree, |input| {
            watchdog.arm(seed);
            let result = property(input);
            watchdog.disarm();
            result
        });
        match outcome {
            Ok(true) => cases += 1,
            Ok(false) => rejected += 1,
            Err(TestError::Fail(reason, input)) => panic!(
                "fuzz {target}: a case failed: {reason}\n\
                 replay it with FUZZ_SEED={seed}\n\
                 minimal failing input: {input:#?}"
            ),
            Err(TestError::Abort(reason)) => {
                panic!("fuzz {target}: aborted (seed {seed}): {reason}")
            }
        }
        if budget.replay.is_some() || started.elapsed() >= budget.total {
            break;
        }
    }
    drop(watchdog);
    let report = Report {
        target: target.to_owned(),
        cases,
        rejected,
        elapsed: started.elapsed(),
    };
    println!("{report}");
    report
}

/// The seed of the case running now and when it must be done by.
#[derive(Debug, Default)]
struct Watch {
    running: Option<(u64, Instant)>,
    stop: bool,
}

/// A thread that ends the process when one case runs far past its time.
struct Watchdog {
    shared: Arc<(Mutex<Watch>, Condvar)>,
    per_case: Duration,
    thread: Option<JoinHandle<()>>,
}

fn lock(mutex: &Mutex<Watch>) -> MutexGuard<'_, Watch> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Watchdog {
    fn start(target: &str, per_case: Duration) -> Watchdog {
        let shared = Arc::new((Mutex::new(Watch::default()), Condvar::new()));
        let watched = Arc::clone(&shared);
        let target = target.to_owned();
        let thread = std::thread::Builder::new()
            .name(format!("fuzz watchdog {target}"))
            .spawn(move || watch(&target, per_case, &watched))
            .ok();
        Watchdog {
            shared,
            per_case,
            thread,
        }
    }

    fn arm(&self, seed: u64) {
        // Twice the case limit: proptest's own timeout reports a slow case that does finish,
        // with its input; the watchdog is for one that never does.
        let deadline = Instant::now() + self.per_case * 2;
        lock(&self.shared.0).running = Some((seed, deadline));
    }

    fn disarm(&self) {
        lock(&self.shared.0).running = None;
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        lock(&self.shared.0).stop = true;
        self.shared.1.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn watch(target: &str, per_case: Duration, shared: &(Mutex<Watch>, Condvar)) {
    let (state, wake) = shared;
    let mut guard = lock(state);
    loop {
        if guard.stop {
            return;
        }
        if let Some((seed, deadline)) = guard.running
            && Instant::now() >= deadline
        {
            eprintln!(
                "fuzz {target}: a case has run for more than {:.1} s (the limit is {:.1} s): \
                 a hang? Replay it with FUZZ_SEED={seed}",
                (per_case * 2).as_secs_f64(),
                per_case.as_secs_f64()
            );
            std::process::exit(101);
        }
        guard = match wake.wait_timeout(guard, Duration::from_millis(100)) {
            Ok((guard, _)) => guard,
            Err(poisoned) => poisoned.into_inner().0,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn quick() -> Budget {
        Budget {
            total: Duration::from_millis(50),
            per_case: Duration::from_secs(5),
            replay: None,
        }
    }

    #[test]
    fn runs_for_the_budget_and_counts_cases() {
        let report = fuzz_with("count", quick(), any::<u8>(), |_| Ok(()));
        assert!(report.cases > 1, "{report:?}");
        assert!(report.elapsed >= Duration::from_millis(50));
        assert!(report.to_string().starts_with("fuzz count: "));
        assert!(report.to_string().ends_with(" s, 0 failures"));
    }

    #[test]
    fn a_failing_property_is_reported_with_its_seed_and_shrunk_input() {
        let failure = std::panic::catch_unwind(|| {
            fuzz_with("fails", quick(), 0u32..1000, |n| {
                prop_assert!(n < 10, "too big");
                Ok(())
            })
        })
        .expect_err("the property fails");
        let message = failure
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(message.contains("FUZZ_SEED="), "{message}");
        assert!(message.contains("minimal failing input: 10"), "{message}");
    }

    #[test]
    fn a_panic_is_a_failure() {
        let failure = std::panic::catch_unwind(|| {
            fuzz_with("panics", quick(), any::<u8>(), |_| panic!("boom"))
        });
        assert!(failure.is_err());
    }

    #[test]
    fn a_slow_case_fails() {
        let budget = Budget {
            per_case: Duration::from_millis(20),
            ..quick()
        };
        let failure = std::panic::catch_unwind(|| {
            fuzz_with("slow", budget, Just(()), |()| {
                std::thread::sleep(Duration::from_millis(30));
                Ok(())
            })
        })
        .expect_err("too slow");
        let message = failure
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(message.contains("Timeout"), "{message}");
    }

    #[test]
    fn a_seed_replays_one_case() {
        let seen = Mutex::new(Vec::new());
        let budget = Budget {
            replay: Some(42),
            ..quick()
        };
        let property = |n: u64| {
            seen.lock().unwrap().push(n);
            Ok(())
        };
        let first = fuzz_with("replay", budget, any::<u64>(), property);
        let again = fuzz_with("replay", budget, any::<u64>(), property);
        assert_eq!((first.cases, again.cases), (1, 1));
        let seen = seen.lock().unwrap();
        assert_eq!(seen[0], seen[1]);
    }
}
