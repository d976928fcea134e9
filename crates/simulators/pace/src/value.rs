//! Field values: how the text sent on the wire is checked and normalised for each [`Kind`],
//! and the typed [`Value`] that XPath filters and sorts compare.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::schema::Kind;

/// A stored Pace object: field name → wire text. An absent field is null.
pub type PaceObject = BTreeMap<String, String>;

/// A typed value, as XPath sees a field or a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An absent field.
    Null,
    /// Text (also an XPath string literal, before it meets a typed field).
    Text(String),
    /// A whole or decimal number.
    Number(f64),
    /// `true` / `false`.
    Bool(bool),
    /// A date and time.
    Instant(DateTime<Utc>),
}

/// Formats an instant the way Pace puts it on the wire: `2026-11-22T00:00:00.000Z`.
pub fn format_instant(instant: DateTime<Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Checks `raw` against `kind` and returns the normalised wire text, or why it is not valid.
pub fn normalize(kind: Kind, raw: &str) -> Result<String, String> {
    let trimmed = raw.trim();
    match kind {
        Kind::Text => Ok(raw.to_owned()),
        Kind::Int => trimmed
            .parse::<i64>()
            .map(|n| n.to_string())
            .map_err(|_| format!("'{raw}' is not a whole number")),
        Kind::Decimal => trimmed
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(format_decimal)
            .ok_or_else(|| format!("'{raw}' is not a number")),
        Kind::Bool => match trimmed {
            "true" | "1" => Ok("true".to_owned()),
            "false" | "0" => Ok("false".to_owned()),
            _ => Err(format!("'{raw}' is not true or false")),
        },
        Kind::DateTime => parse_instant(trimmed)
            .map(format_instant)
            .ok_or_else(|| format!("'{raw}' is not an xsd:dateTime")),
    }
}

/// Formats a decimal the way Java prints a `double` (`12.0`, `12.5`).
fn format_decimal(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.1}")
    } else {
        n.to_string()
    }
}

/// Parses an `xsd:dateTime` (with `Z`, an offset, or no zone meaning UTC) or a bare date.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.with_timezone(&Utc));
    }
    if let Ok(naive) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(naive.and_utc());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|naive| naive.and_utc())
}

/// The typed value of stored wire text of the given kind.
pub fn typed(kind: Kind, text: Option<&str>) -> Value {
    let Some(text) = text else {
        return Value::Null;
    };
    match kind {
        Kind::Text => Value::Text(text.to_owned()),
        Kind::Int | Kind::Decimal => text
            .parse::<f64>()
            .map(Value::Number)
            .unwrap_or_else(|_| Value::Text(text.to_owned())),
        Kind::Bool => Value::Bool(text == "true"),
        Kind::DateTime => parse_instant(text)
            .map(Value::Instant)
            .unwrap_or_else(|| Value::Text(text.to_owned())),
    }
}

impl Value {
    /// The value as text, for `contains()` and friends; `None` for null.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Text(text) => Some(text.clone()),
            Value::Number(n) => Some(if n.fract() == 0.0 {
                format!("{n:.0}")
            } else {
                n.to_string()
            }),
            Value::Bool(flag) => Some(flag.to_string()),
            Value::Instant(instant) => Some(format_instant(*instant)),
        }
    }

    /// Orders two values for sorting: nulls first, then by type-appropriate order.
    pub fn sort_order(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Null, Value::Null) => Ordering::Equal,
            (Value::Null, _) => Ordering::Less,
            (_, Value::Null) => Ordering::Greater,
            (Value::Number(a), Value::Number(b)) => a.total_cmp(b),
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (Value::Instant(a), Value::Instant(b)) => a.cmp(b),
            (a, b) => a.as_text().cmp(&b.as_text()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_each_kind() {
        assert_eq!(normalize(Kind::Int, " 042 "), Ok("42".to_owned()));
        assert!(normalize(Kind::Int, "4.2").is_err());
        assert_eq!(normalize(Kind::Decimal, "12"), Ok("12.0".to_owned()));
        assert_eq!(normalize(Kind::Decimal, "12.25"), Ok("12.25".to_owned()));
        assert_eq!(normalize(Kind::Bool, "1"), Ok("true".to_owned()));
        assert!(normalize(Kind::Bool, "yes").is_err());
        assert_eq!(
            normalize(Kind::DateTime, "2026-11-22T05:00:00-05:00"),
            Ok("2026-11-22T10:00:00.000Z".to_owned())
        );
        assert_eq!(
            normalize(Kind::DateTime, "2026-11-22"),
            Ok("2026-11-22T00:00:00.000Z".to_owned())
        );
        assert_eq!(normalize(Kind::Text, " a "), Ok(" a ".to_owned()));
    }

    #[test]
    fn nulls_sort_first() {
        assert_eq!(Value::Null.sort_order(&Value::Number(1.0)), Ordering::Less);
        assert_eq!(
            Value::Number(10.0).sort_order(&Value::Number(9.0)),
            Ordering::Greater
        );
    }
}
