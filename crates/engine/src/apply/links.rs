//! Turning a plan step's fields into the Pace object to send: links (`KeyOf`, `PartNumberOf`)
//! resolved from the keys created or found so far, values in their wire form; and reading the
//! new key out of Pace's reply.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use pace::{PaceDate, WireValue};

use super::error::ApplyError;
use crate::plan::{FieldValue, PaceObject, PlanStep};
use crate::settings::local_midnight;

/// The number Pace gives the part it creates with a job (reference §2.3).
pub(crate) const AUTO_CREATED_PART: &str = "01";

/// The Pace key of every object of the plan known so far, by local reference.
#[derive(Debug, Default, Clone)]
pub(crate) struct Keys(BTreeMap<String, String>);

impl Keys {
    pub(crate) fn get(&self, reference: &str) -> Option<&str> {
        self.0.get(reference).map(String::as_str)
    }

    pub(crate) fn insert(&mut self, reference: &str, key: &str) {
        self.0.insert(reference.to_owned(), key.to_owned());
    }

    /// Every known key, by reference.
    pub(crate) fn all(&self) -> &BTreeMap<String, String> {
        &self.0
    }
}

/// The part number of a JobPart key (`10001:02` → `02`).
pub(crate) fn part_number(key: &str) -> &str {
    key.rsplit_once(':').map_or(key, |(_, part)| part)
}

/// The step's fields as a Pace object, links resolved. `time_zone` is the shop's, in which date
/// fields mean midnight.
pub(crate) fn pace_object(
    order: u64,
    step: &PlanStep,
    keys: &Keys,
    time_zone: Tz,
) -> Result<pace::PaceObject, ApplyError> {
    let mut object = pace::PaceObject::new(step.object.type_name());
    for field in &step.fields {
        let missing = |reference: &String| ApplyError::MissingLink {
            order,
            step: step.reference.clone(),
            object: step.object.type_name().to_owned(),
            field: field.name.clone(),
            reference: reference.clone(),
        };
        let text = match &field.value {
            FieldValue::Text(text) => text.clone(),
            FieldValue::Int(number) => number.to_wire(),
            FieldValue::Money(amount) => amount.to_string(),
            FieldValue::Bool(flag) => flag.to_wire(),
            FieldValue::Date(date) => {
                PaceDate::from_instant(local_midnight(time_zone, *date)).to_wire()
            }
            FieldValue::KeyOf(reference) => keys
                .get(reference)
                .ok_or_else(|| missing(reference))?
                .to_owned(),
            FieldValue::PartNumberOf(reference) => {
                part_number(keys.get(reference).ok_or_else(|| missing(reference))?).to_owned()
            }
        };
        object.set(&field.name, pace::FieldValue::Text(text));
    }
    Ok(object)
}

/// Adds the key fields of the existing object `key` to `object`, for an update.
pub(crate) fn with_key(
    mut object: pace::PaceObject,
    kind: PaceObject,
    key: &str,
) -> pace::PaceObject {
    match kind {
        PaceObject::JobPart => {
            let (job, part) = key.rsplit_once(':').unwrap_or((key, AUTO_CREATED_PART));
            object.set("job", job.into());
            object.set("jobPart", part.into());
        }
        PaceObject::Job => object.set("job", key.into()),
        _ => object.set("id", key.into()),
    }
    object
}

/// The key of the object Pace returned from a create.
pub(crate) fn key_in_reply(kind: PaceObject, reply: &pace::PaceObject) -> Option<String> {
    let text = |name: &str| reply.text(name).map(str::trim).filter(|t| !t.is_empty());
    let key = match kind {
        PaceObject::Job => text("job")?.to_owned(),
        PaceObject::JobPart => match text("primaryKey") {
            Some(key) => key.to_owned(),
            None => format!("{}:{}", text("job")?, text("jobPart")?),
        },
        _ => text("id")?.to_owned(),
    };
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{PaceField, StepAction};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn field(name: &str, value: FieldValue) -> PaceField {
        PaceField {
            name: name.into(),
            value,
        }
    }

    fn material_step() -> PlanStep {
        PlanStep {
            reference: "job#1/part#2/material#1".into(),
            object: PaceObject::JobMaterial,
            action: StepAction::Create,
            fields: vec![
                field("job", FieldValue::KeyOf("job#1".into())),
                field("jobPart", FieldValue::PartNumberOf("job#1/part#2".into())),
                field("plannedQuantity", FieldValue::Int(500)),
                field("unitPrice", FieldValue::Money(Decimal::new(4400, 2))),
                field("manual", FieldValue::Bool(true)),
                field(
                    "dateRequired",
                    FieldValue::Date(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()),
                ),
            ],
            depends_on: vec![],
        }
    }

    #[test]
    fn links_and_values_take_their_wire_form() {
        let mut keys = Keys::default();
        keys.insert("job#1", "10001");
        keys.insert("job#1/part#2", "10001:02");
        let object = pace_object(10001, &material_step(), &keys, Tz::America__New_York).unwrap();
        let texts: Vec<_> = object
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_text().unwrap()))
            .collect();
        assert_eq!(
            texts,
            [
                ("job", "10001"),
                ("jobPart", "02"),
                ("plannedQuantity", "500"),
                ("unitPrice", "44.00"),
                ("manual", "true"),
                ("dateRequired", "2026-11-24T05:00:00.000Z"),
            ]
        );
    }

    #[test]
    fn a_link_to_an_unknown_reference_names_the_field_and_is_permanent() {
        let mut keys = Keys::default();
        keys.insert("job#1", "10001");
        let error = pace_object(10001, &material_step(), &keys, Tz::UTC).unwrap_err();
        assert!(!error.is_transient());
        let text = error.to_string();
        assert!(
            text.contains("jobPart") && text.contains("job#1/part#2"),
            "{text}"
        );
    }

    #[test]
    fn keys_in_replies_and_for_updates() {
        let part = pace::PaceObject::new("JobPart")
            .with("job", "10001".to_owned())
            .with("jobPart", "02".to_owned());
        assert_eq!(
            key_in_reply(PaceObject::JobPart, &part).as_deref(),
            Some("10001:02")
        );
        let carton = pace::PaceObject::new("Carton").with("id", 7i64);
        assert_eq!(
            key_in_reply(PaceObject::Carton, &carton).as_deref(),
            Some("7")
        );
        assert_eq!(key_in_reply(PaceObject::Job, &carton), None);
        let update = with_key(
            pace::PaceObject::new("JobPart"),
            PaceObject::JobPart,
            "10001:01",
        );
        assert_eq!(update.text("job"), Some("10001"));
        assert_eq!(update.text("jobPart"), Some("01"));
    }
}
