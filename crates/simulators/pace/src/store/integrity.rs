//! The integrity a Pace administrator expects: required fields present, every reference
//! pointing at an existing row, a job's customer active, a part reference naming an existing
//! part; and no delete of an object that others still refer to.

use crate::schema::{Field, ObjectType, object_types};
use crate::soap::fault::Fault;
use crate::store::Tables;
use crate::value::PaceObject;

/// Types whose `(job, part)` field pair must name an existing JobPart when both are set.
const PART_REFERENCES: &[(&str, &str, &str)] = &[
    ("JobMaterial", "job", "jobPart"),
    ("JobShipment", "job", "jobPart"),
    ("JobNote", "job", "jobPart"),
    ("CartonContent", "jobPartJob", "jobPart"),
];

/// Which fields of an object a check looks at.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every field: a create, or loading the seed.
    Whole,
    /// Only these fields: an update.
    Changed(&'a [&'a str]),
}

impl Scope<'_> {
    fn covers(&self, field: &str) -> bool {
        match self {
            Scope::Whole => true,
            Scope::Changed(fields) => fields.contains(&field),
        }
    }
}

/// Checks `object` (of `object_type`, about to be stored) against the rules, within `scope`.
pub fn check(
    tables: &Tables,
    object_type: &ObjectType,
    object: &PaceObject,
    scope: Scope<'_>,
) -> Result<(), Fault> {
    for field in object_type.fields.iter().filter(|f| scope.covers(f.name)) {
        let value = present(object, field);
        if field.required && value.is_none() {
            return Err(Fault::server(format!(
                "Field '{}' is required on object '{}'",
                field.name, object_type.name
            )));
        }
        let missing_target = match (field.refers_to, value) {
            (Some(target), Some(value)) => tables
                .get(target, value)
                .is_none()
                .then_some((target, value)),
            _ => None,
        };
        if let Some((target, value)) = missing_target {
            return Err(Fault::server(format!(
                "Invalid value '{value}' for field '{}' on object '{}': {target} '{value}' does not exist",
                field.name, object_type.name
            )));
        }
    }
    if object_type.name == "Job" && scope.covers("customer") {
        check_customer_active(tables, object)?;
    }
    check_part_reference(tables, object_type, object, scope)
}

/// A reference value counts only when set and not `0` (Pace reads a `0` key as null).
fn present<'o>(object: &'o PaceObject, field: &Field) -> Option<&'o str> {
    object.get(field.name).map(String::as_str).filter(|v| {
        let null_reference = field.refers_to.is_some() && *v == "0";
        !v.trim().is_empty() && !null_reference
    })
}

fn check_customer_active(tables: &Tables, job: &PaceObject) -> Result<(), Fault> {
    let Some(customer_id) = job.get("customer") else {
        return Ok(());
    };
    let inactive = tables
        .get("Customer", customer_id)
        .and_then(|customer| customer.get("customerStatus"))
        .and_then(|status| tables.get("CustomerStatus", status))
        .is_some_and(|status| status.get("customerActive").is_some_and(|a| a == "false"));
    if inactive {
        return Err(Fault::server(format!(
            "Customer '{customer_id}' is inactive: jobs cannot be entered for an inactive customer"
        )));
    }
    Ok(())
}

fn check_part_reference(
    tables: &Tables,
    object_type: &ObjectType,
    object: &PaceObject,
    scope: Scope<'_>,
) -> Result<(), Fault> {
    for (type_name, job_field, part_field) in PART_REFERENCES {
        if *type_name != object_type.name || !(scope.covers(job_field) || scope.covers(part_field))
        {
            continue;
        }
        if let (Some(job), Some(part)) = (object.get(*job_field), object.get(*part_field)) {
            let key = format!("{job}:{part}");
            if !part.is_empty() && tables.get("JobPart", &key).is_none() {
                return Err(Fault::server(format!(
                    "Invalid value '{part}' for field '{part_field}' on object '{}': JobPart '{key}' does not exist",
                    object_type.name
                )));
            }
        }
    }
    Ok(())
}

/// The first object (type name, key) that refers to `key` of `target`, ignoring objects of the
/// types in `cascaded` (they go with it).
pub fn referenced_by(
    tables: &Tables,
    target: &ObjectType,
    key: &str,
    cascaded: &[&str],
) -> Option<(&'static str, String)> {
    for object_type in object_types()
        .iter()
        .filter(|t| !cascaded.contains(&t.name))
    {
        let referring: Vec<&Field> = object_type
            .fields
            .iter()
            .filter(|f| f.refers_to == Some(target.name))
            .collect();
        if referring.is_empty() {
            continue;
        }
        for row in tables.rows(object_type) {
            if referring
                .iter()
                .any(|f| row.get(f.name).is_some_and(|v| v == key))
            {
                let row_key = row
                    .get(object_type.key.field())
                    .cloned()
                    .unwrap_or_default();
                return Some((object_type.name, row_key));
            }
        }
    }
    None
}
