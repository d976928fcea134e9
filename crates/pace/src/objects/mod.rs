//! Typed Pace objects with the real SOAP field names (reference §4). Each struct has one
//! `Option` per field it names (`None` = not sent / not received), converts to and from
//! [`PaceObject`](crate::PaceObject), and keeps every field it does not name in
//! `other_fields`, so nothing Pace sends is dropped. On update only the `Some` fields (plus the
//! key and `other_fields`) are sent.
//!
//! Field types: text → `String`, Pace `int`/`long` → `i64`, doubles (money, weights) → `f64`,
//! booleans → `bool`, date fields → [`PaceDate`](crate::PaceDate), time fields →
//! [`PaceTime`](crate::PaceTime).

mod customer;
mod job;
mod lookup;
mod shipment;

pub use customer::{Contact, Customer};
pub use job::{Job, JobMaterial, JobNote, JobPart};
pub use lookup::{ItemTemplate, JobStatus, JobType, ShipVia};
pub use shipment::{Carton, CartonContent, JobShipment};

/// Declares a typed Pace object: the struct, its `Default`, and its [`PaceType`] impl.
///
/// `key = |object| expr` computes the key (an `Option<String>`) from the struct.
macro_rules! pace_object {
    (
        $(#[$meta:meta])*
        $name:ident = $pace_type:literal,
        key $key_fields:literal = |$this:ident| $key:expr,
        { $( $field:ident : $ty:ty = $soap:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(
                #[doc = concat!("SOAP field `", $soap, "`.")]
                pub $field: Option<$ty>,
            )*
            /// Fields this type does not name, in the order Pace sent them (sent back as they are).
            pub other_fields: Vec<$crate::value::Field>,
        }

        impl $crate::object::PaceType for $name {
            const TYPE: &'static str = $pace_type;
            const KEY_FIELDS: &'static str = $key_fields;

            fn key(&self) -> Option<String> {
                let $this = self;
                $key
            }

            fn to_object(&self) -> $crate::object::PaceObject {
                let mut fields = Vec::new();
                $(
                    if let Some(value) = &self.$field {
                        fields.push($crate::value::Field {
                            name: $soap.to_owned(),
                            value: $crate::value::FieldValue::of(value),
                        });
                    }
                )*
                fields.extend(self.other_fields.iter().cloned());
                $crate::object::PaceObject { object_type: $pace_type.to_owned(), fields }
            }

            fn from_object(
                object: $crate::object::PaceObject,
            ) -> Result<Self, $crate::object::FieldParseError> {
                let mut typed = Self::default();
                for field in object.fields {
                    match field.name.as_str() {
                        $(
                            $soap => {
                                typed.$field = $crate::object::parse_field($pace_type, $soap, Some(&field.value))?;
                            }
                        )*
                        _ => typed.other_fields.push(field),
                    }
                }
                Ok(typed)
            }
        }
    };
}
pub(crate) use pace_object;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::{PaceObject, PaceType};
    use crate::value::{Field, FieldValue};

    #[test]
    fn unknown_fields_are_kept_and_sent_back() {
        let mut object = PaceObject::new("JobPart")
            .with("job", "12345".to_owned())
            .with("jobPart", "01".to_owned())
            .with("qtyOrdered", 500i64)
            .with("freightAmt", 12.5f64)
            .with("U_press", "HP".to_owned());
        object.set_nil("description");
        let part = JobPart::from_object(object).unwrap();
        assert_eq!(part.qty_ordered, Some(500));
        assert_eq!(part.freight_amt, Some(12.5));
        assert_eq!(part.description, None);
        assert_eq!(part.key().as_deref(), Some("12345:01"));
        assert_eq!(part.other_fields, vec![Field::text("U_press", "HP")]);
        let back = part.to_object();
        assert_eq!(back.text("U_press"), Some("HP"));
        assert_eq!(back.text("qtyOrdered"), Some("500"));
        assert!(back.value("description").is_none());
    }

    #[test]
    fn only_set_fields_are_written() {
        let job = Job {
            job: Some("12345".into()),
            admin_status: Some("C".into()),
            ..Job::default()
        };
        let names: Vec<_> = job.to_object().fields.into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["job", "adminStatus"]);
    }

    #[test]
    fn wrong_typed_field_is_an_error_naming_it() {
        let object = PaceObject::new("Contact").with("id", "abc".to_owned());
        let error = Contact::from_object(object).unwrap_err();
        assert_eq!(error.field, "id");
        assert_eq!(error.object_type, "Contact");
    }

    #[test]
    fn capital_j_job_part_key_on_carton_content() {
        let content = CartonContent {
            job_part_key: Some("12345:01".into()),
            ..CartonContent::default()
        };
        assert_eq!(content.to_object().fields[0].name, "JobPartKey");
        let nested = PaceObject {
            object_type: "CartonContent".into(),
            fields: vec![Field {
                name: "quantity".into(),
                value: FieldValue::Nested(vec![]),
            }],
        };
        assert!(CartonContent::from_object(nested).is_err());
    }
}
