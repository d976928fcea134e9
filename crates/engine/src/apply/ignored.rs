//! Noticing what Pace ignored. A create's (and an update's) reply is the object as Pace stored it
//! (reference §2.3); comparing it with what the step sent shows a field Pace left empty or
//! changed — a misnamed field is often dropped silently by a SOAP server — without any extra
//! Pace call.
//!
//! Values are compared for what they mean, not their text, because Pace normalises: a date is
//! the same when its calendar day is (in the shop's time zone, or in UTC: a server may store
//! midnight in its own zone), numbers by value (`12.5` = `12.50`, `7` = `7.0`), booleans in any
//! spelling (`true`, `TRUE`, `1`), text once trimmed (and with the same line breaks). Fields of a
//! create that the plan's later override step sets again (template defaults, which Pace writes
//! over the create's fields, spec steps 4–5) are judged on that update's reply instead, and the
//! write helpers Pace consumes ([`fields::WRITE_ONLY`]) are not judged at all.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use pace::{PaceDate, WireValue};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::plan::{FieldValue, PlanStep, fields};
use crate::settings::local_day;

/// A field Pace did not store as it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredField {
    /// The Pace object type (`Job`).
    pub object: String,
    /// The object's key (`10057`).
    pub key: String,
    /// The field's SOAP name (`scheduledShipDate`).
    pub field: String,
    /// What was sent, as staff read it (`2026-12-08`).
    pub sent: String,
    /// What Pace stored, as staff read it; `None` when it stored nothing.
    pub stored: Option<String>,
}

impl IgnoredField {
    /// "Pace ignored `scheduledShipDate` on Job 10057: sent 2026-12-08, stored empty".
    pub fn message(&self) -> String {
        let stored = match &self.stored {
            Some(stored) => format!("stored {stored}"),
            None => "stored empty".to_owned(),
        };
        format!(
            "Pace ignored `{}` on {} {}: sent {}, {stored}",
            self.field, self.object, self.key, self.sent
        )
    }
}

/// The fields of `step` (sent as `sent`) that Pace's `reply` does not hold as sent. `skip` names
/// fields not to judge here (a later override step sets them again).
pub(crate) fn ignored_fields(
    step: &PlanStep,
    sent: &pace::PaceObject,
    reply: &pace::PaceObject,
    key: &str,
    time_zone: Tz,
    skip: &[&str],
) -> Vec<IgnoredField> {
    step.fields
        .iter()
        .filter(|field| !skip.contains(&field.name.as_str()))
        .filter(|field| !fields::WRITE_ONLY.contains(&field.name.as_str()))
        .filter_map(|field| {
            let wire = sent.text(&field.name)?;
            let stored = reply
                .text(&field.name)
                .map(str::trim)
                .filter(|text| !text.is_empty());
            let same =
                stored.is_some_and(|stored| same_value(&field.value, wire, stored, time_zone));
            (!same).then(|| IgnoredField {
                object: step.object.type_name().to_owned(),
                key: key.to_owned(),
                field: field.name.clone(),
                sent: shown(&field.value, wire),
                stored: stored.map(|text| shown_stored(&field.value, text, time_zone)),
            })
        })
        .collect()
}

/// Whether `stored` means what was sent (`value`, on the wire as `wire`).
fn same_value(value: &FieldValue, wire: &str, stored: &str, time_zone: Tz) -> bool {
    match value {
        FieldValue::Date(date) => {
            stored_day(stored, time_zone).is_some_and(|days| days.contains(date))
        }
        FieldValue::Bool(flag) => bool::from_wire(stored) == Some(*flag),
        FieldValue::Int(_) | FieldValue::Money(_) => same_number(wire, stored),
        FieldValue::Text(_) | FieldValue::KeyOf(_) | FieldValue::PartNumberOf(_) => {
            same_text(wire, stored) || same_number(wire, stored)
        }
    }
}

/// The calendar days a stored date may mean: in the shop's time zone and in UTC.
fn stored_day(stored: &str, time_zone: Tz) -> Option<[NaiveDate; 2]> {
    let at: DateTime<Utc> = PaceDate::from_wire(stored)?.instant();
    Some([local_day(time_zone, at), at.date_naive()])
}

fn number(text: &str) -> Option<Decimal> {
    let text = text.trim();
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

fn same_number(a: &str, b: &str) -> bool {
    match (number(a), number(b)) {
        (Some(a), Some(b)) => a.normalize() == b.normalize(),
        _ => false,
    }
}

fn same_text(a: &str, b: &str) -> bool {
    a.trim().replace("\r\n", "\n") == b.trim().replace("\r\n", "\n")
}

/// What was sent, for staff: dates as the day, everything else as sent.
fn shown(value: &FieldValue, wire: &str) -> String {
    match value {
        FieldValue::Date(date) => date.to_string(),
        _ => wire.to_owned(),
    }
}

/// What Pace stored, for staff: a date field's value as the day in the shop's zone.
fn shown_stored(value: &FieldValue, stored: &str, time_zone: Tz) -> String {
    match (value, stored_day(stored, time_zone)) {
        (FieldValue::Date(_), Some([day, _])) => day.to_string(),
        _ => stored.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{PaceField, PaceObject, StepAction};

    fn step(fields: Vec<(&str, FieldValue)>) -> PlanStep {
        PlanStep {
            reference: "job#1".into(),
            object: PaceObject::Job,
            action: StepAction::Create,
            fields: fields
                .into_iter()
                .map(|(name, value)| PaceField {
                    name: name.into(),
                    value,
                })
                .collect(),
            depends_on: vec![],
        }
    }

    fn object(pairs: &[(&str, &str)]) -> pace::PaceObject {
        pairs
            .iter()
            .fold(pace::PaceObject::new("Job"), |o, (k, v)| {
                o.with(k, (*v).to_owned())
            })
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn what_pace_normalises_is_not_ignored() {
        let step = step(vec![
            ("promiseDate", FieldValue::Date(date(2026, 12, 8))),
            ("dateSetup", FieldValue::Date(date(2026, 12, 1))),
            ("amountToInvoice", FieldValue::Money(Decimal::new(1250, 2))),
            ("jobType", FieldValue::Int(7)),
            ("shipTo", FieldValue::Bool(true)),
            ("description", FieldValue::Text("Cards".into())),
            ("customer", FieldValue::KeyOf("customer".into())),
        ]);
        let sent = object(&[
            ("promiseDate", "2026-12-08T05:00:00.000Z"),
            ("dateSetup", "2026-12-01T05:00:00.000Z"),
            ("amountToInvoice", "12.50"),
            ("jobType", "7"),
            ("shipTo", "true"),
            ("description", "Cards"),
            ("customer", "007"),
        ]);
        let reply = object(&[
            // Midnight in the server's own zone, and midnight UTC: the same days.
            ("promiseDate", "2026-12-08T00:00:00-05:00"),
            ("dateSetup", "2026-12-01"),
            ("amountToInvoice", "12.5"),
            ("jobType", "7.0"),
            ("shipTo", "TRUE"),
            ("description", " Cards "),
            ("customer", "7"),
        ]);
        let ignored = ignored_fields(&step, &sent, &reply, "10057", Tz::America__New_York, &[]);
        assert_eq!(ignored, []);
    }

    #[test]
    fn a_field_left_empty_or_changed_is_ignored_and_says_so() {
        let step = step(vec![
            ("scheduledShipDate", FieldValue::Date(date(2026, 12, 8))),
            ("promiseDate", FieldValue::Date(date(2026, 12, 8))),
            ("poNum", FieldValue::Text("PO-1".into())),
            ("part1QuantityOrdered", FieldValue::Int(250)),
            ("description", FieldValue::Text("Cards".into())),
        ]);
        let sent = object(&[
            ("scheduledShipDate", "2026-12-08T05:00:00.000Z"),
            ("promiseDate", "2026-12-08T05:00:00.000Z"),
            ("poNum", "PO-1"),
            ("part1QuantityOrdered", "250"),
            ("description", "Cards"),
        ]);
        let reply = object(&[
            ("promiseDate", "2026-12-10T05:00:00.000Z"),
            ("poNum", "PO-2"),
            ("description", "Template default"),
        ]);
        let ignored = ignored_fields(
            &step,
            &sent,
            &reply,
            "10057",
            Tz::America__New_York,
            &["description"],
        );
        let messages: Vec<String> = ignored.iter().map(IgnoredField::message).collect();
        assert_eq!(
            messages,
            [
                "Pace ignored `scheduledShipDate` on Job 10057: sent 2026-12-08, stored empty",
                "Pace ignored `promiseDate` on Job 10057: sent 2026-12-08, stored 2026-12-10",
                "Pace ignored `poNum` on Job 10057: sent PO-1, stored PO-2",
            ],
            "a write helper and a field the override sets again are not judged here"
        );
    }
}
