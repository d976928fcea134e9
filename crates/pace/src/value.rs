//! Field values as Pace sends and receives them: text on the wire, typed in Rust.
//!
//! Wire conventions (reference §1.3, §1.5): booleans are `true` / `false`; integers and doubles
//! are plain decimal text; dates are `xsd:dateTime` in UTC with milliseconds
//! (`2022-10-12T04:00:00.000Z`). Pace splits a moment into a *date* field (`dateSetup`,
//! `promiseDate`, `date`) and a *time* field (`timeSetUp`, `promiseTime`, `time`): see
//! [`PaceDate`] and [`PaceTime`]. A field that is `xsi:nil` is [`FieldValue::Nil`].

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};

/// One named field of an object (or of a nested structure), in wire order.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The SOAP field name, e.g. `qtyOrdered`.
    pub name: String,
    /// Its value.
    pub value: FieldValue,
}

impl Field {
    /// A field with a text value.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Field {
            name: name.into(),
            value: FieldValue::Text(value.into()),
        }
    }
}

/// The value of a field: text, explicit nil, or a nested structure (InvokeAction arguments and
/// results, value-object rows).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// `xsi:nil="true"`: sent to clear a field; received for empty fields.
    Nil,
    /// The field's text, exactly as on the wire (entities resolved).
    Text(String),
    /// A structure of named fields.
    Nested(Vec<Field>),
}

impl FieldValue {
    /// The text, if this is a text value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The nested fields, if this is a structure.
    pub fn as_fields(&self) -> Option<&[Field]> {
        match self {
            FieldValue::Nested(fields) => Some(fields),
            _ => None,
        }
    }

    /// A reference to an existing object, as InvokeAction expects an object argument: a
    /// structure holding only its `primaryKey`.
    pub fn reference(primary_key: impl Into<String>) -> Self {
        FieldValue::Nested(vec![Field::text("primaryKey", primary_key)])
    }

    /// A typed value as wire text.
    pub fn of<T: WireValue>(value: &T) -> Self {
        FieldValue::Text(value.to_wire())
    }
}

impl From<&str> for FieldValue {
    fn from(value: &str) -> Self {
        FieldValue::Text(value.to_owned())
    }
}

impl From<String> for FieldValue {
    fn from(value: String) -> Self {
        FieldValue::Text(value)
    }
}

impl From<i64> for FieldValue {
    fn from(value: i64) -> Self {
        FieldValue::of(&value)
    }
}

impl From<bool> for FieldValue {
    fn from(value: bool) -> Self {
        FieldValue::of(&value)
    }
}

impl From<f64> for FieldValue {
    fn from(value: f64) -> Self {
        FieldValue::of(&value)
    }
}

/// A Rust type that has a text form on the wire.
pub trait WireValue: Sized {
    /// What the wire text must look like, for error messages ("an integer").
    const EXPECTED: &'static str;
    /// The wire text.
    fn to_wire(&self) -> String;
    /// Parses wire text (surrounding whitespace ignored where it cannot matter).
    fn from_wire(text: &str) -> Option<Self>;
}

impl WireValue for String {
    const EXPECTED: &'static str = "text";
    fn to_wire(&self) -> String {
        self.clone()
    }
    fn from_wire(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl WireValue for i64 {
    const EXPECTED: &'static str = "an integer";
    fn to_wire(&self) -> String {
        self.to_string()
    }
    fn from_wire(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
}

/// Doubles are written with Rust's shortest round-trip form (`12.3`, never
/// `12.300000000000001`).
impl WireValue for f64 {
    const EXPECTED: &'static str = "a number";
    fn to_wire(&self) -> String {
        self.to_string()
    }
    fn from_wire(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
}

impl WireValue for bool {
    const EXPECTED: &'static str = "true or false";
    fn to_wire(&self) -> String {
        self.to_string()
    }
    fn from_wire(text: &str) -> Option<Self> {
        match text.trim() {
            t if t.eq_ignore_ascii_case("true") || t == "1" => Some(true),
            t if t.eq_ignore_ascii_case("false") || t == "0" => Some(false),
            _ => None,
        }
    }
}

/// The value of a Pace *date* field (`dateSetup`, `promiseDate`, `JobShipment.date`…): an
/// instant on the wire. Pace stores a calendar date as midnight in the server's time zone,
/// expressed in UTC (e.g. `2022-10-12T04:00:00.000Z` for US-Eastern, reference §1.5, inferred),
/// so build one with [`PaceDate::midnight_at`] and read it back with [`PaceDate::date_at`],
/// both given a fixed UTC offset. A caller that knows the shop's time zone (daylight saving
/// included) computes that midnight itself and uses [`PaceDate::from_instant`], as the sync
/// engine does with its `[shop] time_zone` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PaceDate(DateTime<Utc>);

impl PaceDate {
    /// The date field holding exactly this instant.
    pub fn from_instant(instant: DateTime<Utc>) -> Self {
        PaceDate(instant)
    }

    /// Midnight of `date` at `offset` (the Pace server's zone), as Pace stores date fields.
    pub fn midnight_at(date: NaiveDate, offset: FixedOffset) -> Self {
        let local = date.and_time(NaiveTime::MIN);
        match offset.from_local_datetime(&local).single() {
            Some(at) => PaceDate(at.with_timezone(&Utc)),
            // A fixed offset maps every local time to exactly one instant; keep a sane value anyway.
            None => PaceDate(Utc.from_utc_datetime(&local)),
        }
    }

    /// The instant on the wire.
    pub fn instant(&self) -> DateTime<Utc> {
        self.0
    }

    /// The calendar date this field means at `offset` (the Pace server's zone).
    pub fn date_at(&self, offset: FixedOffset) -> NaiveDate {
        self.0.with_timezone(&offset).date_naive()
    }
}

/// The value of a Pace *time* field (`timeSetUp`, `promiseTime`, `JobShipment.time`): a time
/// of day, sent as a dateTime on 1970-01-01 (`1970-01-01T14:30:00.000Z`, reference §1.5,
/// confirmed for `EmployeeTime.startTime`). The time is written as given, with no zone
/// conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PaceTime(pub NaiveTime);

const WIRE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

/// Parses the dateTime shapes a SOAP server may send: RFC 3339 with `Z` or an offset, with or
/// without fractional seconds; a dateTime without zone (taken as UTC); a bare date (UTC
/// midnight).
fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    if let Ok(naive) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(Utc.from_utc_datetime(&naive));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|date| Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)))
}

impl WireValue for PaceDate {
    const EXPECTED: &'static str = "a dateTime like 2022-10-12T04:00:00.000Z";
    fn to_wire(&self) -> String {
        self.0.format(WIRE_FORMAT).to_string()
    }
    fn from_wire(text: &str) -> Option<Self> {
        parse_instant(text).map(PaceDate)
    }
}

impl WireValue for PaceTime {
    const EXPECTED: &'static str = "a dateTime like 1970-01-01T14:30:00.000Z";
    fn to_wire(&self) -> String {
        // Whole milliseconds, as the wire format has three decimals.
        let time = self
            .0
            .with_nanosecond(self.0.nanosecond() / 1_000_000 * 1_000_000)
            .unwrap_or(self.0);
        NaiveDate::from_ymd_opt(1970, 1, 1)
            .map(|epoch| {
                Utc.from_utc_datetime(&epoch.and_time(time))
                    .format(WIRE_FORMAT)
                    .to_string()
            })
            .unwrap_or_default()
    }
    fn from_wire(text: &str) -> Option<Self> {
        parse_instant(text).map(|at| PaceTime(at.time()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_ints_doubles() {
        assert_eq!(true.to_wire(), "true");
        assert_eq!(bool::from_wire(" FALSE "), Some(false));
        assert_eq!(bool::from_wire("yes"), None);
        assert_eq!(i64::from_wire("42"), Some(42));
        assert_eq!(i64::from_wire("4.2"), None);
        assert_eq!((0.1 + 0.2f64 - 0.30000000000000004).to_wire(), "0");
        assert_eq!(12.3f64.to_wire(), "12.3");
        assert_eq!(f64::from_wire("1.5E2"), Some(150.0));
    }

    #[test]
    fn date_fields_are_local_midnight_in_utc() {
        let eastern = FixedOffset::west_opt(4 * 3600).unwrap();
        let date = NaiveDate::from_ymd_opt(2022, 10, 12).unwrap();
        let field = PaceDate::midnight_at(date, eastern);
        assert_eq!(field.to_wire(), "2022-10-12T04:00:00.000Z");
        assert_eq!(PaceDate::from_wire("2022-10-12T04:00:00.000Z"), Some(field));
        assert_eq!(field.date_at(eastern), date);
        let paris = FixedOffset::east_opt(2 * 3600).unwrap();
        let field = PaceDate::midnight_at(date, paris);
        assert_eq!(field.to_wire(), "2022-10-11T22:00:00.000Z");
        assert_eq!(field.date_at(paris), date);
    }

    #[test]
    fn lenient_date_parsing() {
        let expected = PaceDate::from_wire("2022-10-12T04:00:00.000Z");
        assert!(expected.is_some());
        assert_eq!(PaceDate::from_wire("2022-10-12T04:00:00Z"), expected);
        assert_eq!(PaceDate::from_wire("2022-10-12T00:00:00-04:00"), expected);
        assert_eq!(PaceDate::from_wire("2022-10-12T04:00:00"), expected);
        assert!(PaceDate::from_wire("12/10/2022").is_none());
    }

    #[test]
    fn time_fields_sit_on_1970_01_01() {
        let time = PaceTime(NaiveTime::from_hms_milli_opt(14, 30, 5, 250).unwrap());
        assert_eq!(time.to_wire(), "1970-01-01T14:30:05.250Z");
        assert_eq!(PaceTime::from_wire("1970-01-01T14:30:05.250Z"), Some(time));
    }
}
