//! The simulator's Pace database: one table of objects per type, the key sequences, and the
//! write rules (key assignment, template defaults, integrity) in [`write`](mod@write).

pub mod integrity;
pub mod templates;
pub mod write;

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::schema::{KeyRule, ObjectType};
use crate::soap::fault::Fault;
use crate::value::PaceObject;

/// Every stored object, by type name and key. Also remembers which objects changed since it was
/// copied, so a transaction's working copy can be merged back on commit.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    rows: BTreeMap<&'static str, BTreeMap<String, PaceObject>>,
    changed: BTreeSet<(&'static str, String)>,
}

impl Tables {
    /// The object of type `object_type` with `key`.
    pub fn get(&self, object_type: &str, key: &str) -> Option<&PaceObject> {
        self.rows.get(object_type).and_then(|rows| rows.get(key))
    }

    /// The objects of a type in their natural key order (numbers numerically).
    pub fn rows(&self, object_type: &ObjectType) -> Vec<&PaceObject> {
        let mut rows: Vec<(&String, &PaceObject)> = self
            .rows
            .get(object_type.name)
            .map(|rows| rows.iter().collect())
            .unwrap_or_default();
        if object_type.key.is_numeric() {
            rows.sort_by(|(a, _), (b, _)| compare_numeric_keys(a, b));
        }
        rows.into_iter().map(|(_, row)| row).collect()
    }

    /// How many objects of a type are stored.
    pub fn count(&self, object_type: &str) -> usize {
        self.rows.get(object_type).map_or(0, BTreeMap::len)
    }

    /// Stores `object` under `key`, replacing any object there.
    pub fn put(&mut self, object_type: &'static str, key: String, object: PaceObject) {
        self.changed.insert((object_type, key.clone()));
        self.rows
            .entry(object_type)
            .or_default()
            .insert(key, object);
    }

    /// Removes the object under `key`, returning it.
    pub fn remove(&mut self, object_type: &'static str, key: &str) -> Option<PaceObject> {
        self.changed.insert((object_type, key.to_owned()));
        self.rows
            .get_mut(object_type)
            .and_then(|rows| rows.remove(key))
    }

    /// A working copy for a transaction, with no changes recorded yet.
    pub fn working_copy(&self) -> Tables {
        Tables {
            rows: self.rows.clone(),
            changed: BTreeSet::new(),
        }
    }

    /// Applies every change recorded in `working` (a transaction's copy) to these tables.
    /// Last writer wins: a simulator has no row locks.
    pub fn merge(&mut self, mut working: Tables) {
        let changed = std::mem::take(&mut working.changed);
        for (object_type, key) in changed {
            match working.get(object_type, &key) {
                Some(object) => self.put(object_type, key, object.clone()),
                None => {
                    self.remove(object_type, &key);
                }
            }
        }
    }
}

fn compare_numeric_keys(a: &str, b: &str) -> Ordering {
    match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        _ => a.cmp(b),
    }
}

/// The next number each server-assigned key will take.
#[derive(Debug, Clone, Default)]
pub struct Sequences {
    next: BTreeMap<&'static str, i64>,
}

impl Sequences {
    /// Takes the next number for `object_type` (starting at `first` if none was taken yet).
    pub fn take(&mut self, object_type: &'static str, first: i64) -> i64 {
        let next = self.next.entry(object_type).or_insert(first);
        let taken = *next;
        *next += 1;
        taken
    }

    /// Makes sure the sequence of `object_type` will not hand out `used` (or anything below).
    pub fn bump_past(&mut self, object_type: &'static str, used: i64) {
        let next = self.next.entry(object_type).or_insert(used + 1);
        *next = (*next).max(used + 1);
    }
}

/// The key of the object described by `fields` (as sent in a read, update or delete):
/// the key field, or `primaryKey`, or for a JobPart `job` + `jobPart`. Faults when absent.
pub fn key_of(object_type: &ObjectType, fields: &PaceObject) -> Result<String, Fault> {
    let explicit = fields
        .get("primaryKey")
        .or_else(|| fields.get(object_type.key.field()))
        .cloned();
    let key = match (explicit, object_type.key) {
        (Some(key), _) => Some(key),
        (None, KeyRule::JobPart) => match (fields.get("job"), fields.get("jobPart")) {
            (Some(job), Some(part)) => Some(format!("{job}:{part}")),
            _ => None,
        },
        (None, _) => None,
    };
    let key = key.map(|k| k.trim().to_owned()).unwrap_or_default();
    normalize_key(object_type, &key)
}

/// Normalises a key given as text (`in1` of `deleteObject`, `primaryKey`): whole-number keys
/// lose leading zeros; `0` and the empty key mean null and fault, as in Pace.
pub fn normalize_key(object_type: &ObjectType, key: &str) -> Result<String, Fault> {
    let key = key.trim();
    let null = || {
        Fault::server(format!(
            "Unable to locate object: {} with a null primary key",
            object_type.name
        ))
    };
    if key.is_empty() {
        return Err(null());
    }
    if let KeyRule::Counter(_) = object_type.key {
        return match key.parse::<i64>() {
            Ok(0) => Err(null()),
            Ok(n) => Ok(n.to_string()),
            Err(_) => Err(Fault::not_found(object_type.name, key)),
        };
    }
    Ok(key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::object_type;

    fn fields(pairs: &[(&str, &str)]) -> PaceObject {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn job_part_key_from_primary_key_or_job_and_part() -> Result<(), Fault> {
        let part = object_type("JobPart").ok_or_else(|| Fault::unknown_type("JobPart"))?;
        assert_eq!(
            key_of(part, &fields(&[("primaryKey", "10001:02")]))?,
            "10001:02"
        );
        assert_eq!(
            key_of(part, &fields(&[("job", "10001"), ("jobPart", "01")]))?,
            "10001:01"
        );
        assert!(key_of(part, &fields(&[("job", "10001")])).is_err());
        Ok(())
    }

    #[test]
    fn counter_key_zero_is_null() -> Result<(), Fault> {
        let contact = object_type("Contact").ok_or_else(|| Fault::unknown_type("Contact"))?;
        assert_eq!(normalize_key(contact, "007")?, "7");
        let zero = normalize_key(contact, "0");
        assert!(zero.is_err_and(|f| f.message.starts_with("Unable to locate object")));
        Ok(())
    }

    #[test]
    fn merge_applies_puts_and_removes() {
        let mut live = Tables::default();
        live.put("Customer", "A".into(), fields(&[("id", "A")]));
        live.put("Customer", "B".into(), fields(&[("id", "B")]));
        let mut working = live.working_copy();
        working.remove("Customer", "A");
        working.put("Customer", "C".into(), fields(&[("id", "C")]));
        live.merge(working);
        assert!(live.get("Customer", "A").is_none());
        assert!(live.get("Customer", "B").is_some());
        assert!(live.get("Customer", "C").is_some());
    }

    #[test]
    fn sequences_skip_used_numbers() {
        let mut sequences = Sequences::default();
        sequences.bump_past("Contact", 7);
        assert_eq!(sequences.take("Contact", 1), 8);
        assert_eq!(sequences.take("Contact", 1), 9);
        assert_eq!(sequences.take("Job", 10001), 10001);
    }
}
