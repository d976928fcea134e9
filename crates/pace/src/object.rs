//! Pace business objects: the generic [`PaceObject`] (any type, any field, in wire order) and
//! the [`PaceType`] trait every typed object (Job, JobPart, …) implements to convert to and
//! from it.

use crate::value::{Field, FieldValue, WireValue};
use crate::xml::XmlElement;

/// Any Pace object as an ordered list of `(name, value)` fields. Field names are the exact SOAP
/// names (`qtyOrdered`, `JobPartKey`, `U_myField`).
#[derive(Debug, Clone, PartialEq)]
pub struct PaceObject {
    /// The Pace object type, e.g. `Job`, `JobShipment`.
    pub object_type: String,
    /// The fields, in the order Pace sent them (or they were set).
    pub fields: Vec<Field>,
}

impl PaceObject {
    /// An object of `object_type` with no fields.
    pub fn new(object_type: impl Into<String>) -> Self {
        PaceObject {
            object_type: object_type.into(),
            fields: Vec::new(),
        }
    }

    /// Sets `name` to a typed value (replacing an earlier value), builder style.
    pub fn with<T: WireValue>(mut self, name: &str, value: T) -> Self {
        self.set(name, FieldValue::of(&value));
        self
    }

    /// Sets `name` to `value`, replacing an earlier value, or appending it.
    pub fn set(&mut self, name: &str, value: FieldValue) {
        match self.fields.iter_mut().find(|f| f.name == name) {
            Some(field) => field.value = value,
            None => self.fields.push(Field {
                name: name.to_owned(),
                value,
            }),
        }
    }

    /// Marks `name` as `xsi:nil` (sent on update, this asks Pace to clear it).
    pub fn set_nil(&mut self, name: &str) {
        self.set(name, FieldValue::Nil);
    }

    /// The raw value of `name`.
    pub fn value(&self, name: &str) -> Option<&FieldValue> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.value)
    }

    /// The text of `name` (`None` when missing, nil or nested).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.value(name).and_then(FieldValue::as_text)
    }

    /// `name` parsed as `T`: `Ok(None)` when missing or nil, an error when present but not a `T`.
    pub fn get<T: WireValue>(&self, name: &str) -> Result<Option<T>, FieldParseError> {
        parse_field(&self.object_type, name, self.value(name))
    }
}

/// A field Pace sent could not be read as the type this client expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{object_type}.{field} should be {expected}, Pace sent '{value}'")]
pub struct FieldParseError {
    /// The object type.
    pub object_type: String,
    /// The field name.
    pub field: String,
    /// What was expected ("an integer", …).
    pub expected: &'static str,
    /// What came (nested structures are shown as `<structure>`).
    pub value: String,
}

/// Reads one field's value as `T`: missing and nil are `None`.
pub(crate) fn parse_field<T: WireValue>(
    object_type: &str,
    name: &str,
    value: Option<&FieldValue>,
) -> Result<Option<T>, FieldParseError> {
    let error = |value: String| FieldParseError {
        object_type: object_type.to_owned(),
        field: name.to_owned(),
        expected: T::EXPECTED,
        value,
    };
    match value {
        None | Some(FieldValue::Nil) => Ok(None),
        Some(FieldValue::Text(text)) => T::from_wire(text)
            .map(Some)
            .ok_or_else(|| error(text.clone())),
        Some(FieldValue::Nested(_)) => Err(error("<structure>".to_owned())),
    }
}

/// A typed Pace object: its type name, key, and lossless conversion to and from
/// [`PaceObject`]. Implemented by every type in [`crate::objects`].
pub trait PaceType: Sized {
    /// The Pace object type, e.g. `JobPart`.
    const TYPE: &'static str;
    /// The field(s) that make up the key, for messages (e.g. `job + jobPart, or primaryKey`).
    const KEY_FIELDS: &'static str;
    /// The key, when set: what `read` and `delete` take and `update` needs.
    fn key(&self) -> Option<String>;
    /// The fields that are set (`Some`), then the extra fields, as a generic object.
    fn to_object(&self) -> PaceObject;
    /// Reads a generic object; fields this type does not name are kept in its `other_fields`.
    fn from_object(object: PaceObject) -> Result<Self, FieldParseError>;
}

/// The fields of an element: each child becomes a field (nil, text, or nested when it has
/// children of its own).
pub(crate) fn fields_of(element: &XmlElement) -> Vec<Field> {
    element
        .children()
        .iter()
        .map(|child| Field {
            name: child.name().to_owned(),
            value: value_of(child),
        })
        .collect()
}

/// The value of an element: nil, nested (when it has child elements), or its text.
pub(crate) fn value_of(element: &XmlElement) -> FieldValue {
    if element.is_nil() {
        FieldValue::Nil
    } else if element.children().is_empty() {
        FieldValue::Text(element.text().to_owned())
    } else {
        FieldValue::Nested(fields_of(element))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_and_get_parses() {
        let mut job = PaceObject::new("Job")
            .with("jobType", 10i64)
            .with("poNum", "A".to_owned());
        job.set("poNum", "B".into());
        assert_eq!(job.fields.len(), 2);
        assert_eq!(job.text("poNum"), Some("B"));
        assert_eq!(job.get::<i64>("jobType"), Ok(Some(10)));
        assert_eq!(job.get::<i64>("missing"), Ok(None));
        let error = job.get::<i64>("poNum").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Job.poNum should be an integer, Pace sent 'B'"
        );
        job.set_nil("poNum");
        assert_eq!(job.get::<String>("poNum"), Ok(None));
    }
}
