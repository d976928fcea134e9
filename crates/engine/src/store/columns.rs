//! How values are written to and read from SQLite columns: timestamps as UTC RFC 3339 text,
//! JSON columns, and the enums' stable text forms.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// A timestamp as stored: UTC RFC 3339 with nanoseconds and `Z`, so every stored time has the
/// same width and text order is time order (the due-order query compares them as text).
pub(crate) fn time_text(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

/// A timestamp read back from its text form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StoredTime(pub DateTime<Utc>);

impl FromSql for StoredTime {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        DateTime::parse_from_rfc3339(text)
            .map(|time| StoredTime(time.with_timezone(&Utc)))
            .map_err(|error| invalid(format!("stored time {text:?} is not RFC 3339: {error}")))
    }
}

/// Reads an optional timestamp column.
pub(crate) fn optional_time(time: Option<StoredTime>) -> Option<DateTime<Utc>> {
    time.map(|StoredTime(time)| time)
}

/// A JSON column read back into its type.
#[derive(Debug, Clone)]
pub(crate) struct StoredJson<T>(pub T);

impl<T: DeserializeOwned> FromSql for StoredJson<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        serde_json::from_str(text)
            .map(StoredJson)
            .map_err(|error| invalid(format!("stored JSON {text:?} is not valid: {error}")))
    }
}

/// Reads a column holding the stable text form of an enum (its `FromStr`).
pub(crate) fn parse_text<T: FromStr>(value: ValueRef<'_>, what: &str) -> FromSqlResult<T> {
    let text = value.as_str()?;
    text.parse()
        .map_err(|_| invalid(format!("stored {what} {text:?} is not known")))
}

/// A conversion error carrying a message.
fn invalid(message: String) -> FromSqlError {
    FromSqlError::Other(message.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn stored_times_sort_as_text_in_time_order_and_round_trip() {
        let early = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let later = early + chrono::Duration::nanoseconds(1_500);
        let much_later = early + chrono::Duration::days(400);
        let texts = [early, later, much_later].map(time_text);
        assert!(texts[0] < texts[1] && texts[1] < texts[2], "{texts:?}");
        assert!(
            texts
                .iter()
                .all(|t| t.len() == texts[0].len() && t.ends_with('Z'))
        );
        let back = StoredTime::column_result(ValueRef::Text(texts[1].as_bytes())).unwrap();
        assert_eq!(back.0, later);
    }

    #[test]
    fn a_bad_stored_time_is_an_error_not_a_panic() {
        let error = StoredTime::column_result(ValueRef::Text(b"yesterday")).unwrap_err();
        assert!(error.to_string().contains("yesterday"), "{error}");
    }
}
