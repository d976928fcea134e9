//! Seed data: the Pace objects a simulator starts with, read from JSON (`fixtures/pace/seed.json`
//! is bundled into the binary). Field names are Pace SOAP field names; values may be JSON
//! strings, numbers or booleans and are normalised to wire text by the field's kind.
//!
//! ```json
//! { "firstJobNumber": 10001,
//!   "objects": { "Customer": [ { "id": "ACME", "custName": "Acme Corporation" } ] } }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value as Json;

use crate::schema::{KeyRule, object_type};
use crate::store::integrity::{self, Scope};
use crate::store::write::{FIRST_JOB_NUMBER, SentField, sent_object};
use crate::store::{Sequences, Tables, key_of};

/// The seed bundled with the simulator.
const BUNDLED: &str = include_str!("../../../../fixtures/pace/seed.json");

/// Why a seed could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The file could not be read.
    #[error("cannot read Pace seed file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The text is not the seed's JSON shape.
    #[error("Pace seed is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A row breaks a rule (unknown type or field, bad value, missing key, dangling reference).
    #[error("Pace seed row {object_type} #{row}: {message}")]
    Row {
        /// The type.
        object_type: String,
        /// The row's position in its list (from 1).
        row: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedFile {
    #[serde(default)]
    first_job_number: Option<i64>,
    objects: BTreeMap<String, Vec<BTreeMap<String, Json>>>,
}

/// Validated seed data, ready to load into a simulator.
#[derive(Debug, Clone)]
pub struct Seed {
    tables: Tables,
    sequences: Sequences,
}

impl Seed {
    /// The seed bundled with the simulator (`fixtures/pace/seed.json`).
    pub fn bundled() -> Result<Seed, SeedError> {
        Seed::from_json(BUNDLED)
    }

    /// The bundled seed's JSON text, for a caller that changes it before [`Seed::from_json`].
    pub fn bundled_json() -> &'static str {
        BUNDLED
    }

    /// A seed read from a JSON file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Seed, SeedError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SeedError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Seed::from_json(&text)
    }

    /// A seed parsed from JSON text.
    pub fn from_json(text: &str) -> Result<Seed, SeedError> {
        let file: SeedFile = serde_json::from_str(text)?;
        let mut tables = Tables::default();
        let mut sequences = Sequences::default();
        sequences.bump_past("Job", file.first_job_number.unwrap_or(FIRST_JOB_NUMBER) - 1);
        let mut loaded = Vec::new();
        for (type_name, rows) in &file.objects {
            for (index, row) in rows.iter().enumerate() {
                let fail = |message: String| SeedError::Row {
                    object_type: type_name.clone(),
                    row: index + 1,
                    message,
                };
                let object_type = object_type(type_name)
                    .ok_or_else(|| fail(format!("unknown object type '{type_name}'")))?;
                let sent: Vec<SentField> = row
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(name, value)| SentField {
                        name: name.clone(),
                        value: Some(match value {
                            Json::String(text) => text.clone(),
                            other => other.to_string(),
                        }),
                    })
                    .collect();
                let mut object = sent_object(object_type, &sent).map_err(|f| fail(f.message))?;
                if object_type.key == KeyRule::JobPart {
                    let key = key_of(object_type, &object).map_err(|f| fail(f.message))?;
                    object.insert("primaryKey".to_owned(), key);
                }
                let key = key_of(object_type, &object).map_err(|f| fail(f.message))?;
                match object_type.key {
                    KeyRule::Counter(_) | KeyRule::Attachment => {
                        if let Ok(n) = key.parse::<i64>() {
                            sequences.bump_past(object_type.name, n);
                        }
                    }
                    KeyRule::JobNumber => {
                        if let Ok(n) = key.parse::<i64>() {
                            sequences.bump_past("Job", n);
                        }
                    }
                    KeyRule::Code(_) | KeyRule::JobPart => {}
                }
                if tables.get(object_type.name, &key).is_some() {
                    return Err(fail(format!("duplicate key '{key}'")));
                }
                tables.put(object_type.name, key, object.clone());
                loaded.push((object_type, index, object));
            }
        }
        for (object_type, index, object) in &loaded {
            integrity::check(&tables, object_type, object, Scope::Whole).map_err(|f| {
                SeedError::Row {
                    object_type: object_type.name.to_owned(),
                    row: index + 1,
                    message: f.message,
                }
            })?;
        }
        Ok(Seed {
            tables: tables.working_copy(),
            sequences,
        })
    }

    /// The tables and sequences a simulator starts from.
    pub(crate) fn into_parts(self) -> (Tables, Sequences) {
        (self.tables, self.sequences)
    }

    /// How many objects of `object_type` the seed holds.
    pub fn count(&self, object_type: &str) -> usize {
        self.tables.count(object_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_seed_loads_with_the_cast_the_fixtures_rely_on() -> Result<(), SeedError> {
        let seed = Seed::bundled()?;
        let tables = &seed.tables;
        for id in ["ACME", "BLUEHILL", "NORTHWIND", "HOUSE", "OLDCO", "OBRIEN"] {
            assert!(tables.get("Customer", id).is_some(), "customer {id}");
        }
        let obrien = tables
            .get("Customer", "OBRIEN")
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            obrien.get("custName").map(String::as_str),
            Some("O'Brien & Söhne GmbH")
        );
        for id in 1..=5 {
            assert!(
                tables.get("ShipVia", &id.to_string()).is_some(),
                "ship via {id}"
            );
        }
        for id in ["1", "2", "3", "10"] {
            assert!(tables.get("JobType", id).is_some(), "job type {id}");
        }
        for id in ["0", "O", "a", "P", "S", "C", "X"] {
            assert!(tables.get("JobStatus", id).is_some(), "job status {id}");
        }
        for code in ["BC-STD", "FLYER-A5", "POSTER-24X36"] {
            assert!(
                tables.get("ItemTemplate", code).is_some(),
                "template {code}"
            );
        }
        assert!(seed.count("Contact") >= 5);
        Ok(())
    }

    #[test]
    fn bad_rows_are_named() {
        let unknown_field =
            r#"{"objects":{"Customer":[{"id":"X","custName":"X","colour":"red"}]}}"#;
        let message = Seed::from_json(unknown_field).err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("Unknown field 'colour' on object 'Customer'")));
        let dangling = r#"{"objects":{"Contact":[{"id":1,"customer":"NOPE"}]}}"#;
        let message = Seed::from_json(dangling).err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("Customer 'NOPE' does not exist")));
        let no_key = r#"{"objects":{"Customer":[{"custName":"X"}]}}"#;
        assert!(Seed::from_json(no_key).is_err());
    }

    #[test]
    fn sequences_continue_after_seeded_rows() -> Result<(), SeedError> {
        let seed = Seed::from_json(
            r#"{"firstJobNumber": 500, "objects":{
                "Customer":[{"id":"A","custName":"A"}],
                "Contact":[{"id":41,"customer":"A"}]}}"#,
        )?;
        let (_, mut sequences) = seed.into_parts();
        assert_eq!(sequences.take("Contact", 1), 42);
        assert_eq!(sequences.take("Job", FIRST_JOB_NUMBER), 500);
        Ok(())
    }
}
