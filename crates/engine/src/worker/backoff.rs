//! Retry timing for orders that failed for a passing reason: exponential backoff with jitter,
//! capped, and given up after a configured age.
//!
//! The wait before retry `n` (1 = the first retry) is drawn from `[b/2, b]` where
//! `b = min(first × 2^(n−1), max)`. Drawing from the upper half keeps the waits growing (the
//! shortest wait of retry `n+1` is the longest of retry `n`) while orders that failed together
//! (Pace down for everyone) spread out instead of all coming back at the same second.

use crate::events::seconds;
use crate::settings::Settings;
use chrono::Duration;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::{Mutex, PoisonError};

/// When to retry and when to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait before the first retry (before jitter).
    pub first_delay: Duration,
    /// The longest wait between two retries.
    pub max_delay: Duration,
    /// How long after the first attempt retrying stops (the order then needs attention).
    pub give_up_after: Duration,
}

impl From<&Settings> for RetryPolicy {
    fn from(settings: &Settings) -> Self {
        let polling = &settings.polling;
        RetryPolicy {
            first_delay: seconds(polling.retry_first_delay_seconds),
            max_delay: seconds(polling.retry_max_delay_seconds),
            give_up_after: seconds(polling.retry_give_up_hours.saturating_mul(3600)),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry `attempt` (1 = first retry) without jitter: doubling from
    /// `first_delay`, never above `max_delay`.
    pub fn base_delay(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(30);
        let factor = 1i32 << doublings;
        self.first_delay
            .checked_mul(factor)
            .map_or(self.max_delay, |delay| delay.min(self.max_delay))
    }

    /// The wait before retry `attempt`, with `jitter` in `[0, 1]` choosing a point in the upper
    /// half of the base delay.
    pub fn delay(&self, attempt: u32, jitter: f64) -> Duration {
        let base = self.base_delay(attempt).num_milliseconds();
        let half = base / 2;
        // `jitter` is in [0, 1], so the product is at most `base − half`: no overflow.
        let spread = ((base - half) as f64 * jitter.clamp(0.0, 1.0)) as i64;
        Duration::milliseconds(half + spread)
    }

    /// Whether an order first attempted `age` ago should stop retrying.
    pub fn gives_up(&self, age: Duration) -> bool {
        age >= self.give_up_after
    }
}

/// The source of jitter: a random generator, seeded for repeatable tests or from the operating
/// system.
#[derive(Debug)]
pub struct Jitter {
    rng: Mutex<StdRng>,
}

impl Jitter {
    /// Jitter from the operating system's randomness.
    pub fn from_os() -> Self {
        Jitter {
            rng: Mutex::new(StdRng::from_os_rng()),
        }
    }

    /// Repeatable jitter (tests).
    pub fn seeded(seed: u64) -> Self {
        Jitter {
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
        }
    }

    /// A number in `[0, 1)`.
    pub fn next(&self) -> f64 {
        self.rng
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .random::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            first_delay: Duration::seconds(30),
            max_delay: Duration::minutes(30),
            give_up_after: Duration::hours(24),
        }
    }

    #[test]
    fn the_base_delay_doubles_and_is_capped() {
        let policy = policy();
        let bases: Vec<i64> = (1..=9)
            .map(|n| policy.base_delay(n).num_seconds())
            .collect();
        assert_eq!(bases, vec![30, 60, 120, 240, 480, 960, 1800, 1800, 1800]);
        assert_eq!(policy.base_delay(u32::MAX), Duration::minutes(30));
    }

    #[test]
    fn jittered_delays_grow_stay_in_the_upper_half_and_respect_the_cap() {
        let policy = policy();
        let jitter = Jitter::seeded(7);
        let mut previous = Duration::zero();
        for attempt in 1..=12 {
            let delay = policy.delay(attempt, jitter.next());
            let base = policy.base_delay(attempt);
            assert!(
                delay >= base / 2 && delay <= base,
                "{attempt}: {delay} vs {base}"
            );
            assert!(delay <= policy.max_delay);
            if base < policy.max_delay {
                assert!(delay >= previous, "{attempt}: {delay} < {previous}");
            }
            previous = delay;
        }
        assert_eq!(policy.delay(3, 0.0), Duration::seconds(60));
        assert_eq!(policy.delay(3, 1.0), Duration::seconds(120));
    }

    #[test]
    fn the_same_seed_gives_the_same_jitter_and_different_seeds_spread() {
        let a: Vec<f64> = (0..5)
            .map({
                let j = Jitter::seeded(1);
                move |_| j.next()
            })
            .collect();
        let b: Vec<f64> = (0..5)
            .map({
                let j = Jitter::seeded(1);
                move |_| j.next()
            })
            .collect();
        let c = Jitter::seeded(2).next();
        assert_eq!(a, b);
        assert_ne!(a[0], c);
        assert!(a.iter().all(|x| (0.0..1.0).contains(x)));
    }

    #[test]
    fn retries_stop_at_the_give_up_age() {
        let policy = policy();
        assert!(!policy.gives_up(Duration::hours(23)));
        assert!(policy.gives_up(Duration::hours(24)));
    }

    #[test]
    fn the_policy_comes_from_the_settings() {
        let policy = RetryPolicy::from(&Settings::default());
        assert_eq!(policy.first_delay, Duration::seconds(30));
        assert_eq!(policy.max_delay, Duration::minutes(30));
        assert_eq!(policy.give_up_after, Duration::hours(24));
    }
}
