//! The shop itself: its time zone, in which an order's calendar day is counted and in which Pace
//! date fields mean midnight (reference §1.5: midnight *local* expressed in UTC).

use super::SettingsProblem;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The time zone used when the setting is blank: UTC.
pub const DEFAULT_TIME_ZONE: &str = "UTC";

/// Settings of the shop as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ShopSettings {
    /// The shop's IANA time zone name (e.g. `America/Chicago`); blank or absent = `UTC`.
    pub time_zone: String,
}

impl Default for ShopSettings {
    fn default() -> Self {
        Self {
            time_zone: DEFAULT_TIME_ZONE.to_owned(),
        }
    }
}

impl ShopSettings {
    /// The shop's time zone, parsed; the problem names `shop.time_zone`.
    pub fn zone(&self) -> Result<Tz, SettingsProblem> {
        let name = self.time_zone.trim();
        if name.is_empty() {
            return Ok(Tz::UTC);
        }
        name.parse::<Tz>().map_err(|_| {
            SettingsProblem::new(
                "shop.time_zone",
                format!("'{name}' is not a time zone name; use e.g. America/Chicago"),
            )
        })
    }

    /// The shop's calendar day at `instant` (e.g. "today", or the day an order was placed).
    /// An invalid time zone counts as UTC here: validation and the plan refuse it anyway.
    pub fn day_of(&self, instant: DateTime<Utc>) -> NaiveDate {
        local_day(self.zone().unwrap_or(Tz::UTC), instant)
    }
}

/// The calendar day at `instant` in `zone`.
pub fn local_day(zone: Tz, instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&zone).date_naive()
}

/// The instant `date` begins in `zone`: its local midnight, in UTC, with that day's offset (so
/// daylight saving time is followed). When the clocks fall back across midnight the first
/// midnight counts; when they spring forward over it, the day begins at the end of the gap.
pub fn local_midnight(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    match zone.from_local_datetime(&midnight).earliest() {
        Some(at) => at.with_timezone(&Utc),
        None => {
            // Midnight does not exist that day: it is the instant midnight would have been at
            // the previous day's offset, when the clocks jumped past it.
            let previous = date.checked_sub_days(Days::new(1)).unwrap_or(date);
            let offset = zone
                .offset_from_local_date(&previous)
                .earliest()
                .map(|o| chrono::Offset::fix(&o))
                .unwrap_or_else(|| chrono::Offset::fix(&Utc));
            Utc.from_utc_datetime(&(midnight - offset))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop(zone: &str) -> ShopSettings {
        ShopSettings {
            time_zone: zone.to_owned(),
        }
    }

    fn instant(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn blank_and_default_are_utc() {
        assert_eq!(ShopSettings::default().zone().unwrap(), Tz::UTC);
        assert_eq!(shop("  ").zone().unwrap(), Tz::UTC);
    }

    #[test]
    fn an_evening_in_chicago_is_still_that_day_there() {
        let evening = instant("2026-11-23T02:00:00Z"); // 20:00 CST on the 22nd
        assert_eq!(shop("America/Chicago").day_of(evening), date("2026-11-22"));
        assert_eq!(shop("UTC").day_of(evening), date("2026-11-23"));
    }

    #[test]
    fn midnight_follows_daylight_saving_time() {
        let chicago: Tz = "America/Chicago".parse().unwrap();
        assert_eq!(
            local_midnight(chicago, date("2026-01-15")),
            instant("2026-01-15T06:00:00Z")
        );
        assert_eq!(
            local_midnight(chicago, date("2026-07-15")),
            instant("2026-07-15T05:00:00Z")
        );
        assert_eq!(
            local_midnight(Tz::UTC, date("2026-07-15")),
            instant("2026-07-15T00:00:00Z")
        );
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_begins_when_the_clocks_jump() {
        // Santiago springs forward at 00:00 on 2026-09-06 (to 01:00, UTC-3): the day begins at
        // 04:00 UTC, which was midnight at the previous offset (UTC-4).
        let santiago: Tz = "America/Santiago".parse().unwrap();
        let start = local_midnight(santiago, date("2026-09-06"));
        assert_eq!(start, instant("2026-09-06T04:00:00Z"));
        assert_eq!(local_day(santiago, start), date("2026-09-06"));
    }
}
