//! Keeping apart only the orders that would create the same thing in Pace: two orders from one
//! new customer must not both create it, and two orders shipping to one new person must not
//! both create the contact. Everything else an order writes (its jobs, parts, shipments,
//! cartons) is its own, so orders of one customer run side by side.
//!
//! What an order will create is known once it is planned, so the locks are taken then, on the
//! keys of its plan's creations ([`creation_keys`]):
//!
//! - `customer:<id>` for a new customer (the id the planner chose, made unique against Pace);
//! - `contact:<e-mail>` (lower-cased) for each new contact, whatever its customer, so two
//!   orders reaching one customer by different routes (Integration ID, buyer e-mail) still meet.
//!
//! The locks live in memory and keep apart only what syncs at the same time. A create whose
//! write went unanswered (a timeout, a kill) may still be committed by Pace after its order let
//! go of the lock, so apply journals each create with its key ([`creation_key`]) and an order
//! does not create under a key while another order's create of it may still be in flight (see
//! `apply`, `ApplyError::AnotherOrderMayStillBeCreating`), in this process or the next.
//!
//! A plan that creates nothing takes no lock. A plan that does waits for its keys (all at once,
//! in sorted order, so two orders never each hold a key the other waits for), and if any
//! creation lock was released since it was planned (another order may have created the same
//! contact meanwhile), it is planned again under the locks before it writes; the new plan's keys
//! must be among those held, or the order lets go and waits for the new set.

use crate::plan::{FieldValue, OrderPlan, PaceObject, PlanStep, StepAction, fields};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::OwnedMutexGuard;

/// The lock keys of what `plan` creates in Pace that another order might create too: its new
/// customer and its new contacts (see the module documentation). Empty when it creates neither.
pub fn creation_keys(plan: &OrderPlan) -> BTreeSet<String> {
    keys_of_steps(&plan.customer.id, &plan.steps)
}

/// [`creation_keys`] of the steps of a plan for Pace customer `customer`.
fn keys_of_steps(customer: &str, steps: &[PlanStep]) -> BTreeSet<String> {
    steps
        .iter()
        .filter_map(|step| creation_key(customer, step))
        .collect()
}

/// The lock key of what `step` (of a plan for Pace customer `customer`) creates that another
/// order might create too: a new customer or contact; `None` for any other step. Apply journals
/// it with the step's create, so that another order, in this process or the next, does not
/// create the same thing while this write may still be in flight.
pub fn creation_key(customer: &str, step: &PlanStep) -> Option<String> {
    if step.action != StepAction::Create {
        return None;
    }
    let customer = || customer.to_uppercase();
    match step.object {
        PaceObject::Customer => Some(format!("customer:{}", customer())),
        PaceObject::Contact => match step.field(fields::contact::EMAIL) {
            Some(FieldValue::Text(email)) if !email.trim().is_empty() => {
                Some(format!("contact:{}", crate::store::email_key(email)))
            }
            // A contact without an e-mail is found again by its customer and name.
            _ => Some(format!("contact-of:{}", customer())),
        },
        _ => None,
    }
}

/// One async lock per key, made when first needed. Cheap to clone; clones share the locks.
#[derive(Debug, Clone, Default)]
pub struct CreationLocks {
    locks: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    /// How many creation locks have been released: the Pace writes that could make a plan stale
    /// (a customer or contact created) are made under one, so while this count stands still
    /// nothing has been created that a plan made meanwhile did not see.
    releases: Arc<AtomicU64>,
}

/// Held while an order creates what its keys name; dropping it lets the next order go.
#[derive(Debug)]
pub struct CreationGuard {
    _guards: Vec<OwnedMutexGuard<()>>,
    releases: Arc<AtomicU64>,
}

impl Drop for CreationGuard {
    fn drop(&mut self) {
        // Counted before the locks themselves are let go (fields drop after this), so a waiter
        // that gets a lock always sees the count moved.
        self.releases.fetch_add(1, Ordering::SeqCst);
    }
}

impl CreationLocks {
    /// How many creation locks have been released so far. Read it before planning: unchanged
    /// once the locks are held means the plan's facts are still current.
    pub fn releases(&self) -> u64 {
        self.releases.load(Ordering::SeqCst)
    }

    /// Waits until every key is free, then holds them all.
    pub async fn lock(&self, keys: &BTreeSet<String>) -> CreationGuard {
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
        CreationGuard {
            _guards: guards,
            releases: self.releases.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::PaceField;
    use std::time::Duration;

    /// The steps of a plan creating `customer` (if given), a contact per e-mail, and a job.
    fn steps_creating(customer: bool, contacts: &[&str]) -> Vec<PlanStep> {
        let step = |object, fields| PlanStep {
            reference: "x".into(),
            object,
            action: StepAction::Create,
            fields,
            depends_on: Vec::new(),
        };
        let mut steps = Vec::new();
        if customer {
            steps.push(step(PaceObject::Customer, Vec::new()));
        }
        for email in contacts {
            steps.push(step(
                PaceObject::Contact,
                vec![PaceField {
                    name: fields::contact::EMAIL.into(),
                    value: FieldValue::Text((*email).into()),
                }],
            ));
        }
        steps.push(step(PaceObject::Job, Vec::new()));
        steps
    }

    #[test]
    fn only_new_customers_and_contacts_are_keys() {
        assert!(keys_of_steps("ACME", &steps_creating(false, &[])).is_empty());
        let keys: Vec<String> = keys_of_steps(
            "Rivera",
            &steps_creating(true, &["Carlos@Rivera.example", "dock@rivera.example"]),
        )
        .into_iter()
        .collect();
        assert_eq!(
            keys,
            [
                "contact:carlos@rivera.example",
                "contact:dock@rivera.example",
                "customer:RIVERA",
            ]
        );
    }

    #[tokio::test]
    async fn orders_sharing_a_key_wait_others_do_not_and_a_release_is_counted() {
        let locks = CreationLocks::default();
        let a = BTreeSet::from(["contact:a@example.com".to_owned()]);
        let b = BTreeSet::from(["contact:b@example.com".to_owned()]);
        let held = locks.lock(&a).await;
        assert!(
            tokio::time::timeout(Duration::from_secs(5), locks.lock(&b))
                .await
                .is_ok()
        );
        assert_eq!(locks.releases(), 1, "b's guard was dropped");
        let same = locks.clone();
        let keys = a.clone();
        let waiting = tokio::spawn(async move { same.lock(&keys).await });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        drop(held);
        assert!(waiting.await.is_ok());
        assert_eq!(locks.releases(), 3);
    }
}
