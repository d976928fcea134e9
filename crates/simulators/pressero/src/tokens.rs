//! Authentication tokens: opaque upper-case GUIDs that expire after a configurable time, as
//! `POST /api/V2/Authentication` hands them out.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The tokens handed out so far and when each expires.
#[derive(Debug, Clone)]
pub struct Tokens {
    ttl: Duration,
    expiry: HashMap<String, Instant>,
}

impl Tokens {
    /// No tokens yet; each new one lives for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Tokens {
            ttl,
            expiry: HashMap::new(),
        }
    }

    /// Hands out a new token.
    pub fn issue(&mut self) -> String {
        let now = Instant::now();
        self.expiry.retain(|_, until| *until > now);
        let token = uuid::Uuid::new_v4().to_string().to_uppercase();
        self.expiry.insert(token.clone(), now + self.ttl);
        token
    }

    /// The lifetime reported as `TokenDuration`, in whole minutes (rounded up, at least 1).
    pub fn duration_minutes(&self) -> u64 {
        self.ttl.as_secs().div_ceil(60).max(1)
    }

    /// Whether `token` was handed out and has not expired (compared without regard to case).
    pub fn is_valid(&self, token: &str) -> bool {
        self.expiry
            .get(&token.to_uppercase())
            .is_some_and(|until| *until > Instant::now())
    }

    /// Expires every token handed out so far.
    pub fn expire_all(&mut self) {
        self.expiry.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_upper_case_guids_valid_until_expired() {
        let mut tokens = Tokens::new(Duration::from_secs(1800));
        let token = tokens.issue();
        assert_eq!(token, token.to_uppercase());
        assert_eq!(token.len(), 36);
        assert!(tokens.is_valid(&token));
        assert!(tokens.is_valid(&token.to_lowercase()));
        assert!(!tokens.is_valid("NOT-A-TOKEN"));
        assert_eq!(tokens.duration_minutes(), 30);
        tokens.expire_all();
        assert!(!tokens.is_valid(&token));
    }

    #[test]
    fn a_zero_lifetime_token_is_never_valid() {
        let mut tokens = Tokens::new(Duration::ZERO);
        let token = tokens.issue();
        assert!(!tokens.is_valid(&token));
        assert_eq!(tokens.duration_minutes(), 1);
    }
}
