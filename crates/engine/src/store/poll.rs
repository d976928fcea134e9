//! Small service state kept across restarts: the poller's high-water mark and other named values.

use super::Store;
use super::columns::{StoredTime, time_text};
use super::error::{During, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// The name under which the high-water mark is kept.
const HIGH_WATER_MARK: &str = "poll.high_water_mark";

impl Store {
    /// The newest Pressero order time the poller has fully seen, if it ever polled.
    pub fn high_water_mark(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let operation = "read the high-water mark";
        self.read(|connection| {
            connection
                .query_row(
                    "SELECT value FROM service_values WHERE name = ?1",
                    [HIGH_WATER_MARK],
                    |row| row.get::<_, StoredTime>(0),
                )
                .optional()
                .during(operation, None)
        })
        .map(|mark| mark.map(|StoredTime(time)| time))
    }

    /// Sets the high-water mark (the poller decides whether it moves forward only).
    pub fn set_high_water_mark(&self, mark: DateTime<Utc>) -> Result<(), StoreError> {
        self.put_value("set the high-water mark", HIGH_WATER_MARK, &time_text(mark))
    }

    /// A named piece of service state, if set. Never a secret.
    pub fn setting_value(&self, name: &str) -> Result<Option<String>, StoreError> {
        let operation = "read a service value";
        self.read(|connection| {
            connection
                .query_row(
                    "SELECT value FROM service_values WHERE name = ?1",
                    [name],
                    |row| row.get(0),
                )
                .optional()
                .during(operation, None)
        })
    }

    /// Sets a named piece of service state. Never a secret.
    pub fn set_setting_value(&self, name: &str, value: &str) -> Result<(), StoreError> {
        self.put_value("set a service value", name, value)
    }

    /// Inserts or replaces a named value.
    fn put_value(
        &self,
        operation: &'static str,
        name: &str,
        value: &str,
    ) -> Result<(), StoreError> {
        self.write(operation, None, |transaction| {
            transaction
                .execute(
                    "INSERT INTO service_values (name, value, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (name) DO UPDATE SET value = excluded.value,
                         updated_at = excluded.updated_at",
                    rusqlite::params![name, value, time_text(Utc::now())],
                )
                .during(operation, None)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use crate::test_support::{at, temp_store};

    #[test]
    fn the_high_water_mark_survives_reopening() {
        let (dir, store) = temp_store();
        assert_eq!(store.high_water_mark().unwrap(), None);
        let mark = at(90) + chrono::Duration::nanoseconds(123_456_789);
        store.set_high_water_mark(at(30)).unwrap();
        store.set_high_water_mark(mark).unwrap();
        drop(store);
        let store = Store::open_in_data_dir(dir.path()).unwrap();
        assert_eq!(store.high_water_mark().unwrap(), Some(mark));
    }

    #[test]
    fn service_values_are_replaced_by_name() {
        let (_dir, store) = temp_store();
        assert_eq!(store.setting_value("digest.last_sent").unwrap(), None);
        store
            .set_setting_value("digest.last_sent", "2026-03-01")
            .unwrap();
        store
            .set_setting_value("digest.last_sent", "2026-03-02")
            .unwrap();
        store.set_setting_value("other", "x").unwrap();
        assert_eq!(
            store.setting_value("digest.last_sent").unwrap().as_deref(),
            Some("2026-03-02")
        );
    }
}
