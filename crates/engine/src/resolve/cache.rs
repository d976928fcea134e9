//! What the resolver may remember between orders, and for how long: the look-up lists shops
//! rarely change (ship vias, job types, job statuses, item templates) and customers found
//! valid (existing and active). Nothing that says "missing" or "inactive" is remembered, so a
//! fix in Pace counts at the next push; contacts are never remembered (apply creates them).

use crate::plan::{CountryFact, CustomerFact, ShipViaFact};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// How long cached answers stay fresh. `Duration::ZERO` turns a cache off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheLifetimes {
    /// Ship vias, job types, job statuses and item templates.
    pub lookups: Duration,
    /// A customer found to exist and be active.
    pub customers: Duration,
}

impl Default for CacheLifetimes {
    /// Five minutes each.
    fn default() -> Self {
        CacheLifetimes {
            lookups: Duration::from_secs(5 * 60),
            customers: Duration::from_secs(5 * 60),
        }
    }
}

/// A value and when it was learned.
#[derive(Debug, Clone)]
struct Stamped<T> {
    value: T,
    at: Instant,
}

impl<T: Clone> Stamped<T> {
    fn fresh(slot: &Option<Self>, now: Instant, lifetime: Duration) -> Option<T> {
        slot.as_ref()
            .filter(|s| now.saturating_duration_since(s.at) < lifetime)
            .map(|s| s.value.clone())
    }
}

/// The remembered answers.
#[derive(Debug, Default)]
pub(super) struct Cache {
    ship_vias: Option<Stamped<Vec<ShipViaFact>>>,
    job_types: Option<Stamped<BTreeSet<i64>>>,
    job_statuses: Option<Stamped<BTreeSet<String>>>,
    countries: Option<Stamped<(Vec<CountryFact>, BTreeSet<String>)>>,
    item_templates: BTreeMap<String, Instant>,
    customers: BTreeMap<String, Stamped<CustomerFact>>,
}

impl Cache {
    pub(super) fn ship_vias(
        &self,
        now: Instant,
        life: &CacheLifetimes,
    ) -> Option<Vec<ShipViaFact>> {
        Stamped::fresh(&self.ship_vias, now, life.lookups)
    }

    pub(super) fn job_types(&self, now: Instant, life: &CacheLifetimes) -> Option<BTreeSet<i64>> {
        Stamped::fresh(&self.job_types, now, life.lookups)
    }

    pub(super) fn job_statuses(
        &self,
        now: Instant,
        life: &CacheLifetimes,
    ) -> Option<BTreeSet<String>> {
        Stamped::fresh(&self.job_statuses, now, life.lookups)
    }

    pub(super) fn remember_ship_vias(&mut self, value: Vec<ShipViaFact>, at: Instant) {
        self.ship_vias = Some(Stamped { value, at });
    }

    pub(super) fn remember_job_types(&mut self, value: BTreeSet<i64>, at: Instant) {
        self.job_types = Some(Stamped { value, at });
    }

    pub(super) fn countries(
        &self,
        now: Instant,
        life: &CacheLifetimes,
    ) -> Option<(Vec<CountryFact>, BTreeSet<String>)> {
        Stamped::fresh(&self.countries, now, life.lookups)
    }

    pub(super) fn remember_countries(
        &mut self,
        value: (Vec<CountryFact>, BTreeSet<String>),
        at: Instant,
    ) {
        self.countries = Some(Stamped { value, at });
    }

    pub(super) fn remember_job_statuses(&mut self, value: BTreeSet<String>, at: Instant) {
        self.job_statuses = Some(Stamped { value, at });
    }

    /// Splits `codes` into those known to be item templates and those to ask Pace about.
    pub(super) fn item_templates(
        &self,
        codes: &BTreeSet<String>,
        now: Instant,
        life: &CacheLifetimes,
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        codes.iter().cloned().partition(|code| {
            self.item_templates
                .get(code)
                .is_some_and(|at| now.saturating_duration_since(*at) < life.lookups)
        })
    }

    pub(super) fn remember_item_templates(&mut self, codes: &BTreeSet<String>, at: Instant) {
        for code in codes {
            self.item_templates.insert(code.clone(), at);
        }
    }

    /// Splits `ids` into the valid customers known and the ids to ask Pace about.
    pub(super) fn customers(
        &self,
        ids: &BTreeSet<String>,
        now: Instant,
        life: &CacheLifetimes,
    ) -> (BTreeMap<String, CustomerFact>, BTreeSet<String>) {
        let mut known = BTreeMap::new();
        let mut ask = BTreeSet::new();
        for id in ids {
            let slot = self.customers.get(id).cloned();
            match Stamped::fresh(&slot, now, life.customers) {
                Some(fact) => {
                    known.insert(id.clone(), fact);
                }
                None => {
                    ask.insert(id.clone());
                }
            }
        }
        (known, ask)
    }

    /// Remembers the active customers among `found`.
    pub(super) fn remember_customers(
        &mut self,
        found: &BTreeMap<String, CustomerFact>,
        at: Instant,
    ) {
        for (id, fact) in found.iter().filter(|(_, fact)| fact.active) {
            self.customers.insert(
                id.clone(),
                Stamped {
                    value: fact.clone(),
                    at,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(active: bool) -> CustomerFact {
        CustomerFact {
            name: "Acme Corporation".into(),
            active,
        }
    }

    #[test]
    fn only_active_customers_are_remembered_and_only_while_fresh() {
        let life = CacheLifetimes::default();
        let start = Instant::now();
        let mut cache = Cache::default();
        let found = BTreeMap::from([
            ("ACME".to_owned(), fact(true)),
            ("OLDCO".to_owned(), fact(false)),
        ]);
        cache.remember_customers(&found, start);
        let ids = BTreeSet::from(["ACME".to_owned(), "OLDCO".to_owned(), "NEW".to_owned()]);
        let (known, ask) = cache.customers(&ids, start + Duration::from_secs(299), &life);
        assert_eq!(known.keys().collect::<Vec<_>>(), ["ACME"]);
        assert_eq!(ask.iter().collect::<Vec<_>>(), ["NEW", "OLDCO"]);
        let (known, ask) = cache.customers(&ids, start + Duration::from_secs(300), &life);
        assert!(known.is_empty());
        assert_eq!(ask.len(), 3);
    }

    #[test]
    fn a_zero_lifetime_turns_the_cache_off() {
        let life = CacheLifetimes {
            lookups: Duration::ZERO,
            customers: Duration::ZERO,
        };
        let now = Instant::now();
        let mut cache = Cache::default();
        cache.remember_job_types(BTreeSet::from([1]), now);
        assert_eq!(cache.job_types(now, &life), None);
    }
}
