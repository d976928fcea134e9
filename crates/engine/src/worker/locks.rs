//! Keeping orders that may touch the same Pace customer apart: two orders from one new customer
//! must not both create it, and two orders for one contact must not both create the contact.
//!
//! The customer an order will use is only known after the Pace look-ups, so the lock is taken
//! before them, on every key that could make two orders meet in Pace (see [`customer_lock_keys`]):
//!
//! - `site:<Integration ID>`: the storefront's Integration ID when set (the customer the order
//!   will normally use);
//! - `email:<e-mail>` (lower-cased): the ordering user's e-mail (how the customer is found, or the
//!   contact a new customer gets) and each ship-to e-mail (the shipment contacts found or created
//!   by e-mail);
//! - `new-customer:<id>`: the id a new customer would get (the first 10 letters and digits of the
//!   business or user name, upper-cased, as the planner derives it), so two users of one new
//!   business do not both create it.
//!
//! This is more than the single key of the brief (Integration ID, else e-mail): an order whose
//! Integration ID turns out invalid falls back to the e-mail, and shipment contacts are created by
//! ship-to e-mail, so those keys are locked too. The price is that two orders sharing any key wait
//! for each other even when Pace would have kept them apart. Keys are taken in sorted order, all
//! at once, so two orders can never each hold a key the other waits for.
//!
//! Once the plan names the Pace customer, the pipeline also takes that customer's own lock
//! ([`CustomerLocks::lock_customer`]) and plans again under it before writing, so that
//! correctness does not rest on the keys above foreseeing every route to a customer.

use crate::plan::new_customer_id_candidates;
use pressero::order::Order;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::OwnedMutexGuard;

/// The lock keys of `order` (see the module documentation).
pub fn customer_lock_keys(order: &Order) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let integration_id = order.site.integration_id.trim();
    if !integration_id.is_empty() {
        keys.insert(format!("site:{}", integration_id.to_lowercase()));
    }
    let emails = std::iter::once(order.ordered_by.email.as_str())
        .chain(order.items.iter().map(|item| item.ship_to.email.as_str()));
    for email in emails {
        let email = email.trim();
        if !email.is_empty() {
            keys.insert(format!("email:{}", email.to_lowercase()));
        }
    }
    keys.insert(format!("new-customer:{}", new_customer_id(order)));
    keys
}

/// The first id the planner tries for a new customer (the planner's own rule).
fn new_customer_id(order: &Order) -> String {
    new_customer_id_candidates(order)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// One async lock per key, made when first needed. Cheap to clone; clones share the locks.
#[derive(Debug, Clone, Default)]
pub struct CustomerLocks {
    locks: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    /// How many customer locks ([`CustomerLocks::lock_customer`]) have been released: every
    /// Pace write of a sync is made under one, so while this count stands still nothing has
    /// been written that could make a resolve stale.
    customer_releases: Arc<AtomicU64>,
}

/// Held while an order is synced; dropping it lets the next order with a shared key go.
#[derive(Debug)]
pub struct CustomerGuard {
    _guards: Vec<OwnedMutexGuard<()>>,
    /// Set for a customer lock: counted as released before the lock itself is let go, so a
    /// waiter that gets the lock always sees the count moved.
    releases: Option<Arc<AtomicU64>>,
}

impl Drop for CustomerGuard {
    fn drop(&mut self) {
        if let Some(releases) = &self.releases {
            releases.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl CustomerLocks {
    /// Waits until the resolved Pace customer `customer` is free, then holds it (key
    /// `customer:<id>`, apart from the keys of [`customer_lock_keys`]).
    ///
    /// Taken by the pipeline after the order's keys and its slot, and never more than one at a
    /// time: keys → slot → customer is the one order every sync takes its locks in, and a
    /// holder of a customer lock waits for no other lock, so no two syncs can wait for each
    /// other.
    pub async fn lock_customer(&self, customer: &str) -> CustomerGuard {
        let mut guard = self
            .lock(&BTreeSet::from([format!("customer:{customer}")]))
            .await;
        guard.releases = Some(self.customer_releases.clone());
        guard
    }

    /// How many customer locks have been released so far. A pipeline reads it before resolving
    /// and again once it holds its customer's lock: unchanged means no sync wrote to Pace in
    /// between, so the facts it resolved are still current.
    pub fn customer_releases(&self) -> u64 {
        self.customer_releases.load(Ordering::SeqCst)
    }

    /// Waits until every key is free, then holds them all.
    pub async fn lock(&self, keys: &BTreeSet<String>) -> CustomerGuard {
        let locks: Vec<_> = {
            let mut map = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
            // Forget locks nobody holds or waits for, so the map does not grow for ever.
            map.retain(|_, lock| Arc::strong_count(lock) > 1);
            keys.iter()
                .map(|key| map.entry(key.clone()).or_default().clone())
                .collect()
        };
        let mut guards = Vec::with_capacity(locks.len());
        for lock in locks {
            guards.push(lock.lock_owned().await);
        }
        CustomerGuard {
            _guards: guards,
            releases: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::order_by;
    use std::time::Duration;

    #[tokio::test]
    async fn only_a_released_customer_lock_moves_the_release_count() {
        let locks = CustomerLocks::default();
        let keys = locks
            .lock(&BTreeSet::from(["email:a@b.example".to_owned()]))
            .await;
        drop(keys);
        assert_eq!(locks.customer_releases(), 0);
        let customer = locks.lock_customer("ACME").await;
        assert_eq!(locks.customer_releases(), 0, "held, not yet released");
        drop(customer);
        assert_eq!(locks.customer_releases(), 1);
    }

    #[test]
    fn keys_cover_integration_id_emails_and_the_new_customer_id() {
        let mut order = order_by(1, "Carlos@Rivera.example");
        order.site.integration_id = " ACME ".into();
        order.ordered_by.address.business = "Rivera Design Studio".into();
        order.items[0].ship_to.email = "Dock@Rivera.example".into();
        let keys: Vec<String> = customer_lock_keys(&order).into_iter().collect();
        assert_eq!(
            keys,
            vec![
                "email:carlos@rivera.example",
                "email:dock@rivera.example",
                "new-customer:RIVERADESI",
                "site:acme",
            ]
        );
    }

    #[tokio::test]
    async fn a_resolved_customer_is_locked_apart_from_the_keys() {
        let locks = CustomerLocks::default();
        let mut order = order_by(1, "a@example.com");
        order.ordered_by.address.business = "Acme".into();
        let _keys = locks.lock(&customer_lock_keys(&order)).await;
        // The order's keys (new-customer:ACME among them) do not hold customer ACME.
        let acme = tokio::time::timeout(Duration::from_secs(5), locks.lock_customer("ACME"))
            .await
            .unwrap();
        let same = locks.clone();
        let waiting = tokio::spawn(async move { same.lock_customer("ACME").await });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "a second sync of ACME waits");
        assert!(
            tokio::time::timeout(Duration::from_secs(5), locks.lock_customer("ROAD"))
                .await
                .is_ok()
        );
        drop(acme);
        assert!(waiting.await.is_ok());
    }

    #[tokio::test]
    async fn orders_sharing_a_key_wait_and_others_do_not() {
        let locks = CustomerLocks::default();
        let a = customer_lock_keys(&order_by(1, "a@example.com"));
        let b = customer_lock_keys(&order_by(2, "b@example.com"));
        let held = locks.lock(&a).await;
        // Another customer goes at once.
        let other = tokio::time::timeout(Duration::from_secs(5), locks.lock(&b)).await;
        assert!(other.is_ok());
        // The same customer waits until the first lets go.
        let same = locks.clone();
        let keys = a.clone();
        let waiting = tokio::spawn(async move { same.lock(&keys).await });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        drop(held);
        assert!(waiting.await.is_ok());
    }
}
