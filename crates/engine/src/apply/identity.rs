//! After an interrupted step (begun in the journal, never finished: a crash, a timeout, a lost
//! reply), the object may exist in Pace already. These look-ups find it, so apply adopts it
//! instead of creating a second one.
//!
//! How each type is recognised:
//!
//! | Type | Look-up |
//! |---|---|
//! | Customer | its planned `id` |
//! | Contact | `customer` + `email` + name + `address1` + `city` + `zip` (those the plan sets: a customer may have one contact per ship-to address with the same name and e-mail) |
//! | Job | `reference` (exact `=`: `Pressero order 1000` is a prefix of order 10001's) |
//! | JobPart, JobMaterial, JobShipment, JobNote | the job (+ `inventoryItem`, `name`, `noteSummary` when set) |
//! | Carton | the shipment |
//! | CartonContent | the carton |
//! | FileAttachment | `baseObject = Job`, `baseObjectKey` = the job, `name` |
//!
//! A match whose key a completed step of this order already holds is someone else's, never the
//! interrupted step's (part 01, the other shipments of the job …).

use std::collections::BTreeSet;

use pace::{Filter, PaceError};

use super::calls::CountedPace;

/// The fields that identify an object of `object_type` (reference §4); integer fields are
/// compared as numbers.
fn identifying_fields(object_type: &str) -> &'static [(&'static str, bool)] {
    match object_type {
        "Customer" => &[("id", false)],
        "Contact" => &[
            ("customer", false),
            ("email", false),
            ("firstName", false),
            ("lastName", false),
            ("address1", false),
            ("city", false),
            ("zip", false),
        ],
        "Job" => &[("reference", false)],
        "JobPart" => &[("job", false)],
        "JobMaterial" => &[("job", false), ("inventoryItem", false)],
        "JobShipment" => &[("job", false), ("name", false)],
        "JobNote" => &[("job", false), ("noteSummary", false)],
        "Carton" => &[("shipment", true)],
        "CartonContent" => &[("carton", true)],
        "FileAttachment" => &[
            ("baseObject", false),
            ("baseObjectKey", false),
            ("name", false),
        ],
        _ => &[],
    }
}

/// The filter that finds `object` (as it would be created) in Pace; `None` when the object
/// carries none of its identifying fields.
pub(crate) fn identity_filter(object: &pace::PaceObject) -> Option<Filter> {
    let filters: Vec<Filter> = identifying_fields(&object.object_type)
        .iter()
        .filter_map(|&(name, numeric)| {
            let value = object.text(name)?.trim();
            let path = format!("@{name}");
            match value.parse::<i64>() {
                Ok(number) if numeric => Some(Filter::eq(&path, number)),
                _ => Some(Filter::eq(&path, value)),
            }
        })
        .collect();
    (!filters.is_empty()).then(|| Filter::all(filters))
}

/// The key of the existing object matching `object`, not one of `claimed`.
pub(crate) async fn find_existing(
    pace: &CountedPace<'_>,
    object: &pace::PaceObject,
    claimed: &BTreeSet<String>,
) -> Result<Option<String>, PaceError> {
    let Some(filter) = identity_filter(object) else {
        return Ok(None);
    };
    let keys = pace.find(&object.object_type, &filter).await?;
    Ok(keys.into_iter().find(|key| !claimed.contains(key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_is_found_by_its_exact_reference_and_cartons_by_shipment_number() {
        let job = pace::PaceObject::new("Job")
            .with("customer", "ACME".to_owned())
            .with("reference", "Pressero order 1000".to_owned());
        assert_eq!(
            identity_filter(&job).unwrap().to_xpath().unwrap(),
            Filter::eq("@reference", "Pressero order 1000")
                .to_xpath()
                .unwrap()
        );
        let carton = pace::PaceObject::new("Carton")
            .with("shipment", 12i64)
            .with("count", 1i64);
        assert_eq!(
            identity_filter(&carton).unwrap().to_xpath().unwrap(),
            Filter::eq("@shipment", 12i64).to_xpath().unwrap()
        );
    }

    #[test]
    fn contact_uses_only_the_fields_the_plan_sets() {
        let contact = pace::PaceObject::new("Contact")
            .with("customer", "ACME".to_owned())
            .with("email", "luis@acme.example".to_owned())
            .with("lastName", "Ortega".to_owned());
        let xpath = identity_filter(&contact).unwrap().to_xpath().unwrap();
        assert!(
            xpath.contains("@customer") && xpath.contains("@lastName"),
            "{xpath}"
        );
        assert!(!xpath.contains("@firstName"), "{xpath}");
        assert!(identity_filter(&pace::PaceObject::new("Contact")).is_none());
    }
}
