//! A lenient, field-naming reader for Pressero's JSON objects.
//!
//! Pressero's shapes are only partly documented, so nothing is parsed with a strict derive:
//! an object is read into its raw fields, looked up by name without regard to case (the
//! reference shows `BilltoStateProvince` next to `BillToStateProvince`, `UserID` next to
//! `UserId`), and each value is interpreted on demand. Missing and `null` are the same thing;
//! unknown fields are ignored; numbers keep their exact decimal text (no float on the way to a
//! [`Decimal`]); and every problem names the field it is about.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// A JSON field name, with the other spellings Pressero (or its integrators) use for it.
/// The first name is the one reported in errors. Lookups ignore ASCII case.
pub(crate) type Key = &'static [&'static str];

/// What is wrong with one field of a Pressero object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Where the field is, e.g. `Quantity` or `ShipToAddress.Postal` or `Files[1].FileSize`.
    pub field: String,
    /// What is wrong, e.g. `is "abc", expected a whole number`.
    pub problem: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "`{}` {}", self.field, self.problem)
        }
    }
}

/// The longest piece of an offending value quoted in an error.
const QUOTE_LIMIT: usize = 60;

/// One JSON object, its fields keyed by lower-case name, read from a borrowed document.
#[derive(Debug)]
pub(crate) struct Obj<'a> {
    fields: HashMap<String, &'a RawValue>,
    prefix: String,
}

/// Deserializes an object's fields; the first non-null value wins when two names differ only
/// in case.
struct RawFields<'a>(HashMap<String, &'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for RawFields<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = RawFields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut fields: HashMap<String, &'de RawValue> = HashMap::new();
                while let Some((name, value)) = map.next_entry::<String, &'de RawValue>()? {
                    let slot = fields.entry(name.to_ascii_lowercase()).or_insert(value);
                    if slot.get() == "null" {
                        *slot = value;
                    }
                }
                Ok(RawFields(fields))
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

impl<'a> Obj<'a> {
    /// Reads a whole document that must be one JSON object.
    pub(crate) fn parse(text: &'a str) -> Result<Self, FieldError> {
        Self::parse_at(text, String::new())
    }

    fn parse_at(text: &'a str, prefix: String) -> Result<Self, FieldError> {
        match serde_json::from_str::<RawFields<'a>>(text) {
            Ok(RawFields(fields)) => Ok(Obj { fields, prefix }),
            Err(error) => Err(FieldError {
                field: prefix.trim_end_matches('.').to_owned(),
                problem: if error.is_syntax() || error.is_eof() {
                    format!("is not valid JSON ({error})")
                } else {
                    format!("is {}, expected an object", quote(text))
                },
            }),
        }
    }

    fn raw(&self, key: Key) -> Option<&'a RawValue> {
        self.raw_named(key).map(|(_, raw)| raw)
    }

    /// The first non-null value under any spelling of `key`, with the spelling found.
    fn raw_named(&self, key: Key) -> Option<(&'static str, &'a RawValue)> {
        key.iter()
            .filter_map(|name| {
                let raw = self.fields.get(&name.to_ascii_lowercase())?;
                Some((*name, *raw))
            })
            .find(|(_, raw)| raw.get() != "null")
    }

    fn name(&self, key: Key) -> String {
        format!(
            "{}{}",
            self.prefix,
            key.first().copied().unwrap_or_default()
        )
    }

    /// A wrong-value error, naming the spelling of `key` that holds the value.
    fn wrong(&self, key: Key, raw: &RawValue, expected: &str) -> FieldError {
        let name = self.raw_named(key).map_or_else(
            || self.name(key),
            |(name, _)| format!("{}{name}", self.prefix),
        );
        FieldError {
            field: name,
            problem: format!("is {}, expected {expected}", quote(raw.get())),
        }
    }

    /// A "required field is absent" error for `key`.
    pub(crate) fn missing(&self, key: Key) -> FieldError {
        FieldError {
            field: self.name(key),
            problem: "is missing".to_owned(),
        }
    }

    /// Whether the field is present and not null.
    pub(crate) fn has(&self, key: Key) -> bool {
        self.raw(key).is_some()
    }

    /// Text, trimmed; numbers and booleans as written; missing or null is empty.
    pub(crate) fn text(&self, key: Key) -> Result<String, FieldError> {
        let Some(raw) = self.raw(key) else {
            return Ok(String::new());
        };
        match serde_json::from_str::<serde_json::Value>(raw.get()) {
            Ok(serde_json::Value::String(s)) => Ok(s.trim().to_owned()),
            Ok(serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => {
                Ok(raw.get().to_owned())
            }
            _ => Err(self.wrong(key, raw, "text")),
        }
    }

    /// Text that must be present and not blank.
    pub(crate) fn required_text(&self, key: Key) -> Result<String, FieldError> {
        let text = self.text(key)?;
        if text.is_empty() {
            Err(self.missing(key))
        } else {
            Ok(text)
        }
    }

    /// A whole, non-negative number (`500`, `"500"`, `500.0`); `None` when missing or null.
    pub(crate) fn whole(&self, key: Key) -> Result<Option<u64>, FieldError> {
        let Some(raw) = self.raw(key) else {
            return Ok(None);
        };
        let number = scalar_text(raw)
            .and_then(|text| decimal_from_text(&text))
            .filter(|d| d.fract().is_zero() && !d.is_sign_negative())
            .and_then(|d| u64::try_from(d.trunc()).ok());
        number
            .map(Some)
            .ok_or_else(|| self.wrong(key, raw, "a whole number"))
    }

    /// A whole number that must be present.
    pub(crate) fn required_whole(&self, key: Key) -> Result<u64, FieldError> {
        self.whole(key)?.ok_or_else(|| self.missing(key))
    }

    /// An exact decimal (`45.1`, `"45.10"`, `4.51e1`); `None` when missing or null.
    pub(crate) fn decimal(&self, key: Key) -> Result<Option<Decimal>, FieldError> {
        let Some(raw) = self.raw(key) else {
            return Ok(None);
        };
        scalar_text(raw)
            .and_then(|text| decimal_from_text(&text))
            .map(Some)
            .ok_or_else(|| self.wrong(key, raw, "an amount"))
    }

    /// An amount where missing or null means zero (order totals, item shipping and tax).
    pub(crate) fn amount_or_zero(&self, key: Key) -> Result<Decimal, FieldError> {
        Ok(self.decimal(key)?.unwrap_or_default())
    }

    /// A flag (`true`, `"True"`, `1`); `None` when missing or null.
    pub(crate) fn flag(&self, key: Key) -> Result<Option<bool>, FieldError> {
        let Some(raw) = self.raw(key) else {
            return Ok(None);
        };
        let flag = match scalar_text(raw).map(|t| t.to_ascii_lowercase()).as_deref() {
            Some("true" | "1" | "yes") => Some(true),
            Some("false" | "0" | "no") => Some(false),
            _ => None,
        };
        flag.map(Some)
            .ok_or_else(|| self.wrong(key, raw, "true or false"))
    }

    /// A point in time (UTC when no offset is given); `None` when missing, null or blank.
    pub(crate) fn datetime(&self, key: Key) -> Result<Option<DateTime<Utc>>, FieldError> {
        self.parsed_text(key, "a date and time", parse_datetime)
    }

    /// A calendar date: the date part of a date or date-time as written; `None` when missing.
    pub(crate) fn date(&self, key: Key) -> Result<Option<NaiveDate>, FieldError> {
        self.parsed_text(key, "a date", parse_date)
    }

    /// A scalar read by `parse` from its trimmed text; `None` when missing, null or blank, an
    /// error saying it should be `expected` when it is not a scalar or `parse` refuses it.
    fn parsed_text<T>(
        &self,
        key: Key,
        expected: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, FieldError> {
        let Some(raw) = self.raw(key) else {
            return Ok(None);
        };
        match scalar_text(raw) {
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => parse(text.trim())
                .map(Some)
                .ok_or_else(|| self.wrong(key, raw, expected)),
            None => Err(self.wrong(key, raw, expected)),
        }
    }

    /// A nested object; `None` when missing or null.
    pub(crate) fn object(&self, key: Key) -> Result<Option<Obj<'a>>, FieldError> {
        let Some(raw) = self.raw(key) else {
            return Ok(None);
        };
        Obj::parse_at(raw.get(), format!("{}.", self.name(key))).map(Some)
    }

    /// The value as JSON, whatever its type; `None` when missing or null.
    pub(crate) fn value(&self, key: Key) -> Option<serde_json::Value> {
        self.raw(key)
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
    }

    /// The raw elements of an array; missing or null is empty.
    pub(crate) fn array(&self, key: Key) -> Result<Vec<&'a RawValue>, FieldError> {
        match self.raw(key) {
            None => Ok(Vec::new()),
            Some(raw) => serde_json::from_str::<Vec<&'a RawValue>>(raw.get())
                .map_err(|_| self.wrong(key, raw, "a list")),
        }
    }

    /// The elements of an array of objects, each named `Key[i]` in errors.
    pub(crate) fn objects(&self, key: Key) -> Result<Vec<Obj<'a>>, FieldError> {
        self.array(key)?
            .into_iter()
            .enumerate()
            .map(|(i, raw)| Obj::parse_at(raw.get(), format!("{}[{i}].", self.name(key))))
            .collect()
    }
}

/// Reads the elements of a document that is a JSON array of objects (`[…]`), naming each
/// `what[i]` in errors.
pub(crate) fn parse_array<'a>(text: &'a str, what: &str) -> Result<Vec<Obj<'a>>, FieldError> {
    let elements = serde_json::from_str::<Vec<&'a RawValue>>(text).map_err(|_| FieldError {
        field: String::new(),
        problem: format!("{what}: the body is {}, expected a list", quote(text)),
    })?;
    elements
        .into_iter()
        .enumerate()
        .map(|(i, raw)| Obj::parse_at(raw.get(), format!("{what}[{i}].")))
        .collect()
}

/// The text of a string or number value; `None` for anything else.
fn scalar_text(raw: &RawValue) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(raw.get()).ok()? {
        serde_json::Value::String(s) => Some(s.trim().to_owned()),
        serde_json::Value::Number(_) => Some(raw.get().to_owned()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Parses a decimal from its exact text, plain (`45.10`) or scientific (`4.51E+1`).
fn decimal_from_text(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str(text).ok()
    }
}

/// Parses the date-time spellings Pressero and its integrators use: ISO 8601 with or without a
/// `Z`/offset and fractional seconds, .NET `"u"` (`2019-01-01 00:00:00Z`), or a bare date
/// (midnight). No offset means UTC.
pub(crate) fn parse_datetime(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return Some(with_offset.with_timezone(&Utc));
    }
    let naive_text = text.strip_suffix(['Z', 'z']).unwrap_or(text);
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(naive_text, format) {
            return Some(naive.and_utc());
        }
    }
    if let Ok(with_offset) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z") {
        return Some(with_offset.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(naive_text, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|naive| naive.and_utc())
}

/// The calendar date written at the start of a date or date-time text.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let date_part = text.get(..10)?;
    let date = NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()?;
    // The rest must itself be a valid date-time, or nothing.
    (text.len() == 10 || parse_datetime(text).is_some()).then_some(date)
}

/// The offending value as JSON text, shortened for messages.
fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= QUOTE_LIMIT {
        text.to_owned()
    } else {
        let head: String = text.chars().take(QUOTE_LIMIT).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUANTITY: Key = &["Quantity"];
    const PRICE: Key = &["Price"];
    const STATE: Key = &["ShipToStateProvince"];
    const TAX: Key = &["Tax", "ItemTax"];

    #[test]
    fn lookups_ignore_case_and_prefer_the_first_non_null_spelling() {
        let obj =
            Obj::parse(r#"{"ShipToStateProvince":null,"ShiptoStateProvince":" IL "}"#).unwrap();
        assert_eq!(obj.text(STATE).unwrap(), "IL");
        let obj = Obj::parse(r#"{"ItemTax":3.6}"#).unwrap();
        assert_eq!(obj.decimal(TAX).unwrap(), Some(Decimal::new(36, 1)));
    }

    #[test]
    fn amounts_keep_their_exact_decimal_text() {
        let obj = Obj::parse(r#"{"Price":0.1,"Tax":"45.10"}"#).unwrap();
        assert_eq!(obj.decimal(PRICE).unwrap().unwrap().to_string(), "0.1");
        assert_eq!(obj.decimal(TAX).unwrap().unwrap().to_string(), "45.10");
        let obj = Obj::parse(r#"{"Price":4.51E+1}"#).unwrap();
        assert_eq!(obj.decimal(PRICE).unwrap(), Some(Decimal::new(451, 1)));
        let obj = Obj::parse(r#"{"Price":123456789.987654321}"#).unwrap();
        assert_eq!(
            obj.decimal(PRICE).unwrap().unwrap().to_string(),
            "123456789.987654321"
        );
    }

    #[test]
    fn null_and_missing_are_the_same() {
        let obj = Obj::parse(r#"{"Price":null}"#).unwrap();
        assert_eq!(obj.decimal(PRICE).unwrap(), None);
        assert_eq!(obj.amount_or_zero(TAX).unwrap(), Decimal::ZERO);
        assert_eq!(obj.text(STATE).unwrap(), "");
        assert!(!obj.has(PRICE));
        assert_eq!(
            obj.required_whole(QUANTITY).unwrap_err().to_string(),
            "`Quantity` is missing"
        );
    }

    #[test]
    fn errors_name_the_field_and_quote_the_value() {
        let obj = Obj::parse(r#"{"Quantity":"abc"}"#).unwrap();
        assert_eq!(
            obj.whole(QUANTITY).unwrap_err().to_string(),
            r#"`Quantity` is "abc", expected a whole number"#
        );
        let obj = Obj::parse(r#"{"Quantity":2.5}"#).unwrap();
        assert!(obj.whole(QUANTITY).is_err());
        let obj = Obj::parse(r#"{"Quantity":-1}"#).unwrap();
        assert!(obj.whole(QUANTITY).is_err());
        let obj = Obj::parse(r#"{"Quantity":"500"}"#).unwrap();
        assert_eq!(obj.whole(QUANTITY).unwrap(), Some(500));
    }

    #[test]
    fn nested_fields_carry_their_path() {
        let obj = Obj::parse(r#"{"Files":[{"FileSize":1},{"FileSize":"big"}]}"#).unwrap();
        let files = obj.objects(&["Files"]).unwrap();
        assert_eq!(
            files[1].whole(&["FileSize"]).unwrap_err().field,
            "Files[1].FileSize"
        );
        let obj = Obj::parse(r#"{"ShipToAddress":"nowhere"}"#).unwrap();
        assert_eq!(
            obj.object(&["ShipToAddress"]).unwrap_err().field,
            "ShipToAddress"
        );
    }

    #[test]
    fn date_times_come_in_several_spellings() {
        let expected = "2024-05-01T14:03:00Z".parse::<DateTime<Utc>>().unwrap();
        for text in [
            "2024-05-01T14:03:00Z",
            "2024-05-01T14:03:00",
            "2024-05-01 14:03:00Z",
            "2024-05-01T14:03:00.000",
            "2024-05-01T16:03:00+02:00",
        ] {
            assert_eq!(parse_datetime(text), Some(expected), "{text}");
        }
        assert_eq!(
            parse_datetime("2024-05-01"),
            Some("2024-05-01T00:00:00Z".parse().unwrap())
        );
        assert_eq!(parse_datetime("May 1st"), None);
        assert_eq!(
            parse_date("2024-05-08T00:00:00Z"),
            NaiveDate::from_ymd_opt(2024, 5, 8)
        );
        assert_eq!(
            parse_date("2024-05-08"),
            NaiveDate::from_ymd_opt(2024, 5, 8)
        );
        assert_eq!(parse_date("2024-05-08garbage"), None);
    }

    #[test]
    fn a_non_object_document_is_an_error_not_a_panic() {
        assert!(
            Obj::parse("[1,2]")
                .unwrap_err()
                .problem
                .contains("expected an object")
        );
        assert!(
            Obj::parse(r#"{"Items":[1,"#)
                .unwrap_err()
                .problem
                .contains("not valid JSON")
        );
    }
}
